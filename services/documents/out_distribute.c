/*  out_distribute - an issued document goes to its receivers.

    To a body of the deployment (of the same commune or another), the
    sender emits documents.outgoing_delivered, one per receiving body,
    with a delivery id derived from the sender, the document and the
    receiver (so it is the same however often the event is applied). The
    service follows its own stream: applying the event registers the
    document in the receiver's intake (documents.register's rules: the
    book, the arrival number, routing, the deadline) once — the
    receiver's doc_out_inbox holds the delivery, and a delivery that is
    there is not registered again. The receiving side then tells the
    sender how it stands there (documents.outgoing_receipt: registered,
    then each status of the receiver's document: assigned, in_progress,
    done...), which the sender's side applies to its list of receivers
    (III.1.e, k, o).

    To an outside agency (an e-mail address) the sender emits
    documents.outgoing_mail, one per address, with a delivery id derived
    the same way (from the address): vp-notify sends the agency one
    e-mail with the signed PDF and its signature attached, fetched with
    documents.outgoing.file (out_mail), and reports how it went; the
    receiver stays `email_pending` until then.
*/
#include <string.h>
#include "doc_access.h"
#include "out.h"
#include "vp/vp_fields.h"

//  "dl-" and 40 hex digits of the sha256 of sender, document and receiver.
static void
s_delivery_id (const char *tenant, const char *outgoing, const char *to_tenant, const char *to_body,
               char id[VP_STAFF_ID_MAX])
{
    char key[400], hex[65];
    snprintf (key, sizeof key, "%s/%s/%s/%s", tenant, outgoing, to_tenant, to_body);
    vp_sha256_hex (key, strlen (key), hex);
    snprintf (id, VP_STAFF_ID_MAX, "dl-%.40s", hex);
}

const char *
out_issuer (doc_service_t *self, const char *tenant, const char *body, char *buf, size_t size)
{
    char body_name[201], tenant_name[201];
    if (!vp_staff_body (self->db, tenant, body, body_name, sizeof body_name, NULL, 0))
        body_name[0] = 0;
    vp_staff_tenant_name (self->db, tenant, NULL, tenant_name, sizeof tenant_name);
    snprintf (buf, size, "%s xã %s", body_name, tenant_name);
    return buf;
}

//  "Chủ tịch UBND Lê Văn Mẫu Ba": the signer as a letter names them.
static void
s_signer (doc_service_t *self, const char *tenant, const vp_val_t *row, char *buf, size_t size)
{
    char title[201], name[201];
    vp_staff_post_title (self->db, tenant, vp_map_str (row, "signer_post"), NULL, title, sizeof title);
    vp_staff_officer_name (self->db, vp_map_str (row, VP_K_SIGNER), NULL, name, sizeof name);
    snprintf (buf, size, "%s%s%s", title, *title && *name ? " " : "", name);
}

//  documents.outgoing_mail for the agency at address (receiver r).
static int
s_mail (doc_service_t *self, vp_cmdctx_t *ctx, const vp_val_t *row, const vp_val_t *r, const char *delivery,
        const char *issuer, const char *sha, vp_err_t *err)
{
    const char *outgoing = vp_map_str (row, VP_K_OUTGOING);
    char file_name[200], signer[420];
    snprintf (file_name, sizeof file_name, "%s.pdf", outgoing);
    s_signer (self, ctx->tenant, row, signer, sizeof signer);
    vp_val_t *data = vp_val_map ();
    vp_map_put_str (data, VP_K_DELIVERY, delivery);
    vp_map_put_str (data, VP_K_OUTGOING, outgoing);
    vp_map_put_str (data, VP_K_EMAIL, vp_map_str (r, VP_K_EMAIL));
    if (vp_map_str (r, VP_K_NAME))
        vp_map_put_str (data, VP_K_NAME, vp_map_str (r, VP_K_NAME));
    vp_map_put_str (data, VP_K_ISSUER, issuer);
    vp_map_put_str (data, VP_K_LABEL, vp_map_str (row, VP_K_LABEL));
    vp_map_put_int (data, VP_K_DOC_DATE, vp_map_int (row, "issued_at", 0));
    vp_map_put_str (data, VP_K_TYPE, vp_map_str (row, VP_K_TYPE));
    vp_map_put_str (data, VP_K_SUMMARY, vp_map_str (row, VP_K_SUMMARY));
    vp_map_put_str (data, VP_K_URGENCY, vp_map_str (row, VP_K_URGENCY));
    if (*signer)
        vp_map_put_str (data, VP_K_SIGNER, signer);
    vp_map_put_str (data, VP_K_PDF_SHA256, sha);
    vp_map_put_str (data, VP_K_FILE_NAME, file_name);
    vp_map_put_bool (data, VP_K_SIGNED, vp_map_str (row, "signature") && !strcmp (vp_map_str (row, "signature"), "digital"));
    return doc_emit (self, ctx, ctx->tenant, "outgoing_mail", data, err);
}

