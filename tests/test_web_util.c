/*  test_web_util - vp-web in a test stack, and a small browser for it. */
#include "test_web_util.h"
#include <curl/curl.h>
#include <signal.h>
#include <string.h>

int
tw_start (tu_stack_t *stack, pid_t *pid)
{
    return tw_start_with (stack, pid, NULL, NULL);
}

int
tw_start_with (tu_stack_t *stack, pid_t *pid, const char *const extra[], const char *ca)
{
    int port = tu_free_port ();
    static char listen[64];
    snprintf (listen, sizeof listen, "VP_WEB_HTTP=127.0.0.1:%d", port);
    const char *env[48];
    int n = 0;
    for (; stack->env[n] && n < 38; n++)
        env[n] = stack->env[n];
    env[n++] = listen;
    for (int i = 0; extra && extra[i] && n < 47; i++)
        env[n++] = extra[i];
    env[n] = NULL;
    //  VP_TEST_WEB_WRAPPER ("valgrind ...") runs vp-web alone under it.
    const char *argv[24];
    int k = 0;
    char *words = getenv ("VP_TEST_WEB_WRAPPER") ? strdup (getenv ("VP_TEST_WEB_WRAPPER")) : NULL;
    for (char *w = words ? strtok (words, " ") : NULL; w && k < 20; w = strtok (NULL, " "))
        argv[k++] = w;
    argv[k++] = tu_bin ("vp-web");
    argv[k] = NULL;
    *pid = tu_spawn (argv, env, stack->log);
    free (words);
    tw_browser_t b = { .port = port, .ca = ca };
    for (int i = 0; i < 300; i++) {
        tw_answer_t a = tw_get (&b, "/suc-khoe");
        int status = a.status;
        tw_free (&a);
        if (status == 200)
            return port;
        tu_sleep_ms (100);
    }
    TU_CHECK (false, "vp-web did not answer on port %d (log: %s)", port, stack->log);
    return -1;
}

void
tw_stop (pid_t pid)
{
    TU_CHECK (tu_stop (pid, SIGTERM, 10000) == 0, "vp-web exits 0 on SIGTERM");
}

typedef struct {
    char *data;
    size_t size;
} s_grow_t;

static size_t
s_write (char *ptr, size_t size, size_t n, void *arg)
{
    s_grow_t *g = (s_grow_t *) arg;
    g->data = (char *) realloc (g->data, g->size + size * n + 1);
    memcpy (g->data + g->size, ptr, size * n);
    g->size += size * n;
    g->data[g->size] = 0;
    return size * n;
}

static void
s_remember (tw_browser_t *b, tw_answer_t *a)
{
    char cookie[300];
    if (tw_header (a, "Set-Cookie", cookie, sizeof cookie)) {
        char *semi = strchr (cookie, ';');
        if (semi)
            *semi = 0;
        snprintf (b->cookie, sizeof b->cookie, "%s", strcmp (cookie, "vp_session=") ? cookie : "");
    }
    const char *at = a->body ? strstr (a->body, "name=\"csrf\" value=\"") : NULL;
    if (at) {
        at += strlen ("name=\"csrf\" value=\"");
        size_t n = strcspn (at, "\"");
        if (n < sizeof b->csrf) {
            memcpy (b->csrf, at, n);
            b->csrf[n] = 0;
        }
    }
}

static tw_answer_t
s_perform (tw_browser_t *b, CURL *curl, const char *path)
{
    char url[600];
    snprintf (url, sizeof url, "%s://127.0.0.1:%d%s", b->ca ? "https" : "http", b->port, path);
    if (b->ca)
        curl_easy_setopt (curl, CURLOPT_CAINFO, b->ca);
    s_grow_t head = { 0 }, body = { 0 };
    curl_easy_setopt (curl, CURLOPT_URL, url);
    curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, s_write);
    curl_easy_setopt (curl, CURLOPT_HEADERDATA, &head);
    curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, s_write);
    curl_easy_setopt (curl, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt (curl, CURLOPT_TIMEOUT_MS, strncmp (path, "/su-kien", 8) ? 20000L : 4000L);
    if (*b->cookie)
        curl_easy_setopt (curl, CURLOPT_COOKIE, b->cookie);
    tw_answer_t a = { 0 };
    if (curl_easy_perform (curl) == CURLE_OK) {
        long status = 0;
        curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
        a.status = (int) status;
    }
    a.head = head.data ? head.data : strdup ("");
    a.body = body.data ? body.data : strdup ("");
    a.size = body.size;
    curl_easy_cleanup (curl);
    s_remember (b, &a);
    return a;
}

tw_answer_t
tw_get (tw_browser_t *b, const char *path)
{
    return s_perform (b, curl_easy_init (), path);
}

