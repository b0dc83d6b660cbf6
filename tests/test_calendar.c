/*  test_calendar - rooms and bad input of vp-calendar's commands.

    vp-bus, vp-staffing, vp-documents and vp-calendar with CURVE and the
    demo district. Checks that:
      (a) every commune starts with its rooms, and calendar.room.set adds one;
      (b) a room booked twice by calendar.entry.create is refused naming
          the room and the other entry, and nothing is written; with
          force=true it is booked and a calendar.conflict kind room
          (forced) is published; a person booked twice is not refused:
          the reply carries the conflict;
      (c) each command given a wrong field (end before start, an unknown
          room, officer, post or body, another tenant's entry, a title too
          long, an unknown kind, an actor of another commune...) is
          refused with the code and the field, the message naming the
          value, and nothing is written: no entry, no event.
*/
#include <string.h>
#include "test_calendar_util.h"

static cal_test_t s_t;

#define REFUSED(code, field, says, tenant, actor, ...) \
    tu_refused (code, field, says, s_t.cal, tenant, actor, __VA_ARGS__)

static void
s_rooms (void)
{
    vp_val_t *r = tu_ok_call (s_t.cal, GST, GST_CLERK, "calendar.rooms");
    char *rooms = tu_join (vp_map_get (r, "rooms"), "room");
    CHECK (strcmp (rooms, "hoi-truong,phong-hop-1") == 0, "the rooms of a commune at first: %s", rooms);
    free (rooms);
    vp_val_destroy (&r);
    r = tu_ok_call (s_t.cal, GST, GST_HEAD, "calendar.room.set", "room=phong-tiep-dan", "name=Phòng tiếp dân",
                    "capacity=12");
    rooms = tu_join (vp_map_get (r, "rooms"), "name");
    CHECK (strcmp (rooms, "Hội trường,Phòng họp 1,Phòng tiếp dân") == 0, "a room added: %s", rooms);
    free (rooms);
    vp_val_destroy (&r);
    tu_ok ("every commune starts with hoi-truong and phong-hop-1; calendar.room.set adds phong-tiep-dan");
}

static void
s_room_twice (void)
{
    const char *a = CAL_ENTRY (&s_t, GST_CLERK, "title=Hội nghị cán bộ chủ chốt", "start=19/11/2026 08:00",
                               "end=19/11/2026 10:00", "room=hoi-truong", "posts=chu-tich-ubnd");
    cal_test_sync (&s_t);
    vp_val_t *before = cal_test_events (&s_t, "entry_created");
    REFUSED (VP_E_ALREADY_EXISTS, "room", "hoi-truong|19/11/2026 09:00|10:00|Hội nghị cán bộ chủ chốt|force", GST,
             GST_CLERK, "calendar.entry.create", "title=Tập huấn chuyển đổi số", "start=19/11/2026 09:00",
             "end=19/11/2026 11:00", "room=hoi-truong", "posts=van-hoa");
    CHECK (strstr (tu_refused (VP_E_ALREADY_EXISTS, "room", "hoi-truong", s_t.cal, GST, GST_CLERK,
                               "calendar.entry.create", "title=Tập huấn chuyển đổi số", "start=19/11/2026 09:00",
                               "end=19/11/2026 11:00", "room=hoi-truong"), a),
           "the refusal names the other entry %s", a);
    cal_test_sync (&s_t);
    vp_val_t *after = cal_test_events (&s_t, "entry_created");
    CHECK (vp_val_len (after) == vp_val_len (before), "a refused booking wrote an entry");
    vp_val_destroy (&after);

    vp_val_t *r = tu_ok_call (s_t.cal, GST, GST_CLERK, "calendar.entry.create", "title=Tập huấn chuyển đổi số",
                              "start=19/11/2026 09:00", "end=19/11/2026 11:00", "room=hoi-truong", "force=true");
    char b[32];
    snprintf (b, sizeof b, "%s", tu_str (r, "entry"));
    vp_val_t *c = vp_array_at (vp_map_get (r, "conflicts"), 0);
    CHECK (vp_val_len (vp_map_get (r, "conflicts")) == 1 && strcmp (tu_str (c, "kind"), "room") == 0
           && strcmp (tu_str (c, "with"), a) == 0 && vp_map_bool (c, "forced", false),
           "forced: booked, and the reply carries the room conflict: %s", vp_val_to_json (r));
    vp_val_destroy (&r);
    cal_test_sync (&s_t);
    vp_val_t *conflicts = cal_test_events (&s_t, "conflict");
    CHECK (vp_val_len (conflicts) == 1, "one conflict on the bus: %s", vp_val_to_json (conflicts));
    c = vp_map_get (vp_array_at (conflicts, 0), "data");
    CHECK (strcmp (tu_str (c, "kind"), "room") == 0 && strcmp (tu_str (c, "room"), "hoi-truong") == 0
           && strcmp (tu_str (c, "entry"), b) == 0 && strcmp (tu_str (c, "with"), a) == 0 && vp_map_bool (c, "forced", false)
           && vp_map_int (c, "start", 0) == tu_local_ms (2026, 11, 19, 9, 0)
           && vp_map_int (c, "end", 0) == tu_local_ms (2026, 11, 19, 10, 0),
           "calendar.conflict kind room, forced, %s with %s for the hour they share: %s", b, a, vp_val_to_json (c));
    vp_val_destroy (&conflicts);

    //  A person twice: booked, told.
    r = tu_ok_call (s_t.cal, GST, GST_CLERK, "calendar.entry.create", "title=Làm việc với Công an xã",
                    "start=19/11/2026 09:30", "end=19/11/2026 10:30", "officers=" GST_CHU_TICH);
    c = vp_array_at (vp_map_get (r, "conflicts"), 0);
    CHECK (vp_val_len (vp_map_get (r, "conflicts")) == 1 && strcmp (tu_str (c, "kind"), "person") == 0
           && strcmp (tu_str (c, "officer"), GST_CHU_TICH) == 0 && strcmp (tu_str (c, "with"), a) == 0
           && strcmp (tu_str (c, "with_post"), "chu-tich-ubnd") == 0 && strcmp (tu_str (c, "with_title"), "Hội nghị cán bộ chủ chốt") == 0,
           "a person booked twice is booked, the reply says with what: %s", vp_val_to_json (r));
    vp_val_destroy (&r);
    vp_val_destroy (&before);
    tu_ok ("a room booked twice is refused naming it and %s; forced, it is booked and the conflict published", a);
}

