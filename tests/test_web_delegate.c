/*  test_web_delegate - Việc của tôi of an officer who stands in for one on
    leave (ủy quyền), over HTTP against a real stack (the demo district,
    the injected clock).

    The Chủ tịch has documents when he goes on leave and names the Phó Chủ
    tịch (kinh tế), who is not cleared for Mật. Checks that:
      (a) the Phó Chủ tịch's work lists the Chủ tịch's open documents,
          each marked "thay đ/c <the Chủ tịch's name>", and not the Mật
          one, whose marker word is on none of his pages;
      (b) a delegate cleared for Mật (the Phó Bí thư, for the Bí thư) does
          find the Mật document, named on whose behalf (documents.search
          handles=);
      (c) the delegate marks one done from its page; another officer may
          not; when the delegate goes on leave too, his delegate stands in
          for both;
      (d) once the leave is over, the documents are the Chủ tịch's own
          again and no longer on the delegate's page.
*/
#include <string.h>
#include "test_web_util.h"

#define TENANT "lam-son"
#define CLERK "ls-nguyen-van-cong"
#define HEAD "ls-phan-thi-mau-truong"
#define CHAIR "ls-le-van-mau-ba"
#define CHAIR_NAME "Lê Văn Mẫu Ba"
#define PCT "ls-pham-van-mau-bon"
#define PCT_VX "ls-hoang-thi-mau-nam"
#define BI_THU "ls-nguyen-van-mau-mot"
#define PBT "ls-tran-thi-mau-hai"
#define PASSWORD "Mat-khau-du-dai-2026"
#define MARKER "NGOCTRAIBIMAT"

static tu_stack_t s_stack;
static vp_cmdcli_t *s_docs;

static bool
s_has (const tw_answer_t *a, const char *text)
{
    return a->body && strstr (a->body, text) != NULL;
}

//  Registers a document routed by its field; returns its id.
static const char *
s_register (const char *number, const char *field, const char *secrecy, const char *summary)
{
    static char ids[4][40];
    static int next;
    char w_number[80], w_field[80], w_secrecy[40], w_summary[300];
    snprintf (w_number, sizeof w_number, "number=%s", number);
    snprintf (w_field, sizeof w_field, "field=%s", field);
    snprintf (w_secrecy, sizeof w_secrecy, "secrecy=%s", secrecy);
    snprintf (w_summary, sizeof w_summary, "summary=%s", summary);
    vp_val_t *r = tu_ok_call (s_docs, TENANT, CLERK, "documents.register", "issuer=UBND huyện Đô Lương", w_number,
                              "doc_date=30/11/2026", "type=cong-van", w_field, w_secrecy, w_summary,
                              "deadline=07/12/2026 17:00");
    char *id = ids[next++ % 4];
    snprintf (id, 40, "%s", tu_str (r, "document"));
    vp_val_destroy (&r);
    return id;
}

