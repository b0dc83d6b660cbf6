/*  web_pages_week_form - an entry of the week, new or moved:
    /lich-tuan/them and /lich-tuan/<id>/sua.

    The form first asks vp-calendar for a dry run (check=true) and shows
    the person and room conflicts the entry would have, in Vietnamese:
    who or which room, which other entry, and its time; the officer then
    confirms ("Vẫn lưu": a room taken is booked anyway, force=true) or
    changes the entry and checks again. With no conflict it is saved at
    once. Who may create or move an entry is vp-calendar's rule (an
    active officer of the commune); the page decides nothing.
*/
#include "web.h"
#include "vp/vp_text.h"
#include "vp/vp_fields.h"

//  What the form holds, as typed.
typedef struct {
    char date[32], half[16], from[16], to[16];
    char title[401], chair[65], room[65], place[201], prepared[201];
    char people[2048];              //  officers of thành phần, "," between
} s_form_t;

static void
s_copy (char *out, size_t size, const char *in)
{
    snprintf (out, size, "%s", in ? in : "");
    vp_utf8_whole (out);
}

static void
s_trim (char *s)
{
    char *start = s + strspn (s, " \t");
    memmove (s, start, strlen (start) + 1);
    for (char *e = s + strlen (s); e > s && strchr (" \t\r\n", e[-1]); )
        *--e = 0;
}

static bool
s_listed (const char *list, const char *id)
{
    size_t n = strlen (id);
    for (const char *p = list; p && *p; ) {
        size_t len = strcspn (p, ",");
        if (len == n && !strncmp (p, id, n))
            return true;
        p += len + (p[len] == ',');
    }
    return false;
}

//  The form as posted.
static void
s_read (web_req_t *req, s_form_t *f)
{
    memset (f, 0, sizeof *f);
    s_copy (f->date, sizeof f->date, web_form (req, "ngay"));
    s_copy (f->half, sizeof f->half, web_form (req, "buoi"));
    s_copy (f->from, sizeof f->from, web_form (req, "tu"));
    s_copy (f->to, sizeof f->to, web_form (req, "den"));
    s_copy (f->title, sizeof f->title, web_form (req, "noi_dung"));
    s_copy (f->chair, sizeof f->chair, web_form (req, "chu_tri"));
    s_copy (f->room, sizeof f->room, web_form (req, "phong"));
    s_copy (f->place, sizeof f->place, web_form (req, "dia_diem"));
    s_copy (f->prepared, sizeof f->prepared, web_form (req, "chuan_bi"));
    char *fields[] = { f->date, f->from, f->to, f->title, f->place, f->prepared };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        s_trim (fields[i]);
    for (int i = 0; i < req->nfields; i++)
        if (!strcmp (req->fields[i].name, "thanh_phan") && *req->fields[i].value
        &&  strlen (f->people) + strlen (req->fields[i].value) + 2 < sizeof f->people) {
            if (*f->people)
                strcat (f->people, ",");
            strcat (f->people, req->fields[i].value);
        }
}

//  The form from an entry (calendar.entry.get's answer).
static void
s_from_entry (web_t *web, const vp_val_t *e, s_form_t *f)
{
    memset (f, 0, sizeof *f);
    int64_t start = vp_map_int (e, VP_K_START, 0), end = vp_map_int (e, VP_K_END, 0);
    web_date (web, start, false, f->date);
    vp_time_format (start, web->zone, "%H:%M", f->from, sizeof f->from);
    vp_time_format (end, web->zone, "%H:%M", f->to, sizeof f->to);
    vp_tm_t tm;
    vp_time_local (start, web->zone, &tm);
    s_copy (f->half, sizeof f->half, tm.hour >= 12 ? "chieu" : "sang");
    s_copy (f->title, sizeof f->title, vp_map_str (e, VP_K_TITLE));
    s_copy (f->chair, sizeof f->chair, vp_map_str (e, VP_K_CHAIR));
    s_copy (f->room, sizeof f->room, vp_map_str (e, VP_K_ROOM));
    s_copy (f->place, sizeof f->place, vp_map_str (e, VP_K_PLACE));
    s_copy (f->prepared, sizeof f->prepared, vp_map_str (e, VP_K_PREPARED_BY));
    const vp_val_t *people = vp_map_get (e, VP_K_PARTICIPANTS);
    for (size_t i = 0; i < vp_val_len (people); i++) {
        const char *officer = vp_map_str (vp_array_at (people, i), VP_K_OFFICER);
        if (!officer || (*f->chair && !strcmp (officer, f->chair))
        ||  strlen (f->people) + strlen (officer) + 2 >= sizeof f->people)
            continue;
        if (*f->people)
            strcat (f->people, ",");
        strcat (f->people, officer);
    }
}

