/*  out_issue - signing and issuing (phát hành): documents.outgoing.sign
    and the outgoing register, documents.outgoing.register_book (V.3).

    The signer is whoever acts for the chain's last post. At signing, in
    one transaction: the number is taken from the document's series
    (doc_number: per year for state bodies, per type through the term for
    Party ones; never twice, never skipped, as the transaction serializes
    every signer), the issue date is the signing day, the PDF is signed
    with the signer's token when a PIN is given (out_sign; a refusal of
    the token rolls everything back, the number included), the agency's
    copy (the signed version) stays here, and the document goes to its
    receivers (out_distribute). Without a PIN the document is signed on
    paper: recorded so, no digital signature.
*/
#include <string.h>
#include "vp/vp_vocab.h"
#include "out.h"
#include "vp/vp_text.h"
#include "out_sign.h"
#include "vp/vp_fields.h"

static int
s_issued_set (doc_service_t *self, vp_cmdctx_t *ctx, const char *outgoing, const char *label, int64_t n,
              const char *period, int64_t at, const char *post, const unsigned char *cms, size_t cms_size,
              const out_sig_info_t *info, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "UPDATE doc_out SET status = 'issued', label = ?3, number_n = ?4, period = ?5, issued_at = ?6,"
        " signer = ?7, signer_post = ?8, signature = ?9, cms = ?10, cert_subject = ?11, cert_issuer = ?12,"
        " cert_serial = ?13, cert_not_after = ?14, cert_chain = ?15 WHERE tenant = ?1 AND outgoing = ?2", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, outgoing, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, label, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 4, n);
    sqlite3_bind_text (stmt, 5, period, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 6, at);
    sqlite3_bind_text (stmt, 7, ctx->actor, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 8, post, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 9, cms ? "digital" : "paper", -1, SQLITE_STATIC);
    if (cms) {
        sqlite3_bind_blob (stmt, 10, cms, (int) cms_size, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 11, info->subject, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 12, info->issuer, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 13, info->serial, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 14, info->not_after);
        sqlite3_bind_text (stmt, 15, info->chain, -1, SQLITE_STATIC);
    }
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    return rc == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "outgoing");
}

//  A replacement issued: the document it replaces says so.
static int
s_replaced (doc_service_t *self, vp_cmdctx_t *ctx, const char *old, const char *outgoing, const char *label,
            vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "UPDATE doc_out SET replaced_by = ?3 WHERE tenant = ?1 AND outgoing = ?2", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, old, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, outgoing, -1, SQLITE_STATIC);
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE)
        return vp_db_error (self->db, err, "outgoing");
    char detail[300];
    snprintf (detail, sizeof detail, "được thay thế bởi %s (%s)", outgoing, label);
    return out_trail (self, ctx, old, "replaced", detail, err);
}

