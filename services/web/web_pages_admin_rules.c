/*  web_pages_admin_rules - how the commune's documents are handled, set up
    by the office head:

      /quan-tri/phan-luong   routing rules: which post an arriving document
                             goes to (documents.route.add, .list)
      /quan-tri/so-van-ban   numbering series of what the commune issues
                             (documents.series.set, .list)
      /quan-tri/ngay-nghi    the commune's holidays, on top of the national
                             ones: deadlines in working days skip them
                             (documents.holiday.add, .list)

    vp-documents decides and refuses; a series that has given numbers
    keeps how it counts (its refusal says so).
*/
#include "web.h"
#include "vp/vp_fields.h"

static const char *const s_periods[][2] = {
    { "year", "Theo năm (chính quyền)" }, { "term", "Theo nhiệm kỳ (Đảng)" }, { NULL, NULL }
};

static void
s_forms (web_req_t *req, const char *path, const web_action_t *actions)
{
    web_buf_add (&req->out, "<div class=\"forms\">");
    for (const web_action_t *a = actions; a->action; a++)
        web_action_form (req, path, a);
    web_buf_add (&req->out, "</div>");
}

//  ------------------------------------------------------------- routing

static const web_input_t s_route_add[] = {
    { "post", "Chuyển đến chức danh (mã)", WEB_IN_TEXT, true, NULL, "dl-posts" },
    { "issuer", "Khi cơ quan ban hành có chữ", WEB_IN_TEXT, false, "Công an huyện" },
    { "type", "Khi loại văn bản là", WEB_IN_SELECT, false, NULL, NULL, vp_doc_type_choices },
    { "field", "Khi lĩnh vực là (mã)", WEB_IN_TEXT, false, "dat-dai" },
    { "secrecy", "Khi độ mật từ", WEB_IN_SELECT, false, NULL, NULL, vp_secrecy_choices },
    { "priority", "Ưu tiên (cao hơn được xét trước; mặc định 100)", WEB_IN_UINT },
    { NULL }
};
static const web_action_t s_route_actions[] = {
    { "them-phan-luong", "Thêm quy tắc phân luồng", "documents", "documents.route.add", s_route_add },
    { NULL }
};

void
web_page_admin_routes (web_req_t *req, const char *path)
{
    if (!web_admin_begin (req, path, "Phân luồng văn bản đến", s_route_actions))
        return;
    web_buf_t *o = &req->out;
    vp_val_t *rules = web_admin_call (req, "documents", "documents.route.list", NULL);
    vp_val_t *posts = web_admin_call (req, "staffing", "staffing.post.list", NULL);
    const vp_val_t *rows = vp_map_get (rules, "rules");
    web_buf_add (o, "<p>Văn bản đến được chuyển theo quy tắc đầu tiên khớp (ưu tiên cao trước, quy tắc cụ thể hơn "
                    "trước); không khớp quy tắc nào thì chuyển Tổ trưởng Văn phòng.</p>"
                    "<table id=\"danh-sach-phan-luong\"><thead><tr><th>Ưu tiên</th><th>Cơ quan ban hành có</th>"
                    "<th>Loại</th><th>Lĩnh vực</th><th>Độ mật từ</th><th>Chuyển đến</th></tr></thead><tbody>");
    for (size_t i = 0; i < vp_val_len (rows); i++) {
        const vp_val_t *r = vp_array_at (rows, i);
        web_buf_add (o, "<tr><td class=\"num\">%lld</td>", (long long) vp_map_int (r, VP_K_PRIORITY, 100));
        web_cell (o, vp_map_str (r, VP_K_ISSUER) ? vp_map_str (r, VP_K_ISSUER) : "(bất kỳ)");
        web_cell (o, vp_map_str (r, VP_K_TYPE) ? web_name (vp_doc_type_choices, vp_map_str (r, VP_K_TYPE)) : "(bất kỳ)");
        web_cell (o, vp_map_str (r, VP_K_FIELD) ? vp_map_str (r, VP_K_FIELD) : "(bất kỳ)");
        web_cell (o, vp_map_str (r, VP_K_SECRECY) ? web_name (vp_secrecy_choices, vp_map_str (r, VP_K_SECRECY)) : "(bất kỳ)");
        web_cell (o, vp_map_str (r, VP_K_TITLE) ? vp_map_str (r, VP_K_TITLE) : vp_map_str (r, VP_K_POST));
        web_buf_add (o, "</tr>");
    }
    if (!vp_val_len (rows))
        web_buf_add (o, "<tr><td colspan=\"6\">Chưa có quy tắc: mọi văn bản đến chuyển Tổ trưởng Văn phòng.</td></tr>");
    web_buf_add (o, "</tbody></table>");
    web_datalist (req, "dl-posts", vp_map_get (posts, VP_K_POSTS), "post", "title");
    s_forms (req, path, s_route_actions);
    vp_val_destroy (&rules);
    vp_val_destroy (&posts);
    web_page_end (req);
}

//  ------------------------------------------------------------- numbering

