/*  out_approve - the approval chain (duyệt) of outgoing documents.

    A chain is configuration of a commune: the posts that approve a body's
    documents, in order (e.g. the office head for form, the competent
    leader for content); the last post signs. One chain per body, and one
    per body and type where a type needs another (documents.outgoing.
    chain.set). A draft submitted keeps the chain as it was then, so a
    change of configuration does not move documents already on their way.
    Each step is taken by whoever acts for its post at the time (the
    holder, a delegate, the office head: vp_staff); a step approves or
    sends the draft back to its drafter with a reason, and the drafter
    submits again from the first step.
*/
#include <string.h>
#include "out.h"
#include "vp/vp_fields.h"

int
out_chain_at (const vp_val_t *row, int64_t step, char post[VP_STAFF_ID_MAX])
{
    const char *chain = vp_map_str (row, VP_K_CHAIN);
    if (post)
        post[0] = 0;
    int count = 0;
    for (const char *p = chain ? chain : ""; *p; ) {
        size_t len = strcspn (p, ",");
        if (count == step && post)
            snprintf (post, VP_STAFF_ID_MAX, "%.*s", (int) len, p);
        count++;
        p += len;
        if (*p)
            p++;
    }
    return count;
}

//  --------------------------------------------------------------------------
//  documents.outgoing.chain.set, chain.list

static int
s_chain_set_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *body = vp_map_str (args, VP_K_BODY);
    const char *type = vp_map_str (args, VP_K_TYPE) ? vp_map_str (args, VP_K_TYPE) : "";
    const vp_val_t *posts = vp_map_get (args, VP_K_POSTS);
    if (vp_val_len (posts) == 0)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_POSTS, "posts: quy trình duyệt cần ít nhất người ký");
    char list[600] = "";
    size_t used = 0;
    for (size_t i = 0; i < vp_val_len (posts); i++) {
        const char *post = vp_val_get_str (vp_array_at (posts, i));
        if (!vp_staff_post_at (self->db, ctx->tenant, post, vp_clock_now (), NULL, 0, NULL))
            return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_POSTS, "xã \"%s\" không có chức danh \"%s\"",
                               ctx->tenant, post);
        used += (size_t) snprintf (list + used, sizeof list - used, "%s%s", i ? "," : "", post);
    }
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT INTO doc_out_chain (tenant, body, type, posts) VALUES (?1, ?2, ?3, ?4)"
        " ON CONFLICT (tenant, body, type) DO UPDATE SET posts = ?4", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, body, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, type, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 4, list, -1, SQLITE_STATIC);
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE)
        return vp_db_error (self->db, err, "chain");
    vp_map_put_str (result, VP_K_BODY, body);
    if (*type)
        vp_map_put_str (result, VP_K_TYPE, type);
    vp_map_put (result, VP_K_POSTS, vp_val_dup (posts));
    vp_map_put_str (result, "signer_post", vp_val_get_str (vp_array_at (posts, vp_val_len (posts) - 1)));
    return doc_emit_config (self, ctx, "outgoing_chain", result, err);
}

static int
s_chain_list (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT body, type, posts FROM doc_out_chain WHERE tenant = ?1 ORDER BY body, type", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    vp_map_put (result, "chains", vp_db_rows (stmt));
    return 0;
}

//  --------------------------------------------------------------------------
//  Steps

static int
s_step_add (doc_service_t *self, vp_cmdctx_t *ctx, const char *outgoing, int64_t step, const char *post,
            const char *decision, const char *note, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT INTO doc_out_step (tenant, outgoing, step, post, officer, decision, note, at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, outgoing, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 3, step);
    sqlite3_bind_text (stmt, 4, post, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 5, ctx->actor, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 6, decision, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 7, note, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 8, vp_clock_now ());
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    return rc == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "approval");
}

//  The status a draft waits in at step of a chain of count posts.
static const char *
s_waiting (int64_t step, int count)
{
    return step >= count - 1 ? "signing" : "approving";
}

