/*  stf_officer - officers of a commune: create, update, get, list.

    An officer id is unique in the district. Moving an officer to a mass
    organization or letting them leave ends every appointment they hold
    or were to hold, and is refused while someone's leave counts on them
    as delegate.
*/
#include <string.h>
#include "stf_service.h"
#include "vp/vp_fields.h"

//  A plausible address: one '@' with something on both sides, no blanks.
static int
s_email_check (const char *email, vp_err_t *err)
{
    const char *at = strchr (email, '@');
    if (!*email)
        return 0;               //  empty: none (officer.update)
    if (!at || at == email || !at[1] || strchr (at + 1, '@') || strpbrk (email, " \t\r\n"))
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_EMAIL,
                           "email \"%s\" is not an e-mail address", email);
    return 0;
}

//  Digits and the usual separators: "+84 238 3871 234", "(0238) 387.1234".
static int
s_phone_check (const char *phone, vp_err_t *err)
{
    int digits = 0;
    for (const char *p = phone; *p; p++)
        if (*p >= '0' && *p <= '9')
            digits++;
        else
        if (!strchr (" +-.()", *p))
            return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_PHONE,
                               "phone \"%s\" may hold only digits, spaces and + - . ( )", phone);
    if (*phone && digits < 3)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_PHONE, "phone \"%s\" has too few digits", phone);
    return 0;
}

static int
s_contacts_check (const vp_val_t *args, vp_err_t *err)
{
    const char *email = vp_map_str (args, VP_K_EMAIL);
    const char *phone = vp_map_str (args, VP_K_PHONE);
    return (email && s_email_check (email, err)) || (phone && s_phone_check (phone, err)) ? -1 : 0;
}

//  {officer, full_name, email?, phone?, chat_id?}
static int
s_officer_create_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    stf_service_t *self = (stf_service_t *) ctx->arg;
    if (stf_tenant_need (self, ctx->tenant, err) || s_contacts_check (args, err))
        return -1;
    const char *id = vp_map_str (args, VP_K_OFFICER);
    vp_val_t *existing = vp_staff_officer (self->db, id);
    if (existing) {
        bool here = strcmp (vp_map_str (existing, VP_K_TENANT), ctx->tenant) == 0;
        vp_val_destroy (&existing);
        if (here)
            return vp_err_set (err, VP_E_ALREADY_EXISTS, VP_K_OFFICER, "officer \"%s\" already exists", id);
        return vp_err_set (err, VP_E_ALREADY_EXISTS, VP_K_OFFICER,
                           "officer \"%s\" already exists in another tenant (ids are unique in the district)", id);
    }
    vp_val_t *data = vp_val_dup (args);
    vp_map_put_str (data, VP_K_STATUS, "active");
    if (vp_service_emit (self->service, ctx, ctx->tenant, "officer_created", data, err))
        return -1;
    vp_val_t *row = vp_staff_officer (self->db, id);
    vp_map_put_all (result, row);
    vp_val_destroy (&row);
    return 0;
}

//  The statement of `sql` with ?1 = officer and ?2 = at bound, or NULL.
static sqlite3_stmt *
s_officer_stmt (stf_service_t *self, const char *sql, const char *officer, int64_t at, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db, sql, err);
    if (stmt) {
        sqlite3_bind_text (stmt, 1, officer, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 2, at);
    }
    return stmt;
}

