/*  test_web_week - Lịch công tác tuần: conflicts shown before saving,
    published editions, the printed week and an officer's own week,
    against a real stack (the demo district, the injected clock: every
    date below is computed from it).

    Checks that:
      (a) a dry run (check=true) of a create answers the person and the
          room conflicts the entry would have, as e-0, and stores and
          tells nothing; a dry run of a move stores nothing either;
      (b) only the office head publishes; the first publish is edition 1
          with its signer and nơi nhận and one calendar.week_published
          naming the week's participants; publishing again unchanged is
          the same edition and no event; after a change the week reads
          "changed" and the next publish is edition 2; calendar.week's text
          and page end with its closing block;
      (c) the printed week (/lich-tuan) has the issuing body, the motto,
          "LỊCH CÔNG TÁC TUẦN n (từ ngày … đến ngày …)", Sáng and Chiều,
          the chair with title, thành phần, đơn vị chuẩn bị, and the
          closing block of the edition: Nơi nhận, the signer's title and
          name; a week never published prints "DỰ THẢO";
      (d) the entry form shows the conflicts in Vietnamese (who, which
          room, which other entry, its time) and saves nothing until
          "Vẫn lưu"; without the CSRF token it is 403; a wrong date is
          named in Vietnamese; moving an entry to a free hour saves it at
          once; moving a secret entry its reader sees as a busy block
          keeps its title, people and đơn vị chuẩn bị;
      (e) an officer's own week lists only the entries he chairs or takes
          part in;
      (f) the office head publishes from the page; another officer's
          publish is refused in Vietnamese; the same request id twice is
          one edition;
      (g) vp-notify tells the week's participants once per edition.
*/
#include <string.h>
#include "test_web_util.h"

#define TENANT "lam-son"
#define CLERK "ls-nguyen-van-cong"
#define CHAIR "ls-le-van-mau-ba"
#define HEAD "ls-phan-thi-mau-truong"
#define SECRET_READER "ls-nguyen-van-mau-mot"     //  Bí thư: cleared for Tối mật
#define PASSWORD "Mat-khau-du-dai-2026"
#define DAY_MS 86400000LL

static tu_stack_t s_stack;

static bool
s_has (const tw_answer_t *a, const char *text)
{
    return a->body && strstr (a->body, text) != NULL;
}

static size_t
s_count (const char *type)
{
    tu_stack_sync (&s_stack);
    vp_val_t *events = tu_stack_events (&s_stack, "calendar", type, NULL, NULL);
    size_t n = vp_val_len (events);
    vp_val_destroy (&events);
    return n;
}

//  dd/mm/yyyy of ms in the communes' zone (a static ring of 8).
static const char *
s_day (int64_t ms)
{
    static char ring[8][16];
    static int next;
    char *out = ring[next++ % 8];
    vp_time_format (ms, TU_ZONE, "%d/%m/%Y", out, 16);
    return out;
}

//  "entry=<id>" (a static ring of 4).
static const char *
s_entry_word (const char *id)
{
    static char ring[4][80];
    static int next;
    char *out = ring[next++ % 4];
    snprintf (out, 80, "entry=%s", id);
    return out;
}

static int64_t
s_live_entries (vp_cmdcli_t *cal, int64_t from)
{
    vp_val_t *r = tu_ok_call (cal, TENANT, HEAD, "calendar.list", tu_ms_word ("from", from),
                              tu_ms_word ("to", from + 7 * DAY_MS), "status=planned");
    int64_t planned = vp_map_int (r, "count", 0);
    tu_drop (r);
    r = tu_ok_call (cal, TENANT, HEAD, "calendar.list", tu_ms_word ("from", from),
                    tu_ms_word ("to", from + 7 * DAY_MS), "status=moved");
    planned += vp_map_int (r, "count", 0);
    tu_drop (r);
    return planned;
}