//  {outgoing, pin?, token?}
static int
s_sign_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *outgoing = vp_map_str (args, VP_K_OUTGOING);
    const char *pin = vp_map_str (args, VP_K_PIN);
    vp_val_t *row = out_load (self, ctx->tenant, outgoing, err);
    if (!row)
        return -1;
    char post[VP_STAFF_ID_MAX], officer[VP_STAFF_ID_MAX];
    int rc = out_status_need (row, "signing", "ký", err);
    if (rc == 0) {
        out_chain_at (row, vp_map_int (row, "step", 0), post);
        out_who (self, ctx->tenant, post, officer);
        if (strcmp (officer, ctx->actor) != 0)
            rc = vp_err_set (err, VP_E_PERMISSION_DENIED, VP_K_ACTOR,
                             "văn bản %s chờ người ký là chức danh \"%s\" (%s), không phải %s",
                             outgoing, post, *officer ? officer : "chưa có người", ctx->actor);
    }
    size_t size = 0;
    char sha[65];
    void *pdf = rc == 0 ? out_pdf (self, ctx->tenant, outgoing, 0, &size, sha) : NULL;
    int64_t now = vp_clock_now ();
    char label[129], period[32];
    int64_t n = 0;
    if (rc == 0)
        rc = doc_number_take (self, ctx, vp_map_str (row, VP_K_SERIES), vp_map_str (row, VP_K_TYPE), now,
                              vp_map_str (row, VP_K_SUMMARY), label, &n, period, err);
    unsigned char *cms = NULL;
    size_t cms_size = 0;
    out_sig_info_t info = { { 0 } };
    int64_t sign_ms = 0;
    if (rc == 0 && pin) {
        int64_t t0 = zclock_usecs ();
        rc = out_sign_pdf (pdf, size, ctx->actor, vp_map_str (args, VP_K_TOKEN), pin, now, &cms, &cms_size, &info, err);
        sign_ms = (zclock_usecs () - t0) / 1000;
    }
    free (pdf);
    if (rc == 0)
        rc = s_issued_set (self, ctx, outgoing, label, n, period, now, post, cms, cms_size, &info, err);
    free (cms);
    if (rc == 0 && vp_map_str (row, VP_K_REPLACES))
        rc = s_replaced (self, ctx, vp_map_str (row, VP_K_REPLACES), outgoing, label, err);
    vp_val_destroy (&row);
    if (rc)
        return -1;
    char detail[700];
    snprintf (detail, sizeof detail, "%s ký (%s), số %s", post, pin ? "ký số" : "ký tay", label);
    if (pin && *info.chain) {
        size_t used = strlen (detail);
        snprintf (detail + used, sizeof detail - used, "; chứng thư %s", info.subject);
    }
    row = out_load (self, ctx->tenant, outgoing, err);
    if (!row)
        return -1;
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT INTO doc_out_step (tenant, outgoing, step, post, officer, decision, at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, 'signed', ?6)", err);
    rc = stmt ? 0 : -1;
    if (stmt) {
        sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, outgoing, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 3, vp_map_int (row, "step", 0));
        sqlite3_bind_text (stmt, 4, post, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 5, ctx->actor, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 6, now);
        rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "approval");
        sqlite3_reset (stmt);
    }
    if (rc == 0)
        rc = out_trail (self, ctx, outgoing, "signed", detail, err)
          || out_trail (self, ctx, outgoing, "issued", label, err)
          || out_emit (self, ctx, "outgoing_issued", row, "issued", vp_map_str (row, "drafter"), err)
          || out_distribute (self, ctx, row, err);
    if (rc == 0) {
        vp_map_put_all (result, row);
        vp_map_put_str (result, VP_K_PDF_SHA256, sha);
        if (pin) {
            vp_val_t *sig = vp_val_map ();
            out_sig_info_put (&info, sig);
            vp_map_put_int (sig, "sign_ms", sign_ms);
            vp_map_put (result, "certificate", sig);
        }
    }
    vp_val_destroy (&row);
    return rc;
}

//  --------------------------------------------------------------------------
//  documents.outgoing.register_book

//  The columns of the outgoing register (Decree 30/2020, Appendix IV).
static const char *const s_columns[] = {
    "Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung văn bản", "Người ký",
    "Nơi nhận văn bản", "Đơn vị, người nhận bản lưu", "Số lượng bản", "Ngày chuyển", "Ký nhận", "Ghi chú", NULL
};

static void
s_html_escape (zchunk_t *out, const char *text)
{
    for (const char *p = text; *p; p++) {
        const char *rep = vp_html_entity (*p);
        if (rep)
            zchunk_extend (out, rep, strlen (rep));
        else
            zchunk_extend (out, p, 1);
    }
}

//  The receivers of an outgoing document as the register writes them.
static void
s_receivers (doc_service_t *self, const char *tenant, const char *outgoing, char *buf, size_t size)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT coalesce (r.name, " VP_STAFF_SQL_BODY_NAME ("r.to_tenant", "r.to_body")
        " || CASE WHEN r.to_tenant <> r.tenant THEN ' ' || " VP_STAFF_SQL_TENANT_NAME ("r.to_tenant") " ELSE '' END,"
        " r.email, '') FROM doc_out_recipient r"
        " WHERE r.tenant = ?1 AND r.outgoing = ?2 ORDER BY r.i", NULL);
    buf[0] = 0;
    if (!stmt)
        return;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, outgoing, -1, SQLITE_STATIC);
    size_t used = 0;
    while (sqlite3_step (stmt) == SQLITE_ROW && used < size)
        used += (size_t) snprintf (buf + used, size - used, "%s%s", used ? "; " : "",
                                   (const char *) sqlite3_column_text (stmt, 0));
    sqlite3_reset (stmt);
}

