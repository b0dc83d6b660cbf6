/*  web_pages_week - Lịch công tác tuần as offices print it (/lich-tuan),
    an officer's own week (/lich-tuan?cua-toi=1) and publishing a week
    (POST /lich-tuan/ban-hanh, the office head's).

    The printed week: the issuing body on the left and the national
    motto on the right, "LỊCH CÔNG TÁC TUẦN 49 (từ ngày 30/11/2026 đến
    ngày 06/12/2026)", each day in Sáng and Chiều with the time, content,
    chủ trì with title, thành phần, địa điểm and đơn vị chuẩn bị, then
    the closing block of the published edition: Nơi nhận and the signer's
    title and name. A week never published, or changed since its latest
    edition, prints "Dự thảo" instead. One or two A4 pages (web.css).
    vp-calendar decides who may publish; the page only offers the form to
    the office head.
*/
#include "web.h"
#include "vp/vp_fields.h"

#define S_DAY_MS 86400000LL

static const char *const s_days[] = { "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật" };

//  A room's name from calendar.rooms, or its id.
static const char *
s_room_name (const vp_val_t *rooms, const char *room)
{
    const vp_val_t *list = vp_map_get (rooms, VP_K_ROOMS);
    for (size_t i = 0; room && i < vp_val_len (list); i++)
        if (vp_map_str (vp_array_at (list, i), VP_K_ROOM) && strcmp (vp_map_str (vp_array_at (list, i), VP_K_ROOM), room) == 0)
            return vp_map_str (vp_array_at (list, i), VP_K_NAME);
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
        vp_map_put_str (args, VP_K_OFFICER, officer);
        vp_err_t err = { 0 };
        if (web_cmd_call (req->web, &req->session, "staffing", "staffing.officer.get", args, &who, &err) == 0) {
            const vp_val_t *post = vp_array_at (vp_map_get (who, VP_K_POSTS), 0);
            const char *title = post ? vp_map_str (post, VP_K_TITLE) : NULL;
            vp_map_put (cache, officer, vp_val_strf ("đ/c %s%s%s", vp_map_str (who, VP_K_FULL_NAME),
                                                     title ? " – " : "", title ? title : ""));
        }
        else
            vp_map_put_str (cache, officer, officer);
        vp_val_destroy (&who);
    }
    return vp_map_str (cache, officer);
}

//  officer id -> full name (status: only the officers of that status, or
//  NULL for all), for the thành phần column and the entry form.
vp_val_t *
web_officer_names (web_req_t *req, const char *status)
{
    vp_val_t *names = vp_val_map (), *result = NULL;
    vp_err_t err = { 0 };
    vp_val_t *args = vp_val_map ();
    if (status)
        vp_map_put_str (args, VP_K_STATUS, status);
    if (web_cmd_call (req->web, &req->session, "staffing", "staffing.officer.list", args, &result, &err) == 0) {
        const vp_val_t *list = vp_map_get (result, VP_K_OFFICERS);
        for (size_t i = 0; i < vp_val_len (list); i++) {
            const vp_val_t *o = vp_array_at (list, i);
            if (vp_map_str (o, VP_K_OFFICER) && vp_map_str (o, VP_K_FULL_NAME))
                vp_map_put_str (names, vp_map_str (o, VP_K_OFFICER), vp_map_str (o, VP_K_FULL_NAME));
        }
    }
    vp_val_destroy (&result);
    return names;
}

//  Does the signed-in officer hold the office head's post now? Only to
//  offer the publish form: vp-calendar decides (a delegate acting for
//  the office head publishes too, from the command).
static bool
s_heads_office (web_req_t *req)
{
    vp_val_t *result = NULL;
    vp_err_t err = { 0 };
    bool heads = false;
    if (web_cmd_call (req->web, &req->session, "staffing", "staffing.post.list", vp_val_map (), &result, &err) == 0) {
        const vp_val_t *posts = vp_map_get (result, VP_K_POSTS);
        for (size_t i = 0; i < vp_val_len (posts); i++) {
            const vp_val_t *post = vp_array_at (posts, i);
            const vp_val_t *holders = vp_map_get (post, "holders");
            for (size_t k = 0; vp_map_bool (post, VP_K_HEADS_OFFICE, false) && k < vp_val_len (holders); k++)
                heads |= vp_map_str (vp_array_at (holders, k), VP_K_OFFICER)
                      && !strcmp (vp_map_str (vp_array_at (holders, k), VP_K_OFFICER), req->session.officer);
        }
    }
    vp_val_destroy (&result);
    return heads;
}

