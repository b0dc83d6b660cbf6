/*  test_staffing - vp-staffing as a commune office uses it.

    Starts vp-bus and vp-staffing with CURVE keys and builds Lam Sơn
    (merged office since 01/10/2025) and Văn Sơn (not merged) through
    staffing commands typed as vpctl would take them (key=value words,
    dates as people write them). Then checks that:
      (a) every rule of the issue refuses with its code, the field at
          fault, and a message that names the value;
      (b) whois answers the past as it was (history), the holder's
          delegate while on leave (reason delegate, on_behalf_of), the
          next delegate when the delegate is on leave too (chain), and
          the office head for a vacant post (reason office_head);
      (c) one officer holding two posts (kiêm nhiệm) shows in posts_of
          and in headcount, and headcount is comparable before and after
          the merger;
      (d) every change reached the bus, in order;
      (e) a restarted vp-staffing keeps its data and goes on.
*/
#include <signal.h>
#include <string.h>
#include "testutil.h"

#define S_ADMIN "test-admin"        //  who makes the staffing changes

static vp_cmdcli_t *s_cli;
static zlist_t *s_expected;         //  event types every success caused, in order

//  The events (space-separated names, NULL for none) a call that succeeds
//  causes, expected on the bus in this order.
static void
s_expect (const char *events)
{
    char list[256];
    snprintf (list, sizeof list, "%s", events ? events : "");
    char *save = NULL;
    for (char *event = strtok_r (list, " ", &save); event; event = strtok_r (NULL, " ", &save)) {
        char type[96];
        snprintf (type, sizeof type, "staffing.%s", event);
        zlist_append (s_expected, type);    //  the list keeps a copy
    }
}

//  A call by the admin that must succeed and cause `events` (NULL for a
//  query): its result (caller destroys); DONE when the result does not
//  matter. REFUSED: a call that must be refused (see tu_refused).
#define OK(events, tenant, ...) (s_expect (events), tu_ok_call (s_cli, tenant, S_ADMIN, __VA_ARGS__))
#define DONE(events, tenant, ...) tu_drop (OK (events, tenant, __VA_ARGS__))
#define REFUSED(code, field, says, tenant, ...) tu_refused (code, field, says, s_cli, tenant, S_ADMIN, __VA_ARGS__)

//  whois post at `at`: officer, reason, on_behalf_of and chain must be as given.
static void
s_whois (int line, const char *post, int64_t at, const char *officer, const char *reason,
         const char *on_behalf_of, const char *chain)
{
    char post_word[80];
    snprintf (post_word, sizeof post_word, "post=%s", post);
    vp_val_t *r = tu_ok_at (line, s_cli, "lam-son", S_ADMIN, "staffing.whois", post_word, tu_ms_word ("at", at), NULL);
    char *got_chain = tu_join (vp_map_get (r, "chain"), NULL);
    TU_CHECK (strcmp (tu_str (r, "officer"), officer) == 0
           && strcmp (tu_str (r, "reason"), reason) == 0
           && strcmp (tu_str (r, "on_behalf_of"), on_behalf_of) == 0
           && strcmp (got_chain, chain) == 0,
              "line %d: whois %s: %s (%s) for \"%s\" chain [%s]; expected %s (%s) for \"%s\" chain [%s]",
              line, post, tu_str (r, "officer"), tu_str (r, "reason"), tu_str (r, "on_behalf_of"),
              got_chain, officer, reason, on_behalf_of, chain);
    TU_CHECK (strcmp (tu_str (r, "post"), post) == 0 && *tu_str (r, "explain") && *tu_str (r, "full_name"),
              "line %d: whois %s: post \"%s\", explain \"%s\"", line, post, tu_str (r, "post"),
              tu_str (r, "explain"));
    free (got_chain);
    vp_val_destroy (&r);
}
#define WHOIS(post, at, officer, reason, for_, chain) s_whois (__LINE__, post, at, officer, reason, for_, chain)

