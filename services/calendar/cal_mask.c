/*  cal_mask - what a viewer may see of an entry: one not cleared for its
    secrecy gets the busy block (its time and place) under a public title,
    never its text nor who takes part.
*/
#include <string.h>
#include "cal_entry.h"
#include "vp/vp_fields.h"

const char *
cal_entry_public_title (const vp_val_t *entry)
{
    const char *kind = vp_map_str (entry, VP_K_KIND);
    return vp_secrecy_of (entry) == VP_SECRECY_NONE ? vp_map_str (entry, VP_K_TITLE)
         : kind && strcmp (kind, "deadline") == 0 ? VP_SECRET_DEADLINE : VP_SECRET_MEETING;
}

bool
cal_entry_mask (vp_val_t *entry, int clearance)
{
    if (vp_secrecy_of (entry) <= clearance)
        return false;
    //  Time and place: the viewer learns that the people are busy, and
    //  where, not what for nor with whom.
    static const char *const hidden[] = {
        VP_K_NOTE, VP_K_PARTICIPANTS, VP_K_CHAIR, VP_K_CHAIR_POST, VP_K_DOCUMENT, VP_K_DOCUMENT_NUMBER,
        VP_K_REASON, VP_K_PREPARED_BY, NULL
    };
    for (int i = 0; hidden[i]; i++)
        vp_map_drop (entry, hidden[i]);
    vp_map_put_str (entry, VP_K_TITLE, cal_entry_public_title (entry));
    vp_map_put (entry, VP_K_PARTICIPANTS, vp_val_array ());
    return true;
}

void
cal_entry_mask_all (vp_val_t *entries, int clearance)
{
    for (size_t i = 0; i < vp_val_len (entries); i++)
        cal_entry_mask (vp_array_at (entries, i), clearance);
}

int
cal_viewer_clearance (cal_service_t *self, const char *officer)
{
    return officer && *officer ? vp_staff_clearance (self->db, officer, vp_clock_now ()) : VP_SECRECY_NONE;
}
