/*  out_reports - the six outputs of Decree 30, Appendix VI.V.

    documents.output {output, format?, year?, book?, dossier?, body?}:
      so-den           sổ đăng ký văn bản đến (documents.register_book's rows)
      bao-cao-den      báo cáo tình hình giải quyết văn bản đến: each
                       document's handler, deadline, the day it was done
                       and its state, then the totals
      muc-luc-van-ban  mục lục văn bản trong hồ sơ (a dossier's index)
      muc-luc-ho-so    mục lục hồ sơ (the dossiers of a year)
      so-di            sổ đăng ký văn bản đi (documents.outgoing.register_book)
      bao-cao-di       báo cáo tình hình giải quyết văn bản đi: each outgoing
                       document of the year, its state, its receivers and how
                       many registered and finished it, then the totals
    Every output gives {title, columns, rows}; with format pdf (A4, the
    office's header, page numbers, the print mark) or xlsx it is also
    stored in <data-dir>/exports/<sha256>.<ext> and logged (III.6.k).
*/
#include <string.h>
#include "dos_dossier.h"
#include "doc_access.h"
#include "vp/vp_vocab.h"
#include "out.h"
#include "vp/vp_fields.h"

typedef struct {
    char title[300];
    char target[100];
    char body[64];
    vp_val_t *columns, *rows, *totals, *items;
    const double *widths;
    bool landscape;
} s_output_t;

static vp_val_t *
s_strings (const char *const *list)
{
    vp_val_t *array = vp_val_array ();
    for (int i = 0; list[i]; i++)
        vp_array_push (array, vp_val_str (list[i]));
    return array;
}

static int64_t
s_year (doc_service_t *self, vp_cmdctx_t *ctx, const vp_val_t *args)
{
    if (vp_map_get (args, VP_K_YEAR))
        return vp_map_int (args, VP_K_YEAR, 0);
    char zone[64];
    vp_tm_t tm;
    vp_time_local (vp_clock_now (), doc_zone (self, ctx->tenant, zone), &tm);
    return tm.year;
}

