/*  doc_attachment - a document's files: stored once by content as
    <data-dir>/attachments/<sha256> (written to a temporary name, synced,
    then renamed), those sent with documents.register (doc_attachments_add)
    and those added and read back in chunks.

    documents.attachment.put {document, name, sha256, offset, total, data}
    adds a file of up to 50 MB to a registered document, 192 KB at a time
    (the message frame holds one): the chunks go, in order, to a partial
    file in the data folder (attachments/.part-...); the last one is
    checked (the bytes' SHA-256 is the one named, the file is a PDF, PNG
    or JPEG by its first bytes, a PDF opens in poppler: its pages are
    counted, doc_pages) and only then is the file stored by its
    hash and recorded, with an "attached" step in the trail. A chunk out
    of order is refused with the offset expected; a chunk sent again (its
    answer lost) gets the same answer; offset 0 starts the file again; a
    refused file leaves no record. Only the last chunk is a transaction of
    the service (the others write the partial file only): a 50 MB scan is
    one fsync of the database, not 267. Only a reader who may see the
    document may add to it.

    documents.attachment.get {document, sha256, offset?} -> {name, mime,
    size, offset, data}: at most 192 KB of the file from offset (the
    message frame holds it; a reader asks again from offset + the bytes
    it got until size). Only a reader who may see the document gets its
    files: any other, and a file the document does not have, is the same
    not_found. The first chunk is a "downloaded" in the access trail
    (doc_trail: who, with which key and session, when). The type is read from
    the file's first bytes (PDF, PNG, JPEG; anything else is
    application/octet-stream).
*/
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "doc_access.h"
#include "doc_text.h"
#include "vp/vp_fields.h"

#define S_CHUNK (192 * 1024)
#define S_FILE_MAX (50LL * 1024 * 1024)

//  The rename of a file into dir is durable once dir is synced.
static void
s_dir_sync (const char *dir)
{
    int dfd = open (dir, O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        fsync (dfd);
        close (dfd);
    }
}

//  The row of a file stored for a document (pages 0: not counted).
static int
s_record (doc_service_t *self, const char *tenant, const char *document, const char *name, const char *sha,
          int64_t size, int pages, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT INTO doc_attachment (tenant, document, name, sha256, size, pages) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, document, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, name, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 4, sha, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 5, size);
    if (pages > 0)
        sqlite3_bind_int (stmt, 6, pages);
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE)
        return vp_db_error (self->db, err, "attachment");
    //  Its text for search, read later in the background (doc_text).
    return doc_text_queue (self, tenant, document, sha, name, err);
}

//  A name is a file name: not empty, no folder, nothing that climbs.
int
doc_attachment_check (const vp_val_t *item, size_t index, vp_err_t *err)
{
    const char *name = vp_map_str (item, VP_K_NAME);
    char field[64];
    snprintf (field, sizeof field, "attachments[%zu].name", index);
    if (!name || !*name)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, field, "%s is empty: give the file's name", field);
    if (strchr (name, '/') || strchr (name, '\\'))
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, field,
                           "%s \"%s\" holds a folder separator: give the file's name alone", field, name);
    if (strcmp (name, ".") == 0 || strcmp (name, "..") == 0)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, field, "%s \"%s\" is not a file name", field, name);
    size_t size = 0;
    vp_val_get_bin (vp_map_get (item, VP_K_CONTENT), &size);
    if (size == 0) {
        snprintf (field, sizeof field, "attachments[%zu].content", index);
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, field, "%s of \"%s\" is empty", field, name);
    }
    return 0;
}

