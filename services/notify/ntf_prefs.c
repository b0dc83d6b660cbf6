/*  ntf_prefs - where and when an officer is told.

    The inbox is always on. Besides it an officer has e-mail (to the
    address vp-staffing keeps) and a webhook (a URL that an SMS or chat
    gateway takes), and quiet hours ("22:00-06:00" in the commune's zone)
    that hold what is not urgent until they end. Without preferences of
    their own an officer gets the inbox, and e-mail when they have an
    address.
*/
#include <ctype.h>
#include <string.h>
#include "ntf_service.h"
#include "vp/vp_fields.h"

//  "HH:MM-HH:MM" -> minutes of the day; false when it does not read.
static bool
s_quiet_parse (const char *s, int *from, int *to)
{
    static const char shape[] = "00:00-00:00";
    if (!s || strlen (s) != sizeof shape - 1)
        return false;
    for (size_t i = 0; shape[i]; i++)
        if (shape[i] == '0' ? !isdigit ((unsigned char) s[i]) : s[i] != shape[i])
            return false;
    int h1 = (s[0] - '0') * 10 + s[1] - '0', m1 = (s[3] - '0') * 10 + s[4] - '0';
    int h2 = (s[6] - '0') * 10 + s[7] - '0', m2 = (s[9] - '0') * 10 + s[10] - '0';
    if (h1 > 23 || h2 > 23 || m1 > 59 || m2 > 59)
        return false;
    *from = h1 * 60 + m1;
    *to = h2 * 60 + m2;
    return *from != *to;
}

//  The end of the quiet hours now is in, or 0 when now is not in them.
static int64_t
s_quiet_until (const char *zone, int64_t now, int from, int to)
{
    vp_tm_t tm;
    vp_time_local (now, zone, &tm);
    int minute = tm.hour * 60 + tm.minute;
    bool quiet = from < to ? minute >= from && minute < to : minute >= from || minute < to;
    if (!quiet)
        return 0;
    tm.hour = to / 60;
    tm.minute = to % 60;
    tm.second = 0;
    int64_t until = vp_time_from_local (&tm, zone);
    if (until <= now) {
        //  It ends tomorrow: the same wall-clock time on the next date.
        vp_tm_t next;
        vp_time_local (now + 24 * 3600 * 1000LL, zone, &next);
        next.hour = to / 60;
        next.minute = to % 60;
        next.second = 0;
        until = vp_time_from_local (&next, zone);
    }
    return until;
}

static bool
s_has (const char *channels, const char *channel)
{
    size_t len = strlen (channel);
    for (const char *p = channels; p && *p; ) {
        size_t n = strcspn (p, ",");
        if (n == len && strncmp (p, channel, len) == 0)
            return true;
        p += n;
        p += *p == ',';
    }
    return false;
}

//  The stored preferences of an officer, or NULL (caller frees).
static vp_val_t *
s_row (ntf_service_t *self, const char *officer)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT channels, webhook, quiet_hours, updated_at FROM ntf_prefs WHERE officer = ?1", NULL);
    if (!stmt)
        return NULL;
    sqlite3_bind_text (stmt, 1, officer, -1, SQLITE_STATIC);
    vp_val_t *row = sqlite3_step (stmt) == SQLITE_ROW ? vp_db_row (stmt) : NULL;
    sqlite3_reset (stmt);
    return row;
}

