/*  doc_route - routing rules, assignment and the workflow steps.

    Everything comes to one place and the office head hands each document
    to whoever handles its function: the commune's rules first, then the
    post whose field of work it is, then the office head. A post is handed
    to whoever acts for it (vp_staff_whois), and the reason says why, so
    nothing is missed and nobody wonders why it landed on their desk.

    The workflow: assigned -> in_progress -> done, or returned to the
    office head (with the reason), or forwarded to another body. The
    assignee moves it on; the office head may do anything the assignee
    may, and alone hands documents over to others and sets deadlines.
*/
#include <assert.h>
#include <string.h>
#include "doc_access.h"
#include "doc_route.h"
#include "doc_deadline.h"
#include "vp/vp_vocab.h"
#include "vp/vp_fields.h"

#define S_ISSUER_MAX 800        //  a folded issuer (200 bytes typed, each at most 4 folded)
#define S_TITLE_MAX 201

//  --------------------------------------------------------------------------
//  What the steps share

//  The caller as history and messages name them.
static const char *
s_actor (vp_cmdctx_t *ctx)
{
    return ctx && *ctx->actor ? ctx->actor : ctx && ctx->peer ? ctx->peer : "documents";
}

//  why (400 bytes, as doc_route_pick gives it) from a longer line.
static void
s_why (char why[400], const char *line)
{
    size_t len = strlen (line);
    if (len > 399)
        len = 399;
    memcpy (why, line, len);
    why[len] = 0;
    vp_utf8_whole (why);
}

static bool
s_one_of (const char *value, const char *const list[])
{
    for (int i = 0; value && list[i]; i++)
        if (strcmp (value, list[i]) == 0)
            return true;
    return false;
}

//  Title and clearance of a post that exists at `at`; false when it does not.
static bool
s_post (doc_service_t *self, const char *tenant, const char *post, int64_t at,
        char title[S_TITLE_MAX], int *clearance)
{
    return vp_staff_post_at (self->db, tenant, post, at, title, S_TITLE_MAX, clearance);
}

//  An officer's full name, or the id when unknown.
static void
s_name (doc_service_t *self, const char *officer, char name[S_TITLE_MAX])
{
    vp_val_t *row = vp_staff_officer (self->db, officer);
    snprintf (name, S_TITLE_MAX, "%s", row && vp_map_str (row, VP_K_FULL_NAME) ? vp_map_str (row, VP_K_FULL_NAME) : officer);
    vp_val_destroy (&row);
}

//  failed_precondition unless the document's status is one of `from`.
static int
s_status_need (const vp_val_t *doc, const char *const from[], const char *what, vp_err_t *err)
{
    const char *status = vp_map_str (doc, VP_K_STATUS);
    if (s_one_of (status, from))
        return 0;
    return vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_DOCUMENT,
                       "document \"%s\" is %s: it cannot be %s", vp_map_str (doc, VP_K_DOCUMENT), status, what);
}

//  The document's assignee, whoever stands in for the assignee on leave
//  (their documents are on the delegate's Việc của tôi), or the office
//  head; anyone else is refused.
static int
s_assignee_need (doc_service_t *self, vp_cmdctx_t *ctx, const vp_val_t *doc, const char *what, vp_err_t *err)
{
    const char *officer = vp_map_str (doc, VP_K_OFFICER);
    char present[VP_STAFF_ID_MAX];
    if ((officer && strcmp (officer, ctx->actor) == 0)
    ||  (officer && vp_staff_present (self->db, officer, vp_clock_now (), present) && strcmp (present, ctx->actor) == 0)
    ||  vp_staff_is_office_head (self->db, ctx->tenant, ctx->actor, vp_clock_now ()))
        return 0;
    return vp_err_set (err, VP_E_PERMISSION_DENIED, VP_K_ACTOR,
                       "only the assignee of document \"%s\" (%s) or the office head may %s it; not \"%s\"",
                       vp_map_str (doc, VP_K_DOCUMENT), officer ? officer : "nobody yet", what, ctx->actor);
}