static void
s_bad_input (void)
{
    cal_test_sync (&s_t);
    const char *mine = CAL_ENTRY (&s_t, GST_CLERK, "title=Họp chi bộ", "start=20/11/2026 14:00",
                                  "end=20/11/2026 15:00", "posts=bi-thu");
    cal_test_sync (&s_t);
    vp_val_t *events = tu_stack_replay (&s_t.stack, "calendar");
    size_t before = vp_val_len (events);
    vp_val_destroy (&events);
    char title[402];
    memset (title, 'a', 401);
    title[401] = 0;
    const char *C = "calendar.entry.create";
#define NEW(...) C, "title=Họp", "start=20/11/2026 08:00", __VA_ARGS__
    REFUSED (VP_E_INVALID_ARGUMENT, "end", "end|20/11/2026 07:00|start|20/11/2026 08:00", GST, GST_CLERK,
             NEW ("end=20/11/2026 07:00"));
    REFUSED (VP_E_INVALID_ARGUMENT, "end", "31 days", GST, GST_CLERK, NEW ("end=31/12/2026 08:00"));
    REFUSED (VP_E_NOT_FOUND, "room", "phong-hop-9|giang-son-tay|hoi-truong", GST, GST_CLERK,
             NEW ("end=20/11/2026 09:00", "room=phong-hop-9"));
    REFUSED (VP_E_NOT_FOUND, "officers", "gst-khong-co|giang-son-tay", GST, GST_CLERK,
             NEW ("end=20/11/2026 09:00", "officers=gst-khong-co"));
    REFUSED (VP_E_NOT_FOUND, "officers", LS_CLERK "|giang-son-tay", GST, GST_CLERK,
             NEW ("end=20/11/2026 09:00", "officers=" LS_CLERK));
    REFUSED (VP_E_NOT_FOUND, "posts", "pho-bi-thu-khong-co|giang-son-tay", GST, GST_CLERK,
             NEW ("end=20/11/2026 09:00", "posts=bi-thu,pho-bi-thu-khong-co"));
    REFUSED (VP_E_NOT_FOUND, "chair", "ai-do|giang-son-tay", GST, GST_CLERK, NEW ("end=20/11/2026 09:00", "chair=ai-do"));
    REFUSED (VP_E_NOT_FOUND, "body", "ubnd-huyen|giang-son-tay", GST, GST_CLERK,
             NEW ("end=20/11/2026 09:00", "body=ubnd-huyen"));
    REFUSED (VP_E_INVALID_ARGUMENT, "place", "hoi-truong|Nhà văn hóa", GST, GST_CLERK,
             NEW ("end=20/11/2026 09:00", "room=hoi-truong", "place=Nhà văn hóa"));
    REFUSED (VP_E_INVALID_ARGUMENT, "args.title", "title|400", GST, GST_CLERK, C, cal_word ("title", title),
             "start=20/11/2026 08:00", "end=20/11/2026 09:00");
    REFUSED (VP_E_INVALID_ARGUMENT, "args.kind", "kind|hoi-nghi", GST, GST_CLERK,
             NEW ("end=20/11/2026 09:00", "kind=hoi-nghi"));
    REFUSED (VP_E_PERMISSION_DENIED, "actor", LS_CLERK "|giang-son-tay", GST, LS_CLERK, NEW ("end=20/11/2026 09:00"));
    REFUSED (VP_E_PERMISSION_DENIED, "actor", "giang-son-tay", GST, "", NEW ("end=20/11/2026 09:00"));
#undef NEW
    //  Another commune's entry is not there for it.
    REFUSED (VP_E_NOT_FOUND, "entry", mine, LS, LS_CLERK, "calendar.entry.get", cal_word ("entry", mine));
    REFUSED (VP_E_NOT_FOUND, "entry", mine, LS, LS_CLERK, "calendar.entry.update", cal_word ("entry", mine),
             "title=Đổi");
    REFUSED (VP_E_NOT_FOUND, "entry", mine, LS, LS_CLERK, "calendar.entry.cancel", cal_word ("entry", mine));
    REFUSED (VP_E_NOT_FOUND, "entry", "e-999", GST, GST_CLERK, "calendar.entry.get", "entry=e-999");
    REFUSED (VP_E_INVALID_ARGUMENT, "entry", "nothing to change", GST, GST_CLERK, "calendar.entry.update",
             cal_word ("entry", mine));
    REFUSED (VP_E_INVALID_ARGUMENT, "end", "end|20/11/2026 13:00", GST, GST_CLERK, "calendar.entry.update",
             cal_word ("entry", mine), "end=20/11/2026 13:00");
    REFUSED (VP_E_NOT_FOUND, "room", "kho", GST, GST_CLERK, "calendar.entry.update", cal_word ("entry", mine),
             "room=kho");
    REFUSED (VP_E_INVALID_ARGUMENT, "to", "to|from", GST, GST_CLERK, "calendar.list", "from=20/11/2026",
             "to=19/11/2026");
    REFUSED (VP_E_NOT_FOUND, "officer", LS_CLERK, GST, GST_CLERK, "calendar.list", "from=19/11/2026",
             "to=20/11/2026", "officer=" LS_CLERK);
    REFUSED (VP_E_NOT_FOUND, "body", "hoi-nguoi-cao-tuoi", GST, GST_CLERK, "calendar.week", "body=hoi-nguoi-cao-tuoi");
    REFUSED (VP_E_INVALID_ARGUMENT, "body", "bi-thu|dang-uy", GST, GST_CLERK, "calendar.ical", "officer=bi-thu",
             "body=dang-uy");
    vp_val_t *room = vp_val_map ();
    vp_map_put_str (room, "room", "phong-hop-2");
    vp_map_put_str (room, "name", "Phòng họp 2");
    vp_map_put_int (room, "capacity", -1);
    tu_refused_args (__LINE__, VP_E_INVALID_ARGUMENT, "args.capacity", "capacity|-1", s_t.cal, GST, GST_HEAD,
                     "calendar.room.set", room);
    tu_drop (tu_ok_call (s_t.cal, GST, GST_CLERK, "calendar.entry.cancel", cal_word ("entry", mine)));
    REFUSED (VP_E_FAILED_PRECONDITION, "entry", "cancelled", GST, GST_CLERK, "calendar.entry.cancel",
             cal_word ("entry", mine));
    REFUSED (VP_E_FAILED_PRECONDITION, "entry", "cancelled", GST, GST_CLERK, "calendar.entry.update",
             cal_word ("entry", mine), "title=Lại");
    cal_test_sync (&s_t);
    events = tu_stack_replay (&s_t.stack, "calendar");
    CHECK (vp_val_len (events) == before + 1, "refused commands wrote events: %zu before, %zu after (one cancel)",
           before, vp_val_len (events));
    vp_val_destroy (&events);
    vp_val_t *r = tu_ok_call (s_t.cal, GST, GST_CLERK, "calendar.list", "from=20/11/2026", "to=21/11/2026");
    CHECK (vp_map_int (r, "count", -1) == 1
           && strcmp (tu_str (vp_array_at (vp_map_get (r, "entries"), 0), "status"), "cancelled") == 0,
           "20/11 holds the one cancelled entry: %s", vp_val_to_json (r));
    vp_val_destroy (&r);
    tu_ok ("bad input to every command is refused naming the field and the value; nothing written");
}

int
main (void)
{
    cal_test_start (&s_t, "calendar");
    s_rooms ();
    s_room_twice ();
    s_bad_input ();
    cal_test_stop (&s_t);
    printf ("test_calendar: %d checks passed\n", tu_checks);
    return 0;
}
