/*  dos_calendar - the archive's calendar (III.5.b, III.5.c, IV.1.g).

    A closed dossier goes to the office archive within a year after its
    work ended (Art. 30): it is due a year after it was closed. From 30
    days before, it is listed (documents.dossier.due) and the office head
    is told once (documents.dossier.scan, and every hour by itself, emits
    documents.dossier_archive_due, which vp-notify puts in the head's inbox). Handing over marks the dossier
    and freezes it. A freeze (IV.1.g), by the office head with the order's
    reason, stops edits, additions and deletions until lifted; a dossier
    handed over stays frozen. When a dossier's retention has ended it is
    listed for appraisal; a permanent one never.
*/
#include <string.h>
#include "dos_dossier.h"
#include "doc_access.h"
#include "vp/vp_fields.h"

#define S_DAY_MS (24 * 3600 * 1000LL)
#define S_WARN_DAYS 30
#define S_SCAN_EVERY_MS (3600 * 1000)   //  the hourly scan of every tenant

//  Closed dossiers not handed over whose due day is within 30 days of at.
static vp_val_t *
s_due_rows (doc_service_t *self, const char *tenant, int64_t at, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT dossier, title, closed_at, archive_told_at FROM doc_dossier"
        " WHERE tenant = ?1 AND closed_at IS NOT NULL AND handed_over_at IS NULL ORDER BY closed_at, dossier", err);
    if (!stmt)
        return NULL;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    vp_val_t *rows = vp_db_rows (stmt);
    vp_val_t *due = vp_val_array ();
    for (size_t i = 0; i < vp_val_len (rows); i++) {
        vp_val_t *row = vp_array_at (rows, i);
        int64_t due_at = doc_years_after (self, tenant, vp_map_int (row, "closed_at", 0), 1);
        if (due_at - S_WARN_DAYS * S_DAY_MS > at)
            continue;
        vp_val_t *item = vp_val_dup (row);
        vp_map_put_int (item, VP_K_DUE_AT, due_at);
        vp_map_put_bool (item, "late", at > due_at);
        vp_val_t *row_full = dos_load (self, tenant, vp_map_str (row, VP_K_DOSSIER), NULL);
        if (row_full && vp_map_str (row_full, VP_K_CODE))
            vp_map_put_str (item, VP_K_CODE, vp_map_str (row_full, VP_K_CODE));
        vp_val_destroy (&row_full);
        vp_array_push (due, item);
    }
    vp_val_destroy (&rows);
    return due;
}

//  {at?}
static int
s_due (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    int64_t at = vp_map_get (args, VP_K_AT) ? vp_map_int (args, VP_K_AT, 0) : vp_clock_now ();
    vp_val_t *due = s_due_rows (self, ctx->tenant, at, err);
    if (!due)
        return -1;
    vp_map_put_int (result, VP_K_AT, at);
    vp_map_put (result, VP_K_DOSSIERS, due);
    return 0;
}

//  {at?}: tell the office head of each due dossier not told yet.
static int
s_scan_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    int64_t at = vp_map_get (args, VP_K_AT) ? vp_map_int (args, VP_K_AT, 0) : vp_clock_now ();
    vp_val_t *due = s_due_rows (self, ctx->tenant, at, err);
    if (!due)
        return -1;
    vp_staff_actor_t head;
    vp_err_t ignore = { 0 };
    bool has_head = vp_staff_office_head (self->db, ctx->tenant, at, &head, &ignore) == 0;
    vp_val_t *told = vp_val_array ();
    int rc = 0;
    for (size_t i = 0; i < vp_val_len (due) && rc == 0; i++) {
        vp_val_t *row = vp_array_at (due, i);
        if (vp_map_int (row, "archive_told_at", 0))
            continue;
        const char *dossier = vp_map_str (row, VP_K_DOSSIER);
        sqlite3_stmt *stmt = vp_db_cached (self->db,
            "UPDATE doc_dossier SET archive_told_at = ?3 WHERE tenant = ?1 AND dossier = ?2", err);
        if (!stmt) {
            rc = -1;
            break;
        }
        sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, dossier, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 3, vp_clock_now ());
        int step = sqlite3_step (stmt);
        sqlite3_reset (stmt);
        if (step != SQLITE_DONE) {
            rc = vp_db_error (self->db, err, "dossier");
            break;
        }
        vp_val_t *data = vp_val_map ();
        vp_map_put_str (data, VP_K_DOSSIER, dossier);
        vp_map_put_str (data, VP_K_TITLE, vp_map_str (row, VP_K_TITLE));
        vp_map_put_int (data, VP_K_DUE_AT, vp_map_int (row, VP_K_DUE_AT, 0));
        if (has_head)
            vp_map_put_str (data, VP_K_OFFICER, head.officer);
        rc = doc_emit (self, ctx, ctx->tenant, "dossier_archive_due", data, err);
        vp_array_push (told, vp_val_str (dossier));
    }
    vp_val_destroy (&due);
    vp_map_put_int (result, VP_K_AT, at);
    vp_map_put (result, "told", told);
    if (has_head)
        vp_map_put_str (result, VP_K_OFFICER, head.officer);
    return rc;
}

