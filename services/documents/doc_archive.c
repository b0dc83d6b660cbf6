/*  doc_archive - dossiers (hồ sơ), retention and appraisal.

    A done document is filed in a dossier with the retention period
    (thời hạn bảo quản) that the table below gives its type and the kind of
    its body: permanent (vĩnh viễn, 0) or a number of years from filing.
    When the years have passed the record is listed for appraisal and may
    be destroyed; a permanent one never. Destroying marks the filing
    (deleted_at, the decision): the register row stays, as the register is
    never rewritten.
*/
#include <string.h>
#include "doc_access.h"
#include "doc_search.h"
#include "dos_dossier.h"
#include "vp/vp_fields.h"

//  Retention by document type and body kind: the table doc_retention
//  (dos_retention_years), seeded by migration 4 and set up with
//  documents.retention.set.
static int
s_retention_years (doc_service_t *self, const char *tenant, const char *type, const char *kind)
{
    return dos_retention_years (self, tenant, type, kind);
}

static const char *
s_date (doc_service_t *self, const char *tenant, int64_t ms, char buf[32])
{
    char zone[64];
    return vp_time_format (ms, doc_zone (self, tenant, zone), "%Y-%m-%d", buf, 32);
}

//  `years` calendar years after ms, in the tenant's zone (29 February
//  becomes the 28th in a common year).
int64_t
doc_years_after (doc_service_t *self, const char *tenant, int64_t ms, int years)
{
    char zone[64];
    doc_zone (self, tenant, zone);
    vp_tm_t tm;
    vp_time_local (ms, zone, &tm);
    tm.year += years;
    if (tm.month == 2 && tm.day == 29)
        tm.day = 28;
    return vp_time_from_local (&tm, zone) + (ms % 1000 + 1000) % 1000;
}

static bool
s_is_party (const char *kind)
{
    return kind && strcmp (kind, "party") == 0;
}

//  The kind of body a document belongs to, for retention: that of its
//  register book (Party or state, chosen by the issuer), else that of the
//  body it was addressed to, else "*".
static void
s_body_kind (doc_service_t *self, const char *tenant, const vp_val_t *doc, char kind[16])
{
    snprintf (kind, 16, "*");
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT kind FROM doc_book WHERE tenant = ?1 AND book = ?2", NULL);
    if (stmt && vp_map_str (doc, VP_K_BOOK)) {
        sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, vp_map_str (doc, VP_K_BOOK), -1, SQLITE_STATIC);
        if (sqlite3_step (stmt) == SQLITE_ROW)
            snprintf (kind, 16, "%s", (const char *) sqlite3_column_text (stmt, 0));
        sqlite3_reset (stmt);
    }
    if (strcmp (kind, "*") != 0)
        return;
    vp_staff_body (self->db, tenant, vp_map_str (doc, VP_K_RECEIVING_BODY), NULL, 0, kind, 16);
}

//  --------------------------------------------------------------------------
//  documents.dossier.create

