/*  stf_credential - officers' passwords: set, sign in (for the gateway),
    and the trail of sign-in attempts.

    A password is kept only as libsodium's argon2id string (interactive
    limits) in stf_credential, in staffing.db (so in its backups); it never
    goes on the bus, into a log or into the request log (vp_request keeps a
    digest of what was asked: here the officer and source only). Hashing
    is slow on purpose (tens of ms): it runs before the change's
    transaction, not in it.

    Lock-out: STF_LOCK_OFFICER failures for one officer (since its last
    success), or STF_LOCK_SOURCE failures from one source, each within
    STF_LOCK_WINDOW_MS of the last of them, refuse every attempt (the right
    password too, unchecked) until STF_LOCK_WINDOW_MS after that last one.
    Refused attempts are kept but do not count, so a lock does not grow.
*/
#include <string.h>
#include <sodium.h>
#include "stf_service.h"
#include "vp/vp_fields.h"

#define STF_LOCK_OFFICER   5
#define STF_LOCK_SOURCE    20
#define STF_LOCK_WINDOW_MS (15 * 60 * 1000LL)
#define STF_PASSWORD_MIN   8

static const char *const s_bad_login = "Tên đăng nhập hoặc mật khẩu không đúng";

//  ---------------------------------------------------------------- hashes

//  The stored hash of officer into hash (crypto_pwhash_STRBYTES), or "".
static int
s_hash_of (stf_service_t *self, const char *officer, char hash[crypto_pwhash_STRBYTES], vp_err_t *err)
{
    *hash = 0;
    sqlite3_stmt *stmt = vp_db_cached (self->db, "SELECT hash FROM stf_credential WHERE officer = ?1", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, officer, -1, SQLITE_STATIC);
    if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0))
        snprintf (hash, crypto_pwhash_STRBYTES, "%s", (const char *) sqlite3_column_text (stmt, 0));
    sqlite3_reset (stmt);
    return 0;
}

//  True when password matches hash. Without a hash, a hash of nothing is
//  checked all the same, so that an unknown officer takes as long.
static bool
s_verify (const char *hash, const char *password)
{
    static char dummy[crypto_pwhash_STRBYTES];
    if (!*hash) {
        if (!*dummy && crypto_pwhash_str (dummy, "-", 1, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
            return false;
        int burnt = crypto_pwhash_str_verify (dummy, password, strlen (password));
        (void) burnt;
        return false;
    }
    return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

//  ---------------------------------------------------------------- set

//  An admin's key, a service acting as nobody, or no keys at all
//  (development on loopback): no officer's rule applies.
static bool
s_acts_as_itself (const vp_cmdctx_t *ctx)
{
    return !ctx->peer || (ctx->role && (strcmp (ctx->role, "admin") == 0
                                    ||  (strcmp (ctx->role, "service") == 0 && !*ctx->actor)));
}

//  Characters (not bytes) of UTF-8 text.
static size_t
s_chars (const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char) *s & 0xC0) != 0x80)
            n++;
    return n;
}

//  What the transaction of a command needs that must not be in its args
//  (vp_request digests them): one command runs at a time.
static char s_new_hash[crypto_pwhash_STRBYTES];

//  {officer}: the hash made before, stored.
static int
s_credential_set_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    stf_service_t *self = (stf_service_t *) ctx->arg;
    const char *officer = vp_map_str (args, VP_K_OFFICER);
    if (stf_tenant_need (self, ctx->tenant, err) || stf_officer_visible (self, ctx->tenant, officer, err))
        return -1;
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT OR REPLACE INTO stf_credential (officer, hash, set_at, set_by) VALUES (?1, ?2, ?3, ?4)", err);
    if (!stmt)
        return -1;
    int64_t now = vp_clock_now ();
    const char *by = *ctx->actor ? ctx->actor : ctx->peer ? ctx->peer : "";
    sqlite3_bind_text (stmt, 1, officer, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, s_new_hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 3, now);
    sqlite3_bind_text (stmt, 4, by, -1, SQLITE_STATIC);
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE)
        return vp_err_set (err, VP_E_INTERNAL, "", "storing the credential of %s: %s", officer,
                           sqlite3_errmsg (self->db));
    vp_map_put_str (result, VP_K_OFFICER, officer);
    vp_map_put_int (result, "set_at", now);
    vp_map_put_str (result, "set_by", by);
    return 0;
}

