/*  doc_attachment - a document's stored files, read back in chunks.

    documents.attachment.get {document, sha256, offset?} -> {name, mime,
    size, offset, data}: at most 512 KB of the file from offset (the
    message frame holds it; a reader asks again from offset + the bytes
    it got until size). Only a reader who may see the document gets its
    files: any other, and a file the document does not have, is the same
    not_found. The first chunk adds a "downloaded" step to the
    document's trail (who opened which file when). The type is read from
    the file's first bytes (PDF, PNG, JPEG; anything else is
    application/octet-stream).
*/
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include "doc_access.h"

#define S_CHUNK (512 * 1024)

static const char *
s_mime (const unsigned char *b, size_t n)
{
    if (n >= 5 && memcmp (b, "%PDF-", 5) == 0) return "application/pdf";
    if (n >= 8 && memcmp (b, "\x89PNG\r\n\x1a\n", 8) == 0) return "image/png";
    if (n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return "image/jpeg";
    return "application/octet-stream";
}

static int
s_get_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *document = vp_map_str (args, "document"), *sha = vp_map_str (args, "sha256");
    int64_t offset = vp_map_int (args, "offset", 0);
    vp_val_t *row = doc_access_load (self, ctx, document, err);
    if (!row)
        return -1;
    vp_val_destroy (&row);
    sqlite3_stmt *st = vp_db_cached (self->db,
        "SELECT name, size FROM doc_attachment WHERE tenant = ?1 AND document = ?2 AND sha256 = ?3 LIMIT 1", err);
    if (!st)
        return -1;
    sqlite3_bind_text (st, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (st, 2, document, -1, SQLITE_STATIC);
    sqlite3_bind_text (st, 3, sha, -1, SQLITE_STATIC);
    if (sqlite3_step (st) != SQLITE_ROW) {
        sqlite3_reset (st);
        return vp_err_set (err, VP_E_NOT_FOUND, "sha256", "document \"%s\" has no file %s", document, sha);
    }
    char name[201];
    snprintf (name, sizeof name, "%s", (const char *) sqlite3_column_text (st, 0));
    int64_t size = sqlite3_column_int64 (st, 1);
    sqlite3_reset (st);
    if (offset < 0 || offset > size)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, "offset", "offset %lld is past the file's %lld bytes",
                           (long long) offset, (long long) size);
    char path[VP_PATH_MAX + 96];
    snprintf (path, sizeof path, "%s/attachments/%s", self->cfg->data_dir, sha);
    int fd = open (path, O_RDONLY);
    if (fd < 0)
        return vp_err_set (err, VP_E_UNAVAILABLE, "sha256", "file %s of document \"%s\" cannot be read: %s", sha,
                           document, strerror (errno));
    size_t want = (size_t) (size - offset < S_CHUNK ? size - offset : S_CHUNK);
    unsigned char *buf = (unsigned char *) malloc (want ? want : 1);
    unsigned char head[8] = { 0 };
    ssize_t got = pread (fd, buf, want, offset);
    ssize_t hn = pread (fd, head, sizeof head, 0);
    close (fd);
    if (got < 0 || (size_t) got != want) {
        free (buf);
        return vp_err_set (err, VP_E_UNAVAILABLE, "sha256", "file %s of document \"%s\" is shorter than recorded", sha,
                           document);
    }
    vp_map_put_str (result, "name", name);
    vp_map_put_str (result, "mime", s_mime (head, hn > 0 ? (size_t) hn : 0));
    vp_map_put_int (result, "size", size);
    vp_map_put_int (result, "offset", offset);
    vp_map_put (result, "data", vp_val_bin (buf, want));
    free (buf);
    if (offset == 0 && doc_history_add (self, ctx->tenant, document, ctx->actor, "downloaded", name, err))
        return -1;
    return 0;
}

static int
s_get (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    return doc_change (ctx, args, result, err, s_get_tx);
}

static const vp_cmd_t s_commands[] = {
    { "documents.attachment.get", s_get, true },
    { NULL }
};

void
doc_attachment_register (doc_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