//  The issuing body and the national motto, side by side.
static void
s_heading (web_req_t *req)
{
    web_buf_t *o = &req->out;
    vp_val_t *tenant = NULL;
    vp_err_t err = { 0 };
    const char *office = "Văn phòng";
    if (web_cmd_call (req->web, &req->session, "staffing", "staffing.tenant.get", vp_val_map (), &tenant, &err))
        tenant = NULL;
    const vp_val_t *bodies = vp_map_get (tenant, "bodies");
    for (size_t i = 0; i < vp_val_len (bodies); i++)
        if (vp_map_str (vp_array_at (bodies, i), VP_K_KIND) && !strcmp (vp_map_str (vp_array_at (bodies, i), VP_K_KIND), "office"))
            office = vp_map_str (vp_array_at (bodies, i), VP_K_NAME);
    web_buf_add (o, "<div class=\"doc-head\"><div class=\"issuer\"><p class=\"upper\">Xã ");
    web_buf_esc (o, tenant && vp_map_str (tenant, VP_K_NAME) ? vp_map_str (tenant, VP_K_NAME) : req->session.tenant);
    web_buf_add (o, "</p><p class=\"upper strong underline\">");
    web_buf_esc (o, office);
    web_buf_add (o, "</p></div><div class=\"motto\"><p class=\"nation\">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>"
                    "<p class=\"motto-line\">Độc lập - Tự do - Hạnh phúc</p></div></div>");
    vp_val_destroy (&tenant);
}

//  Thành phần: the participants but the chair, by name.
static void
s_people (web_buf_t *o, const vp_val_t *entry, const vp_val_t *names)
{
    const vp_val_t *people = vp_map_get (entry, VP_K_PARTICIPANTS);
    const char *chair = vp_map_str (entry, VP_K_CHAIR);
    int shown = 0;
    for (size_t i = 0; i < vp_val_len (people); i++) {
        const char *officer = vp_map_str (vp_array_at (people, i), VP_K_OFFICER);
        if (!officer || (chair && !strcmp (chair, officer)))
            continue;
        web_buf_add (o, shown++ ? ", " : "");
        web_buf_esc (o, vp_map_str (names, officer) ? vp_map_str (names, officer) : officer);
    }
}

//  The closing block: Nơi nhận and the signer of the edition, or "Dự thảo".
static void
s_closing (web_req_t *req, const vp_val_t *edition)
{
    web_buf_t *o = &req->out;
    int64_t n = vp_map_int (edition, VP_K_EDITION, 0);
    bool changed = vp_map_bool (edition, VP_K_CHANGED, false);
    web_buf_add (o, "<div class=\"closing\"><div class=\"recipients\"><p class=\"strong italic\">Nơi nhận:</p><ul>");
    const vp_val_t *recipients = vp_map_get (edition, VP_K_RECIPIENTS);
    for (size_t i = 0; n && i < vp_val_len (recipients); i++) {
        web_buf_add (o, "<li>");
        web_buf_esc (o, vp_val_get_str (vp_array_at (recipients, i)));
        web_buf_add (o, "</li>");
    }
    web_buf_add (o, "</ul></div><div class=\"signer\">");
    if (!n || changed)
        web_buf_add (o, "<p class=\"draft\">DỰ THẢO</p>");
    else {
        char when[32];
        web_buf_add (o, "<p class=\"upper strong\">");
        web_buf_esc (o, vp_map_str (edition, VP_K_SIGNER_TITLE));
        web_buf_add (o, "</p><p class=\"sign-space\"></p><p class=\"strong signer-name\">");
        web_buf_esc (o, vp_map_str (edition, VP_K_SIGNER_NAME));
        web_buf_add (o, "</p><p class=\"edition\">Ban hành lần %lld, %s</p>", (long long) n,
                     web_date (req->web, vp_map_int (edition, VP_K_PUBLISHED, 0), true, when));
    }
    web_buf_add (o, "</div></div>");
}

