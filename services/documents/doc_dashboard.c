/*  doc_dashboard - the office head's overview and chasing.

    documents.dashboard answers Tổng hợp in one command: incoming this
    week and this month by status (weeks from Monday 00:00, months from
    the 1st, in the commune's zone, by the service's clock), overdue by
    officer and by body, the overdue documents with their last reminder,
    and what waits for assignment (registered and not routed, returned, or
    with the office head's post by default and not started). Only what the
    reader is cleared for
    counts, as in documents.search: a count of what one may not see would
    say that it exists.

    documents.remind is the office head's reminder (đôn đốc) to an open
    document's assignee: a `reminded` step in its trail and
    documents.reminded, which vp-notify tells the assignee, or whoever
    stands in for them on leave. It is a change like any other, so the
    same request id again (a form sent twice) is answered as the first and
    reminds nobody twice (vp_request).
*/
#include <assert.h>
#include <string.h>
#include "doc_access.h"
#include "doc_search.h"
#include "vp/vp_fields.h"

//  Documents overdue: the deadline passed while someone still handles it
//  (the partial index doc_document_deadline holds exactly these statuses).
#define S_OVERDUE "d.status IN ('assigned', 'in_progress') AND d.deadline < ?2"

//  What waits for the office head to hand on (see documents.dashboard).
#define S_WAITING "(d.status IN ('registered', 'returned') OR (d.status = 'assigned' AND d.post IN" \
                  " " VP_STAFF_SQL_HEAD_POSTS ("d.tenant") "))"

//  The body a document is with (overdue_by_body).
#define S_BODY "coalesce (" VP_STAFF_SQL_POST_BODY ("d.tenant", "d.post") ", d.receiving_body)"

static const char *const s_statuses[] = {
    "registered", "assigned", "in_progress", "done", "returned", "forwarded", "archived", NULL
};

//  00:00 of a local day in zone.
static int64_t
s_midnight (int year, int month, int day, const char *zone)
{
    vp_tm_t tm = { .year = year, .month = month, .day = day };
    return vp_time_from_local (&tm, zone);
}

//  Monday 00:00 of the week of now, and the 1st 00:00 of its month.
static void
s_periods (int64_t now, const char *zone, int64_t *week, int64_t *month)
{
    vp_tm_t tm;
    vp_time_local (now, zone, &tm);
    *month = s_midnight (tm.year, tm.month, 1, zone);
    int back = (tm.weekday + 6) % 7;        //  days since Monday
    //  Noon of that Monday, then its 00:00: a day of the zone is not
    //  always 24 hours.
    int64_t noon = s_midnight (tm.year, tm.month, tm.day, zone) + 12 * 3600000LL - (int64_t) back * 86400000LL;
    vp_time_local (noon, zone, &tm);
    *week = s_midnight (tm.year, tm.month, tm.day, zone);
}

//  A statement with the tenant (?1) and a time (?2), its SQL the text
//  with the visible secrecy levels in place of S_VISIBLE.
#define S_VISIBLE "@visible"

static sqlite3_stmt *
s_prepare (doc_service_t *self, const char *text, const char *tenant, int64_t at, int clearance, vp_err_t *err)
{
    char sql[2000];
    const char *at_visible = strstr (text, S_VISIBLE);
    assert (at_visible);
    snprintf (sql, sizeof sql, "%.*s%s%s", (int) (at_visible - text), text, doc_search_visible (clearance),
              at_visible + strlen (S_VISIBLE));
    sqlite3_stmt *stmt = vp_db_cached (self->db, sql, err);
    if (stmt) {
        sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 2, at);
    }
    return stmt;
}

//  {from, total, by_status: {status: n}} of what arrived from `from` on.
static vp_val_t *
s_incoming (doc_service_t *self, const char *tenant, int64_t from, int clearance, vp_err_t *err)
{
    sqlite3_stmt *stmt = s_prepare (self,
        "SELECT d.status AS status, count (*) AS n FROM doc_document d"
        " WHERE d.tenant = ?1 AND d.arrived_at >= ?2 AND d.secrecy IN (" S_VISIBLE ") GROUP BY d.status",
        tenant, from, clearance, err);
    if (!stmt)
        return NULL;
    vp_val_t *rows = vp_db_rows (stmt);
    vp_val_t *by_status = vp_val_map ();
    for (int i = 0; s_statuses[i]; i++)
        vp_map_put_int (by_status, s_statuses[i], 0);
    int64_t total = 0;
    for (size_t i = 0; i < vp_val_len (rows); i++) {
        const vp_val_t *row = vp_array_at (rows, i);
        vp_map_put_int (by_status, vp_map_str (row, VP_K_STATUS), vp_map_int (row, VP_K_N, 0));
        total += vp_map_int (row, VP_K_N, 0);
    }
    vp_val_destroy (&rows);
    vp_val_t *period = vp_val_map ();
    vp_map_put_int (period, VP_K_FROM, from);
    vp_map_put_int (period, VP_K_TOTAL, total);
    vp_map_put (period, "by_status", by_status);
    return period;
}

