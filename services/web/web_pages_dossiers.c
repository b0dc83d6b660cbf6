/*  web_pages_dossiers - hồ sơ (Decree 30/2020/NĐ-CP, Appendix VI) in the
    browser, for the clerk (văn thư) and the office head.

    /ho-so is Danh mục hồ sơ of a year (documents.dossier.list), with the
    form that opens a dossier and, for the office head, the dossiers due
    for the office archive within 30 days (documents.dossier.due).
    /ho-so/<id> is one dossier (documents.dossier.get): its fields, the
    index of its documents (mục lục văn bản), its exports (POST
    /ho-so/<id>/xuat, the file through documents.export.get as /so-sach
    hands out its outputs) and the steps on it, each a form posted back
    to the page: 303 back when done, the refusal named by its field when
    not.

    vp-documents decides every step (who may freeze, what a closed or
    frozen dossier refuses) and what of a secret document the reader
    sees: a document he is not cleared for comes without its text, and
    the page shows its place and nothing more. The forms a reader is
    offered follow the dossier's state only to spare him a refusal.
*/
#include <ctype.h>
#include "web.h"
#include "vp/vp_fields.h"

static const char *const s_rights[][2] = {
    { "cong-khai", "Công khai" }, { "han-che", "Hạn chế" }, { "mat", "Mật" }, { NULL, NULL }
};

static const web_input_t s_create_inputs[] = {
    { .name = VP_K_DOSSIER, .label = "Mã hồ sơ", .kind = WEB_IN_TEXT, .required = true, .hint = "ví dụ: hs-01" },
    { .name = VP_K_TITLE, .label = "Tiêu đề hồ sơ", .kind = WEB_IN_TEXT, .required = true },
    { .name = VP_K_YEAR, .label = "Năm", .kind = WEB_IN_UINT, .required = true },
    { .name = VP_K_BODY, .label = "Đơn vị (mã)", .kind = WEB_IN_TEXT, .hint = "ví dụ: van-phong", .list = "don-vi" },
    { .name = VP_K_NOTATION, .label = "Số và ký hiệu hồ sơ", .kind = WEB_IN_TEXT, .hint = "ví dụ: 01" },
    { .name = VP_K_RETENTION_YEARS, .label = "Thời hạn bảo quản (năm; 0 = vĩnh viễn)", .kind = WEB_IN_UINT,
      .hint = "để trống: theo văn bản trong hồ sơ" },
    { .name = VP_K_RIGHTS, .label = "Chế độ sử dụng", .kind = WEB_IN_SELECT, .options = s_rights },
    { .name = VP_K_DESCRIPTION, .label = "Ghi chú", .kind = WEB_IN_TEXTAREA, .rows = 2 },
    { NULL }
};

static const web_action_t s_create = {
    "mo", "Mở hồ sơ mới", "documents", "documents.dossier.create", s_create_inputs, "Mở hồ sơ"
};

//  The steps on one dossier; the dossier itself is the page's address.
static const web_input_t s_add_inputs[] = {
    { .name = VP_K_DOCUMENT, .label = "Văn bản (mã văn bản, hoặc số đến: 12/2026)", .kind = WEB_IN_TEXT,
      .required = true, .hint = "ví dụ: d-12 hoặc 12/2026" },
    { NULL }
};
static const web_input_t s_reason_inputs[] = {
    { .name = VP_K_REASON, .label = "Lý do (văn bản yêu cầu, người yêu cầu)", .kind = WEB_IN_TEXTAREA,
      .required = true, .rows = 2 },
    { NULL }
};
static const web_input_t s_rights_inputs[] = {
    { .name = VP_K_RIGHTS, .label = "Chế độ sử dụng mới", .kind = WEB_IN_SELECT, .required = true, .options = s_rights },
    { NULL }
};
static const web_input_t s_confirm_inputs[] = {
    { .name = VP_K_REJECT, .label = "Không đồng ý (giữ chế độ sử dụng cũ)", .kind = WEB_IN_BOOL },
    { NULL }
};
static const web_input_t s_no_inputs[] = { { NULL } };

