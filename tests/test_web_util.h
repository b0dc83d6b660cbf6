/*  test_web_util - vp-web in a test stack, and a small browser for it
    (libcurl: forms, files, the session cookie, the CSRF token). */
#ifndef TEST_WEB_UTIL_H_INCLUDED
#define TEST_WEB_UTIL_H_INCLUDED

#include "testutil.h"

typedef struct {
    int status;
    char *head;             //  the answer's header lines
    char *body;
    size_t size;
} tw_answer_t;

typedef struct {
    int port;
    char cookie[320];       //  "vp_session=..." once signed in
    char csrf[80];          //  the last page's CSRF token
    const char *ca;         //  HTTPS, trusting this PEM certificate (NULL: HTTP)
} tw_browser_t;

//  Start vp-web on a free loopback port with the stack's environment;
//  returns its port (the stack's stop does not know it: tw_stop).
int tw_start (tu_stack_t *stack, pid_t *pid);
//  The same with more VP_* settings (NULL-terminated "NAME=value"); ca:
//  HTTPS, the certificate to trust.
int tw_start_with (tu_stack_t *stack, pid_t *pid, const char *const extra[], const char *ca);
void tw_stop (pid_t pid);

//  GET path (query included).
tw_answer_t tw_get (tw_browser_t *b, const char *path);
//  POST a form: NULL-terminated name, value pairs; a value "@file:name:path"
//  sends that file's bytes as a file field (multipart then). csrf: add the
//  browser's token.
tw_answer_t tw_post (tw_browser_t *b, const char *path, bool csrf, const char *const fields[]);
const char *tw_header (const tw_answer_t *a, const char *name, char *out, size_t size);
void tw_free (tw_answer_t *a);
//  Sign in (303 to / and a cookie) or return the status.
//  Sets an officer's password as the district admin (admin: a staffing
//  client with the admin key), so that he can sign in to vp-web.
void tw_password (vp_cmdcli_t *admin, const char *tenant, const char *officer, const char *password);
int tw_login (tw_browser_t *b, const char *tenant, const char *officer, const char *password);
//  Run a browser script of tests/ with Debian's python3 and its arguments
//  (NULL-terminated); its exit code, or -1 when it ran past timeout_ms.
int tw_script (const char *script, const char *const args[], int timeout_ms);

#endif
