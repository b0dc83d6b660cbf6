/*  web_pages_reports - Báo cáo (/bao-cao): the work of a year for the
    office head and the leaders, and its spreadsheet or PDF (POST
    /bao-cao/tai). One command makes the page (documents.report.handling):
    vp-documents counts what the reader is cleared for and decides who may
    see it (as Tổng hợp); anyone else gets its refusal as a 403 page.

    The charts are SVG written here, in the page: no script, nothing from
    elsewhere (the Content-Security-Policy allows neither). Each scales to
    the width of the screen (a viewBox, width 100%), and the tables under
    them hold the same figures for who cannot see a chart.
*/
#include "web.h"
#include "vp/vp_fields.h"

//  The columns of the report's rows (out_stats.c): 0 the name, 1
//  received, 2..6 the states, 7 the average days, 8 outgoing issued.
static const char *const s_column_ids[] = {
    "ten", "nhan", "dung-han", "qua-han", "trong-han", "chua-qua-han", "da-chuyen", "tb-ngay", "di", NULL
};

typedef struct {
    int column;
    const char *name, *colour;
} s_series_t;

static const s_series_t s_states[] = {
    { 2, "Đúng hạn", "#2e7d32" }, { 3, "Quá hạn", "#ef6c00" }, { 4, "Đang trong hạn", "#1565c0" },
    { 5, "Chưa giải quyết, quá hạn", "#c62828" }, { 6, "Đã chuyển", "#757575" }, { 0, NULL, NULL }
};
static const s_series_t s_flow[] = { { 1, "Văn bản đến", "#1565c0" }, { 8, "Văn bản đi", "#8e24aa" }, { 0, NULL, NULL } };

static long long
s_num (const vp_val_t *row, int column)
{
    const char *text = (size_t) column < vp_val_len (row) ? vp_val_get_str (vp_array_at (row, (size_t) column)) : NULL;
    return text ? atoll (text) : 0;
}

static void
s_legend (web_buf_t *o, const s_series_t *series)
{
    web_buf_add (o, "<ul class=\"legend\">");
    for (const s_series_t *s = series; s->name; s++)
        web_buf_add (o, "<li><svg width=\"12\" height=\"12\" aria-hidden=\"true\"><rect width=\"12\" height=\"12\" "
                        "fill=\"%s\"/></svg> %s</li>", s->colour, s->name);
    web_buf_add (o, "</ul>");
}

//  Documents in and out per month: two bars a month.
static void
s_month_chart (web_buf_t *o, const vp_val_t *months)
{
    const int width = 480, height = 220, left = 30, top = 14, bottom = 24;
    const double plot = height - top - bottom, group = (width - left - 4) / 12.0;
    long long most = 1;
    for (size_t m = 0; m < vp_val_len (months); m++)
        for (const s_series_t *s = s_flow; s->name; s++)
            if (s_num (vp_array_at (months, m), s->column) > most)
                most = s_num (vp_array_at (months, m), s->column);
    web_buf_add (o, "<figure class=\"chart\" id=\"bieu-do-thang\"><figcaption>Văn bản đến và đi theo tháng</figcaption>"
                    "<svg viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\" aria-label=\"Văn bản đến và đi theo tháng\""
                    " font-family=\"sans-serif\">", width, height);
    web_buf_add (o, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#999\"/>", left, top + plot, width,
                 top + plot);
    web_buf_add (o, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"end\">%lld</text>", left - 4, top + 4, most);
    for (size_t m = 0; m < vp_val_len (months) && m < 12; m++) {
        const vp_val_t *row = vp_array_at (months, m);
        double x = left + group * (double) m;
        int i = 0;
        for (const s_series_t *s = s_flow; s->name; s++, i++) {
            long long n = s_num (row, s->column);
            double h = plot * (double) n / (double) most, bx = x + 3 + i * 15;
            web_buf_add (o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"%.1f\" fill=\"%s\" data-thang=\"%zu\""
                            " data-cot=\"%s\"><title>Tháng %zu: %lld %s</title></rect>",
                         bx, top + plot - h, h, s->colour, m + 1, s_column_ids[s->column], m + 1, n, s->name);
            if (n)
                web_buf_add (o, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" text-anchor=\"middle\">%lld</text>",
                             bx + 7, top + plot - h - 2, n);
        }
        web_buf_add (o, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">T%zu</text>",
                     x + group / 2, height - 8, m + 1);
    }
    web_buf_add (o, "</svg>");
    s_legend (o, s_flow);
    web_buf_add (o, "</figure>");
}

