/*  cal_events - documents.* and staffing.* events -> entries. */
#include <stdint.h>
#include <string.h>
#include "cal_entry.h"
#include "cal_events.h"
#include "cal_room.h"
#include "vp/vp_fields.h"

//  A deadline item: this long, ending at the deadline.
#define S_DEADLINE_ITEM_MS ((int64_t) 30 * 60000)
//  Most entries one leave_marked names (the event's list holds 200).
#define S_MARKED_MAX 200

//  --------------------------------------------------------------------------
//  Invitations

//  A new entry made from an event of a document (data: its document,
//  number and urgency): linked back to it, numbered and booked; its
//  conflicts published when check (a room taken is booked anyway: the
//  document has arrived).
static int
s_make (cal_service_t *self, const char *tenant, vp_val_t *entry, const vp_val_t *data, const char *source,
        bool check, vp_err_t *err)
{
    char id[CAL_ID_MAX], number[65];
    vp_map_put_str (entry, VP_K_DOCUMENT, vp_map_str (data, VP_K_DOCUMENT));
    vp_map_put_str (entry, VP_K_DOCUMENT_NUMBER, cal_cut (number, sizeof number, vp_map_str (data, VP_K_NUMBER)));
    if (vp_map_str (data, VP_K_URGENCY))
        vp_map_put_str (entry, VP_K_URGENCY, vp_map_str (data, VP_K_URGENCY));
    //  A secret document's entry is a busy block to whoever is not
    //  cleared for it (cal_entry_mask); its text never came here.
    if (vp_secrecy_of (data) != VP_SECRECY_NONE)
        vp_map_put_str (entry, VP_K_SECRECY, vp_map_str (data, VP_K_SECRECY));
    vp_map_put_str (entry, VP_K_STATUS, "planned");
    vp_map_put_int (entry, VP_K_SEQUENCE, 0);
    vp_map_put_str (entry, VP_K_SOURCE, source);
    vp_map_put_int (entry, VP_K_MODIFIED, vp_clock_now ());
    if (vp_service_next_id (self->service, tenant, "e", id, sizeof id, err))
        return -1;
    vp_map_put_str (entry, VP_K_ENTRY, id);
    return cal_entry_book (self, NULL, tenant, entry, "entry_created", NULL, check, true, NULL, err);
}

//  documents.registered with a meeting: the meeting entry, once.
static int
s_registered (void *arg, const vp_val_t *env, const char *tenant, const vp_val_t *data, vp_err_t *err)
{
    cal_service_t *self = (cal_service_t *) arg;
    const vp_val_t *meeting = vp_map_get (data, VP_K_MEETING);
    const char *document = vp_map_str (data, VP_K_DOCUMENT);
    if (!meeting)
        return 0;
    vp_val_t *made = cal_entry_of_source (self, tenant, "invitation", document);
    if (made) {
        vp_info ("%s: the invitation %s is entry %s already", tenant, document, vp_map_str (made, VP_K_ENTRY));
        vp_val_destroy (&made);
        return 0;
    }
    char zone[64], title[401], place[201], skipped[1200] = "", note[2001];
    int64_t start = vp_map_int (meeting, VP_K_START, 0), end = vp_map_int (meeting, VP_K_END, 0);
    if (cal_entry_times (start, end, cal_zone (self, tenant, zone), err))
        return -1;
    vp_val_t *entry = vp_val_map ();
    vp_map_put_str (entry, VP_K_KIND, "meeting");
    vp_map_put_str (entry, VP_K_TITLE, vp_secrecy_of (data) != VP_SECRECY_NONE
                                  ? VP_SECRET_MEETING : cal_cut (title, sizeof title, vp_map_str (data, VP_K_SUMMARY)));
    const char *body = vp_map_str (data, VP_K_RECEIVING_BODY);
    if (body && cal_body_check (self, tenant, body, NULL) == 0)
        vp_map_put_str (entry, VP_K_BODY, body);
    vp_map_put_int (entry, VP_K_START, start);
    vp_map_put_int (entry, VP_K_END, end);
    const char *where = vp_map_str (meeting, VP_K_PLACE);
    if (cal_room_is (self, tenant, where))
        vp_map_put_str (entry, VP_K_ROOM, where);
    else
        vp_map_put_str (entry, VP_K_PLACE, cal_cut (place, sizeof place, where));
    cal_people_t people = {
        .posts = vp_map_get (meeting, VP_K_INVITED_POSTS), .officers = vp_map_get (meeting, VP_K_INVITED_OFFICERS)
    };
    int rc = cal_entry_people (self, tenant, start, &people, entry, skipped, sizeof skipped, err);
    if (rc == 0 && *skipped) {
        //  Said on the entry, so that the office head sees who is missing.
        char line[1300];
        snprintf (line, sizeof line, "Không xác định được người dự: %s", skipped);
        vp_map_put_str (entry, VP_K_NOTE, cal_cut (note, sizeof note, line));
        vp_warn ("%s: invitation %s: %s", tenant, document, skipped);
    }
    if (rc == 0)
        rc = s_make (self, tenant, entry, data, "invitation", true, err);
    vp_val_destroy (&entry);
    return rc;
}

