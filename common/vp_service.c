/*  vp_service - database, commands, outbox, consumer and loop of a service. */
#include <stdlib.h>
#include <string.h>
#include "vp/vp_access.h"
#include "vp/vp_backup.h"
#include "vp/vp_clock.h"
#include "vp/vp_db.h"
#include "vp/vp_envelope.h"
#include "vp/vp_log.h"
#include "vp/vp_request.h"
#include "vp/vp_secrecy.h"
#include "vp/vp_service.h"

//  The outbox counts as stuck (health: bus false) after this long with
//  rows waiting and nothing acknowledged.
#define S_BUS_STALL_MS 5000

struct vp_service {
    vp_service_opts_t opts;
    const vp_config_t *cfg;
    vp_keys_t *keys;
    sqlite3 *db;
    vp_cmdsrv_t *cmdsrv;
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
    char backup_name[48];       //  "<name>.backup"
    vp_cmd_t backup_cmd[2];     //  its command table
};

//  Apply through the service: the event applied is the cause of what the
//  handler emits.
static int
s_apply (sqlite3 *db, const vp_val_t *env, void *arg)
{
    vp_service_t *self = (vp_service_t *) arg;
    if (!self->opts.apply)
        return 0;
    self->cause = env;
    int rc = self->opts.apply (db, env, self->opts.apply_arg);
    self->cause = NULL;
    return rc;
}

//  Every command's access rule, from the read model every service keeps.
static int
s_access (vp_cmdctx_t *ctx, vp_access_t access, void *arg, vp_err_t *err)
{
    vp_service_t *self = (vp_service_t *) arg;
    return vp_access_check (self->db, ctx, access, err);
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
    bool db = vp_db_ok (self->db);
    int64_t depth = vp_outbox_depth (self->outbox);
    int64_t rejected = vp_outbox_rejected (self->outbox);
    bool bus = depth == 0 || vp_clock_mono () - self->bus_progress < S_BUS_STALL_MS;
    if (self->consumer) {
        bus = bus && vp_consumer_connected (self->consumer);
        vp_map_put (result, "cursors", vp_consumer_status (self->consumer));
    }
    vp_map_put_bool (result, "db", db);
    vp_map_put_bool (result, "bus", bus);
    vp_map_put_int (result, "outbox", depth < 0 ? 0 : depth);
    vp_map_put_int (result, "outbox_rejected", rejected < 0 ? 0 : rejected);
    if (!db || !bus)
        vp_map_put_str (result, "status", "degraded");
    if (self->health) {
        ctx->arg = self->health_arg;
        return self->health (ctx, args, result, err);
    }
    return 0;
}

//  <name>.backup: an online copy of the database (vp_backup).
static int
s_backup (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    vp_service_t *self = (vp_service_t *) ctx->arg;
    return vp_backup_db (self->db, self->cfg->data_dir, self->opts.name, result, err);
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

vp_service_t *
vp_service_new (const vp_config_t *cfg, vp_keys_t *keys, const vp_service_opts_t *opts, vp_err_t *err)
{
    vp_service_t *self = (vp_service_t *) zmalloc (sizeof (vp_service_t));
    self->opts = *opts;
    self->cfg = cfg;
    self->keys = keys;
    self->bus_progress = vp_clock_mono ();
    char file[64];
    snprintf (file, sizeof file, "%s.db", opts->name);
    self->db = vp_db_open (cfg->data_dir, file, err);
    static const char *const none[] = { NULL };
    if (!self->db
    ||  vp_db_migrate (self->db, opts->migrations ? opts->migrations : none, err)
    ||  (opts->schema && opts->schema (self->db, err))
    ||  vp_outbox_schema (self->db, err)
    ||  vp_consumer_schema (self->db, err)
    ||  vp_request_schema (self->db, err)
    ||  vp_db_exec (self->db, "CREATE TABLE IF NOT EXISTS vp_counter ("
                              " tenant TEXT NOT NULL, prefix TEXT NOT NULL, n INTEGER NOT NULL,"
                              " PRIMARY KEY (tenant, prefix)) WITHOUT ROWID;", err))
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
    self->cmdsrv = vp_cmdsrv_new (opts->name, opts->cmd_endpoint, keys, err);
    if (!self->cmdsrv)
        goto fail;
    vp_limits_t limits = vp_limits_default ();
    limits.max_frame = cfg->max_frame;
    vp_cmdsrv_set_limits (self->cmdsrv, &limits);
    vp_cmdsrv_set_health (self->cmdsrv, s_health, self);
    snprintf (self->backup_name, sizeof self->backup_name, "%s.backup", opts->name);
    self->backup_cmd[0] = (vp_cmd_t) { self->backup_name, s_backup, false, VP_ACCESS_OPS };
    vp_cmdsrv_set_access (self->cmdsrv, s_access, self);
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
const vp_config_t *vp_service_config (vp_service_t *self) { return self->cfg; }
const vp_val_t *vp_service_cause (vp_service_t *self) { return self->cause; }

void
vp_service_set_health (vp_service_t *self, vp_cmd_fn *fn, void *arg)
{
    self->health = fn;
    self->health_arg = arg;
}

int
vp_service_change (vp_service_t *self, vp_cmdctx_t *ctx, const vp_val_t *args,
                   vp_val_t *result, vp_err_t *err, vp_cmd_fn *fn)
{
    self->emitted[0] = 0;
    if (vp_db_begin (self->db, err))
        return -1;
    //  Done before (a retry): the same reply, nothing done again.
    int done = vp_request_done (self->db, ctx, args, result, err);
    if (done) {
        vp_db_rollback (self->db);
        if (done > 0)
            vp_log (VP_LOG_INFO, ctx->tenant, ctx->id, "%s: done before, its reply again", ctx->cmd);
        return done > 0 ? 0 : -1;
    }
    if (fn (ctx, args, result, err) || vp_request_keep (self->db, ctx, args, result, err)) {
        vp_db_rollback (self->db);
        return -1;
    }
    if (vp_db_commit (self->db, err))
        return -1;
    vp_outbox_kick (self->outbox);
    vp_log (VP_LOG_INFO, ctx->tenant, ctx->id, "%s:%s", ctx->cmd, self->emitted);
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
    //  on_emit first: the outbox takes the envelope.
    if (self->opts.on_emit && self->opts.on_emit (self->db, env, self->opts.on_emit_arg)) {
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
