/*  ntf_inbox - the inbox: a notification written once, with its
    deliveries; notify.inbox, notify.ack and notify.list.

    A notification is the row in the recipient's inbox (ntf_notification,
    written at once, whatever the channels) and one delivery row per other
    channel (ntf_delivery: pending until the worker sends it). Both are
    written in the transaction that decided them, with notify.created, so
    the decision, the inbox and the work left to do are never apart. The
    pair (cause, recipient) is unique: an event applied again writes
    nothing new.
*/
#include <string.h>
#include "ntf_service.h"
#include "vp/vp_fields.h"

#define S_PAGE 50

//  The urgency a message names: none for Thường.
static const char *
s_urgency_name (const char *urgency)
{
    return vp_urgency_level (urgency) > 0 ? vp_urgency_title (urgency) : "";
}

//  The notification told to this recipient for this cause, if any.
static bool
s_told (ntf_service_t *self, const ntf_notice_t *notice)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT 1 FROM ntf_notification WHERE cause = ?1 AND cause_type = ?2 AND officer = ?3", NULL);
    if (!stmt)
        return false;
    sqlite3_bind_text (stmt, 1, notice->cause, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, notice->cause_type, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, notice->officer, -1, SQLITE_STATIC);
    bool told = sqlite3_step (stmt) == SQLITE_ROW;
    sqlite3_reset (stmt);
    return told;
}

static void
s_bind_opt (sqlite3_stmt *stmt, int i, const char *s)
{
    if (s && *s)
        sqlite3_bind_text (stmt, i, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null (stmt, i);
}

static int
s_delivery_add (ntf_service_t *self, const char *tenant, const char *id, const char *channel,
                const char *address, const char *name, int64_t next_at, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT INTO ntf_delivery (tenant, id, channel, address, status, next_at, name)"
        " VALUES (?1, ?2, ?3, ?4, 'pending', ?5, ?6)", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, channel, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 4, address, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 5, next_at);
    s_bind_opt (stmt, 6, name);
    int rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "delivery");
    sqlite3_reset (stmt);
    return rc;
}

