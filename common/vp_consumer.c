/*  vp_consumer - apply each event of the followed streams once, lose none. */
#include <string.h>
#include "vp/vp_clock.h"
#include "vp/vp_codec.h"
#include "vp/vp_consumer.h"
#include "vp/vp_db.h"
#include "vp/vp_id.h"
#include "vp/vp_log.h"
#include "vp/vp_secrecy.h"

#define S_MAX_STREAMS 16
#define S_TICK_MS 100
#define S_REPLAY_TIMEOUT_MS 3000
#define S_RETRY_MS 500
#define S_REPLAY_PAGE 1000

typedef struct {
    char name[33];
    int64_t cursor;             //  committed
    int64_t head;               //  last head the bus told
    bool replaying;
    int64_t replay_sent;        //  mono ms
    char replay_id[VP_ID_LEN + 1];
} s_stream_t;

struct vp_consumer {
    sqlite3 *db;
    char pub_endpoint[256];
    vp_keys_t *keys;
    zsock_t *sub;
    zsock_t *replay;
    zloop_t *loop;
    vp_apply_fn *apply;
    vp_commit_fn *on_commit;
    void *on_commit_arg;
    vp_precommit_fn *before_commit;
    void *before_commit_arg;
    void *arg;
    vp_limits_t limits;
    s_stream_t streams[S_MAX_STREAMS];
    int nstreams;
    int hwm;
    int batch;
    int timer;                  //  the loop's timer id, while attached
    int64_t retry_at;           //  mono ms; 0 when not paused
    int64_t last_heartbeat;     //  mono ms
    int64_t applied;
    int64_t replays;
    vp_val_t **pending;         //  live events waiting for one transaction
    int npending;
    vp_ratelimit_t warnings;
};

int
vp_consumer_schema (sqlite3 *db, vp_err_t *err)
{
    //  IF NOT EXISTS: files made before vp_schema have it.
    static const char *const migrations[] = {
        "CREATE TABLE IF NOT EXISTS vp_cursor (stream TEXT PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID;",
        NULL
    };
    return vp_db_migrate (db, "vp_consumer", migrations, err);
}

vp_consumer_t *
vp_consumer_new (sqlite3 *db, const char *pub_endpoint, const char *replay_endpoint,
                 vp_keys_t *keys, vp_apply_fn *apply, void *arg, vp_err_t *err)
{
    zsock_t *replay = vp_sock_connect (keys, ZMQ_DEALER, replay_endpoint, "bus", err);
    if (!replay)
        return NULL;
    vp_consumer_t *self = (vp_consumer_t *) zmalloc (sizeof (vp_consumer_t));
    self->db = db;
    snprintf (self->pub_endpoint, sizeof self->pub_endpoint, "%s", pub_endpoint);
    self->keys = keys;
    self->replay = replay;
    self->apply = apply;
    self->arg = arg;
    self->limits = vp_limits_default ();
    //  A replay answer holds many envelopes: allow it their nesting and size.
    self->limits.max_depth += 2;
    self->hwm = 1000;
    self->warnings = (vp_ratelimit_t) VP_RATELIMIT_INIT (5);
    vp_consumer_set_batch (self, 1000);
    return self;
}

void
vp_consumer_destroy (vp_consumer_t **self_p)
{
    vp_consumer_t *self = *self_p;
    if (!self)
        return;
    if (self->loop) {
        if (self->sub)
            zloop_reader_end (self->loop, self->sub);
        zloop_reader_end (self->loop, self->replay);
        zloop_timer_end (self->loop, self->timer);
    }
    for (int i = 0; i < self->npending; i++)
        vp_val_destroy (&self->pending[i]);
    free (self->pending);
    zsock_destroy (&self->sub);
    zsock_destroy (&self->replay);
    free (self);
    *self_p = NULL;
}

void vp_consumer_set_hwm (vp_consumer_t *self, int hwm) { self->hwm = hwm; }

void
vp_consumer_set_on_commit (vp_consumer_t *self, vp_commit_fn *fn, void *arg)
{
    self->on_commit = fn;
    self->on_commit_arg = arg;
}

void
vp_consumer_set_before_commit (vp_consumer_t *self, vp_precommit_fn *fn, void *arg)
{
    self->before_commit = fn;
    self->before_commit_arg = arg;
}

void
vp_consumer_set_batch (vp_consumer_t *self, int batch)
{
    assert (batch > 0 && self->npending == 0);
    self->batch = batch;
    free (self->pending);
    self->pending = (vp_val_t **) zmalloc (sizeof (vp_val_t *) * (size_t) batch);
}

