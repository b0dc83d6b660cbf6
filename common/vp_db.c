/*  vp_db - sqlite the way every service uses it. */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "vp/vp_db.h"
#include "vp/vp_log.h"

#define S_CACHED_MARK "/* vp_db_cached */ "

//  A hot path prepares the same few statements again and again with the
//  same SQL literal: remember (db, sql pointer) -> statement per thread, so
//  most calls skip the walk over every statement of the connection. One
//  statement per slot: the 64 a registration runs shared 256 slots in some
//  8 pairs, each pair walking in turn; 1,024 slots leave about 2.
#define S_FAST_SLOTS 1024

typedef struct {
    sqlite3 *db;
    const char *sql;
    sqlite3_stmt *stmt;
} s_fast_t;

static __thread s_fast_t s_fast[S_FAST_SLOTS];

static s_fast_t *
s_fast_slot (sqlite3 *db, const char *sql)
{
    uintptr_t h = ((uintptr_t) sql >> 3) ^ ((uintptr_t) db >> 4);
    return &s_fast[(h ^ (h >> 9)) % S_FAST_SLOTS];
}

static void
s_fast_forget (sqlite3 *db)
{
    for (int i = 0; i < S_FAST_SLOTS; i++)
        if (s_fast[i].db == db)
            memset (&s_fast[i], 0, sizeof s_fast[i]);
}

//  What a connection's owner writes once per transaction, just before
//  COMMIT (vp_db_before_commit), and does when one rolls back
//  (vp_db_on_rollback): a few connections per process.
#define S_HOOKS 16
typedef struct {
    sqlite3 *db;
    vp_db_hook_fn *fn;
    void *arg;
    vp_db_rollback_fn *rollback;
    void *rollback_arg;
} s_hook_t;

static s_hook_t s_hooks[S_HOOKS];
static pthread_mutex_t s_hooks_lock = PTHREAD_MUTEX_INITIALIZER;

//  The slot of db, else a free one (claimed for db), else NULL; under the lock.
static s_hook_t *
s_hook_slot (sqlite3 *db)
{
    s_hook_t *free_slot = NULL;
    for (int i = 0; i < S_HOOKS; i++) {
        if (s_hooks[i].db == db)
            return &s_hooks[i];
        if (!free_slot && !s_hooks[i].db)
            free_slot = &s_hooks[i];
    }
    if (free_slot)
        free_slot->db = db;
    return free_slot;
}

//  Set db's commit hook (commit) or its rollback hook, the other kept; a
//  slot with neither is free again. Taking one away never fails.
static int
s_hook_set (sqlite3 *db, bool commit, vp_db_hook_fn *fn, vp_db_rollback_fn *rollback, void *arg)
{
    pthread_mutex_lock (&s_hooks_lock);
    s_hook_t *hook = s_hook_slot (db);
    if (hook && commit) {
        hook->fn = fn;
        hook->arg = arg;
    }
    else
    if (hook) {
        hook->rollback = rollback;
        hook->rollback_arg = arg;
    }
    if (hook && !hook->fn && !hook->rollback)
        *hook = (s_hook_t) { 0 };
    pthread_mutex_unlock (&s_hooks_lock);
    bool setting = commit ? fn != NULL : rollback != NULL;
    return hook || !setting ? 0 : -1;
}

int
vp_db_before_commit (sqlite3 *db, vp_db_hook_fn *fn, void *arg)
{
    return s_hook_set (db, true, fn, NULL, arg);
}

//  A copy of db's hooks (none: all NULL), so that they run unlocked.
static s_hook_t
s_hook_of (sqlite3 *db)
{
    s_hook_t hook = { 0 };
    pthread_mutex_lock (&s_hooks_lock);
    for (int i = 0; i < S_HOOKS && !hook.db; i++)
        if (s_hooks[i].db == db)
            hook = s_hooks[i];
    pthread_mutex_unlock (&s_hooks_lock);
    return hook;
}

static void
s_rolled_back (void *arg)
{
    s_hook_t hook = s_hook_of ((sqlite3 *) arg);
    if (hook.rollback)
        hook.rollback (hook.rollback_arg);
}

int
vp_db_on_rollback (sqlite3 *db, vp_db_rollback_fn *fn, void *arg)
{
    if (s_hook_set (db, false, NULL, fn, arg))
        return -1;
    sqlite3_rollback_hook (db, fn ? s_rolled_back : NULL, db);
    return 0;
}

