/*  vp_request - one effect and one reply per request id. */
#include <sodium.h>
#include <string.h>
#include "vp/vp_clock.h"
#include "vp/vp_codec.h"
#include "vp/vp_db.h"
#include "vp/vp_request.h"

#define S_DIGEST 32

int
vp_request_schema (sqlite3 *db, vp_err_t *err)
{
    //  IF NOT EXISTS: files made before vp_schema have it.
    static const char *const migrations[] = {
        "CREATE TABLE IF NOT EXISTS vp_request ("
        "  id TEXT PRIMARY KEY, cmd TEXT NOT NULL, digest BLOB NOT NULL, reply BLOB NOT NULL,"
        "  at INTEGER NOT NULL) WITHOUT ROWID;"
        "CREATE INDEX IF NOT EXISTS vp_request_at ON vp_request (at);",
        //  2: rows in the order they came (the id alone in an index). Kept
        //  by id, a reply of a kilobyte went into a random page, and the
        //  pages split: the table was a fifth of a registration's writes.
        "CREATE TABLE vp_request_2 ("
        "  n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, cmd TEXT NOT NULL, digest BLOB NOT NULL,"
        "  reply BLOB NOT NULL, at INTEGER NOT NULL);"
        "INSERT INTO vp_request_2 (id, cmd, digest, reply, at)"
        "  SELECT id, cmd, digest, reply, at FROM vp_request ORDER BY at, id;"
        "DROP TABLE vp_request;"
        "ALTER TABLE vp_request_2 RENAME TO vp_request;"
        "CREATE INDEX vp_request_at ON vp_request (at);",
        NULL
    };
    return vp_db_migrate (db, "vp_request", migrations, err);
}

//  What was asked, folded: the command, where, by whom, with what.
static void
s_digest (const vp_cmdctx_t *ctx, const vp_val_t *args, unsigned char out[S_DIGEST])
{
    crypto_generichash_state state;
    crypto_generichash_init (&state, NULL, 0, S_DIGEST);
    const char *const parts[] = { ctx->cmd, ctx->tenant, ctx->actor };
    for (int i = 0; i < 3; i++)
        crypto_generichash_update (&state, (const unsigned char *) (parts[i] ? parts[i] : ""),
                                   strlen (parts[i] ? parts[i] : "") + 1);
    size_t size = 0;
    char *encoded = args ? vp_encode (args, &size) : NULL;
    if (encoded)
        crypto_generichash_update (&state, (const unsigned char *) encoded, size);
    free (encoded);
    crypto_generichash_final (&state, out, S_DIGEST);
}

int
vp_request_done (sqlite3 *db, const vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    if (!ctx || !ctx->id || !*ctx->id)
        return 0;
    sqlite3_stmt *stmt = vp_db_cached (db, "SELECT cmd, digest, reply FROM vp_request WHERE id = ?1", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->id, -1, SQLITE_STATIC);
    int rc = 0;
    if (sqlite3_step (stmt) == SQLITE_ROW) {
        unsigned char digest[S_DIGEST];
        s_digest (ctx, args, digest);
        const void *kept = sqlite3_column_blob (stmt, 1);
        if (sqlite3_column_bytes (stmt, 1) != S_DIGEST || memcmp (kept, digest, S_DIGEST) != 0)
            rc = vp_err_set (err, VP_E_INVALID_ARGUMENT, "id",
                             "request id %s was used for another request (%s) already: a new request needs a new id",
                             ctx->id, (const char *) sqlite3_column_text (stmt, 0));
        else {
            vp_val_t *reply = NULL;
            vp_limits_t limits = vp_limits_default ();
            limits.max_frame = 256 * 1024 * 1024;
            limits.max_str = limits.max_frame;
            if (vp_decode (sqlite3_column_blob (stmt, 2), (size_t) sqlite3_column_bytes (stmt, 2), &limits,
                           &reply, err) == 0) {
                vp_map_put_all (result, reply);
                rc = 1;
            }
            else
                rc = -1;
            vp_val_destroy (&reply);
        }
    }
    sqlite3_reset (stmt);
    return rc;
}

int
vp_request_keep (sqlite3 *db, const vp_cmdctx_t *ctx, const vp_val_t *args, const vp_val_t *result, vp_err_t *err)
{
    if (!ctx || !ctx->id || !*ctx->id)
        return 0;
    unsigned char digest[S_DIGEST];
    s_digest (ctx, args, digest);
    size_t size = 0;
    char *reply = vp_encode (result, &size);
    sqlite3_stmt *stmt = vp_db_cached (db,
        "INSERT INTO vp_request (id, cmd, digest, reply, at) VALUES (?1, ?2, ?3, ?4, ?5)", err);
    if (!stmt) {
        free (reply);
        return -1;
    }
    sqlite3_bind_text (stmt, 1, ctx->id, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, ctx->cmd ? ctx->cmd : "", -1, SQLITE_STATIC);
    sqlite3_bind_blob (stmt, 3, digest, S_DIGEST, SQLITE_STATIC);
    sqlite3_bind_blob (stmt, 4, reply, (int) size, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 5, vp_clock_now ());
    int rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (db, err, "request");
    sqlite3_reset (stmt);
    free (reply);
    return rc;
}

int64_t
vp_request_prune (sqlite3 *db, int64_t before)
{
    sqlite3_stmt *stmt = vp_db_cached (db, "DELETE FROM vp_request WHERE at < ?1", NULL);
    if (!stmt)
        return 0;
    sqlite3_bind_int64 (stmt, 1, before);
    int64_t n = sqlite3_step (stmt) == SQLITE_DONE ? sqlite3_changes (db) : 0;
    sqlite3_reset (stmt);
    return n;
}
