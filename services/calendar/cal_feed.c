/*  cal_feed - feed tokens, calendar.feed.url|revoke, and the HTTP endpoint. */
#include <ctype.h>
#include <string.h>
#include <sys/random.h>
#include "cal_feed.h"
#include "cal_ical.h"

#define S_TOKEN_BYTES 32
#define S_TOKEN_HEX (2 * S_TOKEN_BYTES)
#define S_REQUEST_MAX 8192
#define S_IDLE_MS 10000
#define S_CONNECTIONS_MAX 256

struct cal_feed {
    cal_service_t *service;
    zsock_t *sock;                  //  ZMQ_STREAM
    zloop_t *loop;
    int timer;
    zhashx_t *conns;                //  hex routing id -> s_conn_t
    char endpoint[VP_ENDPOINT_MAX];
};

typedef struct {
    zframe_t *id;                   //  the connection's routing id
    char request[S_REQUEST_MAX + 1];
    size_t len;
    int64_t since;                  //  mono ms of the last bytes
} s_conn_t;

static vp_ratelimit_t s_http_log = VP_RATELIMIT_INIT (20);

//  --------------------------------------------------------------------------
//  Tokens

//  The live token of (tenant, officer, body) into token, true when there is one.
static bool
s_token_of (cal_service_t *self, const char *tenant, const char *officer, const char *body,
            char token[S_TOKEN_HEX + 1], int64_t *created)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT token, created FROM cal_feed WHERE tenant = ?1 AND officer = ?2 AND body = ?3"
        " AND revoked IS NULL ORDER BY created DESC LIMIT 1", NULL);
    if (!stmt)
        return false;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, officer ? officer : "", -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, body ? body : "", -1, SQLITE_STATIC);
    bool found = sqlite3_step (stmt) == SQLITE_ROW;
    if (found) {
        snprintf (token, S_TOKEN_HEX + 1, "%s", (const char *) sqlite3_column_text (stmt, 0));
        *created = sqlite3_column_int64 (stmt, 1);
    }
    sqlite3_reset (stmt);
    return found;
}

static int
s_revoke (cal_service_t *self, const char *tenant, const char *officer, const char *body, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "UPDATE cal_feed SET revoked = ?4 WHERE tenant = ?1 AND officer = ?2 AND body = ?3 AND revoked IS NULL", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, officer ? officer : "", -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, body ? body : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 4, vp_clock_now ());
    int rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "feed");
    sqlite3_reset (stmt);
    return rc;
}

static int
s_token_new (cal_service_t *self, const char *tenant, const char *officer, const char *body,
             char token[S_TOKEN_HEX + 1], int64_t *created, vp_err_t *err)
{
    unsigned char bytes[S_TOKEN_BYTES];
    if (getrandom (bytes, sizeof bytes, 0) != (ssize_t) sizeof bytes)
        return vp_err_set (err, VP_E_UNAVAILABLE, "", "no random bytes for a feed token");
    for (int i = 0; i < S_TOKEN_BYTES; i++)
        snprintf (token + 2 * i, 3, "%02x", bytes[i]);
    *created = vp_clock_now ();
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT INTO cal_feed (token, tenant, officer, body, created) VALUES (?1, ?2, ?3, ?4, ?5)", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, token, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, officer ? officer : "", -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 4, body ? body : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 5, *created);
    int rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "feed");
    sqlite3_reset (stmt);
    return rc;
}

static void
s_put_feed (cal_service_t *self, vp_val_t *result, const char *token, const char *officer, const char *body,
            int64_t created)
{
    vp_map_put (result, "url", vp_val_strf ("%s/feeds/%s.ics", self->feed_url, token));
    if (officer)
        vp_map_put_str (result, "officer", officer);
    if (body)
        vp_map_put_str (result, "body", body);
    vp_map_put_int (result, "created", created);
}

static int
s_need_http (cal_service_t *self, vp_err_t *err)
{
    if (self->feed)
        return 0;
    return vp_err_set (err, VP_E_FAILED_PRECONDITION, "",
                       "the feeds' HTTP endpoint is off (VP_CALENDAR_HTTP is empty): there is no URL to give");
}

