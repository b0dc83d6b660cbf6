/*  test_documents_flow - a document's way through the merged office:
    routing, deadlines in working days, the deadline scan, the workflow.

    Starts vp-bus, vp-staffing and vp-documents with CURVE, loads the demo
    district, and drives the documents with commands typed as vpctl takes
    them (key=value words, dates as people write them), the clock of every
    process set by the test. Then checks that:
      (a) a deadline in working days skips weekends and the holidays, the
          built-in ones and a commune's own (30/4 and 1/5, Tết, Quốc
          khánh; a village festival in Giang Sơn Tây only);
      (b) the scan says "due soon" once before the deadline and "overdue"
          once after it, however often it runs; a new deadline is told
          again (counted on the bus);
      (c) routing: a rule (issuer, type) wins over the field of work,
          priority over specificity; the field of work finds its post; the
          holder on leave gives the delegate, on behalf of the holder; a
          vacant post gives the office head; the reason says which;
      (d) the office head hands a document to another post, its assignee
          hands it on to a colleague (previous_officer); nobody else may;
      (e) start, done, return (to the office head, with the reason),
          forward (to a body of the commune); steps that make no sense are
          refused naming the status;
      (f) the history lists every step with who and when.
*/
#include <string.h>
#include "testutil.h"

//  The demo district's people (scripts/demo/district.vp).
#define LS_HEAD "ls-phan-thi-mau-truong"        //  Tổ trưởng Văn phòng, Lam Sơn
#define LS_CLERK "ls-nguyen-van-cong"           //  Văn phòng – Thống kê, Lam Sơn
#define LS_DIA_CHINH "ls-dang-thi-mau-tam"      //  Địa chính – Xây dựng
#define LS_TAI_CHINH "ls-bui-van-mau-chin"      //  Tài chính – Kế toán
#define LS_VAN_HOA "ls-ho-thi-mau-muoi-mot"     //  Văn hóa – Xã hội
#define LS_CHU_TICH "ls-le-van-mau-ba"          //  Chủ tịch UBND
#define LS_BI_THU "ls-nguyen-van-mau-mot"       //  Bí thư
#define LS_UBKT "ls-phan-van-mau-sau"           //  Chủ nhiệm UBKT
#define LS_MTTQ "ls-vu-van-mau-bay"             //  Chủ tịch UBMTTQ
#define MS_CLERK "ms-phan-thi-mau-muoi-bon"
#define MS_TU_PHAP "ms-tran-van-mau-muoi"       //  on leave 20/11/2026 - 15/12/2026
#define MS_DELEGATE "ms-le-thi-mau-muoi-mot"
#define GST_CLERK "gst-le-thi-mau-muoi-bon"
#define GST_HEAD "gst-vu-thi-mau-truong"
#define GST_CHU_TICH "gst-dang-xuan-quang"      //  Đặng Xuân Quảng

static tu_stack_t s_stack;
static vp_cmdcli_t *s_cli;
static vp_cmdcli_t *s_ops;     //  an operator's: the deadline scan, run by hand here

//  The end of a day (23:59:59.999), as deadlines are.
static int64_t
s_end_of (int year, int month, int day)
{
    vp_tm_t tm = { .year = year, .month = month, .day = day, .hour = 23, .minute = 59, .second = 59 };
    return vp_time_from_local (&tm, TU_ZONE) + 999;
}

static const char *
s_shown (int64_t ms)
{
    static char buf[4][32];
    static int n;
    char *out = buf[n++ % 4];
    return vp_time_format (ms, TU_ZONE, "%d/%m/%Y %H:%M:%S", out, 32);
}

#define OK(tenant, actor, ...) tu_ok_call (s_cli, tenant, actor, __VA_ARGS__)
#define DONE(tenant, actor, ...) tu_drop (OK (tenant, actor, __VA_ARGS__))
#define REFUSED(code, field, says, tenant, actor, ...) tu_refused (code, field, says, s_cli, tenant, actor, __VA_ARGS__)

//  Register a document (dated the day it arrives); its id, in a static ring of buffers.
static const char *
s_register (int line, const char *tenant, const char *actor, const char *issuer, const char *number,
            const char *type, const char *urgency, const char *field, const char *arrived, const char *extra)
{
    static char ids[64][64];
    static int n;
    char w_issuer[256], w_number[128], w_type[64], w_urgency[64], w_field[128], w_arrived[64], w_date[64];
    snprintf (w_issuer, sizeof w_issuer, "issuer=%s", issuer);
    snprintf (w_number, sizeof w_number, "number=%s", number);
    snprintf (w_type, sizeof w_type, "type=%s", type);
    snprintf (w_urgency, sizeof w_urgency, "urgency=%s", urgency);
    snprintf (w_field, sizeof w_field, "field=%s", field);
    snprintf (w_arrived, sizeof w_arrived, "arrived_at=%s", arrived);
    //  Dated the day it arrives ("dd/mm/yyyy" of the arrival).
    snprintf (w_date, sizeof w_date, "doc_date=%.10s", arrived);
    vp_val_t *result = tu_ok_at (line, s_cli, tenant, actor, "documents.register", w_issuer, w_number,
                                 w_date, w_type, "summary=Văn bản mẫu của phép thử",
                                 w_urgency, w_field, w_arrived, extra, NULL);
    char *id = ids[n++ % 64];
    snprintf (id, 64, "%s", tu_str (result, "document"));
    TU_CHECK (*id, "line %d: documents.register gave no document id: %s", line, vp_val_to_json (result));
    vp_val_destroy (&result);
    return id;
}