//  "HH:MM" of the day into ms, or -1.
static int64_t
s_clock (web_t *web, int64_t day, const char *hhmm)
{
    int h = -1, m = -1, used = 0;
    if (sscanf (hhmm, "%2d:%2d%n", &h, &m, &used) != 2 || hhmm[used] || h < 0 || h > 23 || m < 0 || m > 59)
        return -1;
    vp_tm_t tm;
    vp_time_local (day, web->zone, &tm);
    tm.hour = h;
    tm.minute = m;
    tm.second = 0;
    return vp_time_from_local (&tm, web->zone);
}

//  The command's arguments from the form, or -1 with err naming the
//  field and the value in Vietnamese. was: a move, the entry as its
//  reader was shown it (NULL: a new entry). A move sends only what the
//  form changed, so that what the reader was not shown (a secret
//  entry's title, its people: a busy block) is never written back.
static int
s_args (web_req_t *req, const s_form_t *f, const char *entry, const s_form_t *was, vp_val_t *args, vp_err_t *err)
{
    web_t *web = req->web;
    int64_t day = 0;
    int d = 0, mo = 0, y = 0, used = 0;
    if (sscanf (f->date, "%2d/%2d/%4d%n", &d, &mo, &y, &used) != 3 || f->date[used]
    ||  vp_time_parse (f->date, web->zone, "ngay", &day, err))
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, "ngay", "Ngày \"%s\" không đúng: hãy viết ngày/tháng/năm, "
                           "ví dụ 03/12/2026", f->date);
    bool afternoon = !strcmp (f->half, "chieu");
    const char *from = *f->from ? f->from : afternoon ? "13:30" : "07:30";
    const char *to = *f->to ? f->to : afternoon ? "17:00" : "11:30";
    int64_t start = s_clock (web, day, from), end = s_clock (web, day, to);
    if (start < 0)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, "tu", "Giờ bắt đầu \"%s\" không đúng: hãy viết giờ:phút, "
                           "ví dụ 08:00", from);
    if (end < 0)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, "den", "Giờ kết thúc \"%s\" không đúng: hãy viết giờ:phút, "
                           "ví dụ 10:30", to);
    if (end <= start)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, "den", "Giờ kết thúc (%s) phải sau giờ bắt đầu (%s)", to, from);
    if (!*f->title)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, "noi_dung", "Hãy ghi nội dung công việc");
    if (entry)
        vp_map_put_str (args, VP_K_ENTRY, entry);
    if (!was || strcmp (f->title, was->title))
        vp_map_put_str (args, VP_K_TITLE, f->title);
    vp_map_put_int (args, VP_K_START, start);
    vp_map_put_int (args, VP_K_END, end);
    //  posts an entry came by are resolved again by vp-calendar when it moves
    if ((!was && *f->chair) || (was && strcmp (f->chair, was->chair)))
        vp_map_put_str (args, VP_K_CHAIR, f->chair);
    if (!was || strcmp (f->people, was->people)) {
        vp_val_t *officers = vp_val_array ();
        for (const char *p = f->people; *p; ) {
            size_t n = strcspn (p, ",");
            char id[65];
            snprintf (id, sizeof id, "%.*s", (int) (n < sizeof id ? n : sizeof id - 1), p);
            if (*id && strcmp (id, f->chair) != 0)
                vp_array_push (officers, vp_val_str (id));
            p += n + (p[n] == ',');
        }
        vp_map_put (args, VP_K_OFFICERS, officers);
    }
    if (!was || strcmp (f->room, was->room) || strcmp (f->place, was->place)) {
        if (*f->room)
            vp_map_put_str (args, VP_K_ROOM, f->room);
        else
        if (*f->place || was)
            vp_map_put_str (args, VP_K_PLACE, f->place);
    }
    if ((!was && *f->prepared) || (was && strcmp (f->prepared, was->prepared)))
        vp_map_put_str (args, VP_K_PREPARED_BY, f->prepared);
    return 0;
}

