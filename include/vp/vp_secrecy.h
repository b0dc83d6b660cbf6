/*  vp_secrecy - the text of a secret document stays in vp-documents.

    A document marked Mật, Tối mật or Tuyệt mật is read only by cleared
    officers of its tenant, through vp-documents (SECURITY.md §2). Every
    message about it therefore carries its `secrecy` and, in place of its
    text, the neutral words its proto field names (vp_field_t.secret): the
    summary of a Mật invitation on the bus reads "Văn bản mật". One rule,
    applied where a message leaves a service (vp_service_emit), where an
    event enters one (vp_consumer, so that a service rebuilt from an old
    log keeps none either) and where an operator's tool shows one.
*/
#ifndef VP_SECRECY_H_INCLUDED
#define VP_SECRECY_H_INCLUDED

#include "vp_proto.h"
#include "vp_val.h"

//  The neutral words for the text of a secret document, and for the
//  title of a meeting or an item a viewer is not cleared for.
#define VP_SECRET_TEXT "Văn bản mật"
#define VP_SECRET_MEETING "Cuộc họp (mật)"
#define VP_SECRET_DEADLINE "Hạn xử lý văn bản mật"

//  The level of data's `secrecy` (VP_SECRECY_NONE when absent or
//  "thuong"); an unknown name counts as the highest, never as none.
int vp_secrecy_of (const vp_val_t *data);

//  When data's secrecy is above thuong, replace every field def marks
//  secret by its neutral text (or leave it out), in nested messages too.
//  Returns how many fields it changed.
int vp_secrecy_redact (const vp_msgdef_t *def, vp_val_t *data);

//  The same for the data of an event envelope, by its type; an envelope
//  of a type proto does not know is left as it is.
int vp_secrecy_redact_event (vp_val_t *env);

#endif
