/*  doc_access - the actor, the tenant and secrecy clearance. */
#include <string.h>
#include "doc_access.h"
#include "vp/vp_fields.h"

int
doc_access_clearance (doc_service_t *self, vp_cmdctx_t *ctx)
{
    if (!ctx->actor || !*ctx->actor)
        return VP_SECRECY_NONE;
    return vp_staff_clearance (self->db, ctx->actor, vp_clock_now ());
}

bool
doc_access_sees (doc_service_t *self, vp_cmdctx_t *ctx, const char *secrecy)
{
    int level = vp_secrecy_parse (secrecy);
    if (level == VP_SECRECY_NONE)
        return true;
    if (level < 0)
        level = VP_SECRECY_TUYET_MAT;
    return doc_access_clearance (self, ctx) >= level;
}

vp_val_t *
doc_access_row (doc_service_t *self, const char *tenant, const char *document)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT tenant, document, n, book, arrival_number, year, issuer, number, doc_date, type,"
        " summary, urgency, secrecy, arrived_at, receiving_body, field, note, status, post,"
        " officer, deadline, due_soon_sent, overdue_sent, registered_by, registered_at, pages, pages_given,"
        " meeting"
        " FROM doc_document WHERE tenant = ?1 AND document = ?2", NULL);
    if (!stmt)
        return NULL;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, document, -1, SQLITE_STATIC);
    vp_val_t *row = NULL;
    if (sqlite3_step (stmt) == SQLITE_ROW) {
        row = vp_db_row (stmt);         //  the blob (meeting) is left out...
        int last = sqlite3_column_count (stmt) - 1;
        if (sqlite3_column_type (stmt, last) == SQLITE_BLOB) {
            //  ...and decoded here: it was encoded by vp_encode from a
            //  validated map.
            vp_limits_t limits = vp_limits_default ();
            vp_val_t *meeting = NULL;
            if (vp_decode (sqlite3_column_blob (stmt, last), (size_t) sqlite3_column_bytes (stmt, last),
                           &limits, &meeting, NULL) == 0)
                vp_map_put (row, VP_K_MEETING, meeting);
        }
    }
    sqlite3_reset (stmt);
    return row;
}

vp_val_t *
doc_access_load (doc_service_t *self, vp_cmdctx_t *ctx, const char *document, vp_err_t *err)
{
    vp_val_t *row = doc_access_row (self, ctx->tenant, document);
    //  Absent, or there but secret beyond the actor's clearance: the same
    //  answer, so that nothing is revealed.
    if (row && !doc_access_sees (self, ctx, vp_map_str (row, VP_K_SECRECY)))
        vp_val_destroy (&row);
    if (!row)
        vp_err_set (err, VP_E_NOT_FOUND, VP_K_DOCUMENT, "document \"%s\" does not exist in tenant \"%s\"",
                    document, ctx->tenant);
    return row;
}

//  True when officer holds post now, or acts for it (a delegate, the office
//  head for a vacant post).
static bool
s_acts_for (doc_service_t *self, const char *tenant, const char *post, const char *officer, int64_t now)
{
    vp_staff_actor_t actor;
    if (vp_staff_whois (self->db, tenant, post, now, &actor, NULL) == 0 && strcmp (actor.officer, officer) == 0)
        return true;
    vp_val_t *posts = vp_staff_posts_of (self->db, officer, now);
    bool holds = false;
    for (size_t i = 0; i < vp_val_len (posts); i++)
        holds |= strcmp (vp_map_str (vp_array_at (posts, i), VP_K_POST), post) == 0;
    vp_val_destroy (&posts);
    return holds;
}

int
doc_access_leads (doc_service_t *self, vp_cmdctx_t *ctx, const char *what, vp_err_t *err)
{
    bool itself = !ctx->peer || (ctx->role && (strcmp (ctx->role, "admin") == 0
                                           ||  (strcmp (ctx->role, "service") == 0 && !*ctx->actor)));
    int64_t now = vp_clock_now ();
    if (itself || vp_staff_is_office_head (self->db, ctx->tenant, ctx->actor, now))
        return 0;
    sqlite3_stmt *stmt = vp_db_cached (self->db, "SELECT posts FROM doc_out_chain WHERE tenant = ?1", NULL);
    vp_val_t *chains = NULL;
    if (stmt) {
        sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
        chains = vp_db_rows (stmt);
    }
    bool leads = false;
    for (size_t i = 0; !leads && i < vp_val_len (chains); i++) {
        const char *p = vp_map_str (vp_array_at (chains, i), VP_K_POSTS);
        while (!leads && p && *p) {
            size_t len = strcspn (p, ",");
            char post[VP_STAFF_ID_MAX];
            snprintf (post, sizeof post, "%.*s", (int) (len < sizeof post ? len : sizeof post - 1), p);
            leads = s_acts_for (self, ctx->tenant, post, ctx->actor, now);
            p += len;
            p += *p == ',';
        }
    }
    vp_val_destroy (&chains);
    if (leads)
        return 0;
    vp_val_t *officer = vp_staff_officer (self->db, ctx->actor);
    const char *name = officer && vp_map_str (officer, VP_K_FULL_NAME) ? vp_map_str (officer, VP_K_FULL_NAME) : ctx->actor;
    vp_err_set (err, VP_E_PERMISSION_DENIED, VP_K_ACTOR,
                "Chỉ Tổ trưởng Văn phòng, lãnh đạo xã (người duyệt, ký văn bản đi) và quản trị được %s; "
                "đồng chí %s (%s) không giữ chức danh đó.", what, name, ctx->actor);
    vp_val_destroy (&officer);
    return -1;
}

int
doc_access_head (doc_service_t *self, vp_cmdctx_t *ctx, const char *what, vp_err_t *err)
{
    if (vp_staff_is_office_head (self->db, ctx->tenant, ctx->actor, vp_clock_now ()))
        return 0;
    return vp_err_set (err, VP_E_PERMISSION_DENIED, VP_K_ACTOR,
                       "chỉ Tổ trưởng Văn phòng của xã \"%s\" được %s; \"%s\" không giữ và không thay chức vụ đó",
                       ctx->tenant, what, ctx->actor);
}
