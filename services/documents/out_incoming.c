/*  out_incoming - the digital signature of an incoming document.

    A document registered with a detached signature among its attachments
    (a file `<name>.p7s`, or `.sig`, next to the PDF it signs: `<name>`,
    or else the only PDF) has it verified when its registration is applied
    from the stream (documents.registered; a moment after the register
    answers): the certificate at the signing time against the trusted
    roots and the CRL, then the content (out_sign). The result is kept
    (doc_in_signature), written on the document's trail (step
    `signature`), and shown by documents.signature. A document that comes
    from a body of the deployment carries its sender's signature this way.
*/
#include <string.h>
#include "doc_access.h"
#include "out.h"
#include "out_sign.h"
#include "vp/vp_fields.h"

static bool
s_ends (const char *name, const char *suffix)
{
    size_t n = strlen (name), s = strlen (suffix);
    return n > s && strcasecmp (name + n - s, suffix) == 0;
}

static void *
s_file (doc_service_t *self, const char *sha256, size_t *size)
{
    char path[VP_PATH_MAX + 100];
    snprintf (path, sizeof path, "%s/attachments/%s", self->cfg->data_dir, sha256);
    FILE *file = fopen (path, "rb");
    if (!file)
        return NULL;
    zchunk_t *chunk = zchunk_read (file, 32 * 1024 * 1024);
    fclose (file);
    if (!chunk)
        return NULL;
    *size = zchunk_size (chunk);
    void *data = malloc (*size ? *size : 1);
    memcpy (data, zchunk_data (chunk), *size);
    zchunk_destroy (&chunk);
    return data;
}

static int s_verify (doc_service_t *self, vp_cmdctx_t *ctx, const char *document, const vp_val_t *attachments,
                     vp_err_t *err);

int
out_incoming_verify (void *arg, const vp_val_t *env, const char *tenant, const vp_val_t *data, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) arg;
    vp_cmdctx_t event, *ctx = &event;
    doc_event_ctx (self, env, tenant, ctx);
    const char *document = vp_map_str (data, VP_K_DOCUMENT);
    if (!document)
        return 0;
    //  Verified once (the event applied again changes nothing).
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT 1 FROM doc_in_signature WHERE tenant = ?1 AND document = ?2", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, document, -1, SQLITE_STATIC);
    bool done = sqlite3_step (stmt) == SQLITE_ROW;
    sqlite3_reset (stmt);
    if (done)
        return 0;
    //  The attachments as stored (the event leaves them out when secret).
    stmt = vp_db_cached (self->db,
        "SELECT name, sha256 FROM doc_attachment WHERE tenant = ?1 AND document = ?2 ORDER BY rowid", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, document, -1, SQLITE_STATIC);
    vp_val_t *attachments = vp_db_rows (stmt);
    int rc = s_verify (self, ctx, document, attachments, err);
    vp_val_destroy (&attachments);
    return rc;
}

static int
s_verify (doc_service_t *self, vp_cmdctx_t *ctx, const char *document, const vp_val_t *attachments, vp_err_t *err)
{
    const vp_val_t *sig = NULL, *pdf = NULL;
    for (size_t i = 0; i < vp_val_len (attachments); i++) {
        const char *name = vp_map_str (vp_array_at (attachments, i), VP_K_NAME);
        if (name && (s_ends (name, ".p7s") || s_ends (name, ".sig")))
            sig = vp_array_at (attachments, i);
    }
    if (!sig)
        return 0;
    const char *sig_name = vp_map_str (sig, VP_K_NAME);
    size_t stem = strlen (sig_name) - 4;
    for (size_t i = 0; i < vp_val_len (attachments); i++) {
        const char *name = vp_map_str (vp_array_at (attachments, i), VP_K_NAME);
        if (name && s_ends (name, ".pdf")) {
            if (!pdf || (strlen (name) == stem && strncmp (name, sig_name, stem) == 0))
                pdf = vp_array_at (attachments, i);
        }
    }
    out_sig_info_t info = { { 0 } };
    vp_err_t why = { 0 };
    int valid = 0;
    size_t pdf_size = 0, sig_size = 0;
    void *pdf_bytes = pdf ? s_file (self, vp_map_str (pdf, VP_K_SHA256), &pdf_size) : NULL;
    void *sig_bytes = s_file (self, vp_map_str (sig, VP_K_SHA256), &sig_size);
    if (!pdf)
        vp_err_set (&why, VP_E_INVALID_ARGUMENT, VP_K_ATTACHMENTS, "có chữ ký %s nhưng không có tệp PDF", sig_name);
    else
    if (!pdf_bytes || !sig_bytes)
        vp_err_set (&why, VP_E_NOT_FOUND, VP_K_ATTACHMENTS, "không đọc được tệp đính kèm đã lưu");
    else
        valid = out_sign_verify (pdf_bytes, pdf_size, (const unsigned char *) sig_bytes, sig_size, &info, &why) == 0;
    free (pdf_bytes);
    free (sig_bytes);
    char message[900];
    if (valid)
        snprintf (message, sizeof message, "chữ ký số hợp lệ của %s (tệp %s)", info.subject, vp_map_str (pdf, VP_K_NAME));
    else
        snprintf (message, sizeof message, "chữ ký số không hợp lệ (%s): %s", why.field, why.message);
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT OR REPLACE INTO doc_in_signature (tenant, document, file, valid, subject, issuer, serial,"
        " signed_at, chain, message, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, document, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, pdf ? vp_map_str (pdf, VP_K_NAME) : sig_name, -1, SQLITE_STATIC);
    sqlite3_bind_int (stmt, 4, valid);
    sqlite3_bind_text (stmt, 5, info.subject, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 6, info.issuer, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 7, info.serial, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 8, info.signed_at);
    sqlite3_bind_text (stmt, 9, info.chain, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 10, message, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 11, vp_clock_now ());
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE)
        return vp_db_error (self->db, err, "signature");
    (void) ctx;
    return doc_history_add (self, ctx->tenant, document, "documents", "signature", message, err);
}

//  {document} -> the result of its signature's verification.
static int
s_signature (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *document = vp_map_str (args, VP_K_DOCUMENT);
    vp_val_t *row = doc_access_load (self, ctx, document, err);
    if (!row)
        return -1;
    vp_val_destroy (&row);
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT document, file, valid, subject, issuer, serial, signed_at, chain, message, at"
        " FROM doc_in_signature WHERE tenant = ?1 AND document = ?2", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, document, -1, SQLITE_STATIC);
    row = sqlite3_step (stmt) == SQLITE_ROW ? vp_db_row (stmt) : NULL;
    sqlite3_reset (stmt);
    if (!row) {
        vp_map_put_str (result, VP_K_DOCUMENT, document);
        vp_map_put_bool (result, VP_K_SIGNED, false);
        return 0;
    }
    vp_map_put_all (result, row);
    vp_map_put_bool (result, VP_K_SIGNED, true);
    vp_map_put_bool (result, "valid", vp_map_int (row, "valid", 0) != 0);
    vp_val_destroy (&row);
    return 0;
}

static const vp_cmd_t s_commands[] = {
    { VP_C_DOCUMENTS_SIGNATURE, s_signature, true },
    { NULL }
};

void
out_incoming_register (doc_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
