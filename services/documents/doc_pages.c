/*  doc_pages - what a document's file is: its type by its first bytes,
    and how many pages it has.

    A PDF is opened with poppler (glib) and its pages counted; a scan as an
    image (PNG, JPEG) is one page. A PDF poppler cannot open is refused, with
    the file named, before anything is stored or recorded: a clerk finds out
    at the counter that the scan is broken, not the reader a week later.
*/
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <poppler.h>
#include "doc_service.h"
#include "vp/vp_fields.h"

const char *
doc_file_mime (const unsigned char *b, size_t n)
{
    if (n >= 5 && memcmp (b, "%PDF-", 5) == 0) return "application/pdf";
    if (n >= 8 && memcmp (b, "\x89PNG\r\n\x1a\n", 8) == 0) return "image/png";
    if (n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return "image/jpeg";
    return "application/octet-stream";
}

int
doc_pages_count (const void *data, size_t size, const char *mime, const char *name, int *pages, vp_err_t *err)
{
    *pages = 0;
    if (strcmp (mime, "application/pdf") != 0) {
        //  an image is one scanned page; of anything else nothing is known
        *pages = strncmp (mime, "image/", 6) == 0 ? 1 : 0;
        return 0;
    }
    GBytes *bytes = g_bytes_new_static (data, size);
    GError *gerr = NULL;
    PopplerDocument *doc = poppler_document_new_from_bytes (bytes, NULL, &gerr);
    g_bytes_unref (bytes);
    if (!doc) {
        vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_DATA, "Tệp \"%s\" không mở được như một tệp PDF (%s)", name,
                    gerr && gerr->message ? gerr->message : "không rõ lý do");
        g_clear_error (&gerr);
        return -1;
    }
    int n = poppler_document_get_n_pages (doc);
    g_object_unref (doc);
    if (n < 1)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_DATA, "Tệp PDF \"%s\" không có trang nào", name);
    *pages = n;
    return 0;
}

int
doc_pages_count_file (int fd, int64_t size, const char *mime, const char *name, int *pages, vp_err_t *err)
{
    if (strcmp (mime, "application/pdf") != 0)
        return doc_pages_count (NULL, 0, mime, name, pages, err);
    //  Mapped, not read: a 50 MB scan is not copied into memory.
    void *map = size > 0 ? mmap (NULL, (size_t) size, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
    if (map == MAP_FAILED)
        return vp_err_set (err, VP_E_UNAVAILABLE, VP_K_ATTACHMENTS, "cannot read back \"%s\": %s", name, strerror (errno));
    int rc = doc_pages_count (map, (size_t) size, mime, name, pages, err);
    munmap (map, (size_t) size);
    return rc;
}

int
doc_pages_fill (doc_service_t *self, const char *tenant, const char *document, vp_err_t *err)
{
    //  The clerk's own count (pages_given) is kept; an empty one follows the files.
    sqlite3_stmt *st = vp_db_cached (self->db,
        "UPDATE doc_document SET pages = (SELECT sum (a.pages) FROM doc_attachment a"
        "   WHERE a.tenant = ?1 AND a.document = ?2)"
        " WHERE tenant = ?1 AND document = ?2 AND NOT pages_given", err);
    if (!st)
        return -1;
    sqlite3_bind_text (st, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (st, 2, document, -1, SQLITE_STATIC);
    int rc = sqlite3_step (st);
    sqlite3_reset (st);
    return rc == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "pages");
}
