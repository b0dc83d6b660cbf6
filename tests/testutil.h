/*  testutil - what the tests share: temp folders, free ports, processes,
    keys, and assertions that say where and why.

    Tests are programs (one process each, as in libuv): they start every
    process they need, stop each by its pid, and exit 0 on success.
*/
#ifndef TESTUTIL_H_INCLUDED
#define TESTUTIL_H_INCLUDED

#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include "vp/vp.h"

#define TU_CHECK(cond, ...) do { \
    if (!(cond)) { \
        fprintf (stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
        fprintf (stderr, __VA_ARGS__); \
        fprintf (stderr, "\n"); \
        tu_cleanup (); \
        exit (1); \
    } \
} while (0)

//  Print "ok - what" for a passed check that a reader cares about.
void tu_ok (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));

//  A fresh folder under $TMPDIR (or /tmp), removed by tu_cleanup unless
//  VP_TEST_KEEP is set. Returns a static-lifetime string.
const char *tu_tmpdir (const char *name);

//  Stop every process started with tu_spawn and remove temp folders.
//  Registered with atexit by the first tu_tmpdir / tu_spawn.
void tu_cleanup (void);

//  A TCP port on 127.0.0.1 that was free a moment ago.
int tu_free_port (void);
//  "tcp://127.0.0.1:<free port>" in a static-lifetime string.
const char *tu_endpoint (void);

//  Path of a built program by name: "vp-bus" -> <build>/services/bus/vp-bus,
//  "vpctl" -> <build>/services/ctl/vpctl; other names are looked for in
//  <build>/tests.
const char *tu_bin (const char *name);

//  Start a program (under $VP_TEST_WRAPPER when set, e.g. valgrind). env: NULL-terminated "NAME=VALUE" added to the
//  environment; output (stdout and stderr) goes to log_path when given.
pid_t tu_spawn (const char *const argv[], const char *const env[], const char *log_path);

//  Send sig (SIGTERM, SIGKILL...) and wait up to timeout_ms for the exit.
//  Returns the exit status (128 + signal when killed), -1 on timeout.
int tu_stop (pid_t pid, int sig, int timeout_ms);
//  Wait for a process to exit by itself; same return.
int tu_wait (pid_t pid, int timeout_ms);
bool tu_alive (pid_t pid);

//  Make the keys of a deployment in dir (with vp-keygen): names given as
//  "name:role" (role service or operator), NULL-terminated.
void tu_make_keys (const char *dir, const char *const names[]);

//  Call `health` on endpoint until it answers ok or timeout_ms passes.
bool tu_wait_health (const char *endpoint, vp_keys_t *keys, const char *server_name, int timeout_ms);

//  Run a one-off SQL query that returns one integer (e.g. count(*)).
int64_t tu_sql_int (const char *db_path, const char *sql);

//  The same on an open connection.
int64_t tu_sql_int_db (sqlite3 *db, const char *sql);

//  A bus of its own for one test: folders, CURVE keys and endpoints.
//  Keys: bus, probe (services), consumer and operator (operators).
typedef struct {
    const char *dir;            //  the test's temp folder
    char data_dir[1100];
    char keys_dir[1100];
    char log[1100];
    char ingest[40], pub[40], replay[40];
    char env_store[6][1200];
    const char *env[7];         //  VP_* for the bus and its clients
    pid_t pid;
} tu_bus_t;

void tu_bus_init (tu_bus_t *bus, const char *name);
//  Start vp-bus (extra flags NULL-terminated, or NULL) and wait for health.
pid_t tu_bus_start (tu_bus_t *bus, const char *const extra[]);
//  Keys of one of the bus's key names (caller destroys).
vp_keys_t *tu_bus_keys (tu_bus_t *bus, const char *name);

//  The bus, vp-staffing and vp-documents of one test, with the demo
//  district loaded when asked (scripts/demo/district.vp through vpctl).
//  Every process shares the test's data folder (each has its own .db).
typedef struct {
    tu_bus_t bus;
    char staffing_cmd[40], documents_cmd[40];
    char env_store[4][1200];
    const char *env[16];        //  VP_* for every process and client
    char log[1100];             //  the services' log
    char clock_file[1100];      //  VP_CLOCK_FILE of every process (see tu_stack_set_clock)
    pid_t staffing, documents;
    vp_keys_t *keys;            //  the operator key, for clients
} tu_stack_t;

void tu_stack_start (tu_stack_t *stack, const char *name, bool demo);
//  Start (again) one service of the stack: "staffing" or "documents".
pid_t tu_stack_start_service (tu_stack_t *stack, const char *service);
//  A client of a service of the stack (caller destroys).
vp_cmdcli_t *tu_stack_client (tu_stack_t *stack, const char *service);
//  Wait until vp-documents has applied every staffing event on the bus.
void tu_stack_sync (tu_stack_t *stack);
//  SIGTERM every process; each must exit 0.
void tu_stack_stop (tu_stack_t *stack);
//  Every process of the stack (and this one) reads the time from here on:
//  set it to ms, or back to the real clock.
void tu_stack_set_clock (tu_stack_t *stack, int64_t ms);
void tu_stack_real_clock (tu_stack_t *stack);

//  Sleep ms milliseconds.
void tu_sleep_ms (int ms);

#endif
