/*  bench - what the parts of bench-bus share.

    bench-bus measures the bus in one run: references (raw ZeroMQ, bare
    sqlite), durable events end to end (outbox -> vp-bus -> consumer),
    acknowledgement latency at a steady rate, and ingest with parallel
    producers. Every event is a probe.ping envelope of BENCH_EVENT_SIZE
    bytes encoded.
*/
#ifndef BENCH_H_INCLUDED
#define BENCH_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "vp/vp.h"

#define BENCH_EVENT_SIZE 300
#define BENCH_PATH_MAX 1024

//  bench_util.c -------------------------------------------------------------

//  Monotonic time in nanoseconds.
int64_t bench_now_ns (void);
double bench_ms (int64_t ns);

//  Progress on stderr ("bench-bus: ..."); figures go to stdout.
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
double bench_median (const double *v, int n);

//  Set when the run is interrupted (SIGINT/SIGTERM) or over its budget.
bool bench_stopping (void);

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

#endif
