/*  bus_server - vp-bus: ingest, publish, replay, heartbeat, stats.

    One thread, one zloop: ingest drains every envelope waiting (up to a
    batch), appends them in one transaction (group commit), and only then
    answers and publishes each. The replay endpoint answers replay requests
    and the `health`, `bus.stats` and `bus.backup` commands.
*/
#ifndef BUS_SERVER_H_INCLUDED
#define BUS_SERVER_H_INCLUDED

#include "vp/vp.h"
#include "bus_log.h"
#include "bus_stats.h"

typedef struct {
    const char *data_dir;
    const char *ingest;
    const char *pub;
    const char *replay;
    vp_keys_t *keys;            //  NULL: no CURVE
    int pub_hwm;                //  send high-water mark of publish
    int heartbeat_ms;
    int batch_max;              //  most envelopes in one commit
    vp_limits_t limits;
} bus_options_t;

typedef struct {
    bus_options_t opts;
    bus_log_t *log;
    bus_stats_t *stats;
    zsock_t *ingest;
    zsock_t *pub;
    vp_cmdsrv_t *replay;
    zloop_t *loop;
    bus_entry_t *entries;       //  the batch being committed
    zframe_t **peers;           //  identity of each entry's sender
    bool *delimited;            //  whether it sent an empty delimiter frame
    vp_ratelimit_t refusals;
} bus_server_t;

bus_server_t *bus_server_new (const bus_options_t *opts, vp_err_t *err);
void bus_server_destroy (bus_server_t **self_p);
//  Run until interrupted (SIGINT/SIGTERM).
int bus_server_run (bus_server_t *self);

//  bus_ingest.c
int bus_ingest_on_readable (zloop_t *loop, zsock_t *sock, void *arg);
//  bus_replay.c
void bus_replay_register (bus_server_t *self);

#endif
