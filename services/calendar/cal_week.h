/*  cal_week - the commune's week: Monday 00:00 to the next Monday 00:00
    in its zone, and its ISO week number (what Lịch công tác tuần is
    headed with: "LỊCH CÔNG TÁC TUẦN 49").
*/
#ifndef CAL_WEEK_H_INCLUDED
#define CAL_WEEK_H_INCLUDED

#include "cal_service.h"

typedef struct {
    int64_t start;                  //  Monday 00:00 in the zone
    int64_t end;                    //  the next Monday 00:00 (exclusive)
    int week;                       //  ISO 8601 week number, 1..53
    int year;                       //  the year that number belongs to
} cal_week_t;

//  The week of `at` in zone.
void cal_week_of (const char *zone, int64_t at, cal_week_t *week);

#endif
