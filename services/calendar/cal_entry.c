/*  cal_entry - storage, and calendar.entry.create|update|cancel|get and
    calendar.list. Who takes part is cal_people's,
    what a viewer not cleared for an entry sees cal_mask's.

    A person booked twice is not refused: the entry is made and the reply
    and the bus carry the conflict, so the office head and the people
    concerned sort it out (the person may go to one and send someone to
    the other). A room booked twice is refused unless force=true, because
    a room cannot be in two meetings. calendar.list gives cancelled
    entries too, with their status, unless a status is asked for: the
    record of what was planned stays visible.
*/
#include <stdio.h>
#include <string.h>
#include "cal_conflict.h"
#include "cal_entry.h"
#include "cal_room.h"
#include "vp/vp_fields.h"

#define S_LIST_LIMIT 1000
#define S_LIST_PERIOD_MAX (366 * CAL_DAY_MS)

//  --------------------------------------------------------------------------
//  Storage

bool
cal_entry_busy (const char *kind, const char *status)
{
    return kind && strcmp (kind, "deadline") != 0
        && status && (strcmp (status, "planned") == 0 || strcmp (status, "moved") == 0);
}

static void
s_put_col (vp_val_t *map, const char *key, sqlite3_stmt *stmt, int col)
{
    int type = sqlite3_column_type (stmt, col);
    if (type == SQLITE_INTEGER)
        vp_map_put_int (map, key, sqlite3_column_int64 (stmt, col));
    else
    if (type != SQLITE_NULL)
        vp_map_put_str (map, key, (const char *) sqlite3_column_text (stmt, col));
}

static void
s_bind_opt (sqlite3_stmt *stmt, int index, const char *text)
{
    if (text)
        sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null (stmt, index);
}

static vp_val_t *
s_participants (cal_service_t *self, const char *tenant, const char *entry)
{
    vp_val_t *participants = vp_val_array ();
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT officer, post, on_behalf_of, delegate, leave FROM cal_participant"
        " WHERE tenant = ?1 AND entry = ?2 ORDER BY ord", NULL);
    if (!stmt)
        return participants;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, entry, -1, SQLITE_STATIC);
    static const char *const keys[] = { "officer", "post", "on_behalf_of", "delegate", "leave" };
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        vp_val_t *p = vp_val_map ();
        for (int i = 0; i < 5; i++)
            s_put_col (p, keys[i], stmt, i);
        vp_array_push (participants, p);
    }
    sqlite3_reset (stmt);
    return participants;
}

//  The columns of cal_entry in the order of calendar.entry (participants
//  go after chair_post), as the SELECTs below list them.
#define S_COLUMNS "entry, kind, title, body, start, end, room, place, chair, chair_post," \
                  " document, document_number, urgency, status, sequence, source, note, modified, secrecy, prepared_by"

static vp_val_t *
s_entry_row (cal_service_t *self, const char *tenant, sqlite3_stmt *stmt)
{
    static const char *const keys[] = {
        "entry", "kind", "title", "body", "start", "end", "room", "place", "chair", "chair_post",
        "document", "document_number", "urgency", "status", "sequence", "source", "note", "modified",
        "secrecy", "prepared_by", NULL
    };
    vp_val_t *entry = vp_val_map ();
    for (int i = 0; keys[i]; i++) {
        s_put_col (entry, keys[i], stmt, i);
        if (strcmp (keys[i], "chair_post") == 0)
            vp_map_put (entry, VP_K_PARTICIPANTS,
                        s_participants (self, tenant, (const char *) sqlite3_column_text (stmt, 0)));
    }
    return entry;
}

vp_val_t *
cal_entry_load (cal_service_t *self, const char *tenant, const char *entry)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT " S_COLUMNS " FROM cal_entry WHERE tenant = ?1 AND entry = ?2", NULL);
    if (!stmt)
        return NULL;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, entry, -1, SQLITE_STATIC);
    vp_val_t *row = sqlite3_step (stmt) == SQLITE_ROW ? s_entry_row (self, tenant, stmt) : NULL;
    sqlite3_reset (stmt);
    return row;
}

vp_val_t *
cal_entry_of_source (cal_service_t *self, const char *tenant, const char *source, const char *document)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT entry FROM cal_entry WHERE tenant = ?1 AND source = ?2 AND document = ?3"
        " AND source != 'command'", NULL);
    if (!stmt)
        return NULL;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, source, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, document, -1, SQLITE_STATIC);
    char entry[CAL_ID_MAX] = "";
    if (sqlite3_step (stmt) == SQLITE_ROW)
        snprintf (entry, sizeof entry, "%s", (const char *) sqlite3_column_text (stmt, 0));
    sqlite3_reset (stmt);
    return *entry ? cal_entry_load (self, tenant, entry) : NULL;
}

