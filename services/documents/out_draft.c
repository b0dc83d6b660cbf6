/*  out_draft - drafts of outgoing documents: documents.outgoing.draft,
    revise, get and list, and what every out_ file shares.

    A draft belongs to a body of the commune and is numbered in that body's
    series unless it names one. Every version is kept (doc_out_version:
    the PDF, the summary, who and when); only the drafter revises, and
    only a draft or one sent back. Secret documents are not drafted here:
    a document with a secrecy mark is not sent over the network.
*/
#include <string.h>
#include <strings.h>
#include "vp/vp_vocab.h"
#include "out.h"
#include "vp/vp_text.h"
#include "vp/vp_fields.h"

//  --------------------------------------------------------------------------
//  Shared

vp_val_t *
out_load (doc_service_t *self, const char *tenant, const char *outgoing, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT outgoing, body, type, series, summary, urgency, status, drafter, drafted_at, version, chain,"
        " step, replaces, replaced_by, pages, copies, label, number_n, period, issued_at, signer, signer_post,"
        " signature, cert_subject, cert_issuer, cert_serial, cert_not_after, cert_chain, recalled_at,"
        " recall_reason FROM doc_out WHERE tenant = ?1 AND outgoing = ?2", err);
    if (!stmt)
        return NULL;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, outgoing, -1, SQLITE_STATIC);
    vp_val_t *row = sqlite3_step (stmt) == SQLITE_ROW ? vp_db_row (stmt) : NULL;
    sqlite3_reset (stmt);
    if (!row)
        vp_err_set (err, VP_E_NOT_FOUND, VP_K_OUTGOING, "không có văn bản đi \"%s\" trong xã \"%s\"",
                    outgoing, tenant);
    return row;
}


void *
out_pdf (doc_service_t *self, const char *tenant, const char *outgoing, int64_t version,
         size_t *size, char sha256[65])
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT pdf, pdf_sha256 FROM doc_out_version WHERE tenant = ?1 AND outgoing = ?2"
        " AND version = CASE WHEN ?3 > 0 THEN ?3"
        " ELSE (SELECT version FROM doc_out WHERE tenant = ?1 AND outgoing = ?2) END", NULL);
    if (!stmt)
        return NULL;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, outgoing, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 3, version);
    void *pdf = NULL;
    if (sqlite3_step (stmt) == SQLITE_ROW) {
        *size = (size_t) sqlite3_column_bytes (stmt, 0);
        pdf = malloc (*size ? *size : 1);
        memcpy (pdf, sqlite3_column_blob (stmt, 0), *size);
        if (sha256)
            snprintf (sha256, 65, "%s", (const char *) sqlite3_column_text (stmt, 1));
    }
    sqlite3_reset (stmt);
    return pdf;
}

int
out_status_set (doc_service_t *self, const char *tenant, const char *outgoing, const char *status,
                int64_t step, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "UPDATE doc_out SET status = ?3, step = ?4 WHERE tenant = ?1 AND outgoing = ?2", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, outgoing, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, status, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 4, step);
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    return rc == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "outgoing");
}

int
out_emit (doc_service_t *self, vp_cmdctx_t *ctx, const char *event, const vp_val_t *row,
          const char *status, const char *officer, vp_err_t *err)
{
    vp_val_t *data = vp_val_map ();
    vp_map_put_str (data, VP_K_OUTGOING, vp_map_str (row, VP_K_OUTGOING));
    vp_map_put_str (data, VP_K_BODY, vp_map_str (row, VP_K_BODY));
    vp_map_put_str (data, VP_K_STATUS, status ? status : vp_map_str (row, VP_K_STATUS));
    if (officer && *officer)
        vp_map_put_str (data, VP_K_OFFICER, officer);
    vp_map_put_str (data, VP_K_SUMMARY, vp_map_str (row, VP_K_SUMMARY));
    if (vp_map_str (row, VP_K_LABEL))
        vp_map_put_str (data, VP_K_LABEL, vp_map_str (row, VP_K_LABEL));
    return doc_emit (self, ctx, ctx->tenant, event, data, err);
}

int
out_trail (doc_service_t *self, vp_cmdctx_t *ctx, const char *outgoing, const char *step,
           const char *detail, vp_err_t *err)
{
    return doc_history_add (self, ctx->tenant, outgoing, ctx->actor, step, detail, err);
}