//  {officer? | body?, renew?} -> {url, officer?, body?, created}
static int
s_url_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    cal_service_t *self = (cal_service_t *) ctx->arg;
    const char *officer = vp_map_str (args, "officer"), *body = vp_map_str (args, "body");
    if (cal_ical_whose (self, ctx->tenant, officer, body, err)
    ||  s_need_http (self, err))
        return -1;
    char token[S_TOKEN_HEX + 1];
    int64_t created = 0;
    bool renew = vp_map_bool (args, "renew", false);
    if (renew && s_revoke (self, ctx->tenant, officer, body, err))
        return -1;
    if ((renew || !s_token_of (self, ctx->tenant, officer, body, token, &created))
    &&  s_token_new (self, ctx->tenant, officer, body, token, &created, err))
        return -1;
    s_put_feed (self, result, token, officer, body, created);
    return 0;
}

static int
s_url (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    return cal_change (ctx, args, result, err, s_url_tx);
}

//  {officer? | body?} -> the URL that stops working
static int
s_revoke_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    cal_service_t *self = (cal_service_t *) ctx->arg;
    const char *officer = vp_map_str (args, "officer"), *body = vp_map_str (args, "body");
    if (cal_ical_whose (self, ctx->tenant, officer, body, err))
        return -1;
    char token[S_TOKEN_HEX + 1];
    int64_t created = 0;
    if (!s_token_of (self, ctx->tenant, officer, body, token, &created))
        return vp_err_set (err, VP_E_NOT_FOUND, officer ? "officer" : body ? "body" : "",
                           "the feed of %s%s in tenant \"%s\" has no URL to revoke",
                           officer ? officer : body ? body : "the whole commune", "", ctx->tenant);
    if (s_revoke (self, ctx->tenant, officer, body, err))
        return -1;
    s_put_feed (self, result, token, officer, body, created);
    return 0;
}

static int
s_revoke_cmd (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    return cal_change (ctx, args, result, err, s_revoke_tx);
}

static const vp_cmd_t s_commands[] = {
    { "calendar.feed.url", s_url, true },
    { "calendar.feed.revoke", s_revoke_cmd, true },
    { NULL }
};

void
cal_feed_register (cal_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}

//  --------------------------------------------------------------------------
//  HTTP

static void
s_conn_destroy (void **item)
{
    s_conn_t *conn = (s_conn_t *) *item;
    if (conn) {
        zframe_destroy (&conn->id);
        free (conn);
        *item = NULL;
    }
}

static void
s_key (zframe_t *id, char *key, size_t size)
{
    const unsigned char *data = zframe_data (id);
    size_t n = zframe_size (id);
    key[0] = 0;
    for (size_t i = 0; i < n && 2 * i + 3 <= size; i++)
        snprintf (key + 2 * i, 3, "%02x", data[i]);
}

//  Send one frame to a connection without waiting; an empty one closes it.
static void
s_send (cal_feed_t *self, zframe_t *id, const void *data, size_t size)
{
    void *sock = zsock_resolve (self->sock);
    if (zmq_send (sock, zframe_data (id), zframe_size (id), ZMQ_SNDMORE | ZMQ_DONTWAIT) < 0
    ||  zmq_send (sock, data, size, ZMQ_DONTWAIT) < 0)
        vp_debug ("feed: could not send to a connection: %s", zmq_strerror (zmq_errno ()));
}

//  Answer and close the connection (forgotten here).
static void
s_answer (cal_feed_t *self, s_conn_t *conn, int status, const char *reason, const char *type,
          const char *body, size_t body_len, const char *extra)
{
    char head[400];
    int len = snprintf (head, sizeof head,
                        "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
                        "Cache-Control: no-cache, private\r\n%sConnection: close\r\n\r\n",
                        status, reason, type, body_len, extra ? extra : "");
    size_t size = (size_t) len + body_len;
    char *response = (char *) malloc (size);
    if (response) {
        memcpy (response, head, (size_t) len);
        memcpy (response + len, body, body_len);
        s_send (self, conn->id, response, size);
        free (response);
    }
    s_send (self, conn->id, "", 0);
    char key[64];
    s_key (conn->id, key, sizeof key);
    zhashx_delete (self->conns, key);
}

static void
s_error (cal_feed_t *self, s_conn_t *conn, int status, const char *reason, const char *extra)
{
    char body[128];
    int len = snprintf (body, sizeof body, "%d %s\n", status, reason);
    s_answer (self, conn, status, reason, "text/plain; charset=utf-8", body, (size_t) len, extra);
}

static bool
s_is_token (const char *s, size_t len)
{
    if (len != S_TOKEN_HEX)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!isxdigit ((unsigned char) s[i]) || isupper ((unsigned char) s[i]))
            return false;
    return true;
}

