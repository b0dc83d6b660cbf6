/*  test_conflict_once - a conflict is one thing: the office head is told
    of it once, again only when it changes in a way that matters (another
    hour, another person), and when it is over.

    Real vp-bus, vp-staffing, vp-documents, vp-calendar and vp-notify on
    the demo district, CURVE on, the clock set (Monday 16/11/2026 08:00):
      1. the Chủ tịch UBND in two meetings at 09:00: one calendar.conflict,
         and the office head told once;
      2. the second meeting's title, then its note, changed: nothing told;
      3. it moves to 09:30 (still overlapping, another hour): told again;
      4. it moves to 14:00 (apart): calendar.conflict_resolved, and the
         office head told that it is over;
      5. moved back, then cancelled: a new conflict, then resolved.
*/
#include <string.h>
#include "test_calendar_util.h"

static cal_test_t s_t;
static vp_cmdcli_t *s_ntf;

//  How many events of a type the calendar stream holds about entry.
static size_t
s_count (const char *event, const char *entry)
{
    vp_val_t *all = cal_test_events (&s_t, event);
    size_t n = 0;
    for (size_t i = 0; i < vp_val_len (all); i++) {
        const vp_val_t *data = vp_map_get (vp_array_at (all, i), "data");
        if (strcmp (tu_str (data, "entry"), entry) == 0 || strcmp (tu_str (data, "with"), entry) == 0)
            n++;
    }
    vp_val_destroy (&all);
    return n;
}

//  The office head's notifications whose subject begins with `subject`.
static size_t
s_head_told (const char *subject)
{
    vp_val_t *r = tu_ok_call (s_ntf, GST, GST_HEAD, "notify.inbox", "officer=" GST_HEAD, "limit=200");
    const vp_val_t *items = vp_map_get (r, "items");
    size_t n = 0;
    for (size_t i = 0; i < vp_val_len (items); i++)
        if (strncmp (tu_str (vp_array_at (items, i), "subject"), subject, strlen (subject)) == 0)
            n++;
    vp_val_destroy (&r);
    return n;
}

static void
s_sync (void)
{
    tu_stack_sync (&s_t.stack);
}

static void
s_update (const char *entry, const char *w1, const char *w2)
{
    tu_drop (tu_ok_call (s_t.cal, GST, GST_CLERK, "calendar.entry.update", cal_word ("entry", entry), w1, w2));
    s_sync ();
}

#define CHECK_TOLD(conflicts, resolved, head_conflict, head_over, what) do { \
    size_t c_ = s_count ("conflict", b), r_ = s_count ("conflict_resolved", b); \
    size_t h_ = s_head_told ("Trùng lịch"), o_ = s_head_told ("Hết trùng lịch"); \
    TU_CHECK (c_ == (conflicts) && r_ == (resolved) && h_ == (head_conflict) && o_ == (head_over), \
              "%s: %zu calendar.conflict, %zu resolved, the head told %zu + %zu over; expected %d, %d, %d, %d", \
              what, c_, r_, h_, o_, conflicts, resolved, head_conflict, head_over); \
    tu_checks++; \
} while (0)

int
main (void)
{
    memset (&s_t, 0, sizeof s_t);
    snprintf (s_t.http, sizeof s_t.http, "%s", tu_endpoint ());
    snprintf (s_t.env[0], sizeof s_t.env[0], "VP_CALENDAR_HTTP=%s", s_t.http);
    tu_stack_opts_t opts = {
        .demo = true, .env = (const char *[]) { s_t.env[0], "VP_SMTP_URL=", NULL },
        .services = (const char *[]) { "staffing", "documents", "calendar", "notify", NULL },
        .clock = tu_local_ms (2026, 11, 16, 8, 0)
    };
    tu_stack_start_opts (&s_t.stack, "conflict-once", &opts);
    s_t.cal = tu_stack_client (&s_t.stack, "calendar");
    s_ntf = tu_stack_client (&s_t.stack, "notify");

    const char *a = CAL_ENTRY (&s_t, GST_CLERK, "title=Họp giao ban UBND", "start=19/11/2026 09:00",
                               "end=19/11/2026 10:30", "officers=" GST_CHU_TICH);
    char b[32];
    snprintf (b, sizeof b, "%s", CAL_ENTRY (&s_t, GST_CLERK, "title=Tiếp công dân", "start=19/11/2026 09:00",
                                            "end=19/11/2026 10:00", "officers=" GST_CHU_TICH));
    s_sync ();
    CHECK_TOLD (1, 0, 1, 0, "two meetings at 09:00");
    tu_ok ("the Chủ tịch in %s and %s at 09:00: one calendar.conflict, the office head told once", a, b);

    s_update (b, "title=Tiếp công dân định kỳ", NULL);
    s_update (b, "note=Phòng tiếp dân tầng 1", NULL);
    CHECK_TOLD (1, 0, 1, 0, "title and note changed");
    tu_ok ("the title, then the note changed: the same conflict, told nothing again");

    s_update (b, "start=19/11/2026 09:30", "end=19/11/2026 10:30");
    CHECK_TOLD (2, 0, 2, 0, "moved to 09:30");
    tu_ok ("moved to 09:30, still overlapping at another hour: told again (2)");

    s_update (b, "start=19/11/2026 14:00", "end=19/11/2026 15:00");
    CHECK_TOLD (2, 1, 2, 1, "moved to 14:00");
    tu_ok ("moved to 14:00: calendar.conflict_resolved, the office head told it is over");

    s_update (b, "start=19/11/2026 10:00", "end=19/11/2026 11:00");
    tu_drop (tu_ok_call (s_t.cal, GST, GST_CLERK, "calendar.entry.cancel", cal_word ("entry", b)));
    s_sync ();
    CHECK_TOLD (3, 2, 3, 2, "back at 10:00, then cancelled");
    tu_ok ("back at 10:00 (a conflict again), then cancelled: resolved; each told once");

    vp_cmdcli_destroy (&s_ntf);
    cal_test_stop (&s_t);
    printf ("%d checks\n", tu_checks);
    tu_cleanup ();
    return tu_failed ? 1 : 0;
}
