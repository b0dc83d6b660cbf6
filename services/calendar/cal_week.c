/*  cal_week - Lịch công tác tuần: the weekly schedule of a commune, of one
    of its bodies or of one officer (calendar.week), put in words here and
    rendered as text for the terminal (cal_week_text) and as a printable
    HTML page (cal_week_html). The commune's week ends with the closing
    block of its latest edition (cal_edition).

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
#include "vp/vp_fields.h"

#define S_ENTRIES_MAX 2000
//  A string in an answer is at most 256 KiB (the decoders' limit).
#define S_TEXT_MAX 250000

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
       int64_t day, int64_t next, cal_week_row_t *row)
{
    char a[24], b[24];
    int64_t start = vp_map_int (entry, VP_K_START, 0), end = vp_map_int (entry, VP_K_END, 0);
    const char *kind = vp_map_str (entry, VP_K_KIND), *status = vp_map_str (entry, VP_K_STATUS);
    s_clock (end, day, next, zone, b, sizeof b);
    if (strcmp (kind, "deadline") == 0)
        snprintf (row->time, sizeof row->time, "Hạn %s", b);
    else {
        s_clock (start, day, next, zone, a, sizeof a);
        snprintf (row->time, sizeof row->time, "%s – %s", a, b);
    }
    snprintf (row->title, sizeof row->title, "%s%s", vp_map_str (entry, VP_K_TITLE),
              strcmp (status, "moved") == 0 ? " [đổi lịch]" : strcmp (status, "done") == 0 ? " [đã xong]" : "");
    cal_entry_place (self, tenant, entry, row->place, sizeof row->place);
    row->chair[0] = 0;
    if (vp_map_str (entry, VP_K_CHAIR))
        cal_officer_name (self, vp_map_str (entry, VP_K_CHAIR), row->chair, sizeof row->chair);
    snprintf (row->prepared, sizeof row->prepared, "%s",
              vp_map_str (entry, VP_K_PREPARED_BY) ? vp_map_str (entry, VP_K_PREPARED_BY) : "");
    row->people = cal_entry_people_text (self, entry);
}

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
    const char *body = vp_map_str (args, VP_K_BODY), *officer = vp_map_str (args, VP_K_OFFICER);
    if (body && cal_body_check (self, tenant, body, err))
        return -1;
    char zone[64], who[600] = "", name[201];
    cal_zone (self, tenant, zone);
    vp_staff_tenant_name (self->db, tenant, tenant, who, sizeof who);
    if (body) {
        snprintf (name, sizeof name, "%s", body);
        vp_staff_body (self->db, tenant, body, name, sizeof name, NULL, 0);
        strncat (who, " – ", sizeof who - strlen (who) - 1);
        strncat (who, name, sizeof who - strlen (who) - 1);
    }
    if (officer) {
        if (vp_staff_check_officer (self->db, tenant, officer, err))
            return -1;
        vp_staff_officer_name (self->db, officer, officer, name, sizeof name);
        strncat (who, " – ", sizeof who - strlen (who) - 1);
        strncat (who, name, sizeof who - strlen (who) - 1);
    }
    //  The days of the week in the commune's zone, each from its own
    //  midnight (a day need not be 24 hours where clocks change).
    vp_tm_t tm;
    vp_time_local (vp_map_int (args, VP_K_DATE, vp_clock_now ()), zone, &tm);
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
            if (vp_map_int (entry, VP_K_START, 0) < days[d].next && vp_map_int (entry, VP_K_END, 0) > days[d].start) {
                vp_array_push (days[d].entries, vp_val_dup (entry));
                rows++;
            }
    }
    cal_week_row_t *lines = (cal_week_row_t *) calloc (rows + 1, sizeof (cal_week_row_t));
    cal_week_page_t page = { .who = who, .more = more ? S_ENTRIES_MAX : 0 };
    size_t n = 0;
    vp_val_t *list = vp_val_array ();
    for (int d = 0; d < 7; d++) {
        page.days[d].name = days[d].name;
        snprintf (page.days[d].date, sizeof page.days[d].date, "%s", days[d].date);
        page.days[d].rows = &lines[n];
        page.days[d].count = vp_val_len (days[d].entries);
        vp_val_t *ids = vp_val_array ();
        for (size_t i = 0; i < vp_val_len (days[d].entries); i++, n++) {
            const vp_val_t *entry = vp_array_at (days[d].entries, i);
            s_row (self, tenant, zone, entry, days[d].start, days[d].next, &lines[n]);
            vp_array_push (ids, vp_val_str (vp_map_str (entry, VP_K_ENTRY)));
        }
        vp_val_t *day = vp_val_map ();
        vp_map_put_str (day, VP_K_DAY, days[d].name);
        vp_map_put_str (day, VP_K_DATE, days[d].date);
        vp_map_put_int (day, VP_K_START, days[d].start);
        vp_map_put (day, VP_K_ENTRIES, ids);
        vp_array_push (list, day);
    }
    cal_week_t week;
    cal_week_of (zone, days[0].start, &week);
    char heading[160], published[32] = "";
    snprintf (heading, sizeof heading, "LỊCH CÔNG TÁC TUẦN %d (từ ngày %s đến ngày %s)", week.week, days[0].date,
              days[6].date);
    page.heading = heading;
    //  The commune's week is the one published: its closing block.
    vp_val_t *edition = vp_val_map ();
    if (rc == 0 && !body && !officer) {
        if (cal_edition_of (self, tenant, days[0].start, 0, edition, err))
            rc = -1;
        page.edition = edition;
        vp_time_format (vp_map_int (edition, VP_K_PUBLISHED, 0), zone, "%d/%m/%Y %H:%M", published, sizeof published);
        page.published = published;
    }
    char *text = NULL, *html = NULL;
    size_t text_size = 0, html_size = 0;
    if (rc == 0) {
        text = cal_week_text (&page, &text_size);
        html = cal_week_html (&page, &html_size);
        if (!text || !html)
            rc = vp_err_set (err, VP_E_INTERNAL, "", "out of memory");
    }
    if (rc == 0 && (text_size > S_TEXT_MAX || html_size > S_TEXT_MAX))
        rc = vp_err_set (err, VP_E_FAILED_PRECONDITION, body ? "officer" : "body",
                         "the week of %s has too many entries to show at once (%zu); give body or officer",
                         who, rows);
    if (rc == 0) {
        vp_map_put_int (result, VP_K_WEEK_START, days[0].start);
        vp_map_put_int (result, VP_K_WEEK_END, days[6].next);
        vp_map_put_str (result, VP_K_TEXT, text);
        vp_map_put_str (result, VP_K_HTML, html);
        vp_map_put (result, VP_K_DAYS, list);
        list = NULL;
        if (page.edition)
            vp_map_put_int (result, VP_K_EDITION, vp_map_int (edition, VP_K_EDITION, 0));
    }
    vp_val_destroy (&list);
    vp_val_destroy (&edition);
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
    { VP_C_CALENDAR_WEEK, s_week, true },
    { NULL }
};

void
cal_week_register (cal_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
