/*  web_pages_dashboard - the office head's Tổng hợp (/tong-hop) and the
    reminders sent from it (POST /tong-hop/nhac).

    One command makes the page (documents.dashboard): vp-documents counts
    in the commune's zone and decides who may see it (the office head,
    the leaders, admins); anyone else gets its refusal as a 403 page.
    Each overdue document has a reminder form to its assignee, carrying a
    request id made with the page: the form sent twice reminds once
    (web_cmd_call_once).
*/
#include "web.h"
#include "vp/vp_fields.h"

static const char *const s_statuses[] = { "registered", "assigned", "in_progress", "returned", "done", "forwarded",
                                          "archived", NULL };

//  A link to a document, its label as the text.
static void
s_doc_link (web_buf_t *o, const vp_val_t *row)
{
    web_buf_add (o, "<a href=\"/van-ban/");
    web_buf_esc (o, vp_map_str (row, VP_K_DOCUMENT));
    web_buf_add (o, "\">");
    web_buf_esc (o, vp_map_str (row, VP_K_LABEL));
    web_buf_add (o, "</a>");
}

static void
s_incoming (web_req_t *req, const vp_val_t *result)
{
    web_buf_t *o = &req->out;
    const vp_val_t *week = vp_map_get (result, VP_K_WEEK), *month = vp_map_get (result, "month");
    char a[32], b[32];
    web_buf_add (o, "<table class=\"counts\" id=\"den\"><caption>Văn bản đến theo trạng thái</caption>"
                    "<thead><tr><th>Trạng thái</th><th>Tuần này (từ %s)</th><th>Tháng này (từ %s)</th></tr></thead><tbody>",
                 web_date (req->web, vp_map_int (week, VP_K_FROM, 0), false, a),
                 web_date (req->web, vp_map_int (month, VP_K_FROM, 0), false, b));
    for (int i = 0; s_statuses[i]; i++)
        web_buf_add (o, "<tr><td>%s</td><td class=\"num\" data-period=\"week\" data-status=\"%s\">%lld</td>"
                        "<td class=\"num\" data-period=\"month\" data-status=\"%s\">%lld</td></tr>",
                     web_status_name (s_statuses[i]), s_statuses[i],
                     (long long) vp_map_int (vp_map_get (week, "by_status"), s_statuses[i], 0), s_statuses[i],
                     (long long) vp_map_int (vp_map_get (month, "by_status"), s_statuses[i], 0));
    web_buf_add (o, "<tr><th scope=\"row\">Cộng</th><td class=\"num\" data-period=\"week\" data-status=\"total\">%lld</td>"
                    "<td class=\"num\" data-period=\"month\" data-status=\"total\">%lld</td></tr></tbody></table>",
                 (long long) vp_map_int (week, VP_K_TOTAL, 0), (long long) vp_map_int (month, VP_K_TOTAL, 0));
}

//  Overdue counted by key (officer or body), named by name_key.
static void
s_overdue_counts (web_req_t *req, const vp_val_t *rows, const char *id, const char *caption, const char *column,
                  const char *key, const char *name_key, const char *nobody)
{
    web_buf_t *o = &req->out;
    web_buf_add (o, "<table class=\"counts\" id=\"%s\"><caption>%s</caption><thead><tr><th>%s</th>"
                    "<th>Số văn bản quá hạn</th></tr></thead><tbody>", id, caption, column);
    for (size_t i = 0; i < vp_val_len (rows); i++) {
        const vp_val_t *r = vp_array_at ((vp_val_t *) rows, i);
        const char *name = vp_map_str (r, name_key) ? vp_map_str (r, name_key) : vp_map_str (r, key);
        web_buf_add (o, "<tr><td>");
        web_buf_esc (o, name ? name : nobody);
        web_buf_add (o, "</td><td class=\"num\" data-%s=\"", id);
        web_buf_esc (o, vp_map_str (r, key) ? vp_map_str (r, key) : "");
        web_buf_add (o, "\">%lld</td></tr>", (long long) vp_map_int (r, VP_K_COUNT, 0));
    }
    if (!vp_val_len (rows))
        web_buf_add (o, "<tr><td colspan=\"2\">Không có văn bản quá hạn.</td></tr>");
    web_buf_add (o, "</tbody></table>");
}

static void
s_overdue_list (web_req_t *req, const vp_val_t *rows)
{
    web_buf_t *o = &req->out;
    web_buf_add (o, "<table class=\"docs\" id=\"qua-han\"><caption>Văn bản quá hạn: nhắc người xử lý</caption>"
                    "<thead><tr><th>Số đến</th><th>Số, ký hiệu</th><th>Trích yếu</th><th>Người xử lý</th>"
                    "<th>Hạn</th><th>Đã nhắc</th><th>Nhắc</th></tr></thead><tbody>");
    for (size_t i = 0; i < vp_val_len (rows); i++) {
        const vp_val_t *r = vp_array_at ((vp_val_t *) rows, i);
        char deadline[32], reminded[32];
        web_buf_add (o, "<tr class=\"late\"><td>");
        s_doc_link (o, r);
        web_buf_add (o, "</td>");
        web_cell (o, vp_map_str (r, VP_K_NUMBER));
        web_cell (o, vp_map_str (r, VP_K_SUMMARY));
        web_cell (o, vp_map_str (r, "officer_name") ? vp_map_str (r, "officer_name") : vp_map_str (r, VP_K_OFFICER));
        web_buf_add (o, "<td>%s</td><td>%s</td><td>",
                     web_date (req->web, vp_map_int (r, VP_K_DEADLINE, 0), true, deadline),
                     web_date (req->web, vp_map_int (r, "reminded_at", 0), true, reminded));
        char request[VP_ID_LEN + 1];
        vp_id_new (request);
        web_buf_add (o, "<form method=\"post\" action=\"/tong-hop/nhac\" class=\"remind\">");
        web_csrf_field (req);
        web_buf_add (o, "<input type=\"hidden\" name=\"request\" value=\"%s\">"
                        "<input type=\"hidden\" name=\"document\" value=\"", request);
        web_buf_esc (o, vp_map_str (r, VP_K_DOCUMENT));
        web_buf_add (o, "\"><label>Lời nhắc <input name=\"note\" maxlength=\"400\"></label>"
                        "<button type=\"submit\">Nhắc</button></form></td></tr>");
    }
    if (!vp_val_len (rows))
        web_buf_add (o, "<tr><td colspan=\"7\">Không có văn bản quá hạn.</td></tr>");
    web_buf_add (o, "</tbody></table>");
}

