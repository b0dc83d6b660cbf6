/*  test_web_dashboard - the office head's Tổng hợp (/tong-hop) and a
    reminder sent from it, over HTTP against a real stack (the demo
    district, the injected clock moved over three weeks).

    Documents arrive on 25/11, 02/12 and 10/12/2026; the page is read on
    Thursday 10/12 09:00 (the week from Monday 07/12, the month from 01/12,
    in the commune's zone). Checks that:
      (a) the office head's page counts incoming this week and this month
          by status, overdue by officer and by body, and lists what waits
          for her to hand on, each linked to its page;
      (b) a leader (a post of an outgoing chain) not cleared for Mật sees
          the page without the Mật document: not counted, its marker word
          nowhere; an officer who is neither gets a 403 that says so in
          Vietnamese;
      (c) the office head reminds the Chủ tịch of an overdue document; the
          form sent again (the same request id) is one effect: one
          reminded step in the trail, one documents.reminded, and the
          Chủ tịch's inbox holds the reminder once, in Vietnamese; a form
          without the CSRF token is 403 and reminds nobody; a Mật
          document's reminder carries its marker word (summary, note) in
          neither the event nor the notification.
*/
#include <string.h>
#include "test_web_util.h"

#define TENANT "lam-son"
#define CLERK "ls-nguyen-van-cong"
#define HEAD "ls-phan-thi-mau-truong"
#define CHAIR "ls-le-van-mau-ba"
#define BI_THU "ls-nguyen-van-mau-mot"
#define DIA_CHINH "ls-dang-thi-mau-tam"
#define PCT "ls-pham-van-mau-bon"
#define PCT_VX "ls-hoang-thi-mau-nam"
#define PASSWORD "Mat-khau-du-dai-2026"
#define MARKER "HOPBIMATDAHUONG"

static tu_stack_t s_stack;
static vp_cmdcli_t *s_docs;

static bool
s_has (const tw_answer_t *a, const char *text)
{
    return a->body && strstr (a->body, text) != NULL;
}

//  A document routed by its field (none: to the office head); its id.
static void
s_register (const char *number, const char *field, const char *secrecy, const char *deadline, char id[40])
{
    char w_number[80], w_field[80], w_secrecy[40], w_deadline[80], w_summary[200];
    snprintf (w_number, sizeof w_number, "number=%s", number);
    //  No field: routed to the office head, who hands it on.
    snprintf (w_field, sizeof w_field, field ? "field=%s" : "urgency=thuong", field ? field : "");
    snprintf (w_secrecy, sizeof w_secrecy, "secrecy=%s", secrecy);
    snprintf (w_deadline, sizeof w_deadline, "deadline=%s", deadline);
    snprintf (w_summary, sizeof w_summary, "summary=Về việc %s số %s",
              strcmp (secrecy, "thuong") ? MARKER : "báo cáo", number);
    vp_val_t *r = tu_ok_call (s_docs, TENANT, CLERK, "documents.register", "issuer=UBND huyện Đô Lương", w_number,
                              "doc_date=20/11/2026", "type=cong-van", w_field, w_secrecy, w_summary, w_deadline);
    snprintf (id, 40, "%s", tu_str (r, "document"));
    vp_val_destroy (&r);
}

//  The number in the cell that has attr (e.g. `data-status="assigned"`)
//  after the first `after`, or -1.
static long
s_cell (const tw_answer_t *a, const char *after, const char *attr)
{
    const char *from = a->body ? strstr (a->body, after) : NULL;
    const char *at = from ? strstr (from, attr) : NULL;
    at = at ? strchr (at, '>') : NULL;
    return at ? strtol (at + 1, NULL, 10) : -1;
}