//  The request line is whole: answer it.
static void
s_request (cal_feed_t *self, s_conn_t *conn)
{
    char *line = conn->request;
    char *eol = strpbrk (line, "\r\n");
    if (eol)
        *eol = 0;
    char method[17] = "", target[S_REQUEST_MAX] = "", version[16] = "";
    int n = sscanf (line, "%16[A-Z] %8191[^ ] %15[^ ]", method, target, version);
    if (n != 3 || target[0] != '/' || strncmp (version, "HTTP/1.", 7) != 0 || strlen (version) != 8
    ||  !isdigit ((unsigned char) version[7])) {
        s_error (self, conn, 400, "Bad Request", NULL);
        return;
    }
    if (strcmp (method, "GET") != 0) {
        s_error (self, conn, 405, "Method Not Allowed", "Allow: GET\r\n");
        return;
    }
    char *query = strchr (target, '?');
    if (query)
        *query = 0;
    const char *prefix = "/feeds/", *suffix = ".ics";
    size_t len = strlen (target);
    char token[S_TOKEN_HEX + 1] = "";
    if (len > strlen (prefix) + strlen (suffix) && strncmp (target, prefix, strlen (prefix)) == 0
    &&  strcmp (target + len - strlen (suffix), suffix) == 0
    &&  s_is_token (target + strlen (prefix), len - strlen (prefix) - strlen (suffix)))
        memcpy (token, target + strlen (prefix), S_TOKEN_HEX);
    cal_service_t *service = self->service;
    sqlite3_stmt *stmt = *token ? vp_db_cached (service->db,
        "SELECT tenant, officer, body FROM cal_feed WHERE token = ?1 AND revoked IS NULL", NULL) : NULL;
    char tenant[CAL_ID_MAX] = "", officer[CAL_ID_MAX] = "", body[CAL_ID_MAX] = "";
    if (stmt) {
        sqlite3_bind_text (stmt, 1, token, -1, SQLITE_STATIC);
        if (sqlite3_step (stmt) == SQLITE_ROW) {
            snprintf (tenant, sizeof tenant, "%s", (const char *) sqlite3_column_text (stmt, 0));
            snprintf (officer, sizeof officer, "%s", (const char *) sqlite3_column_text (stmt, 1));
            snprintf (body, sizeof body, "%s", (const char *) sqlite3_column_text (stmt, 2));
        }
        sqlite3_reset (stmt);
    }
    if (!*tenant) {
        s_error (self, conn, 404, "Not Found", NULL);
        return;
    }
    vp_err_t err = { 0 };
    size_t count = 0;
    char *ics = cal_ical_feed (service, tenant, *officer ? officer : NULL, *body ? body : NULL, &count, &err);
    if (!ics) {
        vp_log (VP_LOG_WARN, tenant, NULL, "feed %.6s…: %s", token, err.message);
        s_error (self, conn, 503, "Service Unavailable", "Retry-After: 60\r\n");
        return;
    }
    vp_log (VP_LOG_DEBUG, tenant, NULL, "feed %.6s… of %s: %zu entries", token,
            *officer ? officer : *body ? body : "the commune", count);
    s_answer (self, conn, 200, "OK", "text/calendar; charset=utf-8", ics, strlen (ics), NULL);
    free (ics);
}

static int
s_on_stream (zloop_t *loop, zsock_t *sock, void *arg)
{
    cal_feed_t *self = (cal_feed_t *) arg;
    zmsg_t *msg = zmsg_recv (sock);
    if (!msg)
        return 0;
    zframe_t *id = zmsg_pop (msg);
    zframe_t *data = zmsg_pop (msg);
    zmsg_destroy (&msg);
    if (!id || !data) {
        zframe_destroy (&id);
        zframe_destroy (&data);
        return 0;
    }
    char key[64];
    s_key (id, key, sizeof key);
    s_conn_t *conn = (s_conn_t *) zhashx_lookup (self->conns, key);
    size_t size = zframe_size (data);
    if (size == 0 && conn)                  //  the peer closed
        zhashx_delete (self->conns, key);
    else
    if (!conn) {                            //  a new connection
        conn = (s_conn_t *) zmalloc (sizeof (s_conn_t));
        conn->id = zframe_dup (id);
        conn->since = vp_clock_mono ();
        zhashx_insert (self->conns, key, conn);
        if (zhashx_size (self->conns) > S_CONNECTIONS_MAX) {
            int suppressed = 0;
            if (vp_ratelimit_ok (&s_http_log, &suppressed))
                vp_warn ("feed: more than %d connections at once; refusing", S_CONNECTIONS_MAX);
            s_error (self, conn, 503, "Service Unavailable", "Retry-After: 10\r\n");
            conn = NULL;
        }
    }
    if (conn && size > 0) {
        conn->since = vp_clock_mono ();
        if (conn->len + size > S_REQUEST_MAX)
            s_error (self, conn, 431, "Request Header Fields Too Large", NULL);
        else {
            memcpy (conn->request + conn->len, zframe_data (data), size);
            conn->len += size;
            conn->request[conn->len] = 0;
            if (strstr (conn->request, "\r\n\r\n") || strstr (conn->request, "\n\n"))
                s_request (self, conn);
            else
            if (memchr (conn->request, 0, conn->len))
                s_error (self, conn, 400, "Bad Request", NULL);
        }
    }
    zframe_destroy (&id);
    zframe_destroy (&data);
    return 0;
}

