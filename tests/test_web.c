/*  test_web - vp-web over HTTP against a real stack (the demo district).

    vp-bus, vp-staffing, vp-documents, vp-calendar, vp-notify and vp-web
    with CURVE, the injected clock. Checks that:
      (a) a wrong password is refused (401, no cookie) with one message for
          a wrong name and a wrong password; the right one signs in (303 to
          /, an HttpOnly SameSite=Strict cookie);
      (b) every page carries the Content-Security-Policy (frame-ancestors
          'none'), nosniff and no-referrer, and links no inline script;
          without a session a page sends to /dang-nhap;
      (c) a POST without the session's CSRF token, or with another, is 403
          and changes nothing;
      (d) the clerk registers a Giấy mời with a PDF on /vao-so and sees
          its arrival number; the document's page shows the file, which
          comes back inline as application/pdf with the same bytes;
      (e) `<script>` typed into a summary shows as text (escaped);
      (f) an officer not cleared for Mật gets the same 404 for a Mật
          document as for one that does not exist, and its marker word is
          on none of his pages (search, my work);
      (g) the invited Chủ tịch finds the meeting in his week and the
          document in his work; he marks it done on its page;
      (h) the event stream sends "refresh" when the commune changes;
      (i) sign-out ends the session.
*/
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "test_web_util.h"

#define TENANT "lam-son"
#define CLERK "ls-nguyen-van-cong"
#define CHAIR "ls-le-van-mau-ba"
#define HEAD "ls-phan-thi-mau-truong"
#define LOCKED "ls-dang-thi-mau-tam"
#define UNCLEARED "ls-pham-van-mau-bon"
#define PASSWORD "Mat-khau-du-dai-2026"
#define MARKER "KIMCUONGBIMAT"

static tu_stack_t s_stack;

static int64_t
s_mono_ms (void)
{
    return vp_clock_mono ();
}

static bool
s_has (const tw_answer_t *a, const char *text)
{
    return a->body && strstr (a->body, text) != NULL;
}

//  The document id of the "Mở văn bản" link of a registration's answer.
static void
s_doc_id (const tw_answer_t *a, char id[40])
{
    const char *at = strstr (a->body, "\">Mở văn bản");
    TU_CHECK (at, "the registration names its document:\n%s", a->body);
    const char *start = at;
    while (start > a->body && start[-1] != '/')
        start--;
    snprintf (id, 40, "%.*s", (int) (at - start), start);
}

static void
s_headers (const tw_answer_t *a, const char *what)
{
    char v[300];
    CHECK (tw_header (a, "Content-Security-Policy", v, sizeof v) && strstr (v, "default-src 'self'")
           && strstr (v, "frame-ancestors 'none'"), "%s: CSP with frame-ancestors 'none'", what);
    CHECK (tw_header (a, "X-Content-Type-Options", v, sizeof v) && !strcmp (v, "nosniff"), "%s: nosniff", what);
    CHECK (tw_header (a, "Referrer-Policy", v, sizeof v) && !strcmp (v, "no-referrer"), "%s: no-referrer", what);
    CHECK (!strstr (a->body, "<script>") && !strstr (a->body, "style=\""), "%s: no inline script or style", what);
}

