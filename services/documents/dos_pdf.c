/*  dos_pdf - printable A4 pages with cairo and pango.

    Pango shapes Vietnamese (stacked diacritics, combining marks) with the
    fonts fontconfig finds (DejaVu Sans from Debian's fonts-dejavu-core).
    What is added is kept as a list of blocks; finishing lays them out
    twice, the first time only to count the pages, so that every footer
    says "Trang n/N". Every page has the office's name in its header and
    the print mark (who, when: III.6.k) in its footer.
*/
#include <string.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <fontconfig/fontconfig.h>
#include "dos_dossier.h"
#include "vp/vp_fields.h"

#define S_MM (72.0 / 25.4)
#define S_MARGIN (15 * S_MM)
#define S_HEAD (14 * S_MM)          //  header band
#define S_FOOT (12 * S_MM)          //  footer band
#define S_FONT "DejaVu Sans"
#define S_PAD 2.0

enum { S_TITLE, S_TEXT, S_FIELD, S_TABLE, S_BREAK };

typedef struct {
    int kind;
    char *a, *b;                    //  texts
    vp_val_t *headings, *rows;      //  S_TABLE
    double *widths;
} s_block_t;

struct dos_pdf {
    char *office, *mark;
    bool landscape;
    s_block_t *blocks;
    size_t nblocks;
    //  while laying out: a font map of the export's own (pango's default
    //  one lives for ever), its context for the surface
    PangoFontMap *map;
    PangoContext *pctx;
    cairo_t *cr;
    double w, h, y;
    int page, pages;
    bool draw;
};

dos_pdf_t *
dos_pdf_new (const char *office, const char *mark, bool landscape)
{
    dos_pdf_t *self = (dos_pdf_t *) zmalloc (sizeof (dos_pdf_t));
    self->office = strdup (office ? office : "");
    self->mark = strdup (mark ? mark : "");
    self->landscape = landscape;
    return self;
}

void
dos_pdf_destroy (dos_pdf_t **self_p)
{
    dos_pdf_t *self = *self_p;
    if (!self)
        return;
    for (size_t i = 0; i < self->nblocks; i++) {
        free (self->blocks[i].a);
        free (self->blocks[i].b);
        free (self->blocks[i].widths);
        vp_val_destroy (&self->blocks[i].headings);
        vp_val_destroy (&self->blocks[i].rows);
    }
    free (self->blocks);
    free (self->office);
    free (self->mark);
    free (self);
    *self_p = NULL;
}

static void s_lay_out_blocks (dos_pdf_t *self);

static s_block_t *
s_add (dos_pdf_t *self, int kind, const char *a, const char *b)
{
    self->blocks = (s_block_t *) realloc (self->blocks, (self->nblocks + 1) * sizeof (s_block_t));
    s_block_t *block = &self->blocks[self->nblocks++];
    memset (block, 0, sizeof *block);
    block->kind = kind;
    block->a = a ? strdup (a) : NULL;
    block->b = b ? strdup (b) : NULL;
    return block;
}

void dos_pdf_title (dos_pdf_t *self, const char *title) { s_add (self, S_TITLE, title, NULL); }
void dos_pdf_text (dos_pdf_t *self, const char *text) { s_add (self, S_TEXT, text, NULL); }
void dos_pdf_field (dos_pdf_t *self, const char *label, const char *value) { s_add (self, S_FIELD, label, value ? value : ""); }
void dos_pdf_page_break (dos_pdf_t *self) { s_add (self, S_BREAK, NULL, NULL); }

void
dos_pdf_table (dos_pdf_t *self, const vp_val_t *headings, const double *widths, const vp_val_t *rows)
{
    s_block_t *block = s_add (self, S_TABLE, NULL, NULL);
    size_t n = vp_val_len (headings);
    block->headings = vp_val_dup (headings);
    block->rows = vp_val_dup (rows);
    block->widths = (double *) calloc (n ? n : 1, sizeof (double));
    double total = 0;
    for (size_t i = 0; i < n; i++)
        total += widths ? widths[i] : 1;
    for (size_t i = 0; i < n; i++)
        block->widths[i] = (widths ? widths[i] : 1) / total;
}

