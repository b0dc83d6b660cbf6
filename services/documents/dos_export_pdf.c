/*  dos_export_pdf - a whole dossier as one PDF (III.4.g), and the
    command that exports a dossier as PDF or XML (dos_export_xml.c).

    The PDF: the dossier's fields and the index of its documents (mục lục
    văn bản), then each document in the order they were made, on its own
    page: its fields, its files and its handling trail. A document the
    actor is not cleared for keeps its row and shows no text. Every
    document exported gets a step `exported` in its history, and the
    export is logged (who, when: III.6.k).
*/
#include <string.h>
#include "dos_dossier.h"
#include "vp/vp_vocab.h"
#include "vp/vp_fields.h"

static const char *const s_index_headings[] = {
    "STT", "Số, ký hiệu", "Ngày tháng", "Tác giả", "Trích yếu nội dung", "Ghi chú", NULL
};
static const double s_index_widths[] = { 0.6, 1.6, 1.1, 1.8, 4.2, 1.2 };

vp_val_t *
dos_index_headings (const double **widths)
{
    vp_val_t *headings = vp_val_array ();
    for (int i = 0; s_index_headings[i]; i++)
        vp_array_push (headings, vp_val_str (s_index_headings[i]));
    if (widths)
        *widths = s_index_widths;
    return headings;
}

vp_val_t *
dos_index_rows (doc_service_t *self, vp_cmdctx_t *ctx, const vp_val_t *items)
{
    vp_val_t *rows = vp_val_array ();
    for (size_t i = 0; i < vp_val_len (items); i++) {
        vp_val_t *item = vp_array_at (items, i);
        bool sees = vp_map_bool (item, "sees", false);
        char day[32];
        vp_val_t *row = vp_val_array ();
        vp_array_push (row, vp_val_strf ("%lld", (long long) vp_map_int (item, "ordinal", 0)));
        vp_array_push (row, vp_val_str (sees ? vp_map_str (item, VP_K_NUMBER) : ""));
        vp_array_push (row, vp_val_str (dos_day (self, ctx->tenant, vp_map_int (item, VP_K_DOC_DATE, 0), day)));
        vp_array_push (row, vp_val_str (sees ? vp_map_str (item, VP_K_ISSUER) : ""));
        if (sees)
            vp_array_push (row, vp_val_strf ("%s: %s", vp_map_str (item, "type_name"), vp_map_str (item, VP_K_SUMMARY)));
        else
            vp_array_push (row, vp_val_str ("(văn bản mật)"));
        const char *secrecy = vp_map_str (item, VP_K_SECRECY);
        vp_array_push (row, vp_val_str (secrecy && strcmp (secrecy, "thuong") != 0 ? vp_secrecy_title (secrecy) : ""));
        vp_array_push (rows, row);
    }
    return rows;
}

//  The dossier's fields, as label/value lines.
static void
s_fields (doc_service_t *self, vp_cmdctx_t *ctx, dos_pdf_t *pdf, const vp_val_t *row)
{
    char day[32], day2[32], span[80];
    dos_pdf_field (pdf, "Mã hồ sơ", vp_map_str (row, VP_K_CODE) ? vp_map_str (row, VP_K_CODE) : vp_map_str (row, VP_K_DOSSIER));
    dos_pdf_field (pdf, "Tiêu đề hồ sơ", vp_map_str (row, VP_K_TITLE));
    dos_pdf_field (pdf, "Thời hạn bảo quản", vp_map_str (row, "maintenance"));
    dos_pdf_field (pdf, "Chế độ sử dụng", vp_map_str (row, VP_K_RIGHTS));
    dos_pdf_field (pdf, "Người lập hồ sơ", vp_map_str (row, "creator_name") ? vp_map_str (row, "creator_name")
                                                                            : vp_map_str (row, "creator"));
    snprintf (span, sizeof span, "%s – %s", dos_day (self, ctx->tenant, vp_map_int (row, "start_date", 0), day),
              dos_day (self, ctx->tenant, vp_map_int (row, "end_date", 0), day2));
    dos_pdf_field (pdf, "Thời gian", span);
    char total[32];
    snprintf (total, sizeof total, "%lld", (long long) vp_map_int (row, VP_K_DOCUMENTS, 0));
    dos_pdf_field (pdf, "Tổng số văn bản", total);
    if (vp_map_str (row, VP_K_DESCRIPTION))
        dos_pdf_field (pdf, "Chú giải", vp_map_str (row, VP_K_DESCRIPTION));
}