static s_stream_t *
s_stream (vp_consumer_t *self, const char *name)
{
    for (int i = 0; name && i < self->nstreams; i++)
        if (strcmp (self->streams[i].name, name) == 0)
            return &self->streams[i];
    return NULL;
}

int
vp_consumer_follow (vp_consumer_t *self, const char *stream)
{
    if (s_stream (self, stream))
        return 0;
    if (self->nstreams >= S_MAX_STREAMS || strlen (stream) > 32)
        return -1;
    s_stream_t *s = &self->streams[self->nstreams++];
    memset (s, 0, sizeof *s);
    snprintf (s->name, sizeof s->name, "%s", stream);
    if (!self->db)
        return 0;
    sqlite3_stmt *stmt = vp_db_cached (self->db, "SELECT seq FROM vp_cursor WHERE stream = ?1", NULL);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, stream, -1, SQLITE_STATIC);
    if (sqlite3_step (stmt) == SQLITE_ROW)
        s->cursor = sqlite3_column_int64 (stmt, 0);
    sqlite3_reset (stmt);
    return 0;
}

int
vp_consumer_follow_from (vp_consumer_t *self, const char *stream, int64_t first)
{
    if (vp_consumer_follow (self, stream))
        return -1;
    s_stream (self, stream)->cursor = first > 0 ? first - 1 : 0;
    return 0;
}

static void
s_ask_replay (vp_consumer_t *self, s_stream_t *s)
{
    vp_id_new (s->replay_id);
    vp_val_t *request = vp_val_map ();
    vp_map_put_str (request, "stream", s->name);
    vp_map_put_int (request, "from", s->cursor + 1);
    vp_map_put_int (request, "limit", S_REPLAY_PAGE);
    vp_map_put_str (request, "id", s->replay_id);
    size_t size = 0;
    char *body = vp_encode (request, &size);
    vp_val_destroy (&request);
    zframe_t *frame = zframe_new (body, size);
    free (body);
    if (zframe_send (&frame, self->replay, ZFRAME_DONTWAIT))
        zframe_destroy (&frame);
    s->replaying = true;
    s->replay_sent = vp_clock_mono ();
    self->replays++;
}

//  The cursors that moved, in the open transaction. A failure rolls it back.
static int
s_cursors_write (vp_consumer_t *self, const int64_t *cursor, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT INTO vp_cursor (stream, seq) VALUES (?1, ?2) "
        "ON CONFLICT (stream) DO UPDATE SET seq = excluded.seq", err);
    for (int i = 0; stmt && i < self->nstreams; i++)
        if (cursor[i] != self->streams[i].cursor) {
            sqlite3_bind_text (stmt, 1, self->streams[i].name, -1, SQLITE_STATIC);
            sqlite3_bind_int64 (stmt, 2, cursor[i]);
            int rc = sqlite3_step (stmt);
            sqlite3_reset (stmt);
            if (rc != SQLITE_DONE) {
                vp_db_error (self->db, err, "cursor");
                stmt = NULL;
            }
        }
    if (!stmt)
        vp_db_rollback (self->db);
    return stmt ? 0 : -1;
}

