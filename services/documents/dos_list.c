/*  dos_list - the list of dossiers (danh mục hồ sơ), III.4.

    documents.dossier.create (doc_archive.c) opens a dossier; here it takes
    documents (add), is edited (update) and closed (close), read (get,
    list) and counted per officer (stats). The retention table and the
    office identifiers that make the dossier codes are set up here too.
*/
#include <string.h>
#include "dos_dossier.h"
#include "doc_access.h"
#include "vp/vp_vocab.h"
#include "vp/vp_fields.h"

//  A dossier's retention as the list writes it: its own, else the
//  longest of its documents' (permanent wins); -1 when it has none.
static int
s_retention (doc_service_t *self, const char *tenant, const vp_val_t *row)
{
    if (vp_map_get (row, VP_K_RETENTION_YEARS) && vp_val_type (vp_map_get (row, VP_K_RETENTION_YEARS)) != VP_NIL)
        return (int) vp_map_int (row, VP_K_RETENTION_YEARS, -1);
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT min (f.retention_years), max (f.retention_years) FROM doc_dossier_item i"
        " JOIN doc_filed f ON f.tenant = i.tenant AND f.document = i.document"
        " WHERE i.tenant = ?1 AND i.dossier = ?2", NULL);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, vp_map_str (row, VP_K_DOSSIER), -1, SQLITE_STATIC);
    int years = -1;
    if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        years = sqlite3_column_int (stmt, 0) == 0 ? 0 : sqlite3_column_int (stmt, 1);
    sqlite3_reset (stmt);
    return years;
}

const char *
dos_retention_text (int years, char buf[32])
{
    if (years < 0)
        snprintf (buf, 32, "%s", "");
    else
    if (years == 0)
        snprintf (buf, 32, "%s", "Vĩnh viễn");
    else
        snprintf (buf, 32, "%d năm", years);
    return buf;
}

//  The first and last dates of a dossier's documents.
static void
s_span (doc_service_t *self, const char *tenant, const char *dossier, int64_t *start, int64_t *end)
{
    *start = *end = 0;
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT min (d.doc_date), max (d.doc_date) FROM doc_dossier_item i"
        " JOIN doc_document d ON d.tenant = i.tenant AND d.document = i.document"
        " WHERE i.tenant = ?1 AND i.dossier = ?2", NULL);
    if (!stmt)
        return;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, dossier, -1, SQLITE_STATIC);
    if (sqlite3_step (stmt) == SQLITE_ROW) {
        *start = sqlite3_column_int64 (stmt, 0);
        *end = sqlite3_column_int64 (stmt, 1);
    }
    sqlite3_reset (stmt);
}

//  The dossier row completed for readers: code, retention, dates.
vp_val_t *
dos_describe (doc_service_t *self, const char *tenant, const char *dossier, vp_err_t *err)
{
    vp_val_t *row = dos_load (self, tenant, dossier, err);
    if (!row)
        return NULL;
    int years = s_retention (self, tenant, row);
    char text[32];
    if (years >= 0) {
        vp_map_put_int (row, "maintenance_years", years);
        vp_map_put_str (row, "maintenance", dos_retention_text (years, text));
    }
    int64_t start, end;
    s_span (self, tenant, dossier, &start, &end);
    if (start) {
        vp_map_put_int (row, "start_date", start);
        vp_map_put_int (row, "end_date", end);
    }
    return row;
}

//  --------------------------------------------------------------------------

int
dos_changed (doc_service_t *self, vp_cmdctx_t *ctx, const char *dossier, const char *change,
             const char *document, const char *detail, vp_err_t *err)
{
    vp_val_t *data = vp_val_map ();
    vp_map_put_str (data, VP_K_DOSSIER, dossier);
    vp_map_put_str (data, VP_K_CHANGE, change);
    if (document)
        vp_map_put_str (data, VP_K_DOCUMENT, document);
    if (detail && *detail)
        vp_map_put_str (data, VP_K_DETAIL, detail);
    return doc_emit (self, ctx, ctx->tenant, "dossier_changed", data, err);
}

//  The change's UPDATE (bound) run, then the dossier as it is now answered:
//  what every command that edits a dossier ends with.
static int
s_update_answer (doc_service_t *self, const char *tenant, const char *dossier, sqlite3_stmt *stmt,
                 vp_val_t *result, vp_err_t *err)
{
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE)
        return vp_db_error (self->db, err, "dossier");
    vp_val_t *row = dos_describe (self, tenant, dossier, err);
    if (!row)
        return -1;
    vp_map_put_all (result, row);
    vp_val_destroy (&row);
    return 0;
}

