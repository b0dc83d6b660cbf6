/*  doc_saved - saved searches (Decree 30 App. VI III.6.e): an officer keeps
    a search under a name, its parameters and the columns shown, and runs
    it again later. Each is the actor's own: another officer's is
    not_found, as if it were not there. Saving under a name the actor
    already used replaces that search (its id stays).

    documents.search.save {name, ...the search}  -> {saved, name}
    documents.search.list                         -> {searches: [...]}
    documents.search.delete {saved}
    documents.search.run {saved, limit?, offset?} -> documents.search's answer
*/
#include <string.h>
#include "doc_saved.h"
#include "vp/vp_fields.h"

//  A saved search belongs to an officer: a key acting as itself has none.
static int
s_need_officer (vp_cmdctx_t *ctx, vp_err_t *err)
{
    if (ctx->actor && *ctx->actor)
        return 0;
    return vp_err_set (err, VP_E_PERMISSION_DENIED, VP_K_ACTOR,
                       "tìm kiếm đã lưu là của từng cán bộ (a saved search needs an officer as actor)");
}

//  The search's parameters: args without name (and none of the page).
static vp_val_t *
s_params (const vp_val_t *args)
{
    vp_val_t *params = vp_val_dup (args);
    vp_map_drop (params, VP_K_NAME);
    return params;
}

static int
s_save_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    if (s_need_officer (ctx, err))
        return -1;
    vp_val_t *params = s_params (args);
    size_t size = 0;
    char *blob = vp_encode (params, &size);
    vp_val_destroy (&params);
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT INTO doc_saved_search (tenant, officer, name, search, saved_at) VALUES (?1, ?2, ?3, ?4, ?5)"
        " ON CONFLICT (tenant, officer, name) DO UPDATE SET search = excluded.search, saved_at = excluded.saved_at"
        " RETURNING saved", err);
    int rc = -1;
    if (stmt) {
        sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, ctx->actor, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 3, vp_map_str (args, VP_K_NAME), -1, SQLITE_STATIC);
        sqlite3_bind_blob (stmt, 4, blob, (int) size, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 5, vp_clock_now ());
        if (sqlite3_step (stmt) == SQLITE_ROW) {
            vp_map_put_int (result, VP_K_SAVED, sqlite3_column_int64 (stmt, 0));
            vp_map_put_str (result, VP_K_NAME, vp_map_str (args, VP_K_NAME));
            rc = 0;
        }
        else
            vp_db_error (self->db, err, "saved search");
        sqlite3_reset (stmt);
    }
    free (blob);
    return rc;
}

//  The map a blob holds, or NULL.
static vp_val_t *
s_decode (sqlite3_stmt *stmt, int column)
{
    vp_val_t *params = NULL;
    vp_err_t err = { 0 };
    vp_limits_t limits = vp_limits_default ();
    if (vp_decode (sqlite3_column_blob (stmt, column), (size_t) sqlite3_column_bytes (stmt, column), &limits,
                   &params, &err))
        return NULL;
    return params;
}

vp_val_t *
doc_saved_load (doc_service_t *self, vp_cmdctx_t *ctx, int64_t saved, char name[201], vp_err_t *err)
{
    if (s_need_officer (ctx, err))
        return NULL;
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT name, search FROM doc_saved_search WHERE saved = ?1 AND tenant = ?2 AND officer = ?3", err);
    if (!stmt)
        return NULL;
    sqlite3_bind_int64 (stmt, 1, saved);
    sqlite3_bind_text (stmt, 2, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, ctx->actor, -1, SQLITE_STATIC);
    vp_val_t *params = NULL;
    if (sqlite3_step (stmt) == SQLITE_ROW) {
        snprintf (name, 201, "%s", (const char *) sqlite3_column_text (stmt, 0));
        params = s_decode (stmt, 1);
    }
    sqlite3_reset (stmt);
    if (!params)
        vp_err_set (err, VP_E_NOT_FOUND, VP_K_SAVED, "không có tìm kiếm đã lưu số %lld (no saved search %lld)",
                    (long long) saved, (long long) saved);
    return params;
}

static int
s_list (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    (void) args;
    doc_service_t *self = (doc_service_t *) ctx->arg;
    if (s_need_officer (ctx, err))
        return -1;
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT saved, name, search, saved_at FROM doc_saved_search WHERE tenant = ?1 AND officer = ?2"
        " ORDER BY name, saved", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, ctx->actor, -1, SQLITE_STATIC);
    vp_val_t *list = vp_val_array ();
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        vp_val_t *params = s_decode (stmt, 2);
        if (!params)
            continue;
        vp_val_t *item = vp_val_map ();
        vp_map_put_int (item, VP_K_SAVED, sqlite3_column_int64 (stmt, 0));
        vp_map_put_str (item, VP_K_NAME, (const char *) sqlite3_column_text (stmt, 1));
        //  search is what was saved, fields in it only when columns were
        //  chosen: a page that reopens it must tell its own default columns
        //  from all of them, which fields (every column then) cannot.
        vp_map_put (item, VP_K_FIELDS, doc_search_fields_of (vp_map_get (params, VP_K_FIELDS)));
        vp_map_put (item, "search", params);
        vp_map_put_int (item, "saved_at", sqlite3_column_int64 (stmt, 3));
        vp_array_push (list, item);
    }
    sqlite3_reset (stmt);
    vp_map_put (result, "searches", list);
    return 0;
}

static int
s_delete_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    int64_t saved = vp_map_int (args, VP_K_SAVED, 0);
    char name[201];
    vp_val_t *params = doc_saved_load (self, ctx, saved, name, err);
    if (!params)
        return -1;
    vp_val_destroy (&params);
    sqlite3_stmt *stmt = vp_db_cached (self->db, "DELETE FROM doc_saved_search WHERE saved = ?1", err);
    if (!stmt)
        return -1;
    sqlite3_bind_int64 (stmt, 1, saved);
    int rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "saved search");
    sqlite3_reset (stmt);
    if (rc == 0) {
        vp_map_put_int (result, VP_K_SAVED, saved);
        vp_map_put_str (result, VP_K_NAME, name);
    }
    return rc;
}

static int
s_run (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    char name[201];
    vp_val_t *params = doc_saved_load (self, ctx, vp_map_int (args, VP_K_SAVED, 0), name, err);
    if (!params)
        return -1;
    if (vp_map_get (args, VP_K_LIMIT))
        vp_map_put_int (params, VP_K_LIMIT, vp_map_int (args, VP_K_LIMIT, 20));
    if (vp_map_get (args, VP_K_OFFSET))
        vp_map_put_int (params, VP_K_OFFSET, vp_map_int (args, VP_K_OFFSET, 0));
    int rc = doc_search_run (ctx, params, result, err);
    if (rc == 0) {
        doc_search_fields_keep (vp_map_get (params, VP_K_FIELDS), result);
        vp_map_put_int (result, VP_K_SAVED, vp_map_int (args, VP_K_SAVED, 0));
        vp_map_put_str (result, VP_K_NAME, name);
    }
    vp_val_destroy (&params);
    return rc;
}

static const vp_cmd_t s_commands[] = {
    { VP_C_DOCUMENTS_SEARCH_SAVE, s_save_tx, true, .changes = true },
    { VP_C_DOCUMENTS_SEARCH_LIST, s_list, true },
    { VP_C_DOCUMENTS_SEARCH_DELETE, s_delete_tx, true, .changes = true },
    { VP_C_DOCUMENTS_SEARCH_RUN, s_run, true },
    { NULL }
};

void
doc_saved_register (doc_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