//  The first leave (current or to come at `at`) that names officer as
//  delegate: refuses a move or a departure.
static int
s_delegate_check (stf_service_t *self, const char *tenant, const char *officer,
                  const char *status, int64_t at, vp_err_t *err)
{
    sqlite3_stmt *stmt = s_officer_stmt (self,
        "SELECT leave, officer, valid_from, valid_to FROM stf_leave"
        " WHERE delegate = ?1 AND valid_to > ?2 ORDER BY valid_from, leave LIMIT 1", officer, at, err);
    if (!stmt)
        return -1;
    int rc = 0;
    if (sqlite3_step (stmt) == SQLITE_ROW) {
        char from[STF_DATE_MAX], to[STF_DATE_MAX];
        rc = vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_STATUS,
                         "officer \"%s\" cannot become %s: delegate of leave \"%s\" of \"%s\""
                         " from %s to %s; name another delegate first",
                         officer, status, (const char *) sqlite3_column_text (stmt, 0),
                         (const char *) sqlite3_column_text (stmt, 1),
                         stf_date (self, tenant, sqlite3_column_int64 (stmt, 2), from),
                         stf_date (self, tenant, sqlite3_column_int64 (stmt, 3), to));
    }
    sqlite3_reset (stmt);
    return rc;
}

//  appointment_ended for every appointment of officer still open at `at`
//  or starting later (those end at their own start: never held).
static int
s_end_appointments (stf_service_t *self, vp_cmdctx_t *ctx, const char *officer, int64_t at,
                    vp_val_t *ended, vp_err_t *err)
{
    sqlite3_stmt *stmt = s_officer_stmt (self,
        "SELECT appointment, post, valid_from FROM stf_appointment"
        " WHERE officer = ?1 AND (valid_to IS NULL OR valid_to > ?2) ORDER BY valid_from, appointment",
        officer, at, err);
    if (!stmt)
        return -1;
    //  Read them all before the first event changes the table.
    vp_val_t *open = vp_db_rows (stmt);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < vp_val_len (open); i++) {
        vp_val_t *row = vp_array_at (open, i);
        int64_t from = vp_map_int (row, "valid_from", 0);
        vp_val_t *data = vp_val_map ();
        vp_map_put_str (data, VP_K_APPOINTMENT, vp_map_str (row, VP_K_APPOINTMENT));
        vp_map_put_str (data, VP_K_OFFICER, officer);
        vp_map_put_str (data, VP_K_POST, vp_map_str (row, VP_K_POST));
        vp_map_put_int (data, VP_K_TO, from > at ? from : at);
        rc = vp_service_emit (self->service, ctx, ctx->tenant, "appointment_ended", data, err);
        if (rc == 0)
            vp_array_push (ended, vp_val_str (vp_map_str (row, VP_K_APPOINTMENT)));
    }
    vp_val_destroy (&open);
    return rc;
}

//  {officer, full_name?, email?, phone?, chat_id?, status?, at?}
static int
s_officer_update_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    stf_service_t *self = (stf_service_t *) ctx->arg;
    const char *id = vp_map_str (args, VP_K_OFFICER);
    if (stf_tenant_need (self, ctx->tenant, err)
    ||  stf_officer_visible (self, ctx->tenant, id, err)
    ||  s_contacts_check (args, err))
        return -1;
    const char *status = vp_map_str (args, VP_K_STATUS);
    if (!vp_map_get (args, VP_K_FULL_NAME) && !vp_map_get (args, VP_K_EMAIL) && !vp_map_get (args, VP_K_PHONE)
    &&  !vp_map_get (args, VP_K_CHAT_ID) && !status)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_ARGS,
                           "officer.update of \"%s\" changes nothing: give full_name, email, phone,"
                           " chat_id or status", id);
    int64_t at = stf_time_arg (args, "at");
    bool leaving = status && strcmp (status, "active") != 0;
    if (leaving && s_delegate_check (self, ctx->tenant, id, status, at, err))
        return -1;
    vp_val_t *data = vp_val_dup (args);
    vp_map_put_int (data, VP_K_AT, at);
    vp_val_t *ended = vp_val_array ();
    vp_map_put (result, "ended", ended);
    if (vp_service_emit (self->service, ctx, ctx->tenant, "officer_updated", data, err)
    ||  (leaving && s_end_appointments (self, ctx, id, at, ended, err)))
        return -1;
    vp_val_t *row = vp_staff_officer (self->db, id);
    vp_map_put_all (result, row);
    vp_val_destroy (&row);
    vp_map_put_int (result, VP_K_AT, at);
    return 0;
}

