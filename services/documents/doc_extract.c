/*  doc_extract - the text of one stored file, for search: what the worker
    of doc_text runs, away from the service's loop and its database.

    A PDF's pages are read by poppler (their text layer); a page with no
    text of its own (a scan) is rendered at 300 dpi with cairo and read by
    tesseract in Vietnamese ("vie"). A PNG or JPEG is one scanned page,
    read by tesseract through leptonica. The text is cut at max bytes
    (never inside a character), and OCR stops after DOC_EXTRACT_OCR_PAGES
    pages: what search needs is the words of the file, not the whole of a
    200-page scan, and the worker must come back to the queue.

    Nothing here touches the service's state: one doc_extract_t per
    thread, its tesseract set up on the first scan it meets.
*/
#include <cairo.h>
#include <poppler.h>
#include <tesseract/capi.h>
#include <leptonica/allheaders.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "doc_extract.h"

//  A page with fewer letters or digits than this in its text layer is a scan.
#define S_TEXT_MIN 16
#define S_DPI 300.0

struct doc_extract_t {
    TessBaseAPI *tess;          //  NULL until the first scan
    bool tess_failed;           //  no Vietnamese data: every scan fails
};

doc_extract_t *
doc_extract_new (void)
{
    return (doc_extract_t *) zmalloc (sizeof (doc_extract_t));
}

void
doc_extract_destroy (doc_extract_t **self_p)
{
    doc_extract_t *self = *self_p;
    if (!self)
        return;
    if (self->tess) {
        TessBaseAPIEnd (self->tess);
        TessBaseAPIDelete (self->tess);
    }
    free (self);
    *self_p = NULL;
}

typedef struct {
    char *data;
    size_t len, max;
} s_text_t;

//  Append text (a page's) until max; false once full.
static bool
s_append (s_text_t *out, const char *text)
{
    if (!text || !*text || out->len >= out->max)
        return out->len < out->max;
    size_t room = out->max - out->len - (out->len ? 1 : 0);
    size_t take = vp_utf8_prefix (text, strlen (text), room);
    if (out->len)
        out->data[out->len++] = '\n';
    memcpy (out->data + out->len, text, take);
    out->len += take;
    out->data[out->len] = 0;
    return out->len < out->max && take == strlen (text);
}

