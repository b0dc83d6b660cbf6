/*  vp_secrecy - neutral text in place of a secret document's. */
#include "vp/vp_secrecy.h"
#include "vp/vp_staff.h"

int
vp_secrecy_of (const vp_val_t *data)
{
    const char *name = data ? vp_map_str (data, "secrecy") : NULL;
    if (!name)
        return VP_SECRECY_NONE;
    int level = vp_secrecy_parse (name);
    return level < 0 ? VP_SECRECY_TUYET_MAT : level;
}

//  Redact fields of def in map, as a message whose secrecy is above
//  thuong (the caller has decided that).
static int
s_redact (const vp_msgdef_t *def, vp_val_t *map)
{
    int changed = 0;
    for (const vp_field_t *f = def->fields; f && f->name; f++) {
        vp_val_t *value = vp_map_get (map, f->name);
        if (!value)
            continue;
        if (f->secret) {
            vp_val_t *old = vp_map_take (map, f->name);
            vp_val_destroy (&old);
            if (*f->secret)
                vp_map_put_str (map, f->name, f->secret);
            changed++;
        }
        else
        if (f->sub && f->type == VP_F_MAP && vp_val_type (value) == VP_MAP)
            changed += s_redact (f->sub, value);
        else
        if (f->sub && f->type == VP_F_ARRAY && vp_val_type (value) == VP_ARRAY)
            for (size_t i = 0; i < vp_val_len (value); i++) {
                vp_val_t *item = vp_array_at (value, i);
                if (vp_val_type (item) == VP_MAP)
                    changed += s_redact (f->sub, item);
            }
    }
    return changed;
}

int
vp_secrecy_redact (const vp_msgdef_t *def, vp_val_t *data)
{
    if (!def || !data || vp_val_type (data) != VP_MAP || vp_secrecy_of (data) == VP_SECRECY_NONE)
        return 0;
    return s_redact (def, data);
}

int
vp_secrecy_redact_event (vp_val_t *env)
{
    const char *type = env ? vp_map_str (env, "type") : NULL;
    if (!type)
        return 0;
    return vp_secrecy_redact (vp_proto_find (type, VP_KIND_EVENT), vp_map_get (env, "data"));
}