//  A layout of text in width (points) with size and weight.
static PangoLayout *
s_layout (dos_pdf_t *self, const char *text, double width, double size, bool bold, PangoAlignment align)
{
    PangoLayout *layout = pango_layout_new (self->pctx);
    PangoFontDescription *font = pango_font_description_from_string (S_FONT);
    pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
    if (bold)
        pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description (layout, font);
    pango_font_description_free (font);
    pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
    pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment (layout, align);
    pango_layout_set_text (layout, text ? text : "", -1);
    return layout;
}

static double
s_height (PangoLayout *layout)
{
    int w, h;
    pango_layout_get_size (layout, &w, &h);
    return (double) h / PANGO_SCALE;
}

static void
s_show (dos_pdf_t *self, PangoLayout *layout, double x, double y)
{
    if (!self->draw)
        return;
    cairo_move_to (self->cr, x, y);
    pango_cairo_show_layout (self->cr, layout);
}

static void
s_page_begin (dos_pdf_t *self)
{
    self->page++;
    double inner = self->w - 2 * S_MARGIN;
    PangoLayout *left = s_layout (self, self->office, inner * 0.6, 9, true, PANGO_ALIGN_LEFT);
    s_show (self, left, S_MARGIN, S_MARGIN * 0.6);
    g_object_unref (left);
    PangoLayout *right = s_layout (self, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập – Tự do – Hạnh phúc",
                                   inner * 0.4, 8, true, PANGO_ALIGN_RIGHT);
    s_show (self, right, S_MARGIN + inner * 0.6, S_MARGIN * 0.6);
    g_object_unref (right);
    if (self->draw) {
        cairo_set_line_width (self->cr, 0.5);
        cairo_move_to (self->cr, S_MARGIN, S_MARGIN * 0.6 + S_HEAD - 2);
        cairo_line_to (self->cr, self->w - S_MARGIN, S_MARGIN * 0.6 + S_HEAD - 2);
        cairo_stroke (self->cr);
    }
    char footer[520];
    snprintf (footer, sizeof footer, "Trang %d/%d — %s", self->page, self->pages ? self->pages : 0, self->mark);
    PangoLayout *foot = s_layout (self, footer, inner, 7.5, false, PANGO_ALIGN_CENTER);
    s_show (self, foot, S_MARGIN, self->h - S_MARGIN * 0.6 - S_FOOT / 2);
    g_object_unref (foot);
    self->y = S_MARGIN * 0.6 + S_HEAD + 4;
}

static void
s_page_end (dos_pdf_t *self)
{
    if (self->draw)
        cairo_show_page (self->cr);
}

static double
s_bottom (dos_pdf_t *self)
{
    return self->h - S_MARGIN * 0.6 - S_FOOT;
}

//  Room for h points: else a new page.
static void
s_room (dos_pdf_t *self, double h)
{
    if (self->y + h > s_bottom (self) && self->y > S_MARGIN * 0.6 + S_HEAD + 5) {
        s_page_end (self);
        s_page_begin (self);
    }
}