int
ntf_inbox_add (ntf_service_t *self, const ntf_notice_t *notice, char id[NTF_ID_MAX], vp_err_t *err)
{
    if (id)
        *id = 0;
    if (s_told (self, notice))
        return 0;
    int64_t now = vp_clock_now ();
    //  The values every message may use, then the message.
    vp_val_t *vars = notice->vars ? vp_val_dup (notice->vars) : vp_val_map ();
    char name[201], behalf_name[201] = "", behalf[240] = "";
    ntf_name (self, notice->officer, name, sizeof name);
    vp_map_put_str (vars, "officer_name", name);
    if (notice->on_behalf_of && *notice->on_behalf_of) {
        ntf_name (self, notice->on_behalf_of, behalf_name, sizeof behalf_name);
        snprintf (behalf, sizeof behalf, " (thay %s)", behalf_name);
    }
    vp_map_put_str (vars, "on_behalf_of_name", behalf_name);
    vp_map_put_str (vars, "behalf", behalf);
    const char *urgency = notice->urgency && *notice->urgency ? notice->urgency : "thuong";
    char tag[32] = "";
    if (*s_urgency_name (urgency))
        snprintf (tag, sizeof tag, "[%s] ", s_urgency_name (urgency));
    vp_map_put_str (vars, "urgency_name", s_urgency_name (urgency));
    vp_map_put_str (vars, "urgency_tag", tag);
    char subject[NTF_SUBJECT_MAX + 1], text[NTF_TEXT_MAX + 1];
    ntf_template_render (self, notice->tenant, notice->cause_type, vars, subject, text);
    vp_val_destroy (&vars);

    ntf_route_t route = { 0 };
    if (notice->to) {
        //  An agency outside the deployment: its address is the channel.
        route.email = true;
        snprintf (route.email_to, sizeof route.email_to, "%s", notice->to);
    }
    else
    if (!notice->inbox_only && ntf_prefs_route (self, notice->tenant, notice->officer, urgency, now, &route, err))
        return -1;
    bool sends = route.email || route.webhook;
    int64_t held_until = sends ? route.held_until : 0;
    int64_t escalate_at = 0;
    if (notice->escalates)
        escalate_at = (held_until ? held_until : now)
                    + (vp_urgent (urgency) ? self->settings.escalate_urgent_ms : self->settings.escalate_ms);
    const vp_val_t *cause_env = vp_service_cause (self->service);
    const char *corr = notice->ctx ? notice->ctx->id : cause_env ? vp_map_str (cause_env, VP_K_CORR) : NULL;

    char nid[NTF_ID_MAX];
    if (vp_service_next_id (self->service, notice->tenant, "n", nid, sizeof nid, err))
        return -1;
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT INTO ntf_notification (tenant, id, cause, cause_type, cause_seq, officer, on_behalf_of,"
        " urgency, subject, text, document, entry, corr, created_at, held_until, escalate_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, notice->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, nid, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, notice->cause, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 4, notice->cause_type, -1, SQLITE_STATIC);
    if (notice->cause_seq > 0)
        sqlite3_bind_int64 (stmt, 5, notice->cause_seq);
    sqlite3_bind_text (stmt, 6, notice->officer, -1, SQLITE_STATIC);
    s_bind_opt (stmt, 7, notice->on_behalf_of);
    sqlite3_bind_text (stmt, 8, urgency, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 9, subject, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 10, text, -1, SQLITE_STATIC);
    s_bind_opt (stmt, 11, notice->document);
    s_bind_opt (stmt, 12, notice->entry);
    s_bind_opt (stmt, 13, corr);
    sqlite3_bind_int64 (stmt, 14, now);
    if (held_until)
        sqlite3_bind_int64 (stmt, 15, held_until);
    if (escalate_at)
        sqlite3_bind_int64 (stmt, 16, escalate_at);
    int rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "notification");
    sqlite3_reset (stmt);
    int64_t due = held_until ? held_until : now;
    if (rc == 0 && route.email)
        rc = s_delivery_add (self, notice->tenant, nid, "email", route.email_to, notice->to_name, due, err);
    if (rc == 0 && route.webhook)
        rc = s_delivery_add (self, notice->tenant, nid, "webhook", route.webhook_url, NULL, due, err);
    if (rc)
        return -1;

    vp_val_t *data = vp_val_map ();
    vp_map_put_str (data, VP_K_ID, nid);
    vp_map_put_str (data, VP_K_CAUSE, notice->cause);
    vp_map_put_str (data, VP_K_CAUSE_TYPE, notice->cause_type);
    vp_map_put_str (data, VP_K_OFFICER, notice->officer);
    if (notice->on_behalf_of && *notice->on_behalf_of)
        vp_map_put_str (data, VP_K_ON_BEHALF_OF, notice->on_behalf_of);
    vp_map_put_str (data, VP_K_URGENCY, urgency);
    vp_map_put_str (data, VP_K_SUBJECT, subject);
    vp_map_put_str (data, VP_K_TEXT, text);
    vp_val_t *channels = vp_val_array ();
    if (route.email)
        vp_array_push (channels, vp_val_str ("email"));
    if (route.webhook)
        vp_array_push (channels, vp_val_str ("webhook"));
    vp_map_put (data, VP_K_CHANNELS, channels);
    if (notice->document && *notice->document)
        vp_map_put_str (data, VP_K_DOCUMENT, notice->document);
    if (notice->entry && *notice->entry)
        vp_map_put_str (data, VP_K_ENTRY, notice->entry);
    if (held_until)
        vp_map_put_int (data, VP_K_HELD_UNTIL, held_until);
    if (notice->to)
        vp_map_put_str (data, VP_K_TO, notice->to);
    if (notice->to_name)
        vp_map_put_str (data, VP_K_TO_NAME, notice->to_name);
    if (escalate_at)
        vp_map_put_int (data, VP_K_ESCALATE_AT, escalate_at);
    if (vp_service_emit (self->service, notice->ctx, notice->tenant, "created", data, err))
        return -1;
    if (held_until) {
        data = vp_val_map ();
        vp_map_put_str (data, VP_K_ID, nid);
        vp_map_put_str (data, VP_K_OFFICER, notice->officer);
        vp_map_put_int (data, VP_K_UNTIL, held_until);
        vp_map_put_str (data, VP_K_QUIET_HOURS, route.quiet_hours);
        if (vp_service_emit (self->service, notice->ctx, notice->tenant, "held", data, err))
            return -1;
    }
    if (id)
        snprintf (id, NTF_ID_MAX, "%s", nid);
    return 0;
}

