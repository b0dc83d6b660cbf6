/*  bench-notify - the benchmark of vp-notify: notifications decided and
    written to the inbox, durably, per second, and the time from the cause
    event's seq on the bus to its inbox row.

    bench-notify [--dir DIR] [--bin BUILD_DIR] [--runs 3] [--events 20000] [--rate 500]
                 [--paced-secs 5] [--demo FILE] [--quick] [--markdown FILE] [--command TEXT]

    Each run, on a fresh data folder: vp-bus, then the reference measured
    on it (durable events end to end: outbox -> vp-bus -> consumer, one
    row per event, bench_e2e); then vp-staffing and vp-notify with CURVE
    and the demo district loaded through vpctl (DEMO, default
    scripts/demo/district.vp). This process then publishes
    documents.assigned events with the documents key straight to the
    bus's ingest (as vp-documents would, up to 1,000 unacknowledged), for
    officers of four communes (one of them on leave: the delegate is
    told), and notes when the bus acknowledged each one (its seq: durable
    and published). Another thread reads notify.db (read-only, every
    0.2 ms) for new inbox rows and notes when each cause's row is there:
    committed. Phase 1 publishes --events as fast as they go (the rate);
    phase 2 publishes --rate a second for --paced-secs (the latency of an
    office at work). vp-notify runs without SMTP: the inbox is the
    measure; delivery is another thread and another transaction.

    Targets: >= 1,000 notifications/s; p99 <= 100 ms at the paced rate.
    DIR (default ./var/bench-notify-XXXXXX, removed after) should be on
    the disk under test. Exit 0 when every target is met, 1 when one is
    missed, 2 when the run failed.
*/
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>
#include "bench.h"

#define S_MAX_RUNS 9
#define S_TARGET_RATE 1000.0
#define S_TARGET_P99_MS 100.0
#define S_WINDOW 1000
#define S_E2E_EVENTS 20000

typedef struct {
    bench_t bench;
    int events;
    int rate;
    double paced_secs;
    char demo[BENCH_PATH_MAX];
} s_args_t;

typedef struct {
    int runs_done;
    double rate[S_MAX_RUNS];            //  phase 1, notifications/s
    double burst_p50[S_MAX_RUNS], burst_p99[S_MAX_RUNS];
    double p50[S_MAX_RUNS], p99[S_MAX_RUNS], max[S_MAX_RUNS];  //  phase 2
    double e2e[S_MAX_RUNS];             //  reference, events/s
    double commit_p50, commit_p99;
    int64_t missing;                    //  causes without an inbox row, all runs
    int64_t staffing_events;
} s_result_t;

//  Officers of the demo district told by the events, with their post.
static const struct {
    const char *tenant, *officer, *post;
} s_people[] = {
    { "lam-son", "ls-dang-thi-mau-tam", "dia-chinh" }, { "lam-son", "ls-bui-van-mau-chin", "tai-chinh" },
    { "lam-son", "ls-do-van-mau-muoi", "tu-phap" }, { "lam-son", "ls-ho-thi-mau-muoi-mot", "van-hoa" },
    { "lam-son", "ls-le-van-mau-ba", "chu-tich-ubnd" }, { "giang-son-tay", "gst-ho-thi-mau-tam", "dia-chinh" },
    { "giang-son-tay", "gst-ngo-van-mau-chin", "tai-chinh" }, { "giang-son-tay", "gst-duong-van-mau-muoi", "tu-phap" },
    { "giang-son-tay", "gst-dang-xuan-quang", "chu-tich-ubnd" }, { "minh-son", "ms-le-thi-mau-muoi-mot", "van-hoa" },
    //  on leave 20/11 - 15/12/2026: told to the delegate when that is now
    { "minh-son", "ms-tran-van-mau-muoi", "tu-phap" },
};
#define S_NPEOPLE ((int) (sizeof s_people / sizeof s_people[0]))

//  --------------------------------------------------------------------------
//  The watcher: inbox rows as they are committed

typedef struct {
    char db_path[BENCH_PATH_MAX + 32];
    int64_t *seen;              //  ns, by cause seq (0: not yet)
    int64_t capacity;
    atomic_llong rows;          //  rows seen
    atomic_int stop;
    char error[BENCH_PATH_MAX + 64];
} s_watch_t;

