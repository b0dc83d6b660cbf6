/*  testutil - what the tests share: temp folders, free ports, processes,
    keys, and assertions that say where and why.

    Tests are programs (one process each, as in libuv): they start every
    process they need, stop each by its pid, and exit 0 on success.
*/
#ifndef TESTUTIL_H_INCLUDED
#define TESTUTIL_H_INCLUDED

#include <stdarg.h>
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

//  Checks a test counts, and prints at the end ("N checks"): CHECK stops
//  the test at the first failure; CHECK_SOFT (for bugs found in libvp
//  itself) prints the failure and goes on, so one known bug does not hide
//  the checks after it, and counts it in tu_failed (the test exits 1).
extern int tu_checks;
extern int tu_failed;

#define CHECK(cond, ...) do { tu_checks++; TU_CHECK (cond, __VA_ARGS__); } while (0)
#define CHECK_SOFT(cond, ...) do { \
    tu_checks++; \
    if (!(cond)) { \
        fprintf (stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
        fprintf (stderr, __VA_ARGS__); \
        fprintf (stderr, "\n"); \
        tu_failed++; \
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
    char clock_file[1100];      //  VP_CLOCK_FILE of the bus and its clients: the real clock until written
    char env_store[6][1200];
    const char *env[7];         //  VP_* for the bus and its clients
    pid_t pid;
} tu_bus_t;

//  Start tests/ntf_smtp_sink.py for one kind ("smtp" or "http") on port,
//  writing what it receives into dir; waits (10 s at most) until it listens.
pid_t tu_sink_start (const char *kind, const char *dir, int port);

void tu_bus_init (tu_bus_t *bus, const char *name);
//  Start vp-bus (extra flags NULL-terminated, or NULL) and wait for health.
pid_t tu_bus_start (tu_bus_t *bus, const char *const extra[]);
//  Keys of one of the bus's key names (caller destroys).
vp_keys_t *tu_bus_keys (tu_bus_t *bus, const char *name);

//  The bus and services of one test (by default vp-staffing and
//  vp-documents), with the demo district loaded when asked
//  (scripts/demo/district.vp through vpctl). Every process shares the
//  test's data folder (each has its own .db) and environment.
#define TU_STACK_SERVICES 4     //  staffing, documents, calendar, notify

typedef struct tu_stack tu_stack_t;

typedef struct {
    bool demo;                          //  load the demo district
    const char *const *services;        //  to start, in order (NULL: staffing, documents)
    const char *const *env;             //  more VP_* words for every process (NULL-terminated), or NULL
    //  The time every process of the stack reads when it starts (ms; 0:
    //  TU_CLOCK_START). It is written before the first process starts, so
    //  nothing a test does, the demo's load included, is stamped with the
    //  real date; the test moves it on with tu_stack_set_clock.
    int64_t clock;
    //  Called once the folders, keys and clock are there and before the
    //  first process starts (a test's own databases), or NULL.
    void (*before) (tu_stack_t *stack, void *arg);
    void *before_arg;
} tu_stack_opts_t;

//  Where a test stack's clock stands unless the test says otherwise:
//  Tuesday 01/12/2026 08:00 in the communes' zone.
#define TU_CLOCK_START tu_local_ms (2026, 12, 1, 8, 0)

struct tu_stack {
    tu_bus_t bus;
    char staffing_cmd[40], documents_cmd[40], calendar_cmd[40], notify_cmd[40];
    char calendar_http[40];     //  vp-calendar's feed endpoint (VP_CALENDAR_HTTP)
    char env_store[6][1200];
    const char *env[32];        //  VP_* for every process and client
    char log[1100];             //  the services' log
    pid_t staffing, documents, calendar, notify;    //  0 when not started
    vp_keys_t *keys;            //  the operator key: health, sync, replay
    vp_keys_t *gateway;         //  the gateway key (TU_GATEWAY), for office commands with a session
    vp_keys_t *admin;           //  a district-wide admin key (TU_ADMIN), for set-up
};

void tu_stack_start (tu_stack_t *stack, const char *name, bool demo);
void tu_stack_start_opts (tu_stack_t *stack, const char *name, const tu_stack_opts_t *opts);
//  Start (again) one service of the stack: "staffing", "documents",
//  "calendar" or "notify".
pid_t tu_stack_start_service (tu_stack_t *stack, const char *service);
//  The pid of a running service of the stack (0: none), to pause it.
pid_t tu_stack_pid (tu_stack_t *stack, const char *service);
//  The command endpoint of a service of the stack ("bus": replay).
const char *tu_stack_endpoint (tu_stack_t *stack, const char *service);
//  The keys every test stack has besides its services' and the operator's:
//  a gateway (as vp-web, acting for officers in a session) and a
//  district-wide admin (set-up; the demo is loaded with it).
#define TU_GATEWAY "web"
#define TU_ADMIN "admin"
#define TU_SESSION "test-session"
//  A client of a service of the stack as the gateway in session
//  TU_SESSION (the bus: as the operator); caller destroys.
vp_cmdcli_t *tu_stack_client (tu_stack_t *stack, const char *service);
//  A client with the admin key, the operator key, or an officer's own key
//  (made on first use, bound to tenant); caller destroys.
vp_cmdcli_t *tu_stack_admin (tu_stack_t *stack, const char *service);
vp_cmdcli_t *tu_stack_operator (tu_stack_t *stack, const char *service);
vp_cmdcli_t *tu_stack_officer (tu_stack_t *stack, const char *service, const char *tenant, const char *officer);
//  Set an officer's password with the admin key (staffing.credential.set:
//  a hash costs tens of ms, so the test demo has none until a test asks).
void tu_stack_set_password (tu_stack_t *stack, const char *tenant, const char *officer, const char *password);
//  Make an officer's own key (bound to tenant) unless it is there: for
//  vpctl run as that officer (VP_KEY_NAME=officer).
void tu_stack_officer_key (tu_stack_t *stack, const char *tenant, const char *officer);
//  Wait until every running service has applied every event of the
//  streams it follows, up to the heads of the bus, and handed the bus
//  every event it made (outbox empty), with the heads still the same.
void tu_stack_sync (tu_stack_t *stack);
//  Stop one process of the stack ("bus" or a service) with sig (SIGKILL:
//  a crash; SIGTERM must then exit 0) and start it again.
void tu_stack_restart (tu_stack_t *stack, const char *service, int sig);
//  Every event of a stream the bus has logged, in order (caller destroys).
vp_val_t *tu_stack_replay (tu_stack_t *stack, const char *stream);
//  The events of a stream of a type (NULL: any) whose data[key] is value
//  (key NULL: any), in order (caller destroys the array).
vp_val_t *tu_stack_events (tu_stack_t *stack, const char *stream, const char *type,
                           const char *key, const char *value);
//  SIGTERM every process; each must exit 0.
void tu_stack_stop (tu_stack_t *stack);
//  Every process of the stack (and this one) reads the time from here on:
//  set it to ms.
void tu_stack_set_clock (tu_stack_t *stack, int64_t ms);

//  Sleep ms milliseconds.
void tu_sleep_ms (int ms);

//  --------------------------------------------------------------------
//  Commands as vpctl takes them: key=value words, dates and times as
//  people write them in the communes' zone.

//  The zone of every commune of the tests (and of the demo district).
#define TU_ZONE "Asia/Ho_Chi_Minh"
//  How long a call may take before the test gives up on it.
#define TU_TIMEOUT 30000

//  Local time in TU_ZONE, as ms.
int64_t tu_local_ms (int year, int month, int day, int hour, int minute);

//  A string field of a map, "" when absent.
const char *tu_str (const vp_val_t *map, const char *key);

//  The items of an array (strings, or `key` of maps) joined by ','; "?"
//  for an item without one. The caller frees the string.
char *tu_join (const vp_val_t *array, const char *key);

//  The word "key=<ms>" (a time given to the millisecond), in a static ring
//  of 16 buffers: enough for the words of one call.
const char *tu_ms_word (const char *key, int64_t ms);

//  A real PDF of `pages` blank A4 pages (poppler opens it: vp-documents
//  counts the pages of every PDF it stores) with `text` in a comment line
//  (a marker a test looks for in the stored bytes). Returns its size; the
//  bytes are malloc'd. tu_pdf: the same as a bin value.
size_t tu_pdf_bytes (const char *text, int pages, char **bytes);
vp_val_t *tu_pdf (const char *text, int pages);

//  What a shell command writes on stdout (at most 64 KB); the test stops
//  unless it succeeds. The caller frees it.
char *tu_output (const char *cmd);

//  Destroy a result that does not matter.
void tu_drop (vp_val_t *result);

//  The args of cmd (a command of proto/) from key=value words
//  (NULL-terminated). Words that do not read stop the test: a call the
//  tests make is refused by the service, not by the way it is typed.
vp_val_t *tu_args (int line, const char *cmd, va_list words);

//  Call cmd on cli as actor in tenant, with args (taken) or words. Returns
//  0, or -1 with err.
int tu_call_args (vp_cmdcli_t *cli, const char *tenant, const char *actor, const char *cmd,
                  vp_val_t *args, vp_val_t **result, vp_err_t *err);
int tu_call_at (int line, vp_cmdcli_t *cli, const char *tenant, const char *actor, const char *cmd,
                vp_val_t **result, vp_err_t *err, ...);
#define tu_call(cli, tenant, actor, cmd, result, err, ...) \
    tu_call_at (__LINE__, cli, tenant, actor, cmd, result, err, __VA_ARGS__, NULL)

//  The approval chain of a body's outgoing documents: posts "a,b,c" in
//  order, the signer last, set by the office head (a counted check).
void tu_chain_set (int line, vp_cmdcli_t *cli, const char *tenant, const char *head, const char *body,
                   const char *posts);

//  A call that must succeed (a counted check); returns the result (caller
//  destroys). A refusal stops the test naming the line, the command, the
//  actor and tenant, and the code, field and message.
vp_val_t *tu_ok_args (int line, vp_cmdcli_t *cli, const char *tenant, const char *actor, const char *cmd,
                      vp_val_t *args);
vp_val_t *tu_ok_vcall (int line, vp_cmdcli_t *cli, const char *tenant, const char *actor, const char *cmd,
                       va_list words);
vp_val_t *tu_ok_at (int line, vp_cmdcli_t *cli, const char *tenant, const char *actor, const char *cmd, ...);
#define tu_ok_call(cli, tenant, actor, ...) tu_ok_at (__LINE__, cli, tenant, actor, __VA_ARGS__, NULL)

//  A call that must be refused (a counted check) with code and field, and
//  a message that holds every '|'-separated part of `says`. Returns the
//  message (valid until the next refusal).
const char *tu_refused_args (int line, vp_code_t code, const char *field, const char *says, vp_cmdcli_t *cli,
                             const char *tenant, const char *actor, const char *cmd, vp_val_t *args);
const char *tu_refused_at (int line, vp_code_t code, const char *field, const char *says, vp_cmdcli_t *cli,
                           const char *tenant, const char *actor, const char *cmd, ...);
#define tu_refused(code, field, says, cli, tenant, actor, ...) \
    tu_refused_at (__LINE__, code, field, says, cli, tenant, actor, __VA_ARGS__, NULL)

#endif