int
out_status_need (const vp_val_t *row, const char *statuses, const char *doing, vp_err_t *err)
{
    const char *status = vp_map_str (row, VP_K_STATUS);
    size_t len = strlen (status);
    for (const char *p = statuses; *p; ) {
        size_t n = strcspn (p, "|");
        if (n == len && strncmp (p, status, n) == 0)
            return 0;
        p += n;
        if (*p)
            p++;
    }
    return vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_OUTGOING,
                       "văn bản đi %s đang ở trạng thái \"%s\": không thể %s (cần: %s)",
                       vp_map_str (row, VP_K_OUTGOING), status, doing, statuses);
}

const char *
out_who (doc_service_t *self, const char *tenant, const char *post, char officer[VP_STAFF_ID_MAX])
{
    vp_staff_actor_t actor;
    vp_err_t err = { 0 };
    officer[0] = 0;
    if (vp_staff_whois (self->db, tenant, post, vp_clock_now (), &actor, &err) == 0)
        snprintf (officer, VP_STAFF_ID_MAX, "%s", actor.officer);
    return officer;
}

//  --------------------------------------------------------------------------
//  Receivers and versions

//  Each receiver names a body of the deployment or an e-mail address.
static int
s_recipients_check (doc_service_t *self, vp_cmdctx_t *ctx, const vp_val_t *list, vp_err_t *err)
{
    if (vp_val_len (list) == 0)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_RECIPIENTS, "văn bản phải có ít nhất một nơi nhận");
    for (size_t i = 0; i < vp_val_len (list); i++) {
        const vp_val_t *r = vp_array_at (list, i);
        const char *tenant = vp_map_str (r, VP_K_TENANT) ? vp_map_str (r, VP_K_TENANT) : ctx->tenant;
        const char *body = vp_map_str (r, VP_K_BODY), *email = vp_map_str (r, VP_K_EMAIL);
        if (!body && !email)
            return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_RECIPIENTS,
                               "nơi nhận thứ %zu không có body (cơ quan trong hệ thống) hay email", i + 1);
        if (email && !vp_text_is_email (email))
            return vp_err_set (err, VP_E_INVALID_ARGUMENT, "recipients.email",
                               "Địa chỉ thư điện tử \"%s\" của nơi nhận thứ %zu không hợp lệ (cần dạng "
                               "ten@co-quan.gov.vn, không dấu, không khoảng trắng)", email, i + 1);
        //  One mail per agency: the same address twice would be two.
        for (size_t j = 0; email && j < i; j++) {
            const char *before = vp_map_str (vp_array_at (list, j), VP_K_EMAIL);
            if (before && strcasecmp (before, email) == 0)
                return vp_err_set (err, VP_E_INVALID_ARGUMENT, "recipients.email",
                                   "Địa chỉ thư điện tử \"%s\" có hai lần trong nơi nhận (thứ %zu và thứ %zu)",
                                   email, j + 1, i + 1);
        }
        if (body) {
            if (!vp_staff_body (self->db, tenant, body, NULL, 0, NULL, 0))
                return vp_err_set (err, VP_E_INVALID_ARGUMENT, "recipients.body",
                                   "nơi nhận thứ %zu: xã \"%s\" không có cơ quan \"%s\"", i + 1, tenant, body);
        }
    }
    return 0;
}

//  The receivers a command names: `recipients` and the words of `to`
//  ("hdnd", "minh-son.ubnd"); NULL when it names none.
static vp_val_t *
s_recipients_of (const vp_val_t *args)
{
    const vp_val_t *given = vp_map_get (args, VP_K_RECIPIENTS), *to = vp_map_get (args, VP_K_TO);
    if (!given && !to)
        return NULL;
    vp_val_t *list = given ? vp_val_dup (given) : vp_val_array ();
    for (size_t i = 0; i < vp_val_len (to); i++) {
        const char *word = vp_val_get_str (vp_array_at (to, i));
        const char *dot = strchr (word, '.');
        vp_val_t *r = vp_val_map ();
        if (dot) {
            vp_map_put (r, VP_K_TENANT, vp_val_strn (word, (size_t) (dot - word)));
            vp_map_put_str (r, VP_K_BODY, dot + 1);
        }
        else
            vp_map_put_str (r, VP_K_BODY, word);
        vp_array_push (list, r);
    }
    return list;
}

