/*  stf_leave - leave and delegation (ủy quyền).

    An officer on leave names a delegate who acts for them meanwhile. The
    delegate is another active officer of the same commune, not on leave
    at the same time; one officer's leaves do not overlap; and following
    delegates from the one named never comes back to the officer on leave
    (a delegate may go on leave later: the chain then goes on to theirs).
*/
#include <string.h>
#include "stf_service.h"
#include "vp/vp_fields.h"

//  Leaves of officer overlapping [from, to): [{leave, valid_from, valid_to, delegate}].
static vp_val_t *
s_leaves_over (stf_service_t *self, const char *officer, int64_t from, int64_t to)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT leave, valid_from, valid_to, delegate FROM stf_leave"
        " WHERE officer = ?1 AND valid_from < ?3 AND valid_to > ?2 ORDER BY valid_from, leave", NULL);
    if (!stmt)
        return vp_val_array ();
    sqlite3_bind_text (stmt, 1, officer, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 2, from);
    sqlite3_bind_int64 (stmt, 3, to);
    return vp_db_rows (stmt);
}

//  Would `officer` be reached by following delegates from path[depth-1]
//  while [from, to) lasts? path holds the officers passed so far.
static int
s_loop_check (stf_service_t *self, const char *officer, char path[][VP_STAFF_ID_MAX], int depth,
              int64_t from, int64_t to, vp_err_t *err)
{
    if (depth > VP_STAFF_CHAIN_MAX)
        return vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_DELEGATE,
                           "delegate \"%s\" starts a chain of delegations longer than %d",
                           path[1], VP_STAFF_CHAIN_MAX);
    vp_val_t *leaves = s_leaves_over (self, path[depth - 1], from, to);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < vp_val_len (leaves); i++) {
        vp_val_t *leave = vp_array_at (leaves, i);
        const char *next = vp_map_str (leave, VP_K_DELEGATE);
        int64_t lo = vp_map_int (leave, "valid_from", 0);
        int64_t hi = vp_map_int (leave, "valid_to", 0);
        snprintf (path[depth], VP_STAFF_ID_MAX, "%s", next);
        if (strcmp (next, officer) == 0) {
            char shown[(VP_STAFF_CHAIN_MAX + 2) * (VP_STAFF_ID_MAX + 3)] = "";
            for (int j = 0; j <= depth; j++) {
                strcat (shown, path[j]);
                if (j < depth)
                    strcat (shown, " -> ");
            }
            rc = vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_DELEGATE,
                             "delegate \"%s\" would loop: %s (leave \"%s\")",
                             path[1], shown, vp_map_str (leave, VP_K_LEAVE));
        }
        else
            rc = s_loop_check (self, officer, path, depth + 1,
                               lo > from ? lo : from, hi < to ? hi : to, err);
    }
    vp_val_destroy (&leaves);
    return rc;
}

//  failed_precondition when officer has a leave overlapping [from, to).
static int
s_overlap_check (stf_service_t *self, const char *tenant, const char *officer, const char *field,
                 const char *fmt_who, int64_t from, int64_t to, vp_err_t *err)
{
    vp_val_t *leaves = s_leaves_over (self, officer, from, to);
    int rc = 0;
    if (vp_val_len (leaves)) {
        vp_val_t *leave = vp_array_at (leaves, 0);
        char d1[STF_DATE_MAX], d2[STF_DATE_MAX];
        rc = vp_err_set (err, VP_E_FAILED_PRECONDITION, field,
                         "%s \"%s\" is on leave from %s to %s (leave \"%s\")", fmt_who, officer,
                         stf_date (self, tenant, vp_map_int (leave, "valid_from", 0), d1),
                         stf_date (self, tenant, vp_map_int (leave, "valid_to", 0), d2),
                         vp_map_str (leave, VP_K_LEAVE));
    }
    vp_val_destroy (&leaves);
    return rc;
}