static int
s_set_frozen (doc_service_t *self, vp_cmdctx_t *ctx, const char *dossier, bool frozen,
              const char *reason, bool handover, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "UPDATE doc_dossier SET frozen_at = ?3, frozen_by = ?4, frozen_reason = ?5,"
        " handed_over_at = CASE WHEN ?6 THEN ?7 ELSE handed_over_at END"
        " WHERE tenant = ?1 AND dossier = ?2", err);
    if (!stmt)
        return -1;
    int64_t now = vp_clock_now ();
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, dossier, -1, SQLITE_STATIC);
    if (frozen) {
        sqlite3_bind_int64 (stmt, 3, now);
        sqlite3_bind_text (stmt, 4, ctx->actor, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 5, reason, -1, SQLITE_STATIC);
    }
    sqlite3_bind_int (stmt, 6, handover);
    sqlite3_bind_int64 (stmt, 7, now);
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    return rc == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "dossier");
}

//  {dossier}
static int
s_handover_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *dossier = vp_map_str (args, VP_K_DOSSIER);
    vp_val_t *row = dos_load (self, ctx->tenant, dossier, err);
    if (!row)
        return -1;
    bool closed = vp_map_int (row, "closed_at", 0) != 0;
    bool handed = vp_map_int (row, "handed_over_at", 0) != 0;
    bool frozen = vp_map_int (row, "frozen_at", 0) != 0;
    vp_val_destroy (&row);
    if (!closed)
        return vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_DOSSIER,
                           "hồ sơ \"%s\" chưa đóng: chỉ nộp lưu hồ sơ đã kết thúc (not closed)", dossier);
    if (handed)
        return vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_DOSSIER,
                           "hồ sơ \"%s\" đã nộp lưu (already handed over)", dossier);
    if (frozen)
        return vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_DOSSIER,
                           "hồ sơ \"%s\" đang bị phong tỏa (frozen)", dossier);
    if (s_set_frozen (self, ctx, dossier, true, "Đã nộp lưu vào Lưu trữ cơ quan", true, err))
        return -1;
    row = dos_load (self, ctx->tenant, dossier, err);
    if (!row)
        return -1;
    vp_map_put_all (result, row);
    vp_val_destroy (&row);
    return dos_changed (self, ctx, dossier, "handed_over", NULL, NULL, err);
}

int
dos_freeze (doc_service_t *self, vp_cmdctx_t *ctx, const char *dossier, bool frozen, const char *reason, vp_err_t *err)
{
    if (frozen) {
        if (dos_need_open (self, ctx->tenant, dossier, "phong tỏa lần nữa", false, err)
        ||  s_set_frozen (self, ctx, dossier, true, reason, false, err))
            return -1;
        return dos_changed (self, ctx, dossier, "frozen", NULL, reason, err);
    }
    vp_val_t *row = dos_load (self, ctx->tenant, dossier, err);
    if (!row)
        return -1;
    bool was = vp_map_int (row, "frozen_at", 0) != 0;
    bool handed = vp_map_int (row, "handed_over_at", 0) != 0;
    vp_val_destroy (&row);
    if (!was)
        return vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_DOSSIER,
                           "hồ sơ \"%s\" không bị phong tỏa (not frozen)", dossier);
    if (handed)
        return vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_DOSSIER,
                           "hồ sơ \"%s\" đã nộp lưu: vẫn phong tỏa (handed over dossiers stay frozen)", dossier);
    if (s_set_frozen (self, ctx, dossier, false, NULL, false, err))
        return -1;
    return dos_changed (self, ctx, dossier, "unfrozen", NULL, reason, err);
}