static void
s_build (void)
{
    //  ---------------------------------------------------------- communes
    vp_val_t *r = OK ("tenant_created", NULL, "staffing.tenant.create", "tenant=lam-son", "name=Lam Sơn",
                      "district=Đô Lương", "merged_on=01/10/2025");
    CHECK (vp_map_int (r, "merged_on", 0) == tu_local_ms (2025, 10, 1, 0, 0), "merged_on %lld",
           (long long) vp_map_int (r, "merged_on", 0));
    CHECK (strcmp (tu_str (r, "zone"), TU_ZONE) == 0, "default zone \"%s\"", tu_str (r, "zone"));
    vp_val_destroy (&r);
    DONE ("tenant_created", NULL, "staffing.tenant.create",
                                        "tenant=van-son", "name=Văn Sơn", "district=Đô Lương");
    REFUSED (VP_E_ALREADY_EXISTS, "tenant", "lam-son", NULL, "staffing.tenant.create",
             "tenant=lam-son", "name=Lam Sơn");
    REFUSED (VP_E_INVALID_ARGUMENT, "zone", "Mars/Olympus", NULL, "staffing.tenant.create",
             "tenant=hoa-son", "name=Hòa Sơn", "zone=Mars/Olympus");

    //  ---------------------------------------------------------- bodies
    const char *bodies[][3] = {
        { "dang-uy", "Đảng ủy xã", "party" }, { "hdnd", "Hội đồng nhân dân", "state" },
        { "ubnd", "Ủy ban nhân dân", "state" }, { "van-phong", "Văn phòng Đảng ủy – Chính quyền", "office" },
    };
    for (int i = 0; i < 4; i++) {
        char body[64], name[128], kind[32];
        snprintf (body, sizeof body, "body=%s", bodies[i][0]);
        snprintf (name, sizeof name, "name=%s", bodies[i][1]);
        snprintf (kind, sizeof kind, "kind=%s", bodies[i][2]);
        DONE ("body_created", "lam-son", "staffing.body.create", body, name, kind);
    }
    DONE ("body_created", "van-son", "staffing.body.create",
                                        "body=ubnd", "name=Ủy ban nhân dân", "kind=state");
    REFUSED (VP_E_NOT_FOUND, "tenant", "khong-co", "khong-co", "staffing.body.create",
             "body=ubnd", "name=Ủy ban nhân dân", "kind=state");
    REFUSED (VP_E_ALREADY_EXISTS, "body", "ubnd", "lam-son", "staffing.body.create",
             "body=ubnd", "name=Ủy ban nhân dân", "kind=state");
    REFUSED (VP_E_INVALID_ARGUMENT, "args.kind", "club", "lam-son", "staffing.body.create",
             "body=hoi-x", "name=Hội X", "kind=club");
    REFUSED (VP_E_INVALID_ARGUMENT, "tenant", "tenant", "", "staffing.body.list");

    //  ---------------------------------------------------------- posts
    const char *posts[][5] = {
        { "bi-thu", "dang-uy", "Bí thư Đảng ủy", "to-chuc-dang", "01/06/2021" },
        { "chu-tich-hdnd", "hdnd", "Chủ tịch HĐND", "giam-sat", "01/06/2021" },
        { "chu-tich-ubnd", "ubnd", "Chủ tịch UBND", "dieu-hanh", "01/06/2021" },
        { "dia-chinh", "ubnd", "Địa chính – Xây dựng", "dat-dai,moi-truong", "01/06/2021" },
        { "van-hoa", "ubnd", "Văn hóa – Xã hội", "van-hoa,lao-dong", "01/06/2021" },
        { "vp-ubnd", "ubnd", "Văn phòng HĐND – UBND", "van-thu", "01/06/2021" },
        { "to-truong-vp", "van-phong", "Tổ trưởng Văn phòng", "luu-tru", "01/10/2025" },
        { "vp-thong-ke", "van-phong", "Văn phòng – Thống kê", "thong-ke", "01/10/2025" },
    };
    for (int i = 0; i < 8; i++) {
        char w[5][160];
        snprintf (w[0], 160, "post=%s", posts[i][0]);
        snprintf (w[1], 160, "body=%s", posts[i][1]);
        snprintf (w[2], 160, "title=%s", posts[i][2]);
        snprintf (w[3], 160, "fields=%s", posts[i][3]);
        snprintf (w[4], 160, "from=%s", posts[i][4]);
        r = OK ("post_created", "lam-son", "staffing.post.create", w[0], w[1], w[2], w[3], w[4],
                strcmp (posts[i][0], "to-truong-vp") == 0 ? "heads_office=true" : "clearance=thuong");
        CHECK (strcmp (tu_str (r, "post"), posts[i][0]) == 0 && vp_val_len (vp_map_get (r, "fields")) >= 1,
               "post.create %s answered %s", posts[i][0], tu_str (r, "post"));
        vp_val_destroy (&r);
    }
    DONE ("post_created", "van-son", "staffing.post.create",
        "post=chu-tich-ubnd", "body=ubnd", "title=Chủ tịch UBND", "from=01/06/2021");
    REFUSED (VP_E_NOT_FOUND, "body", "khong-co", "lam-son", "staffing.post.create",
             "post=pho-bi-thu", "body=khong-co", "title=Phó Bí thư");
    REFUSED (VP_E_ALREADY_EXISTS, "post", "bi-thu", "lam-son", "staffing.post.create",
             "post=bi-thu", "body=dang-uy", "title=Bí thư Đảng ủy");

    //  ---------------------------------------------------------- officers
    const char *officers[][2] = {
        { "ls-mau-mot", "Nguyễn Văn Mẫu Một" }, { "ls-mau-hai", "Trần Thị Mẫu Hai" },
        { "ls-mau-ba", "Lê Văn Mẫu Ba" }, { "ls-mau-bon", "Phạm Thị Mẫu Bốn" },
        { "ls-mau-nam", "Hoàng Văn Mẫu Năm" }, { "ls-mau-truong", "Phan Thị Mẫu Trưởng" },
        { "ls-mau-chuyen", "Đặng Văn Mẫu Chuyển" },
    };
    for (int i = 0; i < 7; i++) {
        char w[3][160];
        snprintf (w[0], 160, "officer=%s", officers[i][0]);
        snprintf (w[1], 160, "full_name=%s", officers[i][1]);
        snprintf (w[2], 160, "email=%s@lam-son.example", officers[i][0]);
        r = OK ("officer_created", "lam-son", "staffing.officer.create", w[0], w[1], w[2]);
        CHECK (strcmp (tu_str (r, "status"), "active") == 0 && strcmp (tu_str (r, "full_name"), officers[i][1]) == 0,
               "officer %s: status %s, name %s", officers[i][0], tu_str (r, "status"), tu_str (r, "full_name"));
        vp_val_destroy (&r);
    }
    DONE ("officer_created", "van-son", "staffing.officer.create",
        "officer=vs-mau-khac", "full_name=Ngô Văn Mẫu Khác", "phone=+84 238 3871 234");
    REFUSED (VP_E_ALREADY_EXISTS, "officer", "ls-mau-mot", "lam-son", "staffing.officer.create",
             "officer=ls-mau-mot", "full_name=Nguyễn Văn Mẫu Một");
    REFUSED (VP_E_ALREADY_EXISTS, "officer", "vs-mau-khac", "lam-son", "staffing.officer.create",
             "officer=vs-mau-khac", "full_name=Ngô Văn Mẫu Khác");
    REFUSED (VP_E_INVALID_ARGUMENT, "email", "mau-at-example", "lam-son", "staffing.officer.create",
             "officer=ls-mau-x", "full_name=Mẫu X", "email=mau-at-example");
    tu_ok ("2 communes, 5 bodies, 9 posts, 8 officers created; duplicates and unknowns refused");
}

