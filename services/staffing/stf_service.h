/*  stf_service - vp-staffing: communes, bodies, posts, officers,
    appointments, leave and delegation.

    The service's state IS the staffing read model (vp_staff): a command
    checks the request against the current tables, then, in one
    transaction, applies each event it causes with vp_staff_apply and puts
    it in the outbox. So this service and every other service's projection
    of staffing run the same code on the same events.

    The process itself (database, command server, outbox, loop, health)
    is the common vp_service.
*/
#ifndef STF_SERVICE_H_INCLUDED
#define STF_SERVICE_H_INCLUDED

#include "vp/vp.h"

//  Dates in messages for people: "YYYY-MM-DD".
#define STF_DATE_MAX 32

typedef struct {
    vp_service_t *service;
    sqlite3 *db;                //  the service's database
    vp_cmdsrv_t *cmdsrv;        //  its command server
} stf_service_t;

stf_service_t *stf_service_new (const vp_config_t *cfg, vp_keys_t *keys, vp_err_t *err);
void stf_service_destroy (stf_service_t **self_p);
//  Run until interrupted (SIGINT/SIGTERM).
int stf_service_run (stf_service_t *self);

//  ------------------------------------------------------------ changes

//  A new id "<prefix>-<n>" (n counts per prefix), in the change's transaction.
int stf_next_id (stf_service_t *self, const char *prefix, char *id, size_t size, vp_err_t *err);

//  ------------------------------------------------------------ lookups

//  not_found (field "tenant") unless the tenant exists.
int stf_tenant_need (stf_service_t *self, const char *tenant, vp_err_t *err);

//  The row that sql selects by ?1 = id and ?2 = tenant (a map, the
//  caller's to destroy), or NULL: not_found (field `what`) when there is
//  none, or the database error.
vp_val_t *stf_row_need (stf_service_t *self, const char *sql, const char *tenant,
                        const char *what, const char *id, vp_err_t *err);

//  invalid_argument (field "to") unless `to` is after `from`.
int stf_span_check (stf_service_t *self, const char *tenant, int64_t from, int64_t to,
                    vp_err_t *err);

//  The officer as a party to a change in `tenant` (appoint, leave):
//  not_found when nobody has that id, failed_precondition when the officer
//  belongs to another tenant or (when need_active) is not active. field
//  names the argument in the error ("officer", "delegate").
int stf_officer_need (stf_service_t *self, const char *tenant, const char *officer,
                      const char *field, bool need_active, vp_err_t *err);

//  The officer as something looked at in `tenant`: not_found unless the
//  officer exists in that tenant (one tenant never sees another's).
int stf_officer_visible (stf_service_t *self, const char *tenant, const char *officer,
                         vp_err_t *err);

//  ms as a date of the tenant's zone, "2026-12-01".
const char *stf_date (stf_service_t *self, const char *tenant, int64_t ms,
                      char buf[STF_DATE_MAX]);

//  Post fields as stored (",a,b,") as an array of strings.
vp_val_t *stf_fields_val (const char *stored);

//  `at` (or `from`, `to`) of args, or now.
int64_t stf_time_arg (const vp_val_t *args, const char *key);

//  ------------------------------------------------------------ handlers

void stf_tenant_register (stf_service_t *self);     //  stf_tenant.c
void stf_post_register (stf_service_t *self);       //  stf_post.c
void stf_officer_register (stf_service_t *self);    //  stf_officer.c
void stf_appoint_register (stf_service_t *self);    //  stf_appoint.c
void stf_leave_register (stf_service_t *self);      //  stf_leave.c
void stf_query_register (stf_service_t *self);      //  stf_query.c
void stf_credential_register (stf_service_t *self); //  stf_credential.c

//  The service's schema, migration by migration (stf_schema.c).
extern const char *const stf_migrations[];

#endif
