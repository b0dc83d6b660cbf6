/*  cal_feed - the feeds' HTTP endpoint (libmicrohttpd on the service's loop). */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <sodium.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "cal_feed.h"
#include "cal_feed_token.h"
#include "cal_ical.h"
#include "vp/vp_fields.h"

#define S_REQUEST_MAX 8192          //  a request's line and headers; more: 431
//  MHD's memory for one connection. A request that outgrows it is
//  refused by MHD itself (414 or 431), or, when it leaves no room for an
//  answer, closed: twice S_REQUEST_MAX keeps that far from any request
//  answered here.
#define S_REQUEST_MEMORY (2 * S_REQUEST_MAX)
#define S_REQUEST_MS 10000          //  to send a whole request, however slowly it comes
//  MHD's own timeout, no byte either way for this long: it matters while
//  an answer goes out. Longer than S_REQUEST_MS, so that a request that
//  does not come gets its 408 rather than a silent close.
#define S_IDLE_S 15
#define S_CONNECTION_MS 120000      //  a connection in all, its answer included
#define S_CONNECTIONS_MAX 256
#define S_PER_ADDRESS_MAX 8         //  connections at once from one address
#define S_ETAG_BYTES 16

struct cal_feed {
    cal_service_t *service;
    struct MHD_Daemon *daemon;      //  NULL until started
    zloop_t *loop;
    int epoll_fd;                   //  MHD's, a poller on the loop; -1 before
    int timer;                      //  the next MHD_run when no socket wakes it; -1: none
    zlistx_t *conns;                //  s_conn_t of each open connection, oldest first
    zhashx_t *versions;             //  token -> s_version_t it served last
    char endpoint[VP_ENDPOINT_MAX];
};

//  A flood of connections repeats these lines: one a second of each.
static vp_ratelimit_t s_refused_log = VP_RATELIMIT_INIT (1);
static vp_ratelimit_t s_cut_log = VP_RATELIMIT_INIT (1);

//  --------------------------------------------------------------------------
//  HTTP: libmicrohttpd on the service's loop

//  One connection, from MHD's "started" to its "closed".
typedef struct {
    struct MHD_Connection *connection;
    int64_t since;                  //  mono ms it was accepted
    size_t target;                  //  bytes of its request target, as sent
    bool asked;                     //  its request came whole (the handler saw it)
    bool cut;                       //  shut down here; MHD closes it on its next run
    void *handle;                   //  its item in conns
} s_conn_t;

//  What a feed's URL served last.
typedef struct {
    char etag[2 * S_ETAG_BYTES + 1];
    int64_t modified;               //  s: when the feed first served this content
} s_version_t;

static void
s_version_destroy (void **item)
{
    free (*item);
    *item = NULL;
}

//  A connection MHD accepted, or one it closed.
static void
s_on_connection (void *cls, struct MHD_Connection *connection, void **socket_context,
                 enum MHD_ConnectionNotificationCode code)
{
    cal_feed_t *self = (cal_feed_t *) cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        s_conn_t *conn = (s_conn_t *) zmalloc (sizeof (s_conn_t));
        conn->connection = connection;
        conn->since = vp_clock_mono ();
        conn->handle = zlistx_add_end (self->conns, conn);
        *socket_context = conn;
    }
    else
    if (*socket_context) {
        s_conn_t *conn = (s_conn_t *) *socket_context;
        zlistx_delete (self->conns, conn->handle);
        free (conn);
        *socket_context = NULL;
    }
}

