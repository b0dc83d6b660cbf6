/*  stf_appoint - appointments of officers to posts, and their end.

    Several open appointments of one officer are normal (kiêm nhiệm); one
    officer holding the same post twice over the same time is not.
*/
#include <string.h>
#include "stf_service.h"
#include "vp/vp_fields.h"

//  {officer, post, from?, to?}
static int
s_appoint_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    stf_service_t *self = (stf_service_t *) ctx->arg;
    const char *tenant = ctx->tenant;
    const char *officer = vp_map_str (args, VP_K_OFFICER);
    const char *post = vp_map_str (args, VP_K_POST);
    if (stf_tenant_need (self, tenant, err))
        return -1;
    vp_val_t *row = stf_row_need (self,
        "SELECT valid_from, valid_to FROM stf_post WHERE post = ?1 AND tenant = ?2", tenant, "post", post, err);
    if (!row)
        return -1;
    int64_t post_from = vp_map_int (row, "valid_from", 0);
    int64_t post_to = vp_map_int (row, "valid_to", INT64_MAX);
    vp_val_destroy (&row);
    if (stf_officer_need (self, tenant, officer, "officer", true, err))
        return -1;

    int64_t from = stf_time_arg (args, "from");
    bool has_to = vp_map_get (args, VP_K_TO) != NULL;
    int64_t to = vp_map_int (args, VP_K_TO, INT64_MAX);
    char d1[STF_DATE_MAX], d2[STF_DATE_MAX];
    if (stf_span_check (self, tenant, from, to, err))
        return -1;
    if (from < post_from)
        return vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_FROM,
                           "from %s is before post \"%s\" exists (from %s)",
                           stf_date (self, tenant, from, d1), post, stf_date (self, tenant, post_from, d2));
    if (post_to != INT64_MAX && (from >= post_to || !has_to || to > post_to))
        return vp_err_set (err, VP_E_FAILED_PRECONDITION, has_to && from < post_to ? "to" : "from",
                           "post \"%s\" is closed from %s: an appointment must end by then",
                           post, stf_date (self, tenant, post_to, d1));

    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT appointment, valid_from FROM stf_appointment WHERE tenant = ?1 AND officer = ?2"
        " AND post = ?3 AND valid_from < ?5 AND (valid_to IS NULL OR valid_to > ?4) LIMIT 1", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, officer, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, post, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 4, from);
    sqlite3_bind_int64 (stmt, 5, to);
    int rc = 0;
    if (sqlite3_step (stmt) == SQLITE_ROW)
        rc = vp_err_set (err, VP_E_ALREADY_EXISTS, VP_K_POST,
                         "officer \"%s\" already holds post \"%s\" then (appointment \"%s\" from %s)",
                         officer, post, (const char *) sqlite3_column_text (stmt, 0),
                         stf_date (self, tenant, sqlite3_column_int64 (stmt, 1), d1));
    sqlite3_reset (stmt);
    if (rc)
        return -1;

    char id[VP_STAFF_ID_MAX];
    if (stf_next_id (self, "a", id, sizeof id, err))
        return -1;
    vp_val_t *data = vp_val_map ();
    vp_map_put_str (data, VP_K_APPOINTMENT, id);
    vp_map_put_str (data, VP_K_OFFICER, officer);
    vp_map_put_str (data, VP_K_POST, post);
    vp_map_put_int (data, VP_K_FROM, from);
    if (has_to)
        vp_map_put_int (data, VP_K_TO, to);
    vp_map_put_all (result, data);
    return vp_service_emit (self->service, ctx, tenant, "appointed", data, err);
}

//  {appointment, to?}
static int
s_appointment_end_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    stf_service_t *self = (stf_service_t *) ctx->arg;
    const char *tenant = ctx->tenant;
    const char *id = vp_map_str (args, VP_K_APPOINTMENT);
    if (stf_tenant_need (self, tenant, err))
        return -1;
    vp_val_t *row = stf_row_need (self,
        "SELECT officer, post, valid_from, valid_to FROM stf_appointment"
        " WHERE appointment = ?1 AND tenant = ?2", tenant, "appointment", id, err);
    if (!row)
        return -1;
    int64_t from = vp_map_int (row, "valid_from", 0);
    bool ends = vp_map_get (row, "valid_to") != NULL;
    int64_t ended = vp_map_int (row, "valid_to", 0);
    int64_t to = stf_time_arg (args, "to");
    char d1[STF_DATE_MAX], d2[STF_DATE_MAX];
    int rc = 0;
    if (to < from)
        rc = vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_TO,
                         "to %s (%lld) is before appointment \"%s\" starts (%s)",
                         stf_date (self, tenant, to, d1), (long long) to, id, stf_date (self, tenant, from, d2));
    else
    if (ends && ended <= to)
        rc = vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_TO,
                         "appointment \"%s\" already ends on %s, not after to %s",
                         id, stf_date (self, tenant, ended, d1), stf_date (self, tenant, to, d2));
    else {
        vp_val_t *data = vp_val_map ();
        vp_map_put_str (data, VP_K_APPOINTMENT, id);
        vp_map_put_str (data, VP_K_OFFICER, vp_map_str (row, VP_K_OFFICER));
        vp_map_put_str (data, VP_K_POST, vp_map_str (row, VP_K_POST));
        vp_map_put_int (data, VP_K_TO, to);
        vp_map_put_all (result, data);
        vp_map_put_int (result, VP_K_FROM, from);
        rc = vp_service_emit (self->service, ctx, tenant, "appointment_ended", data, err);
    }
    vp_val_destroy (&row);
    return rc;
}

static const vp_cmd_t s_commands[] = {
    { VP_C_STAFFING_APPOINT, s_appoint_tx, true, VP_ACCESS_SETUP, .changes = true },
    { VP_C_STAFFING_APPOINTMENT_END, s_appointment_end_tx, true, VP_ACCESS_SETUP, .changes = true },
    { NULL }
};

void
stf_appoint_register (stf_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