//  {dossier, title, year?, body?, notation?, retention_years?, rights?,
//  description?}: the creator is the actor; the office identifier of the
//  body (documents.organ.set) begins the code.
static int
s_dossier_create_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *tenant = ctx->tenant;
    const char *dossier = vp_map_str (args, VP_K_DOSSIER);
    const char *title = vp_map_str (args, VP_K_TITLE);
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT INTO doc_dossier (tenant, dossier, title, year, body, organ_id, notation, retention_years,"
        " rights, description, creator, created_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, (SELECT organ_id FROM doc_organ WHERE tenant = ?1 AND body = ?5),"
        " ?6, ?7, coalesce (?8, 'han-che'), ?9, ?10, ?11)"
        " ON CONFLICT DO NOTHING", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, dossier, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, title, -1, SQLITE_STATIC);
    if (vp_map_get (args, VP_K_YEAR))
        sqlite3_bind_int64 (stmt, 4, vp_map_int (args, VP_K_YEAR, 0));
    sqlite3_bind_text (stmt, 5, vp_map_str (args, VP_K_BODY), -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 6, vp_map_str (args, VP_K_NOTATION), -1, SQLITE_STATIC);
    if (vp_map_get (args, VP_K_RETENTION_YEARS))
        sqlite3_bind_int64 (stmt, 7, vp_map_int (args, VP_K_RETENTION_YEARS, 0));
    sqlite3_bind_text (stmt, 8, vp_map_str (args, VP_K_RIGHTS), -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 9, vp_map_str (args, VP_K_DESCRIPTION), -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 10, *ctx->actor ? ctx->actor : NULL, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 11, vp_clock_now ());
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE)
        return vp_db_error (self->db, err, "dossier");
    if (sqlite3_changes (self->db) == 0)
        return vp_err_set (err, VP_E_ALREADY_EXISTS, VP_K_DOSSIER,
                           "dossier \"%s\" already exists in tenant \"%s\"", dossier, tenant);
    vp_val_t *data = vp_val_map ();
    vp_map_put_str (data, VP_K_DOSSIER, dossier);
    vp_map_put_str (data, VP_K_TITLE, title);
    if (vp_map_get (args, VP_K_YEAR))
        vp_map_put_int (data, VP_K_YEAR, vp_map_int (args, VP_K_YEAR, 0));
    vp_map_put_all (result, data);
    vp_val_t *row = dos_load (self, tenant, dossier, err);
    if (row && vp_map_str (row, VP_K_CODE))
        vp_map_put_str (result, VP_K_CODE, vp_map_str (row, VP_K_CODE));
    vp_val_destroy (&row);
    return doc_emit (self, ctx, tenant, "dossier_created", data, err);
}

//  --------------------------------------------------------------------------
//  documents.archive.file

