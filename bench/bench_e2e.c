/*  bench_e2e - (b) durable events end to end.

    A producer thread writes probe.ping events into its own outbox (one
    sqlite transaction per `tx` events) and pumps them (vp_outbox_t on its
    zloop) to a real vp-bus; a consumer thread (vp_consumer_t on its own
    zloop and database) applies each event, one row per event, with its
    cursor. One warm-up event goes through first, so connections, CURVE
    handshakes and the subscription are in place; then the clock runs from
    the first write to the moment the consumer's committed cursor reaches
    the last event.
*/
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include "bench.h"

//  Most rows the producer lets wait in its outbox: a service writes as its
//  work comes, not 100,000 events in one go.
#define S_BACKLOG 10000

typedef struct {
    const bench_bus_t *bus;
    const char *keys_dir;
    const char *dir;
    int64_t events;
    int tx;
    int outbox_window;
    int64_t deadline;           //  ns
    atomic_int go;              //  warm-up done: start writing
    atomic_int stop;            //  give up
    atomic_llong t_first_write; //  ns, 0 until then
    //  producer
    atomic_llong warm_acked;
    int64_t written;
    int64_t t_written;
    int64_t t_acked;
    int producer_rc;
    //  consumer
    atomic_llong cursor;
    atomic_int connected;
    int64_t t_applied;
    int64_t replays;
    int consumer_rc;
} s_run_t;

typedef struct {
    s_run_t *run;
    sqlite3 *db;
    vp_outbox_t *outbox;
    bool warm_written;
} s_producer_t;

static int
s_write (s_producer_t *p, int64_t from, int count)
{
    vp_err_t err = { 0 };
    if (vp_db_begin (p->db, &err))
        goto fail;
    for (int i = 0; i < count; i++)
        if (vp_outbox_add (p->db, bench_event (from + i), &err)) {
            vp_db_rollback (p->db);
            goto fail;
        }
    if (vp_db_commit (p->db, &err))
        goto fail;
    vp_outbox_kick (p->outbox);
    return 0;
fail:
    bench_say ("producer: %s", err.message);
    return -1;
}

static int
s_producer_tick (zloop_t *loop, int timer_id, void *arg)
{
    s_producer_t *p = (s_producer_t *) arg;
    s_run_t *run = p->run;
    if (atomic_load (&run->stop) || bench_stopping () || bench_now_ns () > run->deadline)
        return -1;
    int64_t acked = vp_outbox_acked (p->outbox);
    if (!p->warm_written) {
        p->warm_written = true;
        return s_write (p, 0, 1);
    }
    if (!atomic_load (&run->go)) {
        atomic_store (&run->warm_acked, acked);
        return 0;
    }
    //  acked counts the warm-up event too
    if (run->written < run->events) {
        if (run->written - (acked - 1) >= S_BACKLOG)
            return 0;
        int64_t now = bench_now_ns ();
        if (run->written == 0)
            atomic_store (&run->t_first_write, now);
        int count = (int) (run->events - run->written < run->tx ? run->events - run->written : run->tx);
        if (s_write (p, run->written + 1, count))
            return -1;
        run->written += count;
        if (run->written == run->events)
            run->t_written = bench_now_ns ();
        return 0;
    }
    if (acked >= run->events + 1) {
        run->t_acked = bench_now_ns ();
        return -1;
    }
    return 0;
}

static void *
s_producer (void *arg)
{
    s_run_t *run = (s_run_t *) arg;
    s_producer_t p = { .run = run };
    vp_err_t err = { 0 };
    vp_keys_t *keys = vp_keys_load (run->keys_dir, "probe", &err);
    zloop_t *loop = zloop_new ();
    run->producer_rc = -1;
    if (keys)
        p.db = vp_db_open (run->dir, "producer.db", &err);
    if (p.db && vp_outbox_schema (p.db, &err) == 0)
        p.outbox = vp_outbox_new (p.db, run->bus->ingest, keys, &err);
    if (p.outbox && run->outbox_window)
        vp_outbox_set_window (p.outbox, run->outbox_window);
    if (!p.outbox || vp_outbox_attach (p.outbox, loop)) {
        bench_say ("producer: %s", err.message);
        atomic_store (&run->stop, 1);
    }
    else {
        //  Every millisecond: write one transaction while there is room,
        //  between the pump's own work on the same loop.
        zloop_timer (loop, 1, 0, s_producer_tick, &p);
        zloop_start (loop);
        run->producer_rc = run->t_acked ? 0 : -1;
    }
    vp_outbox_destroy (&p.outbox);     //  before its loop: it leaves it
    zloop_destroy (&loop);
    vp_db_close (&p.db);
    vp_keys_destroy (&keys);
    return NULL;
}

typedef struct {
    s_run_t *run;
    vp_consumer_t *consumer;
} s_consumer_t;

static int
s_apply (sqlite3 *db, const vp_val_t *env, void *arg)
{
    sqlite3_stmt *stmt = vp_db_cached (db, "INSERT INTO applied (seq, id, n) VALUES (?1, ?2, ?3)", NULL);
    if (!stmt)
        return -1;
    sqlite3_bind_int64 (stmt, 1, vp_map_int (env, "seq", 0));
    sqlite3_bind_text (stmt, 2, vp_map_str (env, "id"), -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 3, vp_map_int (vp_map_get (env, "data"), "n", -1));
    int rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : -1;
    sqlite3_reset (stmt);
    return rc;
}