//  Apply events (in order) in one transaction. Events at or below a
//  stream's cursor are skipped; a gap stops that stream and asks replay.
//  Returns -1 when the transaction failed (nothing applied).
static int
s_apply (vp_consumer_t *self, vp_val_t **events, int count, bool from_replay)
{
    int64_t cursor[S_MAX_STREAMS];
    bool gap[S_MAX_STREAMS] = { false };
    for (int i = 0; i < self->nstreams; i++)
        cursor[i] = self->streams[i].cursor;
    vp_err_t err = { 0 };
    if (self->db && vp_db_begin (self->db, &err))
        goto fail;
    int written = self->db ? sqlite3_total_changes (self->db) : 0;
    int64_t applied = 0;
    for (int e = 0; e < count; e++) {
        vp_val_t *env = events[e];
        s_stream_t *s = s_stream (self, vp_map_str (env, "stream"));
        if (!s || !vp_val_is_uint (vp_map_get (env, "seq")))
            continue;
        int k = (int) (s - self->streams);
        if (gap[k] || (s->replaying && !from_replay))
            continue;
        int64_t seq = vp_map_int (env, "seq", 0);
        if (seq <= cursor[k])
            continue;
        if (seq != cursor[k] + 1) {
            gap[k] = true;
            continue;
        }
        //  An event logged before its producer kept secret text in (an
        //  old log) gives none to this service either.
        vp_secrecy_redact_event (env);
        if (self->apply (self->db, env, self->arg)) {
            if (self->db)
                vp_db_rollback (self->db);
            vp_err_set (&err, VP_E_UNAVAILABLE, "", "the handler did not apply %s seq %lld",
                        vp_map_str (env, "type"), (long long) seq);
            goto fail;
        }
        cursor[k] = seq;
        applied++;
    }
    //  What the batch handed elsewhere must be confirmed before the
    //  cursor moves past it (vp-bridge: every publish acknowledged).
    if (self->before_commit && self->before_commit (self->before_commit_arg, &err)) {
        if (self->db)
            vp_db_rollback (self->db);
        goto fail;
    }
    if (!self->db)
        goto done;
    //  Events that changed nothing here (a service reading back its own,
    //  most of what it follows) move the cursors only: that transaction
    //  is done again without its fsync. Lost in a power cut, it is lost
    //  with every later commit (the WAL is synced in order), so the events
    //  are applied again to the same state, and change nothing again.
    if (sqlite3_total_changes (self->db) == written) {
        vp_db_rollback (self->db);
        int rc = vp_db_synchronous (self->db, false, &err)
              || vp_db_begin (self->db, &err)
              || s_cursors_write (self, cursor, &err)
              || vp_db_commit (self->db, &err);
        vp_db_synchronous (self->db, true, rc ? NULL : &err);
        if (rc || err.code)
            goto fail;
    }
    else
    if (s_cursors_write (self, cursor, &err) || vp_db_commit (self->db, &err))
        goto fail;
    if (applied && self->on_commit)
        self->on_commit (self->on_commit_arg);
done:
    for (int i = 0; i < self->nstreams; i++) {
        self->streams[i].cursor = cursor[i];
        if (gap[i] && !self->streams[i].replaying)
            s_ask_replay (self, &self->streams[i]);
    }
    self->applied += applied;
    return 0;

fail:;
    int held = 0;
    if (vp_ratelimit_ok (&self->warnings, &held))
        vp_warn ("consumer: events not applied, retrying in %d ms: %s", S_RETRY_MS, err.message);
    self->retry_at = vp_clock_mono () + S_RETRY_MS;
    return -1;
}

static void
s_flush (vp_consumer_t *self)
{
    if (self->npending == 0)
        return;
    s_apply (self, self->pending, self->npending, false);
    for (int i = 0; i < self->npending; i++)
        vp_val_destroy (&self->pending[i]);
    self->npending = 0;
}

static void
s_on_heartbeat (vp_consumer_t *self, vp_val_t *env)
{
    self->last_heartbeat = vp_clock_mono ();
    vp_val_t *heads = vp_map_get (vp_map_get (env, "data"), "heads");
    for (int i = 0; i < self->nstreams; i++) {
        s_stream_t *s = &self->streams[i];
        int64_t head = vp_map_int (heads, s->name, 0);
        if (head > s->head)
            s->head = head;
        //  Everything published before this heartbeat has been read: a
        //  head past the cursor means the tail was dropped on the way.
        if (head > s->cursor && !s->replaying && !self->retry_at)
            s_ask_replay (self, s);
    }
}

static int
s_on_live (zloop_t *loop, zsock_t *sock, void *arg)
{
    vp_consumer_t *self = (vp_consumer_t *) arg;
    for (int i = 0; i < 100000; i++) {
        zmsg_t *msg = zmsg_recv (sock);     //  rcvtimeo 0: NULL when drained
        if (!msg)
            break;
        zframe_t *body = zmsg_last (msg);
        vp_val_t *env = NULL;
        vp_err_t err = { 0 };
        if (body && vp_decode (zframe_data (body), zframe_size (body), &self->limits, &env, &err)) {
            int held = 0;
            if (vp_ratelimit_ok (&self->warnings, &held))
                vp_warn ("consumer: dropped an unreadable published message: %s", err.message);
        }
        else
        if (body) {
            const char *type = vp_map_str (env, "type");
            if (type && strcmp (type, "bus.heartbeat") == 0) {
                s_flush (self);
                s_on_heartbeat (self, env);
                vp_val_destroy (&env);
            }
            else {
                self->pending[self->npending++] = env;
                if (self->npending == self->batch)
                    s_flush (self);
            }
        }
        zmsg_destroy (&msg);
    }
    s_flush (self);
    return 0;
}