int64_t
cal_entry_span (cal_service_t *self, const char *tenant)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db, "SELECT max_ms FROM cal_span WHERE tenant = ?1", NULL);
    if (!stmt)
        return CAL_SPAN_MAX;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    int64_t span = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
    sqlite3_reset (stmt);
    return span;
}

static int
s_store_row (cal_service_t *self, const char *tenant, const vp_val_t *entry, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT INTO cal_entry (tenant, " S_COLUMNS ", created)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?19)"
        " ON CONFLICT (tenant, entry) DO UPDATE SET kind = ?3, title = ?4, body = ?5, start = ?6, end = ?7,"
        " room = ?8, place = ?9, chair = ?10, chair_post = ?11, document = ?12, document_number = ?13,"
        " urgency = ?14, status = ?15, sequence = ?16, source = ?17, note = ?18, modified = ?19,"
        " secrecy = ?20, prepared_by = ?21", err);
    if (!stmt)
        return -1;
    static const char *const texts[] = {
        "entry", "kind", "title", "body", NULL, NULL, "room", "place", "chair", "chair_post",
        "document", "document_number", "urgency", "status", NULL, "source", "note"
    };
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    for (int i = 0; i < 17; i++)
        if (texts[i])
            s_bind_opt (stmt, i + 2, vp_map_str (entry, texts[i]));
    sqlite3_bind_int64 (stmt, 6, vp_map_int (entry, VP_K_START, 0));
    sqlite3_bind_int64 (stmt, 7, vp_map_int (entry, VP_K_END, 0));
    sqlite3_bind_int64 (stmt, 16, vp_map_int (entry, VP_K_SEQUENCE, 0));
    sqlite3_bind_int64 (stmt, 19, vp_map_int (entry, VP_K_MODIFIED, vp_clock_now ()));
    s_bind_opt (stmt, 20, vp_map_str (entry, VP_K_SECRECY));
    s_bind_opt (stmt, 21, vp_map_str (entry, VP_K_PREPARED_BY));
    int rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "entry");
    sqlite3_reset (stmt);
    return rc;
}

static int
s_store_participants (cal_service_t *self, const char *tenant, const vp_val_t *entry, vp_err_t *err)
{
    const char *id = vp_map_str (entry, VP_K_ENTRY);
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "DELETE FROM cal_participant WHERE tenant = ?1 AND entry = ?2", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "participants");
    sqlite3_reset (stmt);
    stmt = rc ? NULL : vp_db_cached (self->db,
        "INSERT INTO cal_participant (tenant, entry, officer, ord, post, on_behalf_of, delegate, leave,"
        " start, end, busy) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", err);
    bool busy = cal_entry_busy (vp_map_str (entry, VP_K_KIND), vp_map_str (entry, VP_K_STATUS));
    const vp_val_t *participants = vp_map_get (entry, VP_K_PARTICIPANTS);
    for (size_t i = 0; stmt && rc == 0 && i < vp_val_len (participants); i++) {
        const vp_val_t *p = vp_array_at (participants, i);
        sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 3, vp_map_str (p, VP_K_OFFICER), -1, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 4, (int64_t) i);
        s_bind_opt (stmt, 5, vp_map_str (p, VP_K_POST));
        s_bind_opt (stmt, 6, vp_map_str (p, VP_K_ON_BEHALF_OF));
        s_bind_opt (stmt, 7, vp_map_str (p, VP_K_DELEGATE));
        s_bind_opt (stmt, 8, vp_map_str (p, VP_K_LEAVE));
        sqlite3_bind_int64 (stmt, 9, vp_map_int (entry, VP_K_START, 0));
        sqlite3_bind_int64 (stmt, 10, vp_map_int (entry, VP_K_END, 0));
        sqlite3_bind_int (stmt, 11, busy);
        rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "participant");
        sqlite3_reset (stmt);
    }
    return stmt ? rc : -1;
}

int
cal_entry_store (cal_service_t *self, const char *tenant, const vp_val_t *entry, vp_err_t *err)
{
    if (s_store_row (self, tenant, entry, err) || s_store_participants (self, tenant, entry, err))
        return -1;
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT INTO cal_span (tenant, max_ms) VALUES (?1, ?2)"
        " ON CONFLICT (tenant) DO UPDATE SET max_ms = max (max_ms, excluded.max_ms)", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 2, vp_map_int (entry, VP_K_END, 0) - vp_map_int (entry, VP_K_START, 0));
    int rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "span");
    sqlite3_reset (stmt);
    return rc;
}

