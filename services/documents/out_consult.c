/*  out_consult - consultation on a draft (lấy ý kiến): the drafter names
    officers of the commune and a deadline in working days (doc_deadline's
    count: Monday to Friday minus the commune's holidays); each answers
    agree, disagree or other with a text, once, by that deadline or late
    (a late answer is kept and marked late). Every question and answer is
    on the document's trail.
*/
#include <string.h>
#include "doc_deadline.h"
#include "out.h"
#include "vp/vp_fields.h"

static const char *
s_answer_name (const char *answer)
{
    return strcmp (answer, "agree") == 0 ? "nhất trí"
         : strcmp (answer, "disagree") == 0 ? "không nhất trí" : "ý kiến khác";
}

//  {outgoing, officers, days, question?}
static int
s_consult_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *outgoing = vp_map_str (args, VP_K_OUTGOING);
    const vp_val_t *officers = vp_map_get (args, VP_K_OFFICERS);
    if (vp_val_len (officers) == 0)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_OFFICERS, "officers: cần ít nhất một người được lấy ý kiến");
    vp_val_t *row = out_load (self, ctx->tenant, outgoing, err);
    if (!row)
        return -1;
    int rc = out_status_need (row, "draft|sent_back", "lấy ý kiến", err);
    if (rc == 0 && strcmp (vp_map_str (row, "drafter"), ctx->actor) != 0)
        rc = vp_err_set (err, VP_E_PERMISSION_DENIED, VP_K_ACTOR, "chỉ người soạn thảo (%s) lấy ý kiến về %s",
                         vp_map_str (row, "drafter"), outgoing);
    vp_val_destroy (&row);
    if (rc)
        return -1;
    int64_t now = vp_clock_now ();
    int64_t deadline = doc_working_days_add (self, ctx->tenant, now, (int) vp_map_int (args, VP_K_DAYS, 0));
    for (size_t i = 0; i < vp_val_len (officers); i++) {
        const char *officer = vp_val_get_str (vp_array_at (officers, i));
        if (vp_staff_check_officer (self->db, ctx->tenant, officer, err)) {
            snprintf (err->field, sizeof err->field, "officers");
            return -1;
        }
        sqlite3_stmt *stmt = vp_db_cached (self->db,
            "INSERT INTO doc_out_opinion (tenant, outgoing, officer, asked_by, asked_at, deadline, question)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (tenant, outgoing, officer) DO UPDATE SET"
            " asked_by = ?4, asked_at = ?5, deadline = ?6, question = ?7, answer = NULL, text = NULL,"
            " answered_at = NULL", err);
        if (!stmt)
            return -1;
        sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, outgoing, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 3, officer, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 4, ctx->actor, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 5, now);
        sqlite3_bind_int64 (stmt, 6, deadline);
        sqlite3_bind_text (stmt, 7, vp_map_str (args, VP_K_QUESTION), -1, SQLITE_STATIC);
        rc = sqlite3_step (stmt);
        sqlite3_reset (stmt);
        if (rc != SQLITE_DONE)
            return vp_db_error (self->db, err, "opinion");
        char detail[200], zone[64], day[32];
        vp_time_format (deadline, doc_zone (self, ctx->tenant, zone), "%d/%m/%Y", day, sizeof day);
        snprintf (detail, sizeof detail, "lấy ý kiến %s, hạn %s", officer, day);
        row = out_load (self, ctx->tenant, outgoing, err);
        if (!row)
            return -1;
        rc = out_trail (self, ctx, outgoing, "consulted", detail, err)
          || out_emit (self, ctx, "outgoing_consulted", row, NULL, officer, err);
        vp_val_destroy (&row);
        if (rc)
            return -1;
    }
    vp_map_put_str (result, VP_K_OUTGOING, outgoing);
    vp_map_put_int (result, VP_K_DEADLINE, deadline);
    vp_map_put (result, VP_K_OFFICERS, vp_val_dup (officers));
    return 0;
}

