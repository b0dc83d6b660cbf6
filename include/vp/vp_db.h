/*  vp_db - sqlite the way every service uses it.

    WAL, synchronous=FULL (a commit survives a power cut), a busy timeout,
    foreign keys on, and schema migrations by owner: each owner of tables
    in a file (the service, the outbox, the consumer's cursors, the
    request log, the staffing read model...) lists its migrations once,
    in order, and vp_db_migrate applies those not applied yet, each in its
    own transaction, keeping the owner's version in vp_schema.
*/
#ifndef VP_DB_H_INCLUDED
#define VP_DB_H_INCLUDED

#include <sqlite3.h>
#include "vp_err.h"
#include "vp_val.h"

//  Open (creating folders and the file as needed) <dir>/<name>.
sqlite3 *vp_db_open (const char *dir, const char *name, vp_err_t *err);

//  The name of the VFS vp_db_open opens with: the default one, but with a
//  transaction's WAL frames written in one call (vp_walbuf.c); NULL when
//  it could not be made (the default is used then).
const char *vp_walbuf_vfs (void);
void vp_db_close (sqlite3 **db_p);

//  migrations: NULL-terminated; migrations[i] takes owner's version i to
//  i+1. A file made before vp_schema (one version, PRAGMA user_version)
//  is taken over by the first owner to migrate it.
int vp_db_migrate (sqlite3 *db, const char *owner, const char *const *migrations, vp_err_t *err);
//  user_version of every file with vp_schema: past any version a program
//  of the single-version time knows, which so refuses the file.
#define VP_DB_BY_OWNER 1000

int vp_db_exec (sqlite3 *db, const char *sql, vp_err_t *err);
//  One statement with neither parameters nor rows (BEGIN, SAVEPOINT x,
//  RELEASE x), prepared once and kept (vp_db_cached): for what runs at
//  every command, where vp_db_exec would parse it each time.
int vp_db_run (sqlite3 *db, const char *sql, vp_err_t *err);
//  BEGIN IMMEDIATE / COMMIT / ROLLBACK. A failed commit rolls back.
int vp_db_begin (sqlite3 *db, vp_err_t *err);
int vp_db_commit (sqlite3 *db, vp_err_t *err);
void vp_db_rollback (sqlite3 *db);
//  synchronous=FULL (a commit waits for the disk, the default) or NORMAL
//  (it does not: for transactions that may be lost in a power cut, never
//  half-written; a later durable commit makes them durable too). Between
//  transactions only: inside one it fails.
int vp_db_synchronous (sqlite3 *db, bool full, vp_err_t *err);
//  fn (arg, err) runs in every transaction vp_db_commit ends, just before
//  its COMMIT: for work a service queues and writes once per transaction
//  (a full-text index, which sqlite writes out again at every savepoint).
//  A failure rolls the whole transaction back. One per connection; NULL
//  takes it away (vp_db_close does). -1 when too many connections have one.
typedef int (vp_db_hook_fn) (void *arg, vp_err_t *err);
int vp_db_before_commit (sqlite3 *db, vp_db_hook_fn *fn, void *arg);
//  fn (arg) runs after any transaction of db rolls back (ROLLBACK, a
//  failed COMMIT; not ROLLBACK TO a savepoint): for what its owner keeps
//  in memory of what the transaction wrote. sqlite has one rollback hook a
//  connection and this is it: nothing else sets sqlite3_rollback_hook.
//  One per connection; NULL takes it away (vp_db_close does).
typedef void (vp_db_rollback_fn) (void *arg);
int vp_db_on_rollback (sqlite3 *db, vp_db_rollback_fn *fn, void *arg);

//  Prepare or fail with err. The caller finalizes.
sqlite3_stmt *vp_db_prepare (sqlite3 *db, const char *sql, vp_err_t *err);

//  A prepared statement kept in the connection: the first call with a
//  given SQL text prepares it, later calls find it again (reset, bindings
//  cleared). Do not finalize it; vp_db_close finalizes every statement.
sqlite3_stmt *vp_db_cached (sqlite3 *db, const char *sql, vp_err_t *err);

//  The current row as a map, column names as keys (integers and text;
//  NULL columns left out); and every remaining row as an array of such
//  maps (the statement is reset after).
vp_val_t *vp_db_row (sqlite3_stmt *stmt);
vp_val_t *vp_db_rows (sqlite3_stmt *stmt);

//  Map the last sqlite error to the design's codes: busy, locked, full
//  disk and I/O errors are `unavailable`, constraints `failed_precondition`,
//  anything else `internal`. Returns -1.
int vp_db_error (sqlite3 *db, vp_err_t *err, const char *what);

//  True when sqlite answers a trivial query.
bool vp_db_ok (sqlite3 *db);

#endif