enum { S_ADD, S_CLOSE, S_HANDOVER, S_RIGHTS, S_CONFIRM, S_FREEZE, S_UNFREEZE };

static const web_action_t s_steps[] = {
    [S_ADD] = { "them", "Thêm văn bản", "documents", "documents.dossier.add", s_add_inputs, NULL },
    [S_CLOSE] = { "ket-thuc", "Kết thúc hồ sơ", "documents", "documents.dossier.close", s_no_inputs, NULL },
    [S_HANDOVER] = { "nop-luu", "Nộp lưu vào Lưu trữ cơ quan", "documents", "documents.dossier.handover",
                     s_no_inputs, "Nộp lưu" },
    [S_RIGHTS] = { "che-do", "Đổi chế độ sử dụng", "documents", "documents.dossier.update", s_rights_inputs, NULL },
    [S_CONFIRM] = { "xac-nhan", "Xác nhận đổi chế độ sử dụng", "documents", "documents.dossier.confirm_rights",
                    s_confirm_inputs, "Xác nhận" },
    [S_FREEZE] = { "phong-toa", "Phong tỏa hồ sơ", "documents", "documents.dossier.freeze", s_reason_inputs,
                   "Phong tỏa" },
    [S_UNFREEZE] = { "go-phong-toa", "Gỡ phong tỏa", "documents", "documents.dossier.unfreeze", s_reason_inputs,
                     NULL },
    { NULL }
};

//  An id as vp-documents makes them (a-z, 0-9, - . _): the only text of
//  the address written back into the page's forms and links.
static bool
s_id_ok (const char *id)
{
    if (!*id)
        return false;
    for (const char *p = id; *p; p++)
        if (!islower ((unsigned char) *p) && !isdigit ((unsigned char) *p) && !strchr ("-._", *p))
            return false;
    return true;
}

static unsigned
s_status_of (const vp_err_t *err)
{
    return err->code == VP_E_PERMISSION_DENIED ? 403 : err->code == VP_E_NOT_FOUND ? 404
         : err->code == VP_E_UNAVAILABLE ? 503 : 400;
}

//  A refusal: the office head's steps refused to another say so in the
//  service's words (web_action_error's own are the set-up pages').
static void
s_refusal (web_req_t *req, const web_action_t *a, const vp_err_t *err)
{
    if (err->code != VP_E_PERMISSION_DENIED) {
        web_action_error (req, a, err);
        return;
    }
    req->status = 403;
    web_buf_add (&req->out, "<p class=\"error\" role=\"alert\">Không được phép: ");
    web_buf_esc (&req->out, err->message);
    web_buf_add (&req->out, "</p>");
}

//  What a dossier is now, in the order that wins: handed over (which
//  stays frozen), frozen, closed, open.
static const char *
s_state (const vp_val_t *d)
{
    if (vp_map_int (d, "handed_over_at", 0))
        return "Đã nộp lưu";
    if (vp_map_int (d, "frozen_at", 0))
        return "Phong tỏa";
    if (vp_map_int (d, "closed_at", 0))
        return "Đã đóng";
    return "Đang mở";
}

//  ------------------------------------------------------------- /ho-so

