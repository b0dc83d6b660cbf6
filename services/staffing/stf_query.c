/*  stf_query - who acts for a post, the posts of an officer, headcount.

    Every query takes `at` (default now) and answers from the history, so
    any past date gives the answer of that day.
*/
#include <string.h>
#include "stf_service.h"
#include "vp/vp_fields.h"

//  {post | field, at?} -> the officer acting for the post then, and why
static int
s_whois (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    stf_service_t *self = (stf_service_t *) ctx->arg;
    const char *post = vp_map_str (args, VP_K_POST);
    const char *field = vp_map_str (args, VP_K_FIELD);
    if (post && field)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_FIELD,
                           "give post or field, not both (post \"%s\", field \"%s\")", post, field);
    if (!post && !field)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_POST, "give post or field (a field of work)");
    if (stf_tenant_need (self, ctx->tenant, err))
        return -1;
    int64_t at = stf_time_arg (args, "at");
    char found[VP_STAFF_ID_MAX];
    if (field) {
        if (vp_staff_post_of_field (self->db, ctx->tenant, field, at, found, err))
            return -1;
        post = found;
    }
    vp_staff_actor_t actor;
    if (vp_staff_whois (self->db, ctx->tenant, post, at, &actor, err))
        return -1;
    vp_val_t *value = vp_staff_actor_val (&actor);
    vp_map_put_all (result, value);
    vp_val_destroy (&value);
    return 0;
}

//  {officer, at?} -> {officer, at, posts}
static int
s_posts_of (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    stf_service_t *self = (stf_service_t *) ctx->arg;
    const char *officer = vp_map_str (args, VP_K_OFFICER);
    if (stf_tenant_need (self, ctx->tenant, err) || stf_officer_visible (self, ctx->tenant, officer, err))
        return -1;
    int64_t at = stf_time_arg (args, "at");
    vp_map_put_str (result, VP_K_OFFICER, officer);
    vp_map_put_int (result, VP_K_AT, at);
    vp_map_put (result, VP_K_POSTS, vp_staff_posts_of (self->db, officer, at));
    return 0;
}

//  An appointment open at ?2 (the alias is `a`).
#define S_OPEN "a.valid_from <= ?2 AND (a.valid_to IS NULL OR a.valid_to > ?2)"

static int64_t
s_count (stf_service_t *self, const char *sql, const char *tenant, int64_t at)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db, sql, NULL);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 2, at);
    int64_t n = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
    sqlite3_reset (stmt);
    return n;
}

//  The figures of a tenant at `at`. Officers are those holding a post
//  then: a move or a departure ends every appointment at its date, so a
//  holder was active at that time, and one who left since still counts
//  in the figures of before (what makes before and after comparable).
static vp_val_t *
s_figures (stf_service_t *self, const char *tenant, int64_t at)
{
    vp_val_t *figures = vp_val_map ();
    vp_map_put_int (figures, VP_K_AT, at);
    vp_map_put_int (figures, VP_K_OFFICERS, s_count (self,
        "SELECT count (DISTINCT a.officer) FROM stf_appointment a"
        " WHERE a.tenant = ?1 AND " S_OPEN, tenant, at));
    vp_map_put_int (figures, VP_K_POSTS, s_count (self,
        "SELECT count (*) FROM stf_post WHERE tenant = ?1 AND valid_from <= ?2"
        " AND (valid_to IS NULL OR valid_to > ?2)", tenant, at));
    vp_map_put_int (figures, "appointments", s_count (self,
        "SELECT count (*) FROM stf_appointment a WHERE a.tenant = ?1 AND " S_OPEN, tenant, at));
    vp_map_put_int (figures, "concurrent", s_count (self,
        "SELECT count (*) FROM (SELECT a.officer FROM stf_appointment a"
        " WHERE a.tenant = ?1 AND " S_OPEN " GROUP BY a.officer HAVING count (DISTINCT a.post) >= 2)",
        tenant, at));
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT p.post FROM stf_post p WHERE p.tenant = ?1 AND p.valid_from <= ?2"
        " AND (p.valid_to IS NULL OR p.valid_to > ?2) AND NOT EXISTS (SELECT 1 FROM stf_appointment a"
        "   WHERE a.tenant = p.tenant AND a.post = p.post AND " S_OPEN ")"
        " ORDER BY p.post", NULL);
    vp_val_t *vacant = vp_val_array ();
    if (stmt) {
        sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 2, at);
        while (sqlite3_step (stmt) == SQLITE_ROW)
            vp_array_push (vacant, vp_val_str ((const char *) sqlite3_column_text (stmt, 0)));
        sqlite3_reset (stmt);
    }
    vp_map_put_int (figures, "vacancies", (int64_t) vp_val_len (vacant));
    vp_map_put (figures, "vacant_posts", vacant);
    return figures;
}

//  {at?} -> figures at `at`, and, for a merged commune, the same figures
//  on the eve of the merger (merged_on - 1 ms)
static int
s_headcount (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    stf_service_t *self = (stf_service_t *) ctx->arg;
    if (stf_tenant_need (self, ctx->tenant, err))
        return -1;
    int64_t at = stf_time_arg (args, "at");
    sqlite3_stmt *stmt = vp_db_cached (self->db, "SELECT merged_on FROM stf_tenant WHERE tenant = ?1", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    bool merged = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) == SQLITE_INTEGER;
    int64_t merged_on = merged ? sqlite3_column_int64 (stmt, 0) : 0;
    sqlite3_reset (stmt);

    vp_map_put_str (result, VP_K_TENANT, ctx->tenant);
    vp_val_t *figures = s_figures (self, ctx->tenant, at);
    vp_map_put_all (result, figures);
    vp_val_destroy (&figures);
    if (merged) {
        vp_map_put_int (result, VP_K_MERGED_ON, merged_on);
        vp_map_put_bool (result, "merged", at >= merged_on);
        vp_map_put (result, "before_merger", s_figures (self, ctx->tenant, merged_on - 1));
    }
    return 0;
}

static const vp_cmd_t s_commands[] = {
    { VP_C_STAFFING_WHOIS, s_whois, true, VP_ACCESS_DIRECTORY },
    { VP_C_STAFFING_POSTS_OF, s_posts_of, true, VP_ACCESS_DIRECTORY },
    { VP_C_STAFFING_REPORT_HEADCOUNT, s_headcount, true, VP_ACCESS_DIRECTORY },
    { NULL }
};

void
stf_query_register (stf_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
