/*  test_web_https - vp-web serving HTTPS itself (VP_WEB_CERT, VP_WEB_KEY).

    A self-signed certificate made here with the openssl command, the real
    stack (staffing, documents, calendar, notify). Checks that:
      (a) a missing certificate file, a file that is not a certificate and
          a key of another certificate each stop vp-web at start (exit not
          0) with the option and the path named;
      (b) with the right pair the clerk signs in over HTTPS (the certificate
          checked by libcurl against the one made here), the cookie is
          Secure, and every answer carries Strict-Transport-Security;
      (c) plain HTTP to the HTTPS port gets no page.
*/
#include <string.h>
#include <sys/stat.h>
#include "test_web_util.h"

#define TENANT "lam-son"
#define CLERK "ls-nguyen-van-cong"
#define PASSWORD "Mat-khau-du-dai-2026"

static tu_stack_t s_stack;

static void
s_sh (const char *cmd)
{
    TU_CHECK (system (cmd) == 0, "ran: %s", cmd);
}

//  vp-web started with these settings; returns what it wrote before it
//  ended (NULL if it is still running after 10 s).
static char *
s_refused (const char *cert, const char *key, const char *log)
{
    char c[600], k[600], listen[64];
    snprintf (c, sizeof c, "VP_WEB_CERT=%s", cert);
    snprintf (k, sizeof k, "VP_WEB_KEY=%s", key);
    snprintf (listen, sizeof listen, "VP_WEB_HTTP=127.0.0.1:%d", tu_free_port ());
    const char *env[48];
    int n = 0;
    for (; s_stack.env[n] && n < 44; n++)
        env[n] = s_stack.env[n];
    env[n++] = listen;
    env[n++] = c;
    env[n++] = k;
    env[n] = NULL;
    pid_t pid = tu_spawn ((const char *[]) { tu_bin ("vp-web"), NULL }, env, log);
    int rc = tu_wait (pid, 10000);
    if (rc < 0) {
        tu_stop (pid, SIGKILL, 5000);
        return NULL;
    }
    CHECK (rc != 0, "vp-web exits with an error (%d)", rc);
    FILE *f = fopen (log, "r");
    static char text[8192];
    size_t len = f ? fread (text, 1, sizeof text - 1, f) : 0;
    text[len] = 0;
    if (f)
        fclose (f);
    return text;
}

int
main (void)
{
    const char *dir = tu_tmpdir ("web-https");
    char cmd[2000], cert[600], key[600], other[600], bad[600], log[700];
    snprintf (cert, sizeof cert, "%s/cert.pem", dir);
    snprintf (key, sizeof key, "%s/key.pem", dir);
    snprintf (other, sizeof other, "%s/other-key.pem", dir);
    snprintf (bad, sizeof bad, "%s/not-a-cert.pem", dir);
    snprintf (cmd, sizeof cmd,
              "openssl req -x509 -newkey rsa:2048 -nodes -keyout '%s' -out '%s' -days 30 "
              "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null", key, cert);
    s_sh (cmd);
    snprintf (cmd, sizeof cmd, "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out '%s' 2>/dev/null",
              other);
    s_sh (cmd);
    snprintf (cmd, sizeof cmd, "echo 'not a certificate' > '%s'", bad);
    s_sh (cmd);

    tu_stack_opts_t opts = { .demo = true,
                             .services = (const char *const[]) { "staffing", "documents", "calendar", "notify", NULL } };
    tu_stack_start_opts (&s_stack, "web-https", &opts);
    tu_stack_set_password (&s_stack, TENANT, CLERK, PASSWORD);

    //  (a) refused at start, the option and the path named
    char missing[700];
    snprintf (missing, sizeof missing, "%s/khong-co.pem", dir);
    snprintf (log, sizeof log, "%s/missing.log", dir);
    char *text = s_refused (missing, key, log);
    CHECK (text && strstr (text, "web-cert") && strstr (text, missing),
           "a missing certificate file is named at start: %s", text ? text : "(still running)");
    snprintf (log, sizeof log, "%s/bad.log", dir);
    text = s_refused (bad, key, log);
    CHECK (text && strstr (text, "web-cert") && strstr (text, bad) && strstr (text, "not a PEM certificate"),
           "a file that is not a certificate is named at start: %s", text ? text : "(still running)");
    snprintf (log, sizeof log, "%s/other.log", dir);
    text = s_refused (cert, other, log);
    CHECK (text && strstr (text, "web-key") && strstr (text, other) && strstr (text, "is not the key of"),
           "a key of another certificate is named at start: %s", text ? text : "(still running)");
    snprintf (log, sizeof log, "%s/half.log", dir);
    text = s_refused (cert, "", log);
    CHECK (text && strstr (text, "web-key") && strstr (text, "both"),
           "a certificate without its key is refused: %s", text ? text : "(still running)");

    //  (b) HTTPS: sign in, a Secure cookie, HSTS
    char c[700], k[700];
    snprintf (c, sizeof c, "VP_WEB_CERT=%s", cert);
    snprintf (k, sizeof k, "VP_WEB_KEY=%s", key);
    pid_t web = 0;
    int port = tw_start_with (&s_stack, &web, (const char *[]) { c, k, NULL }, cert);
    tw_browser_t clerk = { .port = port, .ca = cert };
    tw_answer_t a = tw_post (&clerk, "/dang-nhap", false,
                             (const char *[]) { "tenant", TENANT, "officer", CLERK, "password", PASSWORD, NULL });
    char v[400];
    CHECK (a.status == 303 && tw_header (&a, "Location", v, sizeof v) && !strcmp (v, "/"),
           "the clerk signs in over HTTPS (%d)", a.status);
    CHECK (tw_header (&a, "Set-Cookie", v, sizeof v) && strstr (v, "; Secure") && strstr (v, "HttpOnly")
           && strstr (v, "SameSite=Strict"), "the session cookie is Secure, HttpOnly, SameSite=Strict: %s", v);
    CHECK (tw_header (&a, "Strict-Transport-Security", v, sizeof v) && strstr (v, "max-age="),
           "the answer sends HSTS");
    tw_free (&a);
    a = tw_get (&clerk, "/");
    CHECK (a.status == 200 && strstr (a.body, "Việc của tôi") && tw_header (&a, "Strict-Transport-Security", v, sizeof v),
           "my work over HTTPS with the session (%d), HSTS on the page", a.status);
    tw_free (&a);

    //  (c) plain HTTP to the HTTPS port: no page
    tw_browser_t plain = { .port = port };
    a = tw_get (&plain, "/suc-khoe");
    CHECK (a.status == 0 && !strstr (a.body, "ok"), "plain HTTP to the HTTPS port gets no page (%d)", a.status);
    tw_free (&a);

    tw_stop (web);
    tu_stack_stop (&s_stack);
    printf ("test_web_https: %d checks passed\n", tu_checks);
    return 0;
}
