/*  test_notify_outgoing - each step of an outgoing document tells the
    officer it waits for, once, in Vietnamese.

    The demo district with vp-staffing, vp-documents and vp-notify. Lam
    Sơn's land officer drafts a Công văn for Minh Sơn's UBND and asks two
    officers' opinion (each is told; the one who does not answer is told
    again, once, when the deadline has passed), submits it (the office
    head is told), the office head approves (the Chủ tịch is told it waits
    for his signature), he sends it back (the drafter is told), then signs
    (the drafter is told it is issued; Minh Sơn's clerk that it arrived;
    Lam Sơn's clerk that Minh Sơn registered it), and recalls it (Minh
    Sơn's clerk is told). Each applied again changes nothing.
*/
#include <string.h>
#include "testutil.h"

#define LS "lam-son"
#define DRAFTER "ls-dang-thi-mau-tam"
#define ASKED1 "ls-bui-van-mau-chin"
#define ASKED2 "ls-do-van-mau-muoi"
#define HEAD "ls-phan-thi-mau-truong"      //  Tổ trưởng Văn phòng: approves first
#define LS_CLERK "ls-nguyen-van-cong"      //  Văn phòng – Thống kê (văn thư)
#define CHAIR "ls-le-van-mau-ba"
#define MS_CLERK "ms-phan-thi-mau-muoi-bon"    //  Minh Sơn's Văn phòng – Thống kê (văn thư)

static tu_stack_t s_stack;
static vp_cmdcli_t *s_cli;
static char s_db[1200];

static vp_val_t *
s_one (const char *key, const char *value)
{
    vp_val_t *args = vp_val_map ();
    vp_map_put_str (args, key, value);
    return args;
}

static void
s_do (int line, const char *actor, const char *cmd, vp_val_t *args)
{
    tu_drop (tu_ok_args (line, s_cli, LS, actor, cmd, args));
}

//  How many notifications of type officer of tenant has, once the stack
//  is synced and vp-notify had up to 10 s to reach want.
static int64_t
s_told (const char *tenant, const char *officer, const char *type, int64_t want)
{
    char sql[600];
    snprintf (sql, sizeof sql, "SELECT count(*) FROM ntf_notification WHERE tenant = '%s' AND officer = '%s'"
              " AND cause_type = 'documents.%s'", tenant, officer, type);
    tu_stack_sync (&s_stack);
    int64_t got = tu_sql_int (s_db, sql);
    for (int i = 0; i < 200 && got != want; i++) {
        tu_sleep_ms (50);
        got = tu_sql_int (s_db, sql);
    }
    return got;
}

#define TOLD(tenant, officer, type, want) \
    CHECK (s_told (tenant, officer, type, want) == want, "%s told of %s %lld times, expected %d", officer, type, \
           (long long) s_told (tenant, officer, type, want), want)

