/*  doc_search - documents.search: folded full text, filters, paging.

    doc_fts is a contentless FTS5 table (detail none) whose rowid is the
    document's rowid in doc_document. A document's rowid is its arrival
    time in ms times DOC_ROWID_SLOTS plus a small counter, so the rowid
    order is the arrival order ("newest first" is rowid descending, in
    the table, its indexes and doc_fts alike) and an arrival range is a
    rowid range.

    Every token of a document is scoped to its tenant: "x<hex tenant>" on
    its own (every document of the tenant), "x<hex>_<word>" for each word
    of the folded summary, issuer and number, and "x<hex>__<tag><hex>" for
    its type (y), book (b) and, when secret, its secrecy (s). So a query
    reads the doclists of one tenant only, whatever the size of the
    district, and the immutable filters (type, book, arrival range,
    secrecy) are answered by the index itself. doc_term keeps every
    word token once, so a word typed as a prefix becomes the OR of the
    words it begins: FTS5 reads those doclists as they are, where its own
    prefix query would first merge them all.
*/
#ifndef DOC_SEARCH_H_INCLUDED
#define DOC_SEARCH_H_INCLUDED

#include "doc_service.h"

//  Rowids per ms of arrival: rowid = arrived_at * DOC_ROWID_SLOTS + k.
#define DOC_ROWID_SLOTS 4096
//  Arrival times a rowid can hold: [0, DOC_ARRIVED_MAX) ms (up to year 9999).
#define DOC_ARRIVED_MAX ((int64_t) 253402300800000)

//  The text doc_fts holds for a document: tokens as above, space
//  separated. The caller frees it.
char *doc_search_text (const char *tenant, const char *summary, const char *issuer,
                       const char *number, const char *type, const char *book, const char *secrecy);

//  Index a document row (a map with tenant, document, summary, issuer,
//  number, type, book, secrecy; and the text of its files done so far) under rowid, in the caller's transaction.
int doc_search_index (doc_service_t *self, int64_t rowid, const vp_val_t *row, vp_err_t *err);
//  The queue doc_search_index writes into on self->db, written out into
//  doc_fts by every vp_db_commit of that connection (doc_search.c).
int doc_search_queue_open (doc_service_t *self, vp_err_t *err);
//  Its hooks off the connection, its memory freed (before the connection closes).
void doc_search_queue_close (doc_service_t *self);

//  The MATCH expression of a search in tenant: every word of q (folded)
//  as a prefix, the type and book when given, and none of the secrecy
//  levels above clearance. NULL when a word begins no word of the
//  tenant's documents: nothing can match. The caller frees it.
char *doc_search_match (doc_service_t *self, const char *tenant, const char *q, const char *type,
                        const char *book, int clearance);

//  The secrecy levels visible at a clearance, as an SQL list:
//  "'thuong','mat'" (a static string).
const char *doc_search_visible (int clearance);

//  Take a document out of the index (before its row is deleted), in the
//  caller's transaction. 0 when it was not there.
//  Its files' text (doc_file_text) goes with it.
int doc_search_unindex (doc_service_t *self, const char *tenant, const char *document, vp_err_t *err);

//  What a document is indexed from changes (change, e.g. a file's text
//  added): its row out of the index with the old text, change, and in
//  again with the new, in the caller's transaction. 0 and no change when
//  the document is not there.
int doc_search_reindex (doc_service_t *self, const char *tenant, const char *document,
                        int (*change) (doc_service_t *self, void *arg, vp_err_t *err), void *arg, vp_err_t *err);

#endif
