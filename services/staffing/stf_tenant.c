/*  stf_tenant - communes (tenants) and their bodies.

    staffing.tenant.create|get|list are district-level (no request tenant
    needed); staffing.body.create|list act in the request's tenant.
*/
#include <string.h>
#include <unistd.h>
#include "stf_service.h"
#include "vp/vp_fields.h"

//  The zones vp_time can show dates in: the default, UTC, or one the
//  system's tz database has (a zone it lacks would silently be UTC).
static int
s_zone_check (const char *zone, vp_err_t *err)
{
    if (strcmp (zone, VP_TIME_DEFAULT_ZONE) == 0 || strcmp (zone, "UTC") == 0)
        return 0;
    char path[160];
    snprintf (path, sizeof path, "/usr/share/zoneinfo/%s", zone);
    if (!*zone || strstr (zone, "..") || zone[0] == '/' || access (path, R_OK) != 0)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_ZONE,
                           "zone \"%s\" is not a time zone this system knows", zone);
    return 0;
}

static vp_val_t *
s_tenant_row (stf_service_t *self, const char *tenant)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT tenant, name, district, merged_on, zone, created FROM stf_tenant WHERE tenant = ?1", NULL);
    if (!stmt)
        return NULL;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    vp_val_t *row = sqlite3_step (stmt) == SQLITE_ROW ? vp_db_row (stmt) : NULL;
    sqlite3_reset (stmt);
    return row;
}

static vp_val_t *
s_bodies (stf_service_t *self, const char *tenant)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT body, name, abbr, kind FROM stf_body WHERE tenant = ?1 ORDER BY body", NULL);
    if (!stmt)
        return vp_val_array ();
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    return vp_db_rows (stmt);
}

//  {tenant, name, district?, merged_on?, zone?}
static int
s_tenant_create_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    stf_service_t *self = (stf_service_t *) ctx->arg;
    const char *tenant = vp_map_str (args, VP_K_TENANT);
    const char *zone = vp_map_str (args, VP_K_ZONE);
    if (zone && s_zone_check (zone, err))
        return -1;
    vp_val_t *existing = s_tenant_row (self, tenant);
    if (existing) {
        vp_val_destroy (&existing);
        return vp_err_set (err, VP_E_ALREADY_EXISTS, VP_K_TENANT, "tenant \"%s\" already exists", tenant);
    }
    if (vp_service_emit (self->service, ctx, tenant, "tenant_created", vp_val_dup (args), err))
        return -1;
    vp_val_t *row = s_tenant_row (self, tenant);
    vp_map_put_all (result, row);
    vp_val_destroy (&row);
    return 0;
}

//  {tenant?} -> the tenant, merged (now) and its bodies
static int
s_tenant_get (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    stf_service_t *self = (stf_service_t *) ctx->arg;
    const char *tenant = vp_map_str (args, VP_K_TENANT) ? vp_map_str (args, VP_K_TENANT) : ctx->tenant;
    if (!*tenant)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_TENANT,
                           "tenant is required (args.tenant or the request's tenant)");
    vp_val_t *row = s_tenant_row (self, tenant);
    if (!row)
        return vp_err_set (err, VP_E_NOT_FOUND, VP_K_TENANT, "tenant \"%s\" does not exist", tenant);
    vp_map_put_all (result, row);
    vp_val_t *merged_on = vp_map_get (row, VP_K_MERGED_ON);
    vp_map_put_bool (result, "merged", merged_on && vp_val_get_int (merged_on) <= vp_clock_now ());
    vp_val_destroy (&row);
    vp_map_put (result, "bodies", s_bodies (self, tenant));
    return 0;
}

static int
s_tenant_list (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    stf_service_t *self = (stf_service_t *) ctx->arg;
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT tenant, name, district, merged_on, zone, created FROM stf_tenant ORDER BY tenant", err);
    if (!stmt)
        return -1;
    vp_map_put (result, "tenants", vp_db_rows (stmt));
    return 0;
}

//  {body, name, abbr?, kind}
static int
s_body_create_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    stf_service_t *self = (stf_service_t *) ctx->arg;
    if (stf_tenant_need (self, ctx->tenant, err))
        return -1;
    const char *body = vp_map_str (args, VP_K_BODY);
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT 1 FROM stf_body WHERE tenant = ?1 AND body = ?2", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, body, -1, SQLITE_STATIC);
    bool exists = sqlite3_step (stmt) == SQLITE_ROW;
    sqlite3_reset (stmt);
    if (exists)
        return vp_err_set (err, VP_E_ALREADY_EXISTS, VP_K_BODY,
                           "body \"%s\" already exists in tenant \"%s\"", body, ctx->tenant);
    if (vp_service_emit (self->service, ctx, ctx->tenant, "body_created", vp_val_dup (args), err))
        return -1;
    vp_map_put_all (result, args);
    return 0;
}

static int
s_body_list (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    stf_service_t *self = (stf_service_t *) ctx->arg;
    if (stf_tenant_need (self, ctx->tenant, err))
        return -1;
    vp_map_put (result, "bodies", s_bodies (self, ctx->tenant));
    return 0;
}

static const vp_cmd_t s_commands[] = {
    { VP_C_STAFFING_TENANT_CREATE, s_tenant_create_tx, false, VP_ACCESS_DISTRICT, .changes = true },
    { VP_C_STAFFING_TENANT_GET, s_tenant_get, false, VP_ACCESS_DIRECTORY },
    { VP_C_STAFFING_TENANT_LIST, s_tenant_list, false, VP_ACCESS_DIRECTORY },
    { VP_C_STAFFING_BODY_CREATE, s_body_create_tx, true, VP_ACCESS_SETUP, .changes = true },
    { VP_C_STAFFING_BODY_LIST, s_body_list, true, VP_ACCESS_DIRECTORY },
    { NULL }
};

void
stf_tenant_register (stf_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