//  The states of each row's documents as one bar in parts, its name above it.
static void
s_state_chart (web_buf_t *o, const char *id, const char *caption, const vp_val_t *rows)
{
    const int width = 400, line = 36, right = 40;
    long long most = 1;
    for (size_t r = 0; r < vp_val_len (rows); r++) {
        long long total = 0;
        for (const s_series_t *s = s_states; s->name; s++)
            total += s_num (vp_array_at (rows, r), s->column);
        if (total > most)
            most = total;
    }
    int height = (int) vp_val_len (rows) * line + 6;
    web_buf_add (o, "<figure class=\"chart\" id=\"%s\"><figcaption>%s</figcaption>"
                    "<svg viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\" aria-label=\"%s\" font-family=\"sans-serif\">",
                 id, caption, width, height, caption);
    for (size_t r = 0; r < vp_val_len (rows); r++) {
        const vp_val_t *row = vp_array_at (rows, r);
        int y = (int) r * line;
        web_buf_add (o, "<text x=\"0\" y=\"%d\" font-size=\"12\">", y + 12);
        web_buf_esc (o, vp_val_get_str (vp_array_at (row, 0)));
        web_buf_add (o, "</text>");
        double x = 0;
        long long total = 0;
        for (const s_series_t *s = s_states; s->name; s++) {
            long long n = s_num (row, s->column);
            total += n;
            if (!n)
                continue;
            double w = (width - right) * (double) n / (double) most;
            web_buf_add (o, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"14\" fill=\"%s\"><title>%s: %lld</title>"
                            "</rect>", x, y + 16, w, s->colour, s->name, n);
            x += w;
        }
        web_buf_add (o, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\">%lld</text>", x + 4, y + 28, total);
    }
    web_buf_add (o, "</svg>");
    s_legend (o, s_states);
    web_buf_add (o, "</figure>");
}

//  A table of the report's rows: each figure's cell names its row and column.
static void
s_table (web_buf_t *o, const char *id, const char *caption, const vp_val_t *columns, const vp_val_t *rows)
{
    web_buf_add (o, "<div class=\"scroll\"><table class=\"counts\" id=\"%s\"><caption>%s</caption><thead><tr>", id,
                 caption);
    for (size_t c = 0; c < vp_val_len (columns); c++) {
        web_buf_add (o, "<th>");
        web_buf_esc (o, vp_val_get_str (vp_array_at (columns, c)));
        web_buf_add (o, "</th>");
    }
    web_buf_add (o, "</tr></thead><tbody>");
    for (size_t r = 0; r < vp_val_len (rows); r++) {
        const vp_val_t *row = vp_array_at (rows, r);
        const char *name = vp_val_get_str (vp_array_at (row, 0));
        web_buf_add (o, "<tr><th scope=\"row\">");
        web_buf_esc (o, name);
        web_buf_add (o, "</th>");
        for (size_t c = 1; c < vp_val_len (row) && c < vp_val_len (columns) && s_column_ids[c]; c++) {
            web_buf_add (o, "<td class=\"num\" data-hang=\"");
            web_buf_esc (o, name);
            web_buf_add (o, "\" data-cot=\"%s\">", s_column_ids[c]);
            web_buf_esc (o, vp_val_get_str (vp_array_at (row, c)));
            web_buf_add (o, "</td>");
        }
        web_buf_add (o, "</tr>");
    }
    web_buf_add (o, "</tbody></table></div>");
}

static int
s_status_of (const vp_err_t *err)
{
    return err->code == VP_E_PERMISSION_DENIED ? 403 : err->code == VP_E_NOT_FOUND ? 404
         : err->code == VP_E_UNAVAILABLE ? 503 : 400;
}

