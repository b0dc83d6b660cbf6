/*  cal_recall - the entries calendar has told, taken back from its own stream.

    Before vp-calendar acts, it reads its stream back to the head
    (vp_recall). A database that is behind the bus (rebuilt from an empty
    data folder, restored from an older backup) takes back here each entry
    as the stream last told it (entry_created, entry_updated and
    entry_cancelled carry the whole entry), and its entry numbers go on
    after the highest the stream has; so do the editions of published
    weeks (calendar.week_published). An invitation or assignment applied
    again afterwards finds its entry and makes no second one. An entry the
    database knows at the same or a later revision is left as it is. A
    secret entry comes back as the bus has it: a busy block without its
    text.
*/
#include <string.h>
#include "cal_entry.h"
#include "vp/vp_fields.h"

static int
s_recall (sqlite3 *db, const vp_val_t *env, void *arg)
{
    cal_service_t *self = (cal_service_t *) arg;
    const char *type = vp_map_str (env, VP_K_TYPE);
    if (strcmp (type, "calendar.week_published") == 0) {
        vp_err_t err = { 0 };
        const char *tenant = vp_map_str (env, VP_K_TENANT) ? vp_map_str (env, VP_K_TENANT) : "";
        if (cal_edition_recall (self, tenant, vp_map_get (env, VP_K_DATA), &err))
            vp_warn ("%s: week edition not taken back from the stream: %s", tenant, err.message);
        return 0;
    }
    if (strcmp (type, "calendar.entry_created") != 0 && strcmp (type, "calendar.entry_updated") != 0
    &&  strcmp (type, "calendar.entry_cancelled") != 0)
        return 0;
    const char *tenant = vp_map_str (env, VP_K_TENANT) ? vp_map_str (env, VP_K_TENANT) : "";
    const vp_val_t *data = vp_map_get (env, VP_K_DATA);
    const char *id = vp_map_str (data, VP_K_ENTRY);
    vp_val_t *known = cal_entry_load (self, tenant, id);
    bool newer = !known || vp_map_int (data, VP_K_SEQUENCE, 0) > vp_map_int (known, VP_K_SEQUENCE, 0);
    vp_val_destroy (&known);
    if (!newer)
        return 0;
    //  The entry without what only the event says about the change.
    vp_val_t *entry = vp_val_dup (data);
    static const char *const extra[] = { "changed", "previous_start", "previous_end", "reason", NULL };
    for (int i = 0; extra[i]; i++) {
        vp_val_t *value = vp_map_take (entry, extra[i]);
        vp_val_destroy (&value);
    }
    if (!vp_map_get (entry, VP_K_MODIFIED))
        vp_map_put_int (entry, VP_K_MODIFIED, vp_map_int (env, VP_K_TS, 0));
    vp_err_t err = { 0 };
    int rc = cal_entry_store (self, tenant, entry, &err);
    vp_val_destroy (&entry);
    if (rc == 0)
        rc = vp_service_id_seen (self->service, tenant, id, &err);
    if (rc)
        vp_warn ("%s: entry %s not taken back from the stream: %s", tenant, id, err.message);
    return rc;
}

vp_apply_fn *const cal_recall = s_recall;