//  --------------------------------------------------------------------------
//  Booking

int
cal_entry_book (cal_service_t *self, vp_cmdctx_t *ctx, const char *tenant, const vp_val_t *entry,
                const char *event, const vp_val_t *extra, bool check, bool force,
                vp_val_t *conflicts, vp_err_t *err)
{
    vp_val_t *found = vp_val_array ();
    int rc = check ? cal_conflict_find (self, tenant, entry, found, err) : 0;
    for (size_t i = 0; rc == 0 && !force && i < vp_val_len (found); i++) {
        const vp_val_t *c = vp_array_at (found, i);
        if (strcmp (vp_map_str (c, VP_K_KIND), "room") == 0) {
            char zone[64], from[32], to[32];
            cal_zone (self, tenant, zone);
            vp_time_format (vp_map_int (c, VP_K_START, 0), zone, "%d/%m/%Y %H:%M", from, sizeof from);
            vp_time_format (vp_map_int (c, VP_K_END, 0), zone, "%H:%M", to, sizeof to);
            rc = vp_err_set (err, VP_E_ALREADY_EXISTS, VP_K_ROOM,
                             "room \"%s\" is booked %s–%s by entry \"%s\" (%s); give force=true to book it anyway",
                             vp_map_str (c, VP_K_ROOM), from, to, vp_map_str (c, VP_K_WITH), vp_map_str (c, VP_K_WITH_TITLE));
        }
    }
    vp_val_t *data = vp_val_dup (entry);
    if (extra)
        vp_map_put_all (data, extra);
    if (rc == 0)
        rc = cal_entry_store (self, tenant, entry, err);
    if (rc == 0)
        rc = vp_service_emit (self->service, ctx, tenant, event, data, err);
    else
        vp_val_destroy (&data);
    for (size_t i = 0; rc == 0 && i < vp_val_len (found); i++) {
        vp_val_t *c = vp_array_at (found, i);
        if (strcmp (vp_map_str (c, VP_K_KIND), "room") == 0)
            vp_map_put_bool (c, VP_K_FORCED, true);
        if (conflicts)
            vp_array_push (conflicts, vp_val_dup (c));
    }
    //  Checked (or cancelled: none now): what changed in its conflicts is
    //  told, what stands is not told again.
    bool cancelled = strcmp (vp_map_str (entry, VP_K_STATUS), "cancelled") == 0;
    if (rc == 0 && (check || cancelled))
        rc = cal_conflict_publish (self, ctx, tenant, entry, found, err);
    vp_val_destroy (&found);
    return rc;
}

//  Does key differ between a and b (absent counts as a value)?
static bool
s_differs (const vp_val_t *a, const vp_val_t *b, const char *key)
{
    const vp_val_t *x = vp_map_get (a, key), *y = vp_map_get (b, key);
    if (!x || !y)
        return x != y;
    char *jx = vp_val_to_json (x), *jy = vp_val_to_json (y);
    bool differs = strcmp (jx, jy) != 0;
    free (jx);
    free (jy);
    return differs;
}

int
cal_entry_revise (cal_service_t *self, vp_cmdctx_t *ctx, const char *tenant, const vp_val_t *before,
                  vp_val_t *after, bool force, vp_val_t *conflicts, vp_val_t *changed, vp_err_t *err)
{
    static const char *const keys[] = {
        "title", "body", "start", "end", "room", "place", "chair", "participants", "note", "status",
        "prepared_by", NULL
    };
    bool timed = s_differs (before, after, "start") || s_differs (before, after, "end");
    bool where = timed || s_differs (before, after, "room") || s_differs (before, after, "place");
    if (where && strcmp (vp_map_str (after, VP_K_STATUS), "planned") == 0)
        vp_map_put_str (after, VP_K_STATUS, "moved");
    vp_val_t *list = vp_val_array ();
    for (int i = 0; keys[i]; i++)
        if (s_differs (before, after, keys[i]))
            vp_array_push (list, vp_val_str (keys[i]));
    if (changed)
        for (size_t i = 0; i < vp_val_len (list); i++)
            vp_array_push (changed, vp_val_dup (vp_array_at (list, i)));
    if (vp_val_len (list) == 0) {
        vp_val_destroy (&list);
        vp_map_put_str (after, VP_K_STATUS, vp_map_str (before, VP_K_STATUS));
        return 0;
    }
    vp_map_put_int (after, VP_K_SEQUENCE, vp_map_int (before, VP_K_SEQUENCE, 0) + 1);
    vp_map_put_int (after, VP_K_MODIFIED, vp_clock_now ());
    vp_val_t *extra = vp_val_map ();
    vp_map_put (extra, VP_K_CHANGED, list);
    if (timed) {
        vp_map_put_int (extra, VP_K_PREVIOUS_START, vp_map_int (before, VP_K_START, 0));
        vp_map_put_int (extra, VP_K_PREVIOUS_END, vp_map_int (before, VP_K_END, 0));
    }
    bool check = where || s_differs (before, after, "participants") || s_differs (before, after, "status");
    int rc = cal_entry_book (self, ctx, tenant, after, "entry_updated", extra, check, force, conflicts, err);
    vp_val_destroy (&extra);
    return rc;
}