//  The book asked for, else the commune's first.
static int
s_book (doc_service_t *self, vp_cmdctx_t *ctx, const vp_val_t *args, char book[80], vp_err_t *err)
{
    if (vp_map_str (args, VP_K_BOOK)) {
        snprintf (book, 80, "%s", vp_map_str (args, VP_K_BOOK));
        return 0;
    }
    sqlite3_stmt *stmt = vp_db_cached (self->db, "SELECT book FROM doc_book WHERE tenant = ?1 ORDER BY book LIMIT 1", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    int rc = sqlite3_step (stmt) == SQLITE_ROW ? 0 : -1;
    if (rc == 0)
        snprintf (book, 80, "%s", (const char *) sqlite3_column_text (stmt, 0));
    sqlite3_reset (stmt);
    return rc ? vp_err_set (err, VP_E_NOT_FOUND, VP_K_BOOK, "chưa có sổ đăng ký văn bản đến (no register book)") : 0;
}

//  ---------------------------------------------------------------- 1

static int
s_so_den (doc_service_t *self, vp_cmdctx_t *ctx, const vp_val_t *args, s_output_t *out, vp_err_t *err)
{
    static const double widths[] = { 0.7, 1.2, 1.8, 1.3, 1.1, 3.6, 1.8, 0.8, 1.4 };
    char book[80];
    if (s_book (self, ctx, args, book, err))
        return -1;
    int64_t year = s_year (self, ctx, args);
    vp_val_t *call = vp_val_map ();
    vp_map_put_str (call, VP_K_BOOK, book);
    vp_map_put_int (call, VP_K_YEAR, year);
    vp_val_t *reg = vp_val_map ();
    int rc = doc_register_book (ctx, call, reg, err);
    vp_val_destroy (&call);
    if (rc == 0) {
        snprintf (out->title, sizeof out->title, "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN NĂM %lld — %s", (long long) year,
                  vp_map_str (reg, VP_K_NAME));
        snprintf (out->target, sizeof out->target, "%s/%lld", book, (long long) year);
        out->columns = vp_map_take (reg, "columns");
        out->rows = vp_map_take (reg, "rows");
        out->widths = widths;
        out->landscape = true;
    }
    vp_val_destroy (&reg);
    return rc;
}

//  ---------------------------------------------------------------- 2

static const char *const s_report_columns[] = {
    "Số đến", "Ngày đến", "Số, ký hiệu", "Trích yếu", "Người giải quyết", "Hạn giải quyết",
    "Ngày giải quyết", "Tình hình giải quyết", NULL
};

//  The state of a document at `now`, as the report writes it.
const char *
out_state (const char *status, int64_t deadline, int64_t done_at, int64_t now)
{
    if (status && strcmp (status, "forwarded") == 0)
        return "Đã chuyển";
    if (done_at)
        return !deadline || done_at <= deadline ? "Đã giải quyết đúng hạn" : "Đã giải quyết quá hạn";
    if (deadline && now > deadline)
        return "Chưa giải quyết, quá hạn";
    return "Đang giải quyết trong hạn";
}

static int
s_bao_cao_den (doc_service_t *self, vp_cmdctx_t *ctx, const vp_val_t *args, s_output_t *out, vp_err_t *err)
{
    static const double widths[] = { 0.7, 1.1, 1.4, 3.6, 1.8, 1.1, 1.1, 1.8 };
    int64_t year = s_year (self, ctx, args);
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT d.arrival_number, d.arrived_at, d.number, d.type, d.summary, d.secrecy, d.status, d.deadline,"
        " coalesce (" VP_STAFF_SQL_OFFICER_NAME ("d.officer") ", d.officer, ''),"
        " (SELECT max (h.at) FROM doc_history h WHERE h.tenant = d.tenant AND h.document = d.document"
        "  AND h.step = 'done') AS done_at"
        " FROM doc_document d"
        " WHERE d.tenant = ?1 AND d.year = ?2 AND (?3 IS NULL OR d.book = ?3) ORDER BY d.book, d.arrival_number", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 2, year);
    sqlite3_bind_text (stmt, 3, vp_map_str (args, VP_K_BOOK), -1, SQLITE_STATIC);
    int64_t now = vp_clock_now ();
    static const char *const states[] = {
        "Đã giải quyết đúng hạn", "Đã giải quyết quá hạn", "Đang giải quyết trong hạn",
        "Chưa giải quyết, quá hạn", "Đã chuyển", NULL
    };
    int64_t counts[5] = { 0 };
    out->rows = vp_val_array ();
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        #define S_TEXT(i) (sqlite3_column_type (stmt, i) == SQLITE_TEXT ? (const char *) sqlite3_column_text (stmt, i) : "")
        bool sees = doc_access_sees (self, ctx, S_TEXT (5));
        int64_t deadline = sqlite3_column_int64 (stmt, 7);
        int64_t done_at = sqlite3_column_int64 (stmt, 9);
        const char *state = out_state (S_TEXT (6), deadline, done_at, now);
        for (int i = 0; states[i]; i++)
            if (strcmp (states[i], state) == 0)
                counts[i]++;
        const vp_doc_type_t *type = vp_doc_type (S_TEXT (3));
        char day[32];
        vp_val_t *row = vp_val_array ();
        vp_array_push (row, vp_val_strf ("%02lld", (long long) sqlite3_column_int64 (stmt, 0)));
        vp_array_push (row, vp_val_str (dos_day (self, ctx->tenant, sqlite3_column_int64 (stmt, 1), day)));
        vp_array_push (row, vp_val_str (sees ? S_TEXT (2) : ""));
        if (sees)
            vp_array_push (row, vp_val_strf ("%s: %s", type ? type->name : S_TEXT (3), S_TEXT (4)));
        else
            vp_array_push (row, vp_val_str (""));
        vp_array_push (row, vp_val_str (sees ? S_TEXT (8) : ""));
        vp_array_push (row, vp_val_str (dos_day (self, ctx->tenant, deadline, day)));
        vp_array_push (row, vp_val_str (dos_day (self, ctx->tenant, done_at, day)));
        vp_array_push (row, vp_val_str (state));
        vp_array_push (out->rows, row);
        #undef S_TEXT
    }
    sqlite3_reset (stmt);
    out->totals = vp_val_map ();
    for (int i = 0; states[i]; i++)
        vp_map_put_int (out->totals, states[i], counts[i]);
    vp_map_put_int (out->totals, "Tổng số", (int64_t) vp_val_len (out->rows));
    snprintf (out->title, sizeof out->title, "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT VĂN BẢN ĐẾN NĂM %lld", (long long) year);
    snprintf (out->target, sizeof out->target, "%s/%lld", vp_map_str (args, VP_K_BOOK) ? vp_map_str (args, VP_K_BOOK) : "*",
              (long long) year);
    out->columns = s_strings (s_report_columns);
    out->widths = widths;
    out->landscape = true;
    return 0;
}