//  {document, label, ...} of a row with arrival_number and year.
static void
s_label (vp_val_t *rows)
{
    for (size_t i = 0; i < vp_val_len (rows); i++) {
        vp_val_t *row = vp_array_at (rows, i);
        vp_map_put (row, VP_K_LABEL, vp_val_strf ("%02lld/%lld", (long long) vp_map_int (row, VP_K_ARRIVAL_NUMBER, 0),
                                               (long long) vp_map_int (row, VP_K_YEAR, 0)));
    }
}

//  {limit?}
static int
s_dashboard (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    if (doc_access_leads (self, ctx, "xem bảng tổng hợp", err))
        return -1;
    const char *tenant = ctx->tenant;
    int64_t limit = vp_map_int (args, VP_K_LIMIT, 50);
    int64_t now = vp_clock_now ();
    int clearance = doc_access_clearance (self, ctx);
    char zone[64];
    doc_zone (self, tenant, zone);
    int64_t week, month;
    s_periods (now, zone, &week, &month);
    vp_map_put_int (result, "now", now);
    vp_map_put_str (result, VP_K_ZONE, zone);
    vp_val_t *period = s_incoming (self, tenant, week, clearance, err);
    if (!period)
        return -1;
    vp_map_put (result, VP_K_WEEK, period);
    if (!(period = s_incoming (self, tenant, month, clearance, err)))
        return -1;
    vp_map_put (result, "month", period);

    sqlite3_stmt *stmt = s_prepare (self,
        "SELECT d.officer AS officer, coalesce (" VP_STAFF_SQL_OFFICER_NAME ("d.officer") ", d.officer) AS full_name,"
        " count (*) AS count FROM doc_document d"
        " WHERE d.tenant = ?1 AND " S_OVERDUE " AND d.secrecy IN (" S_VISIBLE ")"
        " GROUP BY d.officer ORDER BY count DESC, full_name", tenant, now, clearance, err);
    if (!stmt)
        return -1;
    vp_val_t *by_officer = vp_db_rows (stmt);
    int64_t total = 0;
    for (size_t i = 0; i < vp_val_len (by_officer); i++)
        total += vp_map_int (vp_array_at (by_officer, i), VP_K_COUNT, 0);
    vp_map_put_int (result, "overdue_total", total);
    vp_map_put (result, "overdue_by_officer", by_officer);
    //  The body whose post has it; before it is with a post, the body it
    //  was addressed to.
    stmt = s_prepare (self,
        "SELECT " S_BODY " AS body, " VP_STAFF_SQL_BODY_NAME ("d.tenant", S_BODY) " AS name, count (*) AS count"
        " FROM doc_document d"
        " WHERE d.tenant = ?1 AND " S_OVERDUE " AND d.secrecy IN (" S_VISIBLE ")"
        " GROUP BY 1 ORDER BY count DESC, name", tenant, now, clearance, err);
    if (!stmt)
        return -1;
    vp_map_put (result, "overdue_by_body", vp_db_rows (stmt));
    stmt = s_prepare (self,
        "SELECT d.document AS document, d.arrival_number AS arrival_number, d.year AS year, d.number AS number,"
        " d.issuer AS issuer, d.summary AS summary, d.officer AS officer,"
        " " VP_STAFF_SQL_OFFICER_NAME ("d.officer") " AS officer_name,"
        " d.deadline AS deadline, d.urgency AS urgency, d.secrecy AS secrecy,"
        " (SELECT max (h.at) FROM doc_history h WHERE h.tenant = d.tenant AND h.document = d.document"
        "  AND h.step = 'reminded') AS reminded_at"
        " FROM doc_document d"
        " WHERE d.tenant = ?1 AND " S_OVERDUE " AND d.secrecy IN (" S_VISIBLE ")"
        " ORDER BY d.deadline, d.rowid LIMIT ?3", tenant, now, clearance, err);
    if (!stmt)
        return -1;
    sqlite3_bind_int64 (stmt, 3, limit);
    vp_val_t *overdue = vp_db_rows (stmt);
    s_label (overdue);
    vp_map_put (result, VP_K_OVERDUE, overdue);

    //  Waiting for assignment: what lies with the office head to hand
    //  on (registered and not routed, returned to the office, or routed
    //  to the office head's post by default and not started); the longest
    //  waiting first.
    stmt = s_prepare (self,
        "SELECT count (*) AS n FROM doc_document d"
        " WHERE d.tenant = ?1 AND " S_WAITING " AND ?2 IS NOT NULL AND d.secrecy IN (" S_VISIBLE ")",
        tenant, now, clearance, err);
    if (!stmt)
        return -1;
    int64_t waiting_total = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
    sqlite3_reset (stmt);
    vp_map_put_int (result, "waiting_total", waiting_total);
    stmt = s_prepare (self,
        "SELECT d.document AS document, d.arrival_number AS arrival_number, d.year AS year, d.number AS number,"
        " d.issuer AS issuer, d.summary AS summary, d.arrived_at AS arrived_at, d.urgency AS urgency,"
        " d.secrecy AS secrecy, d.status AS status FROM doc_document d"
        " WHERE d.tenant = ?1 AND " S_WAITING " AND ?2 IS NOT NULL AND d.secrecy IN (" S_VISIBLE ")"
        " ORDER BY d.rowid LIMIT ?3", tenant, now, clearance, err);
    if (!stmt)
        return -1;
    sqlite3_bind_int64 (stmt, 3, limit);
    vp_val_t *waiting = vp_db_rows (stmt);
    s_label (waiting);
    vp_map_put (result, "waiting", waiting);
    return 0;
}