int
cal_entry_cancel (cal_service_t *self, vp_cmdctx_t *ctx, const char *tenant, vp_val_t *entry,
                  const char *reason, vp_err_t *err)
{
    if (strcmp (vp_map_str (entry, VP_K_STATUS), "cancelled") == 0)
        return vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_ENTRY, "entry \"%s\" is cancelled already",
                           vp_map_str (entry, VP_K_ENTRY));
    vp_map_put_str (entry, VP_K_STATUS, "cancelled");
    vp_map_put_int (entry, VP_K_SEQUENCE, vp_map_int (entry, VP_K_SEQUENCE, 0) + 1);
    vp_map_put_int (entry, VP_K_MODIFIED, vp_clock_now ());
    vp_val_t *extra = vp_val_map ();
    if (reason) {
        char cut[2001];
        vp_map_put_str (extra, VP_K_REASON, cal_cut (cut, sizeof cut, reason));
    }
    int rc = cal_entry_book (self, ctx, tenant, entry, "entry_cancelled", extra, false, false, NULL, err);
    vp_val_destroy (&extra);
    return rc;
}

//  --------------------------------------------------------------------------
//  Checks of what a command asks

int
cal_entry_times (int64_t start, int64_t end, const char *zone, vp_err_t *err)
{
    char a[32], b[32];
    //  A command's times passed proto's bounds already; an event's may
    //  have been logged before there were any.
    if (vp_proto_time_check (start, "start", err) || vp_proto_time_check (end, "end", err))
        return -1;
    if (end <= start)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_END, "end (%s) must be after start (%s)",
                           vp_time_format (end, zone, "%d/%m/%Y %H:%M", b, sizeof b),
                           vp_time_format (start, zone, "%d/%m/%Y %H:%M", a, sizeof a));
    if (end - start > CAL_SPAN_MAX)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_END,
                           "end (%s) is more than %lld days after start (%s): make several entries",
                           vp_time_format (end, zone, "%d/%m/%Y %H:%M", b, sizeof b),
                           (long long) (CAL_SPAN_MAX / CAL_DAY_MS),
                           vp_time_format (start, zone, "%d/%m/%Y %H:%M", a, sizeof a));
    return 0;
}

//  Where: room (checked) or place; giving one clears the other.
static int
s_where (cal_service_t *self, const char *tenant, const vp_val_t *args, vp_val_t *entry, vp_err_t *err)
{
    const char *room = vp_map_str (args, VP_K_ROOM);
    const char *place = vp_map_str (args, VP_K_PLACE);
    if (room && place)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_PLACE,
                           "give room (\"%s\") or place (\"%s\"), not both", room, place);
    if (room) {
        if (cal_room_check (self, tenant, room, "room", err))
            return -1;
        vp_map_put_str (entry, VP_K_ROOM, room);
        vp_map_drop (entry, VP_K_PLACE);
    }
    if (place) {
        if (*place)
            vp_map_put_str (entry, VP_K_PLACE, place);
        else
            vp_map_drop (entry, VP_K_PLACE);
        vp_map_drop (entry, VP_K_ROOM);
    }
    return 0;
}

static void
s_put_opt (vp_val_t *entry, const vp_val_t *args, const char *key)
{
    const char *value = vp_map_str (args, key);
    if (value)
        vp_map_put_str (entry, key, value);
}

//  The entry of ctx->tenant for a command: not_found as if absent when it
//  is another tenant's.
static vp_val_t *
s_entry_need (cal_service_t *self, vp_cmdctx_t *ctx, const char *entry, vp_err_t *err)
{
    vp_val_t *row = cal_entry_load (self, ctx->tenant, entry);
    if (!row)
        vp_err_set (err, VP_E_NOT_FOUND, VP_K_ENTRY, "entry \"%s\" does not exist in tenant \"%s\"", entry, ctx->tenant);
    return row;
}