//  {dossier, document}
static int
s_add_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *dossier = vp_map_str (args, VP_K_DOSSIER);
    const char *document = vp_map_str (args, VP_K_DOCUMENT);
    if (dos_need_open (self, ctx->tenant, dossier, "thêm văn bản", true, err))
        return -1;
    vp_val_t *doc = doc_access_load (self, ctx, document, err);
    if (!doc)
        return -1;
    vp_val_destroy (&doc);
    if (doc_frozen_check (self, ctx->tenant, document, "đưa vào hồ sơ", false, err)
    ||  dos_item_add (self, ctx, dossier, document, err))
        return -1;
    char detail[200];
    snprintf (detail, sizeof detail, "vào hồ sơ %s", dossier);
    if (doc_history_add (self, ctx->tenant, document, ctx->actor, "in_dossier", detail, err))
        return -1;
    vp_val_t *items = dos_documents (self, ctx, dossier, err);
    if (!items)
        return -1;
    for (size_t i = 0; i < vp_val_len (items); i++)
        if (strcmp (vp_map_str (vp_array_at (items, i), VP_K_DOCUMENT), document) == 0)
            vp_map_put_int (result, "ordinal", vp_map_int (vp_array_at (items, i), "ordinal", 0));
    vp_map_put_int (result, VP_K_DOCUMENTS, (int64_t) vp_val_len (items));
    vp_val_destroy (&items);
    vp_map_put_str (result, VP_K_DOSSIER, dossier);
    vp_map_put_str (result, VP_K_DOCUMENT, document);
    return dos_changed (self, ctx, dossier, "added", document, NULL, err);
}

//  {dossier, title?, description?, rights?, retention_years?}
static int
s_update_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *dossier = vp_map_str (args, VP_K_DOSSIER);
    if (dos_need_open (self, ctx->tenant, dossier, "sửa", false, err))
        return -1;
    //  A change of the use regime (chế độ sử dụng) by anyone but the office
    //  head waits for the office head (III.3.c): kept as pending, told.
    const char *rights = vp_map_str (args, VP_K_RIGHTS);
    bool ask = false;
    if (rights) {
        vp_val_t *row = dos_load (self, ctx->tenant, dossier, err);
        if (!row)
            return -1;
        bool same = vp_map_str (row, VP_K_RIGHTS) && strcmp (vp_map_str (row, VP_K_RIGHTS), rights) == 0;
        vp_val_destroy (&row);
        if (same)
            rights = NULL;
        else
            ask = !vp_staff_is_office_head (self->db, ctx->tenant, ctx->actor, vp_clock_now ());
    }
    if (ask) {
        sqlite3_stmt *pend = vp_db_cached (self->db,
            "UPDATE doc_dossier SET rights_pending = ?3, rights_requested_by = ?4, rights_requested_at = ?5"
            " WHERE tenant = ?1 AND dossier = ?2", err);
        if (!pend)
            return -1;
        sqlite3_bind_text (pend, 1, ctx->tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (pend, 2, dossier, -1, SQLITE_STATIC);
        sqlite3_bind_text (pend, 3, rights, -1, SQLITE_STATIC);
        sqlite3_bind_text (pend, 4, ctx->actor, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (pend, 5, vp_clock_now ());
        int step = sqlite3_step (pend);
        sqlite3_reset (pend);
        if (step != SQLITE_DONE)
            return vp_db_error (self->db, err, "dossier");
        char detail[200];
        snprintf (detail, sizeof detail, "chế độ sử dụng → %s, chờ Trưởng văn phòng xác nhận", rights);
        if (dos_changed (self, ctx, dossier, "rights_requested", NULL, detail, err))
            return -1;
        vp_map_put_str (result, "warning", detail);
        rights = NULL;
    }
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "UPDATE doc_dossier SET title = coalesce (?3, title), description = coalesce (?4, description),"
        " rights = coalesce (?5, rights), retention_years = CASE WHEN ?6 IS NULL THEN retention_years ELSE ?6 END"
        " WHERE tenant = ?1 AND dossier = ?2", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, dossier, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, vp_map_str (args, VP_K_TITLE), -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 4, vp_map_str (args, VP_K_DESCRIPTION), -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 5, rights, -1, SQLITE_STATIC);
    if (vp_map_get (args, VP_K_RETENTION_YEARS))
        sqlite3_bind_int64 (stmt, 6, vp_map_int (args, VP_K_RETENTION_YEARS, 0));
    if (s_update_answer (self, ctx->tenant, dossier, stmt, result, err))
        return -1;
    return dos_changed (self, ctx, dossier, "updated", NULL, NULL, err);
}

