/*  test_calendar_feed - the weekly schedule and the iCalendar feed.

    vp-bus, vp-staffing, vp-documents and vp-calendar with CURVE and the
    demo district. Checks that:
      (a) the weekly schedule (Lịch công tác tuần) of Giang Sơn Tây puts
          an entry at 23:30 on Sunday (16:30 UTC) on that Chủ Nhật, and
          one at 00:30 on the Monday after in the next week's Thứ Hai,
          with the dates and times of the commune's zone, in the text and
          in a printable page that Python's HTML parser reads whole, with
          < & " escaped;
      (b) the officer's feed, fetched over HTTP from its secret URL and
          parsed by Python's `icalendar`, holds his entries with stable
          UIDs, times in the zone, SUMMARY and LOCATION; after a move and
          a cancel the same UIDs come back with SEQUENCE increased and
          STATUS:CANCELLED; an unknown token is 404, a POST 405, garbage
          400, a request over 8 KiB 431, a revoked URL 404.
*/
#include <string.h>
#include <sys/wait.h>
#include "test_calendar_util.h"

static cal_test_t s_t;

//  Run a command line; its output (caller frees) and exit status.
static char *
s_run (const char *command, int *status)
{
    FILE *pipe = popen (command, "r");
    TU_CHECK (pipe, "cannot run %s", command);
    char *out = NULL;
    size_t size = 0;
    FILE *mem = open_memstream (&out, &size);
    char buf[4096];
    size_t n;
    while ((n = fread (buf, 1, sizeof buf, pipe)) > 0)
        fwrite (buf, 1, n, mem);
    fclose (mem);
    int rc = pclose (pipe);
    *status = WIFEXITED (rc) ? WEXITSTATUS (rc) : -1;
    return out;
}

//  The output of cal_ical_check.py (arguments quoted by the caller).
static char *
s_feed (const char *args)
{
    char command[11000];
    snprintf (command, sizeof command, "/usr/bin/python3 %s/tests/cal_ical_check.py %s 2>&1", VP_SOURCE_DIR, args);
    int status = 0;
    char *out = s_run (command, &status);
    TU_CHECK (status == 0, "cal_ical_check.py %s exited %d:\n%s", args, status, out);
    return out;
}

static vp_val_t *
s_week (const char *date)
{
    vp_val_t *r = tu_ok_call (s_t.cal, GST, GST_CLERK, "calendar.week", cal_word ("date", date));
    CHECK (vp_val_len (vp_map_get (r, "days")) == 7, "a week of seven days: %s", vp_val_to_json (r));
    return r;
}

//  The day of a week answer at index, checked: name, date, its entries.
static void
s_day (const vp_val_t *week, int index, const char *name, const char *date, const char *entries)
{
    const vp_val_t *day = vp_array_at (vp_map_get (week, "days"), (size_t) index);
    char *ids = tu_join (vp_map_get (day, "entries"), NULL);
    CHECK (strcmp (tu_str (day, "day"), name) == 0 && strcmp (tu_str (day, "date"), date) == 0
           && strcmp (ids, entries) == 0,
           "day %d should be %s %s with [%s]: %s", index, name, date, entries, vp_val_to_json (day));
    free (ids);
}

