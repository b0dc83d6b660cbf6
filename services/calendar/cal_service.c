/*  cal_service - the service and what every group of commands shares. */
#include <string.h>
#include "cal_service.h"
#include "cal_events.h"
#include "cal_feed.h"
#include "vp/vp_fields.h"

//  The schema. Migration 1 is the first version; each later change is a
//  migration of its own, appended (never edit one that has shipped).
const char *const cal_migrations[] = {
    //  1: entries, who takes part, rooms, feeds
    "CREATE TABLE cal_entry ("
    "  tenant TEXT NOT NULL, entry TEXT NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL, body TEXT,"
    "  start INTEGER NOT NULL, end INTEGER NOT NULL, room TEXT, place TEXT,"
    //  chair_post: the chair was given as a post (resolved again when the entry moves)
    "  chair TEXT, chair_post TEXT, document TEXT, document_number TEXT, urgency TEXT,"
    "  status TEXT NOT NULL, sequence INTEGER NOT NULL, source TEXT NOT NULL, note TEXT,"
    "  created INTEGER NOT NULL, modified INTEGER NOT NULL,"
    "  PRIMARY KEY (tenant, entry)) WITHOUT ROWID;"
    "CREATE INDEX cal_entry_start ON cal_entry (tenant, start);"
    "CREATE INDEX cal_entry_body ON cal_entry (tenant, body, start) WHERE body IS NOT NULL;"
    //  the room check: a room's live bookings by start
    "CREATE INDEX cal_entry_room ON cal_entry (tenant, room, start, end)"
    "  WHERE room IS NOT NULL AND status != 'cancelled';"
    //  what an event made is made once: one invitation entry, one
    //  deadline item per document
    "CREATE UNIQUE INDEX cal_entry_source ON cal_entry (tenant, source, document)"
    "  WHERE source != 'command';"
    //  One row per (entry, officer), with the post through which; start,
    //  end and busy (counts for presence) copied from the entry so that
    //  the person check reads one index range.
    "CREATE TABLE cal_participant ("
    "  tenant TEXT NOT NULL, entry TEXT NOT NULL, officer TEXT NOT NULL, ord INTEGER NOT NULL,"
    "  post TEXT, on_behalf_of TEXT, delegate TEXT, leave TEXT,"
    "  start INTEGER NOT NULL, end INTEGER NOT NULL, busy INTEGER NOT NULL,"
    "  PRIMARY KEY (tenant, entry, officer)) WITHOUT ROWID;"
    "CREATE INDEX cal_participant_officer ON cal_participant (tenant, officer, busy, start, end);"
    //  the longest entry of a tenant so far: how far back a check looks
    "CREATE TABLE cal_span (tenant TEXT PRIMARY KEY, max_ms INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE cal_room ("
    "  tenant TEXT NOT NULL, room TEXT NOT NULL, name TEXT NOT NULL, capacity INTEGER,"
    "  active INTEGER NOT NULL, PRIMARY KEY (tenant, room)) WITHOUT ROWID;"
    "CREATE TABLE cal_feed ("
    "  token TEXT PRIMARY KEY, tenant TEXT NOT NULL, officer TEXT NOT NULL, body TEXT NOT NULL,"
    "  created INTEGER NOT NULL, revoked INTEGER) WITHOUT ROWID;"
    "CREATE INDEX cal_feed_whose ON cal_feed (tenant, officer, body) WHERE revoked IS NULL;",
    //  2: an entry's secrecy (that of its document, or given): viewers not
    //  cleared for it see a busy block (cal_entry_mask)
    "ALTER TABLE cal_entry ADD COLUMN secrecy TEXT;",
    //  3: the conflicts as told: one row per pair of entries (a < b) and
    //  person or room, with the overlap told, so that a conflict is told
    //  once, again only when it changes, and when it ends
    "CREATE TABLE cal_conflict ("
    "  tenant TEXT NOT NULL, a TEXT NOT NULL, b TEXT NOT NULL, kind TEXT NOT NULL, who TEXT NOT NULL,"
    "  start INTEGER NOT NULL, end INTEGER NOT NULL,"
    "  PRIMARY KEY (tenant, a, b, kind, who)) WITHOUT ROWID;"
    "CREATE INDEX cal_conflict_b ON cal_conflict (tenant, b);",
    //  4: the editions of a week's Lịch công tác as published (cal_edition):
    //  the signer's block, nơi nhận (one a line) and the digest of the
    //  entries it printed
    "CREATE TABLE cal_week_edition ("
    "  tenant TEXT NOT NULL, week_start INTEGER NOT NULL, edition INTEGER NOT NULL,"
    "  signer TEXT NOT NULL, signer_name TEXT NOT NULL, signer_title TEXT NOT NULL, recipients TEXT NOT NULL,"
    "  published_by TEXT, published INTEGER NOT NULL, entries INTEGER NOT NULL, digest TEXT NOT NULL,"
    "  PRIMARY KEY (tenant, week_start, edition)) WITHOUT ROWID;"
    //  and who prepares an entry (đơn vị chuẩn bị), a column of the printed week
    "ALTER TABLE cal_entry ADD COLUMN prepared_by TEXT;",
    NULL
};

int
cal_schema (sqlite3 *db, vp_err_t *err)
{
    //  The checks read index ranges all over the schedule: with sqlite's
    //  default 2 MB page cache, 100,000 entries (57 MB) are read back from
    //  the file system and a check takes twice as long (bench-calendar).
    //  The cache grows only as far as the database is read.
    return vp_db_exec (db, "PRAGMA cache_size = -65536;", err) || vp_staff_schema (db, err) ? -1 : 0;
}

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
        .follow = s_follow, .apply = cal_events_apply, .apply_arg = self
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
cal_change (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err, vp_cmd_fn *fn)
{
    cal_service_t *self = (cal_service_t *) ctx->arg;
    return vp_service_change (self->service, ctx, args, result, err, fn);
}

int
cal_emit (cal_service_t *self, vp_cmdctx_t *ctx, const char *tenant,
          const char *event, vp_val_t *data, vp_err_t *err)
{
    return vp_service_emit (self->service, ctx, tenant, event, data, err);
}

int
cal_body_check (cal_service_t *self, const char *tenant, const char *body, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db, "SELECT 1 FROM stf_body WHERE tenant = ?1 AND body = ?2", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, body, -1, SQLITE_STATIC);
    bool found = sqlite3_step (stmt) == SQLITE_ROW;
    sqlite3_reset (stmt);
    return found ? 0 : vp_err_set (err, VP_E_NOT_FOUND, VP_K_BODY, "body \"%s\" does not exist in tenant \"%s\"",
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