int
out_distribute (doc_service_t *self, vp_cmdctx_t *ctx, const vp_val_t *row, vp_err_t *err)
{
    const char *outgoing = vp_map_str (row, VP_K_OUTGOING);
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT i, to_tenant, to_body, email, name FROM doc_out_recipient WHERE tenant = ?1 AND outgoing = ?2 ORDER BY i", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, outgoing, -1, SQLITE_STATIC);
    vp_val_t *list = vp_db_rows (stmt);
    char issuer[420], sha[65] = "";
    out_issuer (self, ctx->tenant, vp_map_str (row, VP_K_BODY), issuer, sizeof issuer);
    size_t size = 0;
    free (out_pdf (self, ctx->tenant, outgoing, 0, &size, sha));
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < vp_val_len (list); i++) {
        const vp_val_t *r = vp_array_at (list, i);
        const char *to_tenant = vp_map_str (r, VP_K_TO_TENANT), *to_body = vp_map_str (r, VP_K_TO_BODY);
        char delivery[VP_STAFF_ID_MAX] = "";
        const char *status = "email_pending";
        if (to_body) {
            s_delivery_id (ctx->tenant, outgoing, to_tenant, to_body, delivery);
            status = "sent";
        }
        else
            s_delivery_id (ctx->tenant, outgoing, "", vp_map_str (r, VP_K_EMAIL), delivery);
        stmt = vp_db_cached (self->db,
            "UPDATE doc_out_recipient SET delivery = ?4, status = ?5, at = ?6"
            " WHERE tenant = ?1 AND outgoing = ?2 AND i = ?3", err);
        if (!stmt) {
            rc = -1;
            break;
        }
        sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, outgoing, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 3, vp_map_int (r, "i", 0));
        if (*delivery)
            sqlite3_bind_text (stmt, 4, delivery, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 5, status, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 6, vp_clock_now ());
        rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "recipients");
        sqlite3_reset (stmt);
        if (rc)
            continue;
        if (!to_body) {
            rc = s_mail (self, ctx, row, r, delivery, issuer, sha, err);
            continue;
        }
        char file_name[200];
        snprintf (file_name, sizeof file_name, "%s.pdf", outgoing);
        vp_val_t *data = vp_val_map ();
        vp_map_put_str (data, VP_K_DELIVERY, delivery);
        vp_map_put_str (data, VP_K_OUTGOING, outgoing);
        vp_map_put_str (data, VP_K_TO_TENANT, to_tenant);
        vp_map_put_str (data, VP_K_TO_BODY, to_body);
        vp_map_put_str (data, VP_K_ISSUER, issuer);
        vp_map_put_str (data, VP_K_LABEL, vp_map_str (row, VP_K_LABEL));
        vp_map_put_int (data, VP_K_DOC_DATE, vp_map_int (row, "issued_at", 0));
        vp_map_put_str (data, VP_K_TYPE, vp_map_str (row, VP_K_TYPE));
        vp_map_put_str (data, VP_K_SUMMARY, vp_map_str (row, VP_K_SUMMARY));
        vp_map_put_str (data, VP_K_URGENCY, vp_map_str (row, VP_K_URGENCY));
        vp_map_put_str (data, VP_K_PDF_SHA256, sha);
        vp_map_put_str (data, VP_K_FILE_NAME, file_name);
        rc = doc_emit (self, ctx, ctx->tenant, "outgoing_delivered", data, err);
    }
    vp_val_destroy (&list);
    return rc;
}

//  --------------------------------------------------------------------------
//  The receiving side

static int
s_receipt (doc_service_t *self, vp_cmdctx_t *ctx, const char *delivery, const char *from_tenant,
           const char *outgoing, const char *document, const char *status, int64_t arrival_number, vp_err_t *err)
{
    vp_val_t *data = vp_val_map ();
    vp_map_put_str (data, VP_K_DELIVERY, delivery);
    vp_map_put_str (data, VP_K_FROM_TENANT, from_tenant);
    vp_map_put_str (data, VP_K_OUTGOING, outgoing);
    if (document)
        vp_map_put_str (data, VP_K_DOCUMENT, document);
    vp_map_put_str (data, VP_K_STATUS, status);
    if (arrival_number)
        vp_map_put_int (data, VP_K_ARRIVAL_NUMBER, arrival_number);
    return doc_emit (self, ctx, ctx->tenant, "outgoing_receipt", data, err);
}