static void
s_weekly (void)
{
    const char *sunday = CAL_ENTRY (&s_t, GST_CLERK, "title=Trực <ban> & \"trực\" đêm", "start=22/11/2026 23:30",
                                    "end=22/11/2026 23:50", "posts=chi-huy-quan-su",
                                    "place=Trụ sở <UBND> & \"Ban CHQS\"");
    const char *monday = CAL_ENTRY (&s_t, GST_CLERK, "title=Kiểm tra canh gác", "start=23/11/2026 00:30",
                                    "end=23/11/2026 01:00", "posts=chi-huy-quan-su", "room=phong-hop-1",
                                    "chair=chu-tich-ubnd");
    vp_val_t *week = s_week ("22/11/2026");
    CHECK (vp_map_int (week, "week_start", 0) == tu_local_ms (2026, 11, 16, 0, 0)
           && vp_map_int (week, "week_end", 0) == tu_local_ms (2026, 11, 23, 0, 0),
           "the week of Sunday 22/11 is Monday 16/11 to Monday 23/11 there: %s", vp_val_to_json (week));
    s_day (week, 0, "Thứ Hai", "16/11/2026", "");
    s_day (week, 6, "Chủ Nhật", "22/11/2026", sunday);
    const char *text = tu_str (week, "text");
    CHECK (strstr (text, "LỊCH CÔNG TÁC TUẦN 47 (từ ngày 16/11/2026 đến ngày 22/11/2026)\nGiang Sơn Tây\n\n"
                         "  Thời gian      Nội dung")
           && strstr (text, "\nChủ Nhật, 22/11/2026\n  23:30 – 23:50  Trực <ban>")
           && !strstr (text, "Kiểm tra canh gác"),
           "the text shows Sunday's entry at 23:30 local, not Monday's:\n%s", text);
    vp_val_destroy (&week);

    week = s_week ("23/11/2026 10:00");
    s_day (week, 0, "Thứ Hai", "23/11/2026", monday);
    s_day (week, 6, "Chủ Nhật", "29/11/2026", "");
    text = tu_str (week, "text");
    //  Columns: the time, then the title, in the same place on every line.
    const char *line = strstr (text, "  00:30 – 01:00  Kiểm tra canh gác");
    CHECK (line && strstr (text, "LỊCH CÔNG TÁC TUẦN 48 (từ ngày 23/11/2026 đến ngày 29/11/2026)")
           && strstr (text, "\nDỰ THẢO\n") && strstr (line, "Phòng họp 1")
           && strstr (line, "Đặng Xuân Quảng") && !strstr (text, "Trực <ban>"),
           "the next week holds Monday's entry at 00:30, room and chair by name:\n%s", text);

    char path[1200];
    snprintf (path, sizeof path, "%s/week.html", s_t.stack.bus.dir);
    FILE *file = fopen (path, "w");
    fputs (tu_str (week, "html"), file);
    fclose (file);
    vp_val_destroy (&week);
    week = s_week ("22/11/2026");
    const char *html = tu_str (week, "html");
    CHECK (strstr (html, "Trực &lt;ban&gt; &amp; &quot;trực&quot; đêm") && !strstr (html, "<ban>")
           && strstr (html, "Trụ sở &lt;UBND&gt; &amp; &quot;Ban CHQS&quot;") && strstr (html, "<meta charset=\"utf-8\">")
           && strstr (html, "@media print"),
           "the page escapes < & \" and is UTF-8 and printable:\n%s", html);
    char command[1400];
    snprintf (command, sizeof command, "/usr/bin/python3 %s/tests/cal_week_check.py %s 2>&1", VP_SOURCE_DIR, path);
    int status = 0;
    char *out = s_run (command, &status);
    CHECK (status == 0 && strstr (out, "title|Lịch công tác tuần – Giang Sơn Tây")
           && strstr (out, "\nday|Thứ Hai 23/11/2026\ncell|00:30 – 01:00\ncell|Kiểm tra canh gác\ncell|Phòng họp 1\n")
           && strstr (out, "\nday|Thứ Ba 24/11/2026\ncell|—\n") && strstr (out, "\nday|Chủ Nhật 29/11/2026\n"),
           "Python's HTML parser reads the page whole, one row per day (exit %d):\n%s", status, out);
    free (out);
    vp_val_destroy (&week);
    tu_ok ("Lịch công tác tuần: 23:30 Sunday (16:30 UTC) is Chủ Nhật 22/11, 00:30 Monday is Thứ Hai 23/11 of the next week");
}

