/*  doc_extract - the text of a stored file: its PDF text layer, OCR of its
    scanned pages and images (tesseract, Vietnamese). Thread-safe per
    object: one doc_extract_t per thread (doc_text's worker). */
#ifndef DOC_EXTRACT_H_INCLUDED
#define DOC_EXTRACT_H_INCLUDED

#include "doc_service.h"

//  Scanned pages of one file read by OCR, at most; the others are left.
#define DOC_EXTRACT_OCR_PAGES 30

typedef struct doc_extract_t doc_extract_t;

doc_extract_t *doc_extract_new (void);
void doc_extract_destroy (doc_extract_t **self_p);

//  The text of the file at path (PDF, PNG, JPEG; anything else: empty),
//  at most max bytes, into *text (the caller frees it); *ocr_pages the
//  pages read by OCR. -1 with *error (the caller frees it) when nothing
//  could be read: the file does not open, or OCR cannot run.
//  stop (NULL: never) is asked before each page: true gives up the file
//  (-1, *stopped true), for a worker told to end while it reads a long scan.
typedef bool (doc_extract_stop_fn) (void *arg);
int doc_extract_file (doc_extract_t *self, const char *path, size_t max, doc_extract_stop_fn *stop, void *stop_arg,
                      char **text, int *ocr_pages, bool *stopped, char **error);

#endif