//  --------------------------------------------------------------------------
//  Deadline items

static void
s_deadline_time (vp_val_t *entry, int64_t deadline)
{
    vp_map_put_int (entry, VP_K_START, deadline - S_DEADLINE_ITEM_MS);
    vp_map_put_int (entry, VP_K_END, deadline);
}

//  One participant: officer through post (or NULL) on behalf of (or NULL).
static void
s_assignee (cal_service_t *self, vp_val_t *entry, const char *officer, const char *post, const char *on_behalf_of)
{
    vp_val_t *participants = vp_val_array ();
    vp_array_push (participants, cal_entry_participant (self, officer, post, on_behalf_of,
                                                        vp_map_int (entry, VP_K_START, 0)));
    vp_map_put (entry, VP_K_PARTICIPANTS, participants);
}

//  documents.assigned: the item made, or moved to the new officer.
static int
s_assigned (void *arg, const vp_val_t *env, const char *tenant, const vp_val_t *data, vp_err_t *err)
{
    cal_service_t *self = (cal_service_t *) arg;
    const char *document = vp_map_str (data, VP_K_DOCUMENT);
    int64_t deadline = vp_map_int (data, VP_K_DEADLINE, 0);
    bool has_deadline = vp_map_get (data, VP_K_DEADLINE) != NULL;
    vp_val_t *before = cal_entry_of_source (self, tenant, "assignment", document);
    if (!before && !has_deadline)
        return 0;
    if (has_deadline && vp_proto_time_check (deadline, "deadline", err)) {
        vp_val_destroy (&before);
        return -1;
    }
    vp_val_t *entry = before ? vp_val_dup (before) : vp_val_map ();
    int rc = 0;
    if (has_deadline)
        s_deadline_time (entry, deadline);
    s_assignee (self, entry, vp_map_str (data, VP_K_OFFICER), vp_map_str (data, VP_K_POST),
                vp_map_str (data, VP_K_ON_BEHALF_OF));
    if (before) {
        //  Handed on: the same item moves to the new officer, open again.
        const char *was = vp_map_str (before, VP_K_STATUS);
        if (strcmp (was, "done") == 0 || strcmp (was, "cancelled") == 0)
            vp_map_put_str (entry, VP_K_STATUS, "planned");
        rc = cal_entry_revise (self, NULL, tenant, before, entry, false, NULL, NULL, err);
    }
    else {
        char title[401], line[2200];
        if (vp_secrecy_of (data) != VP_SECRECY_NONE)
            snprintf (line, sizeof line, "Hạn xử lý văn bản mật %s", vp_map_str (data, VP_K_NUMBER));
        else
            snprintf (line, sizeof line, "Hạn xử lý văn bản %s: %s", vp_map_str (data, VP_K_NUMBER),
                      vp_map_str (data, VP_K_SUMMARY));
        vp_map_put_str (entry, VP_K_KIND, "deadline");
        vp_map_put_str (entry, VP_K_TITLE, cal_cut (title, sizeof title, line));
        rc = s_make (self, tenant, entry, data, "assignment", false, err);
    }
    vp_val_destroy (&before);
    vp_val_destroy (&entry);
    return rc;
}

//  documents.deadline_changed: the item moves (to the officer named).
static int
s_deadline_changed (void *arg, const vp_val_t *env, const char *tenant, const vp_val_t *data, vp_err_t *err)
{
    cal_service_t *self = (cal_service_t *) arg;
    vp_val_t *before = cal_entry_of_source (self, tenant, "assignment", vp_map_str (data, VP_K_DOCUMENT));
    if (!before)
        return 0;
    int64_t deadline = vp_map_int (data, VP_K_DEADLINE, 0);
    int rc = -1;
    vp_val_t *entry = vp_val_dup (before);
    if (vp_proto_time_check (deadline, "deadline", err) == 0) {
        s_deadline_time (entry, deadline);
        const char *officer = vp_map_str (data, VP_K_OFFICER);
        const vp_val_t *now = vp_array_at (vp_map_get (before, VP_K_PARTICIPANTS), 0);
        if (officer && (!now || strcmp (vp_map_str (now, VP_K_OFFICER), officer) != 0))
            s_assignee (self, entry, officer, NULL, NULL);
        rc = cal_entry_revise (self, NULL, tenant, before, entry, false, NULL, NULL, err);
    }
    vp_val_destroy (&before);
    vp_val_destroy (&entry);
    return rc;
}

