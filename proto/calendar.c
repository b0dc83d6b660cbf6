/*  proto/calendar.c - one schedule for every body of a commune: meetings,
    work items, deadline items, rooms, conflicts.

    An entry id is "e-<n>" per tenant. Entries made from events carry
    `source` and `document`, and are made once per (source, document,
    participant) however often the event is delivered.
*/
#include "vp/vp_proto.h"

#define ID(n, req, d) { .name = n, .type = VP_F_ID, .required = req, .max = 64, .doc = d }
#define TEXT(n, req, max_, d) { .name = n, .type = VP_F_STR, .required = req, .min = req ? 1 : 0, .max = max_, .doc = d }
#define TIME(n, req, d) { .name = n, .type = VP_F_TIME, .required = req, .doc = d }
#define UINT(n, req, max_, d) { .name = n, .type = VP_F_UINT, .required = req, .max = max_, .doc = d }
#define BOOL(n, d) { .name = n, .type = VP_F_BOOL, .doc = d }
#define IDS(n, d) { .name = n, .type = VP_F_ARRAY, .item = VP_F_ID, .max = 200, .doc = d }

static const char *const s_kinds[] = { "meeting", "work", "deadline", NULL };
static const char *const s_status[] = { "planned", "moved", "cancelled", "done", NULL };
static const char *const s_sources[] = { "command", "invitation", "assignment", NULL };
static const char *const s_conflict_kinds[] = { "person", "room", NULL };
static const char *const s_urgency[] = { "thuong", "khan", "thuong-khan", "hoa-toc", NULL };

static const vp_field_t s_participant[] = {
    ID ("officer", true, "who takes part (resolved at the entry's start)"),
    ID ("post", false, "the post through which (absent: invited by name)"),
    ID ("on_behalf_of", false, "the holder of the post when a delegate or the office head goes"),
    { NULL }
};
static const vp_msgdef_t s_participant_def = {
    .name = "calendar.participant", .kind = VP_KIND_MESSAGE, .version = 1,
    .doc = "One participant of an entry.", .fields = s_participant
};

#define PARTICIPANTS { .name = "participants", .type = VP_F_ARRAY, .item = VP_F_MAP, \
                       .sub = &s_participant_def, .max = 200, .doc = "who takes part" }

//  The whole entry, as it now is: the data of entry_created and
//  entry_updated, and the result of calendar.entry.get.
#define ENTRY_FIELDS \
    ID ("entry", true, "entry id, `e-<n>`"), \
    { .name = "kind", .type = VP_F_STR, .required = true, .one_of = s_kinds, \
      .doc = "meeting, work (a work item) or deadline (a document's handling deadline)" }, \
    TEXT ("title", true, 400, "title"), \
    ID ("body", false, "the body whose entry it is (Đảng ủy, UBND, ...)"), \
    TIME ("start", true, "start"), \
    TIME ("end", true, "end (after start)"), \
    ID ("room", false, "a room of the commune (calendar.rooms)"), \
    TEXT ("place", false, 200, "or a place in words"), \
    ID ("chair", false, "who chairs (chủ trì)"), \
    PARTICIPANTS, \
    ID ("document", false, "the document it came from"), \
    TEXT ("document_number", false, 64, "that document's number and symbol"), \
    { .name = "urgency", .type = VP_F_STR, .one_of = s_urgency, .doc = "the document's urgency" }, \
    { .name = "status", .type = VP_F_STR, .required = true, .one_of = s_status, \
      .doc = "planned, moved, cancelled or done" }, \
    UINT ("sequence", true, 0, "revision (iCalendar SEQUENCE): 0, then +1 on every change people see"), \
    { .name = "source", .type = VP_F_STR, .required = true, .one_of = s_sources, \
      .doc = "command, invitation (a Giấy mời) or assignment (documents.assigned)" }, \
    TEXT ("note", false, 2000, "ghi chú")

static const vp_field_t s_entry[] = { ENTRY_FIELDS, { NULL } };
const vp_msgdef_t vp_proto_cal_entry = {
    .name = "calendar.entry", .kind = VP_KIND_MESSAGE, .version = 1,
    .doc = "An entry of the schedule as it now is.", .fields = s_entry
};

