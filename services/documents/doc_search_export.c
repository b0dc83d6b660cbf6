/*  doc_search_export - the results of a search as a file (Decree 30 App. VI
    III.6.g PDF, III.6.h DOCX): documents.search.export {format, saved?,
    ...the search}. The rows are documents.search's, so the actor's
    clearance decides what is in the file exactly as it decides what the
    search shows; the columns are the search's fields. Like the outputs,
    the file has the office's header and the print mark ("In bởi ..."),
    and is stored and logged (dos_store: documents.export.list).
*/
#include <string.h>
#include "dos_dossier.h"
#include "doc_saved.h"
#include "vp/vp_fields.h"

//  Rows past this many are left out, and the file says so.
#define S_EXPORT_MAX 1000
#define S_PAGE 200

//  The search: the saved one's parameters, then any given here.
static vp_val_t *
s_params (doc_service_t *self, vp_cmdctx_t *ctx, const vp_val_t *args, char name[201], vp_err_t *err)
{
    vp_val_t *params = vp_val_map ();
    *name = 0;
    if (vp_map_get (args, VP_K_SAVED)) {
        vp_val_destroy (&params);
        params = doc_saved_load (self, ctx, vp_map_int (args, VP_K_SAVED, 0), name, err);
        if (!params)
            return NULL;
    }
    for (size_t i = 0; i < vp_val_len (args); i++) {
        const char *key = vp_map_key_at (args, i);
        if (strcmp (key, VP_K_FORMAT) && strcmp (key, VP_K_SAVED))
            vp_map_put (params, key, vp_val_dup (vp_map_value_at (args, i)));
    }
    return params;
}

//  Every row of the search, up to S_EXPORT_MAX, and the total.
static vp_val_t *
s_rows (vp_cmdctx_t *ctx, vp_val_t *params, int64_t *total, vp_err_t *err)
{
    vp_val_t *rows = vp_val_array ();
    *total = 0;
    for (int64_t offset = 0; offset < S_EXPORT_MAX; offset += S_PAGE) {
        vp_map_put_int (params, VP_K_LIMIT, S_PAGE);
        vp_map_put_int (params, VP_K_OFFSET, offset);
        vp_val_t *page = vp_val_map ();
        if (doc_search_run (ctx, params, page, err)) {
            vp_val_destroy (&page);
            vp_val_destroy (&rows);
            return NULL;
        }
        *total = vp_map_int (page, VP_K_TOTAL, 0);
        vp_val_t *got = vp_map_get (page, "rows");
        size_t n = vp_val_len (got);
        for (size_t i = 0; i < n; i++)
            vp_array_push (rows, vp_val_dup (vp_array_at (got, i)));
        vp_val_destroy (&page);
        if (n < S_PAGE)
            break;
    }
    return rows;
}

//  The line under the title: what was looked for, and how many.
static void
s_note (const vp_val_t *params, const char *name, int64_t total, size_t shown, char *note, size_t size)
{
    size_t at = 0;
    if (*name)
        at += (size_t) snprintf (note + at, size - at, "Tìm kiếm đã lưu \"%s\". ", name);
    if (vp_map_str (params, VP_K_Q))
        at += (size_t) snprintf (note + at, size - at, "Từ khóa: \"%s\". ", vp_map_str (params, VP_K_Q));
    if (at < size)
        at += (size_t) snprintf (note + at, size - at, "Số văn bản: %lld", (long long) total);
    if (at < size && (int64_t) shown < total)
        snprintf (note + at, size - at, " (in %zu văn bản đầu)", shown);
}

static int
s_export_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *format = vp_map_str (args, VP_K_FORMAT);
    char name[201];
    vp_val_t *params = s_params (self, ctx, args, name, err);
    if (!params)
        return -1;
    int64_t total = 0;
    vp_val_t *found = s_rows (ctx, params, &total, err);
    if (!found) {
        vp_val_destroy (&params);
        return -1;
    }
    vp_val_t *fields = doc_search_fields_of (vp_map_get (params, VP_K_FIELDS));
    size_t nf = vp_val_len (fields);
    double widths[16] = { 0 };
    vp_val_t *headings = vp_val_array ();
    for (size_t f = 0; f < nf && f < 16; f++) {
        const char *id = vp_val_get_str (vp_array_at (fields, f));
        const vp_search_column_t *c = vp_search_column (id);
        widths[f] = c ? c->width : 1;
        vp_array_push (headings, vp_val_str (c ? c->heading : id));
    }
    char zone[64];
    doc_zone (self, ctx->tenant, zone);
    vp_val_t *rows = vp_val_array ();
    for (size_t i = 0; i < vp_val_len (found); i++) {
        vp_val_t *row = vp_val_array ();
        for (size_t f = 0; f < nf && f < 16; f++) {
            char buf[64];
            vp_array_push (row, vp_val_str (vp_search_column_text (vp_array_at (found, i),
                                                                   vp_val_get_str (vp_array_at (fields, f)), zone, buf)));
        }
        vp_array_push (rows, row);
    }
    char office[256], mark[400], note[700];
    const char *title = "KẾT QUẢ TÌM KIẾM VĂN BẢN";
    dos_office (self, ctx->tenant, NULL, office);
    dos_mark (self, ctx, mark);
    s_note (params, name, total, vp_val_len (found), note, sizeof note);
    char *data = NULL;
    size_t size = 0;
    int pages = 0, rc;
    if (strcmp (format, "pdf") == 0) {
        dos_pdf_t *pdf = dos_pdf_new (office, mark, nf > 6);
        dos_pdf_title (pdf, title);
        dos_pdf_text (pdf, note);
        dos_pdf_table (pdf, headings, widths, rows);
        rc = dos_pdf_finish (pdf, &data, &size, &pages, err);
        dos_pdf_destroy (&pdf);
    }
    else
        rc = dos_docx_make (office, title, note, mark, headings, rows, &data, &size, err);
    if (rc == 0)
        rc = dos_store (self, ctx, "search", *name ? name : vp_map_str (params, VP_K_Q) ? vp_map_str (params, VP_K_Q) : "*",
                        format, data, size, pages, result, err);
    if (rc == 0) {
        vp_map_put_int (result, VP_K_TOTAL, total);
        vp_map_put_int (result, "rows", (int64_t) vp_val_len (rows));
        vp_map_put (result, VP_K_FIELDS, fields);
        fields = NULL;
    }
    free (data);
    vp_val_destroy (&fields);
    vp_val_destroy (&headings);
    vp_val_destroy (&rows);
    vp_val_destroy (&found);
    vp_val_destroy (&params);
    return rc;
}

static const vp_cmd_t s_commands[] = {
    { VP_C_DOCUMENTS_SEARCH_EXPORT, s_export_tx, true, .changes = true },
    { NULL }
};

void
doc_search_export_register (doc_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
