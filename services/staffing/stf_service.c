/*  stf_service - the service: database, command server, outbox, loop;
    and what every group of commands shares. */
#include <string.h>
#include "stf_service.h"
#include "vp/vp_fields.h"

stf_service_t *
stf_service_new (const vp_config_t *cfg, vp_keys_t *keys, vp_err_t *err)
{
    vp_service_opts_t opts = {
        .name = "staffing", .cmd_endpoint = cfg->staffing_cmd,
        .migrations = stf_migrations, .schema = vp_staff_schema,
        //  Every event it emits goes through the read model first, so its
        //  tables and every other service's projection are the same code.
        .staff_model = true
    };
    vp_service_t *service = vp_service_new (cfg, keys, &opts, err);
    if (!service)
        return NULL;
    stf_service_t *self = (stf_service_t *) zmalloc (sizeof (stf_service_t));
    self->service = service;
    self->db = vp_service_db (service);
    self->cmdsrv = vp_service_cmdsrv (service);
    stf_tenant_register (self);
    stf_post_register (self);
    stf_officer_register (self);
    stf_appoint_register (self);
    stf_leave_register (self);
    stf_query_register (self);
    stf_credential_register (self);
    return self;
}

void
stf_service_destroy (stf_service_t **self_p)
{
    stf_service_t *self = *self_p;
    if (!self)
        return;
    vp_service_destroy (&self->service);
    free (self);
    *self_p = NULL;
}

int
stf_service_run (stf_service_t *self)
{
    return vp_service_run (self->service);
}



int
stf_next_id (stf_service_t *self, const char *prefix, char *id, size_t size, vp_err_t *err)
{
    //  Appointment and leave ids are unique in the district, not per commune.
    return vp_service_next_id (self->service, "", prefix, id, size, err);
}

//  --------------------------------------------------------------------------
//  Lookups

int
stf_tenant_need (stf_service_t *self, const char *tenant, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db, "SELECT 1 FROM stf_tenant WHERE tenant = ?1", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    bool found = sqlite3_step (stmt) == SQLITE_ROW;
    sqlite3_reset (stmt);
    if (!found)
        return vp_err_set (err, VP_E_NOT_FOUND, VP_K_TENANT, "tenant \"%s\" does not exist", tenant);
    return 0;
}

vp_val_t *
stf_row_need (stf_service_t *self, const char *sql, const char *tenant,
              const char *what, const char *id, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db, sql, err);
    if (!stmt)
        return NULL;
    sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, tenant, -1, SQLITE_STATIC);
    vp_val_t *row = sqlite3_step (stmt) == SQLITE_ROW ? vp_db_row (stmt) : NULL;
    sqlite3_reset (stmt);
    if (!row)
        vp_err_set (err, VP_E_NOT_FOUND, what,
                    "%s \"%s\" does not exist in tenant \"%s\"", what, id, tenant);
    return row;
}

int
stf_span_check (stf_service_t *self, const char *tenant, int64_t from, int64_t to, vp_err_t *err)
{
    if (to > from)
        return 0;
    char d1[STF_DATE_MAX], d2[STF_DATE_MAX];
    return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_TO, "to %s (%lld) is not after from %s (%lld)",
                       stf_date (self, tenant, to, d1), (long long) to,
                       stf_date (self, tenant, from, d2), (long long) from);
}

int
stf_officer_need (stf_service_t *self, const char *tenant, const char *officer,
                  const char *field, bool need_active, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT tenant, status FROM stf_officer WHERE officer = ?1", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, officer, -1, SQLITE_STATIC);
    char of[VP_STAFF_ID_MAX] = "", status[16] = "";
    bool found = sqlite3_step (stmt) == SQLITE_ROW;
    if (found) {
        snprintf (of, sizeof of, "%s", (const char *) sqlite3_column_text (stmt, 0));
        snprintf (status, sizeof status, "%s", (const char *) sqlite3_column_text (stmt, 1));
    }
    sqlite3_reset (stmt);
    if (!found)
        return vp_err_set (err, VP_E_NOT_FOUND, field, "%s \"%s\" does not exist", field, officer);
    if (strcmp (of, tenant) != 0)
        return vp_err_set (err, VP_E_FAILED_PRECONDITION, field,
                           "%s \"%s\" is an officer of tenant \"%s\", not of \"%s\"",
                           field, officer, of, tenant);
    if (need_active && strcmp (status, "active") != 0)
        return vp_err_set (err, VP_E_FAILED_PRECONDITION, field,
                           "%s \"%s\" is not active (status %s)", field, officer, status);
    return 0;
}

int
stf_officer_visible (stf_service_t *self, const char *tenant, const char *officer, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT 1 FROM stf_officer WHERE officer = ?1 AND tenant = ?2", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, officer, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, tenant, -1, SQLITE_STATIC);
    bool found = sqlite3_step (stmt) == SQLITE_ROW;
    sqlite3_reset (stmt);
    if (!found)
        return vp_err_set (err, VP_E_NOT_FOUND, VP_K_OFFICER,
                           "officer \"%s\" does not exist in tenant \"%s\"", officer, tenant);
    return 0;
}

const char *
stf_date (stf_service_t *self, const char *tenant, int64_t ms, char buf[STF_DATE_MAX])
{
    char zone[64];
    vp_staff_zone (self->db, tenant, vp_service_config (self->service)->tz, zone);
    return vp_time_format (ms, zone, "%Y-%m-%d", buf, STF_DATE_MAX);
}


vp_val_t *
stf_fields_val (const char *stored)
{
    vp_val_t *fields = vp_val_array ();
    const char *p = stored ? stored : "";
    while (*p) {
        size_t len = strcspn (p, ",");
        if (len)
            vp_array_push (fields, vp_val_strn (p, len));
        p += len;
        if (*p == ',')
            p++;
    }
    return fields;
}

int64_t
stf_time_arg (const vp_val_t *args, const char *key)
{
    return vp_map_get (args, key) ? vp_map_int (args, key, 0) : vp_clock_now ();
}
