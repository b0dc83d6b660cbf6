/*  doc_saved - what an officer keeps of a search (Decree 30 App. VI III.6):

      doc_search_fields  the columns a search shows (III.6.đ), the rows
                         cut to them; the columns' headings and text are
                         vp_vocab's (vp_search_column), the web's too
      doc_saved          saved searches, each the actor's own (III.6.e):
                         documents.search.save, list, delete, run
      doc_search_export  the results as PDF or DOCX with the print mark,
                         stored and logged like the outputs (III.6.g, h)
      dos_docx           a .docx (WordprocessingML in a zip) of a table

    A search's parameters are documents.search's without its page (proto/
    documents.c, S_SEARCH_FILTERS), fields among them; a saved search keeps
    them as the msgpack of that map.
*/
#ifndef DOC_SAVED_H_INCLUDED
#define DOC_SAVED_H_INCLUDED

#include "doc_service.h"

//  documents.search itself (doc_search.c), rows with every column.
int doc_search_run (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err);

//  The columns shown: the array given, or every known column when NULL
//  (a new array the caller owns).
vp_val_t *doc_search_fields_of (const vp_val_t *fields);
//  Put fields in result and, when some were chosen, keep in each row its
//  document id and those columns only (type and officer keep their names).
void doc_search_fields_keep (const vp_val_t *fields, vp_val_t *result);

//  The parameters of the actor's saved search (a new map, fields in it),
//  and its name; NULL with not_found naming "saved" when it is not theirs.
vp_val_t *doc_saved_load (doc_service_t *self, vp_cmdctx_t *ctx, int64_t saved, char name[201], vp_err_t *err);

void doc_saved_register (doc_service_t *self);
void doc_search_export_register (doc_service_t *self);

//  A .docx of one table: office, title, a line under it, the headings,
//  rows (arrays of str) and the mark; the bytes (caller frees).
int dos_docx_make (const char *office, const char *title, const char *note, const char *mark,
                   const vp_val_t *headings, const vp_val_t *rows, char **data, size_t *size, vp_err_t *err);

#endif