//  ---------------------------------------------------------------- 3, 4

static int
s_muc_luc_van_ban (doc_service_t *self, vp_cmdctx_t *ctx, const vp_val_t *args, s_output_t *out, vp_err_t *err)
{
    const char *dossier = vp_map_str (args, VP_K_DOSSIER);
    if (!dossier)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_DOSSIER, "mục lục văn bản cần hồ sơ (dossier is required)");
    vp_val_t *row = dos_describe (self, ctx->tenant, dossier, err);
    if (!row)
        return -1;
    vp_val_t *items = dos_documents (self, ctx, dossier, err);
    if (!items) {
        vp_val_destroy (&row);
        return -1;
    }
    snprintf (out->title, sizeof out->title, "MỤC LỤC VĂN BẢN — Hồ sơ %s: %s",
              vp_map_str (row, VP_K_CODE) ? vp_map_str (row, VP_K_CODE) : dossier, vp_map_str (row, VP_K_TITLE));
    snprintf (out->target, sizeof out->target, "%s", dossier);
    snprintf (out->body, sizeof out->body, "%s", vp_map_str (row, VP_K_BODY) ? vp_map_str (row, VP_K_BODY) : "");
    out->columns = dos_index_headings (&out->widths);
    out->rows = dos_index_rows (self, ctx, items);
    out->items = items;
    vp_val_destroy (&row);
    return 0;
}

static const char *const s_dossier_columns[] = {
    "Số TT", "Mã hồ sơ", "Tiêu đề hồ sơ", "Thời gian bắt đầu – kết thúc", "Thời hạn bảo quản",
    "Số lượng văn bản", "Người lập hồ sơ", "Ghi chú", NULL
};

static int
s_muc_luc_ho_so (doc_service_t *self, vp_cmdctx_t *ctx, const vp_val_t *args, s_output_t *out, vp_err_t *err)
{
    static const double widths[] = { 0.6, 2.2, 3.4, 1.8, 1.1, 0.9, 1.6, 1.4 };
    int64_t year = s_year (self, ctx, args);
    vp_val_t *list = dos_list_rows (self, ctx->tenant, year, vp_map_str (args, VP_K_BODY), err);
    if (!list)
        return -1;
    out->rows = vp_val_array ();
    for (size_t i = 0; i < vp_val_len (list); i++) {
        vp_val_t *d = vp_array_at (list, i);
        char a[32], b[32], span[80];
        dos_day (self, ctx->tenant, vp_map_int (d, "start_date", 0), a);
        dos_day (self, ctx->tenant, vp_map_int (d, "end_date", 0), b);
        snprintf (span, sizeof span, "%s%s%s", a, *a ? " – " : "", b);
        const char *note = vp_map_int (d, "handed_over_at", 0) ? "Đã nộp lưu"
                         : vp_map_int (d, "frozen_at", 0) ? "Phong tỏa"
                         : vp_map_int (d, "closed_at", 0) ? "Đã đóng" : "Đang lập";
        vp_val_t *row = vp_val_array ();
        vp_array_push (row, vp_val_strf ("%zu", i + 1));
        vp_array_push (row, vp_val_str (vp_map_str (d, VP_K_CODE) ? vp_map_str (d, VP_K_CODE) : vp_map_str (d, VP_K_DOSSIER)));
        vp_array_push (row, vp_val_str (vp_map_str (d, VP_K_TITLE)));
        vp_array_push (row, vp_val_str (span));
        vp_array_push (row, vp_val_str (vp_map_str (d, "maintenance") ? vp_map_str (d, "maintenance") : ""));
        vp_array_push (row, vp_val_strf ("%lld", (long long) vp_map_int (d, VP_K_DOCUMENTS, 0)));
        vp_array_push (row, vp_val_str (vp_map_str (d, "creator_name") ? vp_map_str (d, "creator_name")
                                        : vp_map_str (d, "creator") ? vp_map_str (d, "creator") : ""));
        vp_array_push (row, vp_val_str (note));
        vp_array_push (out->rows, row);
    }
    vp_val_destroy (&list);
    snprintf (out->title, sizeof out->title, "MỤC LỤC HỒ SƠ NĂM %lld", (long long) year);
    snprintf (out->target, sizeof out->target, "%s/%lld", vp_map_str (args, VP_K_BODY) ? vp_map_str (args, VP_K_BODY) : "*",
              (long long) year);
    if (vp_map_str (args, VP_K_BODY))
        snprintf (out->body, sizeof out->body, "%s", vp_map_str (args, VP_K_BODY));
    out->columns = s_strings (s_dossier_columns);
    out->widths = widths;
    out->landscape = true;
    return 0;
}

