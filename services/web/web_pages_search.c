/*  web_pages_search - Tìm kiếm (/tim-kiem): documents.search with one box,
    filters and pages of 20, in the columns the officer chooses (cot, Decree
    30 App. VI III.6.đ); and the table of documents the pages share. */
#include "web.h"
#include "vp/vp_fields.h"

#define S_PAGE 20
//  The parameter of a column shown, repeated: cot=number&cot=summary.
#define S_COLUMN "cot"

void
web_doc_table (web_req_t *req, const vp_val_t *rows, const char *caption)
{
    web_buf_t *o = &req->out;
    web_buf_add (o, "<table class=\"docs\"><caption>");
    web_buf_esc (o, caption);
    web_buf_add (o, "</caption><thead><tr><th>Số đến</th><th>Số, ký hiệu</th><th>Cơ quan ban hành</th>"
                    "<th>Trích yếu</th><th>Người xử lý</th><th>Hạn</th><th>Trạng thái</th></tr></thead><tbody>");
    for (size_t i = 0; rows && i < vp_val_len (rows); i++) {
        const vp_val_t *r = vp_array_at ((vp_val_t *) rows, i);
        char deadline[32];
        bool late = vp_map_bool (r, VP_K_OVERDUE, false);
        web_buf_add (o, "<tr%s><td><a href=\"/van-ban/", late ? " class=\"late\"" : "");
        web_buf_esc (o, vp_map_str (r, VP_K_DOCUMENT));
        web_buf_add (o, "\">");
        web_buf_esc (o, vp_map_str (r, VP_K_LABEL));
        web_buf_add (o, "</a></td>");
        web_cell (o, vp_map_str (r, VP_K_NUMBER));
        web_cell (o, vp_map_str (r, VP_K_ISSUER));
        web_cell (o, vp_map_str (r, VP_K_SUMMARY));
        web_buf_add (o, "<td>");
        if (vp_map_str (r, VP_K_ON_BEHALF_OF)) {
            //  on Việc của tôi: a document of someone on leave he stands in for
            web_buf_add (o, "<span class=\"behalf\">thay đ/c ");
            web_buf_esc (o, vp_map_str (r, "on_behalf_of_name") ? vp_map_str (r, "on_behalf_of_name")
                                                                 : vp_map_str (r, VP_K_ON_BEHALF_OF));
            web_buf_add (o, "</span>");
        }
        else
            web_buf_esc (o, vp_map_str (r, "officer_name"));
        web_buf_add (o, "</td><td>%s%s</td><td>", web_date (req->web, vp_map_int (r, VP_K_DEADLINE, 0), false, deadline),
                     late ? " (quá hạn)" : "");
        web_buf_esc (o, web_status_name (vp_map_str (r, VP_K_STATUS)));
        web_buf_add (o, "</td></tr>");
    }
    if (!rows || !vp_val_len (rows))
        web_buf_add (o, "<tr><td colspan=\"7\">Không có văn bản.</td></tr>");
    web_buf_add (o, "</tbody></table>");
}

static const char *
s_q (web_req_t *req, const char *name)
{
    const char *v = web_query (req, name);
    return v ? v : "";
}

//  The columns chosen (cot=...), as flags in vp_search_columns' order: the
//  page shows them in that order whatever order the address gives. None
//  chosen: the page's own columns (web_doc_table). An unknown one is
//  refused naming the parameter and the value.
static int
s_columns (web_req_t *req, bool chosen[VP_SEARCH_COLUMNS], vp_err_t *err)
{
    const char *values[2 * VP_SEARCH_COLUMNS];
    int n = web_query_all (req, S_COLUMN, values, 2 * VP_SEARCH_COLUMNS);
    memset (chosen, 0, VP_SEARCH_COLUMNS * sizeof *chosen);
    if (n > 2 * VP_SEARCH_COLUMNS)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, S_COLUMN, "Cột hiển thị (" S_COLUMN ") được chọn %d lần;"
                           " chỉ có %d cột.", n, VP_SEARCH_COLUMNS);
    for (int i = 0; i < n; i++) {
        const vp_search_column_t *c = vp_search_column (values[i]);
        if (!c)
            return vp_err_set (err, VP_E_INVALID_ARGUMENT, S_COLUMN, "Cột hiển thị (" S_COLUMN ") \"%.40s\" không"
                               " phải một cột của kết quả tìm kiếm.", values[i]);
        chosen[c - vp_search_columns] = true;
    }
    return 0;
}