static void
s_due_section (web_req_t *req)
{
    web_buf_t *o = &req->out;
    vp_val_t *result = NULL;
    vp_err_t err = { 0 };
    web_buf_add (o, "<section id=\"den-han\"><h2>Hồ sơ đến hạn nộp lưu trong 30 ngày</h2>");
    if (web_cmd_call (req->web, &req->session, "documents", "documents.dossier.due", vp_val_map (), &result, &err)) {
        web_error_box (req, &err);
        web_buf_add (o, "</section>");
        return;
    }
    const vp_val_t *rows = vp_map_get (result, VP_K_DOSSIERS);
    if (!vp_val_len (rows))
        web_buf_add (o, "<p>Không có hồ sơ nào đến hạn.</p>");
    else {
        web_buf_add (o, "<div class=\"scroll\"><table class=\"docs\"><thead><tr><th>Mã hồ sơ</th><th>Tiêu đề</th>"
                        "<th>Ngày kết thúc</th><th>Hạn nộp lưu</th></tr></thead><tbody>");
        for (size_t i = 0; i < vp_val_len (rows); i++) {
            const vp_val_t *r = vp_array_at (rows, i);
            const char *id = vp_map_str (r, VP_K_DOSSIER);
            char closed[32], due[32];
            web_buf_add (o, "<tr><td><a href=\"/ho-so/");
            web_buf_esc (o, id);
            web_buf_add (o, "\">");
            web_buf_esc (o, vp_map_str (r, VP_K_CODE) ? vp_map_str (r, VP_K_CODE) : id);
            web_buf_add (o, "</a></td>");
            web_cell (o, vp_map_str (r, VP_K_TITLE));
            web_cell (o, web_date (req->web, vp_map_int (r, "closed_at", 0), false, closed));
            web_buf_add (o, "<td>%s%s</td></tr>", web_date (req->web, vp_map_int (r, VP_K_DUE_AT, 0), false, due),
                         vp_map_bool (r, "late", false) ? " (quá hạn)" : "");
        }
        web_buf_add (o, "</tbody></table></div>");
    }
    web_buf_add (o, "</section>");
    vp_val_destroy (&result);
}

static void
s_list_table (web_req_t *req, const vp_val_t *rows, int year)
{
    web_buf_t *o = &req->out;
    if (!vp_val_len (rows)) {
        web_buf_add (o, "<p id=\"danh-muc\">Năm %d chưa có hồ sơ nào.</p>", year);
        return;
    }
    web_buf_add (o, "<div class=\"scroll\"><table class=\"docs\" id=\"danh-muc\"><caption>Danh mục hồ sơ năm %d"
                    "</caption><thead><tr><th>Mã hồ sơ</th><th>Tiêu đề</th><th>Thời hạn bảo quản</th>"
                    "<th>Chế độ sử dụng</th><th>Người lập</th><th>Ngày mở</th><th>Ngày kết thúc</th>"
                    "<th>Số văn bản</th><th>Trạng thái</th></tr></thead><tbody>", year);
    for (size_t i = 0; i < vp_val_len (rows); i++) {
        const vp_val_t *d = vp_array_at (rows, i);
        const char *id = vp_map_str (d, VP_K_DOSSIER);
        char opened[32], closed[32];
        web_buf_add (o, "<tr data-ho-so=\"");
        web_buf_esc (o, id);
        web_buf_add (o, "\"><td><a href=\"/ho-so/");
        web_buf_esc (o, id);
        web_buf_add (o, "\">");
        web_buf_esc (o, vp_map_str (d, VP_K_CODE) ? vp_map_str (d, VP_K_CODE) : id);
        web_buf_add (o, "</a></td>");
        web_cell (o, vp_map_str (d, VP_K_TITLE));
        web_cell (o, vp_map_str (d, "maintenance"));
        web_cell (o, web_name (s_rights, vp_map_str (d, VP_K_RIGHTS)));
        web_cell (o, vp_map_str (d, "creator_name") ? vp_map_str (d, "creator_name") : vp_map_str (d, "creator"));
        web_cell (o, web_date (req->web, vp_map_int (d, "created_at", 0), false, opened));
        web_cell (o, web_date (req->web, vp_map_int (d, "closed_at", 0), false, closed));
        web_buf_add (o, "<td class=\"num\">%lld</td>", (long long) vp_map_int (d, VP_K_DOCUMENTS, 0));
        web_cell (o, s_state (d));
        web_buf_add (o, "</tr>");
    }
    web_buf_add (o, "</tbody></table></div>");
}