//  Rows of `sql` with ?1 = officer and ?2 = at.
static vp_val_t *
s_officer_rows (stf_service_t *self, const char *sql, const char *officer, int64_t at)
{
    sqlite3_stmt *stmt = s_officer_stmt (self, sql, officer, at, NULL);
    return stmt ? vp_db_rows (stmt) : vp_val_array ();
}

//  {officer, at?} -> the officer, posts and leave at `at`, whom they act
//  for then, and their whole history (changes, appointments, leaves)
static int
s_officer_get (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    stf_service_t *self = (stf_service_t *) ctx->arg;
    const char *id = vp_map_str (args, VP_K_OFFICER);
    if (stf_tenant_need (self, ctx->tenant, err) || stf_officer_visible (self, ctx->tenant, id, err))
        return -1;
    int64_t at = stf_time_arg (args, "at");
    vp_val_t *row = vp_staff_officer (self->db, id);
    vp_map_put_all (result, row);
    vp_val_destroy (&row);
    vp_map_put_int (result, VP_K_AT, at);
    vp_map_put (result, VP_K_POSTS, vp_staff_posts_of (self->db, id, at));
    vp_val_t *leave = vp_staff_leave_at (self->db, id, at);
    if (leave)
        vp_map_put (result, VP_K_LEAVE, leave);
    vp_map_put (result, "delegate_for", s_officer_rows (self,
        "SELECT leave, officer, valid_from AS 'from', valid_to AS 'to' FROM stf_leave"
        " WHERE delegate = ?1 AND valid_from <= ?2 AND valid_to > ?2 ORDER BY valid_from, leave", id, at));
    vp_map_put (result, "history", s_officer_rows (self,
        "SELECT at, change FROM stf_officer_history WHERE officer = ?1 AND ?2 IS NOT NULL"
        " ORDER BY at, rowid", id, at));
    vp_map_put (result, "appointments", s_officer_rows (self,
        "SELECT appointment, post, valid_from AS 'from', valid_to AS 'to' FROM stf_appointment"
        " WHERE officer = ?1 AND ?2 IS NOT NULL ORDER BY valid_from, appointment", id, at));
    vp_map_put (result, "leaves", s_officer_rows (self,
        "SELECT leave, valid_from AS 'from', valid_to AS 'to', delegate FROM stf_leave"
        " WHERE officer = ?1 AND ?2 IS NOT NULL ORDER BY valid_from, leave", id, at));
    return 0;
}

//  {status?} -> officers of the tenant
static int
s_officer_list (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    stf_service_t *self = (stf_service_t *) ctx->arg;
    if (stf_tenant_need (self, ctx->tenant, err))
        return -1;
    const char *status = vp_map_str (args, VP_K_STATUS);
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT officer, full_name, email, phone, chat_id, status FROM stf_officer"
        " WHERE tenant = ?1 AND (?2 IS NULL OR status = ?2) ORDER BY officer", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    if (status)
        sqlite3_bind_text (stmt, 2, status, -1, SQLITE_STATIC);
    vp_map_put (result, VP_K_OFFICERS, vp_db_rows (stmt));
    return 0;
}

static const vp_cmd_t s_commands[] = {
    { VP_C_STAFFING_OFFICER_CREATE, s_officer_create_tx, true, VP_ACCESS_SETUP, .changes = true },
    { VP_C_STAFFING_OFFICER_UPDATE, s_officer_update_tx, true, VP_ACCESS_SETUP, .changes = true },
    { VP_C_STAFFING_OFFICER_GET, s_officer_get, true, VP_ACCESS_DIRECTORY },
    { VP_C_STAFFING_OFFICER_LIST, s_officer_list, true, VP_ACCESS_DIRECTORY },
    { NULL }
};

void
stf_officer_register (stf_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
