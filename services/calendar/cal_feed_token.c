/*  cal_feed_token - the feeds' secret tokens and calendar.feed.url|revoke. */
#include <ctype.h>
#include <string.h>
#include <sys/random.h>
#include "cal_feed_token.h"
#include "cal_ical.h"
#include "vp/vp_fields.h"

#define S_TOKEN_BYTES (CAL_FEED_TOKEN_HEX / 2)

//  The live token of (tenant, officer, body) into token, true when there is one.
static bool
s_token_of (cal_service_t *self, const char *tenant, const char *officer, const char *body,
            char token[CAL_FEED_TOKEN_HEX + 1], int64_t *created)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT token, created FROM cal_feed WHERE tenant = ?1 AND officer = ?2 AND body = ?3"
        " AND revoked IS NULL ORDER BY created DESC LIMIT 1", NULL);
    if (!stmt)
        return false;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, officer ? officer : "", -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, body ? body : "", -1, SQLITE_STATIC);
    bool found = sqlite3_step (stmt) == SQLITE_ROW;
    if (found) {
        snprintf (token, CAL_FEED_TOKEN_HEX + 1, "%s", (const char *) sqlite3_column_text (stmt, 0));
        *created = sqlite3_column_int64 (stmt, 1);
    }
    sqlite3_reset (stmt);
    return found;
}

static int
s_revoke (cal_service_t *self, const char *tenant, const char *officer, const char *body, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "UPDATE cal_feed SET revoked = ?4 WHERE tenant = ?1 AND officer = ?2 AND body = ?3 AND revoked IS NULL", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, officer ? officer : "", -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, body ? body : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 4, vp_clock_now ());
    int rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "feed");
    sqlite3_reset (stmt);
    return rc;
}

static int
s_token_new (cal_service_t *self, const char *tenant, const char *officer, const char *body,
             char token[CAL_FEED_TOKEN_HEX + 1], int64_t *created, vp_err_t *err)
{
    unsigned char bytes[S_TOKEN_BYTES];
    if (getrandom (bytes, sizeof bytes, 0) != (ssize_t) sizeof bytes)
        return vp_err_set (err, VP_E_UNAVAILABLE, "", "no random bytes for a feed token");
    for (int i = 0; i < S_TOKEN_BYTES; i++)
        snprintf (token + 2 * i, 3, "%02x", bytes[i]);
    *created = vp_clock_now ();
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT INTO cal_feed (token, tenant, officer, body, created) VALUES (?1, ?2, ?3, ?4, ?5)", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, token, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, officer ? officer : "", -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 4, body ? body : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 5, *created);
    int rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "feed");
    sqlite3_reset (stmt);
    return rc;
}

static void
s_put_feed (cal_service_t *self, vp_val_t *result, const char *token, const char *officer, const char *body,
            int64_t created)
{
    vp_map_put (result, VP_K_URL, vp_val_strf ("%s/feeds/%s.ics", self->feed_url, token));
    if (officer)
        vp_map_put_str (result, VP_K_OFFICER, officer);
    if (body)
        vp_map_put_str (result, VP_K_BODY, body);
    vp_map_put_int (result, VP_K_CREATED, created);
}

static int
s_need_http (cal_service_t *self, vp_err_t *err)
{
    if (self->feed)
        return 0;
    return vp_err_set (err, VP_E_FAILED_PRECONDITION, "",
                       "the feeds' HTTP endpoint is off (VP_CALENDAR_HTTP is empty): there is no URL to give");
}

//  An officer's feed URL is a secret of that officer: given and revoked
//  by them (their key, or the gateway in their session) or an admin (a
//  service too); a body's or the commune's, by any of its officers.
static int
s_whose_check (vp_cmdctx_t *ctx, const char *officer, vp_err_t *err)
{
    bool itself = !ctx->peer || (ctx->role && (strcmp (ctx->role, "admin") == 0
                                           ||  (strcmp (ctx->role, "service") == 0 && !*ctx->actor)));
    if (!officer || itself || strcmp (ctx->actor, officer) == 0)
        return 0;
    return vp_err_set (err, VP_E_PERMISSION_DENIED, VP_K_OFFICER,
                       "the feed URL of %s is theirs: %s may not have it nor revoke it", officer, ctx->actor);
}

