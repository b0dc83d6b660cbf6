/*  stf_post - posts of a commune's bodies: create, close, get, list. */
#include <string.h>
#include "stf_service.h"
#include "vp/vp_fields.h"

#define S_POST_COLUMNS "post, body, title, fields, clearance, heads_office, valid_from, valid_to"

//  A post as people read it, from a row of S_POST_COLUMNS.
static vp_val_t *
s_post_val (sqlite3_stmt *stmt)
{
    vp_val_t *post = vp_val_map ();
    vp_map_put_str (post, VP_K_POST, (const char *) sqlite3_column_text (stmt, 0));
    vp_map_put_str (post, VP_K_BODY, (const char *) sqlite3_column_text (stmt, 1));
    vp_map_put_str (post, VP_K_TITLE, (const char *) sqlite3_column_text (stmt, 2));
    vp_map_put (post, VP_K_FIELDS, stf_fields_val ((const char *) sqlite3_column_text (stmt, 3)));
    vp_map_put_str (post, VP_K_CLEARANCE, vp_secrecy_name (sqlite3_column_int (stmt, 4)));
    vp_map_put_bool (post, VP_K_HEADS_OFFICE, sqlite3_column_int (stmt, 5) != 0);
    vp_map_put_int (post, VP_K_FROM, sqlite3_column_int64 (stmt, 6));
    if (sqlite3_column_type (stmt, 7) == SQLITE_INTEGER)
        vp_map_put_int (post, VP_K_TO, sqlite3_column_int64 (stmt, 7));
    return post;
}

//  Who holds the post at `at`: [{appointment, officer, full_name, from, to?}].
static vp_val_t *
s_holders (stf_service_t *self, const char *tenant, const char *post, int64_t at)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT a.appointment, a.officer, o.full_name, a.valid_from AS 'from', a.valid_to AS 'to'"
        " FROM stf_appointment a LEFT JOIN stf_officer o ON o.officer = a.officer"
        " WHERE a.tenant = ?1 AND a.post = ?2 AND a.valid_from <= ?3"
        " AND (a.valid_to IS NULL OR a.valid_to > ?3) ORDER BY a.valid_from, a.appointment", NULL);
    if (!stmt)
        return vp_val_array ();
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, post, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 3, at);
    return vp_db_rows (stmt);
}

//  The post (any time), or NULL.
static vp_val_t *
s_post (stf_service_t *self, const char *tenant, const char *post)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT " S_POST_COLUMNS " FROM stf_post WHERE tenant = ?1 AND post = ?2", NULL);
    if (!stmt)
        return NULL;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, post, -1, SQLITE_STATIC);
    vp_val_t *value = sqlite3_step (stmt) == SQLITE_ROW ? s_post_val (stmt) : NULL;
    sqlite3_reset (stmt);
    return value;
}

//  The post of an existing tenant, or NULL: not_found (tenant, post).
static vp_val_t *
s_post_need (stf_service_t *self, const char *tenant, const char *post, vp_err_t *err)
{
    if (stf_tenant_need (self, tenant, err))
        return NULL;
    vp_val_t *value = s_post (self, tenant, post);
    if (!value)
        vp_err_set (err, VP_E_NOT_FOUND, VP_K_POST,
                    "post \"%s\" does not exist in tenant \"%s\"", post, tenant);
    return value;
}

static int
s_body_need (stf_service_t *self, const char *tenant, const char *body, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT 1 FROM stf_body WHERE tenant = ?1 AND body = ?2", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, body, -1, SQLITE_STATIC);
    bool found = sqlite3_step (stmt) == SQLITE_ROW;
    sqlite3_reset (stmt);
    if (!found)
        return vp_err_set (err, VP_E_NOT_FOUND, VP_K_BODY,
                           "body \"%s\" does not exist in tenant \"%s\"", body, tenant);
    return 0;
}

//  {post, body, title, fields?, clearance?, heads_office?, from?}
static int
s_post_create_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    stf_service_t *self = (stf_service_t *) ctx->arg;
    if (stf_tenant_need (self, ctx->tenant, err)
    ||  s_body_need (self, ctx->tenant, vp_map_str (args, VP_K_BODY), err))
        return -1;
    const char *id = vp_map_str (args, VP_K_POST);
    vp_val_t *existing = s_post (self, ctx->tenant, id);
    if (existing) {
        vp_val_destroy (&existing);
        return vp_err_set (err, VP_E_ALREADY_EXISTS, VP_K_POST,
                           "post \"%s\" already exists in tenant \"%s\"", id, ctx->tenant);
    }
    vp_val_t *data = vp_val_dup (args);
    vp_map_put_int (data, VP_K_FROM, stf_time_arg (args, "from"));
    if (vp_service_emit (self->service, ctx, ctx->tenant, "post_created", data, err))
        return -1;
    vp_val_t *post = s_post (self, ctx->tenant, id);
    vp_map_put_all (result, post);
    vp_val_destroy (&post);
    return 0;
}