//  --------------------------------------------------------------------------
//  Commands

#define S_COLUMNS "id, cause, cause_type, officer, on_behalf_of, urgency, subject, text, document, entry," \
                  " created_at, held_until, escalate_at, escalated_at, acked_at"

static int64_t
s_count (ntf_service_t *self, const char *sql, const char *tenant, const char *officer)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db, sql, NULL);
    if (!stmt)
        return 0;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    s_bind_opt (stmt, 2, officer);
    int64_t n = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
    sqlite3_reset (stmt);
    return n;
}

//  {officer?, unread?, limit?, offset?} -> {officer, unread, total, items}
static int
s_inbox (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    ntf_service_t *self = (ntf_service_t *) ctx->arg;
    const char *officer = NULL;
    if (ntf_access_officer (self, ctx, args, &officer, err))
        return -1;
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT " S_COLUMNS " FROM ntf_notification WHERE tenant = ?1 AND officer = ?2"
        " AND (?3 = 0 OR acked_at IS NULL) ORDER BY created_at DESC, rowid DESC LIMIT ?4 OFFSET ?5", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, officer, -1, SQLITE_STATIC);
    sqlite3_bind_int (stmt, 3, vp_map_bool (args, VP_K_UNREAD, false));
    sqlite3_bind_int64 (stmt, 4, vp_map_int (args, VP_K_LIMIT, S_PAGE));
    sqlite3_bind_int64 (stmt, 5, vp_map_int (args, VP_K_OFFSET, 0));
    vp_map_put_str (result, VP_K_OFFICER, officer);
    vp_map_put (result, "items", vp_db_rows (stmt));
    vp_map_put_int (result, VP_K_UNREAD, s_count (self,
        "SELECT count(*) FROM ntf_notification WHERE tenant = ?1 AND officer = ?2 AND acked_at IS NULL",
        ctx->tenant, officer));
    vp_map_put_int (result, VP_K_TOTAL, s_count (self,
        "SELECT count(*) FROM ntf_notification WHERE tenant = ?1 AND officer = ?2", ctx->tenant, officer));
    return 0;
}

int
ntf_inbox_ack (ntf_service_t *self, vp_cmdctx_t *ctx, const char *tenant, const char *id, const char *by,
               int64_t *acked_at, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT officer, created_at, acked_at FROM ntf_notification WHERE tenant = ?1 AND id = ?2", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
    vp_val_t *row = sqlite3_step (stmt) == SQLITE_ROW ? vp_db_row (stmt) : NULL;
    sqlite3_reset (stmt);
    if (!row)
        return vp_err_set (err, VP_E_NOT_FOUND, VP_K_ID, "notification \"%s\" does not exist in tenant \"%s\"",
                           id, tenant);
    if (vp_map_get (row, "acked_at")) {
        *acked_at = vp_map_int (row, "acked_at", 0);
        vp_val_destroy (&row);
        return 1;
    }
    int64_t now = vp_clock_now ();
    int64_t after = now - vp_map_int (row, "created_at", now);
    vp_val_t *data = vp_val_map ();
    vp_map_put_str (data, VP_K_ID, id);
    vp_map_put_str (data, VP_K_OFFICER, vp_map_str (row, VP_K_OFFICER));
    vp_map_put_int (data, VP_K_AFTER_MS, after < 0 ? 0 : after);
    vp_map_put_str (data, VP_K_BY, by);
    vp_val_destroy (&row);
    stmt = vp_db_cached (self->db, "UPDATE ntf_notification SET acked_at = ?3 WHERE tenant = ?1 AND id = ?2", err);
    int rc = stmt ? 0 : -1;
    if (stmt) {
        sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 3, now);
        rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "ack");
        sqlite3_reset (stmt);
    }
    if (rc) {
        vp_val_destroy (&data);
        return -1;
    }
    *acked_at = now;
    return vp_service_emit (self->service, ctx, tenant, "acked", data, err);
}

