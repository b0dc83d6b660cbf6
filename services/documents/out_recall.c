/*  out_recall - recall (thu hồi, Decree 30 Appendix VI III.8).

    documents.outgoing.recall: the signer (whoever acts for the signing
    post) or the office head recalls an issued document with a reason.
    The sender's copy is frozen with its metadata (status `recalled`: no
    command changes it any more; III.8.a). The event names every delivery
    in the deployment; each receiving side destroys its incoming copy and
    its metadata — the register row, the attachments, the trail, the
    search terms (III.8.b) — and keeps the recall itself in its
    doc_out_inbox (who recalled what, when and why; III.8.c), then tells
    the sender (`destroyed`). documents.outgoing.received lists what
    arrived from the deployment and what was recalled.

    A replacement is a new draft naming `replaces`: once issued, the
    document it replaces says replaced_by (see out_issue).
*/
#include <string.h>
#include <unistd.h>
#include "doc_search.h"
#include "out.h"
#include "vp/vp_fields.h"

static int
s_recall_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *outgoing = vp_map_str (args, VP_K_OUTGOING);
    const char *reason = vp_map_str (args, VP_K_REASON);
    char folded[8];
    if (!*vp_text_fold (reason, folded, sizeof folded))
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_REASON, "lý do thu hồi \"%s\" không có chữ hay số", reason);
    vp_val_t *row = out_load (self, ctx->tenant, outgoing, err);
    if (!row)
        return -1;
    int rc = out_status_need (row, "issued", "thu hồi", err);
    char officer[VP_STAFF_ID_MAX];
    if (rc == 0 && strcmp (out_who (self, ctx->tenant, vp_map_str (row, "signer_post"), officer), ctx->actor) != 0
    &&  !vp_staff_is_office_head (self->db, ctx->tenant, ctx->actor, vp_clock_now ()))
        rc = vp_err_set (err, VP_E_PERMISSION_DENIED, VP_K_ACTOR,
                         "chỉ người ký (chức danh %s) hoặc Tổ trưởng Văn phòng thu hồi văn bản %s",
                         vp_map_str (row, "signer_post"), outgoing);
    int64_t now = vp_clock_now ();
    if (rc == 0) {
        sqlite3_stmt *stmt = vp_db_cached (self->db,
            "UPDATE doc_out SET status = 'recalled', recalled_at = ?3, recall_reason = ?4"
            " WHERE tenant = ?1 AND outgoing = ?2", err);
        rc = stmt ? 0 : -1;
        if (stmt) {
            sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
            sqlite3_bind_text (stmt, 2, outgoing, -1, SQLITE_STATIC);
            sqlite3_bind_int64 (stmt, 3, now);
            sqlite3_bind_text (stmt, 4, reason, -1, SQLITE_STATIC);
            rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "outgoing");
            sqlite3_reset (stmt);
        }
    }
    vp_val_t *deliveries = vp_val_array ();
    if (rc == 0) {
        sqlite3_stmt *stmt = vp_db_cached (self->db,
            "UPDATE doc_out_recipient SET status = 'recalling', at = ?3"
            " WHERE tenant = ?1 AND outgoing = ?2 AND delivery IS NOT NULL RETURNING delivery", err);
        rc = stmt ? 0 : -1;
        if (stmt) {
            sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
            sqlite3_bind_text (stmt, 2, outgoing, -1, SQLITE_STATIC);
            sqlite3_bind_int64 (stmt, 3, now);
            int step;
            while ((step = sqlite3_step (stmt)) == SQLITE_ROW)
                vp_array_push (deliveries, vp_val_str ((const char *) sqlite3_column_text (stmt, 0)));
            sqlite3_reset (stmt);
            if (step != SQLITE_DONE)
                rc = vp_db_error (self->db, err, "recipients");
        }
    }
    if (rc == 0) {
        char detail[2100];
        snprintf (detail, sizeof detail, "thu hồi: %s", reason);
        rc = out_trail (self, ctx, outgoing, "recalled", detail, err);
    }
    if (rc == 0) {
        vp_val_t *data = vp_val_map ();
        vp_map_put_str (data, VP_K_OUTGOING, outgoing);
        vp_map_put_str (data, VP_K_LABEL, vp_map_str (row, VP_K_LABEL));
        vp_map_put_str (data, VP_K_REASON, reason);
        //  What a recall notice to an agency e-mailed names (vp-notify).
        char issuer[420];
        vp_map_put_str (data, VP_K_ISSUER, out_issuer (self, ctx->tenant, vp_map_str (row, VP_K_BODY), issuer, sizeof issuer));
        vp_map_put_str (data, VP_K_SUMMARY, vp_map_str (row, VP_K_SUMMARY));
        if (vp_map_get (row, "issued_at"))
            vp_map_put_int (data, VP_K_DOC_DATE, vp_map_int (row, "issued_at", 0));
        vp_map_put (data, VP_K_DELIVERIES, vp_val_dup (deliveries));
        rc = doc_emit (self, ctx, ctx->tenant, "outgoing_recalled", data, err);
    }
    vp_val_destroy (&row);
    if (rc == 0) {
        vp_map_put_str (result, VP_K_OUTGOING, outgoing);
        vp_map_put_str (result, VP_K_STATUS, "recalled");
        vp_map_put_int (result, "recalled_at", now);
        vp_map_put (result, VP_K_DELIVERIES, deliveries);
    }
    else
        vp_val_destroy (&deliveries);
    return rc;
}

//  --------------------------------------------------------------------------
//  The receiving side: destroy the copy, keep the recall