static int
s_hook_run (sqlite3 *db, vp_err_t *err)
{
    s_hook_t hook = s_hook_of (db);
    return hook.fn ? hook.fn (hook.arg, err) : 0;
}

static int
s_mkdirs (const char *dir)
{
    char path[1024];
    snprintf (path, sizeof path, "%s", dir);
    for (char *p = path + 1; *p; p++)
        if (*p == '/') {
            *p = 0;
            if (mkdir (path, 0750) && errno != EEXIST)
                return -1;
            *p = '/';
        }
    if (mkdir (path, 0750) && errno != EEXIST)
        return -1;
    return 0;
}

int
vp_db_error (sqlite3 *db, vp_err_t *err, const char *what)
{
    int rc = sqlite3_errcode (db);
    int primary = rc & 0xff;
    vp_code_t code = VP_E_INTERNAL;
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED || primary == SQLITE_FULL
    ||  primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN || primary == SQLITE_READONLY)
        code = VP_E_UNAVAILABLE;
    else
    if (primary == SQLITE_CONSTRAINT)
        code = VP_E_FAILED_PRECONDITION;
    return vp_err_set (err, code, "", "%s: %s", what, sqlite3_errmsg (db));
}

static void
s_configure (void)
{
    sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
}

sqlite3 *
vp_db_open (const char *dir, const char *name, vp_err_t *err)
{
    if (s_mkdirs (dir)) {
        vp_err_set (err, VP_E_UNAVAILABLE, "data-dir", "cannot create data folder \"%s\": %s",
                    dir, strerror (errno));
        return NULL;
    }
    char path[1200];
    snprintf (path, sizeof path, "%s/%s", dir, name);
    //  Without the memory statistics no sqlite3_malloc takes a mutex (2 %
    //  of a registration's CPU); nothing here reads them. Refused, and
    //  harmless, once sqlite has started.
    static pthread_once_t configured = PTHREAD_ONCE_INIT;
    pthread_once (&configured, s_configure);
    sqlite3 *db = NULL;
    if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                                   | SQLITE_OPEN_NOMUTEX, vp_walbuf_vfs ()) != SQLITE_OK) {
        vp_err_set (err, VP_E_UNAVAILABLE, "data-dir", "cannot open database \"%s\": %s",
                    path, db ? sqlite3_errmsg (db) : "out of memory");
        sqlite3_close (db);
        return NULL;
    }
    sqlite3_busy_timeout (db, 5000);
    sqlite3_extended_result_codes (db, 1);
    //  Pages read through a map of the file (up to 1 GiB), not a pread
    //  and a copy each: a search over a district's million documents
    //  spent most of its time copying pages from the kernel (bench-web).
    //  The WAL is copied back into the file every 8,000 pages (32 MB), not
    //  every 1,000: the few pages every registration changes (the ends of
    //  the indexes) are copied once per checkpoint, so a longer WAL copies
    //  each fewer times (bench-documents: 2.3 fewer writes a registration).
    if (vp_db_exec (db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                        "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; "
                        "PRAGMA mmap_size=1073741824; PRAGMA wal_autocheckpoint=8000;", err)) {
        sqlite3_close (db);
        return NULL;
    }
    return db;
}

void
vp_db_close (sqlite3 **db_p)
{
    if (*db_p) {
        s_fast_forget (*db_p);
        vp_db_before_commit (*db_p, NULL, NULL);
        vp_db_on_rollback (*db_p, NULL, NULL);
        //  Finalize the cache's statements only: others belong to their
        //  makers (a virtual table such as FTS5 finalizes its own).
        sqlite3_stmt *stmt = sqlite3_next_stmt (*db_p, NULL);
        while (stmt) {
            sqlite3_stmt *next = sqlite3_next_stmt (*db_p, stmt);
            if (strncmp (sqlite3_sql (stmt), S_CACHED_MARK, strlen (S_CACHED_MARK)) == 0)
                sqlite3_finalize (stmt);
            stmt = next;
        }
        sqlite3_close_v2 (*db_p);
        *db_p = NULL;
    }
}

int
vp_db_exec (sqlite3 *db, const char *sql, vp_err_t *err)
{
    char *msg = NULL;
    if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        vp_db_error (db, err, "sqlite");
        sqlite3_free (msg);
        return -1;
    }
    return 0;
}

//  The version of one owner's part of the schema (0: none yet), -1 on error.
static int
s_owner_version (sqlite3 *db, const char *owner, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_prepare (db, "SELECT version FROM vp_schema WHERE owner = ?1", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, owner, -1, SQLITE_STATIC);
    int version = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int (stmt, 0) : 0;
    sqlite3_finalize (stmt);
    return version;
}

