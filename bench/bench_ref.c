/*  bench_ref - (a) the references: what ZeroMQ and sqlite alone do on this
    machine, so the bus's figures can be read as ratios of them. */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include "bench.h"

#define S_PUBSUB_HWM 100000

typedef struct {
    void *pub;                  //  libzmq socket
    int64_t count;
    double max_secs;
    atomic_int ready;           //  the subscriber has heard us
    atomic_int done;            //  every message is sent
    int64_t sent;
} s_pubsub_t;

static void *
s_publisher (void *arg)
{
    s_pubsub_t *ps = (s_pubsub_t *) arg;
    int64_t give_up = bench_now_ns () + 5 * (int64_t) 1000000000;
    //  A subscriber misses what is sent before its subscription arrives:
    //  say hello until it answers.
    while (!atomic_load (&ps->ready) && bench_now_ns () < give_up && !bench_stopping ()) {
        zmq_send (ps->pub, "h", 1, ZMQ_DONTWAIT);
        usleep (1000);
    }
    char buf[BENCH_EVENT_SIZE];
    memset (buf, 'x', sizeof buf);
    buf[0] = 'd';
    int64_t deadline = bench_now_ns () + (int64_t) (ps->max_secs * 1e9);
    int64_t i = 0;
    while (atomic_load (&ps->ready) && i < ps->count) {
        zmq_send (ps->pub, buf, sizeof buf, 0);
        if ((++i & 4095) == 0 && bench_now_ns () > deadline)
            break;
    }
    ps->sent = i;
    for (int k = 0; k < 10; k++) {
        zmq_send (ps->pub, "e", 1, ZMQ_DONTWAIT);
        usleep (1000);
    }
    atomic_store (&ps->done, 1);
    return NULL;
}

//  HWMs and CURVE are set before bind and connect: libzmq copies a
//  socket's options into each listener and connection when it is made.
//  No ZAP handler serves these sockets: every key may connect, which does
//  not change the cost per message.
static zsock_t *
s_pubsub_sock (int type, zcert_t *cert, const char *server_public, const char *connect_to)
{
    zsock_t *sock = zsock_new (type);
    zsock_set_linger (sock, 0);
    if (type == ZMQ_PUB)
        zsock_set_sndhwm (sock, S_PUBSUB_HWM);
    else
        zsock_set_rcvhwm (sock, S_PUBSUB_HWM);
    if (cert) {
        zcert_apply (cert, sock);
        if (server_public)
            zsock_set_curve_serverkey (sock, server_public);
        else
            zsock_set_curve_server (sock, 1);
    }
    int rc = connect_to ? zsock_connect (sock, "%s", connect_to) : zsock_bind (sock, "tcp://127.0.0.1:*");
    if (rc < 0)
        zsock_destroy (&sock);
    return sock;
}

int
bench_ref_pubsub (const char *keys_dir, int64_t count, double max_secs, double *rate, int64_t *received)
{
    zcert_t *server_cert = NULL, *client_cert = NULL;
    if (keys_dir) {
        char *path = zsys_sprintf ("%s/bus.secret", keys_dir);
        server_cert = zcert_load (path);
        zstr_free (&path);
        path = zsys_sprintf ("%s/bench.secret", keys_dir);
        client_cert = zcert_load (path);
        zstr_free (&path);
        if (!server_cert || !client_cert) {
            bench_say ("pubsub: cannot load the bus and bench keys from %s", keys_dir);
            zcert_destroy (&server_cert);
            zcert_destroy (&client_cert);
            return -1;
        }
    }
    zsock_t *pub = s_pubsub_sock (ZMQ_PUB, server_cert, NULL, NULL);
    zsock_t *sub = pub ? s_pubsub_sock (ZMQ_SUB, client_cert,
                                        server_cert ? zcert_public_txt (server_cert) : NULL,
                                        zsock_endpoint (pub)) : NULL;
    zcert_destroy (&server_cert);
    zcert_destroy (&client_cert);
    if (!sub) {
        bench_say ("pubsub: cannot bind or connect: %s", zmq_strerror (zmq_errno ()));
        zsock_destroy (&pub);
        return -1;
    }
    zsock_set_subscribe (sub, "");
    zsock_set_rcvtimeo (sub, 1000);

    s_pubsub_t ps = { .pub = zsock_resolve (pub), .count = count, .max_secs = max_secs };
    pthread_t thread;
    pthread_create (&thread, NULL, s_publisher, &ps);
    void *s = zsock_resolve (sub);
    char buf[BENCH_EVENT_SIZE + 16];
    int64_t got = 0, first = 0, last = 0;
    int64_t give_up = bench_now_ns () + 6 * (int64_t) 1000000000;
    while (!bench_stopping ()) {
        int n = zmq_recv (s, buf, sizeof buf, 0);
        if (n < 0) {
            //  A second of silence: the end marker was dropped, or nothing came.
            if (atomic_load (&ps.done) || (!atomic_load (&ps.ready) && bench_now_ns () > give_up))
                break;
            continue;
        }
        if (buf[0] == 'h')
            atomic_store (&ps.ready, 1);
        else
        if (buf[0] == 'd') {
            last = bench_now_ns ();
            if (got++ == 0)
                first = last;
        }
        else
        if (buf[0] == 'e')
            break;
    }
    atomic_store (&ps.ready, 1);    //  let the publisher finish if we gave up
    pthread_join (thread, NULL);
    zsock_destroy (&sub);
    zsock_destroy (&pub);
    *received = got;
    *rate = got > 1 && last > first ? (double) (got - 1) / bench_secs (last - first) : 0;
    if (got < ps.sent)
        bench_say ("pubsub: PUB outran SUB, %lld of %lld messages dropped at the high-water mark"
                   " (the rate counts what arrived)",
                   (long long) (ps.sent - got), (long long) ps.sent);
    return got > 1 ? 0 : -1;
}