static const web_input_t s_series_set[] = {
    { "series", "Mã sổ số (đã có: sửa; chưa có: thêm)", WEB_IN_TEXT, true, "ubnd" },
    { "issuer_abbr", "Viết tắt cơ quan ban hành", WEB_IN_TEXT, true, "UBND" },
    { "period", "Đánh số lại", WEB_IN_SELECT, true, NULL, NULL, s_periods },
    { "per_type", "Mỗi loại văn bản một dãy số (văn bản của Đảng)", WEB_IN_BOOL },
    { "format", "Mẫu số, ký hiệu", WEB_IN_TEXT, true, "{n}/{type}-{body}" },
    { "term_start", "Nhiệm kỳ từ ngày", WEB_IN_DATE },
    { "term_end", "Nhiệm kỳ đến ngày", WEB_IN_DATE },
    { NULL }
};
static const web_action_t s_series_actions[] = {
    { "dat-so-van-ban", "Thêm hoặc sửa sổ số văn bản", "documents", "documents.series.set", s_series_set, "Lưu" },
    { NULL }
};

void
web_page_admin_series (web_req_t *req, const char *path)
{
    if (!web_admin_begin (req, path, "Số văn bản", s_series_actions))
        return;
    web_buf_t *o = &req->out;
    vp_val_t *series = web_admin_call (req, "documents", "documents.series.list", NULL);
    const vp_val_t *rows = vp_map_get (series, VP_K_SERIES);
    web_buf_add (o, "<table id=\"danh-sach-so\"><thead><tr><th>Mã</th><th>Viết tắt</th><th>Đánh số lại</th>"
                    "<th>Theo loại</th><th>Mẫu</th><th>Nhiệm kỳ</th></tr></thead><tbody>");
    for (size_t i = 0; i < vp_val_len (rows); i++) {
        const vp_val_t *r = vp_array_at (rows, i);
        char from[32], to[32], term[80] = "";
        if (vp_map_get (r, VP_K_TERM_START))
            snprintf (term, sizeof term, "%s – %s", web_date (req->web, vp_map_int (r, VP_K_TERM_START, 0), false, from),
                      web_date (req->web, vp_map_int (r, VP_K_TERM_END, 0), false, to));
        web_buf_add (o, "<tr>");
        web_cell (o, vp_map_str (r, VP_K_SERIES));
        web_cell (o, vp_map_str (r, VP_K_ISSUER_ABBR));
        web_cell (o, web_name (s_periods, vp_map_str (r, VP_K_PERIOD)));
        web_cell (o, vp_map_bool (r, VP_K_PER_TYPE, false) ? "Có" : "Không");
        web_cell (o, vp_map_str (r, VP_K_FORMAT));
        web_cell (o, term);
        web_buf_add (o, "</tr>");
    }
    web_buf_add (o, "</tbody></table><p class=\"hint\">Trong mẫu: {n} số thứ tự (thêm 0 khi dưới 10), {type} viết "
                    "tắt loại văn bản, {body} viết tắt cơ quan.</p>");
    s_forms (req, path, s_series_actions);
    vp_val_destroy (&series);
    web_page_end (req);
}

//  ------------------------------------------------------------- holidays

static const web_input_t s_holiday_add[] = {
    { "date", "Ngày nghỉ", WEB_IN_DATE, true },
    { "name", "Tên ngày nghỉ", WEB_IN_TEXT, true, "Giỗ Tổ Hùng Vương" },
    { NULL }
};
static const web_action_t s_holiday_actions[] = {
    { "them-ngay-nghi", "Thêm ngày nghỉ của xã", "documents", "documents.holiday.add", s_holiday_add },
    { NULL }
};

void
web_page_admin_holidays (web_req_t *req, const char *path)
{
    if (!web_admin_begin (req, path, "Ngày nghỉ lễ", s_holiday_actions))
        return;
    web_buf_t *o = &req->out;
    vp_tm_t now;
    vp_time_local (vp_clock_now (), req->web->zone, &now);
    const char *year = web_query (req, "nam");
    int y = year && atoi (year) >= 1900 && atoi (year) <= 9999 ? atoi (year) : now.year;
    web_buf_add (o, "<form method=\"get\" action=\"%s\" class=\"form search\"><label for=\"nam\">Năm</label>"
                    "<input id=\"nam\" name=\"nam\" type=\"number\" value=\"%d\"><button type=\"submit\">Xem</button>"
                    "</form>", path, y);
    vp_val_t *args = vp_val_map ();
    vp_map_put_int (args, VP_K_YEAR, y);
    vp_val_t *days = web_admin_call (req, "documents", "documents.holiday.list", args);
    const vp_val_t *rows = vp_map_get (days, "holidays");
    web_buf_add (o, "<table id=\"danh-sach-ngay-nghi\"><thead><tr><th>Ngày</th><th>Tên</th><th>Của</th></tr></thead>"
                    "<tbody>");
    for (size_t i = 0; i < vp_val_len (rows); i++) {
        const vp_val_t *r = vp_array_at (rows, i);
        int yy = 0, mm = 0, dd = 0;
        char shown[16] = "";
        if (sscanf (vp_map_str (r, VP_K_DATE) ? vp_map_str (r, VP_K_DATE) : "", "%4d-%2d-%2d", &yy, &mm, &dd) == 3)
            snprintf (shown, sizeof shown, "%02d/%02d/%04d", dd, mm, yy);
        web_buf_add (o, "<tr>");
        web_cell (o, shown);
        web_cell (o, vp_map_str (r, VP_K_NAME));
        web_cell (o, vp_map_bool (r, "builtin", false) ? "Cả nước" : "Xã");
        web_buf_add (o, "</tr>");
    }
    web_buf_add (o, "</tbody></table>");
    s_forms (req, path, s_holiday_actions);
    vp_val_destroy (&days);
    web_page_end (req);
}
