/*  test_times_refused - a time no office can mean is refused at the door,
    naming the field and showing the value as a date.

    On the demo district, with the clock at Tuesday 01/12/2026 08:00, the
    clerk of Giang Sơn Tây registers a Giấy mời and makes an entry, and
    the office head sets a deadline. Then:
      (a) every time of documents.register (doc_date, arrived_at,
          deadline, meeting.start, meeting.end), of documents.deadline.set
          (deadline) and of calendar.entry.create (start, end) at 0, -1,
          2^62 and 2^63-1 is refused invalid_argument, naming the field by
          its whole path and showing the value as people read it;
      (b) what vp-calendar could not place is refused when the invitation
          is registered: a meeting of more than 31 days, and a post the
          commune does not have at the meeting's time (one that never
          was, one closed at the merger), naming meeting.invited_posts
          and the post;
      (c) an arrival in the future, an arrival before the document's date
          (or a date after the arrival), a deadline before the arrival are
          refused naming the field;
      (d) the edges are taken: a document dated in 1985, an arrival a
          minute ahead of the clock, a meeting of exactly 31 days.
*/
#include <string.h>
#include "testutil.h"

#define GST "giang-son-tay"
#define CLERK "gst-le-thi-mau-muoi-bon"         //  Văn phòng – Thống kê
#define HEAD "gst-vu-thi-mau-truong"            //  Tổ trưởng Văn phòng
#define DAY_MS ((int64_t) 86400000)

static tu_stack_t s_stack;
static vp_cmdcli_t *s_doc, *s_cal;
static int64_t s_now;
static int s_numbers;

//  The values no time may have, and the date each reads as (UTC).
static const struct {
    int64_t ms;
    const char *shown;
} s_nonsense[] = {
    { 0, "01/01/1970 00:00 UTC" },
    { -1, "31/12/1969 23:59 UTC" },
    { (int64_t) 1 << 62, "24/04/146140482 15:36 UTC" },
    { INT64_MAX, "17/08/292278994 07:12 UTC" },
};
#define S_NONSENSE (sizeof s_nonsense / sizeof s_nonsense[0])

//  A Giấy mời as the clerk registers it today: dated yesterday, a meeting
//  on Thursday 09:00–11:00 for the Chủ tịch UBND, a deadline on Friday.
static vp_val_t *
s_invitation (void)
{
    vp_val_t *args = vp_val_map ();
    vp_map_put_str (args, "issuer", "UBND huyện Đô Lương");
    vp_map_put (args, "number", vp_val_strf ("%d/GM-UBND", 100 + s_numbers++));
    vp_map_put_int (args, "doc_date", tu_local_ms (2026, 11, 30, 0, 0));
    vp_map_put_str (args, "type", "giay-moi");
    vp_map_put_str (args, "summary", "Mời dự hội nghị triển khai hợp nhất văn phòng");
    vp_map_put_int (args, "arrived_at", s_now);
    vp_map_put_int (args, "deadline", tu_local_ms (2026, 12, 4, 17, 0));
    vp_val_t *meeting = vp_val_map ();
    vp_map_put_int (meeting, "start", tu_local_ms (2026, 12, 3, 9, 0));
    vp_map_put_int (meeting, "end", tu_local_ms (2026, 12, 3, 11, 0));
    vp_map_put_str (meeting, "place", "Hội trường UBND huyện");
    vp_val_t *posts = vp_val_array ();
    vp_array_push (posts, vp_val_str ("chu-tich-ubnd"));
    vp_map_put (meeting, "invited_posts", posts);
    vp_map_put (args, "meeting", meeting);
    return args;
}

//  An entry as the office head makes it: Thursday 14:00–16:00.
static vp_val_t *
s_entry (void)
{
    vp_val_t *args = vp_val_map ();
    vp_map_put_str (args, "title", "Họp giao ban Văn phòng");
    vp_map_put_int (args, "start", tu_local_ms (2026, 12, 3, 14, 0));
    vp_map_put_int (args, "end", tu_local_ms (2026, 12, 3, 16, 0));
    return args;
}

//  args with the value at path ("meeting.start") replaced.
static vp_val_t *
s_with (vp_val_t *args, const char *path, vp_val_t *value)
{
    const char *dot = strchr (path, '.');
    if (dot) {
        char key[32];
        snprintf (key, sizeof key, "%.*s", (int) (dot - path), path);
        vp_map_put (vp_map_get (args, key), dot + 1, value);
    }
    else
        vp_map_put (args, path, value);
    return args;
}

