/*  vp_staff - the staffing read model and the rule of who acts for a post. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vp/vp_db.h"
#include "vp/vp_staff.h"

static const char s_schema[] =
    "CREATE TABLE IF NOT EXISTS stf_tenant ("
    "  tenant TEXT PRIMARY KEY, name TEXT NOT NULL, district TEXT, merged_on INTEGER,"
    "  zone TEXT NOT NULL, created INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS stf_body ("
    "  tenant TEXT NOT NULL, body TEXT NOT NULL, name TEXT NOT NULL, abbr TEXT,"
    "  kind TEXT NOT NULL, PRIMARY KEY (tenant, body));"
    //  fields: ",dat-dai,tai-chinh," so that one LIKE finds a field
    "CREATE TABLE IF NOT EXISTS stf_post ("
    "  tenant TEXT NOT NULL, post TEXT NOT NULL, body TEXT NOT NULL, title TEXT NOT NULL,"
    "  fields TEXT NOT NULL, clearance INTEGER NOT NULL, heads_office INTEGER NOT NULL,"
    "  valid_from INTEGER NOT NULL, valid_to INTEGER, PRIMARY KEY (tenant, post));"
    "CREATE TABLE IF NOT EXISTS stf_officer ("
    "  officer TEXT PRIMARY KEY, tenant TEXT NOT NULL, full_name TEXT NOT NULL,"
    "  email TEXT, phone TEXT, chat_id TEXT, status TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS stf_officer_tenant ON stf_officer (tenant, officer);"
    "CREATE TABLE IF NOT EXISTS stf_officer_history ("
    "  officer TEXT NOT NULL, at INTEGER NOT NULL, change TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS stf_officer_history_officer ON stf_officer_history (officer, at);"
    "CREATE TABLE IF NOT EXISTS stf_appointment ("
    "  appointment TEXT PRIMARY KEY, tenant TEXT NOT NULL, officer TEXT NOT NULL,"
    "  post TEXT NOT NULL, valid_from INTEGER NOT NULL, valid_to INTEGER);"
    "CREATE INDEX IF NOT EXISTS stf_appointment_post ON stf_appointment (tenant, post, valid_from);"
    "CREATE INDEX IF NOT EXISTS stf_appointment_officer ON stf_appointment (officer, valid_from);"
    "CREATE TABLE IF NOT EXISTS stf_leave ("
    "  leave TEXT PRIMARY KEY, tenant TEXT NOT NULL, officer TEXT NOT NULL,"
    "  valid_from INTEGER NOT NULL, valid_to INTEGER NOT NULL, delegate TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS stf_leave_officer ON stf_leave (officer, valid_from);";

int
vp_staff_schema (sqlite3 *db, vp_err_t *err)
{
    //  Migration 1 has IF NOT EXISTS: files made before vp_schema have it.
    static const char *const migrations[] = { s_schema, NULL };
    return vp_db_migrate (db, "vp_staff", migrations, err);
}

//  Run a cached statement whose parameters are bound by `bind` from the
//  event's data, by name: "?tenant" comes from the envelope, the others
//  from data; a missing key binds NULL.
static int
s_exec (sqlite3 *db, const char *sql, const char *const names[], const vp_val_t *env, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (db, sql, err);
    if (!stmt)
        return -1;
    const vp_val_t *data = vp_map_get (env, "data");
    for (int i = 0; names[i]; i++) {
        const vp_val_t *value = strcmp (names[i], "$tenant") == 0
                              ? vp_map_get (env, "tenant")
                              : strcmp (names[i], "$ts") == 0 ? vp_map_get (env, "ts")
                              : vp_map_get (data, names[i]);
        switch (vp_val_type (value)) {
            case VP_STR: sqlite3_bind_text (stmt, i + 1, vp_val_get_str (value), -1, SQLITE_STATIC); break;
            case VP_INT: sqlite3_bind_int64 (stmt, i + 1, vp_val_get_int (value)); break;
            case VP_BOOL: sqlite3_bind_int (stmt, i + 1, vp_val_get_bool (value)); break;
            default: sqlite3_bind_null (stmt, i + 1); break;
        }
    }
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    return rc == SQLITE_DONE ? 0 : vp_db_error (db, err, "staffing read model");
}

static int
s_post_created (sqlite3 *db, const vp_val_t *env, vp_err_t *err)
{
    const vp_val_t *data = vp_map_get (env, "data");
    const vp_val_t *fields = vp_map_get (data, "fields");
    char joined[2200] = ",";
    for (size_t i = 0; i < vp_val_len (fields); i++) {
        strncat (joined, vp_val_get_str (vp_array_at (fields, i)), sizeof joined - strlen (joined) - 2);
        strncat (joined, ",", sizeof joined - strlen (joined) - 1);
    }
    int clearance = vp_secrecy_parse (vp_map_str (data, "clearance"));
    sqlite3_stmt *stmt = vp_db_cached (db,
        "INSERT OR REPLACE INTO stf_post (tenant, post, body, title, fields, clearance, heads_office, valid_from)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, vp_map_str (env, "tenant"), -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, vp_map_str (data, "post"), -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, vp_map_str (data, "body"), -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 4, vp_map_str (data, "title"), -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 5, joined, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int (stmt, 6, clearance < 0 ? 0 : clearance);
    sqlite3_bind_int (stmt, 7, vp_map_bool (data, "heads_office", false));
    sqlite3_bind_int64 (stmt, 8, vp_map_int (data, "from", 0));
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    return rc == SQLITE_DONE ? 0 : vp_db_error (db, err, "staffing read model");
}

static int
s_officer_updated (sqlite3 *db, const vp_val_t *env, vp_err_t *err)
{
    const vp_val_t *data = vp_map_get (env, "data");
    static const char *const columns[] = { "full_name", "email", "phone", "chat_id", "status", NULL };
    for (int i = 0; columns[i]; i++) {
        if (!vp_map_get (data, columns[i]))
            continue;
        char sql[128];
        snprintf (sql, sizeof sql, "UPDATE stf_officer SET %s = nullif (?2, '') WHERE officer = ?1", columns[i]);
        if (s_exec (db, sql, (const char *const []) { "officer", columns[i], NULL }, env, err))
            return -1;
    }
    char *change = vp_val_to_json (data);
    sqlite3_stmt *stmt = vp_db_cached (db,
        "INSERT INTO stf_officer_history (officer, at, change) VALUES (?1, ?2, ?3)", err);
    int rc = -1;
    if (stmt) {
        sqlite3_bind_text (stmt, 1, vp_map_str (data, "officer"), -1, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 2, vp_map_int (data, "at", 0));
        sqlite3_bind_text (stmt, 3, change, -1, SQLITE_STATIC);
        rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (db, err, "staffing read model");
        sqlite3_reset (stmt);
    }
    free (change);
    return rc;
}

int
vp_staff_apply (sqlite3 *db, const vp_val_t *env, vp_err_t *err)
{
    const char *type = vp_map_str (env, "type");
    if (!type || strncmp (type, "staffing.", 9) != 0)
        return 0;
    const char *event = type + 9;
    if (strcmp (event, "tenant_created") == 0)
        return s_exec (db,
            "INSERT OR REPLACE INTO stf_tenant (tenant, name, district, merged_on, zone, created)"
            " VALUES (?1, ?2, ?3, ?4, coalesce (?5, 'Asia/Ho_Chi_Minh'), ?6)",
            (const char *const []) { "tenant", "name", "district", "merged_on", "zone", "$ts", NULL }, env, err);
    if (strcmp (event, "body_created") == 0)
        return s_exec (db,
            "INSERT OR REPLACE INTO stf_body (tenant, body, name, abbr, kind) VALUES (?1, ?2, ?3, ?4, ?5)",
            (const char *const []) { "$tenant", "body", "name", "abbr", "kind", NULL }, env, err);
    if (strcmp (event, "post_created") == 0)
        return s_post_created (db, env, err);
    if (strcmp (event, "post_closed") == 0)
        return s_exec (db, "UPDATE stf_post SET valid_to = ?3 WHERE tenant = ?1 AND post = ?2",
                       (const char *const []) { "$tenant", "post", "to", NULL }, env, err);
    if (strcmp (event, "officer_created") == 0)
        return s_exec (db,
            "INSERT OR REPLACE INTO stf_officer (officer, tenant, full_name, email, phone, chat_id, status)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            (const char *const []) { "officer", "$tenant", "full_name", "email", "phone", "chat_id", "status", NULL },
            env, err);
    if (strcmp (event, "officer_updated") == 0)
        return s_officer_updated (db, env, err);
    if (strcmp (event, "appointed") == 0)
        return s_exec (db,
            "INSERT OR REPLACE INTO stf_appointment (appointment, tenant, officer, post, valid_from, valid_to)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            (const char *const []) { "appointment", "$tenant", "officer", "post", "from", "to", NULL }, env, err);
    if (strcmp (event, "appointment_ended") == 0)
        return s_exec (db, "UPDATE stf_appointment SET valid_to = ?2 WHERE appointment = ?1",
                       (const char *const []) { "appointment", "to", NULL }, env, err);
    if (strcmp (event, "leave_started") == 0)
        return s_exec (db,
            "INSERT OR REPLACE INTO stf_leave (leave, tenant, officer, valid_from, valid_to, delegate)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            (const char *const []) { "leave", "$tenant", "officer", "from", "to", "delegate", NULL }, env, err);
    if (strcmp (event, "leave_ended") == 0)
        return s_exec (db, "UPDATE stf_leave SET valid_to = min (valid_to, ?2) WHERE leave = ?1",
                       (const char *const []) { "leave", "to", NULL }, env, err);
    return 0;
}

//  One text column of the first row of a query with text/int parameters.
static bool
s_lookup (sqlite3 *db, const char *sql, const char *a, const char *b, int64_t at,
          char *out, size_t size)
{
    sqlite3_stmt *stmt = vp_db_cached (db, sql, NULL);
    if (!stmt)
        return false;
    sqlite3_bind_text (stmt, 1, a, -1, SQLITE_STATIC);
    if (b)
        sqlite3_bind_text (stmt, 2, b, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 3, at);
    bool found = sqlite3_step (stmt) == SQLITE_ROW;
    if (found)
        snprintf (out, size, "%s", (const char *) sqlite3_column_text (stmt, 0));
    sqlite3_reset (stmt);
    return found;
}

static bool
s_holder (sqlite3 *db, const char *tenant, const char *post, int64_t at, char officer[VP_STAFF_ID_MAX])
{
    return s_lookup (db,
        "SELECT officer FROM stf_appointment WHERE tenant = ?1 AND post = ?2"
        " AND valid_from <= ?3 AND (valid_to IS NULL OR valid_to > ?3)"
        " ORDER BY valid_from, appointment LIMIT 1", tenant, post, at, officer, VP_STAFF_ID_MAX);
}

static bool
s_delegate (sqlite3 *db, const char *officer, int64_t at, char delegate[VP_STAFF_ID_MAX])
{
    return s_lookup (db,
        "SELECT delegate FROM stf_leave WHERE officer = ?1 AND ?2 IS NULL"
        " AND valid_from <= ?3 AND valid_to > ?3 LIMIT 1", officer, NULL, at, delegate, VP_STAFF_ID_MAX);
}

static int s_whois (sqlite3 *db, const char *tenant, const char *post, int64_t at,
                    vp_staff_actor_t *actor, vp_err_t *err);

//  Its handful of lookups share one read transaction, locking once, not
//  per query: a savepoint of its own, or the caller's transaction (a
//  registration's) as it is.
int
vp_staff_whois (sqlite3 *db, const char *tenant, const char *post, int64_t at,
                vp_staff_actor_t *actor, vp_err_t *err)
{
    bool held = sqlite3_get_autocommit (db) && vp_db_run (db, "SAVEPOINT vp_staff_whois", NULL) == 0;
    int rc = s_whois (db, tenant, post, at, actor, err);
    if (held)
        vp_db_run (db, "RELEASE vp_staff_whois", NULL);
    return rc;
}

int
vp_staff_office_head (sqlite3 *db, const char *tenant, int64_t at,
                      vp_staff_actor_t *actor, vp_err_t *err)
{
    char head_post[VP_STAFF_ID_MAX];
    if (!vp_staff_head_post (db, tenant, at, head_post)) {
        memset (actor, 0, sizeof *actor);
        return vp_err_set (err, VP_E_NOT_FOUND, "tenant",
                           "tenant \"%s\" has no post heading the office at that time", tenant);
    }
    return vp_staff_whois (db, tenant, head_post, at, actor, err);
}

static int
s_whois (sqlite3 *db, const char *tenant, const char *post, int64_t at,
         vp_staff_actor_t *actor, vp_err_t *err)
{
    memset (actor, 0, sizeof *actor);
    snprintf (actor->post, sizeof actor->post, "%s", post);
    char found[VP_STAFF_ID_MAX];
    if (!s_lookup (db, "SELECT post FROM stf_post WHERE tenant = ?1 AND post = ?2 AND " VP_STAFF_POST_AT,
                   tenant, post, at, found, sizeof found))
        return vp_err_set (err, VP_E_NOT_FOUND, "post",
                           "post \"%s\" does not exist in tenant \"%s\" at that time", post, tenant);
    char title[201], head_title[201] = "";
    vp_staff_post_title (db, tenant, post, post, title, sizeof title);
    char officer[VP_STAFF_ID_MAX];
    actor->reason = "holder";
    if (!s_holder (db, tenant, post, at, officer)) {
        char head_post[VP_STAFF_ID_MAX];
        if (!vp_staff_head_post (db, tenant, at, head_post)
        ||  strcmp (head_post, post) == 0
        ||  !s_holder (db, tenant, head_post, at, officer))
            return vp_err_set (err, VP_E_NOT_FOUND, "post",
                               "post \"%s\" is vacant and no office head is appointed then", post);
        actor->reason = "office_head";
        vp_staff_post_title (db, tenant, head_post, head_post, head_title, sizeof head_title);
    }
    char holder[VP_STAFF_ID_MAX];
    snprintf (holder, sizeof holder, "%s", officer);
    //  Follow delegations while the one found is on leave.
    char delegate[VP_STAFF_ID_MAX];
    while (s_delegate (db, officer, at, delegate)) {
        for (int i = 0; i < actor->nchain; i++)
            if (strcmp (actor->chain[i], delegate) == 0)
                return vp_err_set (err, VP_E_FAILED_PRECONDITION, "delegate",
                                   "delegation from \"%s\" loops back to \"%s\"", holder, delegate);
        if (actor->nchain == VP_STAFF_CHAIN_MAX)
            return vp_err_set (err, VP_E_FAILED_PRECONDITION, "delegate",
                               "delegation from \"%s\" is longer than %d", holder, VP_STAFF_CHAIN_MAX);
        snprintf (actor->chain[actor->nchain++], VP_STAFF_ID_MAX, "%s", officer);
        snprintf (officer, sizeof officer, "%s", delegate);
    }
    snprintf (actor->officer, sizeof actor->officer, "%s", officer);
    vp_staff_officer_name (db, officer, officer, actor->full_name, sizeof actor->full_name);
    char holder_name[201];
    vp_staff_officer_name (db, holder, holder, holder_name, sizeof holder_name);
    if (strcmp (actor->reason, "office_head") == 0) {
        snprintf (actor->on_behalf_of, sizeof actor->on_behalf_of, "%s", actor->nchain ? holder : "");
        if (actor->nchain)
            snprintf (actor->explain, sizeof actor->explain,
                      "%s đang khuyết; %s %s nghỉ phép, %s được ủy quyền xử lý",
                      title, head_title, holder_name, actor->full_name);
        else
            snprintf (actor->explain, sizeof actor->explain, "%s đang khuyết; %s %s xử lý",
                      title, head_title, actor->full_name);
    }
    else
    if (actor->nchain) {
        actor->reason = "delegate";
        snprintf (actor->on_behalf_of, sizeof actor->on_behalf_of, "%s", holder);
        snprintf (actor->explain, sizeof actor->explain, "%s %s nghỉ phép; %s được ủy quyền",
                  title, holder_name, actor->full_name);
    }
    else
        snprintf (actor->explain, sizeof actor->explain, "%s giữ chức %s", actor->full_name, title);
    return 0;
}

//  stf_post.fields is ",a,b,": the LIKE pattern of one field in it.
static const char *
s_field_pattern (const char *field, char pattern[VP_STAFF_ID_MAX + 4])
{
    snprintf (pattern, VP_STAFF_ID_MAX + 4, "%%,%s,%%", field ? field : "");
    return pattern;
}

int
vp_staff_post_of_field (sqlite3 *db, const char *tenant, const char *field, int64_t at,
                        char post[VP_STAFF_ID_MAX], vp_err_t *err)
{
    char pattern[VP_STAFF_ID_MAX + 4];
    s_field_pattern (field, pattern);
    if (s_lookup (db, "SELECT post FROM stf_post WHERE tenant = ?1 AND fields LIKE ?2"
                      " AND " VP_STAFF_POST_AT " ORDER BY heads_office, post LIMIT 1",
                  tenant, pattern, at, post, VP_STAFF_ID_MAX))
        return 0;
    return vp_err_set (err, VP_E_NOT_FOUND, "field",
                       "no post of tenant \"%s\" has field of work \"%s\"", tenant, field);
}

vp_val_t *
vp_staff_actor_val (const vp_staff_actor_t *actor)
{
    vp_val_t *result = vp_val_map ();
    vp_map_put_str (result, "officer", actor->officer);
    vp_map_put_str (result, "full_name", actor->full_name);
    vp_map_put_str (result, "post", actor->post);
    vp_map_put_str (result, "reason", actor->reason);
    if (*actor->on_behalf_of)
        vp_map_put_str (result, "on_behalf_of", actor->on_behalf_of);
    vp_val_t *chain = vp_val_array ();
    for (int i = 0; i < actor->nchain; i++)
        vp_array_push (chain, vp_val_str (actor->chain[i]));
    vp_map_put (result, "chain", chain);
    vp_map_put_str (result, "explain", actor->explain);
    return result;
}

vp_val_t *
vp_staff_posts_of (sqlite3 *db, const char *officer, int64_t at)
{
    sqlite3_stmt *stmt = vp_db_cached (db,
        "SELECT a.appointment, a.post, p.body, p.title, a.valid_from AS 'from', a.valid_to AS 'to'"
        " FROM stf_appointment a JOIN stf_post p ON p.tenant = a.tenant AND p.post = a.post"
        " WHERE a.officer = ?1 AND a.valid_from <= ?2 AND (a.valid_to IS NULL OR a.valid_to > ?2)"
        " ORDER BY a.valid_from, a.post", NULL);
    if (!stmt)
        return vp_val_array ();
    sqlite3_bind_text (stmt, 1, officer, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 2, at);
    return vp_db_rows (stmt);
}

static vp_val_t *
s_one_row (sqlite3 *db, const char *sql, const char *key, int64_t at)
{
    sqlite3_stmt *stmt = vp_db_cached (db, sql, NULL);
    if (!stmt)
        return NULL;
    sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 2, at);
    vp_val_t *row = sqlite3_step (stmt) == SQLITE_ROW ? vp_db_row (stmt) : NULL;
    sqlite3_reset (stmt);
    return row;
}

bool
vp_staff_present (sqlite3 *db, const char *officer, int64_t at, char present[VP_STAFF_ID_MAX])
{
    snprintf (present, VP_STAFF_ID_MAX, "%s", officer);
    char seen[VP_STAFF_CHAIN_MAX][VP_STAFF_ID_MAX];
    int nseen = 0;
    char delegate[VP_STAFF_ID_MAX];
    while (nseen < VP_STAFF_CHAIN_MAX && s_delegate (db, present, at, delegate)) {
        bool loops = strcmp (delegate, officer) == 0;
        for (int i = 0; i < nseen; i++)
            loops |= strcmp (seen[i], delegate) == 0;
        if (loops)
            break;
        snprintf (seen[nseen++], VP_STAFF_ID_MAX, "%s", present);
        snprintf (present, VP_STAFF_ID_MAX, "%s", delegate);
    }
    return nseen > 0;
}

vp_val_t *
vp_staff_stands_in_for (sqlite3 *db, const char *tenant, const char *officer, int64_t at, int most)
{
    vp_val_t *list = vp_val_array ();
    sqlite3_stmt *stmt = vp_db_cached (db,
        "SELECT DISTINCT l.officer AS officer, coalesce (o.full_name, l.officer) AS full_name FROM stf_leave l"
        " LEFT JOIN stf_officer o ON o.officer = l.officer"
        " WHERE l.tenant = ?1 AND l.valid_from <= ?2 AND l.valid_to > ?2 AND l.officer <> ?3"
        " ORDER BY 2, 1", NULL);
    if (!stmt)
        return list;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 2, at);
    sqlite3_bind_text (stmt, 3, officer, -1, SQLITE_STATIC);
    //  The absent first, then each followed: s_delegate reuses the cache's
    //  statements, which must not run inside this one's steps.
    vp_val_t *absent = vp_db_rows (stmt);
    for (size_t i = 0; i < vp_val_len (absent) && (int) vp_val_len (list) < most; i++) {
        const vp_val_t *row = vp_array_at (absent, i);
        const char *who = vp_map_str (row, "officer");
        char present[VP_STAFF_ID_MAX];
        if (who && vp_staff_present (db, who, at, present) && strcmp (present, officer) == 0) {
            vp_val_t *one = vp_val_map ();
            vp_map_put_str (one, "officer", who);
            vp_map_put_str (one, "full_name", vp_map_str (row, "full_name"));
            vp_array_push (list, one);
        }
    }
    vp_val_destroy (&absent);
    return list;
}

vp_val_t *
vp_staff_leave_at (sqlite3 *db, const char *officer, int64_t at)
{
    return s_one_row (db, "SELECT leave, valid_from AS 'from', valid_to AS 'to', delegate FROM stf_leave"
                          " WHERE officer = ?1 AND valid_from <= ?2 AND valid_to > ?2 LIMIT 1", officer, at);
}

vp_val_t *
vp_staff_officer (sqlite3 *db, const char *officer)
{
    return s_one_row (db, "SELECT officer, tenant, full_name, email, phone, chat_id, status"
                          " FROM stf_officer WHERE officer = ?1 AND ?2 IS NOT NULL", officer, 0);
}

int
vp_staff_clearance (sqlite3 *db, const char *officer, int64_t at)
{
    sqlite3_stmt *stmt = vp_db_cached (db,
        "SELECT coalesce (max (p.clearance), 0) FROM stf_appointment a"
        " JOIN stf_post p ON p.tenant = a.tenant AND p.post = a.post"
        " WHERE a.officer = ?1 AND a.valid_from <= ?2 AND (a.valid_to IS NULL OR a.valid_to > ?2)", NULL);
    if (!stmt)
        return 0;
    sqlite3_bind_text (stmt, 1, officer, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 2, at);
    int level = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int (stmt, 0) : 0;
    sqlite3_reset (stmt);
    return level;
}

const char *
vp_staff_zone (sqlite3 *db, const char *tenant, const char *dflt, char zone[64])
{
    snprintf (zone, 64, "%s", dflt && *dflt ? dflt : "Asia/Ho_Chi_Minh");
    s_lookup (db, "SELECT zone FROM stf_tenant WHERE tenant = ?1 AND ?2 IS NULL AND ?3 IS NOT NULL",
              tenant, NULL, 0, zone, 64);
    return zone;
}

int
vp_staff_check_actor (sqlite3 *db, const char *tenant, const char *actor, vp_err_t *err)
{
    if (!actor || !*actor)
        return vp_err_set (err, VP_E_PERMISSION_DENIED, "actor",
                           "no acting officer: every command names one (actor) in tenant \"%s\"", tenant);
    vp_val_t *officer = vp_staff_officer (db, actor);
    const char *theirs = officer ? vp_map_str (officer, "tenant") : NULL;
    const char *status = officer ? vp_map_str (officer, "status") : NULL;
    int rc = 0;
    if (!theirs || strcmp (theirs, tenant) != 0)
        rc = vp_err_set (err, VP_E_PERMISSION_DENIED, "actor",
                         "actor \"%s\" is not an officer of tenant \"%s\"", actor, tenant);
    else
    if (!status || strcmp (status, "active") != 0)
        rc = vp_err_set (err, VP_E_PERMISSION_DENIED, "actor",
                         "actor \"%s\" of tenant \"%s\" is no longer active (status %s)",
                         actor, tenant, status ? status : "unknown");
    vp_val_destroy (&officer);
    return rc;
}

int
vp_staff_check_officer (sqlite3 *db, const char *tenant, const char *officer, vp_err_t *err)
{
    vp_val_t *row = vp_staff_officer (db, officer);
    const char *theirs = row ? vp_map_str (row, "tenant") : NULL;
    bool ours = theirs && strcmp (theirs, tenant) == 0;
    vp_val_destroy (&row);
    return ours ? 0 : vp_err_set (err, VP_E_NOT_FOUND, "officer", "officer \"%s\" does not exist in tenant \"%s\"",
                                  officer, tenant);
}

bool
vp_staff_is_office_head (sqlite3 *db, const char *tenant, const char *officer, int64_t at)
{
    vp_staff_actor_t head;
    if (vp_staff_office_head (db, tenant, at, &head, NULL) == 0 && strcmp (head.officer, officer) == 0)
        return true;
    //  The holder still heads the office while on leave.
    sqlite3_stmt *stmt = vp_db_cached (db,
        "SELECT 1 FROM stf_appointment a JOIN stf_post p ON p.tenant = a.tenant AND p.post = a.post"
        " WHERE a.officer = ?1 AND a.tenant = ?2 AND p.heads_office = 1"
        " AND a.valid_from <= ?3 AND (a.valid_to IS NULL OR a.valid_to > ?3)"
        " AND p.valid_from <= ?3 AND (p.valid_to IS NULL OR p.valid_to > ?3)", NULL);
    if (!stmt)
        return false;
    sqlite3_bind_text (stmt, 1, officer, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 3, at);
    bool holds = sqlite3_step (stmt) == SQLITE_ROW;
    sqlite3_reset (stmt);
    return holds;
}

bool
vp_staff_post_at (sqlite3 *db, const char *tenant, const char *post, int64_t at,
                  char *title, size_t title_size, int *clearance)
{
    sqlite3_stmt *stmt = vp_db_cached (db,
        "SELECT title, clearance FROM stf_post WHERE tenant = ?1 AND post = ?2 AND " VP_STAFF_POST_AT, NULL);
    if (!stmt)
        return false;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, post, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 3, at);
    bool found = sqlite3_step (stmt) == SQLITE_ROW;
    if (found && title)
        snprintf (title, title_size, "%s", (const char *) sqlite3_column_text (stmt, 0));
    if (found && clearance)
        *clearance = sqlite3_column_int (stmt, 1);
    sqlite3_reset (stmt);
    return found;
}

bool
vp_staff_head_post (sqlite3 *db, const char *tenant, int64_t at, char post[VP_STAFF_ID_MAX])
{
    return s_lookup (db, "SELECT post FROM stf_post WHERE tenant = ?1 AND heads_office = 1"
                         " AND " VP_STAFF_POST_AT " AND ?2 IS NULL ORDER BY post LIMIT 1",
                     tenant, NULL, at, post, VP_STAFF_ID_MAX);
}

bool
vp_staff_post_cleared (sqlite3 *db, const char *tenant, int level, int64_t at,
                       char post[VP_STAFF_ID_MAX], char *title, size_t title_size)
{
    sqlite3_stmt *stmt = vp_db_cached (db,
        "SELECT post, title FROM stf_post WHERE tenant = ?1 AND clearance >= ?2 AND " VP_STAFF_POST_AT
        " ORDER BY clearance DESC, heads_office DESC, post LIMIT 1", NULL);
    if (!stmt)
        return false;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_int (stmt, 2, level);
    sqlite3_bind_int64 (stmt, 3, at);
    bool found = sqlite3_step (stmt) == SQLITE_ROW;
    if (found) {
        snprintf (post, VP_STAFF_ID_MAX, "%s", (const char *) sqlite3_column_text (stmt, 0));
        snprintf (title, title_size, "%s", (const char *) sqlite3_column_text (stmt, 1));
    }
    sqlite3_reset (stmt);
    return found;
}

bool
vp_staff_post_has_field (sqlite3 *db, const char *tenant, const char *post, const char *field)
{
    char pattern[VP_STAFF_ID_MAX + 4];
    sqlite3_stmt *stmt = vp_db_cached (db,
        "SELECT 1 FROM stf_post WHERE tenant = ?1 AND post = ?2 AND fields LIKE ?3", NULL);
    if (!stmt || !field)
        return false;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, post, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, s_field_pattern (field, pattern), -1, SQLITE_STATIC);
    bool has = sqlite3_step (stmt) == SQLITE_ROW;
    sqlite3_reset (stmt);
    return has;
}

bool
vp_staff_body (sqlite3 *db, const char *tenant, const char *body,
               char *name, size_t name_size, char *kind, size_t kind_size)
{
    sqlite3_stmt *stmt = vp_db_cached (db, "SELECT name, kind FROM stf_body WHERE tenant = ?1 AND body = ?2", NULL);
    if (!stmt || !body)
        return false;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, body, -1, SQLITE_STATIC);
    bool found = sqlite3_step (stmt) == SQLITE_ROW;
    if (found && name)
        snprintf (name, name_size, "%s", (const char *) sqlite3_column_text (stmt, 0));
    if (found && kind)
        snprintf (kind, kind_size, "%s", (const char *) sqlite3_column_text (stmt, 1));
    sqlite3_reset (stmt);
    return found;
}

//  A name by s_lookup of a and b, or dflt.
static bool
s_name_or (sqlite3 *db, const char *sql, const char *a, const char *b, const char *dflt, char *name, size_t size)
{
    bool found = a && s_lookup (db, sql, a, b, 0, name, size);
    if (!found)
        snprintf (name, size, "%s", dflt ? dflt : "");
    return found;
}

bool
vp_staff_tenant_name (sqlite3 *db, const char *tenant, const char *dflt, char *name, size_t size)
{
    return s_name_or (db, "SELECT name FROM stf_tenant WHERE tenant = ?1 AND ?2 IS NULL AND ?3 IS NOT NULL",
                      tenant, NULL, dflt, name, size);
}

bool
vp_staff_officer_name (sqlite3 *db, const char *officer, const char *dflt, char *name, size_t size)
{
    return s_name_or (db, "SELECT full_name FROM stf_officer WHERE officer = ?1 AND ?2 IS NULL AND ?3 IS NOT NULL",
                      officer, NULL, dflt, name, size);
}

bool
vp_staff_post_title (sqlite3 *db, const char *tenant, const char *post, const char *dflt,
                     char *title, size_t size)
{
    //  s_lookup leaves ?2 unbound for NULL: the statement's last post.
    return s_name_or (db, "SELECT title FROM stf_post WHERE tenant = ?1 AND post = ?2 AND ?3 IS NOT NULL",
                      post ? tenant : NULL, post, dflt, title, size);
}