//  Appointments over time: who holds what, and what may not be.
static void
s_appoint (void)
{
    vp_val_t *r = OK ("appointed", "lam-son", "staffing.appoint", "officer=ls-mau-mot", "post=bi-thu", "from=01/06/2021");
    const char *first = tu_str (r, "appointment");
    CHECK (strncmp (first, "a-", 2) == 0, "appointment id \"%s\"", first);
    vp_val_destroy (&r);
    DONE ("appointed", "lam-son", "staffing.appoint", "officer=ls-mau-mot", "post=chu-tich-hdnd", "from=01/06/2021");
    DONE ("appointed", "lam-son", "staffing.appoint", "officer=ls-mau-hai", "post=chu-tich-ubnd", "from=01/06/2021");
    //  Địa chính: Mẫu Ba until 01/01/2024, then Mẫu Bốn.
    r = OK ("appointed", "lam-son", "staffing.appoint", "officer=ls-mau-ba", "post=dia-chinh", "from=01/06/2021");
    char ba[64];
    snprintf (ba, sizeof ba, "appointment=%s", tu_str (r, "appointment"));
    vp_val_destroy (&r);
    REFUSED (VP_E_INVALID_ARGUMENT, "to", "2020-01-01", "lam-son", "staffing.appointment.end", ba, "to=01/01/2020");
    r = OK ("appointment_ended", "lam-son", "staffing.appointment.end", ba, "to=01/01/2024");
    CHECK (vp_map_int (r, "to", 0) == tu_local_ms (2024, 1, 1, 0, 0), "appointment.end to");
    vp_val_destroy (&r);
    REFUSED (VP_E_FAILED_PRECONDITION, "to", "2024-01-01", "lam-son", "staffing.appointment.end", ba, "to=01/02/2024");
    DONE ("appointed", "lam-son", "staffing.appoint", "officer=ls-mau-bon", "post=dia-chinh", "from=01/01/2024");
    //  Before the merger Mẫu Chuyển ran the office of HĐND–UBND and also
    //  covered Văn hóa; the merger moved him to a mass organization.
    DONE ("appointed", "lam-son", "staffing.appoint", "officer=ls-mau-chuyen", "post=vp-ubnd", "from=01/06/2021");
    DONE ("appointed", "lam-son", "staffing.appoint", "officer=ls-mau-chuyen", "post=van-hoa", "from=01/06/2021");
    r = OK ("officer_updated appointment_ended appointment_ended", "lam-son", "staffing.officer.update",
            "officer=ls-mau-chuyen", "status=moved", "at=01/10/2025");
    char *ended = tu_join (vp_map_get (r, "ended"), NULL);
    CHECK (strcmp (tu_str (r, "status"), "moved") == 0 && vp_val_len (vp_map_get (r, "ended")) == 2,
           "moved officer: status %s, ended [%s]", tu_str (r, "status"), ended);
    free (ended);
    vp_val_destroy (&r);
    DONE ("appointed", "lam-son", "staffing.appoint", "officer=ls-mau-truong", "post=to-truong-vp", "from=01/10/2025");
    DONE ("appointed", "lam-son", "staffing.appoint", "officer=ls-mau-nam", "post=vp-thong-ke", "from=01/10/2025");
    DONE ("appointed", "van-son", "staffing.appoint", "officer=vs-mau-khac", "post=chu-tich-ubnd", "from=01/06/2021");
    tu_ok ("appointments over time, one ended, one officer moved at the merger");

    //  The rules of appointments.
    REFUSED (VP_E_FAILED_PRECONDITION, "from", "2025-01-01|to-truong-vp|2025-10-01", "lam-son",
             "staffing.appoint", "officer=ls-mau-nam", "post=to-truong-vp", "from=01/01/2025");
    REFUSED (VP_E_INVALID_ARGUMENT, "to", "2026-01-01|2027-01-01", "lam-son",
             "staffing.appoint", "officer=ls-mau-nam", "post=van-hoa", "from=01/01/2027", "to=01/01/2026");
    REFUSED (VP_E_FAILED_PRECONDITION, "officer", "vs-mau-khac|van-son", "lam-son",
             "staffing.appoint", "officer=vs-mau-khac", "post=bi-thu", "from=01/01/2026");
    REFUSED (VP_E_NOT_FOUND, "post", "pho-bi-thu", "lam-son",
             "staffing.appoint", "officer=ls-mau-nam", "post=pho-bi-thu");
    REFUSED (VP_E_NOT_FOUND, "officer", "ls-khong-co", "lam-son",
             "staffing.appoint", "officer=ls-khong-co", "post=van-hoa");
    REFUSED (VP_E_FAILED_PRECONDITION, "officer", "ls-mau-chuyen|moved", "lam-son",
             "staffing.appoint", "officer=ls-mau-chuyen", "post=van-hoa");
    REFUSED (VP_E_ALREADY_EXISTS, "post", "ls-mau-mot|bi-thu|a-", "lam-son",
             "staffing.appoint", "officer=ls-mau-mot", "post=bi-thu", "from=01/01/2026");
    REFUSED (VP_E_NOT_FOUND, "appointment", "a-999", "lam-son", "staffing.appointment.end", "appointment=a-999");
    tu_ok ("appointment rules refused with field and value");
}