//  Close connections that sent nothing whole for a while.
static int
s_on_idle (zloop_t *loop, int timer_id, void *arg)
{
    cal_feed_t *self = (cal_feed_t *) arg;
    int64_t now = vp_clock_mono ();
    zlistx_t *idle = zlistx_new ();
    for (s_conn_t *conn = (s_conn_t *) zhashx_first (self->conns); conn;
         conn = (s_conn_t *) zhashx_next (self->conns))
        if (now - conn->since > S_IDLE_MS)
            zlistx_add_end (idle, conn);
    for (s_conn_t *conn = (s_conn_t *) zlistx_first (idle); conn; conn = (s_conn_t *) zlistx_next (idle))
        s_error (self, conn, 408, "Request Timeout", NULL);
    zlistx_destroy (&idle);
    return 0;
}

cal_feed_t *
cal_feed_new (cal_service_t *service, const char *endpoint, vp_err_t *err)
{
    cal_feed_t *self = (cal_feed_t *) zmalloc (sizeof (cal_feed_t));
    self->service = service;
    self->timer = -1;
    self->loop = vp_service_loop (service->service);
    self->conns = zhashx_new ();
    zhashx_set_destructor (self->conns, s_conn_destroy);
    self->sock = zsock_new (ZMQ_STREAM);
    if (!self->sock || zsock_bind (self->sock, "%s", endpoint) < 0) {
        vp_err_set (err, VP_E_UNAVAILABLE, "calendar-http", "cannot bind the feeds' HTTP endpoint %s: %s",
                    endpoint, zmq_strerror (zmq_errno ()));
        cal_feed_destroy (&self);
        return NULL;
    }
    char *bound = zsock_last_endpoint (self->sock);
    snprintf (self->endpoint, sizeof self->endpoint, "%s", bound ? bound : endpoint);
    free (bound);
    self->timer = zloop_timer (self->loop, 1000, 0, s_on_idle, self);
    if (zloop_reader (self->loop, self->sock, s_on_stream, self) || self->timer < 0) {
        vp_err_set (err, VP_E_INTERNAL, "calendar-http", "cannot put the feeds' HTTP endpoint on the loop");
        cal_feed_destroy (&self);
        return NULL;
    }
    vp_info ("feeds: HTTP on %s", self->endpoint);
    return self;
}

void
cal_feed_destroy (cal_feed_t **self_p)
{
    cal_feed_t *self = *self_p;
    if (!self)
        return;
    if (self->loop && self->sock)
        zloop_reader_end (self->loop, self->sock);
    if (self->loop && self->timer >= 0)
        zloop_timer_end (self->loop, self->timer);
    zhashx_destroy (&self->conns);
    zsock_destroy (&self->sock);
    free (self);
    *self_p = NULL;
}

const char *
cal_feed_endpoint (cal_feed_t *self)
{
    return self->endpoint;
}

void
cal_feed_default_url (const char *endpoint, char *url, size_t size)
{
    const char *host = strstr (endpoint, "://");
    host = host ? host + 3 : endpoint;
    const char *colon = strrchr (host, ':');
    size_t host_len = colon ? (size_t) (colon - host) : strlen (host);
    const char *port = colon ? colon + 1 : "80";
    if ((host_len == 1 && host[0] == '*') || (host_len == 7 && strncmp (host, "0.0.0.0", 7) == 0))
        snprintf (url, size, "http://localhost:%s", port);
    else
        snprintf (url, size, "http://%.*s:%s", (int) host_len, host, port);
}