int
out_delivered (void *arg, const vp_val_t *env, const char *from_tenant, const vp_val_t *data, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) arg;
    vp_cmdctx_t event, *ctx = &event;
    doc_event_ctx (self, env, vp_map_str (data, VP_K_TO_TENANT), ctx);
    const char *delivery = vp_map_str (data, VP_K_DELIVERY);
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT 1 FROM doc_out_inbox WHERE tenant = ?1 AND delivery = ?2", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, delivery, -1, SQLITE_STATIC);
    bool there = sqlite3_step (stmt) == SQLITE_ROW;
    sqlite3_reset (stmt);
    if (there)
        return 0;           //  registered once: this is the same delivery again
    //  The PDF the sender keeps, by its content.
    stmt = vp_db_cached (self->db,
        "SELECT pdf FROM doc_out_version WHERE tenant = ?1 AND outgoing = ?2 AND pdf_sha256 = ?3 LIMIT 1", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, from_tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, vp_map_str (data, VP_K_OUTGOING), -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, vp_map_str (data, VP_K_PDF_SHA256), -1, SQLITE_STATIC);
    vp_val_t *pdf = sqlite3_step (stmt) == SQLITE_ROW
                  ? vp_val_bin (sqlite3_column_blob (stmt, 0), (size_t) sqlite3_column_bytes (stmt, 0)) : NULL;
    sqlite3_reset (stmt);
    vp_val_t *args = vp_val_map ();
    vp_map_put_str (args, VP_K_ISSUER, vp_map_str (data, VP_K_ISSUER));
    vp_map_put_str (args, VP_K_NUMBER, vp_map_str (data, VP_K_LABEL));
    vp_map_put_int (args, VP_K_DOC_DATE, vp_map_int (data, VP_K_DOC_DATE, 0));
    vp_map_put_str (args, VP_K_TYPE, vp_map_str (data, VP_K_TYPE));
    vp_map_put_str (args, VP_K_SUMMARY, vp_map_str (data, VP_K_SUMMARY));
    if (vp_map_str (data, VP_K_URGENCY))
        vp_map_put_str (args, VP_K_URGENCY, vp_map_str (data, VP_K_URGENCY));
    vp_map_put_str (args, VP_K_RECEIVING_BODY, vp_map_str (data, VP_K_TO_BODY));
    vp_map_put (args, VP_K_NOTE, vp_val_strf ("Nhận qua hệ thống từ %s (văn bản đi %s)", from_tenant,
                                           vp_map_str (data, VP_K_OUTGOING)));
    //  The sender's detached signature goes with it: the receiver's side
    //  verifies it (out_incoming).
    stmt = vp_db_cached (self->db,
        "SELECT cms FROM doc_out WHERE tenant = ?1 AND outgoing = ?2 AND cms IS NOT NULL", err);
    vp_val_t *cms = NULL;
    if (stmt) {
        sqlite3_bind_text (stmt, 1, from_tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, vp_map_str (data, VP_K_OUTGOING), -1, SQLITE_STATIC);
        if (sqlite3_step (stmt) == SQLITE_ROW)
            cms = vp_val_bin (sqlite3_column_blob (stmt, 0), (size_t) sqlite3_column_bytes (stmt, 0));
        sqlite3_reset (stmt);
    }
    if (pdf) {
        vp_val_t *attachments = vp_val_array ();
        vp_val_t *a = vp_val_map ();
        vp_map_put_str (a, VP_K_NAME, vp_map_str (data, VP_K_FILE_NAME));
        vp_map_put (a, VP_K_CONTENT, pdf);
        vp_array_push (attachments, a);
        if (cms) {
            a = vp_val_map ();
            vp_map_put (a, VP_K_NAME, vp_val_strf ("%s.p7s", vp_map_str (data, VP_K_FILE_NAME)));
            vp_map_put (a, VP_K_CONTENT, cms);
            vp_array_push (attachments, a);
            cms = NULL;
        }
        vp_map_put (args, VP_K_ATTACHMENTS, attachments);
    }
    vp_val_destroy (&cms);
    vp_val_t *result = vp_val_map ();
    int rc = doc_register_intake (ctx, args, result, err);
    vp_val_destroy (&args);
    if (rc) {
        vp_val_destroy (&result);
        return -1;
    }
    const char *document = vp_map_str (result, VP_K_DOCUMENT);
    stmt = vp_db_cached (self->db,
        "INSERT INTO doc_out_inbox (tenant, delivery, document, from_tenant, outgoing, label, status, at, last_seq)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'registered', ?7, ?8)", err);
    rc = stmt ? 0 : -1;
    if (stmt) {
        sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, delivery, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 3, document, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 4, from_tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 5, vp_map_str (data, VP_K_OUTGOING), -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 6, vp_map_str (data, VP_K_LABEL), -1, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 7, vp_clock_now ());
        sqlite3_bind_int64 (stmt, 8, vp_map_int (env, VP_K_SEQ, 0));
        rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "inbox");
        sqlite3_reset (stmt);
    }
    if (rc == 0)
        rc = s_receipt (self, ctx, delivery, from_tenant, vp_map_str (data, VP_K_OUTGOING), document, "registered",
                        vp_map_int (result, VP_K_ARRIVAL_NUMBER, 0), err);
    vp_val_destroy (&result);
    return rc;
}

