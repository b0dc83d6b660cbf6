/*  web_http - HTTP: libmicrohttpd with a thread per connection.

    A page calls the services (each call waits on its endpoint), and an
    event stream waits on the bus: a thread per connection keeps one from
    holding the others. Every answer carries the security headers; every
    POST but the sign-in must carry the session's CSRF token (403
    otherwise); pages other than the sign-in and the static files need a
    session (GET: sent to /dang-nhap; POST: 403). A request body is at
    most 60 MB (413 past it).
*/
#include "web.h"
#include "web_static.h"
#include <microhttpd.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <sodium.h>

#define S_BODY_MAX (60u * 1024 * 1024)
#define S_COOKIE "vp_session"

static const char *const s_security[] = {
    "Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options", "nosniff",
    "Referrer-Policy", "no-referrer",
    "X-Frame-Options", "DENY",
    NULL
};

//  ------------------------------------------------------------- forms

const web_field_t *
web_form_field (web_req_t *req, const char *name)
{
    for (int i = 0; i < req->nfields; i++)
        if (strcmp (req->fields[i].name, name) == 0)
            return &req->fields[i];
    return NULL;
}

const char *
web_form (web_req_t *req, const char *name)
{
    const web_field_t *f = web_form_field (req, name);
    return f ? f->value : "";
}

const char *
web_query (web_req_t *req, const char *name)
{
    return MHD_lookup_connection_value ((struct MHD_Connection *) req->raw_conn, MHD_GET_ARGUMENT_KIND, name);
}

typedef struct {
    const char *name;
    const char **values;
    int max, count;
} s_query_all_t;

static enum MHD_Result
s_on_query (void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void) kind;
    s_query_all_t *all = (s_query_all_t *) cls;
    if (strcmp (key, all->name) == 0) {
        if (all->count < all->max)
            all->values[all->count] = value ? value : "";
        all->count++;
    }
    return MHD_YES;
}

int
web_query_all (web_req_t *req, const char *name, const char *values[], int max)
{
    s_query_all_t all = { name, values, max, 0 };
    MHD_get_connection_values ((struct MHD_Connection *) req->raw_conn, MHD_GET_ARGUMENT_KIND, s_on_query, &all);
    return all.count;
}

static enum MHD_Result
s_on_field (void *cls, enum MHD_ValueKind kind, const char *key, const char *filename, const char *content_type,
            const char *transfer_encoding, const char *data, uint64_t off, size_t size)
{
    (void) kind; (void) transfer_encoding;
    web_req_t *req = (web_req_t *) cls;
    web_field_t *f = req->nfields ? &req->fields[req->nfields - 1] : NULL;
    if (off == 0 || !f || strcmp (f->name, key) != 0) {
        if (req->nfields == WEB_FIELDS_MAX)
            return MHD_YES;             //  more fields than any form has: left out
        f = &req->fields[req->nfields++];
        f->name = strdup (key);
        f->filename = filename ? strdup (filename) : NULL;
        f->mime = content_type ? strdup (content_type) : NULL;
        f->value = (char *) calloc (1, 1);
        f->size = 0;
    }
    f->value = (char *) realloc (f->value, f->size + size + 1);
    memcpy (f->value + f->size, data, size);
    f->size += size;
    f->value[f->size] = 0;
    return MHD_YES;
}

//  ----------------------------------------------------------- answers

void
web_redirect (web_req_t *req, const char *fmt, ...)
{
    va_list ap;
    va_start (ap, fmt);
    vsnprintf (req->location, sizeof req->location, fmt, ap);
    va_end (ap);
    req->status = MHD_HTTP_SEE_OTHER;
}

void
web_not_found (web_req_t *req)
{
    req->out.len = 0;
    req->status = MHD_HTTP_NOT_FOUND;
    web_page_begin (req, "Không tìm thấy");
    web_buf_add (&req->out, "<h1>Không tìm thấy</h1><p>Không có trang hay văn bản này.</p>");
    web_page_end (req);
}