int
main (void)
{
    tu_stack_opts_t opts = { .demo = true,
                             .services = (const char *const[]) { "staffing", "documents", "calendar", "notify", NULL } };
    tu_stack_start_opts (&s_stack, "web-delegate", &opts);
    const char *officers[] = { PCT, CHAIR, PCT_VX, NULL };
    for (int i = 0; officers[i]; i++)
        tu_stack_set_password (&s_stack, TENANT, officers[i], PASSWORD);
    s_docs = tu_stack_client (&s_stack, "documents");
    vp_cmdcli_t *staff = tu_stack_client (&s_stack, "staffing");

    //  The Chủ tịch's documents (routed by field), and the Bí thư's Mật one.
    const char *plain = s_register ("41/UBND-VP", "dieu-hanh", "thuong", "Về việc kiểm tra tiến độ xây dựng trường");
    const char *other = s_register ("42/UBND-VP", "dieu-hanh", "thuong", "Về việc chuẩn bị họp dân");
    s_register ("43/CA-AN", "dieu-hanh", "mat", "Về việc " MARKER " an ninh");
    const char *party = s_register ("05-CV/HU", "to-chuc-dang", "mat", "Về việc " MARKER " công tác cán bộ");
    tu_drop (tu_ok_call (staff, TENANT, HEAD, "staffing.leave.start", "officer=" CHAIR, "from=01/12/2026",
                         "to=08/12/2026", "delegate=" PCT));
    tu_drop (tu_ok_call (staff, TENANT, HEAD, "staffing.leave.start", "officer=" BI_THU, "from=01/12/2026",
                         "to=08/12/2026", "delegate=" PBT));
    tu_stack_sync (&s_stack);
    pid_t web = 0;
    int port = tw_start (&s_stack, &web);

    //  (a) the delegate's work
    tw_browser_t pct = { .port = port };
    CHECK (tw_login (&pct, TENANT, PCT, PASSWORD) == 303, "the Phó Chủ tịch signs in");
    tw_answer_t a = tw_get (&pct, "/");
    CHECK (a.status == 200 && s_has (&a, "41/UBND-VP") && s_has (&a, "42/UBND-VP"),
           "his work lists the Chủ tịch's documents (%d):\n%.4000s", a.status, a.body);
    CHECK (s_has (&a, "thay đ/c " CHAIR_NAME), "each marked on whose behalf");
    CHECK (!s_has (&a, MARKER) && !s_has (&a, "43/CA-AN"), "and not the Mật one he is not cleared for");
    tw_free (&a);
    const char *pages[] = { "/tim-kiem", "/tim-kiem?q=an+ninh", NULL };
    for (int i = 0; pages[i]; i++) {
        a = tw_get (&pct, pages[i]);
        CHECK (a.status == 200 && !s_has (&a, MARKER), "no trace of the marker on %s", pages[i]);
        tw_free (&a);
    }
    vp_val_t *r = tu_ok_call (s_docs, TENANT, PCT, "documents.search", "handles=" PCT, "open=true");
    CHECK (vp_map_int (r, "total", 0) == 2, "documents.search handles= counts the two he may see (%lld)",
           (long long) vp_map_int (r, "total", 0));
    const vp_val_t *row = vp_array_at (vp_map_get (r, "rows"), 0);
    CHECK (!strcmp (tu_str (row, "on_behalf_of"), CHAIR) && !strcmp (tu_str (row, "on_behalf_of_name"), CHAIR_NAME),
           "a row names on whose behalf: %s", tu_str (row, "on_behalf_of"));
    char *absent = tu_join (vp_map_get (r, "stands_in_for"), "officer");
    CHECK (!strcmp (absent, CHAIR), "he stands in for the Chủ tịch alone: %s", absent);
    free (absent);
    vp_val_destroy (&r);

    //  (b) a cleared delegate finds the Mật one
    r = tu_ok_call (s_docs, TENANT, PBT, "documents.search", "handles=" PBT, "open=true");
    bool found = false;
    for (size_t i = 0; i < vp_val_len (vp_map_get (r, "rows")); i++) {
        row = vp_array_at (vp_map_get (r, "rows"), i);
        found |= !strcmp (tu_str (row, "document"), party) && !strcmp (tu_str (row, "on_behalf_of"), BI_THU);
    }
    CHECK (found, "the Phó Bí thư, cleared for Mật, finds the Bí thư's Mật document on his behalf");
    vp_val_destroy (&r);

    //  (c) the delegate marks one done; another officer may not
    char path[80];
    snprintf (path, sizeof path, "/van-ban/%s", plain);
    a = tw_post (&pct, path, true, (const char *[]) { "action", "done", "note", "Đã kiểm tra thay Chủ tịch", NULL });
    CHECK (a.status == 303, "the delegate marks it done (%d):\n%.2000s", a.status, a.body);
    tw_free (&a);
    char w_doc[60];
    snprintf (w_doc, sizeof w_doc, "document=%s", plain);
    r = tu_ok_call (s_docs, TENANT, CHAIR, "documents.get", w_doc);
    CHECK (!strcmp (tu_str (r, "status"), "done"), "it is done (%s)", tu_str (r, "status"));
    vp_val_destroy (&r);
    snprintf (w_doc, sizeof w_doc, "document=%s", other);
    tu_refused (VP_E_PERMISSION_DENIED, "actor", "only the assignee", s_docs, TENANT, PCT_VX, "documents.done", w_doc);

    //  a chain: the Phó Chủ tịch goes on leave too; his own delegate then
    //  stands in for both
    tu_drop (tu_ok_call (staff, TENANT, HEAD, "staffing.leave.start", "officer=" PCT, "from=01/12/2026",
                         "to=08/12/2026", "delegate=" PCT_VX));
    tu_stack_sync (&s_stack);
    r = tu_ok_call (s_docs, TENANT, PCT_VX, "documents.search", "handles=" PCT_VX, "open=true");
    absent = tu_join (vp_map_get (r, "stands_in_for"), "officer");
    CHECK (strstr (absent, CHAIR) && strstr (absent, PCT), "along the chain, she stands in for both: %s", absent);
    free (absent);
    found = false;
    for (size_t i = 0; i < vp_val_len (vp_map_get (r, "rows")); i++) {
        row = vp_array_at (vp_map_get (r, "rows"), i);
        found |= !strcmp (tu_str (row, "document"), other) && !strcmp (tu_str (row, "on_behalf_of"), CHAIR);
    }
    CHECK (found, "and finds the Chủ tịch's document on his behalf");
    vp_val_destroy (&r);

    //  (d) the leave is over: the Chủ tịch's own again
    tu_stack_set_clock (&s_stack, tu_local_ms (2026, 12, 9, 8, 0));
    tw_browser_t again = { .port = port }, chair = { .port = port };
    CHECK (tw_login (&again, TENANT, PCT, PASSWORD) == 303, "the Phó Chủ tịch signs in after the leave");
    a = tw_get (&again, "/");
    CHECK (a.status == 200 && !s_has (&a, "42/UBND-VP") && !s_has (&a, "thay đ/c"),
           "the Chủ tịch's documents are no longer on his page:\n%.3000s", a.body);
    tw_free (&a);
    CHECK (tw_login (&chair, TENANT, CHAIR, PASSWORD) == 303, "the Chủ tịch signs in");
    a = tw_get (&chair, "/");
    CHECK (a.status == 200 && s_has (&a, "42/UBND-VP") && !s_has (&a, "thay đ/c"), "they are his own again");
    tw_free (&a);

    vp_cmdcli_destroy (&staff);
    vp_cmdcli_destroy (&s_docs);
    tw_stop (web);
    tu_stack_stop (&s_stack);
    printf ("test_web_delegate: %d checks passed\n", tu_checks);
    return 0;
}