//  --------------------------------------------------------------------------
//  Commands

//  The entry a create asks for, checked, without its id.
static int
s_create_entry (cal_service_t *self, vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *entry, vp_err_t *err)
{
    char zone[64];
    cal_zone (self, ctx->tenant, zone);
    int64_t start = vp_map_int (args, VP_K_START, 0), end = vp_map_int (args, VP_K_END, 0);
    if (cal_entry_times (start, end, zone, err))
        return -1;
    const char *body = vp_map_str (args, VP_K_BODY);
    if (body && cal_body_check (self, ctx->tenant, body, err))
        return -1;
    vp_map_put_str (entry, VP_K_KIND, vp_map_str (args, VP_K_KIND) ? vp_map_str (args, VP_K_KIND) : "meeting");
    vp_map_put_str (entry, VP_K_TITLE, vp_map_str (args, VP_K_TITLE));
    s_put_opt (entry, args, "body");
    vp_map_put_int (entry, VP_K_START, start);
    vp_map_put_int (entry, VP_K_END, end);
    cal_people_t people = {
        .posts = vp_map_get (args, VP_K_POSTS), .officers = vp_map_get (args, VP_K_OFFICERS),
        .chair = vp_map_str (args, VP_K_CHAIR), .strict = true
    };
    if (s_where (self, ctx->tenant, args, entry, err)
    ||  cal_entry_people (self, ctx->tenant, start, &people, entry, NULL, 0, err))
        return -1;
    s_put_opt (entry, args, "document");
    s_put_opt (entry, args, "document_number");
    if (vp_secrecy_of (args) != VP_SECRECY_NONE)
        s_put_opt (entry, args, "secrecy");
    vp_map_put_str (entry, VP_K_STATUS, "planned");
    vp_map_put_int (entry, VP_K_SEQUENCE, 0);
    vp_map_put_str (entry, VP_K_SOURCE, "command");
    s_put_opt (entry, args, "note");
    s_put_opt (entry, args, "prepared_by");
    vp_map_put_int (entry, VP_K_MODIFIED, vp_clock_now ());
    return 0;
}

//  A dry run (check=true): the entry as it would be and its conflicts,
//  nothing stored, no id taken, nothing told. A room taken is one of the
//  conflicts here (the form asks before booking it anyway). The entry is
//  answered as its reader may see it: a dry run reads, and must not show
//  a secret entry's text to an officer not cleared for it.
static int
s_dry_run (cal_service_t *self, vp_cmdctx_t *ctx, vp_val_t *entry, vp_val_t *result, vp_err_t *err)
{
    vp_val_t *conflicts = vp_val_array ();
    int rc = cal_conflict_find (self, ctx->tenant, entry, conflicts, err);
    if (rc == 0) {
        cal_entry_mask (entry, cal_viewer_clearance (self, ctx->actor));
        vp_map_put_all (result, entry);
        vp_map_put (result, VP_K_CONFLICTS, conflicts);
        vp_map_put_bool (result, VP_K_CHECKED, true);
    }
    else
        vp_val_destroy (&conflicts);
    return rc;
}

static int
s_create_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    cal_service_t *self = (cal_service_t *) ctx->arg;
    char id[CAL_ID_MAX];
    vp_val_t *entry = vp_val_map ();
    int rc = -1;
    if (s_create_entry (self, ctx, args, entry, err)
    ||  vp_service_next_id (self->service, ctx->tenant, "e", id, sizeof id, err))
        goto done;
    vp_map_put_str (entry, VP_K_ENTRY, id);
    vp_val_t *conflicts = vp_val_array ();
    rc = cal_entry_book (self, ctx, ctx->tenant, entry, "entry_created", NULL, true,
                         vp_map_bool (args, VP_K_FORCE, false), conflicts, err);
    vp_map_put_all (result, entry);
    vp_map_put (result, VP_K_CONFLICTS, conflicts);
done:
    vp_val_destroy (&entry);
    return rc;
}

static int
s_create (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    if (!vp_map_bool (args, VP_K_CHECK, false))
        return vp_cmd_change (ctx, args, result, err, s_create_tx);
    cal_service_t *self = (cal_service_t *) ctx->arg;
    vp_val_t *entry = vp_val_map ();
    //  ids count from 1: e-0 is never an entry, so no other is excluded
    //  from the check as "itself"
    vp_map_put_str (entry, VP_K_ENTRY, "e-0");
    int rc = s_create_entry (self, ctx, args, entry, err) ? -1 : s_dry_run (self, ctx, entry, result, err);
    vp_val_destroy (&entry);
    return rc;
}