//  {post, to?}: the post ceases to exist at `to`; appointments still
//  open then end then (an event each), so nobody holds a closed post.
static int
s_post_close_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    stf_service_t *self = (stf_service_t *) ctx->arg;
    const char *id = vp_map_str (args, VP_K_POST);
    vp_val_t *post = s_post_need (self, ctx->tenant, id, err);
    if (!post)
        return -1;
    int64_t from = vp_map_int (post, VP_K_FROM, 0);
    bool closed = vp_map_get (post, VP_K_TO) != NULL;
    vp_val_destroy (&post);
    int64_t to = stf_time_arg (args, "to");
    char d1[STF_DATE_MAX], d2[STF_DATE_MAX];
    if (closed)
        return vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_POST, "post \"%s\" is already closed", id);
    if (to <= from)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_TO, "to %s is not after the post exists (from %s)",
                           stf_date (self, ctx->tenant, to, d1), stf_date (self, ctx->tenant, from, d2));
    //  Appointments open at `to` (or starting later) end there.
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT appointment, officer, max (valid_from, ?3) AS ending FROM stf_appointment"
        " WHERE tenant = ?1 AND post = ?2 AND (valid_to IS NULL OR valid_to > ?3)"
        " ORDER BY valid_from, appointment", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 3, to);
    vp_val_t *open = vp_db_rows (stmt);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < vp_val_len (open); i++) {
        vp_val_t *row = vp_array_at (open, i);
        vp_val_t *data = vp_val_map ();
        vp_map_put_str (data, VP_K_APPOINTMENT, vp_map_str (row, VP_K_APPOINTMENT));
        vp_map_put_str (data, VP_K_OFFICER, vp_map_str (row, VP_K_OFFICER));
        vp_map_put_str (data, VP_K_POST, id);
        vp_map_put_int (data, VP_K_TO, vp_map_int (row, "ending", to));
        rc = vp_service_emit (self->service, ctx, ctx->tenant, "appointment_ended", data, err);
    }
    vp_map_put_int (result, "appointments_ended", (int64_t) vp_val_len (open));
    vp_val_destroy (&open);
    if (rc)
        return -1;
    vp_val_t *data = vp_val_map ();
    vp_map_put_str (data, VP_K_POST, id);
    vp_map_put_int (data, VP_K_TO, to);
    if (vp_service_emit (self->service, ctx, ctx->tenant, "post_closed", data, err))
        return -1;
    post = s_post (self, ctx->tenant, id);
    vp_map_put_all (result, post);
    vp_val_destroy (&post);
    return 0;
}

//  {post, at?} -> the post, its holders at `at` and who acts for it then
static int
s_post_get (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    stf_service_t *self = (stf_service_t *) ctx->arg;
    const char *id = vp_map_str (args, VP_K_POST);
    int64_t at = stf_time_arg (args, "at");
    vp_val_t *post = s_post_need (self, ctx->tenant, id, err);
    if (!post)
        return -1;
    vp_map_put_all (result, post);
    vp_val_destroy (&post);
    vp_map_put_int (result, VP_K_AT, at);
    vp_val_t *holders = s_holders (self, ctx->tenant, id, at);
    vp_map_put_bool (result, "vacant", vp_val_len (holders) == 0);
    vp_map_put (result, "holders", holders);
    //  Nobody may act (vacant, and no office head then): the post is still shown.
    vp_staff_actor_t actor;
    if (vp_staff_whois (self->db, ctx->tenant, id, at, &actor, NULL) == 0)
        vp_map_put (result, "acting", vp_staff_actor_val (&actor));
    return 0;
}

//  {at?, body?} -> the posts that exist at `at`, with their holders
static int
s_post_list (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    stf_service_t *self = (stf_service_t *) ctx->arg;
    const char *body = vp_map_str (args, VP_K_BODY);
    if (stf_tenant_need (self, ctx->tenant, err)
    ||  (body && s_body_need (self, ctx->tenant, body, err)))
        return -1;
    int64_t at = stf_time_arg (args, "at");
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT " S_POST_COLUMNS " FROM stf_post WHERE tenant = ?1 AND valid_from <= ?2"
        " AND (valid_to IS NULL OR valid_to > ?2) AND (?3 IS NULL OR body = ?3) ORDER BY body, post", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 2, at);
    if (body)
        sqlite3_bind_text (stmt, 3, body, -1, SQLITE_STATIC);
    vp_val_t *posts = vp_val_array ();
    while (sqlite3_step (stmt) == SQLITE_ROW)
        vp_array_push (posts, s_post_val (stmt));
    sqlite3_reset (stmt);
    //  Holders after the walk: the holders query is a statement of its own.
    for (size_t i = 0; i < vp_val_len (posts); i++) {
        vp_val_t *post = vp_array_at (posts, i);
        vp_val_t *holders = s_holders (self, ctx->tenant, vp_map_str (post, VP_K_POST), at);
        vp_map_put_bool (post, "vacant", vp_val_len (holders) == 0);
        vp_map_put (post, "holders", holders);
    }
    vp_map_put_int (result, VP_K_AT, at);
    vp_map_put (result, VP_K_POSTS, posts);
    return 0;
}

static const vp_cmd_t s_commands[] = {
    { VP_C_STAFFING_POST_CREATE, s_post_create_tx, true, VP_ACCESS_SETUP, .changes = true },
    { VP_C_STAFFING_POST_CLOSE, s_post_close_tx, true, VP_ACCESS_SETUP, .changes = true },
    { VP_C_STAFFING_POST_GET, s_post_get, true, VP_ACCESS_DIRECTORY },
    { VP_C_STAFFING_POST_LIST, s_post_list, true, VP_ACCESS_DIRECTORY },
    { NULL }
};

void
stf_post_register (stf_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