#define REGISTER(tenant, actor, issuer, number, type, urgency, field, arrived) \
    s_register (__LINE__, tenant, actor, issuer, number, type, urgency, field, arrived, NULL)

//  --------------------------------------------------------------------------
//  The bus

//  Wait until vp-documents has handed every event to the bus.
static void
s_settle (void)
{
    vp_err_t err = { 0 };
    for (int attempt = 0; attempt < 600; attempt++) {
        vp_val_t *health = NULL;
        bool empty = vp_cmdcli_call (s_cli, "health", NULL, NULL, NULL, TU_TIMEOUT, &health, &err) == 0
                  && vp_map_int (health, "outbox", -1) == 0;
        vp_val_destroy (&health);
        if (empty)
            return;
        tu_sleep_ms (50);
    }
    TU_CHECK (false, "vp-documents did not empty its outbox in 30 s");
}

//  Every event of the documents stream (replayed from the bus).
static vp_val_t *
s_replay (void)
{
    s_settle ();
    return tu_stack_replay (&s_stack, "documents");
}

//  How many `documents.<event>` the bus holds for document (of tenant);
//  *last (when given) gets a copy of the last one's envelope.
static int
s_count (const char *tenant, const char *event, const char *document, vp_val_t **last)
{
    char type[96];
    snprintf (type, sizeof type, "documents.%s", event);
    vp_val_t *events = s_replay ();
    int count = 0;
    if (last)
        *last = NULL;
    for (size_t i = 0; i < vp_val_len (events); i++) {
        vp_val_t *env = vp_array_at (events, i);
        if (strcmp (tu_str (env, "type"), type) == 0 && strcmp (tu_str (env, "tenant"), tenant) == 0
        &&  strcmp (tu_str (vp_map_get (env, "data"), "document"), document) == 0) {
            count++;
            if (last) {
                vp_val_destroy (last);
                *last = vp_val_dup (env);
            }
        }
    }
    vp_val_destroy (&events);
    return count;
}

//  The data of the last documents.assigned of a document (caller destroys).
static vp_val_t *
s_assigned (const char *tenant, const char *document)
{
    vp_val_t *env = NULL;
    s_count (tenant, "assigned", document, &env);
    TU_CHECK (env, "no documents.assigned for %s of %s on the bus", document, tenant);
    vp_val_t *data = vp_map_take (env, "data");
    vp_val_destroy (&env);
    return data;
}

//  The last assignment of a document is to officer, its reason saying
//  every '|'-separated part of `says`.
static vp_val_t *
s_check_assigned (int line, const char *tenant, const char *document, const char *officer, const char *says)
{
    vp_val_t *data = s_assigned (tenant, document);
    char *json = vp_val_to_json (data);
    TU_CHECK (strcmp (tu_str (data, "officer"), officer) == 0, "line %d: %s went to %s, expected %s: %s",
              line, document, tu_str (data, "officer"), officer, json);
    char parts[256];
    snprintf (parts, sizeof parts, "%s", says);
    char *save = NULL;
    for (char *part = strtok_r (parts, "|", &save); part; part = strtok_r (NULL, "|", &save))
        TU_CHECK (strstr (tu_str (data, "reason"), part), "line %d: the reason does not say \"%s\": %s",
                  line, part, json);
    free (json);
    tu_checks++;
    return data;
}

#define ASSIGNED(tenant, document, officer, says) s_check_assigned (__LINE__, tenant, document, officer, says)

static void
s_scan (const char *tenant)
{
    tu_drop (tu_ok_call (s_ops, tenant, NULL, "documents.scan"));
}

//  --------------------------------------------------------------------------

static const char *s_doc_a;     //  Lam Sơn, khẩn, arrived on 30/4: the deadline scan