//  The document as the steps answer it.
static void
s_put_state (doc_service_t *self, const char *tenant, const char *document, vp_val_t *result)
{
    vp_val_t *doc = doc_access_row (self, tenant, document);
    static const char *const keys[] = { "document", "status", "post", "officer", "deadline", NULL };
    for (int i = 0; doc && keys[i]; i++)
        if (vp_map_get (doc, keys[i]))
            vp_map_put (result, keys[i], vp_val_dup (vp_map_get (doc, keys[i])));
    vp_val_destroy (&doc);
}

//  --------------------------------------------------------------------------
//  Routing

//  " words " of text, folded: matching whole words of the issuer.
static void
s_words (const char *text, char *out, size_t size)
{
    char folded[S_ISSUER_MAX];
    vp_text_fold (text ? text : "", folded, sizeof folded);
    //  Runs of spaces are one.
    size_t n = 0;
    out[n++] = ' ';
    for (const char *p = folded; *p && n + 2 < size; p++)
        if (*p != ' ' || out[n - 1] != ' ')
            out[n++] = *p;
    if (out[n - 1] != ' ')
        out[n++] = ' ';
    out[n] = 0;
}

int
doc_route_pick (doc_service_t *self, const char *tenant, const vp_val_t *doc, int64_t at,
                char post[65], char why[400], vp_err_t *err)
{
    const char *type = vp_map_str (doc, VP_K_TYPE);
    const char *field = vp_map_str (doc, VP_K_FIELD);
    int level = vp_secrecy_parse (vp_map_str (doc, VP_K_SECRECY) ? vp_map_str (doc, VP_K_SECRECY) : "thuong");
    if (level < 0)
        level = 0;
    char issuer[S_ISSUER_MAX + 2];
    s_words (vp_map_str (doc, VP_K_ISSUER), issuer, sizeof issuer);
    char title[S_TITLE_MAX], line[1024];
    int clearance = 0;

    //  The rules: highest priority first, then the most specific. A rule
    //  whose post is closed, or not cleared for the document, is passed.
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT rule, post, issuer, type, field, secrecy, priority FROM doc_route"
        " WHERE tenant = ?1 AND (type IS NULL OR type = ?2) AND (field IS NULL OR field = ?3)"
        " ORDER BY priority DESC, (issuer IS NOT NULL) + (type IS NOT NULL) + (field IS NOT NULL)"
        " + (secrecy IS NOT NULL) DESC, rule", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    if (type)
        sqlite3_bind_text (stmt, 2, type, -1, SQLITE_STATIC);
    if (field)
        sqlite3_bind_text (stmt, 3, field, -1, SQLITE_STATIC);
    vp_val_t *rules = vp_db_rows (stmt);
    vp_val_t *match = NULL;
    for (size_t i = 0; !match && i < vp_val_len (rules); i++) {
        vp_val_t *rule = vp_array_at (rules, i);
        const char *words = vp_map_str (rule, VP_K_ISSUER);
        const char *secrecy = vp_map_str (rule, VP_K_SECRECY);
        char wanted[S_ISSUER_MAX + 2];
        if (words)
            s_words (words, wanted, sizeof wanted);
        if ((!words || strstr (issuer, wanted))
        &&  (!secrecy || vp_secrecy_parse (secrecy) <= level)
        &&  s_post (self, tenant, vp_map_str (rule, VP_K_POST), at, title, &clearance)
        &&  clearance >= level)
            match = rule;
    }
    if (match) {
        char criteria[300] = "";
        size_t used = 0;
        if (vp_map_str (match, VP_K_ISSUER))
            used += (size_t) snprintf (criteria + used, sizeof criteria - used, ", cơ quan ban hành có \"%s\"",
                                       vp_map_str (match, VP_K_ISSUER));
        if (used < sizeof criteria && vp_map_str (match, VP_K_TYPE)) {
            const vp_doc_type_t *t = vp_doc_type (vp_map_str (match, VP_K_TYPE));
            used += (size_t) snprintf (criteria + used, sizeof criteria - used, ", loại %s",
                                       t ? t->name : vp_map_str (match, VP_K_TYPE));
        }
        if (used < sizeof criteria && vp_map_str (match, VP_K_FIELD))
            used += (size_t) snprintf (criteria + used, sizeof criteria - used, ", lĩnh vực %s",
                                       vp_map_str (match, VP_K_FIELD));
        if (used < sizeof criteria && vp_map_str (match, VP_K_SECRECY))
            snprintf (criteria + used, sizeof criteria - used, ", độ mật từ %s",
                      vp_secrecy_title (vp_map_str (match, VP_K_SECRECY)));
        snprintf (post, VP_STAFF_ID_MAX, "%s", vp_map_str (match, VP_K_POST));
        snprintf (line, sizeof line, "quy tắc phân công số %lld (ưu tiên %lld%s): %s",
                  (long long) vp_map_int (match, "rule", 0), (long long) vp_map_int (match, VP_K_PRIORITY, 0),
                  criteria, title);
        s_why (why, line);
        vp_val_destroy (&rules);
        return 0;
    }
    vp_val_destroy (&rules);

    //  The post whose field of work it is.
    if (field && vp_staff_post_of_field (self->db, tenant, field, at, post, NULL) == 0
    &&  s_post (self, tenant, post, at, title, &clearance) && clearance >= level) {
        snprintf (line, sizeof line, "lĩnh vực %s thuộc chức danh %s", field, title);
        s_why (why, line);
        return 0;
    }
    //  The office head; for a document above the office head's clearance,
    //  the post cleared highest.
    if (vp_staff_head_post (self->db, tenant, at, post)
    &&  s_post (self, tenant, post, at, title, &clearance) && clearance >= level) {
        snprintf (line, sizeof line, "không có quy tắc phân công hay lĩnh vực phù hợp: giao %s", title);
        s_why (why, line);
        return 0;
    }
    if (vp_staff_post_cleared (self->db, tenant, level, at, post, title, sizeof title)) {
        snprintf (line, sizeof line, "văn bản %s: giao %s, chức danh được tiếp cận độ mật này",
                  vp_secrecy_title (vp_secrecy_name (level)), title);
        s_why (why, line);
    }
    else
        return vp_err_set (err, VP_E_NOT_FOUND, VP_K_TENANT,
                           "tenant \"%s\" has no post to hand the document to (no rule, no post with "
                           "field \"%s\", no office head cleared for %s)",
                           tenant, field ? field : "", vp_secrecy_name (level));
    return 0;
}