static void
s_forbidden (web_req_t *req)
{
    req->out.len = 0;
    req->status = MHD_HTTP_FORBIDDEN;
    req->type = "text/plain; charset=utf-8";
    web_buf_add (&req->out, "403 Yêu cầu bị từ chối: thiếu hoặc sai mã chống giả mạo (CSRF).\n");
}

static const char *
s_mime (const char *name)
{
    const char *dot = strrchr (name, '.');
    if (dot && strcmp (dot, ".css") == 0) return "text/css; charset=utf-8";
    if (dot && strcmp (dot, ".js") == 0) return "text/javascript; charset=utf-8";
    if (dot && strcmp (dot, ".png") == 0) return "image/png";
    if (dot && strcmp (dot, ".svg") == 0) return "image/svg+xml";
    return "application/octet-stream";
}

static void
s_static (web_req_t *req, const char *name)
{
    if (!*name || strchr (name, '/') || name[0] == '.') {
        web_not_found (req);
        return;
    }
    if (req->web->static_dir) {
        char path[VP_PATH_MAX + 128];
        snprintf (path, sizeof path, "%s/%s", req->web->static_dir, name);
        FILE *f = fopen (path, "rb");
        if (!f) {
            web_not_found (req);
            return;
        }
        char chunk[8192];
        size_t n;
        while ((n = fread (chunk, 1, sizeof chunk, f)) > 0)
            web_buf_raw (&req->out, chunk, n);
        fclose (f);
    }
    else {
        const web_static_t *s = web_static_files;
        while (s->name && strcmp (s->name, name) != 0)
            s++;
        if (!s->name) {
            web_not_found (req);
            return;
        }
        req->raw = s->data;
        req->raw_size = s->size;
    }
    req->type = s_mime (name);
    req->is_static = true;
}

//  ------------------------------------------------------ event stream

typedef struct {
    web_t *web;
    char tenant[64];
    uint64_t seen;
    bool started;
} s_sse_t;

static ssize_t
s_sse_read (void *cls, uint64_t pos, char *buf, size_t max)
{
    (void) pos;
    s_sse_t *s = (s_sse_t *) cls;
    if (!s->started) {
        s->started = true;
        s->seen = web_live_wait (s->web, s->tenant, UINT64_MAX, 0);
        return snprintf (buf, max, "retry: 3000\n\n");
    }
    for (int waited = 0; waited < 15000; waited += 500) {
        if (web_live_stopping (s->web))
            return MHD_CONTENT_READER_END_OF_STREAM;
        uint64_t now = web_live_wait (s->web, s->tenant, s->seen, 500);
        if (now != s->seen) {
            s->seen = now;
            return snprintf (buf, max, "data: refresh\n\n");
        }
    }
    return snprintf (buf, max, ": ping\n\n");
}

