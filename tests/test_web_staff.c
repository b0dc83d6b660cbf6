/*  test_web_staff - the Cán bộ directory and the office head's set-up
    pages of vp-web, over HTTP against a real stack (the demo district,
    CURVE, the injected clock). Checks that:
      (a) the office head puts the Chủ tịch UBND on leave with a delegate
          on /quan-tri/nghi-phep; every officer's /can-bo then shows him
          on leave to the end of the day before the one typed (back then)
          and the delegate by name, and the
          Bí thư who is also Chủ tịch HĐND marked kiêm nhiệm, names and
          titles, no ids;
      (b) an ordinary officer is refused the set-up pages in Vietnamese
          (403), and his POST changes nothing;
      (c) a POST without the CSRF token is 403 and creates no one;
      (d) a bad officer id and a bad e-mail are refused naming the field
          by its label and the value typed, and the form keeps what was
          typed;
      (e) the office head creates an officer, appoints him to two posts
          (kiêm nhiệm in the directory), sets his password (a short one
          refused with vp-staffing's rule, two that differ refused), and
          the new officer signs in with it;
      (f) a routing rule, a holiday, a numbering series (one refused), and
          the notify templates page;
      (g) an officer updated, a post created, held and closed, an
          appointment ended, a leave
          ended early, and the office head's delegate given the set-up
          pages while she is on leave.
*/
#include <string.h>
#include "test_web_util.h"

#define TENANT "lam-son"
#define HEAD "ls-phan-thi-mau-truong"
#define PLAIN "ls-pham-van-mau-bon"
#define CHAIR "ls-le-van-mau-ba"
#define DELEGATE "ls-hoang-thi-mau-nam"
#define NEWBIE "ls-tran-van-moi"
#define PASSWORD "Mat-khau-du-dai-2026"
#define NEW_PASSWORD "Mat-khau-moi-cua-Moi-1"

static tu_stack_t s_stack;

static bool
s_has (const tw_answer_t *a, const char *text)
{
    return a->body && strstr (a->body, text) != NULL;
}

//  The directory row (<tr>...</tr>) that holds text, or "".
static void
s_row (const tw_answer_t *a, const char *text, char *out, size_t size)
{
    *out = 0;
    const char *at = a->body ? strstr (a->body, text) : NULL;
    if (!at)
        return;
    const char *start = at;
    while (start > a->body && strncmp (start, "<tr>", 4))
        start--;
    const char *end = strstr (at, "</tr>");
    snprintf (out, size, "%.*s", end ? (int) (end - start) : 0, start);
}

static int
s_post (tw_browser_t *b, const char *path, const char *const fields[], tw_answer_t *keep)
{
    tw_answer_t a = tw_post (b, path, true, fields);
    int status = a.status;
    if (keep)
        *keep = a;
    else
        tw_free (&a);
    return status;
}