static int
s_exec (doc_service_t *self, const char *sql, const char *tenant, const char *document, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db, sql, err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, document, -1, SQLITE_STATIC);
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    return rc == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "recall");
}

//  The attachments' files no other document holds.
static void
s_files_drop (doc_service_t *self, const char *tenant, const char *document)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT a.sha256 FROM doc_attachment a WHERE a.tenant = ?1 AND a.document = ?2"
        " AND NOT EXISTS (SELECT 1 FROM doc_attachment b WHERE b.sha256 = a.sha256"
        " AND NOT (b.tenant = ?1 AND b.document = ?2))", NULL);
    if (!stmt)
        return;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, document, -1, SQLITE_STATIC);
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        char path[VP_PATH_MAX + 100];
        snprintf (path, sizeof path, "%s/attachments/%s", self->cfg->data_dir,
                  (const char *) sqlite3_column_text (stmt, 0));
        unlink (path);
    }
    sqlite3_reset (stmt);
}

int
out_recalled (void *arg, const vp_val_t *env, const char *from_tenant, const vp_val_t *data, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) arg;
    vp_cmdctx_t event, *ctx = &event;
    doc_event_ctx (self, env, from_tenant, ctx);
    const vp_val_t *deliveries = vp_map_get (data, VP_K_DELIVERIES);
    for (size_t i = 0; i < vp_val_len (deliveries); i++) {
        const char *delivery = vp_val_get_str (vp_array_at (deliveries, i));
        sqlite3_stmt *stmt = vp_db_cached (self->db,
            "SELECT tenant, document FROM doc_out_inbox WHERE delivery = ?1 AND from_tenant = ?2"
            " AND recalled_at IS NULL", err);
        if (!stmt)
            return -1;
        sqlite3_bind_text (stmt, 1, delivery, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, from_tenant, -1, SQLITE_STATIC);
        vp_val_t *row = sqlite3_step (stmt) == SQLITE_ROW ? vp_db_row (stmt) : NULL;
        sqlite3_reset (stmt);
        if (!row)
            continue;           //  not arrived, or destroyed already
        char tenant[VP_STAFF_ID_MAX], document[VP_STAFF_ID_MAX];
        snprintf (tenant, sizeof tenant, "%s", vp_map_str (row, VP_K_TENANT));
        snprintf (document, sizeof document, "%s", vp_map_str (row, VP_K_DOCUMENT) ? vp_map_str (row, VP_K_DOCUMENT) : "");
        vp_val_destroy (&row);
        ctx->tenant = tenant;
        int rc = 0;
        if (*document) {
            s_files_drop (self, tenant, document);
            rc = doc_search_unindex (self, tenant, document, err)
              || s_exec (self, "DELETE FROM doc_attachment WHERE tenant = ?1 AND document = ?2", tenant, document, err)
              || s_exec (self, "DELETE FROM doc_history WHERE tenant = ?1 AND document = ?2", tenant, document, err)
              || s_exec (self, "DELETE FROM doc_filed WHERE tenant = ?1 AND document = ?2", tenant, document, err)
              || s_exec (self, "DELETE FROM doc_in_signature WHERE tenant = ?1 AND document = ?2", tenant, document, err)
              || s_exec (self, "DELETE FROM doc_document WHERE tenant = ?1 AND document = ?2", tenant, document, err);
        }
        stmt = rc ? NULL : vp_db_cached (self->db,
            "UPDATE doc_out_inbox SET status = 'destroyed', recall_reason = ?3, recalled_at = ?4"
            " WHERE tenant = ?1 AND delivery = ?2", err);
        if (!stmt)
            return -1;
        sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, delivery, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 3, vp_map_str (data, VP_K_REASON), -1, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 4, vp_clock_now ());
        rc = sqlite3_step (stmt);
        sqlite3_reset (stmt);
        if (rc != SQLITE_DONE)
            return vp_db_error (self->db, err, "inbox");
        if (*document) {
            vp_val_t *gone = vp_val_map ();
            vp_map_put_str (gone, VP_K_DOCUMENT, document);
            vp_map_put (gone, VP_K_REASON, vp_val_strf ("thu hồi văn bản %s của %s: %s", vp_map_str (data, VP_K_LABEL),
                                                     from_tenant, vp_map_str (data, VP_K_REASON)));
            if (doc_emit (self, ctx, tenant, "deleted", gone, err))
                return -1;
        }
        vp_val_t *receipt = vp_val_map ();
        vp_map_put_str (receipt, VP_K_DELIVERY, delivery);
        vp_map_put_str (receipt, VP_K_FROM_TENANT, from_tenant);
        vp_map_put_str (receipt, VP_K_OUTGOING, vp_map_str (data, VP_K_OUTGOING));
        vp_map_put_str (receipt, VP_K_STATUS, "destroyed");
        if (doc_emit (self, ctx, tenant, "outgoing_receipt", receipt, err))
            return -1;
    }
    return 0;
}

//  {}: what arrived here from the deployment, and the recalls kept.
static int
s_received (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT delivery, document, from_tenant, outgoing, label, status, at, recall_reason, recalled_at"
        " FROM doc_out_inbox WHERE tenant = ?1 ORDER BY at, delivery", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    vp_map_put (result, "received", vp_db_rows (stmt));
    return 0;
}

static const vp_cmd_t s_commands[] = {
    { VP_C_DOCUMENTS_OUTGOING_RECALL, s_recall_tx, true, .changes = true },
    { VP_C_DOCUMENTS_OUTGOING_RECEIVED, s_received, true },
    { NULL }
};

void
out_recall_register (doc_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