static bool
s_any (const bool chosen[VP_SEARCH_COLUMNS])
{
    for (int i = 0; i < VP_SEARCH_COLUMNS; i++)
        if (chosen[i])
            return true;
    return false;
}

//  The results in the chosen columns, headed and worded as their PDF and
//  DOCX are (vp_search_column_text); the first cell opens the document,
//  whichever column comes first.
static void
s_column_table (web_req_t *req, const vp_val_t *rows, const bool chosen[VP_SEARCH_COLUMNS], const char *caption)
{
    web_buf_t *o = &req->out;
    int shown = 0;
    web_buf_add (o, "<table class=\"docs\"><caption>");
    web_buf_esc (o, caption);
    web_buf_add (o, "</caption><thead><tr>");
    for (int c = 0; c < VP_SEARCH_COLUMNS; c++)
        if (chosen[c]) {
            web_buf_add (o, "<th>");
            web_buf_esc (o, vp_search_columns[c].heading);
            web_buf_add (o, "</th>");
            shown++;
        }
    web_buf_add (o, "</tr></thead><tbody>");
    for (size_t i = 0; rows && i < vp_val_len (rows); i++) {
        const vp_val_t *r = vp_array_at ((vp_val_t *) rows, i);
        //  only when the overdue column is shown: a row holds its columns
        bool late = vp_map_bool (r, VP_K_OVERDUE, false), first = true;
        web_buf_add (o, "<tr%s>", late ? " class=\"late\"" : "");
        for (int c = 0; c < VP_SEARCH_COLUMNS; c++) {
            if (!chosen[c])
                continue;
            char buf[64];
            const char *text = vp_search_column_text (r, vp_search_columns[c].id, req->web->zone, buf);
            if (first) {
                web_buf_add (o, "<td><a href=\"/van-ban/");
                web_buf_esc (o, vp_map_str (r, VP_K_DOCUMENT));
                web_buf_add (o, "\">");
                web_buf_esc (o, *text ? text : "Xem văn bản");
                web_buf_add (o, "</a></td>");
                first = false;
            }
            else
                web_cell (o, text);
        }
        web_buf_add (o, "</tr>");
    }
    if (!rows || !vp_val_len (rows))
        web_buf_add (o, "<tr><td colspan=\"%d\">Không có văn bản.</td></tr>", shown);
    web_buf_add (o, "</tbody></table>");
}

//  The chooser of columns: a checkbox each, in the order shown; they wrap
//  on a phone (fieldset.cols in web.css).
static void
s_column_choices (web_buf_t *o, const bool chosen[VP_SEARCH_COLUMNS])
{
    web_buf_add (o, "<fieldset class=\"cols\"><legend>Cột hiển thị <small>(không chọn cột nào: các cột mặc định)"
                    "</small></legend>");
    for (int c = 0; c < VP_SEARCH_COLUMNS; c++) {
        web_buf_add (o, "<label class=\"check\"><input type=\"checkbox\" name=\"" S_COLUMN "\" value=\"");
        web_buf_esc (o, vp_search_columns[c].id);
        web_buf_add (o, "\"%s> ", chosen[c] ? " checked" : "");
        web_buf_esc (o, vp_search_columns[c].heading);
        web_buf_add (o, "</label>");
    }
    web_buf_add (o, "</fieldset>");
}

