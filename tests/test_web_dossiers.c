/*  test_web_dossiers - hồ sơ in the browser (/ho-so, /ho-so/<id>) over
    HTTP against a real stack (the demo district, the injected clock).

    Lam Sơn's clerk and office head, on 02/03/2026, with two documents
    registered (dated 01/03 and 02/03). Checks that:
      (a) /ho-so is linked from the menu and shows this year of the clock;
          the clerk opens a dossier through its form (303 to the dossier),
          the same code again is refused naming «Mã hồ sơ»;
      (b) the two documents are added, the later by its id, the earlier by
          its arrival number, and the index lists them in the order they
          were made, each linked to its page; a Mật one added shows an
          officer not cleared for it its place and nothing of it; the list
          shows the code and the count;
      (c) its PDF export is a PDF whose text holds the title, its XML holds
          the FileCode and the title;
      (d) a change of use regime by the clerk waits for the office head,
          who confirms it on the page;
      (e) the clerk may not freeze it (403, no form); the office head
          freezes it with a reason, and the clerk's add is then refused in
          Vietnamese on the page; lifted, the clerk closes it;
      (f) eleven months later the office head sees it due for the office
          archive (the clerk does not), and it is handed over.
*/
#include <string.h>
#include "test_web_util.h"
#include "vp/vp_fields.h"

#define TENANT "lam-son"
#define CLERK "ls-nguyen-van-cong"
#define HEAD "ls-phan-thi-mau-truong"
#define OUTSIDER "ls-dang-thi-mau-tam"      //  Địa chính – Xây dựng, not cleared for Mật
#define PASSWORD "Mat-khau-du-dai-2026"
#define ORGAN "000.00.31.H40"
#define TITLE "Hồ sơ công văn đến năm 2026"
#define CODE ORGAN ".2026.01"

static tu_stack_t s_stack;
static vp_cmdcli_t *s_docs;

static bool
s_has (const tw_answer_t *a, const char *text)
{
    return a->body && strstr (a->body, text) != NULL;
}

//  Register a document of date day; its id and arrival number.
static void
s_register (const char *number, const char *day, char id[40], long long *arrival)
{
    char w_number[80], w_date[80], w_summary[200];
    snprintf (w_number, sizeof w_number, "number=%s", number);
    snprintf (w_date, sizeof w_date, "doc_date=%s", day);
    snprintf (w_summary, sizeof w_summary, "summary=Về việc báo cáo số %s", number);
    vp_val_t *r = tu_ok_call (s_docs, TENANT, CLERK, "documents.register", "issuer=UBND huyện Đô Lương", w_number,
                              w_date, "type=cong-van", "field=dieu-hanh", w_summary, "deadline=20/03/2026 17:00");
    snprintf (id, 40, "%s", tu_str (r, VP_K_DOCUMENT));
    *arrival = vp_map_int (r, VP_K_ARRIVAL_NUMBER, 0);
    vp_val_destroy (&r);
}

//  POST a step on the dossier: its action and one field (name NULL:
//  none); the answer.
static tw_answer_t
s_step (tw_browser_t *b, const char *action, const char *name, const char *value)
{
    return tw_post (b, "/ho-so/hs-01", true, (const char *const[]) { "action", action, name, value, NULL });
}

static void
s_expect_303 (tw_browser_t *b, const char *action, const char *name, const char *value, const char *what)
{
    tw_answer_t a = s_step (b, action, name, value);
    char where[300] = "";
    tw_header (&a, "Location", where, sizeof where);
    CHECK (a.status == 303 && strstr (where, "/ho-so/hs-01?xong="), "%s (%d, %s):\n%.1500s", what, a.status, where,
           a.body ? a.body : "");
    tw_free (&a);
}

static tw_answer_t
s_page (tw_browser_t *b)
{
    tw_answer_t a = tw_get (b, "/ho-so/hs-01");
    CHECK (a.status == 200, "the dossier's page (%d)", a.status);
    return a;
}

static const char *
s_save (const tw_answer_t *a, const char *name)
{
    static char path[1200];
    snprintf (path, sizeof path, "%s/%s", tu_tmpdir ("web-dossiers-files"), name);
    FILE *f = fopen (path, "wb");
    TU_CHECK (f && fwrite (a->body, 1, a->size, f) == a->size, "cannot write %s", path);
    fclose (f);
    return path;
}