//  The request id of the reminder form of a document.
static void
s_request_of (const tw_answer_t *a, const char *doc, char out[40])
{
    char key[120];
    snprintf (key, sizeof key, "name=\"document\" value=\"%s\"", doc);
    const char *at = strstr (a->body, key);
    TU_CHECK (at, "a reminder form for %s", doc);
    const char *req = NULL;
    for (const char *p = strstr (a->body, "name=\"request\" value=\""); p && p < at;
         p = strstr (p + 1, "name=\"request\" value=\""))
        req = p;
    TU_CHECK (req, "the form carries a request id");
    snprintf (out, 40, "%.26s", req + strlen ("name=\"request\" value=\""));
}

//  The reminders of a document in an officer's inbox.
static int
s_reminders (const char *officer, const char *doc, char *text, size_t size)
{
    vp_cmdcli_t *ntf = tu_stack_client (&s_stack, "notify");
    vp_val_t *inbox = tu_ok_call (ntf, TENANT, officer, "notify.inbox", "limit=500");
    int n = 0;
    const vp_val_t *items = vp_map_get (inbox, "items");
    for (size_t i = 0; i < vp_val_len (items); i++) {
        const vp_val_t *item = vp_array_at ((vp_val_t *) items, i);
        if (!strcmp (tu_str (item, "cause_type"), "documents.reminded") && !strcmp (tu_str (item, "document"), doc)) {
            n++;
            snprintf (text, size, "%s\n%s", tu_str (item, "subject"), tu_str (item, "text"));
        }
    }
    vp_val_destroy (&inbox);
    vp_cmdcli_destroy (&ntf);
    return n;
}

