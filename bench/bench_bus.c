/*  bench-bus - the benchmark of vp-bus, in one run.

    bench-bus [--dir DIR] [--bin BUILD_DIR] [--runs 3] [--events 100000]
              [--ingest-events 200000] [--latency-secs 5] [--quick]
              [--markdown FILE] [--command TEXT]

    (a) references: raw ZeroMQ PUB/SUB over tcp loopback (plain and
        CURVE), bare sqlite inserts of the same 300-byte blobs (1,000 per
        transaction, WAL, synchronous=FULL), the commit time of one row,
        and a DEALER/ROUTER round trip;
    (b) durable events/s end to end: outbox -> vp-bus -> consumer;
    (c) acknowledgement latency p50/p99 at a steady 1,000 events/s;
    (d) acknowledged events/s with 8 producers, 100 in flight each.

    (b)-(d) run --runs times, each against a fresh vp-bus (spawned here,
    CURVE on, keys made with vp-keygen) and report medians. DIR (default
    ./var/bench-XXXXXX, removed after) should be on the disk under test.
    Figures go to stdout; with --markdown, also as the "Bus" section of
    docs/performance.md. Exit 0 when every target is met, 1 when one is
    missed, 2 when the run failed.
*/
#include <math.h>
#include <string.h>
#include "bench.h"

#define S_MAX_RUNS 9

typedef struct {
    bench_t bench;              //  --dir, --bin, --runs, --budget, --markdown ...
    int64_t events;
    int tx;
    int outbox_window;          //  0: the outbox's default
    int latency_rate;
    double latency_secs;
    int producers;
    int window;
    int64_t ingest_events;
    int64_t pubsub_msgs;
    char only[8];               //  phases to run, "abcd"
} s_args_t;

typedef struct {
    //  (a)
    double pubsub, pubsub_curve, sqlite_rate, commit_p50, commit_p99, rt_p50, rt_p99;
    bool ref_ok;
    //  (b)
    double e2e[S_MAX_RUNS];
    bench_e2e_t e2e_detail[S_MAX_RUNS];
    double e2e_per_commit[S_MAX_RUNS];
    int ne2e;
    bool e2e_complete;
    //  (c)
    double p50[S_MAX_RUNS], p99[S_MAX_RUNS], pmax[S_MAX_RUNS], lat_rate[S_MAX_RUNS];
    int nlat;
    bool lat_complete;
    //  (d)
    double ingest[S_MAX_RUNS];
    double ingest_per_commit[S_MAX_RUNS];
    int ningest;
    bool ingest_complete;
    int runs_done;
    double total_secs;
} s_results_t;

//  Targets of the brief.
#define S_TARGET_E2E 20000.0
#define S_TARGET_E2E_RATIO 0.3
#define S_TARGET_P99_MS 5.0
#define S_TARGET_INGEST 50000.0


//  The widths of the figures' lines.
static const bench_cols_t s_cols = { 40, 30, 14 };


//  --------------------------------------------------------------------------
//  Arguments