int
doc_route_assign (doc_service_t *self, vp_cmdctx_t *ctx, const char *tenant,
                  vp_val_t *doc, const char *post, const char *officer,
                  const char *why, vp_err_t *err)
{
    assert (doc && post);
    static const char *const from[] = { "registered", "assigned", "in_progress", "returned", NULL };
    const char *document = vp_map_str (doc, VP_K_DOCUMENT);
    if (s_status_need (doc, from, "assigned", err))
        return -1;
    int64_t now = vp_clock_now ();
    vp_staff_actor_t acting;
    memset (&acting, 0, sizeof acting);
    char reason[1200];
    if (officer)
        snprintf (reason, sizeof reason, "%s", why ? why : "");
    else {
        if (vp_staff_whois (self->db, tenant, post, now, &acting, err))
            return -1;
        officer = acting.officer;
        snprintf (reason, sizeof reason, "%s%s%s", why ? why : "", why && *why ? "; " : "", acting.explain);
    }
    vp_utf8_whole (reason);
    const char *previous = vp_map_str (doc, VP_K_OFFICER);

    //  The once-flags belong to a deadline: kept while it stays, so a new
    //  assignee is not told again of what was already told.
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "UPDATE doc_document SET post = ?3, officer = ?4, status = 'assigned',"
        " due_soon_sent = CASE WHEN due_soon_sent = deadline THEN due_soon_sent END,"
        " overdue_sent = CASE WHEN overdue_sent = deadline THEN overdue_sent END"
        " WHERE tenant = ?1 AND document = ?2", err);
    int rc = stmt ? 0 : -1;
    if (stmt) {
        sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, document, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 3, post, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 4, officer, -1, SQLITE_STATIC);
        rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "assign");
        sqlite3_reset (stmt);
    }
    char name[S_TITLE_MAX], before[S_TITLE_MAX] = "", detail[1800];
    s_name (self, officer, name);
    if (previous)
        s_name (self, previous, before);
    snprintf (detail, sizeof detail, "%s%s%s%s: %s", previous ? "chuyển từ " : "giao ", before,
              previous ? " sang " : "", name, reason);
    vp_utf8_whole (detail);
    if (rc == 0)
        rc = doc_history_add (self, tenant, document, s_actor (ctx), previous ? "reassigned" : "assigned",
                              detail, err);
    if (rc == 0) {
        vp_val_t *data = vp_val_map ();
        vp_map_put_str (data, VP_K_DOCUMENT, document);
        vp_map_put_str (data, VP_K_POST, post);
        vp_map_put_str (data, VP_K_OFFICER, officer);
        vp_map_put_str (data, VP_K_REASON, reason);
        if (*acting.on_behalf_of)
            vp_map_put_str (data, VP_K_ON_BEHALF_OF, acting.on_behalf_of);
        if (vp_map_int (doc, VP_K_DEADLINE, 0) > 0)
            vp_map_put_int (data, VP_K_DEADLINE, vp_map_int (doc, VP_K_DEADLINE, 0));
        if (previous)
            vp_map_put_str (data, VP_K_PREVIOUS_OFFICER, previous);
        vp_map_put_str (data, VP_K_NUMBER, vp_map_str (doc, VP_K_NUMBER));
        vp_map_put_str (data, VP_K_SUMMARY, vp_map_str (doc, VP_K_SUMMARY));
        vp_map_put_str (data, VP_K_URGENCY, vp_map_str (doc, VP_K_URGENCY));
        vp_map_put_str (data, VP_K_SECRECY, vp_map_str (doc, VP_K_SECRECY));
        rc = doc_emit (self, ctx, tenant, "assigned", data, err);
    }
    if (rc == 0) {
        //  The row as the UPDATE left it (the once-flags of another deadline gone).
        static const char *const flags[] = { "due_soon_sent", "overdue_sent" };
        const vp_val_t *deadline = vp_map_get (doc, VP_K_DEADLINE);
        for (int i = 0; i < 2; i++)
            if (!deadline || vp_map_int (doc, flags[i], 0) != vp_val_get_int (deadline)) {
                vp_val_t *gone = vp_map_take (doc, flags[i]);
                vp_val_destroy (&gone);
            }
        vp_map_put_str (doc, VP_K_POST, post);
        vp_map_put_str (doc, VP_K_OFFICER, officer);
        vp_map_put_str (doc, VP_K_STATUS, "assigned");
    }
    return rc;
}

