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

//  What one line of the schedule shows, in words.
typedef struct {
    char time[64];
    char title[600];
    char place[260];
    char chair[260];
    char prepared[201];             //  đơn vị chuẩn bị
    char *people;                   //  malloc'ed
} cal_week_row_t;

typedef struct {
    const char *name;               //  Thứ Hai ... Chủ Nhật
    char date[16];                  //  dd/mm/yyyy
    const cal_week_row_t *rows;
    size_t count;
} cal_week_day_t;

//  A week as it is printed: for the terminal (cal_week_text) and as a
//  page (cal_week_html), one renderer each.
typedef struct {
    const char *who;                //  the commune (– the body, – the officer)
    const char *heading;            //  LỊCH CÔNG TÁC TUẦN n (từ ngày … đến ngày …)
    cal_week_day_t days[7];
    int more;                       //  > 0: only this many entries shown
    //  The commune's week: its edition (calendar.week.edition's answer),
    //  for the closing block; NULL for a body's or an officer's week.
    const vp_val_t *edition;
    const char *published;          //  when the edition was, in words
} cal_week_page_t;

//  The page as text or HTML (UTF-8), into a malloc'ed string; NULL when
//  out of memory.
char *cal_week_text (const cal_week_page_t *page, size_t *size);
char *cal_week_html (const cal_week_page_t *page, size_t *size);

#endif