//  The office head's form: who signs, chức vụ, nơi nhận.
static void
s_publish_form (web_req_t *req, const vp_val_t *edition, const vp_val_t *names, const char *date)
{
    web_buf_t *o = &req->out;
    const char *signer = vp_map_str (edition, VP_K_SIGNER);
    web_buf_add (o, "<section class=\"noprint publish\"><h2>Ban hành lịch tuần</h2>"
                    "<form method=\"post\" action=\"/lich-tuan/ban-hanh\" class=\"form\">");
    web_csrf_field (req);
    web_buf_add (o, "<input type=\"hidden\" name=\"ngay\" value=\"%s\">"
                    "<label for=\"signer\">Người ký</label><select id=\"signer\" name=\"signer\">", date);
    for (size_t i = 0; i < vp_val_len (names); i++) {
        const char *id = vp_map_key_at (names, i);
        web_buf_add (o, "<option value=\"");
        web_buf_esc (o, id);
        web_buf_add (o, "\"%s>", signer && !strcmp (signer, id) ? " selected" : "");
        web_buf_esc (o, vp_val_get_str (vp_map_value_at (names, i)));
        web_buf_add (o, "</option>");
    }
    web_buf_add (o, "</select><label for=\"signer_title\">Chức vụ người ký</label>"
                    "<input id=\"signer_title\" name=\"signer_title\" placeholder=\"mặc định: chức vụ của người ký\" value=\"");
    web_buf_esc (o, vp_map_str (edition, VP_K_SIGNER_TITLE));
    web_buf_add (o, "\"><label for=\"recipients\">Nơi nhận (mỗi dòng một nơi)</label>"
                    "<textarea id=\"recipients\" name=\"recipients\" rows=\"4\" "
                    "placeholder=\"để trống: nơi nhận thường lệ của xã\">");
    const vp_val_t *recipients = vp_map_get (edition, VP_K_RECIPIENTS);
    for (size_t i = 0; i < vp_val_len (recipients); i++) {
        web_buf_esc (o, vp_val_get_str (vp_array_at (recipients, i)));
        web_buf_add (o, "\n");
    }
    web_buf_add (o, "</textarea><button type=\"submit\">%s</button></form></section>",
                 vp_map_int (edition, VP_K_EDITION, 0) ? "Ban hành lại (lần mới)" : "Ban hành");
}