static int
s_parse (s_args_t *a, int argc, char **argv)
{
    *a = (s_args_t) {
        .bench = { .name = "bench-bus", .runs = 3, .budget_secs = 170 },
        .events = 100000, .tx = 1000, .latency_rate = 1000, .latency_secs = 5,
        .producers = 8, .window = 100, .ingest_events = 200000, .pubsub_msgs = 1000000
    };
    snprintf (a->only, sizeof a->only, "abcd");
    bench_t *b = &a->bench;
    const bench_opt_t opts[] = {
        BENCH_OPTS_RUN (b, "data folder (default ./var/bench-XXXXXX, removed after)",
                        "build folder with services/bus/vp-bus and services/keygen/vp-keygen\n"
                        "                        (default: the one this program was built in)",
                        "repeats of (b)-(d), medians reported (default 3)"),
        BENCH_OPT ("--events", "N", a->events, "20000", "(b) events end to end (default 100000)"),
        BENCH_OPT ("--tx", "N", a->tx, NULL, "(b) events per outbox transaction (default 1000)"),
        BENCH_OPT ("--outbox-window", "N", a->outbox_window, NULL,
                   "(b) the outbox's unacknowledged events (default: its own, 100)"),
        BENCH_OPT ("--latency-rate", "N", a->latency_rate, NULL, "(c) events per second (default 1000)"),
        BENCH_OPT ("--latency-secs", "S", a->latency_secs, "2", "(c) seconds (default 5)"),
        BENCH_OPT ("--producers", "N", a->producers, NULL, "(d) parallel producers (default 8)"),
        BENCH_OPT ("--window", "N", a->window, NULL, "(d) unacknowledged events per producer (default 100)"),
        BENCH_OPT ("--ingest-events", "N", a->ingest_events, "40000", "(d) events in all (default 200000)"),
        BENCH_OPT ("--pubsub-msgs", "N", a->pubsub_msgs, "200000",
                   "(a) PUB/SUB messages (default 1000000, at most 3 s)"),
        BENCH_OPT_BUDGET (b, "start no repeat that would end after S seconds (default 170)"),
        BENCH_OPT ("--only", "PHASES", a->only, NULL, "run only these of a, b, c, d (for profiling; default abcd)"),
    };
    if (bench_parse (b, opts, sizeof opts / sizeof opts[0], "small sizes, one run: a smoke test", argc, argv))
        return -1;
    if (b->runs < 1 || b->runs > S_MAX_RUNS || a->events < 1 || a->tx < 1 || a->latency_rate < 1
    ||  a->latency_secs <= 0 || a->producers < 1 || a->window < 1 || a->ingest_events < a->producers
    ||  a->pubsub_msgs < 2) {
        bench_say ("a size is out of range (runs 1..%d, others positive)", S_MAX_RUNS);
        return -1;
    }
    return 0;
}


//  --------------------------------------------------------------------------
//  The run

static void
s_references (const s_args_t *a, const char *keys_dir, s_results_t *r)
{
    int64_t received = 0;
    int rc = 0;
    bench_say ("(a) ZeroMQ PUB/SUB, plain");
    rc |= bench_ref_pubsub (NULL, a->pubsub_msgs, 3.0, &r->pubsub, &received);
    bench_say ("(a) ZeroMQ PUB/SUB, CURVE");
    rc |= bench_ref_pubsub (keys_dir, a->pubsub_msgs, 3.0, &r->pubsub_curve, &received);
    bench_say ("(a) sqlite inserts");
    rc |= bench_ref_sqlite (a->bench.dir, 1000, 200000, 3.0, &r->sqlite_rate);
    bench_say ("(a) sqlite one-row commits");
    rc |= bench_ref_commit (a->bench.dir, 300, 2.0, &r->commit_p50, &r->commit_p99);
    bench_say ("(a) DEALER/ROUTER round trips");
    rc |= bench_ref_roundtrip (keys_dir, 2000, &r->rt_p50, &r->rt_p99);
    r->ref_ok = rc == 0;
}

//  Events per commit of the bus, from bus.stats; says when events came
//  twice (an outbox resent what the bus had logged but not yet answered).
static double
s_per_commit (const bench_bus_t *bus, const char *keys_dir, const char *phase)
{
    vp_val_t *stats = bench_bus_stats (bus, keys_dir);
    int64_t events = vp_map_int (stats, "events", 0);
    int64_t commits = vp_map_int (stats, "commits", 0);
    int64_t duplicates = vp_map_int (stats, "duplicates", 0);
    int64_t refused = vp_map_int (stats, "refused", 0);
    if (duplicates || refused)
        bench_say ("%s: the bus logged %lld events in %lld commits, answered %lld duplicates, refused %lld",
                   phase, (long long) events, (long long) commits, (long long) duplicates, (long long) refused);
    vp_val_destroy (&stats);
    return commits > 0 ? (double) events / (double) commits : NAN;
}