static void
s_input (web_buf_t *o, const char *name, const char *label, const char *value, const char *hint)
{
    web_buf_add (o, "<label for=\"%s\">%s</label><input id=\"%s\" name=\"%s\" placeholder=\"%s\" value=\"",
                 name, label, name, name, hint);
    web_buf_esc (o, value);
    web_buf_add (o, "\">");
}

//  The conflicts of a dry run, in Vietnamese: who or which room, which
//  other entry and its time.
static void
s_conflicts (web_req_t *req, const vp_val_t *conflicts, const vp_val_t *officers, const vp_val_t *rooms)
{
    web_buf_t *o = &req->out;
    web_buf_add (o, "<section class=\"conflicts\" role=\"alert\"><h2>Trùng lịch</h2><ul>");
    for (size_t i = 0; i < vp_val_len (conflicts); i++) {
        const vp_val_t *c = vp_array_at (conflicts, i);
        const char *with = vp_map_str (c, VP_K_WITH);
        int64_t start = vp_map_int (c, VP_K_START, 0), end = vp_map_int (c, VP_K_END, 0);
        //  the other entry's own time, not only the overlap
        vp_val_t *args = vp_val_map (), *other = NULL;
        vp_map_put_str (args, VP_K_ENTRY, with ? with : "");
        vp_err_t err = { 0 };
        if (web_cmd_call (req->web, &req->session, "calendar", "calendar.entry.get", args, &other, &err) == 0) {
            start = vp_map_int (other, VP_K_START, start);
            end = vp_map_int (other, VP_K_END, end);
        }
        char a[32], b[16];
        web_date (req->web, start, true, a);
        vp_time_format (end, req->web->zone, "%H:%M", b, sizeof b);
        bool room = !strcmp (vp_map_str (c, VP_K_KIND), "room");
        web_buf_add (o, "<li class=\"conflict %s\">", room ? "room" : "person");
        if (room) {
            const char *id = vp_map_str (c, VP_K_ROOM);
            const char *name = NULL;
            const vp_val_t *list = vp_map_get (rooms, VP_K_ROOMS);
            for (size_t k = 0; id && k < vp_val_len (list); k++)
                if (!strcmp (vp_map_str (vp_array_at (list, k), VP_K_ROOM), id))
                    name = vp_map_str (vp_array_at (list, k), VP_K_NAME);
            web_buf_add (o, "Phòng <strong>");
            web_buf_esc (o, name ? name : id);
            web_buf_add (o, "</strong> đã được đặt cho ");
        }
        else {
            const char *id = vp_map_str (c, VP_K_OFFICER);
            web_buf_add (o, "Đ/c <strong>");
            web_buf_esc (o, id && vp_map_str (officers, id) ? vp_map_str (officers, id) : id);
            web_buf_add (o, "</strong> đã có lịch ");
        }
        web_buf_add (o, "«");
        web_buf_esc (o, vp_map_str (c, VP_K_WITH_TITLE));
        web_buf_add (o, "» (");
        web_buf_esc (o, with);
        web_buf_add (o, ") lúc %s–%s.</li>", a, b);
        vp_val_destroy (&other);
    }
    web_buf_add (o, "</ul><p>Hãy đổi giờ, phòng hoặc thành phần rồi kiểm tra lại, hoặc chọn «Vẫn lưu» "
                    "nếu đã thống nhất.</p></section>");
}

