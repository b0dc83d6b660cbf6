/*  doc_service - vp-documents: one intake for every document of a commune.

    The process (database, command server, outbox, consumer, loop) is the
    common vp_service. The service follows the `staffing` stream into its
    own copy of the staffing read model (vp_staff), so routing resolves a
    post to whoever acts for it, and access checks know an officer's
    tenant and clearance, without asking vp-staffing.

    Concerns, one file each (prefix doc_):
      doc_access    who may see what: tenant, secrecy clearance
      doc_register  documents.register (books, arrival numbers, duplicates,
                    attachments, invitations), get (and the assignee's
                    first look: documents.viewed), history, comment,
                    register_book
      doc_search    documents.search (folded full text, filters, paging)
      doc_saved     columns shown, saved searches, exports of results
                    (see doc_saved.h)
      doc_text      the text of the files for search, in the background
                    (doc_extract: poppler, tesseract OCR)
      doc_dashboard the office head's overview (documents.dashboard) and
                    reminders (documents.remind)
      doc_route     routing rules, assignment and the workflow steps
      doc_deadline  working days, holidays, deadline rules, the scan
      doc_number    outgoing numbering series
      doc_archive   dossiers, retention, appraisal
      dos_*         dossiers after Decree 30 (see dos_dossier.h)
      out_reports   the six outputs of Decree 30, Appendix VI.V
      out_stats     the report of a year for the office head and leaders: per
                    officer, body and month
      doc_trail     the key behind every step, and every look at a document
*/
#ifndef DOC_SERVICE_H_INCLUDED
#define DOC_SERVICE_H_INCLUDED

#include "vp/vp.h"

typedef struct doc_text_t doc_text_t;
typedef struct dos_opens_t dos_opens_t;

typedef struct {
    vp_service_t *service;
    sqlite3 *db;                //  the service's database
    vp_cmdsrv_t *cmdsrv;        //  its command server
    const vp_config_t *cfg;
    doc_text_t *text;           //  the files' text, in the background (doc_text)
    dos_opens_t *opens;         //  dossiers' opens not stored yet (dos_opens)
    bool fts_queued;            //  rows for doc_fts queued in this transaction (doc_search)
    zhashx_t *terms;            //  terms known to be in doc_term (doc_search)
    zhashx_t *terms_added;      //  and those of them the last flush added
} doc_service_t;

doc_service_t *doc_service_new (const vp_config_t *cfg, vp_keys_t *keys, vp_err_t *err);
void doc_service_destroy (doc_service_t **self_p);
int doc_service_run (doc_service_t *self);

int doc_emit (doc_service_t *self, vp_cmdctx_t *ctx, const char *tenant,
              const char *event, vp_val_t *data, vp_err_t *err);

//  The event being applied in tenant as the context of the command code
//  its handler reuses (doc_register_intake, doc_emit): the event's corr as
//  the request id, no actor (the service acts), cmd the event's name.
void doc_event_ctx (doc_service_t *self, const vp_val_t *env, const char *tenant, vp_cmdctx_t *ctx);

//  Tell the bus a configuration entry changed: documents.config_changed
//  {what, config: a copy of the command's result}.
int doc_emit_config (doc_service_t *self, vp_cmdctx_t *ctx, const char *what,
                     const vp_val_t *result, vp_err_t *err);

//  One step of a document's history (who, when, what), in the change's
//  transaction; every change to a document adds one. The steps:
//  registered, not_routed, assigned, reassigned, in_progress, done,
//  returned, forwarded, deadline, due_soon, overdue, comment, viewed (the
//  assignee's first documents.get), reminded (documents.remind), filed,
//  deleted.
int doc_history_add (doc_service_t *self, const char *tenant, const char *document,
                     const char *actor, const char *step, const char *detail, vp_err_t *err);