//  {document, dossier}
static int
s_file_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *tenant = ctx->tenant;
    const char *document = vp_map_str (args, VP_K_DOCUMENT);
    const char *dossier = vp_map_str (args, VP_K_DOSSIER);
    vp_val_t *doc = doc_access_load (self, ctx, document, err);
    if (!doc)
        return -1;
    const char *status = vp_map_str (doc, VP_K_STATUS);
    int rc = 0;
    if (!status || strcmp (status, "done") != 0)
        rc = vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_DOCUMENT,
                         "document \"%s\" has status %s: only a done document is filed",
                         document, status ? status : "?");
    else
        rc = doc_frozen_check (self, tenant, document, "lập hồ sơ", false, err);
    sqlite3_stmt *stmt = rc ? NULL : vp_db_cached (self->db,
        "SELECT 1 FROM doc_dossier WHERE tenant = ?1 AND dossier = ?2", err);
    if (stmt) {
        sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, dossier, -1, SQLITE_STATIC);
        bool found = sqlite3_step (stmt) == SQLITE_ROW;
        sqlite3_reset (stmt);
        if (!found)
            rc = vp_err_set (err, VP_E_NOT_FOUND, VP_K_DOSSIER,
                             "dossier \"%s\" does not exist in tenant \"%s\"", dossier, tenant);
        else
            rc = dos_need_open (self, tenant, dossier, "lưu văn bản vào", true, err);
    }
    else
        rc = -1;
    char kind[16] = "*", type[32];
    snprintf (type, sizeof type, "%s", vp_map_str (doc, VP_K_TYPE) ? vp_map_str (doc, VP_K_TYPE) : "");
    int years = 0;
    if (rc == 0) {
        s_body_kind (self, tenant, doc, kind);
        years = s_retention_years (self, tenant, type, kind);
    }
    vp_val_destroy (&doc);
    if (rc)
        return -1;

    int64_t now = vp_clock_now ();
    int64_t review_at = years ? doc_years_after (self, tenant, now, years) : 0;
    stmt = vp_db_cached (self->db,
        "INSERT INTO doc_filed (tenant, document, dossier, retention_years, review_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5)", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, document, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, dossier, -1, SQLITE_STATIC);
    sqlite3_bind_int (stmt, 4, years);
    if (years)
        sqlite3_bind_int64 (stmt, 5, review_at);
    rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE)
        return vp_db_error (self->db, err, "filing");
    if (dos_item_add (self, ctx, dossier, document, err))
        return -1;
    stmt = vp_db_cached (self->db,
        "UPDATE doc_document SET status = 'archived' WHERE tenant = ?1 AND document = ?2", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, document, -1, SQLITE_STATIC);
    rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE)
        return vp_db_error (self->db, err, "document status");

    char detail[400], day[32];
    if (years)
        snprintf (detail, sizeof detail, "hồ sơ %s; bảo quản %d năm (%s, %s), thẩm định từ %s",
                  dossier, years, type, s_is_party (kind) ? "Đảng" : kind, s_date (self, tenant, review_at, day));
    else
        snprintf (detail, sizeof detail, "hồ sơ %s; bảo quản vĩnh viễn (%s, %s)",
                  dossier, type, s_is_party (kind) ? "Đảng" : kind);
    if (doc_history_add (self, tenant, document, ctx->actor, "filed", detail, err))
        return -1;

    vp_val_t *changed = vp_val_map ();
    vp_map_put_str (changed, VP_K_DOCUMENT, document);
    vp_map_put_str (changed, VP_K_STATUS, "archived");
    vp_map_put_str (changed, VP_K_NOTE, detail);
    if (doc_emit (self, ctx, tenant, "status_changed", changed, err))
        return -1;
    vp_val_t *data = vp_val_map ();
    vp_map_put_str (data, VP_K_DOCUMENT, document);
    vp_map_put_str (data, VP_K_DOSSIER, dossier);
    vp_map_put_int (data, VP_K_RETENTION_YEARS, years);
    if (years)
        vp_map_put_int (data, VP_K_REVIEW_AT, review_at);
    vp_map_put_all (result, data);
    vp_map_put_bool (result, "permanent", years == 0);
    vp_map_put_int (result, "filed_at", now);
    return doc_emit (self, ctx, tenant, "filed", data, err);
}

//  --------------------------------------------------------------------------
//  documents.archive.due

//  {at?}: records whose retention has ended by `at` and that still exist;
//  a secret one only for an officer cleared for it, as everywhere.
static int
s_due (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    int64_t at = vp_map_get (args, VP_K_AT) ? vp_map_int (args, VP_K_AT, 0) : vp_clock_now ();
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT f.document, d.number AS label, d.type, d.secrecy, f.dossier, f.retention_years, f.review_at"
        " FROM doc_filed f JOIN doc_document d ON d.tenant = f.tenant AND d.document = f.document"
        " WHERE f.tenant = ?1 AND f.review_at IS NOT NULL AND f.review_at <= ?2 AND f.deleted_at IS NULL"
        " ORDER BY f.review_at, d.n", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 2, at);
    vp_val_t *rows = vp_db_rows (stmt);
    vp_val_t *records = vp_val_array ();
    for (size_t i = 0; i < vp_val_len (rows); i++) {
        vp_val_t *row = vp_array_at (rows, i);
        if (doc_access_sees (self, ctx, vp_map_str (row, VP_K_SECRECY)))
            vp_array_push (records, vp_val_dup (row));
    }
    vp_val_destroy (&rows);
    vp_map_put_int (result, VP_K_AT, at);
    vp_map_put (result, "records", records);
    return 0;
}

//  --------------------------------------------------------------------------
//  documents.archive.delete

