/*  bench-calendar - the benchmark of vp-calendar's conflict check.

    bench-calendar [--dir DIR] [--runs 3] [--entries 100000] [--checks 10000]
                   [--officers 40] [--seed N] [--quick] [--markdown FILE] [--command TEXT]

    1. A calendar.db made with the service's own schema (cal_migrations,
       cal_schema: its tables and its connection's settings),
       filled with the service's own code (cal_entry_store) in
       transactions of 10,000: --entries entries of one commune over four
       years of working days (07:00-17:00; 80% meetings, 15% work items,
       5% deadline items; 30 minutes to 3 hours, 1% of work items over
       several days; 1 to 5 of --officers officers each; 40% of meetings
       in one of 5 rooms), about 100 a working day; and a second commune
       of 1,000 entries over ten working days with the same density.
    2. The check, in this process on that database: cal_conflict_find
       (the person check of every participant and the room check) for
       --checks random new entries shaped like the data (a working day
       of the period, 1 to 5 officers, 40% with a room), timed one by
       one: p50, p99, max, and how many conflicts it finds. The same
       checks against the commune of 1,000 entries are the reference
       (the ratio shows whether the check grows with the schedule), and
       a bare sqlite point lookup (an entry by its key) the floor.
    (2) runs --runs times; medians reported. Target: p99 <= 2 ms with
    100,000 entries. Exit 0 when met, 1 when missed, 2 when the run failed.
*/
#include <string.h>
#include "bench.h"
#include "cal_conflict.h"
#include "cal_entry.h"

#define S_MAX_RUNS 9
#define S_TARGET_P99_MS 2.0
#define S_DAY ((int64_t) 86400000)
#define S_HOUR ((int64_t) 3600000)
#define S_TX 10000
#define S_ROOMS 5
#define S_REF_ENTRIES 1000
#define S_WARMUP 200
#define S_BIG "xa-lon"
#define S_SMALL "xa-nho"

typedef struct {
    bench_t bench;
    int64_t entries;
    int checks;
    int officers;
    uint64_t seed;
} s_args_t;

typedef struct {
    int runs_done;
    double p50[S_MAX_RUNS], p99[S_MAX_RUNS], max[S_MAX_RUNS];
    double ref_p50[S_MAX_RUNS], ref_p99[S_MAX_RUNS];
    double get_p50[S_MAX_RUNS], get_p99[S_MAX_RUNS];
    double found;               //  conflicts per check, on average (last run)
    double fill_secs;
    int64_t db_bytes;
    char plan[400];             //  how sqlite runs the person check
} s_result_t;

static const bench_cols_t s_cols = { 52, 28, 10 };

//  The first working day of the data: Monday 5 January 2026, 00:00 UTC+7.
static const int64_t s_epoch = 1767546000000LL;

//  A working day (Monday to Friday) n after the epoch.
static int64_t
s_workday (int64_t n)
{
    return s_epoch + (n / 5 * 7 + n % 5) * S_DAY;
}

//  A random entry of tenant over `days` working days (id given); the
//  caller destroys it.
static vp_val_t *
s_entry (const s_args_t *a, const char *id, int64_t days, bool stored)
{
    int64_t start = s_workday (bench_below (days)) + 7 * S_HOUR + bench_below (20) * S_HOUR / 2;
    int kind = (int) bench_below (100);
    int64_t length = (1 + bench_below (6)) * S_HOUR / 2;
    if (kind >= 80 && kind < 95 && bench_chance (0.07))
        length = (1 + bench_below (3)) * S_DAY;       //  a work item over days
    vp_val_t *entry = vp_val_map ();
    vp_map_put_str (entry, "entry", id);
    vp_map_put_str (entry, "kind", !stored || kind < 80 ? "meeting" : kind < 95 ? "work" : "deadline");
    vp_map_put_str (entry, "title", "Họp giao ban công tác tuần của Ủy ban nhân dân xã");
    vp_map_put_int (entry, "start", start);
    vp_map_put_int (entry, "end", start + length);
    if ((!stored || kind < 80) && bench_chance (0.4))
        vp_map_put (entry, "room", vp_val_strf ("phong-%d", (int) bench_below (S_ROOMS)));
    else
        vp_map_put_str (entry, "place", "Nhà văn hóa thôn");
    vp_val_t *participants = vp_val_array ();
    int n = 1 + (int) bench_below (5);
    int first = (int) bench_below (a->officers), step = 1 + (int) bench_below (a->officers / 5);
    for (int i = 0; i < n; i++) {
        vp_val_t *p = vp_val_map ();
        //  n different officers
        vp_map_put (p, "officer", vp_val_strf ("can-bo-%02d", (first + i * step) % a->officers));
        vp_map_put (p, "post", vp_val_strf ("chuc-vu-%02d", (int) bench_below (a->officers)));
        vp_array_push (participants, p);
    }
    vp_map_put (entry, "participants", participants);
    vp_map_put_str (entry, "status", "planned");
    vp_map_put_int (entry, "sequence", 0);
    vp_map_put_str (entry, "source", "command");
    return entry;
}

