/*  tu_producer - a producer for the tests: N probe events through an outbox.

    tu_producer --count N [--per-tick K] [--tick-ms T] [--data-dir D] ...
    Adds K events per tick (each tick one transaction) until N are written,
    pumps them to the bus, and exits 0 once its outbox is empty. The
    standard VP_* variables and flags say where the bus and the keys are;
    the key is "probe".
*/
#include "testutil.h"

static vp_option_t s_options[] = {
    { "count", "1000", "events to send" },
    { "per-tick", "100", "events added per tick (one transaction)" },
    { "tick-ms", "5", "period of adding" },
    { "pad", "0", "bytes of padding text in each event" },
    { NULL }
};

typedef struct {
    sqlite3 *db;
    vp_outbox_t *outbox;
    int64_t count, written, per_tick;
    char *pad;
} s_producer_t;

static int
s_on_tick (zloop_t *loop, int timer_id, void *arg)
{
    s_producer_t *self = (s_producer_t *) arg;
    if (self->written < self->count) {
        vp_err_t err = { 0 };
        if (vp_db_begin (self->db, &err) == 0) {
            int64_t n = self->written;
            for (int64_t i = 0; i < self->per_tick && n < self->count; i++, n++) {
                vp_val_t *data = vp_val_map ();
                vp_map_put_int (data, "n", n + 1);
                if (*self->pad)
                    vp_map_put_str (data, "note", self->pad);
                vp_val_t *env = vp_envelope_new ("probe", "probe.ping", "lam-son", "tu_producer", NULL, data);
                if (vp_outbox_add (self->db, env, &err))
                    break;
            }
            if (vp_db_commit (self->db, &err) == 0)
                self->written = n;
        }
        if (err.code)
            vp_warn ("producer: %s", err.message);
        vp_outbox_kick (self->outbox);
        return 0;
    }
    return vp_outbox_depth (self->outbox) == 0 ? -1 : 0;
}

int
main (int argc, char **argv)
{
    vp_config_t cfg;
    vp_err_t err = { 0 };
    int rc = vp_config_load (&cfg, "probe", argc, argv, s_options, NULL, &err);
    if (rc)
        return rc > 0 ? 0 : (fprintf (stderr, "tu_producer: %s\n", err.message), 2);
    vp_log_init ("tu_producer", cfg.log_level, cfg.log_format);
    vp_keys_t *keys = vp_keys_load (cfg.keys_dir, cfg.key_name, &err);
    if (!keys && err.code)
        return fprintf (stderr, "tu_producer: %s\n", err.message), 1;
    s_producer_t self = {
        .count = atoll (vp_option (s_options, "count")),
        .per_tick = atoll (vp_option (s_options, "per-tick"))
    };
    size_t pad = (size_t) atoll (vp_option (s_options, "pad"));
    self.pad = (char *) zmalloc (pad + 1);
    memset (self.pad, 'x', pad);
    self.db = vp_db_open (cfg.data_dir, "producer.db", &err);
    if (!self.db || vp_outbox_schema (self.db, &err))
        return fprintf (stderr, "tu_producer: %s\n", err.message), 1;
    //  A restart goes on from what the outbox already took.
    self.written = tu_sql_int_db (self.db, "SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'vp_outbox'");
    self.outbox = vp_outbox_new (self.db, cfg.bus_ingest, keys, &err);
    if (!self.outbox)
        return fprintf (stderr, "tu_producer: %s\n", err.message), 1;
    zloop_t *loop = zloop_new ();
    vp_outbox_attach (self.outbox, loop);
    zloop_timer (loop, (size_t) atoi (vp_option (s_options, "tick-ms")), 0, s_on_tick, &self);
    zloop_start (loop);
    printf ("written=%lld acked=%lld depth=%lld rejected=%lld\n", (long long) self.written,
            (long long) vp_outbox_acked (self.outbox), (long long) vp_outbox_depth (self.outbox),
            (long long) vp_outbox_rejected (self.outbox));
    vp_outbox_destroy (&self.outbox);
    zloop_destroy (&loop);
    vp_db_close (&self.db);
    vp_keys_destroy (&keys);
    free (self.pad);
    return 0;
}
