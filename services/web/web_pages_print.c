/*  web_pages_print - the printable pages: Lịch công tác tuần (/lich-tuan)
    and Sổ đăng ký văn bản đến (/so-den). Print layout (A4, landscape for
    the register) is in static/print.css. */
#include "web.h"

static const char *const s_days[] = { "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật" };

static void
s_motto (web_buf_t *o)
{
    web_buf_add (o, "<div class=\"motto\"><p class=\"nation\">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>"
                    "<p class=\"motto-line\">Độc lập - Tự do - Hạnh phúc</p></div>");
}

//  A room's name from calendar.rooms, or its id.
static const char *
s_room_name (const vp_val_t *rooms, const char *room)
{
    const vp_val_t *list = vp_map_get (rooms, "rooms");
    for (size_t i = 0; room && i < vp_val_len (list); i++)
        if (vp_map_str (vp_array_at (list, i), "room") && strcmp (vp_map_str (vp_array_at (list, i), "room"), room) == 0)
            return vp_map_str (vp_array_at (list, i), "name");
    return room;
}

//  "đ/c <full name> – <title of the first post>" of an officer, asked of
//  vp-staffing once per page (cache: officer -> the text).
static const char *
s_chair (web_req_t *req, vp_val_t *cache, const char *officer)
{
    if (!officer || !*officer)
        return "";
    if (!vp_map_str (cache, officer)) {
        vp_val_t *args = vp_val_map (), *who = NULL;
        vp_map_put_str (args, "officer", officer);
        vp_err_t err = { 0 };
        if (web_cmd_call (req->web, &req->session, "staffing", "staffing.officer.get", args, &who, &err) == 0) {
            const vp_val_t *post = vp_array_at (vp_map_get (who, "posts"), 0);
            const char *title = post ? vp_map_str (post, "title") : NULL;
            vp_map_put (cache, officer, vp_val_strf ("đ/c %s%s%s", vp_map_str (who, "full_name"),
                                                     title ? " – " : "", title ? title : ""));
        }
        else
            vp_map_put_str (cache, officer, officer);
        vp_val_destroy (&who);
    }
    return vp_map_str (cache, officer);
}

void
web_page_week (web_req_t *req)
{
    web_t *web = req->web;
    web_buf_t *o = &req->out;
    int64_t at = vp_clock_now ();
    const char *date = web_query (req, "ngay");
    vp_err_t err = { 0 };
    if (date && *date && vp_time_parse (date, web->zone, "ngay", &at, &err))
        at = vp_clock_now ();
    int64_t start = web_week_start (web, at);
    vp_val_t *args = vp_val_map ();
    vp_map_put_int (args, "from", start);
    vp_map_put_int (args, "to", start + 7 * 86400000LL);
    vp_val_t *result = NULL;
    web_page_begin (req, "Lịch công tác tuần");
    web_buf_add (o, "<article class=\"print week-print\">");
    s_motto (o);
    //  ISO week number of the Thursday of that week
    vp_tm_t thu;
    vp_time_local (start + 3 * 86400000LL + 12 * 3600000LL, web->zone, &thu);
    vp_tm_t jan1 = { .year = thu.year, .month = 1, .day = 1 };
    int64_t yday = (start + 3 * 86400000LL + 12 * 3600000LL - vp_time_from_local (&jan1, web->zone)) / 86400000LL;
    char a[32], b[32];
    web_buf_add (o, "<h1>LỊCH CÔNG TÁC TUẦN %lld (từ ngày %s đến ngày %s)</h1>", (long long) (yday / 7 + 1),
                 web_date (web, start, false, a), web_date (web, start + 6 * 86400000LL + 3600000LL, false, b));
    web_buf_add (o, "<p class=\"noprint\"><a href=\"/lich-tuan?ngay=%s\">« Tuần trước</a> · ",
                 web_date (web, start - 86400000LL, false, a));
    web_buf_add (o, "<a href=\"/lich-tuan?ngay=%s\">Tuần sau »</a></p>", web_date (web, start + 8 * 86400000LL, false, b));
    if (web_cmd_call (web, &req->session, "calendar", "calendar.list", args, &result, &err)) {
        web_error_box (req, &err);
        web_buf_add (o, "</article>");
        web_page_end (req);
        return;
    }
    //  A room by its name, a chair as offices print it ("đ/c <name> – <title>").
    vp_val_t *rooms = NULL, *chairs = vp_val_map ();
    vp_err_t rooms_err = { 0 };
    if (web_cmd_call (web, &req->session, "calendar", "calendar.rooms", vp_val_map (), &rooms, &rooms_err))
        rooms = NULL;
    web_buf_add (o, "<table class=\"week-table\"><thead><tr><th>Ngày</th><th>Buổi</th><th>Thời gian</th>"
                    "<th>Nội dung</th><th>Chủ trì</th><th>Địa điểm</th></tr></thead><tbody>");
    vp_val_t *entries = vp_map_get (result, "entries");
    for (int d = 0; d < 7; d++) {
        vp_tm_t dtm;
        vp_time_local (start + d * 86400000LL + 12 * 3600000LL, web->zone, &dtm);
        for (int half = 0; half < 2; half++) {
            if (!half)
                web_buf_add (o, "<tr><td rowspan=\"2\" class=\"day\">%s<br>%02d/%02d/%04d</td>", s_days[d], dtm.day,
                             dtm.month, dtm.year);
            else
                web_buf_add (o, "<tr>");
            web_buf_add (o, "<td>%s</td>", half ? "Chiều" : "Sáng");
            web_buf_t cells[4] = { { 0 } };
            for (size_t i = 0; entries && i < vp_val_len (entries); i++) {
                vp_val_t *e = vp_array_at (entries, i);
                const char *status = vp_map_str (e, "status");
                if (status && !strcmp (status, "cancelled"))
                    continue;
                vp_tm_t et;
                vp_time_local (vp_map_int (e, "start", 0), web->zone, &et);
                if (et.year != dtm.year || et.month != dtm.month || et.day != dtm.day || (et.hour >= 12) != half)
                    continue;
                char t[16];
                vp_time_format (vp_map_int (e, "start", 0), web->zone, "%H:%M", t, sizeof t);
                web_buf_add (&cells[0], "<p>%s</p>", t);
                web_buf_add (&cells[1], "<p>");
                web_buf_esc (&cells[1], vp_map_str (e, "title"));
                web_buf_add (&cells[1], "</p>");
                web_buf_add (&cells[2], "<p>");
                web_buf_esc (&cells[2], s_chair (req, chairs, vp_map_str (e, "chair")));
                web_buf_add (&cells[2], "</p>");
                web_buf_add (&cells[3], "<p>");
                web_buf_esc (&cells[3], vp_map_str (e, "place") ? vp_map_str (e, "place")
                                                                : s_room_name (rooms, vp_map_str (e, "room")));
                web_buf_add (&cells[3], "</p>");
            }
            for (int c = 0; c < 4; c++) {
                web_buf_add (o, "<td>%s</td>", cells[c].data ? cells[c].data : "");
                web_buf_free (&cells[c]);
            }
            web_buf_add (o, "</tr>");
        }
    }
    web_buf_add (o, "</tbody></table></article>");
    vp_val_destroy (&rooms);
    vp_val_destroy (&chairs);
    vp_val_destroy (&result);
    web_page_end (req);
}

