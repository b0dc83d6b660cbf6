/*  proto/calendar.c - one schedule for every body of a commune: meetings,
    work items, deadline items, rooms, conflicts.

    An entry id is "e-<n>" per tenant. Entries made from events carry
    `source` and `document`, and are made once per (source, document,
    participant) however often the event is delivered.
*/
#include "proto_fields.h"


static const char *const s_kinds[] = { "meeting", "work", "deadline", NULL };
static const char *const s_status[] = { "planned", "moved", "cancelled", "done", NULL };
static const char *const s_sources[] = { "command", "invitation", "assignment", NULL };
static const char *const s_conflict_kinds[] = { "person", "room", NULL };
#define SECRECY { .name = "secrecy", .type = VP_F_STR, .one_of = vp_secrecy_ids, \
                  .doc = "the secrecy of the document it came from, or given: above thuong, viewers not cleared " \
                         "for it see a busy block (time and place)" }

static const vp_field_t s_participant[] = {
    ID ("officer", true, "who takes part (resolved at the entry's start)"),
    ID ("post", false, "the post through which (absent: invited by name)"),
    ID ("on_behalf_of", false, "the holder of the post when a delegate or the office head goes"),
    ID ("delegate", false, "the officer is on leave then: who acts for them (ủy quyền)"),
    ID ("leave", false, "that leave (staffing's id)"),
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
    SECRET_TEXT ("title", true, 400, VP_SECRET_MEETING, "title (a busy block's when secret)"), \
    ID ("body", false, "the body whose entry it is (Đảng ủy, UBND, ...)"), \
    TIME ("start", true, "start"), \
    TIME ("end", true, "end (after start)"), \
    ID ("room", false, "a room of the commune (calendar.rooms)"), \
    TEXT ("place", false, 200, "or a place in words"), \
    ID ("chair", false, "who chairs (chủ trì)"), \
    ID ("chair_post", false, "the post the chair was named by (whoever acts for it chairs)"), \
    PARTICIPANTS, \
    ID ("document", false, "the document it came from"), \
    TEXT ("document_number", false, 64, "that document's number and symbol"), \
    { .name = "urgency", .type = VP_F_STR, .one_of = vp_urgency_ids, .doc = "the document's urgency" }, \
    { .name = "status", .type = VP_F_STR, .required = true, .one_of = s_status, \
      .doc = "planned, moved, cancelled or done" }, \
    UINT ("sequence", true, 0, "revision (iCalendar SEQUENCE): 0, then +1 on every change people see"), \
    { .name = "source", .type = VP_F_STR, .required = true, .one_of = s_sources, \
      .doc = "command, invitation (a Giấy mời) or assignment (documents.assigned)" }, \
    SECRET_TEXT ("note", false, 2000, "", "ghi chú (left out when secret)"), \
    SECRECY, \
    SECRET_TEXT ("prepared_by", false, 200, "", "đơn vị chuẩn bị: who prepares it (the printed week's column; left out when secret)"), \
    TIME ("modified", false, "when it last changed (iCalendar LAST-MODIFIED)")

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
    SECRET_TEXT ("reason", false, 2000, "", "why (left out when secret)"),
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

static const vp_field_t s_conflict_resolved[] = {
    ID ("entry", true, "the entry whose change ended it"),
    ID ("with", true, "the entry it overlapped"),
    { .name = "kind", .type = VP_F_STR, .required = true, .one_of = s_conflict_kinds, .doc = "person or room" },
    ID ("officer", false, "kind person: the officer who was in both"),
    ID ("room", false, "kind room: the room"),
    TEXT ("title", true, 400, "title of `entry` (a busy block's when secret)"),
    TEXT ("with_title", false, 400, "title of `with`"),
    TIME ("start", true, "start of the overlap as it was told"),
    TIME ("end", true, "end of the overlap as it was told"),
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


static const vp_field_t s_week_published[] = {
    TIME ("week_start", true, "Monday 00:00 in the commune's zone"),
    TIME ("week_end", true, "the next Monday 00:00 (exclusive)"),
    UINT ("week", true, 53, "its ISO week number"),
    UINT ("year", true, 9999, "the year of that week number"),
    UINT ("edition", true, 1000, "1, then 2, ... each time it is published again after a change"),
    ID ("signer", true, "who signs it (an officer of the tenant)"),
    TEXT ("signer_name", true, 200, "the signer's full name"),
    TEXT ("signer_title", true, 200, "chức vụ as printed above the name"),
    { .name = "recipients", .type = VP_F_ARRAY, .item = VP_F_STR, .max = 50, .doc = "nơi nhận, as printed" },
    IDS ("participants", "the officers of the week's entries (chairs and participants), each once"),
    UINT ("entries", true, 0, "entries of the week in this edition"),
    TIME ("published", true, "when"),
    ID ("by", false, "the office head who published it"),
    TEXT ("digest", true, 64, "SHA-256 of the entries' ids and revisions: what this edition printed"),
    { NULL }
};

EVENT (vp_proto_cal_entry_created, "calendar.entry_created", s_entry_created,
       "An entry was put on the schedule (by a command, a Giấy mời, or an assignment with a deadline).");
EVENT (vp_proto_cal_entry_updated, "calendar.entry_updated", s_entry_updated,
       "An entry changed: moved (time or place), participants, or closed (status done).");
EVENT (vp_proto_cal_entry_cancelled, "calendar.entry_cancelled", s_entry_cancelled,
       "An entry was cancelled (status cancelled); it stays for the record and in feeds.");
EVENT (vp_proto_cal_conflict, "calendar.conflict", s_conflict,
       "One person in two overlapping entries (also through two posts they hold), or one room "
       "booked twice; the office head and the people concerned are told.");
EVENT (vp_proto_cal_conflict_resolved, "calendar.conflict_resolved", s_conflict_resolved,
       "A conflict told before is over (an entry moved, cancelled, or the person no longer in it); "
       "told to the office head and the person.");
EVENT (vp_proto_cal_leave_marked, "calendar.leave_marked", s_leave_marked,
       "An officer's entries during a leave were marked with the delegate.");
EVENT (vp_proto_cal_room_set, "calendar.room_set", s_room_set, "A room of the commune was added or changed.");
EVENT (vp_proto_cal_week_published, "calendar.week_published", s_week_published,
       "The office head published a week's Lịch công tác (an edition, with its signer and nơi nhận); "
       "its participants may be told once per edition.");

//  -------------------------------------------------------------- commands
//  Every command names the tenant and the acting officer (an active
//  officer of that tenant); another tenant's entries are not_found.

#define KIND { .name = "kind", .type = VP_F_STR, .one_of = s_kinds, \
               .doc = "meeting (default), work (a work item) or deadline (a reminder: no presence)" }
#define WHAT \
    ID ("body", false, "the body whose entry it is (staffing.body.list)"), \
    ID ("room", false, "a room of the commune (calendar.rooms); clears place"), \
    TEXT ("place", false, 200, "or a place in words; clears room"), \
    ID ("chair", false, "who chairs: an officer, or a post (whoever acts for it at the start)"), \
    IDS ("posts", "posts that take part, each resolved to whoever acts for it at the start"), \
    IDS ("officers", "officers that take part, by name"), \
    TEXT ("note", false, 2000, "ghi chú"), \
    TEXT ("prepared_by", false, 200, "đơn vị chuẩn bị (update: \"\" clears it)"), \
    BOOL ("force", "book the room even when it is taken then (the conflict is published)")

//  A dry run: the form shows the conflicts and asks before saving.
#define CHECK BOOL ("check", "a dry run: store nothing, tell nothing, answer the entry as it would be " \
                              "(a new one as `e-0`) with the person and room conflicts it would have")