int
main (void)
{
    tu_stack_opts_t opts = { .demo = true, .clock = tu_local_ms (2026, 11, 25, 8, 0),
                             .services = (const char *const[]) { "staffing", "documents", "calendar", "notify", NULL } };
    tu_stack_start_opts (&s_stack, "web-dashboard", &opts);
    const char *officers[] = { HEAD, PCT, PCT_VX, NULL };
    for (int i = 0; officers[i]; i++)
        tu_stack_set_password (&s_stack, TENANT, officers[i], PASSWORD);
    s_docs = tu_stack_client (&s_stack, "documents");
    //  The chain of the UBND's outgoing documents: the Phó Chủ tịch
    //  (kinh tế), not cleared for Mật, approves; so he is a leader.
    tu_chain_set (__LINE__, s_docs, TENANT, HEAD, "ubnd", "pho-chu-tich-ubnd-kt,chu-tich-ubnd");

    //  25/11 (last month): the Chủ tịch's and the Bí thư's, due 27/11
    char d_chair[40], d_party[40], d_land[40], d_started[40], d_new[40], d_secret[40];
    s_register ("61/UBND-VP", "dieu-hanh", "thuong", "27/11/2026 17:00", d_chair);
    s_register ("63/HU-VP", "to-chuc-dang", "thuong", "27/11/2026 17:00", d_party);
    //  02/12 (this month): land, due 04/12; the Chủ tịch's, started, due 20/12
    tu_stack_set_clock (&s_stack, tu_local_ms (2026, 12, 2, 8, 0));
    s_register ("62/UBND-VP", "dat-dai", "thuong", "04/12/2026 17:00", d_land);
    s_register ("64/UBND-VP", "dieu-hanh", "thuong", "20/12/2026 17:00", d_started);
    char w_doc[60];
    snprintf (w_doc, sizeof w_doc, "document=%s", d_started);
    tu_drop (tu_ok_call (s_docs, TENANT, CHAIR, "documents.start", w_doc));
    //  10/12 (this week): two for the office head to hand on, one Mật
    tu_stack_set_clock (&s_stack, tu_local_ms (2026, 12, 10, 9, 0));
    s_register ("65/UBND-VP", NULL, "thuong", "17/12/2026 17:00", d_new);
    s_register ("66/CA-VP", NULL, "mat", "17/12/2026 17:00", d_secret);
    tu_stack_sync (&s_stack);
    pid_t web = 0;
    int port = tw_start (&s_stack, &web);

    //  (a) the office head's page
    tw_browser_t head = { .port = port };
    CHECK (tw_login (&head, TENANT, HEAD, PASSWORD) == 303, "the office head signs in");
    tw_answer_t a = tw_get (&head, "/tong-hop");
    CHECK (a.status == 200 && s_has (&a, "Tuần này (từ 07/12/2026)") && s_has (&a, "Tháng này (từ 01/12/2026)"),
           "the page names the week and the month in the commune's zone (%d):\n%.3000s", a.status, a.body);
    CHECK (s_cell (&a, "id=\"den\"", "data-period=\"week\" data-status=\"assigned\"") == 2
           && s_cell (&a, "id=\"den\"", "data-period=\"week\" data-status=\"total\"") == 2,
           "this week: 2 arrived, both assigned");
    CHECK (s_cell (&a, "id=\"den\"", "data-period=\"month\" data-status=\"assigned\"") == 3
           && s_cell (&a, "id=\"den\"", "data-period=\"month\" data-status=\"in_progress\"") == 1
           && s_cell (&a, "id=\"den\"", "data-period=\"month\" data-status=\"total\"") == 4,
           "this month: 4, of which 3 assigned and 1 in progress");
    CHECK (s_cell (&a, "id=\"can-bo\"", "data-can-bo=\"" CHAIR "\"") == 1
           && s_cell (&a, "id=\"can-bo\"", "data-can-bo=\"" BI_THU "\"") == 1
           && s_cell (&a, "id=\"can-bo\"", "data-can-bo=\"" DIA_CHINH "\"") == 1, "overdue: one each by officer");
    CHECK (s_cell (&a, "id=\"co-quan\"", "data-co-quan=\"ubnd\"") == 2
           && s_cell (&a, "id=\"co-quan\"", "data-co-quan=\"dang-uy\"") == 1, "overdue by body: UBND 2, Đảng ủy 1");
    CHECK (s_cell (&a, "id=\"cho-giao\"", "data-waiting=\"total\"") == 2 && s_has (&a, "65/UBND-VP")
           && s_has (&a, "66/CA-VP"), "two wait for her to hand on, the Mật one too (she is cleared)");
    char link[80];
    snprintf (link, sizeof link, "href=\"/van-ban/%s\"", d_new);
    CHECK (s_has (&a, link), "each waiting document links to its page");
    char request[40];
    s_request_of (&a, d_chair, request);
    tw_free (&a);

    //  (b) a leader not cleared for Mật; an officer who is not a leader
    tw_browser_t pct = { .port = port }, vx = { .port = port };
    CHECK (tw_login (&pct, TENANT, PCT, PASSWORD) == 303, "the Phó Chủ tịch signs in");
    a = tw_get (&pct, "/tong-hop");
    CHECK (a.status == 200 && s_cell (&a, "id=\"den\"", "data-period=\"week\" data-status=\"total\"") == 1
           && s_cell (&a, "id=\"cho-giao\"", "data-waiting=\"total\"") == 1,
           "a leader sees the page, without the Mật document (%d)", a.status);
    CHECK (!s_has (&a, MARKER) && !s_has (&a, "66/CA-VP"), "its marker is nowhere on his page");
    tw_free (&a);
    CHECK (tw_login (&vx, TENANT, PCT_VX, PASSWORD) == 303, "the Phó Chủ tịch (văn hóa) signs in");
    a = tw_get (&vx, "/tong-hop");
    CHECK (a.status == 403 && s_has (&a, "Chỉ Tổ trưởng Văn phòng") && !s_has (&a, "61/UBND-VP"),
           "an officer who is not a leader is refused in Vietnamese (%d):\n%.2000s", a.status, a.body);
    tw_free (&a);

    //  (c) a reminder, sent twice
    const char *const fields[] = { "request", request, "document", d_chair, "note", "Đề nghị báo cáo trước 16 giờ",
                                   NULL };
    a = tw_post (&head, "/tong-hop/nhac", false, fields);
    CHECK (a.status == 403, "without the CSRF token: 403 (%d)", a.status);
    tw_free (&a);
    for (int i = 0; i < 2; i++) {
        a = tw_post (&head, "/tong-hop/nhac", true, fields);
        CHECK (a.status == 200 && s_has (&a, "Đã nhắc đồng chí Lê Văn Mẫu Ba"),
               "the office head reminds the Chủ tịch (sent %d times; %d):\n%.2000s", i + 1, a.status, a.body);
        tw_free (&a);
    }
    tu_stack_sync (&s_stack);
    vp_val_t *events = tu_stack_events (&s_stack, "documents", "documents.reminded", "document", d_chair);
    CHECK (vp_val_len (events) == 1, "one documents.reminded (%zu)", vp_val_len (events));
    vp_val_destroy (&events);
    snprintf (w_doc, sizeof w_doc, "document=%s", d_chair);
    vp_val_t *h = tu_ok_call (s_docs, TENANT, HEAD, "documents.history", w_doc);
    int steps = 0;
    for (size_t i = 0; i < vp_val_len (vp_map_get (h, "history")); i++)
        steps += !strcmp (tu_str (vp_array_at (vp_map_get (h, "history"), i), "step"), "reminded");
    CHECK (steps == 1, "one reminded step in its trail (%d)", steps);
    vp_val_destroy (&h);
    char text[4200] = "";
    int told = s_reminders (CHAIR, d_chair, text, sizeof text);
    CHECK (told == 1, "the Chủ tịch is told once (%d)", told);
    CHECK (strstr (text, "Đôn đốc xử lý văn bản 61/UBND-VP") && strstr (text, "Phan Thị Mẫu Trưởng")
           && strstr (text, "Đề nghị báo cáo trước 16 giờ"), "in Vietnamese, by whom, with her words:\n%s", text);
    a = tw_get (&head, "/tong-hop");
    CHECK (s_has (&a, "10/12/2026 09:00"), "the page shows when it was reminded");
    tw_free (&a);
    //  A Mật document's reminder: its text stays in vp-documents
    a = tw_get (&head, "/tong-hop");
    tw_free (&a);
    snprintf (w_doc, sizeof w_doc, "document=%s", d_secret);
    a = tw_post (&head, "/tong-hop/nhac", true, (const char *[]) { "request", "01KBQ0000000000000000000BB",
                                                                    "document", d_secret, "note", MARKER, NULL });
    CHECK (a.status == 200 && s_has (&a, "Đã nhắc"), "a Mật document's assignee is reminded too (%d)", a.status);
    tw_free (&a);
    tu_stack_sync (&s_stack);
    events = tu_stack_events (&s_stack, "documents", "documents.reminded", "document", d_secret);
    char *json = vp_val_to_json (events);
    CHECK (vp_val_len (events) == 1 && !strstr (json, MARKER), "its event carries no secret text:\n%s", json);
    free (json);
    vp_val_destroy (&events);
    CHECK (s_reminders (HEAD, d_secret, text, sizeof text) == 1 && !strstr (text, MARKER),
           "nor its notification:\n%s", text);
    const char *const by_pct[] = { "request", "01KBQ0000000000000000000AA", "document", d_land, NULL };
    a = tw_post (&vx, "/tong-hop/nhac", true, by_pct);
    CHECK (a.status == 403 && s_reminders (DIA_CHINH, d_land, text, sizeof text) == 0,
           "an officer who is not a leader reminds nobody (%d)", a.status);
    tw_free (&a);

    vp_cmdcli_destroy (&s_docs);
    tw_stop (web);
    tu_stack_stop (&s_stack);
    printf ("test_web_dashboard: %d checks passed\n", tu_checks);
    return 0;
}