//  --------------------------------------------------------------------------
//  documents.assign: the office head's override, or a reassignment

//  Index of the post among posts (of vp_staff_posts_of) that has field of
//  work `field`; 0 when none has.
static size_t
s_post_with_field (doc_service_t *self, const char *tenant, const vp_val_t *posts, const char *field)
{
    for (size_t i = 0; field && i < vp_val_len (posts); i++)
        if (vp_staff_post_has_field (self->db, tenant, vp_map_str (vp_array_at (posts, i), VP_K_POST), field))
            return i;
    return 0;
}

//  failed_precondition when officer is not cleared for the document.
static int
s_clearance_need (doc_service_t *self, const vp_val_t *doc, const char *officer, int64_t at, vp_err_t *err)
{
    int level = vp_secrecy_parse (vp_map_str (doc, VP_K_SECRECY));
    int cleared = vp_staff_clearance (self->db, officer, at);
    if (cleared >= level)
        return 0;
    return vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_OFFICER,
                       "officer \"%s\" is cleared up to %s; document \"%s\" is %s",
                       officer, vp_secrecy_name (cleared), vp_map_str (doc, VP_K_DOCUMENT),
                       vp_map_str (doc, VP_K_SECRECY));
}

//  {document, post | officer, reason?}
static int
s_assign_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *tenant = ctx->tenant;
    const char *document = vp_map_str (args, VP_K_DOCUMENT);
    const char *post = vp_map_str (args, VP_K_POST);
    const char *officer = vp_map_str (args, VP_K_OFFICER);
    const char *reason = vp_map_str (args, VP_K_REASON);
    if (!post == !officer)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, post ? "officer" : "post",
                           "give exactly one of post and officer (%s)", post ? "both given" : "neither given");
    vp_val_t *doc = doc_access_load (self, ctx, document, err);
    if (!doc)
        return -1;
    int64_t now = vp_clock_now ();
    //  Who hands it over, as the reason names them: "Tổ trưởng Văn phòng <name>".
    char who[2 * S_TITLE_MAX + 2], name[S_TITLE_MAX], why[1200] = "", title[S_TITLE_MAX] = "";
    char head_post[VP_STAFF_ID_MAX], head_title[S_TITLE_MAX] = "";
    if (vp_staff_is_office_head (self->db, tenant, ctx->actor, now) && vp_staff_head_post (self->db, tenant, now, head_post))
        s_post (self, tenant, head_post, now, head_title, NULL);
    s_name (self, ctx->actor, name);
    snprintf (who, sizeof who, "%s%s%s", head_title, *head_title ? " " : "", name);
    int rc = s_assignee_need (self, ctx, doc, "reassign", err);
    char target[VP_STAFF_ID_MAX] = "";
    if (rc == 0 && officer) {
        //  An officer by name: one of the commune, still serving.
        vp_val_t *row = vp_staff_officer (self->db, officer);
        if (!row || strcmp (vp_map_str (row, VP_K_TENANT), tenant) != 0)
            rc = vp_err_set (err, VP_E_NOT_FOUND, VP_K_OFFICER,
                             "officer \"%s\" does not exist in tenant \"%s\"", officer, tenant);
        else
        if (strcmp (vp_map_str (row, VP_K_STATUS), "active") != 0)
            rc = vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_OFFICER,
                             "officer \"%s\" is not active (status %s)", officer, vp_map_str (row, VP_K_STATUS));
        vp_val_destroy (&row);
        if (rc == 0)
            rc = s_clearance_need (self, doc, officer, now, err);
        //  The post it is handled for: the officer's post with the
        //  document's field of work, else the first, else where it was.
        vp_val_t *posts = rc ? NULL : vp_staff_posts_of (self->db, officer, now);
        if (posts && vp_val_len (posts))
            snprintf (target, sizeof target, "%s",
                      vp_map_str (vp_array_at (posts, s_post_with_field (self, tenant, posts,
                                                                         vp_map_str (doc, VP_K_FIELD))), "post"));
        else
        if (vp_map_str (doc, VP_K_POST))
            snprintf (target, sizeof target, "%s", vp_map_str (doc, VP_K_POST));
        else
        if (rc == 0 && !vp_staff_head_post (self->db, tenant, now, target))
            rc = vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_OFFICER,
                             "officer \"%s\" holds no post and tenant \"%s\" has no office head", officer, tenant);
        vp_val_destroy (&posts);
        s_name (self, officer, name);
        snprintf (why, sizeof why, "%s giao trực tiếp cho %s%s%s", who, name,
                  reason ? ": " : "", reason ? reason : "");
    }
    else
    if (rc == 0) {
        vp_staff_actor_t acting;
        snprintf (target, sizeof target, "%s", post);
        if (!s_post (self, tenant, post, now, title, NULL))
            rc = vp_err_set (err, VP_E_NOT_FOUND, VP_K_POST,
                             "post \"%s\" does not exist in tenant \"%s\"", post, tenant);
        else
        if (vp_staff_whois (self->db, tenant, post, now, &acting, err) == 0)
            rc = s_clearance_need (self, doc, acting.officer, now, err);
        else
            rc = -1;
        snprintf (why, sizeof why, "%s giao cho %s%s%s", who, title, reason ? ": " : "", reason ? reason : "");
    }
    vp_utf8_whole (why);
    if (rc == 0)
        rc = doc_route_assign (self, ctx, tenant, doc, target, officer, why, err);
    vp_val_destroy (&doc);
    if (rc)
        return -1;
    s_put_state (self, tenant, document, result);
    return 0;
}