//  The form, with what was typed.
static void
s_form (web_req_t *req, const char *action, const s_form_t *f, bool confirm, const vp_val_t *officers,
        const vp_val_t *rooms)
{
    web_buf_t *o = &req->out;
    web_buf_add (o, "<form method=\"post\" action=\"%s\" class=\"form entry-form\">", action);
    web_csrf_field (req);
    s_input (o, "ngay", "Ngày", f->date, "dd/mm/yyyy");
    web_buf_add (o, "<label for=\"buoi\">Buổi</label><select id=\"buoi\" name=\"buoi\">"
                    "<option value=\"sang\"%s>Sáng</option><option value=\"chieu\"%s>Chiều</option></select>",
                 strcmp (f->half, "chieu") ? " selected" : "", strcmp (f->half, "chieu") ? "" : " selected");
    s_input (o, "tu", "Từ giờ", f->from, "HH:MM (mặc định: đầu buổi)");
    s_input (o, "den", "Đến giờ", f->to, "HH:MM (mặc định: cuối buổi)");
    web_buf_add (o, "<label for=\"noi_dung\">Nội dung</label><textarea id=\"noi_dung\" name=\"noi_dung\" rows=\"2\">");
    web_buf_esc (o, f->title);
    web_buf_add (o, "</textarea><label for=\"chu_tri\">Chủ trì</label><select id=\"chu_tri\" name=\"chu_tri\">"
                    "<option value=\"\">(không)</option>");
    for (size_t i = 0; i < vp_val_len (officers); i++) {
        const char *id = vp_map_key_at (officers, i);
        web_buf_add (o, "<option value=\"");
        web_buf_esc (o, id);
        web_buf_add (o, "\"%s>", !strcmp (id, f->chair) ? " selected" : "");
        web_buf_esc (o, vp_val_get_str (vp_map_value_at (officers, i)));
        web_buf_add (o, "</option>");
    }
    web_buf_add (o, "</select><fieldset class=\"people\"><legend>Thành phần</legend>");
    for (size_t i = 0; i < vp_val_len (officers); i++) {
        const char *id = vp_map_key_at (officers, i);
        web_buf_add (o, "<label class=\"check\"><input type=\"checkbox\" name=\"thanh_phan\" value=\"");
        web_buf_esc (o, id);
        web_buf_add (o, "\"%s> ", s_listed (f->people, id) ? " checked" : "");
        web_buf_esc (o, vp_val_get_str (vp_map_value_at (officers, i)));
        web_buf_add (o, "</label>");
    }
    web_buf_add (o, "</fieldset><label for=\"phong\">Phòng</label><select id=\"phong\" name=\"phong\">"
                    "<option value=\"\">(nơi khác)</option>");
    const vp_val_t *list = vp_map_get (rooms, VP_K_ROOMS);
    for (size_t i = 0; i < vp_val_len (list); i++) {
        const vp_val_t *r = vp_array_at (list, i);
        if (!vp_map_bool (r, VP_K_ACTIVE, true) && strcmp (vp_map_str (r, VP_K_ROOM), f->room))
            continue;
        web_buf_add (o, "<option value=\"");
        web_buf_esc (o, vp_map_str (r, VP_K_ROOM));
        web_buf_add (o, "\"%s>", !strcmp (vp_map_str (r, VP_K_ROOM), f->room) ? " selected" : "");
        web_buf_esc (o, vp_map_str (r, VP_K_NAME));
        web_buf_add (o, "</option>");
    }
    web_buf_add (o, "</select>");
    s_input (o, "dia_diem", "Địa điểm khác", f->place, "khi không họp ở phòng của xã");
    s_input (o, "chuan_bi", "Đơn vị chuẩn bị", f->prepared, "ví dụ: Văn phòng");
    if (confirm)
        web_buf_add (o, "<button type=\"submit\" name=\"buoc\" value=\"luu\" class=\"confirm\">Vẫn lưu</button>");
    web_buf_add (o, "<button type=\"submit\" name=\"buoc\" value=\"kiem-tra\" class=\"check-save\">%s</button></form>",
                 confirm ? "Kiểm tra lại" : "Kiểm tra trùng lịch và lưu");
}