//  {outgoing, answer, text}
static int
s_opinion_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *outgoing = vp_map_str (args, VP_K_OUTGOING);
    const char *answer = vp_map_str (args, VP_K_ANSWER);
    const char *text = vp_map_str (args, VP_K_TEXT);
    vp_val_t *row = out_load (self, ctx->tenant, outgoing, err);
    if (!row)
        return -1;
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT deadline, answered_at FROM doc_out_opinion WHERE tenant = ?1 AND outgoing = ?2 AND officer = ?3", err);
    if (!stmt) {
        vp_val_destroy (&row);
        return -1;
    }
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, outgoing, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, ctx->actor, -1, SQLITE_STATIC);
    int found = sqlite3_step (stmt);
    int64_t deadline = found == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
    bool answered = found == SQLITE_ROW && sqlite3_column_type (stmt, 1) != SQLITE_NULL;
    sqlite3_reset (stmt);
    int rc = 0;
    if (found != SQLITE_ROW)
        rc = vp_err_set (err, VP_E_PERMISSION_DENIED, VP_K_ACTOR, "%s không được lấy ý kiến về văn bản %s",
                         ctx->actor, outgoing);
    else
    if (answered)
        rc = vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_ANSWER, "%s đã cho ý kiến về văn bản %s",
                         ctx->actor, outgoing);
    int64_t now = vp_clock_now ();
    if (rc == 0) {
        stmt = vp_db_cached (self->db,
            "UPDATE doc_out_opinion SET answer = ?4, text = ?5, answered_at = ?6"
            " WHERE tenant = ?1 AND outgoing = ?2 AND officer = ?3", err);
        rc = stmt ? 0 : -1;
        if (stmt) {
            sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
            sqlite3_bind_text (stmt, 2, outgoing, -1, SQLITE_STATIC);
            sqlite3_bind_text (stmt, 3, ctx->actor, -1, SQLITE_STATIC);
            sqlite3_bind_text (stmt, 4, answer, -1, SQLITE_STATIC);
            sqlite3_bind_text (stmt, 5, text, -1, SQLITE_STATIC);
            sqlite3_bind_int64 (stmt, 6, now);
            rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "opinion");
            sqlite3_reset (stmt);
        }
    }
    char detail[4200];
    snprintf (detail, sizeof detail, "%s%s: %s", s_answer_name (answer), now > deadline ? " (quá hạn)" : "", text);
    if (rc == 0)
        rc = out_trail (self, ctx, outgoing, "opinion", detail, err)
          || out_emit (self, ctx, "outgoing_opinion", row, NULL, vp_map_str (row, "drafter"), err);
    vp_val_destroy (&row);
    if (rc)
        return -1;
    vp_map_put_str (result, VP_K_OUTGOING, outgoing);
    vp_map_put_str (result, VP_K_ANSWER, answer);
    vp_map_put_bool (result, "late", now > deadline);
    return 0;
}

//  --------------------------------------------------------------------------
//  Chasing: an opinion not given by its deadline is told once
//  (documents.outgoing_opinion_overdue, to the officer asked and the
//  drafter), every minute and by documents.outgoing.chase.

#define S_CHASE_EVERY_MS 60000

static int
s_chase_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    int64_t now = vp_clock_now ();
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "UPDATE doc_out_opinion SET overdue_at = ?1 WHERE answered_at IS NULL AND overdue_at IS NULL"
        " AND deadline < ?1 AND (?2 = '' OR tenant = ?2) RETURNING tenant, outgoing, officer, asked_by", err);
    if (!stmt)
        return -1;
    sqlite3_bind_int64 (stmt, 1, now);
    sqlite3_bind_text (stmt, 2, ctx->tenant, -1, SQLITE_STATIC);
    vp_val_t *late = vp_db_rows (stmt);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < vp_val_len (late); i++) {
        const vp_val_t *o = vp_array_at (late, i);
        const char *tenant = vp_map_str (o, VP_K_TENANT), *outgoing = vp_map_str (o, VP_K_OUTGOING);
        char detail[200];
        snprintf (detail, sizeof detail, "%s chưa cho ý kiến, đã quá hạn", vp_map_str (o, VP_K_OFFICER));
        vp_val_t *data = vp_val_map ();
        vp_map_put_str (data, VP_K_OUTGOING, outgoing);
        vp_map_put_str (data, VP_K_OFFICER, vp_map_str (o, VP_K_OFFICER));
        vp_map_put_str (data, VP_K_STATUS, "opinion_overdue");
        rc = doc_history_add (self, tenant, outgoing, "documents", "opinion_overdue", detail, err)
          || doc_emit (self, ctx, tenant, "outgoing_opinion_overdue", data, err);
    }
    vp_map_put_int (result, VP_K_OVERDUE, (int64_t) vp_val_len (late));
    vp_val_destroy (&late);
    return rc;
}

static int
s_on_chase (zloop_t *loop, int timer_id, void *arg)
{
    doc_service_t *self = (doc_service_t *) arg;
    vp_cmdctx_t ctx = { .cmd = "documents.outgoing.chase", .id = "", .tenant = "", .actor = "documents", .arg = self };
    vp_val_t *args = vp_val_map ();
    vp_val_t *result = vp_val_map ();
    vp_err_t err = { 0 };
    if (vp_service_change (self->service, &ctx, args, result, &err, s_chase_tx))
        vp_warn ("consultation chase failed: %s", err.message);
    vp_val_destroy (&args);
    vp_val_destroy (&result);
    return 0;
}

static const vp_cmd_t s_commands[] = {
    { VP_C_DOCUMENTS_OUTGOING_CONSULT, s_consult_tx, true, .changes = true },
    { VP_C_DOCUMENTS_OUTGOING_OPINION, s_opinion_tx, true, .changes = true },
    { VP_C_DOCUMENTS_OUTGOING_CHASE, s_chase_tx, false, VP_ACCESS_OPS, .changes = true },
    { NULL }
};

void
out_consult_register (doc_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
    if (zloop_timer (vp_service_loop (self->service), S_CHASE_EVERY_MS, 0, s_on_chase, self) < 0)
        vp_error ("cannot start the consultation chase timer");
}