static void
s_waiting (web_req_t *req, const vp_val_t *result)
{
    web_buf_t *o = &req->out;
    const vp_val_t *rows = vp_map_get (result, "waiting");
    web_buf_add (o, "<table class=\"docs\" id=\"cho-giao\"><caption>Chờ giao xử lý: <span data-waiting=\"total\">%lld"
                    "</span> văn bản</caption><thead><tr><th>Số đến</th><th>Ngày đến</th><th>Số, ký hiệu</th>"
                    "<th>Cơ quan ban hành</th><th>Trích yếu</th><th>Trạng thái</th></tr></thead><tbody>",
                 (long long) vp_map_int (result, "waiting_total", 0));
    for (size_t i = 0; i < vp_val_len (rows); i++) {
        const vp_val_t *r = vp_array_at ((vp_val_t *) rows, i);
        char arrived[32];
        web_buf_add (o, "<tr><td>");
        s_doc_link (o, r);
        web_buf_add (o, "</td><td>%s</td>", web_date (req->web, vp_map_int (r, VP_K_ARRIVED_AT, 0), true, arrived));
        web_cell (o, vp_map_str (r, VP_K_NUMBER));
        web_cell (o, vp_map_str (r, VP_K_ISSUER));
        web_cell (o, vp_map_str (r, VP_K_SUMMARY));
        web_cell (o, web_status_name (vp_map_str (r, VP_K_STATUS)));
        web_buf_add (o, "</tr>");
    }
    if (!vp_val_len (rows))
        web_buf_add (o, "<tr><td colspan=\"6\">Không có văn bản chờ giao.</td></tr>");
    web_buf_add (o, "</tbody></table>");
}

//  The page, with what a reminder answered above it (ok: the assignee's
//  name; failed: the refusal).
static void
s_page (web_req_t *req, const char *reminded, const vp_err_t *failed)
{
    web_buf_t *o = &req->out;
    vp_val_t *result = NULL;
    vp_err_t err = { 0 };
    web_page_begin (req, "Tổng hợp");
    web_buf_add (o, "<h1>Tổng hợp văn bản đến</h1>");
    if (web_cmd_call (req->web, &req->session, "documents", "documents.dashboard", vp_val_map (), &result, &err)) {
        req->status = err.code == VP_E_PERMISSION_DENIED ? 403 : err.code == VP_E_UNAVAILABLE ? 503 : 400;
        web_error_box (req, &err);
        web_page_end (req);
        return;
    }
    if (failed)
        web_error_box (req, failed);
    if (reminded) {
        web_buf_add (o, "<p class=\"ok\" role=\"status\">Đã nhắc đồng chí ");
        web_buf_esc (o, reminded);
        web_buf_add (o, ".</p>");
    }
    s_incoming (req, result);
    s_overdue_counts (req, vp_map_get (result, "overdue_by_officer"), "can-bo", "Quá hạn theo cán bộ", "Cán bộ",
                      "officer", "full_name", "(chưa giao)");
    s_overdue_counts (req, vp_map_get (result, "overdue_by_body"), "co-quan", "Quá hạn theo cơ quan", "Cơ quan",
                      "body", "name", "(chưa rõ cơ quan)");
    s_overdue_list (req, vp_map_get (result, VP_K_OVERDUE));
    s_waiting (req, result);
    vp_val_destroy (&result);
    web_page_end (req);
}

void
web_page_dashboard (web_req_t *req)
{
    s_page (req, NULL, NULL);
}

void
web_page_remind (web_req_t *req)
{
    const char *request = web_form (req, "request");
    vp_err_t err = { 0 };
    if (!vp_id_valid (request)) {
        vp_err_set (&err, VP_E_INVALID_ARGUMENT, "request",
                    "Mã yêu cầu \"%s\" không hợp lệ: hãy mở lại trang Tổng hợp rồi nhắc.", request);
        req->status = 400;
        s_page (req, NULL, &err);
        return;
    }
    vp_val_t *args = vp_val_map ();
    vp_map_put_str (args, VP_K_DOCUMENT, web_form (req, "document"));
    if (*web_form (req, "note"))
        vp_map_put_str (args, VP_K_NOTE, web_form (req, "note"));
    vp_val_t *result = NULL;
    if (web_cmd_call_once (req->web, &req->session, "documents", "documents.remind", request, args, &result, &err)) {
        int status = err.code == VP_E_PERMISSION_DENIED ? 403 : err.code == VP_E_NOT_FOUND ? 404
                   : err.code == VP_E_UNAVAILABLE ? 503 : 400;
        s_page (req, NULL, &err);
        if (req->status < 400)
            req->status = status;
    }
    else {
        const char *name = vp_map_str (result, "officer_name") ? vp_map_str (result, "officer_name")
                                                                : vp_map_str (result, VP_K_OFFICER);
        s_page (req, name ? name : "", NULL);
    }
    vp_val_destroy (&result);
}