//  One row of a table at self->y; cells of texts, bold for headings.
static void
s_row (dos_pdf_t *self, const vp_val_t *cells, const double *widths, size_t n, bool bold)
{
    double inner = self->w - 2 * S_MARGIN;
    PangoLayout *layouts[32];
    double height = 0;
    n = n > 32 ? 32 : n;
    for (size_t c = 0; c < n; c++) {
        vp_val_t *cell = vp_array_at (cells, c);
        const char *text = cell ? vp_val_get_str (cell) : "";
        layouts[c] = s_layout (self, text ? text : "", widths[c] * inner - 2 * S_PAD, 8, bold,
                               bold ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
        double h = s_height (layouts[c]) + 2 * S_PAD;
        height = h > height ? h : height;
    }
    s_room (self, height);
    double x = S_MARGIN;
    for (size_t c = 0; c < n; c++) {
        double w = widths[c] * inner;
        s_show (self, layouts[c], x + S_PAD, self->y + S_PAD);
        if (self->draw) {
            cairo_set_line_width (self->cr, 0.4);
            cairo_rectangle (self->cr, x, self->y, w, height);
            cairo_stroke (self->cr);
        }
        x += w;
        g_object_unref (layouts[c]);
    }
    self->y += height;
}

static void
s_lay_out (dos_pdf_t *self)
{
    self->pctx = pango_font_map_create_context (self->map);
    pango_cairo_update_context (self->cr, self->pctx);
    s_lay_out_blocks (self);
    g_object_unref (self->pctx);
    self->pctx = NULL;
}

//  At exit, what fontconfig and cairo keep for the process (so that a
//  leak checker sees only real leaks).
static void
s_release (void)
{
    cairo_debug_reset_static_data ();
    FcFini ();
}

static void
s_lay_out_blocks (dos_pdf_t *self)
{
    double inner = self->w - 2 * S_MARGIN;
    self->page = 0;
    s_page_begin (self);
    for (size_t i = 0; i < self->nblocks; i++) {
        s_block_t *b = &self->blocks[i];
        if (b->kind == S_BREAK) {
            s_page_end (self);
            s_page_begin (self);
        }
        else
        if (b->kind == S_TITLE || b->kind == S_TEXT) {
            bool title = b->kind == S_TITLE;
            PangoLayout *layout = s_layout (self, b->a, inner, title ? 12 : 9, title,
                                            title ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
            double h = s_height (layout) + (title ? 8 : 3);
            s_room (self, h);
            s_show (self, layout, S_MARGIN, self->y + (title ? 4 : 0));
            self->y += h;
            g_object_unref (layout);
        }
        else
        if (b->kind == S_FIELD) {
            PangoLayout *label = s_layout (self, b->a, inner * 0.3, 9, true, PANGO_ALIGN_LEFT);
            PangoLayout *value = s_layout (self, b->b, inner * 0.7, 9, false, PANGO_ALIGN_LEFT);
            double h = s_height (value) > s_height (label) ? s_height (value) : s_height (label);
            s_room (self, h + 2);
            s_show (self, label, S_MARGIN, self->y);
            s_show (self, value, S_MARGIN + inner * 0.3, self->y);
            self->y += h + 2;
            g_object_unref (label);
            g_object_unref (value);
        }
        else {
            size_t n = vp_val_len (b->headings);
            s_row (self, b->headings, b->widths, n, true);
            for (size_t r = 0; r < vp_val_len (b->rows); r++)
                s_row (self, vp_array_at (b->rows, r), b->widths, n, false);
            self->y += 6;
        }
    }
    s_page_end (self);
}

static cairo_status_t
s_write (void *closure, const unsigned char *data, unsigned int length)
{
    zchunk_t *chunk = (zchunk_t *) closure;
    zchunk_extend (chunk, data, length);
    return CAIRO_STATUS_SUCCESS;
}

int
dos_pdf_finish (dos_pdf_t *self, char **data, size_t *size, int *pages, vp_err_t *err)
{
    static bool registered;
    if (!registered) {
        registered = true;
        atexit (s_release);
    }
    self->map = pango_cairo_font_map_new ();
    self->w = self->landscape ? 297 * S_MM : 210 * S_MM;
    self->h = self->landscape ? 210 * S_MM : 297 * S_MM;
    //  Count the pages on a surface that draws nothing.
    cairo_surface_t *probe = cairo_image_surface_create (CAIRO_FORMAT_A8, 4, 4);
    self->cr = cairo_create (probe);
    self->draw = false;
    self->pages = 0;
    s_lay_out (self);
    self->pages = self->page;
    cairo_destroy (self->cr);
    cairo_surface_destroy (probe);

    zchunk_t *chunk = zchunk_new (NULL, 65536);
    cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (s_write, chunk, self->w, self->h);
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "vanphong");
    self->cr = cairo_create (surface);
    self->draw = true;
    s_lay_out (self);
    cairo_destroy (self->cr);
    self->cr = NULL;
    cairo_surface_finish (surface);
    cairo_status_t status = cairo_surface_status (surface);
    cairo_surface_destroy (surface);
    g_object_unref (self->map);
    self->map = NULL;
    if (status != CAIRO_STATUS_SUCCESS) {
        zchunk_destroy (&chunk);
        return vp_err_set (err, VP_E_INTERNAL, VP_K_PDF, "cairo: %s", cairo_status_to_string (status));
    }
    *size = zchunk_size (chunk);
    *data = (char *) malloc (*size ? *size : 1);
    memcpy (*data, zchunk_data (chunk), *size);
    zchunk_destroy (&chunk);
    *pages = self->pages;
    return 0;
}
