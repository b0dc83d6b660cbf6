/*  web_session - who is signed in: web.db, one row per session.

    The cookie holds a random token (32 bytes, hex); web.db keeps only its
    SHA-256, so a copy of the file signs no one in. Each session has a
    public id (what the services' trails name) and its own CSRF token.
    A session ends at sign-out, after 8 hours without a request, or 12
    hours after sign-in (the services' clock, so tests can move it).
*/
#include "web.h"
#include "vp/vp_fields.h"
#include <sodium.h>

#define S_IDLE_MS (8LL * 3600 * 1000)
#define S_ABSOLUTE_MS (12LL * 3600 * 1000)

static const char *const s_migrations[] = {
    "CREATE TABLE session ("
    " token_hash TEXT PRIMARY KEY, id TEXT NOT NULL UNIQUE, csrf TEXT NOT NULL,"
    " tenant TEXT NOT NULL, officer TEXT NOT NULL, full_name TEXT NOT NULL,"
    " posts TEXT NOT NULL, post_ids TEXT NOT NULL, clearance TEXT NOT NULL,"
    " created_at INTEGER NOT NULL, seen_at INTEGER NOT NULL)",
    NULL
};

void
web_token (char *out, size_t bytes)
{
    unsigned char raw[64];
    if (bytes > sizeof raw)
        bytes = sizeof raw;
    randombytes_buf (raw, bytes);
    sodium_bin2hex (out, bytes * 2 + 1, raw, bytes);
}

static void
s_hash (const char *token, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256 (h, (const unsigned char *) token, strlen (token));
    sodium_bin2hex (out, 65, h, sizeof h);
}

int
web_session_open (web_t *self, vp_err_t *err)
{
    if (sodium_init () < 0)
        return vp_err_set (err, VP_E_INTERNAL, NULL, "libsodium did not start");
    self->db = vp_db_open (self->cfg->data_dir, "web.db", err);
    if (!self->db)
        return -1;
    return vp_db_migrate (self->db, "web", s_migrations, err);
}