//  History, concurrent posts, vacancy, headcount before and after the merger.
static void
s_history (void)
{
    int64_t t2 = tu_local_ms (2024, 1, 1, 0, 0);
    WHOIS ("dia-chinh", tu_local_ms (2021, 6, 1, 0, 0) + 1, "ls-mau-ba", "holder", "", "");
    WHOIS ("dia-chinh", t2 - 1, "ls-mau-ba", "holder", "", "");
    WHOIS ("dia-chinh", t2 + 1, "ls-mau-bon", "holder", "", "");
    vp_val_t *r = OK (NULL, "lam-son", "staffing.whois", "field=dat-dai", "at=01/06/2023");
    CHECK (strcmp (tu_str (r, "officer"), "ls-mau-ba") == 0 && strcmp (tu_str (r, "post"), "dia-chinh") == 0,
           "whois field=dat-dai in 2023: %s for %s", tu_str (r, "officer"), tu_str (r, "post"));
    vp_val_destroy (&r);
    tu_ok ("whois answers the past: Mẫu Ba before 01/01/2024, Mẫu Bốn after");

    //  Văn hóa had Mẫu Chuyển before the merger, nobody after: the office head acts.
    WHOIS ("van-hoa", tu_local_ms (2025, 9, 1, 0, 0), "ls-mau-chuyen", "holder", "", "");
    WHOIS ("van-hoa", tu_local_ms (2026, 6, 1, 0, 0), "ls-mau-truong", "office_head", "", "");
    r = OK (NULL, "lam-son", "staffing.whois", "post=van-hoa", "at=01/06/2026");
    CHECK (strstr (tu_str (r, "explain"), "khuyết") && strstr (tu_str (r, "explain"), "Tổ trưởng Văn phòng"),
           "explain of a vacancy: %s", tu_str (r, "explain"));
    vp_val_destroy (&r);
    REFUSED (VP_E_NOT_FOUND, "post", "to-truong-vp", "lam-son", "staffing.whois", "post=to-truong-vp", "at=01/06/2025");
    REFUSED (VP_E_NOT_FOUND, "field", "khong-co", "lam-son", "staffing.whois", "field=khong-co");
    REFUSED (VP_E_INVALID_ARGUMENT, "field", "bi-thu|dat-dai", "lam-son", "staffing.whois", "post=bi-thu", "field=dat-dai");
    REFUSED (VP_E_INVALID_ARGUMENT, "post", "post", "lam-son", "staffing.whois", "at=01/06/2026");
    REFUSED (VP_E_NOT_FOUND, "tenant", "khong-co", "khong-co", "staffing.whois", "post=bi-thu");
    tu_ok ("a vacant post goes to the office head (reason office_head)");

    //  Kiêm nhiệm: Mẫu Một is Bí thư and Chủ tịch HĐND.
    r = OK (NULL, "lam-son", "staffing.posts_of", "officer=ls-mau-mot", "at=01/06/2026");
    char *posts = tu_join (vp_map_get (r, "posts"), "post");
    CHECK (strcmp (posts, "bi-thu,chu-tich-hdnd") == 0, "posts_of ls-mau-mot: %s", posts);
    free (posts);
    vp_val_destroy (&r);
    r = OK (NULL, "lam-son", "staffing.posts_of", "officer=ls-mau-chuyen", "at=01/09/2025");
    CHECK (vp_val_len (vp_map_get (r, "posts")) == 2, "Mẫu Chuyển held 2 posts before moving");
    vp_val_destroy (&r);
    r = OK (NULL, "lam-son", "staffing.posts_of", "officer=ls-mau-chuyen", "at=01/06/2026");
    CHECK (vp_val_len (vp_map_get (r, "posts")) == 0, "Mẫu Chuyển holds nothing after moving");
    vp_val_destroy (&r);
    REFUSED (VP_E_NOT_FOUND, "officer", "vs-mau-khac", "lam-son", "staffing.posts_of", "officer=vs-mau-khac");
    tu_ok ("posts_of lists both posts of one officer, and none after a move");

    //  Headcount after the merger and on its eve.
    r = OK (NULL, "lam-son", "staffing.report.headcount", "at=01/06/2026");
    char *vacant = tu_join (vp_map_get (r, "vacant_posts"), NULL);
    CHECK (vp_map_int (r, "officers", -1) == 5 && vp_map_int (r, "posts", -1) == 8
        && vp_map_int (r, "appointments", -1) == 6 && vp_map_int (r, "concurrent", -1) == 1
        && vp_map_int (r, "vacancies", -1) == 2 && strcmp (vacant, "van-hoa,vp-ubnd") == 0,
           "headcount after: officers %lld posts %lld appointments %lld concurrent %lld vacancies %lld [%s]",
           (long long) vp_map_int (r, "officers", -1), (long long) vp_map_int (r, "posts", -1),
           (long long) vp_map_int (r, "appointments", -1), (long long) vp_map_int (r, "concurrent", -1),
           (long long) vp_map_int (r, "vacancies", -1), vacant);
    free (vacant);
    vp_val_t *before = vp_map_get (r, "before_merger");
    CHECK (vp_map_int (r, "merged_on", 0) == tu_local_ms (2025, 10, 1, 0, 0) && vp_map_bool (r, "merged", false)
        && vp_map_int (before, "at", 0) == tu_local_ms (2025, 10, 1, 0, 0) - 1,
           "headcount names the merger and the eve");
    CHECK (vp_map_int (before, "officers", -1) == 4 && vp_map_int (before, "posts", -1) == 6
        && vp_map_int (before, "appointments", -1) == 6 && vp_map_int (before, "concurrent", -1) == 2
        && vp_map_int (before, "vacancies", -1) == 0,
           "headcount before: officers %lld posts %lld appointments %lld concurrent %lld vacancies %lld",
           (long long) vp_map_int (before, "officers", -1), (long long) vp_map_int (before, "posts", -1),
           (long long) vp_map_int (before, "appointments", -1), (long long) vp_map_int (before, "concurrent", -1),
           (long long) vp_map_int (before, "vacancies", -1));
    vp_val_destroy (&r);
    r = OK (NULL, "van-son", "staffing.report.headcount", "at=01/06/2026");
    CHECK (vp_map_int (r, "officers", -1) == 1 && !vp_map_get (r, "before_merger"),
           "a commune not merged has no before_merger");
    vp_val_destroy (&r);
    tu_ok ("headcount: 4 officers / 6 posts / 2 concurrent before the merger, 5 / 8 / 1 and 2 vacancies after");
}