//  {dossier, reject?}: the office head settles a pending change of rights.
static int
s_confirm_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *dossier = vp_map_str (args, VP_K_DOSSIER);
    bool reject = vp_map_bool (args, VP_K_REJECT, false);
    if (!vp_staff_is_office_head (self->db, ctx->tenant, ctx->actor, vp_clock_now ()))
        return vp_err_set (err, VP_E_PERMISSION_DENIED, VP_K_ACTOR,
                           "chỉ Trưởng văn phòng xác nhận thay đổi chế độ sử dụng (only the office head confirms)");
    vp_val_t *row = dos_load (self, ctx->tenant, dossier, err);
    if (!row)
        return -1;
    char pending[32] = "";
    if (vp_map_str (row, "rights_pending"))
        snprintf (pending, sizeof pending, "%s", vp_map_str (row, "rights_pending"));
    vp_val_destroy (&row);
    if (!*pending)
        return vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_DOSSIER,
                           "hồ sơ \"%s\" không có thay đổi chế độ sử dụng nào chờ xác nhận (nothing pending)", dossier);
    if (dos_need_open (self, ctx->tenant, dossier, "đổi chế độ sử dụng", false, err))
        return -1;
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "UPDATE doc_dossier SET rights = CASE WHEN ?3 THEN rights ELSE rights_pending END,"
        " rights_pending = NULL, rights_requested_by = NULL, rights_requested_at = NULL"
        " WHERE tenant = ?1 AND dossier = ?2", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, dossier, -1, SQLITE_STATIC);
    sqlite3_bind_int (stmt, 3, reject);
    if (s_update_answer (self, ctx->tenant, dossier, stmt, result, err))
        return -1;
    return dos_changed (self, ctx, dossier, reject ? "rights_rejected" : "rights_confirmed", NULL, pending, err);
}

//  {dossier}
static int
s_close_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *dossier = vp_map_str (args, VP_K_DOSSIER);
    if (dos_need_open (self, ctx->tenant, dossier, "đóng", true, err))
        return -1;
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "UPDATE doc_dossier SET closed_at = ?3 WHERE tenant = ?1 AND dossier = ?2", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, dossier, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 3, vp_clock_now ());
    if (s_update_answer (self, ctx->tenant, dossier, stmt, result, err))
        return -1;
    return dos_changed (self, ctx, dossier, "closed", NULL, NULL, err);
}


//  {dossier}
static int
s_get (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *dossier = vp_map_str (args, VP_K_DOSSIER);
    vp_val_t *row = dos_describe (self, ctx->tenant, dossier, err);
    if (!row)
        return -1;
    vp_val_t *items = dos_documents (self, ctx, dossier, err);
    if (!items) {
        vp_val_destroy (&row);
        return -1;
    }
    vp_map_put_all (result, row);
    vp_val_destroy (&row);
    vp_map_put (result, "items", items);
    dos_opens_note (self, ctx->tenant, dossier);
    vp_map_put_int (result, VP_K_OPENS, dos_opens_count (self, ctx->tenant, dossier));
    return 0;
}

//  The dossiers of a year (and body), in the order of their codes.
vp_val_t *
dos_list_rows (doc_service_t *self, const char *tenant, int64_t year, const char *body, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT dossier FROM doc_dossier WHERE tenant = ?1 AND year = ?2 AND (?3 IS NULL OR body = ?3)"
        " ORDER BY coalesce (notation, dossier), dossier", err);
    if (!stmt)
        return NULL;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 2, year);
    sqlite3_bind_text (stmt, 3, body, -1, SQLITE_STATIC);
    vp_val_t *ids = vp_db_rows (stmt);
    vp_val_t *rows = vp_val_array ();
    for (size_t i = 0; i < vp_val_len (ids); i++) {
        vp_val_t *row = dos_describe (self, tenant, vp_map_str (vp_array_at (ids, i), VP_K_DOSSIER), err);
        if (!row) {
            vp_val_destroy (&ids);
            vp_val_destroy (&rows);
            return NULL;
        }
        vp_array_push (rows, row);
    }
    vp_val_destroy (&ids);
    return rows;
}

//  {year, body?}
static int
s_list (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    vp_val_t *rows = dos_list_rows (self, ctx->tenant, vp_map_int (args, VP_K_YEAR, 0), vp_map_str (args, VP_K_BODY), err);
    if (!rows)
        return -1;
    vp_map_put_int (result, VP_K_YEAR, vp_map_int (args, VP_K_YEAR, 0));
    vp_map_put (result, VP_K_DOSSIERS, rows);
    return 0;
}