void
web_page_dossiers (web_req_t *req)
{
    web_buf_t *o = &req->out;
    vp_err_t err = { 0 };
    bool refused = false;
    if (web_action_posted (req, &s_create)) {
        vp_val_t *result = NULL;
        if (web_action_run (req, &s_create, &result, &err) == 0) {
            const char *id = vp_map_str (result, VP_K_DOSSIER);
            if (id && s_id_ok (id))
                web_redirect (req, "/ho-so/%s?xong=mo", id);
            else
                web_redirect (req, "/ho-so?xong=mo");
            vp_val_destroy (&result);
            return;
        }
        vp_val_destroy (&result);
        refused = true;
    }
    int year = web_year (req, refused ? web_form (req, VP_K_YEAR) : web_query (req, "nam"));
    vp_val_t *args = vp_val_map (), *result = NULL;
    vp_map_put_int (args, VP_K_YEAR, year);
    vp_err_t lerr = { 0 };
    web_page_begin (req, "Hồ sơ");
    web_buf_add (o, "<h1>Danh mục hồ sơ năm %d</h1>", year);
    if (refused)
        s_refusal (req, &s_create, &err);
    web_buf_add (o, "<form method=\"get\" action=\"/ho-so\" class=\"form search noprint\"><label for=\"nam\">Năm</label>"
                    "<input id=\"nam\" name=\"nam\" type=\"number\" min=\"1900\" max=\"9999\" value=\"%d\">"
                    "<button type=\"submit\">Xem</button></form>", year);
    if (web_cmd_call (req->web, &req->session, "documents", "documents.dossier.list", args, &result, &lerr)) {
        if (!refused)
            req->status = s_status_of (&lerr);
        web_error_box (req, &lerr);
    }
    else
        s_list_table (req, vp_map_get (result, VP_K_DOSSIERS), year);
    vp_val_destroy (&result);
    if (web_heads_office (req))
        s_due_section (req);
    //  The bodies to choose from; the form works without them.
    vp_val_t *bodies = NULL;
    vp_err_t berr = { 0 };
    if (web_cmd_call (req->web, &req->session, "staffing", "staffing.body.list", vp_val_map (), &bodies, &berr) == 0)
        web_datalist (req, "don-vi", vp_map_get (bodies, "bodies"), VP_K_BODY, VP_K_NAME);
    vp_val_destroy (&bodies);
    vp_val_t *values = vp_val_map ();
    vp_map_put (values, VP_K_YEAR, vp_val_strf ("%d", year));
    web_action_form_with (req, "/ho-so", &s_create, values);
    vp_val_destroy (&values);
    web_page_end (req);
}

//  ------------------------------------------------------- /ho-so/<id>

//  The document a clerk typed: its id, or its arrival number ("12/2026";
//  "12": this year's) looked up as vpctl does (documents.get).
static int
s_document_of (web_req_t *req, vp_val_t *args, vp_err_t *err)
{
    const char *typed = vp_map_str (args, VP_K_DOCUMENT);
    size_t digits = typed ? strspn (typed, "0123456789") : 0;
    if (!digits)
        return 0;
    const char *rest = typed + digits;
    if (*rest && !(*rest == '/' && strlen (rest + 1) == 4 && strspn (rest + 1, "0123456789") == 4))
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_DOCUMENT,
                           "«Văn bản» \"%s\" không phải mã văn bản hay số đến: viết d-12, 12/2026 hoặc 12.", typed);
    vp_val_t *get = vp_val_map (), *doc = NULL;
    vp_map_put_int (get, VP_K_ARRIVAL_NUMBER, strtoll (typed, NULL, 10));
    vp_map_put_int (get, VP_K_YEAR, web_year (req, *rest ? rest + 1 : NULL));
    if (web_cmd_call (req->web, &req->session, "documents", "documents.get", get, &doc, err)) {
        if (err->code == VP_E_NOT_FOUND || err->code == VP_E_PERMISSION_DENIED)
            vp_err_set (err, VP_E_NOT_FOUND, VP_K_DOCUMENT, "«Văn bản» số đến \"%s\" không có trong sổ.", typed);
        return -1;
    }
    vp_map_put_str (args, VP_K_DOCUMENT, vp_map_str (doc, VP_K_DOCUMENT) ? vp_map_str (doc, VP_K_DOCUMENT) : "");
    vp_val_destroy (&doc);
    return 0;
}

