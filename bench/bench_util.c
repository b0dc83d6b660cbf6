/*  bench_util - clock, events, ports, processes, keys, the bus, statistics. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
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

void
bench_say (const char *fmt, ...)
{
    va_list ap;
    va_start (ap, fmt);
    fprintf (stderr, "bench-bus: ");
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

int
bench_run (const char *const argv[], const char *log_path)
{
    pid_t pid = s_spawn (argv, NULL, log_path);
    if (pid < 0)
        return -1;
    int rc = s_wait (pid, 30000);
    if (rc == -2) {
        kill (pid, SIGKILL);
        s_wait (pid, 5000);
    }
    return rc;
}

int
bench_make_keys (const char *keygen, const char *keys_dir, const char *log_path)
{
    const char *keys[][2] = { { "bus", "service" }, { "probe", "service" }, { "bench", "operator" } };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *argv[] = { keygen, "--dir", keys_dir, "--role", keys[i][1], keys[i][0], NULL };
        int rc = bench_run (argv, log_path);
        if (rc != 0) {
            bench_say ("vp-keygen %s failed (exit %d); see %s", keys[i][0], rc, log_path);
            return -1;
        }
    }
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

int
bench_stop (pid_t pid, int timeout_ms)
{
    if (pid <= 0)
        return -1;
    kill (pid, SIGTERM);
    int rc = s_wait (pid, timeout_ms);
    if (rc == -2) {
        kill (pid, SIGKILL);
        rc = s_wait (pid, 5000);
    }
    return rc;
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
    bus->pid = s_spawn (argv, env, bus->log_path);
    if (bus->pid < 0) {
        bench_say ("cannot start %s: %s", bus_bin, strerror (errno));
        return -1;
    }

    vp_err_t err = { 0 };
    vp_keys_t *keys = vp_keys_load (keys_dir, "bench", &err);
    vp_cmdcli_t *cli = keys ? vp_cmdcli_new (bus->replay, keys, "bus", &err) : NULL;
    int64_t deadline = bench_now_ns () + 10 * (int64_t) 1000000000;
    int rc = -1;
    while (cli && bench_now_ns () < deadline && !bench_stopping ()) {
        int status = 0;
        if (waitpid (bus->pid, &status, WNOHANG) == bus->pid) {
            s_child_track (bus->pid, false);
            bus->pid = 0;
            snprintf (err.message, sizeof err.message, "vp-bus exited (status %d)", status);
            break;
        }
        vp_val_t *result = NULL;
        if (vp_cmdcli_call (cli, "health", NULL, NULL, NULL, 300, &result, &err) == 0) {
            rc = 0;
            vp_val_destroy (&result);
            break;
        }
    }
    vp_cmdcli_destroy (&cli);
    vp_keys_destroy (&keys);
    if (rc) {
        bench_say ("vp-bus did not become healthy: %s; see %s", err.message, bus->log_path);
        bench_bus_stop (bus);
    }
    return rc;
}

void
bench_bus_stop (bench_bus_t *bus)
{
    if (bus->pid <= 0)
        return;
    kill (bus->pid, SIGTERM);
    if (s_wait (bus->pid, 5000) == -2) {
        bench_say ("vp-bus did not stop within 5 s of SIGTERM; killing it");
        kill (bus->pid, SIGKILL);
        s_wait (bus->pid, 5000);
    }
    bus->pid = 0;
}

vp_val_t *
bench_bus_stats (const bench_bus_t *bus, const char *keys_dir)
{
    vp_err_t err = { 0 };
    vp_keys_t *keys = vp_keys_load (keys_dir, "bench", &err);
    vp_cmdcli_t *cli = keys ? vp_cmdcli_new (bus->replay, keys, "bus", &err) : NULL;
    vp_val_t *result = NULL;
    if (cli)
        vp_cmdcli_call (cli, "bus.stats", NULL, NULL, NULL, 2000, &result, &err);
    vp_cmdcli_destroy (&cli);
    vp_keys_destroy (&keys);
    return result;
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
