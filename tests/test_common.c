/*  test_common - the shared pieces every service stands on: ids, the
    clock, configuration, sqlite, the proto tables and their reference
    page, logs.
*/
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include "vp/vp_text.h"
#include "testutil.h"

#ifndef VP_SOURCE_DIR
#   error "VP_SOURCE_DIR must name the source tree (tests/unit.cmake sets it)"
#endif

extern char **environ;

//  CHECK and CHECK_SOFT come from testutil.h. CHECK_SOFT is for bugs found
//  in libvp itself, and a stale docs/protocol.md: the test goes on past them, and
//  still exits 1.

//  2026-01-01T00:00:00.000Z
#define S_NEW_YEAR_2026 1767225600000LL

static int64_t
s_fixed_clock (void *arg)
{
    return *(int64_t *) arg;
}

static char *
s_read_file (const char *path, size_t *size)
{
    FILE *file = fopen (path, "rb");
    if (!file)
        return NULL;
    char *data = NULL;
    size_t len = 0;
    FILE *mem = open_memstream (&data, &len);
    char buf[4096];
    size_t n;
    while ((n = fread (buf, 1, sizeof buf, file)) > 0)
        fwrite (buf, 1, n, mem);
    fclose (file);
    fclose (mem);
    if (size)
        *size = len;
    return data;
}

static void
s_write_file (const char *path, const char *text)
{
    FILE *file = fopen (path, "w");
    TU_CHECK (file, "cannot write %s", path);
    fputs (text, file);
    fclose (file);
}

//  ---------------------------------------------------------------------

static void
s_test_ids (void)
{
    char prev[VP_ID_LEN + 1] = "";
    char id[VP_ID_LEN + 1];
    int64_t worst_skew = 0;
    for (int i = 0; i < 100000; i++) {
        int64_t before = vp_clock_now ();
        vp_id_new (id);
        int64_t after = vp_clock_now ();
        CHECK (vp_id_valid (id), "id %d \"%s\" is not valid", i, id);
        CHECK (strlen (id) == VP_ID_LEN, "id %d has %zu characters", i, strlen (id));
        CHECK (strcmp (prev, id) < 0, "id %d \"%s\" does not sort after \"%s\"", i, id, prev);
        int64_t at = vp_id_time (id);
        int64_t skew = at < before ? before - at : at > after ? at - after : 0;
        if (skew > worst_skew)
            worst_skew = skew;
        CHECK (skew <= 5, "id %d says %lld ms, the clock said %lld..%lld", i, (long long) at,
               (long long) before, (long long) after);
        memcpy (prev, id, sizeof id);
    }
    tu_ok ("100000 ids: all valid, strictly increasing as strings, their time within %lld ms of the clock",
           (long long) worst_skew);

    //  With a faked clock: ahead of the real one, then standing still,
    //  then going back; ids keep increasing and carry the faked time.
    int64_t fake = vp_clock_now () + 10LL * 24 * 3600 * 1000;
    vp_clock_set (s_fixed_clock, &fake);
    CHECK (vp_clock_now () == fake, "vp_clock_set not taken");
    for (int i = 0; i < 10000; i++) {
        if (i == 5000)
            fake -= 60000;          //  the clock steps back a minute
        vp_id_new (id);
        CHECK (strcmp (prev, id) < 0, "faked clock: id %d \"%s\" does not sort after \"%s\"", i, id, prev);
        memcpy (prev, id, sizeof id);
    }
    CHECK (vp_id_time (id) == fake + 60000, "ids made while the clock went back keep the last time");
    fake += 120000;
    vp_id_new (id);
    CHECK (strcmp (prev, id) < 0 && vp_id_time (id) == fake, "id after the clock moved on: time %lld, want %lld",
           (long long) vp_id_time (id), (long long) fake);
    vp_clock_set (NULL, NULL);
    tu_ok ("with a faked clock (standing still, then stepping back) ids still increase");

    //  The example of the ULID specification.
    CHECK (vp_id_valid ("01ARZ3NDEKTSV4RRFFQ69G5FAV"), "spec example refused");
    CHECK (vp_id_time ("01ARZ3NDEKTSV4RRFFQ69G5FAV") == 1469922850259LL, "spec example time %lld",
           (long long) vp_id_time ("01ARZ3NDEKTSV4RRFFQ69G5FAV"));
    const char *bad[] = {
        "", "01ARZ3NDEKTSV4RRFFQ69G5FA", "01ARZ3NDEKTSV4RRFFQ69G5FAVX", "81ARZ3NDEKTSV4RRFFQ69G5FAV",
        "01ARZ3NDEKTSV4RRFFQ69G5FAU", "01ARZ3NDEKTSV4RRFFQ69G5FAI", "01ARZ3NDEKTSV4RRFFQ69G5F-V", NULL
    };
    for (int i = 0; bad[i]; i++) {
        CHECK (!vp_id_valid (bad[i]), "\"%s\" taken as a ULID", bad[i]);
        CHECK (vp_id_time (bad[i]) == -1, "time of \"%s\"", bad[i]);
    }
    CHECK (!vp_id_valid (NULL), "NULL taken as a ULID");
    tu_ok ("vp_id_valid and vp_id_time follow the ULID specification");
}

static void
s_test_clock (void)
{
    //  The real clock, as time() sees it.
    int64_t real = vp_clock_now ();
    int64_t sys = (int64_t) time (NULL) * 1000;
    CHECK (real >= sys - 1000 && real <= sys + 2000, "vp_clock_now %lld, time() %lld", (long long) real, (long long) sys);

    int64_t fake = S_NEW_YEAR_2026;
    vp_clock_set (s_fixed_clock, &fake);
    CHECK (vp_clock_now () == S_NEW_YEAR_2026, "faked clock not used");
    fake += 1500;
    CHECK (vp_clock_now () == S_NEW_YEAR_2026 + 1500, "faked clock not followed");
    vp_clock_set (NULL, NULL);
    CHECK (vp_clock_now () >= real, "real clock not restored");

    //  Across processes: a file holding the time, read at each call.
    const char *dir = tu_tmpdir ("clock");
    char path[1024];
    snprintf (path, sizeof path, "%s/now", dir);
    s_write_file (path, "1767225600000\n");
    setenv ("VP_CLOCK_FILE", path, 1);
    CHECK (vp_clock_now () == S_NEW_YEAR_2026, "VP_CLOCK_FILE not read: %lld", (long long) vp_clock_now ());
    s_write_file (path, "1767225660000");
    CHECK (vp_clock_now () == S_NEW_YEAR_2026 + 60000, "rewritten VP_CLOCK_FILE not read");
    int64_t mono = vp_clock_mono ();
    CHECK (mono > 0 && vp_clock_mono () >= mono, "monotonic clock");
    s_write_file (path, "soon");
    CHECK (vp_clock_now () >= real, "a file without a number falls back to the real clock");
    unlink (path);
    CHECK (vp_clock_now () >= real, "a missing file falls back to the real clock");
    unsetenv ("VP_CLOCK_FILE");

    char iso[32];
    CHECK (strcmp (vp_clock_iso (S_NEW_YEAR_2026 + 5, iso, sizeof iso), "2026-01-01T00:00:00.005Z") == 0,
           "iso %s", iso);
    CHECK (strcmp (vp_clock_iso (0, iso, sizeof iso), "1970-01-01T00:00:00.000Z") == 0, "iso %s", iso);
    tu_ok ("vp_clock_set and VP_CLOCK_FILE fake the time; vp_clock_iso writes UTC");
}

