/*  cal_room - calendar.rooms, calendar.room.set and the default rooms. */
#include <string.h>
#include "cal_room.h"
#include "vp/vp_fields.h"

static const struct {
    const char *room, *name;
    int capacity;
} s_defaults[] = {
    { "hoi-truong", "Hội trường", 200 },
    { "phong-hop-1", "Phòng họp 1", 30 },
    { NULL }
};

//  The rooms of tenant: [{room, name, capacity?, active}].
static vp_val_t *
s_rooms (cal_service_t *self, const char *tenant)
{
    vp_val_t *rooms = vp_val_array ();
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT room, name, capacity, active FROM cal_room WHERE tenant = ?1 ORDER BY room", NULL);
    if (!stmt)
        return rooms;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        vp_val_t *room = vp_val_map ();
        vp_map_put_str (room, VP_K_ROOM, (const char *) sqlite3_column_text (stmt, 0));
        vp_map_put_str (room, VP_K_NAME, (const char *) sqlite3_column_text (stmt, 1));
        if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
            vp_map_put_int (room, VP_K_CAPACITY, sqlite3_column_int64 (stmt, 2));
        vp_map_put_bool (room, VP_K_ACTIVE, sqlite3_column_int (stmt, 3) != 0);
        vp_array_push (rooms, room);
    }
    sqlite3_reset (stmt);
    return rooms;
}

//  -1 room unknown, 0 out of use, 1 in use.
static int
s_state (cal_service_t *self, const char *tenant, const char *room)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT active FROM cal_room WHERE tenant = ?1 AND room = ?2", NULL);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, room, -1, SQLITE_STATIC);
    int state = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int (stmt, 0) != 0 : -1;
    sqlite3_reset (stmt);
    return state;
}

int
cal_room_check (cal_service_t *self, const char *tenant, const char *room, const char *field, vp_err_t *err)
{
    int state = s_state (self, tenant, room);
    if (state == 1)
        return 0;
    if (state == 0)
        return vp_err_set (err, VP_E_FAILED_PRECONDITION, field,
                           "room \"%s\" of tenant \"%s\" is out of use (calendar.room.set active=true)", room, tenant);
    vp_val_t *rooms = s_rooms (self, tenant);
    char known[300] = "";
    size_t at = 0;
    for (size_t i = 0; i < vp_val_len (rooms) && at < sizeof known; i++)
        at += (size_t) snprintf (known + at, sizeof known - at, "%s%s", i ? ", " : "",
                                 vp_map_str (vp_array_at (rooms, i), VP_K_ROOM));
    vp_val_destroy (&rooms);
    return vp_err_set (err, VP_E_NOT_FOUND, field, "room \"%s\" does not exist in tenant \"%s\" (rooms: %s)",
                       room, tenant, *known ? known : "none");
}

bool
cal_room_is (cal_service_t *self, const char *tenant, const char *text)
{
    return text && s_state (self, tenant, text) == 1;
}

void
cal_room_name (cal_service_t *self, const char *tenant, const char *room, char *name, size_t size)
{
    snprintf (name, size, "%s", room);
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT name FROM cal_room WHERE tenant = ?1 AND room = ?2", NULL);
    if (!stmt)
        return;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, room, -1, SQLITE_STATIC);
    if (sqlite3_step (stmt) == SQLITE_ROW)
        snprintf (name, size, "%s", (const char *) sqlite3_column_text (stmt, 0));
    sqlite3_reset (stmt);
}

//  Write a room (a calendar.room_set map) and publish it.
static int
s_set (cal_service_t *self, vp_cmdctx_t *ctx, const char *tenant, const vp_val_t *room, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT INTO cal_room (tenant, room, name, capacity, active) VALUES (?1, ?2, ?3, ?4, ?5)"
        " ON CONFLICT (tenant, room) DO UPDATE SET name = excluded.name, capacity = excluded.capacity,"
        " active = excluded.active", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, vp_map_str (room, VP_K_ROOM), -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, vp_map_str (room, VP_K_NAME), -1, SQLITE_STATIC);
    if (vp_map_get (room, VP_K_CAPACITY))
        sqlite3_bind_int64 (stmt, 4, vp_map_int (room, VP_K_CAPACITY, 0));
    sqlite3_bind_int (stmt, 5, vp_map_bool (room, VP_K_ACTIVE, true));
    int rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "room");
    sqlite3_reset (stmt);
    if (rc)
        return -1;
    vp_val_t *data = vp_val_dup (room);
    vp_map_put_bool (data, VP_K_ACTIVE, vp_map_bool (room, VP_K_ACTIVE, true));
    return vp_service_emit (self->service, ctx, tenant, "room_set", data, err);
}

int
cal_room_defaults (cal_service_t *self, const char *tenant, vp_err_t *err)
{
    vp_val_t *rooms = s_rooms (self, tenant);
    bool any = vp_val_len (rooms) > 0;
    vp_val_destroy (&rooms);
    int rc = 0;
    for (int i = 0; !any && rc == 0 && s_defaults[i].room; i++) {
        vp_val_t *room = vp_val_map ();
        vp_map_put_str (room, VP_K_ROOM, s_defaults[i].room);
        vp_map_put_str (room, VP_K_NAME, s_defaults[i].name);
        vp_map_put_int (room, VP_K_CAPACITY, s_defaults[i].capacity);
        rc = s_set (self, NULL, tenant, room, err);
        vp_val_destroy (&room);
    }
    return rc;
}

//  {} -> {rooms}
static int
s_rooms_cmd (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    cal_service_t *self = (cal_service_t *) ctx->arg;
    vp_map_put (result, VP_K_ROOMS, s_rooms (self, ctx->tenant));
    return 0;
}

//  {room, name, capacity?, active?} -> {rooms}
static int
s_room_set_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    cal_service_t *self = (cal_service_t *) ctx->arg;
    if (s_set (self, ctx, ctx->tenant, args, err))
        return -1;
    vp_map_put (result, VP_K_ROOMS, s_rooms (self, ctx->tenant));
    return 0;
}

static const vp_cmd_t s_commands[] = {
    { VP_C_CALENDAR_ROOMS, s_rooms_cmd, true },
    { VP_C_CALENDAR_ROOM_SET, s_room_set_tx, true, VP_ACCESS_SETUP, .changes = true },
    { NULL }
};

void
cal_room_register (cal_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