int
main (void)
{
    tu_stack_opts_t opts = { .demo = true,
                             .services = (const char *const[]) { "staffing", "documents", "calendar", "notify", NULL } };
    tu_stack_start_opts (&s_stack, "web", &opts);
    vp_cmdcli_t *admin = tu_stack_admin (&s_stack, "staffing");
    tw_password (admin, TENANT, CLERK, PASSWORD);
    tw_password (admin, TENANT, CHAIR, PASSWORD);
    tw_password (admin, TENANT, UNCLEARED, PASSWORD);
    tw_password (admin, TENANT, HEAD, PASSWORD);
    vp_cmdcli_destroy (&admin);
    pid_t web = 0;
    int port = tw_start (&s_stack, &web);

    //  (a) sign-in
    tw_browser_t clerk = { .port = port }, chair = { .port = port }, other = { .port = port };
    tw_answer_t a = tw_post (&clerk, "/dang-nhap", false,
                             (const char *[]) { "tenant", TENANT, "officer", CLERK, "password", "sai-mat-khau", NULL });
    CHECK (a.status == 401 && !*clerk.cookie, "a wrong password is refused without a cookie (%d)", a.status);
    CHECK (s_has (&a, "Tên đăng nhập hoặc mật khẩu không đúng."), "the refusal says so in Vietnamese");
    char wrong_pw[600];
    const char *box = strstr (a.body, "<p class=\"error\"");
    snprintf (wrong_pw, sizeof wrong_pw, "%.*s", box ? (int) (strstr (box, "</p>") - box) : 0, box ? box : "");
    tw_free (&a);
    a = tw_post (&clerk, "/dang-nhap", false,
                 (const char *[]) { "tenant", TENANT, "officer", "ls-khong-co-ai", "password", "sai-mat-khau", NULL });
    CHECK (a.status == 401 && *wrong_pw && strstr (a.body, wrong_pw),
           "an unknown name gets the same answer as a wrong password: %s", wrong_pw);
    tw_free (&a);
    a = tw_post (&clerk, "/dang-nhap", false,
                 (const char *[]) { "tenant", TENANT, "officer", CLERK, "password", PASSWORD, NULL });
    char v[300];
    CHECK (a.status == 303 && tw_header (&a, "Location", v, sizeof v) && !strcmp (v, "/"), "sign-in goes to / (%d)",
           a.status);
    CHECK (tw_header (&a, "Set-Cookie", v, sizeof v) && strstr (v, "HttpOnly") && strstr (v, "SameSite=Strict"),
           "the session cookie is HttpOnly and SameSite=Strict: %s", v);
    tw_free (&a);

    //  after repeated failures: locked out, 429 with Retry-After and vp-staffing's words
    int last = 0;
    for (int i = 0; i < 6; i++) {
        a = tw_post (&other, "/dang-nhap", false, (const char *[]) { "tenant", TENANT, "officer", LOCKED,
                                                                    "password", "doan-mo-mat-khau", NULL });
        last = a.status;
        if (i < 5)
            tw_free (&a);
    }
    CHECK (last == 429 && tw_header (&a, "Retry-After", v, sizeof v) && atoi (v) > 0 && s_has (&a, "tạm khóa"),
           "the sixth failure in a row is 429 with Retry-After (%d)", last);
    tw_free (&a);

    //  (b) headers, and no page without a session
    a = tw_get (&clerk, "/");
    CHECK (a.status == 200 && s_has (&a, "Việc của tôi") && s_has (&a, "Nguyễn Văn Công"),
           "my work names who is signed in (%d):\n%.2000s", a.status, a.body);
    s_headers (&a, "/");
    tw_free (&a);
    tw_browser_t nobody = { .port = port };
    a = tw_get (&nobody, "/tim-kiem");
    CHECK (a.status == 303 && tw_header (&a, "Location", v, sizeof v) && !strcmp (v, "/dang-nhap"),
           "without a session a page sends to /dang-nhap");
    tw_free (&a);
    a = tw_get (&nobody, "/static/web.css");
    CHECK (a.status == 200 && s_has (&a, "@page") && tw_header (&a, "Content-Type", v, sizeof v) && strstr (v, "text/css"),
           "the CSS is served by vp-web itself");
    tw_free (&a);

    //  (c) CSRF
    const char *const doc_fields[] = {
        "issuer", "UBND huyện Sơn Động", "number", "12/GM-UBND", "doc_date", "30/11/2026", "type", "giay-moi",
        "summary", "Họp giao ban <script>alert(1)</script> tháng 12", "urgency", "thuong", "secrecy", "thuong",
        "meeting_start", "03/12/2026 08:00", "meeting_end", "03/12/2026 10:00", "meeting_place", "hoi-truong",
        "invited_posts", "chu-tich-ubnd", "files", "@file:giay-moi.pdf:" VP_SOURCE_DIR "/tests/fixtures/web-giay-moi.pdf",
        NULL
    };
    a = tw_post (&clerk, "/vao-so", false, doc_fields);
    CHECK (a.status == 403, "a registration without the CSRF token is 403 (%d)", a.status);
    tw_free (&a);
    char real[80];
    snprintf (real, sizeof real, "%s", clerk.csrf);
    snprintf (clerk.csrf, sizeof clerk.csrf, "%s", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    a = tw_post (&clerk, "/vao-so", true, doc_fields);
    CHECK (a.status == 403, "with another token it is 403 (%d)", a.status);
    tw_free (&a);
    snprintf (clerk.csrf, sizeof clerk.csrf, "%s", real);
    a = tw_get (&clerk, "/tim-kiem?q=giao+ban");
    CHECK (s_has (&a, "0 văn bản"), "and nothing was registered");
    tw_free (&a);

    //  (d) the Giấy mời, with its PDF
    a = tw_post (&clerk, "/vao-so", true, doc_fields);
    CHECK (a.status == 200 && s_has (&a, "Đã vào sổ: số đến <strong>"), "the clerk registers the Giấy mời (%d):\n%.3000s",
           a.status, a.body);
    char doc[40];
    s_doc_id (&a, doc);
    tw_free (&a);
    char path[120];
    snprintf (path, sizeof path, "/van-ban/%s", doc);
    a = tw_get (&clerk, path);
    CHECK (a.status == 200 && s_has (&a, "giay-moi.pdf"), "the document's page lists its file");
    CHECK (s_has (&a, "(1 trang, 1 KB)") && s_has (&a, "<th scope=\"row\">Số trang</th><td>1</td>"),
           "its page counts, the clerk having left them empty, from the PDF: 1");
    //  (e) escaped
    CHECK (s_has (&a, "&lt;script&gt;alert(1)&lt;/script&gt;") && !s_has (&a, "<script>alert"),
           "<script> in the summary shows as text");
    const char *link = strstr (a.body, "/tep/");
    TU_CHECK (link, "a link to the file");
    char file[200];
    snprintf (file, sizeof file, "%s/tep/%.64s", path, link + 5);
    tw_free (&a);
    a = tw_get (&clerk, file);
    struct stat st;
    stat (VP_SOURCE_DIR "/tests/fixtures/web-giay-moi.pdf", &st);
    CHECK (a.status == 200 && a.size == (size_t) st.st_size && !memcmp (a.body, "%PDF-", 5),
           "the PDF comes back whole (%d, %zu bytes)", a.status, a.size);
    CHECK (tw_header (&a, "Content-Type", v, sizeof v) && !strcmp (v, "application/pdf"), "as application/pdf");
    CHECK (tw_header (&a, "Content-Disposition", v, sizeof v) && !strncmp (v, "inline", 6), "inline: %s", v);
    tw_free (&a);

    //  a 5 MB scan: past what one request holds, it goes in chunks after the registration
    char big[1200];
    snprintf (big, sizeof big, "%s/scan-5mb.pdf", tu_tmpdir ("web-files"));
    FILE *out = fopen (big, "wb");
    FILE *in = fopen (VP_SOURCE_DIR "/tests/fixtures/web-giay-moi.pdf", "rb");
    char chunk[4096];
    size_t got;
    while ((got = fread (chunk, 1, sizeof chunk, in)) > 0)
        fwrite (chunk, 1, got, out);
    fclose (in);
    for (int i = 0; i < 5 * 1024 * 1024 / 64; i++)
        fprintf (out, "%% lop dem de tep lon hon 5 MB, dong %08d .......................\n", i);
    fclose (out);
    struct stat bst;
    stat (big, &bst);
    char spec[1300];
    snprintf (spec, sizeof spec, "@file:cong-van-5mb.pdf:%s", big);
    const char *const big_fields[] = {
        "issuer", "Sở Nội vụ", "number", "301/SNV-VP", "doc_date", "27/11/2026", "type", "cong-van",
        "summary", "Về việc rà soát hồ sơ cán bộ", "pages", "4", "files", spec, NULL
    };
    const char *const bad_pages[] = {
        "issuer", "Sở Nội vụ", "number", "302/SNV-VP", "doc_date", "27/11/2026", "type", "cong-van",
        "summary", "Về việc số trang", "pages", "ba", NULL
    };
    a = tw_post (&clerk, "/vao-so", true, bad_pages);
    CHECK (a.status == 400 && s_has (&a, "Số trang &quot;ba&quot; phải là một số nguyên dương."),
           "a page count that is not a number is refused, naming it (%d)", a.status);
    tw_free (&a);
    int64_t t_up = s_mono_ms ();
    a = tw_post (&clerk, "/vao-so", true, big_fields);
    int64_t up_ms = s_mono_ms () - t_up;
    CHECK (a.status == 200 && s_has (&a, "Đã vào sổ") && !s_has (&a, "chưa lưu được"),
           "a 5 MB file is registered (%d, %lld ms):\n%.2000s", a.status, (long long) up_ms, a.body);
    char big_id[40];
    s_doc_id (&a, big_id);
    tw_free (&a);
    snprintf (path, sizeof path, "/van-ban/%s", big_id);
    a = tw_get (&clerk, path);
    link = strstr (a.body, "/tep/");
    CHECK (link && s_has (&a, "cong-van-5mb.pdf") && s_has (&a, "(1 trang, ")
           && s_has (&a, "<th scope=\"row\">Số trang</th><td>4</td>"),
           "its page lists the file, 1 page, and keeps the clerk's 4 pages");
    snprintf (file, sizeof file, "%s/tep/%.64s", path, link + 5);
    tw_free (&a);
    a = tw_get (&clerk, file);
    CHECK (a.status == 200 && a.size == (size_t) bst.st_size, "the 5 MB file comes back whole (%zu of %lld bytes)",
           a.size, (long long) bst.st_size);
    tw_free (&a);
    printf ("test_web: a %lld-byte file registered in %lld ms\n", (long long) bst.st_size, (long long) up_ms);
    snprintf (path, sizeof path, "/van-ban/%s", doc);

    //  the office head, to whom it was routed, hands it to the Chủ tịch
    tw_browser_t head = { .port = port };
    CHECK (tw_login (&head, TENANT, HEAD, PASSWORD) == 303, "the office head signs in");
    a = tw_post (&head, path, true, (const char *[]) { "action", "assign", "post", "chu-tich-ubnd",
                                                        "reason", "Chủ tịch dự họp", NULL });
    CHECK (a.status == 303, "the office head hands it to the Chủ tịch (%d):\n%.3000s", a.status, a.body);
    tw_free (&a);

    //  (f) a Mật document and an uncleared officer
    const char *const secret[] = {
        "issuer", "Công an huyện Sơn Động", "number", "88/CV-CA", "doc_date", "30/11/2026", "type", "cong-van",
        "summary", "Về việc " MARKER " bảo vệ", "urgency", "thuong", "secrecy", "mat", NULL
    };
    a = tw_post (&clerk, "/vao-so", true, secret);
    CHECK (a.status == 200 && s_has (&a, "Đã vào sổ"), "the clerk registers a Mật document (%d)", a.status);
    char secret_id[40];
    s_doc_id (&a, secret_id);
    tw_free (&a);
    tu_stack_sync (&s_stack);
    CHECK (tw_login (&other, TENANT, UNCLEARED, PASSWORD) == 303, "the uncleared officer signs in");
    snprintf (path, sizeof path, "/van-ban/%s", secret_id);
    a = tw_get (&other, path);
    tw_answer_t none = tw_get (&other, "/van-ban/d-999999");
    CHECK (a.status == 404 && none.status == 404 && !strcmp (a.body, none.body),
           "a Mật document is the same 404 as none (%d, %d)", a.status, none.status);
    tw_free (&a);
    tw_free (&none);
    a = tw_get (&other, "/tim-kiem?q=" MARKER);
    CHECK (a.status == 200 && s_has (&a, "0 văn bản"), "his search for the marker finds nothing");
    tw_free (&a);
    const char *pages[] = { "/tim-kiem?q=bao+ve", "/tim-kiem?q=Cong+an", "/tim-kiem", "/", NULL };
    for (int i = 0; pages[i]; i++) {
        a = tw_get (&other, pages[i]);
        CHECK (a.status == 200 && !s_has (&a, MARKER), "no trace of the marker on %s", pages[i]);
        tw_free (&a);
    }
    //  Tổng hợp is the office head's and the leaders' (test_web_dashboard)
    a = tw_get (&other, "/tong-hop");
    CHECK (a.status == 403 && !s_has (&a, MARKER), "Tổng hợp refuses him, without the marker (%d)", a.status);
    tw_free (&a);
    a = tw_get (&clerk, "/tim-kiem?q=" MARKER);
    CHECK (s_has (&a, MARKER), "the cleared clerk finds it (so the search can fail)");
    tw_free (&a);

    //  (g) the Chủ tịch's work and week; done
    CHECK (tw_login (&chair, TENANT, CHAIR, PASSWORD) == 303, "the Chủ tịch signs in");
    a = tw_get (&chair, "/");
    CHECK (s_has (&a, "12/GM-UBND") && s_has (&a, "03/12/2026 08:00"),
           "his work lists the document and the meeting:\n%.4000s", a.body);
    tw_free (&a);
    a = tw_get (&chair, "/lich-tuan");
    CHECK (s_has (&a, "LỊCH CÔNG TÁC TUẦN 49 (từ ngày 30/11/2026 đến ngày 06/12/2026)") && s_has (&a, "Sáng")
           && s_has (&a, "Độc lập - Tự do - Hạnh phúc") && s_has (&a, "Họp giao ban"),
           "the week of the commune, as offices print it");
    tw_free (&a);
    //  The calendar stops answering: his work still lists the document and
    //  says in his words which part is not answering (not an endpoint);
    //  the next page within seconds is told at once.
    pid_t calendar = tu_stack_pid (&s_stack, "calendar");
    kill (calendar, SIGSTOP);
    a = tw_get (&chair, "/");
    CHECK (s_has (&a, "12/GM-UBND") && s_has (&a, "Lịch công tác (vp-calendar) tạm thời không trả lời") && !s_has (&a, "tcp://"),
           "with the calendar not answering, his work lists the document and says so:\n%.4000s", a.body);
    tw_free (&a);
    int64_t asked = vp_clock_mono ();
    a = tw_get (&chair, "/");
    int64_t took = vp_clock_mono () - asked;
    CHECK (s_has (&a, "12/GM-UBND") && took < 4000, "asked again at once, it is not waited for again (%lld ms)", (long long) took);
    tw_free (&a);
    kill (calendar, SIGCONT);

    snprintf (path, sizeof path, "/van-ban/%s", doc);
    a = tw_get (&chair, path);
    tw_free (&a);
    a = tw_post (&chair, path, true, (const char *[]) { "action", "done", "note", "Đã dự họp", NULL });
    CHECK (a.status == 303, "he marks it done (%d):\n%.2000s", a.status, a.body);
    tw_free (&a);
    a = tw_get (&chair, path);
    CHECK (s_has (&a, "Đã xử lý"), "its page says it is done");
    tw_free (&a);

    //  (h) the event stream: a comment by the clerk wakes the Chủ tịch's page
    pid_t child = fork ();
    if (child == 0) {
        tu_sleep_ms (700);
        tw_answer_t c = tw_post (&clerk, path, true, (const char *[]) { "action", "comment", "text", "Đã gửi", NULL });
        _exit (c.status == 303 ? 0 : 1);
    }
    a = tw_get (&chair, "/su-kien?thu=1");      //  ends at the browser's 4 s timeout
    CHECK (tu_wait (child, 10000) == 0, "the clerk comments while the stream is open");
    CHECK (a.body && strstr (a.body, "data: refresh") && !strstr (a.body, "Đã gửi"),
           "the stream says refresh, without the event's text:\n%s", a.body ? a.body : "");
    tw_free (&a);

    //  (i) sign-out
    a = tw_post (&chair, "/dang-xuat", true, NULL);
    CHECK (a.status == 303, "sign-out");
    tw_free (&a);
    a = tw_get (&chair, "/");
    CHECK (a.status == 303, "after sign-out the session is gone");
    tw_free (&a);

    tw_stop (web);
    tu_stack_stop (&s_stack);
    printf ("test_web: %d checks passed\n", tu_checks);
    return 0;
}