//  --------------------------------------------------------------------------
//  1. The database

static int
s_fill (cal_service_t *cal, const s_args_t *a, const char *tenant, int64_t count, int64_t days, vp_err_t *err)
{
    for (int64_t i = 0; i < count; i += S_TX) {
        if (vp_db_begin (cal->db, err))
            return -1;
        for (int64_t k = i; k < i + S_TX && k < count; k++) {
            char id[32];
            snprintf (id, sizeof id, "e-%lld", (long long) k + 1);
            vp_val_t *entry = s_entry (a, id, days, true);
            int rc = cal_entry_store (cal, tenant, entry, err);
            vp_val_destroy (&entry);
            if (rc) {
                vp_db_rollback (cal->db);
                return -1;
            }
        }
        if (vp_db_commit (cal->db, err))
            return -1;
        if (bench_stopping ())
            return -1;
    }
    return 0;
}

static int64_t
s_db_bytes (sqlite3 *db)
{
    sqlite3_stmt *stmt = NULL;
    int64_t bytes = 0;
    if (sqlite3_prepare_v2 (db, "SELECT page_count * page_size FROM pragma_page_count, pragma_page_size",
                            -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
        bytes = sqlite3_column_int64 (stmt, 0);
    sqlite3_finalize (stmt);
    return bytes;
}

static void
s_plan (sqlite3 *db, char *plan, size_t size)
{
    sqlite3_stmt *stmt = NULL;
    plan[0] = 0;
    if (sqlite3_prepare_v2 (db,
            "EXPLAIN QUERY PLAN SELECT p.entry, e.title, max (p.start, ?4), min (p.end, ?5), p.post"
            " FROM cal_participant p JOIN cal_entry e ON e.tenant = p.tenant AND e.entry = p.entry"
            " WHERE p.tenant = ?1 AND p.officer = ?2 AND p.busy = 1 AND p.start >= ?3 AND p.start < ?5"
            "   AND p.end > ?4 AND p.entry != ?6 ORDER BY p.start LIMIT ?7", -1, &stmt, NULL) != SQLITE_OK)
        return;
    size_t at = 0;
    while (sqlite3_step (stmt) == SQLITE_ROW && at < size)
        at += (size_t) snprintf (plan + at, size - at, "%s%s", at ? "; " : "",
                                 (const char *) sqlite3_column_text (stmt, 3));
    sqlite3_finalize (stmt);
}

//  --------------------------------------------------------------------------
//  2. The checks

//  Time `checks` conflict checks of random entries against tenant (over
//  `days` working days): ms each into v; conflicts found into *found.
static int
s_checks (cal_service_t *cal, const s_args_t *a, const char *tenant, int64_t days, int checks, double *v,
          double *found, vp_err_t *err)
{
    int64_t total = 0;
    for (int i = -S_WARMUP; i < checks; i++) {
        vp_val_t *entry = s_entry (a, "e-new", days, false);
        vp_val_t *conflicts = vp_val_array ();
        int64_t t0 = bench_now_ns ();
        int rc = cal_conflict_find (cal, tenant, entry, conflicts, err);
        int64_t t1 = bench_now_ns ();
        if (i >= 0) {
            v[i] = bench_ms (t1 - t0);
            total += (int64_t) vp_val_len (conflicts);
        }
        vp_val_destroy (&conflicts);
        vp_val_destroy (&entry);
        if (rc)
            return -1;
    }
    *found = (double) total / checks;
    return 0;
}

//  The floor: one entry by its key, a bare prepared statement.
static int
s_gets (sqlite3 *db, int64_t entries, int checks, double *v)
{
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2 (db, "SELECT title, start, end FROM cal_entry WHERE tenant = ?1 AND entry = ?2",
                            -1, &stmt, NULL) != SQLITE_OK)
        return -1;
    int rows = 0;
    for (int i = -S_WARMUP; i < checks; i++) {
        char id[32];
        snprintf (id, sizeof id, "e-%lld", (long long) bench_below (entries) + 1);
        int64_t t0 = bench_now_ns ();
        sqlite3_bind_text (stmt, 1, S_BIG, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
        rows += sqlite3_step (stmt) == SQLITE_ROW;
        sqlite3_reset (stmt);
        int64_t t1 = bench_now_ns ();
        if (i >= 0)
            v[i] = bench_ms (t1 - t0);
    }
    sqlite3_finalize (stmt);
    return rows == checks + S_WARMUP ? 0 : -1;
}

static int
s_run (cal_service_t *cal, const s_args_t *a, int run, s_result_t *r, vp_err_t *err)
{
    double *v = (double *) calloc ((size_t) a->checks, sizeof (double));
    double found = 0, ref_found = 0;
    int64_t days = a->entries / 100 > 10 ? a->entries / 100 : 10;
    int rc = s_checks (cal, a, S_BIG, days, a->checks, v, &found, err);
    if (rc == 0) {
        bench_percentiles (v, a->checks, &r->p50[run], &r->p99[run], &r->max[run]);
        r->found = found;
        rc = s_checks (cal, a, S_SMALL, S_REF_ENTRIES / 100, a->checks, v, &ref_found, err);
    }
    if (rc == 0) {
        bench_percentiles (v, a->checks, &r->ref_p50[run], &r->ref_p99[run], NULL);
        rc = s_gets (cal->db, a->entries, a->checks, v);
        if (rc)
            vp_err_set (err, VP_E_INTERNAL, "", "the point lookup did not find every entry");
    }
    if (rc == 0) {
        bench_percentiles (v, a->checks, &r->get_p50[run], &r->get_p99[run], NULL);
        bench_say ("run %d: check p50 %.3f ms, p99 %.3f ms (%.1f conflicts found on average); "
                   "1,000 entries p99 %.3f ms", run + 1, r->p50[run], r->p99[run], found, r->ref_p99[run]);
        r->runs_done = run + 1;
    }
    free (v);
    return rc;
}

//  --------------------------------------------------------------------------
//  Report

static bool
s_report (FILE *out, const s_args_t *a, const s_result_t *r)
{
    int n = r->runs_done;
    char m[64], runs[256], t[32], b1[32];
    double p99 = bench_median (r->p99, n);
    bool met = p99 <= S_TARGET_P99_MS;
    fprintf (out, "\nbench-calendar: the conflict check over %s entries of one commune (%.0f MB, written in %.1f s);"
                  " medians of %d run%s of %s checks\n", bench_num (b1, sizeof b1, (double) a->entries),
             (double) r->db_bytes / 1e6, r->fill_secs, n, n == 1 ? "" : "s", bench_num (m, sizeof m, a->checks));
    fprintf (out, "  plan of the person check: %s\n", r->plan);
    fprintf (out, "\n(a) references, this process and this database\n");
    snprintf (m, sizeof m, "%.4f / %.4f", bench_median (r->get_p50, n), bench_median (r->get_p99, n));
    bench_line (out, &s_cols, "an entry by its key p50 / p99 (ms)", m, "", "", "");
    snprintf (m, sizeof m, "%.3f / %.3f", bench_median (r->ref_p50, n), bench_median (r->ref_p99, n));
    bench_line (out, &s_cols, "check, commune of 1,000 entries p50 / p99 (ms)", m, "", "", "");
    fprintf (out, "\n(b) cal_conflict_find, commune of %s entries\n", bench_num (b1, sizeof b1, (double) a->entries));
    snprintf (m, sizeof m, "%.3f", bench_median (r->p50, n));
    bench_line (out, &s_cols, "p50 ms", m, bench_runs (runs, sizeof runs, r->p50, n, 3), "", "");
    snprintf (m, sizeof m, "%.3f", p99);
    snprintf (t, sizeof t, "<= %.0f ms", S_TARGET_P99_MS);
    bench_line (out, &s_cols, "p99 ms", m, bench_runs (runs, sizeof runs, r->p99, n, 3), t, bench_verdict (met));
    snprintf (m, sizeof m, "%.2f", bench_median (r->max, n));
    bench_line (out, &s_cols, "max ms", m, bench_runs (runs, sizeof runs, r->max, n, 2), "", "");
    snprintf (m, sizeof m, "%.2f", p99 / bench_median (r->ref_p99, n));
    bench_line (out, &s_cols, "p99 x p99 with 1,000 entries", m, "", "", "");
    snprintf (m, sizeof m, "%.1f", bench_median (r->p50, n) / bench_median (r->get_p50, n));
    bench_line (out, &s_cols, "p50 x an entry by its key", m, "", "", "");
    snprintf (m, sizeof m, "%.1f", r->found);
    bench_line (out, &s_cols, "conflicts found per check", m, "", "", "");
    fprintf (out, "\n%s\n", met ? "every target met" : "TARGET MISSED");
    return met;
}

static void
s_markdown (const s_args_t *a, const s_result_t *r)
{
    FILE *out = bench_markdown_open (&a->bench, "Calendar", a->bench.quick ? "a --quick run is a smoke test" : NULL);
    if (!out)
        return;
    int n = r->runs_done;
    char b1[32], b2[32], runs[256];
    double p99 = bench_median (r->p99, n);
    fprintf (out, "A `calendar.db` made with the service's schema and filled with its own code (`cal_entry_store`): "
                  "%s entries of one commune over four years of working days (about 100 a day; 80%% meetings, "
                  "15%% work items, some over several days, 5%% deadline items; 1 to 5 of %d officers each; 40%% "
                  "of meetings in one of %d rooms; %.0f MB), and a commune of 1,000 entries with the same density. "
                  "`cal_conflict_find` (the check behind `calendar.entry.create`, `calendar.entry.update` and "
                  "every invitation: each participant, then the room) timed in this process for %s random new entries "
                  "shaped like the data (%.1f conflicts found per check on average); %d run%s, medians (each run "
                  "in parentheses). sqlite's plan of the person check: %s.",
             bench_num (b1, sizeof b1, (double) a->entries), a->officers, S_ROOMS, (double) r->db_bytes / 1e6,
             bench_num (b2, sizeof b2, a->checks), r->found, n, n == 1 ? "" : "s", r->plan);
    bench_markdown_figures (out);
    fprintf (out, "| (a) | an entry by its key (bare sqlite lookup) p50 / p99 | %.4f / %.4f ms | | |\n",
             bench_median (r->get_p50, n), bench_median (r->get_p99, n));
    fprintf (out, "| (a) | the check, commune of 1,000 entries, p50 / p99 | %.3f / %.3f ms | | |\n",
             bench_median (r->ref_p50, n), bench_median (r->ref_p99, n));
    fprintf (out, "| (b) | the check p50, %s entries | %.3f ms (%s) | | %.1f × an entry by its key |\n",
             bench_num (b1, sizeof b1, (double) a->entries), bench_median (r->p50, n),
             bench_runs (runs, sizeof runs, r->p50, n, 3), bench_median (r->p50, n) / bench_median (r->get_p50, n));
    fprintf (out, "| (b) | the check p99, %s entries | **%.3f ms** (%s) | ≤ %.0f ms %s | %.2f × with 1,000 entries |\n",
             b1, p99, bench_runs (runs, sizeof runs, r->p99, n, 3), S_TARGET_P99_MS,
             bench_verdict (p99 <= S_TARGET_P99_MS), p99 / bench_median (r->ref_p99, n));
    fprintf (out, "| (b) | max | %.2f ms | | |\n", bench_median (r->max, n));
    fprintf (out, "\nWhat each figure is: (a) the floor, one row by its primary key, and the same check against a "
                  "schedule a hundred times smaller; (b) the check against the big one, after %d uncounted checks: "
                  "for each participant one range of the index cal_participant (tenant, officer, busy, start, end) "
                  "bounded by start < new end and start >= new start − the commune's longest entry, then the "
                  "room's range of cal_entry (tenant, room, start, end), and a map per conflict found. The check "
                  "reads the window, not the schedule: a hundred times more entries make its p99 about twice as "
                  "long (deeper indexes, memory caches missed), not a hundred times.", S_WARMUP);
    bench_markdown_close (out, &a->bench);
}

//  --------------------------------------------------------------------------
//  The run

static int
s_parse (s_args_t *a, int argc, char **argv)
{
    *a = (s_args_t) {
        .bench = { .name = "bench-calendar", .runs = 3, .budget_secs = 120 },
        .entries = 100000, .checks = 10000, .officers = 40, .seed = 1
    };
    bench_t *b = &a->bench;
    bench_opt_t opts[] = {
        BENCH_OPTS_RUN (b, "data folder (default ./var/bench-calendar-XXXXXX, removed after)",
                        "build folder (not used: the check runs in this process)",
                        "repeats of the checks, medians reported (default 3)"),
        BENCH_OPT ("--entries", "N", a->entries, "20000", "entries of the big commune (default 100000)"),
        BENCH_OPT ("--checks", "N", a->checks, "2000", "checks per run (default 10000)"),
        BENCH_OPT ("--officers", "N", a->officers, NULL, "officers of a commune (default 40)"),
        BENCH_OPT ("--seed", "N", a->seed, NULL, "random seed of the data and the checks (default 1)"),
        BENCH_OPT_BUDGET (b, "start no run that would end after S seconds (default 120)"),
    };
    if (bench_parse (b, opts, sizeof opts / sizeof opts[0], "20,000 entries, 2,000 checks, one run: a smoke test",
                     argc, argv))
        return -1;
    if (b->runs < 1 || b->runs > S_MAX_RUNS || a->entries < 2000 || a->checks < 100 || a->officers < 5
    ||  a->officers > 99) {
        bench_say ("a size is out of range (runs 1..%d, entries >= 2000, checks >= 100, officers 5..99)", S_MAX_RUNS);
        return -1;
    }
    return 0;
}

int
main (int argc, char **argv)
{
    s_args_t a;
    if (s_parse (&a, argc, argv) || bench_start (&a.bench, "var/bench-calendar-XXXXXX", ""))
        return 2;
    bench_seed (a.seed);
    int status = 2;
    vp_err_t err = { 0 };
    s_result_t r = { 0 };
    cal_service_t cal = { 0 };
    cal.db = vp_db_open (a.bench.dir, "calendar.db", &err);
    if (!cal.db || vp_db_migrate (cal.db, "calendar", cal_migrations, &err) || cal_schema (cal.db, &err)) {
        bench_say ("cannot make calendar.db: %s", err.message);
        goto done;
    }
    bench_say ("writing %lld entries of one commune and %d of another", (long long) a.entries, S_REF_ENTRIES);
    int64_t t0 = bench_now_ns ();
    if (s_fill (&cal, &a, S_BIG, a.entries, a.entries / 100, &err)
    ||  s_fill (&cal, &a, S_SMALL, S_REF_ENTRIES, S_REF_ENTRIES / 100, &err)
    ||  vp_db_exec (cal.db, "ANALYZE", &err)) {
        bench_say ("cannot fill calendar.db: %s", err.message);
        goto done;
    }
    r.fill_secs = bench_secs (bench_now_ns () - t0);
    r.db_bytes = s_db_bytes (cal.db);
    s_plan (cal.db, r.plan, sizeof r.plan);
    for (int run = 1; bench_next_run (&a.bench, run); run++)
        if (s_run (&cal, &a, run - 1, &r, &err)) {
            bench_say ("run %d failed: %s", run, err.message);
            break;
        }
    if (!bench_have_runs (&a.bench, r.runs_done))
        goto done;
    status = s_report (stdout, &a, &r) ? 0 : 1;
    s_markdown (&a, &r);
done:
    vp_db_close (&cal.db);
    return bench_end (&a.bench, status);
}
