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
#include <dirent.h>
#include <ftw.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include "bench.h"

#define S_MAX_RUNS 9

typedef struct {
    char dir[BENCH_PATH_MAX];
    char bin[BENCH_PATH_MAX];
    char markdown[BENCH_PATH_MAX];
    char command[512];
    int runs;
    int64_t events;
    int tx;
    int outbox_window;          //  0: the outbox's default
    int latency_rate;
    double latency_secs;
    int producers;
    int window;
    int64_t ingest_events;
    int64_t pubsub_msgs;
    double budget_secs;
    char only[8];               //  phases to run, "abcd"
    bool keep;
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


//  --------------------------------------------------------------------------
//  Arguments

static void
s_usage (FILE *out)
{
    fprintf (out,
        "usage: bench-bus [options]\n"
        "  --dir DIR             data folder (default ./var/bench-XXXXXX, removed after)\n"
        "  --bin DIR             build folder with services/bus/vp-bus and services/keygen/vp-keygen\n"
        "                        (default: the one this program was built in)\n"
        "  --runs N              repeats of (b)-(d), medians reported (default 3)\n"
        "  --events N            (b) events end to end (default 100000)\n"
        "  --tx N                (b) events per outbox transaction (default 1000)\n"
        "  --outbox-window N     (b) the outbox's unacknowledged events (default: its own, 100)\n"
        "  --latency-rate N      (c) events per second (default 1000)\n"
        "  --latency-secs S      (c) seconds (default 5)\n"
        "  --producers N         (d) parallel producers (default 8)\n"
        "  --window N            (d) unacknowledged events per producer (default 100)\n"
        "  --ingest-events N     (d) events in all (default 200000)\n"
        "  --pubsub-msgs N       (a) PUB/SUB messages (default 1000000, at most 3 s)\n"
        "  --budget S            start no repeat that would end after S seconds (default 170)\n"
        "  --only PHASES         run only these of a, b, c, d (for profiling; default abcd)\n"
        "  --quick               small sizes, one run: a smoke test\n"
        "  --keep                keep the data folder\n"
        "  --markdown FILE       also write the figures as a markdown section to FILE\n"
        "  --command TEXT        the command line to cite in the markdown\n");
}

static int
s_parse (s_args_t *a, int argc, char **argv)
{
    *a = (s_args_t) {
        .runs = 3, .events = 100000, .tx = 1000, .latency_rate = 1000, .latency_secs = 5,
        .producers = 8, .window = 100, .ingest_events = 200000, .pubsub_msgs = 1000000,
        .budget_secs = 170
    };
    snprintf (a->only, sizeof a->only, "abcd");
    snprintf (a->command, sizeof a->command, "bench-bus");
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        bool takes = true;
        if (strcmp (o, "--help") == 0 || strcmp (o, "-h") == 0) {
            s_usage (stdout);
            exit (0);
        }
        else if (strcmp (o, "--quick") == 0) {
            a->runs = 1;
            a->events = 20000;
            a->ingest_events = 40000;
            a->latency_secs = 2;
            a->pubsub_msgs = 200000;
            takes = false;
        }
        else if (strcmp (o, "--keep") == 0)
            takes = false;
        else if (!v) {
            fprintf (stderr, "bench-bus: %s needs a value\n", o);
            return -1;
        }
        if (strcmp (o, "--keep") == 0)
            a->keep = true;
        else if (!takes)
            ;
        else if (strcmp (o, "--dir") == 0) snprintf (a->dir, sizeof a->dir, "%s", v);
        else if (strcmp (o, "--bin") == 0) snprintf (a->bin, sizeof a->bin, "%s", v);
        else if (strcmp (o, "--markdown") == 0) snprintf (a->markdown, sizeof a->markdown, "%s", v);
        else if (strcmp (o, "--command") == 0) snprintf (a->command, sizeof a->command, "%s", v);
        else if (strcmp (o, "--runs") == 0) a->runs = atoi (v);
        else if (strcmp (o, "--events") == 0) a->events = atoll (v);
        else if (strcmp (o, "--tx") == 0) a->tx = atoi (v);
        else if (strcmp (o, "--outbox-window") == 0) a->outbox_window = atoi (v);
        else if (strcmp (o, "--latency-rate") == 0) a->latency_rate = atoi (v);
        else if (strcmp (o, "--latency-secs") == 0) a->latency_secs = atof (v);
        else if (strcmp (o, "--producers") == 0) a->producers = atoi (v);
        else if (strcmp (o, "--window") == 0) a->window = atoi (v);
        else if (strcmp (o, "--ingest-events") == 0) a->ingest_events = atoll (v);
        else if (strcmp (o, "--pubsub-msgs") == 0) a->pubsub_msgs = atoll (v);
        else if (strcmp (o, "--budget") == 0) a->budget_secs = atof (v);
        else if (strcmp (o, "--only") == 0) snprintf (a->only, sizeof a->only, "%s", v);
        else {
            fprintf (stderr, "bench-bus: unknown option %s\n", o);
            s_usage (stderr);
            return -1;
        }
        if (takes)
            i++;
    }
    if (a->runs < 1 || a->runs > S_MAX_RUNS || a->events < 1 || a->tx < 1 || a->latency_rate < 1
    ||  a->latency_secs <= 0 || a->producers < 1 || a->window < 1 || a->ingest_events < a->producers
    ||  a->pubsub_msgs < 2) {
        fprintf (stderr, "bench-bus: a size is out of range (runs 1..%d, others positive)\n", S_MAX_RUNS);
        return -1;
    }
    return 0;
}