static bool
s_has_text (const char *text)
{
    int n = 0;
    for (const unsigned char *p = (const unsigned char *) text; p && *p && n < S_TEXT_MIN; p++)
        if (*p >= 0x80 || (*p >= '0' && *p <= '9') || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z'))
            n++;
    return n >= S_TEXT_MIN;
}

static TessBaseAPI *
s_tess (doc_extract_t *self, char **error)
{
    if (!self->tess && !self->tess_failed) {
        self->tess = TessBaseAPICreate ();
        if (TessBaseAPIInit3 (self->tess, NULL, "vie") != 0) {
            TessBaseAPIDelete (self->tess);
            self->tess = NULL;
            self->tess_failed = true;
        }
    }
    if (!self->tess && error && !*error)
        *error = strdup ("tesseract cannot load its Vietnamese data (tesseract-ocr-vie)");
    return self->tess;
}

//  The text tesseract reads on the image it was given; NULL on failure.
static char *
s_ocr_run (TessBaseAPI *tess)
{
    TessBaseAPISetSourceResolution (tess, (int) S_DPI);
    char *got = TessBaseAPIGetUTF8Text (tess);
    char *text = got ? strdup (got) : NULL;
    if (got)
        TessDeleteText (got);
    TessBaseAPIClear (tess);
    return text;
}

//  A PDF page rendered white at 300 dpi, as 8-bit grey, read by tesseract.
static char *
s_ocr_page (doc_extract_t *self, PopplerPage *page, char **error)
{
    TessBaseAPI *tess = s_tess (self, error);
    if (!tess)
        return NULL;
    double w_pt, h_pt;
    poppler_page_get_size (page, &w_pt, &h_pt);
    int w = (int) (w_pt * S_DPI / 72.0 + 0.5), h = (int) (h_pt * S_DPI / 72.0 + 0.5);
    if (w < 1 || h < 1 || w > 20000 || h > 20000)
        return NULL;
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create (surface);
    cairo_set_source_rgb (cr, 1, 1, 1);
    cairo_paint (cr);
    cairo_scale (cr, S_DPI / 72.0, S_DPI / 72.0);
    poppler_page_render_for_printing (page, cr);
    cairo_destroy (cr);
    cairo_surface_flush (surface);
    char *text = NULL;
    if (cairo_surface_status (surface) == CAIRO_STATUS_SUCCESS) {
        const unsigned char *px = cairo_image_surface_get_data (surface);
        int stride = cairo_image_surface_get_stride (surface);
        unsigned char *grey = (unsigned char *) malloc ((size_t) w * (size_t) h);
        for (int y = 0; y < h; y++) {
            const uint32_t *row = (const uint32_t *) (px + (size_t) y * (size_t) stride);
            for (int x = 0; x < w; x++) {
                uint32_t p = row [x];
                grey [(size_t) y * (size_t) w + (size_t) x] = (unsigned char)
                    ((((p >> 16) & 255) * 299 + ((p >> 8) & 255) * 587 + (p & 255) * 114) / 1000);
            }
        }
        TessBaseAPISetImage (tess, grey, w, h, 1, w);
        text = s_ocr_run (tess);
        free (grey);
    }
    cairo_surface_destroy (surface);
    return text;
}

typedef struct {
    doc_extract_stop_fn *fn;
    void *arg;
    bool stopped;
} s_stop_t;

static int
s_pdf (doc_extract_t *self, const void *data, size_t size, s_text_t *out, int *ocr_pages, s_stop_t *stop,
       char **error)
{
    GBytes *bytes = g_bytes_new_static (data, size);
    GError *gerr = NULL;
    PopplerDocument *doc = poppler_document_new_from_bytes (bytes, NULL, &gerr);
    g_bytes_unref (bytes);
    if (!doc) {
        *error = strdup (gerr && gerr->message ? gerr->message : "poppler cannot open the PDF");
        g_clear_error (&gerr);
        return -1;
    }
    int n = poppler_document_get_n_pages (doc);
    bool room = true;
    for (int i = 0; i < n && room; i++) {
        if (stop->fn && stop->fn (stop->arg)) {
            stop->stopped = true;
            break;
        }
        PopplerPage *page = poppler_document_get_page (doc, i);
        if (!page)
            continue;
        char *text = poppler_page_get_text (page);
        if (s_has_text (text))
            room = s_append (out, text);
        else
        if (*ocr_pages < DOC_EXTRACT_OCR_PAGES) {
            char *read = s_ocr_page (self, page, error);
            if (read) {
                (*ocr_pages)++;
                room = s_append (out, read);
                free (read);
            }
        }
        g_free (text);
        g_object_unref (page);
    }
    g_object_unref (doc);
    //  A scan whose OCR failed entirely is a failure; a page that held
    //  nothing readable is not.
    return stop->stopped || (out->len == 0 && *error) ? -1 : 0;
}

static int
s_image (doc_extract_t *self, const void *data, size_t size, s_text_t *out, int *ocr_pages, char **error)
{
    TessBaseAPI *tess = s_tess (self, error);
    if (!tess)
        return -1;
    PIX *pix = pixReadMem ((const l_uint8 *) data, size);
    if (!pix) {
        *error = strdup ("leptonica cannot read the image");
        return -1;
    }
    TessBaseAPISetImage2 (tess, pix);
    char *text = s_ocr_run (tess);
    pixDestroy (&pix);
    if (!text) {
        *error = strdup ("tesseract read nothing");
        return -1;
    }
    (*ocr_pages)++;
    s_append (out, text);
    free (text);
    return 0;
}

int
doc_extract_file (doc_extract_t *self, const char *path, size_t max, doc_extract_stop_fn *stop, void *stop_arg,
                  char **text, int *ocr_pages, bool *stopped, char **error)
{
    s_stop_t check = { .fn = stop, .arg = stop_arg };
    *stopped = false;
    *text = NULL;
    *error = NULL;
    *ocr_pages = 0;
    int fd = open (path, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat (fd, &st) != 0 || st.st_size == 0) {
        if (fd >= 0)
            close (fd);
        *error = strdup ("the stored file cannot be read");
        return -1;
    }
    //  Mapped, not read: a 50 MB scan is not copied into memory.
    void *map = mmap (NULL, (size_t) st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close (fd);
    if (map == MAP_FAILED) {
        *error = strdup ("the stored file cannot be mapped");
        return -1;
    }
    s_text_t out = { .data = (char *) malloc (max + 1), .len = 0, .max = max };
    out.data[0] = 0;
    const char *mime = doc_file_mime ((const unsigned char *) map, (size_t) st.st_size);
    int rc = 0;
    if (strcmp (mime, "application/pdf") == 0)
        rc = s_pdf (self, map, (size_t) st.st_size, &out, ocr_pages, &check, error);
    else
    if (strncmp (mime, "image/", 6) == 0)
        rc = s_image (self, map, (size_t) st.st_size, &out, ocr_pages, error);
    munmap (map, (size_t) st.st_size);
    *stopped = check.stopped;
    if (rc) {
        free (out.data);
        return -1;
    }
    free (*error);              //  a page that failed among others that read
    *error = NULL;
    *text = out.data;
    return 0;
}
