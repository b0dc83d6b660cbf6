/*  dos_export_get - documents.export.get {sha256, offset?}: a chunk of an
    export's file, so that vp-web can hand a printed output or report to
    the officer who asked for it (it cannot read the service's folder).
    Only the officer who made that export gets it: the file holds what
    their clearance showed, and another reader's may be less. The export
    is in the log already (dos_store); reading it adds nothing.
*/
#include <string.h>
#include "dos_dossier.h"
#include "vp/vp_fields.h"

//  As attachment.get: one answer stays well under a message's 256 KiB.
#define S_CHUNK (192 * 1024)

static const char *
s_mime (const char *format)
{
    if (strcmp (format, "pdf") == 0)
        return "application/pdf";
    if (strcmp (format, "xlsx") == 0)
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    if (strcmp (format, "docx") == 0)
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    if (strcmp (format, "xml") == 0)
        return "application/xml";
    return "application/octet-stream";
}

static int
s_get (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *sha = vp_map_str (args, VP_K_SHA256);
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT what, target, format, path, size FROM doc_export"
        " WHERE tenant = ?1 AND sha256 = ?2 AND actor = ?3 ORDER BY at DESC LIMIT 1", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, sha, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, *ctx->actor ? ctx->actor : "documents", -1, SQLITE_STATIC);
    vp_val_t *row = sqlite3_step (stmt) == SQLITE_ROW ? vp_db_row (stmt) : NULL;
    sqlite3_reset (stmt);
    if (!row)
        return vp_err_set (err, VP_E_NOT_FOUND, VP_K_SHA256, "không có bản xuất %s của người này (no export %s by %s)",
                           sha, sha, *ctx->actor ? ctx->actor : "documents");
    const char *format = vp_map_str (row, VP_K_FORMAT);
    int64_t size = vp_map_int (row, VP_K_SIZE, 0), offset = vp_map_int (args, VP_K_OFFSET, 0);
    int rc = 0;
    FILE *file = fopen (vp_map_str (row, "path"), "rb");
    if (!file)
        rc = vp_err_set (err, VP_E_UNAVAILABLE, VP_K_SHA256, "cannot read the export %s", sha);
    else {
        size_t want = offset < size ? (size_t) (size - offset < S_CHUNK ? size - offset : S_CHUNK) : 0;
        char *buf = (char *) malloc (want ? want : 1);
        size_t got = fseek (file, (long) offset, SEEK_SET) == 0 ? fread (buf, 1, want, file) : 0;
        fclose (file);
        //  "so-den-den-ubnd-2026.pdf": what and target, as a file name.
        char name[200];
        snprintf (name, sizeof name, "%s-%s", vp_map_str (row, VP_K_WHAT),
                  vp_map_str (row, "target") ? vp_map_str (row, "target") : "");
        for (char *p = name; *p; p++)
            if (*p == '/' || *p == '*' || *p == ' ' || *p == '.')
                *p = '-';
        vp_map_put (result, VP_K_NAME, vp_val_strf ("%s.%s", name, format));
        vp_map_put_str (result, "mime", s_mime (format));
        vp_map_put_int (result, VP_K_SIZE, size);
        vp_map_put_int (result, VP_K_OFFSET, offset);
        vp_map_put (result, VP_K_DATA, vp_val_bin (buf, got));
        free (buf);
    }
    vp_val_destroy (&row);
    return rc;
}

static const vp_cmd_t s_commands[] = {
    { VP_C_DOCUMENTS_EXPORT_GET, s_get, true },
    { NULL }
};

void
dos_export_get_register (doc_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
