/*  bus_replay - the replay endpoint: replay requests, health, bus.stats and bus.backup. */
#include "bus_server.h"
#include "vp/vp_backup.h"
#include "vp/vp_fields.h"

extern const vp_msgdef_t vp_proto_bus_replay;

#define S_DEFAULT_LIMIT 1000

//  {stream, from, limit, id?} -> {ok, id?, stream, events, head}
static vp_val_t *
s_replay (const vp_val_t *request, const char *peer, void *arg)
{
    bus_server_t *self = (bus_server_t *) arg;
    vp_err_t err = { 0 };
    const char *id = vp_map_str (request, VP_K_ID);
    if (vp_proto_validate (&vp_proto_bus_replay, request, &err))
        return vp_reply_error (id, &err);
    const char *stream = vp_map_str (request, VP_K_STREAM);
    int64_t from = vp_map_int (request, VP_K_FROM, 1);
    int limit = (int) vp_map_int (request, VP_K_LIMIT, S_DEFAULT_LIMIT);
    //  Leave room in the frame for the answer's own keys.
    size_t max_bytes = self->opts.limits.max_frame - 256;
    vp_val_t *events = bus_log_read (self->log, stream, from, limit, max_bytes, &err);
    if (!events)
        return vp_reply_error (id, &err);
    vp_val_t *reply = vp_val_map ();
    vp_map_put_bool (reply, VP_K_OK, true);
    if (id)
        vp_map_put_str (reply, VP_K_ID, id);
    vp_map_put_str (reply, VP_K_STREAM, stream);
    vp_map_put (reply, VP_K_EVENTS, events);
    vp_map_put_int (reply, VP_K_HEAD, bus_log_head (self->log, stream));
    return reply;
}

static int
s_stats (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    bus_server_t *self = (bus_server_t *) ctx->arg;
    vp_map_put (result, VP_K_HEADS, bus_log_heads (self->log));
    vp_map_put_int (result, VP_K_EVENTS, bus_log_count (self->log));
    bus_stats_fill (self->stats, result, vp_cmdsrv_peers (self->replay));
    return 0;
}

static int
s_health (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    bus_server_t *self = (bus_server_t *) ctx->arg;
    bool db = bus_log_ok (self->log);
    vp_map_put_bool (result, VP_K_DB, db);
    vp_map_put_bool (result, VP_K_BUS, true);
    vp_map_put (result, VP_K_HEADS, bus_log_heads (self->log));
    if (!db)
        vp_map_put_str (result, VP_K_STATUS, "degraded");
    return 0;
}

//  An online copy of bus.db, between two group commits.
static int
s_backup (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    bus_server_t *self = (bus_server_t *) ctx->arg;
    return vp_backup_db (bus_log_db (self->log), self->opts.data_dir, "bus", result, err);
}

static const vp_cmd_t s_commands[] = {
    { VP_C_BUS_STATS, s_stats, false, VP_ACCESS_OPS },
    { VP_C_BUS_BACKUP, s_backup, false, VP_ACCESS_OPS },
    { NULL }
};

void
bus_replay_register (bus_server_t *self)
{
    vp_cmdsrv_add (self->replay, s_commands, self);
    vp_cmdsrv_set_raw (self->replay, s_replay, self);
    vp_cmdsrv_set_health (self->replay, s_health, self);
    vp_cmdsrv_set_limits (self->replay, &self->opts.limits);
}