static int
s_step_run (web_req_t *req, const char *id, const web_action_t *a, vp_err_t *err)
{
    vp_val_t *args = web_action_args (req, a, err);
    if (!args)
        return -1;
    vp_map_put_str (args, VP_K_DOSSIER, id);
    if (a == &s_steps[S_ADD] && s_document_of (req, args, err)) {
        vp_val_destroy (&args);
        return -1;
    }
    vp_val_t *result = NULL;
    int rc = web_cmd_call (req->web, &req->session, a->service, a->cmd, args, &result, err);
    vp_val_destroy (&result);
    return rc;
}

static void
s_fields (web_req_t *req, const vp_val_t *d)
{
    web_buf_t *o = &req->out;
    char a[32], b[32], c[32], span[80] = "", count[48], opens[24];
    web_buf_add (o, "<table class=\"fields\" id=\"thong-tin\">");
    web_field_row (o, "Mã hồ sơ", vp_map_str (d, VP_K_CODE) ? vp_map_str (d, VP_K_CODE)
                                                    : "chưa có (cần mã định danh của cơ quan)");
    web_field_row (o, "Số và ký hiệu hồ sơ", vp_map_str (d, VP_K_NOTATION));
    web_field_row (o, "Tiêu đề hồ sơ", vp_map_str (d, VP_K_TITLE));
    char year[16] = "";
    if (vp_map_int (d, VP_K_YEAR, 0))
        snprintf (year, sizeof year, "%lld", (long long) vp_map_int (d, VP_K_YEAR, 0));
    web_field_row (o, "Năm", year);
    web_field_row (o, "Đơn vị", vp_map_str (d, VP_K_BODY));
    web_field_row (o, "Thời hạn bảo quản", vp_map_str (d, "maintenance"));
    web_field_row (o, "Chế độ sử dụng", web_name (s_rights, vp_map_str (d, VP_K_RIGHTS)));
    if (vp_map_str (d, "rights_pending")) {
        char pending[120];
        snprintf (pending, sizeof pending, "%s, chờ Tổ trưởng Văn phòng xác nhận",
                  web_name (s_rights, vp_map_str (d, "rights_pending")));
        web_field_row (o, "Đề nghị đổi chế độ sử dụng", pending);
    }
    web_field_row (o, "Người lập", vp_map_str (d, "creator_name") ? vp_map_str (d, "creator_name") : vp_map_str (d, "creator"));
    web_field_row (o, "Ngày mở", web_date (req->web, vp_map_int (d, "created_at", 0), false, a));
    if (vp_map_int (d, "start_date", 0)) {
        web_date (req->web, vp_map_int (d, "start_date", 0), false, b);
        web_date (req->web, vp_map_int (d, "end_date", 0), false, c);
        snprintf (span, sizeof span, "%s – %s", b, c);
    }
    web_field_row (o, "Thời gian văn bản", span);
    web_field_row (o, "Ngày kết thúc", web_date (req->web, vp_map_int (d, "closed_at", 0), false, a));
    web_field_row (o, "Ngày nộp lưu", web_date (req->web, vp_map_int (d, "handed_over_at", 0), false, b));
    web_field_row (o, "Trạng thái", s_state (d));
    if (vp_map_int (d, "frozen_at", 0))
        web_field_row (o, "Lý do phong tỏa", vp_map_str (d, "frozen_reason"));
    snprintf (count, sizeof count, "%lld", (long long) vp_map_int (d, VP_K_DOCUMENTS, 0));
    web_field_row (o, "Số văn bản", count);
    snprintf (opens, sizeof opens, "%lld", (long long) vp_map_int (d, VP_K_OPENS, 0));
    web_field_row (o, "Số lần mở hồ sơ", opens);
    web_field_row (o, "Ghi chú", vp_map_str (d, VP_K_DESCRIPTION));
    web_buf_add (o, "</table>");
}