//  The people of an entry as they were asked for: its posts and the
//  officers named in person (the chair apart).
static void
s_people_of (const vp_val_t *entry, vp_val_t *posts, vp_val_t *officers)
{
    const vp_val_t *participants = vp_map_get (entry, VP_K_PARTICIPANTS);
    const char *chair = vp_map_str (entry, VP_K_CHAIR);
    for (size_t i = 0; i < vp_val_len (participants); i++) {
        const vp_val_t *p = vp_array_at (participants, i);
        if (chair && strcmp (vp_map_str (p, VP_K_OFFICER), chair) == 0)
            continue;
        if (vp_map_str (p, VP_K_POST))
            vp_array_push (posts, vp_val_str (vp_map_str (p, VP_K_POST)));
        else
            vp_array_push (officers, vp_val_str (vp_map_str (p, VP_K_OFFICER)));
    }
}

//  The entry an update asks for, from before (checked; status and
//  sequence as before: cal_entry_revise sets them).
static int
s_update_entry (cal_service_t *self, vp_cmdctx_t *ctx, const vp_val_t *args, const vp_val_t *before,
                vp_val_t *entry, vp_err_t *err)
{
    char zone[64];
    cal_zone (self, ctx->tenant, zone);
    if (strcmp (vp_map_str (before, VP_K_STATUS), "cancelled") == 0)
        return vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_ENTRY, "entry \"%s\" is cancelled: it cannot change",
                           vp_map_str (before, VP_K_ENTRY));
    int64_t start = vp_map_int (args, VP_K_START, vp_map_int (before, VP_K_START, 0));
    int64_t end = vp_map_int (args, VP_K_END, vp_map_int (before, VP_K_END, 0));
    if (cal_entry_times (start, end, zone, err))
        return -1;
    if (vp_map_str (args, VP_K_BODY) && cal_body_check (self, ctx->tenant, vp_map_str (args, VP_K_BODY), err))
        return -1;
    s_put_opt (entry, args, "title");
    s_put_opt (entry, args, "body");
    s_put_opt (entry, args, "note");
    if (vp_map_str (args, VP_K_PREPARED_BY)) {
        if (*vp_map_str (args, VP_K_PREPARED_BY))
            s_put_opt (entry, args, "prepared_by");
        else
            vp_map_drop (entry, VP_K_PREPARED_BY);
    }
    vp_map_put_int (entry, VP_K_START, start);
    vp_map_put_int (entry, VP_K_END, end);
    if (s_where (self, ctx->tenant, args, entry, err))
        return -1;
    //  posts, officers and chair given replace what the entry had; what is
    //  not given is kept, and whoever came by a post is resolved again
    //  when the entry moves (whoever acts then). A deadline item follows
    //  its document's assignment, not the posts.
    bool asked = vp_map_get (args, VP_K_POSTS) || vp_map_get (args, VP_K_OFFICERS) || vp_map_get (args, VP_K_CHAIR);
    bool moved = start != vp_map_int (before, VP_K_START, 0);
    int rc = 0;
    if (asked || (moved && strcmp (vp_map_str (before, VP_K_SOURCE), "assignment") != 0)) {
        vp_val_t *posts = vp_val_array (), *officers = vp_val_array ();
        s_people_of (before, posts, officers);
        const char *chair = vp_map_str (before, VP_K_CHAIR_POST) ? vp_map_str (before, VP_K_CHAIR_POST)
                                                             : vp_map_str (before, VP_K_CHAIR);
        cal_people_t people = {
            .posts = vp_map_get (args, VP_K_POSTS) ? vp_map_get (args, VP_K_POSTS) : posts,
            .officers = vp_map_get (args, VP_K_OFFICERS) ? vp_map_get (args, VP_K_OFFICERS) : officers,
            .chair = vp_map_get (args, VP_K_CHAIR) ? vp_map_str (args, VP_K_CHAIR) : chair,
            .strict = asked
        };
        rc = cal_entry_people (self, ctx->tenant, start, &people, entry, NULL, 0, err);
        vp_val_destroy (&posts);
        vp_val_destroy (&officers);
    }
    return rc;
}

