/*  web_pages_home - Việc của tôi (/): my documents, my notifications and
    my week; the lists reload when the bus says the commune changed
    (static/web.js listens to /su-kien). */
#include "web.h"
#include "vp/vp_fields.h"

int64_t
web_week_start (web_t *self, int64_t ms)
{
    vp_tm_t tm;
    vp_time_local (ms, self->zone, &tm);
    int back = (tm.weekday + 6) % 7;            //  days since Monday
    vp_tm_t day = { .year = tm.year, .month = tm.month, .day = tm.day };
    int64_t start = vp_time_from_local (&day, self->zone) - (int64_t) back * 86400000LL;
    vp_time_local (start, self->zone, &tm);     //  a zone's shift: back to 00:00
    vp_tm_t monday = { .year = tm.year, .month = tm.month, .day = tm.day };
    return vp_time_from_local (&monday, self->zone);
}

static void
s_documents (web_req_t *req)
{
    vp_val_t *args = vp_val_map ();
    //  His own and, while their holder is on leave, those he stands in for.
    vp_map_put_str (args, VP_K_HANDLES, req->session.officer);
    vp_map_put_bool (args, VP_K_OPEN, true);       //  not the newest 100 of all: a done one would hide an open one
    vp_map_put_int (args, VP_K_LIMIT, 100);
    vp_val_t *result = NULL;
    vp_err_t err = { 0 };
    if (web_cmd_call (req->web, &req->session, "documents", "documents.search", args, &result, &err)) {
        web_error_box (req, &err);
        return;
    }
    vp_val_t *rows = vp_map_get (result, "rows");
    vp_val_t *open = vp_val_array (), *late = vp_val_array ();
    for (size_t i = 0; rows && i < vp_val_len (rows); i++) {
        vp_val_t *row = vp_array_at (rows, i);
        vp_array_push (vp_map_bool (row, VP_K_OVERDUE, false) ? late : open, vp_val_dup (row));
    }
    if (vp_val_len (late))
        web_doc_table (req, late, "Quá hạn");
    web_doc_table (req, open, "Văn bản được giao cho tôi");
    vp_val_destroy (&open);
    vp_val_destroy (&late);
    vp_val_destroy (&result);
}

static void
s_notifications (web_req_t *req)
{
    web_buf_t *o = &req->out;
    vp_val_t *args = vp_val_map ();
    vp_map_put_bool (args, VP_K_UNREAD, true);
    vp_map_put_int (args, VP_K_LIMIT, 20);
    vp_val_t *result = NULL;
    vp_err_t err = { 0 };
    web_buf_add (o, "<section><h2>Thông báo chưa đọc</h2>");
    if (web_cmd_call (req->web, &req->session, "notify", "notify.inbox", args, &result, &err)) {
        web_error_box (req, &err);
        web_buf_add (o, "</section>");
        return;
    }
    vp_val_t *items = vp_map_get (result, "items");
    if (!items || !vp_val_len (items))
        web_buf_add (o, "<p>Không có thông báo mới.</p>");
    else
        web_buf_add (o, "<ul class=\"notes\">");
    for (size_t i = 0; items && i < vp_val_len (items); i++) {
        vp_val_t *n = vp_array_at (items, i);
        char date[32];
        web_buf_add (o, "<li><span class=\"when\">%s</span> ",
                     web_date (req->web, vp_map_int (n, "created_at", 0), true, date));
        const char *doc = vp_map_str (n, VP_K_DOCUMENT);
        if (doc) {
            web_buf_add (o, "<a href=\"/van-ban/");
            web_buf_esc (o, doc);
            web_buf_add (o, "\">");
        }
        web_buf_esc (o, vp_map_str (n, VP_K_SUBJECT));
        web_buf_add (o, doc ? "</a>" : "");
        web_buf_add (o, " <form method=\"post\" action=\"/thong-bao\" class=\"inline\">");
        web_csrf_field (req);
        web_buf_add (o, "<input type=\"hidden\" name=\"id\" value=\"");
        web_buf_esc (o, vp_map_str (n, VP_K_ID));
        web_buf_add (o, "\"><button type=\"submit\">Đã đọc</button></form></li>");
    }
    if (items && vp_val_len (items))
        web_buf_add (o, "</ul>");
    web_buf_add (o, "</section>");
    vp_val_destroy (&result);
}

static void
s_week (web_req_t *req)
{
    web_buf_t *o = &req->out;
    int64_t start = web_week_start (req->web, vp_clock_now ());
    vp_val_t *args = vp_val_map ();
    vp_map_put_int (args, VP_K_FROM, start);
    vp_map_put_int (args, VP_K_TO, start + 7 * 86400000LL);
    vp_map_put_str (args, VP_K_OFFICER, req->session.officer);
    vp_val_t *result = NULL;
    vp_err_t err = { 0 };
    web_buf_add (o, "<section><h2>Lịch của tôi tuần này</h2>");
    if (web_cmd_call (req->web, &req->session, "calendar", "calendar.list", args, &result, &err)) {
        web_error_box (req, &err);
        web_buf_add (o, "</section>");
        return;
    }
    vp_val_t *entries = vp_map_get (result, VP_K_ENTRIES);
    int shown = 0;
    web_buf_add (o, "<ul class=\"week\">");
    for (size_t i = 0; entries && i < vp_val_len (entries); i++) {
        vp_val_t *e = vp_array_at (entries, i);
        const char *status = vp_map_str (e, VP_K_STATUS);
        if (status && strcmp (status, "cancelled") == 0)
            continue;
        char a[32], b[32];
        web_date (req->web, vp_map_int (e, VP_K_START, 0), true, a);
        vp_time_format (vp_map_int (e, VP_K_END, 0), req->web->zone, "%H:%M", b, sizeof b);
        web_buf_add (o, "<li><span class=\"when\">%s–%s</span> ", a, b);
        const char *doc = vp_map_str (e, VP_K_DOCUMENT);
        if (doc) {
            web_buf_add (o, "<a href=\"/van-ban/");
            web_buf_esc (o, doc);
            web_buf_add (o, "\">");
        }
        web_buf_esc (o, vp_map_str (e, VP_K_TITLE));
        web_buf_add (o, doc ? "</a>" : "");
        const char *place = vp_map_str (e, VP_K_PLACE) ? vp_map_str (e, VP_K_PLACE) : vp_map_str (e, VP_K_ROOM);
        if (place) {
            web_buf_add (o, " – ");
            web_buf_esc (o, place);
        }
        web_buf_add (o, "</li>");
        shown++;
    }
    web_buf_add (o, "</ul>%s<p><a href=\"/lich-tuan?cua-toi=1\">Lịch công tác tuần của tôi</a></p></section>",
                 shown ? "" : "<p>Không có lịch trong tuần.</p>");
    vp_val_destroy (&result);
}

void
web_page_home (web_req_t *req)
{
    web_page_begin (req, "Việc của tôi");
    web_buf_add (&req->out, "<h1>Việc của tôi</h1><div id=\"live\" data-live=\"/su-kien\">");
    s_documents (req);
    s_notifications (req);
    s_week (req);
    web_buf_add (&req->out, "</div>");
    web_page_end (req);
}

void
web_page_ack (web_req_t *req)
{
    vp_val_t *args = vp_val_map ();
    vp_map_put_str (args, VP_K_ID, web_form (req, "id"));
    vp_val_t *result = NULL;
    vp_err_t err = { 0 };
    web_cmd_call (req->web, &req->session, "notify", "notify.ack", args, &result, &err);
    vp_val_destroy (&result);
    web_redirect (req, "/");
}