//  {outgoing}: the drafter sends it to the chain's first post.
static int
s_submit_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *outgoing = vp_map_str (args, VP_K_OUTGOING);
    vp_val_t *row = out_load (self, ctx->tenant, outgoing, err);
    if (!row)
        return -1;
    int rc = out_status_need (row, "draft|sent_back", "trình duyệt", err);
    if (rc == 0 && strcmp (vp_map_str (row, "drafter"), ctx->actor) != 0)
        rc = vp_err_set (err, VP_E_PERMISSION_DENIED, VP_K_ACTOR, "chỉ người soạn thảo (%s) trình văn bản %s",
                         vp_map_str (row, "drafter"), outgoing);
    char posts[600] = "";
    if (rc == 0) {
        sqlite3_stmt *stmt = vp_db_cached (self->db,
            "SELECT posts FROM doc_out_chain WHERE tenant = ?1 AND body = ?2 AND type IN (?3, '')"
            " ORDER BY type DESC LIMIT 1", err);
        rc = stmt ? 0 : -1;
        if (stmt) {
            sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
            sqlite3_bind_text (stmt, 2, vp_map_str (row, VP_K_BODY), -1, SQLITE_STATIC);
            sqlite3_bind_text (stmt, 3, vp_map_str (row, VP_K_TYPE), -1, SQLITE_STATIC);
            if (sqlite3_step (stmt) == SQLITE_ROW)
                snprintf (posts, sizeof posts, "%s", (const char *) sqlite3_column_text (stmt, 0));
            sqlite3_reset (stmt);
        }
        if (rc == 0 && !*posts)
            rc = vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_OUTGOING,
                             "cơ quan \"%s\" chưa có quy trình duyệt cho loại \"%s\": đặt bằng"
                             " documents.outgoing.chain.set", vp_map_str (row, VP_K_BODY), vp_map_str (row, VP_K_TYPE));
    }
    if (rc == 0) {
        sqlite3_stmt *stmt = vp_db_cached (self->db,
            "UPDATE doc_out SET chain = ?3 WHERE tenant = ?1 AND outgoing = ?2", err);
        rc = stmt ? 0 : -1;
        if (stmt) {
            sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
            sqlite3_bind_text (stmt, 2, outgoing, -1, SQLITE_STATIC);
            sqlite3_bind_text (stmt, 3, posts, -1, SQLITE_STATIC);
            rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "outgoing");
            sqlite3_reset (stmt);
        }
    }
    vp_val_destroy (&row);
    if (rc)
        return -1;
    row = out_load (self, ctx->tenant, outgoing, err);
    if (!row)
        return -1;
    char post[VP_STAFF_ID_MAX], officer[VP_STAFF_ID_MAX];
    int count = out_chain_at (row, 0, post);
    const char *status = s_waiting (0, count);
    char detail[700];
    snprintf (detail, sizeof detail, "trình %s (quy trình %s)", post, posts);
    out_who (self, ctx->tenant, post, officer);
    rc = out_status_set (self, ctx->tenant, outgoing, status, 0, err)
      || s_step_add (self, ctx, outgoing, 0, post, "submitted", NULL, err)
      || out_trail (self, ctx, outgoing, "submitted", detail, err)
      || out_emit (self, ctx, "outgoing_submitted", row, status, officer, err);
    vp_val_destroy (&row);
    if (rc)
        return -1;
    vp_map_put_str (result, VP_K_OUTGOING, outgoing);
    vp_map_put_str (result, VP_K_STATUS, status);
    vp_map_put_str (result, VP_K_POST, post);
    vp_map_put_str (result, VP_K_OFFICER, officer);
    return 0;
}

//  The actor acts now for the post the draft waits for; 0, or -1.
static int
s_actor_at_step (doc_service_t *self, vp_cmdctx_t *ctx, const vp_val_t *row, char post[VP_STAFF_ID_MAX],
                 vp_err_t *err)
{
    char officer[VP_STAFF_ID_MAX];
    out_chain_at (row, vp_map_int (row, "step", 0), post);
    out_who (self, ctx->tenant, post, officer);
    if (strcmp (officer, ctx->actor) != 0)
        return vp_err_set (err, VP_E_PERMISSION_DENIED, VP_K_ACTOR,
                           "văn bản %s đang chờ chức danh \"%s\" (%s), không phải %s",
                           vp_map_str (row, VP_K_OUTGOING), post, *officer ? officer : "chưa có người", ctx->actor);
    return 0;
}