static sqlite3 *
s_ref_db (const char *dir, const char *name)
{
    vp_err_t err = { 0 };
    sqlite3 *db = vp_db_open (dir, name, &err);
    if (!db || vp_db_exec (db, "CREATE TABLE IF NOT EXISTS blobs ("
                               "  n INTEGER PRIMARY KEY, body BLOB NOT NULL)", &err)) {
        bench_say ("sqlite: %s", err.message);
        vp_db_close (&db);
    }
    return db;
}

int
bench_ref_sqlite (const char *dir, int batch, int64_t max_rows, double max_secs, double *rate)
{
    sqlite3 *db = s_ref_db (dir, "ref-batch.db");
    if (!db)
        return -1;
    vp_err_t err = { 0 };
    size_t size = 0;
    char *blob = bench_event_encoded (1, &size);
    sqlite3_stmt *stmt = vp_db_cached (db, "INSERT INTO blobs (body) VALUES (?1)", &err);
    int64_t rows = 0;
    int64_t start = bench_now_ns ();
    int64_t deadline = start + (int64_t) (max_secs * 1e9);
    int rc = stmt ? 0 : -1;
    while (rc == 0 && rows < max_rows && bench_now_ns () < deadline && !bench_stopping ()) {
        if (vp_db_begin (db, &err)) {
            rc = -1;
            break;
        }
        for (int i = 0; i < batch; i++) {
            sqlite3_bind_blob (stmt, 1, blob, (int) size, SQLITE_STATIC);
            if (sqlite3_step (stmt) != SQLITE_DONE)
                rc = vp_db_error (db, &err, "insert");
            sqlite3_reset (stmt);
        }
        if (rc || vp_db_commit (db, &err)) {
            vp_db_rollback (db);
            rc = -1;
            break;
        }
        rows += batch;
    }
    double secs = bench_secs (bench_now_ns () - start);
    *rate = rows / secs;
    if (rc)
        bench_say ("sqlite: %s", err.message);
    free (blob);
    vp_db_close (&db);
    return rc;
}

int
bench_ref_commit (const char *dir, int count, double max_secs, double *p50, double *p99)
{
    sqlite3 *db = s_ref_db (dir, "ref-commit.db");
    if (!db)
        return -1;
    vp_err_t err = { 0 };
    size_t size = 0;
    char *blob = bench_event_encoded (1, &size);
    double *ms = (double *) calloc ((size_t) count, sizeof (double));
    sqlite3_stmt *stmt = vp_db_cached (db, "INSERT INTO blobs (body) VALUES (?1)", &err);
    int done = 0;
    int64_t deadline = bench_now_ns () + (int64_t) (max_secs * 1e9);
    while (stmt && done < count && bench_now_ns () < deadline && !bench_stopping ()) {
        int64_t t0 = bench_now_ns ();
        if (vp_db_begin (db, &err))
            break;
        sqlite3_bind_blob (stmt, 1, blob, (int) size, SQLITE_STATIC);
        int step = sqlite3_step (stmt);
        sqlite3_reset (stmt);
        if (step != SQLITE_DONE || vp_db_commit (db, &err)) {
            vp_db_rollback (db);
            break;
        }
        ms[done++] = bench_ms (bench_now_ns () - t0);
    }
    bench_percentiles (ms, done, p50, p99, NULL);
    free (ms);
    free (blob);
    vp_db_close (&db);
    return done > 0 ? 0 : -1;
}

int
bench_ref_roundtrip (const char *keys_dir, int count, double *p50, double *p99)
{
    vp_err_t err = { 0 };
    vp_keys_t *server_keys = vp_keys_load (keys_dir, "bus", &err);
    vp_keys_t *client_keys = server_keys ? vp_keys_load (keys_dir, "probe", &err) : NULL;
    zsock_t *router = client_keys ? vp_sock_bind (server_keys, ZMQ_ROUTER, "tcp://127.0.0.1:*", &err) : NULL;
    zsock_t *dealer = router ? vp_sock_connect (client_keys, ZMQ_DEALER, zsock_endpoint (router), "bus", &err) : NULL;
    int rc = -1;
    double *ms = (double *) calloc ((size_t) count + 1, sizeof (double));
    int done = 0;
    if (dealer) {
        zsock_set_rcvtimeo (router, 3000);
        zsock_set_rcvtimeo (dealer, 3000);
        void *r = zsock_resolve (router), *d = zsock_resolve (dealer);
        char body[BENCH_EVENT_SIZE], id[256];
        memset (body, 'x', sizeof body);
        //  The first exchange includes the CURVE handshake: not counted.
        for (int i = -1; i < count && !bench_stopping (); i++) {
            int64_t t0 = bench_now_ns ();
            zmq_send (d, body, sizeof body, 0);
            int idn = zmq_recv (r, id, sizeof id, 0);
            if (idn < 0 || zmq_recv (r, body, sizeof body, 0) < 0)
                break;
            zmq_send (r, id, (size_t) idn, ZMQ_SNDMORE);
            zmq_send (r, body, sizeof body, 0);
            if (zmq_recv (d, body, sizeof body, 0) < 0)
                break;
            if (i >= 0)
                ms[done++] = bench_ms (bench_now_ns () - t0);
        }
        rc = done > 0 ? 0 : -1;
    }
    else
        bench_say ("roundtrip: %s", err.message);
    bench_percentiles (ms, done, p50, p99, NULL);
    free (ms);
    zsock_destroy (&dealer);
    zsock_destroy (&router);
    vp_keys_destroy (&client_keys);
    vp_keys_destroy (&server_keys);
    return rc;
}
