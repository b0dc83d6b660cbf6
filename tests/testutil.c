/*  testutil - what the tests share. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include "testutil.h"

#define S_MAX 64

int tu_checks;
int tu_failed;

static pid_t s_pids[S_MAX];
static int s_npids;
static char *s_dirs[S_MAX];
static int s_ndirs;
static bool s_registered;

static void
s_register (void)
{
    if (!s_registered) {
        s_registered = true;
        atexit (tu_cleanup);
        signal (SIGPIPE, SIG_IGN);
    }
}

void
tu_ok (const char *fmt, ...)
{
    va_list ap;
    va_start (ap, fmt);
    printf ("ok - ");
    vprintf (fmt, ap);
    printf ("\n");
    fflush (stdout);
    va_end (ap);
}

static int
s_unlink (const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    return remove (path);
}

//  Keys that clients made by the stack go on using, until tu_cleanup.
static vp_keys_t *s_kept[256];
static int s_nkept;

static void
tu_keep_keys (vp_keys_t *keys)
{
    TU_CHECK (s_nkept < 256, "too many officer keys in one test");
    s_kept[s_nkept++] = keys;
}

void
tu_cleanup (void)
{
    for (int i = 0; i < s_nkept; i++)
        vp_keys_destroy (&s_kept[i]);
    s_nkept = 0;
    for (int i = 0; i < s_npids; i++)
        if (s_pids[i] > 0 && tu_alive (s_pids[i])) {
            kill (s_pids[i], SIGKILL);
            waitpid (s_pids[i], NULL, 0);
        }
    s_npids = 0;
    for (int i = 0; i < s_ndirs; i++) {
        if (!getenv ("VP_TEST_KEEP"))
            nftw (s_dirs[i], s_unlink, 16, FTW_DEPTH | FTW_PHYS);
        else
            fprintf (stderr, "kept %s\n", s_dirs[i]);
        free (s_dirs[i]);
    }
    s_ndirs = 0;
}

const char *
tu_tmpdir (const char *name)
{
    s_register ();
    const char *base = getenv ("TMPDIR");
    char *path = zsys_sprintf ("%s/vp-%s-XXXXXX", base && *base ? base : "/tmp", name);
    if (!mkdtemp (path)) {
        fprintf (stderr, "cannot make a temp folder %s: %s\n", path, strerror (errno));
        exit (1);
    }
    s_dirs[s_ndirs++] = path;
    return path;
}

int
tu_free_port (void)
{
    //  Ask the kernel for a free port, then walk away from it. Ports
    //  handed out in this process are remembered so two are never equal.
    static int given[S_MAX];
    static int ngiven;
    for (int attempt = 0; attempt < 100; attempt++) {
        int fd = socket (AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
        socklen_t len = sizeof addr;
        bind (fd, (struct sockaddr *) &addr, sizeof addr);
        getsockname (fd, (struct sockaddr *) &addr, &len);
        close (fd);
        int port = ntohs (addr.sin_port);
        bool seen = false;
        for (int i = 0; i < ngiven; i++)
            seen |= given[i] == port;
        if (!seen) {
            if (ngiven < S_MAX)
                given[ngiven++] = port;
            return port;
        }
    }
    return 0;
}

const char *
tu_endpoint (void)
{
    static char endpoints[S_MAX][40];
    static int n;
    char *endpoint = endpoints[n++ % S_MAX];
    snprintf (endpoint, 40, "tcp://127.0.0.1:%d", tu_free_port ());
    return endpoint;
}

const char *
tu_bin (const char *name)
{
    static char paths[16][1024];
    static int n;
    char *path = paths[n++ % 16];
    if (strncmp (name, "vp-", 3) == 0)
        snprintf (path, 1024, "%s/services/%s/%s", VP_BUILD_DIR, name + 3, name);
    else
    if (strcmp (name, "vpctl") == 0)
        snprintf (path, 1024, "%s/services/ctl/vpctl", VP_BUILD_DIR);
    else
        snprintf (path, 1024, "%s/tests/%s", VP_BUILD_DIR, name);
    return path;
}

pid_t
tu_spawn (const char *const argv[], const char *const env[], const char *log_path)
{
    s_register ();
    //  VP_TEST_WRAPPER ("valgrind --leak-check=full --error-exitcode=1")
    //  runs every program of ours under it; vp-keygen stays bare (speed).
    const char *wrapper = getenv ("VP_TEST_WRAPPER");
    char *words = NULL;
    const char *wrapped[64];
    if (wrapper && *wrapper && !strstr (argv[0], "vp-keygen")) {
        words = strdup (wrapper);
        int n = 0;
        for (char *w = strtok (words, " "); w && n < 40; w = strtok (NULL, " "))
            wrapped[n++] = w;
        for (int i = 0; argv[i] && n < 63; i++)
            wrapped[n++] = argv[i];
        wrapped[n] = NULL;
        argv = wrapped;
    }
    fflush (stdout);
    fflush (stderr);
    pid_t pid = fork ();
    if (pid == 0) {
        for (int i = 0; env && env[i]; i++)
            putenv ((char *) env[i]);
        if (log_path) {
            int fd = open (log_path, O_WRONLY | O_CREAT | O_APPEND, 0644);
            if (fd >= 0) {
                dup2 (fd, 1);
                dup2 (fd, 2);
                close (fd);
            }
        }
        execv (argv[0], (char *const *) argv);
        fprintf (stderr, "cannot run %s: %s\n", argv[0], strerror (errno));
        _exit (127);
    }
    free (words);
    if (pid > 0 && s_npids < S_MAX)
        s_pids[s_npids++] = pid;
    return pid;
}

static void
s_forget (pid_t pid)
{
    for (int i = 0; i < s_npids; i++)
        if (s_pids[i] == pid)
            s_pids[i] = 0;
}

int
tu_wait (pid_t pid, int timeout_ms)
{
    for (int waited = 0; waited <= timeout_ms; waited += 10) {
        int status = 0;
        pid_t got = waitpid (pid, &status, WNOHANG);
        if (got == pid) {
            s_forget (pid);
            if (WIFEXITED (status))
                return WEXITSTATUS (status);
            return 128 + WTERMSIG (status);
        }
        if (got < 0)
            return -1;
        tu_sleep_ms (10);
    }
    return -1;
}

int
tu_stop (pid_t pid, int sig, int timeout_ms)
{
    if (pid <= 0)
        return -1;
    kill (pid, sig);
    return tu_wait (pid, timeout_ms);
}

bool
tu_alive (pid_t pid)
{
    int status;
    return waitpid (pid, &status, WNOHANG) == 0;
}

void
tu_make_keys (const char *dir, const char *const names[])
{
    for (int i = 0; names[i]; i++) {
        char name[160];
        snprintf (name, sizeof name, "%s", names[i]);
        char *role = strchr (name, ':');
        if (role)
            *role++ = 0;
        char *tenant = role ? strchr (role, ':') : NULL;
        if (tenant)
            *tenant++ = 0;
        const char *argv[] = { tu_bin ("vp-keygen"), "--dir", dir, "--role", role ? role : "service", name,
                               tenant ? "--tenant" : NULL, tenant, NULL };
        pid_t pid = tu_spawn (argv, NULL, "/dev/null");
        int rc = tu_wait (pid, 10000);
        TU_CHECK (rc == 0, "vp-keygen %s exited %d", name, rc);
    }
}

bool
tu_wait_health (const char *endpoint, vp_keys_t *keys, const char *server_name, int timeout_ms)
{
    vp_err_t err = { 0 };
    vp_cmdcli_t *cli = vp_cmdcli_new (endpoint, keys, server_name, &err);
    if (!cli)
        return false;
    int64_t deadline = vp_clock_mono () + timeout_ms;
    bool ok = false;
    while (!ok && vp_clock_mono () < deadline) {
        vp_val_t *result = NULL;
        if (vp_cmdcli_call (cli, "health", NULL, NULL, NULL, 300, &result, &err) == 0)
            ok = vp_map_str (result, "status") != NULL;
        vp_val_destroy (&result);
        if (!ok)
            tu_sleep_ms (50);
    }
    vp_cmdcli_destroy (&cli);
    return ok;
}

int64_t
tu_sql_int (const char *db_path, const char *sql)
{
    sqlite3 *db = NULL;
    int64_t value = -1;
    if (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_busy_timeout (db, 5000);
        sqlite3_stmt *stmt = NULL;
        if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK
        &&  sqlite3_step (stmt) == SQLITE_ROW)
            value = sqlite3_column_int64 (stmt, 0);
        sqlite3_finalize (stmt);
    }
    sqlite3_close (db);
    return value;
}

int64_t
tu_sql_int_db (sqlite3 *db, const char *sql)
{
    int64_t value = -1;
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK
    &&  sqlite3_step (stmt) == SQLITE_ROW)
        value = sqlite3_column_int64 (stmt, 0);
    sqlite3_finalize (stmt);
    return value;
}

void
tu_sleep_ms (int ms)
{
    struct timespec ts = { ms / 1000, (long) (ms % 1000) * 1000000L };
    while (nanosleep (&ts, &ts) && errno == EINTR)
        ;
}

void
tu_bus_init (tu_bus_t *bus, const char *name)
{
    memset (bus, 0, sizeof *bus);
    bus->dir = tu_tmpdir (name);
    snprintf (bus->data_dir, sizeof bus->data_dir, "%s/bus", bus->dir);
    snprintf (bus->keys_dir, sizeof bus->keys_dir, "%s/keys", bus->dir);
    snprintf (bus->log, sizeof bus->log, "%s/bus.log", bus->dir);
    snprintf (bus->ingest, sizeof bus->ingest, "%s", tu_endpoint ());
    snprintf (bus->pub, sizeof bus->pub, "%s", tu_endpoint ());
    snprintf (bus->replay, sizeof bus->replay, "%s", tu_endpoint ());
    tu_make_keys (bus->keys_dir, (const char *const []) {
        "bus:service", "probe:service", "consumer:operator", "operator:operator", NULL });
    snprintf (bus->env_store[0], 1200, "VP_KEYS_DIR=%s", bus->keys_dir);
    snprintf (bus->env_store[1], 1200, "VP_BUS_INGEST=%s", bus->ingest);
    snprintf (bus->env_store[2], 1200, "VP_BUS_PUB=%s", bus->pub);
    snprintf (bus->env_store[3], 1200, "VP_BUS_REPLAY=%s", bus->replay);
    snprintf (bus->env_store[4], 1200, "VP_LOG_LEVEL=%s", getenv ("VP_LOG_LEVEL") ? getenv ("VP_LOG_LEVEL") : "info");
    snprintf (bus->clock_file, sizeof bus->clock_file, "%s/clock", bus->dir);
    snprintf (bus->env_store[5], 1200, "VP_CLOCK_FILE=%s", bus->clock_file);
    for (int i = 0; i < 6; i++)
        bus->env[i] = bus->env_store[i];
    bus->env[6] = NULL;
}

pid_t
tu_bus_start (tu_bus_t *bus, const char *const extra[])
{
    const char *argv[16] = { tu_bin ("vp-bus"), "--data-dir", bus->data_dir };
    int argc = 3;
    for (int i = 0; extra && extra[i] && argc < 15; i++)
        argv[argc++] = extra[i];
    argv[argc] = NULL;
    bus->pid = tu_spawn (argv, bus->env, bus->log);
    vp_keys_t *keys = tu_bus_keys (bus, "operator");
    bool ready = tu_wait_health (bus->replay, keys, "bus", 10000);
    vp_keys_destroy (&keys);
    TU_CHECK (ready, "vp-bus did not answer health within 10 s (log: %s)", bus->log);
    return bus->pid;
}

vp_keys_t *
tu_bus_keys (tu_bus_t *bus, const char *name)
{
    vp_err_t err = { 0 };
    vp_keys_t *keys = vp_keys_load (bus->keys_dir, name, &err);
    TU_CHECK (keys, "cannot load key %s: %s", name, err.message);
    return keys;
}

static const char *const s_stack_services[] = { "staffing", "documents", "calendar", "notify", NULL };

static pid_t *
s_stack_pid (tu_stack_t *stack, const char *service)
{
    return strcmp (service, "staffing") == 0 ? &stack->staffing
         : strcmp (service, "documents") == 0 ? &stack->documents
         : strcmp (service, "calendar") == 0 ? &stack->calendar
         : strcmp (service, "notify") == 0 ? &stack->notify : NULL;
}

const char *
tu_stack_endpoint (tu_stack_t *stack, const char *service)
{
    return strcmp (service, "staffing") == 0 ? stack->staffing_cmd
         : strcmp (service, "documents") == 0 ? stack->documents_cmd
         : strcmp (service, "calendar") == 0 ? stack->calendar_cmd
         : strcmp (service, "notify") == 0 ? stack->notify_cmd
         : stack->bus.replay;
}

pid_t
tu_stack_pid (tu_stack_t *stack, const char *service)
{
    pid_t *pid = s_stack_pid (stack, service);
    return pid ? *pid : 0;
}

pid_t
tu_stack_start_service (tu_stack_t *stack, const char *service)
{
    pid_t *slot = s_stack_pid (stack, service);
    TU_CHECK (slot, "no service \"%s\" in a test stack", service);
    char bin[32];
    snprintf (bin, sizeof bin, "vp-%s", service);
    pid_t pid = tu_spawn ((const char *[]) { tu_bin (bin), NULL }, stack->env, stack->log);
    TU_CHECK (tu_wait_health (tu_stack_endpoint (stack, service), stack->keys, service, 30000),
              "vp-%s did not come up (log: %s)", service, stack->log);
    *slot = pid;
    return pid;
}

void
tu_stack_start (tu_stack_t *stack, const char *name, bool demo)
{
    tu_stack_opts_t opts = { .demo = demo };
    tu_stack_start_opts (stack, name, &opts);
}

void
tu_stack_start_opts (tu_stack_t *stack, const char *name, const tu_stack_opts_t *opts)
{
    static const char *const dflt[] = { "staffing", "documents", NULL };
    const char *const *services = opts->services ? opts->services : dflt;
    memset (stack, 0, sizeof *stack);
    tu_bus_init (&stack->bus, name);
    tu_make_keys (stack->bus.keys_dir, (const char *[]) {
        "staffing:service", "documents:service", "calendar:service", "notify:service",
        "vpctl:operator", TU_GATEWAY ":gateway", TU_ADMIN ":admin", NULL });
    tu_stack_set_clock (stack, opts->clock ? opts->clock : TU_CLOCK_START);
    if (opts->before)
        opts->before (stack, opts->before_arg);
    tu_bus_start (&stack->bus, NULL);
    snprintf (stack->staffing_cmd, sizeof stack->staffing_cmd, "%s", tu_endpoint ());
    snprintf (stack->documents_cmd, sizeof stack->documents_cmd, "%s", tu_endpoint ());
    snprintf (stack->calendar_cmd, sizeof stack->calendar_cmd, "%s", tu_endpoint ());
    snprintf (stack->notify_cmd, sizeof stack->notify_cmd, "%s", tu_endpoint ());
    snprintf (stack->log, sizeof stack->log, "%s/services.log", stack->bus.dir);
    snprintf (stack->env_store[0], 1200, "VP_STAFFING_CMD=%s", stack->staffing_cmd);
    snprintf (stack->env_store[1], 1200, "VP_DOCUMENTS_CMD=%s", stack->documents_cmd);
    snprintf (stack->env_store[2], 1200, "VP_CALENDAR_CMD=%s", stack->calendar_cmd);
    snprintf (stack->env_store[3], 1200, "VP_NOTIFY_CMD=%s", stack->notify_cmd);
    snprintf (stack->env_store[4], 1200, "VP_DATA_DIR=%s/data", stack->bus.dir);
    snprintf (stack->calendar_http, sizeof stack->calendar_http, "%s", tu_endpoint ());
    snprintf (stack->env_store[5], 1200, "VP_CALENDAR_HTTP=%s", stack->calendar_http);
    int n = 0;
    for (int i = 0; stack->bus.env[i]; i++)
        stack->env[n++] = stack->bus.env[i];
    for (int i = 0; i < 6; i++)
        stack->env[n++] = stack->env_store[i];
    for (int i = 0; opts->env && opts->env[i]; i++) {
        TU_CHECK (n < 31, "too many environment words for a test stack");
        stack->env[n++] = opts->env[i];
    }
    stack->env[n] = NULL;
    stack->keys = tu_bus_keys (&stack->bus, "operator");
    stack->gateway = tu_bus_keys (&stack->bus, TU_GATEWAY);
    stack->admin = tu_bus_keys (&stack->bus, TU_ADMIN);
    for (int i = 0; services[i]; i++)
        tu_stack_start_service (stack, services[i]);
    if (opts->demo) {
        const char *env[40];
        int k = 0;
        for (; stack->env[k] && k < 38; k++)
            env[k] = stack->env[k];
        env[k++] = "VP_KEY_NAME=" TU_ADMIN;
        env[k] = NULL;
        pid_t seed = tu_spawn ((const char *[]) { tu_bin ("vpctl"), "batch",
                                                  VP_SOURCE_DIR "/scripts/demo/district.vp", NULL },
                               env, stack->log);
        TU_CHECK (tu_wait (seed, 120000) == 0, "the demo district did not load (log: %s)", stack->log);
        tu_stack_sync (stack);
    }
}

vp_cmdcli_t *
tu_stack_client (tu_stack_t *stack, const char *service)
{
    vp_err_t err = { 0 };
    bool bus = strcmp (service, "bus") == 0;
    vp_cmdcli_t *cli = vp_cmdcli_new (tu_stack_endpoint (stack, service), bus ? stack->keys : stack->gateway,
                                      service, &err);
    TU_CHECK (cli, "client of %s: %s", service, err.message);
    if (!bus)
        vp_cmdcli_set_session (cli, TU_SESSION);
    return cli;
}

vp_cmdcli_t *
tu_stack_admin (tu_stack_t *stack, const char *service)
{
    vp_err_t err = { 0 };
    vp_cmdcli_t *cli = vp_cmdcli_new (tu_stack_endpoint (stack, service), stack->admin, service, &err);
    TU_CHECK (cli, "admin client of %s: %s", service, err.message);
    return cli;
}

vp_cmdcli_t *
tu_stack_operator (tu_stack_t *stack, const char *service)
{
    vp_err_t err = { 0 };
    vp_cmdcli_t *cli = vp_cmdcli_new (tu_stack_endpoint (stack, service), stack->keys, service, &err);
    TU_CHECK (cli, "operator client of %s: %s", service, err.message);
    return cli;
}

void
tu_stack_set_password (tu_stack_t *stack, const char *tenant, const char *officer, const char *password)
{
    vp_cmdcli_t *cli = tu_stack_admin (stack, "staffing");
    vp_val_t *args = vp_val_map ();
    vp_map_put_str (args, "officer", officer);
    vp_map_put_str (args, "password", password);
    vp_val_t *result = tu_ok_args (__LINE__, cli, tenant, NULL, "staffing.credential.set", args);
    vp_val_destroy (&result);
    vp_cmdcli_destroy (&cli);
}

void
tu_stack_officer_key (tu_stack_t *stack, const char *tenant, const char *officer)
{
    char path[1300], word[200];
    snprintf (path, sizeof path, "%s/officers/%s.secret", stack->bus.keys_dir, officer);
    if (access (path, F_OK) != 0) {
        snprintf (word, sizeof word, "%s:officer:%s", officer, tenant);
        tu_make_keys (stack->bus.keys_dir, (const char *const []) { word, NULL });
    }
}

vp_cmdcli_t *
tu_stack_officer (tu_stack_t *stack, const char *service, const char *tenant, const char *officer)
{
    tu_stack_officer_key (stack, tenant, officer);
    vp_keys_t *keys = tu_bus_keys (&stack->bus, officer);
    vp_err_t err = { 0 };
    vp_cmdcli_t *cli = vp_cmdcli_new (tu_stack_endpoint (stack, service), keys, service, &err);
    TU_CHECK (cli, "client of %s as %s: %s", service, officer, err.message);
    //  The client keeps using the key's cert it applied to its socket.
    tu_keep_keys (keys);
    return cli;
}

//  Has this service applied every event up to the heads?
static bool
s_stack_synced (tu_stack_t *stack, const char *service, const vp_val_t *heads)
{
    vp_cmdcli_t *cli = tu_stack_client (stack, service);
    vp_err_t err = { 0 };
    vp_val_t *health = NULL;
    bool synced = vp_cmdcli_call (cli, "health", NULL, NULL, NULL, 5000, &health, &err) == 0;
    vp_val_t *cursors = synced ? vp_map_get (health, "cursors") : NULL;
    if (synced && vp_map_int (health, "outbox", 0) > 0)
        synced = false;
    for (size_t i = 0; synced && cursors && i < vp_val_len (cursors); i++) {
        const char *stream = vp_map_key_at (cursors, i);
        int64_t cursor = vp_map_int (vp_map_value_at (cursors, i), "cursor", -1);
        synced = cursor >= vp_map_int (heads, stream, 0);
    }
    vp_val_destroy (&health);
    vp_cmdcli_destroy (&cli);
    return synced;
}

void
tu_stack_sync (tu_stack_t *stack)
{
    vp_cmdcli_t *bus = tu_stack_client (stack, "bus");
    vp_err_t err = { 0 };
    bool synced = false;
    const char *late = "";
    char heads[4096] = "";
    for (int attempt = 0; attempt < 600 && !synced; attempt++) {
        vp_val_t *stats = NULL;
        bool all = vp_cmdcli_call (bus, "bus.stats", NULL, NULL, NULL, 5000, &stats, &err) == 0;
        for (int i = 0; all && s_stack_services[i]; i++)
            if (*s_stack_pid (stack, s_stack_services[i])
            &&  !s_stack_synced (stack, s_stack_services[i], vp_map_get (stats, "heads"))) {
                all = false;
                late = s_stack_services[i];
            }
        //  Synced when a second look finds the same heads: nothing was
        //  published while the services were asked.
        char *now = all ? vp_val_to_json (vp_map_get (stats, "heads")) : NULL;
        synced = now && strcmp (now, heads) == 0;
        snprintf (heads, sizeof heads, "%s", now ? now : "");
        free (now);
        vp_val_destroy (&stats);
        if (!synced)
            tu_sleep_ms (all ? 20 : 50);
    }
    vp_cmdcli_destroy (&bus);
    TU_CHECK (synced, "vp-%s did not catch up with the bus in 30 s", late);
}

void
tu_stack_restart (tu_stack_t *stack, const char *service, int sig)
{
    bool bus = strcmp (service, "bus") == 0;
    pid_t *pid = bus ? &stack->bus.pid : s_stack_pid (stack, service);
    TU_CHECK (pid && *pid, "no running %s in the stack", service);
    int rc = tu_stop (*pid, sig, 30000);
    TU_CHECK (sig == SIGKILL ? rc == 128 + SIGKILL : rc == 0, "vp-%s exited %d on signal %d (log: %s)",
              service, rc, sig, stack->log);
    *pid = 0;
    if (bus)
        tu_bus_start (&stack->bus, NULL);
    else
        tu_stack_start_service (stack, service);
}

vp_val_t *
tu_stack_replay (tu_stack_t *stack, const char *stream)
{
    vp_cmdcli_t *bus = tu_stack_client (stack, "bus");
    vp_val_t *all = vp_val_array ();
    int64_t from = 1;
    vp_err_t err = { 0 };
    while (true) {
        vp_val_t *request = vp_val_map ();
        vp_map_put_str (request, "stream", stream);
        vp_map_put_int (request, "from", from);
        vp_val_t *reply = NULL;
        TU_CHECK (vp_cmdcli_request (bus, request, TU_TIMEOUT, &reply, &err) == 0, "replay: %s", err.message);
        TU_CHECK (vp_map_bool (reply, "ok", false), "replay refused: %s", vp_val_to_json (reply));
        vp_val_t *events = vp_map_get (reply, "events");
        for (size_t i = 0; i < vp_val_len (events); i++) {
            vp_val_t *env = vp_array_at (events, i);
            from = vp_map_int (env, "seq", from) + 1;
            vp_array_push (all, vp_val_dup (env));
        }
        bool done = vp_val_len (events) == 0 || from > vp_map_int (reply, "head", 0);
        vp_val_destroy (&reply);
        if (done)
            break;
    }
    vp_cmdcli_destroy (&bus);
    return all;
}

vp_val_t *
tu_stack_events (tu_stack_t *stack, const char *stream, const char *type, const char *key, const char *value)
{
    vp_val_t *all = tu_stack_replay (stack, stream);
    vp_val_t *found = vp_val_array ();
    for (size_t i = 0; i < vp_val_len (all); i++) {
        vp_val_t *env = vp_array_at (all, i);
        if ((!type || strcmp (tu_str (env, "type"), type) == 0)
        &&  (!key || strcmp (tu_str (vp_map_get (env, "data"), key), value) == 0))
            vp_array_push (found, vp_val_dup (env));
    }
    vp_val_destroy (&all);
    return found;
}

void
tu_stack_stop (tu_stack_t *stack)
{
    for (int i = TU_STACK_SERVICES - 1; i >= 0; i--) {
        pid_t *pid = s_stack_pid (stack, s_stack_services[i]);
        if (!*pid)
            continue;
        int rc = tu_stop (*pid, SIGTERM, 30000);
        TU_CHECK (rc == 0, "vp-%s exited %d on SIGTERM (log: %s)", s_stack_services[i], rc, stack->log);
        *pid = 0;
    }
    int rc = tu_stop (stack->bus.pid, SIGTERM, 30000);
    TU_CHECK (rc == 0, "vp-bus exited %d on SIGTERM", rc);
    vp_keys_destroy (&stack->keys);
    vp_keys_destroy (&stack->gateway);
    vp_keys_destroy (&stack->admin);
}

void
tu_stack_set_clock (tu_stack_t *stack, int64_t ms)
{
    char tmp[1200];
    snprintf (tmp, sizeof tmp, "%s.tmp", stack->bus.clock_file);
    FILE *file = fopen (tmp, "w");
    TU_CHECK (file, "cannot write %s", tmp);
    fprintf (file, "%lld\n", (long long) ms);
    fclose (file);
    TU_CHECK (rename (tmp, stack->bus.clock_file) == 0, "cannot move %s", tmp);
    setenv ("VP_CLOCK_FILE", stack->bus.clock_file, 1);
}

int64_t
tu_local_ms (int year, int month, int day, int hour, int minute)
{
    vp_tm_t tm = { .year = year, .month = month, .day = day, .hour = hour, .minute = minute };
    return vp_time_from_local (&tm, TU_ZONE);
}

const char *
tu_str (const vp_val_t *map, const char *key)
{
    const char *s = vp_map_str (map, key);
    return s ? s : "";
}

char *
tu_join (const vp_val_t *array, const char *key)
{
    char *joined = strdup ("");
    for (size_t i = 0; i < vp_val_len (array); i++) {
        vp_val_t *item = vp_array_at (array, i);
        const char *s = key ? vp_map_str (item, key) : vp_val_get_str (item);
        char *longer = zsys_sprintf ("%s%s%s", joined, i ? "," : "", s ? s : "?");
        free (joined);
        joined = longer;
    }
    return joined;
}

const char *
tu_ms_word (const char *key, int64_t ms)
{
    static char words[16][64];
    static int n;
    char *word = words[n++ % 16];
    snprintf (word, 64, "%s=%lld", key, (long long) ms);
    return word;
}

void
tu_drop (vp_val_t *result)
{
    vp_val_destroy (&result);
}

vp_val_t *
tu_args (int line, const char *cmd, va_list ap)
{
    const char *words[40];
    int n = 0;
    for (const char *word = va_arg (ap, const char *); word; word = va_arg (ap, const char *)) {
        TU_CHECK (n < 40, "line %d: %s: more than 40 words", line, cmd);
        words[n++] = word;
    }
    const vp_msgdef_t *def = vp_proto_find (cmd, VP_KIND_COMMAND);
    TU_CHECK (def, "line %d: %s is not a command of proto/", line, cmd);
    vp_val_t *args = NULL;
    vp_err_t err = { 0 };
    TU_CHECK (vp_args_from_words (def, n, words, TU_ZONE, &args, &err) == 0,
              "line %d: %s: bad words: %s (field %s): %s", line, cmd, vp_code_name (err.code), err.field,
              err.message);
    return args;
}

int
tu_call_args (vp_cmdcli_t *cli, const char *tenant, const char *actor, const char *cmd,
              vp_val_t *args, vp_val_t **result, vp_err_t *err)
{
    return vp_cmdcli_call (cli, cmd, tenant, actor, args, TU_TIMEOUT, result, err);
}

int
tu_call_at (int line, vp_cmdcli_t *cli, const char *tenant, const char *actor, const char *cmd,
            vp_val_t **result, vp_err_t *err, ...)
{
    va_list ap;
    va_start (ap, err);
    vp_val_t *args = tu_args (line, cmd, ap);
    va_end (ap);
    return tu_call_args (cli, tenant, actor, cmd, args, result, err);
}

vp_val_t *
tu_ok_args (int line, vp_cmdcli_t *cli, const char *tenant, const char *actor, const char *cmd,
            vp_val_t *args)
{
    vp_val_t *result = NULL;
    vp_err_t err = { 0 };
    int rc = tu_call_args (cli, tenant, actor, cmd, args, &result, &err);
    TU_CHECK (rc == 0, "line %d: %s by %s in %s refused: %s (field %s): %s", line, cmd,
              actor ? actor : "-", tenant ? tenant : "-", vp_code_name (err.code), err.field, err.message);
    tu_checks++;
    return result;
}

vp_val_t *
tu_ok_vcall (int line, vp_cmdcli_t *cli, const char *tenant, const char *actor, const char *cmd,
             va_list words)
{
    return tu_ok_args (line, cli, tenant, actor, cmd, tu_args (line, cmd, words));
}

vp_val_t *
tu_ok_at (int line, vp_cmdcli_t *cli, const char *tenant, const char *actor, const char *cmd, ...)
{
    va_list ap;
    va_start (ap, cmd);
    vp_val_t *result = tu_ok_vcall (line, cli, tenant, actor, cmd, ap);
    va_end (ap);
    return result;
}

const char *
tu_refused_args (int line, vp_code_t code, const char *field, const char *says, vp_cmdcli_t *cli,
                 const char *tenant, const char *actor, const char *cmd, vp_val_t *args)
{
    static vp_err_t err;
    memset (&err, 0, sizeof err);
    vp_val_t *result = NULL;
    int rc = tu_call_args (cli, tenant, actor, cmd, args, &result, &err);
    vp_val_destroy (&result);
    TU_CHECK (rc == -1, "line %d: %s by %s in %s was accepted, expected %s", line, cmd,
              actor ? actor : "-", tenant ? tenant : "-", vp_code_name (code));
    TU_CHECK (err.code == code, "line %d: %s: code %s, expected %s (%s)", line, cmd,
              vp_code_name (err.code), vp_code_name (code), err.message);
    TU_CHECK (strcmp (err.field, field) == 0, "line %d: %s: field \"%s\", expected \"%s\" (%s)",
              line, cmd, err.field, field, err.message);
    char parts[512];
    snprintf (parts, sizeof parts, "%s", says);
    char *save = NULL;
    for (char *part = strtok_r (parts, "|", &save); part; part = strtok_r (NULL, "|", &save))
        TU_CHECK (strstr (err.message, part), "line %d: %s: message \"%s\" does not say \"%s\"",
                  line, cmd, err.message, part);
    tu_checks++;
    return err.message;
}

const char *
tu_refused_at (int line, vp_code_t code, const char *field, const char *says, vp_cmdcli_t *cli,
               const char *tenant, const char *actor, const char *cmd, ...)
{
    va_list ap;
    va_start (ap, cmd);
    vp_val_t *args = tu_args (line, cmd, ap);
    va_end (ap);
    return tu_refused_args (line, code, field, says, cli, tenant, actor, cmd, args);
}

pid_t
tu_sink_start (const char *kind, const char *dir, int port)
{
    char flag[32], value[16], ready[1300], log[1300];
    snprintf (flag, sizeof flag, "--%s-port", kind);
    snprintf (value, sizeof value, "%d", port);
    snprintf (ready, sizeof ready, "%s/ready-%s", dir, kind);
    snprintf (log, sizeof log, "%s/../sink-%s.log", dir, kind);
    remove (ready);
    mkdir (dir, 0755);
    pid_t pid = tu_spawn ((const char *[]) { "/usr/bin/python3", VP_SOURCE_DIR "/tests/ntf_smtp_sink.py",
                                             "--dir", dir, flag, value, NULL }, NULL, log);
    struct stat st;
    for (int i = 0; i < 500 && stat (ready, &st) != 0; i++)
        tu_sleep_ms (20);
    TU_CHECK (stat (ready, &st) == 0, "the %s sink did not start in 10 s (log: %s)", kind, log);
    return pid;
}

size_t
tu_pdf_bytes (const char *text, int pages, char **bytes)
{
    size_t size = 0;
    FILE *f = open_memstream (bytes, &size);
    long at[3 + 100];
    int n = pages < 1 ? 1 : pages > 100 ? 100 : pages;
    //  objects: 1 catalog, 2 pages, 3.. the pages
    fprintf (f, "%%PDF-1.4\n%% %s\n", text ? text : "");
    at[1] = ftell (f);
    fprintf (f, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
    at[2] = ftell (f);
    fprintf (f, "2 0 obj\n<< /Type /Pages /Kids [");
    for (int i = 0; i < n; i++)
        fprintf (f, "%s%d 0 R", i ? " " : "", 3 + i);
    fprintf (f, "] /Count %d >>\nendobj\n", n);
    for (int i = 0; i < n; i++) {
        at[3 + i] = ftell (f);
        fprintf (f, "%d 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n", 3 + i);
    }
    long xref = ftell (f);
    fprintf (f, "xref\n0 %d\n0000000000 65535 f \n", 3 + n);
    for (int i = 1; i < 3 + n; i++)
        fprintf (f, "%010ld 00000 n \n", at[i]);
    fprintf (f, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%ld\n%%%%EOF\n", 3 + n, xref);
    fclose (f);
    return size;
}

vp_val_t *
tu_pdf (const char *text, int pages)
{
    char *bytes = NULL;
    size_t size = tu_pdf_bytes (text, pages, &bytes);
    vp_val_t *v = vp_val_bin (bytes, size);
    free (bytes);
    return v;
}

char *
tu_output (const char *cmd)
{
    FILE *pipe = popen (cmd, "r");
    TU_CHECK (pipe, "cannot run %s", cmd);
    char *out = (char *) calloc (65537, 1);
    size_t n = fread (out, 1, 65536, pipe);
    out[n] = 0;
    int rc = pclose (pipe);
    TU_CHECK (rc == 0, "%s failed (%d):\n%.2000s", cmd, rc, out);
    return out;
}

void
tu_chain_set (int line, vp_cmdcli_t *cli, const char *tenant, const char *head, const char *body, const char *posts)
{
    vp_val_t *args = vp_val_map ();
    vp_map_put_str (args, "body", body);
    vp_val_t *list = vp_val_array ();
    for (const char *p = posts; *p; ) {
        size_t len = strcspn (p, ",");
        vp_array_push (list, vp_val_strn (p, len));
        p += len + (p[len] == ',');
    }
    vp_map_put (args, "posts", list);
    tu_drop (tu_ok_args (line, cli, tenant, head, "documents.outgoing.chain.set", args));
}