static const vp_field_t s_entry_create[] = {
    KIND,
    TEXT ("title", true, 400, "title"),
    TIME ("start", true, "start"),
    TIME ("end", true, "end (after start, at most 31 days later)"),
    WHAT,
    ID ("document", false, "the document it comes from"),
    TEXT ("document_number", false, 64, "that document's number and symbol"),
    SECRECY,
    CHECK,
    { NULL }
};

static const vp_field_t s_entry_update[] = {
    ID ("entry", true, "which entry"),
    TEXT ("title", false, 400, "new title"),
    TIME ("start", false, "new start"),
    TIME ("end", false, "new end"),
    WHAT,
    CHECK,
    { NULL }
};

static const vp_field_t s_entry_cancel[] = {
    ID ("entry", true, "which entry"),
    TEXT ("reason", false, 2000, "why"),
    { NULL }
};

static const vp_field_t s_entry_get[] = { ID ("entry", true, "which entry"), { NULL } };

static const vp_field_t s_entry_result[] = {
    ENTRY_FIELDS,
    { .name = "conflicts", .type = VP_F_ARRAY, .item = VP_F_MAP, .sub = &vp_proto_cal_conflict,
      .doc = "create and update: the entry's conflicts as now booked (each also published as calendar.conflict)" },
    { .name = "changed", .type = VP_F_ARRAY, .item = VP_F_STR, .doc = "update: the fields that changed" },
    BOOL ("checked", "a dry run (check=true): nothing was stored; a room taken is among the conflicts, not refused"),
    { NULL }
};
static const vp_msgdef_t s_entry_reply = {
    .name = "calendar.entry", .kind = VP_KIND_REPLY, .version = 1,
    .doc = "The entry as it now is, as its reader may see it (a busy block when secret above their clearance); "
           "after a create or an update, with its conflicts.", .fields = s_entry_result
};

