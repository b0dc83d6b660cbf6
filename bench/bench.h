/*  bench - what the benchmark programs share.

    bench-bus measures the bus in one run: references (raw ZeroMQ, bare
    sqlite), durable events end to end (outbox -> vp-bus -> consumer),
    acknowledgement latency at a steady rate, and ingest with parallel
    producers. Every event is a probe.ping envelope of BENCH_EVENT_SIZE
    bytes encoded. bench-staffing measures staffing.whois against a
    vp-staffing it starts. Both are a bench_t: the same options for the
    data folder, the build, repeats, budget and markdown; the same run of
    repeats; figures printed and written the same way.
*/
#ifndef BENCH_H_INCLUDED
#define BENCH_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include "vp/vp.h"

#define BENCH_EVENT_SIZE 300
#define BENCH_PATH_MAX 1024

//  bench_util.c -------------------------------------------------------------

//  Monotonic time in nanoseconds.
int64_t bench_now_ns (void);
double bench_ms (int64_t ns);
//  CPU time (user + system) a process has used so far, in ms; -1 if unknown.
double bench_cpu_ms (pid_t pid);
//  The write calls (write, pwrite: the WAL's frames, the checkpoint's
//  pages, the log) a process has made so far, from /proc/<pid>/io; -1
//  when it cannot be read.
int64_t bench_write_calls (pid_t pid);
double bench_secs (int64_t ns);

//  Progress on stderr ("bench-bus: ...", the program's name); figures go
//  to stdout.
void bench_say (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));

//  A probe.ping envelope with data {n, note}, the note padded so that the
//  encoded envelope (as a producer sends it, without seq) is
//  BENCH_EVENT_SIZE bytes.
vp_val_t *bench_event (int64_t n);
//  The same, encoded; the caller frees.
char *bench_event_encoded (int64_t n, size_t *size);

//  "tcp://127.0.0.1:<port>" with a port that was free a moment ago.
void bench_endpoint (char *buf, size_t size);

//  Run a program to its end; its output goes to log_path (appended).
int bench_run (const char *const argv[], const char *log_path);

//  The keys of the run, made with vp-keygen: bus and probe (service),
//  bench (operator, reads and replays).
int bench_make_keys (const char *keygen, const char *keys_dir, const char *log_path);
//  One more key (role "service" or "operator"); -1 (said) when vp-keygen fails.
int bench_make_key (const char *keygen, const char *keys_dir, const char *log_path,
                    const char *name, const char *role);

//  A command client of a service (whose key is named server), as the
//  bench operator (keys_dir/bench).
typedef struct {
    vp_keys_t *keys;
    vp_cmdcli_t *cli;
} bench_client_t;

//  -1 with err when the keys or the client cannot be made (cli is NULL).
int bench_client_open (bench_client_t *client, const char *keys_dir, const char *endpoint,
                       const char *server, vp_err_t *err);
void bench_client_close (bench_client_t *client);

//  Start a service (argv[0] with env, as bench_spawn) and call its
//  `health` at endpoint until it answers, within timeout_ms. Returns its
//  pid, with health's result in *health (caller frees) when health is not
//  NULL; or -1, having said why and stopped it.
pid_t bench_service_start (const char *const argv[], const char *const env[], const char *log_path,
                           const char *keys_dir, const char *endpoint, const char *server,
                           int timeout_ms, vp_val_t **health);

//  A vp-bus process on free loopback ports, with its own data folder.
typedef struct {
    pid_t pid;
    char data_dir[BENCH_PATH_MAX];
    char log_path[BENCH_PATH_MAX + 16];
    char ingest[64];
    char pub[64];
    char replay[64];
} bench_bus_t;

//  Start vp-bus with CURVE (keys_dir) and wait until `health` answers.
int bench_bus_start (bench_bus_t *bus, const char *bus_bin, const char *data_dir,
                     const char *keys_dir);
//  SIGTERM, wait, SIGKILL if it lingers. Safe to call twice.
void bench_bus_stop (bench_bus_t *bus);
//  The bus's `bus.stats` result (caller frees), or NULL.
vp_val_t *bench_bus_stats (const bench_bus_t *bus, const char *keys_dir);
//  Wait until the service at endpoint (whose key is named server) has
//  applied the whole of stream as the bus holds it now: the cursor its
//  `health` shows at the bus's head (which goes in *head unless NULL).
//  -1 when it has not within timeout_ms.
int bench_wait_applied (const bench_bus_t *bus, const char *keys_dir, const char *endpoint, const char *server,
                        const char *stream, int timeout_ms, int64_t *head);

//  Any program as a child (for services other than the bus): argv[0] with
//  extra "NAME=VALUE" entries in its environment (env may be NULL), its
//  output appended to log_path, killed at exit if still running. -1 when
//  it cannot be started.
pid_t bench_spawn (const char *const argv[], const char *const env[], const char *log_path);
//  The exit status of a child that has ended (and is reaped now), or -1
//  while it runs.
int bench_exited (pid_t pid);
//  SIGTERM, wait up to timeout_ms, SIGKILL if it lingers; the exit status
//  (128 + signal when a signal ended it), -1 when it could not be waited.
int bench_stop (pid_t pid, int timeout_ms);