static void *
s_watch (void *arg)
{
    s_watch_t *w = (s_watch_t *) arg;
    sqlite3 *db = NULL;
    //  The file is there: vp-notify made it before it answered health.
    if (sqlite3_open_v2 (w->db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        snprintf (w->error, sizeof w->error, "cannot open %s", w->db_path);
        sqlite3_close (db);
        return NULL;
    }
    sqlite3_busy_timeout (db, 1000);
    sqlite3_stmt *stmt = NULL;
    sqlite3_prepare_v2 (db, "SELECT rowid, cause_seq FROM ntf_notification WHERE rowid > ?1"
                            " AND cause_type = 'documents.assigned' ORDER BY rowid", -1, &stmt, NULL);
    int64_t last = 0;
    while (stmt && !atomic_load (&w->stop)) {
        sqlite3_bind_int64 (stmt, 1, last);
        int64_t now = bench_now_ns ();
        while (sqlite3_step (stmt) == SQLITE_ROW) {
            last = sqlite3_column_int64 (stmt, 0);
            int64_t seq = sqlite3_column_int64 (stmt, 1);
            if (seq > 0 && seq < w->capacity && !w->seen[seq]) {
                w->seen[seq] = now;
                atomic_fetch_add (&w->rows, 1);
            }
        }
        sqlite3_reset (stmt);
        usleep (200);
    }
    sqlite3_finalize (stmt);
    sqlite3_close (db);
    return NULL;
}

//  --------------------------------------------------------------------------
//  The producer: documents.assigned straight to ingest, as vp-documents

typedef struct {
    zsock_t *sock;
    int64_t *acked;             //  ns, by seq
    int64_t capacity;
    int64_t next;               //  events made so far (numbers and ids)
} s_producer_t;

static char *
s_event (s_producer_t *p, size_t *size)
{
    int64_t n = ++p->next;
    int who = (int) (n % S_NPEOPLE);
    vp_val_t *data = vp_val_map ();
    char document[32], number[32];
    snprintf (document, sizeof document, "d-%lld", (long long) n);
    snprintf (number, sizeof number, "%lld/UBND-VP", (long long) n);
    vp_map_put_str (data, "document", document);
    vp_map_put_str (data, "post", s_people[who].post);
    vp_map_put_str (data, "officer", s_people[who].officer);
    vp_map_put_str (data, "reason", "routing rule: the post whose field of work it is");
    vp_map_put_int (data, "deadline", vp_clock_now () + 10 * 24 * 3600 * 1000LL);
    vp_map_put_str (data, "number", number);
    vp_map_put_str (data, "summary", "Về việc triển khai kế hoạch chuyển đổi số năm 2026 trên địa bàn xã");
    vp_map_put_str (data, "urgency", n % 10 == 0 ? "khan" : "thuong");
    vp_map_put_str (data, "secrecy", "thuong");
    vp_val_t *env = vp_envelope_new ("documents", "documents.assigned", s_people[who].tenant, "documents", NULL, data);
    char *body = vp_encode (env, size);
    vp_val_destroy (&env);
    return body;
}

//  Publish count events, at `rate` a second (0: as fast as the window
//  lets), each one's acknowledgement noted by seq. -1 when the bus
//  refused one or went quiet.
static int
s_publish (s_producer_t *p, int64_t count, int rate)
{
    int64_t sent = 0, acked = 0, t0 = bench_now_ns (), quiet_since = t0;
    vp_limits_t limits = vp_limits_default ();
    while (acked < count && !bench_stopping ()) {
        int64_t now = bench_now_ns ();
        int64_t allowed = rate ? (int64_t) ((double) (now - t0) / 1e9 * rate) + 1 : count;
        while (sent < count && sent < allowed && sent - acked < S_WINDOW) {
            size_t size = 0;
            char *body = s_event (p, &size);
            zframe_t *frame = zframe_new (body, size);
            free (body);
            if (zframe_send (&frame, p->sock, 0)) {
                zframe_destroy (&frame);
                bench_say ("cannot send to the bus");
                return -1;
            }
            sent++;
        }
        zpoller_t *poller = zpoller_new (p->sock, NULL);
        void *ready = zpoller_wait (poller, 1);
        zpoller_destroy (&poller);
        if (!ready) {
            if (bench_now_ns () - quiet_since > 10 * 1000000000LL) {
                bench_say ("the bus answered nothing for 10 s (%lld of %lld acknowledged)", (long long) acked,
                           (long long) count);
                return -1;
            }
            continue;
        }
        while (zsock_events (p->sock) & ZMQ_POLLIN) {
            zframe_t *frame = zframe_recv (p->sock);
            vp_val_t *reply = NULL;
            int64_t at = bench_now_ns ();
            if (frame && vp_decode (zframe_data (frame), zframe_size (frame), &limits, &reply, NULL) == 0
            &&  vp_map_bool (reply, "ok", false)) {
                int64_t seq = vp_map_int (reply, "seq", 0);
                if (seq > 0 && seq < p->capacity)
                    p->acked[seq] = at;
                acked++;
            }
            else {
                char *json = reply ? vp_val_to_json (reply) : strdup ("(undecodable)");
                bench_say ("the bus refused an event: %s", json);
                free (json);
                vp_val_destroy (&reply);
                zframe_destroy (&frame);
                return -1;
            }
            vp_val_destroy (&reply);
            zframe_destroy (&frame);
            quiet_since = at;
        }
    }
    return acked == count ? 0 : -1;
}

//  Wait until every cause of seq first..last has its inbox row (or 60 s
//  without progress); how many are missing.
static int64_t
s_drain (s_watch_t *w, int64_t first, int64_t last)
{
    int64_t missing = last - first + 1, seen_rows = -1, still_since = bench_now_ns ();
    while (!bench_stopping ()) {
        missing = 0;
        for (int64_t seq = first; seq <= last; seq++)
            missing += w->seen[seq] == 0;
        if (missing == 0)
            break;
        int64_t rows = atomic_load (&w->rows);
        if (rows != seen_rows) {
            seen_rows = rows;
            still_since = bench_now_ns ();
        }
        else
        if (bench_now_ns () - still_since > 60 * 1000000000LL)
            break;
        usleep (2000);
    }
    return missing;
}

//  ms from acknowledgement to inbox row of seq first..last: p50, p99, max.
static void
s_latency (const s_producer_t *p, const s_watch_t *w, int64_t first, int64_t last,
           double *p50, double *p99, double *max)
{
    int64_t n = last - first + 1;
    double *ms = (double *) calloc ((size_t) n, sizeof (double));
    int k = 0;
    for (int64_t seq = first; seq <= last; seq++)
        if (w->seen[seq] && p->acked[seq])
            ms[k++] = bench_ms (w->seen[seq] - p->acked[seq]);
    bench_percentiles (ms, k, p50, p99, max);
    free (ms);
}

//  --------------------------------------------------------------------------
//  One run

typedef struct {
    char store[10][BENCH_PATH_MAX + 64];
    const char *env[12];
    char staffing_cmd[64], notify_cmd[64];
} s_env_t;

static void
s_env_init (s_env_t *e, const char *dir, const bench_bus_t *bus, const char *keys_dir)
{
    memset (e, 0, sizeof *e);
    bench_endpoint (e->staffing_cmd, sizeof e->staffing_cmd);
    bench_endpoint (e->notify_cmd, sizeof e->notify_cmd);
    int n = 0;
    snprintf (e->store[n++], sizeof e->store[0], "VP_DATA_DIR=%s", dir);
    snprintf (e->store[n++], sizeof e->store[0], "VP_BUS_INGEST=%s", bus->ingest);
    snprintf (e->store[n++], sizeof e->store[0], "VP_BUS_PUB=%s", bus->pub);
    snprintf (e->store[n++], sizeof e->store[0], "VP_BUS_REPLAY=%s", bus->replay);
    snprintf (e->store[n++], sizeof e->store[0], "VP_KEYS_DIR=%s", keys_dir);
    snprintf (e->store[n++], sizeof e->store[0], "VP_STAFFING_CMD=%s", e->staffing_cmd);
    snprintf (e->store[n++], sizeof e->store[0], "VP_NOTIFY_CMD=%s", e->notify_cmd);
    snprintf (e->store[n++], sizeof e->store[0], "VP_KEY_NAME=");
    snprintf (e->store[n++], sizeof e->store[0], "VP_SMTP_URL=");
    snprintf (e->store[n++], sizeof e->store[0], "VP_CLOCK_FILE=");
    for (int i = 0; i < n; i++)
        e->env[i] = e->store[i];
    e->env[n] = NULL;
}

static pid_t
s_service (const char *bin, s_env_t *e, const char *name, const char *endpoint, const char *keys_dir,
           const char *log_path)
{
    snprintf (e->store[7], sizeof e->store[7], "VP_KEY_NAME=%s", name);
    const char *argv[] = { bin, NULL };
    return bench_service_start (argv, e->env, log_path, keys_dir, endpoint, name, 60000, NULL);
}

static int
s_run (const s_args_t *a, int run, s_result_t *r)
{
    const bench_t *b = &a->bench;
    char bus_bin[BENCH_PATH_MAX + 40], staffing_bin[BENCH_PATH_MAX + 40], notify_bin[BENCH_PATH_MAX + 40],
         vpctl[BENCH_PATH_MAX + 40], dir[BENCH_PATH_MAX + 16], e2e_dir[BENCH_PATH_MAX + 32],
         log_path[BENCH_PATH_MAX + 32];
    if (bench_bin_path (b, "services/bus/vp-bus", bus_bin, sizeof bus_bin)
    ||  bench_bin_path (b, "services/staffing/vp-staffing", staffing_bin, sizeof staffing_bin)
    ||  bench_bin_path (b, "services/notify/vp-notify", notify_bin, sizeof notify_bin)
    ||  bench_bin_path (b, "services/ctl/vpctl", vpctl, sizeof vpctl))
        return -1;
    snprintf (dir, sizeof dir, "%s/run-%d", b->dir, run);
    snprintf (e2e_dir, sizeof e2e_dir, "%s/e2e", dir);
    snprintf (log_path, sizeof log_path, "%s/stack-%d.log", b->dir, run);
    bench_bus_t bus;
    if (bench_bus_start (&bus, bus_bin, dir, b->keys_dir))
        return -1;
    int rc = -1;
    pid_t staffing = -1, notify = -1;
    s_watch_t w = { .capacity = 0 };
    s_producer_t p = { 0 };
    pthread_t watcher;
    bool watching = false;
    vp_keys_t *keys = NULL;

    bench_say ("run %d: the reference, durable events end to end on this bus", run);
    bench_e2e_t e2e = { 0 };
    if (zsys_dir_create ("%s", e2e_dir) || bench_e2e (&bus, b->keys_dir, e2e_dir, a->bench.quick ? 5000 : S_E2E_EVENTS,
                                                      100, 0, 30, &e2e) || !e2e.complete) {
        bench_say ("the reference run failed");
        goto done;
    }
    r->e2e[r->runs_done] = e2e.rate;

    s_env_t e;
    s_env_init (&e, dir, &bus, b->keys_dir);
    staffing = s_service (staffing_bin, &e, "staffing", e.staffing_cmd, b->keys_dir, log_path);
    notify = staffing > 0 ? s_service (notify_bin, &e, "notify", e.notify_cmd, b->keys_dir, log_path) : -1;
    if (notify <= 0)
        goto done;
    bench_say ("run %d: the demo district through vpctl (%s)", run, a->demo);
    snprintf (e.store[7], sizeof e.store[7], "VP_KEY_NAME=vpctl");
    const char *argv[] = { vpctl, "batch", a->demo, NULL };
    pid_t seed = bench_spawn (argv, e.env, log_path);
    int status = -1;
    for (int i = 0; i < 1200 && seed > 0 && (status = bench_exited (seed)) < 0 && !bench_stopping (); i++)
        usleep (100000);
    if (status != 0 || bench_wait_applied (&bus, b->keys_dir, e.notify_cmd, "notify", "staffing", 60000, &r->staffing_events)) {
        bench_say ("the demo district did not load into vp-notify (vpctl %d); see %s", status, log_path);
        goto done;
    }

    int64_t total = (int64_t) a->events + (int64_t) (a->rate * a->paced_secs) + 2;
    snprintf (w.db_path, sizeof w.db_path, "%s/notify.db", dir);
    w.capacity = total + 1;
    w.seen = (int64_t *) calloc ((size_t) w.capacity, sizeof (int64_t));
    p.capacity = total + 1;
    p.acked = (int64_t *) calloc ((size_t) p.capacity, sizeof (int64_t));
    vp_err_t err = { 0 };
    keys = vp_keys_load (b->keys_dir, "documents", &err);
    p.sock = keys ? vp_sock_connect (keys, ZMQ_DEALER, bus.ingest, "bus", &err) : NULL;
    if (!p.sock) {
        bench_say ("cannot publish as documents: %s", err.message);
        goto done;
    }
    watching = pthread_create (&watcher, NULL, s_watch, &w) == 0;

    //  Phase 1: as fast as it goes.
    bench_say ("run %d: %d documents.assigned as fast as they go", run, a->events);
    int64_t t0 = bench_now_ns ();
    if (s_publish (&p, a->events, 0))
        goto done;
    int64_t missing = s_drain (&w, 1, a->events);
    int64_t last = 0;
    for (int64_t seq = 1; seq <= a->events; seq++)
        last = w.seen[seq] > last ? w.seen[seq] : last;
    r->rate[r->runs_done] = (double) (a->events - missing) / bench_secs (last - t0);
    double ignored;
    s_latency (&p, &w, 1, a->events, &r->burst_p50[r->runs_done], &r->burst_p99[r->runs_done], &ignored);
    r->missing += missing;

    //  Phase 2: an office at work.
    int64_t paced = (int64_t) (a->rate * a->paced_secs);
    bench_say ("run %d: %lld more at %d a second", run, (long long) paced, a->rate);
    if (s_publish (&p, paced, a->rate))
        goto done;
    missing = s_drain (&w, a->events + 1, a->events + paced);
    s_latency (&p, &w, a->events + 1, a->events + paced, &r->p50[r->runs_done], &r->p99[r->runs_done],
               &r->max[r->runs_done]);
    r->missing += missing;
    if (w.error[0])
        bench_say ("%s", w.error);
    r->runs_done++;
    rc = 0;
done:
    if (watching) {
        atomic_store (&w.stop, 1);
        pthread_join (watcher, NULL);
    }
    zsock_destroy (&p.sock);
    vp_keys_destroy (&keys);
    free (w.seen);
    free (p.acked);
    if (notify > 0 && bench_stop (notify, 10000) != 0)
        bench_say ("vp-notify did not stop cleanly; see %s", log_path);
    if (staffing > 0)
        bench_stop (staffing, 10000);
    bench_bus_stop (&bus);
    return rc;
}

//  --------------------------------------------------------------------------
//  Report

static bench_cols_t s_cols = { 52, 28, 12 };

static bool
s_met (const s_result_t *r)
{
    int n = r->runs_done;
    return n > 0 && r->missing == 0 && bench_median (r->rate, n) >= S_TARGET_RATE
        && bench_median (r->p99, n) <= S_TARGET_P99_MS;
}

static bool
s_report (FILE *out, const s_args_t *a, const s_result_t *r, double total_secs)
{
    int n = r->runs_done;
    char m[64], runs[256], t[32];
    double rate = bench_median (r->rate, n), e2e = bench_median (r->e2e, n);
    fprintf (out, "\nbench-notify: vp-notify (CURVE, bus, demo district of %lld staffing events), medians of %d run%s\n",
             (long long) r->staffing_events, n, n == 1 ? "" : "s");
    fprintf (out, "\n(a) references, this machine\n");
    bench_line (out, &s_cols, "durable events end to end, events/s", bench_num (m, sizeof m, e2e),
                bench_runs (runs, sizeof runs, r->e2e, n, 0), "", "");
    snprintf (m, sizeof m, "%.2f / %.2f", r->commit_p50, r->commit_p99);
    bench_line (out, &s_cols, "sqlite one-row commit p50 / p99 (ms)", m, "", "", "");
    fprintf (out, "\n(b) %d documents.assigned as fast as they go\n", a->events);
    snprintf (t, sizeof t, ">= %.0f", S_TARGET_RATE);
    bench_line (out, &s_cols, "notifications/s, in the inbox (durable)", bench_num (m, sizeof m, rate),
                bench_runs (runs, sizeof runs, r->rate, n, 0), t, bench_verdict (rate >= S_TARGET_RATE));
    snprintf (m, sizeof m, "%.2f", rate / e2e);
    bench_line (out, &s_cols, "  x durable events end to end", m, "", "", "");
    snprintf (m, sizeof m, "%.1f / %.1f", bench_median (r->burst_p50, n), bench_median (r->burst_p99, n));
    bench_line (out, &s_cols, "  seq -> inbox row p50 / p99 (ms), queued", m, "", "", "");
    fprintf (out, "\n(c) %d a second for %.0f s\n", a->rate, a->paced_secs);
    snprintf (m, sizeof m, "%.2f", bench_median (r->p50, n));
    bench_line (out, &s_cols, "seq -> inbox row p50 (ms)", m, bench_runs (runs, sizeof runs, r->p50, n, 2), "", "");
    snprintf (m, sizeof m, "%.2f", bench_median (r->p99, n));
    snprintf (t, sizeof t, "<= %.0f ms", S_TARGET_P99_MS);
    bench_line (out, &s_cols, "seq -> inbox row p99 (ms)", m, bench_runs (runs, sizeof runs, r->p99, n, 2), t,
                bench_verdict (bench_median (r->p99, n) <= S_TARGET_P99_MS));
    snprintf (m, sizeof m, "%.1f", bench_median (r->max, n));
    bench_line (out, &s_cols, "seq -> inbox row max (ms)", m, bench_runs (runs, sizeof runs, r->max, n, 1), "", "");
    fprintf (out, "  causes without their inbox row: %lld\n", (long long) r->missing);
    bool met = s_met (r);
    fprintf (out, "\n%s in %.0f s\n", met ? "every target met" : "SOME TARGET MISSED (or a row is missing)", total_secs);
    return met;
}

static void
s_markdown (const s_args_t *a, const s_result_t *r)
{
    FILE *out = bench_markdown_open (&a->bench, "Notify", a->bench.quick ? "a --quick run is a smoke test" : NULL);
    if (!out)
        return;
    int n = r->runs_done;
    char b1[32], b2[32], runs[256];
    double rate = bench_median (r->rate, n), e2e = bench_median (r->e2e, n), p99 = bench_median (r->p99, n);
    fprintf (out, "`vp-bus`, `vp-staffing` and `vp-notify` with CURVE and the demo district (%lld staffing events, "
                  "loaded with `vpctl batch`), without SMTP (the inbox is the measure: e-mail and webhooks are "
                  "sent by another thread, in transactions of their own). The benchmark publishes "
                  "`documents.assigned` events with the documents key straight to the bus (as `vp-documents` "
                  "does, up to 1,000 unacknowledged) for %d officers of three communes, one of them on leave "
                  "(the delegate is told), and notes when the bus acknowledged each (its `seq`: durable and "
                  "published); a thread reads `notify.db` every 0.2 ms and notes when each cause's inbox row is "
                  "committed. (b) %s events as fast as they go; (c) %d a second for %.0f s. Each notification is "
                  "decided in the consumer's transaction with its cursor: recipient (leave and delegation), "
                  "preferences, template in the commune's zone, id, inbox row, `notify.created` in the outbox "
                  "(synchronous=FULL). %lld causes were left without their row. %d run%s, each on a fresh bus "
                  "and data folder; the figure is the median (each run in parentheses).",
             (long long) r->staffing_events, S_NPEOPLE, bench_num (b1, sizeof b1, a->events), a->rate,
             a->paced_secs, (long long) r->missing, n, n == 1 ? "" : "s");
    bench_markdown_figures (out);
    bench_markdown_refs (out, r->e2e, n, r->commit_p50, r->commit_p99);
    fprintf (out, "| (b) | notifications decided and in the inbox (durable) | **%s /s** (%s) | ≥ %s %s | %.2f × durable events end to end |\n",
             bench_num (b1, sizeof b1, rate), bench_runs (runs, sizeof runs, r->rate, n, 0),
             bench_num (b2, sizeof b2, S_TARGET_RATE), bench_verdict (rate >= S_TARGET_RATE && r->missing == 0),
             rate / e2e);
    fprintf (out, "| (b) | `seq` → inbox row p50 / p99, queued behind the burst | %.1f / %.1f ms | | |\n",
             bench_median (r->burst_p50, n), bench_median (r->burst_p99, n));
    fprintf (out, "| (c) | `seq` → inbox row p50 at %d/s | %.2f ms (%s) | | |\n", a->rate, bench_median (r->p50, n),
             bench_runs (runs, sizeof runs, r->p50, n, 2));
    fprintf (out, "| (c) | `seq` → inbox row p99 at %d/s | **%.2f ms** (%s) | ≤ %.0f ms %s | %.1f × sqlite one-row commit p99 |\n",
             a->rate, p99, bench_runs (runs, sizeof runs, r->p99, n, 2), S_TARGET_P99_MS,
             bench_verdict (p99 <= S_TARGET_P99_MS), p99 / r->commit_p99);
    fprintf (out, "| (c) | max | %.1f ms (%s) | | |\n", bench_median (r->max, n),
             bench_runs (runs, sizeof runs, r->max, n, 1));
    fprintf (out, BENCH_REFS_WHAT "(b) events acknowledged by the "
                  "bus to inbox rows committed, from the first publish to the last row; (c) for each event, from "
                  "the bus's acknowledgement (durable, published) to the moment its inbox row is visible to "
                  "another connection: the bus's publish, the consumer's batch, the decision and its commit.");
    bench_markdown_close (out, &a->bench);
}

//  --------------------------------------------------------------------------
//  The run

static int
s_parse (s_args_t *a, int argc, char **argv)
{
    *a = (s_args_t) {
        .bench = { .name = "bench-notify", .runs = 3, .budget_secs = 170 },
        .events = 20000, .rate = 500, .paced_secs = 5
    };
    snprintf (a->demo, sizeof a->demo, "scripts/demo/district.vp");
    bench_t *b = &a->bench;
    bench_opt_t opts[] = {
        BENCH_OPTS_RUN (b, "data folder (default ./var/bench-notify-XXXXXX, removed after)",
                        "build folder with services/{bus,staffing,notify,ctl,keygen} (default: the one this\n"
                        "                        program was built in)",
                        "repeats, medians reported (default 3)"),
        BENCH_OPT ("--events", "N", a->events, "3000", "(b) events published as fast as they go (default 20000)"),
        BENCH_OPT ("--rate", "N", a->rate, NULL, "(c) events a second (default 500)"),
        BENCH_OPT ("--paced-secs", "S", a->paced_secs, "2", "(c) for this long (default 5)"),
        BENCH_OPT ("--demo", "FILE", a->demo, NULL, "the demo district for vpctl batch (default scripts/demo/district.vp)"),
        BENCH_OPT_BUDGET (b, "start no run that would end after S seconds (default 170)"),
    };
    if (bench_parse (b, opts, sizeof opts / sizeof opts[0], "3,000 events, 2 s paced, one run: a smoke test",
                     argc, argv))
        return -1;
    if (b->runs < 1 || b->runs > S_MAX_RUNS || a->events < 100 || a->rate < 1 || a->rate > 100000
    ||  a->paced_secs < 1 || a->paced_secs > 600) {
        bench_say ("a size is out of range (runs 1..%d, events >= 100, rate 1..100000, paced-secs 1..600)", S_MAX_RUNS);
        return -1;
    }
    return 0;
}

int
main (int argc, char **argv)
{
    s_args_t a;
    if (s_parse (&a, argc, argv) || bench_start (&a.bench, "var/bench-notify-XXXXXX", ""))
        return 2;
    int status = 2;
    s_result_t r = { 0 };
    if (access (a.demo, R_OK)) {
        bench_say ("cannot read the demo district %s (give --demo)", a.demo);
        goto done;
    }
    if (bench_make_keys (a.bench.keygen, a.bench.keys_dir, a.bench.log_path)
    ||  bench_make_key (a.bench.keygen, a.bench.keys_dir, a.bench.log_path, "staffing", "service")
    ||  bench_make_key (a.bench.keygen, a.bench.keys_dir, a.bench.log_path, "notify", "service")
    ||  bench_make_key (a.bench.keygen, a.bench.keys_dir, a.bench.log_path, "documents", "service")
    ||  bench_make_key (a.bench.keygen, a.bench.keys_dir, a.bench.log_path, "vpctl", "admin"))
        goto done;
    bench_say ("references: one-row sqlite commits");
    if (bench_ref_commit (a.bench.dir, 500, 10, &r.commit_p50, &r.commit_p99))
        bench_say ("the commit reference failed");
    for (int run = 1; bench_next_run (&a.bench, run); run++)
        if (s_run (&a, run, &r))
            break;
    if (!bench_have_runs (&a.bench, r.runs_done))
        goto done;
    status = s_report (stdout, &a, &r, bench_secs (bench_now_ns () - a.bench.start)) ? 0 : 1;
    s_markdown (&a, &r);
done:
    return bench_end (&a.bench, status);
}
