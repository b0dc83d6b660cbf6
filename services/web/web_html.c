/*  web_html - pages: the one HTML-escaping function, the layout, dates.

    Every text that comes from a person or a service goes through
    web_buf_esc; the layout links only the pages' own CSS and JavaScript
    (no inline script or style: the Content-Security-Policy forbids it).
*/
#include "web.h"
#include "vp/vp_text.h"
#include <stdarg.h>

static void
s_grow (web_buf_t *buf, size_t more)
{
    if (buf->len + more + 1 <= buf->cap)
        return;
    size_t cap = buf->cap ? buf->cap : 4096;
    while (cap < buf->len + more + 1)
        cap *= 2;
    buf->data = (char *) realloc (buf->data, cap);
    buf->cap = cap;
}

void
web_buf_raw (web_buf_t *buf, const char *text, size_t len)
{
    s_grow (buf, len);
    memcpy (buf->data + buf->len, text, len);
    buf->len += len;
    buf->data[buf->len] = 0;
}

void
web_buf_add (web_buf_t *buf, const char *fmt, ...)
{
    va_list ap;
    va_start (ap, fmt);
    va_list ap2;
    va_copy (ap2, ap);
    int n = vsnprintf (NULL, 0, fmt, ap);
    va_end (ap);
    if (n > 0) {
        s_grow (buf, (size_t) n);
        vsnprintf (buf->data + buf->len, (size_t) n + 1, fmt, ap2);
        buf->len += (size_t) n;
    }
    va_end (ap2);
}

void
web_buf_esc (web_buf_t *buf, const char *text)
{
    if (!text)
        return;
    for (const char *p = text; *p; p++) {
        const char *entity = vp_html_entity (*p);
        web_buf_raw (buf, entity ? entity : p, entity ? strlen (entity) : 1);
    }
}

void
web_buf_free (web_buf_t *buf)
{
    free (buf->data);
    memset (buf, 0, sizeof *buf);
}

int
web_year (web_req_t *req, const char *given)
{
    vp_tm_t now;
    vp_time_local (vp_clock_now (), req->web->zone, &now);
    int year = given && *given ? atoi (given) : 0;
    return year >= 1900 && year <= 9999 ? year : now.year;
}

const char *
web_date (web_t *self, int64_t ms, bool with_time, char out[32])
{
    if (ms <= 0)
        return strcpy (out, "");
    return vp_time_format (ms, self->zone, with_time ? "%d/%m/%Y %H:%M" : "%d/%m/%Y", out, 32);
}

const char *
web_name (const char *const table[][2], const char *id)
{
    for (int i = 0; id && table[i][0]; i++)
        if (strcmp (table[i][0], id) == 0)
            return table[i][1];
    return id ? id : "";
}

void
web_cell (web_buf_t *o, const char *text)
{
    web_buf_add (o, "<td>");
    web_buf_esc (o, text);
    web_buf_add (o, "</td>");
}

const char *
web_status_name (const char *status)
{
    return vp_doc_status_title (status);
}

const char *
web_step_name (const char *step)
{
    static const char *const names[][2] = {
        { "registered", "Vào sổ" }, { "not_routed", "Chưa giao" }, { "assigned", "Giao xử lý" },
        { "reassigned", "Giao lại" }, { "in_progress", "Bắt đầu xử lý" }, { "done", "Hoàn thành" },
        { "returned", "Trả lại" }, { "forwarded", "Chuyển cơ quan khác" }, { "deadline", "Hạn xử lý" },
        { "due_soon", "Sắp đến hạn" }, { "overdue", "Quá hạn" }, { "comment", "Ý kiến" }, { "viewed", "Đã xem" },
        { "reminded", "Nhắc việc" },
        { "attached", "Đính kèm tệp" }, { "filed", "Lập hồ sơ" }, { "deleted", "Hủy" }, { NULL, NULL }
    };
    return web_name (names, step);
}

void
web_csrf_field (web_req_t *req)
{
    web_buf_add (&req->out, "<input type=\"hidden\" name=\"csrf\" value=\"");
    web_buf_esc (&req->out, req->session.csrf);
    web_buf_add (&req->out, "\">");
}

void
web_error_box (web_req_t *req, const vp_err_t *err)
{
    web_buf_add (&req->out, "<p class=\"error\" role=\"alert\">");
    web_buf_esc (&req->out, err->message);
    web_buf_add (&req->out, "</p>");
}

void
web_page_begin (web_req_t *req, const char *title)
{
    web_buf_t *o = &req->out;
    web_buf_add (o, "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                    "<title>");
    web_buf_esc (o, title);
    web_buf_add (o, " – Văn phòng</title><link rel=\"stylesheet\" href=\"/static/web.css\">"
                    "<script src=\"/static/web.js\" defer></script></head><body>");
    if (req->signed_in) {
        web_buf_add (o, "<header class=\"top\"><nav aria-label=\"Trang\">"
                        "<a href=\"/\">Việc của tôi</a> <a href=\"/vao-so\">Vào sổ</a> "
                        "<a href=\"/tim-kiem\">Tìm kiếm</a> <a href=\"/lich-tuan\">Lịch tuần</a> "
                        "<a href=\"/so-den\">Sổ đến</a> <a href=\"/van-ban-di\">Văn bản đi</a> <a href=\"/tong-hop\">Tổng hợp</a> "
                        "<a href=\"/bao-cao\">Báo cáo</a> <a href=\"/so-sach\">Sổ sách</a> <a href=\"/ho-so\">Hồ sơ</a> "
                        "<a href=\"/can-bo\">Cán bộ</a></nav>"
                        "<div class=\"who\">");
        web_buf_esc (o, req->session.full_name);
        web_buf_add (o, " – ");
        web_buf_esc (o, req->session.posts);
        web_buf_add (o, " <a href=\"/doi-mat-khau\">Đổi mật khẩu</a> "
                        "<form method=\"post\" action=\"/dang-xuat\" class=\"inline\">");
        web_csrf_field (req);
        web_buf_add (o, "<button type=\"submit\">Đăng xuất</button></form></div></header>");
    }
    web_buf_add (o, "<main>");
}

void
web_page_end (web_req_t *req)
{
    web_buf_add (&req->out, "</main></body></html>\n");
    req->type = "text/html; charset=utf-8";
}

void
web_field_row (web_buf_t *o, const char *label, const char *value)
{
    if (!value || !*value)
        return;
    web_buf_add (o, "<tr><th scope=\"row\">%s</th><td>", label);
    web_buf_esc (o, value);
    web_buf_add (o, "</td></tr>");
}
