/*  dos_xlsx - one-sheet spreadsheets with libxlsxwriter.

    Row 1 the office, row 2 the title, row 4 the headings, then the rows,
    then the print mark (who, when: III.6.k). libxlsxwriter writes a file:
    it is made in the exports folder under a temporary name and read back.
*/
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include "dos_dossier.h"

int
dos_xlsx_make (doc_service_t *self, const char *office, const char *title, const char *mark,
               const vp_val_t *headings, const vp_val_t *rows, char **data, size_t *size, vp_err_t *err)
{
    char dir[VP_PATH_MAX + 16], tmp[VP_PATH_MAX + 96];
    snprintf (dir, sizeof dir, "%s/exports", self->cfg->data_dir);
    if (zsys_dir_create ("%s", dir))
        return vp_err_set (err, VP_E_UNAVAILABLE, "exports", "cannot make folder %s", dir);
    static int counter;
    snprintf (tmp, sizeof tmp, "%s/.sheet.%d.%d.xlsx", dir, (int) getpid (), ++counter);
    lxw_workbook *book = workbook_new (tmp);
    if (!book)
        return vp_err_set (err, VP_E_UNAVAILABLE, "exports", "cannot make %s", tmp);
    lxw_worksheet *sheet = workbook_add_worksheet (book, NULL);
    lxw_format *bold = workbook_add_format (book);
    format_set_bold (bold);
    lxw_format *head = workbook_add_format (book);
    format_set_bold (head);
    format_set_border (head, LXW_BORDER_THIN);
    format_set_text_wrap (head);
    lxw_format *cell = workbook_add_format (book);
    format_set_border (cell, LXW_BORDER_THIN);
    format_set_text_wrap (cell);
    format_set_align (cell, LXW_ALIGN_VERTICAL_TOP);
    worksheet_set_paper (sheet, 9);             //  A4
    worksheet_set_landscape (sheet);
    worksheet_set_footer (sheet, "&CTrang &P/&N");
    worksheet_write_string (sheet, 0, 0, office, bold);
    worksheet_write_string (sheet, 1, 0, title, bold);
    size_t n = vp_val_len (headings);
    for (size_t c = 0; c < n; c++) {
        worksheet_write_string (sheet, 3, (lxw_col_t) c, vp_val_get_str (vp_array_at (headings, c)), head);
        worksheet_set_column (sheet, (lxw_col_t) c, (lxw_col_t) c, c == 0 ? 8 : 22, NULL);
    }
    for (size_t r = 0; r < vp_val_len (rows); r++) {
        vp_val_t *row = vp_array_at (rows, r);
        for (size_t c = 0; c < n && c < vp_val_len (row); c++) {
            const char *text = vp_val_get_str (vp_array_at (row, c));
            worksheet_write_string (sheet, (lxw_row_t) (4 + r), (lxw_col_t) c, text ? text : "", cell);
        }
    }
    worksheet_write_string (sheet, (lxw_row_t) (5 + vp_val_len (rows)), 0, mark, NULL);
    lxw_error rc = workbook_close (book);
    if (rc != LXW_NO_ERROR) {
        unlink (tmp);
        return vp_err_set (err, VP_E_INTERNAL, "xlsx", "libxlsxwriter: %s", lxw_strerror (rc));
    }
    FILE *file = fopen (tmp, "rb");
    if (!file)
        return vp_err_set (err, VP_E_UNAVAILABLE, "exports", "cannot read %s", tmp);
    fseek (file, 0, SEEK_END);
    long length = ftell (file);
    fseek (file, 0, SEEK_SET);
    *data = (char *) malloc (length > 0 ? (size_t) length : 1);
    *size = fread (*data, 1, length > 0 ? (size_t) length : 0, file);
    fclose (file);
    unlink (tmp);
    return 0;
}
