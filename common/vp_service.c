/*  vp_service - database, commands, outbox, consumer and loop of a service. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "vp/vp_access.h"
#include "vp/vp_backup.h"
#include "vp/vp_clock.h"
#include "vp/vp_db.h"
#include "vp/vp_envelope.h"
#include "vp/vp_id.h"
#include "vp/vp_codec.h"
#include "vp/vp_log.h"
#include "vp/vp_recall.h"
#include "vp/vp_request.h"
#include "vp/vp_secrecy.h"
#include "vp/vp_service.h"
#include "vp/vp_staff.h"

//  The outbox counts as stuck (health: bus false) after this long with
//  rows waiting and nothing acknowledged.
#define S_BUS_STALL_MS 5000
//  How long health waits for the database's write lock: longer than a
//  commit of the service's own takes, short enough for a healthcheck.
#define S_WRITE_PROBE_MS 200

struct vp_service {
    vp_service_opts_t opts;
    const vp_config_t *cfg;
    vp_keys_t *keys;
    sqlite3 *db;
    vp_cmdsrv_t *cmdsrv;
    vp_cmdctx_t *command;       //  the change being run (vp_service_command)
    vp_outbox_t *outbox;
    vp_consumer_t *consumer;
    zloop_t *loop;
    vp_cmd_fn *health;
    void *health_arg;
    int64_t acked_seen;         //  vp_outbox_acked at the last look
    int64_t bus_progress;       //  mono ms the outbox was last empty or moving
    char emitted[512];          //  event types of the change in progress, for the log
    const vp_val_t *cause;      //  the event being applied, inside apply
    int64_t next_prune;         //  mono ms of the next vp_request_prune
    bool batch;                 //  running a batch of commands (s_batch_begin..s_batch_end)
    bool batch_open;            //  its transaction is open
    char batch_changed[2048];   //  the commands that changed something in it
    vp_err_t failure;           //  why a handler could not apply it (vp_service_apply_failed)
    bool failed;
    vp_ratelimit_t skipped;     //  the log of events a row's needs or timely left out
    char backup_name[48];       //  "<name>.backup"
    char parked_names[2][48];   //  "<name>.parked.list", "<name>.parked.retry"
    vp_cmd_t backup_cmd[4];     //  the table of these three
};

//  The tables of vp_service itself (IF NOT EXISTS: files made before
//  vp_schema have them): ids made by vp_service_next_id, and the events
//  followed that could not be applied, ever (vp_service_apply_failed):
//  the dead letters.
static const char *const s_migrations[] = {
    "CREATE TABLE IF NOT EXISTS vp_counter ("
    " tenant TEXT NOT NULL, prefix TEXT NOT NULL, n INTEGER NOT NULL,"
    " PRIMARY KEY (tenant, prefix)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS vp_parked ("
    " stream TEXT NOT NULL, seq INTEGER NOT NULL, id TEXT NOT NULL,"
    " type TEXT NOT NULL, tenant TEXT NOT NULL, code TEXT NOT NULL,"
    " reason TEXT NOT NULL, at INTEGER NOT NULL,"
    " PRIMARY KEY (stream, seq)) WITHOUT ROWID;",
    NULL
};

//  A code that says the event itself is at fault: applying it again would
//  fail again, so it is parked rather than tried for ever.
static bool
s_permanent (vp_code_t code)
{
    return code == VP_E_INVALID_ARGUMENT || code == VP_E_NOT_FOUND || code == VP_E_ALREADY_EXISTS
        || code == VP_E_FAILED_PRECONDITION || code == VP_E_PERMISSION_DENIED;
}

//  Park the event being applied (self->cause) and tell it, in the
//  consumer's transaction: vp_parked holds it, <name>.event_failed names
//  it (its id, type, place in its stream, tenant, actor, document and
//  number: never its text) with the reason.
static int
s_park (vp_service_t *self, const vp_val_t *env, const vp_err_t *why)
{
    const char *stream = vp_map_str (env, "stream"), *type = vp_map_str (env, "type");
    const char *tenant = vp_map_str (env, "tenant") ? vp_map_str (env, "tenant") : "";
    int64_t seq = vp_map_int (env, "seq", 0);
    vp_err_t err = { 0 };
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT INTO vp_parked (stream, seq, id, type, tenant, code, reason, at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (stream, seq) DO NOTHING", &err);
    if (!stmt)
        goto fail;
    sqlite3_bind_text (stmt, 1, stream, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 2, seq);
    sqlite3_bind_text (stmt, 3, vp_map_str (env, "id"), -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 4, type, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 5, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 6, vp_code_name (why->code), -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 7, why->message, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 8, vp_clock_now ());
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE) {
        vp_db_error (self->db, &err, "vp_parked");
        goto fail;
    }
    //  Applied again (a cursor set back): parked and told already.
    if (sqlite3_changes (self->db) == 0) {
        vp_log (VP_LOG_INFO, tenant, vp_map_str (env, "corr"), "%s seq %lld is parked already: %s",
                type, (long long) seq, why->message);
        return 0;
    }
    const vp_val_t *data = vp_map_get (env, "data");
    vp_val_t *told = vp_val_map ();
    vp_map_put_str (told, "cause", vp_map_str (env, "id"));
    vp_map_put_str (told, "cause_type", type);
    vp_map_put_str (told, "cause_stream", stream);
    vp_map_put_int (told, "cause_seq", seq);
    vp_map_put_str (told, "cause_actor", vp_map_str (env, "actor") ? vp_map_str (env, "actor") : "");
    if (vp_map_str (data, "document"))
        vp_map_put_str (told, "document", vp_map_str (data, "document"));
    if (vp_map_str (data, "number"))
        vp_map_put_str (told, "number", vp_map_str (data, "number"));
    vp_map_put_str (told, "code", vp_code_name (why->code));
    if (*why->field)
        vp_map_put_str (told, "field", why->field);
    vp_map_put_str (told, "reason", *why->message ? why->message : vp_code_name (why->code));
    vp_log (VP_LOG_WARN, tenant, vp_map_str (env, "corr"), "%s seq %lld not applied, parked: %s (%s)",
            type, (long long) seq, why->message, why->field);
    if (vp_service_emit (self, NULL, tenant, "event_failed", told, &err) == 0)
        return 0;
    if (err.code == VP_E_UNAVAILABLE || err.code == VP_E_INTERNAL)
        goto fail;
    //  The event that tells it does not pass its own table (a bug of
    //  ours): it stays parked, counted by health, and the stream goes on.
    vp_error ("%s seq %lld parked, but %s.event_failed cannot be made: %s", type, (long long) seq,
              self->opts.name, err.message);
    return 0;
fail:
    vp_log (VP_LOG_WARN, tenant, vp_map_str (env, "corr"), "%s seq %lld cannot be parked, will retry: %s",
            type, (long long) seq, err.message);
    return -1;
}

static void s_batch_begin (void *arg);
static int s_batch_end (void *arg, vp_err_t *err);

//  A row's type is a type, or "*.<event>" for that event of every stream.
static bool
s_names (const char *row, const char *type)
{
    if (row[0] != '*')
        return strcmp (row, type) == 0;
    size_t len = strlen (type), tail = strlen (row + 1);
    return len > tail && strcmp (type + len - tail, row + 1) == 0;
}

//  The event to all the service keeps of it: the staffing read model,
//  apply, then the handler its table names, if any (the first row).
//  -1 with self->failed when the handler said why.
static int
s_dispatch (vp_service_t *self, const vp_val_t *env)
{
    if (self->opts.staff_model && vp_staff_apply (self->db, env, NULL))
        return -1;
    if (self->opts.apply && self->opts.apply (self->db, env, self->opts.arg))
        return -1;
    const char *type = vp_map_str (env, "type"), *tenant = vp_map_str (env, "tenant");
    const vp_val_t *data = vp_map_get (env, "data");
    const vp_handler_t *row = self->opts.handlers;
    while (row && row->type && type && !s_names (row->type, type))
        row++;
    if (!row || !row->type || !type || !tenant || !*tenant)
        return 0;
    int held = 0;
    if (row->needs && !vp_map_get (data, row->needs)) {
        if (vp_ratelimit_ok (&self->skipped, &held))
            vp_log (VP_LOG_WARN, tenant, vp_map_str (env, "corr"), "%s without %s: nothing to do", type, row->needs);
        return 0;
    }
    int64_t age = vp_clock_now () - vp_map_int (env, "ts", 0);
    if (row->timely && self->opts.stale_ms > 0 && age > self->opts.stale_ms) {
        if (vp_ratelimit_ok (&self->skipped, &held))
            vp_log (VP_LOG_INFO, tenant, vp_map_str (env, "corr"), "%s seq %lld is %lld s old, past %lld s: not applied",
                    type, (long long) vp_map_int (env, "seq", 0), (long long) (age / 1000),
                    (long long) (self->opts.stale_ms / 1000));
        return 0;
    }
    if (!data)
        return 0;
    vp_err_t err = { 0 };
    if (row->fn (self->opts.arg, env, tenant, data, &err) == 0)
        return 0;
    return err.code == VP_OK ? -1 : vp_service_apply_failed (self, &err);
}

//  Apply through the service: the event applied is the cause of what the
//  handler emits; each event in a savepoint, so what a handler wrote
//  before it failed is undone whatever comes next; and one policy for a
//  handler that fails (vp_service_apply_failed).
static int
s_apply (sqlite3 *db, const vp_val_t *env, void *arg)
{
    vp_service_t *self = (vp_service_t *) arg;
    if (vp_db_run (db, "SAVEPOINT vp_apply", NULL))
        return -1;
    self->cause = env;
    self->failed = false;
    int rc = s_dispatch (self, env);
    if (rc == 0) {
        self->cause = NULL;
        return vp_db_run (db, "RELEASE vp_apply", NULL);
    }
    //  A failure that ended the transaction (sqlite rolls back by itself
    //  on some errors) leaves nothing to park into: the batch is retried.
    bool undone = sqlite3_exec (db, "ROLLBACK TO vp_apply", NULL, NULL, NULL) == SQLITE_OK
               && sqlite3_exec (db, "RELEASE vp_apply", NULL, NULL, NULL) == SQLITE_OK
               && !sqlite3_get_autocommit (db);
    if (undone && self->failed && s_permanent (self->failure.code))
        rc = s_park (self, env, &self->failure);
    else
    if (self->failed)
        vp_log (VP_LOG_WARN, vp_map_str (env, "tenant"), vp_map_str (env, "corr"),
                "%s seq %lld not applied, will retry: %s", vp_map_str (env, "type"),
                (long long) vp_map_int (env, "seq", 0), self->failure.message);
    self->cause = NULL;
    self->failed = false;
    return rc;
}

//  Every command's access rule, from the read model every service keeps.
static int
s_access (vp_cmdctx_t *ctx, vp_access_t access, void *arg, vp_err_t *err)
{
    vp_service_t *self = (vp_service_t *) arg;
    return vp_access_check (self->db, ctx, access, err);
}

int
vp_service_apply_failed (vp_service_t *self, const vp_err_t *err)
{
    assert (self->cause);       //  only inside apply
    self->failure = *err;
    self->failed = true;
    return -1;
}

//  Can the database take a write now? A lock held by another process (a
//  copy, a tool, a stuck writer) lets every read through and fails every
//  change, so health takes the write lock, briefly, and gives it back.
//  Inside a transaction of the service's own, it holds what it needs.
static bool
s_db_writable (sqlite3 *db, char *why, size_t size)
{
    if (!vp_db_ok (db)) {
        snprintf (why, size, "the database does not answer: %s", sqlite3_errmsg (db));
        return false;
    }
    if (!sqlite3_get_autocommit (db))
        return true;
    int wait_ms = 5000;
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2 (db, "PRAGMA busy_timeout", -1, &stmt, NULL) == SQLITE_OK
    &&  sqlite3_step (stmt) == SQLITE_ROW)
        wait_ms = sqlite3_column_int (stmt, 0);
    sqlite3_finalize (stmt);
    sqlite3_busy_timeout (db, S_WRITE_PROBE_MS);
    bool writable = sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK;
    if (writable)
        sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
    else
        snprintf (why, size, "the database cannot take a write (waited %d ms): %s",
                  S_WRITE_PROBE_MS, sqlite3_errmsg (db));
    sqlite3_busy_timeout (db, wait_ms);
    return writable;
}

static int64_t
s_parked (vp_service_t *self)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db, "SELECT count (*) FROM vp_parked", NULL);
    if (!stmt)
        return -1;
    int64_t n = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
    sqlite3_reset (stmt);
    return n;
}

static void
s_on_commit (void *arg)
{
    vp_service_t *self = (vp_service_t *) arg;
    vp_outbox_kick (self->outbox);
}

static int
s_health (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    vp_service_t *self = (vp_service_t *) ctx->arg;
    char why[400] = "";
    bool db = s_db_writable (self->db, why, sizeof why);
    int64_t depth = vp_outbox_depth (self->outbox);
    int64_t rejected = vp_outbox_rejected (self->outbox);
    int64_t parked = s_parked (self);
    bool bus = depth == 0 || vp_clock_mono () - self->bus_progress < S_BUS_STALL_MS;
    bool stalled = !bus;
    if (self->consumer) {
        bus = bus && vp_consumer_connected (self->consumer);
        vp_map_put (result, "cursors", vp_consumer_status (self->consumer));
    }
    vp_map_put_bool (result, "db", db);
    vp_map_put_bool (result, "bus", bus);
    vp_map_put_int (result, "outbox", depth < 0 ? 0 : depth);
    vp_map_put_int (result, "outbox_rejected", rejected < 0 ? 0 : rejected);
    vp_map_put_int (result, "parked", parked < 0 ? 0 : parked);
    if (db && !bus) {
        if (stalled)
            snprintf (why, sizeof why, "%lld events wait for the bus, none acknowledged for %d s",
                      (long long) depth, S_BUS_STALL_MS / 1000);
        else
            snprintf (why, sizeof why, "no heartbeat from the bus in the last 3 s");
    }
    if (!db || !bus) {
        vp_map_put_str (result, "status", "degraded");
        vp_map_put_str (result, "reason", why);
    }
    if (self->health) {
        ctx->arg = self->health_arg;
        return self->health (ctx, args, result, err);
    }
    return 0;
}

//  <name>.backup: an online copy of the database, then of the files it
//  names (vp_backup). No other command or event runs in between (one
//  loop), so every file the copy names is there to copy: it was stored
//  before the row naming it was committed.
static int
s_backup (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    vp_service_t *self = (vp_service_t *) ctx->arg;
    if (vp_backup_db (self->db, self->cfg->data_dir, self->opts.name, result, err))
        return -1;
    for (const char *const *f = self->opts.backup_folders; f && *f; f++)
        if (vp_backup_files (self->cfg->data_dir, *f, result, err))
            return -1;
    return 0;
}

//  <name>.parked.list: the dead letters, oldest first.
static int
s_parked_list (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    vp_service_t *self = (vp_service_t *) ctx->arg;
    sqlite3_stmt *stmt = vp_db_cached (self->db, "SELECT stream, seq, id, type, tenant, code, reason, at"
                                                 " FROM vp_parked ORDER BY at, stream, seq LIMIT ?1", err);
    if (!stmt)
        return -1;
    sqlite3_bind_int64 (stmt, 1, vp_map_int (args, "limit", 100));
    vp_val_t *list = vp_val_array ();
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        vp_val_t *row = vp_val_map ();
        vp_map_put_str (row, "stream", (const char *) sqlite3_column_text (stmt, 0));
        vp_map_put_int (row, "seq", sqlite3_column_int64 (stmt, 1));
        vp_map_put_str (row, "id", (const char *) sqlite3_column_text (stmt, 2));
        vp_map_put_str (row, "type", (const char *) sqlite3_column_text (stmt, 3));
        vp_map_put_str (row, "tenant", (const char *) sqlite3_column_text (stmt, 4));
        vp_map_put_str (row, "code", (const char *) sqlite3_column_text (stmt, 5));
        vp_map_put_str (row, "reason", (const char *) sqlite3_column_text (stmt, 6));
        vp_map_put_int (row, "at", sqlite3_column_int64 (stmt, 7));
        vp_array_push (list, row);
    }
    sqlite3_reset (stmt);
    vp_map_put (result, "parked", list);
    int64_t total = s_parked (self);
    vp_map_put_int (result, "total", total < 0 ? 0 : total);
    return 0;
}

//  The parked event at stream/seq, read back from the bus (NULL: err).
static vp_val_t *
s_parked_fetch (vp_service_t *self, const char *stream, int64_t seq, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db, "SELECT id FROM vp_parked WHERE stream = ?1 AND seq = ?2", err);
    if (!stmt)
        return NULL;
    sqlite3_bind_text (stmt, 1, stream, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 2, seq);
    char id[64] = "";
    if (sqlite3_step (stmt) == SQLITE_ROW)
        snprintf (id, sizeof id, "%s", (const char *) sqlite3_column_text (stmt, 0));
    sqlite3_reset (stmt);
    if (!*id) {
        vp_err_set (err, VP_E_NOT_FOUND, "seq", "vp-%s giữ lại không sự kiện nào ở %s seq %lld",
                    self->opts.name, stream, (long long) seq);
        return NULL;
    }
    vp_cmdcli_t *bus = vp_cmdcli_new (self->cfg->bus_replay, self->keys, "bus", err);
    if (!bus)
        return NULL;
    vp_val_t *request = vp_val_map (), *reply = NULL, *env = NULL;
    vp_map_put_str (request, "stream", stream);
    vp_map_put_int (request, "from", seq);
    vp_map_put_int (request, "limit", 1);
    if (vp_cmdcli_request (bus, request, 5000, &reply, err) == 0) {
        vp_val_t *first = vp_array_at (vp_map_get (reply, "events"), 0);
        const char *got = first ? vp_map_str (first, "id") : NULL;
        if (got && strcmp (got, id) == 0 && vp_map_int (first, "seq", 0) == seq)
            env = vp_val_dup (first);
        else
            vp_err_set (err, VP_E_FAILED_PRECONDITION, "seq", "the bus has no event %s at %s seq %lld (%s)",
                        id, stream, (long long) seq, got ? got : "none there");
    }
    vp_val_destroy (&reply);
    vp_cmdcli_destroy (&bus);
    return env;
}

//  <name>.parked.retry, inside the change's transaction: applied, the
//  event leaves vp_parked; refused again, nothing of it stays and the
//  answer says why.
static int
s_parked_retry_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    vp_service_t *self = (vp_service_t *) ctx->arg;
    const char *stream = vp_map_str (args, "stream");
    int64_t seq = vp_map_int (args, "seq", 0);
    vp_val_t *env = s_parked_fetch (self, stream, seq, err);
    if (!env)
        return -1;
    self->cause = env;
    self->failed = false;
    int rc = s_dispatch (self, env);
    self->cause = NULL;
    if (rc) {
        if (self->failed)
            *err = self->failure;
        else
        if (err->code == VP_OK)
            vp_err_set (err, VP_E_INTERNAL, "", "%s seq %lld is not applied again", stream, (long long) seq);
        self->failed = false;
        vp_val_destroy (&env);
        return -1;
    }
    sqlite3_stmt *stmt = vp_db_cached (self->db, "DELETE FROM vp_parked WHERE stream = ?1 AND seq = ?2", err);
    rc = stmt ? 0 : -1;
    if (stmt) {
        sqlite3_bind_text (stmt, 1, stream, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 2, seq);
        if (sqlite3_step (stmt) != SQLITE_DONE)
            rc = vp_db_error (self->db, err, "vp_parked");
        sqlite3_reset (stmt);
    }
    vp_map_put_bool (result, "applied", rc == 0);
    vp_map_put_str (result, "type", vp_map_str (env, "type"));
    vp_val_destroy (&env);
    return rc;
}

static int
s_parked_retry (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    return vp_service_change ((vp_service_t *) ctx->arg, ctx, args, result, err, s_parked_retry_tx);
}

//  Once a second: is the outbox empty or moving? And, now and then, the
//  replies of requests older than VP_REQUEST_KEEP_DAYS go.
static int
s_on_watch (zloop_t *loop, int timer_id, void *arg)
{
    vp_service_t *self = (vp_service_t *) arg;
    if (vp_clock_mono () >= self->next_prune) {
        int64_t days = atoll (self->cfg->request_keep_days);
        vp_request_prune (self->db, vp_clock_now () - (days > 0 ? days : 7) * 24 * 3600 * 1000LL);
        self->next_prune = vp_clock_mono () + 600 * 1000;
    }
    int64_t acked = vp_outbox_acked (self->outbox);
    if (acked != self->acked_seen || vp_outbox_depth (self->outbox) == 0)
        self->bus_progress = vp_clock_mono ();
    self->acked_seen = acked;
    return 0;
}

//  The command server's change hook: a command whose row says it changes
//  state runs in the service's transaction (vp_service_change).
static int
s_change (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err, vp_cmd_fn *fn, void *arg)
{
    return vp_service_change ((vp_service_t *) arg, ctx, args, result, err, fn);
}

vp_service_t *
vp_service_new (const vp_config_t *cfg, vp_keys_t *keys, const vp_service_opts_t *opts, vp_err_t *err)
{
    vp_service_t *self = (vp_service_t *) zmalloc (sizeof (vp_service_t));
    self->opts = *opts;
    self->cfg = cfg;
    self->keys = keys;
    self->bus_progress = vp_clock_mono ();
    self->skipped = (vp_ratelimit_t) VP_RATELIMIT_INIT (5);
    char file[64];
    snprintf (file, sizeof file, "%s.db", opts->name);
    self->db = vp_db_open (cfg->data_dir, file, err);
    static const char *const none[] = { NULL };
    if (!self->db
    ||  vp_db_migrate (self->db, opts->name, opts->migrations ? opts->migrations : none, err)
    ||  (opts->schema && opts->schema (self->db, err))
    ||  vp_outbox_schema (self->db, err)
    ||  vp_consumer_schema (self->db, err)
    ||  vp_request_schema (self->db, err)
    ||  vp_db_migrate (self->db, "vp_service", s_migrations, err))
        goto fail;
    self->outbox = vp_outbox_new (self->db, cfg->bus_ingest, keys, err);
    if (!self->outbox)
        goto fail;
    if (opts->follow && opts->follow[0]) {
        self->consumer = vp_consumer_new (self->db, cfg->bus_pub, cfg->bus_replay, keys,
                                          s_apply, self, err);
        if (!self->consumer)
            goto fail;
        vp_consumer_set_on_commit (self->consumer, s_on_commit, self);
        for (int i = 0; opts->follow[i]; i++)
            vp_consumer_follow (self->consumer, opts->follow[i]);
    }
    self->cmdsrv = vp_cmdsrv_new (opts->name, opts->cmd_endpoint, keys, NULL, err);
    if (!self->cmdsrv)
        goto fail;
    vp_limits_t limits = vp_limits_default ();
    limits.max_frame = cfg->max_frame;
    vp_cmdsrv_set_limits (self->cmdsrv, &limits);
    vp_cmdsrv_set_health (self->cmdsrv, s_health, self);
    snprintf (self->backup_name, sizeof self->backup_name, "%s.backup", opts->name);
    self->backup_cmd[0] = (vp_cmd_t) { self->backup_name, s_backup, false, VP_ACCESS_OPS };
    if (self->consumer) {
        snprintf (self->parked_names[0], sizeof self->parked_names[0], "%s.parked.list", opts->name);
        snprintf (self->parked_names[1], sizeof self->parked_names[1], "%s.parked.retry", opts->name);
        self->backup_cmd[1] = (vp_cmd_t) { self->parked_names[0], s_parked_list, false, VP_ACCESS_OPS };
        self->backup_cmd[2] = (vp_cmd_t) { self->parked_names[1], s_parked_retry, false, VP_ACCESS_OPS };
    }
    vp_cmdsrv_set_access (self->cmdsrv, s_access, self);
    vp_cmdsrv_set_batch (self->cmdsrv, s_batch_begin, s_batch_end, self, atoi (cfg->command_batch));
    vp_cmdsrv_set_change (self->cmdsrv, s_change, self);
    vp_cmdsrv_add (self->cmdsrv, self->backup_cmd, self);
    self->loop = zloop_new ();
    return self;
fail:
    vp_service_destroy (&self);
    return NULL;
}

void
vp_service_destroy (vp_service_t **self_p)
{
    vp_service_t *self = *self_p;
    if (!self)
        return;
    //  Components first: each takes its sockets off the loop.
    vp_cmdsrv_destroy (&self->cmdsrv);
    vp_consumer_destroy (&self->consumer);
    vp_outbox_destroy (&self->outbox);
    zloop_destroy (&self->loop);
    vp_db_close (&self->db);
    free (self);
    *self_p = NULL;
}

int
vp_service_run (vp_service_t *self)
{
    if (vp_cmdsrv_attach (self->cmdsrv, self->loop)
    ||  vp_outbox_attach (self->outbox, self->loop)
    ||  (self->consumer && vp_consumer_attach (self->consumer, self->loop))
    ||  zloop_timer (self->loop, 1000, 0, s_on_watch, self) < 0) {
        vp_error ("cannot register on the loop");
        return -1;
    }
    vp_info ("listening: commands %s, bus ingest %s, data %s/%s.db; %lld events waiting",
             self->opts.cmd_endpoint, self->cfg->bus_ingest, self->cfg->data_dir, self->opts.name,
             (long long) vp_outbox_depth (self->outbox));
    zloop_start (self->loop);
    vp_info ("stopping");
    return 0;
}

sqlite3 *vp_service_db (vp_service_t *self) { return self->db; }
vp_cmdsrv_t *vp_service_cmdsrv (vp_service_t *self) { return self->cmdsrv; }
zloop_t *vp_service_loop (vp_service_t *self) { return self->loop; }
vp_consumer_t *vp_service_consumer (vp_service_t *self) { return self->consumer; }
const vp_config_t *vp_service_config (vp_service_t *self) { return self->cfg; }
const vp_val_t *vp_service_cause (vp_service_t *self) { return self->cause; }

void
vp_service_set_health (vp_service_t *self, vp_cmd_fn *fn, void *arg)
{
    self->health = fn;
    self->health_arg = arg;
}

//  A crash between a command's commit and its reply, for the tests of
//  vp_request: with VP_FAULT_AFTER_COMMIT=<command> and the file named by
//  VP_FAULT_FILE present, the process removes the file and dies there,
//  once. Unset in every deployment.
static void
s_failpoint_after_commit (const char *cmd)
{
    const char *which = getenv ("VP_FAULT_AFTER_COMMIT");
    const char *file = getenv ("VP_FAULT_FILE");
    if (which && file && cmd && strcmp (which, cmd) == 0 && unlink (file) == 0)
        _exit (99);
}

//  The commands of one read of the socket (vp_cmdsrv_set_batch): the
//  transaction opens with the first change and commits after the last.
static void
s_batch_begin (void *arg)
{
    vp_service_t *self = (vp_service_t *) arg;
    self->batch = true;
    self->batch_open = false;
    self->batch_changed[0] = 0;
}

static int
s_batch_end (void *arg, vp_err_t *err)
{
    vp_service_t *self = (vp_service_t *) arg;
    self->batch = false;
    if (!self->batch_open)
        return 0;
    self->batch_open = false;
    if (vp_db_commit (self->db, err))
        return -1;
    //  Each command changed in the batch, for the failpoint.
    char *save = NULL;
    for (char *cmd = strtok_r (self->batch_changed, " ", &save); cmd; cmd = strtok_r (NULL, " ", &save))
        s_failpoint_after_commit (cmd);
    vp_outbox_kick (self->outbox);
    return 0;
}

static int s_change_run (vp_service_t *self, vp_cmdctx_t *ctx, const vp_val_t *args,
                         vp_val_t *result, vp_err_t *err, vp_cmd_fn *fn);

int
vp_service_change (vp_service_t *self, vp_cmdctx_t *ctx, const vp_val_t *args,
                   vp_val_t *result, vp_err_t *err, vp_cmd_fn *fn)
{
    self->emitted[0] = 0;
    vp_cmdctx_t *outer = self->command;
    self->command = ctx;
    int rc = s_change_run (self, ctx, args, result, err, fn);
    self->command = outer;
    return rc;
}

vp_cmdctx_t *vp_service_command (vp_service_t *self) { return self->command; }

static int
s_change_run (vp_service_t *self, vp_cmdctx_t *ctx, const vp_val_t *args,
              vp_val_t *result, vp_err_t *err, vp_cmd_fn *fn)
{
    //  In a batch of commands (group commit): a savepoint of the batch's
    //  transaction, so that one that fails rolls back alone.
    bool batched = self->batch && ctx;
    if (batched && !self->batch_open) {
        if (vp_db_begin (self->db, err))
            return -1;
        self->batch_open = true;
    }
    if (vp_db_run (self->db, batched ? "SAVEPOINT vp_change" : "BEGIN IMMEDIATE", err))
        return -1;
    //  Done before (a retry): the same reply, nothing done again.
    int done = vp_request_done (self->db, ctx, args, result, err);
    if (done || fn (ctx, args, result, err) || vp_request_keep (self->db, ctx, args, result, err)) {
        if (batched)
            vp_db_exec (self->db, "ROLLBACK TO vp_change; RELEASE vp_change", NULL);
        else
            vp_db_rollback (self->db);
        if (done > 0)
            vp_log (VP_LOG_INFO, ctx->tenant, ctx->id, "%s: done before, its reply again", ctx->cmd);
        return done > 0 ? 0 : -1;
    }
    if (batched) {
        if (vp_db_run (self->db, "RELEASE vp_change", err))
            return -1;
        ctx->changed = true;
        size_t used = strlen (self->batch_changed);
        snprintf (self->batch_changed + used, sizeof self->batch_changed - used, "%s%s", used ? " " : "",
                  ctx->cmd);
    }
    else {
        if (vp_db_commit (self->db, err))
            return -1;
        s_failpoint_after_commit (ctx ? ctx->cmd : NULL);
        vp_outbox_kick (self->outbox);
    }
    vp_log (VP_LOG_INFO, ctx ? ctx->tenant : NULL, ctx ? ctx->id : NULL, "%s:%s", ctx ? ctx->cmd : "?",
            self->emitted);
    return 0;
}

int
vp_service_emit (vp_service_t *self, vp_cmdctx_t *ctx, const char *tenant,
                 const char *event, vp_val_t *data, vp_err_t *err)
{
    char type[96];
    snprintf (type, sizeof type, "%s.%s", self->opts.name, event);
    const char *actor = !ctx ? self->opts.name : *ctx->actor ? ctx->actor : ctx->peer ? ctx->peer : self->opts.name;
    const char *corr = ctx ? ctx->id : self->cause ? vp_map_str (self->cause, "corr") : NULL;
    //  The one door out of a service: a secret document's text stays here.
    vp_secrecy_redact (vp_proto_find (type, VP_KIND_EVENT), data);
    vp_val_t *env = vp_envelope_new (self->opts.name, type, tenant, actor, corr, data);
    //  What an event followed caused has an id derived from that event and
    //  from what it says: made again by a rebuilt or restored service from
    //  the same cause, it is the same event, refused by the bus as a
    //  duplicate instead of logged twice.
    if (self->cause && !ctx && vp_id_valid (vp_map_str (self->cause, "id"))) {
        size_t size = 0;
        char *what = vp_encode (data, &size);
        zchunk_t *chunk = zchunk_new (type, strlen (type) + 1);     //  the type, its NUL, the data
        zchunk_extend (chunk, what, size);
        char id[VP_ID_LEN + 1];
        vp_id_derive (id, vp_map_str (self->cause, "id"), zchunk_data (chunk), zchunk_size (chunk));
        zchunk_destroy (&chunk);
        free (what);
        vp_map_put_str (env, "id", id);
        if (!corr || !*corr)
            vp_map_put_str (env, "corr", id);
    }
    //  The read model first: the outbox takes the envelope.
    if (self->opts.staff_model && vp_staff_apply (self->db, env, NULL)) {
        vp_val_destroy (&env);
        return vp_db_error (self->db, err, type);
    }
    if (vp_outbox_add (self->db, env, err))
        return -1;
    size_t used = strlen (self->emitted);
    snprintf (self->emitted + used, sizeof self->emitted - used, " %s", type);
    return 0;
}

int
vp_service_next_id (vp_service_t *self, const char *tenant, const char *prefix,
                    char *id, size_t size, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT INTO vp_counter (tenant, prefix, n) VALUES (?1, ?2, 1)"
        " ON CONFLICT (tenant, prefix) DO UPDATE SET n = n + 1 RETURNING n", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant ? tenant : "", -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, prefix, -1, SQLITE_STATIC);
    int rc = sqlite3_step (stmt);
    int64_t n = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
    sqlite3_reset (stmt);
    if (rc != SQLITE_ROW)
        return vp_db_error (self->db, err, "id counter");
    snprintf (id, size, "%s-%lld", prefix, (long long) n);
    return 0;
}

int
vp_service_id_seen (vp_service_t *self, const char *tenant, const char *id, vp_err_t *err)
{
    const char *dash = id ? strrchr (id, '-') : NULL;
    char *end = NULL;
    long long n = dash ? strtoll (dash + 1, &end, 10) : 0;
    if (!dash || dash == id || !end || *end || n <= 0)
        return 0;       //  not one of ours
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT INTO vp_counter (tenant, prefix, n) VALUES (?1, ?2, ?3)"
        " ON CONFLICT (tenant, prefix) DO UPDATE SET n = max (n, excluded.n)", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant ? tenant : "", -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, id, (int) (dash - id), SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 3, n);
    int rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "id counter");
    sqlite3_reset (stmt);
    return rc;
}

int64_t
vp_service_recall (vp_service_t *self, vp_apply_fn *recall, void *arg)
{
    return vp_recall_own (self->db, self->opts.name, self->cfg->bus_replay, self->keys, recall, arg);
}