static void
s_ical (void)
{
    const char *e1 = CAL_ENTRY (&s_t, GST_CLERK, "title=Họp Ban Chấp hành Đảng bộ", "start=24/11/2026 08:00",
                                "end=24/11/2026 09:30", "posts=bi-thu", "room=phong-hop-1");
    const char *e2 = CAL_ENTRY (&s_t, GST_CLERK, "title=Tiếp xúc cử tri thôn 3", "start=25/11/2026 14:00",
                                "end=25/11/2026 16:00", "officers=" GST_BI_THU, "place=Nhà văn hóa thôn 3");
    vp_val_t *r = tu_ok_call (s_t.cal, GST, GST_BI_THU, "calendar.feed.url", "officer=" GST_BI_THU);
    char url[400];
    snprintf (url, sizeof url, "%s", tu_str (r, "url"));
    vp_val_destroy (&r);
    const char *port = strrchr (s_t.http, ':') + 1;
    char prefix[100];
    snprintf (prefix, sizeof prefix, "http://127.0.0.1:%s/feeds/", port);
    CHECK (strncmp (url, prefix, strlen (prefix)) == 0 && strlen (url) == strlen (prefix) + 64 + 4,
           "a secret URL on the calendar's HTTP endpoint: %s", url);
    r = tu_ok_call (s_t.cal, GST, GST_BI_THU, "calendar.feed.url", "officer=" GST_BI_THU);
    CHECK (strcmp (tu_str (r, "url"), url) == 0, "asked again, the same URL: %s", tu_str (r, "url"));
    vp_val_destroy (&r);
    //  Another officer's URL is theirs alone (and the admin's).
    tu_refused (VP_E_PERMISSION_DENIED, "officer", GST_BI_THU, s_t.cal, GST, GST_CLERK, "calendar.feed.url",
                "officer=" GST_BI_THU);
    vp_cmdcli_t *clerk_key = tu_stack_officer (&s_t.stack, "calendar", GST, GST_CLERK);
    tu_refused (VP_E_PERMISSION_DENIED, "officer", GST_BI_THU, clerk_key, GST, NULL, "calendar.feed.url",
                "officer=" GST_BI_THU);
    vp_cmdcli_destroy (&clerk_key);
    vp_cmdcli_t *admin = tu_stack_admin (&s_t.stack, "calendar");
    r = tu_ok_call (admin, GST, NULL, "calendar.feed.url", "officer=" GST_BI_THU);
    CHECK (strcmp (tu_str (r, "url"), url) == 0, "the admin: the same URL: %s", tu_str (r, "url"));
    vp_val_destroy (&r);
    vp_cmdcli_destroy (&admin);

    char args[600], uid1[80], uid2[80], want[600];
    snprintf (args, sizeof args, "'%s'", url);
    snprintf (uid1, sizeof uid1, "%s.giang-son-tay@vanphong.invalid", e1);
    snprintf (uid2, sizeof uid2, "%s.giang-son-tay@vanphong.invalid", e2);
    char *out = s_feed (args);
    CHECK (strstr (out, "status 200\ncalendar|2.0|PUBLISH|Asia/Ho_Chi_Minh|Asia/Ho_Chi_Minh|text/calendar; charset=utf-8\n"),
           "a VCALENDAR 2.0, PUBLISH, with its zone, as text/calendar:\n%s", out);
    snprintf (want, sizeof want, "%s|2026-11-24T08:00:00+07:00|2026-11-24T09:30:00+07:00|Asia/Ho_Chi_Minh|"
                                 "Họp Ban Chấp hành Đảng bộ|Phòng họp 1|0|CONFIRMED\n", uid1);
    CHECK (strstr (out, want), "the feed holds %s at 08:00 in the zone, in Phòng họp 1:\n%s", e1, out);
    snprintf (want, sizeof want, "%s|2026-11-25T14:00:00+07:00|2026-11-25T16:00:00+07:00|Asia/Ho_Chi_Minh|"
                                 "Tiếp xúc cử tri thôn 3|Nhà văn hóa thôn 3|0|CONFIRMED\n", uid2);
    CHECK (strstr (out, want), "the feed holds %s:\n%s", e2, out);
    free (out);

    tu_drop (tu_ok_call (s_t.cal, GST, GST_CLERK, "calendar.entry.update", cal_word ("entry", e1),
                         "start=24/11/2026 09:00", "end=24/11/2026 10:30"));
    tu_drop (tu_ok_call (s_t.cal, GST, GST_CLERK, "calendar.entry.cancel", cal_word ("entry", e2),
                         "reason=Hoãn do mưa bão"));
    out = s_feed (args);
    snprintf (want, sizeof want, "%s|2026-11-24T09:00:00+07:00|2026-11-24T10:30:00+07:00|Asia/Ho_Chi_Minh|"
                                 "Họp Ban Chấp hành Đảng bộ|Phòng họp 1|1|CONFIRMED\n", uid1);
    CHECK (strstr (out, want), "moved: the same UID at 09:00, SEQUENCE 1:\n%s", out);
    snprintf (want, sizeof want, "%s|2026-11-25T14:00:00+07:00|2026-11-25T16:00:00+07:00|Asia/Ho_Chi_Minh|"
                                 "Tiếp xúc cử tri thôn 3|Nhà văn hóa thôn 3|1|CANCELLED\n", uid2);
    CHECK (strstr (out, want), "cancelled: the same UID, SEQUENCE 1, STATUS:CANCELLED:\n%s", out);
    free (out);

    snprintf (args, sizeof args, "'http://127.0.0.1:%s/feeds/%064d.ics'", port, 0);
    out = s_feed (args);
    CHECK (strcmp (out, "status 404\n") == 0, "an unknown token: %s", out);
    free (out);
    snprintf (args, sizeof args, "'%s' POST", url);
    out = s_feed (args);
    CHECK (strcmp (out, "status 405\n") == 0, "a POST: %s", out);
    free (out);
    snprintf (args, sizeof args, "--raw 127.0.0.1 %s 'HELLO THERE\\r\\n\\r\\n'", port);
    out = s_feed (args);
    CHECK (strcmp (out, "status 400\n") == 0, "garbage: %s", out);
    free (out);
    char *big = (char *) malloc (10000);
    int at = snprintf (big, 10000, "--raw 127.0.0.1 %s 'GET /feeds/", port);
    memset (big + at, 'a', 9000);
    snprintf (big + at + 9000, 10000 - (size_t) at - 9000, ".ics HTTP/1.1\\r\\n\\r\\n'");
    out = s_feed (big);
    CHECK (strcmp (out, "status 431\n") == 0, "a request over 8 KiB: %s", out);
    free (out);
    free (big);
    tu_refused (VP_E_PERMISSION_DENIED, "officer", GST_BI_THU, s_t.cal, GST, GST_CLERK, "calendar.feed.revoke",
                "officer=" GST_BI_THU);
    snprintf (args, sizeof args, "'%s'", url);
    out = s_feed (args);
    CHECK (strncmp (out, "status 200\n", 11) == 0, "another officer's revoke refused, the URL works: %s", out);
    free (out);
    tu_drop (tu_ok_call (s_t.cal, GST, GST_BI_THU, "calendar.feed.revoke", "officer=" GST_BI_THU));
    out = s_feed (args);
    CHECK (strcmp (out, "status 404\n") == 0, "a revoked URL: %s", out);
    free (out);
    //  A new one, revoked by the admin.
    r = tu_ok_call (s_t.cal, GST, GST_BI_THU, "calendar.feed.url", "officer=" GST_BI_THU);
    CHECK (strcmp (tu_str (r, "url"), url) != 0, "after the revoke, a new URL");
    snprintf (args, sizeof args, "'%s'", tu_str (r, "url"));
    vp_val_destroy (&r);
    admin = tu_stack_admin (&s_t.stack, "calendar");
    tu_drop (tu_ok_call (admin, GST, NULL, "calendar.feed.revoke", "officer=" GST_BI_THU));
    vp_cmdcli_destroy (&admin);
    out = s_feed (args);
    CHECK (strcmp (out, "status 404\n") == 0, "revoked by the admin: %s", out);
    free (out);
    tu_ok ("the feed of %s over HTTP parses with icalendar; a move and a cancel come back under the same UIDs",
           GST_BI_THU);
}

int
main (void)
{
    cal_test_start (&s_t, "calendar-feed");
    s_weekly ();
    s_ical ();
    cal_test_stop (&s_t);
    printf ("test_calendar_feed: %d checks passed\n", tu_checks);
    return 0;
}
