/*  test_extending - the worked example of docs/extending.md: a new event
    (documents.viewed, "đã xem") produced by one service and a new handler
    in another, and nothing else touched.

    Starts vp-bus, vp-staffing, vp-documents and vp-notify with CURVE on
    the demo district (no SMTP: the inbox is enough), the time of every
    process set by the test. Two hỏa tốc documents are routed to the same
    officer (Tài chính – Kế toán of Lam Sơn); she opens one of them:

      1. before: her inbox has the assignment of each, unacknowledged;
      2. gets by others (the clerk who registered it, the office head)
         emit nothing;
      3. her first documents.get emits exactly one documents.viewed, in
         the get's flow (corr = the get's id, actor = her), and records
         "viewed" in the document's history; her second get emits nothing;
      4. vp-notify applies it: the assignment is acknowledged for her, one
         notify.acked by "viewed" in the same flow; the other document's
         notification stays unread;
      5. 31 minutes later the one she did not open escalates to the office
         head; the one she opened does not.
*/
#include <string.h>
#include "testutil.h"

//  The demo district's people (scripts/demo/district.vp).
#define LS_HEAD "ls-phan-thi-mau-truong"        //  Tổ trưởng Văn phòng, Lam Sơn
#define LS_CLERK "ls-nguyen-van-cong"           //  Văn phòng – Thống kê: registers
#define LS_TAI_CHINH "ls-bui-van-mau-chin"      //  Tài chính – Kế toán (tai-chinh): the assignee

#define S_MINUTE (60 * 1000LL)

static tu_stack_t s_stack;
static vp_cmdcli_t *s_docs;
static vp_cmdcli_t *s_ntf;
static int64_t s_now;

#define OK(cli, actor, ...) tu_ok_call (cli, "lam-son", actor, __VA_ARGS__)

//  Register a hỏa tốc document of field tai-chinh (routed to LS_TAI_CHINH);
//  its id in `id`.
static void
s_register (const char *number, const char *summary, char id[64])
{
    char w_number[128], w_summary[600];
    snprintf (w_number, sizeof w_number, "number=%s", number);
    snprintf (w_summary, sizeof w_summary, "summary=%s", summary);
    vp_val_t *result = OK (s_docs, LS_CLERK, "documents.register", "issuer=Ủy ban nhân dân huyện Đô Lương",
                           w_number, tu_ms_word ("doc_date", s_now), "type=cong-van", w_summary,
                           "urgency=hoa-toc", "field=tai-chinh", tu_ms_word ("arrived_at", s_now));
    snprintf (id, 64, "%s", tu_str (result, "document"));
    CHECK (strcmp (tu_str (result, "officer"), LS_TAI_CHINH) == 0, "%s routed to \"%s\"", number,
           tu_str (result, "officer"));
    vp_val_destroy (&result);
}

//  How many events of `type` of Lam Sơn on stream have data.<key> =
//  value (ids of notifications count per commune); *last gets a copy of
//  the last envelope when given.
static int
s_events (const char *stream, const char *type, const char *key, const char *value, vp_val_t **last)
{
    vp_val_t *events = tu_stack_events (&s_stack, stream, type, key, value);
    int count = 0;
    if (last)
        *last = NULL;
    for (size_t i = 0; i < vp_val_len (events); i++) {
        vp_val_t *env = vp_array_at (events, i);
        if (strcmp (tu_str (env, "tenant"), "lam-son") != 0)
            continue;
        count++;
        if (last) {
            vp_val_destroy (last);
            *last = vp_val_dup (env);
        }
    }
    vp_val_destroy (&events);
    return count;
}

//  The assignee's notification of a document's assignment (a copy), with
//  only unread ones when `unread`; NULL when there is none.
static vp_val_t *
s_notification (const char *document, bool unread)
{
    vp_val_t *inbox = OK (s_ntf, LS_TAI_CHINH, "notify.inbox", unread ? "unread=true" : "unread=false",
                          "limit=500");
    vp_val_t *found = NULL;
    vp_val_t *items = vp_map_get (inbox, "items");
    for (size_t i = 0; !found && i < vp_val_len (items); i++) {
        vp_val_t *item = vp_array_at (items, i);
        if (strcmp (tu_str (item, "cause_type"), "documents.assigned") == 0
        &&  strcmp (tu_str (item, "document"), document) == 0)
            found = vp_val_dup (item);
    }
    vp_val_destroy (&inbox);
    return found;
}