//  Store content as <data-dir>/attachments/<sha256> unless it is there.
static int
s_attachment_store (doc_service_t *self, const void *data, size_t size, const char *sha, vp_err_t *err)
{
    char dir[VP_PATH_MAX + 16], path[VP_PATH_MAX + 96], tmp[VP_PATH_MAX + 128];
    snprintf (dir, sizeof dir, "%s/attachments", self->cfg->data_dir);
    snprintf (path, sizeof path, "%s/%s", dir, sha);
    struct stat st;
    if (stat (path, &st) == 0 && (size_t) st.st_size == size)
        return 0;               //  the same bytes are there already
    if (zsys_dir_create ("%s", dir))
        return vp_err_set (err, VP_E_UNAVAILABLE, VP_K_ATTACHMENTS, "cannot make folder %s: %s", dir, strerror (errno));
    snprintf (tmp, sizeof tmp, "%s/.%s.%d.tmp", dir, sha, (int) getpid ());
    int fd = open (tmp, O_WRONLY | O_CREAT | O_TRUNC, 0640);
    if (fd < 0)
        return vp_err_set (err, VP_E_UNAVAILABLE, VP_K_ATTACHMENTS, "cannot write %s: %s", tmp, strerror (errno));
    const char *p = (const char *) data;
    size_t left = size;
    while (left > 0) {
        ssize_t n = write (fd, p, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        p += n;
        left -= (size_t) n;
    }
    bool ok = left == 0 && fsync (fd) == 0;
    int saved = errno;
    close (fd);
    if (!ok || rename (tmp, path) != 0) {
        saved = ok ? errno : saved;
        unlink (tmp);
        return vp_err_set (err, VP_E_UNAVAILABLE, VP_K_ATTACHMENTS, "cannot store %s: %s", path, strerror (saved));
    }
    s_dir_sync (dir);
    return 0;
}

//  Store every attachment and record it; refs gets {name, sha256, size}.
int
doc_attachments_add (doc_service_t *self, const char *tenant, const char *document,
                   const vp_val_t *attachments, vp_val_t *refs, vp_err_t *err)
{
    for (size_t i = 0; i < vp_val_len (attachments); i++) {
        const vp_val_t *item = vp_array_at (attachments, i);
        size_t size = 0;
        const void *data = vp_val_get_bin (vp_map_get (item, VP_K_CONTENT), &size);
        char sha[65];
        vp_sha256_hex (data, size, sha);
        //  counted before it is stored: a PDF that does not open stores nothing
        int pages = 0;
        if (doc_pages_count (data, size, doc_file_mime ((const unsigned char *) data, size), vp_map_str (item, VP_K_NAME),
                             &pages, err)) {
            snprintf (err->field, sizeof err->field, "attachments[%zu].content", i);
            return -1;
        }
        if (s_attachment_store (self, data, size, sha, err))
            return -1;
        if (s_record (self, tenant, document, vp_map_str (item, VP_K_NAME), sha, (int64_t) size, pages, err))
            return -1;
        vp_val_t *ref = vp_val_map ();
        vp_map_put_str (ref, VP_K_NAME, vp_map_str (item, VP_K_NAME));
        vp_map_put_str (ref, VP_K_SHA256, sha);
        vp_map_put_int (ref, VP_K_SIZE, (int64_t) size);
        if (pages > 0)
            vp_map_put_int (ref, VP_K_PAGES, pages);
        vp_array_push (refs, ref);
    }
    return vp_val_len (attachments) ? doc_pages_fill (self, tenant, document, err) : 0;
}


static int
s_get_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *document = vp_map_str (args, VP_K_DOCUMENT), *sha = vp_map_str (args, VP_K_SHA256);
    int64_t offset = vp_map_int (args, VP_K_OFFSET, 0);
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
        return vp_err_set (err, VP_E_NOT_FOUND, VP_K_SHA256, "document \"%s\" has no file %s", document, sha);
    }
    char name[201];
    snprintf (name, sizeof name, "%s", (const char *) sqlite3_column_text (st, 0));
    int64_t size = sqlite3_column_int64 (st, 1);
    sqlite3_reset (st);
    if (offset < 0 || offset > size)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_OFFSET, "offset %lld is past the file's %lld bytes",
                           (long long) offset, (long long) size);
    char path[VP_PATH_MAX + 96];
    snprintf (path, sizeof path, "%s/attachments/%s", self->cfg->data_dir, sha);
    int fd = open (path, O_RDONLY);
    if (fd < 0)
        return vp_err_set (err, VP_E_UNAVAILABLE, VP_K_SHA256, "file %s of document \"%s\" cannot be read: %s", sha,
                           document, strerror (errno));
    size_t want = (size_t) (size - offset < S_CHUNK ? size - offset : S_CHUNK);
    unsigned char *buf = (unsigned char *) malloc (want ? want : 1);
    unsigned char head[8] = { 0 };
    ssize_t got = pread (fd, buf, want, offset);
    ssize_t hn = pread (fd, head, sizeof head, 0);
    close (fd);
    if (got < 0 || (size_t) got != want) {
        free (buf);
        return vp_err_set (err, VP_E_UNAVAILABLE, VP_K_SHA256, "file %s of document \"%s\" is shorter than recorded", sha,
                           document);
    }
    vp_map_put_str (result, VP_K_NAME, name);
    vp_map_put_str (result, "mime", doc_file_mime (head, hn > 0 ? (size_t) hn : 0));
    vp_map_put_int (result, VP_K_SIZE, size);
    vp_map_put_int (result, VP_K_OFFSET, offset);
    vp_map_put (result, VP_K_DATA, vp_val_bin (buf, want));
    free (buf);
    if (offset == 0 && doc_trail_note (self, ctx, document, "downloaded", err))
        return -1;
    return 0;
}