//  Mục lục văn bản: what dossier.get returns of each, in its order.
static void
s_items (web_req_t *req, const vp_val_t *items)
{
    web_buf_t *o = &req->out;
    web_buf_add (o, "<section><h2>Mục lục văn bản</h2>");
    if (!vp_val_len (items)) {
        web_buf_add (o, "<p id=\"muc-luc\">Hồ sơ chưa có văn bản nào.</p></section>");
        return;
    }
    web_buf_add (o, "<div class=\"scroll\"><table class=\"docs\" id=\"muc-luc\"><thead><tr><th>STT</th><th>Số đến</th>"
                    "<th>Số, ký hiệu</th><th>Ngày văn bản</th><th>Cơ quan ban hành</th><th>Trích yếu</th></tr>"
                    "</thead><tbody>");
    for (size_t i = 0; i < vp_val_len (items); i++) {
        const vp_val_t *it = vp_array_at (items, i);
        char arrival[48] = "", day[32];
        if (vp_map_int (it, VP_K_ARRIVAL_NUMBER, 0))
            snprintf (arrival, sizeof arrival, "%02lld/%lld", (long long) vp_map_int (it, VP_K_ARRIVAL_NUMBER, 0),
                      (long long) vp_map_int (it, VP_K_YEAR, 0));
        web_buf_add (o, "<tr data-stt=\"%lld\"><td class=\"num\">%lld</td>", (long long) vp_map_int (it, "ordinal", 0),
                     (long long) vp_map_int (it, "ordinal", 0));
        web_cell (o, arrival);
        if (!vp_map_bool (it, "sees", false)) {
            web_cell (o, "");
            web_cell (o, web_date (req->web, vp_map_int (it, VP_K_DOC_DATE, 0), false, day));
            web_buf_add (o, "<td colspan=\"2\" class=\"secret\">Văn bản mật: chỉ người được phép xem mới thấy nội dung."
                            "</td></tr>");
            continue;
        }
        web_buf_add (o, "<td><a href=\"/van-ban/");
        web_buf_esc (o, vp_map_str (it, VP_K_DOCUMENT));
        web_buf_add (o, "\">");
        web_buf_esc (o, vp_map_str (it, VP_K_NUMBER) && *vp_map_str (it, VP_K_NUMBER) ? vp_map_str (it, VP_K_NUMBER)
                                                                                     : vp_map_str (it, VP_K_DOCUMENT));
        web_buf_add (o, "</a></td>");
        web_cell (o, web_date (req->web, vp_map_int (it, VP_K_DOC_DATE, 0), false, day));
        web_cell (o, vp_map_str (it, VP_K_ISSUER));
        web_cell (o, vp_map_str (it, VP_K_SUMMARY));
        web_buf_add (o, "</tr>");
    }
    web_buf_add (o, "</tbody></table></div></section>");
}