static int
s_repeat (const s_args_t *a, const char *keys_dir, const char *bus_bin, int run, s_results_t *r)
{
    char dir[BENCH_PATH_MAX + 64];
    bench_bus_t bus;

    int rc = 0;
    if (!strchr (a->only, 'b'))
        goto latency;
    //  (b)
    snprintf (dir, sizeof dir, "%s/run%d-e2e", a->bench.dir, run);
    bench_say ("(b) run %d: %lld events end to end", run, (long long) a->events);
    if (bench_bus_start (&bus, bus_bin, dir, keys_dir))
        return -1;
    bench_e2e_t e2e;
    rc = bench_e2e (&bus, keys_dir, dir, a->events, a->tx, a->outbox_window, 45, &e2e);
    r->e2e_per_commit[r->ne2e] = s_per_commit (&bus, keys_dir, "(b)");
    bench_bus_stop (&bus);
    if (e2e.secs > 0) {
        r->e2e_detail[r->ne2e] = e2e;
        r->e2e[r->ne2e++] = e2e.rate;
    }
    if (rc) {
        bench_say ("(b) run %d did not complete: %lld of %lld applied in %.1f s",
                   run, (long long) e2e.applied, (long long) e2e.events, e2e.secs);
        r->e2e_complete = false;
    }
    if (bench_stopping ())
        return -1;

latency:
    if (!strchr (a->only, 'c'))
        goto ingest;
    //  (c)
    snprintf (dir, sizeof dir, "%s/run%d-latency", a->bench.dir, run);
    bench_say ("(c) run %d: %d events/s for %.0f s", run, a->latency_rate, a->latency_secs);
    if (bench_bus_start (&bus, bus_bin, dir, keys_dir))
        return -1;
    bench_latency_t lat;
    rc = bench_latency (&bus, keys_dir, a->latency_rate, a->latency_secs, &lat);
    bench_bus_stop (&bus);
    if (lat.acked > 0) {
        r->p50[r->nlat] = lat.p50;
        r->p99[r->nlat] = lat.p99;
        r->pmax[r->nlat] = lat.max;
        r->lat_rate[r->nlat++] = lat.rate;
    }
    if (rc) {
        bench_say ("(c) run %d: %d sent, %d acknowledged, %d failed", run, lat.sent, lat.acked, lat.failed);
        r->lat_complete = false;
    }
    if (bench_stopping ())
        return -1;

ingest:
    if (!strchr (a->only, 'd'))
        goto done;
    //  (d)
    snprintf (dir, sizeof dir, "%s/run%d-ingest", a->bench.dir, run);
    bench_say ("(d) run %d: %d producers x %d in flight, %lld events", run, a->producers, a->window,
               (long long) a->ingest_events);
    if (bench_bus_start (&bus, bus_bin, dir, keys_dir))
        return -1;
    bench_ingest_t ing;
    rc = bench_ingest (&bus, keys_dir, a->producers, a->window, a->ingest_events, 45, &ing);
    r->ingest_per_commit[r->ningest] = s_per_commit (&bus, keys_dir, "(d)");
    bench_bus_stop (&bus);
    if (ing.acked > 0)
        r->ingest[r->ningest++] = ing.rate;
    if (rc) {
        bench_say ("(d) run %d: %lld acknowledged, %lld failed", run, (long long) ing.acked, (long long) ing.failed);
        r->ingest_complete = false;
    }
done:
    r->runs_done = run;
    return bench_stopping () ? -1 : 0;
}

static bool
s_report_refs (FILE *out, const s_results_t *r)
{
    char m[64];
    fprintf (out, "\n(a) references (this machine, this run)\n");
    bench_line (out, &s_cols, "ZeroMQ PUB/SUB, tcp loopback, plain", bench_num (m, sizeof m, r->pubsub),
                "msgs/s", "", "");
    bench_line (out, &s_cols, "ZeroMQ PUB/SUB, tcp loopback, CURVE", bench_num (m, sizeof m, r->pubsub_curve),
                "msgs/s", "", "");
    bench_line (out, &s_cols, "sqlite insert, 1,000/tx, WAL, sync=FULL", bench_num (m, sizeof m, r->sqlite_rate),
                "rows/s", "", "");
    snprintf (m, sizeof m, "%.2f / %.2f", r->commit_p50, r->commit_p99);
    bench_line (out, &s_cols, "sqlite one-row commit p50 / p99", m, "ms", "", "");
    snprintf (m, sizeof m, "%.3f / %.3f", r->rt_p50, r->rt_p99);
    bench_line (out, &s_cols, "DEALER/ROUTER round trip p50 / p99, CURVE", m, "ms", "", "");
    return r->ref_ok;
}