//  Only the first chunk writes (the "downloaded" step of the trail): the
//  others are reads, with no transaction and no fsync of their own.
static int
s_get (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    if (vp_map_int (args, VP_K_OFFSET, 0) > 0)
        return s_get_tx (ctx, args, result, err);
    return vp_cmd_change (ctx, args, result, err, s_get_tx);
}

static bool
s_is_sha (const char *s)
{
    if (!s || strlen (s) != 64)
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return false;
    return true;
}

//  The SHA-256 (hex) of a file's bytes; -1 when it cannot be read.
static int
s_file_sha (int fd, char hex[65])
{
    vp_sha256_t *st = vp_sha256_new ();
    static __thread unsigned char buf[1 << 20];
    off_t at = 0;
    ssize_t n;
    while ((n = pread (fd, buf, sizeof buf, at)) > 0) {
        vp_sha256_add (st, buf, (size_t) n);
        at += n;
    }
    vp_sha256_end (&st, hex);
    return n < 0 ? -1 : 0;
}

//  Are the len bytes at offset of the file these?
static bool
s_written (int fd, int64_t offset, const void *data, size_t len)
{
    unsigned char *have = (unsigned char *) malloc (len);
    bool same = have && pread (fd, have, len, offset) == (ssize_t) len && memcmp (have, data, len) == 0;
    free (have);
    return same;
}