//  ---------------------------------------------------------------- 3, 4: outgoing

//  Sổ đăng ký văn bản đi: the rows of documents.outgoing.register_book.
static int
s_so_di (doc_service_t *self, vp_cmdctx_t *ctx, const vp_val_t *args, s_output_t *out, vp_err_t *err)
{
    static const double widths[] = { 1.2, 1.0, 3.2, 1.6, 2.0, 1.3, 0.6, 1.0, 0.8, 1.5 };
    int64_t year = s_year (self, ctx, args);
    vp_val_t *call = vp_val_map ();
    vp_map_put_int (call, VP_K_YEAR, year);
    vp_val_t *reg = vp_val_map ();
    int rc = out_register_book (ctx, call, reg, err);
    vp_val_destroy (&call);
    if (rc == 0) {
        snprintf (out->title, sizeof out->title, "SỔ ĐĂNG KÝ VĂN BẢN ĐI NĂM %lld", (long long) year);
        snprintf (out->target, sizeof out->target, "so-di/%lld", (long long) year);
        out->columns = vp_map_take (reg, "columns");
        out->rows = vp_map_take (reg, "rows");
        out->widths = widths;
        out->landscape = true;
    }
    vp_val_destroy (&reg);
    return rc;
}

static const char *const s_out_columns[] = {
    "Số, ký hiệu", "Ngày ban hành", "Tên loại và trích yếu", "Người soạn", "Tình trạng", "Nơi nhận",
    "Đã nhận", "Đã giải quyết", NULL
};

//  An outgoing document's state, as the report writes it.
static const char *
s_out_state (const char *status)
{
    static const struct { const char *status, *name; } names[] = {
        { "draft", "Đang soạn thảo" }, { "consulting", "Đang lấy ý kiến" }, { "approving", "Đang trình duyệt" },
        { "returned", "Bị trả lại" }, { "signing", "Chờ ký" }, { "issued", "Đã ban hành" },
        { "recalled", "Đã thu hồi" }, { NULL, NULL }
    };
    for (int i = 0; status && names[i].status; i++)
        if (strcmp (names[i].status, status) == 0)
            return names[i].name;
    return status ? status : "";
}

