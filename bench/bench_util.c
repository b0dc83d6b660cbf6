/*  bench_util - clock, events, ports, processes, keys, the bus, statistics;
    the program (options, data folder, repeats) and its figures. */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <math.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "bench.h"

extern char **environ;

int64_t
bench_now_ns (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

double bench_ms (int64_t ns) { return (double) ns / 1e6; }
double bench_secs (int64_t ns) { return (double) ns / 1e9; }

//  The program's name, once bench_parse has it.
static const char *s_name;

void
bench_say (const char *fmt, ...)
{
    va_list ap;
    va_start (ap, fmt);
    fprintf (stderr, "%s: ", s_name ? s_name : program_invocation_short_name);
    vfprintf (stderr, fmt, ap);
    fprintf (stderr, "\n");
    va_end (ap);
}

bool bench_stopping (void) { return zsys_interrupted != 0; }


//  --------------------------------------------------------------------------
//  Events

static pthread_once_t s_pad_once = PTHREAD_ONCE_INIT;
static size_t s_pad_base;       //  note length for n = 0 (a one-byte integer)

static size_t
s_str_header (size_t len)
{
    return len < 32 ? 1 : len < 256 ? 2 : len < 65536 ? 3 : 5;
}

static size_t
s_int_size (int64_t n)
{
    return n < 128 ? 1 : n < 256 ? 2 : n < 65536 ? 3 : n < 4294967296LL ? 5 : 9;
}

static vp_val_t *
s_event (int64_t n, size_t note_len)
{
    char *note = (char *) malloc (note_len + 1);
    memset (note, 'x', note_len);
    note[note_len] = 0;
    vp_val_t *data = vp_val_map ();
    vp_map_put_int (data, "n", n);
    vp_map_put_str (data, "note", note);
    free (note);
    return vp_envelope_new ("probe", "probe.ping", "lam-son", "bench", NULL, data);
}

static void
s_pad_init (void)
{
    vp_val_t *env = s_event (0, 0);
    size_t size = 0;
    char *body = vp_encode (env, &size);
    free (body);
    vp_val_destroy (&env);
    //  size counts a one-byte header for the empty note; find the length
    //  whose header and bytes make up the rest.
    size_t rest = size < BENCH_EVENT_SIZE ? BENCH_EVENT_SIZE - (size - 1) : 1;
    for (size_t header = 1; header <= 5; header++)
        if (rest > header && s_str_header (rest - header) == header) {
            s_pad_base = rest - header;
            return;
        }
    s_pad_base = 0;
}

vp_val_t *
bench_event (int64_t n)
{
    pthread_once (&s_pad_once, s_pad_init);
    size_t extra = s_int_size (n) - 1;
    size_t len = s_pad_base > extra ? s_pad_base - extra : 0;
    //  Crossing a string-header size would be off by one; the padding is
    //  far from 32 or 256 for 300-byte events, so this stays exact.
    return s_event (n, len);
}

char *
bench_event_encoded (int64_t n, size_t *size)
{
    vp_val_t *env = bench_event (n);
    char *body = vp_encode (env, size);
    vp_val_destroy (&env);
    return body;
}


//  --------------------------------------------------------------------------
//  Ports and processes

static int
s_free_port (int *fd_out)
{
    int fd = socket (AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = 0 };
    addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (bind (fd, (struct sockaddr *) &addr, sizeof addr) || getsockname (fd, (struct sockaddr *) &addr, &len)) {
        close (fd);
        return -1;
    }
    *fd_out = fd;
    return ntohs (addr.sin_port);
}

void
bench_endpoint (char *buf, size_t size)
{
    int fd = -1;
    int port = s_free_port (&fd);
    snprintf (buf, size, "tcp://127.0.0.1:%d", port);
    if (fd >= 0)
        close (fd);
}

//  Children still running, stopped at exit whatever happens.
#define S_MAX_CHILDREN 16
static pid_t s_children[S_MAX_CHILDREN];

static void
s_children_stop (void)
{
    for (int i = 0; i < S_MAX_CHILDREN; i++)
        if (s_children[i] > 0) {
            kill (s_children[i], SIGKILL);
            waitpid (s_children[i], NULL, 0);
            s_children[i] = 0;
        }
}

static void
s_child_track (pid_t pid, bool add)
{
    static bool registered;
    if (!registered)
        registered = atexit (s_children_stop) == 0;
    for (int i = 0; i < S_MAX_CHILDREN; i++)
        if (add ? s_children[i] == 0 : s_children[i] == pid) {
            s_children[i] = add ? pid : 0;
            return;
        }
}

//  Start argv[0] with extra "NAME=VALUE" entries in its environment; its
//  stdout and stderr are appended to log_path. The environment is built
//  before fork: the child of a threaded process only calls exec.
static pid_t
s_spawn (const char *const argv[], const char *const env[], const char *log_path)
{
    int nenv = 0, nextra = 0;
    while (environ[nenv])
        nenv++;
    while (env && env[nextra])
        nextra++;
    char **envp = (char **) calloc ((size_t) (nenv + nextra + 1), sizeof (char *));
    int at = 0;
    for (int i = 0; i < nenv; i++) {
        bool replaced = false;
        for (int k = 0; k < nextra; k++) {
            size_t name_len = (size_t) (strchr (env[k], '=') - env[k]) + 1;
            if (strncmp (environ[i], env[k], name_len) == 0)
                replaced = true;
        }
        if (!replaced)
            envp[at++] = environ[i];
    }
    for (int k = 0; k < nextra; k++)
        envp[at++] = (char *) env[k];
    envp[at] = NULL;
    int fd = open (log_path ? log_path : "/dev/null", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    pid_t parent = getpid ();
    pid_t pid = fork ();
    if (pid == 0) {
        prctl (PR_SET_PDEATHSIG, SIGKILL);
        if (getppid () != parent)
            _exit (127);
        if (fd >= 0) {
            dup2 (fd, 1);
            dup2 (fd, 2);
        }
        execve (argv[0], (char *const *) argv, envp);
        _exit (127);
    }
    if (fd >= 0)
        close (fd);
    free (envp);
    if (pid > 0)
        s_child_track (pid, true);
    return pid;
}

static int
s_wait (pid_t pid, int timeout_ms)
{
    int64_t deadline = bench_now_ns () + (int64_t) timeout_ms * 1000000;
    while (true) {
        int status = 0;
        pid_t got = waitpid (pid, &status, WNOHANG);
        if (got == pid) {
            s_child_track (pid, false);
            return WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
        }
        if (got < 0 && errno != EINTR)
            return -1;
        if (bench_now_ns () > deadline)
            return -2;
        usleep (5000);
    }
}

//  Wait up to timeout_ms for pid to end, then SIGKILL it (saying so when
//  it is named); its exit status (128 + signal when a signal ended it), -1
//  when it could not be waited.
static int
s_reap (pid_t pid, int timeout_ms, const char *name)
{
    int rc = s_wait (pid, timeout_ms);
    if (rc == -2) {
        if (name)
            bench_say ("%s did not stop within %d s of SIGTERM; killing it", name, timeout_ms / 1000);
        kill (pid, SIGKILL);
        rc = s_wait (pid, 5000);
    }
    return rc;
}

int
bench_run (const char *const argv[], const char *log_path)
{
    pid_t pid = s_spawn (argv, NULL, log_path);
    return pid < 0 ? -1 : s_reap (pid, 30000, NULL);
}

int
bench_make_key (const char *keygen, const char *keys_dir, const char *log_path, const char *name,
                const char *role)
{
    const char *argv[] = { keygen, "--dir", keys_dir, "--role", role, name, NULL };
    int rc = bench_run (argv, log_path);
    if (rc != 0)
        bench_say ("vp-keygen %s failed (exit %d); see %s", name, rc, log_path);
    return rc ? -1 : 0;
}

int
bench_make_keys (const char *keygen, const char *keys_dir, const char *log_path)
{
    //  bench: the operator's (replay, stats, health); bench-web: a gateway
    //  acting for the officers of the scenario, as vp-web does.
    const char *keys[][2] = { { "bus", "service" }, { "probe", "service" }, { "bench", "operator" },
                              { "bench-web", "gateway" } };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (bench_make_key (keygen, keys_dir, log_path, keys[i][0], keys[i][1]))
            return -1;
    return 0;
}


pid_t
bench_spawn (const char *const argv[], const char *const env[], const char *log_path)
{
    return s_spawn (argv, env, log_path);
}

int
bench_exited (pid_t pid)
{
    int status = 0;
    if (pid <= 0 || waitpid (pid, &status, WNOHANG) != pid)
        return -1;
    s_child_track (pid, false);
    return WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
}

static int
s_stop (pid_t pid, int timeout_ms, const char *name)
{
    if (pid <= 0)
        return -1;
    kill (pid, SIGTERM);
    return s_reap (pid, timeout_ms, name);
}

int
bench_stop (pid_t pid, int timeout_ms)
{
    return s_stop (pid, timeout_ms, NULL);
}


//  --------------------------------------------------------------------------
//  Services

int
bench_client_open (bench_client_t *client, const char *keys_dir, const char *endpoint,
                   const char *server, vp_err_t *err)
{
    //  Office commands go as vp-web sends them: a gateway, in a session.
    bool bus = strcmp (server, "bus") == 0;
    client->keys = vp_keys_load (keys_dir, bus ? "bench" : "bench-web", err);
    client->cli = client->keys ? vp_cmdcli_new (endpoint, client->keys, server, err) : NULL;
    if (client->cli && !bus)
        vp_cmdcli_set_session (client->cli, "bench");
    return client->cli ? 0 : -1;
}

void
bench_client_close (bench_client_t *client)
{
    vp_cmdcli_destroy (&client->cli);
    vp_keys_destroy (&client->keys);
}

pid_t
bench_service_start (const char *const argv[], const char *const env[], const char *log_path,
                     const char *keys_dir, const char *endpoint, const char *server,
                     int timeout_ms, vp_val_t **health)
{
    const char *name = strrchr (argv[0], '/') ? strrchr (argv[0], '/') + 1 : argv[0];
    pid_t pid = s_spawn (argv, env, log_path);
    if (pid < 0) {
        bench_say ("cannot start %s: %s", argv[0], strerror (errno));
        return -1;
    }
    vp_err_t err = { 0 };
    bench_client_t client;
    bench_client_open (&client, keys_dir, endpoint, server, &err);
    int64_t deadline = bench_now_ns () + (int64_t) timeout_ms * 1000000;
    vp_val_t *result = NULL;
    while (client.cli && bench_now_ns () < deadline && !bench_stopping ()) {
        int status = bench_exited (pid);
        if (status >= 0) {
            pid = 0;
            snprintf (err.message, sizeof err.message, "%s exited (status %d)", name, status);
            break;
        }
        if (vp_cmdcli_call (client.cli, "health", NULL, NULL, NULL, 300, &result, &err) == 0)
            break;
    }
    bench_client_close (&client);
    if (!result) {
        bench_say ("%s did not become healthy: %s; see %s", name, err.message, log_path);
        bench_stop (pid, 5000);
        return -1;
    }
    if (health)
        *health = result;
    else
        vp_val_destroy (&result);
    return pid;
}


//  --------------------------------------------------------------------------
//  The bus

int
bench_bus_start (bench_bus_t *bus, const char *bus_bin, const char *data_dir, const char *keys_dir)
{
    memset (bus, 0, sizeof *bus);
    snprintf (bus->data_dir, sizeof bus->data_dir, "%s", data_dir);
    snprintf (bus->log_path, sizeof bus->log_path, "%s/bus.log", data_dir);
    if (zsys_dir_create ("%s", data_dir)) {
        bench_say ("cannot make %s: %s", data_dir, strerror (errno));
        return -1;
    }
    //  Hold all three ports at once so they differ.
    int fds[3], ports[3];
    for (int i = 0; i < 3; i++)
        ports[i] = s_free_port (&fds[i]);
    for (int i = 0; i < 3; i++)
        if (fds[i] >= 0)
            close (fds[i]);
    snprintf (bus->ingest, sizeof bus->ingest, "tcp://127.0.0.1:%d", ports[0]);
    snprintf (bus->pub, sizeof bus->pub, "tcp://127.0.0.1:%d", ports[1]);
    snprintf (bus->replay, sizeof bus->replay, "tcp://127.0.0.1:%d", ports[2]);

    char e_data[BENCH_PATH_MAX + 16], e_ingest[96], e_pub[96], e_replay[96], e_keys[BENCH_PATH_MAX + 16];
    snprintf (e_data, sizeof e_data, "VP_DATA_DIR=%s", data_dir);
    snprintf (e_ingest, sizeof e_ingest, "VP_BUS_INGEST=%s", bus->ingest);
    snprintf (e_pub, sizeof e_pub, "VP_BUS_PUB=%s", bus->pub);
    snprintf (e_replay, sizeof e_replay, "VP_BUS_REPLAY=%s", bus->replay);
    snprintf (e_keys, sizeof e_keys, "VP_KEYS_DIR=%s", keys_dir);
    const char *env[] = { e_data, e_ingest, e_pub, e_replay, e_keys, NULL };
    const char *argv[] = { bus_bin, NULL };
    bus->pid = bench_service_start (argv, env, bus->log_path, keys_dir, bus->replay, "bus", 10000, NULL);
    if (bus->pid < 0) {
        bus->pid = 0;
        return -1;
    }
    return 0;
}

void
bench_bus_stop (bench_bus_t *bus)
{
    s_stop (bus->pid, 5000, "vp-bus");
    bus->pid = 0;
}

vp_val_t *
bench_bus_stats (const bench_bus_t *bus, const char *keys_dir)
{
    vp_err_t err = { 0 };
    bench_client_t client;
    vp_val_t *result = NULL;
    if (bench_client_open (&client, keys_dir, bus->replay, "bus", &err) == 0)
        vp_cmdcli_call (client.cli, "bus.stats", NULL, NULL, NULL, 2000, &result, &err);
    bench_client_close (&client);
    return result;
}

int
bench_wait_applied (const bench_bus_t *bus, const char *keys_dir, const char *endpoint, const char *server,
                    const char *stream, int timeout_ms, int64_t *head)
{
    bench_client_t client;
    vp_err_t err = { 0 };
    if (bench_client_open (&client, keys_dir, endpoint, server, &err)) {
        bench_client_close (&client);
        return -1;
    }
    int rc = -1;
    int64_t deadline = bench_now_ns () + (int64_t) timeout_ms * 1000000;
    while (rc && bench_now_ns () < deadline && !bench_stopping ()) {
        vp_val_t *stats = bench_bus_stats (bus, keys_dir), *health = NULL;
        if (stats && vp_cmdcli_call (client.cli, "health", NULL, NULL, NULL, 5000, &health, &err) == 0) {
            int64_t at = vp_map_int (vp_map_get (stats, "heads"), stream, 0);
            int64_t cursor = vp_map_int (vp_map_get (vp_map_get (health, "cursors"), stream), "cursor", -1);
            if (at > 0 && cursor >= at) {
                if (head)
                    *head = at;
                rc = 0;
            }
        }
        vp_val_destroy (&stats);
        vp_val_destroy (&health);
        if (rc)
            usleep (50000);
    }
    bench_client_close (&client);
    return rc;
}


//  --------------------------------------------------------------------------
//  Statistics

static int
s_cmp_double (const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y ? 1 : 0;
}

double
bench_quantile (double *v, int n, double q)
{
    if (n <= 0)
        return NAN;
    qsort (v, (size_t) n, sizeof (double), s_cmp_double);
    int rank = (int) ceil (q * n);
    if (rank < 1)
        rank = 1;
    if (rank > n)
        rank = n;
    return v[rank - 1];
}

void
bench_percentiles (double *v, int n, double *p50, double *p99, double *max)
{
    *p50 = bench_quantile (v, n, 0.50);
    *p99 = bench_quantile (v, n, 0.99);
    if (max)
        *max = bench_quantile (v, n, 1.0);
}

double
bench_median (const double *v, int n)
{
    if (n <= 0)
        return NAN;
    double *copy = (double *) malloc (sizeof (double) * (size_t) n);
    memcpy (copy, v, sizeof (double) * (size_t) n);
    qsort (copy, (size_t) n, sizeof (double), s_cmp_double);
    double m = n % 2 ? copy[n / 2] : (copy[n / 2 - 1] + copy[n / 2]) / 2;
    free (copy);
    return m;
}


//  --------------------------------------------------------------------------
//  The program

//  The usage: the program's options, then bench_parse's own.
static void
s_usage (FILE *out, const char *name, const bench_opt_t *opts, size_t nopts, const bench_opt_t *own,
         size_t nown)
{
    fprintf (out, "usage: %s [options]\n", name);
    for (size_t i = 0; i < nopts + nown; i++) {
        const bench_opt_t *opt = i < nopts ? &opts[i] : &own[i - nopts];
        char head[64];
        snprintf (head, sizeof head, "%s%s%s", opt->name, opt->arg ? " " : "", opt->arg ? opt->arg : "");
        fprintf (out, "  %-21s %s\n", head, opt->help);
    }
}

static void
s_set (const bench_opt_t *opt, const char *value)
{
    switch (opt->type) {
        case BENCH_STR: snprintf ((char *) opt->field, opt->size, "%s", value); break;
        case BENCH_INT: *(int *) opt->field = atoi (value); break;
        case BENCH_INT64: *(int64_t *) opt->field = atoll (value); break;
        case BENCH_UINT64: *(uint64_t *) opt->field = strtoull (value, NULL, 10); break;
        case BENCH_DOUBLE: *(double *) opt->field = atof (value); break;
        case BENCH_FLAG: *(bool *) opt->field = true; break;
    }
}

int
bench_parse (bench_t *bench, const bench_opt_t *opts, size_t nopts, const char *quick_help,
             int argc, char **argv)
{
    s_name = bench->name;
    if (!*bench->command)
        snprintf (bench->command, sizeof bench->command, "%s", bench->name);
    const bench_opt_t own[] = {
        BENCH_OPT ("--quick", NULL, bench->quick, NULL, quick_help),
        BENCH_OPT ("--keep", NULL, bench->keep, NULL, "keep the data folder"),
        BENCH_OPT ("--markdown", "FILE", bench->markdown, NULL,
                   "also write the figures as a markdown section to FILE"),
        BENCH_OPT ("--command", "TEXT", bench->command, NULL, "the command line to cite in the markdown"),
    };
    size_t nown = sizeof own / sizeof own[0];
    for (int i = 1; i < argc; i++) {
        const char *name = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp (name, "--help") == 0 || strcmp (name, "-h") == 0) {
            s_usage (stdout, bench->name, opts, nopts, own, nown);
            exit (0);
        }
        const bench_opt_t *opt = NULL;
        for (size_t k = 0; k < nopts + nown && !opt; k++) {
            const bench_opt_t *o = k < nopts ? &opts[k] : &own[k - nopts];
            if (strcmp (name, o->name) == 0)
                opt = o;
        }
        if (opt && opt->field == &bench->quick)
            for (size_t k = 0; k < nopts; k++)
                if (opts[k].quick)
                    s_set (&opts[k], opts[k].quick);
        if (opt && opt->type == BENCH_FLAG) {
            s_set (opt, NULL);
            continue;
        }
        if (!value) {
            bench_say ("%s needs a value", name);
            return -1;
        }
        if (!opt) {
            bench_say ("unknown option %s", name);
            s_usage (stderr, bench->name, opts, nopts, own, nown);
            return -1;
        }
        s_set (opt, value);
        i++;
    }
    return 0;
}

//  The build folder this program runs from: <build>/bench/<name>.
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

int
bench_start (bench_t *bench, const char *dir_template, const char *why_empty)
{
    if (!*bench->bin)
        s_default_bin (bench->bin, sizeof bench->bin);
    vp_log_init ("bench", "warn", "logfmt");
    zsys_init ();
    zsys_set_linger (0);
    bench->start = bench_now_ns ();
    if (!*bench->dir) {
        zsys_dir_create ("var");
        snprintf (bench->dir, sizeof bench->dir, "%s", dir_template);
        if (!mkdtemp (bench->dir)) {
            bench_say ("cannot make a folder under ./var");
            return -1;
        }
        bench->made_dir = true;
    }
    else
    if (zsys_dir_create ("%s", bench->dir)) {
        bench_say ("cannot make %s", bench->dir);
        return -1;
    }
    else
    if (!s_dir_empty (bench->dir)) {
        bench_say ("%s is not empty: give a new or empty folder%s", bench->dir, why_empty);
        return -1;
    }
    snprintf (bench->keygen, sizeof bench->keygen, "%s/services/keygen/vp-keygen", bench->bin);
    snprintf (bench->keys_dir, sizeof bench->keys_dir, "%s/keys", bench->dir);
    snprintf (bench->log_path, sizeof bench->log_path, "%s/bench.log", bench->dir);
    return 0;
}

int
bench_bin_path (const bench_t *bench, const char *rel_path, char *path, size_t size)
{
    snprintf (path, size, "%s/%s", bench->bin, rel_path);
    if (access (path, X_OK) || access (bench->keygen, X_OK)) {
        bench_say ("%s or %s is missing: build them first (or give --bin)", path, bench->keygen);
        return -1;
    }
    return 0;
}

bool
bench_next_run (bench_t *bench, int run)
{
    int64_t now = bench_now_ns ();
    if (run > bench->runs || bench_stopping ())
        return false;
    double repeat_secs = run > 1 ? bench_secs (now - bench->repeat_start) : 0;
    if (run > 1 && bench_secs (now - bench->start) + repeat_secs > bench->budget_secs) {
        bench_say ("stopping after %d run%s: another would pass the %.0f s budget",
                   run - 1, run == 2 ? "" : "s", bench->budget_secs);
        return false;
    }
    bench->repeat_start = now;
    return true;
}

bool
bench_have_runs (const bench_t *bench, int runs_done)
{
    if (bench_stopping ()) {
        bench_say ("interrupted");
        return false;
    }
    return runs_done > 0;
}

static int
s_remove_entry (const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    return remove (path);
}

int
bench_end (const bench_t *bench, int status)
{
    if (bench->made_dir && !bench->keep)
        nftw (bench->dir, s_remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    else
    if (status == 2)
        bench_say ("logs are in %s", bench->dir);
    return status;
}


//  --------------------------------------------------------------------------
//  Figures

const char *
bench_num (char *buf, size_t size, double v)
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

const char *
bench_runs (char *buf, size_t size, const double *v, int n, int decimals)
{
    size_t at = 0;
    buf[0] = 0;
    for (int i = 0; i < n && at < size; i++) {
        char one[32];
        if (decimals)
            snprintf (one, sizeof one, "%.*f", decimals, v[i]);
        else
            bench_num (one, sizeof one, v[i]);
        at += (size_t) snprintf (buf + at, size - at, "%s%s", i ? " / " : "", one);
    }
    return buf;
}

const char *
bench_verdict (bool met)
{
    return met ? "met" : "MISSED";
}

void
bench_line (FILE *out, const bench_cols_t *cols, const char *name, const char *median,
            const char *runs, const char *target, const char *verdict)
{
    fprintf (out, "  %-*s %14s   %-*s %-*s %s\n", cols->name, name, median, cols->runs, runs,
             cols->target, target, verdict);
}

//  "AMD EPYC, 2 cores, Linux 6.1.0"
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

FILE *
bench_markdown_open (const bench_t *bench, const char *section, const char *skip)
{
    if (!*bench->markdown)
        return NULL;
    if (skip) {
        bench_say ("not writing %s: %s", bench->markdown, skip);
        return NULL;
    }
    FILE *out = fopen (bench->markdown, "w");
    if (!out) {
        bench_say ("cannot write %s", bench->markdown);
        return NULL;
    }
    char when[64], machine[512];
    time_t now = time (NULL);
    strftime (when, sizeof when, "%Y-%m-%d %H:%M UTC", gmtime (&now));
    s_machine (machine, sizeof machine);
    fprintf (out, "## %s (scripts/%s)\n\n", section, bench->name);
    fprintf (out, "Measured %s with `%s` on %s; data on the repository's disk.\n", when, bench->command, machine);
    return out;
}

void
bench_markdown_figures (FILE *out)
{
    fprintf (out, " The machine is shared and noisy: read the ratios to the references measured in the "
                  "same run rather than the absolute numbers.\n\n");
    fprintf (out, "| | figure | median | target | ratio to reference (same run) |\n|---|---|---|---|---|\n");
}

void
bench_markdown_close (FILE *out, const bench_t *bench)
{
    fprintf (out, " Run `scripts/%s` to measure again (`--update-docs` rewrites this section).\n", bench->name);
    fclose (out);
}

//  --------------------------------------------------------------------------
//  Random numbers (splitmix64)

static uint64_t s_rng;

void bench_seed (uint64_t seed) { s_rng = seed; }

uint64_t
bench_rand (void)
{
    uint64_t z = (s_rng += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

int64_t
bench_below (int64_t n)
{
    return n > 0 ? (int64_t) (bench_rand () % (uint64_t) n) : 0;
}

bool
bench_chance (double p)
{
    return (double) (bench_rand () >> 11) / 9007199254740992.0 < p;
}

int
bench_staff_event (sqlite3 *db, const char *tenant, const char *event, vp_val_t *data, vp_err_t *err)
{
    char type[64];
    snprintf (type, sizeof type, "staffing.%s", event);
    vp_val_t *env = vp_envelope_new ("staffing", type, tenant, "bench", NULL, data);
    int rc = vp_envelope_check (env, false, err) || vp_staff_apply (db, env, err) ? -1 : 0;
    if (rc)
        bench_say ("%s: %s", type, err->message);
    vp_val_destroy (&env);
    return rc;
}

void
bench_markdown_refs (FILE *out, const double *e2e, int runs, double commit_p50, double commit_p99)
{
    char rate[32], each[256];
    fprintf (out, "| (a) | durable events end to end (outbox → vp-bus → consumer, one row each) | %s events/s (%s) | | |\n",
             bench_num (rate, sizeof rate, bench_median (e2e, runs)), bench_runs (each, sizeof each, e2e, runs, 0));
    fprintf (out, "| (a) | sqlite one-row commit p50 / p99 | %.2f / %.2f ms | | |\n", commit_p50, commit_p99);
}

//  /proc/<pid>/<name> into buf (at most size - 1 bytes, ended), or -1.
static int
s_proc_read (pid_t pid, const char *name, char *buf, size_t size)
{
    char path[64];
    snprintf (path, sizeof path, "/proc/%d/%s", (int) pid, name);
    FILE *f = fopen (path, "r");
    if (!f)
        return -1;
    size_t n = fread (buf, 1, size - 1, f);
    fclose (f);
    buf[n] = 0;
    return 0;
}

int64_t
bench_write_calls (pid_t pid)
{
    char text[1024];
    long long n = -1;
    const char *at = s_proc_read (pid, "io", text, sizeof text) ? NULL : strstr (text, "syscw: ");
    if (!at || sscanf (at, "syscw: %lld", &n) != 1)
        return -1;
    return n;
}

double
bench_cpu_ms (pid_t pid)
{
    char line[1024];
    if (s_proc_read (pid, "stat", line, sizeof line))
        return -1;
    //  After the command's name in parentheses (which may hold spaces):
    //  state is field 3, utime 14 and stime 15.
    char *at = strrchr (line, ')');
    unsigned long long utime = 0, stime = 0;
    if (!at || sscanf (at + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime) != 2)
        return -1;
    return (double) (utime + stime) * 1000.0 / (double) sysconf (_SC_CLK_TCK);
}
