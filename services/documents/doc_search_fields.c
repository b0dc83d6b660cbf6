/*  doc_search_fields - the columns a search shows (Decree 30 App. VI
    III.6.đ). The columns themselves (ids, headings, widths, text) are
    vp_vocab's, shared with vp-web's /tim-kiem; this file says which a
    search shows and cuts the rows of an answer to the chosen ones.
*/
#include <string.h>
#include "doc_saved.h"
#include "vp/vp_fields.h"

vp_val_t *
doc_search_fields_of (const vp_val_t *fields)
{
    if (fields && vp_val_len (fields))
        return vp_val_dup (fields);
    vp_val_t *all = vp_val_array ();
    for (const vp_search_column_t *c = vp_search_columns; c->id; c++)
        vp_array_push (all, vp_val_str (c->id));
    return all;
}

void
doc_search_fields_keep (const vp_val_t *fields, vp_val_t *result)
{
    vp_map_put (result, VP_K_FIELDS, doc_search_fields_of (fields));
    vp_val_t *rows = vp_map_get (result, "rows");
    if (!fields || !vp_val_len (fields) || !rows)
        return;
    vp_val_t *kept = vp_val_array ();
    for (size_t i = 0; i < vp_val_len (rows); i++) {
        const vp_val_t *row = vp_array_at (rows, i);
        vp_val_t *cut = vp_val_map ();
        vp_map_put_str (cut, VP_K_DOCUMENT, vp_map_str (row, VP_K_DOCUMENT));
        for (size_t f = 0; f < vp_val_len (fields); f++) {
            const vp_search_column_t *c = vp_search_column (vp_val_get_str (vp_array_at ((vp_val_t *) fields, f)));
            if (!c)
                continue;
            const vp_val_t *value = vp_map_get (row, c->id);
            if (value)
                vp_map_put (cut, c->id, vp_val_dup (value));
            if (c->name && vp_map_get (row, c->name))
                vp_map_put (cut, c->name, vp_val_dup (vp_map_get (row, c->name)));
        }
        vp_array_push (kept, cut);
    }
    vp_map_put (result, "rows", kept);
}