//  --------------------------------------------------------------------------
//  The steps of the workflow

typedef struct {
    const char *status;             //  the status it leads to
    const char *what;               //  in messages: "document d-1 is done: it cannot be <what>"
    const char *verb;               //  "only the assignee ... may <verb> it"
    const char *const *from;        //  the statuses it may start from
} s_step_t;

static const char *const s_working[] = { "assigned", "in_progress", NULL };
static const char *const s_open[] = { "assigned", "in_progress", "returned", NULL };
static const char *const s_new[] = { "assigned", NULL };
static const s_step_t s_start_step = { "in_progress", "started", "start", s_new };
static const s_step_t s_done_step = { "done", "done", "mark done", s_working };
static const s_step_t s_return_step = { "returned", "returned", "return", s_working };
static const s_step_t s_forward_step = { "forwarded", "forwarded", "forward", s_open };

//  {document, note?} (+ to_body for a forward)
static int
s_step (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err, const s_step_t *step)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *tenant = ctx->tenant;
    const char *document = vp_map_str (args, VP_K_DOCUMENT);
    const char *note = vp_map_str (args, VP_K_NOTE);
    const char *to_body = vp_map_str (args, VP_K_TO_BODY);
    int64_t now = vp_clock_now ();
    if (step == &s_return_step && (!note || !*note))
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_NOTE, "a return needs the reason in note");
    vp_val_t *doc = doc_access_load (self, ctx, document, err);
    if (!doc)
        return -1;
    int rc = s_status_need (doc, step->from, step->what, err)
          || s_assignee_need (self, ctx, doc, step->verb, err)
          || (step == &s_forward_step && doc_frozen_check (self, tenant, document, "chuyển cơ quan khác", true, err))
           ? -1 : 0;
    char officer[VP_STAFF_ID_MAX] = "", post[VP_STAFF_ID_MAX] = "", detail[2400] = "";
    snprintf (officer, sizeof officer, "%s", vp_map_str (doc, VP_K_OFFICER) ? vp_map_str (doc, VP_K_OFFICER) : "");
    snprintf (post, sizeof post, "%s", vp_map_str (doc, VP_K_POST) ? vp_map_str (doc, VP_K_POST) : "");
    vp_val_destroy (&doc);
    if (rc)
        return -1;
    if (step == &s_start_step)
        snprintf (detail, sizeof detail, "bắt đầu xử lý");
    else
    if (step == &s_done_step)
        snprintf (detail, sizeof detail, "đã xử lý xong%s%s", note ? ": " : "", note ? note : "");
    else
    if (step == &s_return_step) {
        //  Back to whoever acts for the office head now.
        vp_staff_actor_t head;
        if (!vp_staff_head_post (self->db, tenant, now, post))
            return vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_DOCUMENT,
                               "tenant \"%s\" has no office head to return document \"%s\" to", tenant, document);
        if (vp_staff_whois (self->db, tenant, post, now, &head, err))
            return -1;
        snprintf (officer, sizeof officer, "%s", head.officer);
        snprintf (detail, sizeof detail, "trả lại %s (%s): %s", head.full_name, head.explain, note);
    }
    else {
        char body_name[201];
        if (vp_staff_body (self->db, tenant, to_body, body_name, sizeof body_name, NULL, 0))
            snprintf (detail, sizeof detail, "chuyển %s%s%s", body_name, note ? ": " : "", note ? note : "");
        if (!*detail)
            return vp_err_set (err, VP_E_NOT_FOUND, VP_K_TO_BODY,
                               "body \"%s\" does not exist in tenant \"%s\"", to_body, tenant);
    }
    vp_utf8_whole (detail);
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "UPDATE doc_document SET status = ?3, officer = nullif (?4, ''), post = nullif (?5, '')"
        " WHERE tenant = ?1 AND document = ?2", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, document, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, step->status, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 4, officer, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 5, post, -1, SQLITE_STATIC);
    rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, step->status);
    sqlite3_reset (stmt);
    if (rc || doc_history_add (self, tenant, document, s_actor (ctx), step->status, detail, err))
        return -1;
    vp_val_t *data = vp_val_map ();
    vp_map_put_str (data, VP_K_DOCUMENT, document);
    vp_map_put_str (data, VP_K_STATUS, step->status);
    //  A forwarded document rests with the other body, no officer of ours.
    if (*officer && step != &s_forward_step)
        vp_map_put_str (data, VP_K_OFFICER, officer);
    if (note)
        vp_map_put_str (data, VP_K_NOTE, note);
    if (to_body)
        vp_map_put_str (data, VP_K_TO_BODY, to_body);
    if (doc_emit (self, ctx, tenant, "status_changed", data, err))
        return -1;
    s_put_state (self, tenant, document, result);
    if (note)
        vp_map_put_str (result, VP_K_NOTE, note);
    if (to_body)
        vp_map_put_str (result, VP_K_TO_BODY, to_body);
    return 0;
}