int
web_session_create (web_t *self, const vp_val_t *login, web_session_t *s, vp_err_t *err)
{
    memset (s, 0, sizeof *s);
    char token[65];
    web_token (token, 32);
    char id[17];
    web_token (id, 8);
    snprintf (s->token, sizeof s->token, "%s", token);
    snprintf (s->id, sizeof s->id, "w-%s", id);
    web_token (s->csrf, 32);
    snprintf (s->tenant, sizeof s->tenant, "%s", vp_map_str (login, VP_K_TENANT) ? vp_map_str (login, VP_K_TENANT) : "");
    snprintf (s->officer, sizeof s->officer, "%s", vp_map_str (login, VP_K_OFFICER) ? vp_map_str (login, VP_K_OFFICER) : "");
    const char *name = vp_map_str (login, VP_K_FULL_NAME);
    snprintf (s->full_name, sizeof s->full_name, "%s", name ? name : s->officer);
    const char *clearance = vp_map_str (login, VP_K_CLEARANCE);
    snprintf (s->clearance, sizeof s->clearance, "%s", clearance ? clearance : "thuong");
    vp_val_t *posts = vp_map_get (login, VP_K_POSTS);
    for (size_t i = 0; posts && i < vp_val_len (posts); i++) {
        vp_val_t *p = vp_array_at (posts, i);
        const char *title = vp_map_str (p, VP_K_TITLE), *post = vp_map_str (p, VP_K_POST);
        size_t n = strlen (s->posts), m = strlen (s->post_ids);
        snprintf (s->posts + n, sizeof s->posts - n, "%s%s", n ? "; " : "", title ? title : post ? post : "");
        snprintf (s->post_ids + m, sizeof s->post_ids - m, "%s%s", m ? "," : "", post ? post : "");
    }
    char hash[65];
    s_hash (token, hash);
    int64_t now = vp_clock_now ();
    pthread_mutex_lock (&self->db_lock);
    sqlite3_stmt *st = vp_db_cached (self->db,
        "INSERT INTO session (token_hash, id, csrf, tenant, officer, full_name, posts, post_ids, clearance,"
        " created_at, seen_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)", err);
    int rc = -1;
    if (st) {
        sqlite3_bind_text (st, 1, hash, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (st, 2, s->id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (st, 3, s->csrf, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (st, 4, s->tenant, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (st, 5, s->officer, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (st, 6, s->full_name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (st, 7, s->posts, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (st, 8, s->post_ids, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (st, 9, s->clearance, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64 (st, 10, now);
        sqlite3_bind_int64 (st, 11, now);
        rc = sqlite3_step (st) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "session");
        sqlite3_reset (st);
    }
    //  Old sessions go as new ones come.
    st = vp_db_cached (self->db, "DELETE FROM session WHERE seen_at < ? OR created_at < ?", NULL);
    if (st) {
        sqlite3_bind_int64 (st, 1, now - S_IDLE_MS);
        sqlite3_bind_int64 (st, 2, now - S_ABSOLUTE_MS);
        sqlite3_step (st);
        sqlite3_reset (st);
    }
    pthread_mutex_unlock (&self->db_lock);
    return rc;
}

static void
s_col (sqlite3_stmt *st, int i, char *out, size_t size)
{
    const unsigned char *t = sqlite3_column_text (st, i);
    snprintf (out, size, "%s", t ? (const char *) t : "");
}

bool
web_session_find (web_t *self, const char *token, web_session_t *s)
{
    memset (s, 0, sizeof *s);
    if (!token || strlen (token) != 64)
        return false;
    char hash[65];
    s_hash (token, hash);
    int64_t now = vp_clock_now ();
    bool found = false;
    pthread_mutex_lock (&self->db_lock);
    sqlite3_stmt *st = vp_db_cached (self->db,
        "SELECT id, csrf, tenant, officer, full_name, posts, post_ids, clearance FROM session"
        " WHERE token_hash = ? AND seen_at >= ? AND created_at >= ?", NULL);
    if (st) {
        sqlite3_bind_text (st, 1, hash, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64 (st, 2, now - S_IDLE_MS);
        sqlite3_bind_int64 (st, 3, now - S_ABSOLUTE_MS);
        if (sqlite3_step (st) == SQLITE_ROW) {
            found = true;
            s_col (st, 0, s->id, sizeof s->id);
            s_col (st, 1, s->csrf, sizeof s->csrf);
            s_col (st, 2, s->tenant, sizeof s->tenant);
            s_col (st, 3, s->officer, sizeof s->officer);
            s_col (st, 4, s->full_name, sizeof s->full_name);
            s_col (st, 5, s->posts, sizeof s->posts);
            s_col (st, 6, s->post_ids, sizeof s->post_ids);
            s_col (st, 7, s->clearance, sizeof s->clearance);
        }
        sqlite3_reset (st);
    }
    if (found && (st = vp_db_cached (self->db, "UPDATE session SET seen_at = ? WHERE token_hash = ?", NULL))) {
        sqlite3_bind_int64 (st, 1, now);
        sqlite3_bind_text (st, 2, hash, -1, SQLITE_TRANSIENT);
        sqlite3_step (st);
        sqlite3_reset (st);
    }
    pthread_mutex_unlock (&self->db_lock);
    return found;
}

void
web_session_end (web_t *self, const char *token)
{
    if (!token)
        return;
    char hash[65];
    s_hash (token, hash);
    pthread_mutex_lock (&self->db_lock);
    sqlite3_stmt *st = vp_db_cached (self->db, "DELETE FROM session WHERE token_hash = ?", NULL);
    if (st) {
        sqlite3_bind_text (st, 1, hash, -1, SQLITE_TRANSIENT);
        sqlite3_step (st);
        sqlite3_reset (st);
    }
    pthread_mutex_unlock (&self->db_lock);
}