static bool
s_report_e2e (FILE *out, const s_args_t *a, const s_results_t *r)
{
    char m[64], runs[256], t[64], w[64];
    double e2e = bench_median (r->e2e, r->ne2e);
    fprintf (out, "\n(b) durable end to end: outbox -> vp-bus -> consumer, %s events, %d per outbox tx\n",
             bench_num (w, sizeof w, (double) a->events), a->tx);
    bool met_rate = e2e >= S_TARGET_E2E && r->e2e_complete;
    snprintf (t, sizeof t, ">= %s", bench_num (w, sizeof w, S_TARGET_E2E));
    bench_line (out, &s_cols, "events/s (first write -> last applied)", bench_num (m, sizeof m, e2e),
                bench_runs (runs, sizeof runs, r->e2e, r->ne2e, 0), t, bench_verdict (met_rate));
    double ratio = e2e / r->sqlite_rate;
    bool met_ratio = ratio >= S_TARGET_E2E_RATIO && r->e2e_complete;
    snprintf (m, sizeof m, "%.2f", ratio);
    snprintf (t, sizeof t, ">= %.2f", S_TARGET_E2E_RATIO);
    bench_line (out, &s_cols, "x sqlite insert rate (a)", m, "", t, bench_verdict (met_ratio));
    snprintf (m, sizeof m, "%.3f", e2e / r->pubsub_curve);
    bench_line (out, &s_cols, "x ZeroMQ PUB/SUB CURVE rate (a)", m, "", "", "");
    for (int i = 0; i < r->ne2e; i++) {
        const bench_e2e_t *d = &r->e2e_detail[i];
        fprintf (out, "    run %d: written in %.2f s, acknowledged %.2f s, applied %.2f s;"
                      " %.0f events per bus commit; %lld consumer replays%s\n",
                 i + 1, d->write_secs, d->ack_secs, d->secs, r->e2e_per_commit[i],
                 (long long) d->replays, d->complete ? "" : " (INCOMPLETE)");
    }
    return met_rate && met_ratio;
}

static bool
s_report_latency (FILE *out, const s_args_t *a, const s_results_t *r)
{
    char m[64], runs[256], t[64];
    double p50 = bench_median (r->p50, r->nlat);
    double p99 = bench_median (r->p99, r->nlat);
    fprintf (out, "\n(c) acknowledgement latency, send -> ack, %d events/s for %.0f s, one DEALER\n",
             a->latency_rate, a->latency_secs);
    snprintf (m, sizeof m, "%.2f", p50);
    bench_line (out, &s_cols, "p50 ms", m, bench_runs (runs, sizeof runs, r->p50, r->nlat, 2), "", "");
    bool met = p99 <= S_TARGET_P99_MS && r->lat_complete;
    snprintf (m, sizeof m, "%.2f", p99);
    snprintf (t, sizeof t, "<= %.1f", S_TARGET_P99_MS);
    bench_line (out, &s_cols, "p99 ms", m, bench_runs (runs, sizeof runs, r->p99, r->nlat, 2), t,
                bench_verdict (met));
    snprintf (m, sizeof m, "%.2f", bench_median (r->pmax, r->nlat));
    bench_line (out, &s_cols, "max ms", m, bench_runs (runs, sizeof runs, r->pmax, r->nlat, 2), "", "");
    snprintf (m, sizeof m, "%.2f", p99 / r->commit_p99);
    bench_line (out, &s_cols, "p99 x sqlite one-row commit p99 (a)", m, "", "", "");
    snprintf (m, sizeof m, "%.2f", p50 / r->commit_p50);
    bench_line (out, &s_cols, "p50 x sqlite one-row commit p50 (a)", m, "", "", "");
    snprintf (m, sizeof m, "%.1f", p50 / r->rt_p50);
    bench_line (out, &s_cols, "p50 x DEALER/ROUTER round trip p50 (a)", m, "", "", "");
    return met;
}