//  The request line came: its target as sent (the handler gets it
//  decoded, without the query).
static void *
s_on_target (void *cls, const char *uri, struct MHD_Connection *connection)
{
    const union MHD_ConnectionInfo *info = MHD_get_connection_info (connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    if (info && info->socket_context)
        ((s_conn_t *) info->socket_context)->target = strlen (uri);
    return NULL;
}

static enum MHD_Result
s_add_field (void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    *(size_t *) cls += strlen (key) + 2 + (value ? strlen (value) : 0) + 2;
    return MHD_YES;
}

//  The size of the request's line and headers as sent, give or take the
//  spaces around each value.
static size_t
s_request_size (struct MHD_Connection *connection, const s_conn_t *conn, const char *method, const char *version)
{
    size_t size = strlen (method) + 1 + conn->target + 1 + strlen (version) + 2 + 2;
    MHD_get_connection_values (connection, MHD_HEADER_KIND, s_add_field, &size);
    return size;
}

//  MHD's own lines. A connection refused at a limit is worth a warning
//  (a flood repeats it: rate-limited); the rest (a client gone, a
//  request MHD refused itself) is the ordinary noise of the internet.
static void
s_on_mhd_log (void *cls, const char *fmt, va_list ap)
{
    char line[300];
    vsnprintf (line, sizeof line, fmt, ap);
    size_t len = strlen (line);
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        line[--len] = 0;
    int suppressed = 0;
    if (!strstr (line, "limit"))
        vp_debug ("feed: %s", line);
    else
    if (vp_ratelimit_ok (&s_refused_log, &suppressed))
        vp_warn ("feed: %s (at most %d connections at once, %d from one address; %d more since the last line)",
                 line, S_CONNECTIONS_MAX, S_PER_ADDRESS_MAX, suppressed);
}

//  Queue an answer that closes the connection: one request per
//  connection, as phones and proxies ask, keeps the count of connections
//  the count of requests in progress. body is taken when must_free.
static enum MHD_Result
s_answer (struct MHD_Connection *connection, unsigned int status, const char *type,
          char *body, size_t size, bool must_free, const char *const headers[])
{
    struct MHD_Response *response = MHD_create_response_from_buffer (
        size, body, must_free ? MHD_RESPMEM_MUST_FREE : size ? MHD_RESPMEM_MUST_COPY : MHD_RESPMEM_PERSISTENT);
    if (!response) {
        if (must_free)
            free (body);
        return MHD_NO;
    }
    if (type)
        MHD_add_response_header (response, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header (response, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache, private");
    for (int i = 0; headers && headers[i]; i += 2)
        MHD_add_response_header (response, headers[i], headers[i + 1]);
    MHD_add_response_header (response, MHD_HTTP_HEADER_CONNECTION, "close");
    enum MHD_Result rc = MHD_queue_response (connection, status, response);
    MHD_destroy_response (response);
    return rc;
}

static enum MHD_Result
s_error (struct MHD_Connection *connection, unsigned int status, const char *const headers[])
{
    char body[128];
    int len = snprintf (body, sizeof body, "%u %s\n", status, MHD_get_reason_phrase_for (status));
    return s_answer (connection, status, "text/plain; charset=utf-8", body, (size_t) len, false, headers);
}

//  The ETag of a feed: a hash of its text without the DTSTAMP lines,
//  which cal_ical stamps with the time of each request. Two answers of
//  the same entries then have the same tag; it is a weak tag because
//  their bytes differ in those lines.
static void
s_etag (const char *ics, char hex[2 * S_ETAG_BYTES + 1])
{
    crypto_generichash_state state;
    crypto_generichash_init (&state, NULL, 0, S_ETAG_BYTES);
    for (const char *line = ics; *line; ) {
        const char *end = strchr (line, '\n');
        end = end ? end + 1 : line + strlen (line);
        if (strncmp (line, "DTSTAMP:", 8) != 0 && strncmp (line, "DTSTAMP;", 8) != 0)
            crypto_generichash_update (&state, (const unsigned char *) line, (unsigned long long) (end - line));
        line = end;
    }
    unsigned char digest[S_ETAG_BYTES];
    crypto_generichash_final (&state, digest, sizeof digest);
    sodium_bin2hex (hex, 2 * S_ETAG_BYTES + 1, digest, sizeof digest);
}

//  If-None-Match: "*", or a list of entity tags, compared weakly (the W/
//  does not count), as RFC 9110 13.1.2 has it for GET and HEAD.
static bool
s_etag_matches (const char *field, const char *etag)
{
    size_t len = strlen (etag);
    const char *p = field;
    for (int items = 0; *p && items < 64; items++) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (*p == '*')
            return true;
        if (strncmp (p, "W/", 2) == 0)
            p += 2;
        if (*p != '"')
            return false;
        const char *close = strchr (p + 1, '"');
        if (!close)
            return false;
        if ((size_t) (close - p - 1) == len && strncmp (p + 1, etag, len) == 0)
            return true;
        p = close + 1;
    }
    return false;
}

static const char *const s_days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
static const char *const s_months[] = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

//  An HTTP date (IMF-fixdate), spelled in English whatever the locale.
static void
s_http_date (int64_t seconds, char out[32])
{
    time_t t = (time_t) seconds;
    struct tm tm;
    gmtime_r (&t, &tm);
    snprintf (out, 32, "%s, %02d %s %04d %02d:%02d:%02d GMT", s_days[tm.tm_wday], tm.tm_mday,
              s_months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

//  An HTTP date in any of its three forms (RFC 9110 5.6.7) into *seconds.
static bool
s_http_time (const char *s, int64_t *seconds)
{
    char month[4] = "";
    int day = 0, year = 0, hour = 0, minute = 0, second = 0, end = 0;
    if (sscanf (s, "%*3[A-Za-z], %2d %3[A-Za-z] %4d %2d:%2d:%2d GMT%n",
                &day, month, &year, &hour, &minute, &second, &end) == 6 && end)
        ;
    else
    if (sscanf (s, "%*[A-Za-z], %2d-%3[A-Za-z]-%2d %2d:%2d:%2d GMT%n",
                &day, month, &year, &hour, &minute, &second, &end) == 6 && end)
        year += year < 70 ? 2000 : 1900;
    else
    if (sscanf (s, "%*3[A-Za-z] %3[A-Za-z] %2d %2d:%2d:%2d %4d%n",
                month, &day, &hour, &minute, &second, &year, &end) == 6 && end)
        ;
    else
        return false;
    int mon = -1;
    for (int i = 0; i < 12; i++)
        if (strcmp (month, s_months[i]) == 0)
            mon = i;
    if (mon < 0 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        return false;
    struct tm tm = { .tm_year = year - 1900, .tm_mon = mon, .tm_mday = day,
                     .tm_hour = hour, .tm_min = minute, .tm_sec = second };
    *seconds = (int64_t) timegm (&tm);
    return true;
}

//  The feed's version of this content: its Last-Modified moves on only
//  when its ETag changes, to the time of the first request that saw the
//  new content, and at least a second past the last one, so that an
//  If-Modified-Since of an answer already given never hides a change.
//  Kept in memory: after a restart a feed's content is new once more.
static s_version_t *
s_version (cal_feed_t *self, const char *token, const char *etag)
{
    s_version_t *version = (s_version_t *) zhashx_lookup (self->versions, token);
    if (!version) {
        version = (s_version_t *) zmalloc (sizeof (s_version_t));
        zhashx_insert (self->versions, token, version);
    }
    if (strcmp (version->etag, etag) != 0) {
        int64_t now = vp_clock_now () / 1000;
        version->modified = now > version->modified ? now : version->modified + 1;
        snprintf (version->etag, sizeof version->etag, "%s", etag);
    }
    return version;
}

//  Whether the client's copy is this one: If-None-Match when it sent
//  one, else If-Modified-Since (RFC 9110 13.2.2).
static bool
s_fresh (struct MHD_Connection *connection, const s_version_t *version)
{
    const char *match = MHD_lookup_connection_value (connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
    if (match)
        return s_etag_matches (match, version->etag);
    const char *since = MHD_lookup_connection_value (connection, MHD_HEADER_KIND,
                                                     MHD_HTTP_HEADER_IF_MODIFIED_SINCE);
    int64_t seconds = 0;
    return since && s_http_time (since, &seconds) && version->modified <= seconds;
}

static bool
s_is_method (const char *method)
{
    size_t len = strlen (method);
    if (len == 0 || len > 16)
        return false;
    for (size_t i = 0; i < len; i++)
        if (method[i] < 'A' || method[i] > 'Z')
            return false;
    return true;
}

//  A request whose line and headers came whole (MHD calls again for a
//  body, which no answer here reads).
static enum MHD_Result
s_on_request (void *cls, struct MHD_Connection *connection, const char *url, const char *method,
              const char *version, const char *upload_data, size_t *upload_data_size, void **req_cls)
{
    cal_feed_t *self = (cal_feed_t *) cls;
    if (*req_cls) {
        *upload_data_size = 0;
        return MHD_YES;
    }
    *req_cls = self;
    const union MHD_ConnectionInfo *info = MHD_get_connection_info (connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    s_conn_t *conn = info ? (s_conn_t *) info->socket_context : NULL;
    if (!conn)
        return MHD_NO;
    conn->asked = true;
    if (s_request_size (connection, conn, method, version) > S_REQUEST_MAX)
        return s_error (connection, MHD_HTTP_REQUEST_HEADER_FIELDS_TOO_LARGE, NULL);
    if (!s_is_method (method) || url[0] != '/' || strncmp (version, "HTTP/1.", 7) != 0)
        return s_error (connection, MHD_HTTP_BAD_REQUEST, NULL);
    bool head = strcmp (method, MHD_HTTP_METHOD_HEAD) == 0;
    if (!head && strcmp (method, MHD_HTTP_METHOD_GET) != 0)
        return s_error (connection, MHD_HTTP_METHOD_NOT_ALLOWED,
                        (const char *[]) { MHD_HTTP_HEADER_ALLOW, "GET, HEAD", NULL });
    char token[CAL_FEED_TOKEN_HEX + 1];
    cal_feed_token_in (url, token);
    cal_service_t *service = self->service;
    char tenant[CAL_ID_MAX], officer[CAL_ID_MAX], body[CAL_ID_MAX];
    if (!cal_feed_token_find (service, token, tenant, officer, body)) {
        if (*token)
            zhashx_delete (self->versions, token);      //  revoked: forget what it served
        return s_error (connection, MHD_HTTP_NOT_FOUND, NULL);
    }
    vp_err_t err = { 0 };
    size_t count = 0;
    char *ics = cal_ical_feed (service, tenant, *officer ? officer : NULL, *body ? body : NULL, &count, &err);
    if (!ics) {
        vp_log (VP_LOG_WARN, tenant, NULL, "feed %.6s…: %s", token, err.message);
        return s_error (connection, MHD_HTTP_SERVICE_UNAVAILABLE,
                        (const char *[]) { MHD_HTTP_HEADER_RETRY_AFTER, "60", NULL });
    }
    char etag[2 * S_ETAG_BYTES + 1], quoted[2 * S_ETAG_BYTES + 8], modified[32];
    s_etag (ics, etag);
    s_version_t *seen = s_version (self, token, etag);
    snprintf (quoted, sizeof quoted, "W/\"%s\"", etag);
    s_http_date (seen->modified, modified);
    const char *const validators[] = {
        MHD_HTTP_HEADER_ETAG, quoted, MHD_HTTP_HEADER_LAST_MODIFIED, modified, NULL
    };
    bool fresh = s_fresh (connection, seen);
    vp_log (VP_LOG_DEBUG, tenant, NULL, "feed %.6s… of %s: %zu entries%s", token,
            *officer ? officer : *body ? body : "the commune", count, fresh ? ", not modified" : "");
    //  MHD (0.9.75) puts Content-Length: 0 on the 304; a cache keeps the
    //  length it stored all the same (RFC 9111 3.2).
    if (fresh) {
        free (ics);
        return s_answer (connection, MHD_HTTP_NOT_MODIFIED, NULL, NULL, 0, false, validators);
    }
    //  HEAD: MHD sends the same head, Content-Length included, and no body.
    return s_answer (connection, MHD_HTTP_OK, "text/calendar; charset=utf-8", ics, strlen (ics), true, validators);
}

//  Close the connections past their time: S_REQUEST_MS to send a whole
//  request (MHD's own timeout starts again at each byte, so a client
//  sending one byte every few seconds would keep it for ever), and
//  S_CONNECTION_MS in all, the answer included. A shutdown, not a close:
//  MHD owns the descriptor and closes it when its next read sees the end.
static void
s_cut_late (cal_feed_t *self)
{
    static const char timeout[] =
        "HTTP/1.1 408 Request Timeout\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 20\r\n"
        "Cache-Control: no-cache, private\r\nConnection: close\r\n\r\n408 Request Timeout\n";
    int64_t now = vp_clock_mono ();
    int cut = 0;
    for (s_conn_t *conn = (s_conn_t *) zlistx_first (self->conns); conn;
         conn = (s_conn_t *) zlistx_next (self->conns)) {
        if (conn->cut || now - conn->since < (conn->asked ? S_CONNECTION_MS : S_REQUEST_MS))
            continue;
        const union MHD_ConnectionInfo *info = MHD_get_connection_info (conn->connection,
                                                                        MHD_CONNECTION_INFO_CONNECTION_FD);
        if (!info)
            continue;
        //  Nothing of an answer went out before the request was whole.
        if (!conn->asked
        &&  send (info->connect_fd, timeout, sizeof timeout - 1, MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
            vp_debug ("feed: could not send a 408: %s", strerror (errno));
        shutdown (info->connect_fd, SHUT_RDWR);
        conn->cut = true;
        cut++;
    }
    int suppressed = 0;
    if (cut && vp_ratelimit_ok (&s_cut_log, &suppressed))
        vp_warn ("feed: closed %d connection%s that took longer than %d s for a request or %d s in all%s", cut,
                 cut > 1 ? "s" : "", S_REQUEST_MS / 1000, S_CONNECTION_MS / 1000,
                 suppressed ? " (and more, held back)" : "");
}

static int s_on_timer (zloop_t *loop, int timer_id, void *arg);

//  The next MHD_run: when MHD asks for one, or when the first connection
//  still open is due to be cut, whichever comes first.
static void
s_arm (cal_feed_t *self)
{
    MHD_UNSIGNED_LONG_LONG timeout = 0;
    int64_t delay = MHD_get_timeout (self->daemon, &timeout) == MHD_YES ? (int64_t) timeout : -1;
    int64_t now = vp_clock_mono ();
    for (s_conn_t *conn = (s_conn_t *) zlistx_first (self->conns); conn;
         conn = (s_conn_t *) zlistx_next (self->conns)) {
        if (conn->cut)
            continue;
        int64_t due = conn->since + (conn->asked ? S_CONNECTION_MS : S_REQUEST_MS) - now;
        if (due < 0)
            due = 0;
        if (delay < 0 || due < delay)
            delay = due;
    }
    if (self->timer >= 0)
        zloop_timer_end (self->loop, self->timer);
    self->timer = delay >= 0 ? zloop_timer (self->loop, (size_t) delay, 1, s_on_timer, self) : -1;
}

static void
s_run (cal_feed_t *self)
{
    s_cut_late (self);
    MHD_run (self->daemon);
    s_arm (self);
}

static int
s_on_timer (zloop_t *loop, int timer_id, void *arg)
{
    cal_feed_t *self = (cal_feed_t *) arg;
    if (timer_id == self->timer)
        self->timer = -1;           //  a one-shot: the loop drops it
    s_run (self);
    return 0;
}

static int
s_on_ready (zloop_t *loop, zmq_pollitem_t *item, void *arg)
{
    s_run ((cal_feed_t *) arg);
    return 0;
}

//  A listening socket on tcp://host:port (host * for every IPv4
//  address, [addr] for IPv6; port * for any); the endpoint bound into
//  bound. -1 with err naming calendar-http.
static int
s_listen (const char *endpoint, char *bound, size_t size, int *family, vp_err_t *err)
{
    const char *host = strncmp (endpoint, "tcp://", 6) == 0 ? endpoint + 6 : NULL;
    const char *colon = host ? strrchr (host, ':') : NULL;
    if (!colon || colon == host || !colon[1] || (size_t) (colon - host) >= VP_ENDPOINT_MAX)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, "calendar-http",
                           "the feeds' HTTP endpoint \"%s\" is not tcp://host:port", endpoint);
    char name[VP_ENDPOINT_MAX];
    snprintf (name, sizeof name, "%.*s", (int) (colon - host), host);
    if (name[0] == '[' && name[strlen (name) - 1] == ']') {
        memmove (name, name + 1, strlen (name));
        name[strlen (name) - 1] = 0;
    }
    bool any = strcmp (name, "*") == 0;
    const char *port = strcmp (colon + 1, "*") == 0 ? "0" : colon + 1;
    struct addrinfo hints = {
        .ai_family = any ? AF_INET : AF_UNSPEC, .ai_socktype = SOCK_STREAM,
        .ai_flags = AI_PASSIVE | AI_NUMERICSERV
    };
    struct addrinfo *found = NULL;
    int rc = getaddrinfo (any ? NULL : name, port, &hints, &found);
    if (rc)
        return vp_err_set (err, VP_E_UNAVAILABLE, "calendar-http", "cannot bind the feeds' HTTP endpoint %s: %s",
                           endpoint, gai_strerror (rc));
    int fd = socket (found->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int on = 1;
    if (fd < 0
    ||  setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on)
    ||  bind (fd, found->ai_addr, found->ai_addrlen)
    ||  listen (fd, SOMAXCONN)) {
        vp_err_set (err, VP_E_UNAVAILABLE, "calendar-http", "cannot bind the feeds' HTTP endpoint %s: %s",
                    endpoint, strerror (errno));
        if (fd >= 0)
            close (fd);
        freeaddrinfo (found);
        return -1;
    }
    *family = found->ai_family;
    freeaddrinfo (found);
    struct sockaddr_storage addr;
    socklen_t len = sizeof addr;
    char text[INET6_ADDRSTRLEN] = "?";
    unsigned port_bound = 0;
    if (getsockname (fd, (struct sockaddr *) &addr, &len) == 0) {
        if (addr.ss_family == AF_INET6) {
            struct sockaddr_in6 *in6 = (struct sockaddr_in6 *) &addr;
            inet_ntop (AF_INET6, &in6->sin6_addr, text, sizeof text);
            port_bound = ntohs (in6->sin6_port);
        }
        else {
            struct sockaddr_in *in4 = (struct sockaddr_in *) &addr;
            inet_ntop (AF_INET, &in4->sin_addr, text, sizeof text);
            port_bound = ntohs (in4->sin_port);
        }
    }
    snprintf (bound, size, *family == AF_INET6 ? "tcp://[%s]:%u" : "tcp://%s:%u", text, port_bound);
    return fd;
}

cal_feed_t *
cal_feed_new (cal_service_t *service, const char *endpoint, vp_err_t *err)
{
    if (sodium_init () < 0) {
        vp_err_set (err, VP_E_INTERNAL, "calendar-http", "libsodium did not start: no ETag for the feeds");
        return NULL;
    }
    cal_feed_t *self = (cal_feed_t *) zmalloc (sizeof (cal_feed_t));
    self->service = service;
    self->timer = -1;
    self->epoll_fd = -1;
    self->loop = vp_service_loop (service->service);
    self->conns = zlistx_new ();
    self->versions = zhashx_new ();
    zhashx_set_destructor (self->versions, s_version_destroy);
    int family = AF_INET;
    int fd = s_listen (endpoint, self->endpoint, sizeof self->endpoint, &family, err);
    if (fd < 0) {
        cal_feed_destroy (&self);
        return NULL;
    }
    //  No thread of MHD's own: MHD_run on this loop, so the handler reads
    //  the service's database from the thread that owns it. MHD's epoll
    //  descriptor is one more poller; MHD_get_timeout sets the timer.
    self->daemon = MHD_start_daemon (
        MHD_USE_EPOLL | MHD_USE_ERROR_LOG | (family == AF_INET6 ? MHD_USE_IPv6 : 0), 0, NULL, NULL,
        s_on_request, self,
        MHD_OPTION_EXTERNAL_LOGGER, s_on_mhd_log, self,
        MHD_OPTION_LISTEN_SOCKET, (MHD_socket) fd,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned int) S_CONNECTIONS_MAX,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int) S_PER_ADDRESS_MAX,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int) S_IDLE_S,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t) S_REQUEST_MEMORY,
        MHD_OPTION_NOTIFY_CONNECTION, s_on_connection, self,
        MHD_OPTION_URI_LOG_CALLBACK, s_on_target, self,
        MHD_OPTION_END);
    const union MHD_DaemonInfo *info = self->daemon ? MHD_get_daemon_info (self->daemon, MHD_DAEMON_INFO_EPOLL_FD)
                                                    : NULL;
    if (!self->daemon)
        close (fd);
    zmq_pollitem_t item = { NULL, info ? info->epoll_fd : -1, ZMQ_POLLIN, 0 };
    if (!info || zloop_poller (self->loop, &item, s_on_ready, self)) {
        vp_err_set (err, VP_E_INTERNAL, "calendar-http", "cannot start the feeds' HTTP endpoint on %s",
                    self->endpoint);
        cal_feed_destroy (&self);
        return NULL;
    }
    self->epoll_fd = item.fd;
    zloop_poller_set_tolerant (self->loop, &item);
    vp_info ("feeds: HTTP on %s", self->endpoint);
    return self;
}

void
cal_feed_destroy (cal_feed_t **self_p)
{
    cal_feed_t *self = *self_p;
    if (!self)
        return;
    if (self->loop && self->epoll_fd >= 0) {
        zmq_pollitem_t item = { NULL, self->epoll_fd, ZMQ_POLLIN, 0 };
        zloop_poller_end (self->loop, &item);
    }
    if (self->loop && self->timer >= 0)
        zloop_timer_end (self->loop, self->timer);
    //  Closes every connection (each one's "closed" empties conns) and
    //  the listening socket.
    if (self->daemon)
        MHD_stop_daemon (self->daemon);
    zlistx_destroy (&self->conns);
    zhashx_destroy (&self->versions);
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