int
main (void)
{
    tu_stack_opts_t opts = { .demo = true, .services = (const char *const[]) { "staffing", "documents", "notify", NULL } };
    tu_stack_start_opts (&s_stack, "notify-outgoing", &opts);
    snprintf (s_db, sizeof s_db, "%s/data/notify.db", s_stack.bus.dir);
    s_cli = tu_stack_client (&s_stack, "documents");

    vp_val_t *args = s_one ("body", "ubnd");
    vp_val_t *posts = vp_val_array ();
    vp_array_push (posts, vp_val_str ("to-truong-vp"));
    vp_array_push (posts, vp_val_str ("chu-tich-ubnd"));
    vp_map_put (args, "posts", posts);
    s_do (__LINE__, HEAD, "documents.outgoing.chain.set", args);

    args = vp_val_map ();
    vp_map_put_str (args, "body", "ubnd");
    vp_map_put_str (args, "type", "cong-van");
    vp_map_put_str (args, "summary", "V/v phối hợp tổ chức Ngày hội Đại đoàn kết");
    vp_val_t *to = vp_val_array ();
    vp_array_push (to, vp_val_str ("minh-son.ubnd"));
    vp_map_put (args, "to", to);
    vp_map_put (args, "pdf", tu_pdf ("", 1));
    vp_val_t *r = tu_ok_args (__LINE__, s_cli, LS, DRAFTER, "documents.outgoing.draft", args);
    char id[64];
    snprintf (id, sizeof id, "%s", tu_str (r, "outgoing"));
    vp_val_destroy (&r);

    //  Opinion requested: both asked, once each.
    args = s_one ("outgoing", id);
    vp_val_t *officers = vp_val_array ();
    vp_array_push (officers, vp_val_str (ASKED1));
    vp_array_push (officers, vp_val_str (ASKED2));
    vp_map_put (args, "officers", officers);
    vp_map_put_int (args, "days", 1);
    s_do (__LINE__, DRAFTER, "documents.outgoing.consult", args);
    TOLD (LS, ASKED1, "outgoing_consulted", 1);
    TOLD (LS, ASKED2, "outgoing_consulted", 1);
    char sql[600];
    snprintf (sql, sizeof sql, "SELECT count(*) FROM ntf_notification WHERE officer = '%s' AND cause_type ="
              " 'documents.outgoing_consulted' AND subject LIKE 'Xin ý kiến về dự thảo: V/v phối hợp%%'"
              " AND text LIKE '%%Mã văn bản đi: %s.%%'", ASKED1, id);
    CHECK (tu_sql_int (s_db, sql) == 1, "the request for an opinion is in Vietnamese and names the draft");
    args = s_one ("outgoing", id);
    vp_map_put_str (args, "answer", "agree");
    vp_map_put_str (args, "text", "Nhất trí");
    s_do (__LINE__, ASKED1, "documents.outgoing.opinion", args);

    //  Submitted: the office head; approved: the Chủ tịch, for his signature.
    s_do (__LINE__, DRAFTER, "documents.outgoing.submit", s_one ("outgoing", id));
    TOLD (LS, HEAD, "outgoing_submitted", 1);
    s_do (__LINE__, HEAD, "documents.outgoing.approve", s_one ("outgoing", id));
    TOLD (LS, CHAIR, "outgoing_approved", 1);
    snprintf (sql, sizeof sql, "SELECT count(*) FROM ntf_notification WHERE officer = '%s' AND cause_type ="
              " 'documents.outgoing_approved' AND subject LIKE 'Chờ đồng chí ký:%%'", CHAIR);
    CHECK (tu_sql_int (s_db, sql) == 1, "the Chủ tịch is told it waits for his signature (ký)");
    TOLD (LS, HEAD, "outgoing_approved", 0);

    //  Sent back: the drafter.
    args = s_one ("outgoing", id);
    vp_map_put_str (args, "reason", "Bổ sung thành phần tham dự");
    s_do (__LINE__, CHAIR, "documents.outgoing.send_back", args);
    TOLD (LS, DRAFTER, "outgoing_sent_back", 1);
    args = s_one ("outgoing", id);
    vp_map_put_str (args, "note", "bổ sung thành phần");
    s_do (__LINE__, DRAFTER, "documents.outgoing.revise", args);
    s_do (__LINE__, DRAFTER, "documents.outgoing.submit", s_one ("outgoing", id));
    s_do (__LINE__, HEAD, "documents.outgoing.approve", s_one ("outgoing", id));
    TOLD (LS, CHAIR, "outgoing_approved", 2);

    //  Issued: the drafter; arrived: Minh Sơn's clerk; registered there:
    //  Lam Sơn's clerk.
    s_do (__LINE__, CHAIR, "documents.outgoing.sign", s_one ("outgoing", id));
    TOLD (LS, DRAFTER, "outgoing_issued", 1);
    TOLD ("minh-son", MS_CLERK, "outgoing_delivered", 1);
    TOLD (LS, LS_CLERK, "outgoing_receipt", 1);
    snprintf (sql, sizeof sql, "SELECT count(*) FROM ntf_notification WHERE tenant = 'minh-son' AND cause_type ="
              " 'documents.outgoing_delivered' AND subject LIKE 'Văn bản đến %%/UBND-VP của %%'");
    CHECK (tu_sql_int (s_db, sql) == 1, "Minh Sơn's clerk is told the number and the sender");
    snprintf (sql, sizeof sql, "SELECT count(*) FROM ntf_notification WHERE tenant = 'lam-son' AND cause_type ="
              " 'documents.outgoing_receipt' AND text LIKE '%%minh-son%%số đến 1.%%'");
    CHECK (tu_sql_int (s_db, sql) == 1, "Lam Sơn's clerk is told Minh Sơn's arrival number");

    //  Opinion overdue: the one who did not answer, once however often chased.
    vp_cmdcli_t *ops = tu_stack_operator (&s_stack, "documents");
    tu_stack_set_clock (&s_stack, tu_local_ms (2026, 12, 3, 8, 0));
    for (int i = 0; i < 2; i++) {
        vp_err_t err = { 0 };
        CHECK (tu_call_args (ops, "", "", "documents.outgoing.chase", NULL, &r, &err) == 0, "chase: %s", err.message);
        vp_val_destroy (&r);
    }
    vp_cmdcli_destroy (&ops);
    TOLD (LS, ASKED2, "outgoing_opinion_overdue", 1);
    TOLD (LS, ASKED1, "outgoing_opinion_overdue", 0);

    //  Recalled: Minh Sơn's clerk, whose copy is destroyed.
    args = s_one ("outgoing", id);
    vp_map_put_str (args, "reason", "Ban hành nhầm thời gian");
    s_do (__LINE__, CHAIR, "documents.outgoing.recall", args);
    snprintf (sql, sizeof sql, "SELECT count(*) FROM ntf_notification WHERE tenant = 'minh-son' AND officer = '%s'"
              " AND cause_type = 'documents.outgoing_receipt' AND subject = 'Văn bản đến đã bị thu hồi'", MS_CLERK);
    int64_t recalled = tu_sql_int (s_db, sql);
    for (int i = 0; i < 200 && recalled != 1; i++) {
        tu_sleep_ms (50);
        recalled = tu_sql_int (s_db, sql);
    }
    CHECK (recalled == 1, "Minh Sơn's clerk is told of the recall once (%lld)", (long long) recalled);

    //  Nobody was told anything twice.
    CHECK (tu_sql_int (s_db, "SELECT count(*) FROM (SELECT cause, officer FROM ntf_notification"
                             " WHERE cause_type LIKE 'documents.outgoing%' GROUP BY cause, officer HAVING count(*) > 1)") == 0,
           "an outgoing step told someone twice");
    printf ("figures: %lld notifications of outgoing documents\n",
            (long long) tu_sql_int (s_db, "SELECT count(*) FROM ntf_notification WHERE cause_type LIKE 'documents.outgoing%'"));
    vp_cmdcli_destroy (&s_cli);
    tu_stack_stop (&s_stack);
    printf ("%d checks\n", tu_checks);
    return tu_failed ? 1 : 0;
}
