/*  vp_outbox - the producer side of the bus. */
#include <string.h>
#include "vp/vp_clock.h"
#include "vp/vp_codec.h"
#include "vp/vp_db.h"
#include "vp/vp_envelope.h"
#include "vp/vp_id.h"
#include "vp/vp_log.h"
#include "vp/vp_outbox.h"

#define S_TICK_MS 50
#define S_MAX_BACKOFF_MS 2000
#define S_DONE_WINDOWS 4        //  acknowledged rows kept before they must be deleted

//  Migration 1 (IF NOT EXISTS: files made before vp_schema have it).
static const char s_schema[] =
    "CREATE TABLE IF NOT EXISTS vp_outbox ("
    "  n INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  id TEXT NOT NULL,"
    "  body BLOB NOT NULL);"
    "CREATE TABLE IF NOT EXISTS vp_outbox_rejected ("
    "  n INTEGER PRIMARY KEY,"
    "  id TEXT NOT NULL,"
    "  body BLOB NOT NULL,"
    "  code TEXT NOT NULL,"
    "  message TEXT NOT NULL,"
    "  at INTEGER NOT NULL);";

int
vp_outbox_schema (sqlite3 *db, vp_err_t *err)
{
    static const char *const migrations[] = { s_schema, NULL };
    return vp_db_migrate (db, "vp_outbox", migrations, err);
}

int
vp_outbox_add (sqlite3 *db, vp_val_t *env, vp_err_t *err)
{
    if (vp_envelope_check (env, false, err)) {
        vp_val_destroy (&env);
        return -1;
    }
    size_t size = 0;
    char *body = vp_encode (env, &size);
    //  The bus would refuse it without reading its id, and the row would
    //  wait forever at the head of the outbox: refuse it here instead.
    vp_limits_t limits = vp_limits_default ();
    if (size > limits.max_frame) {
        vp_err_set (err, VP_E_INVALID_ARGUMENT, "data", "event %s of %zu bytes is over the frame limit of %zu",
                    vp_map_str (env, "type"), size, limits.max_frame);
        free (body);
        vp_val_destroy (&env);
        return -1;
    }
    sqlite3_stmt *stmt = vp_db_cached (db, "INSERT INTO vp_outbox (id, body) VALUES (?1, ?2)", err);
    int rc = -1;
    if (stmt) {
        sqlite3_bind_text (stmt, 1, vp_map_str (env, "id"), -1, SQLITE_TRANSIENT);
        sqlite3_bind_blob (stmt, 2, body, (int) size, SQLITE_STATIC);
        rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (db, err, "outbox insert");
        sqlite3_reset (stmt);
    }
    free (body);
    vp_val_destroy (&env);
    return rc;
}

typedef struct {
    int64_t n;
    char id[VP_ID_LEN + 1];
    bool acked;
    int epoch;                  //  connection it was last sent on
} s_flight_t;

struct vp_outbox {
    sqlite3 *db;
    zsock_t *sock;
    zsock_t *monitor;           //  connection events of sock
    int epoch;                  //  counts connections lost
    bool hold_new;              //  since the last loss: nothing new until all in flight is acked
    zloop_t *loop;
    vp_limits_t limits;
    int window;
    int timeout_ms;
    s_flight_t *flight;         //  sent, in n order; acked ones leave from the front
    int nflight;
    int64_t last_sent;          //  highest n sent
    int64_t last_progress;      //  mono ms of the last ack or first send into an empty window
    int64_t resume_at;          //  mono ms before which nothing is sent (backoff)
    int backoff_ms;
    int timer;                  //  the loop's timer id, while attached
    int64_t acked_total;
    int64_t rejected_total;
    int64_t *done;              //  n of rows to delete
    int ndone;
    vp_ratelimit_t warnings;
};

