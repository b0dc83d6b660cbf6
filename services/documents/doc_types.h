/*  doc_types - the table of document types, and urgency and secrecy levels. */
#ifndef DOC_TYPES_H_INCLUDED
#define DOC_TYPES_H_INCLUDED

#include <stdbool.h>

typedef struct {
    const char *id;         //  "quyet-dinh"
    const char *name;       //  "Quyết định"
    const char *abbr;       //  "QĐ"; "" for Công văn
} doc_type_t;

//  The type of an id, or NULL.
const doc_type_t *doc_type (const char *id);

//  Urgency and secrecy: vp_vocab (vp_urgency_level, vp_urgent,
//  vp_urgency_title, vp_secrecy_title).

#endif