//  {officer, password, old_password?}: an admin (or a service) or the
//  commune's office head sets it; an officer their own, with the old one.
static int
s_credential_set (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    stf_service_t *self = (stf_service_t *) ctx->arg;
    const char *officer = vp_map_str (args, VP_K_OFFICER);
    const char *password = vp_map_str (args, VP_K_PASSWORD);
    const char *old = vp_map_str (args, VP_K_OLD_PASSWORD);
    if (stf_tenant_need (self, ctx->tenant, err) || stf_officer_visible (self, ctx->tenant, officer, err))
        return -1;
    bool itself = s_acts_as_itself (ctx);
    bool head = !itself && vp_staff_is_office_head (self->db, ctx->tenant, ctx->actor, vp_clock_now ());
    if (!itself && !head) {
        if (strcmp (ctx->actor, officer) != 0)
            return vp_err_set (err, VP_E_PERMISSION_DENIED, VP_K_OFFICER,
                               "%s sets only their own password, not %s's (the office head or an admin may)",
                               ctx->actor, officer);
        if (!old)
            return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_OLD_PASSWORD, "Cần nhập mật khẩu cũ");
        char hash[crypto_pwhash_STRBYTES];
        if (s_hash_of (self, officer, hash, err))
            return -1;
        if (!s_verify (hash, old))
            return vp_err_set (err, VP_E_UNAUTHENTICATED, VP_K_OLD_PASSWORD, "Mật khẩu cũ không đúng");
    }
    if (s_chars (password) < STF_PASSWORD_MIN)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_PASSWORD, "Mật khẩu cần ít nhất %d ký tự",
                           STF_PASSWORD_MIN);
    if (crypto_pwhash_str (s_new_hash, password, strlen (password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                           crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return vp_err_set (err, VP_E_INTERNAL, "", "hashing a password: out of memory");
    vp_val_t *asked = vp_val_map ();
    vp_map_put_str (asked, VP_K_OFFICER, officer);
    int rc = vp_cmd_change (ctx, asked, result, err, s_credential_set_tx);
    vp_val_destroy (&asked);
    sodium_memzero (s_new_hash, sizeof s_new_hash);
    return rc;
}

//  ---------------------------------------------------------------- login

//  The time a lock on `who` (officer or source, by column) ends, or 0.
static int64_t
s_locked_until (stf_service_t *self, const char *column, const char *who, int most, int64_t now)
{
    char sql[400];
    //  An officer's failures count from their last success on.
    snprintf (sql, sizeof sql,
              "SELECT at FROM stf_login_attempt WHERE %s = ?1 AND outcome = 'failed'%s"
              " ORDER BY at DESC, rowid DESC LIMIT ?2", column,
              strcmp (column, "officer") == 0
              ? " AND rowid > coalesce ((SELECT max (rowid) FROM stf_login_attempt"
                "   WHERE officer = ?1 AND outcome = 'ok'), 0)" : "");
    sqlite3_stmt *stmt = vp_db_cached (self->db, sql, NULL);
    if (!stmt)
        return 0;
    sqlite3_bind_text (stmt, 1, who, -1, SQLITE_STATIC);
    sqlite3_bind_int (stmt, 2, most);
    int n = 0;
    int64_t last = 0, first = 0;
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        first = sqlite3_column_int64 (stmt, 0);
        if (n++ == 0)
            last = first;
    }
    sqlite3_reset (stmt);
    if (n < most || last - first >= STF_LOCK_WINDOW_MS || last + STF_LOCK_WINDOW_MS <= now)
        return 0;
    return last + STF_LOCK_WINDOW_MS;
}

static int
s_attempt (stf_service_t *self, const char *tenant, const char *officer, const char *source,
           const char *outcome, int64_t now, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT INTO stf_login_attempt (at, tenant, officer, source, outcome) VALUES (?1, ?2, ?3, ?4, ?5)", err);
    if (!stmt)
        return -1;
    sqlite3_bind_int64 (stmt, 1, now);
    sqlite3_bind_text (stmt, 2, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, officer, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 4, source, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 5, outcome, -1, SQLITE_STATIC);
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    return rc == SQLITE_DONE ? 0
         : vp_err_set (err, VP_E_INTERNAL, "", "keeping a sign-in attempt: %s", sqlite3_errmsg (self->db));
}

//  What the login decided before its transaction (one command at a time).
static struct {
    const char *outcome;        //  ok, failed, locked
    int64_t now;
    int64_t until;              //  locked: when it ends
} s_decided;

//  {tenant, officer, source}: the attempt kept; the officer when ok.
static int
s_login_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    stf_service_t *self = (stf_service_t *) ctx->arg;
    const char *tenant = vp_map_str (args, VP_K_TENANT);
    const char *officer = vp_map_str (args, VP_K_OFFICER);
    if (s_attempt (self, tenant, officer, vp_map_str (args, VP_K_SOURCE), s_decided.outcome, s_decided.now, err))
        return -1;
    vp_map_put_str (result, "outcome", s_decided.outcome);
    if (strcmp (s_decided.outcome, "ok") != 0) {
        if (s_decided.until)
            vp_map_put_int (result, VP_K_UNTIL, s_decided.until);
        return 0;
    }
    vp_val_t *row = vp_staff_officer (self->db, officer);
    vp_map_put_str (result, VP_K_OFFICER, officer);
    vp_map_put_str (result, VP_K_TENANT, tenant);
    vp_map_put_str (result, VP_K_FULL_NAME, row ? vp_map_str (row, VP_K_FULL_NAME) : "");
    vp_val_destroy (&row);
    vp_val_t *held = vp_staff_posts_of (self->db, officer, s_decided.now);
    vp_val_t *posts = vp_val_array ();
    for (size_t i = 0; i < vp_val_len (held); i++) {
        vp_val_t *p = vp_array_at (held, i), *post = vp_val_map ();
        vp_map_put_str (post, VP_K_POST, vp_map_str (p, VP_K_POST));
        vp_map_put_str (post, VP_K_TITLE, vp_map_str (p, VP_K_TITLE));
        vp_map_put_str (post, VP_K_BODY, vp_map_str (p, VP_K_BODY));
        vp_array_push (posts, post);
    }
    vp_val_destroy (&held);
    vp_map_put (result, VP_K_POSTS, posts);
    vp_map_put_str (result, VP_K_CLEARANCE, vp_secrecy_name (vp_staff_clearance (self->db, officer, s_decided.now)));
    return 0;
}