void
web_page_week (web_req_t *req)
{
    web_t *web = req->web;
    web_buf_t *o = &req->out;
    int64_t at = vp_clock_now ();
    const char *date = web_query (req, "ngay");
    const char *mine_q = web_query (req, "cua-toi");
    bool mine = mine_q && *mine_q && strcmp (mine_q, "0") != 0;
    vp_err_t err = { 0 };
    if (date && *date && vp_time_parse (date, web->zone, "ngay", &at, &err))
        at = vp_clock_now ();
    int64_t start = web_week_start (web, at);
    char a[32], b[32], day[32];
    web_date (web, start, false, day);
    vp_val_t *args = vp_val_map ();
    vp_map_put_int (args, VP_K_FROM, start);
    vp_map_put_int (args, VP_K_TO, start + 7 * S_DAY_MS);
    if (mine)
        vp_map_put_str (args, VP_K_OFFICER, req->session.officer);
    vp_val_t *edition = NULL, *result = NULL;
    vp_val_t *eargs = vp_val_map ();
    vp_map_put_int (eargs, VP_K_DATE, start);
    vp_err_t ed_err = { 0 };
    if (web_cmd_call (web, &req->session, "calendar", "calendar.week.edition", eargs, &edition, &ed_err))
        edition = vp_val_map ();
    web_page_begin (req, mine ? "Lịch công tác của tôi" : "Lịch công tác tuần");
    web_buf_add (o, "<article class=\"print week-print\">");
    s_heading (req);
    //  the week's number is vp-calendar's (ISO 8601); without an answer
    //  the heading goes without it
    char number[16] = "";
    if (vp_map_int (edition, VP_K_WEEK, 0))
        snprintf (number, sizeof number, " %lld", (long long) vp_map_int (edition, VP_K_WEEK, 0));
    web_buf_add (o, "<h1>LỊCH CÔNG TÁC TUẦN%s (từ ngày %s đến ngày %s)</h1>", number, day,
                 web_date (web, start + 6 * S_DAY_MS + 3600000LL, false, b));
    if (mine) {
        web_buf_add (o, "<p class=\"center strong\">của đ/c ");
        web_buf_esc (o, req->session.full_name);
        web_buf_add (o, "</p>");
    }
    else
    if (!vp_map_int (edition, VP_K_EDITION, 0) || vp_map_bool (edition, VP_K_CHANGED, false))
        web_buf_add (o, "<p class=\"center draft\">Dự thảo</p>");
    const char *notice = web_query (req, "ban-hanh");
    if (notice && *notice)
        web_buf_add (o, "<p class=\"ok noprint\" role=\"status\">%s</p>",
                     !strcmp (notice, "khong-doi") ? "Lịch không thay đổi từ lần ban hành trước: không ban hành lần mới."
                                                 : "Đã ban hành lịch tuần.");
    if (vp_map_int (edition, VP_K_EDITION, 0) && vp_map_bool (edition, VP_K_CHANGED, false) && !mine)
        web_buf_add (o, "<p class=\"error noprint\">Lịch đã thay đổi sau lần ban hành %lld: hãy ban hành lại.</p>",
                     (long long) vp_map_int (edition, VP_K_EDITION, 0));
    web_buf_add (o, "<p class=\"noprint\"><a href=\"/lich-tuan?ngay=%s%s\">« Tuần trước</a> · ",
                 web_date (web, start - S_DAY_MS, false, a), mine ? "&amp;cua-toi=1" : "");
    web_buf_add (o, "<a href=\"/lich-tuan?ngay=%s%s\">Tuần sau »</a> · ", web_date (web, start + 8 * S_DAY_MS, false, b),
                 mine ? "&amp;cua-toi=1" : "");
    if (mine)
        web_buf_add (o, "<a href=\"/lich-tuan?ngay=%s\">Lịch của cả xã</a>", day);
    else
        web_buf_add (o, "<a href=\"/lich-tuan?ngay=%s&amp;cua-toi=1\">Lịch của tôi</a>", day);
    web_buf_add (o, " · <a href=\"/lich-tuan/them?ngay=%s\">Thêm lịch</a></p>", day);
    if (web_cmd_call (web, &req->session, "calendar", "calendar.list", args, &result, &err)) {
        web_error_box (req, &err);
        web_buf_add (o, "</article>");
        web_page_end (req);
        vp_val_destroy (&edition);
        return;
    }
    //  A room by its name, a chair as offices print it ("đ/c <name> – <title>").
    vp_val_t *rooms = NULL, *chairs = vp_val_map (), *names = web_officer_names (req, NULL);
    vp_err_t rooms_err = { 0 };
    if (web_cmd_call (web, &req->session, "calendar", "calendar.rooms", vp_val_map (), &rooms, &rooms_err))
        rooms = NULL;
    web_buf_add (o, "<table class=\"week-table\"><thead><tr><th>Ngày</th><th>Buổi</th><th>Thời gian</th>"
                    "<th>Nội dung</th><th>Chủ trì</th><th>Thành phần</th><th>Địa điểm</th>"
                    "<th>Đơn vị chuẩn bị</th></tr></thead><tbody>");
    vp_val_t *entries = vp_map_get (result, VP_K_ENTRIES);
    for (int d = 0; d < 7; d++) {
        vp_tm_t dtm;
        vp_time_local (start + d * S_DAY_MS + 12 * 3600000LL, web->zone, &dtm);
        //  The day's entries by half (Sáng before noon, Chiều after),
        //  one row each: a half without any is one empty row.
        vp_val_t *halves[2] = { vp_val_array (), vp_val_array () };
        for (size_t i = 0; entries && i < vp_val_len (entries); i++) {
            vp_val_t *e = vp_array_at (entries, i);
            const char *status = vp_map_str (e, VP_K_STATUS);
            if (status && !strcmp (status, "cancelled"))
                continue;
            vp_tm_t et;
            vp_time_local (vp_map_int (e, VP_K_START, 0), web->zone, &et);
            if (et.year == dtm.year && et.month == dtm.month && et.day == dtm.day)
                vp_array_push (halves[et.hour >= 12], vp_val_dup (e));
        }
        size_t rows[2] = { vp_val_len (halves[0]) ? vp_val_len (halves[0]) : 1,
                           vp_val_len (halves[1]) ? vp_val_len (halves[1]) : 1 };
        web_buf_add (o, "<tr class=\"day-first\"><td rowspan=\"%zu\" class=\"day\">%s<br>%02d/%02d/%04d</td>",
                     rows[0] + rows[1], s_days[d], dtm.day, dtm.month, dtm.year);
        for (int half = 0; half < 2; half++) {
            for (size_t i = 0; i < rows[half]; i++) {
                if (half || i)
                    web_buf_add (o, "<tr>");
                if (!i)
                    web_buf_add (o, "<td rowspan=\"%zu\" class=\"half\">%s</td>", rows[half], half ? "Chiều" : "Sáng");
                vp_val_t *e = vp_array_at (halves[half], i);
                if (!e) {
                    web_buf_add (o, "<td></td><td></td><td></td><td></td><td></td><td></td></tr>");
                    continue;
                }
                const char *status = vp_map_str (e, VP_K_STATUS);
                char t[16];
                vp_time_format (vp_map_int (e, VP_K_START, 0), web->zone, "%H:%M", t, sizeof t);
                web_buf_add (o, "<td class=\"time\">%s</td><td>", t);
                web_buf_esc (o, vp_map_str (e, VP_K_TITLE));
                if (status && !strcmp (status, "moved"))
                    web_buf_add (o, " <em>(đổi lịch)</em>");
                web_buf_add (o, " <a class=\"noprint\" href=\"/lich-tuan/");
                web_buf_esc (o, vp_map_str (e, VP_K_ENTRY));
                web_buf_add (o, "/sua\">Sửa</a></td><td>");
                web_buf_esc (o, s_chair (req, chairs, vp_map_str (e, VP_K_CHAIR)));
                web_buf_add (o, "</td><td>");
                s_people (o, e, names);
                web_buf_add (o, "</td><td>");
                web_buf_esc (o, vp_map_str (e, VP_K_PLACE) ? vp_map_str (e, VP_K_PLACE)
                                                        : s_room_name (rooms, vp_map_str (e, VP_K_ROOM)));
                web_buf_add (o, "</td><td>");
                web_buf_esc (o, vp_map_str (e, VP_K_PREPARED_BY));
                web_buf_add (o, "</td></tr>");
            }
        }
        vp_val_destroy (&halves[0]);
        vp_val_destroy (&halves[1]);
    }
    web_buf_add (o, "</tbody></table>");
    if (!mine)
        s_closing (req, edition);
    web_buf_add (o, "</article>");
    if (!mine && s_heads_office (req))
        s_publish_form (req, edition, names, day);
    vp_val_destroy (&rooms);
    vp_val_destroy (&chairs);
    vp_val_destroy (&names);
    vp_val_destroy (&edition);
    vp_val_destroy (&result);
    web_page_end (req);
}