static const vp_field_t s_list[] = {
    TIME ("from", true, "entries that end after this"),
    TIME ("to", true, "and start before this (at most 366 days after from)"),
    ID ("officer", false, "only this officer's (a participant or the chair)"),
    ID ("body", false, "only this body's"),
    { .name = "status", .type = VP_F_STR, .one_of = s_status,
      .doc = "only this status (default: every status, cancelled included)" },
    KIND,
    UINT ("limit", false, 5000, "at most this many (default 1000)"),
    { NULL }
};

static const vp_field_t s_list_result[] = {
    { .name = "entries", .type = VP_F_ARRAY, .item = VP_F_MAP, .sub = &vp_proto_cal_entry,
      .doc = "in order of start" },
    UINT ("count", true, 0, "how many"),
    BOOL ("more", "more entries than the limit"),
    { NULL }
};
static const vp_msgdef_t s_list_reply = {
    .name = "calendar.list", .kind = VP_KIND_REPLY, .version = 1,
    .doc = "Entries of the commune in a period.", .fields = s_list_result
};

static const vp_field_t s_no_fields[] = { { NULL } };

static const vp_msgdef_t s_room_def = {
    .name = "calendar.room", .kind = VP_KIND_MESSAGE, .version = 1,
    .doc = "A room of the commune.", .fields = s_room_set
};

static const vp_field_t s_rooms_result[] = {
    { .name = "rooms", .type = VP_F_ARRAY, .item = VP_F_MAP, .sub = &s_room_def, .doc = "by id" },
    { NULL }
};
static const vp_msgdef_t s_rooms_reply = {
    .name = "calendar.rooms", .kind = VP_KIND_REPLY, .version = 1,
    .doc = "The rooms of the commune.", .fields = s_rooms_result
};

static const vp_field_t s_week[] = {
    TIME ("date", false, "any day of the week (default: today in the commune's zone)"),
    ID ("body", false, "only this body's entries"),
    ID ("officer", false, "only this officer's entries"),
    { NULL }
};

static const vp_field_t s_day[] = {
    TEXT ("day", true, 16, "Thứ Hai ... Chủ Nhật"),
    TEXT ("date", true, 10, "dd/mm/yyyy in the commune's zone"),
    TIME ("start", true, "its first moment"),
    IDS ("entries", "its entries, in order of start"),
    { NULL }
};
static const vp_msgdef_t s_day_def = {
    .name = "calendar.day", .kind = VP_KIND_MESSAGE, .version = 1,
    .doc = "One day of a weekly schedule.", .fields = s_day
};

