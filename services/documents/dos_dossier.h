/*  dos_dossier - dossiers (hồ sơ) after Decree 30/2020/NĐ-CP, Appendix VI.

    A dossier is a row of the list of dossiers (danh mục hồ sơ) of a body
    for a year: its code (FileCode = the office's 13-character identifier,
    the year, FileNotation), title, retention, use regime, creator and
    dates. Its documents are rows of doc_dossier_item: one document may be
    in several dossiers of several officers, never copied. They are
    numbered in the order they were made (document date, then register
    order), at every read, so adding an older one renumbers the rest.

    A closed dossier takes no more documents; a frozen one (IV.1.g, and
    every dossier handed over to the office archive) is neither edited nor
    added to, nor are its documents deleted, until the freeze is lifted.

    Files, one concern each:
      dos_common     what the others share (this header)
      dos_list       the list, its codes, retention table, statistics
      dos_calendar   the archive's calendar: due, hand over, freeze
      dos_pdf        A4 pages with cairo + pango (header, page numbers)
      dos_xlsx       spreadsheets with libxlsxwriter
      dos_export_pdf a dossier as PDF: its index, then each document
      dos_export_xml a dossier as XML (Appendix VI Part II)
      dos_opens      how often each dossier was opened (III.6.a)
    Exports are written to <data-dir>/exports/<sha256>.<ext> and logged in
    doc_export (who, when: III.6.k); the reply names the path.
*/
#ifndef DOS_DOSSIER_H_INCLUDED
#define DOS_DOSSIER_H_INCLUDED

#include "doc_service.h"

//  Retention years of a document type for a body kind: the tenant's own
//  table first, then the defaults ('*'); 0 = permanent.
int dos_retention_years (doc_service_t *self, const char *tenant, const char *type, const char *kind);

//  The dossier's row as a map (every column, plus `code` when the office
//  identifier is known, `documents` count), or NULL with not_found.
vp_val_t *dos_load (doc_service_t *self, const char *tenant, const char *dossier, vp_err_t *err);

//  0 when the dossier may change; else failed_precondition naming it
//  (frozen, handed over, closed when closed_too).
int dos_need_open (doc_service_t *self, const char *tenant, const char *dossier,
                   const char *what, bool closed_too, vp_err_t *err);

//  Freeze a dossier (IV.1.g) or lift its freeze, with the reason, and its
//  documents.dossier_changed; failed_precondition when frozen already, not
//  frozen, or handed over (which stays frozen). The caller checks who.
int dos_freeze (doc_service_t *self, vp_cmdctx_t *ctx, const char *dossier, bool frozen, const char *reason,
                vp_err_t *err);

//  Add a document to a dossier (no copy); already there is fine.
int dos_item_add (doc_service_t *self, vp_cmdctx_t *ctx, const char *dossier,
                  const char *document, vp_err_t *err);

//  The documents of a dossier, numbered in the order they were made:
//  {ordinal, document, number, doc_date, issuer, type, type_name,
//  summary, urgency, secrecy, arrival_number, arrived_at, status, sees}.
//  A document the actor is not cleared for keeps its ordinal and no text.
vp_val_t *dos_documents (doc_service_t *self, vp_cmdctx_t *ctx, const char *dossier, vp_err_t *err);

//  The row completed for readers (dos_list): maintenance (retention as
//  text) and maintenance_years, start_date and end_date of its documents.
vp_val_t *dos_describe (doc_service_t *self, const char *tenant, const char *dossier, vp_err_t *err);
//  The dossiers of a year (and body, NULL: all), described.
vp_val_t *dos_list_rows (doc_service_t *self, const char *tenant, int64_t year, const char *body, vp_err_t *err);
//  "Vĩnh viễn", "10 năm", "" for -1.
const char *dos_retention_text (int years, char buf[32]);
//  documents.dossier_changed {dossier, change, document?, detail?}.
int dos_changed (doc_service_t *self, vp_cmdctx_t *ctx, const char *dossier, const char *change,
                 const char *document, const char *detail, vp_err_t *err);

//  "dd/mm/yyyy" of ms in the tenant's zone ("" for 0).
const char *dos_day (doc_service_t *self, const char *tenant, int64_t ms, char buf[32]);

