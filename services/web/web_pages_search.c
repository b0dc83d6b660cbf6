/*  web_pages_search - Tìm kiếm (/tim-kiem): documents.search with one box,
    filters and pages of 20; and the table of documents the pages share. */
#include "web.h"

#define S_PAGE 20

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
        bool late = vp_map_bool (r, "overdue", false);
        web_buf_add (o, "<tr%s><td><a href=\"/van-ban/", late ? " class=\"late\"" : "");
        web_buf_esc (o, vp_map_str (r, "document"));
        web_buf_add (o, "\">");
        web_buf_esc (o, vp_map_str (r, "label"));
        web_buf_add (o, "</a></td><td>");
        web_buf_esc (o, vp_map_str (r, "number"));
        web_buf_add (o, "</td><td>");
        web_buf_esc (o, vp_map_str (r, "issuer"));
        web_buf_add (o, "</td><td>");
        web_buf_esc (o, vp_map_str (r, "summary"));
        web_buf_add (o, "</td><td>");
        if (vp_map_str (r, "on_behalf_of")) {
            //  on Việc của tôi: a document of someone on leave he stands in for
            web_buf_add (o, "<span class=\"behalf\">thay đ/c ");
            web_buf_esc (o, vp_map_str (r, "on_behalf_of_name") ? vp_map_str (r, "on_behalf_of_name")
                                                                 : vp_map_str (r, "on_behalf_of"));
            web_buf_add (o, "</span>");
        }
        else
            web_buf_esc (o, vp_map_str (r, "officer_name"));
        web_buf_add (o, "</td><td>%s%s</td><td>", web_date (req->web, vp_map_int (r, "deadline", 0), false, deadline),
                     late ? " (quá hạn)" : "");
        web_buf_esc (o, web_status_name (vp_map_str (r, "status")));
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

static void
s_select (web_buf_t *o, const char *name, const char *label, const char *const opts[][2], const char *current)
{
    web_buf_add (o, "<label for=\"%s\">%s</label><select id=\"%s\" name=\"%s\"><option value=\"\">Tất cả</option>",
                 name, label, name, name);
    for (int i = 0; opts[i][0]; i++)
        web_buf_add (o, "<option value=\"%s\"%s>%s</option>", opts[i][0],
                     strcmp (opts[i][0], current) == 0 ? " selected" : "", opts[i][1]);
    web_buf_add (o, "</select>");
}

void
web_page_search (web_req_t *req)
{
    static const char *const statuses[][2] = {
        { "registered", "Mới vào sổ" }, { "assigned", "Đã giao" }, { "in_progress", "Đang xử lý" },
        { "done", "Đã xử lý" }, { "returned", "Trả lại" }, { "forwarded", "Đã chuyển" }, { NULL, NULL }
    };
    static const char *const overdue[][2] = { { "true", "Quá hạn" }, { "false", "Chưa quá hạn" }, { NULL, NULL } };
    web_buf_t *o = &req->out;
    const char *q = s_q (req, "q"), *status = s_q (req, "status"), *late = s_q (req, "overdue");
    const char *mine = s_q (req, "cua-toi");
    long page = atol (s_q (req, "trang"));
    if (page < 1)
        page = 1;
    web_page_begin (req, "Tìm kiếm");
    web_buf_add (o, "<h1>Tìm kiếm văn bản</h1><form method=\"get\" action=\"/tim-kiem\" class=\"form search\">"
                    "<label for=\"q\">Từ khóa (trích yếu, cơ quan, số ký hiệu)</label>"
                    "<input id=\"q\" name=\"q\" type=\"search\" value=\"");
    web_buf_esc (o, q);
    web_buf_add (o, "\">");
    s_select (o, "status", "Trạng thái", statuses, status);
    s_select (o, "overdue", "Hạn xử lý", overdue, late);
    web_buf_add (o, "<label class=\"check\"><input type=\"checkbox\" name=\"cua-toi\" value=\"1\"%s> Chỉ văn bản của tôi</label>"
                    "<button type=\"submit\">Tìm</button></form>", *mine ? " checked" : "");
    vp_val_t *args = vp_val_map ();
    if (*q)
        vp_map_put_str (args, "q", q);
    if (*status)
        vp_map_put_str (args, "status", status);
    if (*late)
        vp_map_put_bool (args, "overdue", strcmp (late, "true") == 0);
    if (*mine)
        vp_map_put_str (args, "assignee", req->session.officer);
    vp_map_put_int (args, "limit", S_PAGE);
    vp_map_put_int (args, "offset", (page - 1) * S_PAGE);
    vp_val_t *result = NULL;
    vp_err_t err = { 0 };
    if (web_cmd_call (req->web, &req->session, "documents", "documents.search", args, &result, &err))
        web_error_box (req, &err);
    else {
        int64_t total = vp_map_int (result, "total", 0);
        char caption[80];
        snprintf (caption, sizeof caption, "%lld văn bản", (long long) total);
        web_doc_table (req, vp_map_get (result, "rows"), caption);
        web_buf_add (o, "<nav class=\"pages\" aria-label=\"Trang kết quả\">");
        for (int dir = -1; dir <= 1; dir += 2) {
            long to = page + dir;
            if (to < 1 || (to - 1) * S_PAGE >= total)
                continue;
            web_buf_add (o, "<a href=\"/tim-kiem?q=");
            char *enc = NULL;
            size_t n = strlen (q);
            enc = (char *) malloc (n * 3 + 1);
            size_t k = 0;
            for (size_t i = 0; i < n; i++) {
                unsigned char c = (unsigned char) q[i];
                if (isalnum (c) || c == '-' || c == '_' || c == '.')
                    enc[k++] = (char) c;
                else
                    k += (size_t) sprintf (enc + k, "%%%02X", c);
            }
            enc[k] = 0;
            web_buf_esc (o, enc);
            free (enc);
            web_buf_add (o, "&amp;status=");
            web_buf_esc (o, status);
            web_buf_add (o, "&amp;overdue=");
            web_buf_esc (o, late);
            web_buf_add (o, "%s&amp;trang=%ld\">%s</a> ", *mine ? "&amp;cua-toi=1" : "", to,
                         dir < 0 ? "« Trang trước" : "Trang sau »");
        }
        web_buf_add (o, "</nav>");
    }
    vp_val_destroy (&result);
    web_page_end (req);
}
