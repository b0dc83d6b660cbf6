/*  doc_metadata - metadata added or corrected after registration
    (Decree 30, Appendix VI, III.7.c).

    documents.metadata.set {document, signer_name?, signer_position?,
    pages?, note?, reason?}: what the register did not have when the
    document came (who signed it, as what; the pages counted by hand; a
    note), set by the clerk (whoever acts for the post with the field
    văn thư) or the office head, never while the document is frozen. The
    old and new values go to the document's history, which only those
    cleared for it read; the event names the fields, never their values.
*/
#include <string.h>
#include "doc_access.h"
#include "vp/vp_fields.h"

//  The fields that may be set later, their columns and their names on
//  the trail. pages: the clerk's count replaces the files' sum.
static const struct {
    const char *field, *set, *label;
} s_fields[] = {
    { VP_K_SIGNER_NAME, "signer_name = ?3", "Người ký" },
    { VP_K_SIGNER_POSITION, "signer_position = ?3", "Chức vụ người ký" },
    { VP_K_PAGES, "pages = ?3, pages_given = 1", "Số trang" },
    { VP_K_NOTE, "note = ?3", "Ghi chú" },
    { NULL }
};

//  The clerk (who acts for the văn thư post now) or the office head.
static int
s_need_clerk (doc_service_t *self, vp_cmdctx_t *ctx, vp_err_t *err)
{
    int64_t now = vp_clock_now ();
    char post[VP_STAFF_ID_MAX];
    vp_staff_actor_t clerk;
    if (vp_staff_is_office_head (self->db, ctx->tenant, ctx->actor, now)
    ||  (vp_staff_post_of_field (self->db, ctx->tenant, "van-thu", now, post, NULL) == 0
         && vp_staff_whois (self->db, ctx->tenant, post, now, &clerk, NULL) == 0
         && strcmp (clerk.officer, ctx->actor) == 0))
        return 0;
    return vp_err_set (err, VP_E_PERMISSION_DENIED, VP_K_ACTOR,
                       "chỉ văn thư hoặc Tổ trưởng Văn phòng được bổ sung thông tin văn bản; \"%s\" không giữ"
                       " và không thay chức vụ đó", ctx->actor);
}

//  A value of the document row or of the request, as text ("" when none).
static void
s_text (const vp_val_t *map, const char *field, char *out, size_t size)
{
    const vp_val_t *v = vp_map_get (map, field);
    if (!v || vp_val_type (v) == VP_NIL)
        *out = 0;
    else
    if (vp_val_get_str (v))
        snprintf (out, size, "%s", vp_val_get_str (v));
    else
        snprintf (out, size, "%lld", (long long) vp_map_int (map, field, 0));
}

static int
s_set_one (doc_service_t *self, vp_cmdctx_t *ctx, const char *document, int f, const vp_val_t *args, vp_err_t *err)
{
    char sql[160];
    snprintf (sql, sizeof sql, "UPDATE doc_document SET %s WHERE tenant = ?1 AND document = ?2", s_fields[f].set);
    sqlite3_stmt *stmt = vp_db_cached (self->db, sql, err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, document, -1, SQLITE_STATIC);
    if (vp_map_str (args, s_fields[f].field))
        sqlite3_bind_text (stmt, 3, vp_map_str (args, s_fields[f].field), -1, SQLITE_STATIC);
    else
        sqlite3_bind_int64 (stmt, 3, vp_map_int (args, s_fields[f].field, 0));
    int step = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    return step == SQLITE_DONE ? 0 : vp_db_error (self->db, err, s_fields[f].field);
}

static int
s_set_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *document = vp_map_str (args, VP_K_DOCUMENT);
    bool any = false;
    for (int f = 0; s_fields[f].field; f++)
        any = any || vp_map_get (args, s_fields[f].field);
    if (!any)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_DOCUMENT,
                           "cần ít nhất một thông tin để bổ sung: signer_name, signer_position, pages hoặc note");
    if (s_need_clerk (self, ctx, err))
        return -1;
    vp_val_t *doc = doc_access_load (self, ctx, document, err);
    if (!doc)
        return -1;
    char detail[4 * (2 * 2001 + 64) + 420] = "", was[2001], now[2001];     //  every field, old and new, and the reason
    vp_val_t *changed = vp_val_array ();
    int rc = doc_frozen_check (self, ctx->tenant, document, "sửa thông tin", true, err);
    for (int f = 0; rc == 0 && s_fields[f].field; f++) {
        if (!vp_map_get (args, s_fields[f].field))
            continue;
        s_text (doc, s_fields[f].field, was, sizeof was);
        s_text (args, s_fields[f].field, now, sizeof now);
        if (strcmp (was, now) == 0)
            continue;           //  the same again: nothing to note
        rc = s_set_one (self, ctx, document, f, args, err);
        size_t len = strlen (detail);
        snprintf (detail + len, sizeof detail - len, "%s%s: %s → %s", len ? "; " : "", s_fields[f].label,
                  *was ? was : "(trống)", now);
        vp_array_push (changed, vp_val_str (s_fields[f].field));
        vp_map_put (result, s_fields[f].field, vp_val_dup (vp_map_get (args, s_fields[f].field)));
    }
    vp_val_destroy (&doc);
    if (rc == 0 && vp_val_len (changed) > 0) {
        const char *reason = vp_map_str (args, VP_K_REASON);
        if (reason) {
            size_t len = strlen (detail);
            snprintf (detail + len, sizeof detail - len, " (%s)", reason);
        }
        vp_utf8_whole (detail);
        rc = doc_history_add (self, ctx->tenant, document, ctx->actor, "metadata", detail, err);
        if (rc == 0) {
            vp_val_t *data = vp_val_map ();
            vp_map_put_str (data, VP_K_DOCUMENT, document);
            vp_map_put (data, VP_K_CHANGED, vp_val_dup (changed));
            rc = doc_emit (self, ctx, ctx->tenant, "metadata_changed", data, err);
        }
    }
    vp_map_put_str (result, VP_K_DOCUMENT, document);
    vp_map_put (result, VP_K_CHANGED, changed);
    return rc;
}

static const vp_cmd_t s_commands[] = {
    { VP_C_DOCUMENTS_METADATA_SET, s_set_tx, true, .changes = true },
    { NULL }
};

void
doc_metadata_register (doc_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