//  vp_schema, made once. A database of the time when user_version was the
//  one version of a file is taken over by its first owner to migrate (the
//  service, whose migrations user_version counted); user_version is then
//  set past what such a program knows, so that it refuses the file
//  rather than half understand it.
static int
s_schema_table (sqlite3 *db, const char *owner, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_prepare (db, "SELECT count (*) FROM sqlite_master WHERE name = 'vp_schema'", err);
    if (!stmt)
        return -1;
    bool there = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) > 0;
    sqlite3_finalize (stmt);
    if (there)
        return 0;
    stmt = vp_db_prepare (db, "PRAGMA user_version", err);
    if (!stmt)
        return -1;
    int legacy = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int (stmt, 0) : 0;
    sqlite3_finalize (stmt);
    if (legacy >= VP_DB_BY_OWNER)
        return vp_err_set (err, VP_E_FAILED_PRECONDITION, "user_version",
                           "database schema version %d, but no vp_schema table: not a file of this program",
                           legacy);
    char sql[200];
    snprintf (sql, sizeof sql, "PRAGMA user_version=%d", VP_DB_BY_OWNER);
    if (vp_db_begin (db, err))
        return -1;
    if (vp_db_exec (db, "CREATE TABLE vp_schema (owner TEXT PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID",
                    err))
        goto fail;
    stmt = vp_db_prepare (db, "INSERT INTO vp_schema (owner, version) VALUES (?1, ?2)", err);
    if (!stmt)
        goto fail;
    sqlite3_bind_text (stmt, 1, owner, -1, SQLITE_STATIC);
    sqlite3_bind_int (stmt, 2, legacy);
    int rc = legacy > 0 ? sqlite3_step (stmt) : SQLITE_DONE;
    sqlite3_finalize (stmt);
    if (rc != SQLITE_DONE) {
        vp_db_error (db, err, "vp_schema");
        goto fail;
    }
    if (vp_db_exec (db, sql, err))
        goto fail;
    if (legacy > 0)
        vp_info ("schema: version %d of the file is now %s's", legacy, owner);
    return vp_db_commit (db, err);
fail:
    vp_db_rollback (db);
    return -1;
}

int
vp_db_migrate (sqlite3 *db, const char *owner, const char *const *migrations, vp_err_t *err)
{
    if (s_schema_table (db, owner, err))
        return -1;
    int version = s_owner_version (db, owner, err);
    if (version < 0)
        return -1;
    int known = 0;
    while (migrations[known])
        known++;
    if (version > known)
        return vp_err_set (err, VP_E_FAILED_PRECONDITION, "vp_schema",
                           "the %s schema of this database is version %d, newer than this program knows (%d)",
                           owner, version, known);
    for (int i = version; i < known; i++) {
        if (vp_db_begin (db, err))
            return -1;
        sqlite3_stmt *stmt = NULL;
        int rc = vp_db_exec (db, migrations[i], err);
        if (rc == 0) {
            stmt = vp_db_prepare (db, "INSERT INTO vp_schema (owner, version) VALUES (?1, ?2)"
                                      " ON CONFLICT (owner) DO UPDATE SET version = excluded.version", err);
            rc = stmt ? 0 : -1;
        }
        if (stmt) {
            sqlite3_bind_text (stmt, 1, owner, -1, SQLITE_STATIC);
            sqlite3_bind_int (stmt, 2, i + 1);
            if (sqlite3_step (stmt) != SQLITE_DONE)
                rc = vp_db_error (db, err, "vp_schema");
            sqlite3_finalize (stmt);
        }
        if (rc) {
            vp_db_rollback (db);
            vp_err_prefix (err, "migration");
            return -1;
        }
        if (vp_db_commit (db, err))
            return -1;
        vp_info ("schema of %s migrated to version %d", owner, i + 1);
    }
    return 0;
}

int
vp_db_run (sqlite3 *db, const char *sql, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (db, sql, err);
    if (!stmt)
        return -1;
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    return rc == SQLITE_DONE ? 0 : vp_db_error (db, err, "sqlite");
}

int
vp_db_begin (sqlite3 *db, vp_err_t *err)
{
    return vp_db_run (db, "BEGIN IMMEDIATE", err);
}

int
vp_db_commit (sqlite3 *db, vp_err_t *err)
{
    if (s_hook_run (db, err)) {
        vp_db_rollback (db);
        return -1;
    }
    if (vp_db_run (db, "COMMIT", NULL)) {
        vp_db_error (db, err, "commit");
        vp_db_rollback (db);
        return -1;
    }
    return 0;
}