void
web_page_week_publish (web_req_t *req)
{
    web_t *web = req->web;
    int64_t at = 0;
    vp_err_t err = { 0 };
    const char *date = web_form (req, "ngay");
    if (vp_time_parse (date, web->zone, "ngay", &at, &err)) {
        web_page_begin (req, "Ban hành lịch tuần");
        vp_err_set (&err, VP_E_INVALID_ARGUMENT, "ngay", "Ngày \"%s\" không đúng: hãy viết dd/mm/yyyy", date);
        web_error_box (req, &err);
        web_page_end (req);
        return;
    }
    vp_val_t *args = vp_val_map ();
    vp_map_put_int (args, VP_K_DATE, at);
    vp_map_put_str (args, VP_K_SIGNER, web_form (req, "signer"));
    if (*web_form (req, "signer_title"))
        vp_map_put_str (args, VP_K_SIGNER_TITLE, web_form (req, "signer_title"));
    //  Nơi nhận: one a line, blank lines left out.
    vp_val_t *recipients = vp_val_array ();
    for (const char *p = web_form (req, "recipients"); *p; ) {
        size_t n = strcspn (p, "\r\n");
        char line[400];
        snprintf (line, sizeof line, "%.*s", (int) (n < sizeof line ? n : sizeof line - 1), p);
        p += n;
        p += strspn (p, "\r\n");
        char *s = line + strspn (line, " \t");
        for (char *e = s + strlen (s); e > s && strchr (" \t", e[-1]); )
            *--e = 0;
        if (*s && vp_val_len (recipients) < 50)
            vp_array_push (recipients, vp_val_str (s));
    }
    vp_map_put (args, VP_K_RECIPIENTS, recipients);
    vp_val_t *result = NULL;
    if (web_cmd_call (web, &req->session, "calendar", "calendar.week.publish", args, &result, &err)) {
        web_page_begin (req, "Ban hành lịch tuần");
        web_buf_add (&req->out, "<h1>Ban hành lịch tuần</h1>");
        web_error_box (req, &err);
        web_buf_add (&req->out, "<p><a href=\"/lich-tuan?ngay=");
        web_buf_esc (&req->out, date);
        web_buf_add (&req->out, "\">Về lịch tuần</a></p>");
        web_page_end (req);
        return;
    }
    char day[32];
    web_redirect (req, "/lich-tuan?ngay=%s&ban-hanh=%s", web_date (web, at, false, day),
                  vp_map_bool (result, VP_K_UNCHANGED, false) ? "khong-doi" : "da-ban-hanh");
    vp_val_destroy (&result);
}