static int
s_update_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    cal_service_t *self = (cal_service_t *) ctx->arg;
    vp_val_t *before = s_entry_need (self, ctx, vp_map_str (args, VP_K_ENTRY), err);
    if (!before)
        return -1;
    vp_val_t *entry = vp_val_dup (before);
    vp_val_t *changed = vp_val_array ();
    int rc = -1;
    if (s_update_entry (self, ctx, args, before, entry, err) == 0) {
        vp_val_t *conflicts = vp_val_array ();
        rc = cal_entry_revise (self, ctx, ctx->tenant, before, entry, vp_map_bool (args, VP_K_FORCE, false),
                               conflicts, changed, err);
        //  stored as it is; answered as its reader may see it (a clerk may
        //  move a secret meeting without being cleared to read it)
        cal_entry_mask (entry, cal_viewer_clearance (self, ctx->actor));
        vp_map_put_all (result, entry);
        vp_map_put (result, VP_K_CONFLICTS, conflicts);
        vp_map_put (result, VP_K_CHANGED, vp_val_dup (changed));
    }
    vp_val_destroy (&before);
    vp_val_destroy (&entry);
    vp_val_destroy (&changed);
    return rc;
}

//  An update's dry run: the entry as it would be, its conflicts as they
//  would stand (the entry as a moved one is checked whatever changed).
static int
s_update_check (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    cal_service_t *self = (cal_service_t *) ctx->arg;
    vp_val_t *before = s_entry_need (self, ctx, vp_map_str (args, VP_K_ENTRY), err);
    if (!before)
        return -1;
    vp_val_t *entry = vp_val_dup (before);
    int rc = s_update_entry (self, ctx, args, before, entry, err) ? -1 : s_dry_run (self, ctx, entry, result, err);
    vp_val_destroy (&before);
    vp_val_destroy (&entry);
    return rc;
}

static int
s_update (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    static const char *const what[] = {
        "title", "body", "start", "end", "room", "place", "chair", "posts", "officers", "note", "prepared_by", NULL
    };
    bool any = false;
    for (int i = 0; what[i]; i++)
        any |= vp_map_get (args, what[i]) != NULL;
    if (!any)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_ENTRY,
                           "nothing to change in entry \"%s\": give title, start, end, room, place, chair, "
                           "posts, officers, body, note or prepared_by", vp_map_str (args, VP_K_ENTRY));
    if (vp_map_bool (args, VP_K_CHECK, false))
        return s_update_check (ctx, args, result, err);
    return vp_cmd_change (ctx, args, result, err, s_update_tx);
}

static int
s_cancel_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    cal_service_t *self = (cal_service_t *) ctx->arg;
    vp_val_t *entry = s_entry_need (self, ctx, vp_map_str (args, VP_K_ENTRY), err);
    if (!entry)
        return -1;
    int rc = cal_entry_cancel (self, ctx, ctx->tenant, entry, vp_map_str (args, VP_K_REASON), err);
    cal_entry_mask (entry, cal_viewer_clearance (self, ctx->actor));
    vp_map_put_all (result, entry);
    vp_val_destroy (&entry);
    return rc;
}

static int
s_get (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    cal_service_t *self = (cal_service_t *) ctx->arg;
    vp_val_t *entry = s_entry_need (self, ctx, vp_map_str (args, VP_K_ENTRY), err);
    if (!entry)
        return -1;
    cal_entry_mask (entry, cal_viewer_clearance (self, ctx->actor));
    vp_map_put_all (result, entry);
    vp_val_destroy (&entry);
    return 0;
}

//  --------------------------------------------------------------------------
//  Lists