//  (a) at the door: each time field at each nonsense value.
static void
s_nonsense_refused (const char *document)
{
    static const char *const register_times[] = {
        "doc_date", "arrived_at", "deadline", "meeting.start", "meeting.end", NULL
    };
    int refused = 0;
    for (int f = 0; register_times[f]; f++)
        for (size_t v = 0; v < S_NONSENSE; v++) {
            char field[64], says[160];
            snprintf (field, sizeof field, "args.%s", register_times[f]);
            snprintf (says, sizeof says, "%s|%s|not a time", register_times[f], s_nonsense[v].shown);
            tu_refused_args (__LINE__, VP_E_INVALID_ARGUMENT, field, says, s_doc, GST, CLERK, "documents.register",
                             s_with (s_invitation (), register_times[f], vp_val_int (s_nonsense[v].ms)));
            refused++;
        }
    for (size_t v = 0; v < S_NONSENSE; v++) {
        char says[160];
        snprintf (says, sizeof says, "deadline|%s", s_nonsense[v].shown);
        vp_val_t *args = vp_val_map ();
        vp_map_put_str (args, "document", document);
        vp_map_put_int (args, "deadline", s_nonsense[v].ms);
        tu_refused_args (__LINE__, VP_E_INVALID_ARGUMENT, "args.deadline", says, s_doc, GST, HEAD,
                         "documents.deadline.set", args);
        refused++;
    }
    static const char *const entry_times[] = { "start", "end", NULL };
    for (int f = 0; entry_times[f]; f++)
        for (size_t v = 0; v < S_NONSENSE; v++) {
            char field[64], says[160];
            snprintf (field, sizeof field, "args.%s", entry_times[f]);
            snprintf (says, sizeof says, "%s|%s", entry_times[f], s_nonsense[v].shown);
            tu_refused_args (__LINE__, VP_E_INVALID_ARGUMENT, field, says, s_cal, GST, CLERK, "calendar.entry.create",
                             s_with (s_entry (), entry_times[f], vp_val_int (s_nonsense[v].ms)));
            refused++;
        }
    //  The date of a document may be old, not that old: the bound is said.
    tu_refused_args (__LINE__, VP_E_INVALID_ARGUMENT, "args.doc_date", "from 01/01/1971", s_doc, GST, CLERK,
                     "documents.register", s_with (s_invitation (), "doc_date", vp_val_int (0)));
    tu_ok ("%d times at 0, -1, 2^62 and 2^63-1 refused at the door: documents.register (doc_date, arrived_at, "
           "deadline, meeting.start, meeting.end), documents.deadline.set, calendar.entry.create (start, end), "
           "each naming its field and showing the value as a date", refused);
}

//  (b) what the calendar could not place, refused while the clerk is there.
static void
s_meeting_refused (void)
{
    tu_refused_args (__LINE__, VP_E_INVALID_ARGUMENT, "meeting.end", "meeting.end|31 days|03/12/2026 09:00",
                     s_doc, GST, CLERK, "documents.register",
                     s_with (s_invitation (), "meeting.end", vp_val_int (tu_local_ms (2027, 1, 3, 9, 1))));
    const char *unknown[] = { "pho-chu-tich-khong-co", "vp-ubnd" };    //  never was; closed at the merger
    for (int i = 0; i < 2; i++) {
        vp_val_t *args = s_invitation ();
        vp_array_push (vp_map_get (vp_map_get (args, "meeting"), "invited_posts"), vp_val_str (unknown[i]));
        char says[160];
        snprintf (says, sizeof says, "meeting.invited_posts|\"%s\"|" GST "|03/12/2026 09:00", unknown[i]);
        tu_refused_args (__LINE__, VP_E_INVALID_ARGUMENT, "meeting.invited_posts", says, s_doc, GST, CLERK,
                         "documents.register", args);
    }
    tu_ok ("a meeting of 31 days and 1 minute, and an invited post the commune has not (never, or not since the "
           "merger), are refused at registration, before vp-calendar would meet them");
}