int
main (void)
{
    tu_stack_opts_t opts = { .demo = true,
                             .services = (const char *const[]) { "staffing", "documents", "calendar", "notify", NULL } };
    tu_stack_start_opts (&s_stack, "web-staff", &opts);
    vp_cmdcli_t *admin = tu_stack_admin (&s_stack, "staffing");
    tw_password (admin, TENANT, HEAD, PASSWORD);
    tw_password (admin, TENANT, PLAIN, PASSWORD);
    vp_cmdcli_destroy (&admin);
    pid_t web = 0;
    int port = tw_start (&s_stack, &web);
    tw_browser_t head = { .port = port }, plain = { .port = port }, newbie = { .port = port };
    CHECK (tw_login (&head, TENANT, HEAD, PASSWORD) == 303, "the office head signs in");
    CHECK (tw_login (&plain, TENANT, PLAIN, PASSWORD) == 303, "an ordinary officer signs in");
    //  Back on the 8th day: on leave to the end of the 7th.
    char back[32], last[32], back_shown[64];
    vp_time_format (TU_CLOCK_START + 7 * 86400000LL, NULL, "%d/%m/%Y", back, sizeof back);
    vp_time_format (TU_CLOCK_START + 6 * 86400000LL, NULL, "%d/%m/%Y", last, sizeof last);
    snprintf (back_shown, sizeof back_shown, "Nghỉ phép đến hết %s", last);

    //  (a) leave with a delegate, then the directory
    tw_answer_t a = tw_get (&head, "/quan-tri/nghi-phep");
    CHECK (a.status == 200 && s_has (&a, "Cho nghỉ phép và ủy quyền"), "the office head has the leave form (%d)", a.status);
    tw_free (&a);
    CHECK (s_post (&head, "/quan-tri/nghi-phep", (const char *[]) { "action", "nghi-phep", "officer", CHAIR,
                   "from", "", "to", back, "delegate", DELEGATE, NULL }, NULL) == 303,
           "the Chủ tịch UBND goes on leave, back on %s, his delegate named", back);
    tu_stack_sync (&s_stack);
    a = tw_get (&plain, "/can-bo");
    CHECK (a.status == 200 && s_has (&a, "Ủy ban nhân dân") && s_has (&a, "Đảng ủy xã"), "the directory lists the bodies");
    char row[2000];
    s_row (&a, "<td>Lê Văn Mẫu Ba</td>", row, sizeof row);
    CHECK (strstr (row, "Chủ tịch UBND") && strstr (row, back_shown) && strstr (row, "ủy quyền cho Hoàng Thị Mẫu Năm"),
           "the Chủ tịch's row says on leave to the end of %s and who acts for him: %s", last, row);
    s_row (&a, "<td>Nguyễn Văn Mẫu Một</td>", row, sizeof row);
    CHECK (strstr (row, "Kiêm nhiệm") && strstr (row, "Chủ tịch HĐND"),
           "the Bí thư is marked kiêm nhiệm with his other post: %s", row);
    s_row (&a, "<td>Hoàng Thị Mẫu Năm</td>", row, sizeof row);
    CHECK (strstr (row, "Làm thay Lê Văn Mẫu Ba (nghỉ phép)"), "the delegate's row says whom she acts for: %s", row);
    CHECK (s_has (&a, "Đang nghỉ phép") && !s_has (&a, CHAIR) && !s_has (&a, DELEGATE) && !s_has (&a, "chu-tich-ubnd"),
           "names and titles, not ids");
    CHECK (!s_has (&a, "href=\"/quan-tri\""), "no set-up link for an ordinary officer");
    tw_free (&a);
    a = tw_get (&head, "/can-bo");
    CHECK (s_has (&a, "href=\"/quan-tri\""), "the office head's directory links the set-up pages");
    tw_free (&a);

    //  (b) an ordinary officer is refused
    const char *admin_pages[] = { "/quan-tri", "/quan-tri/can-bo", "/quan-tri/mat-khau", "/quan-tri/phan-luong",
                                  "/quan-tri/so-van-ban", "/quan-tri/ngay-nghi", "/quan-tri/mau-thong-bao", NULL };
    for (int i = 0; admin_pages[i]; i++) {
        a = tw_get (&plain, admin_pages[i]);
        CHECK (a.status == 403 && s_has (&a, "Trang này dành cho Tổ trưởng Văn phòng") && !s_has (&a, "<form method=\"post\" action=\"/quan-tri"),
               "%s is refused to an ordinary officer in Vietnamese (%d)", admin_pages[i], a.status);
        tw_free (&a);
    }
    const char *const create[] = { "action", "them-can-bo", "officer", NEWBIE, "full_name", "Trần Văn Mới",
                                   "email", "ls-tran-van-moi@lam-son.example", "phone", "0238 387 1234", NULL };
    a = tw_get (&plain, "/can-bo");         //  a page with his CSRF token
    tw_free (&a);
    CHECK (s_post (&plain, "/quan-tri/can-bo", create, NULL) == 403, "his POST of a new officer is refused");

    //  (c) no CSRF token
    a = tw_post (&head, "/quan-tri/can-bo", false, create);
    CHECK (a.status == 403, "a POST without the CSRF token is 403 (%d)", a.status);
    tw_free (&a);
    a = tw_get (&head, "/quan-tri/can-bo");
    CHECK (a.status == 200 && !s_has (&a, "Trần Văn Mới"), "and no one was created");
    tw_free (&a);

    //  (d) bad input named by its label and value, the form kept
    CHECK (s_post (&head, "/quan-tri/can-bo", (const char *[]) { "action", "them-can-bo", "officer", "Trần Mới",
                   "full_name", "Trần Văn Mới", NULL }, &a) == 400, "an id with blanks and diacritics is refused");
    CHECK (s_has (&a, "«Mã cán bộ (tên đăng nhập)» &quot;Trần Mới&quot; chỉ gồm chữ thường không dấu"),
           "the refusal names the field and the value in Vietnamese:\n%.3000s", strstr (a.body, "class=\"error\""));
    CHECK (s_has (&a, "value=\"Trần Mới\"") && s_has (&a, "value=\"Trần Văn Mới\""), "the form keeps what was typed");
    tw_free (&a);
    CHECK (s_post (&head, "/quan-tri/can-bo", (const char *[]) { "action", "them-can-bo", "officer", NEWBIE,
                   "full_name", "Trần Văn Mới", "email", "khong-phai-thu", NULL }, &a) == 400, "a bad e-mail is refused");
    CHECK (s_has (&a, "«Thư điện tử» &quot;khong-phai-thu&quot; không phải địa chỉ thư điện tử"),
           "naming the e-mail field and its value:\n%.2000s", strstr (a.body, "class=\"error\""));
    tw_free (&a);
    CHECK (s_post (&head, "/quan-tri/nghi-phep", (const char *[]) { "action", "nghi-phep", "officer", PLAIN,
                   "to", "31/02/2026", "delegate", DELEGATE, NULL }, &a) == 400, "a date that is none is refused");
    CHECK (s_has (&a, "«Đi làm lại từ (ngày, hoặc ngày giờ)» &quot;31/02/2026&quot; không phải ngày giờ"), "naming the date");
    tw_free (&a);

    //  (e) a new officer, two posts, a password, signed in
    CHECK (s_post (&head, "/quan-tri/can-bo", create, &a) == 303, "the office head creates an officer (%d)", a.status);
    char v[300];
    CHECK (tw_header (&a, "Location", v, sizeof v) && !strcmp (v, "/quan-tri/can-bo?xong=them-can-bo"), "back to the list");
    tw_free (&a);
    a = tw_get (&head, "/quan-tri/can-bo?xong=them-can-bo");
    CHECK (s_has (&a, "Đã lưu: Thêm cán bộ") && s_has (&a, "Trần Văn Mới") && s_has (&a, "0238 387 1234"),
           "the list shows him");
    tw_free (&a);
    CHECK (s_post (&head, "/quan-tri/bo-nhiem", (const char *[]) { "action", "bo-nhiem", "officer", NEWBIE,
                   "post", "tu-phap", NULL }, NULL) == 303, "he is appointed Tư pháp – Hộ tịch");
    CHECK (s_post (&head, "/quan-tri/bo-nhiem", (const char *[]) { "action", "bo-nhiem", "officer", NEWBIE,
                   "post", "van-hoa", NULL }, NULL) == 303, "and Văn hóa – Xã hội");
    CHECK (s_post (&head, "/quan-tri/bo-nhiem", (const char *[]) { "action", "bo-nhiem", "officer", NEWBIE,
                   "post", "khong-co", NULL }, &a) == 400, "a post that does not exist is refused");
    CHECK (s_has (&a, "«Chức danh (mã)» &quot;khong-co&quot; không có trong xã"), "naming the post typed");
    tw_free (&a);
    CHECK (s_post (&head, "/quan-tri/mat-khau", (const char *[]) { "action", "dat-mat-khau", "officer", NEWBIE,
                   "password", "ngan", "password2", "ngan", NULL }, &a) == 400, "a short password is refused");
    CHECK (s_has (&a, "Mật khẩu cần ít nhất 8 ký tự") && !s_has (&a, "value=\"ngan\""),
           "with vp-staffing's rule, the password not sent back");
    tw_free (&a);
    CHECK (s_post (&head, "/quan-tri/mat-khau", (const char *[]) { "action", "dat-mat-khau", "officer", NEWBIE,
                   "password", NEW_PASSWORD, "password2", "khac-han-mat-khau", NULL }, &a) == 400,
           "two passwords that differ are refused");
    CHECK (s_has (&a, "không khớp"), "saying they differ");
    tw_free (&a);
    CHECK (tw_login (&newbie, TENANT, NEWBIE, NEW_PASSWORD) != 303, "no password set yet: he cannot sign in");
    CHECK (s_post (&head, "/quan-tri/mat-khau", (const char *[]) { "action", "dat-mat-khau", "officer", NEWBIE,
                   "password", NEW_PASSWORD, "password2", NEW_PASSWORD, NULL }, NULL) == 303,
           "the office head sets his password");
    tu_stack_sync (&s_stack);
    CHECK (tw_login (&newbie, TENANT, NEWBIE, NEW_PASSWORD) == 303, "the new officer signs in with it");
    a = tw_get (&newbie, "/can-bo");
    CHECK (a.status == 200 && s_has (&a, "Trần Văn Mới – ") && s_has (&a, "Tư pháp – Hộ tịch"),
           "signed in as himself, with his two posts");
    s_row (&a, "<td>Trần Văn Mới</td>", row, sizeof row);
    CHECK (strstr (row, "Kiêm nhiệm"), "the directory marks him kiêm nhiệm: %s", row);
    tw_free (&a);
    a = tw_get (&newbie, "/quan-tri/can-bo");
    CHECK (a.status == 403, "he is not given the set-up pages");
    tw_free (&a);

    //  (f) routing, holidays, numbering, templates
    CHECK (s_post (&head, "/quan-tri/phan-luong", (const char *[]) { "action", "them-phan-luong", "post", "dia-chinh",
                   "field", "dat-dai", "priority", "200", NULL }, NULL) == 303, "a routing rule is added");
    a = tw_get (&head, "/quan-tri/phan-luong");
    s_row (&a, "dat-dai", row, sizeof row);
    CHECK (strstr (row, "Địa chính – Xây dựng") && strstr (row, "200"), "the list shows it with the post's title: %s", row);
    tw_free (&a);
    CHECK (s_post (&head, "/quan-tri/phan-luong", (const char *[]) { "action", "them-phan-luong", "post", "dia-chinh",
                   "priority", "cao", NULL }, &a) == 400, "a priority that is no number is refused");
    CHECK (s_has (&a, "«Ưu tiên (cao hơn được xét trước; mặc định 100)» phải là một số nguyên") && s_has (&a, "value=\"cao\""),
           "naming the field and keeping the value");
    tw_free (&a);
    char day[32];
    vp_time_format (TU_CLOCK_START + 23 * 86400000LL, NULL, "%d/%m/%Y", day, sizeof day);
    CHECK (s_post (&head, "/quan-tri/ngay-nghi", (const char *[]) { "action", "them-ngay-nghi", "date", day,
                   "name", "Ngày truyền thống của xã", NULL }, NULL) == 303, "a holiday of the commune on %s", day);
    a = tw_get (&head, "/quan-tri/ngay-nghi");
    CHECK (s_has (&a, day) && s_has (&a, "Ngày truyền thống của xã") && s_has (&a, "Quốc khánh"),
           "the year's holidays, the national ones too");
    tw_free (&a);
    CHECK (s_post (&head, "/quan-tri/ngay-nghi", (const char *[]) { "action", "them-ngay-nghi", "date", day,
                   "name", "Lần hai", NULL }, &a) == 400, "the same day twice is refused");
    CHECK (s_has (&a, "«Ngày nghỉ»") && s_has (&a, "đã là ngày nghỉ"), "saying it is one already");
    tw_free (&a);
    CHECK (s_post (&head, "/quan-tri/so-van-ban", (const char *[]) { "action", "dat-so-van-ban", "series", "ubnd-moi",
                   "issuer_abbr", "UBND", "period", "year", "format", "khong-co-so", NULL }, &a) == 400,
           "a numbering format without {n} is refused");
    CHECK (s_has (&a, "«Mẫu số, ký hiệu» &quot;khong-co-so&quot;") && s_has (&a, "value=\"khong-co-so\""),
           "naming the format typed:\n%.2000s", strstr (a.body, "class=\"error\""));
    tw_free (&a);
    a = tw_get (&head, "/quan-tri/so-van-ban");
    CHECK (a.status == 200 && s_has (&a, "danh-sach-so"), "the series list");
    tw_free (&a);
    a = tw_get (&head, "/quan-tri/mau-thong-bao");
    CHECK (a.status == 200 && s_has (&a, "Được giao văn bản") && s_has (&a, "Sửa mẫu thông báo"),
           "the notify templates with their form (%d)", a.status);
    tw_free (&a);

    CHECK (s_post (&head, "/quan-tri/so-van-ban", (const char *[]) { "action", "dat-so-van-ban", "series", "ubnd-moi",
                   "issuer_abbr", "UBND", "period", "year", "format", "{n}/TB-{body}", NULL }, NULL) == 303,
           "a good numbering series is saved");
    a = tw_get (&head, "/quan-tri/so-van-ban");
    CHECK (s_has (&a, "ubnd-moi") && s_has (&a, "{n}/TB-{body}"), "and listed");
    tw_free (&a);
    a = tw_get (&head, "/quan-tri/mau-thong-bao?sua=documents.overdue");
    const char *area = strstr (a.body, "<textarea id=\"sua-mau-text\"");
    CHECK (area && strstr (area, "quá hạn xử lý") && strstr (a.body, "<option value=\"documents.overdue\" selected>"),
           "\"Sửa\" starts the form from the message as it is now");
    tw_free (&a);
    CHECK (s_post (&head, "/quan-tri/mau-thong-bao", (const char *[]) { "action", "sua-mau", "type", "documents.assigned",
                   "subject", "Đồng chí được giao: {summary}", NULL }, NULL) == 303, "a notify message is reworded");
    a = tw_get (&head, "/quan-tri/mau-thong-bao");
    CHECK (s_has (&a, "Đồng chí được giao: {summary}") && s_has (&a, "Của xã"), "the list shows the commune's wording");
    tw_free (&a);

    //  (g) the rest of the people's set-up: an update, a post closed with its
    //  appointment, a leave ended early; and the head's delegate may set up
    a = tw_get (&head, "/quan-tri/can-bo?sua=" NEWBIE);
    const char *form = strstr (a.body, "id=\"form-sua-can-bo\"");
    CHECK (form && strstr (form, "value=\"Trần Văn Mới\"") && strstr (form, "<option value=\"active\" selected>"),
           "\"Sửa\" starts the update form from him as he is");
    tw_free (&a);
    CHECK (s_post (&head, "/quan-tri/can-bo", (const char *[]) { "action", "sua-can-bo", "officer", NEWBIE, NULL },
                   &a) == 400, "an update that changes nothing is refused");
    CHECK (s_has (&a, "Không có gì thay đổi"), "saying so in Vietnamese");
    tw_free (&a);
    CHECK (s_post (&head, "/quan-tri/can-bo", (const char *[]) { "action", "sua-can-bo", "officer", NEWBIE,
                   "phone", "0912 000 111", NULL }, NULL) == 303, "his phone is changed");
    a = tw_get (&head, "/quan-tri/can-bo");
    CHECK (s_has (&a, "0912 000 111"), "the list shows his new phone");
    tw_free (&a);
    char yesterday[32];
    vp_time_format (TU_CLOCK_START - 86400000LL, NULL, "%d/%m/%Y", yesterday, sizeof yesterday);
    CHECK (s_post (&head, "/quan-tri/chuc-danh", (const char *[]) { "action", "them-chuc-danh", "post", "thu-quy",
                   "body", "ubnd", "title", "Thủ quỹ", "fields", "quy, tien-mat", "from", yesterday, NULL }, NULL) == 303,
           "a post is created from yesterday");
    CHECK (s_post (&head, "/quan-tri/bo-nhiem", (const char *[]) { "action", "bo-nhiem", "officer", NEWBIE,
                   "post", "thu-quy", NULL }, NULL) == 303, "he is appointed to it");
    a = tw_get (&head, "/quan-tri/chuc-danh");
    s_row (&a, "<td>thu-quy</td>", row, sizeof row);
    CHECK (strstr (row, "Thủ quỹ") && strstr (row, "quy, tien-mat") && strstr (row, "Trần Văn Mới"),
           "the posts list shows it with its fields and holder: %s", row);
    tw_free (&a);
    CHECK (s_post (&head, "/quan-tri/chuc-danh", (const char *[]) { "action", "dong-chuc-danh", "post", "thu-quy",
                   NULL }, NULL) == 303, "the post is closed");
    tu_stack_sync (&s_stack);
    a = tw_get (&plain, "/can-bo");
    CHECK (!s_has (&a, "Thủ quỹ"), "the directory no longer lists it");
    tw_free (&a);
    a = tw_get (&head, "/quan-tri/bo-nhiem");
    const char *label = strstr (a.body, "\">Trần Văn Mới – Văn hóa – Xã hội</option>");
    TU_CHECK (label, "the appointments page offers his Văn hóa – Xã hội appointment");
    const char *value = label;
    while (value > a.body && strncmp (value, "value=\"", 7))
        value--;
    char appointment[40];
    snprintf (appointment, sizeof appointment, "%.*s", (int) (label - value - 7), value + 7);
    tw_free (&a);
    CHECK (s_post (&head, "/quan-tri/bo-nhiem", (const char *[]) { "action", "ket-thuc-bo-nhiem",
                   "appointment", appointment, NULL }, NULL) == 303, "his appointment %s ends", appointment);
    tu_stack_sync (&s_stack);
    a = tw_get (&plain, "/can-bo");
    s_row (&a, "<td>Trần Văn Mới</td>", row, sizeof row);
    CHECK (!strstr (row, "Văn hóa – Xã hội"), "the directory no longer shows him there: %s", row);
    tw_free (&a);
    a = tw_get (&head, "/quan-tri/nghi-phep");
    const char *opt = strstr (a.body, "<datalist id=\"dl-leaves\"><option value=\"");
    TU_CHECK (opt, "the leave page offers the leaves");
    char leave[40];
    opt += strlen ("<datalist id=\"dl-leaves\"><option value=\"");
    snprintf (leave, sizeof leave, "%.*s", (int) strcspn (opt, "\""), opt);
    tw_free (&a);
    CHECK (s_post (&head, "/quan-tri/nghi-phep", (const char *[]) { "action", "ket-thuc-nghi-phep", "leave", leave,
                   NULL }, NULL) == 303, "the Chủ tịch's leave %s ends early", leave);
    tu_stack_sync (&s_stack);
    a = tw_get (&plain, "/can-bo");
    CHECK (s_has (&a, "Không có ai nghỉ phép.") && !s_has (&a, back_shown), "the directory shows him back");
    tw_free (&a);
    CHECK (s_post (&head, "/quan-tri/nghi-phep", (const char *[]) { "action", "nghi-phep", "officer", HEAD,
                   "to", back, "delegate", PLAIN, NULL }, NULL) == 303, "the office head goes on leave herself");
    tu_stack_sync (&s_stack);
    a = tw_get (&plain, "/quan-tri/can-bo");
    CHECK (a.status == 200 && s_has (&a, "Thêm cán bộ"), "her delegate now has the set-up pages (%d)", a.status);
    tw_free (&a);

    tw_stop (web);
    tu_stack_stop (&s_stack);
    printf ("test_web_staff: %d checks passed\n", tu_checks);
    return 0;
}
