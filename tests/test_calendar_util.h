/*  test_calendar_util - what the vp-calendar tests share: a stack of
    vp-bus, vp-staffing, vp-documents and vp-calendar with the demo
    district and the clock set, the people of Giang Sơn Tây, and the
    calendar events on the bus.
*/
#ifndef TEST_CALENDAR_UTIL_H_INCLUDED
#define TEST_CALENDAR_UTIL_H_INCLUDED

#include "testutil.h"

//  The demo district's people (scripts/demo/district.vp).
#define GST "giang-son-tay"
#define GST_BI_THU "gst-pham-van-mau-mot"       //  Bí thư Đảng ủy and Chủ tịch HĐND: one person, two posts
#define GST_CHU_TICH "gst-dang-xuan-quang"      //  Đặng Xuân Quảng, Chủ tịch UBND
#define GST_PCT_KT "gst-vu-van-mau-bon"         //  Phó Chủ tịch UBND (kinh tế)
#define GST_DIA_CHINH "gst-ho-thi-mau-tam"      //  Địa chính – Xây dựng
#define GST_TAI_CHINH "gst-ngo-van-mau-chin"    //  Tài chính – Kế toán
#define GST_CLERK "gst-le-thi-mau-muoi-bon"     //  Văn phòng – Thống kê
#define GST_HEAD "gst-vu-thi-mau-truong"        //  Tổ trưởng Văn phòng
#define LS "lam-son"
#define LS_CLERK "ls-nguyen-van-cong"

typedef struct {
    tu_stack_t stack;
    char http[40];              //  VP_CALENDAR_HTTP of this stack
    char env[1][80];
    vp_cmdcli_t *cal, *doc, *stf;
} cal_test_t;

//  The stack with the demo district, the clock of every process at
//  Monday 16/11/2026 08:00 in the communes' zone.
void cal_test_start (cal_test_t *t, const char *name);
void cal_test_stop (cal_test_t *t);

//  Every service applied every event, and vp-calendar handed its own to the bus.
void cal_test_sync (cal_test_t *t);

//  The envelopes of calendar.<event> on the bus (in order; caller destroys).
vp_val_t *cal_test_events (cal_test_t *t, const char *event);

//  Make an entry in Giang Sơn Tây (words as vpctl takes them, NULL-ended);
//  its id in a static ring of buffers.
const char *cal_test_entry (int line, cal_test_t *t, const char *actor, ...);
#define CAL_ENTRY(t, actor, ...) cal_test_entry (__LINE__, t, actor, __VA_ARGS__, NULL)

//  Register a Giấy mời in Giang Sơn Tây for the posts (comma-separated)
//  at [start, end) at place; the document's id in a static ring.
const char *cal_test_invitation (int line, cal_test_t *t, const char *number, const char *posts,
                                 int64_t start, int64_t end, const char *place);

//  The word "key=value", in a static ring of 16 buffers.
const char *cal_word (const char *key, const char *value);

//  The entries of an officer in [from, to), as calendar.list gives them
//  (caller destroys the array).
vp_val_t *cal_test_list (cal_test_t *t, const char *officer, int64_t from, int64_t to);

#endif