//  The build folder this program runs from: <build>/bench/bench-bus.
static void
s_default_bin (char *out, size_t size)
{
    char exe[BENCH_PATH_MAX] = "";
    ssize_t n = readlink ("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = 0;
        char *slash = strrchr (exe, '/');
        if (slash)
            *slash = 0;
        snprintf (out, size, "%s/..", exe);
    }
    else
        snprintf (out, size, "build");
}

static bool
s_dir_empty (const char *path)
{
    DIR *dir = opendir (path);
    if (!dir)
        return false;
    struct dirent *entry;
    int count = 0;
    while ((entry = readdir (dir)))
        if (strcmp (entry->d_name, ".") && strcmp (entry->d_name, ".."))
            count++;
    closedir (dir);
    return count == 0;
}

static int
s_remove_entry (const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    return remove (path);
}


//  --------------------------------------------------------------------------
//  Formatting

//  1234567.8 -> "1,234,568"
static const char *
s_num (char *buf, size_t size, double v)
{
    if (isnan (v))
        return snprintf (buf, size, "n/a"), buf;
    char digits[32];
    snprintf (digits, sizeof digits, "%.0f", fabs (v));
    size_t len = strlen (digits), at = 0;
    if (v < 0 && at + 1 < size)
        buf[at++] = '-';
    for (size_t i = 0; i < len && at + 2 < size; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            buf[at++] = ',';
        buf[at++] = digits[i];
    }
    buf[at] = 0;
    return buf;
}

//  The runs of a figure: "22,000 / 23,456 / 25,000" or with decimals.
static const char *
s_runs (char *buf, size_t size, const double *v, int n, int decimals)
{
    size_t at = 0;
    buf[0] = 0;
    for (int i = 0; i < n && at < size; i++) {
        char one[32];
        if (decimals)
            snprintf (one, sizeof one, "%.*f", decimals, v[i]);
        else
            s_num (one, sizeof one, v[i]);
        at += (size_t) snprintf (buf + at, size - at, "%s%s", i ? " / " : "", one);
    }
    return buf;
}

static const char *
s_verdict (bool met)
{
    return met ? "met" : "MISSED";
}