static int
s_recipients_put (doc_service_t *self, vp_cmdctx_t *ctx, const char *outgoing, const vp_val_t *list,
                  vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "DELETE FROM doc_out_recipient WHERE tenant = ?1 AND outgoing = ?2", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, outgoing, -1, SQLITE_STATIC);
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE)
        return vp_db_error (self->db, err, "recipients");
    for (size_t i = 0; i < vp_val_len (list); i++) {
        const vp_val_t *r = vp_array_at (list, i);
        stmt = vp_db_cached (self->db,
            "INSERT INTO doc_out_recipient (tenant, outgoing, i, to_tenant, to_body, email, name)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", err);
        if (!stmt)
            return -1;
        sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, outgoing, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 3, (int64_t) i + 1);
        if (vp_map_str (r, VP_K_BODY))
            sqlite3_bind_text (stmt, 4, vp_map_str (r, VP_K_TENANT) ? vp_map_str (r, VP_K_TENANT) : ctx->tenant,
                               -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 5, vp_map_str (r, VP_K_BODY), -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 6, vp_map_str (r, VP_K_EMAIL), -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 7, vp_map_str (r, VP_K_NAME), -1, SQLITE_STATIC);
        rc = sqlite3_step (stmt);
        sqlite3_reset (stmt);
        if (rc != SQLITE_DONE)
            return vp_db_error (self->db, err, "recipients");
    }
    return 0;
}

static int
s_pdf_check (const vp_val_t *pdf, vp_err_t *err)
{
    size_t size = 0;
    const char *bytes = (const char *) vp_val_get_bin (pdf, &size);
    if (!bytes || size < 5 || memcmp (bytes, "%PDF-", 5) != 0)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_PDF, "pdf: tệp không phải PDF (không bắt đầu bằng %%PDF-)");
    //  The receivers' side counts its pages when it registers it
    //  (doc_pages): one that does not open is refused here, not there.
    int pages = 0;
    if (doc_pages_count (bytes, size, "application/pdf", "pdf", &pages, err)) {
        snprintf (err->field, sizeof err->field, "pdf");
        return -1;
    }
    return 0;
}

static int
s_version_add (doc_service_t *self, vp_cmdctx_t *ctx, const char *outgoing, int64_t version,
               const char *summary, const vp_val_t *pdf, const char *note, vp_err_t *err)
{
    size_t size = 0;
    const void *bytes = vp_val_get_bin (pdf, &size);
    char sha[65];
    vp_sha256_hex (bytes, size, sha);
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT INTO doc_out_version (tenant, outgoing, version, at, actor, summary, pdf, pdf_sha256, note)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, outgoing, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 3, version);
    sqlite3_bind_int64 (stmt, 4, vp_clock_now ());
    sqlite3_bind_text (stmt, 5, ctx->actor, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 6, summary, -1, SQLITE_STATIC);
    sqlite3_bind_blob (stmt, 7, bytes, (int) size, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 8, sha, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 9, note, -1, SQLITE_STATIC);
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    return rc == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "version");
}

//  --------------------------------------------------------------------------
//  documents.outgoing.draft