static bool
s_report_ingest (FILE *out, const s_args_t *a, const s_results_t *r)
{
    char m[64], runs[256], t[64], w[64];
    double ingest = bench_median (r->ingest, r->ningest);
    fprintf (out, "\n(d) ingest alone: %d producers x %d in flight, %s events\n",
             a->producers, a->window, bench_num (w, sizeof w, (double) a->ingest_events));
    bool met = ingest >= S_TARGET_INGEST && r->ingest_complete;
    snprintf (t, sizeof t, ">= %s", bench_num (w, sizeof w, S_TARGET_INGEST));
    bench_line (out, &s_cols, "acknowledged events/s", bench_num (m, sizeof m, ingest),
                bench_runs (runs, sizeof runs, r->ingest, r->ningest, 0), t, bench_verdict (met));
    snprintf (m, sizeof m, "%.2f", ingest / r->sqlite_rate);
    bench_line (out, &s_cols, "x sqlite insert rate (a)", m, "", "", "");
    snprintf (m, sizeof m, "%.3f", ingest / r->pubsub_curve);
    bench_line (out, &s_cols, "x ZeroMQ PUB/SUB CURVE rate (a)", m, "", "", "");
    snprintf (m, sizeof m, "%.0f", bench_median (r->ingest_per_commit, r->ningest));
    bench_line (out, &s_cols, "events per bus commit", m,
                bench_runs (runs, sizeof runs, r->ingest_per_commit, r->ningest, 0), "", "");
    return met;
}

//  Print every figure that was measured; true when each met its target.
static bool
s_report (FILE *out, const s_args_t *a, const s_results_t *r)
{
    fprintf (out, "\nbench-bus: %d-byte probe.ping events, CURVE on; medians of %d run%s of (b)-(d)\n",
             BENCH_EVENT_SIZE, r->runs_done, r->runs_done == 1 ? "" : "s");
    bool all_met = true;
    if (strchr (a->only, 'a'))
        all_met &= s_report_refs (out, r);
    else
        fprintf (out, "\n(a) not measured: the ratios below are meaningless\n");
    if (strchr (a->only, 'b'))
        all_met &= s_report_e2e (out, a, r);
    if (strchr (a->only, 'c'))
        all_met &= s_report_latency (out, a, r);
    if (strchr (a->only, 'd'))
        all_met &= s_report_ingest (out, a, r);
    fprintf (out, "\n%s in %.0f s\n", all_met ? "every target met" : "SOME TARGET MISSED (or a run failed)",
             r->total_secs);
    return all_met;
}

//  With --markdown, the figures as the "Bus" section of docs/performance.md.
static void
s_markdown (const s_args_t *a, const s_results_t *r)
{
    FILE *out = bench_markdown_open (&a->bench, "Bus",
                                     strcmp (a->only, "abcd") ? "only part of the benchmark ran" : NULL);
    if (!out)
        return;
    char m[64], t[64], n[64], runs[256];
    double e2e = bench_median (r->e2e, r->ne2e);
    double p50 = bench_median (r->p50, r->nlat);
    double p99 = bench_median (r->p99, r->nlat);
    double ingest = bench_median (r->ingest, r->ningest);

    fprintf (out, "Events are %d-byte `probe.ping` envelopes, CURVE is on; (b)-(d) each ran %d time%s against "
                  "a fresh `vp-bus`, and the figure is the median (each run in parentheses).",
             BENCH_EVENT_SIZE, r->runs_done, r->runs_done == 1 ? "" : "s");
    bench_markdown_figures (out);
    fprintf (out, "| (a) | ZeroMQ PUB/SUB, tcp loopback, plain | %s msgs/s | | |\n",
             bench_num (m, sizeof m, r->pubsub));
    fprintf (out, "| (a) | ZeroMQ PUB/SUB, tcp loopback, CURVE | %s msgs/s | | |\n",
             bench_num (m, sizeof m, r->pubsub_curve));
    fprintf (out, "| (a) | sqlite insert, 1,000 rows/tx, WAL, synchronous=FULL | %s rows/s | | |\n",
             bench_num (m, sizeof m, r->sqlite_rate));
    fprintf (out, "| (a) | sqlite one-row commit p50 / p99 | %.2f / %.2f ms | | |\n", r->commit_p50, r->commit_p99);
    fprintf (out, "| (a) | DEALER/ROUTER round trip p50 / p99, CURVE | %.3f / %.3f ms | | |\n", r->rt_p50, r->rt_p99);
    bench_num (t, sizeof t, S_TARGET_E2E);
    fprintf (out, "| (b) | durable events/s end to end (outbox → bus → consumer, %s events) | **%s** (%s) | ≥ %s %s | "
                  "%.2f × sqlite insert (target ≥ %.1f %s); %.3f × PUB/SUB CURVE |\n",
             bench_num (n, sizeof n, (double) a->events), bench_num (m, sizeof m, e2e),
             bench_runs (runs, sizeof runs, r->e2e, r->ne2e, 0), t,
             bench_verdict (e2e >= S_TARGET_E2E && r->e2e_complete), e2e / r->sqlite_rate, S_TARGET_E2E_RATIO,
             bench_verdict (e2e / r->sqlite_rate >= S_TARGET_E2E_RATIO && r->e2e_complete), e2e / r->pubsub_curve);
    fprintf (out, "| (c) | ack latency p50 at %d events/s | **%.2f ms** (%s) | | %.2f × sqlite one-row commit p50; "
                  "%.1f × round trip p50 |\n", a->latency_rate, p50,
             bench_runs (runs, sizeof runs, r->p50, r->nlat, 2), p50 / r->commit_p50, p50 / r->rt_p50);
    fprintf (out, "| (c) | ack latency p99 at %d events/s | **%.2f ms** (%s) | ≤ %.0f ms %s | "
                  "%.2f × sqlite one-row commit p99 |\n", a->latency_rate, p99,
             bench_runs (runs, sizeof runs, r->p99, r->nlat, 2), S_TARGET_P99_MS,
             bench_verdict (p99 <= S_TARGET_P99_MS && r->lat_complete), p99 / r->commit_p99);
    bench_num (t, sizeof t, S_TARGET_INGEST);
    fprintf (out, "| (d) | ingest, %d producers × %d in flight: acknowledged events/s | **%s** (%s) | ≥ %s %s | "
                  "%.2f × sqlite insert; %.3f × PUB/SUB CURVE |\n", a->producers, a->window,
             bench_num (m, sizeof m, ingest), bench_runs (runs, sizeof runs, r->ingest, r->ningest, 0), t,
             bench_verdict (ingest >= S_TARGET_INGEST && r->ingest_complete), ingest / r->sqlite_rate,
             ingest / r->pubsub_curve);
    fprintf (out, "\nWhat each figure is: (a) raw ZeroMQ and bare sqlite on the same disk, the ceilings the bus "
                  "works under; (b) a producer thread writes events into its sqlite outbox (%d per transaction) "
                  "and its `vp_outbox_t` pumps them to `vp-bus`, which logs and publishes them, and a consumer "
                  "thread (`vp_consumer_t`, own database) applies each with its cursor, timed from the first "
                  "write to the last event applied; (c) one DEALER sends straight to ingest at a steady rate, "
                  "timing each send → durable acknowledgement; (d) %d DEALERs send straight to ingest, each "
                  "keeping %d unacknowledged.", a->tx, a->producers, a->window);
    bench_markdown_close (out, &a->bench);
}