//  Sort v and return the value at quantile q (0..1), nearest rank.
double bench_quantile (double *v, int n, double q);
//  p50, p99 and (unless max is NULL) the largest of v, sorted.
void bench_percentiles (double *v, int n, double *p50, double *p99, double *max);
double bench_median (const double *v, int n);

//  Set when the run is interrupted (SIGINT/SIGTERM) or over its budget.
bool bench_stopping (void);


//  bench_util.c -- the program -------------------------------------------

//  What every benchmark program has: the options they share, the data
//  folder, the paths in it, the clock of the run.
typedef struct {
    const char *name;               //  "bench-bus": messages, usage, scripts/<name>
    char dir[BENCH_PATH_MAX];       //  --dir: the data folder
    char bin[BENCH_PATH_MAX];       //  --bin: the build folder
    char markdown[BENCH_PATH_MAX];  //  --markdown FILE
    char command[512];              //  --command TEXT (default: name)
    int runs;                       //  --runs: repeats
    double budget_secs;             //  --budget: start no repeat that would end later
    bool quick;                     //  --quick
    bool keep;                      //  --keep the data folder
    //  Set by bench_start
    bool made_dir;                  //  dir is ours: removed at the end
    char keygen[BENCH_PATH_MAX + 32];
    char keys_dir[BENCH_PATH_MAX + 16];
    char log_path[BENCH_PATH_MAX + 16];
    int64_t start;                  //  ns
    int64_t repeat_start;           //  ns, of the last repeat started
} bench_t;

//  An option of a program, --name VALUE into a field. The field's type
//  says how VALUE is read: char[] (copied), int, int64_t, uint64_t,
//  double, or bool (a flag, no value: true).
typedef enum { BENCH_STR, BENCH_INT, BENCH_INT64, BENCH_UINT64, BENCH_DOUBLE, BENCH_FLAG } bench_type_t;

typedef struct {
    const char *name;               //  "--events"
    const char *arg;                //  "N" in the usage; NULL for a flag
    bench_type_t type;
    void *field;
    size_t size;                    //  the field's
    const char *quick;              //  the value --quick gives it, or NULL
    const char *help;               //  a line of the usage
} bench_opt_t;

#define BENCH_OPT(name, arg, field, quick, help) \
    { (name), (arg), _Generic ((field), char *: BENCH_STR, int: BENCH_INT, int64_t: BENCH_INT64, \
                                 uint64_t: BENCH_UINT64, double: BENCH_DOUBLE, bool: BENCH_FLAG), \
      &(field), sizeof (field), (quick), (help) }

//  The options every program has, with its own words for the usage: the
//  data folder, the build folder, the repeats (1 with --quick) ...
#define BENCH_OPTS_RUN(bench, dir_help, bin_help, runs_help) \
    BENCH_OPT ("--dir", "DIR", (bench)->dir, NULL, (dir_help)), \
    BENCH_OPT ("--bin", "DIR", (bench)->bin, NULL, (bin_help)), \
    BENCH_OPT ("--runs", "N", (bench)->runs, "1", (runs_help))
//  ... and the budget of the whole run.
#define BENCH_OPT_BUDGET(bench, help) \
    BENCH_OPT ("--budget", "S", (bench)->budget_secs, NULL, (help))

//  Read argv into opts (in the usage's order) and bench, which holds its
//  name and defaults. bench_parse adds --quick (quick_help; it gives every
//  option its quick value, where it stands among the options), --keep,
//  --markdown and --command, and answers --help. -1 (said, with the usage)
//  on a bad option.
int bench_parse (bench_t *bench, const bench_opt_t *opts, size_t nopts, const char *quick_help,
                 int argc, char **argv);

//  Start the run: logging, czmq, the clock, the data folder (--dir, which
//  must be new or empty, why_empty says why; or a new dir_template under
//  the current folder, "var/bench-XXXXXX"). -1 (said) when the folder is
//  no good.
int bench_start (bench_t *bench, const char *dir_template, const char *why_empty);

//  The program rel_path (e.g. "services/bus/vp-bus") of the build folder
//  in path; -1 (said) when it or vp-keygen is missing.
int bench_bin_path (const bench_t *bench, const char *rel_path, char *path, size_t size);

//  for (int run = 1; bench_next_run (bench, run); run++): false when
//  --runs are done, the run is interrupted, or (said) another repeat, as
//  long as the last one, would end past --budget.
bool bench_next_run (bench_t *bench, int run);

//  After the repeats: whether there are figures to report; false when no
//  repeat completed or the run was interrupted (said).
bool bench_have_runs (const bench_t *bench, int runs_done);

//  Remove the data folder when it is ours (unless --keep), else say where
//  the logs are after a failed run; returns status.
int bench_end (const bench_t *bench, int status);


