/*  vp_envelope - the event envelope of the design.

    {v, id, stream, type, seq, ts, tenant, actor, corr, data}; `seq` is set
    by the bus only. `type` must be `<stream>.<event>` and name an event
    defined in proto/, whose table then validates `data`.
*/
#ifndef VP_ENVELOPE_H_INCLUDED
#define VP_ENVELOPE_H_INCLUDED

#include "vp_err.h"
#include "vp_val.h"

#define VP_ENVELOPE_VERSION 1

//  A new envelope with v, a fresh id and ts = now; takes ownership of data
//  (NULL gives an empty map). corr NULL means the event starts its own
//  flow (corr = id).
vp_val_t *vp_envelope_new (const char *stream, const char *type,
                           const char *tenant, const char *actor,
                           const char *corr, vp_val_t *data);

//  Check an envelope as a producer sends it (seq must be absent unless
//  with_seq, as the bus publishes it).
int vp_envelope_check (const vp_val_t *env, bool with_seq, vp_err_t *err);

#endif