vp_outbox_t *
vp_outbox_new (sqlite3 *db, const char *ingest, vp_keys_t *keys, vp_err_t *err)
{
    //  immediate: a send with no connection fails at once, and the row is
    //  sent again later, instead of waiting in a queue that may be lost.
    vp_sockopts_t opts = { .sndhwm = VP_HWM_UNLIMITED, .immediate = true };
    zsock_t *sock = vp_sock_connect_opts (keys, ZMQ_DEALER, ingest, "bus", &opts, err);
    if (!sock)
        return NULL;
    zsock_set_rcvtimeo (sock, 0);
    vp_outbox_t *self = (vp_outbox_t *) zmalloc (sizeof (vp_outbox_t));
    self->db = db;
    self->sock = sock;
    //  Rows sent on a connection that then broke may be lost while later
    //  rows reach the bus on the next one. To keep the stream in order, a
    //  lost connection makes the pump resend everything in flight before
    //  anything new; the monitor tells it so, and is read before each send.
    char endpoint[64];
    snprintf (endpoint, sizeof endpoint, "inproc://vp-outbox-monitor-%p", (void *) self);
    zmq_socket_monitor (zsock_resolve (sock), endpoint, ZMQ_EVENT_DISCONNECTED);
    self->monitor = zsock_new_pair (endpoint);
    self->limits = vp_limits_default ();
    self->timeout_ms = 2000;
    self->warnings = (vp_ratelimit_t) VP_RATELIMIT_INIT (5);
    vp_outbox_set_window (self, 1000);
    return self;
}

void
vp_outbox_destroy (vp_outbox_t **self_p)
{
    vp_outbox_t *self = *self_p;
    if (!self)
        return;
    if (self->loop) {
        zloop_reader_end (self->loop, self->sock);
        zloop_timer_end (self->loop, self->timer);
    }
    zmq_socket_monitor (zsock_resolve (self->sock), NULL, 0);
    zsock_destroy (&self->monitor);
    zsock_destroy (&self->sock);
    free (self->flight);
    free (self->done);
    free (self);
    *self_p = NULL;
}

void
vp_outbox_set_window (vp_outbox_t *self, int window)
{
    assert (window > 0 && self->nflight == 0);
    self->window = window;
    free (self->flight);
    free (self->done);
    self->flight = (s_flight_t *) zmalloc (sizeof (s_flight_t) * (size_t) window);
    self->done = (int64_t *) zmalloc (sizeof (int64_t) * (size_t) window * S_DONE_WINDOWS);
}

void vp_outbox_set_timeout (vp_outbox_t *self, int timeout_ms) { self->timeout_ms = timeout_ms; }

//  Count connections lost since the last look.
static void
s_watch (vp_outbox_t *self)
{
    while (zsock_events (self->monitor) & ZMQ_POLLIN) {
        zmsg_t *msg = zmsg_recv (self->monitor);
        zframe_t *event = zmsg_first (msg);
        if (event && zframe_size (event) >= 2) {
            uint16_t id;
            memcpy (&id, zframe_data (event), 2);
            if (id == ZMQ_EVENT_DISCONNECTED) {
                self->epoch++;
                self->hold_new = true;
            }
        }
        zmsg_destroy (&msg);
    }
}

static int
s_send_row (vp_outbox_t *self, sqlite3_stmt *stmt, int column)
{
    const void *body = sqlite3_column_blob (stmt, column);
    int size = sqlite3_column_bytes (stmt, column);
    zframe_t *frame = zframe_new (body, (size_t) size);
    if (zframe_send (&frame, self->sock, ZFRAME_DONTWAIT)) {
        zframe_destroy (&frame);
        return -1;          //  not connected (immediate): try again on the next tick
    }
    return 0;
}