//  documents.get of a document by actor (what it causes is checked on the
//  bus).
static void
s_get (const char *actor, const char *document)
{
    char word[80];
    snprintf (word, sizeof word, "document=%s", document);
    vp_val_t *doc = OK (s_docs, actor, "documents.get", word);
    CHECK (strcmp (tu_str (doc, "document"), document) == 0, "get %s gave %s", document, tu_str (doc, "document"));
    vp_val_destroy (&doc);
}

int
main (void)
{
    tu_stack_opts_t opts = {
        .demo = true, .services = (const char *[]) { "staffing", "documents", "notify", NULL },
        .env = (const char *[]) { "VP_SMTP_URL=", "VP_NOTIFY_SCAN_MS=100", NULL },
        //  Wednesday 2 December 2026, 09:00.
        .clock = tu_local_ms (2026, 12, 2, 9, 0)
    };
    s_now = opts.clock;
    tu_stack_start_opts (&s_stack, "extending", &opts);
    s_docs = tu_stack_client (&s_stack, "documents");
    s_ntf = tu_stack_client (&s_stack, "notify");

    //  1. Two documents for her, both told, neither acknowledged.
    char opened[64], control[64];
    s_register ("11/CĐ-UBND", "Chi hỗ trợ khẩn cấp khắc phục hậu quả mưa lũ", opened);
    s_register ("12/CĐ-UBND", "Tạm ứng ngân sách phòng, chống thiên tai", control);
    tu_stack_sync (&s_stack);
    vp_val_t *item = s_notification (opened, true);
    CHECK (item, "no unread assignment of %s in %s's inbox", opened, LS_TAI_CHINH);
    char nid[64];
    snprintf (nid, sizeof nid, "%s", tu_str (item, "id"));
    CHECK (vp_map_int (item, "escalate_at", 0) == s_now + 30 * S_MINUTE, "escalate_at %lld, now %lld",
           (long long) vp_map_int (item, "escalate_at", 0), (long long) s_now);
    vp_val_destroy (&item);
    item = s_notification (control, true);
    CHECK (item, "no unread assignment of %s", control);
    char control_nid[64];
    snprintf (control_nid, sizeof control_nid, "%s", tu_str (item, "id"));
    vp_val_destroy (&item);
    tu_ok ("two hỏa tốc documents routed to %s; her inbox has both assignments, unread", LS_TAI_CHINH);

    //  2. Others open it: nothing.
    s_get (LS_CLERK, opened);
    s_get (LS_HEAD, opened);
    tu_stack_sync (&s_stack);
    CHECK (s_events ("documents", "documents.viewed", "document", opened, NULL) == 0,
           "a get by someone else than the assignee emitted documents.viewed");
    tu_ok ("the clerk's and the office head's gets emit nothing");

    //  3. She opens it: once.
    s_get (LS_TAI_CHINH, opened);
    tu_stack_sync (&s_stack);
    vp_val_t *viewed = NULL;
    CHECK (s_events ("documents", "documents.viewed", "document", opened, &viewed) == 1,
           "her first get: not one documents.viewed");
    vp_val_t *data = vp_map_get (viewed, "data");
    vp_val_t *registered = NULL;
    s_events ("documents", "documents.registered", "document", opened, &registered);
    CHECK (strcmp (tu_str (data, "officer"), LS_TAI_CHINH) == 0 && strcmp (tu_str (data, "number"), "11/CĐ-UBND") == 0
        && strstr (tu_str (data, "summary"), "mưa lũ") && strcmp (tu_str (viewed, "actor"), LS_TAI_CHINH) == 0
        && strcmp (tu_str (viewed, "tenant"), "lam-son") == 0,
           "documents.viewed %s", vp_val_to_json (viewed));
    //  Its flow is the get's, not the registration's.
    CHECK (*tu_str (viewed, "corr") && strcmp (tu_str (viewed, "corr"), tu_str (registered, "corr")) != 0,
           "documents.viewed corr %s, the registration's %s", tu_str (viewed, "corr"), tu_str (registered, "corr"));
    vp_val_destroy (&registered);
    s_get (LS_TAI_CHINH, opened);
    s_get (LS_TAI_CHINH, opened);
    tu_stack_sync (&s_stack);
    CHECK (s_events ("documents", "documents.viewed", "document", opened, NULL) == 1,
           "her later gets emitted documents.viewed again");
    char word[80];
    snprintf (word, sizeof word, "document=%s", opened);
    vp_val_t *history = OK (s_docs, LS_CLERK, "documents.history", word);
    vp_val_t *steps = vp_map_get (history, "history");
    int seen = 0;
    for (size_t i = 0; i < vp_val_len (steps); i++)
        if (strcmp (tu_str (vp_array_at (steps, i), "step"), "viewed") == 0) {
            seen++;
            CHECK (strcmp (tu_str (vp_array_at (steps, i), "actor"), LS_TAI_CHINH) == 0, "viewed by %s",
                   tu_str (vp_array_at (steps, i), "actor"));
        }
    CHECK (seen == 1, "%d \"viewed\" steps in the history of %s", seen, opened);
    vp_val_destroy (&history);
    tu_ok ("her first get -> one documents.viewed (actor her, corr the get's), \"viewed\" in the history; "
           "two gets more -> nothing");

    //  4. vp-notify applied it: acknowledged for her, in the same flow.
    item = s_notification (opened, true);
    CHECK (!item, "the assignment of %s is still unread after she opened it", opened);
    item = s_notification (opened, false);
    CHECK (item && vp_map_get (item, "acked_at"), "the assignment of %s is not acknowledged", opened);
    vp_val_destroy (&item);
    vp_val_t *acked = NULL;
    CHECK (s_events ("notify", "notify.acked", "id", nid, &acked) == 1, "notify.acked of %s: not once", nid);
    CHECK (strcmp (tu_str (vp_map_get (acked, "data"), "by"), "viewed") == 0
        && strcmp (tu_str (vp_map_get (acked, "data"), "officer"), LS_TAI_CHINH) == 0
        && strcmp (tu_str (acked, "corr"), tu_str (viewed, "corr")) == 0,
           "notify.acked %s after documents.viewed %s", vp_val_to_json (acked), vp_val_to_json (viewed));
    vp_val_destroy (&acked);
    vp_val_destroy (&viewed);
    item = s_notification (control, true);
    CHECK (item, "the assignment of %s, which she did not open, was acknowledged", control);
    vp_val_destroy (&item);
    CHECK (s_events ("notify", "notify.acked", "id", control_nid, NULL) == 0, "%s acknowledged", control_nid);
    tu_ok ("vp-notify: her assignment acknowledged, one notify.acked by=viewed in the get's flow; "
           "the other stays unread");

    //  5. Past the escalation time: only the one she did not open.
    s_now += 31 * S_MINUTE;
    tu_stack_set_clock (&s_stack, s_now);
    int escalated = 0;
    for (int waited = 0; waited < 10000 && !escalated; waited += 50) {
        tu_sleep_ms (50);
        escalated = s_events ("notify", "notify.escalated", "id", control_nid, NULL);
    }
    CHECK (escalated == 1, "the notification of %s, not opened, did not escalate", control);
    tu_sleep_ms (300);          //  three scans more
    tu_stack_sync (&s_stack);
    CHECK (s_events ("notify", "notify.escalated", "id", nid, NULL) == 0,
           "the notification of %s escalated though she opened it", opened);
    CHECK (s_events ("notify", "notify.escalated", "id", control_nid, NULL) == 1, "%s escalated more than once",
           control_nid);
    tu_ok ("31 minutes on: the document she did not open escalates to the office head, the one she opened does not");

    vp_cmdcli_destroy (&s_docs);
    vp_cmdcli_destroy (&s_ntf);
    tu_stack_stop (&s_stack);
    printf ("%d checks, %d failed\n", tu_checks, tu_failed);
    tu_cleanup ();
    return tu_failed ? 1 : 0;
}