//  bench_util.c -- figures -------------------------------------------------

//  1234567.8 -> "1,234,568"; NAN -> "n/a".
const char *bench_num (char *buf, size_t size, double v);
//  The runs of a figure: "22,000 / 23,456 / 25,000" (decimals 0) or with
//  decimals.
const char *bench_runs (char *buf, size_t size, const double *v, int n, int decimals);
//  "met" or "MISSED".
const char *bench_verdict (bool met);

//  The widths of a program's figure lines.
typedef struct {
    int name, runs, target;
} bench_cols_t;

//  A figure's line: name, median, runs, target, verdict.
void bench_line (FILE *out, const bench_cols_t *cols, const char *name, const char *median,
                 const char *runs, const char *target, const char *verdict);

//  The program's section of docs/performance.md in --markdown: its heading
//  ("## <section> (scripts/<name>)") and the line of when, with what
//  command and on which machine it was measured. NULL without --markdown,
//  when skip says why not (said), or when the file cannot be written.
FILE *bench_markdown_open (const bench_t *bench, const char *section, const char *skip);
//  The paragraph's last words (the machine is noisy), then the head of the
//  figures' table.
void bench_markdown_figures (FILE *out);
//  The rows (a) of a program that compares a service with the bus's own
//  durable rate (bench_e2e, one value per run) and a bare sqlite commit
//  (bench_ref_commit), measured in the same run; and what they are, the
//  start of the section's "What each figure is" paragraph.
void bench_markdown_refs (FILE *out, const double *e2e, int runs, double commit_p50, double commit_p99);
#define BENCH_REFS_WHAT "\nWhat each figure is: (a) the bus's own durable rate measured on the same bus just " \
    "before (probe events written 100 per outbox transaction, applied one row each by a consumer that does " \
    "nothing else), and a bare sqlite commit on the same disk; "

//  The section's last words (how to measure again); closes out.
void bench_markdown_close (FILE *out, const bench_t *bench);

//  bench_ref.c -- (a) references ---------------------------------------------

//  PUB and SUB in two threads over tcp loopback; msgs/s received.
//  With keys_dir, both ends use CURVE (bus / bench keys).
int bench_ref_pubsub (const char *keys_dir, int64_t count, double max_secs,
                      double *rate, int64_t *received);

//  Blobs of BENCH_EVENT_SIZE bytes into a plain table, `batch` rows per
//  transaction, WAL, synchronous=FULL (vp_db_open); rows/s.
int bench_ref_sqlite (const char *dir, int batch, int64_t max_rows, double max_secs,
                      double *rate);

//  One row per transaction: commit latency p50 / p99 in ms.
int bench_ref_commit (const char *dir, int count, double max_secs, double *p50, double *p99);

//  DEALER -> ROUTER -> DEALER round trip of one BENCH_EVENT_SIZE frame over
//  tcp loopback with CURVE, one at a time: p50 / p99 in ms.
int bench_ref_roundtrip (const char *keys_dir, int count, double *p50, double *p99);

//  bench_e2e.c -- (b) durable end to end -------------------------------------

typedef struct {
    int64_t events;             //  measured events (after one warm-up)
    double secs;                //  first write to last applied
    double rate;                //  events / secs
    double write_secs;          //  first write to last written (outbox)
    double ack_secs;            //  first write to last acknowledged
    int64_t applied;            //  applied by the consumer when it stopped
    int64_t replays;            //  replay requests of the consumer
    bool complete;
} bench_e2e_t;

//  outbox_window 0 keeps the outbox's default.
int bench_e2e (const bench_bus_t *bus, const char *keys_dir, const char *dir,
               int64_t events, int tx, int outbox_window, double max_secs, bench_e2e_t *out);

//  bench_ingest.c -- (c) latency, (d) parallel ingest ------------------------

typedef struct {
    int sent;
    int acked;                  //  answered ok
    int failed;                 //  answered not ok, or never
    double rate;                //  sends per second achieved
    double p50, p99, max;       //  ms, send -> ack
} bench_latency_t;

int bench_latency (const bench_bus_t *bus, const char *keys_dir, int rate, double secs,
                   bench_latency_t *out);

typedef struct {
    int64_t acked;
    int64_t failed;
    double secs;
    double rate;                //  acknowledged events / s
} bench_ingest_t;

int bench_ingest (const bench_bus_t *bus, const char *keys_dir, int producers, int window,
                  int64_t total, double max_secs, bench_ingest_t *out);

//  Random numbers (splitmix64): the same data for the same seed.
void bench_seed (uint64_t seed);
uint64_t bench_rand (void);
int64_t bench_below (int64_t n);        //  0 .. n-1
bool bench_chance (double p);

//  Apply one staffing.<event> (data taken) of tenant to a staffing read
//  model in db, as vp-staffing would: checked, then vp_staff_apply.
int bench_staff_event (sqlite3 *db, const char *tenant, const char *event, vp_val_t *data,
                       vp_err_t *err);

#endif