static int
s_start_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    return s_step (ctx, args, result, err, &s_start_step);
}

static int
s_done_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    return s_step (ctx, args, result, err, &s_done_step);
}

static int
s_return_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    return s_step (ctx, args, result, err, &s_return_step);
}

static int
s_forward_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    return s_step (ctx, args, result, err, &s_forward_step);
}

//  {document, deadline}: the leader's deadline, set by the office head.
static int
s_deadline_set_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *tenant = ctx->tenant;
    const char *document = vp_map_str (args, VP_K_DOCUMENT);
    static const char *const from[] = { "registered", "assigned", "in_progress", "returned", NULL };
    vp_val_t *doc = doc_access_load (self, ctx, document, err);
    if (!doc)
        return -1;
    int64_t deadline = 0;
    if (doc_deadline_of (self, tenant, args, vp_map_int (doc, VP_K_ARRIVED_AT, 0), &deadline, err)
    ||  (!deadline && vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_DEADLINE,
                                  "give the deadline (deadline) or working days (deadline_days)"))) {
        vp_val_destroy (&doc);
        return -1;
    }
    char zone[64], shown[32], arrived[32];
    doc_zone (self, tenant, zone);
    vp_time_format (deadline, zone, "%H:%M %d/%m/%Y", shown, sizeof shown);
    vp_time_format (vp_map_int (doc, VP_K_ARRIVED_AT, 0), zone, "%H:%M %d/%m/%Y", arrived, sizeof arrived);
    int rc = s_status_need (doc, from, "given a deadline", err)
          || doc_access_head (self, ctx, "đặt hạn xử lý", err)
          || doc_frozen_check (self, tenant, document, "sửa hạn xử lý", false, err) ? -1 : 0;
    if (rc == 0 && deadline < vp_map_int (doc, VP_K_ARRIVED_AT, 0))
        rc = vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_DEADLINE,
                         "deadline %s (%lld) is before document \"%s\" arrived (%s)",
                         shown, (long long) deadline, document, arrived);
    char officer[VP_STAFF_ID_MAX] = "";
    if (vp_map_str (doc, VP_K_OFFICER))
        snprintf (officer, sizeof officer, "%s", vp_map_str (doc, VP_K_OFFICER));
    vp_val_destroy (&doc);
    if (rc)
        return -1;
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "UPDATE doc_document SET deadline = ?3, due_soon_sent = NULL, overdue_sent = NULL"
        " WHERE tenant = ?1 AND document = ?2", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, document, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 3, deadline);
    rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "deadline");
    sqlite3_reset (stmt);
    char detail[64];
    snprintf (detail, sizeof detail, "hạn xử lý %s", shown);
    if (rc || doc_history_add (self, tenant, document, s_actor (ctx), "deadline", detail, err))
        return -1;
    vp_val_t *data = vp_val_map ();
    vp_map_put_str (data, VP_K_DOCUMENT, document);
    vp_map_put_int (data, VP_K_DEADLINE, deadline);
    if (*officer)
        vp_map_put_str (data, VP_K_OFFICER, officer);
    if (doc_emit (self, ctx, tenant, "deadline_changed", data, err))
        return -1;
    s_put_state (self, tenant, document, result);
    return 0;
}