//  True when officer is an active officer of tenant.
static bool
s_active_in (stf_service_t *self, const char *tenant, const char *officer)
{
    vp_val_t *row = vp_staff_officer (self->db, officer);
    bool yes = row && strcmp (vp_map_str (row, VP_K_TENANT), tenant) == 0
            && strcmp (vp_map_str (row, VP_K_STATUS), "active") == 0;
    vp_val_destroy (&row);
    return yes;
}

//  {tenant, officer, password, source} (the gateway's): who signed in.
static int
s_login (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    stf_service_t *self = (stf_service_t *) ctx->arg;
    const char *tenant = vp_map_str (args, VP_K_TENANT);
    const char *officer = vp_map_str (args, VP_K_OFFICER);
    const char *source = vp_map_str (args, VP_K_SOURCE);
    int64_t now = vp_clock_now ();
    int64_t until = s_locked_until (self, "officer", officer, STF_LOCK_OFFICER, now);
    int64_t by_source = s_locked_until (self, "source", source, STF_LOCK_SOURCE, now);
    if (by_source > until)
        until = by_source;
    s_decided.now = now;
    s_decided.until = until;
    if (until)
        s_decided.outcome = "locked";
    else {
        char hash[crypto_pwhash_STRBYTES];
        if (s_hash_of (self, officer, hash, err))
            return -1;
        bool known = s_active_in (self, tenant, officer);
        bool ok = s_verify (known ? hash : "", vp_map_str (args, VP_K_PASSWORD));
        s_decided.outcome = ok && known ? "ok" : "failed";
    }
    vp_val_t *asked = vp_val_map ();
    vp_map_put_str (asked, VP_K_TENANT, tenant);
    vp_map_put_str (asked, VP_K_OFFICER, officer);
    vp_map_put_str (asked, VP_K_SOURCE, source);
    int rc = vp_cmd_change (ctx, asked, result, err, s_login_tx);
    vp_val_destroy (&asked);
    if (rc)
        return -1;
    const char *outcome = vp_map_str (result, "outcome");
    if (outcome && strcmp (outcome, "ok") == 0) {
        vp_val_t *taken = vp_map_take (result, "outcome");
        vp_val_destroy (&taken);
        return 0;
    }
    if (outcome && strcmp (outcome, "locked") == 0) {
        int64_t left = vp_map_int (result, VP_K_UNTIL, now) - now;
        vp_err_set (err, VP_E_UNAVAILABLE, VP_K_OFFICER,
                    "Đăng nhập tạm khóa do nhập sai nhiều lần; thử lại sau %lld phút",
                    (long long) ((left + 59999) / 60000));
        err->retry_after_ms = left > 0 ? left : 1;
        return -1;
    }
    return vp_err_set (err, VP_E_UNAUTHENTICATED, VP_K_PASSWORD, "%s", s_bad_login);
}