vp_val_t *
cal_entry_list (cal_service_t *self, const char *tenant, const cal_query_t *q, bool *more, vp_err_t *err)
{
    //  By officer: their rows of cal_participant; by body or for the whole
    //  commune: cal_entry by start. Both bounded by the longest entry so
    //  that the index range is the period's.
    sqlite3_stmt *stmt = q->officer
        ? vp_db_cached (self->db,
            "SELECT e.entry FROM cal_participant p JOIN cal_entry e ON e.tenant = p.tenant AND e.entry = p.entry"
            " WHERE p.tenant = ?1 AND p.officer = ?2 AND p.busy IN (0, 1) AND p.start >= ?3 AND p.start < ?5"
            "   AND p.end > ?4 AND (?6 IS NULL OR e.body = ?6) AND (?7 IS NULL OR e.status = ?7)"
            "   AND (?8 IS NULL OR e.kind = ?8) AND (?9 = 0 OR e.status != 'cancelled')"
            "   AND (?11 IS NULL OR p.leave = ?11)"
            " ORDER BY p.start, e.entry LIMIT ?10", err)
        : q->body
        ? vp_db_cached (self->db,
            "SELECT entry FROM cal_entry WHERE tenant = ?1 AND body = ?6 AND start >= ?3 AND start < ?5"
            "   AND end > ?4 AND (?7 IS NULL OR status = ?7) AND (?8 IS NULL OR kind = ?8)"
            "   AND (?9 = 0 OR status != 'cancelled') AND ?2 IS NULL AND ?11 IS NULL"
            " ORDER BY start, entry LIMIT ?10", err)
        : vp_db_cached (self->db,
            "SELECT entry FROM cal_entry WHERE tenant = ?1 AND start >= ?3 AND start < ?5 AND end > ?4"
            "   AND (?7 IS NULL OR status = ?7) AND (?8 IS NULL OR kind = ?8)"
            "   AND (?9 = 0 OR status != 'cancelled') AND ?2 IS NULL AND ?6 IS NULL AND ?11 IS NULL"
            " ORDER BY start, entry LIMIT ?10", err);
    if (!stmt)
        return NULL;
    int limit = q->limit > 0 ? q->limit : S_LIST_LIMIT;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    s_bind_opt (stmt, 2, q->officer);
    sqlite3_bind_int64 (stmt, 3, q->from - cal_entry_span (self, tenant));
    sqlite3_bind_int64 (stmt, 4, q->from);
    sqlite3_bind_int64 (stmt, 5, q->to);
    s_bind_opt (stmt, 6, q->body);
    s_bind_opt (stmt, 7, q->status);
    s_bind_opt (stmt, 8, q->kind);
    sqlite3_bind_int (stmt, 9, q->live);
    sqlite3_bind_int (stmt, 10, limit + 1);
    s_bind_opt (stmt, 11, q->leave);
    vp_val_t *ids = vp_val_array ();
    int rc;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        vp_array_push (ids, vp_val_str ((const char *) sqlite3_column_text (stmt, 0)));
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE) {
        vp_val_destroy (&ids);
        vp_db_error (self->db, err, "list");
        return NULL;
    }
    if (more)
        *more = vp_val_len (ids) > (size_t) limit;
    vp_val_t *entries = vp_val_array ();
    for (size_t i = 0; i < vp_val_len (ids) && i < (size_t) limit; i++) {
        vp_val_t *entry = cal_entry_load (self, tenant, vp_val_get_str (vp_array_at (ids, i)));
        if (entry)
            vp_array_push (entries, entry);
    }
    vp_val_destroy (&ids);
    return entries;
}

static int
s_list (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    cal_service_t *self = (cal_service_t *) ctx->arg;
    cal_query_t q = {
        .from = vp_map_int (args, VP_K_FROM, 0), .to = vp_map_int (args, VP_K_TO, 0),
        .officer = vp_map_str (args, VP_K_OFFICER), .body = vp_map_str (args, VP_K_BODY),
        .status = vp_map_str (args, VP_K_STATUS), .kind = vp_map_str (args, VP_K_KIND),
        .limit = (int) vp_map_int (args, VP_K_LIMIT, S_LIST_LIMIT)
    };
    char zone[64], a[32], b[32];
    cal_zone (self, ctx->tenant, zone);
    if (q.to <= q.from || q.to - q.from > S_LIST_PERIOD_MAX)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_TO, "to (%s) must be after from (%s), by at most 366 days",
                           vp_time_format (q.to, zone, "%d/%m/%Y %H:%M", b, sizeof b),
                           vp_time_format (q.from, zone, "%d/%m/%Y %H:%M", a, sizeof a));
    if (q.officer && vp_staff_check_officer (self->db, ctx->tenant, q.officer, err))
        return -1;
    if (q.body && cal_body_check (self, ctx->tenant, q.body, err))
        return -1;
    bool more = false;
    vp_val_t *entries = cal_entry_list (self, ctx->tenant, &q, &more, err);
    if (!entries)
        return -1;
    cal_entry_mask_all (entries, cal_viewer_clearance (self, ctx->actor));
    vp_map_put_int (result, VP_K_COUNT, (int64_t) vp_val_len (entries));
    vp_map_put (result, VP_K_ENTRIES, entries);
    if (more)
        vp_map_put_bool (result, VP_K_MORE, true);
    return 0;
}

static const vp_cmd_t s_commands[] = {
    { VP_C_CALENDAR_ENTRY_CREATE, s_create, true },
    { VP_C_CALENDAR_ENTRY_UPDATE, s_update, true },
    { VP_C_CALENDAR_ENTRY_CANCEL, s_cancel_tx, true, .changes = true },
    { VP_C_CALENDAR_ENTRY_GET, s_get, true },
    { VP_C_CALENDAR_LIST, s_list, true },
    { NULL }
};

void
cal_entry_register (cal_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
