/*  ntf_escalate - what the office head must hear: a notification nobody
    acknowledged in time, and a delivery that failed for good.

    Each notification that escalates carries its time (escalate_at: from
    its creation, or from the end of the quiet hours that held it, plus
    VP_NOTIFY_ESCALATE_MS, or VP_NOTIFY_ESCALATE_URGENT_MS for hỏa tốc and
    thượng khẩn). The scan (every VP_NOTIFY_SCAN_MS, and at once when the
    worker gives a delivery up) tells whoever acts for the office head,
    once, through a notification of their own (notify.escalated); an
    acknowledgement before that time stops it. A failed delivery is told
    to the office head through the inbox only (the channel that failed may
    be theirs too).
*/
#include <string.h>
#include "ntf_service.h"
#include "vp/vp_fields.h"

#define S_BATCH 500

//  "4 giờ", "30 phút", "1 giờ 30 phút"
static void
s_duration (int64_t ms, char *buf, size_t size)
{
    int64_t minutes = ms / 60000;
    int64_t hours = minutes / 60;
    minutes %= 60;
    if (hours && minutes)
        snprintf (buf, size, "%lld giờ %lld phút", (long long) hours, (long long) minutes);
    else
    if (hours)
        snprintf (buf, size, "%lld giờ", (long long) hours);
    else
        snprintf (buf, size, "%lld phút", (long long) (minutes ? minutes : 1));
}

static int
s_mark (ntf_service_t *self, const char *sql, const vp_val_t *row, int64_t now, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db, sql, err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, vp_map_str (row, VP_K_TENANT), -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, vp_map_str (row, VP_K_ID), -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 3, now);
    int rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "scan");
    sqlite3_reset (stmt);
    return rc;
}

//  Who acts for the office head of tenant now, unless it is `officer`
//  (nobody to escalate to).
static bool
s_head (ntf_service_t *self, const char *tenant, const char *officer, int64_t now, vp_staff_actor_t *head)
{
    if (vp_staff_office_head (self->db, tenant, now, head, NULL))
        return false;
    return strcmp (head->officer, officer) != 0;
}

//  A notice to the office head about notification row, in the flow of
//  row's cause.
static int
s_tell_head (ntf_service_t *self, const vp_val_t *row, const vp_staff_actor_t *head, const char *cause_type,
             vp_val_t *vars, bool inbox_only, char notice_id[NTF_ID_MAX], vp_err_t *err)
{
    char name[201];
    ntf_name (self, vp_map_str (row, VP_K_OFFICER), name, sizeof name);
    vp_map_put_str (vars, "recipient_name", name);
    vp_map_put_str (vars, "original_subject", vp_map_str (row, VP_K_SUBJECT));
    const char *corr = vp_map_str (row, VP_K_CORR);
    vp_cmdctx_t flow = { .cmd = "notify.scan", .id = corr, .tenant = vp_map_str (row, VP_K_TENANT),
                         .actor = "notify", .arg = self };
    ntf_notice_t notice = {
        .tenant = vp_map_str (row, VP_K_TENANT), .cause = vp_map_str (row, VP_K_ID), .cause_type = cause_type,
        .officer = head->officer, .on_behalf_of = head->on_behalf_of, .urgency = vp_map_str (row, VP_K_URGENCY),
        .document = vp_map_str (row, VP_K_DOCUMENT), .entry = vp_map_str (row, VP_K_ENTRY), .vars = vars,
        .inbox_only = inbox_only, .ctx = corr ? &flow : NULL
    };
    return ntf_inbox_add (self, &notice, notice_id, err);
}

static int
s_escalate (ntf_service_t *self, const vp_val_t *row, int64_t now, vp_err_t *err)
{
    if (s_mark (self, "UPDATE ntf_notification SET escalated_at = ?3 WHERE tenant = ?1 AND id = ?2", row, now, err))
        return -1;
    const char *tenant = vp_map_str (row, VP_K_TENANT);
    vp_staff_actor_t head;
    if (!s_head (self, tenant, vp_map_str (row, VP_K_OFFICER), now, &head))
        return 0;               //  the recipient is the office head, or there is none
    int64_t after = now - vp_map_int (row, "created_at", now);
    char created[48], waited[64];
    vp_val_t *vars = vp_val_map ();
    vp_map_put_str (vars, "original_text", vp_map_str (row, VP_K_TEXT));
    vp_map_put_str (vars, VP_K_CREATED, ntf_time_text (self, tenant, vp_map_int (row, "created_at", 0), created, sizeof created));
    s_duration (after, waited, sizeof waited);
    vp_map_put_str (vars, "after", waited);
    char notice[NTF_ID_MAX];
    int rc = s_tell_head (self, row, &head, "notify.escalated", vars, false, notice, err);
    vp_val_destroy (&vars);
    if (rc)
        return -1;
    vp_val_t *data = vp_val_map ();
    vp_map_put_str (data, VP_K_ID, vp_map_str (row, VP_K_ID));
    vp_map_put_str (data, VP_K_OFFICER, vp_map_str (row, VP_K_OFFICER));
    vp_map_put_str (data, VP_K_TO, head.officer);
    vp_map_put_int (data, VP_K_AFTER_MS, after < 0 ? 0 : after);
    if (*notice)
        vp_map_put_str (data, VP_K_NOTICE, notice);
    const char *corr = vp_map_str (row, VP_K_CORR);
    vp_cmdctx_t flow = { .cmd = "notify.scan", .id = corr, .tenant = tenant, .actor = "notify", .arg = self };
    return vp_service_emit (self->service, corr ? &flow : NULL, tenant, "escalated", data, err);
}