static int
s_put_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *document = vp_map_str (args, VP_K_DOCUMENT), *sha = vp_map_str (args, VP_K_SHA256);
    const char *name = vp_map_str (args, VP_K_NAME);
    int64_t offset = vp_map_int (args, VP_K_OFFSET, 0), total = vp_map_int (args, VP_K_TOTAL, 0);
    size_t len = 0;
    const void *data = vp_val_get_bin (vp_map_get (args, VP_K_DATA), &len);
    if (!s_is_sha (sha))
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_SHA256, "sha256 must be 64 lowercase hex digits");
    if (total <= 0 || total > S_FILE_MAX)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_TOTAL, "Tệp \"%s\" phải từ 1 byte đến 50 MB (%lld byte)",
                           name, (long long) total);
    if (offset < 0 || offset + (int64_t) len > total || (len == 0 && offset < total))
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_OFFSET, "chunk %lld+%zu does not fit a file of %lld bytes",
                           (long long) offset, len, (long long) total);
    vp_val_t *row = doc_access_load (self, ctx, document, err);
    if (!row)
        return -1;
    vp_val_destroy (&row);
    if (doc_frozen_check (self, ctx->tenant, document, "thêm tệp", true, err))
        return -1;
    char dir[VP_PATH_MAX + 16], part[VP_PATH_MAX + 300], path[VP_PATH_MAX + 96];
    snprintf (dir, sizeof dir, "%s/attachments", self->cfg->data_dir);
    snprintf (part, sizeof part, "%s/.part-%s-%s-%s", dir, ctx->tenant, document, sha);
    snprintf (path, sizeof path, "%s/%s", dir, sha);
    if (zsys_dir_create ("%s", dir))
        return vp_err_set (err, VP_E_UNAVAILABLE, VP_K_ATTACHMENTS, "cannot make folder %s: %s", dir, strerror (errno));
    int fd = open (part, O_RDWR | O_CREAT | (offset == 0 ? O_TRUNC : 0), 0640);
    if (fd < 0)
        return vp_err_set (err, VP_E_UNAVAILABLE, VP_K_ATTACHMENTS, "cannot write %s: %s", part, strerror (errno));
    struct stat st;
    fstat (fd, &st);
    if (len > 0 && offset + (int64_t) len < total && st.st_size == offset + (int64_t) len
    &&  s_written (fd, offset, data, len)) {
        //  This chunk again (its answer was lost): the same answer.
        close (fd);
        vp_map_put_str (result, VP_K_DOCUMENT, document);
        vp_map_put_str (result, VP_K_SHA256, sha);
        vp_map_put_int (result, "received", offset + (int64_t) len);
        vp_map_put_bool (result, "complete", false);
        return 0;
    }
    if (st.st_size != offset) {
        close (fd);
        vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_OFFSET, "the file has %lld bytes so far: send from offset %lld",
                    (long long) st.st_size, (long long) st.st_size);
        return -1;
    }
    const char *p = (const char *) data;
    for (size_t left = len; left > 0; ) {
        ssize_t n = pwrite (fd, p, left, offset + (p - (const char *) data));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            close (fd);
            return vp_err_set (err, VP_E_UNAVAILABLE, VP_K_ATTACHMENTS, "cannot write %s: %s", part, strerror (errno));
        }
        p += n;
        left -= (size_t) n;
    }
    int64_t received = offset + (int64_t) len;
    vp_map_put_str (result, VP_K_DOCUMENT, document);
    vp_map_put_str (result, VP_K_SHA256, sha);
    vp_map_put_int (result, "received", received);
    vp_map_put_bool (result, "complete", received == total);
    if (received < total) {
        close (fd);
        return 0;
    }
    //  The last chunk: the whole file is checked before anything is recorded.
    unsigned char head[8] = { 0 };
    ssize_t hn = pread (fd, head, sizeof head, 0);
    char got[65];
    int rc = s_file_sha (fd, got);
    bool synced = fsync (fd) == 0;
    const char *mime = doc_file_mime (head, hn > 0 ? (size_t) hn : 0);
    if (rc || !synced || strcmp (got, sha) != 0 || strcmp (mime, "application/octet-stream") == 0) {
        close (fd);
        unlink (part);
        if (rc || !synced)
            return vp_err_set (err, VP_E_UNAVAILABLE, VP_K_ATTACHMENTS, "cannot read back %s", part);
        if (strcmp (got, sha) != 0)
            return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_SHA256,
                               "Tệp \"%s\" nhận được không khớp mã băm (%s, không phải %s); hãy gửi lại", name, got, sha);
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_DATA, "Tệp \"%s\" không phải PDF, PNG hay JPEG", name);
    }
    //  A PDF poppler cannot open is refused like a wrong type: nothing kept.
    int pages = 0;
    rc = doc_pages_count_file (fd, total, mime, name, &pages, err);
    close (fd);
    if (rc) {
        unlink (part);
        return -1;
    }
    if (stat (path, &st) == 0 && st.st_size == total)
        unlink (part);          //  the same bytes are stored already
    else
    if (rename (part, path) != 0) {
        int saved = errno;
        unlink (part);
        return vp_err_set (err, VP_E_UNAVAILABLE, VP_K_ATTACHMENTS, "cannot store %s: %s", path, strerror (saved));
    }
    s_dir_sync (dir);
    if (s_record (self, ctx->tenant, document, name, sha, total, pages, err))
        return -1;
    if (doc_pages_fill (self, ctx->tenant, document, err))
        return -1;
    vp_map_put_str (result, "mime", mime);
    vp_map_put_int (result, VP_K_SIZE, total);
    vp_map_put_int (result, VP_K_PAGES, pages);
    return doc_history_add (self, ctx->tenant, document, ctx->actor, "attached", name, err);
}

//  Only the last chunk changes what is recorded (the file, its row, the
//  trail): the others go to the partial file without a transaction, and a
//  chunk sent again is answered as the first time (s_written).
static int
s_put (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    size_t len = 0;
    vp_val_get_bin (vp_map_get (args, VP_K_DATA), &len);
    if (vp_map_int (args, VP_K_OFFSET, 0) + (int64_t) len < vp_map_int (args, VP_K_TOTAL, 0))
        return s_put_tx (ctx, args, result, err);
    return vp_cmd_change (ctx, args, result, err, s_put_tx);
}

static const vp_cmd_t s_commands[] = {
    { VP_C_DOCUMENTS_ATTACHMENT_PUT, s_put, true },
    { VP_C_DOCUMENTS_ATTACHMENT_GET, s_get, true },
    { NULL }
};

void
doc_attachment_register (doc_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
