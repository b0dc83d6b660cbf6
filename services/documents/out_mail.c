/*  out_mail - an issued document to an outside agency, by e-mail.

    out_distribute emits documents.outgoing_mail for each receiver named
    by an address; vp-notify sends the mail. Two things here:

    documents.outgoing.file {outgoing, part} -> {name, mime, size, sha256,
    data}: the bytes vp-notify attaches, fetched when it sends (so no
    event carries a file): the PDF of the issued version, or its detached
    signature (.p7s). Only an issued document is given: a recalled one
    goes to nobody any more.

    The statuses vp-notify reports on its stream (notify.sent, retry,
    failed naming a delivery): the mail of the document -> `emailed`, or
    `email_failed` with the SMTP error (it is tried again; the next
    report says how); the recall notice -> `recall_emailed` or
    `recall_email_failed`. A report changes only a receiver still waiting
    for that mail, so a mail reported late (after a recall) or a stream
    applied again changes nothing more.
*/
#include <string.h>
#include "out.h"
#include "vp/vp_fields.h"

static int
s_file (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *outgoing = vp_map_str (args, VP_K_OUTGOING);
    bool pdf = strcmp (vp_map_str (args, VP_K_PART), "pdf") == 0;
    vp_val_t *row = out_load (self, ctx->tenant, outgoing, err);
    if (!row)
        return -1;
    int rc = out_status_need (row, "issued", "gửi tệp của văn bản", err);
    vp_val_destroy (&row);
    if (rc)
        return -1;
    size_t size = 0;
    char sha[65] = "";
    void *bytes = NULL;
    if (pdf)
        bytes = out_pdf (self, ctx->tenant, outgoing, 0, &size, sha);
    else {
        sqlite3_stmt *stmt = vp_db_cached (self->db,
            "SELECT cms FROM doc_out WHERE tenant = ?1 AND outgoing = ?2 AND cms IS NOT NULL", err);
        if (!stmt)
            return -1;
        sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, outgoing, -1, SQLITE_STATIC);
        if (sqlite3_step (stmt) == SQLITE_ROW) {
            size = (size_t) sqlite3_column_bytes (stmt, 0);
            bytes = malloc (size ? size : 1);
            memcpy (bytes, sqlite3_column_blob (stmt, 0), size);
        }
        sqlite3_reset (stmt);
        if (bytes)
            vp_sha256_hex (bytes, size, sha);
    }
    if (!bytes)
        return vp_err_set (err, VP_E_NOT_FOUND, VP_K_PART, "văn bản đi %s không có %s", outgoing,
                           pdf ? "tệp PDF" : "chữ ký số (ký tay trên giấy)");
    vp_map_put (result, VP_K_NAME, vp_val_strf ("%s.pdf%s", outgoing, pdf ? "" : ".p7s"));
    vp_map_put_str (result, "mime", pdf ? "application/pdf" : "application/pkcs7-signature");
    vp_map_put_int (result, VP_K_SIZE, (int64_t) size);
    vp_map_put_str (result, VP_K_SHA256, sha);
    vp_map_put (result, VP_K_DATA, vp_val_bin (bytes, size));
    free (bytes);
    return 0;
}

//  The status a report gives, and the statuses it may change.
static const struct {
    const char *cause_type, *event, *status, *from;
} s_reports[] = {
    { "documents.outgoing_mail", "notify.sent", "emailed", "email_pending|email_failed" },
    { "documents.outgoing_mail", "notify.retry", "email_failed", "email_pending|email_failed" },
    { "documents.outgoing_mail", "notify.failed", "email_failed", "email_pending|email_failed" },
    { "documents.outgoing_recalled", "notify.sent", "recall_emailed", "recalling|recall_email_failed" },
    { "documents.outgoing_recalled", "notify.retry", "recall_email_failed", "recalling|recall_email_failed" },
    { "documents.outgoing_recalled", "notify.failed", "recall_email_failed", "recalling|recall_email_failed" },
    { NULL }
};

int
out_mail_report (void *arg, const vp_val_t *env, const char *tenant, const vp_val_t *data, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) arg;
    const char *type = vp_map_str (env, VP_K_TYPE);
    const char *delivery = vp_map_str (data, VP_K_DELIVERY), *cause_type = vp_map_str (data, VP_K_CAUSE_TYPE);
    if (!delivery || !cause_type)
        return 0;
    int i = 0;
    while (s_reports[i].event && (strcmp (s_reports[i].event, type) || strcmp (s_reports[i].cause_type, cause_type)))
        i++;
    if (!s_reports[i].event)
        return 0;
    //  from is "a|b": instr over "|status|" keeps it one statement.
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "UPDATE doc_out_recipient SET status = ?3, error = ?4, at = ?5"
        " WHERE tenant = ?1 AND delivery = ?2 AND instr ('|' || ?6 || '|', '|' || status || '|') > 0"
        " RETURNING outgoing, email", err);
    if (!stmt)
        return -1;
    const char *error = vp_map_str (data, VP_K_ERROR);
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, delivery, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, s_reports[i].status, -1, SQLITE_STATIC);
    if (error)
        sqlite3_bind_text (stmt, 4, error, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 5, vp_map_int (env, VP_K_TS, vp_clock_now ()));
    sqlite3_bind_text (stmt, 6, s_reports[i].from, -1, SQLITE_STATIC);
    vp_val_t *row = sqlite3_step (stmt) == SQLITE_ROW ? vp_db_row (stmt) : NULL;
    sqlite3_reset (stmt);
    if (!row)
        return 0;
    int rc = 0;
    //  The trail keeps the outcomes, not each attempt.
    if (strcmp (type, "notify.retry") != 0) {
        char detail[1400];
        snprintf (detail, sizeof detail, "%s: %s%s%s", vp_map_str (row, VP_K_EMAIL), s_reports[i].status,
                  error ? " – " : "", error ? error : "");
        rc = doc_history_add (self, tenant, vp_map_str (row, VP_K_OUTGOING), "notify", "receipt", detail, err);
    }
    vp_val_destroy (&row);
    return rc;
}

static const vp_cmd_t s_commands[] = {
    { VP_C_DOCUMENTS_OUTGOING_FILE, s_file, true },
    { NULL }
};

void
out_mail_register (doc_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