//  (c) times that do not agree with each other.
static void
s_sense_refused (const char *document)
{
    tu_refused_args (__LINE__, VP_E_INVALID_ARGUMENT, "arrived_at", "arrived_at|future|01/12/2026 08:06",
                     s_doc, GST, CLERK, "documents.register",
                     s_with (s_invitation (), "arrived_at", vp_val_int (s_now + 6 * 60000)));
    tu_refused_args (__LINE__, VP_E_INVALID_ARGUMENT, "arrived_at", "arrived_at|before|30/11/2026",
                     s_doc, GST, CLERK, "documents.register",
                     s_with (s_invitation (), "arrived_at", vp_val_int (tu_local_ms (2026, 11, 29, 16, 0))));
    vp_val_t *args = s_invitation ();
    vp_val_t *gone = vp_map_take (args, "arrived_at");
    vp_val_destroy (&gone);
    tu_refused_args (__LINE__, VP_E_INVALID_ARGUMENT, "doc_date", "doc_date|02/12/2026|after",
                     s_doc, GST, CLERK, "documents.register",
                     s_with (args, "doc_date", vp_val_int (tu_local_ms (2026, 12, 2, 0, 0))));
    tu_refused_args (__LINE__, VP_E_INVALID_ARGUMENT, "deadline", "deadline|after the arrival",
                     s_doc, GST, CLERK, "documents.register",
                     s_with (s_invitation (), "deadline", vp_val_int (s_now - 60000)));
    vp_val_t *set = vp_val_map ();
    vp_map_put_str (set, "document", document);
    vp_map_put_int (set, "deadline", tu_local_ms (2026, 11, 30, 17, 0));
    tu_refused_args (__LINE__, VP_E_INVALID_ARGUMENT, "deadline", "deadline|before", s_doc, GST, HEAD,
                     "documents.deadline.set", set);
    tu_refused_args (__LINE__, VP_E_INVALID_ARGUMENT, "end", "end|after start", s_cal, GST, HEAD,
                     "calendar.entry.create", s_with (s_entry (), "end", vp_val_int (tu_local_ms (2026, 12, 3, 13, 0))));
    tu_ok ("an arrival 6 minutes ahead of the clock or before the document's date, a date after the arrival, "
           "a deadline before it: refused naming the field");
}

//  (d) what is sensible is taken.
static void
s_edges_taken (void)
{
    vp_val_t *args = s_with (s_invitation (), "doc_date", vp_val_int (tu_local_ms (1985, 3, 15, 0, 0)));
    s_with (args, "arrived_at", vp_val_int (s_now + 60000));
    s_with (args, "meeting.end", vp_val_int (tu_local_ms (2026, 12, 3, 9, 0) + 31 * DAY_MS));
    vp_val_t *r = tu_ok_args (__LINE__, s_doc, GST, CLERK, "documents.register", args);
    CHECK (vp_map_int (r, "doc_date", 0) == tu_local_ms (1985, 3, 15, 0, 0)
           && vp_map_int (r, "arrived_at", 0) == s_now + 60000,
           "registered as %s", vp_val_to_json (r));
    vp_val_destroy (&r);
    tu_drop (tu_ok_args (__LINE__, s_cal, GST, CLERK, "calendar.entry.create",
                         s_with (s_entry (), "end", vp_val_int (tu_local_ms (2026, 12, 3, 14, 0) + 31 * DAY_MS))));
    tu_ok ("taken: a paper dated 15/03/1985, an arrival a minute ahead of the clock, a meeting and an entry of "
           "exactly 31 days");
}

int
main (void)
{
    vp_log_init ("test_times_refused", "warn", NULL);
    tu_stack_opts_t opts = {
        .demo = true, .services = (const char *[]) { "staffing", "documents", "calendar", NULL }
    };
    tu_stack_start_opts (&s_stack, "times", &opts);
    s_now = TU_CLOCK_START;
    s_doc = tu_stack_client (&s_stack, "documents");
    s_cal = tu_stack_client (&s_stack, "calendar");
    vp_val_t *r = tu_ok_args (__LINE__, s_doc, GST, CLERK, "documents.register", s_invitation ());
    char document[32];
    snprintf (document, sizeof document, "%s", tu_str (r, "document"));
    vp_val_destroy (&r);

    s_nonsense_refused (document);
    s_meeting_refused ();
    s_sense_refused (document);
    s_edges_taken ();

    vp_cmdcli_destroy (&s_doc);
    vp_cmdcli_destroy (&s_cal);
    tu_stack_stop (&s_stack);
    printf ("test_times_refused: %d checks passed\n", tu_checks);
    return 0;
}