//  A document of the receiver that arrived from the deployment changed:
//  tell the sender.
//  Each event once, in order: a status event applied again (a cursor set
//  back) is older than what the row has (last_seq) and changes nothing.
static int
s_changed (doc_service_t *self, const vp_val_t *env, const char *tenant, const vp_val_t *data, const char *status,
           vp_err_t *err)
{
    const char *document = vp_map_str (data, VP_K_DOCUMENT);
    if (!document || !status)
        return 0;
    vp_cmdctx_t event, *ctx = &event;
    doc_event_ctx (self, env, tenant, ctx);
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT delivery, from_tenant, outgoing FROM doc_out_inbox WHERE tenant = ?1 AND document = ?2"
        " AND recalled_at IS NULL AND last_seq < ?3", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, document, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 3, vp_map_int (env, VP_K_SEQ, 0));
    vp_val_t *row = sqlite3_step (stmt) == SQLITE_ROW ? vp_db_row (stmt) : NULL;
    sqlite3_reset (stmt);
    if (!row)
        return 0;
    int rc = 0;
    stmt = vp_db_cached (self->db,
        "UPDATE doc_out_inbox SET status = ?3, last_seq = ?4 WHERE tenant = ?1 AND delivery = ?2", err);
    rc = stmt ? 0 : -1;
    if (stmt) {
        sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, vp_map_str (row, VP_K_DELIVERY), -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 3, status, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 4, vp_map_int (env, VP_K_SEQ, 0));
        rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "inbox");
        sqlite3_reset (stmt);
    }
    if (rc == 0)
        rc = s_receipt (self, ctx, vp_map_str (row, VP_K_DELIVERY), vp_map_str (row, VP_K_FROM_TENANT),
                        vp_map_str (row, VP_K_OUTGOING), document, status, 0, err);
    vp_val_destroy (&row);
    return rc;
}

//  The sender's side: the receiver's status on its list of receivers.
int
out_receipt (void *arg, const vp_val_t *env, const char *tenant, const vp_val_t *data, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) arg;
    const char *from_tenant = vp_map_str (data, VP_K_FROM_TENANT);
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "UPDATE doc_out_recipient SET status = ?3, document = coalesce (?4, document),"
        " arrival_number = coalesce (?5, arrival_number), at = ?6, last_seq = ?7"
        " WHERE tenant = ?1 AND delivery = ?2 AND last_seq < ?7"
        " RETURNING outgoing, to_tenant, to_body", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, from_tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, vp_map_str (data, VP_K_DELIVERY), -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, vp_map_str (data, VP_K_STATUS), -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 4, vp_map_str (data, VP_K_DOCUMENT), -1, SQLITE_STATIC);
    if (vp_map_get (data, VP_K_ARRIVAL_NUMBER))
        sqlite3_bind_int64 (stmt, 5, vp_map_int (data, VP_K_ARRIVAL_NUMBER, 0));
    sqlite3_bind_int64 (stmt, 6, vp_map_int (env, VP_K_TS, vp_clock_now ()));
    sqlite3_bind_int64 (stmt, 7, vp_map_int (env, VP_K_SEQ, 0));
    vp_val_t *row = sqlite3_step (stmt) == SQLITE_ROW ? vp_db_row (stmt) : NULL;
    sqlite3_reset (stmt);
    if (!row)
        return 0;
    char detail[300];
    snprintf (detail, sizeof detail, "%s/%s: %s%s%s", vp_map_str (row, VP_K_TO_TENANT), vp_map_str (row, VP_K_TO_BODY),
              vp_map_str (data, VP_K_STATUS), vp_map_str (data, VP_K_DOCUMENT) ? " " : "",
              vp_map_str (data, VP_K_DOCUMENT) ? vp_map_str (data, VP_K_DOCUMENT) : "");
    int rc = doc_history_add (self, from_tenant, vp_map_str (row, VP_K_OUTGOING), "documents", "receipt", detail, err);
    vp_val_destroy (&row);
    return rc;
}

int
out_assigned (void *arg, const vp_val_t *env, const char *tenant, const vp_val_t *data, vp_err_t *err)
{
    return s_changed ((doc_service_t *) arg, env, tenant, data, "assigned", err);
}

int
out_status_changed (void *arg, const vp_val_t *env, const char *tenant, const vp_val_t *data, vp_err_t *err)
{
    return s_changed ((doc_service_t *) arg, env, tenant, data, vp_map_str (data, VP_K_STATUS), err);
}
