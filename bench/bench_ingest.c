/*  bench_ingest - producers that talk to ingest directly (DEALER, CURVE as
    the `probe` key): (c) acknowledgement latency at a steady rate, and
    (d) acknowledged events per second with parallel producers.
*/
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include "bench.h"

#define S_REPLY_MAX 2048

//  Is this reply {ok:true, ...}? The bus puts `ok` first; decode anything
//  else to be sure.
static bool
s_reply_ok (const void *data, size_t size, char *why, size_t why_size)
{
    static const char s_ok[] = "\xa2ok\xc3";
    if (size > 5 && memcmp ((const char *) data + 1, s_ok, 4) == 0)
        return true;
    vp_limits_t limits = vp_limits_default ();
    vp_val_t *reply = NULL;
    bool ok = false;
    if (vp_decode (data, size, &limits, &reply, NULL) == 0) {
        ok = vp_map_bool (reply, "ok", false);
        if (!ok && why) {
            vp_val_t *error = vp_map_get (reply, "error");
            snprintf (why, why_size, "%s: %s", vp_map_str (error, "code") ? vp_map_str (error, "code") : "?",
                      vp_map_str (error, "message") ? vp_map_str (error, "message") : "?");
        }
    }
    else
    if (why)
        snprintf (why, why_size, "unreadable reply");
    vp_val_destroy (&reply);
    return ok;
}

//  Send one event and wait for its answer: the connection and its CURVE
//  handshake are then done before anything is timed.
static int
s_warm_up (void *sock, char *why, size_t why_size)
{
    size_t size = 0;
    char *body = bench_event_encoded (0, &size);
    int rc = zmq_send (sock, body, size, 0) < 0 ? -1 : 0;
    free (body);
    zmq_pollitem_t item = { .socket = sock, .events = ZMQ_POLLIN };
    char reply[S_REPLY_MAX];
    if (rc == 0 && zmq_poll (&item, 1, 10000) == 1) {
        int n = zmq_recv (sock, reply, sizeof reply, 0);
        if (n > 0 && n <= (int) sizeof reply && s_reply_ok (reply, (size_t) n, why, why_size))
            return 0;
        if (n < 0 || n > (int) sizeof reply)
            snprintf (why, why_size, "bad reply");
        return -1;
    }
    snprintf (why, why_size, "no answer from ingest within 10 s");
    return -1;
}


//  --------------------------------------------------------------------------
//  (c) latency