static struct MHD_Response *
s_sse (web_req_t *req)
{
    s_sse_t *s = (s_sse_t *) calloc (1, sizeof *s);
    s->web = req->web;
    snprintf (s->tenant, sizeof s->tenant, "%s", req->session.tenant);
    struct MHD_Response *r = MHD_create_response_from_callback (MHD_SIZE_UNKNOWN, 256, s_sse_read, s, free);
    MHD_add_response_header (r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/event-stream; charset=utf-8");
    MHD_add_response_header (r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    return r;
}

//  ----------------------------------------------------------- routing

static bool
s_prefix (const char *url, const char *prefix, const char **rest)
{
    size_t n = strlen (prefix);
    if (strncmp (url, prefix, n) != 0)
        return false;
    *rest = url + n;
    return true;
}

static bool
s_csrf_ok (web_req_t *req)
{
    const char *token = web_form (req, "csrf");
    size_t n = strlen (req->session.csrf);
    return n && strlen (token) == n && sodium_memcmp (token, req->session.csrf, n) == 0;
}

//  The pages at a fixed address (post: only a form sends to it); those
//  with an id in the address are in s_dispatch.
typedef struct {
    const char *url;
    bool post;
    void (*page) (web_req_t *req);
} s_page_t;

static const s_page_t s_pages[] = {
    { "/", false, web_page_home },
    { "/dang-xuat", true, web_page_logout },
    { "/doi-mat-khau", false, web_page_password },
    { "/thong-bao", true, web_page_ack },
    { "/vao-so", false, web_page_register },
    { "/tim-kiem", false, web_page_search },
    { "/tim-kiem/xuat", true, web_page_search_export },
    { "/tim-kiem/luu", true, web_page_search_save },
    { "/tim-kiem/xoa", true, web_page_search_delete },
    { "/lich-tuan", false, web_page_week },
    { "/lich-tuan/them", false, web_page_entry_new },
    { "/lich-tuan/ban-hanh", true, web_page_week_publish },
    { "/so-den", false, web_page_book },
    { "/tong-hop", false, web_page_dashboard },
    { "/tong-hop/nhac", true, web_page_remind },
    { "/bao-cao", false, web_page_reports },
    { "/bao-cao/tai", true, web_page_reports_file },
    { "/so-sach", false, web_page_outputs },
    { "/ho-so", false, web_page_dossiers },
    { "/van-ban-di", false, web_page_outgoing_list },
    { "/so-di", false, web_page_outgoing_book },
    { "/can-bo", false, web_page_staff },
    { NULL }
};

static bool
s_dispatch (web_req_t *req)
{
    const char *url = req->url, *rest = NULL;
    bool post = strcmp (req->method, "POST") == 0;
    if (s_prefix (url, "/static/", &rest)) {
        s_static (req, rest);
        return true;
    }
    if (strcmp (url, "/dang-nhap") == 0) {
        web_page_login (req);
        return true;
    }
    if (strcmp (url, "/suc-khoe") == 0) {
        req->type = "text/plain; charset=utf-8";
        web_buf_add (&req->out, "ok\n");
        return true;
    }
    if (!req->signed_in) {
        if (post)
            s_forbidden (req);
        else
            web_redirect (req, "/dang-nhap");
        return true;
    }
    if (post && !s_csrf_ok (req)) {
        s_forbidden (req);
        return true;
    }
    if (strcmp (url, "/su-kien") == 0)
        return false;           //  the event stream: answered by the caller
    for (const s_page_t *page = s_pages; page->url; page++)
        if (strcmp (url, page->url) == 0) {
            if (page->post && !post)
                web_not_found (req);
            else
                page->page (req);
            return true;
        }
    if (s_prefix (url, "/lich-tuan/", &rest) && strlen (rest) > 4 && strlen (rest) < 70
    &&  strchr (rest, '/') && !strcmp (strchr (rest, '/'), "/sua")) {
        char id[70];
        snprintf (id, sizeof id, "%.*s", (int) (strchr (rest, '/') - rest), rest);
        web_page_entry_edit (req, id);
    }
    else if (s_prefix (url, "/ho-so/", &rest) && *rest && strlen (rest) < 80) {
        char id[80];
        snprintf (id, sizeof id, "%s", rest);
        char *slash = strchr (id, '/');
        if (!slash)
            web_page_dossier (req, id);
        else
        if (strcmp (slash, "/xuat") == 0 && post) {
            *slash = 0;
            web_page_dossier_export (req, id);
        }
        else
            web_not_found (req);
    }
    else if (s_prefix (url, "/quan-tri", &rest) && (!*rest || *rest == '/')) web_page_admin (req, rest);
    else if (s_prefix (url, "/van-ban-di/", &rest) && *rest && !strchr (rest, '/') && strlen (rest) < 64)
        web_page_outgoing (req, rest);
    else if (s_prefix (url, "/van-ban/", &rest)) {
        char id[80];
        snprintf (id, sizeof id, "%s", rest);
        char *slash = strchr (id, '/');
        const char *sha = NULL;
        if (slash) {
            *slash = 0;
            const char *tail = rest + (slash - id);
            if (strncmp (tail, "/tep/", 5) == 0)
                sha = tail + 5;
            else {
                web_not_found (req);
                return true;
            }
        }
        if (sha)
            web_page_file (req, id, sha);
        else
            web_page_document (req, id);
    }
    else
        web_not_found (req);
    return true;
}

static enum MHD_Result
s_respond (struct MHD_Connection *connection, web_req_t *req)
{
    struct MHD_Response *r = NULL;
    bool sse = !s_dispatch (req);
    if (sse)
        r = s_sse (req);
    else
    if (req->raw)
        r = MHD_create_response_from_buffer (req->raw_size, (void *) req->raw, MHD_RESPMEM_PERSISTENT);
    else {
        r = MHD_create_response_from_buffer (req->out.len, req->out.data ? req->out.data : (void *) "",
                                             req->out.data ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
        memset (&req->out, 0, sizeof req->out);     //  the response owns it
    }
    if (!r)
        return MHD_NO;
    for (int i = 0; s_security[i]; i += 2)
        MHD_add_response_header (r, s_security[i], s_security[i + 1]);
    if (req->web->tls)          //  browsers then refuse plain HTTP to this host for a year
        MHD_add_response_header (r, "Strict-Transport-Security", "max-age=31536000");
    if (!sse) {
        if (req->type)
            MHD_add_response_header (r, MHD_HTTP_HEADER_CONTENT_TYPE, req->type);
        MHD_add_response_header (r, MHD_HTTP_HEADER_CACHE_CONTROL, req->is_static ? "max-age=3600" : "no-store");
    }
    if (*req->location)
        MHD_add_response_header (r, MHD_HTTP_HEADER_LOCATION, req->location);
    if (*req->cookie)
        MHD_add_response_header (r, MHD_HTTP_HEADER_SET_COOKIE, req->cookie);
    if (*req->retry_after)
        MHD_add_response_header (r, MHD_HTTP_HEADER_RETRY_AFTER, req->retry_after);
    if (*req->disposition)
        MHD_add_response_header (r, "Content-Disposition", req->disposition);
    enum MHD_Result rc = MHD_queue_response (connection, req->status ? req->status : MHD_HTTP_OK, r);
    MHD_destroy_response (r);
    return rc;
}

static void
s_client (struct MHD_Connection *connection, char *out, size_t size)
{
    const union MHD_ConnectionInfo *info = MHD_get_connection_info (connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    snprintf (out, size, "?");
    if (info && info->client_addr) {
        const struct sockaddr *sa = info->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop (AF_INET, &((const struct sockaddr_in *) sa)->sin_addr, out, (socklen_t) size);
        else
        if (sa->sa_family == AF_INET6)
            inet_ntop (AF_INET6, &((const struct sockaddr_in6 *) sa)->sin6_addr, out, (socklen_t) size);
    }
}

static enum MHD_Result
s_on_request (void *cls, struct MHD_Connection *connection, const char *url, const char *method,
              const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
    (void) version;
    web_t *self = (web_t *) cls;
    web_req_t *req = (web_req_t *) *con_cls;
    if (!req) {
        req = (web_req_t *) calloc (1, sizeof *req);
        req->web = self;
        req->raw_conn = connection;
        req->method = method;
        req->url = url;
        s_client (connection, req->client, sizeof req->client);
        const char *token = MHD_lookup_connection_value (connection, MHD_COOKIE_KIND, S_COOKIE);
        if (token) {
            snprintf (req->cookie_token, sizeof req->cookie_token, "%s", token);
            req->signed_in = web_session_find (self, token, &req->session);
        }
        if (strcmp (method, "POST") == 0)
            req->pp = MHD_create_post_processor (connection, 64 * 1024, s_on_field, req);
        *con_cls = req;
        return MHD_YES;
    }
    if (*upload_data_size) {
        req->body_size += *upload_data_size;
        if (req->body_size > S_BODY_MAX)
            req->too_big = true;
        else
        if (req->pp)
            MHD_post_process (req->pp, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (strcmp (method, "GET") != 0 && strcmp (method, "HEAD") != 0 && strcmp (method, "POST") != 0) {
        req->status = MHD_HTTP_METHOD_NOT_ALLOWED;
        req->type = "text/plain; charset=utf-8";
        web_buf_add (&req->out, "405\n");
        req->raw = NULL;
        req->location[0] = 0;
        struct MHD_Response *r = MHD_create_response_from_buffer (4, (void *) "405\n", MHD_RESPMEM_PERSISTENT);
        MHD_add_response_header (r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD, POST");
        enum MHD_Result rc = MHD_queue_response (connection, MHD_HTTP_METHOD_NOT_ALLOWED, r);
        MHD_destroy_response (r);
        return rc;
    }
    if (req->too_big) {
        struct MHD_Response *r = MHD_create_response_from_buffer (
            strlen ("413 Tệp quá lớn\n"), (void *) "413 Tệp quá lớn\n", MHD_RESPMEM_PERSISTENT);
        enum MHD_Result rc = MHD_queue_response (connection, MHD_HTTP_CONTENT_TOO_LARGE, r);
        MHD_destroy_response (r);
        return rc;
    }
    return s_respond (connection, req);
}

static void
s_on_done (void *cls, struct MHD_Connection *connection, void **con_cls, enum MHD_RequestTerminationCode code)
{
    (void) cls; (void) connection; (void) code;
    web_req_t *req = (web_req_t *) *con_cls;
    if (!req)
        return;
    if (req->pp)
        MHD_destroy_post_processor (req->pp);
    for (int i = 0; i < req->nfields; i++) {
        free (req->fields[i].name);
        free (req->fields[i].value);
        free (req->fields[i].filename);
        free (req->fields[i].mime);
    }
    web_buf_free (&req->out);
    free (req);
    *con_cls = NULL;
}

static void
s_on_log (void *cls, const char *fmt, va_list ap)
{
    (void) cls;
    char line[512];
    vsnprintf (line, sizeof line, fmt, ap);
    line[strcspn (line, "\n")] = 0;
    vp_warn ("http: %s", line);
}

int
web_http_start (web_t *self, const char *listen, vp_err_t *err)
{
    char host[VP_ENDPOINT_MAX];
    if (listen && strncmp (listen, "tcp://", 6) == 0)
        listen += 6;            //  the form of the other VP_* endpoints
    snprintf (host, sizeof host, "%s", listen && *listen ? listen : "127.0.0.1:8080");
    char *colon = strrchr (host, ':');
    if (!colon)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, "web-http", "'%s' is not host:port", host);
    *colon = 0;
    const char *port = colon + 1;
    struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE };
    struct addrinfo *ai = NULL;
    const char *name = strcmp (host, "*") == 0 || !*host ? NULL : host;
    if (getaddrinfo (name, port, &hints, &ai) || !ai)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, "web-http", "cannot read the address '%s'", listen);
    struct MHD_OptionItem tls[] = {
        { MHD_OPTION_HTTPS_MEM_CERT, 0, self->tls_cert },
        { MHD_OPTION_HTTPS_MEM_KEY, 0, self->tls_key },
        { MHD_OPTION_END, 0, NULL },
    };
    //  With a certificate, HTTPS only on this port: a plain request there
    //  gets no answer, so nothing is ever served in clear by mistake.
    self->daemon = MHD_start_daemon (
        MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG
            | (self->tls ? MHD_USE_TLS : 0), 0, NULL, NULL,
        s_on_request, self,
        MHD_OPTION_ARRAY, self->tls ? tls : tls + 2,
        MHD_OPTION_EXTERNAL_LOGGER, s_on_log, self,
        MHD_OPTION_SOCK_ADDR, ai->ai_addr,
        MHD_OPTION_NOTIFY_COMPLETED, s_on_done, self,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int) 60,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned int) 512,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int) 200,
        MHD_OPTION_END);
    freeaddrinfo (ai);
    if (!self->daemon)
        return vp_err_set (err, VP_E_UNAVAILABLE, "web-http", "cannot serve %s on %s", self->tls ? "HTTPS" : "HTTP",
                           listen);
    const union MHD_DaemonInfo *info = MHD_get_daemon_info (self->daemon, MHD_DAEMON_INFO_BIND_PORT);
    self->port = info ? info->port : 0;
    snprintf (self->http, sizeof self->http, "%s:%d", *host && strcmp (host, "*") ? host : "0.0.0.0", self->port);
    return 0;
}

void
web_http_stop (web_t *self)
{
    if (self->daemon) {
        web_live_halt (self);
        MHD_stop_daemon (self->daemon);
        self->daemon = NULL;
    }
}