//  ---------------------------------------------------------------- audit

//  {officer?, limit?}: the tenant's sign-in attempts, the latest first
//  (the office head and admins).
static int
s_audit (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    stf_service_t *self = (stf_service_t *) ctx->arg;
    if (stf_tenant_need (self, ctx->tenant, err))
        return -1;
    if (!s_acts_as_itself (ctx) && !vp_staff_is_office_head (self->db, ctx->tenant, ctx->actor, vp_clock_now ()))
        return vp_err_set (err, VP_E_PERMISSION_DENIED, VP_K_ACTOR,
                           "staffing.auth.audit is for the office head of %s and admins, not %s",
                           ctx->tenant, ctx->actor);
    const char *officer = vp_map_str (args, VP_K_OFFICER);
    int64_t limit = vp_map_int (args, VP_K_LIMIT, 100);
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT at, officer, source, outcome FROM stf_login_attempt"
        " WHERE tenant = ?1 AND (?2 IS NULL OR officer = ?2) ORDER BY at DESC, rowid DESC LIMIT ?3", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    if (officer)
        sqlite3_bind_text (stmt, 2, officer, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 3, limit > 0 ? limit : 100);
    vp_map_put (result, VP_K_ATTEMPTS, vp_db_rows (stmt));
    return 0;
}

static const vp_cmd_t s_commands[] = {
    { VP_C_STAFFING_CREDENTIAL_SET, s_credential_set, true, VP_ACCESS_DIRECTORY },
    { VP_C_STAFFING_AUTH_LOGIN, s_login, false, VP_ACCESS_GATEWAY },
    { VP_C_STAFFING_AUTH_AUDIT, s_audit, true, VP_ACCESS_DIRECTORY },
    { NULL }
};

void
stf_credential_register (stf_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
