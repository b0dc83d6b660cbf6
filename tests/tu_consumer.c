/*  tu_consumer - a consumer for the tests: one row per probe event applied.

    tu_consumer [--expect N] [--delay-us U] [--hwm H] [--data-dir D] ...
    Follows stream "probe" with vp_consumer and inserts (seq, id) into its
    table `applied` for every event it applies, without a unique index, so
    an event applied twice shows as two rows. Exits 0 once its cursor
    reaches --expect (0: run until stopped). --delay-us slows each apply
    (a subscriber that falls behind).
*/
#include <unistd.h>
#include "testutil.h"

static vp_option_t s_options[] = {
    { "expect", "0", "exit once the cursor reaches this seq (0: never)" },
    { "delay-us", "0", "pause in each apply" },
    { "hwm", "1000", "receive high-water mark of the subscription" },
    { "batch", "1000", "most events per transaction" },
    { NULL }
};

typedef struct {
    vp_consumer_t *consumer;
    int delay_us;
    int64_t expect;
    bool live;
} s_state_t;

static int
s_apply (sqlite3 *db, const vp_val_t *env, void *arg)
{
    s_state_t *self = (s_state_t *) arg;
    if (self->delay_us)
        usleep ((useconds_t) self->delay_us);
    sqlite3_stmt *stmt = vp_db_cached (db, "INSERT INTO applied (seq, id) VALUES (?1, ?2)", NULL);
    if (!stmt)
        return -1;
    sqlite3_bind_int64 (stmt, 1, vp_map_int (env, "seq", 0));
    sqlite3_bind_text (stmt, 2, vp_map_str (env, "id"), -1, SQLITE_STATIC);
    int rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : -1;
    sqlite3_reset (stmt);
    return rc;
}

static int
s_on_check (zloop_t *loop, int timer_id, void *arg)
{
    s_state_t *self = (s_state_t *) arg;
    if (!self->live && vp_consumer_connected (self->consumer)) {
        self->live = true;
        printf ("live\n");        //  subscribed: tests wait for this line
        fflush (stdout);
    }
    return self->expect && vp_consumer_cursor (self->consumer, "probe") >= self->expect ? -1 : 0;
}

int
main (int argc, char **argv)
{
    vp_config_t cfg;
    vp_err_t err = { 0 };
    int rc = vp_config_load (&cfg, "consumer", argc, argv, s_options, NULL, &err);
    if (rc)
        return rc > 0 ? 0 : (fprintf (stderr, "tu_consumer: %s\n", err.message), 2);
    vp_log_init ("tu_consumer", cfg.log_level, cfg.log_format);
    vp_keys_t *keys = vp_keys_load (cfg.keys_dir, cfg.key_name, &err);
    if (!keys && err.code)
        return fprintf (stderr, "tu_consumer: %s\n", err.message), 1;
    sqlite3 *db = vp_db_open (cfg.data_dir, "consumer.db", &err);
    if (!db || vp_consumer_schema (db, &err)
    ||  vp_db_exec (db, "CREATE TABLE IF NOT EXISTS applied (seq INTEGER NOT NULL, id TEXT NOT NULL)", &err))
        return fprintf (stderr, "tu_consumer: %s\n", err.message), 1;
    s_state_t state = {
        .delay_us = atoi (vp_option (s_options, "delay-us")),
        .expect = atoll (vp_option (s_options, "expect"))
    };
    state.consumer = vp_consumer_new (db, cfg.bus_pub, cfg.bus_replay, keys, s_apply, &state, &err);
    if (!state.consumer)
        return fprintf (stderr, "tu_consumer: %s\n", err.message), 1;
    vp_consumer_set_hwm (state.consumer, atoi (vp_option (s_options, "hwm")));
    vp_consumer_set_batch (state.consumer, atoi (vp_option (s_options, "batch")));
    vp_consumer_follow (state.consumer, "probe");
    zloop_t *loop = zloop_new ();
    if (vp_consumer_attach (state.consumer, loop))
        return fprintf (stderr, "tu_consumer: cannot attach\n"), 1;
    zloop_timer (loop, 20, 0, s_on_check, &state);
    zloop_start (loop);
    printf ("cursor=%lld applied=%lld replays=%lld\n",
            (long long) vp_consumer_cursor (state.consumer, "probe"),
            (long long) vp_consumer_applied (state.consumer),
            (long long) vp_consumer_replays (state.consumer));
    vp_consumer_destroy (&state.consumer);
    zloop_destroy (&loop);
    vp_db_close (&db);
    vp_keys_destroy (&keys);
    return 0;
}
