/*  stf_service - the service: database, command server, outbox, loop;
    and what every group of commands shares. */
#include <string.h>
#include "stf_service.h"

//  The read model (vp_staff_schema) and the outbox have their own tables;
//  the service adds only the counters of the ids it gives.
static const char *const s_migrations[] = {
    "CREATE TABLE stf_counter (prefix TEXT PRIMARY KEY, n INTEGER NOT NULL);",
    NULL
};

//  The outbox counts as stuck (health: bus false) after this long with
//  rows waiting and nothing acknowledged.
#define S_BUS_STALL_MS 5000

static int
s_health (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    stf_service_t *self = (stf_service_t *) ctx->arg;
    bool db = vp_db_ok (self->db);
    int64_t depth = vp_outbox_depth (self->outbox);
    int64_t rejected = vp_outbox_rejected (self->outbox);
    bool bus = depth == 0 || vp_clock_mono () - self->bus_progress < S_BUS_STALL_MS;
    vp_map_put_bool (result, "db", db);
    vp_map_put_bool (result, "bus", bus);
    vp_map_put_int (result, "outbox", depth < 0 ? 0 : depth);
    vp_map_put_int (result, "outbox_rejected", rejected < 0 ? 0 : rejected);
    if (!db || !bus)
        vp_map_put_str (result, "status", "degraded");
    return 0;
}

//  Once a second: is the outbox empty or moving?
static int
s_on_watch (zloop_t *loop, int timer_id, void *arg)
{
    stf_service_t *self = (stf_service_t *) arg;
    int64_t acked = vp_outbox_acked (self->outbox);
    if (acked != self->acked_seen || vp_outbox_depth (self->outbox) == 0)
        self->bus_progress = vp_clock_mono ();
    self->acked_seen = acked;
    return 0;
}

stf_service_t *
stf_service_new (const vp_config_t *cfg, vp_keys_t *keys, vp_err_t *err)
{
    stf_service_t *self = (stf_service_t *) zmalloc (sizeof (stf_service_t));
    self->cfg = cfg;
    self->keys = keys;
    self->bus_progress = vp_clock_mono ();
    self->db = vp_db_open (cfg->data_dir, "staffing.db", err);
    if (!self->db
    ||  vp_db_migrate (self->db, s_migrations, err)
    ||  vp_staff_schema (self->db, err)
    ||  vp_outbox_schema (self->db, err))
        goto fail;
    self->outbox = vp_outbox_new (self->db, cfg->bus_ingest, keys, err);
    if (!self->outbox)
        goto fail;
    self->cmdsrv = vp_cmdsrv_new ("staffing", cfg->staffing_cmd, keys, err);
    if (!self->cmdsrv)
        goto fail;
    vp_limits_t limits = vp_limits_default ();
    limits.max_frame = cfg->max_frame;
    vp_cmdsrv_set_limits (self->cmdsrv, &limits);
    vp_cmdsrv_set_health (self->cmdsrv, s_health, self);
    stf_tenant_register (self);
    stf_post_register (self);
    stf_officer_register (self);
    stf_appoint_register (self);
    stf_leave_register (self);
    stf_query_register (self);
    return self;
fail:
    stf_service_destroy (&self);
    return NULL;
}

void
stf_service_destroy (stf_service_t **self_p)
{
    stf_service_t *self = *self_p;
    if (!self)
        return;
    //  Components first: the outbox takes its socket off the loop.
    vp_cmdsrv_destroy (&self->cmdsrv);
    vp_outbox_destroy (&self->outbox);
    zloop_destroy (&self->loop);
    vp_db_close (&self->db);
    free (self);
    *self_p = NULL;
}

int
stf_service_run (stf_service_t *self)
{
    self->loop = zloop_new ();
    if (vp_cmdsrv_attach (self->cmdsrv, self->loop)
    ||  vp_outbox_attach (self->outbox, self->loop)
    ||  zloop_timer (self->loop, 1000, 0, s_on_watch, self) < 0) {
        vp_error ("cannot register on the loop");
        return -1;
    }
    vp_info ("listening: commands %s, bus ingest %s, data %s/staffing.db; %lld events waiting",
             self->cfg->staffing_cmd, self->cfg->bus_ingest, self->cfg->data_dir,
             (long long) vp_outbox_depth (self->outbox));
    zloop_start (self->loop);
    vp_info ("stopping");
    return 0;
}

//  --------------------------------------------------------------------------
//  Changes