//  {officer? | body?, renew?} -> {url, officer?, body?, created}
static int
s_url_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    cal_service_t *self = (cal_service_t *) ctx->arg;
    const char *officer = vp_map_str (args, VP_K_OFFICER), *body = vp_map_str (args, VP_K_BODY);
    if (s_whose_check (ctx, officer, err)
    ||  cal_ical_whose (self, ctx->tenant, officer, body, err)
    ||  s_need_http (self, err))
        return -1;
    char token[CAL_FEED_TOKEN_HEX + 1];
    int64_t created = 0;
    bool renew = vp_map_bool (args, VP_K_RENEW, false);
    if (renew && s_revoke (self, ctx->tenant, officer, body, err))
        return -1;
    if ((renew || !s_token_of (self, ctx->tenant, officer, body, token, &created))
    &&  s_token_new (self, ctx->tenant, officer, body, token, &created, err))
        return -1;
    s_put_feed (self, result, token, officer, body, created);
    return 0;
}

//  {officer? | body?} -> the URL that stops working
static int
s_revoke_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    cal_service_t *self = (cal_service_t *) ctx->arg;
    const char *officer = vp_map_str (args, VP_K_OFFICER), *body = vp_map_str (args, VP_K_BODY);
    if (s_whose_check (ctx, officer, err) || cal_ical_whose (self, ctx->tenant, officer, body, err))
        return -1;
    char token[CAL_FEED_TOKEN_HEX + 1];
    int64_t created = 0;
    if (!s_token_of (self, ctx->tenant, officer, body, token, &created))
        return vp_err_set (err, VP_E_NOT_FOUND, officer ? "officer" : body ? "body" : "",
                           "the feed of %s%s in tenant \"%s\" has no URL to revoke",
                           officer ? officer : body ? body : "the whole commune", "", ctx->tenant);
    if (s_revoke (self, ctx->tenant, officer, body, err))
        return -1;
    s_put_feed (self, result, token, officer, body, created);
    return 0;
}

static const vp_cmd_t s_commands[] = {
    { VP_C_CALENDAR_FEED_URL, s_url_tx, true, VP_ACCESS_DIRECTORY, .changes = true },
    { VP_C_CALENDAR_FEED_REVOKE, s_revoke_tx, true, VP_ACCESS_DIRECTORY, .changes = true },
    { NULL }
};

void
cal_feed_register (cal_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}

//  A token as its URL spells it: CAL_FEED_TOKEN_HEX lower-case hex digits.
static bool
s_is_token (const char *s, size_t len)
{
    if (len != CAL_FEED_TOKEN_HEX)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!isxdigit ((unsigned char) s[i]) || isupper ((unsigned char) s[i]))
            return false;
    return true;
}

void
cal_feed_token_in (const char *path, char token[CAL_FEED_TOKEN_HEX + 1])
{
    const char *prefix = "/feeds/", *suffix = ".ics";
    size_t len = strlen (path), pre = strlen (prefix), suf = strlen (suffix);
    token[0] = 0;
    if (len > pre + suf && strncmp (path, prefix, pre) == 0 && strcmp (path + len - suf, suffix) == 0
    &&  s_is_token (path + pre, len - pre - suf))
        snprintf (token, CAL_FEED_TOKEN_HEX + 1, "%.*s", CAL_FEED_TOKEN_HEX, path + pre);
}

bool
cal_feed_token_find (cal_service_t *self, const char *token, char tenant[CAL_ID_MAX],
                     char officer[CAL_ID_MAX], char body[CAL_ID_MAX])
{
    tenant[0] = officer[0] = body[0] = 0;
    sqlite3_stmt *stmt = *token ? vp_db_cached (self->db,
        "SELECT tenant, officer, body FROM cal_feed WHERE token = ?1 AND revoked IS NULL", NULL) : NULL;
    if (!stmt)
        return false;
    sqlite3_bind_text (stmt, 1, token, -1, SQLITE_STATIC);
    if (sqlite3_step (stmt) == SQLITE_ROW) {
        snprintf (tenant, CAL_ID_MAX, "%s", (const char *) sqlite3_column_text (stmt, 0));
        snprintf (officer, CAL_ID_MAX, "%s", (const char *) sqlite3_column_text (stmt, 1));
        snprintf (body, CAL_ID_MAX, "%s", (const char *) sqlite3_column_text (stmt, 2));
    }
    sqlite3_reset (stmt);
    return *tenant != 0;
}
