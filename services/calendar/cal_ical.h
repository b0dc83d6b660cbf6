/*  cal_ical - the schedule as iCalendar (RFC 5545), made with libical.

    One feed per officer (the entries they take part in or chair), per
    body, or per commune: a VCALENDAR (METHOD PUBLISH, X-WR-CALNAME,
    X-WR-TIMEZONE and a VTIMEZONE of the commune's zone) with one VEVENT
    per entry from CAL_FEED_PAST ago on. A VEVENT's UID is
    `<entry>@<tenant>.vanphong` and never changes; SEQUENCE is the
    entry's and LAST-MODIFIED its last change, so a phone replaces what
    it has; a cancelled entry stays in the feed with STATUS:CANCELLED so
    the phone takes it off. DTSTART and DTEND carry the zone (TZID).

    A deadline item is a reminder, not presence: TRANSP:TRANSPARENT, and
    when the deadline is the end of a day (23:59:59.999 there, as
    vp-documents sets them) an all-day item on that day, which a phone
    shows at the top of the day rather than as a half hour at midnight.
*/
#ifndef CAL_ICAL_H_INCLUDED
#define CAL_ICAL_H_INCLUDED

#include "cal_service.h"

//  How far back a feed goes, and most entries it holds.
#define CAL_FEED_PAST (92 * CAL_DAY_MS)
#define CAL_FEED_MAX 5000

//  0 when whose feed is asked is right: at most one of officer (an
//  officer of tenant) and body (a body of tenant); else -1 naming it.
int cal_ical_whose (cal_service_t *self, const char *tenant, const char *officer, const char *body,
                    vp_err_t *err);

//  The feed of tenant (officer's, body's, or all when both NULL) as
//  iCalendar text; *count gets its VEVENTs. The caller frees; NULL with err.
char *cal_ical_feed (cal_service_t *self, const char *tenant, const char *officer, const char *body,
                     size_t *count, vp_err_t *err);

#endif
