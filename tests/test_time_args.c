/*  Dates as people type them, in the commune's zone, and command args
    from key=value words typed by proto. */
#include <time.h>
#include "testutil.h"

static int64_t
s_parse (const char *text, const char *zone)
{
    int64_t ms = 0;
    vp_err_t err = { 0 };
    TU_CHECK (vp_time_parse (text, zone, "at", &ms, &err) == 0, "%s: %s", text, err.message);
    return ms;
}

int
main (void)
{
    //  2026-11-27 14:00 in Hà Nội / Hồ Chí Minh (UTC+7) is 07:00 UTC.
    const int64_t expect = 1795762800000LL;
    TU_CHECK (s_parse ("27/11/2026 14:00", NULL) == expect, "Vietnamese date and time");
    TU_CHECK (s_parse ("2026-11-27T14:00", NULL) == expect, "ISO date and time");
    TU_CHECK (s_parse ("2026-11-27 14:00", NULL) == expect, "ISO with a space");
    TU_CHECK (s_parse ("2026-11-27T14:00:00", NULL) == expect, "ISO with seconds");
    TU_CHECK (s_parse ("27/11/2026", NULL) == expect - 14 * 3600000LL, "date alone is midnight local");
    TU_CHECK (s_parse ("27/11/2026 14:00", "UTC") == expect + 7 * 3600000LL, "the same wall clock in UTC");
    TU_CHECK (s_parse ("1795762800000", NULL) == expect, "raw ms pass through");
    tu_ok ("27/11/2026 14:00, 2026-11-27T14:00 and ms all mean the same moment in Asia/Ho_Chi_Minh");

    char buf[64];
    vp_time_format (expect, NULL, "%d/%m/%Y %H:%M", buf, sizeof buf);
    TU_CHECK (streq (buf, "27/11/2026 14:00"), "formatted %s", buf);
    vp_tm_t tm;
    vp_time_local (1798736400000LL, NULL, &tm);     //  2026-12-31T17:00Z
    TU_CHECK (tm.year == 2027 && tm.month == 1 && tm.day == 1 && tm.hour == 0,
              "2026-12-31 17:00 UTC is 01/01/2027 00:00 local, got %d-%d-%d %d", tm.year, tm.month, tm.day, tm.hour);
    tu_ok ("formatting and the new year fall in the commune's zone");

    //  Day numbers against the C library's calendar (timegm/gmtime), every
    //  day from 1900 to 2200, and the far ends.
    for (int64_t d = vp_time_days (1900, 1, 1); d <= vp_time_days (2200, 12, 31); d++) {
        time_t secs = (time_t) (d * 86400);
        struct tm g;
        gmtime_r (&secs, &g);
        int64_t year;
        int month, day;
        vp_time_civil (d, &year, &month, &day);
        TU_CHECK (year == g.tm_year + 1900 && month == g.tm_mon + 1 && day == g.tm_mday
                  && vp_time_weekday (d) == g.tm_wday && vp_time_days (year, month, day) == d,
                  "day %lld: %lld-%d-%d weekday %d, libc %d-%d-%d weekday %d", (long long) d, (long long) year,
                  month, day, vp_time_weekday (d), g.tm_year + 1900, g.tm_mon + 1, g.tm_mday, g.tm_wday);
    }
    TU_CHECK (vp_time_days (1970, 1, 1) == 0 && vp_time_weekday (0) == 4 && vp_time_weekday (-1) == 3,
              "1970-01-01 is day 0, a Thursday");
    int64_t far_year;
    int far_month, far_day;
    vp_time_civil (vp_time_days (-4000, 3, 1), &far_year, &far_month, &far_day);
    TU_CHECK (far_year == -4000 && far_month == 3 && far_day == 1, "-4000-03-01 came back as %lld-%d-%d",
              (long long) far_year, far_month, far_day);
    tu_ok ("vp_time_days, vp_time_civil and vp_time_weekday agree with libc on every day of 1900-2200");

    const char *bad[] = { "32/11/2026", "29/02/2026", "2026-13-01", "27/11/2026 24:00", "hôm qua", "", "27/11", NULL };
    for (int i = 0; bad[i]; i++) {
        int64_t ms;
        vp_err_t err = { 0 };
        TU_CHECK (vp_time_parse (bad[i], NULL, "from", &ms, &err) == -1, "\"%s\" accepted", bad[i]);
        TU_CHECK (streq (err.field, "from") && strstr (err.message, bad[i]), "error does not name the field and value: %s", err.message);
    }
    TU_CHECK (s_parse ("29/02/2028", NULL) > 0, "a leap day");
    tu_ok ("impossible dates are refused, naming the field and the value");

    //  Args typed by proto: staffing.post.create has str, array, bool, time.
    const vp_msgdef_t *def = vp_proto_find ("staffing.post.create", VP_KIND_COMMAND);
    TU_CHECK (def, "staffing.post.create is defined");
    char line[] = "staffing.post.create post=chu-tich-ubnd body=ubnd title=\"Chủ tịch UBND\" "
                  "fields=dieu-hanh,dat-dai heads_office=không from=\"01/06/2021\"  # a comment";
    char *words[16];
    int n = vp_args_split (line, words, 16);
    TU_CHECK (n == 7, "split into %d words", n);
    TU_CHECK (streq (words[3], "title=Chủ tịch UBND"), "quoted word: %s", words[3]);
    vp_val_t *args = NULL;
    vp_err_t err = { 0 };
    TU_CHECK (vp_args_from_words (def, n - 1, (const char *const *) words + 1, NULL, &args, &err) == 0, "%s", err.message);
    TU_CHECK (vp_proto_validate (def, args, &err) == 0, "args do not validate: %s", err.message);
    TU_CHECK (vp_val_len (vp_map_get (args, "fields")) == 2, "fields is an array of 2");
    TU_CHECK (vp_map_bool (args, "heads_office", true) == false, "không is false");
    TU_CHECK (vp_map_int (args, "from", 0) == s_parse ("01/06/2021", NULL), "from typed as a date");
    vp_val_destroy (&args);
    tu_ok ("key=value words become typed args that validate");

    const char *wrong[] = { "heads_office=maybe", "from=yesterday", "nonesuch=1", "title" };
    const char *field[] = { "heads_office", "from", "nonesuch", "title" };
    for (int i = 0; i < 4; i++) {
        vp_err_clear (&err);
        TU_CHECK (vp_args_from_words (def, 1, &wrong[i], NULL, &args, &err) == -1, "%s accepted", wrong[i]);
        TU_CHECK (streq (err.field, field[i]), "%s: field %s", wrong[i], err.field);
    }
    char open_quote[] = "a=\"unclosed";
    TU_CHECK (vp_args_split (open_quote, words, 16) == -1, "an open quote is an error");
    tu_ok ("bad words are refused naming the field");
    printf ("1 passed, 0 failed\n");
    return 0;
}