//  /lich-tuan/them (entry NULL) and /lich-tuan/<entry>/sua.
static void
s_page (web_req_t *req, const char *entry)
{
    web_t *web = req->web;
    web_buf_t *o = &req->out;
    bool post = !strcmp (req->method, "POST");
    char action[120];
    if (entry)
        snprintf (action, sizeof action, "/lich-tuan/%s/sua", entry);
    else
        snprintf (action, sizeof action, "/lich-tuan/them");
    s_form_t form, was;
    vp_err_t err = { 0 };
    vp_val_t *officers = web_officer_names (req, "active"), *rooms = NULL, *current = NULL, *result = NULL;
    if (web_cmd_call (web, &req->session, "calendar", "calendar.rooms", vp_val_map (), &rooms, &err))
        rooms = vp_val_map ();
    if (entry) {
        vp_val_t *args = vp_val_map ();
        vp_map_put_str (args, VP_K_ENTRY, entry);
        if (web_cmd_call (web, &req->session, "calendar", "calendar.entry.get", args, &current, &err)) {
            web_not_found (req);
            goto done;
        }
    }
    if (current)
        s_from_entry (web, current, &was);
    if (post)
        s_read (req, &form);
    else
    if (current)
        s_from_entry (web, current, &form);
    else {
        memset (&form, 0, sizeof form);
        const char *day = web_query (req, "ngay");
        char today[32];
        s_copy (form.date, sizeof form.date, day && *day ? day : web_date (web, vp_clock_now (), false, today));
        s_copy (form.half, sizeof form.half, "sang");
    }
    const char *heading = entry ? "Sửa, dời lịch" : "Thêm lịch công tác";
    if (!post) {
        web_page_begin (req, heading);
        web_buf_add (o, "<h1>%s</h1>", heading);
        s_form (req, action, &form, false, officers, rooms);
        web_page_end (req);
        goto done;
    }
    vp_val_t *args = vp_val_map ();
    if (s_args (req, &form, entry, current ? &was : NULL, args, &err)) {
        vp_val_destroy (&args);
        web_page_begin (req, heading);
        web_buf_add (o, "<h1>%s</h1>", heading);
        web_error_box (req, &err);
        s_form (req, action, &form, false, officers, rooms);
        web_page_end (req);
        goto done;
    }
    const char *cmd = entry ? "calendar.entry.update" : "calendar.entry.create";
    bool confirmed = !strcmp (web_form (req, "buoc"), "luu");
    if (!confirmed) {
        vp_val_t *check = vp_val_dup (args);
        vp_map_put_bool (check, VP_K_CHECK, true);
        vp_val_t *dry = NULL;
        int rc = web_cmd_call (web, &req->session, "calendar", cmd, check, &dry, &err);
        if (rc || vp_val_len (vp_map_get (dry, VP_K_CONFLICTS))) {
            web_page_begin (req, heading);
            web_buf_add (o, "<h1>%s</h1>", heading);
            if (rc)
                web_error_box (req, &err);
            else
                s_conflicts (req, vp_map_get (dry, VP_K_CONFLICTS), officers, rooms);
            s_form (req, action, &form, rc == 0, officers, rooms);
            web_page_end (req);
            vp_val_destroy (&dry);
            vp_val_destroy (&args);
            goto done;
        }
        vp_val_destroy (&dry);
    }
    else
        //  the officer saw the room taken and books it anyway
        vp_map_put_bool (args, VP_K_FORCE, true);
    if (web_cmd_call (web, &req->session, "calendar", cmd, args, &result, &err)) {
        web_page_begin (req, heading);
        web_buf_add (o, "<h1>%s</h1>", heading);
        web_error_box (req, &err);
        s_form (req, action, &form, false, officers, rooms);
        web_page_end (req);
        goto done;
    }
    char day[32];
    web_redirect (req, "/lich-tuan?ngay=%s", web_date (web, vp_map_int (result, VP_K_START, 0), false, day));
done:
    vp_val_destroy (&officers);
    vp_val_destroy (&rooms);
    vp_val_destroy (&current);
    vp_val_destroy (&result);
}

void
web_page_entry_new (web_req_t *req)
{
    s_page (req, NULL);
}

void
web_page_entry_edit (web_req_t *req, const char *entry)
{
    s_page (req, entry);
}