//  Leave, delegation, chains and their rules.
static void
s_leave (void)
{
    vp_val_t *r = OK ("leave_started", "lam-son", "staffing.leave.start", "officer=ls-mau-mot",
                      "from=01/12/2026", "to=06/12/2026", "delegate=ls-mau-hai");
    char l1[64];
    snprintf (l1, sizeof l1, "%s", tu_str (r, "leave"));
    CHECK (strncmp (l1, "l-", 2) == 0, "leave id \"%s\"", l1);
    vp_val_destroy (&r);
    WHOIS ("bi-thu", tu_local_ms (2026, 12, 2, 10, 0), "ls-mau-hai", "delegate", "ls-mau-mot", "ls-mau-mot");
    WHOIS ("chu-tich-hdnd", tu_local_ms (2026, 12, 2, 10, 0), "ls-mau-hai", "delegate", "ls-mau-mot", "ls-mau-mot");
    WHOIS ("bi-thu", tu_local_ms (2026, 11, 30, 10, 0), "ls-mau-mot", "holder", "", "");
    tu_ok ("Bí thư on leave: the delegate acts (reason delegate, on behalf of the holder)");

    //  The delegate goes on leave too: the chain goes on to theirs.
    r = OK ("leave_started", "lam-son", "staffing.leave.start", "officer=ls-mau-hai",
            "from=02/12/2026", "to=04/12/2026", "delegate=ls-mau-nam");
    char l2[80];
    snprintf (l2, sizeof l2, "leave=%s", tu_str (r, "leave"));
    vp_val_destroy (&r);
    WHOIS ("bi-thu", tu_local_ms (2026, 12, 3, 10, 0), "ls-mau-nam", "delegate", "ls-mau-mot", "ls-mau-mot,ls-mau-hai");
    WHOIS ("chu-tich-ubnd", tu_local_ms (2026, 12, 3, 10, 0), "ls-mau-nam", "delegate", "ls-mau-hai", "ls-mau-hai");
    tu_ok ("a chain: Mẫu Một -> Mẫu Hai (on leave) -> Mẫu Năm");

    //  The rules of leave.
    REFUSED (VP_E_FAILED_PRECONDITION, "delegate", "ls-mau-bon|is the officer on leave", "lam-son",
             "staffing.leave.start", "officer=ls-mau-bon", "from=10/12/2026", "to=12/12/2026", "delegate=ls-mau-bon");
    REFUSED (VP_E_FAILED_PRECONDITION, "delegate", "ls-mau-hai|2026-12-02|2026-12-04", "lam-son",
             "staffing.leave.start", "officer=ls-mau-bon", "from=03/12/2026", "to=05/12/2026", "delegate=ls-mau-hai");
    REFUSED (VP_E_FAILED_PRECONDITION, "delegate", "loop|ls-mau-nam -> ls-mau-mot -> ls-mau-hai -> ls-mau-nam", "lam-son",
             "staffing.leave.start", "officer=ls-mau-nam", "from=03/12/2026", "to=05/12/2026", "delegate=ls-mau-mot");
    REFUSED (VP_E_FAILED_PRECONDITION, "from", "ls-mau-mot|2026-12-01|2026-12-06", "lam-son",
             "staffing.leave.start", "officer=ls-mau-mot", "from=05/12/2026", "to=10/12/2026", "delegate=ls-mau-bon");
    REFUSED (VP_E_FAILED_PRECONDITION, "delegate", "vs-mau-khac|van-son", "lam-son",
             "staffing.leave.start", "officer=ls-mau-bon", "from=10/01/2027", "to=12/01/2027", "delegate=vs-mau-khac");
    REFUSED (VP_E_FAILED_PRECONDITION, "delegate", "ls-mau-chuyen|moved", "lam-son",
             "staffing.leave.start", "officer=ls-mau-bon", "from=10/01/2027", "to=12/01/2027", "delegate=ls-mau-chuyen");
    REFUSED (VP_E_NOT_FOUND, "delegate", "ls-khong-co", "lam-son",
             "staffing.leave.start", "officer=ls-mau-bon", "from=10/01/2027", "to=12/01/2027", "delegate=ls-khong-co");
    REFUSED (VP_E_INVALID_ARGUMENT, "to", "2027-01-09|2027-01-10", "lam-son",
             "staffing.leave.start", "officer=ls-mau-bon", "from=10/01/2027", "to=09/01/2027", "delegate=ls-mau-nam");
    REFUSED (VP_E_FAILED_PRECONDITION, "status", "ls-mau-hai|moved|ls-mau-mot|2026-12-01", "lam-son",
             "staffing.officer.update", "officer=ls-mau-hai", "status=moved", "at=15/11/2026");
    char says[96];
    snprintf (says, sizeof says, "%s", l1);
    REFUSED (VP_E_FAILED_PRECONDITION, "status", says, "lam-son",
             "staffing.officer.update", "officer=ls-mau-hai", "status=left", "at=15/11/2026");
    tu_ok ("leave rules refused: self, delegate on leave, loop, overlap, other commune, moved, delegate leaving");

    //  Mẫu Hai comes back early, at noon on 03/12.
    REFUSED (VP_E_INVALID_ARGUMENT, "to", "2026-12-10", "lam-son", "staffing.leave.end", l2, "to=10/12/2026");
    REFUSED (VP_E_NOT_FOUND, "leave", "l-999", "lam-son", "staffing.leave.end", "leave=l-999");
    DONE ("leave_ended", "lam-son", "staffing.leave.end", l2, "to=03/12/2026 12:00");
    WHOIS ("bi-thu", tu_local_ms (2026, 12, 3, 13, 0), "ls-mau-hai", "delegate", "ls-mau-mot", "ls-mau-mot");
    WHOIS ("bi-thu", tu_local_ms (2026, 12, 3, 10, 0), "ls-mau-nam", "delegate", "ls-mau-mot", "ls-mau-mot,ls-mau-hai");
    tu_ok ("leave.end early: the chain is gone after, still there before");

    //  What a person sees of a post and of an officer.
    r = OK (NULL, "lam-son", "staffing.post.get", "post=bi-thu", "at=01/12/2026 10:00");
    char *holders = tu_join (vp_map_get (r, "holders"), "officer");
    CHECK (strcmp (holders, "ls-mau-mot") == 0
        && strcmp (tu_str (vp_map_get (r, "acting"), "officer"), "ls-mau-hai") == 0
        && strcmp (tu_str (r, "clearance"), "thuong") == 0,
           "post.get bi-thu: holders %s, acting %s", holders, tu_str (vp_map_get (r, "acting"), "officer"));
    free (holders);
    vp_val_destroy (&r);
    DONE ("officer_updated", "lam-son", "staffing.officer.update",
        "officer=ls-mau-nam", "email=nam.mau@lam-son.example", "at=01/11/2026");
    r = OK (NULL, "lam-son", "staffing.officer.get", "officer=ls-mau-nam", "at=03/12/2026 10:00");
    CHECK (strcmp (tu_str (r, "email"), "nam.mau@lam-son.example") == 0
        && vp_val_len (vp_map_get (r, "history")) == 1 && vp_val_len (vp_map_get (r, "posts")) == 1
        && vp_val_len (vp_map_get (r, "delegate_for")) == 1,
           "officer.get ls-mau-nam: email %s, history %zu, posts %zu, delegate_for %zu", tu_str (r, "email"),
           vp_val_len (vp_map_get (r, "history")), vp_val_len (vp_map_get (r, "posts")),
           vp_val_len (vp_map_get (r, "delegate_for")));
    vp_val_destroy (&r);
    r = OK (NULL, "lam-son", "staffing.officer.get", "officer=ls-mau-mot", "at=02/12/2026");
    CHECK (strcmp (tu_str (vp_map_get (r, "leave"), "delegate"), "ls-mau-hai") == 0,
           "officer.get shows the leave and its delegate");
    vp_val_destroy (&r);
    REFUSED (VP_E_NOT_FOUND, "officer", "vs-mau-khac", "lam-son", "staffing.officer.get", "officer=vs-mau-khac");
    REFUSED (VP_E_INVALID_ARGUMENT, "args", "ls-mau-nam", "lam-son", "staffing.officer.update", "officer=ls-mau-nam");
    r = OK (NULL, "lam-son", "staffing.tenant.get");
    CHECK (vp_val_len (vp_map_get (r, "bodies")) == 4 && strcmp (tu_str (r, "name"), "Lam Sơn") == 0,
           "tenant.get lam-son: %zu bodies", vp_val_len (vp_map_get (r, "bodies")));
    vp_val_destroy (&r);
    r = OK (NULL, NULL, "staffing.tenant.list");
    CHECK (vp_val_len (vp_map_get (r, "tenants")) == 2, "tenant.list: %zu", vp_val_len (vp_map_get (r, "tenants")));
    vp_val_destroy (&r);
    r = OK (NULL, "lam-son", "staffing.post.list", "body=van-phong", "at=01/06/2026");
    CHECK (vp_val_len (vp_map_get (r, "posts")) == 2, "post.list van-phong: %zu", vp_val_len (vp_map_get (r, "posts")));
    vp_val_destroy (&r);
    r = OK (NULL, "lam-son", "staffing.officer.list", "status=moved");
    CHECK (vp_val_len (vp_map_get (r, "officers")) == 1, "officer.list moved: %zu", vp_val_len (vp_map_get (r, "officers")));
    vp_val_destroy (&r);
    tu_ok ("post.get, officer.get, tenant.get/list, post.list, officer.list");
}

