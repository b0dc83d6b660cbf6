/*  proto_fields - the shorthand every module of proto/ writes its tables
    with (private to proto/): one field of each common kind, and an event.
*/
#ifndef PROTO_FIELDS_H_INCLUDED
#define PROTO_FIELDS_H_INCLUDED

#include "vp/vp_proto.h"
#include "vp/vp_secrecy.h"
#include "vp/vp_vocab.h"

//  An identifier ([a-z0-9._-], at most 64 bytes).
#define ID(n, req, d) { .name = n, .type = VP_F_ID, .required = req, .max = 64, .doc = d }
//  Text of at most max_ bytes; a required one is not empty.
#define TEXT(n, req, max_, d) { .name = n, .type = VP_F_STR, .required = req, .min = req ? 1 : 0, .max = max_, .doc = d }
//  A time: ms since the epoch, UTC.
#define TIME(n, req, d) { .name = n, .type = VP_F_TIME, .required = req, .doc = d }
//  Text of a document that stays in vp-documents when the message's
//  `secrecy` is above thuong: `neutral` stands in its place elsewhere
//  ("": left out). See vp_secrecy.h.
#define SECRET_TEXT(n, req, max_, neutral, d) \
    { .name = n, .type = VP_F_STR, .required = req, .min = req ? 1 : 0, .max = max_, .doc = d, .secret = neutral }
//  A time from min_ (ms) on, instead of VP_TIME_MIN.
#define TIME_FROM(n, req, min_, d) { .name = n, .type = VP_F_TIME, .required = req, .min = min_, .doc = d }
#define UINT(n, req, max_, d) { .name = n, .type = VP_F_UINT, .required = req, .max = max_, .doc = d }
#define BOOL(n, d) { .name = n, .type = VP_F_BOOL, .doc = d }
//  A list of at most 200 identifiers.
#define IDS(n, d) { .name = n, .type = VP_F_ARRAY, .item = VP_F_ID, .max = 200, .doc = d }

//  The data of an event type.
#define EVENT(var, n, f, d) \
    const vp_msgdef_t var = { .name = n, .kind = VP_KIND_EVENT, .version = 1, .doc = d, .fields = f }

//  A command whose result is defined too (a VP_KIND_REPLY of the module).
#define COMMAND_R(var, n, f, r, d) \
    const vp_msgdef_t var = { .name = n, .kind = VP_KIND_COMMAND, .version = 1, .doc = d, .fields = f, .reply = r }

#endif