//  {document, reason}
static int
s_delete_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *tenant = ctx->tenant;
    const char *document = vp_map_str (args, VP_K_DOCUMENT);
    const char *reason = vp_map_str (args, VP_K_REASON);
    vp_val_t *doc = doc_access_load (self, ctx, document, err);
    if (!doc)
        return -1;
    char status[32], label[128];
    snprintf (status, sizeof status, "%s", vp_map_str (doc, VP_K_STATUS) ? vp_map_str (doc, VP_K_STATUS) : "?");
    snprintf (label, sizeof label, "%s", vp_map_str (doc, VP_K_NUMBER) ? vp_map_str (doc, VP_K_NUMBER) : "");
    vp_val_destroy (&doc);

    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT dossier, retention_years, review_at, deleted_at FROM doc_filed"
        " WHERE tenant = ?1 AND document = ?2", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, document, -1, SQLITE_STATIC);
    vp_val_t *filed = sqlite3_step (stmt) == SQLITE_ROW ? vp_db_row (stmt) : NULL;
    sqlite3_reset (stmt);
    if (!filed)
        return vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_DOCUMENT,
                           "document \"%s\" (%s) has status %s and is in no dossier: only an archived record is appraised",
                           document, label, status);
    int64_t years = vp_map_int (filed, VP_K_RETENTION_YEARS, 0);
    int64_t review_at = vp_map_int (filed, VP_K_REVIEW_AT, 0);
    int64_t deleted_at = vp_map_int (filed, "deleted_at", 0);
    char dossier[80];
    snprintf (dossier, sizeof dossier, "%s", vp_map_str (filed, VP_K_DOSSIER));
    vp_val_destroy (&filed);
    int64_t now = vp_clock_now ();
    char day[32];
    if (years == 0)
        return vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_DOCUMENT,
                           "document \"%s\" (%s) is kept permanent (vĩnh viễn): it is never deleted",
                           document, label);
    if (deleted_at)
        return vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_DOCUMENT,
                           "document \"%s\" (%s) was already deleted on %s",
                           document, label, s_date (self, tenant, deleted_at, day));
    if (doc_frozen_check (self, tenant, document, "hủy", true, err))
        return -1;
    if (now < review_at)
        return vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_DOCUMENT,
                           "document \"%s\" (%s) is kept %lld years: review_at %s has not come",
                           document, label, (long long) years, s_date (self, tenant, review_at, day));

    stmt = vp_db_cached (self->db,
        "UPDATE doc_filed SET deleted_at = ?3, deleted_reason = ?4 WHERE tenant = ?1 AND document = ?2", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, document, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 3, now);
    sqlite3_bind_text (stmt, 4, reason, -1, SQLITE_STATIC);
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE)
        return vp_db_error (self->db, err, "filing");
    //  A destroyed record is no longer found by search; its register row
    //  and history stay.
    if (doc_search_unindex (self, tenant, document, err)
    ||  doc_history_add (self, tenant, document, ctx->actor, "deleted", reason, err))
        return -1;
    vp_val_t *data = vp_val_map ();
    vp_map_put_str (data, VP_K_DOCUMENT, document);
    vp_map_put_str (data, VP_K_REASON, reason);
    vp_map_put_str (result, VP_K_DOCUMENT, document);
    vp_map_put_str (result, VP_K_LABEL, label);
    vp_map_put_str (result, VP_K_DOSSIER, dossier);
    vp_map_put_int (result, "deleted_at", now);
    vp_map_put_str (result, VP_K_REASON, reason);
    return doc_emit (self, ctx, tenant, "deleted", data, err);
}

static const vp_cmd_t s_commands[] = {
    { VP_C_DOCUMENTS_DOSSIER_CREATE, s_dossier_create_tx, true, .changes = true },
    { VP_C_DOCUMENTS_ARCHIVE_FILE, s_file_tx, true, .changes = true },
    { VP_C_DOCUMENTS_ARCHIVE_DUE, s_due, true },
    { VP_C_DOCUMENTS_ARCHIVE_DELETE, s_delete_tx, true, .changes = true },
    { NULL }
};

void
doc_archive_register (doc_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
