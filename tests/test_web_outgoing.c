/*  test_web_outgoing - an outgoing document made in the browser, from the
    draft to its arrival in another commune (tests/web_outgoing.py, Debian's
    chromium through chromium-driver).

    Makes a test CA and SoftHSM2 tokens holding the Chủ tịch UBND's key
    (tests/test_outgoing_pki.sh, as test_outgoing does), starts the demo
    stack with vp-documents signing through that token, sets the UBND's
    approval chain (the office head, then the Chủ tịch who signs), gives the
    officers of the story a password, starts vp-web and runs the script;
    passes when the script does.
*/
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "test_web_util.h"

#define TENANT "lam-son"
#define PASSWORD "Mat-khau-du-dai-2026"
#define PIN "246810"
#define MODULE "/usr/lib/softhsm/libsofthsm2.so"
#define SIGNER "ls-le-van-mau-ba"          //  Chủ tịch UBND
#define HEAD "ls-phan-thi-mau-truong"      //  Tổ trưởng Văn phòng: approves first

static tu_stack_t s_stack;

int
main (void)
{
    char pki[1100], cmd[6000];
    snprintf (pki, sizeof pki, "%s", tu_tmpdir ("web-outgoing-pki"));
    snprintf (cmd, sizeof cmd, "bash %s/tests/test_outgoing_pki.sh %s %s %s %s > %s/pki.log 2>&1", VP_SOURCE_DIR, pki,
              MODULE, PIN, SIGNER, pki);
    CHECK (system (cmd) == 0, "making the test CA and the SoftHSM2 tokens failed (see %s/pki.log)", pki);
    //  One token holds the Chủ tịch's key: the page signs with the token
    //  vp-documents finds (test_outgoing tries the expired and revoked ones).
    snprintf (cmd, sizeof cmd, "SOFTHSM2_CONF=%s/softhsm2.conf softhsm2-util --delete-token --token expired >> %s/pki.log 2>&1"
              " && SOFTHSM2_CONF=%s/softhsm2.conf softhsm2-util --delete-token --token revoked >> %s/pki.log 2>&1",
              pki, pki, pki, pki);
    CHECK (system (cmd) == 0, "the expired and revoked tokens could not be removed (see %s/pki.log)", pki);
    static char env[4][1300];
    snprintf (env[0], sizeof env[0], "VP_SIGN_PKCS11=%s", MODULE);
    snprintf (env[1], sizeof env[1], "VP_SIGN_CA=%s/ca.pem", pki);
    snprintf (env[2], sizeof env[2], "VP_SIGN_CRL=%s/crl.pem", pki);
    snprintf (env[3], sizeof env[3], "SOFTHSM2_CONF=%s/softhsm2.conf", pki);
    const char *const words[] = { env[0], env[1], env[2], env[3], NULL };
    tu_stack_opts_t opts = { .demo = true, .env = words,
                             .services = (const char *const[]) { "staffing", "documents", "calendar", "notify", NULL } };
    tu_stack_start_opts (&s_stack, "web-outgoing", &opts);

    vp_cmdcli_t *docs = tu_stack_client (&s_stack, "documents");
    tu_chain_set (__LINE__, docs, TENANT, HEAD, "ubnd", "to-truong-vp,chu-tich-ubnd");
    vp_cmdcli_destroy (&docs);

    vp_cmdcli_t *admin = tu_stack_admin (&s_stack, "staffing");
    const char *officers[] = { "ls-dang-thi-mau-tam", "ls-bui-van-mau-chin", HEAD, SIGNER, NULL };
    for (int i = 0; officers[i]; i++)
        tw_password (admin, TENANT, officers[i], PASSWORD);
    tw_password (admin, "minh-son", "ms-phan-thi-mau-muoi-bon", PASSWORD);
    vp_cmdcli_destroy (&admin);

    pid_t web = 0;
    int port = tw_start (&s_stack, &web);
    char port_s[16], out[1100];
    snprintf (port_s, sizeof port_s, "%d", port);
    snprintf (out, sizeof out, "%s", TW_BROWSER_DIR);
    mkdir (out, 0755);
    int rc = tw_script ("web_outgoing.py", (const char *const[]) { port_s, out,
                        VP_SOURCE_DIR "/tests/fixtures/web-giay-moi.pdf", PASSWORD, PIN, NULL }, 240000);
    CHECK (rc == 0, "the browser's outgoing story passes (exit %d)", rc);
    tw_stop (web);
    tu_stack_stop (&s_stack);
    printf ("test_web_outgoing: %d checks passed; screenshots in %s\n", tu_checks, out);
    return 0;
}