//  Báo cáo tình hình giải quyết văn bản đi: every outgoing document of the
//  year (drafted or issued in it), its state, its receivers, how many of
//  them registered it and how many finished it; then the totals.
static int
s_bao_cao_di (doc_service_t *self, vp_cmdctx_t *ctx, const vp_val_t *args, s_output_t *out, vp_err_t *err)
{
    static const double widths[] = { 1.3, 1.0, 3.6, 1.6, 1.3, 2.6, 0.8, 0.9 };
    int64_t year = s_year (self, ctx, args);
    char zone[64];
    doc_zone (self, ctx->tenant, zone);
    vp_tm_t first = { .year = (int) year, .month = 1, .day = 1 }, next = { .year = (int) year + 1, .month = 1, .day = 1 };
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT d.label, d.issued_at, d.type, d.summary, " VP_STAFF_SQL_OFFICER_NAME ("d.drafter") " AS drafter,"
        " d.status,"
        " (SELECT count (*) FROM doc_out_recipient r WHERE r.tenant = d.tenant AND r.outgoing = d.outgoing) AS receivers,"
        " (SELECT count (*) FROM doc_out_recipient r WHERE r.tenant = d.tenant AND r.outgoing = d.outgoing"
        "   AND r.status IS NOT NULL AND r.status NOT IN ('sent', 'email_pending', 'recalling')) AS received,"
        " (SELECT count (*) FROM doc_out_recipient r WHERE r.tenant = d.tenant AND r.outgoing = d.outgoing"
        "   AND r.status = 'done') AS done"
        " FROM doc_out d"
        " WHERE d.tenant = ?1 AND coalesce (d.issued_at, d.drafted_at) >= ?2 AND coalesce (d.issued_at, d.drafted_at) < ?3"
        " ORDER BY coalesce (d.issued_at, d.drafted_at)", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 2, vp_time_from_local (&first, zone));
    sqlite3_bind_int64 (stmt, 3, vp_time_from_local (&next, zone));
    vp_val_t *found = vp_db_rows (stmt);
    out->rows = vp_val_array ();
    int64_t issued = 0, in_work = 0, recalled = 0, received = 0, receivers = 0, done = 0;
    for (size_t i = 0; i < vp_val_len (found); i++) {
        const vp_val_t *d = vp_array_at (found, i);
        const char *status = vp_map_str (d, VP_K_STATUS);
        char day[32] = "";
        if (vp_map_get (d, "issued_at"))
            vp_time_format (vp_map_int (d, "issued_at", 0), zone, "%d/%m/%Y", day, sizeof day);
        const vp_doc_type_t *type = vp_doc_type (vp_map_str (d, VP_K_TYPE));
        vp_val_t *row = vp_val_array ();
        vp_array_push (row, vp_val_str (vp_map_str (d, VP_K_LABEL) ? vp_map_str (d, VP_K_LABEL) : ""));
        vp_array_push (row, vp_val_str (day));
        vp_array_push (row, vp_val_strf ("%s: %s", type ? type->name : vp_map_str (d, VP_K_TYPE), vp_map_str (d, VP_K_SUMMARY)));
        vp_array_push (row, vp_val_str (vp_map_str (d, "drafter") ? vp_map_str (d, "drafter") : ""));
        vp_array_push (row, vp_val_str (s_out_state (status)));
        vp_array_push (row, vp_val_strf ("%lld", (long long) vp_map_int (d, "receivers", 0)));
        vp_array_push (row, vp_val_strf ("%lld", (long long) vp_map_int (d, "received", 0)));
        vp_array_push (row, vp_val_strf ("%lld", (long long) vp_map_int (d, "done", 0)));
        vp_array_push (out->rows, row);
        issued += status && strcmp (status, "issued") == 0;
        recalled += status && strcmp (status, "recalled") == 0;
        in_work += status && strcmp (status, "issued") != 0 && strcmp (status, "recalled") != 0;
        receivers += vp_map_int (d, "receivers", 0);
        received += vp_map_int (d, "received", 0);
        done += vp_map_int (d, "done", 0);
    }
    vp_val_destroy (&found);
    snprintf (out->title, sizeof out->title, "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT VĂN BẢN ĐI NĂM %lld", (long long) year);
    snprintf (out->target, sizeof out->target, "bao-cao-di/%lld", (long long) year);
    out->columns = s_strings (s_out_columns);
    out->totals = vp_val_map ();
    vp_map_put_int (out->totals, "issued", issued);
    vp_map_put_int (out->totals, "in_work", in_work);
    vp_map_put_int (out->totals, "recalled", recalled);
    vp_map_put_int (out->totals, "receivers", receivers);
    vp_map_put_int (out->totals, "received", received);
    vp_map_put_int (out->totals, "done", done);
    out->widths = widths;
    out->landscape = true;
    return 0;
}

