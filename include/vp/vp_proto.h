/*  vp_proto - messages defined once, as tables.

    Every event, command and reply of vanphong is one vp_msgdef_t in
    proto/. Validation, the command line and the reference page
    (docs/protocol.md, made by vp-protodoc) all read these tables; no
    service spells out a message field by field.
*/
#ifndef VP_PROTO_H_INCLUDED
#define VP_PROTO_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "vp_err.h"
#include "vp_val.h"

typedef enum {
    VP_F_ANY = 0,
    VP_F_STR,       //  UTF-8 string, min..max bytes
    VP_F_ID,        //  identifier: [a-z0-9._-], 1..max bytes (tenant, stream)
    VP_F_ULID,      //  26 characters of Crockford base32
    VP_F_INT,       //  int64, min..max
    VP_F_UINT,      //  integer >= 0, up to max
    VP_F_TIME,      //  int64 ms since the Unix epoch, UTC, in [VP_TIME_MIN, VP_TIME_MAX)
    VP_F_BOOL,
    VP_F_FLOAT,
    VP_F_BIN,       //  bytes, up to max
    VP_F_MAP,       //  nested message (sub), or any map when sub is NULL
    VP_F_ARRAY      //  of item (and sub when item is VP_F_MAP), up to max items
} vp_ftype_t;

typedef struct vp_msgdef vp_msgdef_t;

typedef struct {
    const char *name;
    vp_ftype_t type;
    bool required;
    int64_t min;                //  string bytes, integer value (a time: ms), array items
    int64_t max;                //  0 means the type's own bound
    const char *doc;
    const char *const *one_of;  //  NULL-terminated allowed strings, or NULL
    const vp_msgdef_t *sub;     //  MAP fields, or the items of an ARRAY
    vp_ftype_t item;            //  ARRAY item type
    //  Text of a document that stays in vp-documents when the message's
    //  `secrecy` is above thuong (SECURITY.md §2): the neutral text that
    //  replaces it there ("" leaves the field out), NULL for a field that
    //  is never secret. See vp_secrecy_redact.
    const char *secret;
} vp_field_t;

typedef enum {
    VP_KIND_MESSAGE = 0,    //  a shape used inside other messages
    VP_KIND_EVENT,          //  `data` of an event envelope of this type
    VP_KIND_COMMAND,        //  `args` of a command of this name
    VP_KIND_REPLY           //  `result` of a command, or a bus reply
} vp_kind_t;

struct vp_msgdef {
    const char *name;           //  "bus.heartbeat", "envelope", ...
    vp_kind_t kind;
    int version;
    const char *doc;
    const vp_field_t *fields;   //  ends with a {NULL} row
    bool open;                  //  unknown keys allowed (default: refused)
    const vp_msgdef_t *reply;   //  for a command: its result
};

//  A module of proto/: a titled, NULL-terminated list of definitions.
typedef struct {
    const char *name;
    const char *doc;
    const vp_msgdef_t *const *defs;
} vp_proto_module_t;

//  The times a VP_F_TIME field takes unless its table says otherwise
//  (min, max): from 01/01/2000 00:00 UTC, up to 01/01/2100 00:00 UTC
//  excluded. Why these, in vp_proto.c.
#define VP_TIME_MIN ((int64_t) 946684800000)
#define VP_TIME_MAX ((int64_t) 4102444800000)
//  The oldest date a document may bear (doc_date): 01/01/1971 00:00 UTC.
#define VP_TIME_DOC_MIN ((int64_t) 31536000000)
//  The longest entry of a schedule, a meeting included: 31 days. One
//  number for vp-documents, which refuses a longer meeting when the
//  invitation is registered, and vp-calendar, whose conflict check looks
//  back this far.
#define VP_SPAN_MAX ((int64_t) 31 * 86400000)

//  All modules, NULL-terminated (proto/proto.c).
extern const vp_proto_module_t *const vp_proto_modules[];

//  Validate a map against a definition. On error err->field is the
//  dotted path of the offending field and the message quotes its value.
int vp_proto_validate (const vp_msgdef_t *def, const vp_val_t *value, vp_err_t *err);

//  0 when ms is in [VP_TIME_MIN, VP_TIME_MAX); else -1 with
//  invalid_argument naming field and showing ms as a date, as validation
//  does (for a time that did not come through a table: a clock, an event
//  logged before the bounds).
int vp_proto_time_check (int64_t ms, const char *field, vp_err_t *err);

//  "24/04/2026 14:05 UTC": ms as people read it, whatever the number
//  (far out of range too); buf of at least 40 bytes.
char *vp_proto_time_text (int64_t ms, char *buf, size_t size);

//  Find a definition by name and kind.
const vp_msgdef_t *vp_proto_find (const char *name, vp_kind_t kind);

//  Write the reference page (Markdown) of every module.
void vp_proto_write_doc (FILE *out);
//  Write include/vp/vp_fields.h: every field name as VP_K_NAME.
void vp_proto_write_names (FILE *out);

#endif