static void
s_select (web_buf_t *o, const char *name, const char *label, const char *all, const char *const opts[][2],
          const char *current)
{
    web_buf_add (o, "<label for=\"%s\">%s</label><select id=\"%s\" name=\"%s\">", name, label, name, name);
    if (all)
        web_buf_add (o, "<option value=\"\">%s</option>", all);
    for (int i = 0; opts[i][0]; i++) {
        web_buf_add (o, "<option value=\"");
        web_buf_esc (o, opts[i][0]);
        web_buf_add (o, "\"%s>", strcmp (opts[i][0], current) == 0 ? " selected" : "");
        web_buf_esc (o, opts[i][1]);
        web_buf_add (o, "</option>");
    }
    web_buf_add (o, "</select>");
}

static void
s_date_input (web_buf_t *o, const char *name, const char *label, const char *value)
{
    web_buf_add (o, "<label for=\"%s\">%s</label><input id=\"%s\" name=\"%s\" type=\"text\" inputmode=\"numeric\""
                    " placeholder=\"dd/mm/yyyy\" value=\"", name, label, name, name);
    web_buf_esc (o, value);
    web_buf_add (o, "\">");
}

//  A day typed dd/mm/yyyy: its first ms in the commune's zone, and with
//  next the first ms of the day after (the end of a period is inclusive).
//  Anything else, or a day that does not exist, is refused naming the field.
static int
s_day (web_t *web, const char *text, const char *field, const char *label, bool next, int64_t *ms, vp_err_t *err)
{
    int d = 0, m = 0, y = 0, used = 0;
    bool shape = strlen (text) == 10 && text[2] == '/' && text[5] == '/'
              && strspn (text, "0123456789/") == 10
              && sscanf (text, "%2d/%2d/%4d%n", &d, &m, &y, &used) == 3 && used == 10;
    char back[32] = "";
    if (shape && vp_time_parse (text, web->zone, field, ms, NULL) == 0)
        web_date (web, *ms, false, back);
    if (!shape || strcmp (back, text) != 0)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, field, "%s \"%.40s\" không phải một ngày dd/mm/yyyy.", label, text);
    if (next)
        *ms += 24LL * 3600 * 1000;  //  the communes' zone keeps no summer time
    return 0;
}

//  name=value& of the page's link, the value URL-encoded.
static void
s_param (web_buf_t *url, const char *name, const char *value)
{
    if (!value || !*value)
        return;
    web_buf_add (url, "%s=", name);
    for (const unsigned char *c = (const unsigned char *) value; *c; c++) {
        if (isalnum (*c) || *c == '-' || *c == '_' || *c == '.')
            web_buf_add (url, "%c", *c);
        else
            web_buf_add (url, "%%%02X", *c);
    }
    web_buf_add (url, "&");
}

//  The officers of the commune for the assignee filter: {id, name} pairs
//  in out (NULL-terminated; the strings live in *list).
static int
s_officers (web_req_t *req, vp_val_t **list, const char *out[][2], int max)
{
    vp_val_t *args = vp_val_map ();
    vp_map_put_str (args, VP_K_STATUS, "active");
    vp_err_t err = { 0 };
    int n = 0;
    if (web_cmd_call (req->web, &req->session, "staffing", "staffing.officer.list", args, list, &err) == 0) {
        const vp_val_t *officers = vp_map_get (*list, VP_K_OFFICERS);
        for (size_t i = 0; officers && i < vp_val_len (officers) && n < max - 1; i++) {
            const vp_val_t *row = vp_array_at ((vp_val_t *) officers, i);
            out[n][0] = vp_map_str (row, VP_K_OFFICER);
            out[n][1] = vp_map_str (row, VP_K_FULL_NAME) ? vp_map_str (row, VP_K_FULL_NAME) : out[n][0];
            if (out[n][0])
                n++;
        }
    }
    out[n][0] = out[n][1] = NULL;
    return n;
}

