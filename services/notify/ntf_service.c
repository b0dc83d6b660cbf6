/*  ntf_service - the service and what every group of commands shares. */
#include <stdlib.h>
#include <string.h>
#include "ntf_service.h"
#include "vp/vp_fields.h"

//  The worker gave up a delivery: tell the office head now.
static int
s_on_worker (zloop_t *loop, zsock_t *pipe, void *arg)
{
    ntf_service_t *self = (ntf_service_t *) arg;
    char *word = zstr_recv (pipe);
    if (word && strcmp (word, "FAILED") == 0)
        ntf_escalate_scan (self);
    zstr_free (&word);
    return 0;
}

static int
s_health (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    ntf_service_t *self = (ntf_service_t *) ctx->arg;
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT status, count(*) FROM ntf_delivery GROUP BY status", err);
    if (!stmt)
        return -1;
    vp_val_t *deliveries = vp_val_map ();
    while (sqlite3_step (stmt) == SQLITE_ROW)
        vp_map_put_int (deliveries, (const char *) sqlite3_column_text (stmt, 0), sqlite3_column_int64 (stmt, 1));
    sqlite3_reset (stmt);
    vp_map_put (result, VP_K_DELIVERIES, deliveries);
    vp_map_put_bool (result, VP_K_EMAIL, *self->settings.smtp_url != 0);
    return 0;
}

//  A whole number from min to max, or -1 naming the option.
static int
s_number (const vp_option_t *options, const char *name, int64_t min, int64_t max, int64_t *out, vp_err_t *err)
{
    const char *text = vp_option (options, name);
    char *end = NULL;
    long long n = text ? strtoll (text, &end, 10) : 0;
    if (!text || !*text || *end || n < min || n > max)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, name, "%s must be a whole number from %lld to %lld, not \"%s\"",
                           name, (long long) min, (long long) max, text ? text : "");
    *out = n;
    return 0;
}

int
ntf_settings_load (ntf_settings_t *settings, const vp_option_t *options, vp_err_t *err)
{
    memset (settings, 0, sizeof *settings);
    int64_t attempts = 0, inflight = 0;
    const int64_t day = 24 * 3600 * 1000LL;
    if (s_number (options, "notify-retry-base-ms", 1, day, &settings->retry_base_ms, err)
    ||  s_number (options, "notify-retry-max-ms", 1, 7 * day, &settings->retry_max_ms, err)
    ||  s_number (options, "notify-max-attempts", 1, 100, &attempts, err)
    ||  s_number (options, "notify-escalate-ms", 1, 365 * day, &settings->escalate_ms, err)
    ||  s_number (options, "notify-escalate-urgent-ms", 1, 365 * day, &settings->escalate_urgent_ms, err)
    ||  s_number (options, "notify-stale-ms", 1, 10000 * day, &settings->stale_ms, err)
    ||  s_number (options, "notify-scan-ms", 10, 3600 * 1000, &settings->scan_ms, err)
    ||  s_number (options, "notify-send-timeout-ms", 100, 600 * 1000, &settings->send_timeout_ms, err)
    ||  s_number (options, "notify-inflight", 1, 1000, &inflight, err))
        return -1;
    settings->max_attempts = (int) attempts;
    settings->inflight = (int) inflight;
    snprintf (settings->smtp_url, sizeof settings->smtp_url, "%s", vp_option (options, "smtp-url"));
    snprintf (settings->smtp_from, sizeof settings->smtp_from, "%s", vp_option (options, "smtp-from"));
    if (*settings->smtp_url && strncmp (settings->smtp_url, "smtp://", 7) != 0
    &&  strncmp (settings->smtp_url, "smtps://", 8) != 0)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, "smtp-url",
                           "smtp-url must start with smtp:// or smtps://, not \"%s\"", settings->smtp_url);
    return 0;
}

static const char *const s_follow[] = { "staffing", "documents", "calendar", NULL };

