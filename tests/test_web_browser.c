/*  test_web_browser - the demo stack and vp-web for tests/web_browser.py,
    which drives Debian's chromium through chromium-driver (selenium).

    Starts the stack (the demo district, the injected clock), gives the
    officers of the tour a password, starts vp-web, then runs the script
    with the port and the folder for its screenshots and PDFs; passes when
    the script does.
*/
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "test_web_util.h"

#ifndef TW_BROWSER_SCRIPT
#define TW_BROWSER_SCRIPT "web_browser.py"      //  built again for other scripts (tests/web.cmake)
#endif
#define TENANT "lam-son"
#define PASSWORD "Mat-khau-du-dai-2026"

static tu_stack_t s_stack;

int
main (void)
{
    tu_stack_opts_t opts = { .demo = true,
                             .services = (const char *const[]) { "staffing", "documents", "calendar", "notify", NULL } };
    tu_stack_start_opts (&s_stack, "web-browser", &opts);
    vp_cmdcli_t *admin = tu_stack_admin (&s_stack, "staffing");
    const char *officers[] = { "ls-nguyen-van-cong", "ls-le-van-mau-ba", "ls-phan-thi-mau-truong",
                               "ls-pham-van-mau-bon", NULL };
    for (int i = 0; officers[i]; i++)
        tw_password (admin, TENANT, officers[i], PASSWORD);
    vp_cmdcli_destroy (&admin);
    pid_t web = 0;
    int port = tw_start (&s_stack, &web);
    char port_s[16], out[1100];
    snprintf (port_s, sizeof port_s, "%d", port);
    snprintf (out, sizeof out, "%s", TW_BROWSER_DIR);
    mkdir (out, 0755);
    int rc = tw_script (TW_BROWSER_SCRIPT, (const char *const[]) { port_s, out,
                        VP_SOURCE_DIR "/tests/fixtures/web-giay-moi.pdf", PASSWORD, NULL }, 240000);
    CHECK (rc == 0, "the browser's tour passes (exit %d)", rc);
    tw_stop (web);
    tu_stack_stop (&s_stack);
    printf (TW_BROWSER_SCRIPT ": %d checks passed; screenshots in %s\n", tu_checks, out);
    return 0;
}