//  One document's page: fields, files, trail.
static void
s_document_page (doc_service_t *self, vp_cmdctx_t *ctx, dos_pdf_t *pdf, const vp_val_t *item)
{
    char line[600], day[32];
    dos_pdf_page_break (pdf);
    snprintf (line, sizeof line, "Văn bản %lld: %s", (long long) vp_map_int (item, "ordinal", 0),
              vp_map_str (item, VP_K_NUMBER) ? vp_map_str (item, VP_K_NUMBER) : "");
    dos_pdf_title (pdf, line);
    if (!vp_map_bool (item, "sees", false)) {
        dos_pdf_text (pdf, "Văn bản mật: người xuất không được xem nội dung.");
        return;
    }
    dos_pdf_field (pdf, "Loại văn bản", vp_map_str (item, "type_name"));
    dos_pdf_field (pdf, "Số, ký hiệu", vp_map_str (item, VP_K_NUMBER));
    dos_pdf_field (pdf, "Ngày tháng", dos_day (self, ctx->tenant, vp_map_int (item, VP_K_DOC_DATE, 0), day));
    dos_pdf_field (pdf, "Cơ quan ban hành", vp_map_str (item, VP_K_ISSUER));
    dos_pdf_field (pdf, "Trích yếu", vp_map_str (item, VP_K_SUMMARY));
    snprintf (line, sizeof line, "%lld/%lld", (long long) vp_map_int (item, VP_K_ARRIVAL_NUMBER, 0),
              (long long) vp_map_int (item, VP_K_YEAR, 0));
    dos_pdf_field (pdf, "Số đến", line);
    dos_pdf_field (pdf, "Ngày đến", dos_day (self, ctx->tenant, vp_map_int (item, VP_K_ARRIVED_AT, 0), day));
    dos_pdf_field (pdf, "Độ khẩn", vp_urgency_title (vp_map_str (item, VP_K_URGENCY)));
    dos_pdf_field (pdf, "Độ mật", vp_secrecy_title (vp_map_str (item, VP_K_SECRECY)));
    if (vp_map_int (item, VP_K_DEADLINE, 0))
        dos_pdf_field (pdf, "Hạn xử lý", dos_day (self, ctx->tenant, vp_map_int (item, VP_K_DEADLINE, 0), day));
    if (vp_map_str (item, VP_K_NOTE))
        dos_pdf_field (pdf, "Ghi chú", vp_map_str (item, VP_K_NOTE));
    //  Files.
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT name, sha256, size FROM doc_attachment WHERE tenant = ?1 AND document = ?2 ORDER BY rowid", NULL);
    if (stmt) {
        sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, vp_map_str (item, VP_K_DOCUMENT), -1, SQLITE_STATIC);
        while (sqlite3_step (stmt) == SQLITE_ROW) {
            snprintf (line, sizeof line, "%s (%lld byte, sha256 %s)", (const char *) sqlite3_column_text (stmt, 0),
                      (long long) sqlite3_column_int64 (stmt, 2), (const char *) sqlite3_column_text (stmt, 1));
            dos_pdf_field (pdf, "Tệp đính kèm", line);
        }
        sqlite3_reset (stmt);
    }
    //  The handling trail.
    stmt = vp_db_cached (self->db,
        "SELECT at, actor, step, detail FROM doc_history WHERE tenant = ?1 AND document = ?2 ORDER BY at, rowid", NULL);
    if (!stmt)
        return;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, vp_map_str (item, VP_K_DOCUMENT), -1, SQLITE_STATIC);
    vp_val_t *rows = vp_val_array ();
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        vp_val_t *row = vp_val_array ();
        vp_array_push (row, vp_val_str (dos_day (self, ctx->tenant, sqlite3_column_int64 (stmt, 0), day)));
        vp_array_push (row, vp_val_str ((const char *) sqlite3_column_text (stmt, 1)));
        vp_array_push (row, vp_val_str ((const char *) sqlite3_column_text (stmt, 2)));
        vp_array_push (row, vp_val_str ((const char *) sqlite3_column_text (stmt, 3)));
        vp_array_push (rows, row);
    }
    sqlite3_reset (stmt);
    dos_pdf_text (pdf, "Quá trình xử lý:");
    vp_val_t *headings = vp_val_array ();
    const char *names[] = { "Ngày", "Người", "Bước", "Nội dung" };
    for (int i = 0; i < 4; i++)
        vp_array_push (headings, vp_val_str (names[i]));
    static const double widths[] = { 1.2, 2, 1.3, 5 };
    dos_pdf_table (pdf, headings, widths, rows);
    vp_val_destroy (&headings);
    vp_val_destroy (&rows);
}