//  Replay the staffing stream from the bus; wait until it holds `count` events.
static vp_val_t *
s_replay (tu_bus_t *bus, vp_keys_t *keys, int64_t count)
{
    vp_err_t err = { 0 };
    vp_cmdcli_t *cli = vp_cmdcli_new (bus->replay, keys, "bus", &err);
    TU_CHECK (cli, "replay client: %s", err.message);
    vp_val_t *reply = NULL;
    for (int attempt = 0; attempt < 300; attempt++) {
        vp_val_t *request = vp_val_map ();
        vp_map_put_str (request, "stream", "staffing");
        vp_map_put_int (request, "from", 1);
        vp_map_put_int (request, "limit", 10000);
        vp_val_destroy (&reply);
        TU_CHECK (vp_cmdcli_request (cli, request, TU_TIMEOUT, &reply, &err) == 0, "replay: %s", err.message);
        if (vp_map_int (reply, "head", 0) >= count)
            break;
        tu_sleep_ms (100);
    }
    vp_cmdcli_destroy (&cli);
    return reply;
}

static void
s_check_bus (tu_bus_t *bus, vp_keys_t *keys)
{
    int64_t count = (int64_t) zlist_size (s_expected);
    vp_val_t *reply = s_replay (bus, keys, count);
    vp_val_t *events = vp_map_get (reply, "events");
    CHECK (vp_map_int (reply, "head", 0) == count && (int64_t) vp_val_len (events) == count,
           "the bus has %lld staffing events (head %lld), expected %lld", (long long) vp_val_len (events),
           (long long) vp_map_int (reply, "head", 0), (long long) count);
    size_t i = 0;
    for (const char *type = (const char *) zlist_first (s_expected); type;
         type = (const char *) zlist_next (s_expected), i++) {
        vp_val_t *env = vp_array_at (events, i);
        TU_CHECK (strcmp (tu_str (env, "type"), type) == 0 && vp_map_int (env, "seq", 0) == (int64_t) i + 1,
                  "event %zu is %s (seq %lld), expected %s", i + 1, tu_str (env, "type"),
                  (long long) vp_map_int (env, "seq", 0), type);
        TU_CHECK (strcmp (tu_str (env, "actor"), "test-admin") == 0 && *tu_str (env, "tenant"),
                  "event %zu: actor %s, tenant %s", i + 1, tu_str (env, "actor"), tu_str (env, "tenant"));
    }
    tu_checks++;
    vp_val_destroy (&reply);
    tu_ok ("the bus holds all %lld staffing events, in order", (long long) count);
}