static int
s_failure (ntf_service_t *self, const vp_val_t *row, int64_t now, vp_err_t *err)
{
    if (s_mark (self, "UPDATE ntf_delivery SET head_told = 1 WHERE tenant = ?1 AND id = ?2 AND status = 'failed'",
                row, now, err))
        return -1;
    vp_staff_actor_t head;
    if (vp_staff_office_head (self->db, vp_map_str (row, VP_K_TENANT), now, &head, NULL))
        return 0;
    vp_val_t *vars = vp_val_map ();
    const char *channel = vp_map_str (row, VP_K_CHANNEL);
    vp_map_put_str (vars, VP_K_CHANNEL, strcmp (channel, "email") == 0 ? "e-mail" : channel);
    vp_map_put (vars, VP_K_ATTEMPTS, vp_val_strf ("%lld", (long long) vp_map_int (row, VP_K_ATTEMPTS, 0)));
    vp_map_put_str (vars, VP_K_ERROR, vp_map_str (row, "last_error") ? vp_map_str (row, "last_error") : "?");
    if (ntf_agency_cause (vp_map_str (row, VP_K_CAUSE_TYPE)))
        vp_map_put_str (vars, "agency", vp_map_str (row, "address"));
    else
        vp_map_put_str (vars, "officer_of", "1");
    int rc = s_tell_head (self, row, &head, "notify.failed", vars, true, NULL, err);
    vp_val_destroy (&vars);
    return rc;
}

static int
s_scan_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    ntf_service_t *self = (ntf_service_t *) ctx->arg;
    int64_t now = vp_clock_now ();
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT tenant, id, officer, urgency, subject, text, document, entry, corr, created_at"
        " FROM ntf_notification WHERE acked_at IS NULL AND escalated_at IS NULL AND escalate_at IS NOT NULL"
        " AND escalate_at <= ?1 ORDER BY escalate_at LIMIT ?2", err);
    if (!stmt)
        return -1;
    sqlite3_bind_int64 (stmt, 1, now);
    sqlite3_bind_int (stmt, 2, S_BATCH);
    vp_val_t *due = vp_db_rows (stmt);
    stmt = vp_db_cached (self->db,
        "SELECT d.tenant, d.id, d.channel, d.attempts, d.last_error, d.address, n.cause_type, n.officer, n.urgency, n.subject,"
        " n.document, n.entry, n.corr FROM ntf_delivery d"
        " JOIN ntf_notification n ON n.tenant = d.tenant AND n.id = d.id"
        " WHERE d.status = 'failed' AND d.head_told = 0 LIMIT ?1", err);
    if (!stmt) {
        vp_val_destroy (&due);
        return -1;
    }
    sqlite3_bind_int (stmt, 1, S_BATCH);
    vp_val_t *failed = vp_db_rows (stmt);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < vp_val_len (due); i++)
        rc = s_escalate (self, vp_array_at (due, i), now, err);
    for (size_t i = 0; rc == 0 && i < vp_val_len (failed); i++)
        rc = s_failure (self, vp_array_at (failed, i), now, err);
    vp_map_put_int (result, "escalated", (int64_t) vp_val_len (due));
    vp_map_put_int (result, "failures", (int64_t) vp_val_len (failed));
    vp_val_destroy (&due);
    vp_val_destroy (&failed);
    return rc;
}

//  Anything to do? Asked outside a transaction, so that an idle scan
//  writes (and logs) nothing.
static bool
s_due (ntf_service_t *self, int64_t now)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT EXISTS (SELECT 1 FROM ntf_notification WHERE acked_at IS NULL AND escalated_at IS NULL"
        "  AND escalate_at IS NOT NULL AND escalate_at <= ?1)"
        " OR EXISTS (SELECT 1 FROM ntf_delivery WHERE status = 'failed' AND head_told = 0)", NULL);
    if (!stmt)
        return false;
    sqlite3_bind_int64 (stmt, 1, now);
    bool due = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0);
    sqlite3_reset (stmt);
    return due;
}

void
ntf_escalate_scan (ntf_service_t *self)
{
    if (!s_due (self, vp_clock_now ()))
        return;
    vp_cmdctx_t ctx = { .cmd = "notify.scan", .id = "", .tenant = "", .actor = "notify", .arg = self };
    vp_val_t *args = vp_val_map ();
    vp_val_t *result = vp_val_map ();
    vp_err_t err = { 0 };
    if (vp_service_change (self->service, &ctx, args, result, &err, s_scan_tx))
        vp_warn ("escalation scan failed: %s", err.message);
    vp_val_destroy (&args);
    vp_val_destroy (&result);
}

static int
s_on_scan (zloop_t *loop, int timer_id, void *arg)
{
    ntf_escalate_scan ((ntf_service_t *) arg);
    return 0;
}

void
ntf_escalate_register (ntf_service_t *self)
{
    if (zloop_timer (vp_service_loop (self->service), (size_t) self->settings.scan_ms, 0, s_on_scan, self) < 0)
        vp_error ("cannot start the escalation scan timer");
}