//  Send what fits in the window: first what is in flight again, when
//  `again` or when its connection broke, then new rows.
static void
s_send (vp_outbox_t *self, bool again)
{
    if (vp_clock_mono () < self->resume_at)
        return;
    s_watch (self);
    vp_err_t err = { 0 };
    for (int i = 0; i < self->nflight; i++) {
        s_flight_t *f = &self->flight[i];
        if (f->acked || (!again && f->epoch == self->epoch))
            continue;
        sqlite3_stmt *stmt = vp_db_cached (self->db, "SELECT body FROM vp_outbox WHERE n = ?1", &err);
        if (!stmt)
            return;
        sqlite3_bind_int64 (stmt, 1, f->n);
        int rc = sqlite3_step (stmt) == SQLITE_ROW ? s_send_row (self, stmt, 0) : 0;
        sqlite3_reset (stmt);
        if (rc)
            return;             //  not connected: nothing new goes before these
        f->epoch = self->epoch;
        self->last_progress = vp_clock_mono ();
    }
    //  After a lost connection, what was resent may itself have gone into
    //  the dying connection (a send succeeds until zmq drops the pipe): new
    //  rows wait until every row in flight is acknowledged, so that none
    //  of them is logged after a later one (resent on a stall if need be).
    if (self->hold_new) {
        for (int i = 0; i < self->nflight; i++)
            if (!self->flight[i].acked)
                return;
        self->hold_new = false;
    }
    int room = self->window - self->nflight;
    if (room <= 0)
        return;
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT n, id, body FROM vp_outbox WHERE n > ?1 ORDER BY n LIMIT ?2", &err);
    if (!stmt)
        return;
    sqlite3_bind_int64 (stmt, 1, self->last_sent);
    sqlite3_bind_int (stmt, 2, room);
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        if (s_send_row (self, stmt, 2))
            break;
        if (self->nflight == 0)
            self->last_progress = vp_clock_mono ();
        s_flight_t *f = &self->flight[self->nflight++];
        f->n = sqlite3_column_int64 (stmt, 0);
        snprintf (f->id, sizeof f->id, "%s", (const char *) sqlite3_column_text (stmt, 1));
        f->acked = false;
        f->epoch = self->epoch;
        self->last_sent = f->n;
    }
    sqlite3_reset (stmt);
}

//  Delete acknowledged rows in one transaction. Losing this commit in a
//  power cut only means sending them again, which the bus answers from its
//  log, so it need not wait for an fsync.
static void
s_forget_done (vp_outbox_t *self)
{
    if (self->ndone == 0)
        return;
    vp_err_t err = { 0 };
    vp_db_synchronous (self->db, false, NULL);
    if (vp_db_begin (self->db, &err) == 0) {
        sqlite3_stmt *stmt = vp_db_cached (self->db, "DELETE FROM vp_outbox WHERE n = ?1", &err);
        for (int i = 0; stmt && i < self->ndone; i++) {
            sqlite3_bind_int64 (stmt, 1, self->done[i]);
            sqlite3_step (stmt);
            sqlite3_reset (stmt);
        }
        if (vp_db_commit (self->db, &err) == 0)
            self->ndone = 0;
    }
    vp_db_synchronous (self->db, true, NULL);
    if (self->ndone) {
        int held = 0;
        if (vp_ratelimit_ok (&self->warnings, &held))
            vp_warn ("outbox: cannot forget acknowledged rows yet: %s", err.message);
    }
}

//  Drop acknowledged entries from the front of the window.
static void
s_compact (vp_outbox_t *self)
{
    int first = 0;
    while (first < self->nflight && self->flight[first].acked)
        first++;
    if (first) {
        memmove (self->flight, self->flight + first,
                 sizeof (s_flight_t) * (size_t) (self->nflight - first));
        self->nflight -= first;
    }
}

