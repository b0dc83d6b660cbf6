/*  doc_freeze - a set frozen against moving, editing or deleting
    (Decree 30, Appendix VI, IV.1.g).

    documents.freeze {documents?, dossiers?, reason}: by the office head,
    on an order (an inspection, a dispute), a set of documents, of
    dossiers, or both at once, until documents.unfreeze lifts it. The whole
    set or nothing: one member that cannot be frozen (not found, frozen
    already) refuses the order naming it, and nothing of it is frozen.

    doc_frozen_check is the one test every command that moves, edits or
    deletes a document asks: the document's own freeze, and (where the
    command would move it out) that of a dossier holding it.
*/
#include <string.h>
#include "doc_access.h"
#include "dos_dossier.h"
#include "vp/vp_fields.h"

int
doc_frozen_check (doc_service_t *self, const char *tenant, const char *document, const char *what,
                  bool dossiers_too, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT '', coalesce (frozen_reason, '') FROM doc_document"
        " WHERE tenant = ?1 AND document = ?2 AND frozen_at IS NOT NULL"
        " UNION ALL"
        " SELECT x.dossier, coalesce (x.frozen_reason, '') FROM doc_dossier_item i"
        " JOIN doc_dossier x ON x.tenant = i.tenant AND x.dossier = i.dossier"
        " WHERE ?3 AND i.tenant = ?1 AND i.document = ?2 AND x.frozen_at IS NOT NULL"
        " LIMIT 1", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, document, -1, SQLITE_STATIC);
    sqlite3_bind_int (stmt, 3, dossiers_too);
    int rc = 0;
    if (sqlite3_step (stmt) == SQLITE_ROW) {
        const char *dossier = (const char *) sqlite3_column_text (stmt, 0);
        const char *reason = (const char *) sqlite3_column_text (stmt, 1);
        if (*dossier)
            rc = vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_DOCUMENT,
                             "văn bản \"%s\" thuộc hồ sơ \"%s\" đang bị phong tỏa (%s): không được %s (frozen)",
                             document, dossier, reason, what);
        else
            rc = vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_DOCUMENT,
                             "văn bản \"%s\" đang bị phong tỏa (%s): không được %s (frozen)", document, reason, what);
    }
    sqlite3_reset (stmt);
    return rc;
}

//  One document frozen or its freeze lifted, on its trail and the bus.
static int
s_document (doc_service_t *self, vp_cmdctx_t *ctx, const char *document, bool frozen, const char *reason,
            size_t i, vp_err_t *err)
{
    char field[32];
    snprintf (field, sizeof field, "%s[%zu]", VP_K_DOCUMENTS, i);
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "UPDATE doc_document SET frozen_at = ?3, frozen_by = ?4, frozen_reason = ?5"
        " WHERE tenant = ?1 AND document = ?2 AND (frozen_at IS NULL) = ?6", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, document, -1, SQLITE_STATIC);
    if (frozen) {
        sqlite3_bind_int64 (stmt, 3, vp_clock_now ());
        sqlite3_bind_text (stmt, 4, ctx->actor, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 5, reason, -1, SQLITE_STATIC);
    }
    sqlite3_bind_int (stmt, 6, frozen);
    int step = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    if (step != SQLITE_DONE)
        return vp_db_error (self->db, err, field);
    if (sqlite3_changes (self->db) == 0) {
        vp_val_t *row = doc_access_row (self, ctx->tenant, document);
        bool exists = row != NULL;
        vp_val_destroy (&row);
        if (!exists)
            return vp_err_set (err, VP_E_NOT_FOUND, field, "xã \"%s\" không có văn bản \"%s\"", ctx->tenant, document);
        return vp_err_set (err, VP_E_FAILED_PRECONDITION, field, frozen ? "văn bản \"%s\" đã bị phong tỏa (frozen already)"
                                                                       : "văn bản \"%s\" không bị phong tỏa (not frozen)",
                           document);
    }
    if (doc_history_add (self, ctx->tenant, document, ctx->actor, frozen ? "frozen" : "unfrozen", reason, err))
        return -1;
    vp_val_t *data = vp_val_map ();
    vp_map_put_str (data, VP_K_DOCUMENT, document);
    vp_map_put_bool (data, VP_K_FROZEN, frozen);
    vp_map_put_str (data, VP_K_REASON, reason);
    return doc_emit (self, ctx, ctx->tenant, "frozen", data, err);
}

//  documents.freeze / unfreeze {documents?, dossiers?, reason}; every
//  member in the command's transaction, so that a refused one leaves the
//  set as it was.
static int
s_set_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    bool frozen = strcmp (ctx->cmd, VP_C_DOCUMENTS_FREEZE) == 0;
    const vp_val_t *documents = vp_map_get (args, VP_K_DOCUMENTS), *dossiers = vp_map_get (args, VP_K_DOSSIERS);
    const char *reason = vp_map_str (args, VP_K_REASON);
    if (doc_access_head (self, ctx, frozen ? "phong tỏa văn bản, hồ sơ" : "gỡ phong tỏa văn bản, hồ sơ", err))
        return -1;
    if (vp_val_len (documents) + vp_val_len (dossiers) == 0)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_DOCUMENTS,
                           "cần ít nhất một văn bản (documents) hoặc hồ sơ (dossiers) để %s", frozen ? "phong tỏa"
                                                                                                  : "gỡ phong tỏa");
    for (size_t i = 0; i < vp_val_len (documents); i++)
        if (s_document (self, ctx, vp_val_get_str (vp_array_at (documents, i)), frozen, reason, i, err))
            return -1;
    for (size_t i = 0; i < vp_val_len (dossiers); i++)
        if (dos_freeze (self, ctx, vp_val_get_str (vp_array_at (dossiers, i)), frozen, reason, err)) {
            snprintf (err->field, sizeof err->field, "dossiers[%zu]", i);     //  which member of the set
            return -1;
        }
    vp_map_put_int (result, VP_K_DOCUMENTS, (int64_t) vp_val_len (documents));
    vp_map_put_int (result, VP_K_DOSSIERS, (int64_t) vp_val_len (dossiers));
    vp_map_put_bool (result, VP_K_FROZEN, frozen);
    return 0;
}

static const vp_cmd_t s_commands[] = {
    { VP_C_DOCUMENTS_FREEZE, s_set_tx, true, .changes = true },
    { VP_C_DOCUMENTS_UNFREEZE, s_set_tx, true, .changes = true },
    { NULL }
};

void
doc_freeze_register (doc_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