int
main (void)
{
    tu_stack_opts_t opts = { .demo = true, .clock = tu_local_ms (2026, 3, 2, 8, 0),
                             .services = (const char *const[]) { "staffing", "documents", "calendar", "notify", NULL } };
    tu_stack_start_opts (&s_stack, "web-dossiers", &opts);
    tu_stack_set_password (&s_stack, TENANT, CLERK, PASSWORD);
    tu_stack_set_password (&s_stack, TENANT, HEAD, PASSWORD);
    tu_stack_set_password (&s_stack, TENANT, OUTSIDER, PASSWORD);
    s_docs = tu_stack_client (&s_stack, "documents");
    vp_cmdcli_t *admin = tu_stack_admin (&s_stack, "documents");
    tu_drop (tu_ok_call (admin, TENANT, "", "documents.organ.set", "body=van-phong", "organ_id=" ORGAN));
    vp_cmdcli_destroy (&admin);
    char d_first[40], d_second[40];
    long long n_first, n_second;
    s_register ("71/UBND-VP", "01/03/2026", d_first, &n_first);
    s_register ("72/UBND-VP", "02/03/2026", d_second, &n_second);
    vp_val_t *r = tu_ok_call (s_docs, TENANT, CLERK, "documents.register", "issuer=Công an huyện Đô Lương",
                              "number=77/CAH-MAT", "doc_date=02/03/2026", "type=cong-van", "secrecy=mat",
                              "summary=Danh sách đối tượng MAT-WEB-MARKER");
    char d_secret[40];
    snprintf (d_secret, sizeof d_secret, "%s", tu_str (r, VP_K_DOCUMENT));
    vp_val_destroy (&r);
    tu_stack_set_clock (&s_stack, tu_local_ms (2026, 3, 2, 9, 0));
    tu_stack_sync (&s_stack);
    pid_t web = 0;
    int port = tw_start (&s_stack, &web);
    tw_browser_t clerk = { .port = port }, head = { .port = port };
    CHECK (tw_login (&clerk, TENANT, CLERK, PASSWORD) == 303, "the clerk signs in");
    CHECK (tw_login (&head, TENANT, HEAD, PASSWORD) == 303, "the office head signs in");

    //  (a) the list of this year, a dossier opened through its form
    tw_answer_t a = tw_get (&clerk, "/ho-so");
    CHECK (a.status == 200 && s_has (&a, "href=\"/ho-so\"") && s_has (&a, "Danh mục hồ sơ năm 2026")
           && s_has (&a, "Năm 2026 chưa có hồ sơ nào") && s_has (&a, "id=\"form-mo\"") && !s_has (&a, "id=\"den-han\""),
           "/ho-so: linked, this year of the clock, empty, the form; no archive list for the clerk (%d)", a.status);
    tw_free (&a);
    const char *const create[] = { "action", "mo", VP_K_DOSSIER, "hs-01", VP_K_TITLE, TITLE, VP_K_YEAR, "2026",
                                   VP_K_BODY, "van-phong", VP_K_NOTATION, "01", VP_K_RETENTION_YEARS, "10",
                                   VP_K_RIGHTS, "han-che",
                                   NULL };
    a = tw_post (&clerk, "/ho-so", true, create);
    char where[300] = "";
    tw_header (&a, "Location", where, sizeof where);
    CHECK (a.status == 303 && !strcmp (where, "/ho-so/hs-01?xong=mo"), "opened, sent to it (%d, %s)", a.status, where);
    tw_free (&a);
    a = tw_post (&clerk, "/ho-so", true, create);
    CHECK (a.status == 400 && s_has (&a, "«Mã hồ sơ» &quot;hs-01&quot; đã có") && s_has (&a, "value=\"" TITLE "\""),
           "the same code again is refused by its field, what was typed kept (%d):\n%.2000s", a.status, a.body);
    tw_free (&a);
    a = tw_post (&clerk, "/ho-so", true, (const char *const[]) { "action", "mo", VP_K_DOSSIER, "hs-02", VP_K_YEAR, "2026", NULL });
    CHECK (a.status == 400 && s_has (&a, "Cần nhập «Tiêu đề hồ sơ»"), "a dossier needs a title (%d)", a.status);
    tw_free (&a);

    //  (b) two documents, the later first, by id and by arrival number
    char arrival[32];
    snprintf (arrival, sizeof arrival, "%lld/2026", n_first);
    s_expect_303 (&clerk, "them", VP_K_DOCUMENT, d_second, "the second document added by its id");
    s_expect_303 (&clerk, "them", VP_K_DOCUMENT, arrival, "the first added by its arrival number");
    s_expect_303 (&clerk, "them", VP_K_DOCUMENT, d_secret, "the Mật one added");
    a = s_step (&clerk, "them", VP_K_DOCUMENT, "");
    CHECK (a.status == 400 && s_has (&a, "Cần nhập «Văn bản"), "an add without a document is refused by its field");
    tw_free (&a);
    a = s_page (&clerk);
    const char *items = a.body ? strstr (a.body, "id=\"muc-luc\"") : NULL;
    const char *first = items ? strstr (items, "71/UBND-VP") : NULL, *second = items ? strstr (items, "72/UBND-VP") : NULL;
    char link[80];
    snprintf (link, sizeof link, "href=\"/van-ban/%s\"", d_first);
    CHECK (first && second && first < second && s_has (&a, "data-stt=\"3\"") && !s_has (&a, "data-stt=\"4\"")
           && s_has (&a, "MAT-WEB-MARKER")
           && s_has (&a, link) && s_has (&a, TITLE) && s_has (&a, CODE) && s_has (&a, "10 năm")
           && s_has (&a, "Đang mở") && s_has (&a, "01/03/2026 – 02/03/2026"),
           "the index in the order they were made, linked; code, retention, state, span:\n%.3000s", a.body);
    tw_free (&a);
    tw_browser_t outsider = { .port = port };
    CHECK (tw_login (&outsider, TENANT, OUTSIDER, PASSWORD) == 303, "an officer not cleared for Mật signs in");
    a = s_page (&outsider);
    snprintf (link, sizeof link, "href=\"/van-ban/%s\"", d_secret);
    CHECK (s_has (&a, "data-stt=\"3\"") && s_has (&a, "Văn bản mật") && !s_has (&a, "MAT-WEB-MARKER")
           && !s_has (&a, "77/CAH-MAT") && !s_has (&a, "Công an huyện") && !s_has (&a, link) && s_has (&a, "71/UBND-VP"),
           "she sees the Mật one's place and nothing of it:\n%.3000s", a.body);
    tw_free (&a);
    a = tw_get (&clerk, "/ho-so?nam=2026");
    const char *row = a.body ? strstr (a.body, "data-ho-so=\"hs-01\"") : NULL;
    CHECK (row && strstr (row, CODE) && strstr (row, "<td class=\"num\">3</td>") && strstr (row, "Nguyễn Văn Công"),
           "the list: its code, three documents, its creator:\n%.3000s", a.body);
    tw_free (&a);
    a = tw_get (&clerk, "/ho-so?nam=2025");
    CHECK (a.status == 200 && s_has (&a, "Năm 2025 chưa có hồ sơ nào"), "another year has none");
    tw_free (&a);

    //  (c) its exports
    a = tw_post (&clerk, "/ho-so/hs-01/xuat", true, (const char *const[]) { "dinh-dang", "pdf", NULL });
    char type[200] = "";
    tw_header (&a, "Content-Type", type, sizeof type);
    CHECK (a.status == 200 && strstr (type, "application/pdf") && a.size > 4 && !memcmp (a.body, "%PDF", 4),
           "the PDF (%d, %s)", a.status, type);
    char cmd[1400];
    snprintf (cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' -", s_save (&a, "ho-so.pdf"));
    char *text = tu_output (cmd);
    CHECK (strstr (text, TITLE) && strstr (text, "71/UBND-VP"), "its text: the title, the documents:\n%.1500s", text);
    free (text);
    tw_free (&a);
    a = tw_post (&clerk, "/ho-so/hs-01/xuat", true, (const char *const[]) { "dinh-dang", "xml", NULL });
    CHECK (a.status == 200 && a.size && memmem (a.body, a.size, "<FileCode>", 10)
           && memmem (a.body, a.size, "<OrganId>" ORGAN "</OrganId>", strlen ("<OrganId>" ORGAN "</OrganId>"))
           && memmem (a.body, a.size, "<Title>" TITLE "</Title>", strlen ("<Title>" TITLE "</Title>")),
           "the XML: its FileCode (the office's id) and title (%d)", a.status);
    tw_free (&a);

    //  (d) the use regime changed by the clerk waits for the office head
    s_expect_303 (&clerk, "che-do", VP_K_RIGHTS, "cong-khai", "the clerk asks for another use regime");
    a = s_page (&clerk);
    CHECK (s_has (&a, "Công khai, chờ Tổ trưởng Văn phòng xác nhận") && !s_has (&a, "id=\"form-xac-nhan\""),
           "it waits; the clerk cannot confirm it");
    tw_free (&a);
    a = s_page (&head);
    CHECK (s_has (&a, "id=\"form-xac-nhan\""), "the office head is asked");
    tw_free (&a);
    a = tw_post (&head, "/ho-so/hs-01", true, (const char *const[]) { "action", "xac-nhan", NULL });
    CHECK (a.status == 303, "she confirms it (%d)", a.status);
    tw_free (&a);
    a = s_page (&clerk);
    CHECK (!s_has (&a, "chờ Tổ trưởng") && s_has (&a, "<th scope=\"row\">Chế độ sử dụng</th><td>Công khai</td>"),
           "the dossier is public now");
    tw_free (&a);

    //  (e) frozen by the office head only; adding is refused while frozen
    a = s_page (&clerk);
    CHECK (!s_has (&a, "id=\"form-phong-toa\""), "the clerk is offered no freeze");
    tw_free (&a);
    a = s_step (&clerk, "phong-toa", VP_K_REASON, "Tự ý");
    CHECK ((a.status == 403 || s_has (&a, "Không được phép")) && s_has (&a, "chỉ Tổ trưởng Văn phòng"),
           "the clerk's freeze is refused (%d):\n%.1500s", a.status, a.body);
    tw_free (&a);
    a = s_step (&head, "phong-toa", VP_K_REASON, "");
    CHECK (a.status == 400 && s_has (&a, "Cần nhập «Lý do"), "a freeze needs its reason");
    tw_free (&a);
    s_expect_303 (&head, "phong-toa", VP_K_REASON, "Theo Quyết định thanh tra số 12/QĐ-TTr", "the office head freezes it");
    a = s_page (&clerk);
    CHECK (s_has (&a, "<td>Phong tỏa</td>") && s_has (&a, "Theo Quyết định thanh tra số 12/QĐ-TTr")
           && !s_has (&a, "id=\"form-them\""), "frozen, its reason shown, no add offered");
    tw_free (&a);
    a = s_step (&clerk, "them", VP_K_DOCUMENT, d_first);
    CHECK (a.status == 400 && s_has (&a, "đang bị phong tỏa") && s_has (&a, "không được thêm văn bản")
           && s_has (&a, "role=\"alert\""), "the clerk's add is refused in Vietnamese on the page (%d):\n%.1500s",
           a.status, a.body);
    tw_free (&a);
    s_expect_303 (&head, "go-phong-toa", VP_K_REASON, "Thanh tra đã kết thúc", "the freeze lifted");
    s_expect_303 (&clerk, "ket-thuc", NULL, NULL, "the clerk closes it");
    a = s_page (&clerk);
    CHECK (s_has (&a, "<td>Đã đóng</td>") && s_has (&a, "02/03/2026") && !s_has (&a, "id=\"form-them\"")
           && s_has (&a, "id=\"form-nop-luu\""), "closed: no add, a hand-over offered");
    tw_free (&a);
    a = s_step (&clerk, "them", VP_K_DOCUMENT, d_first);
    CHECK (a.status == 400 && s_has (&a, "đã đóng"), "a closed dossier takes no more documents");
    tw_free (&a);

    //  (f) due for the office archive within 30 days, handed over
    tu_stack_set_clock (&s_stack, tu_local_ms (2027, 2, 10, 9, 0));
    //  Their sessions of last year ended long ago.
    CHECK (tw_login (&clerk, TENANT, CLERK, PASSWORD) == 303 && tw_login (&head, TENANT, HEAD, PASSWORD) == 303,
           "both sign in again");
    a = tw_get (&head, "/ho-so?nam=2026");
    const char *due = a.body ? strstr (a.body, "id=\"den-han\"") : NULL;
    CHECK (due && strstr (due, CODE) && strstr (due, "02/03/2027"), "the office head sees it due on 02/03/2027:\n%.3000s",
           a.body);
    tw_free (&a);
    a = tw_get (&clerk, "/ho-so?nam=2026");
    CHECK (a.status == 200 && !s_has (&a, "id=\"den-han\""), "the clerk is not shown the archive's list");
    tw_free (&a);
    s_expect_303 (&clerk, "nop-luu", NULL, NULL, "handed over");
    a = tw_get (&clerk, "/ho-so?nam=2026");
    row = a.body ? strstr (a.body, "data-ho-so=\"hs-01\"") : NULL;
    CHECK (row && strstr (row, "Đã nộp lưu"), "the list shows it handed over");
    tw_free (&a);
    a = tw_get (&clerk, "/ho-so/khong-co");
    CHECK (a.status == 404, "a dossier that does not exist is 404 (%d)", a.status);
    tw_free (&a);

    vp_cmdcli_destroy (&s_docs);
    tw_stop (web);
    tu_stack_stop (&s_stack);
    printf ("test_web_dossiers: %d checks passed\n", tu_checks);
    return 0;
}