//  Remove every VP_* variable, so the defaults are the design's.
static void
s_clear_vp_env (void)
{
    char names[64][64];
    int n = 0;
    for (char **e = environ; *e && n < 64; e++)
        if (strncmp (*e, "VP_", 3) == 0 && strncmp (*e, "VP_TEST_KEEP=", 13) != 0) {
            const char *eq = strchr (*e, '=');
            snprintf (names[n++], sizeof names[0], "%.*s", (int) (eq ? eq - *e : 63), *e);
        }
    for (int i = 0; i < n; i++)
        unsetenv (names[i]);
}

static int
s_load (vp_config_t *cfg, vp_option_t *extra, vp_err_t *err, ...)
{
    char *argv[32] = { "vp-test" };
    int argc = 1;
    va_list ap;
    va_start (ap, err);
    for (char *arg = va_arg (ap, char *); arg && argc < 31; arg = va_arg (ap, char *))
        argv[argc++] = arg;
    va_end (ap);
    vp_err_clear (err);
    return vp_config_load (cfg, "documents", argc, argv, extra, NULL, err);
}

static void
s_test_config (void)
{
    s_clear_vp_env ();
    vp_config_t cfg;
    vp_err_t err = { 0 };
    CHECK (s_load (&cfg, NULL, &err, NULL) == 0, "defaults refused: %s", err.message);
    CHECK (strcmp (cfg.data_dir, "./var") == 0, "data dir %s", cfg.data_dir);
    CHECK (strcmp (cfg.bus_ingest, "tcp://127.0.0.1:5560") == 0, "bus ingest %s", cfg.bus_ingest);
    CHECK (strcmp (cfg.bus_pub, "tcp://127.0.0.1:5561") == 0, "bus pub %s", cfg.bus_pub);
    CHECK (strcmp (cfg.bus_replay, "tcp://127.0.0.1:5562") == 0, "bus replay %s", cfg.bus_replay);
    CHECK (strcmp (cfg.documents_cmd, "tcp://127.0.0.1:5571") == 0, "documents %s", cfg.documents_cmd);
    CHECK (strcmp (cfg.calendar_cmd, "tcp://127.0.0.1:5572") == 0, "calendar %s", cfg.calendar_cmd);
    CHECK (strcmp (cfg.staffing_cmd, "tcp://127.0.0.1:5573") == 0, "staffing %s", cfg.staffing_cmd);
    CHECK (strcmp (cfg.notify_cmd, "tcp://127.0.0.1:5574") == 0, "notify %s", cfg.notify_cmd);
    CHECK (strcmp (cfg.tz, "Asia/Ho_Chi_Minh") == 0, "tz %s", cfg.tz);
    CHECK (strcmp (cfg.log_level, "info") == 0 && strcmp (cfg.log_format, "logfmt") == 0,
           "log %s %s", cfg.log_level, cfg.log_format);
    CHECK (cfg.keys_dir[0] == 0, "keys dir %s (default: no CURVE)", cfg.keys_dir);
    CHECK (strcmp (cfg.key_name, "documents") == 0, "key name %s (default: the service)", cfg.key_name);
    CHECK (cfg.max_frame == 1024 * 1024, "max frame %zu", cfg.max_frame);
    tu_ok ("configuration defaults are the design's (./var, 5560-5562, 5571-5574, Asia/Ho_Chi_Minh)");

    setenv ("VP_BUS_PUB", "tcp://bus:5561", 1);
    setenv ("VP_DATA_DIR", "/srv/vp", 1);
    setenv ("VP_TZ", "Asia/Bangkok", 1);
    setenv ("VP_MAX_FRAME", "65536", 1);
    CHECK (s_load (&cfg, NULL, &err, NULL) == 0, "env refused: %s", err.message);
    CHECK (strcmp (cfg.bus_pub, "tcp://bus:5561") == 0, "VP_BUS_PUB not taken: %s", cfg.bus_pub);
    CHECK (strcmp (cfg.data_dir, "/srv/vp") == 0, "VP_DATA_DIR not taken");
    CHECK (strcmp (cfg.tz, "Asia/Bangkok") == 0, "VP_TZ not taken");
    CHECK (cfg.max_frame == 65536, "VP_MAX_FRAME not taken");
    CHECK (strcmp (cfg.bus_ingest, "tcp://127.0.0.1:5560") == 0, "unset variable moved a default");

    CHECK (s_load (&cfg, NULL, &err, "--bus-pub", "tcp://127.0.0.1:7561", "--data-dir=var/flag",
                   "--max-frame", "2048", NULL) == 0, "flags refused: %s", err.message);
    CHECK (strcmp (cfg.bus_pub, "tcp://127.0.0.1:7561") == 0, "flag does not override env: %s", cfg.bus_pub);
    CHECK (strcmp (cfg.data_dir, "var/flag") == 0, "--name=value not taken: %s", cfg.data_dir);
    CHECK (cfg.max_frame == 2048, "--max-frame not taken");
    CHECK (strcmp (cfg.tz, "Asia/Bangkok") == 0, "env lost when flags are given");
    s_clear_vp_env ();
    tu_ok ("a variable overrides a default, a flag (--name value or --name=value) overrides a variable");

    CHECK (s_load (&cfg, NULL, &err, "--no-such-flag", "x", NULL) == -1, "unknown flag taken");
    CHECK (err.code == VP_E_INVALID_ARGUMENT && strcmp (err.field, "no-such-flag") == 0,
           "unknown flag: field \"%s\"", err.field);
    CHECK (strstr (err.message, "--no-such-flag"), "message does not name the flag: %s", err.message);

    CHECK (s_load (&cfg, NULL, &err, "--max-frame", "12", NULL) == -1, "--max-frame 12 taken");
    CHECK (strcmp (err.field, "max-frame") == 0, "field \"%s\"", err.field);
    CHECK (strstr (err.message, "max-frame") && strstr (err.message, "\"12\""), "message: %s", err.message);
    CHECK (s_load (&cfg, NULL, &err, "--max-frame=lots", NULL) == -1 && strstr (err.message, "\"lots\""),
           "--max-frame=lots: %s", err.message);
    setenv ("VP_MAX_FRAME", "12", 1);
    CHECK (s_load (&cfg, NULL, &err, NULL) == -1 && strcmp (err.field, "max-frame") == 0,
           "VP_MAX_FRAME=12 taken");
    unsetenv ("VP_MAX_FRAME");

    CHECK (s_load (&cfg, NULL, &err, "--bus-pub", NULL) == -1 && strcmp (err.field, "bus-pub") == 0
           && strstr (err.message, "needs a value"), "flag without a value: %s", err.message);
    CHECK (s_load (&cfg, NULL, &err, "positional", NULL) == -1 && strstr (err.message, "\"positional\""),
           "positional argument taken: %s", err.message);
    char long_value[400];
    memset (long_value, 'x', sizeof long_value - 1);
    long_value[sizeof long_value - 1] = 0;
    CHECK (s_load (&cfg, NULL, &err, "--bus-pub", long_value, NULL) == -1 && strcmp (err.field, "bus-pub") == 0,
           "endpoint of 399 bytes taken");
    tu_ok ("unknown flags and bad values are refused with err naming the option and the value");

    //  A service's own options follow the same rule.
    vp_option_t extra[] = {
        { "bus-pub-hwm", "10000", "messages queued per subscriber" },
        { "bus-batch-max", "4096", "most events in one commit" },
        { NULL }
    };
    setenv ("VP_BUS_BATCH_MAX", "64", 1);
    CHECK (s_load (&cfg, extra, &err, "--bus-pub-hwm=5", NULL) == 0, "extra refused: %s", err.message);
    CHECK (strcmp (vp_option (extra, "bus-pub-hwm"), "5") == 0, "extra flag not taken");
    CHECK (strcmp (vp_option (extra, "bus-batch-max"), "64") == 0, "extra variable not taken");
    CHECK (vp_option (extra, "nope") == NULL, "undeclared option found");
    unsetenv ("VP_BUS_BATCH_MAX");
    CHECK (s_load (&cfg, extra, &err, NULL) == 0 && strcmp (vp_option (extra, "bus-batch-max"), "4096") == 0,
           "extra default");

    int rest = 0;
    char *argv[] = { "vpctl", "--bus-pub", "tcp://127.0.0.1:9", "documents.register", "--x", NULL };
    CHECK (vp_config_load (&cfg, "vpctl", 5, argv, NULL, &rest, &err) == 0 && rest == 3,
           "positional arguments with rest: rc, rest %d", rest);
    tu_ok ("a service's own options and positional arguments (with rest) work the same way");
}