void
web_page_reports (web_req_t *req)
{
    web_buf_t *o = &req->out;
    int year = web_year (req, web_query (req, "nam"));
    vp_val_t *args = vp_val_map (), *result = NULL;
    vp_map_put_int (args, VP_K_YEAR, year);
    vp_err_t err = { 0 };
    web_page_begin (req, "Báo cáo");
    web_buf_add (o, "<h1>Báo cáo tình hình giải quyết văn bản năm %d</h1>", year);
    if (web_cmd_call (req->web, &req->session, "documents", "documents.report.handling", args, &result, &err)) {
        req->status = (unsigned) s_status_of (&err);
        web_error_box (req, &err);
        web_page_end (req);
        return;
    }
    web_buf_add (o, "<div class=\"noprint\"><form method=\"get\" action=\"/bao-cao\" class=\"form search\">"
                    "<label for=\"nam\">Năm</label><input id=\"nam\" name=\"nam\" type=\"number\" min=\"1900\""
                    " max=\"9999\" value=\"%d\"><button type=\"submit\">Xem</button></form>"
                    "<form method=\"post\" action=\"/bao-cao/tai\" class=\"form search\" id=\"tai-bao-cao\">", year);
    web_csrf_field (req);
    web_buf_add (o, "<input type=\"hidden\" name=\"nam\" value=\"%d\"><label for=\"dinh-dang\">Tải về</label>"
                    "<select id=\"dinh-dang\" name=\"dinh-dang\"><option value=\"xlsx\">Bảng tính (xlsx)</option>"
                    "<option value=\"pdf\">PDF</option></select><button type=\"submit\">Tải về</button></form></div>",
                 year);
    const vp_val_t *months = vp_map_get (result, "by_month"), *officers = vp_map_get (result, "by_officer");
    const vp_val_t *bodies = vp_map_get (result, "by_body");
    s_month_chart (o, months);
    s_state_chart (o, "bieu-do-can-bo", "Tình hình giải quyết văn bản đến theo cán bộ", officers);
    s_state_chart (o, "bieu-do-don-vi", "Tình hình giải quyết văn bản đến theo đơn vị", bodies);
    s_table (o, "theo-thang", "Theo tháng", vp_map_get (result, "month_columns"), months);
    s_table (o, "theo-can-bo", "Theo cán bộ", vp_map_get (result, "officer_columns"), officers);
    s_table (o, "theo-don-vi", "Theo đơn vị", vp_map_get (result, "body_columns"), bodies);
    vp_val_destroy (&result);
    web_page_end (req);
}

static const char *
s_format (web_req_t *req, const char *other)
{
    return strcmp (web_form (req, "dinh-dang"), other) == 0 ? other : "pdf";
}

void
web_page_reports_file (web_req_t *req)
{
    vp_val_t *args = vp_val_map (), *result = NULL;
    vp_map_put_int (args, VP_K_YEAR, web_year (req, web_form (req, "nam")));
    vp_map_put_str (args, VP_K_FORMAT, s_format (req, "xlsx"));
    vp_err_t err = { 0 };
    if (web_cmd_call (req->web, &req->session, "documents", "documents.report.handling", args, &result, &err) == 0
    &&  web_export_file (req, result, &err) == 0) {
        vp_val_destroy (&result);
        return;
    }
    vp_val_destroy (&result);
    web_page_begin (req, "Báo cáo");
    web_buf_add (&req->out, "<h1>Báo cáo</h1>");
    web_error_box (req, &err);
    web_page_end (req);
    req->status = (unsigned) s_status_of (&err);
}

//  ------------------------------------------------------------- /so-sach

static const char *const s_outputs[][2] = {
    { "so-den", "Sổ đăng ký văn bản đến" },
    { "bao-cao-den", "Báo cáo tình hình giải quyết văn bản đến" },
    { "so-di", "Sổ đăng ký văn bản đi" },
    { "bao-cao-di", "Báo cáo tình hình giải quyết văn bản đi" },
    { "muc-luc-van-ban", "Mục lục văn bản trong hồ sơ" },
    { "muc-luc-ho-so", "Mục lục hồ sơ" },
    { NULL, NULL }
};