//  (a) deadlines in working days
static void
s_deadlines (void)
{
    //  Thu 30/4 and Fri 1/5 are holidays, then a weekend: the five
    //  working days are Mon 4/5 to Fri 8/5.
    s_doc_a = REGISTER ("lam-son", LS_CLERK, "Sở Tài nguyên và Môi trường tỉnh Nghệ An", "112/STNMT-ĐĐ",
                        "cong-van", "khan", "dat-dai", "30/04/2026 09:00");
    vp_val_t *data = ASSIGNED ("lam-son", s_doc_a, LS_DIA_CHINH, "dat-dai|Địa chính");
    CHECK (vp_map_int (data, "deadline", 0) == s_end_of (2026, 5, 8),
           "khẩn from Thu 30/04/2026: deadline %s, expected the end of Fri 08/05/2026",
           s_shown (vp_map_int (data, "deadline", 0)));
    vp_val_destroy (&data);
    tu_ok ("khẩn arrived on 30/4 (holiday): 5 working days end on Fri 08/05/2026 23:59:59 "
           "(30/4, 1/5 and the weekend skipped); routed by field to Địa chính");

    //  Thường: ten working days over Tết (14/02 - 22/02/2026).
    const char *tet = REGISTER ("lam-son", LS_CLERK, "Sở Tài chính tỉnh Nghệ An", "31/STC-NS",
                                "bao-cao", "thuong", "tai-chinh", "13/02/2026 10:00");
    data = s_assigned ("lam-son", tet);
    CHECK (vp_map_int (data, "deadline", 0) == s_end_of (2026, 3, 6),
           "thường from Fri 13/02/2026: deadline %s, expected the end of Fri 06/03/2026",
           s_shown (vp_map_int (data, "deadline", 0)));
    vp_val_destroy (&data);

    //  Hỏa tốc on a Saturday: the end of the next working day.
    const char *ht = REGISTER ("lam-son", LS_CLERK, "Ban Chỉ huy Quân sự huyện Đô Lương", "09/BCH-TM",
                               "cong-dien", "hoa-toc", "quan-su", "02/05/2026 07:30");
    data = ASSIGNED ("lam-son", ht, "ls-ngo-van-mau-muoi-hai", "quan-su");
    CHECK (vp_map_int (data, "deadline", 0) == s_end_of (2026, 5, 4),
           "hỏa tốc on Sat 02/05/2026: deadline %s, expected the end of Mon 04/05/2026",
           s_shown (vp_map_int (data, "deadline", 0)));
    vp_val_destroy (&data);
    tu_ok ("thường over Tết ends 06/03/2026; hỏa tốc on a Saturday ends Monday 04/05/2026");

    //  A commune's own day off counts there only.
    vp_val_t *day = OK ("giang-son-tay", GST_HEAD, "documents.holiday.add", "date=05/05/2026",
                        "name=Lễ hội Đền Mẫu (mẫu)");
    CHECK (strcmp (tu_str (day, "date"), "2026-05-05") == 0, "holiday stored as %s", tu_str (day, "date"));
    vp_val_destroy (&day);
    REFUSED (VP_E_ALREADY_EXISTS, "date", "2026-04-30", "giang-son-tay", GST_HEAD, "documents.holiday.add",
             "date=30/04/2026 08:00", "name=Trùng ngày lễ");
    const char *gst = REGISTER ("giang-son-tay", GST_CLERK, "UBND huyện Đô Lương", "215/UBND-VP",
                                "cong-van", "khan", "dieu-hanh", "30/04/2026 09:00");
    data = ASSIGNED ("giang-son-tay", gst, GST_CHU_TICH, "Đặng Xuân Quảng");
    CHECK (vp_map_int (data, "deadline", 0) == s_end_of (2026, 5, 11),
           "khẩn in Giang Sơn Tây (festival on 05/05): deadline %s, expected the end of Mon 11/05/2026",
           s_shown (vp_map_int (data, "deadline", 0)));
    vp_val_destroy (&data);

    //  The leader gives "3 ngày làm việc", not a time: from Thu 30/04 (a
    //  holiday, as is 01/05), Mon 04/05, the festival, Wed 06/05, Thu 07/05.
    const char *three = s_register (__LINE__, "giang-son-tay", GST_CLERK, "UBND huyện Đô Lương", "216/UBND-VP",
                                    "cong-van", "thuong", "dieu-hanh", "30/04/2026 09:00", "deadline_days=3");
    data = ASSIGNED ("giang-son-tay", three, GST_CHU_TICH, "Đặng Xuân Quảng");
    CHECK (vp_map_int (data, "deadline", 0) == s_end_of (2026, 5, 7),
           "3 working days from 30/04/2026 in Giang Sơn Tây: deadline %s, expected the end of Thu 07/05/2026",
           s_shown (vp_map_int (data, "deadline", 0)));
    vp_val_destroy (&data);
    char w_three[80];
    snprintf (w_three, sizeof w_three, "document=%s", three);
    vp_val_t *set = OK ("giang-son-tay", GST_HEAD, "documents.deadline.set", w_three, "deadline_days=5");
    CHECK (vp_map_int (set, "deadline", 0) == s_end_of (2026, 5, 11),
           "deadline.set 5 working days: %s, expected the end of Mon 11/05/2026",
           s_shown (vp_map_int (set, "deadline", 0)));
    vp_val_destroy (&set);
    REFUSED (VP_E_INVALID_ARGUMENT, "deadline_days", "not both", "giang-son-tay", GST_HEAD, "documents.deadline.set",
             w_three, "deadline_days=5", "deadline=20/05/2026 17:00");
    REFUSED (VP_E_INVALID_ARGUMENT, "deadline", "deadline_days", "giang-son-tay", GST_HEAD, "documents.deadline.set",
             w_three);
    tu_ok ("deadlines in working days: 3 from 30/04/2026 end Thu 07/05 (holidays and the festival skipped), "
           "5 set later end Mon 11/05; both at once, or neither, refused");

    vp_val_t *list = OK ("giang-son-tay", GST_CLERK, "documents.holiday.list", "year=2026");
    vp_val_t *days = vp_map_get (list, "holidays");
    bool festival = false, tet_seen = false, hung = false;
    for (size_t i = 0; i < vp_val_len (days); i++) {
        vp_val_t *h = vp_array_at (days, i);
        festival |= strcmp (tu_str (h, "date"), "2026-05-05") == 0 && !vp_map_bool (h, "builtin", true);
        tet_seen |= strcmp (tu_str (h, "date"), "2026-02-17") == 0 && vp_map_bool (h, "builtin", false);
        hung |= strcmp (tu_str (h, "date"), "2026-04-26") == 0;
    }
    CHECK (festival && tet_seen && hung, "holiday.list 2026 of Giang Sơn Tây: %s", vp_val_to_json (list));
    vp_val_destroy (&list);
    list = OK ("lam-son", LS_CLERK, "documents.holiday.list", "year=2027");
    char *json = vp_val_to_json (list);
    CHECK (strstr (json, "2027-02-06") && strstr (json, "2027-04-16") && strstr (json, "2027-09-03")
        && !strstr (json, "2026-"), "holiday.list 2027 of Lam Sơn: %s", json);
    free (json);
    vp_val_destroy (&list);
    tu_ok ("Giang Sơn Tây's own day off (05/05) moves its deadline to Mon 11/05/2026, and only there; "
           "holiday.list shows the built-in days (Tết, Giỗ Tổ) and the commune's");
}

