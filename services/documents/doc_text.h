/*  doc_text - the text of a document's files for its search, extracted in
    the background (see doc_text.c). */
#ifndef DOC_TEXT_H_INCLUDED
#define DOC_TEXT_H_INCLUDED

#include "doc_service.h"

//  Bytes of text kept (and indexed) per file: its first 64 KB.
#define DOC_TEXT_MAX (64 * 1024)

//  The worker and its place in the service's loop; pending files resume.
doc_text_t *doc_text_new (doc_service_t *svc);
void doc_text_destroy (doc_text_t **self_p);

//  A file recorded for a document: queued for its text, in the caller's
//  transaction (the same file twice in one document: once).
int doc_text_queue (doc_service_t *svc, const char *tenant, const char *document, const char *sha,
                    const char *name, vp_err_t *err);

//  result.file_text: each file's {sha256, name, status (pending, done,
//  failed), attempts, ocr_pages, chars, ms, error}.
void doc_text_describe (doc_service_t *svc, const char *tenant, const char *document, vp_val_t *result);

#endif