int
out_register_book (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    int year = (int) vp_map_int (args, VP_K_YEAR, 0);
    const char *series = vp_map_str (args, VP_K_SERIES);
    const char *format = vp_map_str (args, VP_K_FORMAT) ? vp_map_str (args, VP_K_FORMAT) : "rows";
    char zone[64];
    doc_zone (self, ctx->tenant, zone);
    vp_tm_t first = { .year = year, .month = 1, .day = 1 }, next = { .year = year + 1, .month = 1, .day = 1 };
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT d.outgoing, d.label, d.issued_at, d.type, d.summary, d.signature, d.copies, d.replaces,"
        " d.recalled_at, d.recall_reason, " VP_STAFF_SQL_OFFICER_NAME ("d.signer") " AS signer_name,"
        " " VP_STAFF_SQL_POST_TITLE ("d.tenant", "d.signer_post") " AS signer_title,"
        " " VP_STAFF_SQL_OFFICER_NAME ("d.drafter") " AS drafter_name, d.series FROM doc_out d"
        " WHERE d.tenant = ?1 AND d.issued_at >= ?2 AND d.issued_at < ?3 AND (?4 IS NULL OR d.series = ?4)"
        " ORDER BY d.series, d.issued_at, d.number_n", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 2, vp_time_from_local (&first, zone));
    sqlite3_bind_int64 (stmt, 3, vp_time_from_local (&next, zone));
    sqlite3_bind_text (stmt, 4, series, -1, SQLITE_STATIC);
    vp_val_t *found = vp_db_rows (stmt);
    vp_val_t *columns = vp_val_array ();
    for (int i = 0; s_columns[i]; i++)
        vp_array_push (columns, vp_val_str (s_columns[i]));
    vp_val_t *rows = vp_val_array ();
    vp_val_t *ids = vp_val_array ();
    for (size_t i = 0; i < vp_val_len (found); i++) {
        const vp_val_t *d = vp_array_at (found, i);
        const char *outgoing = vp_map_str (d, VP_K_OUTGOING);
        char day[32], receivers[1200], note[2400] = "", kept[300];
        vp_time_format (vp_map_int (d, "issued_at", 0), zone, "%d/%m/%Y", day, sizeof day);
        s_receivers (self, ctx->tenant, outgoing, receivers, sizeof receivers);
        const vp_doc_type_t *type = vp_doc_type (vp_map_str (d, VP_K_TYPE));
        size_t used = 0;
        if (vp_map_str (d, "signature") && strcmp (vp_map_str (d, "signature"), "digital") == 0)
            used += (size_t) snprintf (note + used, sizeof note - used, "Ký số");
        if (vp_map_str (d, VP_K_REPLACES))
            used += (size_t) snprintf (note + used, sizeof note - used, "%sThay thế văn bản %s", used ? "; " : "",
                                       vp_map_str (d, VP_K_REPLACES));
        if (vp_map_get (d, "recalled_at")) {
            char when[32];
            vp_time_format (vp_map_int (d, "recalled_at", 0), zone, "%d/%m/%Y", when, sizeof when);
            snprintf (note + used, sizeof note - used, "%sĐã thu hồi ngày %s: %s", used ? "; " : "", when,
                      vp_map_str (d, "recall_reason"));
        }
        snprintf (kept, sizeof kept, "Lưu: VT, %s", vp_map_str (d, "drafter_name") ? vp_map_str (d, "drafter_name") : "");
        char signer[500];
        snprintf (signer, sizeof signer, "%s%s%s", vp_map_str (d, VP_K_SIGNER_TITLE) ? vp_map_str (d, VP_K_SIGNER_TITLE) : "",
                  vp_map_str (d, VP_K_SIGNER_NAME) ? " " : "",
                  vp_map_str (d, VP_K_SIGNER_NAME) ? vp_map_str (d, VP_K_SIGNER_NAME) : "");
        vp_val_t *row = vp_val_array ();
        vp_array_push (row, vp_val_str (vp_map_str (d, VP_K_LABEL)));
        vp_array_push (row, vp_val_str (day));
        vp_array_push (row, vp_val_strf ("%s: %s", type ? type->name : vp_map_str (d, VP_K_TYPE), vp_map_str (d, VP_K_SUMMARY)));
        vp_array_push (row, vp_val_str (signer));
        vp_array_push (row, vp_val_str (receivers));
        vp_array_push (row, vp_val_str (kept));
        vp_array_push (row, vp_val_strf ("%lld", (long long) vp_map_int (d, VP_K_COPIES, 1)));
        vp_array_push (row, vp_val_str (day));
        vp_array_push (row, vp_val_str (""));
        vp_array_push (row, vp_val_str (note));
        vp_array_push (rows, row);
        vp_array_push (ids, vp_val_str (outgoing));
    }
    vp_val_destroy (&found);
    char tenant_name[201];
    vp_staff_tenant_name (self->db, ctx->tenant, NULL, tenant_name, sizeof tenant_name);
    char title[300];
    snprintf (title, sizeof title, "SỔ ĐĂNG KÝ VĂN BẢN ĐI – xã %s – năm %d%s%s", tenant_name, year,
              series ? " – sổ " : "", series ? series : "");
    if (strcmp (format, "rows") != 0) {
        bool html = strcmp (format, "html") == 0;
        zchunk_t *out = zchunk_new (NULL, 0);
        if (html) {
            zchunk_extend (out, "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>", strlen ("<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>"));
            s_html_escape (out, title);
            const char *head = "</title>\n<style>table{border-collapse:collapse}td,th{border:1px solid #000;"
                               "padding:2px 4px;vertical-align:top}</style></head><body>\n<h1>";
            zchunk_extend (out, head, strlen (head));
            s_html_escape (out, title);
            zchunk_extend (out, "</h1>\n<table>\n<tr>", strlen ("</h1>\n<table>\n<tr>"));
        }
        else {
            zchunk_extend (out, title, strlen (title));
            zchunk_extend (out, "\n", strlen ("\n"));
        }
        for (size_t i = 0; i < vp_val_len (columns); i++) {
            const char *c = vp_val_get_str (vp_array_at (columns, i));
            if (html) {
                zchunk_extend (out, "<th>", strlen ("<th>"));
                s_html_escape (out, c);
                zchunk_extend (out, "</th>", strlen ("</th>"));
            }
            else {
                zchunk_extend (out, i ? " | " : "", i ? 3 : 0);
                zchunk_extend (out, c, strlen (c));
            }
        }
        zchunk_extend (out, html ? "</tr>\n" : "\n", html ? 6 : 1);
        for (size_t r = 0; r < vp_val_len (rows); r++) {
            const vp_val_t *row = vp_array_at (rows, r);
            zchunk_extend (out, html ? "<tr>" : "", html ? 4 : 0);
            for (size_t i = 0; i < vp_val_len (row); i++) {
                const char *c = vp_val_get_str (vp_array_at (row, i));
                if (html) {
                    zchunk_extend (out, "<td>", strlen ("<td>"));
                    s_html_escape (out, c);
                    zchunk_extend (out, "</td>", strlen ("</td>"));
                }
                else {
                    zchunk_extend (out, i ? " | " : "", i ? 3 : 0);
                    zchunk_extend (out, c, strlen (c));
                }
            }
            zchunk_extend (out, html ? "</tr>\n" : "\n", html ? 6 : 1);
        }
        if (html)
            zchunk_extend (out, "</table>\n</body></html>\n", strlen ("</table>\n</body></html>\n"));
        vp_map_put (result, VP_K_TEXT, vp_val_strn ((const char *) zchunk_data (out), zchunk_size (out)));
        zchunk_destroy (&out);
    }
    vp_map_put_str (result, VP_K_TITLE, title);
    vp_map_put_int (result, VP_K_YEAR, year);
    vp_map_put (result, "columns", columns);
    vp_map_put (result, "rows", rows);
    vp_map_put (result, VP_K_OUTGOING, ids);
    return 0;
}

static const vp_cmd_t s_commands[] = {
    { VP_C_DOCUMENTS_OUTGOING_SIGN, s_sign_tx, true, .changes = true },
    { VP_C_DOCUMENTS_OUTGOING_REGISTER_BOOK, out_register_book, true },
    { NULL }
};

void
out_issue_register (doc_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
