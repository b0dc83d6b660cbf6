/*  dos_common - what the dossier files share (see dos_dossier.h). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "dos_dossier.h"
#include "doc_access.h"
#include "vp/vp_vocab.h"
#include "vp/vp_fields.h"

int
dos_retention_years (doc_service_t *self, const char *tenant, const char *type, const char *kind)
{
    //  The most specific row wins: the tenant's over the defaults, the
    //  type's over '*', the kind's over '*'.
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT years FROM doc_retention WHERE tenant IN (?1, '*') AND type IN (?2, '*') AND kind IN (?3, '*')"
        " ORDER BY type = '*', kind = '*', tenant = '*' LIMIT 1", NULL);
    if (!stmt)
        return 10;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, type ? type : "", -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, kind ? kind : "*", -1, SQLITE_STATIC);
    int years = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int (stmt, 0) : 10;
    sqlite3_reset (stmt);
    return years;
}

vp_val_t *
dos_load (doc_service_t *self, const char *tenant, const char *dossier, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT x.*, (SELECT count(*) FROM doc_dossier_item i WHERE i.tenant = x.tenant AND i.dossier = x.dossier)"
        " AS documents, " VP_STAFF_SQL_OFFICER_NAME ("x.creator") " AS creator_name FROM doc_dossier x"
        " WHERE x.tenant = ?1 AND x.dossier = ?2", err);
    if (!stmt)
        return NULL;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, dossier, -1, SQLITE_STATIC);
    vp_val_t *row = sqlite3_step (stmt) == SQLITE_ROW ? vp_db_row (stmt) : NULL;
    sqlite3_reset (stmt);
    if (!row) {
        vp_err_set (err, VP_E_NOT_FOUND, VP_K_DOSSIER, "hồ sơ \"%s\" không có (dossier \"%s\" does not exist)",
                    dossier, dossier);
        return NULL;
    }
    const char *organ = vp_map_str (row, VP_K_ORGAN_ID);
    if (organ && *organ && vp_map_get (row, VP_K_YEAR))
        vp_map_put (row, VP_K_CODE, vp_val_strf ("%s.%lld.%s", organ, (long long) vp_map_int (row, VP_K_YEAR, 0),
                                              vp_map_str (row, VP_K_NOTATION) ? vp_map_str (row, VP_K_NOTATION)
                                                                           : vp_map_str (row, VP_K_DOSSIER)));
    return row;
}

int
dos_need_open (doc_service_t *self, const char *tenant, const char *dossier,
               const char *what, bool closed_too, vp_err_t *err)
{
    vp_val_t *row = dos_load (self, tenant, dossier, err);
    if (!row)
        return -1;
    int rc = 0;
    if (vp_map_int (row, "frozen_at", 0))
        rc = vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_DOSSIER,
                         "hồ sơ \"%s\" đang bị phong tỏa (%s): không được %s (dossier frozen)", dossier,
                         vp_map_str (row, "frozen_reason") ? vp_map_str (row, "frozen_reason") : "", what);
    else if (closed_too && vp_map_int (row, "closed_at", 0))
        rc = vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_DOSSIER,
                         "hồ sơ \"%s\" đã đóng: không được %s (dossier closed)", dossier, what);
    vp_val_destroy (&row);
    return rc;
}

int
dos_item_add (doc_service_t *self, vp_cmdctx_t *ctx, const char *dossier, const char *document, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT INTO doc_dossier_item (tenant, dossier, document, added_by, added_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, dossier, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, document, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 4, *ctx->actor ? ctx->actor : "documents", -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 5, vp_clock_now ());
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    return rc == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "dossier item");
}

vp_val_t *
dos_documents (doc_service_t *self, vp_cmdctx_t *ctx, const char *dossier, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT d.document, d.number, d.doc_date, d.issuer, d.type, d.summary, d.urgency, d.secrecy,"
        " d.arrival_number, d.arrived_at, d.status, d.deadline, d.note, d.book, d.year,"
        " d.pages, d.signer_name, d.signer_position"
        " FROM doc_dossier_item i JOIN doc_document d ON d.tenant = i.tenant AND d.document = i.document"
        " WHERE i.tenant = ?1 AND i.dossier = ?2 ORDER BY d.doc_date, d.n", err);
    if (!stmt)
        return NULL;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, dossier, -1, SQLITE_STATIC);
    vp_val_t *rows = vp_db_rows (stmt);
    for (size_t i = 0; i < vp_val_len (rows); i++) {
        vp_val_t *row = vp_array_at (rows, i);
        vp_map_put_int (row, "ordinal", (int64_t) i + 1);
        bool sees = doc_access_sees (self, ctx, vp_map_str (row, VP_K_SECRECY));
        vp_map_put_bool (row, "sees", sees);
        const vp_doc_type_t *type = vp_doc_type (vp_map_str (row, VP_K_TYPE));
        vp_map_put_str (row, "type_name", type ? type->name : vp_map_str (row, VP_K_TYPE));
        //  As in the register: a secret document the actor is not cleared
        //  for keeps its place, arrival number and date, and nothing else.
        static const char *const hidden[] = { "summary", "note", "number", "issuer", "type_name", "signer_name",
                                              "signer_position", "pages", NULL };
        for (int k = 0; !sees && hidden[k]; k++) {
            vp_val_t *gone = vp_map_take (row, hidden[k]);
            vp_val_destroy (&gone);
        }
    }
    return rows;
}

const char *
dos_day (doc_service_t *self, const char *tenant, int64_t ms, char buf[32])
{
    char zone[64];
    if (!ms) {
        buf[0] = 0;
        return buf;
    }
    return doc_date (ms, doc_zone (self, tenant, zone), false, buf);
}

void
dos_office (doc_service_t *self, const char *tenant, const char *body, char office[256])
{
    if (!vp_staff_body (self->db, tenant, body, office, 256, NULL, 0))
        vp_staff_tenant_name (self->db, tenant, tenant, office, 256);
}

void
dos_mark (doc_service_t *self, vp_cmdctx_t *ctx, char mark[400])
{
    char name[201], zone[64], at[40];
    vp_staff_officer_name (self->db, ctx->actor, NULL, name, sizeof name);
    vp_time_format (vp_clock_now (), doc_zone (self, ctx->tenant, zone), "%H:%M %d/%m/%Y", at, sizeof at);
    snprintf (mark, 400, "In bởi %s (%s) lúc %s", *name ? name : ctx->actor,
              *ctx->actor ? ctx->actor : "documents", at);
}

int
dos_store (doc_service_t *self, vp_cmdctx_t *ctx, const char *what, const char *target,
           const char *format, const char *data, size_t size, int pages,
           vp_val_t *result, vp_err_t *err)
{
    char sha[VP_SHA256_HEX];
    vp_sha256_hex (data, size, sha);
    char dir[VP_PATH_MAX + 16], path[VP_PATH_MAX + 96], tmp[VP_PATH_MAX + 128];
    snprintf (dir, sizeof dir, "%s/exports", self->cfg->data_dir);
    snprintf (path, sizeof path, "%s/%s.%s", dir, sha, format);
    if (zsys_dir_create ("%s", dir))
        return vp_err_set (err, VP_E_UNAVAILABLE, "exports", "cannot make folder %s: %s", dir, strerror (errno));
    snprintf (tmp, sizeof tmp, "%s/.%s.%d.tmp", dir, sha, (int) getpid ());
    FILE *file = fopen (tmp, "wb");
    bool ok = file && fwrite (data, 1, size, file) == size;
    ok = file && fflush (file) == 0 && fsync (fileno (file)) == 0 && ok;
    if (file)
        fclose (file);
    if (!ok || rename (tmp, path) != 0) {
        int saved = errno;
        unlink (tmp);
        return vp_err_set (err, VP_E_UNAVAILABLE, "exports", "cannot write %s: %s", path, strerror (saved));
    }
    int64_t now = vp_clock_now ();
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT INTO doc_export (tenant, at, actor, what, target, format, sha256, size, pages, path)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 2, now);
    sqlite3_bind_text (stmt, 3, *ctx->actor ? ctx->actor : "documents", -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 4, what, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 5, target, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 6, format, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 7, sha, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 8, (int64_t) size);
    if (pages)
        sqlite3_bind_int (stmt, 9, pages);
    sqlite3_bind_text (stmt, 10, path, -1, SQLITE_STATIC);
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE)
        return vp_db_error (self->db, err, "export log");
    vp_map_put_str (result, VP_K_FORMAT, format);
    vp_map_put_str (result, "path", path);
    vp_map_put_str (result, VP_K_SHA256, sha);
    vp_map_put_int (result, VP_K_SIZE, (int64_t) size);
    if (pages)
        vp_map_put_int (result, VP_K_PAGES, pages);
    vp_map_put_int (result, "exported_at", now);
    vp_map_put_str (result, "exported_by", *ctx->actor ? ctx->actor : "documents");
    return 0;
}