int
ntf_prefs_route (ntf_service_t *self, const char *tenant, const char *officer, const char *urgency,
                 int64_t now, ntf_route_t *route, vp_err_t *err)
{
    memset (route, 0, sizeof *route);
    vp_val_t *who = vp_staff_officer (self->db, officer);
    const char *email = who ? vp_map_str (who, VP_K_EMAIL) : NULL;
    vp_val_t *prefs = s_row (self, officer);
    const char *channels = prefs ? vp_map_str (prefs, VP_K_CHANNELS) : "email";
    const char *webhook = prefs ? vp_map_str (prefs, VP_K_WEBHOOK) : NULL;
    const char *quiet = prefs ? vp_map_str (prefs, VP_K_QUIET_HOURS) : NULL;
    //  Without a server there is no e-mail at all (the inbox still has it).
    if (s_has (channels, "email") && email && *email && *self->settings.smtp_url) {
        route->email = true;
        snprintf (route->email_to, sizeof route->email_to, "%s", email);
    }
    if (s_has (channels, "webhook") && webhook && *webhook) {
        route->webhook = true;
        snprintf (route->webhook_url, sizeof route->webhook_url, "%s", webhook);
    }
    int from, to;
    if (quiet && s_quiet_parse (quiet, &from, &to)) {
        snprintf (route->quiet_hours, sizeof route->quiet_hours, "%s", quiet);
        char zone[64];
        if (!vp_urgent (urgency))
            route->held_until = s_quiet_until (ntf_zone (self, tenant, zone), now, from, to);
    }
    vp_val_destroy (&who);
    vp_val_destroy (&prefs);
    return 0;
}

//  An officer's preferences as get and set answer them.
static vp_val_t *
s_prefs_val (ntf_service_t *self, const char *officer)
{
    vp_val_t *who = vp_staff_officer (self->db, officer);
    vp_val_t *prefs = s_row (self, officer);
    const char *channels = prefs ? vp_map_str (prefs, VP_K_CHANNELS) : "email";
    const char *email = who ? vp_map_str (who, VP_K_EMAIL) : NULL;
    vp_val_t *result = vp_val_map ();
    vp_map_put_str (result, VP_K_OFFICER, officer);
    vp_val_t *list = vp_val_array ();
    vp_array_push (list, vp_val_str ("inbox"));
    //  The default names e-mail only for an officer who has an address.
    if (s_has (channels, "email") && (prefs || (email && *email)))
        vp_array_push (list, vp_val_str ("email"));
    if (s_has (channels, "webhook"))
        vp_array_push (list, vp_val_str ("webhook"));
    vp_map_put (result, VP_K_CHANNELS, list);
    if (email)
        vp_map_put_str (result, VP_K_EMAIL, email);
    if (prefs && vp_map_str (prefs, VP_K_WEBHOOK))
        vp_map_put_str (result, VP_K_WEBHOOK, vp_map_str (prefs, VP_K_WEBHOOK));
    if (prefs && vp_map_str (prefs, VP_K_QUIET_HOURS))
        vp_map_put_str (result, VP_K_QUIET_HOURS, vp_map_str (prefs, VP_K_QUIET_HOURS));
    vp_map_put_bool (result, "default", prefs == NULL);
    vp_val_destroy (&who);
    vp_val_destroy (&prefs);
    return result;
}

//  {officer?} -> {officer, channels, email?, webhook?, quiet_hours?, default}
static int
s_get (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    ntf_service_t *self = (ntf_service_t *) ctx->arg;
    const char *officer = NULL;
    if (ntf_access_officer (self, ctx, args, &officer, err))
        return -1;
    vp_val_t *prefs = s_prefs_val (self, officer);
    vp_map_put_all (result, prefs);
    vp_val_destroy (&prefs);
    return 0;
}

//  A URL a gateway can take: http(s)://host..., no blanks or controls.
static bool
s_url_ok (const char *url)
{
    const char *rest = strncmp (url, "http://", 7) == 0 ? url + 7
                     : strncmp (url, "https://", 8) == 0 ? url + 8 : NULL;
    if (!rest || !*rest || *rest == '/')
        return false;
    for (const char *p = url; *p; p++)
        if ((unsigned char) *p <= ' ' || *p == 0x7f)
            return false;
    return true;
}