void
web_page_dossier (web_req_t *req, const char *id)
{
    if (!s_id_ok (id)) {
        web_not_found (req);
        return;
    }
    char path[100];
    snprintf (path, sizeof path, "/ho-so/%s", id);
    const web_action_t *posted = web_action_posted (req, s_steps);
    vp_err_t err = { 0 };
    if (posted) {
        if (s_step_run (req, id, posted, &err) == 0) {
            web_redirect (req, "%s?xong=%s", path, posted->action);
            return;
        }
    }
    else
    if (strcmp (req->method, "POST") == 0)
        vp_err_set (&err, VP_E_INVALID_ARGUMENT, "action", "Không có thao tác \"%s\".", web_form (req, "action"));
    vp_val_t *args = vp_val_map (), *d = NULL;
    vp_map_put_str (args, VP_K_DOSSIER, id);
    vp_err_t gerr = { 0 };
    if (web_cmd_call (req->web, &req->session, "documents", "documents.dossier.get", args, &d, &gerr)) {
        if (gerr.code == VP_E_NOT_FOUND || gerr.code == VP_E_INVALID_ARGUMENT)
            web_not_found (req);
        else {
            req->status = s_status_of (&gerr);
            web_page_begin (req, "Hồ sơ");
            web_error_box (req, &gerr);
            web_page_end (req);
        }
        return;
    }
    web_buf_t *o = &req->out;
    char title[120];
    snprintf (title, sizeof title, "Hồ sơ %s", vp_map_str (d, VP_K_CODE) ? vp_map_str (d, VP_K_CODE) : id);
    web_page_begin (req, title);
    web_buf_add (o, "<p class=\"noprint\"><a href=\"/ho-so?nam=%lld\">← Danh mục hồ sơ</a></p><h1>",
                 (long long) vp_map_int (d, VP_K_YEAR, web_year (req, NULL)));
    web_buf_esc (o, vp_map_str (d, VP_K_TITLE));
    web_buf_add (o, "</h1>");
    if (err.code)
        s_refusal (req, posted, &err);
    const char *done = web_query (req, "xong");
    for (const web_action_t *a = s_steps; done && a->action; a++)
        if (!strcmp (a->action, done))
            web_buf_add (o, "<p class=\"ok\" role=\"status\">Đã xong: %s.</p>", a->legend);
    if (done && !strcmp (done, s_create.action))
        web_buf_add (o, "<p class=\"ok\" role=\"status\">Đã mở hồ sơ.</p>");
    s_fields (req, d);
    s_items (req, vp_map_get (d, "items"));

    web_buf_add (o, "<form method=\"post\" action=\"%s/xuat\" class=\"form search noprint\" id=\"xuat\">", path);
    web_csrf_field (req);
    web_buf_add (o, "<span>Tải hồ sơ về</span><button type=\"submit\" name=\"dinh-dang\" value=\"pdf\">PDF</button>"
                    "<button type=\"submit\" name=\"dinh-dang\" value=\"xml\">XML</button></form>");

    bool handed = vp_map_int (d, "handed_over_at", 0) != 0, frozen = vp_map_int (d, "frozen_at", 0) != 0;
    bool closed = vp_map_int (d, "closed_at", 0) != 0, head = web_heads_office (req);
    web_buf_add (o, "<section class=\"noprint\"><h2>Thao tác</h2><div class=\"forms\">");
    if (!closed && !frozen) {
        web_action_form (req, path, &s_steps[S_ADD]);
        web_action_form (req, path, &s_steps[S_CLOSE]);
    }
    if (!frozen)
        web_action_form (req, path, &s_steps[S_RIGHTS]);
    if (closed && !handed && !frozen)
        web_action_form (req, path, &s_steps[S_HANDOVER]);
    if (head && vp_map_str (d, "rights_pending"))
        web_action_form (req, path, &s_steps[S_CONFIRM]);
    if (head && !frozen)
        web_action_form (req, path, &s_steps[S_FREEZE]);
    if (head && frozen && !handed)
        web_action_form (req, path, &s_steps[S_UNFREEZE]);
    if (handed)
        web_buf_add (o, "<p>Hồ sơ đã nộp lưu vào Lưu trữ cơ quan: không thêm, sửa hay xóa được nữa.</p>");
    web_buf_add (o, "</div></section>");
    vp_val_destroy (&d);
    web_page_end (req);
}

void
web_page_dossier_export (web_req_t *req, const char *id)
{
    if (!s_id_ok (id)) {
        web_not_found (req);
        return;
    }
    const char *format = strcmp (web_form (req, "dinh-dang"), "xml") == 0 ? "xml" : "pdf";
    vp_val_t *args = vp_val_map (), *result = NULL;
    vp_map_put_str (args, VP_K_DOSSIER, id);
    vp_map_put_str (args, VP_K_FORMAT, format);
    vp_err_t err = { 0 };
    if (web_cmd_call (req->web, &req->session, "documents", "documents.dossier.export", args, &result, &err) == 0
    &&  web_export_file (req, result, &err) == 0) {
        vp_val_destroy (&result);
        return;
    }
    vp_val_destroy (&result);
    web_buf_free (&req->out);
    web_page_begin (req, "Hồ sơ");
    web_buf_add (&req->out, "<h1>Tải hồ sơ về</h1>");
    web_error_box (req, &err);
    web_buf_add (&req->out, "<p><a href=\"/ho-so/%s\">Về hồ sơ</a></p>", id);
    web_page_end (req);
    req->status = s_status_of (&err);
}
