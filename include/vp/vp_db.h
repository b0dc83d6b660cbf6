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
//  COMMIT without waiting for the disk (synchronous=NORMAL for this one
//  commit): for a transaction that may be lost in a power cut, never
//  half-written; a later durable commit makes it durable too.
int vp_db_commit_relaxed (sqlite3 *db, vp_err_t *err);

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