int
stf_change (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err, vp_cmd_fn *fn)
{
    stf_service_t *self = (stf_service_t *) ctx->arg;
    self->emitted[0] = 0;
    if (vp_db_begin (self->db, err))
        return -1;
    if (fn (ctx, args, result, err)) {
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
stf_emit (stf_service_t *self, vp_cmdctx_t *ctx, const char *tenant,
          const char *event, vp_val_t *data, vp_err_t *err)
{
    char type[64];
    snprintf (type, sizeof type, "staffing.%s", event);
    const char *actor = *ctx->actor ? ctx->actor : ctx->peer ? ctx->peer : "staffing";
    vp_val_t *env = vp_envelope_new ("staffing", type, tenant, actor, ctx->id, data);
    //  Apply first: the outbox takes the envelope.
    if (vp_staff_apply (self->db, env, err)) {
        vp_val_destroy (&env);
        return -1;
    }
    if (vp_outbox_add (self->db, env, err))
        return -1;
    size_t used = strlen (self->emitted);
    snprintf (self->emitted + used, sizeof self->emitted - used, " %s", type);
    return 0;
}

int
stf_next_id (stf_service_t *self, const char *prefix, char *id, size_t size, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT INTO stf_counter (prefix, n) VALUES (?1, 1)"
        " ON CONFLICT (prefix) DO UPDATE SET n = n + 1 RETURNING n", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, prefix, -1, SQLITE_STATIC);
    int rc = sqlite3_step (stmt);
    int64_t n = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
    sqlite3_reset (stmt);
    if (rc != SQLITE_ROW)
        return vp_db_error (self->db, err, "id counter");
    snprintf (id, size, "%s-%lld", prefix, (long long) n);
    return 0;
}

//  --------------------------------------------------------------------------
//  Lookups

int
stf_tenant_need (stf_service_t *self, const char *tenant, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db, "SELECT 1 FROM stf_tenant WHERE tenant = ?1", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    bool found = sqlite3_step (stmt) == SQLITE_ROW;
    sqlite3_reset (stmt);
    if (!found)
        return vp_err_set (err, VP_E_NOT_FOUND, "tenant", "tenant \"%s\" does not exist", tenant);
    return 0;
}

int
stf_officer_need (stf_service_t *self, const char *tenant, const char *officer,
                  const char *field, bool need_active, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT tenant, status FROM stf_officer WHERE officer = ?1", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, officer, -1, SQLITE_STATIC);
    char of[VP_STAFF_ID_MAX] = "", status[16] = "";
    bool found = sqlite3_step (stmt) == SQLITE_ROW;
    if (found) {
        snprintf (of, sizeof of, "%s", (const char *) sqlite3_column_text (stmt, 0));
        snprintf (status, sizeof status, "%s", (const char *) sqlite3_column_text (stmt, 1));
    }
    sqlite3_reset (stmt);
    if (!found)
        return vp_err_set (err, VP_E_NOT_FOUND, field, "%s \"%s\" does not exist", field, officer);
    if (strcmp (of, tenant) != 0)
        return vp_err_set (err, VP_E_FAILED_PRECONDITION, field,
                           "%s \"%s\" is an officer of tenant \"%s\", not of \"%s\"",
                           field, officer, of, tenant);
    if (need_active && strcmp (status, "active") != 0)
        return vp_err_set (err, VP_E_FAILED_PRECONDITION, field,
                           "%s \"%s\" is not active (status %s)", field, officer, status);
    return 0;
}

int
stf_officer_visible (stf_service_t *self, const char *tenant, const char *officer, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT 1 FROM stf_officer WHERE officer = ?1 AND tenant = ?2", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, officer, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, tenant, -1, SQLITE_STATIC);
    bool found = sqlite3_step (stmt) == SQLITE_ROW;
    sqlite3_reset (stmt);
    if (!found)
        return vp_err_set (err, VP_E_NOT_FOUND, "officer",
                           "officer \"%s\" does not exist in tenant \"%s\"", officer, tenant);
    return 0;
}

const char *
stf_date (stf_service_t *self, const char *tenant, int64_t ms, char buf[STF_DATE_MAX])
{
    char zone[64];
    snprintf (zone, sizeof zone, "%s", self->cfg->tz);
    sqlite3_stmt *stmt = vp_db_cached (self->db, "SELECT zone FROM stf_tenant WHERE tenant = ?1", NULL);
    if (stmt) {
        sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
        if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0))
            snprintf (zone, sizeof zone, "%s", (const char *) sqlite3_column_text (stmt, 0));
        sqlite3_reset (stmt);
    }
    return vp_time_format (ms, zone, "%Y-%m-%d", buf, STF_DATE_MAX);
}

void
stf_put_all (vp_val_t *result, const vp_val_t *map)
{
    for (size_t i = 0; i < vp_val_len (map); i++)
        vp_map_put (result, vp_map_key_at (map, i), vp_val_dup (vp_map_value_at (map, i)));
}

vp_val_t *
stf_fields_val (const char *stored)
{
    vp_val_t *fields = vp_val_array ();
    const char *p = stored ? stored : "";
    while (*p) {
        size_t len = strcspn (p, ",");
        if (len)
            vp_array_push (fields, vp_val_strn (p, len));
        p += len;
        if (*p == ',')
            p++;
    }
    return fields;
}

int64_t
stf_time_arg (const vp_val_t *args, const char *key)
{
    return vp_map_get (args, key) ? vp_map_int (args, key, 0) : vp_clock_now ();
}