void
web_page_book (web_req_t *req)
{
    web_t *web = req->web;
    web_buf_t *o = &req->out;
    const char *book = web_query (req, "so");
    const char *year = web_query (req, "nam");
    vp_tm_t now;
    vp_time_local (vp_clock_now (), web->zone, &now);
    vp_val_t *books = NULL;
    vp_err_t err = { 0 };
    web_page_begin (req, "Sổ đăng ký văn bản đến");
    web_buf_add (o, "<div class=\"noprint\"><form method=\"get\" action=\"/so-den\" class=\"form search\">"
                    "<label for=\"so\">Sổ</label><select id=\"so\" name=\"so\">");
    const char *first = NULL;
    if (web_cmd_call (web, &req->session, "documents", "documents.book.list", vp_val_map (), &books, &err) == 0) {
        vp_val_t *list = vp_map_get (books, "books");
        for (size_t i = 0; list && i < vp_val_len (list); i++) {
            vp_val_t *b = vp_array_at (list, i);
            const char *id = vp_map_str (b, "book");
            if (!first)
                first = id;
            web_buf_add (o, "<option value=\"");
            web_buf_esc (o, id);
            web_buf_add (o, "\"%s>", book && id && !strcmp (book, id) ? " selected" : "");
            web_buf_esc (o, vp_map_str (b, "name"));
            web_buf_add (o, "</option>");
        }
    }
    web_buf_add (o, "</select><label for=\"nam\">Năm</label><input id=\"nam\" name=\"nam\" type=\"number\" value=\"%d\">"
                    "<button type=\"submit\">Xem</button></form></div>", year && *year ? atoi (year) : now.year);
    if (!book || !*book)
        book = first;
    vp_val_t *args = vp_val_map ();
    vp_map_put_str (args, "book", book ? book : "");
    vp_map_put_int (args, "year", year && *year ? atoi (year) : now.year);
    vp_val_t *result = NULL;
    if (!book || web_cmd_call (web, &req->session, "documents", "documents.register_book", args, &result, &err)) {
        if (!book)
            vp_val_destroy (&args);
        else
            web_error_box (req, &err);
    }
    else {
        web_buf_add (o, "<article class=\"print book-print\"><h1>SỔ ĐĂNG KÝ VĂN BẢN ĐẾN</h1><p class=\"center\">");
        web_buf_esc (o, vp_map_str (result, "name"));
        web_buf_add (o, " – năm %lld</p><table class=\"register\"><thead><tr>", (long long) vp_map_int (result, "year", 0));
        vp_val_t *cols = vp_map_get (result, "columns");
        for (size_t i = 0; cols && i < vp_val_len (cols); i++) {
            web_buf_add (o, "<th>");
            web_buf_esc (o, vp_val_get_str (vp_array_at (cols, i)));
            web_buf_add (o, "</th>");
        }
        web_buf_add (o, "</tr></thead><tbody>");
        vp_val_t *rows = vp_map_get (result, "rows");
        for (size_t i = 0; rows && i < vp_val_len (rows); i++) {
            vp_val_t *r = vp_array_at (rows, i);
            web_buf_add (o, "<tr>");
            for (size_t j = 0; j < vp_val_len (r); j++) {
                web_buf_add (o, "<td>");
                web_buf_esc (o, vp_val_get_str (vp_array_at (r, j)));
                web_buf_add (o, "</td>");
            }
            web_buf_add (o, "</tr>");
        }
        web_buf_add (o, "</tbody></table></article>");
    }
    vp_val_destroy (&books);
    vp_val_destroy (&result);
    web_page_end (req);
}