//  {year?}: per creator, dossiers made, open, closed, and their documents.
static int
s_stats (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT coalesce (x.creator, '') AS officer, coalesce (" VP_STAFF_SQL_OFFICER_NAME ("x.creator") ", '')"
        " AS full_name,"
        " count (*) AS dossiers, sum (x.closed_at IS NULL) AS open, sum (x.closed_at IS NOT NULL) AS closed,"
        " coalesce (sum ((SELECT count (*) FROM doc_dossier_item i WHERE i.tenant = x.tenant"
        "  AND i.dossier = x.dossier)), 0) AS documents,"
        //  how often they and their documents were opened (III.6.a)
        " coalesce (sum ((SELECT p.opens FROM doc_dossier_open p WHERE p.tenant = x.tenant"
        "  AND p.dossier = x.dossier)), 0) AS opens,"
        " coalesce (sum ((SELECT count (*) FROM doc_dossier_item i JOIN doc_access_log l"
        "  ON l.tenant = i.tenant AND l.document = i.document AND l.what = 'opened'"
        "  WHERE i.tenant = x.tenant AND i.dossier = x.dossier)), 0) AS document_opens"
        " FROM doc_dossier x"
        " WHERE x.tenant = ?1 AND (?2 IS NULL OR x.year = ?2) GROUP BY x.creator ORDER BY x.creator", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    if (vp_map_get (args, VP_K_YEAR))
        sqlite3_bind_int64 (stmt, 2, vp_map_int (args, VP_K_YEAR, 0));
    vp_val_t *rows = vp_db_rows (stmt);
    dos_opens_pending_add (self, ctx->tenant, vp_map_int (args, VP_K_YEAR, 0), !vp_map_get (args, VP_K_YEAR), rows);
    vp_map_put (result, VP_K_OFFICERS, rows);
    return 0;
}

//  --------------------------------------------------------------------------
//  Set-up: the retention table and the office identifiers.

//  {type, kind, years, basis?}
static int
s_retention_set_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *type = vp_map_str (args, VP_K_TYPE);
    if (strcmp (type, "*") != 0 && !vp_doc_type (type))
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_TYPE,
                           "loại văn bản \"%s\" không có (not a document type)", type);
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT INTO doc_retention (tenant, type, kind, years, basis) VALUES (?1, ?2, ?3, ?4, ?5)"
        " ON CONFLICT (tenant, type, kind) DO UPDATE SET years = excluded.years, basis = excluded.basis", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, type, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, vp_map_str (args, VP_K_KIND), -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 4, vp_map_int (args, VP_K_YEARS, 0));
    sqlite3_bind_text (stmt, 5, vp_map_str (args, VP_K_BASIS), -1, SQLITE_STATIC);
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE)
        return vp_db_error (self->db, err, "retention");
    vp_map_put_all (result, args);
    return doc_emit_config (self, ctx, "retention", result, err);
}

static int
s_retention_list (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT tenant = '*' AS default_row, type, kind, years, basis FROM doc_retention"
        " WHERE tenant IN (?1, '*') ORDER BY type, kind, tenant = '*'", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    vp_map_put (result, "rows", vp_db_rows (stmt));
    return 0;
}

//  {body, organ_id}
static int
s_organ_set_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT INTO doc_organ (tenant, body, organ_id) VALUES (?1, ?2, ?3)"
        " ON CONFLICT (tenant, body) DO UPDATE SET organ_id = excluded.organ_id", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, vp_map_str (args, VP_K_BODY), -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, vp_map_str (args, VP_K_ORGAN_ID), -1, SQLITE_STATIC);
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE)
        return vp_db_error (self->db, err, "organ");
    vp_map_put_all (result, args);
    return doc_emit_config (self, ctx, "organ", result, err);
}


static const vp_cmd_t s_commands[] = {
    { VP_C_DOCUMENTS_DOSSIER_ADD, s_add_tx, true, .changes = true },
    { VP_C_DOCUMENTS_DOSSIER_UPDATE, s_update_tx, true, .changes = true },
    { VP_C_DOCUMENTS_DOSSIER_CONFIRM_RIGHTS, s_confirm_tx, true, .changes = true },
    { VP_C_DOCUMENTS_DOSSIER_CLOSE, s_close_tx, true, .changes = true },
    { VP_C_DOCUMENTS_DOSSIER_GET, s_get, true },
    { VP_C_DOCUMENTS_DOSSIER_LIST, s_list, true },
    { VP_C_DOCUMENTS_DOSSIER_STATS, s_stats, true },
    { VP_C_DOCUMENTS_RETENTION_SET, s_retention_set_tx, true, VP_ACCESS_SETUP, .changes = true },
    { VP_C_DOCUMENTS_RETENTION_LIST, s_retention_list, true },
    { VP_C_DOCUMENTS_ORGAN_SET, s_organ_set_tx, true, VP_ACCESS_SETUP, .changes = true },
    { NULL }
};

void
dos_list_register (doc_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