int
bench_latency (const bench_bus_t *bus, const char *keys_dir, int rate, double secs, bench_latency_t *out)
{
    memset (out, 0, sizeof *out);
    vp_err_t err = { 0 };
    vp_keys_t *keys = vp_keys_load (keys_dir, "probe", &err);
    zsock_t *dealer = keys ? vp_sock_connect (keys, ZMQ_DEALER, bus->ingest, "bus", &err) : NULL;
    char why[512] = "";
    if (!dealer || s_warm_up (zsock_resolve (dealer), why, sizeof why)) {
        bench_say ("latency: %s", dealer ? why : err.message);
        zsock_destroy (&dealer);
        vp_keys_destroy (&keys);
        return -1;
    }
    void *sock = zsock_resolve (dealer);
    int count = (int) (rate * secs);
    char **bodies = (char **) calloc ((size_t) count, sizeof (char *));
    size_t *sizes = (size_t *) calloc ((size_t) count, sizeof (size_t));
    int64_t *sent_at = (int64_t *) calloc ((size_t) count, sizeof (int64_t));
    int64_t *acked_at = (int64_t *) calloc ((size_t) count, sizeof (int64_t));
    zhashx_t *index = zhashx_new ();   //  id -> index + 1
    for (int i = 0; i < count; i++) {
        vp_val_t *env = bench_event (i + 1);
        zhashx_insert (index, vp_map_str (env, "id"), (void *) (intptr_t) (i + 1));
        bodies[i] = vp_encode (env, &sizes[i]);
        vp_val_destroy (&env);
    }

    int fd = -1;
    size_t fd_size = sizeof fd;
    zmq_getsockopt (sock, ZMQ_FD, &fd, &fd_size);
    int64_t period = (int64_t) (1e9 / rate);
    int64_t start = bench_now_ns () + 1000000;
    int64_t end = start + (int64_t) (secs * 1e9) + 3 * (int64_t) 1000000000;
    int next = 0, answered = 0;
    vp_limits_t limits = vp_limits_default ();
    while (!bench_stopping ()) {
        int64_t now = bench_now_ns ();
        //  Open loop: send what is due whatever is still unanswered, so a
        //  slow answer delays no later send.
        while (next < count && start + next * period <= now) {
            sent_at[next] = bench_now_ns ();
            zmq_send (sock, bodies[next], sizes[next], ZMQ_DONTWAIT);
            next++;
            now = bench_now_ns ();
        }
        int events = 0;
        size_t events_size = sizeof events;
        while (zmq_getsockopt (sock, ZMQ_EVENTS, &events, &events_size) == 0 && (events & ZMQ_POLLIN)) {
            char reply[S_REPLY_MAX];
            int n = zmq_recv (sock, reply, sizeof reply, ZMQ_DONTWAIT);
            int64_t t = bench_now_ns ();
            if (n < 0 || n > (int) sizeof reply)
                continue;
            vp_val_t *value = NULL;
            if (vp_decode (reply, (size_t) n, &limits, &value, NULL) == 0) {
                const char *id = vp_map_str (value, "id");
                intptr_t at = id ? (intptr_t) zhashx_lookup (index, id) : 0;
                if (at > 0 && !acked_at[at - 1]) {
                    answered++;
                    if (vp_map_bool (value, "ok", false)) {
                        acked_at[at - 1] = t;
                        out->acked++;
                    }
                    else
                        out->failed++;
                }
            }
            vp_val_destroy (&value);
        }
        now = bench_now_ns ();
        if ((next == count && answered == count) || now > end)
            break;
        int64_t wait = next < count ? start + next * period - now : end - now;
        if (wait > 0) {
            struct pollfd pfd = { .fd = fd, .events = POLLIN };
            struct timespec ts = { .tv_sec = wait / 1000000000, .tv_nsec = wait % 1000000000 };
            ppoll (&pfd, 1, &ts, NULL);
        }
    }
    out->sent = next;
    out->failed += next - answered;
    double *ms = (double *) calloc ((size_t) count + 1, sizeof (double));
    int n = 0;
    for (int i = 0; i < next; i++)
        if (acked_at[i])
            ms[n++] = bench_ms (acked_at[i] - sent_at[i]);
    if (next > 1)
        out->rate = (next - 1) / bench_secs (sent_at[next - 1] - sent_at[0]);
    bench_percentiles (ms, n, &out->p50, &out->p99, &out->max);
    free (ms);
    for (int i = 0; i < count; i++)
        free (bodies[i]);
    free (bodies);
    free (sizes);
    free (sent_at);
    free (acked_at);
    zhashx_destroy (&index);
    zsock_destroy (&dealer);
    vp_keys_destroy (&keys);
    return out->acked == count ? 0 : -1;
}


//  --------------------------------------------------------------------------
//  (d) parallel ingest

typedef struct {
    vp_keys_t *keys;
    const char *ingest;
    int window;
    double max_secs;
    pthread_barrier_t start;
    atomic_int setup_failed;
} s_shared_t;

typedef struct {
    s_shared_t *shared;
    pthread_t thread;
    int64_t count;
    int64_t acked;
    int64_t failed;
    int64_t t_end;
    char why[512];
} s_worker_t;