//  The search of the query string as name=value& (every filter, the order,
//  the columns); made once the search was accepted, so no column is unknown.
static void
s_search_url (web_req_t *req, web_buf_t *url)
{
    static const char *const names[] = { "q", "status", "overdue", "cua-toi", "nguoi-xu-ly", "tu-ngay", "den-ngay",
                                         "sap-xep", "thu-tu", NULL };
    for (int i = 0; names[i]; i++)
        s_param (url, names[i], s_q (req, names[i]));
    bool chosen[VP_SEARCH_COLUMNS];
    vp_err_t err = { 0 };
    s_columns (req, chosen, &err);
    for (int c = 0; c < VP_SEARCH_COLUMNS; c++)
        if (chosen[c])
            s_param (url, S_COLUMN, vp_search_columns[c].id);
}

//  The link of a saved search: its parameters as the page's query string.
static void
s_saved_url (web_req_t *req, const vp_val_t *search, web_buf_t *url)
{
    char day[32];
    s_param (url, "q", vp_map_str (search, VP_K_Q));
    s_param (url, "status", vp_map_str (search, VP_K_STATUS));
    if (vp_map_get (search, VP_K_OVERDUE))
        s_param (url, "overdue", vp_map_bool (search, VP_K_OVERDUE, false) ? "true" : "false");
    s_param (url, "nguoi-xu-ly", vp_map_str (search, VP_K_ASSIGNEE));
    if (vp_map_get (search, VP_K_FROM))
        s_param (url, "tu-ngay", web_date (req->web, vp_map_int (search, VP_K_FROM, 0), false, day));
    //  "to" is the start of the day after the last one shown.
    if (vp_map_get (search, VP_K_TO))
        s_param (url, "den-ngay", web_date (req->web, vp_map_int (search, VP_K_TO, 0) - 1, false, day));
    s_param (url, "sap-xep", vp_map_str (search, VP_K_SORT));
    s_param (url, "thu-tu", vp_map_str (search, VP_K_ORDER));
    //  only when it was saved with columns chosen (documents.search.list)
    const vp_val_t *fields = vp_map_get (search, VP_K_FIELDS);
    for (size_t i = 0; i < vp_val_len (fields); i++)
        s_param (url, S_COLUMN, vp_val_get_str (vp_array_at ((vp_val_t *) fields, i)));
}

//  The officer's saved searches, each a link that runs it and a delete form.
static void
s_saved_list (web_req_t *req)
{
    web_buf_t *o = &req->out;
    vp_val_t *result = NULL;
    vp_err_t err = { 0 };
    if (web_cmd_call (req->web, &req->session, "documents", "documents.search.list", vp_val_map (), &result, &err))
        return;
    const vp_val_t *list = vp_map_get (result, "searches");
    if (vp_val_len (list)) {
        web_buf_add (o, "<section id=\"da-luu\" class=\"noprint\"><h2>Tìm kiếm đã lưu</h2><ul>");
        for (size_t i = 0; i < vp_val_len (list); i++) {
            const vp_val_t *item = vp_array_at ((vp_val_t *) list, i);
            web_buf_t url = { 0 };
            s_saved_url (req, vp_map_get (item, "search"), &url);
            web_buf_add (o, "<li><a href=\"/tim-kiem?");
            web_buf_esc (o, url.data ? url.data : "");
            web_buf_add (o, "\">");
            web_buf_esc (o, vp_map_str (item, VP_K_NAME));
            web_buf_add (o, "</a> <form method=\"post\" action=\"/tim-kiem/xoa\" class=\"inline\">");
            web_csrf_field (req);
            web_buf_add (o, "<input type=\"hidden\" name=\"tim\" value=\"%lld\"><button type=\"submit\">Xóa</button>"
                            "</form></li>", (long long) vp_map_int (item, VP_K_SAVED, 0));
            web_buf_free (&url);
        }
        web_buf_add (o, "</ul></section>");
    }
    vp_val_destroy (&result);
}

