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

//  Urgency: 0 thuong, 1 khan, 2 thuong-khan, 3 hoa-toc (-1 unknown);
//  urgent = thuong-khan or hoa-toc (arrival time recorded, handed on at once).
int doc_urgency_level (const char *id);
bool doc_urgent (const char *id);
const char *doc_urgency_name (const char *id);     //  "Thượng khẩn"

//  Secrecy: vp_secrecy_parse ("thuong", "mat", "toi-mat", "tuyet-mat").
const char *doc_secrecy_name (const char *id);     //  "Tối mật"

#endif