//  {document, note?}
static int
s_remind_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *tenant = ctx->tenant;
    const char *document = vp_map_str (args, VP_K_DOCUMENT);
    const char *note = vp_map_str (args, VP_K_NOTE);
    if (doc_access_leads (self, ctx, "nhắc việc", err))
        return -1;
    vp_val_t *doc = doc_access_load (self, ctx, document, err);
    if (!doc)
        return -1;
    const char *status = vp_map_str (doc, VP_K_STATUS);
    const char *officer = vp_map_str (doc, VP_K_OFFICER);
    if (!officer || !status || (strcmp (status, "assigned") && strcmp (status, "in_progress"))) {
        vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_DOCUMENT,
                    "Văn bản %s không có ai đang xử lý (trạng thái %s): không có ai để nhắc.", document,
                    status ? status : "?");
        vp_val_destroy (&doc);
        return -1;
    }
    char zone[64], deadline[32] = "";
    doc_zone (self, tenant, zone);
    if (vp_map_get (doc, VP_K_DEADLINE))
        vp_time_format (vp_map_int (doc, VP_K_DEADLINE, 0), zone, "%d/%m/%Y %H:%M", deadline, sizeof deadline);
    vp_val_t *who = vp_staff_officer (self->db, officer);
    char detail[1200];
    snprintf (detail, sizeof detail, "nhắc đ/c %s xử lý%s%s%s%s",
              who && vp_map_str (who, VP_K_FULL_NAME) ? vp_map_str (who, VP_K_FULL_NAME) : officer,
              *deadline ? ", hạn " : "", deadline, note && *note ? ": " : "", note && *note ? note : "");
    vp_utf8_whole (detail);
    int rc = doc_history_add (self, tenant, document, ctx->actor && *ctx->actor ? ctx->actor : "documents",
                              "reminded", detail, err);
    if (rc == 0) {
        vp_val_t *data = vp_val_map ();
        vp_map_put_str (data, VP_K_DOCUMENT, document);
        vp_map_put_str (data, VP_K_OFFICER, officer);
        vp_map_put_str (data, VP_K_BY, ctx->actor && *ctx->actor ? ctx->actor : "documents");
        if (vp_map_get (doc, VP_K_DEADLINE))
            vp_map_put_int (data, VP_K_DEADLINE, vp_map_int (doc, VP_K_DEADLINE, 0));
        vp_map_put_str (data, VP_K_NUMBER, vp_map_str (doc, VP_K_NUMBER));
        vp_map_put_str (data, VP_K_SUMMARY, vp_map_str (doc, VP_K_SUMMARY));
        if (note && *note)
            vp_map_put_str (data, VP_K_NOTE, note);
        vp_map_put_str (data, VP_K_URGENCY, vp_map_str (doc, VP_K_URGENCY));
        vp_map_put_str (data, VP_K_SECRECY, vp_map_str (doc, VP_K_SECRECY));
        rc = doc_emit (self, ctx, tenant, "reminded", data, err);
    }
    if (rc == 0) {
        vp_map_put_str (result, VP_K_DOCUMENT, document);
        vp_map_put_str (result, VP_K_OFFICER, officer);
        if (who && vp_map_str (who, VP_K_FULL_NAME))
            vp_map_put_str (result, "officer_name", vp_map_str (who, VP_K_FULL_NAME));
        vp_map_put_int (result, "reminded_at", vp_clock_now ());
    }
    vp_val_destroy (&who);
    vp_val_destroy (&doc);
    return rc;
}

static const vp_cmd_t s_commands[] = {
    //  An admin reads the overview; a reminder is office work.
    { VP_C_DOCUMENTS_DASHBOARD, s_dashboard, true, VP_ACCESS_DIRECTORY },
    { VP_C_DOCUMENTS_REMIND, s_remind_tx, true, VP_ACCESS_OFFICE, .changes = true },
    { NULL }
};

void
doc_dashboard_register (doc_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
