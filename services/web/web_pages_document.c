/*  web_pages_document - a document's page (/van-ban/<id>): its fields,
    files, trail, and the steps its reader may take (each a form that
    posts back here). A document the reader may not see answers the same
    404 as one that does not exist. */
#include "web.h"
#include "vp/vp_fields.h"

static int
s_step (web_req_t *req, const char *id, vp_err_t *err)
{
    const char *action = web_form (req, "action");
    vp_val_t *args = vp_val_map ();
    vp_map_put_str (args, VP_K_DOCUMENT, id);
    const char *cmd = NULL;
    if (!strcmp (action, "assign")) {
        cmd = "documents.assign";
        if (*web_form (req, "post")) vp_map_put_str (args, VP_K_POST, web_form (req, "post"));
        if (*web_form (req, "officer")) vp_map_put_str (args, VP_K_OFFICER, web_form (req, "officer"));
        if (*web_form (req, "reason")) vp_map_put_str (args, VP_K_REASON, web_form (req, "reason"));
    }
    else if (!strcmp (action, "start")) cmd = "documents.start";
    else if (!strcmp (action, "done")) cmd = "documents.done";
    else if (!strcmp (action, "return")) cmd = "documents.return";
    else if (!strcmp (action, "forward")) {
        cmd = "documents.forward";
        vp_map_put_str (args, VP_K_TO_BODY, web_form (req, "to_body"));
    }
    else if (!strcmp (action, "comment")) {
        cmd = "documents.comment";
        vp_map_put_str (args, VP_K_TEXT, web_form (req, "text"));
    }
    if (!cmd) {
        vp_val_destroy (&args);
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, "action", "Không có thao tác \"%s\".", action);
    }
    if (strcmp (action, "assign") && strcmp (action, "comment") && strcmp (action, "start") && *web_form (req, "note"))
        vp_map_put_str (args, VP_K_NOTE, web_form (req, "note"));
    vp_val_t *result = NULL;
    int rc = web_cmd_call (req->web, &req->session, "documents", cmd, args, &result, err);
    vp_val_destroy (&result);
    return rc;
}

static void
s_action (web_buf_t *o, web_req_t *req, const char *id, const char *action, const char *label, const char *fields)
{
    web_buf_add (o, "<form method=\"post\" action=\"/van-ban/");
    web_buf_esc (o, id);
    web_buf_add (o, "\" class=\"form step\"><fieldset><legend>%s</legend>", label);
    web_csrf_field (req);
    web_buf_add (o, "<input type=\"hidden\" name=\"action\" value=\"%s\">%s<button type=\"submit\">%s</button>"
                    "</fieldset></form>", action, fields, label);
}