//  The search the query string asks for (its filters, order and columns),
//  or NULL with the refusal of a day that does not read or of an unknown
//  column.
static vp_val_t *
s_args (web_req_t *req, vp_err_t *err)
{
    const char *q = s_q (req, "q"), *status = s_q (req, "status"), *late = s_q (req, "overdue");
    const char *mine = s_q (req, "cua-toi"), *assignee = s_q (req, "nguoi-xu-ly");
    const char *from = s_q (req, "tu-ngay"), *to = s_q (req, "den-ngay");
    const char *sort = s_q (req, "sap-xep"), *order = s_q (req, "thu-tu");
    vp_val_t *args = vp_val_map ();
    int64_t from_ms = 0, to_ms = 0;
    bool bad = (*from && s_day (req->web, from, "tu-ngay", "Đến từ ngày", false, &from_ms, err))
            || (*to && s_day (req->web, to, "den-ngay", "Đến hết ngày", true, &to_ms, err));
    if (!bad && *from && *to && to_ms <= from_ms) {
        vp_err_set (err, VP_E_INVALID_ARGUMENT, "den-ngay", "Đến hết ngày \"%.40s\" ở trước Đến từ ngày \"%.40s\".", to,
                    from);
        bad = true;
    }
    bool chosen[VP_SEARCH_COLUMNS];
    bad = bad || s_columns (req, chosen, err);
    if (!bad && s_any (chosen)) {
        vp_val_t *fields = vp_val_array ();
        for (int c = 0; c < VP_SEARCH_COLUMNS; c++)
            if (chosen[c])
                vp_array_push (fields, vp_val_str (vp_search_columns[c].id));
        vp_map_put (args, VP_K_FIELDS, fields);
    }
    if (*q)
        vp_map_put_str (args, VP_K_Q, q);
    if (*status)
        vp_map_put_str (args, VP_K_STATUS, status);
    if (*late)
        vp_map_put_bool (args, VP_K_OVERDUE, strcmp (late, "true") == 0);
    if (*mine)
        vp_map_put_str (args, VP_K_ASSIGNEE, req->session.officer);
    else
    if (*assignee)
        vp_map_put_str (args, VP_K_ASSIGNEE, assignee);
    if (*from)
        vp_map_put_int (args, VP_K_FROM, from_ms);
    if (*to)
        vp_map_put_int (args, VP_K_TO, to_ms);
    if (*sort)
        vp_map_put_str (args, VP_K_SORT, sort);
    if (*order)
        vp_map_put_str (args, VP_K_ORDER, order);
    if (bad)
        vp_val_destroy (&args);
    return args;
}