ntf_service_t *
ntf_service_new (const vp_config_t *cfg, vp_keys_t *keys, const ntf_settings_t *settings, vp_err_t *err)
{
    ntf_service_t *self = (ntf_service_t *) zmalloc (sizeof (ntf_service_t));
    self->cfg = cfg;
    self->keys = keys;
    self->settings = *settings;
    vp_service_opts_t opts = {
        .name = "notify", .cmd_endpoint = cfg->notify_cmd,
        .migrations = ntf_migrations, .schema = vp_staff_schema,
        .follow = s_follow, .handlers = ntf_decide, .arg = self, .staff_model = true,
        .stale_ms = settings->stale_ms
    };
    self->service = vp_service_new (cfg, keys, &opts, err);
    if (!self->service) {
        free (self);
        return NULL;
    }
    self->db = vp_service_db (self->service);
    self->cmdsrv = vp_service_cmdsrv (self->service);
    vp_service_set_health (self->service, s_health, self);
    ntf_inbox_register (self);
    ntf_prefs_register (self);
    ntf_template_register (self);
    ntf_escalate_register (self);
    if (*settings->smtp_url)
        vp_info ("e-mail through %s as %s", settings->smtp_url, settings->smtp_from);
    else
        vp_info ("no VP_SMTP_URL: notifications go to the inbox and webhooks only");
    return self;
}

void
ntf_service_destroy (ntf_service_t **self_p)
{
    ntf_service_t *self = *self_p;
    if (!self)
        return;
    if (self->deliver) {
        zloop_reader_end (vp_service_loop (self->service), zactor_sock (self->deliver));
        zactor_destroy (&self->deliver);
    }
    vp_service_destroy (&self->service);
    free (self);
    *self_p = NULL;
}

int
ntf_service_run (ntf_service_t *self)
{
    //  What the notify stream says was done, first (ntf_recall): the
    //  worker sends nothing before. A delivery made and never finished
    //  is sent now, once.
    if (vp_service_recall (self->service, ntf_recall, self) < 0)
        return 0;       //  stopped while the bus did not answer
    vp_err_t err = { 0 };
    if (vp_db_exec (self->db, "UPDATE ntf_delivery SET status = 'pending' WHERE status = 'recalled'", &err)) {
        vp_error ("%s", err.message);
        return -1;
    }
    //  The worker opens the database itself, now that it is migrated.
    self->deliver = zactor_new (ntf_deliver_actor, self);
    if (zloop_reader (vp_service_loop (self->service), zactor_sock (self->deliver), s_on_worker, self)) {
        vp_error ("cannot watch the delivery worker");
        return -1;
    }
    return vp_service_run (self->service);
}



const char *
ntf_zone (ntf_service_t *self, const char *tenant, char zone[64])
{
    return vp_staff_zone (self->db, tenant, self->cfg->tz, zone);
}

char *
ntf_time_text (ntf_service_t *self, const char *tenant, int64_t ms, char *buf, size_t size)
{
    char zone[64];
    return vp_time_format (ms, ntf_zone (self, tenant, zone), "%H:%M %d/%m/%Y", buf, size);
}

void
ntf_name (ntf_service_t *self, const char *officer, char *name, size_t size)
{
    vp_val_t *row = vp_staff_officer (self->db, officer);
    const char *full = row ? vp_map_str (row, VP_K_FULL_NAME) : NULL;
    snprintf (name, size, "%s", full ? full : officer);
    vp_val_destroy (&row);
}

int
ntf_access_officer (ntf_service_t *self, vp_cmdctx_t *ctx, const vp_val_t *args,
                    const char **officer, vp_err_t *err)
{
    const char *whose = vp_map_str (args, VP_K_OFFICER);
    *officer = whose ? whose : ctx->actor;
    if (strcmp (*officer, ctx->actor) == 0)
        return 0;
    if (!vp_staff_is_office_head (self->db, ctx->tenant, ctx->actor, vp_clock_now ()))
        return vp_err_set (err, VP_E_PERMISSION_DENIED, VP_K_OFFICER,
                           "only \"%s\" or the office head of tenant \"%s\" may see or change what is "
                           "\"%s\"'s; not \"%s\"", *officer, ctx->tenant, *officer, ctx->actor);
    return vp_staff_check_officer (self->db, ctx->tenant, *officer, err);
}