//  ---------------------------------------------------------------------

static const char *const s_migrations[] = {
    "CREATE TABLE officer (id TEXT PRIMARY KEY, name TEXT NOT NULL)",
    "CREATE TABLE post (officer TEXT NOT NULL REFERENCES officer (id), title TEXT)",
    "CREATE TABLE applied (migration INTEGER); INSERT INTO applied VALUES (3)",
    NULL
};

static int64_t
s_int (sqlite3 *db, const char *sql)
{
    sqlite3_stmt *stmt = NULL;
    int64_t value = -1;
    if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
        value = sqlite3_column_int64 (stmt, 0);
    sqlite3_finalize (stmt);
    return value;
}

//  The hook of s_test_db: rows of queued into hooked; a negative one fails.
static int
s_hook (void *arg, vp_err_t *err)
{
    sqlite3 *db = (sqlite3 *) arg;
    if (s_int (db, "SELECT count(*) FROM queued WHERE x < 0"))
        return vp_err_set (err, VP_E_INTERNAL, "", "the hook refused a negative row");
    return vp_db_exec (db, "INSERT INTO hooked SELECT x FROM queued; DELETE FROM queued", err);
}

//  write(2)-like calls of this process so far (/proc/self/io), -1 unknown.
static long long
s_write_calls (void)
{
    FILE *file = fopen ("/proc/self/io", "r");
    long long n = -1;
    char line[128];
    while (file && fgets (line, sizeof line, file))
        if (sscanf (line, "syscw: %lld", &n) == 1)
            break;
    if (file)
        fclose (file);
    return n;
}

static long long
s_count (sqlite3 *db, const char *sql)
{
    sqlite3_stmt *stmt = NULL;
    long long n = -1;
    if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
        n = sqlite3_column_int64 (stmt, 0);
    sqlite3_finalize (stmt);
    return n;
}