//  {officer, from?, to, delegate}
static int
s_leave_start_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    stf_service_t *self = (stf_service_t *) ctx->arg;
    const char *tenant = ctx->tenant;
    const char *officer = vp_map_str (args, VP_K_OFFICER);
    const char *delegate = vp_map_str (args, VP_K_DELEGATE);
    if (stf_tenant_need (self, tenant, err)
    ||  stf_officer_need (self, tenant, officer, "officer", true, err))
        return -1;
    if (strcmp (delegate, officer) == 0)
        return vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_DELEGATE,
                           "delegate \"%s\" is the officer on leave", delegate);
    if (stf_officer_need (self, tenant, delegate, "delegate", true, err))
        return -1;
    int64_t from = stf_time_arg (args, "from");
    int64_t to = vp_map_int (args, VP_K_TO, 0);
    if (stf_span_check (self, tenant, from, to, err))
        return -1;
    char path[VP_STAFF_CHAIN_MAX + 2][VP_STAFF_ID_MAX];
    snprintf (path[0], VP_STAFF_ID_MAX, "%s", officer);
    snprintf (path[1], VP_STAFF_ID_MAX, "%s", delegate);
    if (s_overlap_check (self, tenant, officer, "from", "officer", from, to, err)
    ||  s_loop_check (self, officer, path, 2, from, to, err)
    ||  s_overlap_check (self, tenant, delegate, "delegate", "delegate", from, to, err))
        return -1;

    char id[VP_STAFF_ID_MAX];
    if (stf_next_id (self, "l", id, sizeof id, err))
        return -1;
    vp_val_t *data = vp_val_map ();
    vp_map_put_str (data, VP_K_LEAVE, id);
    vp_map_put_str (data, VP_K_OFFICER, officer);
    vp_map_put_int (data, VP_K_FROM, from);
    vp_map_put_int (data, VP_K_TO, to);
    vp_map_put_str (data, VP_K_DELEGATE, delegate);
    vp_map_put_all (result, data);
    return vp_service_emit (self->service, ctx, tenant, "leave_started", data, err);
}

//  {leave, to?}: back at `to`, between the start and the planned end
static int
s_leave_end_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    stf_service_t *self = (stf_service_t *) ctx->arg;
    const char *tenant = ctx->tenant;
    const char *id = vp_map_str (args, VP_K_LEAVE);
    if (stf_tenant_need (self, tenant, err))
        return -1;
    vp_val_t *row = stf_row_need (self,
        "SELECT officer, valid_from, valid_to, delegate FROM stf_leave WHERE leave = ?1 AND tenant = ?2",
        tenant, "leave", id, err);
    if (!row)
        return -1;
    int64_t from = vp_map_int (row, "valid_from", 0);
    int64_t planned = vp_map_int (row, "valid_to", 0);
    int64_t to = stf_time_arg (args, "to");
    if (to < from || to > planned) {
        char d0[STF_DATE_MAX], d1[STF_DATE_MAX], d2[STF_DATE_MAX];
        vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_TO,
                    "to %s (%lld) is not between the start of leave \"%s\" (%s) and its end (%s)",
                    stf_date (self, tenant, to, d0), (long long) to, id,
                    stf_date (self, tenant, from, d1), stf_date (self, tenant, planned, d2));
        vp_val_destroy (&row);
        return -1;
    }
    vp_val_t *data = vp_val_map ();
    vp_map_put_str (data, VP_K_LEAVE, id);
    vp_map_put_str (data, VP_K_OFFICER, vp_map_str (row, VP_K_OFFICER));
    vp_map_put_int (data, VP_K_TO, to);
    vp_map_put_all (result, data);
    vp_map_put_int (result, VP_K_FROM, from);
    vp_map_put_str (result, VP_K_DELEGATE, vp_map_str (row, VP_K_DELEGATE));
    vp_val_destroy (&row);
    return vp_service_emit (self->service, ctx, tenant, "leave_ended", data, err);
}

static const vp_cmd_t s_commands[] = {
    { VP_C_STAFFING_LEAVE_START, s_leave_start_tx, true, VP_ACCESS_SETUP, .changes = true },
    { VP_C_STAFFING_LEAVE_END, s_leave_end_tx, true, VP_ACCESS_SETUP, .changes = true },
    { NULL }
};

void
stf_leave_register (stf_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
