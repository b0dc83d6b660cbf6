/*  test_web_reports - Báo cáo (/bao-cao) and Sổ sách (/so-sach) over HTTP
    against a real stack (the demo district, the injected clock), and the
    report's charts in Debian's chromium at a phone's width
    (tests/web_reports.py).

    Four documents arrive in 2026: in March one for the Chủ tịch (done on
    time), one for the Bí thư (done late), one for the land officer (left,
    overdue by April); in April one more for the Chủ tịch (open, in time).
    The page is read on 02/04/2026. Checks that:
      (a) the office head's /bao-cao counts them per month, per officer and
          per body as they were handled, with the three charts drawn in the
          page as SVG; its spreadsheet (POST /bao-cao/tai) holds the names;
      (b) an officer who is neither office head nor leader gets 403 in
          Vietnamese, figures nowhere;
      (c) /so-sach hands out an output as PDF (its rows and the print mark,
          read back with pdftotext) and as xlsx, each in the export log; a
          mục lục văn bản without a dossier is refused, in Vietnamese; the
          results of /tim-kiem come as DOCX, in its order;
      (d) in chromium at 390 px the charts fit the screen (screenshot kept).
*/
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "test_web_util.h"

#define TENANT "lam-son"
#define CLERK "ls-nguyen-van-cong"
#define HEAD "ls-phan-thi-mau-truong"
#define LAND "ls-dang-thi-mau-tam"
#define PASSWORD "Mat-khau-du-dai-2026"

static tu_stack_t s_stack;
static vp_cmdcli_t *s_docs;

static bool
s_has (const tw_answer_t *a, const char *text)
{
    return a->body && strstr (a->body, text) != NULL;
}

//  The number in the cell of row `name`, column `col`, after `table`; or -1.
static long
s_cell (const tw_answer_t *a, const char *table, const char *name, const char *col)
{
    char attr[300];
    snprintf (attr, sizeof attr, "data-hang=\"%s\" data-cot=\"%s\">", name, col);
    const char *from = a->body ? strstr (a->body, table) : NULL;
    const char *at = from ? strstr (from, attr) : NULL;
    return at ? strtol (at + strlen (attr), NULL, 10) : -1;
}

//  Register a document routed by its field; its id and assignee.
static void
s_register (const char *number, const char *field, const char *deadline, char id[40], char officer[80])
{
    char w_number[80], w_field[80], w_deadline[80], w_summary[200];
    snprintf (w_number, sizeof w_number, "number=%s", number);
    snprintf (w_field, sizeof w_field, "field=%s", field);
    snprintf (w_deadline, sizeof w_deadline, "deadline=%s", deadline);
    snprintf (w_summary, sizeof w_summary, "summary=Về việc báo cáo số %s", number);
    vp_val_t *r = tu_ok_call (s_docs, TENANT, CLERK, "documents.register", "issuer=UBND huyện Đô Lương", w_number,
                              "doc_date=01/03/2026", "type=cong-van", w_field, w_summary, w_deadline);
    snprintf (id, 40, "%s", tu_str (r, "document"));
    snprintf (officer, 80, "%s", tu_str (r, "officer"));
    vp_val_destroy (&r);
}

static void
s_step (const char *officer, const char *cmd, const char *id)
{
    char w_doc[60];
    snprintf (w_doc, sizeof w_doc, "document=%s", id);
    tu_drop (tu_ok_call (s_docs, TENANT, officer, cmd, w_doc));
}