//  ---------------------------------------------------------------- events

static const vp_field_t s_entry_created[] = { ENTRY_FIELDS, { NULL } };

static const vp_field_t s_entry_updated[] = {
    ENTRY_FIELDS,
    { .name = "changed", .type = VP_F_ARRAY, .item = VP_F_STR, .required = true, .max = 32,
      .doc = "the fields that changed" },
    TIME ("previous_start", false, "start before the change, when it moved"),
    TIME ("previous_end", false, "end before the change, when it moved"),
    { NULL }
};

static const vp_field_t s_entry_cancelled[] = {
    ENTRY_FIELDS,
    TEXT ("reason", false, 2000, "why"),
    { NULL }
};

static const vp_field_t s_conflict[] = {
    ID ("entry", true, "the entry being made or changed"),
    ID ("with", true, "the entry it overlaps"),
    { .name = "kind", .type = VP_F_STR, .required = true, .one_of = s_conflict_kinds,
      .doc = "person (one officer in both) or room (one room booked twice)" },
    ID ("officer", false, "kind person: the officer in both"),
    ID ("post", false, "kind person: the post through which they are in `entry`"),
    ID ("with_post", false, "kind person: the post through which they are in `with`"),
    ID ("room", false, "kind room: the room"),
    TEXT ("title", true, 400, "title of `entry`"),
    TEXT ("with_title", true, 400, "title of `with`"),
    TIME ("start", true, "start of the overlap"),
    TIME ("end", true, "end of the overlap"),
    BOOL ("forced", "a room booked twice on purpose (force=true)"),
    { NULL }
};

static const vp_field_t s_leave_marked[] = {
    ID ("officer", true, "who is on leave"),
    ID ("delegate", true, "who acts for them"),
    ID ("leave", true, "the staffing leave id"),
    TIME ("from", true, "leave start"),
    TIME ("to", true, "leave end"),
    IDS ("entries", "the officer's entries in that period, now marked"),
    { NULL }
};

static const vp_field_t s_room_set[] = {
    ID ("room", true, "room id"),
    TEXT ("name", true, 200, "name"),
    UINT ("capacity", false, 100000, "seats"),
    BOOL ("active", "false: no longer bookable"),
    { NULL }
};

#define EVENT(var, n, f, d) \
    const vp_msgdef_t var = { .name = n, .kind = VP_KIND_EVENT, .version = 1, .doc = d, .fields = f }

EVENT (vp_proto_cal_entry_created, "calendar.entry_created", s_entry_created,
       "An entry was put on the schedule (by a command, a Giấy mời, or an assignment with a deadline).");
EVENT (vp_proto_cal_entry_updated, "calendar.entry_updated", s_entry_updated,
       "An entry changed: moved (time or place), participants, or closed (status done).");
EVENT (vp_proto_cal_entry_cancelled, "calendar.entry_cancelled", s_entry_cancelled,
       "An entry was cancelled (status cancelled); it stays for the record and in feeds.");
EVENT (vp_proto_cal_conflict, "calendar.conflict", s_conflict,
       "One person in two overlapping entries (also through two posts they hold), or one room "
       "booked twice; the office head and the people concerned are told.");
EVENT (vp_proto_cal_leave_marked, "calendar.leave_marked", s_leave_marked,
       "An officer's entries during a leave were marked with the delegate.");
EVENT (vp_proto_cal_room_set, "calendar.room_set", s_room_set, "A room of the commune was added or changed.");

//  -------------------------------------------------------------- commands
//  (vp-calendar's commands follow here.)

static const vp_msgdef_t *const s_defs[] = {
    &s_participant_def, &vp_proto_cal_entry,
    &vp_proto_cal_entry_created, &vp_proto_cal_entry_updated, &vp_proto_cal_entry_cancelled,
    &vp_proto_cal_conflict, &vp_proto_cal_leave_marked, &vp_proto_cal_room_set,
    NULL
};

const vp_proto_module_t vp_proto_calendar = {
    .name = "calendar",
    .doc = "vp-calendar (commands on `VP_CALENDAR_CMD`, events on stream `calendar`): one schedule "
           "for every body of a commune.",
    .defs = s_defs
};