//  Each exported document gets a history step (III.6.k).
int
dos_mark_exported (doc_service_t *self, vp_cmdctx_t *ctx, const vp_val_t *items, const char *dossier,
                   const char *format, vp_err_t *err)
{
    char detail[200];
    snprintf (detail, sizeof detail, "xuất hồ sơ %s (%s)", dossier, format);
    for (size_t i = 0; i < vp_val_len (items); i++) {
        vp_val_t *item = vp_array_at (items, i);
        if (vp_map_bool (item, "sees", false)
        &&  doc_history_add (self, ctx->tenant, vp_map_str (item, VP_K_DOCUMENT), ctx->actor, "exported", detail, err))
            return -1;
    }
    return 0;
}

static int
s_pdf (doc_service_t *self, vp_cmdctx_t *ctx, const char *dossier, vp_val_t *result, vp_err_t *err)
{
    vp_val_t *row = dos_describe (self, ctx->tenant, dossier, err);
    if (!row)
        return -1;
    vp_val_t *items = dos_documents (self, ctx, dossier, err);
    if (!items) {
        vp_val_destroy (&row);
        return -1;
    }
    char office[256], mark[400], title[700];
    dos_office (self, ctx->tenant, vp_map_str (row, VP_K_BODY), office);
    dos_mark (self, ctx, mark);
    dos_pdf_t *pdf = dos_pdf_new (office, mark, false);
    snprintf (title, sizeof title, "HỒ SƠ: %s", vp_map_str (row, VP_K_TITLE));
    dos_pdf_title (pdf, title);
    s_fields (self, ctx, pdf, row);
    dos_pdf_title (pdf, "MỤC LỤC VĂN BẢN");
    const double *widths;
    vp_val_t *headings = dos_index_headings (&widths);
    vp_val_t *rows = dos_index_rows (self, ctx, items);
    dos_pdf_table (pdf, headings, widths, rows);
    vp_val_destroy (&headings);
    vp_val_destroy (&rows);
    for (size_t i = 0; i < vp_val_len (items); i++)
        s_document_page (self, ctx, pdf, vp_array_at (items, i));
    char *data = NULL;
    size_t size = 0;
    int pages = 0;
    int rc = dos_pdf_finish (pdf, &data, &size, &pages, err);
    dos_pdf_destroy (&pdf);
    if (rc == 0)
        rc = dos_store (self, ctx, "dossier", dossier, "pdf", data, size, pages, result, err);
    if (rc == 0)
        rc = dos_mark_exported (self, ctx, items, dossier, "pdf", err);
    vp_map_put_str (result, VP_K_DOSSIER, dossier);
    vp_map_put_int (result, VP_K_DOCUMENTS, (int64_t) vp_val_len (items));
    free (data);
    vp_val_destroy (&items);
    vp_val_destroy (&row);
    return rc;
}

//  {dossier, format}
static int
s_export_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *dossier = vp_map_str (args, VP_K_DOSSIER);
    int rc = strcmp (vp_map_str (args, VP_K_FORMAT), "xml") == 0
        ? dos_export_xml (self, ctx, dossier, result, err)
        : s_pdf (self, ctx, dossier, result, err);
    //  An export opens the dossier: counted in its transaction (dos_opens).
    return rc ? rc : dos_opens_add (self, ctx->tenant, dossier, err);
}

//  {since?}: the export log.
static int
s_exports (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT at, actor, what, target, format, sha256, size, pages, path FROM doc_export"
        " WHERE tenant = ?1 AND at >= ?2 ORDER BY at, rowid", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 2, vp_map_int (args, VP_K_SINCE, 0));
    vp_map_put (result, "exports", vp_db_rows (stmt));
    return 0;
}

static const vp_cmd_t s_commands[] = {
    { VP_C_DOCUMENTS_DOSSIER_EXPORT, s_export_tx, true, .changes = true },
    { VP_C_DOCUMENTS_EXPORT_LIST, s_exports, true },
    { NULL }
};

void
dos_export_pdf_register (doc_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