//  --------------------------------------------------------------------------
//  Routing rules

//  {post, issuer?, type?, field?, secrecy?, priority?}
static int
s_route_add_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *tenant = ctx->tenant;
    const char *post = vp_map_str (args, VP_K_POST);
    const char *issuer = vp_map_str (args, VP_K_ISSUER);
    char folded[S_ISSUER_MAX], title[S_TITLE_MAX];
    if (doc_access_head (self, ctx, "thêm quy tắc chuyển văn bản", err))
        return -1;
    if (!s_post (self, tenant, post, vp_clock_now (), title, NULL))
        return vp_err_set (err, VP_E_NOT_FOUND, VP_K_POST, "post \"%s\" does not exist in tenant \"%s\"", post, tenant);
    if (issuer) {
        //  Kept folded and trimmed: the form it is compared in.
        char words[S_ISSUER_MAX + 2];
        s_words (issuer, words, sizeof words);
        size_t len = strlen (words);
        snprintf (folded, sizeof folded, "%.*s", len > 2 ? (int) len - 2 : 0, words + 1);
        if (!*folded)
            return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_ISSUER,
                               "issuer \"%s\" has no letter or digit to match", issuer);
    }
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT INTO doc_route (tenant, post, issuer, type, field, secrecy, priority)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING rule", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, post, -1, SQLITE_STATIC);
    if (issuer)
        sqlite3_bind_text (stmt, 3, folded, -1, SQLITE_STATIC);
    static const char *const keys[] = { "type", "field", "secrecy" };
    for (int i = 0; i < 3; i++)
        if (vp_map_str (args, keys[i]))
            sqlite3_bind_text (stmt, 4 + i, vp_map_str (args, keys[i]), -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 7, vp_map_int (args, VP_K_PRIORITY, 100));
    int rc = sqlite3_step (stmt);
    int64_t rule = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
    if (rc == SQLITE_ROW)
        rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE)
        return vp_db_error (self->db, err, "routing rule");
    vp_map_put_int (result, "rule", rule);
    vp_map_put_str (result, VP_K_POST, post);
    vp_map_put_str (result, VP_K_TITLE, title);
    if (issuer)
        vp_map_put_str (result, VP_K_ISSUER, folded);
    for (int i = 0; i < 3; i++)
        if (vp_map_str (args, keys[i]))
            vp_map_put_str (result, keys[i], vp_map_str (args, keys[i]));
    vp_map_put_int (result, VP_K_PRIORITY, vp_map_int (args, VP_K_PRIORITY, 100));
    return doc_emit_config (self, ctx, "route", result, err);
}

