/*  stf_schema - vp-staffing's own tables (the read model is vp_staff's): the migrations of owner "staffing"
    (vp_db_migrate), in order; never edit one that has shipped. */
#include "stf_service.h"

//  The service's own tables (the read model is vp_staff's): officers'
//  passwords (argon2id strings, never on the bus) and sign-in attempts.
const char *const stf_migrations[] = {
    "CREATE TABLE stf_credential ("
    "  officer TEXT PRIMARY KEY, hash TEXT NOT NULL, set_at INTEGER NOT NULL, set_by TEXT NOT NULL);"
    "CREATE TABLE stf_login_attempt ("
    "  at INTEGER NOT NULL, tenant TEXT NOT NULL, officer TEXT NOT NULL, source TEXT NOT NULL,"
    "  outcome TEXT NOT NULL);"
    "CREATE INDEX stf_login_attempt_officer ON stf_login_attempt (officer, at);"
    "CREATE INDEX stf_login_attempt_source ON stf_login_attempt (source, at);"
    "CREATE INDEX stf_login_attempt_tenant ON stf_login_attempt (tenant, at);",
    NULL
};
