/*  cal_conflict - the person and room checks. */
#include <string.h>
#include "cal_conflict.h"
#include "cal_entry.h"
#include "vp/vp_fields.h"

//  The title of cal_entry e that anyone may read (cal_entry_public_title).
#define S_PUBLIC_TITLE \
    "CASE WHEN e.secrecy IS NULL OR e.secrecy = 'thuong' THEN e.title ELSE '" VP_SECRET_MEETING "' END"

static vp_val_t *
s_conflict (const vp_val_t *entry, const char *kind, sqlite3_stmt *stmt)
{
    //  columns: with, with_title, overlap start, overlap end
    vp_val_t *c = vp_val_map ();
    vp_map_put_str (c, VP_K_ENTRY, vp_map_str (entry, VP_K_ENTRY));
    vp_map_put_str (c, VP_K_WITH, (const char *) sqlite3_column_text (stmt, 0));
    vp_map_put_str (c, VP_K_KIND, kind);
    vp_map_put_str (c, VP_K_TITLE, cal_entry_public_title (entry));
    vp_map_put_str (c, VP_K_WITH_TITLE, (const char *) sqlite3_column_text (stmt, 1));
    vp_map_put_int (c, VP_K_START, sqlite3_column_int64 (stmt, 2));
    vp_map_put_int (c, VP_K_END, sqlite3_column_int64 (stmt, 3));
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
    const vp_val_t *participants = vp_map_get (entry, VP_K_PARTICIPANTS);
    int64_t start = vp_map_int (entry, VP_K_START, 0), end = vp_map_int (entry, VP_K_END, 0);
    for (size_t i = 0; i < vp_val_len (participants) && vp_val_len (conflicts) < CAL_CONFLICTS_MAX; i++) {
        const vp_val_t *p = vp_array_at (participants, i);
        sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, vp_map_str (p, VP_K_OFFICER), -1, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 3, since);
        sqlite3_bind_int64 (stmt, 4, start);
        sqlite3_bind_int64 (stmt, 5, end);
        sqlite3_bind_text (stmt, 6, vp_map_str (entry, VP_K_ENTRY), -1, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 7, CAL_CONFLICTS_MAX - (int64_t) vp_val_len (conflicts));
        int rc;
        while ((rc = sqlite3_step (stmt)) == SQLITE_ROW) {
            vp_val_t *c = s_conflict (entry, "person", stmt);
            vp_map_put_str (c, VP_K_OFFICER, vp_map_str (p, VP_K_OFFICER));
            if (vp_map_str (p, VP_K_POST))
                vp_map_put_str (c, VP_K_POST, vp_map_str (p, VP_K_POST));
            if (sqlite3_column_type (stmt, 4) != SQLITE_NULL)
                vp_map_put_str (c, VP_K_WITH_POST, (const char *) sqlite3_column_text (stmt, 4));
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
    const char *room = vp_map_str (entry, VP_K_ROOM);
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
    sqlite3_bind_int64 (stmt, 4, vp_map_int (entry, VP_K_START, 0));
    sqlite3_bind_int64 (stmt, 5, vp_map_int (entry, VP_K_END, 0));
    sqlite3_bind_text (stmt, 6, vp_map_str (entry, VP_K_ENTRY), -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 7, CAL_CONFLICTS_MAX - (int64_t) vp_val_len (conflicts));
    int rc;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW) {
        vp_val_t *c = s_conflict (entry, "room", stmt);
        vp_map_put_str (c, VP_K_ROOM, room);
        vp_array_push (conflicts, c);
    }
    sqlite3_reset (stmt);
    return rc == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "room check");
}

int
cal_conflict_find (cal_service_t *self, const char *tenant, const vp_val_t *entry, vp_val_t *conflicts,
                   vp_err_t *err)
{
    const char *status = vp_map_str (entry, VP_K_STATUS);
    if (status && strcmp (status, "cancelled") == 0)
        return 0;
    int64_t since = vp_map_int (entry, VP_K_START, 0) - cal_entry_span (self, tenant);
    if (cal_entry_busy (vp_map_str (entry, VP_K_KIND), status)
    &&  s_persons (self, tenant, entry, since, conflicts, err))
        return -1;
    return s_room (self, tenant, entry, since, conflicts, err);
}

//  --------------------------------------------------------------------------
//  What was told

//  The key of conflict c: its entries in order, and the person or room.
static void
s_key (const vp_val_t *c, const char **a, const char **b, const char **who)
{
    const char *x = vp_map_str (c, VP_K_ENTRY), *y = vp_map_str (c, VP_K_WITH);
    *a = strcmp (x, y) < 0 ? x : y;
    *b = strcmp (x, y) < 0 ? y : x;
    *who = vp_map_str (c, VP_K_OFFICER) ? vp_map_str (c, VP_K_OFFICER) : vp_map_str (c, VP_K_ROOM);
}

