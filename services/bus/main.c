/*  vp-bus - the durable message bus of vanphong. */
#include "bus_server.h"

static vp_option_t s_options[] = {
    { "bus-pub-hwm", "10000", "messages queued per subscriber before the bus drops (they replay)" },
    { "bus-heartbeat-ms", "1000", "period of bus.heartbeat" },
    { "bus-batch-max", "4096", "most events in one group commit" },
    { NULL }
};

int
main (int argc, char **argv)
{
    vp_config_t cfg;
    vp_keys_t *keys = NULL;
    int rc = vp_main_init ("bus", argc, argv, s_options, &cfg, &keys);
    if (rc >= 0)
        return rc;
    vp_err_t err = { 0 };
    vp_limits_t limits = vp_limits_default ();
    limits.max_frame = cfg.max_frame;
    bus_options_t opts = {
        .data_dir = cfg.data_dir, .ingest = cfg.bus_ingest, .pub = cfg.bus_pub,
        .replay = cfg.bus_replay, .keys = keys,
        .pub_hwm = atoi (vp_option (s_options, "bus-pub-hwm")),
        .heartbeat_ms = atoi (vp_option (s_options, "bus-heartbeat-ms")),
        .batch_max = atoi (vp_option (s_options, "bus-batch-max")),
        .limits = limits
    };
    if (opts.pub_hwm < 1 || opts.heartbeat_ms < 10 || opts.batch_max < 1) {
        vp_error ("bus-pub-hwm, bus-heartbeat-ms (>= 10) and bus-batch-max must be positive numbers");
        vp_keys_destroy (&keys);
        return 2;
    }
    bus_server_t *server = bus_server_new (&opts, &err);
    if (!server) {
        vp_error ("cannot start: %s", err.message);
        vp_keys_destroy (&keys);
        return 1;
    }
    bus_server_run (server);
    bus_server_destroy (&server);
    vp_keys_destroy (&keys);
    return 0;
}