static const vp_field_t s_week_result[] = {
    TIME ("week_start", true, "Monday 00:00 in the commune's zone"),
    TIME ("week_end", true, "the next Monday 00:00 (exclusive)"),
    TEXT ("text", true, 0, "for the terminal: aligned columns"),
    TEXT ("html", true, 0, "a printable page (UTF-8)"),
    { .name = "days", .type = VP_F_ARRAY, .item = VP_F_MAP, .sub = &s_day_def, .doc = "Thứ Hai to Chủ Nhật" },
    UINT ("edition", false, 1000, "the commune's week: its latest edition, whose closing block (Nơi nhận, the "
                                  "signer) ends text and page; 0: never published, DỰ THẢO"),
    { NULL }
};
static const vp_msgdef_t s_week_reply = {
    .name = "calendar.week", .kind = VP_KIND_REPLY, .version = 1,
    .doc = "Lịch công tác tuần: the week's entries, cancelled ones left out.", .fields = s_week_result
};

#define WHOSE \
    ID ("officer", false, "an officer's (entries where they take part or chair)"), \
    ID ("body", false, "or a body's (default: the whole commune's)")

static const vp_field_t s_ical[] = { WHOSE, { NULL } };

static const vp_field_t s_ical_result[] = {
    TEXT ("ics", true, 0, "the iCalendar text (RFC 5545)"),
    UINT ("entries", true, 0, "VEVENTs in it"),
    { NULL }
};
static const vp_msgdef_t s_ical_reply = {
    .name = "calendar.ical", .kind = VP_KIND_REPLY, .version = 1,
    .doc = "A feed as its subscribers get it.", .fields = s_ical_result
};

static const vp_field_t s_feed_url[] = {
    WHOSE,
    BOOL ("renew", "make a new secret URL (the old one stops working)"),
    { NULL }
};

static const vp_field_t s_feed_result[] = {
    TEXT ("url", true, 400, "subscribe to this (GET, text/calendar); it is a secret"),
    ID ("officer", false, "whose feed"),
    ID ("body", false, "whose feed"),
    TIME ("created", true, "when this URL was made"),
    { NULL }
};
static const vp_msgdef_t s_feed_reply = {
    .name = "calendar.feed.url", .kind = VP_KIND_REPLY, .version = 1,
    .doc = "The secret subscription URL of a feed.", .fields = s_feed_result
};

static const vp_field_t s_feed_revoke[] = { WHOSE, { NULL } };

static const vp_field_t s_publish[] = {
    TIME ("date", true, "any day of the week, in the commune's zone"),
    ID ("signer", true, "who signs (an active officer of the tenant)"),
    TEXT ("signer_title", false, 200, "chức vụ above the name (default: the title of the signer's first post)"),
    { .name = "recipients", .type = VP_F_ARRAY, .item = VP_F_STR, .max = 50,
      .doc = "nơi nhận, one line each (default: Thường trực Đảng ủy; Thường trực HĐND, UBND; Các cơ quan, đoàn thể xã; Lưu: VP.)" },
    { NULL }
};

static const vp_field_t s_edition_args[] = {
    TIME ("date", true, "any day of the week, in the commune's zone"),
    UINT ("edition", false, 1000, "that edition (default: the latest)"),
    { NULL }
};

static const vp_field_t s_edition_result[] = {
    TIME ("week_start", true, "Monday 00:00 in the commune's zone"),
    TIME ("week_end", true, "the next Monday 00:00 (exclusive)"),
    UINT ("week", true, 53, "its ISO week number"),
    UINT ("year", true, 9999, "the year of that week number"),
    UINT ("edition", true, 1000, "0: never published (a draft, Dự thảo)"),
    ID ("signer", false, "who signed it"),
    TEXT ("signer_name", false, 200, "the signer's full name"),
    TEXT ("signer_title", false, 200, "chức vụ above the name"),
    { .name = "recipients", .type = VP_F_ARRAY, .item = VP_F_STR, .doc = "nơi nhận" },
    ID ("by", false, "the office head who published it"),
    TIME ("published", false, "when"),
    UINT ("entries", false, 0, "entries of the week in that edition"),
    BOOL ("changed", "the week's entries changed since that edition (publish again for the next)"),
    BOOL ("unchanged", "publish: nothing changed since the latest edition, which is answered (no event)"),
    { NULL }
};
static const vp_msgdef_t s_edition_reply = {
    .name = "calendar.week.edition", .kind = VP_KIND_REPLY, .version = 1,
    .doc = "An edition of a week's Lịch công tác (edition 0: not published).", .fields = s_edition_result
};

