/*  bus_server - sockets, loop, heartbeat. */
#include "bus_server.h"
#include "vp/vp_fields.h"

static int
s_on_heartbeat (zloop_t *loop, int timer_id, void *arg)
{
    bus_server_t *self = (bus_server_t *) arg;
    vp_val_t *data = vp_val_map ();
    vp_map_put (data, VP_K_HEADS, bus_log_heads (self->log));
    vp_map_put_int (data, VP_K_UPTIME_MS, bus_stats_uptime (self->stats));
    vp_val_t *env = vp_envelope_new ("bus", "bus.heartbeat", "", "bus", NULL, data);
    vp_map_put_int (env, VP_K_SEQ, 0);
    size_t size = 0;
    char *body = vp_encode (env, &size);
    vp_val_destroy (&env);
    zmsg_t *msg = zmsg_new ();
    zmsg_addstr (msg, "bus.heartbeat");
    zmsg_addmem (msg, body, size);
    free (body);
    zmsg_send (&msg, self->pub);
    return 0;
}

//  XPUB hands us its subscriptions; count the heartbeat ones (every
//  consumer takes it) as the number of subscribers.
static int
s_on_subscription (zloop_t *loop, zsock_t *sock, void *arg)
{
    bus_server_t *self = (bus_server_t *) arg;
    zframe_t *frame = zframe_recv (sock);
    if (!frame)
        return 0;
    const char *data = (const char *) zframe_data (frame);
    size_t size = zframe_size (frame);
    if (size == 1 + strlen ("bus.heartbeat") && memcmp (data + 1, "bus.heartbeat", size - 1) == 0)
        bus_stats_subscriber (self->stats, data[0] == 1 ? 1 : -1);
    zframe_destroy (&frame);
    return 0;
}

static void
s_options_default (bus_options_t *opts)
{
    if (!opts->pub_hwm)
        opts->pub_hwm = 10000;
    if (!opts->heartbeat_ms)
        opts->heartbeat_ms = 1000;
    if (!opts->batch_max)
        opts->batch_max = 4096;
    if (!opts->limits.max_frame)
        opts->limits = vp_limits_default ();
}

bus_server_t *
bus_server_new (const bus_options_t *opts, vp_err_t *err)
{
    bus_server_t *self = (bus_server_t *) zmalloc (sizeof (bus_server_t));
    self->opts = *opts;
    s_options_default (&self->opts);
    self->refusals = (vp_ratelimit_t) VP_RATELIMIT_INIT (10);
    self->stats = bus_stats_new ();
    self->entries = (bus_entry_t *) zmalloc (sizeof (bus_entry_t) * (size_t) self->opts.batch_max);
    self->peers = (zframe_t **) zmalloc (sizeof (zframe_t *) * (size_t) self->opts.batch_max);
    self->delimited = (bool *) zmalloc (sizeof (bool) * (size_t) self->opts.batch_max);
    self->log = bus_log_open (self->opts.data_dir, err);
    if (!self->log)
        goto fail;
    //  Answers must never be dropped: a producer waits for each.
    vp_sockopts_t ingest_opts = { .sndhwm = VP_HWM_UNLIMITED, .rcvhwm = 100000 };
    self->ingest = vp_sock_bind_opts (self->opts.keys, ZMQ_ROUTER, self->opts.ingest, &ingest_opts, err);
    if (!self->ingest)
        goto fail;
    //  Received one by one without a poll each (zmsg_recv returns NULL
    //  at once when nothing is left).
    zsock_set_rcvtimeo (self->ingest, 0);
    //  Events are for the services, the operators' tools and vp-web, which
    //  tells each session only what its access-checked commands show.
    vp_sockopts_t pub_opts = { .sndhwm = self->opts.pub_hwm, .roles = "service,operator,gateway" };
    self->pub = vp_sock_bind_opts (self->opts.keys, ZMQ_XPUB, self->opts.pub, &pub_opts, err);
    if (!self->pub)
        goto fail;
    int verboser = 1;
    zmq_setsockopt (zsock_resolve (self->pub), ZMQ_XPUB_VERBOSER, &verboser, sizeof verboser);
    //  Replay reads every commune's events: the services', the operators'
    //  and the district admin's keys only, never an officer's or the
    //  gateway's (SECURITY.md §1).
    self->replay = vp_cmdsrv_new ("bus", self->opts.replay, self->opts.keys, "service,operator,admin", err);
    if (!self->replay)
        goto fail;
    bus_replay_register (self);
    return self;
fail:
    bus_server_destroy (&self);
    return NULL;
}

void
bus_server_destroy (bus_server_t **self_p)
{
    bus_server_t *self = *self_p;
    if (!self)
        return;
    vp_cmdsrv_destroy (&self->replay);
    zloop_destroy (&self->loop);
    zsock_destroy (&self->pub);
    zsock_destroy (&self->ingest);
    bus_log_destroy (&self->log);
    bus_stats_destroy (&self->stats);
    free (self->entries);
    free (self->peers);
    free (self->delimited);
    free (self);
    *self_p = NULL;
}

int
bus_server_run (bus_server_t *self)
{
    self->loop = zloop_new ();
    zloop_reader (self->loop, self->ingest, bus_ingest_on_readable, self);
    zloop_reader (self->loop, self->pub, s_on_subscription, self);
    vp_cmdsrv_attach (self->replay, self->loop);
    zloop_timer (self->loop, (size_t) self->opts.heartbeat_ms, 0, s_on_heartbeat, self);
    vp_info ("listening: ingest %s, publish %s, replay %s; %lld events in the log",
             self->opts.ingest, self->opts.pub, self->opts.replay,
             (long long) bus_log_count (self->log));
    zloop_start (self->loop);
    vp_info ("stopping");
    return 0;
}