void
web_page_search (web_req_t *req)
{
    static const char *const statuses[][2] = {
        { "registered", "Mới vào sổ" }, { "assigned", "Đã giao" }, { "in_progress", "Đang xử lý" },
        { "done", "Đã xử lý" }, { "returned", "Trả lại" }, { "forwarded", "Đã chuyển" }, { NULL, NULL }
    };
    static const char *const overdue[][2] = { { "true", "Chỉ văn bản quá hạn" }, { "false", "Chưa quá hạn" },
                                              { NULL, NULL } };
    static const char *const sorts[][2] = {
        { "arrived", "Ngày đến" }, { "doc_date", "Ngày văn bản" }, { "deadline", "Hạn xử lý" },
        { "number", "Số, ký hiệu" }, { NULL, NULL }
    };
    static const char *const orders[][2] = { { "desc", "Giảm dần (mới nhất trước)" }, { "asc", "Tăng dần" },
                                             { NULL, NULL } };
    web_buf_t *o = &req->out;
    const char *q = s_q (req, "q"), *status = s_q (req, "status"), *late = s_q (req, "overdue");
    const char *mine = s_q (req, "cua-toi"), *assignee = s_q (req, "nguoi-xu-ly");
    const char *from = s_q (req, "tu-ngay"), *to = s_q (req, "den-ngay");
    const char *sort = s_q (req, "sap-xep"), *order = s_q (req, "thu-tu");
    long page = atol (s_q (req, "trang"));
    if (page < 1)
        page = 1;
    vp_val_t *officer_list = NULL;
    const char *officers[201][2];
    s_officers (req, &officer_list, officers, 201);

    web_page_begin (req, "Tìm kiếm");
    web_buf_add (o, "<h1>Tìm kiếm văn bản</h1><form method=\"get\" action=\"/tim-kiem\" class=\"form search\">"
                    "<label for=\"q\">Từ khóa (trích yếu, cơ quan, số ký hiệu)</label>"
                    "<input id=\"q\" name=\"q\" type=\"search\" value=\"");
    web_buf_esc (o, q);
    web_buf_add (o, "\">");
    s_select (o, "status", "Trạng thái", "Tất cả", statuses, status);
    s_select (o, "overdue", "Hạn xử lý", "Tất cả", overdue, late);
    s_select (o, "nguoi-xu-ly", "Người xử lý", "Tất cả", officers, assignee);
    s_date_input (o, "tu-ngay", "Đến từ ngày (dd/mm/yyyy)", from);
    s_date_input (o, "den-ngay", "Đến hết ngày (dd/mm/yyyy)", to);
    s_select (o, "sap-xep", "Sắp xếp theo", NULL, sorts, *sort ? sort : "arrived");
    s_select (o, "thu-tu", "Thứ tự", NULL, orders, *order ? order : "desc");
    //  An unknown column checks none; the search below refuses it.
    bool chosen[VP_SEARCH_COLUMNS];
    vp_err_t column_err = { 0 };
    s_columns (req, chosen, &column_err);
    s_column_choices (o, chosen);
    web_buf_add (o, "<label class=\"check\"><input type=\"checkbox\" name=\"cua-toi\" value=\"1\"%s> Chỉ văn bản của tôi</label>"
                    "<button type=\"submit\">Tìm</button></form>", *mine ? " checked" : "");
    if (*s_q (req, "da-luu"))
        web_buf_add (o, "<p class=\"ok\" role=\"status\">Đã lưu tìm kiếm.</p>");
    s_saved_list (req);

    vp_err_t err = { 0 };
    vp_val_t *args = s_args (req, &err);
    bool bad = !args;
    if (bad)
        args = vp_val_map ();
    vp_map_put_int (args, VP_K_LIMIT, S_PAGE);
    vp_map_put_int (args, VP_K_OFFSET, (page - 1) * S_PAGE);
    vp_val_t *result = NULL;
    if (bad || web_cmd_call (req->web, &req->session, "documents", "documents.search", args, &result, &err)) {
        if (bad || err.code == VP_E_INVALID_ARGUMENT)
            req->status = 400;
        web_error_box (req, &err);
        if (bad)
            vp_val_destroy (&args);     //  not sent: a call takes its args
    }
    else {
        int64_t total = vp_map_int (result, VP_K_TOTAL, 0);
        char caption[80];
        snprintf (caption, sizeof caption, "%lld văn bản", (long long) total);
        if (s_any (chosen))
            s_column_table (req, vp_map_get (result, "rows"), chosen, caption);
        else
            web_doc_table (req, vp_map_get (result, "rows"), caption);
        //  The other pages keep every filter, the order and the columns.
        web_buf_t url = { 0 };
        s_search_url (req, &url);
        web_buf_add (o, "<nav class=\"pages\" aria-label=\"Trang kết quả\">");
        for (int dir = -1; dir <= 1; dir += 2) {
            long next = page + dir;
            if (next < 1 || (next - 1) * S_PAGE >= total)
                continue;
            web_buf_add (o, "<a href=\"/tim-kiem?");
            web_buf_esc (o, url.data ? url.data : "");
            web_buf_add (o, "trang=%ld\">%s</a> ", next, dir < 0 ? "« Trang trước" : "Trang sau »");
        }
        web_buf_add (o, "</nav>");
        //  The same search to a file: its filters and columns in the address,
        //  as the pages'.
        web_buf_add (o, "<form method=\"post\" action=\"/tim-kiem/xuat?");
        web_buf_esc (o, url.data ? url.data : "");
        web_buf_add (o, "\" class=\"form search noprint\" id=\"xuat\">");
        web_csrf_field (req);
        web_buf_add (o, "<label for=\"dinh-dang\">Xuất kết quả</label><select id=\"dinh-dang\" name=\"dinh-dang\">"
                        "<option value=\"pdf\">PDF</option><option value=\"docx\">Word (docx)</option></select>"
                        "<button type=\"submit\">Xuất</button></form>");
        web_buf_add (o, "<form method=\"post\" action=\"/tim-kiem/luu?");
        web_buf_esc (o, url.data ? url.data : "");
        web_buf_add (o, "\" class=\"form search noprint\" id=\"luu\">");
        web_csrf_field (req);
        web_buf_add (o, "<label for=\"ten\">Lưu tìm kiếm này với tên</label><input id=\"ten\" name=\"ten\" required"
                        " maxlength=\"200\"><button type=\"submit\">Lưu</button></form>");
        web_buf_free (&url);
    }
    vp_val_destroy (&result);
    vp_val_destroy (&officer_list);
    web_page_end (req);
}