static int
s_draft_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *body = vp_map_str (args, VP_K_BODY);
    const char *type = vp_map_str (args, VP_K_TYPE);
    const char *summary = vp_map_str (args, VP_K_SUMMARY);
    const char *series = vp_map_str (args, VP_K_SERIES) ? vp_map_str (args, VP_K_SERIES) : body;
    const char *urgency = vp_map_str (args, VP_K_URGENCY) ? vp_map_str (args, VP_K_URGENCY) : "thuong";
    const char *replaces = vp_map_str (args, VP_K_REPLACES);
    char folded[8];
    if (!*vp_text_fold (summary, folded, sizeof folded))
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_SUMMARY, "trích yếu \"%s\" không có chữ hay số", summary);
    if (!vp_staff_body (self->db, ctx->tenant, body, NULL, 0, NULL, 0))
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_BODY, "xã \"%s\" không có cơ quan \"%s\"", ctx->tenant, body);
    //  The series it will be numbered in: one of the commune's, or one of
    //  the four every commune starts with (made on first use, doc_number).
    sqlite3_stmt *stmt = vp_db_cached (self->db, "SELECT 1 FROM doc_series WHERE tenant = ?1 AND series = ?2", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, series, -1, SQLITE_STATIC);
    bool found = sqlite3_step (stmt) == SQLITE_ROW;
    sqlite3_reset (stmt);
    static const char *const defaults[] = { "ubnd", "hdnd", "dang-uy", "ubkt", NULL };
    for (int i = 0; !found && defaults[i]; i++)
        found = strcmp (series, defaults[i]) == 0;
    if (!found)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, vp_map_str (args, VP_K_SERIES) ? "series" : "body",
                           "văn bản của \"%s\" được đánh số theo sổ \"%s\", nhưng xã \"%s\" không có sổ đó:"
                           " chọn series, hoặc đặt sổ bằng documents.series.set", body, series, ctx->tenant);
    vp_val_t *recipients = s_recipients_of (args);
    if (s_pdf_check (vp_map_get (args, VP_K_PDF), err)
    ||  s_recipients_check (self, ctx, recipients, err)) {
        vp_val_destroy (&recipients);
        return -1;
    }
    //  A Giấy mời is registered with its meeting (documents.register):
    //  an outgoing one does not carry it yet, so it does not go by the
    //  deployment (it would be refused at the receiver's intake).
    for (size_t i = 0; strcmp (type, "giay-moi") == 0 && i < vp_val_len (recipients); i++)
        if (vp_map_str (vp_array_at (recipients, i), VP_K_BODY)) {
            vp_val_destroy (&recipients);
            return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_TYPE,
                               "giấy mời chưa gửi được qua hệ thống (cần thông tin cuộc họp): gửi bằng email"
                               " hoặc văn bản giấy");
        }
    if (replaces) {
        vp_val_t *old = out_load (self, ctx->tenant, replaces, err);
        int rc = old ? out_status_need (old, "issued|recalled", "thay thế văn bản này", err) : -1;
        vp_val_destroy (&old);
        if (rc) {
            snprintf (err->field, sizeof err->field, "replaces");
            vp_val_destroy (&recipients);
            return -1;
        }
    }
    char outgoing[VP_STAFF_ID_MAX];
    if (vp_service_next_id (self->service, ctx->tenant, "o", outgoing, sizeof outgoing, err)) {
        vp_val_destroy (&recipients);
        return -1;
    }
    stmt = vp_db_cached (self->db,
        "INSERT INTO doc_out (tenant, outgoing, body, type, series, summary, urgency, status, drafter,"
        " drafted_at, version, replaces, pages, copies)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'draft', ?8, ?9, 1, ?10, ?11, ?12)", err);
    if (!stmt) {
        vp_val_destroy (&recipients);
        return -1;
    }
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, outgoing, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, body, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 4, type, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 5, series, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 6, summary, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 7, urgency, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 8, ctx->actor, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 9, vp_clock_now ());
    sqlite3_bind_text (stmt, 10, replaces, -1, SQLITE_STATIC);
    if (vp_map_get (args, VP_K_PAGES))
        sqlite3_bind_int64 (stmt, 11, vp_map_int (args, VP_K_PAGES, 0));
    if (vp_map_get (args, VP_K_COPIES))
        sqlite3_bind_int64 (stmt, 12, vp_map_int (args, VP_K_COPIES, 0));
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE) {
        vp_val_destroy (&recipients);
        return vp_db_error (self->db, err, "outgoing");
    }
    rc = s_version_add (self, ctx, outgoing, 1, summary, vp_map_get (args, VP_K_PDF), vp_map_str (args, VP_K_NOTE), err)
      || s_recipients_put (self, ctx, outgoing, recipients, err)
      || out_trail (self, ctx, outgoing, "drafted", "phiên bản 1", err);
    vp_val_destroy (&recipients);
    if (rc)
        return -1;
    vp_val_t *row = out_load (self, ctx->tenant, outgoing, err);
    if (!row)
        return -1;
    rc = out_emit (self, ctx, "outgoing_drafted", row, NULL, NULL, err);
    vp_map_put_all (result, row);
    vp_val_destroy (&row);
    return rc;
}

//  --------------------------------------------------------------------------
//  documents.outgoing.revise

