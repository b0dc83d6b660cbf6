/*  cal_service - the service and what every group of commands shares. */
#include <string.h>
#include "cal_service.h"
#include "cal_events.h"
#include "cal_feed.h"
#include "vp/vp_fields.h"

static const char *const s_follow[] = { "staffing", "documents", NULL };

//  health: entries made so far (the id counters), rooms, the feeds' endpoint.
static int
s_health (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    cal_service_t *self = (cal_service_t *) ctx->arg;
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT (SELECT coalesce (sum (n), 0) FROM vp_counter WHERE prefix = 'e'),"
        " (SELECT count (*) FROM cal_room WHERE active = 1)", NULL);
    if (stmt && sqlite3_step (stmt) == SQLITE_ROW) {
        vp_map_put_int (result, VP_K_ENTRIES, sqlite3_column_int64 (stmt, 0));
        vp_map_put_int (result, VP_K_ROOMS, sqlite3_column_int64 (stmt, 1));
    }
    if (stmt)
        sqlite3_reset (stmt);
    vp_map_put_str (result, "feeds", *self->feed_url ? self->feed_url : "off");
    if (!self->feed && *self->feed_url)
        vp_map_put_str (result, VP_K_STATUS, "degraded");
    return 0;
}

cal_service_t *
cal_service_new (const vp_config_t *cfg, vp_keys_t *keys, const vp_option_t *options, vp_err_t *err)
{
    cal_service_t *self = (cal_service_t *) zmalloc (sizeof (cal_service_t));
    vp_service_opts_t opts = {
        .name = "calendar", .cmd_endpoint = cfg->calendar_cmd,
        .migrations = cal_migrations, .schema = cal_schema,
        .follow = s_follow, .handlers = cal_events, .arg = self, .staff_model = true
    };
    self->service = vp_service_new (cfg, keys, &opts, err);
    if (!self->service) {
        free (self);
        return NULL;
    }
    self->db = vp_service_db (self->service);
    self->cmdsrv = vp_service_cmdsrv (self->service);
    self->cfg = cfg;
    const char *http = options ? vp_option (options, "calendar-http") : NULL;
    const char *url = options ? vp_option (options, "calendar-feed-url") : NULL;
    if (http && *http) {
        //  Without its feeds the schedule still works: say so (health:
        //  degraded) rather than stop, e.g. when the port is taken.
        vp_err_t feed_err = { 0 };
        self->feed = cal_feed_new (self, http, &feed_err);
        if (!self->feed) {
            vp_error ("feeds: %s", feed_err.message);
            snprintf (self->feed_url, sizeof self->feed_url, "unavailable: %s", feed_err.message);
        }
        else
        if (url && *url)
            snprintf (self->feed_url, sizeof self->feed_url, "%s", url);
        else
            cal_feed_default_url (cal_feed_endpoint (self->feed), self->feed_url, sizeof self->feed_url);
    }
    vp_service_set_health (self->service, s_health, self);
    cal_entry_register (self);
    cal_room_register (self);
    cal_week_register (self);
    cal_edition_register (self);
    cal_ical_register (self);
    cal_feed_register (self);
    return self;
}

void
cal_service_destroy (cal_service_t **self_p)
{
    cal_service_t *self = *self_p;
    if (!self)
        return;
    cal_feed_destroy (&self->feed);
    vp_service_destroy (&self->service);
    free (self);
    *self_p = NULL;
}

int
cal_service_run (cal_service_t *self)
{
    //  What the calendar stream says was made, first (cal_recall.c).
    if (vp_service_recall (self->service, cal_recall, self) < 0)
        return 0;       //  stopped while the bus did not answer
    return vp_service_run (self->service);
}



int
cal_body_check (cal_service_t *self, const char *tenant, const char *body, vp_err_t *err)
{
    return vp_staff_body (self->db, tenant, body, NULL, 0, NULL, 0) ? 0 : vp_err_set (err, VP_E_NOT_FOUND, VP_K_BODY, "body \"%s\" does not exist in tenant \"%s\"",
                                   body, tenant);
}

const char *
cal_zone (cal_service_t *self, const char *tenant, char zone[64])
{
    return vp_staff_zone (self->db, tenant, self->cfg ? self->cfg->tz : VP_TIME_DEFAULT_ZONE, zone);
}

char *
cal_cut (char *out, size_t size, const char *s)
{
    size_t len = vp_utf8_prefix (s, strlen (s), size - 1);
    memcpy (out, s, len);
    out[len] = 0;
    return out;
}

void
cal_officer_name (cal_service_t *self, const char *officer, char *name, size_t size)
{
    vp_val_t *row = vp_staff_officer (self->db, officer);
    const char *full = row ? vp_map_str (row, VP_K_FULL_NAME) : NULL;
    snprintf (name, size, "%s", full ? full : officer);
    vp_val_destroy (&row);
}