//  (b) the scan: due soon once, overdue once, per deadline
static void
s_scan_once (void)
{
    //  Thượng khẩn, arrived Mon 04/05 08:00: two working days, due at the
    //  end of Wed 06/05; "due soon" four hours before.
    const char *urgent = REGISTER ("lam-son", LS_CLERK, "Công an huyện Đô Lương", "41/CAH-PV01",
                                   "cong-van", "thuong-khan", "tu-phap", "04/05/2026 08:00");
    tu_stack_set_clock (&s_stack, tu_local_ms (2026, 5, 6, 18, 0));
    s_scan ("lam-son");
    CHECK (s_count ("lam-son", "due_soon", urgent, NULL) == 0, "thượng khẩn due soon six hours before");
    tu_stack_set_clock (&s_stack, tu_local_ms (2026, 5, 6, 21, 0));
    s_scan ("lam-son");
    CHECK (s_count ("lam-son", "due_soon", urgent, NULL) == 1, "thượng khẩn not due soon three hours before");
    tu_ok ("thượng khẩn: due soon within four hours of its deadline, not before");

    //  Khẩn, due at the end of Fri 08/05: due soon from the end of the
    //  working day before.
    tu_stack_set_clock (&s_stack, tu_local_ms (2026, 5, 7, 10, 0));
    s_scan ("lam-son");
    CHECK (s_count ("lam-son", "due_soon", s_doc_a, NULL) == 0, "khẩn due soon more than a working day before");
    tu_stack_set_clock (&s_stack, tu_local_ms (2026, 5, 8, 9, 0));
    vp_val_t *r1 = tu_ok_call (s_ops, "lam-son", NULL, "documents.scan");
    vp_val_t *r2 = tu_ok_call (s_ops, "lam-son", NULL, "documents.scan");
    vp_val_t *env = NULL;
    CHECK (s_count ("lam-son", "due_soon", s_doc_a, &env) == 1, "due_soon of %s is not on the bus once", s_doc_a);
    vp_val_t *data = vp_map_get (env, "data");
    CHECK (strcmp (tu_str (data, "officer"), LS_DIA_CHINH) == 0 && vp_map_int (data, "deadline", 0) == s_end_of (2026, 5, 8)
        && *tu_str (data, "number") && strcmp (tu_str (data, "urgency"), "khan") == 0,
           "due_soon: %s", vp_val_to_json (data));
    CHECK (vp_map_int (r2, "due_soon", -1) == 0 && vp_map_int (r2, "overdue", -1) == 0,
           "a second scan told again: %s (first %s)", vp_val_to_json (r2), vp_val_to_json (r1));
    vp_val_destroy (&env);
    vp_val_destroy (&r1);
    vp_val_destroy (&r2);
    tu_ok ("khẩn due Fri 08/05: no warning on Thu morning, one documents.due_soon on Fri, not twice");

    tu_stack_set_clock (&s_stack, tu_local_ms (2026, 5, 11, 8, 0));
    s_scan ("lam-son");
    s_scan ("lam-son");
    s_scan ("");
    CHECK (s_count ("lam-son", "overdue", s_doc_a, &env) == 1, "overdue of %s is not on the bus once", s_doc_a);
    CHECK (strcmp (tu_str (env, "actor"), "operator") == 0 || strcmp (tu_str (env, "actor"), "documents") == 0,
           "overdue by %s", tu_str (env, "actor"));
    vp_val_destroy (&env);
    CHECK (s_count ("lam-son", "due_soon", s_doc_a, NULL) == 1, "overdue repeated due_soon");
    tu_ok ("past the deadline: three scans, one documents.overdue on the bus");

    //  A new deadline is a new promise: told again, once.
    char word[80];
    snprintf (word, sizeof word, "document=%s", s_doc_a);
    REFUSED (VP_E_PERMISSION_DENIED, "actor", "Tổ trưởng Văn phòng", "lam-son", LS_DIA_CHINH, "documents.deadline.set",
             word, "deadline=15/05/2026 17:00");
    REFUSED (VP_E_INVALID_ARGUMENT, "deadline", "before", "lam-son", LS_HEAD, "documents.deadline.set",
             word, "deadline=01/04/2026 17:00");
    vp_val_t *r = OK ("lam-son", LS_HEAD, "documents.deadline.set", word, "deadline=15/05/2026 17:00");
    CHECK (vp_map_int (r, "deadline", 0) == tu_local_ms (2026, 5, 15, 17, 0), "deadline.set: %s", vp_val_to_json (r));
    vp_val_destroy (&r);
    CHECK (s_count ("lam-son", "deadline_changed", s_doc_a, NULL) == 1, "no documents.deadline_changed");
    tu_stack_set_clock (&s_stack, tu_local_ms (2026, 5, 18, 8, 0));
    s_scan ("lam-son");
    s_scan ("lam-son");
    CHECK (s_count ("lam-son", "overdue", s_doc_a, &env) == 2, "the new deadline was not told overdue once");
    CHECK (vp_map_int (vp_map_get (env, "data"), "deadline", 0) == tu_local_ms (2026, 5, 15, 17, 0),
           "overdue for the new deadline: %s", vp_val_to_json (env));
    vp_val_destroy (&env);
    tu_ok ("deadline.set by the office head (15/05 17:00) is told overdue once more, for the new deadline");
}