//  {id}: only the recipient acknowledges; again is no change.
static int
s_ack_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    ntf_service_t *self = (ntf_service_t *) ctx->arg;
    const char *id = vp_map_str (args, VP_K_ID);
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT officer FROM ntf_notification WHERE tenant = ?1 AND id = ?2", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
    char officer[NTF_ID_MAX] = "";
    if (sqlite3_step (stmt) == SQLITE_ROW)
        snprintf (officer, sizeof officer, "%s", (const char *) sqlite3_column_text (stmt, 0));
    sqlite3_reset (stmt);
    if (*officer && strcmp (officer, ctx->actor) != 0)
        return vp_err_set (err, VP_E_PERMISSION_DENIED, VP_K_ID,
                           "notification \"%s\" is for \"%s\": only they acknowledge it, not \"%s\"",
                           id, officer, ctx->actor);
    int64_t acked_at = 0;
    int rc = ntf_inbox_ack (self, ctx, ctx->tenant, id, "ack", &acked_at, err);
    if (rc < 0)
        return -1;
    vp_map_put_str (result, VP_K_ID, id);
    vp_map_put_str (result, VP_K_OFFICER, ctx->actor);
    vp_map_put_int (result, "acked_at", acked_at);
    if (rc == 1)
        vp_map_put_bool (result, "already", true);
    return 0;
}

//  The deliveries of a notification: [{channel, address, status, ...}].
static vp_val_t *
s_deliveries (ntf_service_t *self, const char *tenant, const char *id)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT channel, address, status, attempts, next_at, last_error, sent_at FROM ntf_delivery"
        " WHERE tenant = ?1 AND id = ?2 ORDER BY channel", NULL);
    if (!stmt)
        return vp_val_array ();
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
    return vp_db_rows (stmt);
}

//  {status?, officer?, limit?, offset?} -> {items, total}: the office head's view.
static int
s_list (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    ntf_service_t *self = (ntf_service_t *) ctx->arg;
    if (!vp_staff_is_office_head (self->db, ctx->tenant, ctx->actor, vp_clock_now ()))
        return vp_err_set (err, VP_E_PERMISSION_DENIED, VP_K_ACTOR,
                           "only the office head of tenant \"%s\" lists every notification; not \"%s\"",
                           ctx->tenant, ctx->actor);
    #define S_LIST_WHERE \
        " FROM ntf_notification n WHERE n.tenant = ?1 AND (?2 IS NULL OR n.officer = ?2) AND (?3 IS NULL" \
        " OR (?3 = 'unacked' AND n.acked_at IS NULL) OR (?3 = 'acked' AND n.acked_at IS NOT NULL)" \
        " OR EXISTS (SELECT 1 FROM ntf_delivery d WHERE d.tenant = n.tenant AND d.id = n.id" \
        "   AND (d.status = ?3 OR (?3 = 'pending' AND d.status = 'sending'))))"
    const char *status = vp_map_str (args, VP_K_STATUS);
    const char *officer = vp_map_str (args, VP_K_OFFICER);
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT " S_COLUMNS S_LIST_WHERE " ORDER BY n.created_at DESC, n.rowid DESC LIMIT ?4 OFFSET ?5", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    s_bind_opt (stmt, 2, officer);
    s_bind_opt (stmt, 3, status);
    sqlite3_bind_int64 (stmt, 4, vp_map_int (args, VP_K_LIMIT, S_PAGE));
    sqlite3_bind_int64 (stmt, 5, vp_map_int (args, VP_K_OFFSET, 0));
    vp_val_t *items = vp_db_rows (stmt);
    for (size_t i = 0; i < vp_val_len (items); i++) {
        vp_val_t *item = vp_array_at (items, i);
        vp_map_put (item, VP_K_DELIVERIES, s_deliveries (self, ctx->tenant, vp_map_str (item, VP_K_ID)));
    }
    vp_map_put (result, "items", items);
    stmt = vp_db_cached (self->db, "SELECT count(*)" S_LIST_WHERE, err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    s_bind_opt (stmt, 2, officer);
    s_bind_opt (stmt, 3, status);
    vp_map_put_int (result, VP_K_TOTAL, sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0);
    sqlite3_reset (stmt);
    #undef S_LIST_WHERE
    return 0;
}

static const vp_cmd_t s_commands[] = {
    { VP_C_NOTIFY_INBOX, s_inbox, true },
    { VP_C_NOTIFY_ACK, s_ack_tx, true, .changes = true },
    { VP_C_NOTIFY_LIST, s_list, true },
    { NULL }
};

void
ntf_inbox_register (ntf_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