static void
s_outputs_page (web_req_t *req, const vp_err_t *refused)
{
    web_buf_t *o = &req->out;
    int year = web_year (req, web_form (req, "nam"));
    web_page_begin (req, "Sổ sách");
    web_buf_add (o, "<h1>Sổ sách và báo cáo theo Nghị định 30</h1>");
    if (refused)
        web_error_box (req, refused);
    web_buf_add (o, "<form method=\"post\" action=\"/so-sach\" class=\"form\" id=\"so-sach\">");
    web_csrf_field (req);
    web_buf_add (o, "<label for=\"output\">Sổ, báo cáo</label><select id=\"output\" name=\"output\">");
    for (int i = 0; s_outputs[i][0]; i++)
        web_buf_add (o, "<option value=\"%s\"%s>%s</option>", s_outputs[i][0],
                     strcmp (web_form (req, "output"), s_outputs[i][0]) ? "" : " selected", s_outputs[i][1]);
    web_buf_add (o, "</select><label for=\"nam\">Năm</label><input id=\"nam\" name=\"nam\" type=\"number\" min=\"1900\""
                    " max=\"9999\" value=\"%d\"><label for=\"so\">Sổ đến (sổ đến, báo cáo đến)</label>"
                    "<select id=\"so\" name=\"so\"><option value=\"\">Sổ đầu tiên</option>", year);
    vp_val_t *books = NULL;
    vp_err_t err = { 0 };
    if (web_cmd_call (req->web, &req->session, "documents", "documents.book.list", vp_val_map (), &books, &err) == 0) {
        const vp_val_t *list = vp_map_get (books, "books");
        for (size_t i = 0; list && i < vp_val_len (list); i++) {
            const vp_val_t *b = vp_array_at (list, i);
            web_buf_add (o, "<option value=\"");
            web_buf_esc (o, vp_map_str (b, VP_K_BOOK));
            web_buf_add (o, "\"%s>", strcmp (web_form (req, "so"), vp_map_str (b, VP_K_BOOK)) ? "" : " selected");
            web_buf_esc (o, vp_map_str (b, VP_K_NAME));
            web_buf_add (o, "</option>");
        }
    }
    vp_val_destroy (&books);
    web_buf_add (o, "</select><label for=\"ho-so\">Mã hồ sơ (mục lục văn bản)</label><input id=\"ho-so\" name=\"ho-so\""
                    " maxlength=\"64\" value=\"");
    web_buf_esc (o, web_form (req, "ho-so"));
    web_buf_add (o, "\"><label for=\"dinh-dang\">Định dạng</label><select id=\"dinh-dang\" name=\"dinh-dang\">"
                    "<option value=\"pdf\">PDF</option><option value=\"xlsx\"%s>Bảng tính (xlsx)</option></select>"
                    "<button type=\"submit\">Tải về</button></form>"
                    "<p>Mỗi bản in, bản xuất đều ghi người in và thời điểm in, và được lưu vào nhật ký xuất.</p>",
                 strcmp (web_form (req, "dinh-dang"), "xlsx") ? "" : " selected");
    web_page_end (req);
}

void
web_page_outputs (web_req_t *req)
{
    if (strcmp (req->method, "POST") != 0) {
        s_outputs_page (req, NULL);
        return;
    }
    vp_val_t *args = vp_val_map (), *result = NULL;
    vp_map_put_str (args, VP_K_OUTPUT, web_form (req, "output"));
    vp_map_put_str (args, VP_K_FORMAT, s_format (req, "xlsx"));
    vp_map_put_int (args, VP_K_YEAR, web_year (req, web_form (req, "nam")));
    if (*web_form (req, "so"))
        vp_map_put_str (args, VP_K_BOOK, web_form (req, "so"));
    if (*web_form (req, "ho-so"))
        vp_map_put_str (args, VP_K_DOSSIER, web_form (req, "ho-so"));
    vp_err_t err = { 0 };
    if (web_cmd_call (req->web, &req->session, "documents", "documents.output", args, &result, &err) == 0
    &&  web_export_file (req, result, &err) == 0) {
        vp_val_destroy (&result);
        return;
    }
    vp_val_destroy (&result);
    s_outputs_page (req, &err);
    req->status = (unsigned) s_status_of (&err);
}