//  A refusal of a form posted from /tim-kiem, as a page.
static void
s_refused (web_req_t *req, const char *title, const vp_err_t *err)
{
    web_page_begin (req, "Tìm kiếm");
    web_buf_add (&req->out, "<h1>%s</h1>", title);
    web_error_box (req, err);
    web_buf_add (&req->out, "<p><a href=\"/tim-kiem\">Về trang tìm kiếm</a></p>");
    web_page_end (req);
    req->status = err->code == VP_E_PERMISSION_DENIED ? 403 : err->code == VP_E_NOT_FOUND ? 404
                : err->code == VP_E_UNAVAILABLE ? 503 : 400;
}

void
web_page_search_save (web_req_t *req)
{
    vp_err_t err = { 0 };
    vp_val_t *args = s_args (req, &err), *result = NULL;
    if (args && !*web_form (req, "ten")) {
        vp_val_destroy (&args);
        vp_err_set (&err, VP_E_INVALID_ARGUMENT, "ten", "Hãy đặt tên cho tìm kiếm cần lưu.");
    }
    if (args) {
        vp_map_put_str (args, VP_K_NAME, web_form (req, "ten"));
        if (web_cmd_call (req->web, &req->session, "documents", "documents.search.save", args, &result, &err) == 0) {
            vp_val_destroy (&result);
            web_buf_t url = { 0 };
            s_search_url (req, &url);
            web_redirect (req, "/tim-kiem?%sda-luu=1", url.data ? url.data : "");
            web_buf_free (&url);
            return;
        }
    }
    s_refused (req, "Lưu tìm kiếm", &err);
}

void
web_page_search_delete (web_req_t *req)
{
    vp_val_t *args = vp_val_map (), *result = NULL;
    vp_map_put_int (args, VP_K_SAVED, atoll (web_form (req, "tim")));
    vp_err_t err = { 0 };
    if (web_cmd_call (req->web, &req->session, "documents", "documents.search.delete", args, &result, &err) == 0) {
        vp_val_destroy (&result);
        web_redirect (req, "/tim-kiem");
        return;
    }
    s_refused (req, "Xóa tìm kiếm đã lưu", &err);
}

void
web_page_search_export (web_req_t *req)
{
    vp_err_t err = { 0 };
    vp_val_t *args = s_args (req, &err), *result = NULL;
    if (args) {
        vp_map_put_str (args, VP_K_FORMAT, strcmp (web_form (req, "dinh-dang"), "docx") ? "pdf" : "docx");
        if (web_cmd_call (req->web, &req->session, "documents", "documents.search.export", args, &result, &err) == 0
        &&  web_export_file (req, result, &err) == 0) {
            vp_val_destroy (&result);
            return;
        }
    }
    vp_val_destroy (&result);
    s_refused (req, "Xuất kết quả tìm kiếm", &err);
}