static void
s_machine (char *out, size_t size)
{
    char cpu[256] = "unknown CPU";
    FILE *f = fopen ("/proc/cpuinfo", "r");
    char line[512];
    while (f && fgets (line, sizeof line, f))
        if (strncmp (line, "model name", 10) == 0) {
            char *colon = strchr (line, ':');
            if (colon) {
                snprintf (cpu, sizeof cpu, "%s", colon + 2);
                cpu[strcspn (cpu, "\n")] = 0;
            }
            break;
        }
    if (f)
        fclose (f);
    struct utsname u;
    uname (&u);
    snprintf (out, size, "%s, %ld cores, Linux %s", cpu, sysconf (_SC_NPROCESSORS_ONLN), u.release);
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
    rc |= bench_ref_sqlite (a->dir, 1000, 200000, 3.0, &r->sqlite_rate);
    bench_say ("(a) sqlite one-row commits");
    rc |= bench_ref_commit (a->dir, 300, 2.0, &r->commit_p50, &r->commit_p99);
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
    snprintf (dir, sizeof dir, "%s/run%d-e2e", a->dir, run);
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
    snprintf (dir, sizeof dir, "%s/run%d-latency", a->dir, run);
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
    snprintf (dir, sizeof dir, "%s/run%d-ingest", a->dir, run);
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

//  A figure's line: name, median, runs, target, verdict.
static void
s_line (FILE *out, const char *name, const char *median, const char *runs, const char *target,
        const char *verdict)
{
    fprintf (out, "  %-40s %14s   %-30s %-14s %s\n", name, median, runs, target, verdict);
}

static bool
s_report_refs (FILE *out, const s_results_t *r)
{
    char m[64];
    fprintf (out, "\n(a) references (this machine, this run)\n");
    s_line (out, "ZeroMQ PUB/SUB, tcp loopback, plain", s_num (m, sizeof m, r->pubsub), "msgs/s", "", "");
    s_line (out, "ZeroMQ PUB/SUB, tcp loopback, CURVE", s_num (m, sizeof m, r->pubsub_curve), "msgs/s", "", "");
    s_line (out, "sqlite insert, 1,000/tx, WAL, sync=FULL", s_num (m, sizeof m, r->sqlite_rate), "rows/s", "", "");
    snprintf (m, sizeof m, "%.2f / %.2f", r->commit_p50, r->commit_p99);
    s_line (out, "sqlite one-row commit p50 / p99", m, "ms", "", "");
    snprintf (m, sizeof m, "%.3f / %.3f", r->rt_p50, r->rt_p99);
    s_line (out, "DEALER/ROUTER round trip p50 / p99, CURVE", m, "ms", "", "");
    return r->ref_ok;
}

static bool
s_report_e2e (FILE *out, const s_args_t *a, const s_results_t *r)
{
    char m[64], runs[256], t[64], w[64];
    double e2e = bench_median (r->e2e, r->ne2e);
    fprintf (out, "\n(b) durable end to end: outbox -> vp-bus -> consumer, %s events, %d per outbox tx\n",
             s_num (w, sizeof w, (double) a->events), a->tx);
    bool met_rate = e2e >= S_TARGET_E2E && r->e2e_complete;
    snprintf (t, sizeof t, ">= %s", s_num (w, sizeof w, S_TARGET_E2E));
    s_line (out, "events/s (first write -> last applied)", s_num (m, sizeof m, e2e),
            s_runs (runs, sizeof runs, r->e2e, r->ne2e, 0), t, s_verdict (met_rate));
    double ratio = e2e / r->sqlite_rate;
    bool met_ratio = ratio >= S_TARGET_E2E_RATIO && r->e2e_complete;
    snprintf (m, sizeof m, "%.2f", ratio);
    snprintf (t, sizeof t, ">= %.2f", S_TARGET_E2E_RATIO);
    s_line (out, "x sqlite insert rate (a)", m, "", t, s_verdict (met_ratio));
    snprintf (m, sizeof m, "%.3f", e2e / r->pubsub_curve);
    s_line (out, "x ZeroMQ PUB/SUB CURVE rate (a)", m, "", "", "");
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
    s_line (out, "p50 ms", m, s_runs (runs, sizeof runs, r->p50, r->nlat, 2), "", "");
    bool met = p99 <= S_TARGET_P99_MS && r->lat_complete;
    snprintf (m, sizeof m, "%.2f", p99);
    snprintf (t, sizeof t, "<= %.1f", S_TARGET_P99_MS);
    s_line (out, "p99 ms", m, s_runs (runs, sizeof runs, r->p99, r->nlat, 2), t, s_verdict (met));
    snprintf (m, sizeof m, "%.2f", bench_median (r->pmax, r->nlat));
    s_line (out, "max ms", m, s_runs (runs, sizeof runs, r->pmax, r->nlat, 2), "", "");
    snprintf (m, sizeof m, "%.2f", p99 / r->commit_p99);
    s_line (out, "p99 x sqlite one-row commit p99 (a)", m, "", "", "");
    snprintf (m, sizeof m, "%.2f", p50 / r->commit_p50);
    s_line (out, "p50 x sqlite one-row commit p50 (a)", m, "", "", "");
    snprintf (m, sizeof m, "%.1f", p50 / r->rt_p50);
    s_line (out, "p50 x DEALER/ROUTER round trip p50 (a)", m, "", "", "");
    return met;
}

static bool
s_report_ingest (FILE *out, const s_args_t *a, const s_results_t *r)
{
    char m[64], runs[256], t[64], w[64];
    double ingest = bench_median (r->ingest, r->ningest);
    fprintf (out, "\n(d) ingest alone: %d producers x %d in flight, %s events\n",
             a->producers, a->window, s_num (w, sizeof w, (double) a->ingest_events));
    bool met = ingest >= S_TARGET_INGEST && r->ingest_complete;
    snprintf (t, sizeof t, ">= %s", s_num (w, sizeof w, S_TARGET_INGEST));
    s_line (out, "acknowledged events/s", s_num (m, sizeof m, ingest),
            s_runs (runs, sizeof runs, r->ingest, r->ningest, 0), t, s_verdict (met));
    snprintf (m, sizeof m, "%.2f", ingest / r->sqlite_rate);
    s_line (out, "x sqlite insert rate (a)", m, "", "", "");
    snprintf (m, sizeof m, "%.3f", ingest / r->pubsub_curve);
    s_line (out, "x ZeroMQ PUB/SUB CURVE rate (a)", m, "", "", "");
    snprintf (m, sizeof m, "%.0f", bench_median (r->ingest_per_commit, r->ningest));
    s_line (out, "events per bus commit", m,
            s_runs (runs, sizeof runs, r->ingest_per_commit, r->ningest, 0), "", "");
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

static void
s_markdown (const s_args_t *a, const s_results_t *r, const char *when)
{
    FILE *out = fopen (a->markdown, "w");
    if (!out) {
        bench_say ("cannot write %s", a->markdown);
        return;
    }
    char machine[512], m[64], t[64], n[64], runs[256];
    s_machine (machine, sizeof machine);
    double e2e = bench_median (r->e2e, r->ne2e);
    double p50 = bench_median (r->p50, r->nlat);
    double p99 = bench_median (r->p99, r->nlat);
    double ingest = bench_median (r->ingest, r->ningest);

    fprintf (out, "## Bus (scripts/bench-bus)\n\n");
    fprintf (out, "Measured %s with `%s` on %s; data on the repository's disk.\n", when, a->command, machine);
    fprintf (out, "Events are %d-byte `probe.ping` envelopes, CURVE is on; (b)-(d) each ran %d time%s against "
                  "a fresh `vp-bus`, and the figure is the median (each run in parentheses). The machine is shared and "
                  "noisy: read the ratios to the references measured in the same run rather than the absolute "
                  "numbers.\n\n", BENCH_EVENT_SIZE, r->runs_done, r->runs_done == 1 ? "" : "s");

    fprintf (out, "| | figure | median | target | ratio to reference (same run) |\n|---|---|---|---|---|\n");
    fprintf (out, "| (a) | ZeroMQ PUB/SUB, tcp loopback, plain | %s msgs/s | | |\n", s_num (m, sizeof m, r->pubsub));
    fprintf (out, "| (a) | ZeroMQ PUB/SUB, tcp loopback, CURVE | %s msgs/s | | |\n", s_num (m, sizeof m, r->pubsub_curve));
    fprintf (out, "| (a) | sqlite insert, 1,000 rows/tx, WAL, synchronous=FULL | %s rows/s | | |\n",
             s_num (m, sizeof m, r->sqlite_rate));
    fprintf (out, "| (a) | sqlite one-row commit p50 / p99 | %.2f / %.2f ms | | |\n", r->commit_p50, r->commit_p99);
    fprintf (out, "| (a) | DEALER/ROUTER round trip p50 / p99, CURVE | %.3f / %.3f ms | | |\n", r->rt_p50, r->rt_p99);
    s_num (t, sizeof t, S_TARGET_E2E);
    fprintf (out, "| (b) | durable events/s end to end (outbox → bus → consumer, %s events) | **%s** (%s) | ≥ %s %s | "
                  "%.2f × sqlite insert (target ≥ %.1f %s); %.3f × PUB/SUB CURVE |\n",
             s_num (n, sizeof n, (double) a->events), s_num (m, sizeof m, e2e),
             s_runs (runs, sizeof runs, r->e2e, r->ne2e, 0), t,
             s_verdict (e2e >= S_TARGET_E2E && r->e2e_complete), e2e / r->sqlite_rate, S_TARGET_E2E_RATIO,
             s_verdict (e2e / r->sqlite_rate >= S_TARGET_E2E_RATIO && r->e2e_complete), e2e / r->pubsub_curve);
    fprintf (out, "| (c) | ack latency p50 at %d events/s | **%.2f ms** (%s) | | %.2f × sqlite one-row commit p50; "
                  "%.1f × round trip p50 |\n", a->latency_rate, p50, s_runs (runs, sizeof runs, r->p50, r->nlat, 2),
             p50 / r->commit_p50, p50 / r->rt_p50);
    fprintf (out, "| (c) | ack latency p99 at %d events/s | **%.2f ms** (%s) | ≤ %.0f ms %s | "
                  "%.2f × sqlite one-row commit p99 |\n", a->latency_rate, p99,
             s_runs (runs, sizeof runs, r->p99, r->nlat, 2), S_TARGET_P99_MS,
             s_verdict (p99 <= S_TARGET_P99_MS && r->lat_complete), p99 / r->commit_p99);
    s_num (t, sizeof t, S_TARGET_INGEST);
    fprintf (out, "| (d) | ingest, %d producers × %d in flight: acknowledged events/s | **%s** (%s) | ≥ %s %s | "
                  "%.2f × sqlite insert; %.3f × PUB/SUB CURVE |\n", a->producers, a->window,
             s_num (m, sizeof m, ingest), s_runs (runs, sizeof runs, r->ingest, r->ningest, 0), t,
             s_verdict (ingest >= S_TARGET_INGEST && r->ingest_complete), ingest / r->sqlite_rate,
             ingest / r->pubsub_curve);
    fprintf (out, "\nWhat each figure is: (a) raw ZeroMQ and bare sqlite on the same disk, the ceilings the bus "
                  "works under; (b) a producer thread writes events into its sqlite outbox (%d per transaction) "
                  "and its `vp_outbox_t` pumps them to `vp-bus`, which logs and publishes them, and a consumer "
                  "thread (`vp_consumer_t`, own database) applies each with its cursor, timed from the first "
                  "write to the last event applied; (c) one DEALER sends straight to ingest at a steady rate, "
                  "timing each send → durable acknowledgement; (d) %d DEALERs send straight to ingest, each "
                  "keeping %d unacknowledged. Run `scripts/bench-bus` to measure again "
                  "(`--update-docs` rewrites this section).\n", a->tx, a->producers, a->window);
    fclose (out);
}

int
main (int argc, char **argv)
{
    s_args_t a;
    if (s_parse (&a, argc, argv))
        return 2;
    if (!*a.bin)
        s_default_bin (a.bin, sizeof a.bin);
    vp_log_init ("bench", "warn", "logfmt");
    zsys_init ();
    zsys_set_linger (0);
    int64_t start = bench_now_ns ();

    bool made_dir = false;
    if (!*a.dir) {
        zsys_dir_create ("var");
        snprintf (a.dir, sizeof a.dir, "var/bench-XXXXXX");
        if (!mkdtemp (a.dir)) {
            bench_say ("cannot make a folder under ./var");
            return 2;
        }
        made_dir = true;
    }
    else
    if (zsys_dir_create ("%s", a.dir)) {
        bench_say ("cannot make %s", a.dir);
        return 2;
    }
    else
    if (!s_dir_empty (a.dir)) {
        bench_say ("%s is not empty: give a new or empty folder, so every bus starts fresh", a.dir);
        return 2;
    }
    char bus_bin[BENCH_PATH_MAX + 32], keygen[BENCH_PATH_MAX + 32];
    char keys_dir[BENCH_PATH_MAX + 16], log_path[BENCH_PATH_MAX + 16];
    snprintf (bus_bin, sizeof bus_bin, "%s/services/bus/vp-bus", a.bin);
    snprintf (keygen, sizeof keygen, "%s/services/keygen/vp-keygen", a.bin);
    snprintf (keys_dir, sizeof keys_dir, "%s/keys", a.dir);
    snprintf (log_path, sizeof log_path, "%s/bench.log", a.dir);
    if (access (bus_bin, X_OK) || access (keygen, X_OK)) {
        bench_say ("%s or %s is missing: build them first (or give --bin)", bus_bin, keygen);
        return 2;
    }
    int status = 2;
    s_results_t r = { .e2e_complete = true, .lat_complete = true, .ingest_complete = true };
    if (bench_make_keys (keygen, keys_dir, log_path))
        goto done;

    size_t small = 0, large = 0;
    free (bench_event_encoded (1, &small));
    free (bench_event_encoded (199999, &large));
    if (small != BENCH_EVENT_SIZE || large != BENCH_EVENT_SIZE)
        bench_say ("warning: events encode to %zu and %zu bytes, not %d", small, large, BENCH_EVENT_SIZE);
    bench_say ("data in %s; events of %zu bytes", a.dir, small);

    r.ref_ok = true;
    if (strchr (a.only, 'a'))
        s_references (&a, keys_dir, &r);
    if (!r.ref_ok)
        bench_say ("a reference measurement failed; ratios may be meaningless");
    double repeat_secs = 0;
    for (int run = 1; run <= a.runs && !bench_stopping (); run++) {
        double elapsed = (double) (bench_now_ns () - start) / 1e9;
        if (run > 1 && elapsed + repeat_secs > a.budget_secs) {
            bench_say ("stopping after %d run%s: another would pass the %.0f s budget",
                       run - 1, run == 2 ? "" : "s", a.budget_secs);
            break;
        }
        int64_t t0 = bench_now_ns ();
        if (s_repeat (&a, keys_dir, bus_bin, run, &r))
            break;
        repeat_secs = (double) (bench_now_ns () - t0) / 1e9;
    }
    if (bench_stopping ()) {
        bench_say ("interrupted");
        goto done;
    }
    if (r.runs_done == 0)
        goto done;
    r.total_secs = (double) (bench_now_ns () - start) / 1e9;
    status = s_report (stdout, &a, &r) ? 0 : 1;
    if (*a.markdown && strcmp (a.only, "abcd") != 0)
        bench_say ("not writing %s: only part of the benchmark ran", a.markdown);
    else
    if (*a.markdown) {
        char when[64];
        time_t now = time (NULL);
        strftime (when, sizeof when, "%Y-%m-%d %H:%M UTC", gmtime (&now));
        s_markdown (&a, &r, when);
    }
done:
    if (made_dir && !a.keep)
        nftw (a.dir, s_remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    else
    if (status == 2)
        bench_say ("logs are in %s", a.dir);
    return status;
}