void
web_page_document (web_req_t *req, const char *id)
{
    vp_err_t err = { 0 };
    bool failed = false;
    if (strcmp (req->method, "POST") == 0) {
        if (s_step (req, id, &err) == 0) {
            web_redirect (req, "/van-ban/%s", id);
            return;
        }
        failed = true;
    }
    vp_val_t *args = vp_val_map ();
    vp_map_put_str (args, VP_K_DOCUMENT, id);
    vp_val_t *doc = NULL;
    vp_err_t gerr = { 0 };
    if (web_cmd_call (req->web, &req->session, "documents", "documents.get", args, &doc, &gerr)) {
        if (gerr.code == VP_E_NOT_FOUND || gerr.code == VP_E_PERMISSION_DENIED || gerr.code == VP_E_INVALID_ARGUMENT)
            web_not_found (req);
        else {
            req->status = 503;
            web_page_begin (req, "Lỗi");
            web_error_box (req, &gerr);
            web_page_end (req);
        }
        return;
    }
    web_buf_t *o = &req->out;
    char title[120];
    snprintf (title, sizeof title, "Văn bản %s", vp_map_str (doc, VP_K_NUMBER) ? vp_map_str (doc, VP_K_NUMBER) : id);
    web_page_begin (req, title);
    web_buf_add (o, "<h1>");
    web_buf_esc (o, vp_map_str (doc, "type_name"));
    web_buf_add (o, " ");
    web_buf_esc (o, vp_map_str (doc, VP_K_NUMBER));
    web_buf_add (o, "</h1>");
    if (failed) {
        req->status = 400;
        web_error_box (req, &err);
    }
    char a[32], b[32], c[32], label[64];
    snprintf (label, sizeof label, "%02lld/%lld", (long long) vp_map_int (doc, VP_K_ARRIVAL_NUMBER, 0),
              (long long) vp_map_int (doc, VP_K_YEAR, 0));
    web_buf_add (o, "<table class=\"fields\">");
    web_field_row (o, "Số đến", label);
    web_field_row (o, "Sổ", vp_map_str (doc, "book_name"));
    web_field_row (o, "Cơ quan ban hành", vp_map_str (doc, VP_K_ISSUER));
    web_field_row (o, "Số, ký hiệu", vp_map_str (doc, VP_K_NUMBER));
    web_field_row (o, "Ngày văn bản", web_date (req->web, vp_map_int (doc, VP_K_DOC_DATE, 0), false, a));
    web_field_row (o, "Ngày đến", web_date (req->web, vp_map_int (doc, VP_K_ARRIVED_AT, 0), true, b));
    web_field_row (o, "Trích yếu", vp_map_str (doc, VP_K_SUMMARY));
    web_field_row (o, "Độ khẩn", vp_map_str (doc, "urgency_name"));
    web_field_row (o, "Độ mật", vp_map_str (doc, "secrecy_name"));
    web_field_row (o, "Người xử lý", vp_map_str (doc, "officer_name"));
    web_field_row (o, "Chức danh", vp_map_str (doc, "post_title"));
    web_field_row (o, "Hạn xử lý", web_date (req->web, vp_map_int (doc, VP_K_DEADLINE, 0), true, c));
    web_field_row (o, "Trạng thái", web_status_name (vp_map_str (doc, VP_K_STATUS)));
    char pages[32] = "";
    if (vp_map_int (doc, VP_K_PAGES, 0) > 0)
        snprintf (pages, sizeof pages, "%lld", (long long) vp_map_int (doc, VP_K_PAGES, 0));
    web_field_row (o, "Số trang", *pages ? pages : NULL);
    web_field_row (o, "Ghi chú", vp_map_str (doc, VP_K_NOTE));
    web_buf_add (o, "</table>");
    vp_val_t *files = vp_map_get (doc, VP_K_ATTACHMENTS);
    if (files && vp_val_len (files)) {
        web_buf_add (o, "<section><h2>Tệp đính kèm</h2><ul>");
        for (size_t i = 0; i < vp_val_len (files); i++) {
            vp_val_t *f = vp_array_at (files, i);
            web_buf_add (o, "<li><a href=\"/van-ban/");
            web_buf_esc (o, id);
            web_buf_add (o, "/tep/");
            web_buf_esc (o, vp_map_str (f, VP_K_SHA256));
            web_buf_add (o, "\">");
            web_buf_esc (o, vp_map_str (f, VP_K_NAME));
            web_buf_add (o, "</a> (");
            if (vp_map_int (f, VP_K_PAGES, 0) > 0)
                web_buf_add (o, "%lld trang, ", (long long) vp_map_int (f, VP_K_PAGES, 0));
            web_buf_add (o, "%lld KB)</li>", (long long) (vp_map_int (f, VP_K_SIZE, 0) + 1023) / 1024);
        }
        web_buf_add (o, "</ul></section>");
    }
    web_buf_add (o, "<section><h2>Xử lý</h2><div class=\"steps\">");
    s_action (o, req, id, "start", "Bắt đầu xử lý", "");
    s_action (o, req, id, "done", "Hoàn thành",
              "<label for=\"done-note\">Kết quả</label><textarea id=\"done-note\" name=\"note\" rows=\"2\"></textarea>");
    s_action (o, req, id, "return", "Trả lại",
              "<label for=\"return-note\">Lý do</label><textarea id=\"return-note\" name=\"note\" rows=\"2\" required></textarea>");
    s_action (o, req, id, "assign", "Giao xử lý",
              "<label for=\"assign-post\">Chức danh (mã)</label><input id=\"assign-post\" name=\"post\">"
              "<label for=\"assign-officer\">hoặc cán bộ (mã)</label><input id=\"assign-officer\" name=\"officer\">"
              "<label for=\"assign-reason\">Lý do</label><input id=\"assign-reason\" name=\"reason\">");
    s_action (o, req, id, "forward", "Chuyển cơ quan khác",
              "<label for=\"forward-body\">Cơ quan nhận (mã)</label><input id=\"forward-body\" name=\"to_body\" required>"
              "<label for=\"forward-note\">Ghi chú</label><input id=\"forward-note\" name=\"note\">");
    s_action (o, req, id, "comment", "Gửi ý kiến",
              "<label for=\"comment-text\">Ý kiến</label><textarea id=\"comment-text\" name=\"text\" rows=\"2\" required></textarea>");
    web_buf_add (o, "</div></section><section><h2>Quá trình xử lý</h2><table class=\"trail\"><thead><tr>"
                    "<th>Thời gian</th><th>Người</th><th>Việc</th><th>Chi tiết</th></tr></thead><tbody>");
    vp_val_t *history = vp_map_get (doc, "history");
    for (size_t i = 0; history && i < vp_val_len (history); i++) {
        vp_val_t *h = vp_array_at (history, i);
        char at[32];
        web_buf_add (o, "<tr><td>%s</td><td>", web_date (req->web, vp_map_int (h, VP_K_AT, 0), true, at));
        web_buf_esc (o, vp_map_str (h, "actor_name") ? vp_map_str (h, "actor_name") : vp_map_str (h, VP_K_ACTOR));
        web_buf_add (o, "</td><td>");
        web_buf_esc (o, web_step_name (vp_map_str (h, "step")));
        web_buf_add (o, "</td><td>");
        web_buf_esc (o, vp_map_str (h, VP_K_DETAIL));
        web_buf_add (o, "</td></tr>");
    }
    web_buf_add (o, "</tbody></table></section>");
    vp_val_destroy (&doc);
    web_page_end (req);
}

void
web_page_file (web_req_t *req, const char *id, const char *sha)
{
    vp_val_t *args = vp_val_map ();
    vp_map_put_str (args, VP_K_DOCUMENT, id);
    vp_map_put_str (args, VP_K_SHA256, sha);
    vp_err_t err = { 0 };
    if (web_download (req, "documents.attachment.get", args, &err))
        web_not_found (req);
}
