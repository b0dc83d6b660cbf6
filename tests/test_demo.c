/*  The demo district loads with `vpctl batch` (as scripts/seed-demo does)
    and holds what the demo must show: seven communes, four merged; a Bí
    thư who is also Chủ tịch HĐND; an office civil servant who is also Phó
    Chủ nhiệm UBKT; a vacancy handled by the office head; an officer on
    leave whose delegate acts. */
#include <signal.h>
#include <unistd.h>
#include "testutil.h"

static const char *const *s_env;
static char s_out[1200];

//  Run vpctl with words; its stdout goes to s_out. Returns its exit code.
static int
s_vpctl (const char *const words[])
{
    const char *argv[32] = { tu_bin ("vpctl") };
    int n = 1;
    for (int i = 0; words[i] && n < 31; i++)
        argv[n++] = words[i];
    argv[n] = NULL;
    unlink (s_out);
    pid_t pid = tu_spawn (argv, s_env, s_out);
    return tu_wait (pid, 120000);
}

//  The first line vpctl printed, parsed back from JSON by eye: the tests
//  only look for substrings.
static char *
s_output (void)
{
    FILE *file = fopen (s_out, "r");
    static char text[65536];
    size_t len = file ? fread (text, 1, sizeof text - 1, file) : 0;
    text[len] = 0;
    if (file)
        fclose (file);
    return text;
}

#define EXPECT(words, has) do { \
    int rc_ = s_vpctl (words); \
    const char *out_ = s_output (); \
    TU_CHECK (rc_ == 0 && strstr (out_, has), "vpctl %s %s: exit %d, output %s", words[0], words[1], rc_, out_); \
} while (0)

int
main (void)
{
    tu_stack_t stack;
    tu_stack_start (&stack, "demo", false);
    snprintf (s_out, sizeof s_out, "%s/vpctl.out", stack.bus.dir);
    //  As the district's IT officer loads it: vpctl with the admin key.
    const char *env[40];
    int n = 0;
    for (; stack.env[n] && n < 38; n++)
        env[n] = stack.env[n];
    env[n++] = "VP_KEY_NAME=" TU_ADMIN;
    env[n] = NULL;
    s_env = env;

    int rc = s_vpctl ((const char *[]) { "batch", VP_SOURCE_DIR "/scripts/demo/district.vp", NULL });
    const char *out = s_output ();
    TU_CHECK (rc == 0 && strstr (out, " 0 failed"), "the demo did not load: exit %d, %s", rc, out);
    tu_ok ("demo district loaded: %s", strtok ((char *) out, "\n"));

    rc = s_vpctl ((const char *[]) { "staffing.tenant.list", NULL });
    out = s_output ();
    int communes = 0, merged = 0;
    for (const char *p = out; (p = strstr (p, "\"tenant\":")); p++)
        communes++;
    for (const char *p = out; (p = strstr (p, "\"merged_on\":")); p++)
        merged++;
    TU_CHECK (rc == 0 && communes == 7 && merged == 4, "%d communes, %d merged: %s", communes, merged, out);
    TU_CHECK (strstr (out, "Giang Sơn Tây") && strstr (out, "Thị trấn Đô Lương") && strstr (out, "Đại Sơn"),
              "names of the design are missing: %s", out);
    tu_ok ("seven communes of Đô Lương, four with the merged office");

    EXPECT (((const char *[]) { "--tenant", "lam-son", "staffing.whois", "post=bi-thu", NULL }), "\"reason\":\"holder\"");
    char bi_thu[80];
    const char *at = strstr (s_output (), "\"officer\":\"");
    TU_CHECK (at, "no officer for bi-thu");
    snprintf (bi_thu, sizeof bi_thu, "officer=%.*s", (int) strcspn (at + 11, "\""), at + 11);
    EXPECT (((const char *[]) { "--tenant", "lam-son", "staffing.posts_of", bi_thu, NULL }), "\"post\":\"chu-tich-hdnd\"");
    tu_ok ("the Bí thư of Lam Sơn is also Chủ tịch HĐND (%s)", bi_thu);

    EXPECT (((const char *[]) { "--tenant", "lam-son", "staffing.posts_of", "officer=ls-nguyen-van-cong", NULL }),
            "\"post\":\"pho-chu-nhiem-ubkt\"");
    TU_CHECK (strstr (s_output (), "\"post\":\"vp-thong-ke\""), "Nguyễn Văn Công is not Văn phòng – Thống kê");
    tu_ok ("Nguyễn Văn Công of the office is also Phó Chủ nhiệm UBKT");

    EXPECT (((const char *[]) { "--tenant", "lam-son", "staffing.whois", "post=pho-chu-tich-hdnd", NULL }),
            "\"reason\":\"office_head\"");
    tu_ok ("the vacant Phó Chủ tịch HĐND of Lam Sơn goes to the office head");

    EXPECT (((const char *[]) { "--tenant", "minh-son", "staffing.whois", "post=tu-phap", "at=01/12/2026 09:00", NULL }),
            "\"reason\":\"delegate\"");
    tu_ok ("the Tư pháp officer of Minh Sơn is on leave and the delegate acts");

    EXPECT (((const char *[]) { "--tenant", "giang-son-tay", "staffing.whois", "post=chu-tich-ubnd", NULL }),
            "Đặng Xuân Quảng");
    EXPECT (((const char *[]) { "--tenant", "lam-son", "staffing.report.headcount", NULL }), "\"before_merger\"");
    tu_ok ("Đặng Xuân Quảng chairs the UBND of Giang Sơn Tây; headcount compares before and after the merger");

    rc = s_vpctl ((const char *[]) { "--tenant", "lam-son", "staffing.whois", "post=nonesuch", NULL });
    TU_CHECK (rc == 3, "vpctl exit %d for a post that does not exist, expected 3 (not found)", rc);
    rc = s_vpctl ((const char *[]) { "--tenant", "lam-son", "staffing.whois", "at=hôm qua", NULL });
    TU_CHECK (rc == 2, "vpctl exit %d for a bad date, expected 2 (bad input)", rc);
    tu_ok ("vpctl exits 3 for not found and 2 for bad input");

    tu_stack_stop (&stack);
    printf ("1 passed, 0 failed\n");
    return 0;
}