//  documents.status_changed: done, returned, forwarded, archived.
static int
s_status_changed (void *arg, const vp_val_t *env, const char *tenant, const vp_val_t *data, vp_err_t *err)
{
    cal_service_t *self = (cal_service_t *) arg;
    const char *status = vp_map_str (data, VP_K_STATUS);
    vp_val_t *before = cal_entry_of_source (self, tenant, "assignment", vp_map_str (data, VP_K_DOCUMENT));
    if (!before)
        return 0;
    const char *was = vp_map_str (before, VP_K_STATUS);
    bool open = strcmp (was, "done") != 0 && strcmp (was, "cancelled") != 0;
    vp_val_t *entry = vp_val_dup (before);
    int rc = 0;
    if (open && (strcmp (status, "done") == 0 || strcmp (status, "archived") == 0)) {
        vp_map_put_str (entry, VP_K_STATUS, "done");
        rc = cal_entry_revise (self, NULL, tenant, before, entry, false, NULL, NULL, err);
    }
    else
    if (open && strcmp (status, "forwarded") == 0) {
        const char *to = vp_map_str (data, VP_K_TO_BODY), *note = vp_map_str (data, VP_K_NOTE);
        char reason[600];
        snprintf (reason, sizeof reason, "văn bản đã chuyển cho %s%s%s", to ? to : "cơ quan khác",
                  note ? ": " : "", note ? note : "");
        rc = cal_entry_cancel (self, NULL, tenant, entry, reason, err);
    }
    else
    if (strcmp (status, "returned") == 0 && vp_map_str (data, VP_K_OFFICER) && strcmp (was, "cancelled") != 0) {
        vp_map_put_str (entry, VP_K_STATUS, "planned");
        s_assignee (self, entry, vp_map_str (data, VP_K_OFFICER), NULL, NULL);
        rc = cal_entry_revise (self, NULL, tenant, before, entry, false, NULL, NULL, err);
    }
    vp_val_destroy (&before);
    vp_val_destroy (&entry);
    return rc;
}

//  --------------------------------------------------------------------------
//  Staffing

static int
s_tenant_created (void *arg, const vp_val_t *env, const char *tenant, const vp_val_t *data, vp_err_t *err)
{
    cal_service_t *self = (cal_service_t *) arg;
    return cal_room_defaults (self, tenant, err);
}

//  The ids of officer's entries in [from, to) not cancelled, by start
//  (only those marked with leave, when given).
static vp_val_t *
s_entries_of (cal_service_t *self, const char *tenant, const char *officer, int64_t from, int64_t to,
              const char *leave, vp_err_t *err)
{
    cal_query_t q = {
        .from = from, .to = to, .officer = officer, .leave = leave, .live = true, .limit = INT32_MAX - 1
    };
    vp_val_t *entries = cal_entry_list (self, tenant, &q, NULL, err);
    vp_val_t *ids = entries ? vp_val_array () : NULL;
    for (size_t i = 0; i < vp_val_len (entries); i++)
        vp_array_push (ids, vp_val_str (vp_map_str (vp_array_at (entries, i), VP_K_ENTRY)));
    vp_val_destroy (&entries);
    return ids;
}

