/*  cal_week - Lịch công tác tuần: the weekly schedule of a commune, of one
    of its bodies or of one officer, as text for the terminal and as a
    printable HTML page.

    The week is the commune's: Monday 00:00 to the next Monday 00:00 in
    its zone (vp_staff_zone, default VP_TZ), so an entry at 23:30 on a
    Sunday there is on that Sunday even though it is 16:30 UTC, and one at
    00:30 on the Monday after is in the next week. An entry is listed
    under every day of the week it overlaps; cancelled entries are left
    out (the schedule says what will happen; calendar.list keeps them).
*/
#include <stdio.h>
#include <string.h>
#include "cal_entry.h"
#include "cal_week.h"
#include "vp/vp_text.h"

#define S_ENTRIES_MAX 2000
//  A string in an answer is at most 256 KiB (the decoders' limit).
#define S_TEXT_MAX 250000
#define S_TIME_W 13

static const char *const s_weekdays[] = {
    "Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"
};

void
cal_week_of (const char *zone, int64_t at, cal_week_t *week)
{
    vp_tm_t tm;
    vp_time_local (at, zone, &tm);
    int back = (tm.weekday + 6) % 7;            //  days since Monday
    vp_tm_t monday = { .year = tm.year, .month = tm.month, .day = tm.day - back };
    vp_tm_t next = { .year = tm.year, .month = tm.month, .day = tm.day - back + 7 };
    week->start = vp_time_from_local (&monday, zone);
    week->end = vp_time_from_local (&next, zone);
    //  ISO 8601: the week is numbered in the year of its Thursday, by
    //  how many Thursdays that year has had.
    vp_tm_t thursday_tm = { .year = tm.year, .month = tm.month, .day = tm.day - back + 3, .hour = 12 };
    int64_t thursday = vp_time_from_local (&thursday_tm, zone);
    vp_time_local (thursday, zone, &thursday_tm);
    vp_tm_t jan1 = { .year = thursday_tm.year, .month = 1, .day = 1 };
    week->year = thursday_tm.year;
    week->week = (int) ((thursday - vp_time_from_local (&jan1, zone)) / CAL_DAY_MS / 7 + 1);
}

//  What one line of the schedule shows.
typedef struct {
    char time[64];
    char title[600];
    char place[260];
    char chair[260];
    char *people;                   //  malloc'ed
} s_row_t;

//  The name of something of the tenant from stf_* (or the id).
static void
s_name (cal_service_t *self, const char *sql, const char *tenant, const char *id, char *name, size_t size)
{
    snprintf (name, size, "%s", id);
    sqlite3_stmt *stmt = vp_db_cached (self->db, sql, NULL);
    if (!stmt)
        return;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
    if (sqlite3_step (stmt) == SQLITE_ROW)
        snprintf (name, size, "%s", (const char *) sqlite3_column_text (stmt, 0));
    sqlite3_reset (stmt);
}

//  "HH:MM" when ms is in the day (its end: "24:00"), else "dd/mm HH:MM".
static void
s_clock (int64_t ms, int64_t day, int64_t next, const char *zone, char *out, size_t size)
{
    if (ms == next)
        snprintf (out, size, "24:00");
    else
        vp_time_format (ms, zone, ms >= day && ms < next ? "%H:%M" : "%d/%m %H:%M", out, size);
}