//  ----------------------------------------------------------------

typedef int (s_make_fn) (doc_service_t *, vp_cmdctx_t *, const vp_val_t *, s_output_t *, vp_err_t *);

static const struct {
    const char *name;
    s_make_fn *make;
} s_outputs[] = {
    { "so-den", s_so_den },
    { "bao-cao-den", s_bao_cao_den },
    { "so-di", s_so_di },
    { "bao-cao-di", s_bao_cao_di },
    { "muc-luc-van-ban", s_muc_luc_van_ban },
    { "muc-luc-ho-so", s_muc_luc_ho_so },
    { NULL }
};

static int
s_render (doc_service_t *self, vp_cmdctx_t *ctx, const char *name, const char *format, s_output_t *out,
          vp_val_t *result, vp_err_t *err)
{
    char office[256], mark[400];
    dos_office (self, ctx->tenant, *out->body ? out->body : NULL, office);
    dos_mark (self, ctx, mark);
    char *data = NULL;
    size_t size = 0;
    int pages = 0, rc;
    if (strcmp (format, "pdf") == 0) {
        dos_pdf_t *pdf = dos_pdf_new (office, mark, out->landscape);
        dos_pdf_title (pdf, out->title);
        dos_pdf_table (pdf, out->columns, out->widths, out->rows);
        if (out->totals)
            for (size_t i = 0; i < vp_val_len (out->totals); i++) {
                char count[32];
                snprintf (count, sizeof count, "%lld", (long long) vp_val_get_int (vp_map_value_at (out->totals, i)));
                dos_pdf_field (pdf, vp_map_key_at (out->totals, i), count);
            }
        rc = dos_pdf_finish (pdf, &data, &size, &pages, err);
        dos_pdf_destroy (&pdf);
    }
    else {
        vp_val_t *rows = vp_val_dup (out->rows);
        if (out->totals)
            for (size_t i = 0; i < vp_val_len (out->totals); i++) {
                vp_val_t *row = vp_val_array ();
                vp_array_push (row, vp_val_str (vp_map_key_at (out->totals, i)));
                vp_array_push (row, vp_val_strf ("%lld", (long long) vp_val_get_int (vp_map_value_at (out->totals, i))));
                vp_array_push (rows, row);
            }
        rc = dos_xlsx_make (self, office, out->title, mark, out->columns, rows, &data, &size, err);
        vp_val_destroy (&rows);
    }
    if (rc == 0)
        rc = dos_store (self, ctx, name, out->target, format, data, size, pages, result, err);
    free (data);
    return rc;
}

//  {output, format?, year?, book?, dossier?, body?}
static int
s_output_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *name = vp_map_str (args, VP_K_OUTPUT);
    const char *format = vp_map_str (args, VP_K_FORMAT);
    s_output_t out = { 0 };
    int rc = -1;
    for (int i = 0; s_outputs[i].name; i++)
        if (strcmp (s_outputs[i].name, name) == 0)
            rc = s_outputs[i].make (self, ctx, args, &out, err);
    if (rc == 0 && format)
        rc = s_render (self, ctx, name, format, &out, result, err);
    if (rc == 0 && format && out.items)
        rc = dos_mark_exported (self, ctx, out.items, out.target, format, err);
    if (rc == 0) {
        vp_map_put_str (result, VP_K_OUTPUT, name);
        vp_map_put_str (result, VP_K_TITLE, out.title);
        vp_map_put (result, "columns", out.columns);
        vp_map_put (result, "rows", out.rows);
        if (out.totals)
            vp_map_put (result, "totals", out.totals);
        out.columns = out.rows = out.totals = NULL;
    }
    vp_val_destroy (&out.columns);
    vp_val_destroy (&out.rows);
    vp_val_destroy (&out.totals);
    vp_val_destroy (&out.items);
    return rc;
}

static const vp_cmd_t s_commands[] = {
    { VP_C_DOCUMENTS_OUTPUT, s_output_tx, true, .changes = true },
    { NULL }
};

void
out_reports_register (doc_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
