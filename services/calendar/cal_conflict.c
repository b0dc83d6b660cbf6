/*  cal_conflict - the person and room checks. */
#include <string.h>
#include "cal_conflict.h"
#include "cal_entry.h"

//  The title of cal_entry e that anyone may read (cal_entry_public_title).
#define S_PUBLIC_TITLE \
    "CASE WHEN e.secrecy IS NULL OR e.secrecy = 'thuong' THEN e.title ELSE '" VP_SECRET_MEETING "' END"

static vp_val_t *
s_conflict (const vp_val_t *entry, const char *kind, sqlite3_stmt *stmt)
{
    //  columns: with, with_title, overlap start, overlap end
    vp_val_t *c = vp_val_map ();
    vp_map_put_str (c, "entry", vp_map_str (entry, "entry"));
    vp_map_put_str (c, "with", (const char *) sqlite3_column_text (stmt, 0));
    vp_map_put_str (c, "kind", kind);
    vp_map_put_str (c, "title", cal_entry_public_title (entry));
    vp_map_put_str (c, "with_title", (const char *) sqlite3_column_text (stmt, 1));
    vp_map_put_int (c, "start", sqlite3_column_int64 (stmt, 2));
    vp_map_put_int (c, "end", sqlite3_column_int64 (stmt, 3));
    return c;
}

static int
s_persons (cal_service_t *self, const char *tenant, const vp_val_t *entry, int64_t since,
           vp_val_t *conflicts, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT p.entry, " S_PUBLIC_TITLE ", max (p.start, ?4), min (p.end, ?5), p.post"
        " FROM cal_participant p JOIN cal_entry e ON e.tenant = p.tenant AND e.entry = p.entry"
        " WHERE p.tenant = ?1 AND p.officer = ?2 AND p.busy = 1 AND p.start >= ?3 AND p.start < ?5"
        "   AND p.end > ?4 AND p.entry != ?6"
        " ORDER BY p.start LIMIT ?7", err);
    if (!stmt)
        return -1;
    const vp_val_t *participants = vp_map_get (entry, "participants");
    int64_t start = vp_map_int (entry, "start", 0), end = vp_map_int (entry, "end", 0);
    for (size_t i = 0; i < vp_val_len (participants) && vp_val_len (conflicts) < CAL_CONFLICTS_MAX; i++) {
        const vp_val_t *p = vp_array_at (participants, i);
        sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, vp_map_str (p, "officer"), -1, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 3, since);
        sqlite3_bind_int64 (stmt, 4, start);
        sqlite3_bind_int64 (stmt, 5, end);
        sqlite3_bind_text (stmt, 6, vp_map_str (entry, "entry"), -1, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 7, CAL_CONFLICTS_MAX - (int64_t) vp_val_len (conflicts));
        int rc;
        while ((rc = sqlite3_step (stmt)) == SQLITE_ROW) {
            vp_val_t *c = s_conflict (entry, "person", stmt);
            vp_map_put_str (c, "officer", vp_map_str (p, "officer"));
            if (vp_map_str (p, "post"))
                vp_map_put_str (c, "post", vp_map_str (p, "post"));
            if (sqlite3_column_type (stmt, 4) != SQLITE_NULL)
                vp_map_put_str (c, "with_post", (const char *) sqlite3_column_text (stmt, 4));
            vp_array_push (conflicts, c);
        }
        sqlite3_reset (stmt);
        if (rc != SQLITE_DONE)
            return vp_db_error (self->db, err, "person check");
    }
    return 0;
}

static int
s_room (cal_service_t *self, const char *tenant, const vp_val_t *entry, int64_t since,
        vp_val_t *conflicts, vp_err_t *err)
{
    const char *room = vp_map_str (entry, "room");
    if (!room || vp_val_len (conflicts) >= CAL_CONFLICTS_MAX)
        return 0;
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT e.entry, " S_PUBLIC_TITLE ", max (e.start, ?4), min (e.end, ?5) FROM cal_entry e"
        " WHERE e.tenant = ?1 AND e.room = ?2 AND e.status != 'cancelled' AND e.start >= ?3 AND e.start < ?5"
        "   AND e.end > ?4 AND e.entry != ?6"
        " ORDER BY e.start LIMIT ?7", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, room, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 3, since);
    sqlite3_bind_int64 (stmt, 4, vp_map_int (entry, "start", 0));
    sqlite3_bind_int64 (stmt, 5, vp_map_int (entry, "end", 0));
    sqlite3_bind_text (stmt, 6, vp_map_str (entry, "entry"), -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 7, CAL_CONFLICTS_MAX - (int64_t) vp_val_len (conflicts));
    int rc;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW) {
        vp_val_t *c = s_conflict (entry, "room", stmt);
        vp_map_put_str (c, "room", room);
        vp_array_push (conflicts, c);
    }
    sqlite3_reset (stmt);
    return rc == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "room check");
}

int
cal_conflict_find (cal_service_t *self, const char *tenant, const vp_val_t *entry, vp_val_t *conflicts,
                   vp_err_t *err)
{
    const char *status = vp_map_str (entry, "status");
    if (status && strcmp (status, "cancelled") == 0)
        return 0;
    int64_t since = vp_map_int (entry, "start", 0) - cal_entry_span (self, tenant);
    if (cal_entry_busy (vp_map_str (entry, "kind"), status)
    &&  s_persons (self, tenant, entry, since, conflicts, err))
        return -1;
    return s_room (self, tenant, entry, since, conflicts, err);
}