static void
s_row (cal_service_t *self, const char *tenant, const char *zone, const vp_val_t *entry,
       int64_t day, int64_t next, s_row_t *row)
{
    char a[24], b[24];
    int64_t start = vp_map_int (entry, "start", 0), end = vp_map_int (entry, "end", 0);
    const char *kind = vp_map_str (entry, "kind"), *status = vp_map_str (entry, "status");
    s_clock (end, day, next, zone, b, sizeof b);
    if (strcmp (kind, "deadline") == 0)
        snprintf (row->time, sizeof row->time, "Hạn %s", b);
    else {
        s_clock (start, day, next, zone, a, sizeof a);
        snprintf (row->time, sizeof row->time, "%s – %s", a, b);
    }
    snprintf (row->title, sizeof row->title, "%s%s", vp_map_str (entry, "title"),
              strcmp (status, "moved") == 0 ? " [đổi lịch]" : strcmp (status, "done") == 0 ? " [đã xong]" : "");
    cal_entry_place (self, tenant, entry, row->place, sizeof row->place);
    row->chair[0] = 0;
    if (vp_map_str (entry, "chair"))
        cal_officer_name (self, vp_map_str (entry, "chair"), row->chair, sizeof row->chair);
    row->people = cal_entry_people_text (self, entry);
}

//  --------------------------------------------------------------------------
//  Text: aligned columns, widths in characters (vp_text_width)

//  Write s in exactly width columns: cut with "…" or padded with spaces.
static void
s_cell (FILE *out, const char *s, size_t width)
{
    size_t used = 0;
    const unsigned char *p = (const unsigned char *) s;
    bool cut = vp_text_width (s) > width;
    while (*p) {
        size_t len = *p < 0x80 ? 1 : *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : *p >= 0xC0 ? 2 : 1;
        char one[5] = { 0 };
        for (size_t k = 0; k < len && p[k]; k++)
            one[k] = (char) p[k];
        size_t w = vp_text_width (one);
        if (cut && used + w > width - 1)
            break;
        fputs (one, out);
        used += w;
        p += strlen (one);
    }
    if (cut) {
        fputs ("…", out);
        used++;
    }
    for (; used < width; used++)
        fputc (' ', out);
}

static size_t
s_width (size_t have, const char *s, size_t cap)
{
    size_t w = vp_text_width (s);
    if (w > cap)
        w = cap;
    return w > have ? w : have;
}

//  --------------------------------------------------------------------------
//  HTML

static void
s_html (FILE *out, const char *s)
{
    for (; *s; s++)
        if (vp_html_entity (*s))
            fputs (vp_html_entity (*s), out);
        else
            fputc (*s, out);
}

static const char s_style[] =
    "body{font-family:\"Times New Roman\",serif;margin:1.5cm;color:#000}"
    "h1{text-align:center;font-size:16pt;margin:0}"
    "p.who,p.week{text-align:center;margin:.3em 0}"
    "table{width:100%;border-collapse:collapse;margin-top:1em;font-size:11pt}"
    "th,td{border:1px solid #000;padding:4px 6px;vertical-align:top;text-align:left}"
    "th{background:#eee}"
    "td.day{font-weight:bold;white-space:nowrap}"
    "td.time{white-space:nowrap}"
    "@media print{body{margin:0}th{background:none}tr{page-break-inside:avoid}}"
    "@page{size:A4 landscape;margin:1.5cm}";

//  --------------------------------------------------------------------------
//  calendar.week

typedef struct {
    int64_t start, next;
    char date[16];
    const char *name;
    vp_val_t *entries;              //  the day's (borrowed maps)
} s_day_t;