//  sqlite refuses to change the safety level inside a transaction (the
//  pragma fails there and changes nothing), and a prepared PRAGMA acts
//  when it is prepared, not when it runs: parsed each time, between
//  transactions.
int
vp_db_synchronous (sqlite3 *db, bool full, vp_err_t *err)
{
    if (!sqlite3_get_autocommit (db))
        return vp_err_set (err, VP_E_INTERNAL, "", "synchronous: inside a transaction");
    return vp_db_exec (db, full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL", err);
}

void
vp_db_rollback (sqlite3 *db)
{
    if (!sqlite3_get_autocommit (db))
        sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
}

sqlite3_stmt *
vp_db_prepare (sqlite3 *db, const char *sql, vp_err_t *err)
{
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK) {
        vp_db_error (db, err, "prepare");
        return NULL;
    }
    return stmt;
}

//  Statements of the cache carry this mark in their text, so a statement a
//  caller prepared (and will finalize) with the same SQL is never taken.

static sqlite3_stmt *s_cached_walk (sqlite3 *db, const char *sql, vp_err_t *err);

sqlite3_stmt *
vp_db_cached (sqlite3 *db, const char *sql, vp_err_t *err)
{
    s_fast_t *fast = s_fast_slot (db, sql);
    //  The same pointer may hold other text (a buffer the caller reuses):
    //  one strcmp confirms it, instead of one per statement of db.
    if (fast->db == db && fast->sql == sql && !sqlite3_stmt_busy (fast->stmt)
    &&  strcmp (sqlite3_sql (fast->stmt) + strlen (S_CACHED_MARK), sql) == 0) {
        sqlite3_reset (fast->stmt);
        sqlite3_clear_bindings (fast->stmt);
        return fast->stmt;
    }
    sqlite3_stmt *found = s_cached_walk (db, sql, err);
    if (found && !sqlite3_stmt_busy (found))
        *fast = (s_fast_t) { db, sql, found };
    return found;
}

static sqlite3_stmt *
s_cached_walk (sqlite3 *db, const char *sql, vp_err_t *err)
{
    size_t mark = strlen (S_CACHED_MARK);
    for (sqlite3_stmt *stmt = sqlite3_next_stmt (db, NULL); stmt; stmt = sqlite3_next_stmt (db, stmt)) {
        const char *text = sqlite3_sql (stmt);
        if (!sqlite3_stmt_busy (stmt) && strncmp (text, S_CACHED_MARK, mark) == 0
        &&  strcmp (text + mark, sql) == 0) {
            sqlite3_reset (stmt);
            sqlite3_clear_bindings (stmt);
            return stmt;
        }
    }
    char *marked = sqlite3_mprintf ("%s%s", S_CACHED_MARK, sql);
    sqlite3_stmt *stmt = NULL;
    int rc = marked ? sqlite3_prepare_v3 (db, marked, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) : SQLITE_NOMEM;
    sqlite3_free (marked);
    if (rc != SQLITE_OK) {
        vp_db_error (db, err, "prepare");
        return NULL;
    }
    return stmt;
}

bool
vp_db_ok (sqlite3 *db)
{
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2 (db, "SELECT 1", -1, &stmt, NULL) != SQLITE_OK)
        return false;
    bool ok = sqlite3_step (stmt) == SQLITE_ROW;
    sqlite3_finalize (stmt);
    return ok;
}

vp_val_t *
vp_db_row (sqlite3_stmt *stmt)
{
    vp_val_t *row = vp_val_map ();
    for (int i = 0; i < sqlite3_column_count (stmt); i++) {
        const char *name = sqlite3_column_name (stmt, i);
        switch (sqlite3_column_type (stmt, i)) {
            case SQLITE_INTEGER: vp_map_put_int (row, name, sqlite3_column_int64 (stmt, i)); break;
            case SQLITE_FLOAT: vp_map_put (row, name, vp_val_float (sqlite3_column_double (stmt, i))); break;
            case SQLITE_TEXT: vp_map_put_str (row, name, (const char *) sqlite3_column_text (stmt, i)); break;
            default: break;
        }
    }
    return row;
}

vp_val_t *
vp_db_rows (sqlite3_stmt *stmt)
{
    vp_val_t *rows = vp_val_array ();
    while (sqlite3_step (stmt) == SQLITE_ROW)
        vp_array_push (rows, vp_db_row (stmt));
    sqlite3_reset (stmt);
    return rows;
}
