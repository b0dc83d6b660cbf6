/*  doc_search_fields - the columns a search shows (Decree 30 App. VI
    III.6.đ). proto/ says which names are allowed (documents.search
    `fields`); this file gives each its heading, its width on a printed
    page and its text, and cuts the rows of an answer to the chosen ones.
*/
#include <string.h>
#include "doc_saved.h"
#include "vp/vp_fields.h"

typedef struct {
    const char *field;
    const char *heading;
    double width;
    const char *name;           //  the row's key of the name shown with it
} s_column_t;

//  In the order of a printed register; every name of proto's list.
static const s_column_t s_columns[] = {
    { "label", "Số đến", 0.8, NULL },
    { "arrived_at", "Ngày đến", 1.2, NULL },
    { "number", "Số, ký hiệu", 1.3, NULL },
    { "issuer", "Cơ quan ban hành", 1.8, NULL },
    { "type", "Loại văn bản", 1.1, "type_name" },
    { "summary", "Trích yếu", 3.6, NULL },
    { "urgency", "Độ khẩn", 0.9, NULL },
    { "secrecy", "Độ mật", 0.9, NULL },
    { "book", "Sổ", 1.0, NULL },
    { "status", "Trạng thái", 1.1, NULL },
    { "officer", "Người xử lý", 1.6, "officer_name" },
    { "deadline", "Hạn xử lý", 1.1, NULL },
    { "overdue", "Quá hạn", 0.8, NULL },
    { NULL }
};

static const s_column_t *
s_column (const char *field)
{
    for (const s_column_t *c = s_columns; field && c->field; c++)
        if (strcmp (c->field, field) == 0)
            return c;
    return NULL;
}

vp_val_t *
doc_search_fields_of (const vp_val_t *fields)
{
    if (fields && vp_val_len (fields))
        return vp_val_dup (fields);
    vp_val_t *all = vp_val_array ();
    for (const s_column_t *c = s_columns; c->field; c++)
        vp_array_push (all, vp_val_str (c->field));
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
            const s_column_t *c = s_column (vp_val_get_str (vp_array_at ((vp_val_t *) fields, f)));
            if (!c)
                continue;
            const vp_val_t *value = vp_map_get (row, c->field);
            if (value)
                vp_map_put (cut, c->field, vp_val_dup (value));
            if (c->name && vp_map_get (row, c->name))
                vp_map_put (cut, c->name, vp_val_dup (vp_map_get (row, c->name)));
        }
        vp_array_push (kept, cut);
    }
    vp_map_put (result, "rows", kept);
}

const char *
doc_search_field_heading (const char *field, double *width)
{
    const s_column_t *c = s_column (field);
    if (width)
        *width = c ? c->width : 1;
    return c ? c->heading : field;
}

//  As the pages of vp-web say them.
static const char *
s_status_name (const char *status)
{
    static const char *const names[][2] = {
        { "registered", "Mới vào sổ" }, { "assigned", "Đã giao" }, { "in_progress", "Đang xử lý" },
        { "done", "Đã xử lý" }, { "returned", "Trả lại" }, { "forwarded", "Đã chuyển" },
        { "archived", "Đã lưu" }, { NULL, NULL }
    };
    for (int i = 0; status && names[i][0]; i++)
        if (strcmp (names[i][0], status) == 0)
            return names[i][1];
    return status ? status : "";
}

const char *
doc_search_field_text (const vp_val_t *row, const char *field, const char *zone, char buf[64])
{
    const s_column_t *c = s_column (field);
    *buf = 0;
    if (!c || !vp_map_get (row, field))
        return buf;
    if (c->name && vp_map_str (row, c->name))
        return vp_map_str (row, c->name);
    if (strcmp (field, "arrived_at") == 0 || strcmp (field, "deadline") == 0)
        return vp_time_format (vp_map_int (row, field, 0), zone,
                               strcmp (field, "arrived_at") == 0 ? "%d/%m/%Y %H:%M" : "%d/%m/%Y", buf, 64);
    if (strcmp (field, "overdue") == 0)
        return vp_map_bool (row, field, false) ? "Quá hạn" : "";
    if (strcmp (field, "urgency") == 0)
        return vp_urgency_title (vp_map_str (row, field));
    if (strcmp (field, "secrecy") == 0)
        return vp_secrecy_title (vp_map_str (row, field));
    if (strcmp (field, "status") == 0)
        return s_status_name (vp_map_str (row, field));
    return vp_map_str (row, field) ? vp_map_str (row, field) : "";
}