int
main (void)
{
    tu_stack_opts_t opts = { .demo = true,
                             .services = (const char *const[]) { "staffing", "documents", "calendar", "notify", NULL } };
    tu_stack_start_opts (&s_stack, "web-week", &opts);
    tu_stack_set_password (&s_stack, TENANT, HEAD, PASSWORD);
    tu_stack_set_password (&s_stack, TENANT, CHAIR, PASSWORD);
    pid_t web = 0;
    int port = tw_start (&s_stack, &web);
    vp_cmdcli_t *cal = tu_stack_client (&s_stack, "calendar");

    //  The week of the clock: its Monday, its Thursday at 08:00.
    int64_t now = vp_clock_now ();
    vp_tm_t tm;
    vp_time_local (now, TU_ZONE, &tm);
    int64_t monday = tu_local_ms (tm.year, tm.month, tm.day, 0, 0) - (int64_t) ((tm.weekday + 6) % 7) * DAY_MS;
    int64_t thursday = monday + 3 * DAY_MS + 8 * 3600000LL;
    int64_t friday = thursday + DAY_MS;

    //  (a) a meeting, then a second one that would take the chair and the room
    vp_val_t *r = tu_ok_call (cal, TENANT, HEAD, "calendar.entry.create", "title=Họp giao ban tuần",
                              tu_ms_word ("start", thursday), tu_ms_word ("end", thursday + 2 * 3600000LL),
                              "chair=" CHAIR, "officers=" CLERK, "room=phong-hop-1", "prepared_by=Văn phòng");
    char first[32];
    snprintf (first, sizeof first, "%s", tu_str (r, "entry"));
    tu_drop (r);
    size_t conflicts_told = s_count ("calendar.conflict");
    r = tu_ok_call (cal, TENANT, HEAD, "calendar.entry.create", "title=Làm việc với đoàn kiểm tra",
                    tu_ms_word ("start", thursday + 3600000LL), tu_ms_word ("end", thursday + 3 * 3600000LL),
                    "officers=" CHAIR, "room=phong-hop-1", "check=true");
    const vp_val_t *found = vp_map_get (r, "conflicts");
    char *kinds = tu_join (found, "kind");
    CHECK (vp_map_bool (r, "checked", false) && !strcmp (tu_str (r, "entry"), "e-0") && !strcmp (kinds, "person,room"),
           "a dry run answers the person and the room conflict of e-0: %s", kinds);
    free (kinds);
    CHECK (!strcmp (tu_str (vp_array_at (found, 0), "officer"), CHAIR)
           && !strcmp (tu_str (vp_array_at (found, 0), "with"), first)
           && !strcmp (tu_str (vp_array_at (found, 1), "room"), "phong-hop-1"),
           "with the Chủ tịch and the room, both in %s", first);
    tu_drop (r);
    CHECK (s_live_entries (cal, monday) == 1, "the dry run stored nothing");
    CHECK (s_count ("calendar.conflict") == conflicts_told && s_count ("calendar.entry_created") == 1,
           "and told nothing (no conflict, no entry made)");
    r = tu_ok_call (cal, TENANT, HEAD, "calendar.entry.update", "entry=e-1", tu_ms_word ("start", friday),
                    tu_ms_word ("end", friday + 3600000LL), "check=true");
    CHECK (vp_map_bool (r, "checked", false) && vp_val_len (vp_map_get (r, "conflicts")) == 0,
           "a move's dry run to a free hour has no conflict");
    tu_drop (r);
    r = tu_ok_call (cal, TENANT, HEAD, "calendar.entry.get", "entry=e-1");
    CHECK (vp_map_int (r, "start", 0) == thursday && vp_map_int (r, "sequence", -1) == 0,
           "and the entry did not move");
    tu_drop (r);

    //  (b) editions
    tu_refused (VP_E_PERMISSION_DENIED, "actor", "Tổ trưởng Văn phòng", cal, TENANT, CHAIR, "calendar.week.publish",
                tu_ms_word ("date", thursday), "signer=" CHAIR);
    r = tu_ok_call (cal, TENANT, HEAD, "calendar.week.edition", tu_ms_word ("date", thursday));
    CHECK (vp_map_int (r, "edition", -1) == 0 && vp_map_int (r, "week_start", 0) == monday,
           "a week never published is edition 0 from its Monday");
    int week_no = (int) vp_map_int (r, "week", 0);
    tu_drop (r);
    r = tu_ok_call (cal, TENANT, HEAD, "calendar.week.publish", tu_ms_word ("date", thursday), "signer=" CHAIR,
                    "recipients=Thường trực Đảng ủy;,Lưu: VP.");
    CHECK (vp_map_int (r, "edition", 0) == 1 && !strcmp (tu_str (r, "signer_title"), "Chủ tịch UBND")
           && !strcmp (tu_str (r, "signer_name"), "Lê Văn Mẫu Ba") && !strcmp (tu_str (r, "by"), HEAD),
           "the office head publishes edition 1, signed by the Chủ tịch UBND: %s", tu_str (r, "signer_title"));
    tu_drop (r);
    tu_stack_sync (&s_stack);
    vp_val_t *told = tu_stack_events (&s_stack, "calendar", "calendar.week_published", NULL, NULL);
    const vp_val_t *data = vp_map_get (vp_array_at (told, 0), "data");
    char *people = tu_join (vp_map_get (data, "participants"), NULL);
    CHECK (vp_val_len (told) == 1 && strstr (people, CHAIR) && strstr (people, CLERK)
           && vp_map_int (data, "entries", 0) == 1, "calendar.week_published once, naming its participants: %s", people);
    free (people);
    vp_val_destroy (&told);
    r = tu_ok_call (cal, TENANT, HEAD, "calendar.week.publish", tu_ms_word ("date", monday), "signer=" CHAIR,
                    "recipients=Thường trực Đảng ủy;,Lưu: VP.");
    CHECK (vp_map_int (r, "edition", 0) == 1 && vp_map_bool (r, "unchanged", false),
           "published again unchanged: the same edition");
    tu_drop (r);
    CHECK (s_count ("calendar.week_published") == 1, "and nothing told again");
    tu_drop (tu_ok_call (cal, TENANT, HEAD, "calendar.entry.update", "entry=e-1", "title=Họp giao ban tuần (mở rộng)"));
    r = tu_ok_call (cal, TENANT, HEAD, "calendar.week.edition", tu_ms_word ("date", thursday));
    CHECK (vp_map_int (r, "edition", 0) == 1 && vp_map_bool (r, "changed", false), "after a change the week reads changed");
    tu_drop (r);
    r = tu_ok_call (cal, TENANT, HEAD, "calendar.week.publish", tu_ms_word ("date", thursday), "signer=" CHAIR,
                    "recipients=Thường trực Đảng ủy;,Lưu: VP.");
    CHECK (vp_map_int (r, "edition", 0) == 2 && !vp_map_bool (r, "unchanged", false), "and the next publish is edition 2");
    tu_drop (r);
    CHECK (s_count ("calendar.week_published") == 2, "told once per edition");
    r = tu_ok_call (cal, TENANT, HEAD, "calendar.week", tu_ms_word ("date", thursday));
    CHECK (vp_map_int (r, "edition", 0) == 2 && strstr (tu_str (r, "text"), "\nNơi nhận:\n- Thường trực Đảng ủy;\n- Lưu: VP.\n\n"
                                                                      "Chủ tịch UBND\nLê Văn Mẫu Ba\n(ban hành lần 2")
           && strstr (tu_str (r, "html"), "<p class=\"name\">Lê Văn Mẫu Ba</p>") && !strstr (tu_str (r, "html"), "DỰ THẢO"),
           "calendar.week (vpctl's text and page) ends with the same closing block:\n%s", tu_str (r, "text"));
    tu_drop (r);

    //  (c) the printed week
    tw_browser_t head = { .port = port }, chair = { .port = port };
    CHECK (tw_login (&head, TENANT, HEAD, PASSWORD) == 303, "the office head signs in");
    char path[200], heading[200];
    snprintf (path, sizeof path, "/lich-tuan?ngay=%s", s_day (thursday));
    tw_answer_t a = tw_get (&head, path);
    snprintf (heading, sizeof heading, "LỊCH CÔNG TÁC TUẦN %d (từ ngày %s đến ngày %s)", week_no, s_day (monday),
              s_day (monday + 6 * DAY_MS));
    CHECK (a.status == 200 && s_has (&a, heading), "the week is headed %s", heading);
    CHECK (s_has (&a, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") && s_has (&a, "Văn phòng Đảng ủy – Chính quyền")
           && s_has (&a, "class=\"half\">Sáng</td>") && s_has (&a, "class=\"half\">Chiều</td>"),
           "with the issuing body, the motto, Sáng and Chiều");
    CHECK (s_has (&a, "đ/c Lê Văn Mẫu Ba – Chủ tịch UBND") && s_has (&a, "<td>Nguyễn Văn Công</td>")
           && s_has (&a, "<td>Văn phòng</td>") && s_has (&a, "Phòng họp 1"),
           "the chair with his title, thành phần, đơn vị chuẩn bị and the room by name");
    CHECK (s_has (&a, "Nơi nhận:") && s_has (&a, "<li>Thường trực Đảng ủy;</li>") && s_has (&a, "<li>Lưu: VP.</li>")
           && s_has (&a, "Ban hành lần 2") && s_has (&a, "<p class=\"strong signer-name\">Lê Văn Mẫu Ba</p>")
           && !s_has (&a, "DỰ THẢO"), "the closing block of edition 2: Nơi nhận, the signer's title and name");
    CHECK (s_has (&a, "action=\"/lich-tuan/ban-hanh\""), "the office head is offered the publish form");
    tw_free (&a);
    snprintf (path, sizeof path, "/lich-tuan?ngay=%s", s_day (thursday + 7 * DAY_MS));
    a = tw_get (&head, path);
    CHECK (a.status == 200 && s_has (&a, "DỰ THẢO") && !s_has (&a, "Ban hành lần"), "next week, never published: DỰ THẢO");
    tw_free (&a);

    //  (d) the entry form
    const char *form[] = {
        "ngay", s_day (thursday), "buoi", "sang", "tu", "09:00", "den", "11:00",
        "noi_dung", "Làm việc với đoàn kiểm tra", "chu_tri", "", "thanh_phan", CHAIR, "thanh_phan", CLERK,
        "phong", "phong-hop-1", "dia_diem", "", "chuan_bi", "Công chức Tư pháp", NULL
    };
    a = tw_get (&head, "/lich-tuan/them");     //  its CSRF token
    CHECK (a.status == 200 && s_has (&a, "name=\"thanh_phan\""), "the form of a new entry");
    tw_free (&a);
    a = tw_post (&head, "/lich-tuan/them", false, form);
    CHECK (a.status == 403, "without the CSRF token: 403 (%d)", a.status);
    tw_free (&a);
    a = tw_post (&head, "/lich-tuan/them", true, form);
    CHECK (a.status == 200 && s_has (&a, "Trùng lịch") && s_has (&a, "Đ/c <strong>Lê Văn Mẫu Ba</strong> đã có lịch")
           && s_has (&a, "Phòng <strong>Phòng họp 1</strong> đã được đặt cho")
           && s_has (&a, "«Họp giao ban tuần (mở rộng)» (e-1)"),
           "the form shows who, which room and which entry:\n%.2500s", a.body ? strstr (a.body, "<main>") : "");
    char when[64];
    snprintf (when, sizeof when, "lúc %s 08:00–10:00", s_day (thursday));
    CHECK (s_has (&a, when) && s_has (&a, "value=\"luu\""), "with the other entry's time (%s), and asks to confirm", when);
    tw_free (&a);
    CHECK (s_live_entries (cal, monday) == 1, "nothing saved before confirming");
    const char *confirm[64];
    int n = 0;
    for (; form[n]; n++)
        confirm[n] = form[n];
    confirm[n++] = "buoc";
    confirm[n++] = "luu";
    confirm[n] = NULL;
    a = tw_post (&head, "/lich-tuan/them", true, confirm);
    CHECK (a.status == 303, "«Vẫn lưu» saves it (%d)", a.status);
    tw_free (&a);
    CHECK (s_live_entries (cal, monday) == 2, "now two entries");
    const char *bad[] = { "ngay", "32/13/2026", "buoi", "chieu", "noi_dung", "Tiếp dân", NULL };
    a = tw_post (&head, "/lich-tuan/them", true, bad);
    CHECK (a.status == 200 && s_has (&a, "Ngày &quot;32/13/2026&quot; không đúng"), "a wrong date is named in Vietnamese");
    tw_free (&a);
    CHECK (s_live_entries (cal, monday) == 2, "and nothing saved");
    a = tw_get (&head, "/lich-tuan/e-1/sua");
    CHECK (a.status == 200 && s_has (&a, "Họp giao ban tuần (mở rộng)"), "the form of e-1 holds its values");
    tw_free (&a);
    const char *move[] = {
        "ngay", s_day (friday), "buoi", "chieu", "tu", "14:00", "den", "16:00",
        "noi_dung", "Họp giao ban tuần (mở rộng)", "chu_tri", CHAIR,
        "thanh_phan", CLERK, "phong", "phong-hop-1", "chuan_bi", "Văn phòng", NULL
    };
    a = tw_post (&head, "/lich-tuan/e-1/sua", true, move);
    CHECK (a.status == 303, "moved to a free hour it is saved at once (%d)", a.status);
    tw_free (&a);
    r = tu_ok_call (cal, TENANT, HEAD, "calendar.entry.get", "entry=e-1");
    CHECK (vp_map_int (r, "start", 0) == friday + 6 * 3600000LL && !strcmp (tu_str (r, "status"), "moved")
           && !strcmp (tu_str (r, "chair"), CHAIR), "e-1 is on Friday at 14:00, moved, same chair");
    tu_drop (r);

    //  A Tối mật meeting is a busy block to the office head (cleared for
    //  Mật): moving it from the form writes back neither the busy block's
    //  title nor the people she was not shown.
    r = tu_ok_call (cal, TENANT, SECRET_READER, "calendar.entry.create", "title=Họp bàn công tác nhân sự",
                    tu_ms_word ("start", monday + 9 * 3600000LL), tu_ms_word ("end", monday + 10 * 3600000LL),
                    "officers=" CHAIR, "secrecy=toi-mat", "prepared_by=Ban Tổ chức");
    char secret[32], secret_path[64];
    snprintf (secret, sizeof secret, "%s", tu_str (r, "entry"));
    tu_drop (r);
    snprintf (secret_path, sizeof secret_path, "/lich-tuan/%s/sua", secret);
    a = tw_get (&head, secret_path);
    CHECK (a.status == 200 && s_has (&a, VP_SECRET_MEETING) && !s_has (&a, "nhân sự"),
           "the office head's form of the Tối mật meeting shows a busy block");
    tw_free (&a);
    const char *busy[] = { "ngay", s_day (monday), "buoi", "chieu", "tu", "15:00", "den", "16:00",
                           "noi_dung", VP_SECRET_MEETING, "chu_tri", "", "phong", "", "dia_diem", "", "chuan_bi", "",
                           NULL };
    r = tu_ok_call (cal, TENANT, HEAD, "calendar.entry.update", s_entry_word (secret), "check=true",
                    tu_ms_word ("start", monday + 15 * 3600000LL), tu_ms_word ("end", monday + 16 * 3600000LL));
    CHECK (!strcmp (tu_str (r, "title"), VP_SECRET_MEETING) && !vp_map_get (r, "prepared_by")
           && vp_val_len (vp_map_get (r, "participants")) == 0,
           "a dry run of moving it answers her the busy block, not its text: %s", tu_str (r, "title"));
    tu_drop (r);
    r = tu_ok_call (cal, TENANT, HEAD, "calendar.entry.update", s_entry_word (secret), "note=Đã dời giờ");
    CHECK (!strcmp (tu_str (r, "title"), VP_SECRET_MEETING) && !vp_map_get (r, "note"),
           "nor does a real change of it: %s", tu_str (r, "title"));
    tu_drop (r);
    a = tw_post (&head, secret_path, true, busy);
    CHECK (a.status == 303, "she moves it to the afternoon (%d)", a.status);
    tw_free (&a);
    char word[64];
    snprintf (word, sizeof word, "entry=%s", secret);
    r = tu_ok_call (cal, TENANT, SECRET_READER, "calendar.entry.get", word);
    char *who = tu_join (vp_map_get (r, "participants"), "officer");
    CHECK (vp_map_int (r, "start", 0) == monday + 15 * 3600000LL && !strcmp (tu_str (r, "title"), "Họp bàn công tác nhân sự")
           && !strcmp (who, CHAIR) && !strcmp (tu_str (r, "prepared_by"), "Ban Tổ chức"),
           "moved, with its own title, people and đơn vị chuẩn bị kept: %s, %s", tu_str (r, "title"), who);
    free (who);
    tu_drop (r);

    //  (e) an officer's own week: not the entry of the clerk alone
    tu_drop (tu_ok_call (cal, TENANT, HEAD, "calendar.entry.create", "title=Kiểm tra sổ sách lưu trữ",
                         tu_ms_word ("start", thursday + 6 * 3600000LL), tu_ms_word ("end", thursday + 8 * 3600000LL),
                         "officers=" CLERK));
    CHECK (tw_login (&chair, TENANT, CHAIR, PASSWORD) == 303, "the Chủ tịch signs in");
    snprintf (path, sizeof path, "/lich-tuan?ngay=%s&cua-toi=1", s_day (thursday));
    a = tw_get (&chair, path);
    CHECK (a.status == 200 && s_has (&a, "của đ/c Lê Văn Mẫu Ba") && s_has (&a, "Họp giao ban tuần (mở rộng)")
           && s_has (&a, "Làm việc với đoàn kiểm tra") && !s_has (&a, "Kiểm tra sổ sách lưu trữ"),
           "his own week has what he chairs or takes part in, not the clerk's alone");
    tw_free (&a);
    a = tw_get (&chair, "/");
    CHECK (s_has (&a, "/lich-tuan?cua-toi=1"), "Việc của tôi links to it");
    tw_free (&a);

    //  (f) publishing from the page
    snprintf (path, sizeof path, "/lich-tuan?ngay=%s", s_day (thursday));
    a = tw_get (&chair, path);
    CHECK (!s_has (&a, "action=\"/lich-tuan/ban-hanh\""), "the Chủ tịch is not offered the publish form");
    tw_free (&a);
    const char *publish[] = { "ngay", s_day (thursday), "signer", CHAIR, "signer_title", "",
                              "recipients", "Thường trực Đảng ủy;\r\nLưu: VP.", NULL };
    a = tw_post (&chair, "/lich-tuan/ban-hanh", true, publish);
    CHECK (a.status == 200 && s_has (&a, "chỉ Tổ trưởng Văn phòng ban hành"), "his publish is refused in Vietnamese");
    tw_free (&a);
    a = tw_get (&head, path);
    tw_free (&a);
    a = tw_post (&head, "/lich-tuan/ban-hanh", true, publish);
    char v[300];
    CHECK (a.status == 303 && tw_header (&a, "Location", v, sizeof v) && strstr (v, "ban-hanh=da-ban-hanh"),
           "the office head publishes from the page (%d)", a.status);
    tw_free (&a);
    a = tw_get (&head, path);
    CHECK (s_has (&a, "Ban hành lần 3") && !s_has (&a, "DỰ THẢO"), "the week now prints edition 3");
    tw_free (&a);
    a = tw_post (&head, "/lich-tuan/ban-hanh", true, publish);
    CHECK (a.status == 303 && tw_header (&a, "Location", v, sizeof v) && strstr (v, "ban-hanh=khong-doi"),
           "publishing again unchanged says so (%s)", v);
    tw_free (&a);

    //  The same request (same id) sent twice after a change: one edition
    //  (4), one event; the second answer is the first's.
    tu_drop (tu_ok_call (cal, TENANT, HEAD, "calendar.entry.update", "entry=e-2", "note=Mang theo hồ sơ"));
    a = tw_get (&head, path);
    CHECK (s_has (&a, "DỰ THẢO") && s_has (&a, "Lịch đã thay đổi sau lần ban hành 3"),
           "changed since edition 3, the week prints DỰ THẢO and asks to publish again");
    tw_free (&a);
    int64_t editions[2] = { 0, 0 };
    for (int i = 0; i < 2; i++) {
        vp_val_t *request = vp_val_map (), *args = vp_val_map (), *reply = NULL;
        vp_map_put_int (request, "v", 1);
        vp_map_put_str (request, "id", "test-web-week-publish-4");
        vp_map_put_str (request, "cmd", "calendar.week.publish");
        vp_map_put_str (request, "tenant", TENANT);
        vp_map_put_str (request, "actor", HEAD);
        vp_map_put_str (request, "session", TU_SESSION);
        vp_map_put_int (args, "date", thursday);
        vp_map_put_str (args, "signer", CHAIR);
        vp_map_put (request, "args", args);
        vp_err_t err = { 0 };
        TU_CHECK (vp_cmdcli_request (cal, request, TU_TIMEOUT, &reply, &err) == 0, "publish: %s", err.message);
        editions[i] = vp_map_int (vp_map_get (reply, "result"), "edition", 0);
        vp_val_destroy (&reply);
    }
    CHECK (editions[0] == 4 && editions[1] == 4 && s_count ("calendar.week_published") == 4,
           "the same request twice is edition 4 once (%lld, %lld)", (long long) editions[0], (long long) editions[1]);

    //  vp-notify told the Chủ tịch once per edition (1 to 4), not for the
    //  publish that changed nothing
    tu_stack_sync (&s_stack);
    vp_cmdcli_t *ntf = tu_stack_client (&s_stack, "notify");
    r = tu_ok_call (ntf, TENANT, CHAIR, "notify.inbox", "limit=200");
    int told_week = 0;
    char subject[200];
    snprintf (subject, sizeof subject, "Lịch công tác tuần %d đã ban hành (lần 1)", week_no);
    bool first_told = false;
    for (size_t i = 0; i < vp_val_len (vp_map_get (r, "items")); i++) {
        const char *sub = tu_str (vp_array_at (vp_map_get (r, "items"), i), "subject");
        told_week += strstr (sub, "Lịch công tác tuần") != NULL;
        first_told |= !strcmp (sub, subject);
    }
    CHECK (told_week == 4 && first_told, "the Chủ tịch is told once per edition (%d times): %s", told_week, subject);
    tu_drop (r);
    vp_cmdcli_destroy (&ntf);

    vp_cmdcli_destroy (&cal);
    tw_stop (web);
    tu_stack_stop (&s_stack);
    printf ("test_web_week: %d checks passed\n", tu_checks);
    return 0;
}