//  {officer?, channels?, webhook?, quiet_hours?}: what is not given stays.
static int
s_set_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    ntf_service_t *self = (ntf_service_t *) ctx->arg;
    const char *officer = NULL;
    if (ntf_access_officer (self, ctx, args, &officer, err))
        return -1;
    vp_val_t *now = s_prefs_val (self, officer);
    char channels[32] = "";
    const vp_val_t *given = vp_map_get (args, VP_K_CHANNELS);
    const vp_val_t *list = given ? given : vp_map_get (now, VP_K_CHANNELS);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < vp_val_len (list); i++) {
        const char *channel = vp_val_get_str (vp_array_at (list, i));
        if (strcmp (channel, "inbox") == 0)
            continue;           //  always on
        if (strcmp (channel, "email") != 0 && strcmp (channel, "webhook") != 0)
            rc = vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_CHANNELS,
                             "channels[%zu] must be one of inbox, email, webhook, not \"%s\"", i, channel);
        else
        if (!s_has (channels, channel)) {
            size_t used = strlen (channels);
            snprintf (channels + used, sizeof channels - used, "%s%s", used ? "," : "", channel);
        }
    }
    const char *webhook = vp_map_get (args, VP_K_WEBHOOK) ? vp_map_str (args, VP_K_WEBHOOK) : vp_map_str (now, VP_K_WEBHOOK);
    const char *quiet = vp_map_get (args, VP_K_QUIET_HOURS) ? vp_map_str (args, VP_K_QUIET_HOURS)
                                                         : vp_map_str (now, VP_K_QUIET_HOURS);
    int from, to;
    if (rc == 0 && webhook && *webhook && !s_url_ok (webhook))
        rc = vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_WEBHOOK,
                         "webhook must be an http:// or https:// URL with a host and no blanks, not \"%s\"", webhook);
    if (rc == 0 && quiet && *quiet && !s_quiet_parse (quiet, &from, &to))
        rc = vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_QUIET_HOURS,
                         "quiet_hours must be HH:MM-HH:MM with two different times (e.g. 22:00-06:00), not \"%s\"",
                         quiet);
    if (rc == 0 && s_has (channels, "webhook") && !(webhook && *webhook))
        rc = vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_WEBHOOK,
                         "channels has webhook but officer \"%s\" has no webhook URL: give webhook=https://...",
                         officer);
    if (rc == 0 && s_has (channels, "email") && !vp_map_str (now, VP_K_EMAIL))
        rc = vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_CHANNELS,
                         "officer \"%s\" has no e-mail address (staffing.officer.update email=...)", officer);
    sqlite3_stmt *stmt = rc ? NULL : vp_db_cached (self->db,
        "INSERT OR REPLACE INTO ntf_prefs (officer, tenant, channels, webhook, quiet_hours, updated_at)"
        " VALUES (?1, ?2, ?3, nullif (?4, ''), nullif (?5, ''), ?6)", err);
    if (stmt) {
        sqlite3_bind_text (stmt, 1, officer, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, ctx->tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 3, channels, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 4, webhook ? webhook : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (stmt, 5, quiet ? quiet : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64 (stmt, 6, vp_clock_now ());
        rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "prefs");
        sqlite3_reset (stmt);
    }
    else
    if (rc == 0)
        rc = -1;
    vp_val_destroy (&now);
    if (rc)
        return -1;
    vp_val_t *prefs = s_prefs_val (self, officer);
    vp_map_put_all (result, prefs);
    vp_val_destroy (&prefs);
    vp_val_t *data = vp_val_map ();
    vp_map_put_str (data, VP_K_OFFICER, officer);
    vp_val_t *names = vp_val_array ();
    for (const char *p = channels; *p; ) {
        size_t n = strcspn (p, ",");
        vp_array_push (names, vp_val_strn (p, n));
        p += n;
        p += *p == ',';
    }
    vp_map_put (data, VP_K_CHANNELS, names);
    if (vp_map_str (result, VP_K_WEBHOOK))
        vp_map_put_str (data, VP_K_WEBHOOK, vp_map_str (result, VP_K_WEBHOOK));
    if (vp_map_str (result, VP_K_QUIET_HOURS))
        vp_map_put_str (data, VP_K_QUIET_HOURS, vp_map_str (result, VP_K_QUIET_HOURS));
    return vp_service_emit (self->service, ctx, ctx->tenant, "prefs_changed", data, err);
}

static const vp_cmd_t s_commands[] = {
    { VP_C_NOTIFY_PREFS_GET, s_get, true },
    { VP_C_NOTIFY_PREFS_SET, s_set_tx, true, .changes = true },
    { NULL }
};

void
ntf_prefs_register (ntf_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