//  The trail (doc_trail): its tables, documents.access.note and
//  documents.access_log.
int doc_trail_register (doc_service_t *self, vp_err_t *err);
//  The key behind a command: its name, role and session ("documents",
//  "service", "" for the service's own).
void doc_trail_of (const vp_cmdctx_t *ctx, const char **principal, const char **role, const char **session);
//  Keep a look at a document (opened, downloaded, printed) by ctx's actor.
int doc_trail_note (doc_service_t *self, vp_cmdctx_t *ctx, const char *document, const char *what,
                    vp_err_t *err);
//  How often a document was opened (documents.get): its "opened" looks.
int64_t doc_trail_opens (doc_service_t *self, const char *tenant, const char *document);

//  The zone of a tenant (from the staffing read model; default VP_TZ).
const char *doc_zone (doc_service_t *self, const char *tenant, char zone[64]);
//  The same day and time `years` later in the commune's zone (29/02 -> 28/02):
//  retention and archive dates (doc_archive.c).
int64_t doc_years_after (doc_service_t *self, const char *tenant, int64_t ms, int years);

//  Each group registers its commands (and doc_deadline its timer).
void doc_register_register (doc_service_t *self);
void doc_book_register (doc_service_t *self);
void doc_freeze_register (doc_service_t *self);
void doc_metadata_register (doc_service_t *self);
//  0 when the document may be moved, edited or deleted; else -1 with
//  failed_precondition naming its freeze (or, with dossiers_too, that of a
//  dossier holding it) and `what` was refused (doc_freeze.c, IV.1.g).
int doc_frozen_check (doc_service_t *self, const char *tenant, const char *document, const char *what,
                      bool dossiers_too, vp_err_t *err);
void doc_search_register (doc_service_t *self);
void doc_dashboard_register (doc_service_t *self);
void doc_route_register (doc_service_t *self);
void doc_deadline_register (doc_service_t *self);
void doc_number_register (doc_service_t *self);
void doc_archive_register (doc_service_t *self);
void dos_list_register (doc_service_t *self);
void dos_calendar_register (doc_service_t *self);
void dos_export_pdf_register (doc_service_t *self);
void out_reports_register (doc_service_t *self);
void out_stats_register (doc_service_t *self);
void dos_export_get_register (doc_service_t *self);

//  doc_book: the default book of an issuer's document; the default books
//  of a tenant made; a book's name (not_found naming it); and
//  documents.register_book's rows, for the printed register (out_reports.c).
const char *doc_book_default (const char *issuer, const char *number);
int doc_books_ensure (doc_service_t *self, const char *tenant, vp_err_t *err);
int doc_book_need (doc_service_t *self, const char *tenant, const char *book, char name[201], vp_err_t *err);
int doc_register_book (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err);
//  "27/11/2026" in zone, with the time ("27/11/2026 08:30") when asked.
const char *doc_date (int64_t ms, const char *zone, bool with_time, char buf[32]);
void doc_attachment_register (doc_service_t *self);
//  doc_attachment: an attachment of documents.register checked (a file
//  name, some bytes: attachments[index] named); all of them stored and
//  recorded for the document, refs given {name, sha256, size, pages}.
int doc_attachment_check (const vp_val_t *item, size_t index, vp_err_t *err);
int doc_attachments_add (doc_service_t *self, const char *tenant, const char *document,
                         const vp_val_t *attachments, vp_val_t *refs, vp_err_t *err);

//  doc_pages: a file's type by its first bytes (PDF, PNG, JPEG, else
//  application/octet-stream); its pages (a PDF by poppler, an image 1,
//  anything else 0: not known); a PDF that
//  cannot be opened is refused naming the file. doc_pages_fill sets the
//  document's pages to its files' sum unless the clerk gave them.
const char *doc_file_mime (const unsigned char *b, size_t n);
int doc_pages_count (const void *data, size_t size, const char *mime, const char *name, int *pages, vp_err_t *err);
int doc_pages_count_file (int fd, int64_t size, const char *mime, const char *name, int *pages, vp_err_t *err);
int doc_pages_fill (doc_service_t *self, const char *tenant, const char *document, vp_err_t *err);

//  The service's schema, migration by migration (doc_schema.c).
extern const char *const doc_migrations[];

#endif
