/*  vp_time - dates in a tenant's zone. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "vp/vp_time.h"

//  TZ is process-wide: switch it under a lock, and only when it changes.
static pthread_mutex_t s_lock = PTHREAD_MUTEX_INITIALIZER;
static char s_zone[64];
static char s_checked[64];      //  the last zone looked up on disk
static long s_checked_fixed;    //  its answer

//  Returns the fixed offset in seconds to use instead of the tz database,
//  or INT32_MIN when the database has the zone.
static long
s_enter (const char *zone)
{
    pthread_mutex_lock (&s_lock);
    if (!zone || !*zone)
        zone = VP_TIME_DEFAULT_ZONE;
    //  Is the zone in the tz database? Asked of the disk once per zone in
    //  a row (a registration converts times a dozen times, in one zone).
    if (strcmp (s_checked, zone) != 0) {
        char path[256];
        snprintf (path, sizeof path, "/usr/share/zoneinfo/%s", zone);
        s_checked_fixed = strcmp (zone, "UTC") != 0 && access (path, R_OK) != 0
                        ? (strcmp (zone, VP_TIME_DEFAULT_ZONE) == 0 ? 7 * 3600 : 0) : -1;
        snprintf (s_checked, sizeof s_checked, "%s", zone);
    }
    if (s_checked_fixed >= 0)
        return s_checked_fixed;
    if (strcmp (s_zone, zone) != 0) {
        snprintf (s_zone, sizeof s_zone, "%s", zone);
        setenv ("TZ", zone, 1);
        tzset ();
    }
    return -1;
}

static void
s_leave (void)
{
    pthread_mutex_unlock (&s_lock);
}

void
vp_time_local (int64_t ms, const char *zone, vp_tm_t *out)
{
    long fixed = s_enter (zone);
    time_t secs = (time_t) (ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
    struct tm tm;
    if (fixed >= 0) {
        secs += fixed;
        gmtime_r (&secs, &tm);
    }
    else
        localtime_r (&secs, &tm);
    s_leave ();
    *out = (vp_tm_t) { tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                       tm.tm_min, tm.tm_sec, tm.tm_wday };
}

//  H. Hinnant's civil_from_days and days_from_civil: any int64 reads as a
//  date, without the tz database or time_t limits.
void
vp_time_civil (int64_t days, int64_t *year, int *month, int *day)
{
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *day = (int) (doy - (153 * mp + 2) / 5 + 1);
    *month = (int) (mp < 10 ? mp + 3 : mp - 9);
    *year = yoe + era * 400 + (*month <= 2);
}

int64_t
vp_time_days (int64_t year, int month, int day)
{
    year -= month <= 2;
    int64_t era = (year >= 0 ? year : year - 399) / 400;
    int64_t yoe = year - era * 400;
    int64_t doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int
vp_time_weekday (int64_t days)
{
    return (int) ((days % 7 + 11) % 7);     //  1970-01-01 was a Thursday
}

int64_t
vp_time_from_local (const vp_tm_t *in, const char *zone)
{
    struct tm tm = { .tm_year = in->year - 1900, .tm_mon = in->month - 1, .tm_mday = in->day,
                     .tm_hour = in->hour, .tm_min = in->minute, .tm_sec = in->second, .tm_isdst = -1 };
    long fixed = s_enter (zone);
    time_t secs = fixed >= 0 ? timegm (&tm) - fixed : mktime (&tm);
    s_leave ();
    return (int64_t) secs * 1000;
}

char *
vp_time_format (int64_t ms, const char *zone, const char *format, char *buf, size_t size)
{
    vp_tm_t t;
    vp_time_local (ms, zone, &t);
    struct tm tm = { .tm_year = t.year - 1900, .tm_mon = t.month - 1, .tm_mday = t.day,
                     .tm_hour = t.hour, .tm_min = t.minute, .tm_sec = t.second, .tm_wday = t.weekday };
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    if (strftime (buf, size, format, &tm) == 0 && size)
        buf[0] = 0;
#pragma GCC diagnostic pop
    return buf;
}

static bool
s_valid (const vp_tm_t *t)
{
    static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (t->year < 1900 || t->year > 9999 || t->month < 1 || t->month > 12 || t->day < 1
    ||  t->day > days[t->month - 1] || t->hour > 23 || t->minute > 59 || t->second > 59
    ||  t->hour < 0 || t->minute < 0 || t->second < 0)
        return false;
    bool leap = (t->year % 4 == 0 && t->year % 100 != 0) || t->year % 400 == 0;
    return !(t->month == 2 && t->day == 29 && !leap);
}

int
vp_time_parse (const char *text, const char *zone, const char *field, int64_t *ms, vp_err_t *err)
{
    vp_tm_t t = { 0 };
    int used = 0;
    char *end = NULL;
    long long raw = text ? strtoll (text, &end, 10) : 0;
    if (text && *text && end && *end == 0 && raw > 100000000000LL) {
        *ms = raw;              //  ms since the epoch, as on the wire
        return 0;
    }
    bool ok = false;
    if (text && sscanf (text, "%2d/%2d/%4d %2d:%2d%n", &t.day, &t.month, &t.year, &t.hour, &t.minute, &used) == 5
    &&  text[used] == 0)
        ok = true;
    else
    if (text && sscanf (text, "%2d/%2d/%4d%n", &t.day, &t.month, &t.year, &used) == 3 && text[used] == 0)
        ok = true;
    else
    if (text && sscanf (text, "%4d-%2d-%2dT%2d:%2d%n", &t.year, &t.month, &t.day, &t.hour, &t.minute, &used) == 5
    &&  (text[used] == 0 || (text[used] == ':' && sscanf (text + used, ":%2d%n", &t.second, &used) == 1)))
        ok = true;
    else
    if (text && sscanf (text, "%4d-%2d-%2d %2d:%2d%n", &t.year, &t.month, &t.day, &t.hour, &t.minute, &used) == 5
    &&  text[used] == 0)
        ok = true;
    else
    if (text && sscanf (text, "%4d-%2d-%2d%n", &t.year, &t.month, &t.day, &used) == 3 && text[used] == 0)
        ok = true;
    if (!ok || !s_valid (&t))
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, field,
                           "%s \"%s\" is not a date: write 27/11/2026 14:00, 27/11/2026, "
                           "2026-11-27T14:00 or 2026-11-27", field, text ? text : "");
    *ms = vp_time_from_local (&t, zone);
    return 0;
}