//  {outgoing, note?}
static int
s_approve_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *outgoing = vp_map_str (args, VP_K_OUTGOING);
    vp_val_t *row = out_load (self, ctx->tenant, outgoing, err);
    if (!row)
        return -1;
    char post[VP_STAFF_ID_MAX], next[VP_STAFF_ID_MAX] = "", officer[VP_STAFF_ID_MAX] = "";
    int rc = out_status_need (row, "approving", "duyệt (người ký ký bằng documents.outgoing.sign)", err);
    if (rc == 0)
        rc = s_actor_at_step (self, ctx, row, post, err);
    int64_t step = vp_map_int (row, "step", 0) + 1;
    int count = out_chain_at (row, step, next);
    const char *status = s_waiting (step, count);
    if (rc == 0) {
        out_who (self, ctx->tenant, next, officer);
        char detail[300];
        snprintf (detail, sizeof detail, "%s duyệt; chuyển %s", post, next);
        rc = s_step_add (self, ctx, outgoing, step - 1, post, "approved", vp_map_str (args, VP_K_NOTE), err)
          || out_status_set (self, ctx->tenant, outgoing, status, step, err)
          || out_trail (self, ctx, outgoing, "approved", detail, err)
          || out_emit (self, ctx, "outgoing_approved", row, status, officer, err);
    }
    vp_val_destroy (&row);
    if (rc)
        return -1;
    vp_map_put_str (result, VP_K_OUTGOING, outgoing);
    vp_map_put_str (result, VP_K_STATUS, status);
    vp_map_put_str (result, VP_K_POST, next);
    vp_map_put_str (result, VP_K_OFFICER, officer);
    return 0;
}

//  {outgoing, reason}: back to the drafter, from any step (the signer's too).
static int
s_send_back_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *outgoing = vp_map_str (args, VP_K_OUTGOING);
    const char *reason = vp_map_str (args, VP_K_REASON);
    char folded[8];
    if (!*vp_text_fold (reason, folded, sizeof folded))
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_REASON, "lý do \"%s\" không có chữ hay số", reason);
    vp_val_t *row = out_load (self, ctx->tenant, outgoing, err);
    if (!row)
        return -1;
    char post[VP_STAFF_ID_MAX];
    int rc = out_status_need (row, "approving|signing", "trả lại", err);
    if (rc == 0)
        rc = s_actor_at_step (self, ctx, row, post, err);
    if (rc == 0) {
        char detail[2200];
        snprintf (detail, sizeof detail, "%s trả lại: %s", post, reason);
        rc = s_step_add (self, ctx, outgoing, vp_map_int (row, "step", 0), post, "sent_back", reason, err)
          || out_status_set (self, ctx->tenant, outgoing, "sent_back", 0, err)
          || out_trail (self, ctx, outgoing, "sent_back", detail, err)
          || out_emit (self, ctx, "outgoing_sent_back", row, "sent_back", vp_map_str (row, "drafter"), err);
    }
    vp_val_destroy (&row);
    if (rc)
        return -1;
    vp_map_put_str (result, VP_K_OUTGOING, outgoing);
    vp_map_put_str (result, VP_K_STATUS, "sent_back");
    vp_map_put_str (result, VP_K_REASON, reason);
    return 0;
}

static const vp_cmd_t s_commands[] = {
    { VP_C_DOCUMENTS_OUTGOING_CHAIN_SET, s_chain_set_tx, true, VP_ACCESS_SETUP, .changes = true },
    { VP_C_DOCUMENTS_OUTGOING_CHAIN_LIST, s_chain_list, true },
    { VP_C_DOCUMENTS_OUTGOING_SUBMIT, s_submit_tx, true, .changes = true },
    { VP_C_DOCUMENTS_OUTGOING_APPROVE, s_approve_tx, true, .changes = true },
    { VP_C_DOCUMENTS_OUTGOING_SEND_BACK, s_send_back_tx, true, .changes = true },
    { NULL }
};

void
out_approve_register (doc_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