static int
s_week (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    cal_service_t *self = (cal_service_t *) ctx->arg;
    const char *tenant = ctx->tenant;
    const char *body = vp_map_str (args, "body"), *officer = vp_map_str (args, "officer");
    if (body && cal_body_check (self, tenant, body, err))
        return -1;
    char zone[64], who[600] = "", name[201];
    cal_zone (self, tenant, zone);
    s_name (self, "SELECT name FROM stf_tenant WHERE tenant = ?1 AND ?2 IS NOT NULL", tenant, tenant,
            who, sizeof who);
    if (body) {
        s_name (self, "SELECT name FROM stf_body WHERE tenant = ?1 AND body = ?2", tenant, body, name, sizeof name);
        strncat (who, " – ", sizeof who - strlen (who) - 1);
        strncat (who, name, sizeof who - strlen (who) - 1);
    }
    if (officer) {
        if (vp_staff_check_officer (self->db, tenant, officer, err))
            return -1;
        s_name (self, "SELECT full_name FROM stf_officer WHERE tenant = ?1 AND officer = ?2", tenant, officer,
                name, sizeof name);
        strncat (who, " – ", sizeof who - strlen (who) - 1);
        strncat (who, name, sizeof who - strlen (who) - 1);
    }
    //  The days of the week in the commune's zone, each from its own
    //  midnight (a day need not be 24 hours where clocks change).
    vp_tm_t tm;
    vp_time_local (vp_map_int (args, "date", vp_clock_now ()), zone, &tm);
    s_day_t days[7];
    for (int i = 0; i < 7; i++) {
        vp_tm_t d = { .year = tm.year, .month = tm.month, .day = tm.day - (tm.weekday + 6) % 7 + i };
        vp_tm_t e = d;
        e.day++;
        days[i].start = vp_time_from_local (&d, zone);
        days[i].next = vp_time_from_local (&e, zone);
        vp_time_format (days[i].start, zone, "%d/%m/%Y", days[i].date, sizeof days[i].date);
        days[i].name = s_weekdays[(i + 1) % 7];
        days[i].entries = vp_val_array ();
    }
    cal_query_t q = {
        .from = days[0].start, .to = days[6].next, .officer = officer, .body = body, .live = true,
        .limit = S_ENTRIES_MAX
    };
    bool more = false;
    vp_val_t *entries = cal_entry_list (self, tenant, &q, &more, err);
    int rc = entries ? 0 : -1;
    cal_entry_mask_all (entries, cal_viewer_clearance (self, ctx->actor));
    size_t rows = 0;
    for (size_t i = 0; entries && i < vp_val_len (entries); i++) {
        vp_val_t *entry = vp_array_at (entries, i);
        for (int d = 0; d < 7; d++)
            if (vp_map_int (entry, "start", 0) < days[d].next && vp_map_int (entry, "end", 0) > days[d].start) {
                vp_array_push (days[d].entries, vp_val_dup (entry));
                rows++;
            }
    }
    s_row_t *lines = (s_row_t *) calloc (rows + 1, sizeof (s_row_t));
    size_t n = 0;
    size_t w_time = vp_text_width ("Thời gian"), w_title = vp_text_width ("Nội dung");
    size_t w_place = vp_text_width ("Địa điểm"), w_chair = vp_text_width ("Chủ trì");
    for (int d = 0; d < 7; d++)
        for (size_t i = 0; i < vp_val_len (days[d].entries); i++, n++) {
            s_row (self, tenant, zone, vp_array_at (days[d].entries, i), days[d].start, days[d].next, &lines[n]);
            w_time = s_width (w_time, lines[n].time, 24);
            w_title = s_width (w_title, lines[n].title, 50);
            w_place = s_width (w_place, lines[n].place, 24);
            w_chair = s_width (w_chair, lines[n].chair, 24);
        }
    char *text = NULL, *html = NULL;
    size_t text_size = 0, html_size = 0;
    FILE *t = open_memstream (&text, &text_size);
    FILE *h = open_memstream (&html, &html_size);
    if (!t || !h) {
        rc = vp_err_set (err, VP_E_INTERNAL, "", "out of memory");
        goto done;
    }
    char heading[120];
    snprintf (heading, sizeof heading, "Tuần từ ngày %s đến ngày %s", days[0].date, days[6].date);
    fprintf (t, "LỊCH CÔNG TÁC TUẦN\n%s\n%s\n\n  ", who, heading);
    const char *const titles[] = { "Thời gian", "Nội dung", "Địa điểm", "Chủ trì" };
    const size_t widths[] = { w_time, w_title, w_place, w_chair };
    for (int c = 0; c < 4; c++) {
        s_cell (t, titles[c], widths[c]);
        fputs ("  ", t);
    }
    fputs ("Thành phần\n", t);
    fputs ("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n<title>Lịch công tác tuần – ", h);
    s_html (h, who);
    fprintf (h, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>LỊCH CÔNG TÁC TUẦN</h1>\n<p class=\"who\">", s_style);
    s_html (h, who);
    fprintf (h, "</p>\n<p class=\"week\">%s</p>\n<table>\n<thead><tr><th>Ngày</th><th>Thời gian</th>"
                "<th>Nội dung</th><th>Địa điểm</th><th>Chủ trì</th><th>Thành phần</th></tr></thead>\n<tbody>\n",
             heading);
    n = 0;
    vp_val_t *list = vp_val_array ();
    for (int d = 0; d < 7; d++) {
        size_t count = vp_val_len (days[d].entries);
        fprintf (t, "\n%s, %s\n", days[d].name, days[d].date);
        fprintf (h, "<tr class=\"day\"><td class=\"day\" rowspan=\"%zu\">%s<br>%s</td>", count ? count : 1,
                 days[d].name, days[d].date);
        if (count == 0) {
            fputs ("  (không có lịch)\n", t);
            fputs ("<td colspan=\"5\">—</td></tr>\n", h);
        }
        vp_val_t *ids = vp_val_array ();
        for (size_t i = 0; i < count; i++, n++) {
            s_row_t *row = &lines[n];
            fputs ("  ", t);
            s_cell (t, row->time, w_time);
            fputs ("  ", t);
            s_cell (t, row->title, w_title);
            fputs ("  ", t);
            s_cell (t, row->place, w_place);
            fputs ("  ", t);
            s_cell (t, row->chair, w_chair);
            fprintf (t, "  %s\n", row->people);
            fprintf (h, "%s<td class=\"time\">", i ? "<tr>" : "");
            const char *const cells[] = { row->time, row->title, row->place, row->chair, row->people };
            for (int c = 0; c < 5; c++) {
                if (c)
                    fputs ("<td>", h);
                s_html (h, cells[c]);
                fputs ("</td>", h);
            }
            fputs ("</tr>\n", h);
            vp_array_push (ids, vp_val_str (vp_map_str (vp_array_at (days[d].entries, i), "entry")));
        }
        vp_val_t *day = vp_val_map ();
        vp_map_put_str (day, "day", days[d].name);
        vp_map_put_str (day, "date", days[d].date);
        vp_map_put_int (day, "start", days[d].start);
        vp_map_put (day, "entries", ids);
        vp_array_push (list, day);
    }
    if (more) {
        fprintf (t, "\n(chỉ %d mục đầu tiên: hãy chọn một cơ quan hoặc một người)\n", S_ENTRIES_MAX);
        fprintf (h, "<tr><td colspan=\"6\">Chỉ %d mục đầu tiên.</td></tr>\n", S_ENTRIES_MAX);
    }
    fputs ("</tbody>\n</table>\n</body>\n</html>\n", h);
    fclose (t);
    fclose (h);
    t = h = NULL;
    if (text_size > S_TEXT_MAX || html_size > S_TEXT_MAX) {
        vp_val_destroy (&list);
        rc = vp_err_set (err, VP_E_FAILED_PRECONDITION, body ? "officer" : "body",
                         "the week of %s has too many entries to show at once (%zu); give body or officer",
                         who, rows);
        goto done;
    }
    vp_map_put_int (result, "week_start", days[0].start);
    vp_map_put_int (result, "week_end", days[6].next);
    vp_map_put_str (result, "text", text);
    vp_map_put_str (result, "html", html);
    vp_map_put (result, "days", list);
done:
    if (t)
        fclose (t);
    if (h)
        fclose (h);
    free (text);
    free (html);
    for (size_t i = 0; i < rows; i++)
        free (lines[i].people);
    free (lines);
    for (int d = 0; d < 7; d++)
        vp_val_destroy (&days[d].entries);
    vp_val_destroy (&entries);
    return rc;
}

static const vp_cmd_t s_commands[] = {
    { "calendar.week", s_week, true },
    { NULL }
};

void
cal_week_register (cal_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