static int
s_revise_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *outgoing = vp_map_str (args, VP_K_OUTGOING);
    vp_val_t *row = out_load (self, ctx->tenant, outgoing, err);
    if (!row)
        return -1;
    int rc = out_status_need (row, "draft|sent_back", "sửa dự thảo", err);
    if (rc == 0 && strcmp (vp_map_str (row, "drafter"), ctx->actor) != 0)
        rc = vp_err_set (err, VP_E_PERMISSION_DENIED, VP_K_ACTOR,
                         "chỉ người soạn thảo (%s) sửa dự thảo %s", vp_map_str (row, "drafter"), outgoing);
    const vp_val_t *pdf = vp_map_get (args, VP_K_PDF);
    if (rc == 0 && pdf)
        rc = s_pdf_check (pdf, err);
    vp_val_t *recipients = s_recipients_of (args);
    if (rc == 0 && recipients)
        rc = s_recipients_check (self, ctx, recipients, err);
    for (size_t i = 0; rc == 0 && strcmp (vp_map_str (row, VP_K_TYPE), "giay-moi") == 0 && i < vp_val_len (recipients); i++)
        if (vp_map_str (vp_array_at (recipients, i), VP_K_BODY))
            rc = vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_TYPE,
                             "giấy mời chưa gửi được qua hệ thống (cần thông tin cuộc họp): gửi bằng email"
                             " hoặc văn bản giấy");
    const char *summary = vp_map_str (args, VP_K_SUMMARY) ? vp_map_str (args, VP_K_SUMMARY) : vp_map_str (row, VP_K_SUMMARY);
    int64_t version = vp_map_int (row, VP_K_VERSION, 1) + 1;
    vp_val_t *old_pdf = NULL;
    if (rc == 0 && !pdf) {
        size_t size = 0;
        void *bytes = out_pdf (self, ctx->tenant, outgoing, 0, &size, NULL);
        old_pdf = vp_val_bin (bytes, size);
        free (bytes);
        pdf = old_pdf;
    }
    if (rc == 0)
        rc = s_version_add (self, ctx, outgoing, version, summary, pdf, vp_map_str (args, VP_K_NOTE), err);
    vp_val_destroy (&old_pdf);
    if (rc == 0 && recipients)
        rc = s_recipients_put (self, ctx, outgoing, recipients, err);
    vp_val_destroy (&recipients);
    if (rc == 0) {
        sqlite3_stmt *stmt = vp_db_cached (self->db,
            "UPDATE doc_out SET version = ?3, summary = ?4 WHERE tenant = ?1 AND outgoing = ?2", err);
        rc = stmt ? 0 : -1;
        if (stmt) {
            sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
            sqlite3_bind_text (stmt, 2, outgoing, -1, SQLITE_STATIC);
            sqlite3_bind_int64 (stmt, 3, version);
            sqlite3_bind_text (stmt, 4, summary, -1, SQLITE_STATIC);
            rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "outgoing");
            sqlite3_reset (stmt);
        }
    }
    vp_val_destroy (&row);
    if (rc)
        return -1;
    char detail[2100];
    snprintf (detail, sizeof detail, "phiên bản %lld: %s", (long long) version, vp_map_str (args, VP_K_NOTE));
    if (out_trail (self, ctx, outgoing, "revised", detail, err))
        return -1;
    row = out_load (self, ctx->tenant, outgoing, err);
    if (!row)
        return -1;
    rc = out_emit (self, ctx, "outgoing_revised", row, NULL, NULL, err);
    vp_map_put_all (result, row);
    vp_val_destroy (&row);
    return rc;
}

//  --------------------------------------------------------------------------
//  documents.outgoing.get, list

static vp_val_t *
s_rows (doc_service_t *self, const char *sql, const char *tenant, const char *outgoing)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db, sql, NULL);
    if (!stmt)
        return vp_val_array ();
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, outgoing, -1, SQLITE_STATIC);
    return vp_db_rows (stmt);
}