//  Write an answer's body to a file of the test's folder; its path.
static const char *
s_save (const tw_answer_t *a, const char *name)
{
    static char path[1200];
    snprintf (path, sizeof path, "%s/%s", tu_tmpdir ("web-reports-files"), name);
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
    tu_stack_start_opts (&s_stack, "web-reports", &opts);
    const char *officers[] = { HEAD, LAND, NULL };
    for (int i = 0; officers[i]; i++)
        tu_stack_set_password (&s_stack, TENANT, officers[i], PASSWORD);
    s_docs = tu_stack_client (&s_stack, "documents");
    char d_chair[40], d_party[40], d_land[40], d_april[40];
    char chair[80], party[80], land[80], chair2[80];
    s_register ("71/UBND-VP", "dieu-hanh", "05/03/2026 17:00", d_chair, chair);
    s_register ("72/HU-VP", "to-chuc-dang", "05/03/2026 17:00", d_party, party);
    s_register ("73/UBND-VP", "dat-dai", "06/03/2026 17:00", d_land, land);
    CHECK (!strcmp (land, LAND), "the land document is the land officer's (%s)", land);
    tu_stack_set_clock (&s_stack, tu_local_ms (2026, 3, 4, 10, 0));
    s_step (chair, "documents.start", d_chair);
    s_step (chair, "documents.done", d_chair);
    s_step (party, "documents.start", d_party);
    tu_stack_set_clock (&s_stack, tu_local_ms (2026, 3, 10, 10, 0));
    s_step (party, "documents.done", d_party);
    tu_stack_set_clock (&s_stack, tu_local_ms (2026, 4, 1, 8, 0));
    s_register ("74/UBND-VP", "dieu-hanh", "20/04/2026 17:00", d_april, chair2);
    CHECK (!strcmp (chair, chair2), "both UBND documents are the Chủ tịch's");
    tu_stack_set_clock (&s_stack, tu_local_ms (2026, 4, 2, 9, 0));
    tu_stack_sync (&s_stack);
    pid_t web = 0;
    int port = tw_start (&s_stack, &web);

    //  (a) the office head's report
    tw_browser_t head = { .port = port };
    CHECK (tw_login (&head, TENANT, HEAD, PASSWORD) == 303, "the office head signs in");
    tw_answer_t a = tw_get (&head, "/bao-cao?nam=2026");
    CHECK (a.status == 200 && s_has (&a, "href=\"/bao-cao\"") && s_has (&a, "href=\"/so-sach\""),
           "the page, linked from the menu (%d)", a.status);
    CHECK (s_cell (&a, "id=\"theo-thang\"", "03/2026", "nhan") == 3 && s_cell (&a, "id=\"theo-thang\"", "04/2026", "nhan") == 1
           && s_cell (&a, "id=\"theo-thang\"", "01/2026", "nhan") == 0 && s_cell (&a, "id=\"theo-thang\"", "03/2026", "di") == 0,
           "per month: 3 in March, 1 in April, none out");
    CHECK (s_cell (&a, "id=\"theo-thang\"", "03/2026", "dung-han") == 1 && s_cell (&a, "id=\"theo-thang\"", "03/2026", "qua-han") == 1
           && s_cell (&a, "id=\"theo-thang\"", "03/2026", "chua-qua-han") == 1,
           "March: one on time, one late, one overdue");
    CHECK (s_cell (&a, "id=\"theo-can-bo\"", "Lê Văn Mẫu Ba", "nhan") == 2
           && s_cell (&a, "id=\"theo-can-bo\"", "Lê Văn Mẫu Ba", "dung-han") == 1
           && s_cell (&a, "id=\"theo-can-bo\"", "Lê Văn Mẫu Ba", "trong-han") == 1
           && s_cell (&a, "id=\"theo-can-bo\"", "Nguyễn Văn Mẫu Một", "qua-han") == 1
           && s_cell (&a, "id=\"theo-can-bo\"", "Đặng Thị Mẫu Tám", "chua-qua-han") == 1,
           "per officer: the Chủ tịch 2 (on time, in time), the Bí thư late, the land officer overdue");
    CHECK (s_cell (&a, "id=\"theo-can-bo\"", "Lê Văn Mẫu Ba", "tb-ngay") == 2
           && s_cell (&a, "id=\"theo-can-bo\"", "Nguyễn Văn Mẫu Một", "tb-ngay") == 8,
           "average days to done: 2.1 and 8.1 (whole part read)");
    CHECK (s_cell (&a, "id=\"theo-don-vi\"", "Ủy ban nhân dân", "nhan") == 3
           && s_cell (&a, "id=\"theo-don-vi\"", "Ủy ban nhân dân", "chua-qua-han") == 1
           && s_cell (&a, "id=\"theo-don-vi\"", "Đảng ủy xã", "qua-han") == 1,
           "per body: UBND 3 (one overdue), Đảng ủy one late");
    CHECK (s_has (&a, "<svg viewBox=\"0 0 480 220\"") && s_has (&a, "id=\"bieu-do-can-bo\"")
           && s_has (&a, "id=\"bieu-do-don-vi\"") && s_has (&a, "data-thang=\"3\" data-cot=\"nhan\"")
           && !s_has (&a, "<script src=\"http"), "three charts drawn in the page as SVG, nothing from elsewhere");
    tw_free (&a);
    a = tw_post (&head, "/bao-cao/tai", true, (const char *const[]) { "nam", "2026", "dinh-dang", "xlsx", NULL });
    char type[200] = "";
    tw_header (&a, "Content-Type", type, sizeof type);
    CHECK (a.status == 200 && strstr (type, "spreadsheetml") && a.size > 4 && !memcmp (a.body, "PK", 2),
           "the report's spreadsheet (%d, %s)", a.status, type);
    char cmd[1600];
    snprintf (cmd, sizeof cmd, "/usr/bin/python3 -c \"import zipfile,sys;"
              " sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read('xl/sharedStrings.xml').decode())\" '%s'",
              s_save (&a, "bao-cao.xlsx"));
    char *text = tu_output (cmd);
    CHECK (strstr (text, "Lê Văn Mẫu Ba") && strstr (text, "Đảng ủy xã") && strstr (text, "In bởi Phan Thị Mẫu Trưởng"),
           "its strings: the officers, the bodies, the print mark");
    free (text);
    tw_free (&a);

    //  (b) an officer who is no leader
    tw_browser_t clerk = { .port = port };
    CHECK (tw_login (&clerk, TENANT, LAND, PASSWORD) == 303, "the land officer signs in");
    a = tw_get (&clerk, "/bao-cao?nam=2026");
    CHECK (a.status == 403 && s_has (&a, "Chỉ Tổ trưởng Văn phòng") && !s_has (&a, "Lê Văn Mẫu Ba"),
           "she is refused in Vietnamese, no figures (%d):\n%.1500s", a.status, a.body);
    tw_free (&a);
    a = tw_post (&clerk, "/bao-cao/tai", true, (const char *const[]) { "nam", "2026", "dinh-dang", "pdf", NULL });
    CHECK (a.status == 403 && !s_has (&a, "%PDF"), "nor its file (%d)", a.status);
    tw_free (&a);

    //  (c) the outputs
    a = tw_get (&head, "/so-sach");
    CHECK (a.status == 200 && s_has (&a, "value=\"bao-cao-den\"") && s_has (&a, "value=\"muc-luc-ho-so\""),
           "the six outputs to choose from");
    tw_free (&a);
    a = tw_post (&head, "/so-sach", true,
                 (const char *const[]) { "output", "bao-cao-den", "nam", "2026", "dinh-dang", "pdf", NULL });
    tw_header (&a, "Content-Type", type, sizeof type);
    CHECK (a.status == 200 && strstr (type, "application/pdf") && a.size > 4 && !memcmp (a.body, "%PDF", 4),
           "báo cáo văn bản đến as PDF (%d, %s)", a.status, type);
    snprintf (cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' -", s_save (&a, "bao-cao-den.pdf"));
    text = tu_output (cmd);
    CHECK (strstr (text, "71/UBND-VP") && strstr (text, "74/UBND-VP") && strstr (text, "Đã giải quyết quá hạn")
           && strstr (text, "In bởi Phan Thị Mẫu Trưởng (" HEAD ") lúc 09:00 02/04/2026"),
           "its rows and the print mark:\n%.1500s", text);
    free (text);
    tw_free (&a);
    a = tw_post (&head, "/so-sach", true,
                 (const char *const[]) { "output", "so-den", "nam", "2026", "dinh-dang", "xlsx", NULL });
    tw_header (&a, "Content-Type", type, sizeof type);
    CHECK (a.status == 200 && strstr (type, "spreadsheetml") && !memcmp (a.body, "PK", 2), "sổ đến as xlsx (%d)",
           a.status);
    tw_free (&a);
    a = tw_post (&head, "/so-sach", true,
                 (const char *const[]) { "output", "muc-luc-van-ban", "nam", "2026", "dinh-dang", "pdf", NULL });
    CHECK (a.status == 400 && s_has (&a, "mục lục văn bản cần hồ sơ"), "a mục lục văn bản needs a dossier (%d)",
           a.status);
    tw_free (&a);
    //  A search's results from /tim-kiem, as DOCX (its filters in the form's address)
    a = tw_get (&head, "/tim-kiem?q=UBND-VP&sap-xep=number&thu-tu=asc");
    CHECK (a.status == 200 && s_has (&a, "action=\"/tim-kiem/xuat?q=UBND-VP&amp;sap-xep=number&amp;thu-tu=asc&amp;"),
           "/tim-kiem offers its results to export, with its filters (%d)", a.status);
    tw_free (&a);
    a = tw_post (&head, "/tim-kiem/xuat?q=UBND-VP&sap-xep=number&thu-tu=asc", true,
                 (const char *const[]) { "dinh-dang", "docx", NULL });
    tw_header (&a, "Content-Type", type, sizeof type);
    CHECK (a.status == 200 && strstr (type, "wordprocessingml") && a.size > 4 && !memcmp (a.body, "PK", 2),
           "the results as DOCX (%d, %s)", a.status, type);
    snprintf (cmd, sizeof cmd, "/usr/bin/python3 -c \"import zipfile,sys;"
              " sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read('word/document.xml').decode())\" '%s'",
              s_save (&a, "tim-kiem.docx"));
    text = tu_output (cmd);
    const char *at[4] = { strstr (text, "71/UBND-VP"), strstr (text, "72/HU-VP"), strstr (text, "73/UBND-VP"),
                          strstr (text, "74/UBND-VP") };
    CHECK (at[0] && at[1] && at[2] && at[3] && at[0] < at[1] && at[1] < at[2] && at[2] < at[3],
           "its four rows, by number ascending as asked");
    free (text);
    tw_free (&a);
    //  Saved from /tim-kiem, listed as a link that runs it again, deleted
    a = tw_post (&head, "/tim-kiem/luu?q=UBND-VP&sap-xep=number&thu-tu=asc", true,
                 (const char *const[]) { "ten", "", NULL });
    CHECK (a.status == 400 && s_has (&a, "Hãy đặt tên"), "a search saved without a name is refused (%d)", a.status);
    tw_free (&a);
    a = tw_post (&head, "/tim-kiem/luu?q=UBND-VP&sap-xep=number&thu-tu=asc", true,
                 (const char *const[]) { "ten", "Công văn UBND", NULL });
    char where[300] = "";
    tw_header (&a, "Location", where, sizeof where);
    CHECK (a.status == 303 && strstr (where, "da-luu=1"), "saved (%d, %s)", a.status, where);
    tw_free (&a);
    a = tw_get (&head, "/tim-kiem");
    CHECK (s_has (&a, "id=\"da-luu\"") && s_has (&a, "href=\"/tim-kiem?q=UBND-VP&amp;sap-xep=number&amp;thu-tu=asc&amp;\">"
                                                      "Công văn UBND</a>"), "listed as a link that runs it");
    const char *tim = strstr (a.body ? a.body : "", "name=\"tim\" value=\"");
    char saved_id[32] = "";
    if (tim)
        snprintf (saved_id, sizeof saved_id, "%ld", strtol (tim + strlen ("name=\"tim\" value=\""), NULL, 10));
    tw_free (&a);
    a = tw_get (&clerk, "/tim-kiem");
    CHECK (a.status == 200 && !s_has (&a, "Công văn UBND"), "not on another officer's page");
    tw_free (&a);
    a = tw_post (&head, "/tim-kiem/xoa", true, (const char *const[]) { "tim", saved_id, NULL });
    CHECK (a.status == 303, "deleted (%d)", a.status);
    tw_free (&a);
    a = tw_get (&head, "/tim-kiem");
    CHECK (!s_has (&a, "id=\"da-luu\""), "and gone from her page");
    tw_free (&a);
    vp_val_t *log = tu_ok_call (s_docs, TENANT, HEAD, "documents.export.list");
    int outputs = 0;
    for (size_t i = 0; i < vp_val_len (vp_map_get (log, "exports")); i++) {
        const vp_val_t *e = vp_array_at (vp_map_get (log, "exports"), i);
        outputs += !strcmp (tu_str (e, "actor"), HEAD) && vp_map_int (e, "at", 0) == tu_local_ms (2026, 4, 2, 9, 0);
    }
    CHECK (outputs == 4, "the export log: the report, two outputs and the search, by her, now (%d)", outputs);
    vp_val_destroy (&log);

    //  (d) the charts on a phone
    char port_s[16], out[1100];
    snprintf (port_s, sizeof port_s, "%d", port);
    snprintf (out, sizeof out, "%s", TW_BROWSER_DIR);
    mkdir (out, 0755);
    int rc = tw_script ("web_reports.py", (const char *const[]) { port_s, out, PASSWORD, NULL }, 90000);
    CHECK (rc == 0, "the charts in chromium (exit %d)", rc);

    vp_cmdcli_destroy (&s_docs);
    tw_stop (web);
    tu_stack_stop (&s_stack);
    printf ("test_web_reports: %d checks passed; screenshot in %s\n", tu_checks, out);
    return 0;
}
