/*  doc_trail - who did what, with which key: the access trail (Decree 30
    App. VI 5.a, 6.l).

    Every step of a document's history names, besides the acting officer,
    the key that sent the command (principal), its role and, for the
    gateway, the session (doc_history_add fills them from the command
    being run). Every look at a document is kept apart in doc_access_log:
    documents.get notes "opened" itself; a reader notes "downloaded" and
    "printed" with documents.access.note. The office head of the commune
    and admins read it with documents.access_log.

    Its tables are a schema owner of their own ("doc_trail"), migrated
    after the service's.
*/
#include <string.h>
#include "doc_service.h"
#include "doc_access.h"
#include "vp/vp_fields.h"

static const char *const s_migrations[] = {
    //  1: the key behind each step; the looks at documents.
    "ALTER TABLE doc_history ADD COLUMN principal TEXT;"
    "ALTER TABLE doc_history ADD COLUMN role TEXT;"
    "ALTER TABLE doc_history ADD COLUMN session TEXT;"
    "CREATE TABLE doc_access_log ("
    "  tenant TEXT NOT NULL, document TEXT NOT NULL, at INTEGER NOT NULL, officer TEXT NOT NULL,"
    "  what TEXT NOT NULL, principal TEXT NOT NULL, role TEXT NOT NULL, session TEXT NOT NULL);"
    "CREATE INDEX doc_access_log_document ON doc_access_log (tenant, document, at);"
    "CREATE INDEX doc_access_log_officer ON doc_access_log (tenant, officer, at);",
    NULL
};

void
doc_trail_of (const vp_cmdctx_t *ctx, const char **principal, const char **role, const char **session)
{
    *principal = ctx && ctx->peer ? ctx->peer : "documents";
    *role = ctx && ctx->role ? ctx->role : "service";
    *session = ctx && ctx->session ? ctx->session : "";
}

int
doc_trail_note (doc_service_t *self, vp_cmdctx_t *ctx, const char *document, const char *what, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT INTO doc_access_log (tenant, document, at, officer, what, principal, role, session)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", err);
    if (!stmt)
        return -1;
    const char *principal, *role, *session;
    doc_trail_of (ctx, &principal, &role, &session);
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, document, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 3, vp_clock_now ());
    sqlite3_bind_text (stmt, 4, *ctx->actor ? ctx->actor : principal, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 5, what, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 6, principal, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 7, role, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 8, session, -1, SQLITE_STATIC);
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    return rc == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "access log");
}

//  {document, what}: in the change's transaction.
static int
s_note_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *document = vp_map_str (args, VP_K_DOCUMENT);
    //  Not seen (another tenant's, too secret, or none): not_found alike.
    vp_val_t *row = doc_access_load (self, ctx, document, err);
    if (!row)
        return -1;
    vp_val_destroy (&row);
    if (doc_trail_note (self, ctx, document, vp_map_str (args, VP_K_WHAT), err))
        return -1;
    vp_map_put_str (result, VP_K_DOCUMENT, document);
    vp_map_put_str (result, VP_K_WHAT, vp_map_str (args, VP_K_WHAT));
    vp_map_put_int (result, VP_K_AT, vp_clock_now ());
    return 0;
}

//  {document?, officer?, limit?} -> the looks, the latest first: the office
//  head's and admins' (a service too).
static int
s_log (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    bool itself = !ctx->peer || (ctx->role && (strcmp (ctx->role, "admin") == 0
                                           ||  (strcmp (ctx->role, "service") == 0 && !*ctx->actor)));
    if (!itself && !vp_staff_is_office_head (self->db, ctx->tenant, ctx->actor, vp_clock_now ()))
        return vp_err_set (err, VP_E_PERMISSION_DENIED, VP_K_ACTOR,
                           "documents.access_log is for the office head of %s and admins, not %s",
                           ctx->tenant, ctx->actor);
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT l.at, l.document, l.officer, " VP_STAFF_SQL_OFFICER_NAME ("l.officer") " AS officer_name,"
        " l.what, l.principal, l.role, l.session FROM doc_access_log l"
        " WHERE l.tenant = ?1 AND (?2 IS NULL OR l.document = ?2) AND (?3 IS NULL OR l.officer = ?3)"
        " ORDER BY l.at DESC, l.rowid DESC LIMIT ?4", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    if (vp_map_str (args, VP_K_DOCUMENT))
        sqlite3_bind_text (stmt, 2, vp_map_str (args, VP_K_DOCUMENT), -1, SQLITE_STATIC);
    if (vp_map_str (args, VP_K_OFFICER))
        sqlite3_bind_text (stmt, 3, vp_map_str (args, VP_K_OFFICER), -1, SQLITE_STATIC);
    int64_t limit = vp_map_int (args, VP_K_LIMIT, 100);
    sqlite3_bind_int64 (stmt, 4, limit > 0 ? limit : 100);
    vp_map_put (result, "accesses", vp_db_rows (stmt));
    return 0;
}

static const vp_cmd_t s_commands[] = {
    { VP_C_DOCUMENTS_ACCESS_NOTE, s_note_tx, true, VP_ACCESS_OFFICE, .changes = true },
    { VP_C_DOCUMENTS_ACCESS_LOG, s_log, true, VP_ACCESS_DIRECTORY },
    { NULL }
};

int
doc_trail_register (doc_service_t *self, vp_err_t *err)
{
    if (vp_db_migrate (self->db, "doc_trail", s_migrations, err))
        return -1;
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
    return 0;
}

int64_t
doc_trail_opens (doc_service_t *self, const char *tenant, const char *document)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT count (*) FROM doc_access_log WHERE tenant = ?1 AND document = ?2 AND what = 'opened'", NULL);
    if (!stmt)
        return 0;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, document, -1, SQLITE_STATIC);
    int64_t n = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
    sqlite3_reset (stmt);
    return n;
}