int
main (int argc, char **argv)
{
    s_args_t a;
    if (s_parse (&a, argc, argv)
    ||  bench_start (&a.bench, "var/bench-XXXXXX", ", so every bus starts fresh"))
        return 2;
    const char *keys_dir = a.bench.keys_dir;
    char bus_bin[BENCH_PATH_MAX + 32];
    if (bench_bin_path (&a.bench, "services/bus/vp-bus", bus_bin, sizeof bus_bin)
    ||  bench_make_keys (a.bench.keygen, keys_dir, a.bench.log_path))
        return bench_end (&a.bench, 2);

    size_t small = 0, large = 0;
    free (bench_event_encoded (1, &small));
    free (bench_event_encoded (199999, &large));
    if (small != BENCH_EVENT_SIZE || large != BENCH_EVENT_SIZE)
        bench_say ("warning: events encode to %zu and %zu bytes, not %d", small, large, BENCH_EVENT_SIZE);
    bench_say ("data in %s; events of %zu bytes", a.bench.dir, small);

    s_results_t r = { .ref_ok = true, .e2e_complete = true, .lat_complete = true, .ingest_complete = true };
    if (strchr (a.only, 'a'))
        s_references (&a, keys_dir, &r);
    if (!r.ref_ok)
        bench_say ("a reference measurement failed; ratios may be meaningless");
    for (int run = 1; bench_next_run (&a.bench, run); run++)
        if (s_repeat (&a, keys_dir, bus_bin, run, &r))
            break;
    if (!bench_have_runs (&a.bench, r.runs_done))
        return bench_end (&a.bench, 2);
    r.total_secs = bench_secs (bench_now_ns () - a.bench.start);
    int status = s_report (stdout, &a, &r) ? 0 : 1;
    s_markdown (&a, &r);
    return bench_end (&a.bench, status);
}