//  The office's name for a header: the body's, else the tenant's.
void dos_office (doc_service_t *self, const char *tenant, const char *body, char office[256]);

//  The mark of a print (III.6.k): "In bởi <name> (<actor>) lúc <time>".
void dos_mark (doc_service_t *self, vp_cmdctx_t *ctx, char mark[400]);

//  The index of a dossier's documents (mục lục văn bản): its headings
//  (and column widths) and rows from dos_documents' items.
vp_val_t *dos_index_headings (const double **widths);
vp_val_t *dos_index_rows (doc_service_t *self, vp_cmdctx_t *ctx, const vp_val_t *items);
//  A step `exported` in the history of each document the actor sees.
int dos_mark_exported (doc_service_t *self, vp_cmdctx_t *ctx, const vp_val_t *items, const char *dossier,
                       const char *format, vp_err_t *err);
//  The dossier as XML (dos_export_xml.c), stored and logged like a PDF.
int dos_export_xml (doc_service_t *self, vp_cmdctx_t *ctx, const char *dossier, vp_val_t *result, vp_err_t *err);

//  The state of an incoming document at now, as the handling report
//  writes it (out_reports.c): "Đã giải quyết đúng hạn", ... quá hạn,
//  "Đang giải quyết trong hạn", "Chưa giải quyết, quá hạn", "Đã chuyển".
const char *out_state (const char *status, int64_t deadline, int64_t done_at, int64_t now);

//  ------------------------------------------------------------ renderers

//  A printable document: headings, fields and tables, laid out on A4
//  (landscape for wide tables) with the office's header on every page and
//  "Trang n/N" and the mark in the footer.
typedef struct dos_pdf dos_pdf_t;
dos_pdf_t *dos_pdf_new (const char *office, const char *mark, bool landscape);
void dos_pdf_destroy (dos_pdf_t **self_p);
void dos_pdf_title (dos_pdf_t *self, const char *title);      //  centred, bold
void dos_pdf_text (dos_pdf_t *self, const char *text);        //  a paragraph
void dos_pdf_field (dos_pdf_t *self, const char *label, const char *value);
//  A table: headings (array of str), widths in parts, rows (arrays of str).
void dos_pdf_table (dos_pdf_t *self, const vp_val_t *headings, const double *widths, const vp_val_t *rows);
void dos_pdf_page_break (dos_pdf_t *self);
//  Lay out and draw: the bytes (caller frees) and the page count.
int dos_pdf_finish (dos_pdf_t *self, char **data, size_t *size, int *pages, vp_err_t *err);

//  A spreadsheet of one sheet: office, title, the headings, rows, mark.
int dos_xlsx_make (doc_service_t *self, const char *office, const char *title, const char *mark,
                   const vp_val_t *headings, const vp_val_t *rows, char **data, size_t *size, vp_err_t *err);

//  Store an export (<data-dir>/exports/<sha256>.<ext>), log it with the
//  actor and the time, and put {format, path, sha256, size, pages} in result.
int dos_store (doc_service_t *self, vp_cmdctx_t *ctx, const char *what, const char *target,
               const char *format, const char *data, size_t size, int pages,
               vp_val_t *result, vp_err_t *err);

//  ------------------------------------------------------------ opens

//  The counts and their timer in the service's loop (flushed at destroy).
dos_opens_t *dos_opens_new (doc_service_t *svc);
void dos_opens_destroy (dos_opens_t **self_p);
//  A get opened the dossier: counted in memory, stored in the next batch.
void dos_opens_note (doc_service_t *svc, const char *tenant, const char *dossier);
//  An export opened it: counted in the caller's transaction.
int dos_opens_add (doc_service_t *svc, const char *tenant, const char *dossier, vp_err_t *err);
//  How often it was opened: stored and in memory.
int64_t dos_opens_count (doc_service_t *svc, const char *tenant, const char *dossier);
//  The opens still in memory added to rows of documents.dossier.stats
//  ({officer, opens}: the creator's dossiers, of year unless any_year).
void dos_opens_pending_add (doc_service_t *svc, const char *tenant, int64_t year, bool any_year, vp_val_t *rows);

#endif