static int
s_get (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *outgoing = vp_map_str (args, VP_K_OUTGOING);
    vp_val_t *row = out_load (self, ctx->tenant, outgoing, err);
    if (!row)
        return -1;
    vp_map_put_all (result, row);
    vp_val_destroy (&row);
    vp_map_put (result, "versions", s_rows (self,
        "SELECT version, at, actor, summary, pdf_sha256, length (pdf) AS size, note FROM doc_out_version"
        " WHERE tenant = ?1 AND outgoing = ?2 ORDER BY version", ctx->tenant, outgoing));
    vp_map_put (result, VP_K_RECIPIENTS, s_rows (self,
        "SELECT i, to_tenant, to_body, email, name, delivery, status, document, arrival_number, at, error"
        " FROM doc_out_recipient WHERE tenant = ?1 AND outgoing = ?2 ORDER BY i", ctx->tenant, outgoing));
    vp_map_put (result, "opinions", s_rows (self,
        "SELECT officer, asked_by, asked_at, deadline, question, answer, text, answered_at FROM doc_out_opinion"
        " WHERE tenant = ?1 AND outgoing = ?2 ORDER BY officer", ctx->tenant, outgoing));
    vp_map_put (result, "approvals", s_rows (self,
        "SELECT step, post, officer, decision, note, at FROM doc_out_step"
        " WHERE tenant = ?1 AND outgoing = ?2 ORDER BY at, rowid", ctx->tenant, outgoing));
    vp_map_put (result, "history", s_rows (self,
        "SELECT at, actor, step, detail FROM doc_history WHERE tenant = ?1 AND document = ?2 ORDER BY at, rowid",
        ctx->tenant, outgoing));
    return 0;
}

static int
s_list (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *queue = vp_map_str (args, VP_K_QUEUE) ? vp_map_str (args, VP_K_QUEUE) : "all";
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT outgoing, body, type, summary, status, drafter, version, chain, step, label, issued_at"
        " FROM doc_out WHERE tenant = ?1 ORDER BY drafted_at, outgoing", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    vp_val_t *rows = vp_db_rows (stmt);
    vp_val_t *list = vp_val_array ();
    for (size_t i = 0; i < vp_val_len (rows); i++) {
        vp_val_t *row = vp_array_at (rows, i);
        const char *status = vp_map_str (row, VP_K_STATUS);
        bool keep = strcmp (queue, "all") == 0;
        if (strcmp (queue, "mine") == 0)
            keep = strcmp (vp_map_str (row, "drafter"), ctx->actor) == 0;
        else
        if (strcmp (queue, "consult") == 0) {
            sqlite3_stmt *q = vp_db_cached (self->db,
                "SELECT 1 FROM doc_out_opinion WHERE tenant = ?1 AND outgoing = ?2 AND officer = ?3"
                " AND answered_at IS NULL", err);
            if (q) {
                sqlite3_bind_text (q, 1, ctx->tenant, -1, SQLITE_STATIC);
                sqlite3_bind_text (q, 2, vp_map_str (row, VP_K_OUTGOING), -1, SQLITE_STATIC);
                sqlite3_bind_text (q, 3, ctx->actor, -1, SQLITE_STATIC);
                keep = sqlite3_step (q) == SQLITE_ROW;
                sqlite3_reset (q);
            }
        }
        else
        if ((strcmp (queue, "approve") == 0 && strcmp (status, "approving") == 0)
        ||  (strcmp (queue, "sign") == 0 && strcmp (status, "signing") == 0)) {
            //  The post of the step that waits, from the chain kept at submit.
            char posts[600], officer[VP_STAFF_ID_MAX];
            snprintf (posts, sizeof posts, "%s", vp_map_str (row, VP_K_CHAIN) ? vp_map_str (row, VP_K_CHAIN) : "");
            int64_t step = vp_map_int (row, "step", 0), at = 0;
            char *save = NULL;
            for (char *post = strtok_r (posts, ",", &save); post; post = strtok_r (NULL, ",", &save), at++)
                if (at == step)
                    keep = strcmp (out_who (self, ctx->tenant, post, officer), ctx->actor) == 0;
        }
        if (keep)
            vp_array_push (list, vp_val_dup (row));
    }
    vp_val_destroy (&rows);
    vp_map_put_str (result, VP_K_QUEUE, queue);
    vp_map_put (result, VP_K_OUTGOING, list);
    return 0;
}

static const vp_cmd_t s_commands[] = {
    { VP_C_DOCUMENTS_OUTGOING_DRAFT, s_draft_tx, true, .changes = true },
    { VP_C_DOCUMENTS_OUTGOING_REVISE, s_revise_tx, true, .changes = true },
    { VP_C_DOCUMENTS_OUTGOING_GET, s_get, true },
    { VP_C_DOCUMENTS_OUTGOING_LIST, s_list, true },
    { NULL }
};

void
out_draft_register (doc_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