//  (c) routing
static void
s_routing (void)
{
    tu_stack_set_clock (&s_stack, tu_local_ms (2026, 5, 18, 10, 0));
    REFUSED (VP_E_PERMISSION_DENIED, "actor", "Tổ trưởng Văn phòng", "lam-son", LS_CLERK, "documents.route.add",
             "post=vp-thong-ke", "issuer=Huyện ủy");
    REFUSED (VP_E_NOT_FOUND, "post", "nonesuch", "lam-son", LS_HEAD, "documents.route.add",
             "post=nonesuch", "issuer=Huyện ủy");
    DONE ("lam-son", LS_HEAD, "documents.route.add", "post=vp-thong-ke", "issuer=Huyện ủy");
    DONE ("lam-son", LS_HEAD, "documents.route.add", "post=chu-tich-ubnd", "type=quyet-dinh");
    DONE ("lam-son", LS_HEAD, "documents.route.add", "post=bi-thu", "issuer=HUYỆN UỶ", "type=nghi-quyet");
    DONE ("lam-son", LS_HEAD, "documents.route.add", "post=chu-nhiem-ubkt", "field=kiem-tra", "priority=300");
    vp_val_t *rules = OK ("lam-son", LS_CLERK, "documents.route.list");
    vp_val_t *list = vp_map_get (rules, "rules");
    CHECK (vp_val_len (list) == 4 && strcmp (tu_str (vp_array_at (list, 0), "post"), "chu-nhiem-ubkt") == 0
        && strcmp (tu_str (vp_array_at (list, 1), "post"), "bi-thu") == 0
        && strcmp (tu_str (vp_array_at (list, 1), "issuer"), "huyen uy") == 0,
           "route.list (priority, then the most specific): %s", vp_val_to_json (rules));
    vp_val_destroy (&rules);
    tu_ok ("route.add: only the office head, an existing post; route.list in the order rules are tried");

    const char *by_issuer = REGISTER ("lam-son", LS_CLERK, "Huyện ủy Đô Lương", "07-ĐA/HU", "de-an", "thuong",
                                      "dat-dai", "18/05/2026 08:30");
    tu_drop (ASSIGNED ("lam-son", by_issuer, LS_CLERK, "quy tắc|huyen uy"));
    const char *by_type = REGISTER ("lam-son", LS_CLERK, "UBND huyện Đô Lương", "145/QĐ-UBND", "quyet-dinh",
                                    "thuong", "dat-dai", "18/05/2026 08:40");
    tu_drop (ASSIGNED ("lam-son", by_type, LS_CHU_TICH, "quy tắc|Quyết định|Chủ tịch UBND"));
    const char *specific = REGISTER ("lam-son", LS_CLERK, "Huyện ủy Đô Lương", "18-NQ/HU", "nghi-quyet",
                                     "thuong", "dat-dai", "18/05/2026 08:50");
    tu_drop (ASSIGNED ("lam-son", specific, LS_BI_THU, "Nghị quyết|Bí thư"));
    const char *priority = REGISTER ("lam-son", LS_CLERK, "Huyện ủy Đô Lương", "12-KH/HU", "ke-hoach",
                                     "thuong", "kiem-tra", "18/05/2026 09:00");
    tu_drop (ASSIGNED ("lam-son", priority, LS_UBKT, "ưu tiên 300"));
    tu_ok ("a rule by issuer (Huyện ủy) or type (Quyết định) wins over the field of work (đất đai); "
           "the more specific rule wins a tie; a higher priority wins over both");

    //  Vacant: Phó Chủ tịch HĐND of Lam Sơn has nobody; the office head acts.
    const char *vacant = REGISTER ("lam-son", LS_CLERK, "Thường trực HĐND huyện Đô Lương", "20/HĐND-VP",
                                   "thong-bao", "thuong", "tiep-xuc-cu-tri", "18/05/2026 09:10");
    vp_val_t *data = ASSIGNED ("lam-son", vacant, LS_HEAD, "tiep-xuc-cu-tri|khuyết|Tổ trưởng Văn phòng");
    CHECK (strcmp (tu_str (data, "post"), "pho-chu-tich-hdnd") == 0, "vacant: %s", vp_val_to_json (data));
    vp_val_destroy (&data);
    tu_ok ("a vacant post (Phó Chủ tịch HĐND) goes to the office head, and the reason says the post is vacant");

    //  On leave: the Tư pháp officer of Minh Sơn, 20/11 - 15/12/2026.
    tu_stack_set_clock (&s_stack, tu_local_ms (2026, 12, 1, 9, 0));
    const char *leave = REGISTER ("minh-son", MS_CLERK, "Phòng Tư pháp huyện Đô Lương", "88/PTP-HT",
                                  "huong-dan", "khan", "ho-tich", "01/12/2026 08:00");
    data = ASSIGNED ("minh-son", leave, MS_DELEGATE, "ho-tich|nghỉ phép|ủy quyền");
    CHECK (strcmp (tu_str (data, "on_behalf_of"), MS_TU_PHAP) == 0 && strcmp (tu_str (data, "post"), "tu-phap") == 0,
           "on leave: %s", vp_val_to_json (data));
    vp_val_destroy (&data);
    tu_ok ("the holder of Tư pháp on leave: the delegate gets it, on behalf of the holder, and the reason says so");
}