static void *
s_worker (void *arg)
{
    s_worker_t *w = (s_worker_t *) arg;
    s_shared_t *sh = w->shared;
    vp_err_t err = { 0 };
    zsock_t *dealer = vp_sock_connect (sh->keys, ZMQ_DEALER, sh->ingest, "bus", &err);
    //  Every event encoded before the clock starts: the producers' own
    //  work is not what is measured.
    char *bodies = (char *) malloc ((size_t) w->count * (BENCH_EVENT_SIZE + 64));
    size_t *offsets = (size_t *) calloc ((size_t) w->count + 1, sizeof (size_t));
    for (int64_t i = 0; i < w->count; i++) {
        size_t size = 0;
        char *body = bench_event_encoded (i + 1, &size);
        if (size > BENCH_EVENT_SIZE + 64)
            size = BENCH_EVENT_SIZE + 64;
        memcpy (bodies + offsets[i], body, size);
        offsets[i + 1] = offsets[i] + size;
        free (body);
    }
    bool ready = dealer && s_warm_up (zsock_resolve (dealer), w->why, sizeof w->why) == 0;
    if (!dealer)
        snprintf (w->why, sizeof w->why, "%s", err.message);
    if (!ready)
        atomic_store (&sh->setup_failed, 1);
    pthread_barrier_wait (&sh->start);
    if (ready && !atomic_load (&sh->setup_failed)) {
        void *sock = zsock_resolve (dealer);
        zsock_set_rcvtimeo (dealer, 5000);
        int64_t sent = 0, inflight = 0;
        int64_t deadline = bench_now_ns () + (int64_t) (sh->max_secs * 1e9);
        char reply[S_REPLY_MAX];
        while (w->acked + w->failed < w->count && !bench_stopping ()) {
            while (sent < w->count && inflight < sh->window) {
                if (zmq_send (sock, bodies + offsets[sent], offsets[sent + 1] - offsets[sent], 0) < 0)
                    break;
                sent++;
                inflight++;
            }
            int n = zmq_recv (sock, reply, sizeof reply, 0);
            if (n < 0) {
                snprintf (w->why, sizeof w->why, "no answer within 5 s (%lld in flight)", (long long) inflight);
                break;
            }
            inflight--;
            if (n <= (int) sizeof reply && s_reply_ok (reply, (size_t) n, w->why, sizeof w->why))
                w->acked++;
            else
                w->failed++;
            if ((w->acked & 1023) == 0 && bench_now_ns () > deadline) {
                snprintf (w->why, sizeof w->why, "stopped after %.0f s", sh->max_secs);
                break;
            }
        }
        w->t_end = bench_now_ns ();
    }
    zsock_destroy (&dealer);
    free (bodies);
    free (offsets);
    return NULL;
}

int
bench_ingest (const bench_bus_t *bus, const char *keys_dir, int producers, int window,
              int64_t total, double max_secs, bench_ingest_t *out)
{
    memset (out, 0, sizeof *out);
    vp_err_t err = { 0 };
    s_shared_t sh = { .ingest = bus->ingest, .window = window, .max_secs = max_secs };
    sh.keys = vp_keys_load (keys_dir, "probe", &err);
    if (!sh.keys) {
        bench_say ("ingest: %s", err.message);
        return -1;
    }
    pthread_barrier_init (&sh.start, NULL, (unsigned) producers + 1);
    s_worker_t *workers = (s_worker_t *) calloc ((size_t) producers, sizeof (s_worker_t));
    for (int i = 0; i < producers; i++) {
        workers[i].shared = &sh;
        workers[i].count = total / producers + (i < total % producers ? 1 : 0);
        pthread_create (&workers[i].thread, NULL, s_worker, &workers[i]);
    }
    pthread_barrier_wait (&sh.start);
    int64_t t0 = bench_now_ns ();
    int64_t t_end = t0;
    int rc = atomic_load (&sh.setup_failed) ? -1 : 0;
    for (int i = 0; i < producers; i++) {
        pthread_join (workers[i].thread, NULL);
        out->acked += workers[i].acked;
        out->failed += workers[i].failed;
        if (workers[i].t_end > t_end)
            t_end = workers[i].t_end;
        if (*workers[i].why && rc == 0) {
            bench_say ("ingest: producer %d: %s", i, workers[i].why);
            rc = -1;
        }
        else
        if (*workers[i].why && atomic_load (&sh.setup_failed))
            bench_say ("ingest: producer %d: %s", i, workers[i].why);
    }
    out->secs = bench_secs (t_end - t0);
    out->rate = out->secs > 0 ? (double) out->acked / out->secs : 0;
    if (out->acked != total)
        rc = -1;
    pthread_barrier_destroy (&sh.start);
    free (workers);
    vp_keys_destroy (&sh.keys);
    return rc;
}