//  A post closed at a date: held before, gone after, nobody appointed to it.
static void
s_close (void)
{
    DONE ("post_created", "lam-son", "staffing.post.create", "post=to-bao-cao", "body=ubnd",
          "title=Tổ báo cáo", "fields=bao-cao", "from=01/01/2022");
    vp_val_t *r = OK ("appointed", "lam-son", "staffing.appoint", "officer=ls-mau-bon",
                      "post=to-bao-cao", "from=01/02/2022");
    char appointment[64];
    snprintf (appointment, sizeof appointment, "%s", tu_str (r, "appointment"));
    vp_val_destroy (&r);
    r = OK ("appointment_ended post_closed", "lam-son", "staffing.post.close", "post=to-bao-cao", "to=01/01/2026");
    CHECK (vp_map_int (r, "appointments_ended", 0) == 1 && vp_map_int (r, "to", 0) == tu_local_ms (2026, 1, 1, 0, 0),
           "closing ended %lld appointments, to %lld", (long long) vp_map_int (r, "appointments_ended", 0),
           (long long) vp_map_int (r, "to", 0));
    vp_val_destroy (&r);
    WHOIS ("to-bao-cao", tu_local_ms (2025, 6, 1, 0, 0), "ls-mau-bon", "holder", "", "");
    REFUSED (VP_E_NOT_FOUND, "post", "to-bao-cao", "lam-son", "staffing.whois", "post=to-bao-cao", "at=01/06/2026");
    REFUSED (VP_E_FAILED_PRECONDITION, "from", "to-bao-cao|2026-01-01", "lam-son", "staffing.appoint",
             "officer=ls-mau-bon", "post=to-bao-cao", "from=01/02/2026");
    REFUSED (VP_E_FAILED_PRECONDITION, "post", "already closed", "lam-son", "staffing.post.close", "post=to-bao-cao");
    r = OK (NULL, "lam-son", "staffing.post.list", "at=01/06/2026");
    char *posts = tu_join (vp_map_get (r, "posts"), "post");
    CHECK (!strstr (posts, "to-bao-cao"), "a closed post is still listed: %s", posts);
    free (posts);
    vp_val_destroy (&r);
    r = OK (NULL, "lam-son", "staffing.posts_of", "officer=ls-mau-bon", "at=01/06/2026");
    posts = tu_join (vp_map_get (r, "posts"), "post");
    CHECK (!strstr (posts, "to-bao-cao"), "ls-mau-bon still holds the closed post: %s", posts);
    free (posts);
    vp_val_destroy (&r);
    tu_ok ("a closed post keeps its history, ends its appointments, and takes no new one (%s)", appointment);
}