//  {} -> {rules: [...]} in the order they are tried
static int
s_route_list (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT r.rule, r.post, " VP_STAFF_SQL_POST_TITLE ("r.tenant", "r.post") " AS title, r.issuer, r.type,"
        " r.field, r.secrecy, r.priority FROM doc_route r"
        " WHERE r.tenant = ?1 ORDER BY r.priority DESC, (r.issuer IS NOT NULL) + (r.type IS NOT NULL)"
        " + (r.field IS NOT NULL) + (r.secrecy IS NOT NULL) DESC, r.rule", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    vp_map_put (result, "rules", vp_db_rows (stmt));
    return 0;
}

static const vp_cmd_t s_commands[] = {
    { VP_C_DOCUMENTS_ASSIGN, s_assign_tx, true, .changes = true },
    { VP_C_DOCUMENTS_START, s_start_tx, true, .changes = true },
    { VP_C_DOCUMENTS_DONE, s_done_tx, true, .changes = true },
    { VP_C_DOCUMENTS_RETURN, s_return_tx, true, .changes = true },
    { VP_C_DOCUMENTS_FORWARD, s_forward_tx, true, .changes = true },
    { VP_C_DOCUMENTS_DEADLINE_SET, s_deadline_set_tx, true, .changes = true },
    { VP_C_DOCUMENTS_ROUTE_ADD, s_route_add_tx, true, VP_ACCESS_SETUP, .changes = true },
    { VP_C_DOCUMENTS_ROUTE_LIST, s_route_list, true },
    { NULL }
};

void
doc_route_register (doc_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