//  vp_walbuf: a transaction's frames reach the -wal file in a few calls,
//  and every committed one is there for another connection at once;
//  what a rolled-back transaction spilled never shows.
static void
s_test_walbuf (void)
{
    const char *dir = tu_tmpdir ("walbuf");
    vp_err_t err = { 0 };
    sqlite3 *db = vp_db_open (dir, "w.db", &err);
    CHECK (db, "open: %s", err.message);
    CHECK (vp_db_exec (db, "CREATE TABLE t (k INTEGER PRIMARY KEY, v BLOB); CREATE INDEX t_v ON t (v)", &err) == 0,
           "schema: %s", err.message);
    char path[1200];
    snprintf (path, sizeof path, "%s/w.db", dir);
    sqlite3 *reader = NULL;
    CHECK (sqlite3_open_v2 (path, &reader, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK, "reader");

    //  300 rows of 1,000 random bytes, the index spread over its pages.
    long long calls = s_write_calls ();
    CHECK (vp_db_begin (db, &err) == 0
           && vp_db_exec (db, "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)"
                              " INSERT INTO t (v) SELECT randomblob (1000) FROM n", &err) == 0
           && vp_db_commit (db, &err) == 0, "the rows: %s", err.message);
    calls = s_write_calls () - calls;
    char wal[1300];
    snprintf (wal, sizeof wal, "%s-wal", path);
    struct stat st;
    CHECK (stat (wal, &st) == 0, "no %s", wal);
    long long frames = ((long long) st.st_size - 32) / (4096 + 24);
    CHECK (s_count (reader, "SELECT count (*) FROM t") == 300
           && s_count (reader, "SELECT sum (length (v)) FROM t") == 300000,
           "another connection saw %lld rows after the commit", s_count (reader, "SELECT count (*) FROM t"));
    CHECK (calls > 0 && calls * 4 < frames, "%lld frames took %lld write calls (sqlite alone makes 2 a frame)",
           frames, calls);
    tu_ok ("vp_walbuf: %lld frames (the WAL after 300 rows) written in %lld calls; another connection reads all 300 at once",
           frames, calls);

    //  A transaction larger than the page cache spills frames before it
    //  ends, and reads them back; rolled back, they are never seen.
    CHECK (vp_db_exec (db, "PRAGMA cache_size = 20", &err) == 0, "cache");
    CHECK (vp_db_begin (db, &err) == 0
           && vp_db_exec (db, "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)"
                              " INSERT INTO t (v) SELECT randomblob (1000) FROM n", &err) == 0
           && s_count (db, "SELECT count (*) FROM t") == 2300, "the spilling transaction: %s", err.message);
    CHECK (vp_db_exec (db, "ROLLBACK", &err) == 0, "rollback");
    CHECK (vp_db_begin (db, &err) == 0
           && vp_db_exec (db, "INSERT INTO t (v) VALUES (randomblob (10)), (randomblob (10))", &err) == 0
           && vp_db_commit (db, &err) == 0, "after the rollback: %s", err.message);
    CHECK (s_count (reader, "SELECT count (*) FROM t") == 302 && s_count (db, "SELECT count (*) FROM t") == 302,
           "after a rolled-back spill: %lld rows seen, 302 written", s_count (reader, "SELECT count (*) FROM t"));
    CHECK (vp_db_begin (db, &err) == 0
           && vp_db_exec (db, "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)"
                              " INSERT INTO t (v) SELECT randomblob (1000) FROM n", &err) == 0
           && vp_db_commit (db, &err) == 0, "a spilling commit: %s", err.message);
    sqlite3_stmt *check = NULL;
    CHECK (sqlite3_prepare_v2 (reader, "PRAGMA integrity_check", -1, &check, NULL) == SQLITE_OK
           && sqlite3_step (check) == SQLITE_ROW && strcmp ((const char *) sqlite3_column_text (check, 0), "ok") == 0,
           "integrity: %s", check ? (const char *) sqlite3_column_text (check, 0) : "?");
    sqlite3_finalize (check);
    CHECK (s_count (reader, "SELECT count (*) FROM t") == 2302, "a spilling commit: %lld rows seen, 2302 written",
           s_count (reader, "SELECT count (*) FROM t"));
    sqlite3_close (reader);
    vp_db_close (&db);
    db = vp_db_open (dir, "w.db", &err);
    CHECK (db && s_count (db, "SELECT count (*) FROM t") == 2302, "reopened: %lld rows", db ? s_count (db, "SELECT count (*) FROM t") : -1);
    tu_ok ("vp_walbuf: a spilled transaction rolled back leaves nothing; one committed reads back whole (integrity ok), "
           "and again after reopening");

    //  A write of the gathered frames that fails (here: past the file size
    //  this process may write) fails the commit: nothing of it is seen,
    //  and the next commit, allowed again, is whole.
    struct rlimit old_limit, limit;
    CHECK (getrlimit (RLIMIT_FSIZE, &old_limit) == 0, "getrlimit");
    void (*old_handler) (int) = signal (SIGXFSZ, SIG_IGN);
    CHECK (vp_db_exec (db, "PRAGMA wal_checkpoint (TRUNCATE)", &err) == 0, "checkpoint: %s", err.message);
    limit = old_limit;
    limit.rlim_cur = 64 * 1024;         //  the WAL starts empty; 60 rows and their index are some 300 KB
    CHECK (setrlimit (RLIMIT_FSIZE, &limit) == 0, "setrlimit");
    memset (&err, 0, sizeof err);
    int failed = vp_db_begin (db, &err) == 0
              && vp_db_exec (db, "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60)"
                                 " INSERT INTO t (v) SELECT randomblob (1000) FROM n", &err) == 0
              && vp_db_commit (db, &err) == -1;
    char why[sizeof err.message];
    snprintf (why, sizeof why, "%s", err.message);
    if (!sqlite3_get_autocommit (db))
        sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
    setrlimit (RLIMIT_FSIZE, &old_limit);
    signal (SIGXFSZ, old_handler);
    CHECK (failed && err.code == VP_E_UNAVAILABLE, "a commit whose frames could not be written: code %d, %s", err.code, why);
    CHECK (s_count (db, "SELECT count (*) FROM t") == 2302, "after the failed commit: %lld rows",
           s_count (db, "SELECT count (*) FROM t"));
    CHECK (vp_db_begin (db, &err) == 0 && vp_db_exec (db, "INSERT INTO t (v) VALUES (randomblob (10))", &err) == 0
           && vp_db_commit (db, &err) == 0 && s_count (db, "SELECT count (*) FROM t") == 2303,
           "the next commit: %s", err.message);
    vp_db_close (&db);
    sqlite3 *check_db = NULL;
    CHECK (sqlite3_open_v2 (path, &check_db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK
           && s_count (check_db, "SELECT count (*) FROM t") == 2303, "reopened after the failure");
    CHECK (sqlite3_prepare_v2 (check_db, "PRAGMA integrity_check", -1, &check, NULL) == SQLITE_OK
           && sqlite3_step (check) == SQLITE_ROW && strcmp ((const char *) sqlite3_column_text (check, 0), "ok") == 0,
           "integrity after the failure");
    sqlite3_finalize (check);
    sqlite3_close (check_db);
    tu_ok ("vp_walbuf: frames that cannot be written fail the commit (%s); nothing of it is seen, the next one is whole",
           why);
}

static void
s_count_rollback (void *arg)
{
    (*(int *) arg)++;
}

static void
s_test_db (void)
{
    const char *base = tu_tmpdir ("db");
    char dir[1024];
    snprintf (dir, sizeof dir, "%s/var/documents", base);
    vp_err_t err = { 0 };
    sqlite3 *db = vp_db_open (dir, "documents.db", &err);
    CHECK (db, "open: %s", err.message);
    char path[1200];
    snprintf (path, sizeof path, "%s/documents.db", dir);
    struct stat st;
    CHECK (stat (path, &st) == 0 && S_ISREG (st.st_mode), "%s was not made", path);

    sqlite3_stmt *stmt = vp_db_prepare (db, "PRAGMA journal_mode", &err);
    CHECK (stmt && sqlite3_step (stmt) == SQLITE_ROW, "journal_mode");
    CHECK (strcmp ((const char *) sqlite3_column_text (stmt, 0), "wal") == 0, "journal_mode is %s",
           sqlite3_column_text (stmt, 0));
    sqlite3_finalize (stmt);
    CHECK (s_int (db, "PRAGMA synchronous") == 2, "synchronous is %lld, want 2 (FULL)",
           (long long) s_int (db, "PRAGMA synchronous"));
    CHECK (s_int (db, "PRAGMA foreign_keys") == 1, "foreign keys off");
    CHECK (vp_db_ok (db), "vp_db_ok");
    tu_ok ("vp_db_open makes folders and file; WAL, synchronous FULL, foreign keys on");

#define S_VERSION(owner) s_int (db, "SELECT version FROM vp_schema WHERE owner = '" owner "'")
    CHECK (vp_db_migrate (db, "test", s_migrations, &err) == 0, "migrate: %s", err.message);
    CHECK (S_VERSION ("test") == 3, "version %lld", (long long) S_VERSION ("test"));
    CHECK (vp_db_migrate (db, "test", s_migrations, &err) == 0, "second migrate: %s", err.message);
    CHECK (s_int (db, "SELECT count(*) FROM applied") == 1, "a migration ran twice");
    CHECK (S_VERSION ("test") == 3, "version moved");
    CHECK (s_int (db, "PRAGMA user_version") == VP_DB_BY_OWNER, "user_version %lld",
           (long long) s_int (db, "PRAGMA user_version"));
    tu_ok ("vp_db_migrate applies 3 migrations once (test at version 3 in vp_schema); a second call applies nothing");

    //  Another owner of tables in the same file has its own version.
    const char *const owned[] = { "CREATE TABLE other_owned (x INTEGER)", NULL };
    CHECK (vp_db_migrate (db, "other", owned, &err) == 0, "other owner: %s", err.message);
    CHECK (S_VERSION ("other") == 1 && S_VERSION ("test") == 3, "versions %lld and %lld",
           (long long) S_VERSION ("other"), (long long) S_VERSION ("test"));
    tu_ok ("a second owner in the same file migrates apart: other at 1, test still at 3");

    //  Foreign keys hold, and a constraint is failed_precondition.
    CHECK (vp_db_exec (db, "INSERT INTO post VALUES ('nobody', 'chủ tịch')", &err) == -1,
           "post of an unknown officer accepted");
    CHECK (err.code == VP_E_FAILED_PRECONDITION, "constraint gave %s", vp_code_name (err.code));

    //  A migration that fails leaves nothing behind.
    const char *const broken[] = {
        s_migrations[0], s_migrations[1], s_migrations[2],
        "CREATE TABLE half (x INTEGER); INSERT INTO nosuch VALUES (1)",
        NULL
    };
    CHECK (vp_db_migrate (db, "test", broken, &err) == -1, "broken migration applied");
    CHECK (strstr (err.message, "nosuch"), "message does not say what failed: %s", err.message);
    CHECK (strcmp (err.field, "migration") == 0, "field \"%s\"", err.field);
    CHECK (S_VERSION ("test") == 3, "version moved to %lld", (long long) S_VERSION ("test"));
    CHECK (s_int (db, "SELECT count(*) FROM sqlite_master WHERE name = 'half'") == 0,
           "the failed migration's table was kept");
    CHECK (sqlite3_get_autocommit (db), "a transaction was left open");
    tu_ok ("a failing migration rolls back and leaves test at version 3");

    //  A database from a newer program.
    CHECK (vp_db_exec (db, "UPDATE vp_schema SET version = 9 WHERE owner = 'test'", &err) == 0, "set version");
    CHECK (vp_db_migrate (db, "test", s_migrations, &err) == -1, "newer schema accepted");
    CHECK (err.code == VP_E_FAILED_PRECONDITION, "newer schema gave %s", vp_code_name (err.code));
    CHECK (strstr (err.message, "9") && strstr (err.message, "3") && strstr (err.message, "test"), "message: %s",
           err.message);
    CHECK (S_VERSION ("test") == 9, "version touched");
    CHECK (vp_db_exec (db, "UPDATE vp_schema SET version = 3 WHERE owner = 'test'", &err) == 0, "reset version");
    tu_ok ("a database whose test schema is newer (9) is refused with failed_precondition");

    //  A file of the single-version time: user_version 2, the tables of
    //  the first two migrations, no vp_schema. Its first owner takes the
    //  version over and gets the third migration only.
    {
        char legacy_path[1100];
        snprintf (legacy_path, sizeof legacy_path, "%s/legacy.db", dir);
        sqlite3 *old = NULL;
        CHECK (sqlite3_open (legacy_path, &old) == SQLITE_OK, "legacy open");
        CHECK (sqlite3_exec (old, s_migrations[0], NULL, NULL, NULL) == SQLITE_OK
               && sqlite3_exec (old, s_migrations[1], NULL, NULL, NULL) == SQLITE_OK
               && sqlite3_exec (old, "PRAGMA user_version=2", NULL, NULL, NULL) == SQLITE_OK, "legacy schema");
        sqlite3_close (old);
        sqlite3 *was = db;
        CHECK ((db = vp_db_open (dir, "legacy.db", &err)) != NULL, "legacy vp_db_open: %s", err.message);
        CHECK (vp_db_migrate (db, "test", s_migrations, &err) == 0, "legacy migrate: %s", err.message);
        CHECK (S_VERSION ("test") == 3 && s_int (db, "SELECT count(*) FROM applied") == 1
               && s_int (db, "PRAGMA user_version") == VP_DB_BY_OWNER,
               "legacy: version %lld, applied %lld, user_version %lld", (long long) S_VERSION ("test"),
               (long long) s_int (db, "SELECT count(*) FROM applied"), (long long) s_int (db, "PRAGMA user_version"));
        vp_db_close (&db);
        db = was;
        tu_ok ("a file of user_version 2 upgrades in place: its owner takes version 2 and runs migration 3 only");
    }

    //  The safety level between transactions only: inside one sqlite
    //  refuses the pragma, and vp_db_synchronous says so.
    CHECK (vp_db_synchronous (db, false, &err) == 0 && s_int (db, "PRAGMA synchronous") == 1,
           "synchronous NORMAL between transactions: %lld", (long long) s_int (db, "PRAGMA synchronous"));
    CHECK (vp_db_synchronous (db, true, &err) == 0 && s_int (db, "PRAGMA synchronous") == 2, "back to FULL");
    CHECK (vp_db_begin (db, &err) == 0, "begin: %s", err.message);
    memset (&err, 0, sizeof err);
    CHECK (vp_db_synchronous (db, false, &err) == -1 && err.code == VP_E_INTERNAL, "NORMAL inside a transaction");
    CHECK (vp_db_commit (db, &err) == 0 && s_int (db, "PRAGMA synchronous") == 2, "level changed in the transaction");
    tu_ok ("vp_db_synchronous: NORMAL and FULL between transactions; inside one it fails and nothing changes");

    //  What runs just before every vp_db_commit, and a failure of it.
    CHECK (vp_db_exec (db, "CREATE TABLE hooked (x INTEGER); CREATE TABLE queued (x INTEGER)", &err) == 0,
           "hook tables: %s", err.message);
    CHECK (vp_db_before_commit (db, s_hook, db) == 0, "hook");
    for (int round = 0; round < 2; round++) {
        CHECK (vp_db_begin (db, &err) == 0 && vp_db_exec (db, "INSERT INTO queued VALUES (1)", &err) == 0,
               "queue: %s", err.message);
        CHECK (vp_db_commit (db, &err) == 0, "commit with the hook: %s", err.message);
    }
    CHECK (s_int (db, "SELECT count(*) FROM hooked") == 2 && s_int (db, "SELECT count(*) FROM queued") == 0,
           "the hook moved %lld rows, %lld left", (long long) s_int (db, "SELECT count(*) FROM hooked"),
           (long long) s_int (db, "SELECT count(*) FROM queued"));
    CHECK (vp_db_begin (db, &err) == 0 && vp_db_exec (db, "INSERT INTO queued VALUES (-1)", &err) == 0, "queue");
    memset (&err, 0, sizeof err);
    CHECK (vp_db_commit (db, &err) == -1 && strstr (err.message, "refused"), "a failing hook committed: %s",
           err.message);
    CHECK (sqlite3_get_autocommit (db) && s_int (db, "SELECT count(*) FROM queued") == 0
           && s_int (db, "SELECT count(*) FROM hooked") == 2, "a failing hook left the transaction's rows");
    CHECK (vp_db_before_commit (db, NULL, NULL) == 0, "hook away");
    CHECK (vp_db_begin (db, &err) == 0 && vp_db_exec (db, "INSERT INTO queued VALUES (-1)", &err) == 0
           && vp_db_commit (db, &err) == 0 && s_int (db, "SELECT count(*) FROM queued") == 1, "hook still ran");
    tu_ok ("vp_db_before_commit: runs in each commit (2 of 2); its failure rolls the whole transaction back; NULL "
           "takes it away");

    //  What runs when a transaction rolls back: a ROLLBACK, a commit its
    //  hook refused; not a ROLLBACK TO, not a commit.
    int rolled = 0;
    CHECK (vp_db_exec (db, "DELETE FROM queued", &err) == 0, "queued emptied");
    CHECK (vp_db_on_rollback (db, s_count_rollback, &rolled) == 0, "on_rollback");
    CHECK (vp_db_before_commit (db, s_hook, db) == 0, "hook again");
    CHECK (vp_db_begin (db, &err) == 0 && vp_db_exec (db, "SAVEPOINT a; INSERT INTO queued VALUES (5);"
                                                          " ROLLBACK TO a; RELEASE a", &err) == 0
           && vp_db_commit (db, &err) == 0 && rolled == 0, "rolled back %d times by a savepoint and a commit", rolled);
    CHECK (vp_db_begin (db, &err) == 0 && vp_db_exec (db, "ROLLBACK", &err) == 0 && rolled == 1, "ROLLBACK: %d", rolled);
    CHECK (vp_db_begin (db, &err) == 0 && vp_db_exec (db, "INSERT INTO queued VALUES (-2)", &err) == 0
           && vp_db_commit (db, &err) == -1 && rolled == 2, "a refused commit: %d", rolled);
    CHECK (vp_db_on_rollback (db, NULL, NULL) == 0 && vp_db_before_commit (db, NULL, NULL) == 0, "hooks away");
    CHECK (vp_db_begin (db, &err) == 0 && vp_db_exec (db, "ROLLBACK", &err) == 0 && rolled == 2, "still ran: %d", rolled);
    tu_ok ("vp_db_on_rollback: runs after a ROLLBACK and a refused commit (2), not after ROLLBACK TO or a commit; "
           "NULL takes it away");

    //  Cached statements.
    sqlite3_stmt *a = vp_db_cached (db, "SELECT ?1", &err);
    CHECK (a, "cached: %s", err.message);
    sqlite3_bind_int (a, 1, 7);
    CHECK (sqlite3_step (a) == SQLITE_ROW && sqlite3_column_int (a, 0) == 7, "first use");
    CHECK (sqlite3_step (a) == SQLITE_DONE, "done");
    sqlite3_stmt *again = vp_db_cached (db, "SELECT ?1", &err);
    CHECK (again == a, "the same SQL gave another statement");
    CHECK (sqlite3_step (again) == SQLITE_ROW && sqlite3_column_type (again, 0) == SQLITE_NULL,
           "bindings were not cleared");
    sqlite3_stmt *other = vp_db_cached (db, "SELECT ?1 + 1", &err);
    CHECK (other && other != a, "other SQL gave the same statement");
    //  While one is in use (stepped, not done), a nested user gets its own.
    sqlite3_stmt *nested = vp_db_cached (db, "SELECT ?1", &err);
    CHECK (nested && nested != a, "a statement in use was handed out again");
    CHECK (vp_db_cached (db, "SELECT nonsense FROM", &err) == NULL && *err.message, "bad SQL cached");
    tu_ok ("vp_db_cached returns the same statement for the same SQL, reset and with bindings cleared");

    //  A statement the caller prepared (and will finalize) is not the cache's.
    sqlite3_stmt *mine = vp_db_prepare (db, "SELECT ?1 * 2", &err);
    sqlite3_bind_int (mine, 1, 21);
    sqlite3_stmt *cached = vp_db_cached (db, "SELECT ?1 * 2", &err);
    CHECK_SOFT (cached != mine, "vp_db_cached handed out a statement the caller made with vp_db_prepare "
                "(it clears the caller's bindings, and is left dangling when the caller finalizes it)");
    CHECK (sqlite3_step (mine) == SQLITE_ROW, "step");
    CHECK_SOFT (sqlite3_column_int (mine, 0) == 42, "the caller's binding was cleared by vp_db_cached: "
                "SELECT 21 * 2 gave %d", sqlite3_column_int (mine, 0));
    sqlite3_finalize (mine);
    tu_ok ("checked that vp_db_cached leaves the caller's own statements alone");
    vp_db_close (&db);
    CHECK (db == NULL, "vp_db_close did not NULL the pointer");

    //  A data folder that cannot be made.
    char blocked[1100];
    snprintf (blocked, sizeof blocked, "%s/documents.db/sub", dir);
    db = vp_db_open (blocked, "x.db", &err);
    CHECK (db == NULL && err.code == VP_E_UNAVAILABLE && strcmp (err.field, "data-dir") == 0
           && strstr (err.message, blocked), "unusable folder: %s", err.message);
    tu_ok ("a data folder that cannot be made is unavailable, naming the folder");
}

//  ---------------------------------------------------------------------

static void
s_check_text (const char *text, const char *what)
{
    CHECK (text && *text, "%s has no text", what);
    //  The reference page is a Markdown table: a '|' or a line break would break it.
    CHECK (!strchr (text, '|') && !strchr (text, '\n'), "%s: \"%s\" would break the table", what, text);
}

static void
s_test_proto_tables (void)
{
    const vp_msgdef_t *envelope = vp_proto_find ("envelope", VP_KIND_MESSAGE);
    CHECK (envelope, "no envelope");
    const char *const *streams = NULL;
    for (const vp_field_t *f = envelope->fields; f->name; f++)
        if (strcmp (f->name, "stream") == 0)
            streams = f->one_of;
    CHECK (streams, "envelope.stream has no list of streams");

    int modules = 0, defs = 0, fields = 0;
    for (const vp_proto_module_t *const *m = vp_proto_modules; *m; m++, modules++) {
        CHECK ((*m)->name && *(*m)->name, "module %d has no name", modules);
        CHECK ((*m)->doc && *(*m)->doc, "module %s has no doc", (*m)->name);
        for (const vp_proto_module_t *const *o = vp_proto_modules; o < m; o++)
            CHECK (strcmp ((*o)->name, (*m)->name) != 0, "module %s twice", (*m)->name);
        for (const vp_msgdef_t *const *d = (*m)->defs; *d; d++, defs++) {
            const vp_msgdef_t *def = *d;
            CHECK (def->name && *def->name, "a definition of module %s has no name", (*m)->name);
            char what[160];
            snprintf (what, sizeof what, "%s (module %s)", def->name, (*m)->name);
            s_check_text (def->doc, what);
            CHECK (def->kind >= VP_KIND_MESSAGE && def->kind <= VP_KIND_REPLY, "%s: kind %d", what, def->kind);
            CHECK (def->version >= 1, "%s: version %d", what, def->version);
            CHECK (def->fields, "%s: no field table", what);
            //  Unique per kind, across all modules: vp_proto_find finds this one.
            CHECK (vp_proto_find (def->name, def->kind) == def, "%s: another definition of the same name and kind", what);
            if (def->reply)
                CHECK (def->kind == VP_KIND_COMMAND && def->reply->kind == VP_KIND_REPLY,
                       "%s: result %s is not a reply of a command", what, def->reply->name);
            if (def->kind == VP_KIND_EVENT) {
                //  An event's type is <stream>.<event> of a stream the envelope allows.
                const char *dot = strchr (def->name, '.');
                bool allowed = false;
                for (const char *const *s = streams; dot && *s; s++)
                    allowed |= strlen (*s) == (size_t) (dot - def->name)
                               && strncmp (*s, def->name, (size_t) (dot - def->name)) == 0;
                CHECK (allowed && dot[1], "%s: not <stream>.<event> of a stream the envelope allows", what);
            }
            for (const vp_field_t *f = def->fields; f->name; f++, fields++) {
                char fwhat[240];
                snprintf (fwhat, sizeof fwhat, "%s.%s", what, f->name);
                CHECK (*f->name, "%s: a field without a name", what);
                s_check_text (f->doc, fwhat);
                CHECK (f->type >= VP_F_ANY && f->type <= VP_F_ARRAY, "%s: type %d", fwhat, f->type);
                CHECK (!f->max || f->min <= f->max, "%s: min %lld > max %lld", fwhat, (long long) f->min, (long long) f->max);
                CHECK (f->type != VP_F_ARRAY || !f->sub || f->item == VP_F_MAP,
                       "%s: an array of messages must have item type map", fwhat);
                if (f->one_of)
                    CHECK (f->one_of[0], "%s: empty list of allowed values", fwhat);
                for (const vp_field_t *g = def->fields; g < f; g++)
                    CHECK (strcmp (g->name, f->name) != 0, "%s: field twice", fwhat);
            }
        }
    }
    CHECK (modules >= 3 && defs >= 10, "only %d modules, %d definitions", modules, defs);
    CHECK (vp_proto_find ("bus.replay", VP_KIND_COMMAND), "bus.replay command missing");
    CHECK (vp_proto_find ("bus.replay", VP_KIND_EVENT) == NULL, "bus.replay found as an event");
    CHECK (vp_proto_find (NULL, VP_KIND_EVENT) == NULL, "NULL name found");
    tu_ok ("%d modules, %d definitions, %d fields: every one named and documented, names unique per kind",
           modules, defs, fields);
}

//  A file of the tree that vp-protodoc makes (docs/protocol.md,
//  include/vp/vp_fields.h) is exactly what the tables give now.
static void
s_made_matches (const char *name, void (*write) (FILE *), const char *option, const char *must_hold)
{
    char *made = NULL;
    size_t made_size = 0;
    FILE *mem = open_memstream (&made, &made_size);
    write (mem);
    fclose (mem);
    CHECK (made_size > 1000 && strstr (made, must_hold), "%s as made is nearly empty", name);

    char path[1024];
    snprintf (path, sizeof path, "%s/%s", VP_SOURCE_DIR, name);
    size_t size = 0;
    char *page = s_read_file (path, &size);
    char regenerate[512];
    snprintf (regenerate, sizeof regenerate, "regenerate it from the source folder with\n"
              "  cmake --build build --target vp-protodoc && build/services/protodoc/vp-protodoc %s %s", option, name);
    CHECK (page, "%s is missing; %s", name, regenerate);
    if (size != made_size || memcmp (page, made, size) != 0) {
        int line = 1;
        size_t at = 0;
        while (at < size && at < made_size && page[at] == made[at]) {
            if (page[at] == '\n')
                line++;
            at++;
        }
        CHECK_SOFT (false, "%s differs from the tables in proto/ from line %d on; %s", name, line, regenerate);
    }
    else
        tu_ok ("%s is exactly what vp-protodoc makes now (%zu bytes)", name, size);
    free (page);
    free (made);
}

static void
s_test_protocol_doc (void)
{
    s_made_matches ("docs/protocol.md", vp_proto_write_doc, "--out", "### `envelope` (message, v1)");
    s_made_matches ("include/vp/vp_fields.h", vp_proto_write_names, "--names", "#define VP_K_OFFICER \"officer\"");
}

//  ---------------------------------------------------------------------

//  Run vp_log calls with stderr going to a file; returns what was written.
typedef void (s_logger_fn) (void);

static char *
s_capture_stderr (const char *dir, s_logger_fn *fn)
{
    char path[1024];
    snprintf (path, sizeof path, "%s/stderr", dir);
    fflush (stderr);
    int saved = dup (2);
    int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    TU_CHECK (saved >= 0 && fd >= 0, "cannot redirect stderr to %s", path);
    dup2 (fd, 2);
    close (fd);
    fn ();
    fflush (stderr);
    dup2 (saved, 2);
    close (saved);
    char *text = s_read_file (path, NULL);
    TU_CHECK (text, "cannot read %s", path);
    return text;
}

static void
s_log_lines (void)
{
    vp_log (VP_LOG_INFO, "lam-son", "01JD0000000000000000000000", "văn bản đến số %d \"khẩn\"", 12);
    vp_debug ("not shown at level info");
    vp_log (VP_LOG_WARN, NULL, NULL, "no tenant=here");
    vp_log (VP_LOG_ERROR, "", "", "line\nbreak");
}

static void
s_test_log (void)
{
    const char *dir = tu_tmpdir ("log");
    int64_t fake = S_NEW_YEAR_2026;
    vp_clock_set (s_fixed_clock, &fake);

    CHECK (vp_log_init ("documents", "info", "logfmt") == 0, "init");
    char *text = s_capture_stderr (dir, s_log_lines);
    const char *want =
        "ts=2026-01-01T00:00:00.000Z level=info service=documents tenant=lam-son "
        "corr=01JD0000000000000000000000 msg=\"văn bản đến số 12 \\\"khẩn\\\"\"\n"
        "ts=2026-01-01T00:00:00.000Z level=warn service=documents msg=\"no tenant=here\"\n"
        "ts=2026-01-01T00:00:00.000Z level=error service=documents msg=\"line\\nbreak\"\n";
    CHECK (strcmp (text, want) == 0, "logfmt lines:\n%s\nwant:\n%s", text, want);
    free (text);
    tu_ok ("logfmt: one line per event with ts, level, service, tenant, corr, quoted msg; debug held back");

    CHECK (vp_log_init ("documents", "debug", "json") == 0, "init json");
    text = s_capture_stderr (dir, s_log_lines);
    want =
        "{\"ts\":\"2026-01-01T00:00:00.000Z\",\"level\":\"info\",\"service\":\"documents\",\"tenant\":\"lam-son\","
        "\"corr\":\"01JD0000000000000000000000\",\"msg\":\"văn bản đến số 12 \\\"khẩn\\\"\"}\n"
        "{\"ts\":\"2026-01-01T00:00:00.000Z\",\"level\":\"debug\",\"service\":\"documents\","
        "\"msg\":\"not shown at level info\"}\n"
        "{\"ts\":\"2026-01-01T00:00:00.000Z\",\"level\":\"warn\",\"service\":\"documents\","
        "\"msg\":\"no tenant=here\"}\n"
        "{\"ts\":\"2026-01-01T00:00:00.000Z\",\"level\":\"error\",\"service\":\"documents\","
        "\"msg\":\"line\\nbreak\"}\n";
    CHECK (strcmp (text, want) == 0, "JSON lines:\n%s\nwant:\n%s", text, want);
    free (text);
    tu_ok ("JSON: one object per line with the same fields, debug shown at level debug");

    CHECK (vp_log_init ("documents", "loud", "json") == -1, "unknown level taken");
    CHECK (vp_log_init ("documents", "info", "xml") == -1, "unknown format taken");
    CHECK (vp_log_init ("documents", "warn", "logfmt") == 0, "init warn");
    CHECK (!vp_log_enabled (VP_LOG_INFO) && vp_log_enabled (VP_LOG_WARN) && vp_log_enabled (VP_LOG_ERROR),
           "level warn");
    CHECK (vp_log_init ("vp", "info", "logfmt") == 0, "back to defaults");
    vp_clock_set (NULL, NULL);
    tu_ok ("unknown log levels and formats are refused");
}

static void
s_test_ratelimit (void)
{
    vp_ratelimit_t limit = VP_RATELIMIT_INIT (5);
    int suppressed = -1;
    for (int i = 0; i < 5; i++) {
        CHECK (vp_ratelimit_ok (&limit, &suppressed), "line %d of the burst held back", i);
        CHECK (suppressed == 0, "suppressed %d in the burst", suppressed);
    }
    for (int i = 0; i < 20; i++)
        CHECK (!vp_ratelimit_ok (&limit, &suppressed), "line %d after the burst let through", i);
    tu_sleep_ms (1050);
    CHECK (vp_ratelimit_ok (&limit, &suppressed), "held back a second later");
    CHECK (suppressed == 20, "says %d held back, want 20", suppressed);
    for (int i = 0; i < 4; i++)
        CHECK (vp_ratelimit_ok (&limit, &suppressed) && suppressed == 0, "second burst");
    CHECK (!vp_ratelimit_ok (&limit, NULL), "sixth line of the second second let through");
    tu_ok ("vp_ratelimit lets a burst of 5 through, holds back the rest, and says how many a second later");
}

//  ---------------------------------------------------------------------
//  Bugs found in libvp while writing these tests (CHECK_SOFT).

//  The addresses a draft may name for an outside agency, and those it may
//  not: a mail's SMTP path and headers are never split by one.
static void
s_test_email (void)
{
    static const char *const good[] = { "vanthu@sotnmt.thanhhoa.gov.vn", "a.b-c+d@x-y.example", "VT@UBND.VN", NULL };
    static const char *const bad[] = {
        "", "vanthu", "@x.vn", "vanthu@", "vanthu@localhost", "a@@x.vn", "a b@x.vn", "a@x .vn", "a@-x.vn",
        "a@x-.vn", "a@x..vn", ".a@x.vn", "a.@x.vn", "a..b@x.vn", "<a@x.vn>", "a@x.vn>\r\nBcc: c@d.vn",
        "thư@x.vn", "a@xã.vn", "a,b@x.vn", "a@x.vn.", NULL
    };
    for (int i = 0; good[i]; i++)
        CHECK (vp_text_is_email (good[i]), "\"%s\" is an address", good[i]);
    for (int i = 0; bad[i]; i++)
        CHECK (!vp_text_is_email (bad[i]), "\"%s\" is no address", bad[i]);
    CHECK (!vp_text_is_email (NULL), "NULL is no address");
    tu_ok ("e-mail addresses: %d taken, %d refused", 3, 20);
}

static void
s_test_known_bugs (void)
{
    //  A time before 1970 (a faked clock, a bad ts in a log line).
    char iso[32];
    vp_clock_iso (-1, iso, sizeof iso);
    CHECK_SOFT (strcmp (iso, "1969-12-31T23:59:59.999Z") == 0, "vp_clock_iso (-1) is \"%s\"", iso);

    //  A mistyped flag with no value after it is still an unknown flag.
    vp_config_t cfg;
    vp_err_t err = { 0 };
    s_clear_vp_env ();
    CHECK (s_load (&cfg, NULL, &err, "--verbose", NULL) == -1 && strcmp (err.field, "verbose") == 0,
           "--verbose taken");
    CHECK_SOFT (strstr (err.message, "unknown option"), "vp-bus --verbose says \"%s\"", err.message);
    tu_ok ("checked vp_clock_iso before 1970 and a mistyped last flag");
}

int
main (void)
{
    s_test_ids ();
    s_test_clock ();
    s_test_config ();
    s_test_db ();
    s_test_walbuf ();
    s_test_proto_tables ();
    s_test_protocol_doc ();
    s_test_log ();
    s_test_ratelimit ();
    s_test_email ();
    s_test_known_bugs ();
    printf ("test_common: %d checks, %d failed\n", tu_checks, tu_failed);
    return tu_failed ? 1 : 0;
}