static pid_t
s_start_staffing (tu_bus_t *bus, const char *const env[], vp_keys_t *keys, const char *endpoint, const char *log)
{
    pid_t pid = tu_spawn ((const char *[]) { tu_bin ("vp-staffing"), NULL }, env, log);
    TU_CHECK (tu_wait_health (endpoint, keys, "staffing", 60000), "vp-staffing did not come up (log: %s)", log);
    return pid;
}

int
main (void)
{
    vp_log_init ("test_staffing", "warn", NULL);
    s_expected = zlist_new ();
    zlist_autofree (s_expected);

    tu_bus_t bus;
    tu_bus_init (&bus, "staffing");
    //  The district's IT officer sets the communes up with an admin key.
    tu_make_keys (bus.keys_dir, (const char *[]) { "staffing:service", S_ADMIN ":admin", NULL });
    tu_bus_start (&bus, NULL);
    const char *endpoint = tu_endpoint ();
    char env_cmd[128], env_data[1200], log[1200];
    snprintf (env_cmd, sizeof env_cmd, "VP_STAFFING_CMD=%s", endpoint);
    snprintf (env_data, sizeof env_data, "VP_DATA_DIR=%s/staffing", bus.dir);
    snprintf (log, sizeof log, "%s/staffing.log", bus.dir);
    const char *env[12];
    int n = 0;
    for (int i = 0; bus.env[i]; i++)
        env[n++] = bus.env[i];
    env[n++] = env_cmd;
    env[n++] = env_data;
    env[n] = NULL;

    vp_keys_t *keys = tu_bus_keys (&bus, "operator");
    vp_keys_t *admin = tu_bus_keys (&bus, S_ADMIN);
    pid_t staffing = s_start_staffing (&bus, env, keys, endpoint, log);
    vp_err_t err = { 0 };
    s_cli = vp_cmdcli_new (endpoint, admin, "staffing", &err);
    TU_CHECK (s_cli, "client: %s", err.message);
    tu_ok ("vp-bus and vp-staffing are up with CURVE");

    s_build ();
    s_appoint ();
    s_history ();
    s_leave ();
    s_close ();
    s_check_bus (&bus, keys);

    //  The bus may log an event before vp-staffing has its acknowledgement.
    vp_val_t *health = NULL;
    for (int attempt = 0; attempt < 100; attempt++) {
        vp_val_destroy (&health);
        TU_CHECK (vp_cmdcli_call (s_cli, "health", NULL, NULL, NULL, TU_TIMEOUT, &health, &err) == 0,
                  "health: %s", err.message);
        if (vp_map_int (health, "outbox", -1) == 0)
            break;
        tu_sleep_ms (100);
    }
    CHECK (vp_map_bool (health, "db", false) && vp_map_bool (health, "bus", false)
        && vp_map_int (health, "outbox", -1) == 0 && vp_map_int (health, "outbox_rejected", -1) == 0
        && strcmp (tu_str (health, "status"), "ok") == 0,
           "health: status %s db %d bus %d outbox %lld rejected %lld", tu_str (health, "status"),
           vp_map_bool (health, "db", false), vp_map_bool (health, "bus", false),
           (long long) vp_map_int (health, "outbox", -1), (long long) vp_map_int (health, "outbox_rejected", -1));
    vp_val_destroy (&health);
    tu_ok ("health: db ok, outbox empty, bus ok");

    //  (e) restart: the data stays, ids go on.
    int rc = tu_stop (staffing, SIGTERM, 30000);
    CHECK (rc == 0, "vp-staffing exited %d on SIGTERM (log: %s)", rc, log);
    staffing = s_start_staffing (&bus, env, keys, endpoint, log);
    WHOIS ("bi-thu", tu_local_ms (2026, 12, 3, 10, 0), "ls-mau-nam", "delegate", "ls-mau-mot", "ls-mau-mot,ls-mau-hai");
    WHOIS ("dia-chinh", tu_local_ms (2026, 6, 1, 0, 0), "ls-mau-bon", "holder", "", "");
    vp_val_t *r = OK ("appointed", "lam-son", "staffing.appoint", "officer=ls-mau-bon", "post=van-hoa", "from=01/01/2027");
    CHECK (strcmp (tu_str (r, "appointment"), "a-12") == 0, "the 12th appointment is \"%s\"",
           tu_str (r, "appointment"));
    vp_val_destroy (&r);
    WHOIS ("van-hoa", tu_local_ms (2027, 1, 2, 0, 0), "ls-mau-bon", "holder", "", "");
    s_check_bus (&bus, keys);
    tu_ok ("restarted vp-staffing keeps its data and its ids go on");

    vp_cmdcli_destroy (&s_cli);
    rc = tu_stop (staffing, SIGTERM, 30000);
    CHECK (rc == 0, "vp-staffing exited %d on SIGTERM (log: %s)", rc, log);
    rc = tu_stop (bus.pid, SIGTERM, 30000);
    CHECK (rc == 0, "vp-bus exited %d on SIGTERM", rc);
    vp_keys_destroy (&keys);
    vp_keys_destroy (&admin);
    zlist_destroy (&s_expected);
    printf ("ok - %d checks passed\n", tu_checks);
    return 0;
}