//  {dossier, reason}: documents.dossier.freeze and .unfreeze.
static int
s_freeze_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    bool frozen = strcmp (ctx->cmd, VP_C_DOCUMENTS_DOSSIER_FREEZE) == 0;
    const char *dossier = vp_map_str (args, VP_K_DOSSIER);
    const char *reason = vp_map_str (args, VP_K_REASON);
    if (doc_access_head (self, ctx, frozen ? "phong tỏa hồ sơ" : "gỡ phong tỏa hồ sơ", err)
    ||  dos_freeze (self, ctx, dossier, frozen, reason, err))
        return -1;
    vp_map_put_str (result, VP_K_DOSSIER, dossier);
    vp_map_put_bool (result, VP_K_FROZEN, frozen);
    if (frozen)
        vp_map_put_str (result, VP_K_REASON, reason);
    return 0;
}

//  {at?}: dossiers whose retention ended (counted from their closing).
static int
s_appraisal (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    int64_t at = vp_map_get (args, VP_K_AT) ? vp_map_int (args, VP_K_AT, 0) : vp_clock_now ();
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT dossier FROM doc_dossier WHERE tenant = ?1 AND closed_at IS NOT NULL ORDER BY closed_at, dossier", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    vp_val_t *ids = vp_db_rows (stmt);
    vp_val_t *due = vp_val_array ();
    for (size_t i = 0; i < vp_val_len (ids); i++) {
        vp_val_t *row = dos_describe (self, ctx->tenant, vp_map_str (vp_array_at (ids, i), VP_K_DOSSIER), NULL);
        int years = row ? (int) vp_map_int (row, "maintenance_years", -1) : -1;
        if (years > 0) {
            int64_t review_at = doc_years_after (self, ctx->tenant, vp_map_int (row, "closed_at", 0), years);
            if (review_at <= at) {
                vp_map_put_int (row, VP_K_REVIEW_AT, review_at);
                vp_array_push (due, row);
                row = NULL;
            }
        }
        vp_val_destroy (&row);
    }
    vp_val_destroy (&ids);
    vp_map_put_int (result, VP_K_AT, at);
    vp_map_put (result, VP_K_DOSSIERS, due);
    return 0;
}

//  Every hour, as the service itself, for each tenant with a dossier not
//  told yet.
static int
s_on_scan (zloop_t *loop, int timer_id, void *arg)
{
    doc_service_t *self = (doc_service_t *) arg;
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT DISTINCT tenant FROM doc_dossier WHERE closed_at IS NOT NULL AND handed_over_at IS NULL"
        " AND archive_told_at IS NULL", NULL);
    if (!stmt)
        return 0;
    vp_val_t *tenants = vp_db_rows (stmt);
    for (size_t i = 0; i < vp_val_len (tenants); i++) {
        const char *tenant = vp_map_str (vp_array_at (tenants, i), VP_K_TENANT);
        vp_cmdctx_t ctx = { .cmd = "documents.dossier.scan", .id = "", .tenant = tenant, .actor = "documents", .arg = self };
        vp_val_t *args = vp_val_map ();
        vp_val_t *result = vp_val_map ();
        vp_err_t err = { 0 };
        if (vp_service_change (self->service, &ctx, args, result, &err, s_scan_tx))
            vp_warn ("dossier scan of %s failed: %s", tenant, err.message);
        vp_val_destroy (&args);
        vp_val_destroy (&result);
    }
    vp_val_destroy (&tenants);
    return 0;
}


static const vp_cmd_t s_commands[] = {
    { VP_C_DOCUMENTS_DOSSIER_DUE, s_due, true },
    { VP_C_DOCUMENTS_DOSSIER_SCAN, s_scan_tx, true, .changes = true },
    { VP_C_DOCUMENTS_DOSSIER_HANDOVER, s_handover_tx, true, .changes = true },
    { VP_C_DOCUMENTS_DOSSIER_FREEZE, s_freeze_tx, true, .changes = true },
    { VP_C_DOCUMENTS_DOSSIER_UNFREEZE, s_freeze_tx, true, .changes = true },
    { VP_C_DOCUMENTS_DOSSIER_APPRAISAL, s_appraisal, true },
    { NULL }
};

void
dos_calendar_register (doc_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
    if (zloop_timer (vp_service_loop (self->service), S_SCAN_EVERY_MS, 0, s_on_scan, self) < 0)
        vp_error ("cannot start the dossier scan timer");
}