static void
s_reject (vp_outbox_t *self, int64_t n, const char *code, const char *message)
{
    vp_err_t err = { 0 };
    vp_error ("outbox: the bus refused event n=%lld for good: %s: %s", (long long) n, code, message);
    if (vp_db_begin (self->db, &err))
        return;
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT OR REPLACE INTO vp_outbox_rejected (n, id, body, code, message, at) "
        "SELECT n, id, body, ?2, ?3, ?4 FROM vp_outbox WHERE n = ?1", &err);
    if (stmt) {
        sqlite3_bind_int64 (stmt, 1, n);
        sqlite3_bind_text (stmt, 2, code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (stmt, 3, message, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64 (stmt, 4, vp_clock_now ());
        sqlite3_step (stmt);
        sqlite3_reset (stmt);
    }
    stmt = vp_db_cached (self->db, "DELETE FROM vp_outbox WHERE n = ?1", &err);
    if (stmt) {
        sqlite3_bind_int64 (stmt, 1, n);
        sqlite3_step (stmt);
        sqlite3_reset (stmt);
    }
    if (vp_db_commit (self->db, &err) == 0)
        self->rejected_total++;
}

static void
s_on_reply (vp_outbox_t *self, vp_val_t *reply)
{
    const char *id = vp_map_str (reply, "id");
    if (!id)
        return;
    int at = -1;
    for (int i = 0; i < self->nflight; i++)
        if (strcmp (self->flight[i].id, id) == 0) {
            at = i;
            break;
        }
    if (at < 0 || self->flight[at].acked)
        return;             //  a late answer to a row already done
    s_flight_t *f = &self->flight[at];
    if (self->ndone >= self->window * S_DONE_WINDOWS)
        return;             //  rows not yet forgotten fill the list: resent later
    if (vp_map_bool (reply, "ok", false)) {
        f->acked = true;
        self->done[self->ndone++] = f->n;
        self->acked_total++;
        self->backoff_ms = 0;
        self->last_progress = vp_clock_mono ();
        return;
    }
    vp_val_t *error = vp_map_get (reply, "error");
    const char *code = vp_map_str (error, "code");
    const char *message = vp_map_str (error, "message");
    if (code && strcmp (code, "unavailable") != 0 && strcmp (code, "internal") != 0) {
        f->acked = true;
        s_reject (self, f->n, code, message ? message : "");
        return;
    }
    //  The bus could not commit (disk full, locked): back off, then resend.
    self->backoff_ms = self->backoff_ms ? self->backoff_ms * 2 : 100;
    if (self->backoff_ms > S_MAX_BACKOFF_MS)
        self->backoff_ms = S_MAX_BACKOFF_MS;
    self->resume_at = vp_clock_mono () + self->backoff_ms;
    self->last_progress = vp_clock_mono () - self->timeout_ms + self->backoff_ms;
    int held = 0;
    if (vp_ratelimit_ok (&self->warnings, &held))
        vp_warn ("outbox: the bus is unavailable (%s); retrying in %d ms",
                 message ? message : "?", self->backoff_ms);
}

static int
s_on_ack (zloop_t *loop, zsock_t *sock, void *arg)
{
    vp_outbox_t *self = (vp_outbox_t *) arg;
    //  Take every answer that is already here, then act once.
    for (int i = 0; i < 10000; i++) {
        zframe_t *frame = zframe_recv (sock);   //  rcvtimeo 0: NULL when drained
        if (!frame)
            break;
        vp_val_t *reply = NULL;
        if (vp_decode (zframe_data (frame), zframe_size (frame), &self->limits, &reply, NULL) == 0)
            s_on_reply (self, reply);
        vp_val_destroy (&reply);
        zframe_destroy (&frame);
    }
    //  Deleting costs a transaction: do it once a window's worth is done,
    //  or on the next tick.
    if (self->ndone >= self->window)
        s_forget_done (self);
    s_compact (self);
    s_send (self, false);
    return 0;
}

static int
s_on_tick (zloop_t *loop, int timer_id, void *arg)
{
    vp_outbox_t *self = (vp_outbox_t *) arg;
    s_forget_done (self);
    bool stalled = self->nflight > 0
                && vp_clock_mono () - self->last_progress >= self->timeout_ms;
    s_send (self, stalled);
    return 0;
}

int
vp_outbox_attach (vp_outbox_t *self, zloop_t *loop)
{
    self->loop = loop;
    if (zloop_reader (loop, self->sock, s_on_ack, self))
        return -1;
    self->timer = zloop_timer (loop, S_TICK_MS, 0, s_on_tick, self);
    return self->timer < 0 ? -1 : 0;
}

void
vp_outbox_kick (vp_outbox_t *self)
{
    s_send (self, false);
}

static int64_t
s_count (vp_outbox_t *self, const char *sql)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db, sql, NULL);
    int64_t n = stmt && sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
    if (stmt)
        sqlite3_reset (stmt);
    return n;
}

int64_t vp_outbox_depth (vp_outbox_t *self) { return s_count (self, "SELECT count(*) FROM vp_outbox"); }
int64_t vp_outbox_rejected (vp_outbox_t *self) { return s_count (self, "SELECT count(*) FROM vp_outbox_rejected"); }
int64_t vp_outbox_acked (vp_outbox_t *self) { return self->acked_total; }