#define COMMAND(var, n, f, r, d) \
    const vp_msgdef_t var = { .name = n, .kind = VP_KIND_COMMAND, .version = 1, .doc = d, .fields = f, .reply = r }

COMMAND (vp_proto_cal_entry_create, "calendar.entry.create", s_entry_create, &s_entry_reply,
         "Put a meeting or work item on the schedule; a person booked twice is told (not refused), "
         "a room booked twice is refused unless force.");
COMMAND (vp_proto_cal_entry_update, "calendar.entry.update", s_entry_update, &s_entry_reply,
         "Change an entry: sequence + 1; moved when its time or place changes; conflicts checked again.");
COMMAND (vp_proto_cal_entry_cancel, "calendar.entry.cancel", s_entry_cancel, &s_entry_reply,
         "Cancel an entry (it stays, cancelled, for the record and the feeds).");
COMMAND (vp_proto_cal_entry_get, "calendar.entry.get", s_entry_get, &s_entry_reply, "An entry.");
COMMAND (vp_proto_cal_list, "calendar.list", s_list, &s_list_reply,
         "Entries of the commune, an officer or a body that overlap a period.");
COMMAND (vp_proto_cal_rooms, "calendar.rooms", s_no_fields, &s_rooms_reply,
         "The rooms of the commune (every commune starts with hoi-truong and phong-hop-1).");
COMMAND (vp_proto_cal_room_set_cmd, "calendar.room.set", s_room_set, &s_rooms_reply,
         "Add a room, rename it, or take it out of use (active=false).");
COMMAND (vp_proto_cal_week, "calendar.week", s_week, &s_week_reply,
         "Lịch công tác tuần of the commune, a body or an officer: text and a printable page.");
COMMAND (vp_proto_cal_week_publish, "calendar.week.publish", s_publish, &s_edition_reply,
         "The office head publishes a week: its next edition (who, when, the signer, nơi nhận) and "
         "calendar.week_published; nothing changed since the latest edition: that one, no event.");
COMMAND (vp_proto_cal_week_edition, "calendar.week.edition", s_edition_args, &s_edition_reply,
         "A week's edition as printed under it (the latest by default; edition 0 when a draft).");
COMMAND (vp_proto_cal_ical, "calendar.ical", s_ical, &s_ical_reply,
         "The iCalendar feed of an officer, a body or the commune.");
COMMAND (vp_proto_cal_feed_url, "calendar.feed.url", s_feed_url, &s_feed_reply,
         "The secret URL a phone's calendar subscribes to (made once, kept; renew for a new one).");
COMMAND (vp_proto_cal_feed_revoke, "calendar.feed.revoke", s_feed_revoke, &s_feed_reply,
         "Revoke a feed's URL: it answers 404 from then on.");

static const vp_msgdef_t *const s_defs[] = {
    &s_participant_def, &vp_proto_cal_entry, &s_room_def, &s_day_def,
    &vp_proto_cal_entry_created, &vp_proto_cal_entry_updated, &vp_proto_cal_entry_cancelled,
    &vp_proto_cal_conflict, &vp_proto_cal_conflict_resolved, &vp_proto_cal_leave_marked, &vp_proto_cal_room_set,
    &vp_proto_cal_week_published,
    &vp_proto_cal_entry_create, &vp_proto_cal_entry_update, &vp_proto_cal_entry_cancel,
    &vp_proto_cal_entry_get, &s_entry_reply, &vp_proto_cal_list, &s_list_reply,
    &vp_proto_cal_rooms, &vp_proto_cal_room_set_cmd, &s_rooms_reply,
    &vp_proto_cal_week, &s_week_reply, &vp_proto_cal_week_publish, &vp_proto_cal_week_edition, &s_edition_reply,
    &vp_proto_cal_ical, &s_ical_reply,
    &vp_proto_cal_feed_url, &vp_proto_cal_feed_revoke, &s_feed_reply,
    NULL
};

const vp_proto_module_t vp_proto_calendar = {
    .name = "calendar",
    .doc = "vp-calendar (commands on `VP_CALENDAR_CMD`, events on stream `calendar`): one schedule "
           "for every body of a commune.",
    .defs = s_defs
};