//  staffing.leave_started: mark the officer's entries of the period.
static int
s_leave_started (void *arg, const vp_val_t *env, const char *tenant, const vp_val_t *data, vp_err_t *err)
{
    cal_service_t *self = (cal_service_t *) arg;
    const char *officer = vp_map_str (data, VP_K_OFFICER);
    const char *delegate = vp_map_str (data, VP_K_DELEGATE);
    const char *leave = vp_map_str (data, VP_K_LEAVE);
    int64_t from = vp_map_int (data, VP_K_FROM, 0), to = vp_map_int (data, VP_K_TO, 0);
    vp_val_t *ids = s_entries_of (self, tenant, officer, from, to, NULL, err);
    if (!ids)
        return -1;
    sqlite3_stmt *mark = vp_db_cached (self->db,
        "UPDATE cal_participant SET delegate = ?4, leave = ?5 WHERE tenant = ?1 AND entry = ?2 AND officer = ?3", err);
    sqlite3_stmt *bump = vp_db_cached (self->db,
        "UPDATE cal_entry SET sequence = sequence + 1, modified = ?3 WHERE tenant = ?1 AND entry = ?2", err);
    int rc = mark && bump ? 0 : -1;
    vp_val_t *marked = vp_val_array ();
    for (size_t i = 0; rc == 0 && i < vp_val_len (ids); i++) {
        const char *entry = vp_val_get_str (vp_array_at (ids, i));
        sqlite3_bind_text (mark, 1, tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (mark, 2, entry, -1, SQLITE_STATIC);
        sqlite3_bind_text (mark, 3, officer, -1, SQLITE_STATIC);
        sqlite3_bind_text (mark, 4, delegate, -1, SQLITE_STATIC);
        sqlite3_bind_text (mark, 5, leave, -1, SQLITE_STATIC);
        rc = sqlite3_step (mark) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "mark");
        sqlite3_reset (mark);
        sqlite3_bind_text (bump, 1, tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (bump, 2, entry, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (bump, 3, vp_clock_now ());
        if (rc == 0)
            rc = sqlite3_step (bump) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "mark");
        sqlite3_reset (bump);
        if (vp_val_len (marked) < S_MARKED_MAX)
            vp_array_push (marked, vp_val_str (entry));
    }
    if (rc == 0 && vp_val_len (ids) > 0) {
        vp_val_t *event = vp_val_map ();
        vp_map_put_str (event, VP_K_OFFICER, officer);
        vp_map_put_str (event, VP_K_DELEGATE, delegate);
        vp_map_put_str (event, VP_K_LEAVE, leave);
        vp_map_put_int (event, VP_K_FROM, from);
        vp_map_put_int (event, VP_K_TO, to);
        vp_map_put (event, VP_K_ENTRIES, marked);
        marked = NULL;
        rc = vp_service_emit (self->service, NULL, tenant, "leave_marked", event, err);
    }
    vp_val_destroy (&marked);
    vp_val_destroy (&ids);
    return rc;
}

//  staffing.leave_ended: back earlier; entries from then on are theirs again.
static int
s_leave_ended (void *arg, const vp_val_t *env, const char *tenant, const vp_val_t *data, vp_err_t *err)
{
    cal_service_t *self = (cal_service_t *) arg;
    const char *officer = vp_map_str (data, VP_K_OFFICER);
    const char *leave = vp_map_str (data, VP_K_LEAVE);
    int64_t back = vp_map_int (data, VP_K_TO, 0);
    vp_val_t *ids = s_entries_of (self, tenant, officer, back, CAL_TIME_MAX, leave, err);
    int rc = ids ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < vp_val_len (ids); i++) {
        vp_val_t *before = cal_entry_load (self, tenant, vp_val_get_str (vp_array_at (ids, i)));
        if (!before || vp_map_int (before, VP_K_START, 0) < back) {
            vp_val_destroy (&before);
            continue;
        }
        vp_val_t *entry = vp_val_dup (before);
        vp_val_t *participants = vp_map_get (entry, VP_K_PARTICIPANTS);
        for (size_t k = 0; k < vp_val_len (participants); k++) {
            vp_val_t *p = vp_array_at (participants, k);
            if (strcmp (vp_map_str (p, VP_K_OFFICER), officer) == 0) {
                vp_val_t *gone = vp_map_take (p, VP_K_DELEGATE);
                vp_val_destroy (&gone);
                gone = vp_map_take (p, VP_K_LEAVE);
                vp_val_destroy (&gone);
            }
        }
        rc = cal_entry_revise (self, NULL, tenant, before, entry, false, NULL, NULL, err);
        vp_val_destroy (&before);
        vp_val_destroy (&entry);
    }
    vp_val_destroy (&ids);
    return rc;
}

//  --------------------------------------------------------------------------
//  What cannot be placed (a meeting of 40 days, a deadline out of range,
//  from an event logged before vp-documents refused them) fails with its
//  reason: vp_service parks it and tells it (calendar.event_failed); a
//  database that fails is tried again.

const vp_handler_t cal_events[] = {
    { VP_T_DOCUMENTS_REGISTERED, s_registered },
    { VP_T_DOCUMENTS_ASSIGNED, s_assigned },
    { VP_T_DOCUMENTS_DEADLINE_CHANGED, s_deadline_changed },
    { VP_T_DOCUMENTS_STATUS_CHANGED, s_status_changed },
    { VP_T_STAFFING_TENANT_CREATED, s_tenant_created },
    { VP_T_STAFFING_LEAVE_STARTED, s_leave_started },
    { VP_T_STAFFING_LEAVE_ENDED, s_leave_ended },
    { NULL }
};
