/*  vp_time - dates as people type and read them, in a tenant's zone.

    On the wire every time is ms since the epoch, UTC. People type
    "27/11/2026 14:00" (the Vietnamese way), "27/11/2026", "2026-11-27",
    "2026-11-27T14:00", or a raw number of ms; they read dates in their
    commune's zone (default Asia/Ho_Chi_Minh). Zones come from the system's
    tz database; when it lacks one, Asia/Ho_Chi_Minh is taken as UTC+7
    (it has had no daylight saving since 1975).
*/
#ifndef VP_TIME_H_INCLUDED
#define VP_TIME_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include "vp_err.h"

#define VP_TIME_DEFAULT_ZONE "Asia/Ho_Chi_Minh"

//  Parse `text` as a time in `zone` (NULL: the default). field names the
//  input in the error.
int vp_time_parse (const char *text, const char *zone, const char *field, int64_t *ms, vp_err_t *err);

//  Format ms in zone with strftime's format (e.g. "%d/%m/%Y %H:%M").
char *vp_time_format (int64_t ms, const char *zone, const char *format, char *buf, size_t size);

//  Broken-down local time of ms in zone (tm fields as in struct tm).
typedef struct {
    int year, month, day, hour, minute, second, weekday;   //  weekday 0 = Sunday
} vp_tm_t;
void vp_time_local (int64_t ms, const char *zone, vp_tm_t *tm);
//  ms of a local wall-clock time in zone.
int64_t vp_time_from_local (const vp_tm_t *tm, const char *zone);

//  Dates as days since 1970-01-01 (proleptic Gregorian, any int64): the
//  date of a day number, the day number of a date, its weekday (0 =
//  Sunday). Calendar arithmetic needs no zone.
void vp_time_civil (int64_t days, int64_t *year, int *month, int *day);
int64_t vp_time_days (int64_t year, int month, int day);
int vp_time_weekday (int64_t days);

#endif
