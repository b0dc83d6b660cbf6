/*  vp_envelope - the event envelope. */
#include <string.h>
#include "vp/vp_clock.h"
#include "vp/vp_envelope.h"
#include "vp/vp_id.h"
#include "vp/vp_proto.h"

extern const vp_msgdef_t vp_proto_envelope;

vp_val_t *
vp_envelope_new (const char *stream, const char *type, const char *tenant,
                 const char *actor, const char *corr, vp_val_t *data)
{
    char id[VP_ID_LEN + 1];
    vp_id_new (id);
    vp_val_t *env = vp_val_map ();
    vp_map_put_int (env, "v", VP_ENVELOPE_VERSION);
    vp_map_put_str (env, "id", id);
    vp_map_put_str (env, "stream", stream);
    vp_map_put_str (env, "type", type);
    vp_map_put_int (env, "ts", vp_clock_now ());
    vp_map_put_str (env, "tenant", tenant ? tenant : "");
    vp_map_put_str (env, "actor", actor ? actor : stream);
    vp_map_put_str (env, "corr", corr && *corr ? corr : id);
    vp_map_put (env, "data", data ? data : vp_val_map ());
    return env;
}

int
vp_envelope_check (const vp_val_t *env, bool with_seq, vp_err_t *err)
{
    if (vp_proto_validate (&vp_proto_envelope, env, err))
        return -1;
    const char *stream = vp_map_str (env, "stream");
    const char *type = vp_map_str (env, "type");
    size_t slen = strlen (stream);
    if (strncmp (type, stream, slen) != 0 || type[slen] != '.' || !type[slen + 1])
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, "type",
                           "type \"%s\" must be \"%s.<event>\" (stream \"%s\")", type, stream, stream);
    bool has_seq = vp_map_get (env, "seq") != NULL;
    if (has_seq && !with_seq)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, "seq",
                           "seq is set by the bus; a producer must not send it");
    if (!has_seq && with_seq)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, "seq", "seq is required (published envelope)");
    const vp_msgdef_t *def = vp_proto_find (type, VP_KIND_EVENT);
    if (!def)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, "type",
                           "type \"%s\" is not an event defined in proto/", type);
    if (vp_proto_validate (def, vp_map_get (env, "data"), err)) {
        vp_err_prefix (err, "data");
        return -1;
    }
    return 0;
}