//  1 when c is told already at its hour, 0 when it is to tell (stored
//  now), -1 on error.
static int
s_told (cal_service_t *self, const char *tenant, const vp_val_t *c, vp_err_t *err)
{
    const char *a, *b, *who;
    s_key (c, &a, &b, &who);
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT INTO cal_conflict (tenant, a, b, kind, who, start, end) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
        " ON CONFLICT (tenant, a, b, kind, who) DO UPDATE SET start = ?6, end = ?7"
        "   WHERE start != ?6 OR end != ?7", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, a, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, b, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 4, vp_map_str (c, VP_K_KIND), -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 5, who ? who : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 6, vp_map_int (c, VP_K_START, 0));
    sqlite3_bind_int64 (stmt, 7, vp_map_int (c, VP_K_END, 0));
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE)
        return vp_db_error (self->db, err, "conflict");
    return sqlite3_changes (self->db) == 0 ? 1 : 0;
}

//  Is the stored conflict (with, kind, who) among found?
static bool
s_found (const vp_val_t *found, const char *with, const char *kind, const char *who)
{
    for (size_t i = 0; i < vp_val_len (found); i++) {
        const vp_val_t *c = vp_array_at (found, i);
        const char *a, *b, *w;
        s_key (c, &a, &b, &w);
        if (strcmp (vp_map_str (c, VP_K_WITH), with) == 0 && strcmp (vp_map_str (c, VP_K_KIND), kind) == 0
        &&  strcmp (w ? w : "", who) == 0)
            return true;
    }
    return false;
}

int
cal_conflict_publish (cal_service_t *self, vp_cmdctx_t *ctx, const char *tenant, const vp_val_t *entry,
                      const vp_val_t *found, vp_err_t *err)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < vp_val_len (found); i++) {
        const vp_val_t *c = vp_array_at (found, i);
        int told = s_told (self, tenant, c, err);
        rc = told < 0 ? -1 : told == 0 ? vp_service_emit (self->service, ctx, tenant, "conflict", vp_val_dup (c), err) : 0;
    }
    //  Told before, not found now: over.
    const char *id = vp_map_str (entry, VP_K_ENTRY);
    sqlite3_stmt *stmt = rc ? NULL : vp_db_cached (self->db,
        "SELECT a, b, kind, who, start, end FROM cal_conflict WHERE tenant = ?1 AND (a = ?2 OR b = ?2)", err);
    if (rc || !stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
    vp_val_t *over = vp_val_array ();
    int step;
    while ((step = sqlite3_step (stmt)) == SQLITE_ROW) {
        const char *a = (const char *) sqlite3_column_text (stmt, 0), *b = (const char *) sqlite3_column_text (stmt, 1);
        const char *with = strcmp (a, id) == 0 ? b : a;
        const char *kind = (const char *) sqlite3_column_text (stmt, 2);
        const char *who = (const char *) sqlite3_column_text (stmt, 3);
        if (s_found (found, with, kind, who))
            continue;
        vp_val_t *r = vp_val_map ();
        vp_map_put_str (r, VP_K_ENTRY, id);
        vp_map_put_str (r, VP_K_WITH, with);
        vp_map_put_str (r, VP_K_KIND, kind);
        vp_map_put_str (r, strcmp (kind, "room") == 0 ? "room" : "officer", who);
        vp_map_put_int (r, VP_K_START, sqlite3_column_int64 (stmt, 4));
        vp_map_put_int (r, VP_K_END, sqlite3_column_int64 (stmt, 5));
        vp_array_push (over, r);
    }
    sqlite3_reset (stmt);
    if (step != SQLITE_DONE)
        rc = vp_db_error (self->db, err, "conflicts told");
    stmt = rc ? NULL : vp_db_cached (self->db,
        "DELETE FROM cal_conflict WHERE tenant = ?1 AND a = ?2 AND b = ?3 AND kind = ?4 AND who = ?5", err);
    for (size_t i = 0; stmt && rc == 0 && i < vp_val_len (over); i++) {
        vp_val_t *r = vp_array_at (over, i);
        const char *a, *b, *who;
        s_key (r, &a, &b, &who);
        sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, a, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 3, b, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 4, vp_map_str (r, VP_K_KIND), -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 5, who, -1, SQLITE_STATIC);
        rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "conflict over");
        sqlite3_reset (stmt);
        vp_val_t *other = rc ? NULL : cal_entry_load (self, tenant, vp_map_str (r, VP_K_WITH));
        vp_map_put_str (r, VP_K_TITLE, cal_entry_public_title (entry));
        vp_map_put_str (r, VP_K_WITH_TITLE, other ? cal_entry_public_title (other) : "");
        vp_val_destroy (&other);
        if (rc == 0)
            rc = vp_service_emit (self->service, ctx, tenant, "conflict_resolved", vp_val_dup (r), err);
    }
    vp_val_destroy (&over);
    return stmt || rc ? rc : -1;
}