static int
s_consumer_tick (zloop_t *loop, int timer_id, void *arg)
{
    s_consumer_t *c = (s_consumer_t *) arg;
    s_run_t *run = c->run;
    int64_t cursor = vp_consumer_cursor (c->consumer, "probe");
    atomic_store (&run->cursor, cursor);
    atomic_store (&run->connected, vp_consumer_connected (c->consumer));
    if (cursor >= run->events + 1) {
        run->t_applied = bench_now_ns ();
        return -1;
    }
    if (atomic_load (&run->stop) || bench_stopping () || bench_now_ns () > run->deadline)
        return -1;
    return 0;
}

static void *
s_consumer (void *arg)
{
    s_run_t *run = (s_run_t *) arg;
    s_consumer_t c = { .run = run };
    vp_err_t err = { 0 };
    vp_keys_t *keys = vp_keys_load (run->keys_dir, "bench", &err);
    zloop_t *loop = zloop_new ();
    sqlite3 *db = NULL;
    run->consumer_rc = -1;
    if (keys)
        db = vp_db_open (run->dir, "consumer.db", &err);
    if (db && vp_consumer_schema (db, &err) == 0
    &&  vp_db_exec (db, "CREATE TABLE IF NOT EXISTS applied ("
                        "  seq INTEGER PRIMARY KEY, id TEXT NOT NULL, n INTEGER NOT NULL)", &err) == 0)
        c.consumer = vp_consumer_new (db, run->bus->pub, run->bus->replay, keys, s_apply, NULL, &err);
    if (!c.consumer || vp_consumer_follow (c.consumer, "probe") || vp_consumer_attach (c.consumer, loop)) {
        bench_say ("consumer: %s", *err.message ? err.message : "cannot follow or attach");
        atomic_store (&run->stop, 1);
    }
    else {
        zloop_timer (loop, 1, 0, s_consumer_tick, &c);
        zloop_start (loop);
        run->replays = vp_consumer_replays (c.consumer);
        run->consumer_rc = run->t_applied ? 0 : -1;
    }
    vp_consumer_destroy (&c.consumer);
    zloop_destroy (&loop);
    vp_db_close (&db);
    vp_keys_destroy (&keys);
    return NULL;
}

int
bench_e2e (const bench_bus_t *bus, const char *keys_dir, const char *dir,
           int64_t events, int tx, int outbox_window, double max_secs, bench_e2e_t *out)
{
    memset (out, 0, sizeof *out);
    s_run_t *run = (s_run_t *) zmalloc (sizeof (s_run_t));
    run->bus = bus;
    run->keys_dir = keys_dir;
    run->dir = dir;
    run->events = events;
    run->tx = tx;
    run->outbox_window = outbox_window;
    //  Warm-up (up to a heartbeat or two) is not part of max_secs.
    run->deadline = bench_now_ns () + (int64_t) ((max_secs + 10) * 1e9);
    pthread_t consumer, producer;
    pthread_create (&consumer, NULL, s_consumer, run);
    pthread_create (&producer, NULL, s_producer, run);

    //  The warm-up event applied and a heartbeat heard: every connection
    //  is up and the subscription is in place.
    int64_t give_up = bench_now_ns () + 10 * (int64_t) 1000000000;
    while (!atomic_load (&run->stop) && !bench_stopping ()
       && (atomic_load (&run->cursor) < 1 || !atomic_load (&run->connected)
           || atomic_load (&run->warm_acked) < 1)) {
        if (bench_now_ns () > give_up) {
            bench_say ("e2e: the warm-up event did not go through within 10 s "
                       "(cursor %lld, heartbeat %s, acked %lld)",
                       (long long) atomic_load (&run->cursor),
                       atomic_load (&run->connected) ? "yes" : "no",
                       (long long) atomic_load (&run->warm_acked));
            atomic_store (&run->stop, 1);
            break;
        }
        usleep (2000);
    }
    run->deadline = bench_now_ns () + (int64_t) (max_secs * 1e9);
    atomic_store (&run->go, 1);
    pthread_join (producer, NULL);
    if (run->producer_rc)
        atomic_store (&run->stop, 1);
    pthread_join (consumer, NULL);

    int64_t t0 = atomic_load (&run->t_first_write);
    out->events = events;
    out->applied = atomic_load (&run->cursor) - 1;
    if (out->applied < 0)
        out->applied = 0;
    out->replays = run->replays;
    out->complete = run->producer_rc == 0 && run->consumer_rc == 0;
    int64_t t_end = run->t_applied ? run->t_applied : bench_now_ns ();
    out->secs = t0 ? bench_secs (t_end - t0) : 0;
    out->rate = out->secs > 0 ? (double) out->applied / out->secs : 0;
    out->write_secs = t0 && run->t_written ? bench_secs (run->t_written - t0) : 0;
    out->ack_secs = t0 && run->t_acked ? bench_secs (run->t_acked - t0) : 0;
    int rc = out->complete ? 0 : -1;
    free (run);
    return rc;
}