tw_answer_t
tw_post (tw_browser_t *b, const char *path, bool csrf, const char *const fields[])
{
    CURL *curl = curl_easy_init ();
    bool files = false;
    for (int i = 0; fields && fields[i]; i += 2)
        files |= strncmp (fields[i + 1], "@file:", 6) == 0;
    curl_mime *mime = NULL;
    char *form = NULL;
    if (files) {
        mime = curl_mime_init (curl);
        for (int i = 0; fields[i]; i += 2) {
            curl_mimepart *part = curl_mime_addpart (mime);
            curl_mime_name (part, fields[i]);
            if (strncmp (fields[i + 1], "@file:", 6) == 0) {
                char spec[600];
                snprintf (spec, sizeof spec, "%s", fields[i + 1] + 6);
                char *colon = strchr (spec, ':');
                *colon = 0;
                curl_mime_filedata (part, colon + 1);
                curl_mime_filename (part, spec);
            }
            else
                curl_mime_data (part, fields[i + 1], CURL_ZERO_TERMINATED);
        }
        if (csrf) {
            curl_mimepart *part = curl_mime_addpart (mime);
            curl_mime_name (part, "csrf");
            curl_mime_data (part, b->csrf, CURL_ZERO_TERMINATED);
        }
        curl_easy_setopt (curl, CURLOPT_MIMEPOST, mime);
    }
    else {
        size_t cap = 64 + strlen (b->csrf), len = 0;
        form = (char *) calloc (1, cap);
        for (int i = -2; ; i += 2) {
            const char *k = i < 0 ? (csrf ? "csrf" : NULL) : fields ? fields[i] : NULL;
            if (i >= 0 && !k)
                break;
            if (!k)
                continue;
            const char *v = i < 0 ? b->csrf : fields[i + 1];
            char *ek = curl_easy_escape (curl, k, 0), *ev = curl_easy_escape (curl, v, 0);
            cap += strlen (ek) + strlen (ev) + 4;
            form = (char *) realloc (form, cap);
            len += (size_t) sprintf (form + len, "%s%s=%s", len ? "&" : "", ek, ev);
            curl_free (ek);
            curl_free (ev);
        }
        curl_easy_setopt (curl, CURLOPT_COPYPOSTFIELDS, form);
    }
    tw_answer_t a = s_perform (b, curl, path);
    curl_mime_free (mime);
    free (form);
    return a;
}

const char *
tw_header (const tw_answer_t *a, const char *name, char *out, size_t size)
{
    size_t n = strlen (name);
    for (const char *line = a->head; line && *line; ) {
        const char *end = strstr (line, "\r\n");
        size_t len = end ? (size_t) (end - line) : strlen (line);
        if (len > n && strncasecmp (line, name, n) == 0 && line[n] == ':') {
            const char *v = line + n + 1;
            while (*v == ' ')
                v++;
            size_t vl = len - (size_t) (v - line);
            snprintf (out, size, "%.*s", (int) vl, v);
            return out;
        }
        line = end ? end + 2 : NULL;
    }
    return NULL;
}

void
tw_free (tw_answer_t *a)
{
    free (a->head);
    free (a->body);
    memset (a, 0, sizeof *a);
}

void
tw_password (vp_cmdcli_t *admin, const char *tenant, const char *officer, const char *password)
{
    vp_val_t *args = vp_val_map ();
    vp_map_put_str (args, "officer", officer);
    vp_map_put_str (args, "password", password);
    tu_drop (tu_ok_args (__LINE__, admin, tenant, TU_ADMIN, "staffing.credential.set", args));
}

int
tw_login (tw_browser_t *b, const char *tenant, const char *officer, const char *password)
{
    b->cookie[0] = 0;
    tw_answer_t a = tw_post (b, "/dang-nhap", false,
                             (const char *[]) { "tenant", tenant, "officer", officer, "password", password, NULL });
    int status = a.status;
    tw_free (&a);
    if (status == 303 && *b->cookie) {
        tw_answer_t home = tw_get (b, "/");     //  the CSRF token of this session
        tw_free (&home);
    }
    return status;
}

int
tw_script (const char *script, const char *const args[], int timeout_ms)
{
    const char *argv[16] = { "python3" };
    char path[1200];
    snprintf (path, sizeof path, "%s/tests/%s", VP_SOURCE_DIR, script);
    argv[1] = path;
    int n = 2;
    for (int i = 0; args[i] && n < 15; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    //  Not through tu_spawn: VP_TEST_WRAPPER (valgrind) is for our programs, not the browser.
    fflush (stdout);
    pid_t py = fork ();
    if (py == 0) {
        execv ("/usr/bin/python3", (char *const *) argv);
        _exit (127);
    }
    return tu_wait (py, timeout_ms);
}