static int
s_on_replay (zloop_t *loop, zsock_t *sock, void *arg)
{
    vp_consumer_t *self = (vp_consumer_t *) arg;
    zframe_t *frame = zframe_recv (sock);
    if (!frame)
        return 0;
    vp_val_t *reply = NULL;
    vp_err_t err = { 0 };
    if (vp_decode (zframe_data (frame), zframe_size (frame), &self->limits, &reply, &err)) {
        vp_warn ("consumer: unreadable replay answer: %s", err.message);
        zframe_destroy (&frame);
        return 0;
    }
    zframe_destroy (&frame);
    s_stream_t *s = s_stream (self, vp_map_str (reply, "stream"));
    const char *id = vp_map_str (reply, "id");
    if (!s || !id || strcmp (id, s->replay_id) != 0) {
        vp_val_destroy (&reply);        //  an answer to a request given up on
        return 0;
    }
    if (!vp_map_bool (reply, "ok", false)) {
        vp_val_t *error = vp_map_get (reply, "error");
        vp_warn ("consumer: replay of %s refused: %s", s->name, vp_map_str (error, "message"));
        s->replaying = false;
        self->retry_at = vp_clock_mono () + S_RETRY_MS;
        vp_val_destroy (&reply);
        return 0;
    }
    int64_t head = vp_map_int (reply, "head", 0);
    if (head > s->head)
        s->head = head;
    vp_val_t *events = vp_map_get (reply, "events");
    size_t n = vp_val_len (events);
    vp_val_t **list = (vp_val_t **) zmalloc (sizeof (vp_val_t *) * (n ? n : 1));
    for (size_t i = 0; i < n; i++)
        list[i] = vp_array_at (events, i);
    int rc = s_apply (self, list, (int) n, true);
    free (list);
    vp_val_destroy (&reply);
    if (rc)
        s->replaying = false;   //  retried after the pause
    else
    if (s->cursor < s->head && n > 0)
        s_ask_replay (self, s); //  next page
    else
        s->replaying = false;
    return 0;
}

static int
s_on_tick (zloop_t *loop, int timer_id, void *arg)
{
    vp_consumer_t *self = (vp_consumer_t *) arg;
    int64_t now = vp_clock_mono ();
    if (self->retry_at && now >= self->retry_at) {
        self->retry_at = 0;
        for (int i = 0; i < self->nstreams; i++)
            s_ask_replay (self, &self->streams[i]);
    }
    for (int i = 0; i < self->nstreams; i++) {
        s_stream_t *s = &self->streams[i];
        if (s->replaying && now - s->replay_sent > S_REPLAY_TIMEOUT_MS)
            s_ask_replay (self, s);     //  the bus may have restarted
    }
    return 0;
}

int
vp_consumer_attach (vp_consumer_t *self, zloop_t *loop)
{
    vp_err_t err = { 0 };
    vp_sockopts_t opts = { .rcvhwm = self->hwm };
    self->sub = vp_sock_connect_opts (self->keys, ZMQ_SUB, self->pub_endpoint, "bus", &opts, &err);
    if (!self->sub) {
        vp_error ("consumer: %s", err.message);
        return -1;
    }
    zsock_set_rcvtimeo (self->sub, 0);
    zsock_set_subscribe (self->sub, "bus.heartbeat");
    for (int i = 0; i < self->nstreams; i++) {
        char topic[40];
        snprintf (topic, sizeof topic, "%s.", self->streams[i].name);
        zsock_set_subscribe (self->sub, topic);
    }
    self->loop = loop;
    if (zloop_reader (loop, self->sub, s_on_live, self) || zloop_reader (loop, self->replay, s_on_replay, self))
        return -1;
    self->timer = zloop_timer (loop, S_TICK_MS, 0, s_on_tick, self);
    if (self->timer < 0)
        return -1;
    for (int i = 0; i < self->nstreams; i++)
        s_ask_replay (self, &self->streams[i]);
    return 0;
}

int64_t
vp_consumer_cursor (vp_consumer_t *self, const char *stream)
{
    s_stream_t *s = s_stream (self, stream);
    return s ? s->cursor : 0;
}

int64_t
vp_consumer_head (vp_consumer_t *self, const char *stream)
{
    s_stream_t *s = s_stream (self, stream);
    return s ? s->head : 0;
}

int64_t vp_consumer_applied (vp_consumer_t *self) { return self->applied; }
int64_t vp_consumer_replays (vp_consumer_t *self) { return self->replays; }

bool
vp_consumer_connected (vp_consumer_t *self)
{
    return self->last_heartbeat && vp_clock_mono () - self->last_heartbeat < 3000;
}

vp_val_t *
vp_consumer_status (vp_consumer_t *self)
{
    vp_val_t *status = vp_val_map ();
    for (int i = 0; i < self->nstreams; i++) {
        vp_val_t *s = vp_val_map ();
        vp_map_put_int (s, "cursor", self->streams[i].cursor);
        vp_map_put_int (s, "head", self->streams[i].head);
        vp_map_put (status, self->streams[i].name, s);
    }
    return status;
}