//  (d) override and reassignment, (e) the workflow, (f) the history
static void
s_workflow (void)
{
    tu_stack_set_clock (&s_stack, tu_local_ms (2026, 12, 2, 8, 0));
    //  Thượng khẩn: two working days around Quốc khánh (1/9 and 2/9/2026).
    const char *qk = REGISTER ("lam-son", LS_CLERK, "Sở Nội vụ tỉnh Nghệ An", "77/SNV-CCHC",
                               "cong-van", "thuong-khan", "tai-chinh", "28/08/2026 16:00");
    vp_val_t *assigned = s_assigned ("lam-son", qk);
    CHECK (vp_map_int (assigned, "deadline", 0) == s_end_of (2026, 9, 3),
           "thượng khẩn from Fri 28/08/2026: deadline %s, expected the end of Thu 03/09/2026",
           s_shown (vp_map_int (assigned, "deadline", 0)));
    vp_val_destroy (&assigned);
    tu_ok ("thượng khẩn from Fri 28/08/2026 over Quốc khánh (1/9, 2/9) ends Thu 03/09/2026");

    const char *doc = REGISTER ("lam-son", LS_CLERK, "Sở Kế hoạch và Đầu tư tỉnh Nghệ An", "502/SKHĐT-TH",
                                "cong-van", "thuong", "dat-dai", "02/12/2026 07:45");
    tu_drop (ASSIGNED ("lam-son", doc, LS_DIA_CHINH, "dat-dai"));
    char d[80];
    snprintf (d, sizeof d, "document=%s", doc);

    REFUSED (VP_E_INVALID_ARGUMENT, "officer", "exactly one", "lam-son", LS_HEAD, "documents.assign",
             d, "post=tai-chinh", "officer=" LS_TAI_CHINH);
    REFUSED (VP_E_INVALID_ARGUMENT, "post", "exactly one", "lam-son", LS_HEAD, "documents.assign", d);
    REFUSED (VP_E_NOT_FOUND, "officer", GST_CHU_TICH, "lam-son", LS_HEAD, "documents.assign",
             d, "officer=" GST_CHU_TICH);
    REFUSED (VP_E_NOT_FOUND, "post", "nonesuch", "lam-son", LS_HEAD, "documents.assign", d, "post=nonesuch");
    REFUSED (VP_E_PERMISSION_DENIED, "actor", LS_MTTQ, "lam-son", LS_MTTQ, "documents.assign",
             d, "post=tai-chinh");
    REFUSED (VP_E_NOT_FOUND, "document", "d-999", "lam-son", LS_HEAD, "documents.assign",
             "document=d-999", "post=tai-chinh");
    REFUSED (VP_E_PERMISSION_DENIED, "actor", GST_CHU_TICH "|lam-son", "lam-son", GST_CHU_TICH,
             "documents.start", d);

    //  The office head overrides the routing.
    vp_val_t *r = OK ("lam-son", LS_HEAD, "documents.assign", d, "post=tai-chinh", "reason=Liên quan ngân sách");
    CHECK (strcmp (tu_str (r, "officer"), LS_TAI_CHINH) == 0 && strcmp (tu_str (r, "status"), "assigned") == 0,
           "override: %s", vp_val_to_json (r));
    vp_val_destroy (&r);
    vp_val_t *data = ASSIGNED ("lam-son", doc, LS_TAI_CHINH, "Tổ trưởng Văn phòng|Liên quan ngân sách");
    CHECK (strcmp (tu_str (data, "previous_officer"), LS_DIA_CHINH) == 0, "override: %s", vp_val_to_json (data));
    vp_val_destroy (&data);
    //  The assignee hands it on to a colleague.
    r = OK ("lam-son", LS_TAI_CHINH, "documents.assign", d, "officer=" LS_VAN_HOA, "reason=Thuộc chính sách xã hội");
    CHECK (strcmp (tu_str (r, "post"), "van-hoa") == 0, "reassignment: %s", vp_val_to_json (r));
    vp_val_destroy (&r);
    data = ASSIGNED ("lam-son", doc, LS_VAN_HOA, "Thuộc chính sách xã hội");
    CHECK (strcmp (tu_str (data, "previous_officer"), LS_TAI_CHINH) == 0, "reassignment: %s", vp_val_to_json (data));
    vp_val_destroy (&data);
    REFUSED (VP_E_PERMISSION_DENIED, "actor", "assignee", "lam-son", LS_TAI_CHINH, "documents.assign",
             d, "post=dia-chinh");
    tu_ok ("an officer of another commune acts on nothing here; "
           "the office head hands it to Tài chính (previous_officer Địa chính); the assignee hands it on "
           "to Văn hóa (previous_officer Tài chính); then the former assignee may not");

    //  start -> done, and what makes no sense after.
    REFUSED (VP_E_PERMISSION_DENIED, "actor", "assignee", "lam-son", LS_TAI_CHINH, "documents.start", d);
    r = OK ("lam-son", LS_VAN_HOA, "documents.start", d);
    CHECK (strcmp (tu_str (r, "status"), "in_progress") == 0, "start: %s", vp_val_to_json (r));
    vp_val_destroy (&r);
    REFUSED (VP_E_FAILED_PRECONDITION, "document", "in_progress", "lam-son", LS_VAN_HOA, "documents.start", d);
    r = OK ("lam-son", LS_VAN_HOA, "documents.done", d, "note=Đã trả lời bằng văn bản");
    CHECK (strcmp (tu_str (r, "status"), "done") == 0, "done: %s", vp_val_to_json (r));
    vp_val_destroy (&r);
    REFUSED (VP_E_FAILED_PRECONDITION, "document", "is done", "lam-son", LS_VAN_HOA, "documents.start", d);
    //  Done is no longer to handle: Việc của tôi (open=true) leaves it out, a search of everything has it.
    r = OK ("lam-son", LS_VAN_HOA, "documents.search", "assignee=" LS_VAN_HOA, "limit=200");
    char *all = tu_join (vp_map_get (r, "rows"), "document");
    vp_val_destroy (&r);
    r = OK ("lam-son", LS_VAN_HOA, "documents.search", "assignee=" LS_VAN_HOA, "open=true", "limit=200");
    char *open = tu_join (vp_map_get (r, "rows"), "document");
    vp_val_destroy (&r);
    CHECK (strstr (all, doc) && !strstr (open, doc), "open=true leaves the done %s out: all [%s], open [%s]", doc, all,
           open);
    free (all);
    free (open);
    REFUSED (VP_E_FAILED_PRECONDITION, "document", "is done", "lam-son", LS_HEAD, "documents.done", d);
    REFUSED (VP_E_FAILED_PRECONDITION, "document", "is done", "lam-son", LS_HEAD, "documents.assign",
             d, "post=dia-chinh");
    vp_val_t *env = NULL;
    CHECK (s_count ("lam-son", "status_changed", doc, &env) == 2
        && strcmp (tu_str (vp_map_get (env, "data"), "status"), "done") == 0
        && strcmp (tu_str (vp_map_get (env, "data"), "officer"), LS_VAN_HOA) == 0
        && strcmp (tu_str (env, "actor"), LS_VAN_HOA) == 0,
           "status_changed: %s", vp_val_to_json (env));
    vp_val_destroy (&env);
    tu_ok ("start, done by the assignee (documents.status_changed each); start or done again refused naming the status");

    //  History: every step, who and when.
    r = OK ("lam-son", LS_HEAD, "documents.history", d);
    char *json = vp_val_to_json (r);
    vp_val_t *steps = NULL;
    for (size_t i = 0; i < vp_val_len (r) && !steps; i++)
        if (vp_val_type (vp_map_value_at (r, i)) == VP_ARRAY)
            steps = vp_map_value_at (r, i);
    static const char *const expected[][2] = {
        { "assigned", "" }, { "reassigned", LS_HEAD }, { "reassigned", LS_TAI_CHINH },
        { "in_progress", LS_VAN_HOA }, { "done", LS_VAN_HOA }
    };
    size_t next = 0;
    for (size_t i = 0; steps && i < vp_val_len (steps) && next < 5; i++) {
        vp_val_t *step = vp_array_at (steps, i);
        if (strcmp (tu_str (step, "step"), expected[next][0]) == 0) {
            CHECK (!*expected[next][1] || strcmp (tu_str (step, "actor"), expected[next][1]) == 0,
                   "history step %s by %s, expected %s: %s", expected[next][0], tu_str (step, "actor"),
                   expected[next][1], json);
            CHECK (vp_map_int (step, "at", 0) >= tu_local_ms (2026, 12, 2, 8, 0),
                   "history step without a time: %s", json);
            next++;
        }
    }
    CHECK (next == 5, "history lacks a step (found %zu of 5): %s", next, json);
    CHECK (strstr (json, "Liên quan ngân sách") && strstr (json, "Đã trả lời"), "history lacks the reasons: %s", json);
    free (json);
    vp_val_destroy (&r);
    tu_ok ("history: assigned, reassigned by the office head, reassigned by the assignee, in_progress, done, "
           "each with who and when");

    //  Return to the office head, then forward to another body.
    const char *back = REGISTER ("lam-son", LS_CLERK, "Hội Nông dân huyện Đô Lương", "33/HND-TC",
                                 "ke-hoach", "thuong", "tai-chinh", "02/12/2026 07:50");
    tu_drop (ASSIGNED ("lam-son", back, LS_TAI_CHINH, "tai-chinh"));
    char b[80];
    snprintf (b, sizeof b, "document=%s", back);
    REFUSED (VP_E_INVALID_ARGUMENT, "note", "reason", "lam-son", LS_TAI_CHINH, "documents.return", b);
    r = OK ("lam-son", LS_TAI_CHINH, "documents.return", b, "note=Không thuộc lĩnh vực tài chính");
    CHECK (strcmp (tu_str (r, "status"), "returned") == 0 && strcmp (tu_str (r, "officer"), LS_HEAD) == 0,
           "return: %s", vp_val_to_json (r));
    vp_val_destroy (&r);
    CHECK (s_count ("lam-son", "status_changed", back, &env) == 1
        && strcmp (tu_str (vp_map_get (env, "data"), "officer"), LS_HEAD) == 0
        && strstr (tu_str (vp_map_get (env, "data"), "note"), "Không thuộc"),
           "returned: %s", vp_val_to_json (env));
    vp_val_destroy (&env);
    REFUSED (VP_E_FAILED_PRECONDITION, "document", "is returned", "lam-son", LS_HEAD, "documents.start", b);
    REFUSED (VP_E_NOT_FOUND, "to_body", "nonesuch", "lam-son", LS_HEAD, "documents.forward", b, "to_body=nonesuch");
    r = OK ("lam-son", LS_HEAD, "documents.forward", b, "to_body=hoi-nd", "note=Chuyển Hội Nông dân xã");
    CHECK (strcmp (tu_str (r, "status"), "forwarded") == 0, "forward: %s", vp_val_to_json (r));
    vp_val_destroy (&r);
    CHECK (s_count ("lam-son", "status_changed", back, &env) == 2
        && strcmp (tu_str (vp_map_get (env, "data"), "to_body"), "hoi-nd") == 0,
           "forwarded: %s", vp_val_to_json (env));
    vp_val_destroy (&env);
    REFUSED (VP_E_FAILED_PRECONDITION, "document", "is forwarded", "lam-son", LS_HEAD, "documents.done", b);
    tu_ok ("return needs a reason and goes back to the office head; the office head forwards it to the "
           "Hội Nông dân; done after that is refused naming the status");

    //  A secret document goes only to those cleared for it.
    const char *secret = s_register (__LINE__, "lam-son", LS_CLERK, "Huyện ủy Đô Lương", "05-BC/HU",
                                     "bao-cao", "thuong", "kiem-tra", "02/12/2026 08:00", "secrecy=mat");
    tu_drop (ASSIGNED ("lam-son", secret, LS_UBKT, "kiem-tra"));
    snprintf (b, sizeof b, "document=%s", secret);
    REFUSED (VP_E_FAILED_PRECONDITION, "officer", "cleared|mat", "lam-son", LS_HEAD, "documents.assign",
             b, "officer=" LS_DIA_CHINH);
    REFUSED (VP_E_FAILED_PRECONDITION, "officer", "cleared", "lam-son", LS_HEAD, "documents.assign",
             b, "post=dia-chinh");
    REFUSED (VP_E_NOT_FOUND, "document", secret, "lam-son", LS_DIA_CHINH, "documents.start", b);
    r = OK ("lam-son", LS_HEAD, "documents.assign", b, "post=vp-thong-ke");
    CHECK (strcmp (tu_str (r, "officer"), LS_CLERK) == 0, "secret to vp-thong-ke: %s", vp_val_to_json (r));
    vp_val_destroy (&r);
    tu_ok ("a Mật document is not handed to an officer cleared only for Thường, by name or by post, "
           "and such an officer does not even see it");
}

int
main (void)
{
    tu_stack_opts_t opts = { .demo = true, .clock = tu_local_ms (2026, 5, 4, 8, 0) };
    tu_stack_start_opts (&s_stack, "documents-flow", &opts);
    s_cli = tu_stack_client (&s_stack, "documents");
    s_ops = tu_stack_operator (&s_stack, "documents");
    tu_ok ("vp-bus, vp-staffing and vp-documents are up with CURVE; the demo district is loaded");

    s_deadlines ();
    s_scan_once ();
    s_routing ();
    s_workflow ();

    vp_cmdcli_destroy (&s_cli);
    vp_cmdcli_destroy (&s_ops);
    tu_stack_stop (&s_stack);
    printf ("%d checks, 1 passed, 0 failed\n", tu_checks);
    return 0;
}
