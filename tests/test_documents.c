/*  test_documents - the incoming register of vp-documents as a commune
    office uses it.

    Starts vp-bus, vp-staffing and vp-documents with CURVE keys and loads
    the demo district. The office clerk of Lam Sơn (ls-nguyen-van-cong)
    registers what arrives, typed the way vpctl takes it (key=value
    words, dates as people write them). Then checks that:
      (a) arrival numbers run 01, 02, ... in each book, the book chosen by
          the issuer (Party or state) unless named; they restart at 01 on
          1 January in the commune's zone, and a late paper of the old
          year still gets the old year's next number; concurrent
          registrations give each number once, none skipped;
      (b) the same document (issuer, number, date; case, accents and
          blanks aside) is refused, naming its registration: arrival
          number, arrival date and who handles it;
      (c) an officer of another commune sees nothing (get not_found,
          search empty), an unknown or departed actor is refused;
      (d) a secret document is hidden from an officer without clearance
          and shown to one with it, in get, search and the register;
      (e) search finds words typed without accents, as prefixes, in the
          summary, issuer or number; filters and paging work, newest
          first;
      (f) register_book gives the register's columns in order, one row
          per document in arrival-number order;
      (g) an invitation needs its meeting; attachments are stored once by
          sha256; comments and history read back in order;
      (h) every refusal names the field and the value; every change
          reached the bus.
*/
#include <dirent.h>
#include <pthread.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include "testutil.h"

//  Officers of the demo district.
#define CLERK "ls-nguyen-van-cong"          //  Văn phòng – Thống kê (cleared: mật)
#define HEAD "ls-phan-thi-mau-truong"       //  Tổ trưởng Văn phòng (mật)
#define LOW "ls-pham-van-mau-bon"           //  Phó Chủ tịch UBND (thường)
#define SECRETARY "ls-nguyen-van-mau-mot"   //  Bí thư Đảng ủy (tối mật)
#define MOVED "ls-dang-van-mau-chuyen"      //  moved to another body at the merger
#define OTHER "gst-dang-xuan-quang"         //  Chủ tịch UBND Giang Sơn Tây

static vp_cmdcli_t *s_cli;
static int s_registered;                    //  documents.registered caused
static int s_commented;

//  A call that must succeed (see tu_ok_call); what it caused is counted to
//  be found on the bus. Returns its result (caller destroys).
static vp_val_t *
s_ok_val (int line, const char *tenant, const char *actor, const char *cmd, vp_val_t *args)
{
    vp_val_t *result = tu_ok_args (line, s_cli, tenant, actor, cmd, args);
    if (strcmp (cmd, "documents.register") == 0)
        s_registered++;
    if (strcmp (cmd, "documents.comment") == 0)
        s_commented++;
    return result;
}

static vp_val_t *
s_ok (int line, const char *tenant, const char *actor, const char *cmd, ...)
{
    va_list ap;
    va_start (ap, cmd);
    vp_val_t *args = tu_args (line, cmd, ap);
    va_end (ap);
    return s_ok_val (line, tenant, actor, cmd, args);
}

#define OK(tenant, actor, ...) s_ok (__LINE__, tenant, actor, __VA_ARGS__, NULL)
#define REFUSED(code, field, says, tenant, actor, ...) tu_refused (code, field, says, s_cli, tenant, actor, __VA_ARGS__)

//  A registration that must succeed with arrival number n in book; returns
//  the document id in a static ring.
static const char *
s_register (int line, const char *tenant, const char *actor, const char *book, int64_t n, int year, ...)
{
    static char ids[16][32];
    static int next;
    va_list ap;
    va_start (ap, year);
    vp_val_t *args = tu_args (line, "documents.register", ap);
    va_end (ap);
    vp_val_t *r = s_ok_val (line, tenant, actor, "documents.register", args);
    char label[32];
    snprintf (label, sizeof label, "%02lld/%d", (long long) n, year);
    TU_CHECK (strcmp (tu_str (r, "book"), book) == 0 && vp_map_int (r, "arrival_number", 0) == n
              && vp_map_int (r, "year", 0) == year && strcmp (tu_str (r, "label"), label) == 0,
              "line %d: registered in book %s as %s (number %lld, year %lld), expected %s as %s", line,
              tu_str (r, "book"), tu_str (r, "label"), (long long) vp_map_int (r, "arrival_number", 0),
              (long long) vp_map_int (r, "year", 0), book, label);
    TU_CHECK (strcmp (tu_str (r, "status"), "assigned") == 0 && *tu_str (r, "officer") && *tu_str (r, "officer_name"),
              "line %d: %s was not handed to anyone: status %s, routing \"%s\"", line, tu_str (r, "document"),
              tu_str (r, "status"), tu_str (r, "routing"));
    char *id = ids[next++ % 16];
    snprintf (id, 32, "%s", tu_str (r, "document"));
    vp_val_destroy (&r);
    return id;
}
#define REGISTER(tenant, actor, book, n, year, ...) \
    s_register (__LINE__, tenant, actor, book, n, year, __VA_ARGS__, NULL)

//  documents.get that must succeed (caller destroys).
static vp_val_t *
s_get (int line, const char *tenant, const char *actor, const char *document)
{
    char word[64];
    snprintf (word, sizeof word, "document=%s", document);
    return s_ok (line, tenant, actor, "documents.get", word, NULL);
}

//  documents.search: total and the documents of the page, joined.
static int64_t
s_search (int line, const char *tenant, const char *actor, char **documents, ...)
{
    va_list ap;
    va_start (ap, documents);
    vp_val_t *args = tu_args (line, "documents.search", ap);
    va_end (ap);
    vp_val_t *r = s_ok_val (line, tenant, actor, "documents.search", args);
    int64_t total = vp_map_int (r, "total", -1);
    if (documents)
        *documents = tu_join (vp_map_get (r, "rows"), "document");
    vp_val_destroy (&r);
    return total;
}
#define SEARCH(tenant, actor, documents, ...) s_search (__LINE__, tenant, actor, documents, __VA_ARGS__, NULL)

//  "document=d-1" in a static ring.
static const char *
s_doc (const char *document)
{
    static char words[8][64];
    static int next;
    char *word = words[next++ % 8];
    snprintf (word, 64, "document=%s", document);
    return word;
}

//  --------------------------------------------------------------------------
//  (a) arrival numbers

//  Document ids the later checks use.
static char s_plan[32], s_project[32], s_second[32], s_justice[32], s_guide[32];

static void
s_numbers (void)
{
    snprintf (s_plan, sizeof s_plan, "%s", REGISTER ("lam-son", CLERK, "den-chinh-quyen", 1, 2026,
        "issuer=UBND huyện Đô Lương", "number=45/UBND-VP", "doc_date=20/11/2026", "type=cong-van",
        "summary=Hợp nhất văn phòng Đảng ủy – Chính quyền xã: bàn giao hồ sơ, con dấu",
        "arrived_at=24/11/2026 08:00"));
    snprintf (s_project, sizeof s_project, "%s", REGISTER ("lam-son", CLERK, "den-dang", 1, 2026,
        "issuer=Huyện ủy Đô Lương", "number=07-ĐA/HU", "doc_date=21/11/2026", "type=de-an",
        "summary=Đề án hợp nhất Văn phòng Đảng ủy – Chính quyền cấp xã", "arrived_at=24/11/2026 09:00"));
    snprintf (s_second, sizeof s_second, "%s", REGISTER ("lam-son", CLERK, "den-chinh-quyen", 2, 2026,
        "issuer=UBND huyện Đô Lương", "number=46/UBND-VP", "doc_date=21/11/2026", "type=ke-hoach",
        "summary=Kế hoạch phòng chống thiên tai mùa mưa lũ", "arrived_at=24/11/2026 10:00"));
    //  "Tư" (justice) is not TU (Tỉnh ủy): a state body.
    snprintf (s_justice, sizeof s_justice, "%s", REGISTER ("lam-son", CLERK, "den-chinh-quyen", 3, 2026,
        "issuer=Sở Tư pháp Nghệ An", "number=120/STP-VP", "doc_date=18/11/2026", "type=huong-dan",
        "summary=Hướng dẫn chứng thực bản sao từ bản chính", "arrived_at=25/11/2026 08:30",
        "urgency=hoa-toc"));
    snprintf (s_guide, sizeof s_guide, "%s", REGISTER ("lam-son", CLERK, "den-dang", 2, 2026,
        "issuer=Ban Tuyên giáo Tỉnh ủy Nghệ An", "number=15-HD/BTGTU", "doc_date=19/11/2026",
        "type=huong-dan", "summary=Hướng dẫn tuyên truyền kỷ niệm ngày thành lập Đảng",
        "arrived_at=25/11/2026 09:00"));
    //  A book named overrides the issuer's kind.
    REGISTER ("lam-son", CLERK, "den-dang", 3, 2026, "book=den-dang", "issuer=UBND huyện Đô Lương",
              "number=47/UBND-VP", "doc_date=21/11/2026", "type=thong-bao",
              "summary=Thông báo lịch tiếp công dân của Bí thư", "arrived_at=25/11/2026 10:00");
    REFUSED (VP_E_NOT_FOUND, "book", "so-la|lam-son", "lam-son", CLERK, "documents.register",
             "book=so-la", "issuer=UBND huyện", "number=48/UBND-VP", "doc_date=21/11/2026", "type=cong-van",
             "summary=Công văn", "arrived_at=25/11/2026 11:00");
    //  The refused one took no number.
    REGISTER ("lam-son", CLERK, "den-chinh-quyen", 4, 2026, "issuer=UBND huyện Đô Lương", "number=48/UBND-VP",
              "doc_date=21/11/2026", "type=cong-van", "summary=Công văn về việc rà soát hộ nghèo",
              "arrived_at=25/11/2026 11:00");
    tu_ok ("arrival numbers 01, 02, ... per book; Party issuers to den-dang, state ones to den-chinh-quyen");

    //  31/12/2026 23:30 in Vietnam is 16:30 UTC, still 2026; 01/01/2027
    //  00:10 there is 31/12 17:10 UTC, already 2027.
    vp_tm_t utc = { .year = 2026, .month = 12, .day = 31, .hour = 16, .minute = 30 };
    int64_t eve = vp_time_from_local (&utc, "UTC");
    utc.hour = 17, utc.minute = 10;
    int64_t new_year = vp_time_from_local (&utc, "UTC");
    CHECK (eve == tu_local_ms (2026, 12, 31, 23, 30) && new_year == tu_local_ms (2027, 1, 1, 0, 10),
           "the zone of the test is not UTC+7");
    REGISTER ("lam-son", CLERK, "den-chinh-quyen", 5, 2026, "issuer=UBND tỉnh Nghệ An", "number=301/UBND-TH",
              "doc_date=31/12/2026", "type=cong-van", "summary=Công văn cuối năm", tu_ms_word ("arrived_at", eve));
    REGISTER ("lam-son", CLERK, "den-chinh-quyen", 1, 2027, "issuer=UBND tỉnh Nghệ An", "number=01/UBND-TH",
              "doc_date=31/12/2026", "type=cong-van", "summary=Công văn đầu năm",
              tu_ms_word ("arrived_at", new_year));
    REGISTER ("lam-son", CLERK, "den-chinh-quyen", 2, 2027, "issuer=UBND tỉnh Nghệ An", "number=02/UBND-TH",
              "doc_date=02/01/2027", "type=cong-van", "summary=Công văn thứ hai", "arrived_at=02/01/2027 08:00");
    //  A paper that arrived on 31/12 and is registered late keeps its year.
    REGISTER ("lam-son", CLERK, "den-chinh-quyen", 6, 2026, "issuer=UBND tỉnh Nghệ An", "number=299/UBND-TH",
              "doc_date=30/12/2026", "type=cong-van", "summary=Công văn đến muộn", "arrived_at=31/12/2026 10:00");
    //  The Party book of 2027 starts at 01 too.
    REGISTER ("lam-son", CLERK, "den-dang", 1, 2027, "issuer=Huyện ủy Đô Lương", "number=01-TB/HU",
              "doc_date=01/01/2027", "type=thong-bao", "summary=Thông báo đầu năm", "arrived_at=01/01/2027 07:30");
    tu_ok ("arrival numbers restart at 01 on 1 January in the commune's zone (23:30 on 31/12 is the old year,"
           " 00:10 on 1/1 the new); a late paper of 31/12 gets 06/2026");
}

//  Concurrent clerks: each number once, none skipped.
typedef struct {
    tu_stack_t *stack;
    int clerk;
    int ok;
    int64_t numbers[10];
} s_worker_t;

//  Register books are configuration: a commune adds one, and its arrival
//  numbers start at 01.
static void
s_books (void)
{
    tu_drop (OK ("lam-son", CLERK, "documents.book.set", "book=den-hdnd",
                 "name=Sổ văn bản đến – HĐND", "kind=state"));
    REGISTER ("lam-son", CLERK, "den-hdnd", 1, 2026, "book=den-hdnd", "issuer=HĐND huyện Đô Lương",
              "number=12/NQ-HĐND", "doc_date=20/11/2026", "type=nghi-quyet",
              "summary=Nghị quyết về kỳ họp thường lệ cuối năm", "arrived_at=26/11/2026 08:00");
    vp_val_t *r = OK ("lam-son", CLERK, "documents.book.list");
    char *books = tu_join (vp_map_get (r, "books"), "book");
    CHECK (streq (books, "den-chinh-quyen,den-dang,den-hdnd"), "books of lam-son: %s", books);
    free (books);
    tu_drop (r);
    REFUSED (VP_E_INVALID_ARGUMENT, "args.kind", "xyz", "lam-son", CLERK, "documents.book.set",
             "book=so-moi", "name=Sổ mới", "kind=xyz");
    tu_ok ("a commune adds a register book, its numbers start at 01, and it is listed with the defaults");
}

static void *
s_worker (void *arg)
{
    s_worker_t *w = (s_worker_t *) arg;
    vp_cmdcli_t *cli = tu_stack_client (w->stack, "documents");
    for (int i = 0; i < 10; i++) {
        vp_val_t *args = vp_val_map ();
        vp_map_put_str (args, "issuer", "UBND huyện Đô Lương");
        vp_map_put (args, "number", vp_val_strf ("%d/UBND-KT", 100 + w->clerk * 10 + i));
        vp_map_put_int (args, "doc_date", tu_local_ms (2026, 11, 20, 0, 0));
        vp_map_put_str (args, "type", "cong-van");
        vp_map_put (args, "summary", vp_val_strf ("Công văn số %d gửi đồng thời", w->clerk * 10 + i));
        vp_map_put_int (args, "arrived_at", tu_local_ms (2026, 11, 26, 8, 0));
        vp_val_t *result = NULL;
        vp_err_t err = { 0 };
        if (tu_call_args (cli, "minh-son", "ms-phan-thi-mau-muoi-bon", "documents.register", args,
                          &result, &err) == 0) {
            w->numbers[w->ok++] = vp_map_int (result, "arrival_number", 0);
            vp_val_destroy (&result);
        }
        else
            fprintf (stderr, "concurrent registration refused: %s\n", err.message);
    }
    vp_cmdcli_destroy (&cli);
    return NULL;
}

static void
s_concurrent (tu_stack_t *stack)
{
    s_worker_t workers[3];
    pthread_t threads[3];
    for (int i = 0; i < 3; i++) {
        workers[i] = (s_worker_t) { .stack = stack, .clerk = i };
        pthread_create (&threads[i], NULL, s_worker, &workers[i]);
    }
    bool seen[31] = { false };
    int total = 0;
    for (int i = 0; i < 3; i++) {
        pthread_join (threads[i], NULL);
        for (int k = 0; k < workers[i].ok; k++) {
            int64_t n = workers[i].numbers[k];
            CHECK (n >= 1 && n <= 30 && !seen[n], "number %lld given twice or out of 1..30", (long long) n);
            seen[n] = true;
        }
        total += workers[i].ok;
    }
    s_registered += total;
    CHECK (total == 30, "%d of 30 concurrent registrations went through", total);
    //  Registered together (one transaction for the commands queued at
    //  once), each is in the search index all the same: the index is
    //  written once per transaction, just before it commits.
    char *rows = NULL;
    int64_t found = SEARCH ("minh-son", "ms-phan-thi-mau-muoi-bon", &rows, "q=gửi đồng thời", "limit=50");
    CHECK (found == 30, "a search of the 30 finds %lld", (long long) found);
    free (rows);
    tu_ok ("30 registrations from 3 clients at once got the numbers 01..30, each once, and a search finds all 30");
}


//  --------------------------------------------------------------------------
//  (b) one document once

static void
s_duplicate (void)
{
    vp_val_t *plan = s_get (__LINE__, "lam-son", CLERK, s_plan);
    char handler[256];
    snprintf (handler, sizeof handler, "%s", tu_str (plan, "officer_name"));
    vp_val_destroy (&plan);
    char says[512];
    snprintf (says, sizeof says, "45/UBND-VP|01/2026|24/11/2026|%s|%s", handler, s_plan);
    //  Same issuer (capitals), same number (blanks, lower case), same day.
    REFUSED (VP_E_ALREADY_EXISTS, "number", says, "lam-son", CLERK, "documents.register",
             "issuer=UBND HUYỆN ĐÔ LƯƠNG", "number=45 / ubnd-vp", "doc_date=20/11/2026 15:00",
             "type=cong-van", "summary=Bản điện tử của công văn", "arrived_at=26/11/2026 08:00");
    REFUSED (VP_E_ALREADY_EXISTS, "number", "07-ĐA/HU|01/2026|24/11/2026", "lam-son", CLERK,
             "documents.register", "issuer=huyen uy do luong", "number=07-đa/hu", "doc_date=21/11/2026",
             "type=de-an", "summary=Đề án (bản qua bưu điện)", "arrived_at=26/11/2026 08:00");
    //  Another date, or ĐA against DA, is another document.
    REGISTER ("lam-son", CLERK, "den-chinh-quyen", 3, 2027, "issuer=UBND huyện Đô Lương", "number=45/UBND-VP",
              "doc_date=20/11/2025", "type=cong-van", "summary=Công văn năm trước", "arrived_at=03/01/2027 08:00");
    REGISTER ("lam-son", CLERK, "den-dang", 2, 2027, "issuer=Huyện ủy Đô Lương", "number=07-DA/HU",
              "doc_date=21/11/2026", "type=du-an", "summary=Dự án khác", "arrived_at=03/01/2027 09:00");
    tu_ok ("a document is registered once: the second copy is refused naming 01/2026, 24/11/2026 and %s",
           handler);
}


//  --------------------------------------------------------------------------
//  (c) tenants and actors

static void
s_tenants (void)
{
    REFUSED (VP_E_PERMISSION_DENIED, "actor", OTHER "|lam-son", "lam-son", OTHER, "documents.get", s_doc (s_plan));
    REFUSED (VP_E_NOT_FOUND, "document", s_plan, "giang-son-tay", OTHER, "documents.get", s_doc (s_plan));
    REFUSED (VP_E_NOT_FOUND, "document", s_plan, "giang-son-tay", OTHER, "documents.history", s_doc (s_plan));
    REFUSED (VP_E_NOT_FOUND, "document", s_plan, "giang-son-tay", OTHER, "documents.comment", s_doc (s_plan),
             "text=Xem giúp");
    char *rows = NULL;
    int64_t total = SEARCH ("giang-son-tay", OTHER, &rows, "q=hop nhat van phong");
    CHECK (total == 0 && !*rows, "Giang Sơn Tây sees %lld documents of Lam Sơn: %s", (long long) total, rows);
    free (rows);
    total = SEARCH ("giang-son-tay", OTHER, &rows, "limit=200");
    CHECK (total == 0, "Giang Sơn Tây lists %lld documents", (long long) total);
    free (rows);
    REFUSED (VP_E_NOT_FOUND, "book", "den-chinh-quyen", "giang-son-tay", OTHER, "documents.register_book",
             "book=so-la", "year=2026") ;
    vp_val_t *r = OK ("giang-son-tay", OTHER, "documents.register_book", "book=den-chinh-quyen", "year=2026");
    CHECK (vp_val_len (vp_map_get (r, "rows")) == 0, "Giang Sơn Tây's register shows %zu rows of Lam Sơn",
           vp_val_len (vp_map_get (r, "rows")));
    vp_val_destroy (&r);
    REFUSED (VP_E_PERMISSION_DENIED, "actor", "ai-do|lam-son", "lam-son", "ai-do", "documents.get", s_doc (s_plan));
    REFUSED (VP_E_PERMISSION_DENIED, "actor", "ai-do|lam-son", "lam-son", "ai-do", "documents.search", "q=hop");
    REFUSED (VP_E_PERMISSION_DENIED, "actor", "ai-do|lam-son", "lam-son", "ai-do", "documents.register",
             "issuer=UBND huyện", "number=99/UBND", "doc_date=21/11/2026", "type=cong-van", "summary=Thử");
    REFUSED (VP_E_PERMISSION_DENIED, "actor", "lam-son", "lam-son", "", "documents.get", s_doc (s_plan));
    REFUSED (VP_E_PERMISSION_DENIED, "actor", MOVED "|no longer active", "lam-son", MOVED, "documents.get",
             s_doc (s_plan));
    tu_ok ("an officer of another commune sees nothing (not_found, 0 found); unknown and departed actors are refused");
}


//  --------------------------------------------------------------------------
//  (d) secrecy

static char s_secret[32], s_top_secret[32], s_late[32];

static void
s_secrecy (void)
{
    snprintf (s_secret, sizeof s_secret, "%s", REGISTER ("lam-son", CLERK, "den-chinh-quyen", 7, 2026,
        "issuer=Công an huyện Đô Lương", "number=88/CAH-ANND", "doc_date=25/11/2026", "type=ke-hoach",
        "summary=Kế hoạch bảo vệ an ninh hội nghị hợp nhất", "secrecy=mat", "arrived_at=26/11/2026 14:00"));
    snprintf (s_top_secret, sizeof s_top_secret, "%s", REGISTER ("lam-son", CLERK, "den-dang", 4, 2026,
        "issuer=Ban Tổ chức Huyện ủy Đô Lương", "number=12-CV/BTCHU", "doc_date=25/11/2026", "type=cong-van",
        "summary=Danh sách quy hoạch cán bộ nhiệm kỳ tới", "secrecy=toi-mat", "arrived_at=26/11/2026 15:00"));

    //  Mật: the Vice-Chairman (thường) does not see it; the office head
    //  and the Secretary (mật, tối mật) do.
    REFUSED (VP_E_NOT_FOUND, "document", s_secret, "lam-son", LOW, "documents.get", s_doc (s_secret));
    REFUSED (VP_E_NOT_FOUND, "document", s_secret, "lam-son", LOW, "documents.history", s_doc (s_secret));
    REFUSED (VP_E_NOT_FOUND, "document", s_secret, "lam-son", LOW, "documents.comment", s_doc (s_secret),
             "text=Cho xem với");
    vp_val_t *r = s_get (__LINE__, "lam-son", HEAD, s_secret);
    CHECK (strcmp (tu_str (r, "secrecy"), "mat") == 0 && strcmp (tu_str (r, "secrecy_name"), "Mật") == 0,
           "the office head reads secrecy %s (%s)", tu_str (r, "secrecy"), tu_str (r, "secrecy_name"));
    vp_val_destroy (&r);
    tu_drop (s_get (__LINE__, "lam-son", SECRETARY, s_secret));
    //  Tối mật: the clerk (mật) who registered it no longer sees it; the
    //  Secretary does, and it went to the Secretary's post.
    REFUSED (VP_E_NOT_FOUND, "document", s_top_secret, "lam-son", CLERK, "documents.get", s_doc (s_top_secret));
    r = s_get (__LINE__, "lam-son", SECRETARY, s_top_secret);
    CHECK (strcmp (tu_str (r, "officer"), SECRETARY) == 0, "the tối mật document went to %s",
           tu_str (r, "officer"));
    vp_val_destroy (&r);
    //  Its copy is still refused, without telling the clerk about it.
    const char *message = REFUSED (VP_E_ALREADY_EXISTS, "number", "12-CV/BTCHU|not cleared", "lam-son", CLERK,
        "documents.register", "issuer=Ban Tổ chức Huyện ủy Đô Lương", "number=12-CV/BTCHU",
        "doc_date=25/11/2026", "type=cong-van", "summary=Bản sao", "secrecy=toi-mat");
    CHECK (!strstr (message, s_top_secret) && !strstr (message, "04/2026"),
           "the refusal tells the clerk about a tối mật document: %s", message);

    //  Search leaves out what the actor may not see.
    char *rows = NULL;
    CHECK (SEARCH ("lam-son", LOW, &rows, "q=an ninh") == 0 && !*rows, "the Vice-Chairman finds %s", rows);
    free (rows);
    CHECK (SEARCH ("lam-son", HEAD, &rows, "q=an ninh") == 1 && strcmp (rows, s_secret) == 0,
           "the office head finds [%s]", rows);
    free (rows);
    CHECK (SEARCH ("lam-son", CLERK, &rows, "q=quy hoach can bo") == 0, "the clerk finds [%s]", rows);
    free (rows);
    CHECK (SEARCH ("lam-son", SECRETARY, &rows, "q=quy hoach can bo") == 1 && strcmp (rows, s_top_secret) == 0,
           "the Secretary finds [%s]", rows);
    free (rows);
    int64_t all = SEARCH ("lam-son", SECRETARY, NULL, "limit=0");
    int64_t mat = SEARCH ("lam-son", CLERK, NULL, "limit=0");
    int64_t none = SEARCH ("lam-son", LOW, NULL, "limit=0");
    CHECK (mat == all - 1 && none == all - 2, "listed: %lld by the Secretary, %lld by the clerk, %lld by the"
           " Vice-Chairman", (long long) all, (long long) mat, (long long) none);
    //  The same through the table (a status filter, no words).
    int64_t assigned_all = SEARCH ("lam-son", SECRETARY, NULL, "status=assigned", "limit=0");
    int64_t assigned_none = SEARCH ("lam-son", LOW, NULL, "status=assigned", "limit=0");
    CHECK (assigned_none == assigned_all - 2, "assigned: %lld seen by the Secretary, %lld by the Vice-Chairman",
           (long long) assigned_all, (long long) assigned_none);

    //  The register keeps the number and date of a secret document and
    //  shows nothing else to an officer without clearance.
    r = OK ("lam-son", LOW, "documents.register_book", "book=den-chinh-quyen", "year=2026");
    vp_val_t *row = vp_array_at (vp_map_get (r, "rows"), 6);
    CHECK (row && strcmp (vp_val_get_str (vp_array_at (row, 0)), "07") == 0
           && strcmp (vp_val_get_str (vp_array_at (row, 1)), "26/11/2026") == 0
           && !*vp_val_get_str (vp_array_at (row, 2)) && !*vp_val_get_str (vp_array_at (row, 3))
           && !*vp_val_get_str (vp_array_at (row, 5)) && strstr (vp_val_get_str (vp_array_at (row, 8)), "Mật"),
           "row 07 of the register, for the Vice-Chairman: %s", row ? vp_val_to_json (row) : "none");
    vp_val_destroy (&r);
    r = OK ("lam-son", HEAD, "documents.register_book", "book=den-chinh-quyen", "year=2026");
    row = vp_array_at (vp_map_get (r, "rows"), 6);
    CHECK (row && strcmp (vp_val_get_str (vp_array_at (row, 3)), "88/CAH-ANND") == 0,
           "row 07 of the register, for the office head: %s", row ? vp_val_to_json (row) : "none");
    vp_val_destroy (&r);
    tu_ok ("a secret document is hidden (get not_found, search, register row blank) from an officer without"
           " clearance and shown to one with it; a tối mật one goes to the Secretary");
}


//  --------------------------------------------------------------------------
//  (e) search

static void
s_search_checks (void)
{
    char expected[128], *rows = NULL;
    snprintf (expected, sizeof expected, "%s,%s", s_project, s_plan);
    const char *queries[] = {
        "q=hop nhat van phong", "q=HỢP NHẤT Văn Phòng", "q=hợp nhất văn phòng đảng ủy – chính quyền",
        "q=hop nh van ph", "q=  Hop-nhat,  van/phong  ", NULL
    };
    for (int i = 0; queries[i]; i++) {
        int64_t total = SEARCH ("lam-son", CLERK, &rows, queries[i]);
        CHECK (total == 2 && strcmp (rows, expected) == 0, "%s found %lld: [%s], expected [%s]", queries[i],
               (long long) total, rows, expected);
        free (rows);
    }
    vp_val_t *r = OK ("lam-son", CLERK, "documents.search", "q=hop nhat van phong");
    vp_val_t *first = vp_array_at (vp_map_get (r, "rows"), 0);
    CHECK (strcmp (tu_str (first, "label"), "01/2026") == 0 && strcmp (tu_str (first, "number"), "07-ĐA/HU") == 0
           && strcmp (tu_str (first, "issuer"), "Huyện ủy Đô Lương") == 0 && strcmp (tu_str (first, "type"), "de-an") == 0
           && strstr (tu_str (first, "summary"), "Đề án hợp nhất") && strcmp (tu_str (first, "status"), "assigned") == 0
           && *tu_str (first, "officer") && vp_map_get (first, "deadline") && vp_map_get (first, "overdue"),
           "a row of search: %s", vp_val_to_json (first));
    vp_val_destroy (&r);
    //  Issuer and number are searched too.
    CHECK (SEARCH ("lam-son", CLERK, &rows, "q=07-đa/hu") >= 1 && strstr (rows, s_project), "07-đa/hu: [%s]", rows);
    free (rows);
    CHECK (SEARCH ("lam-son", CLERK, &rows, "q=so tu phap") == 1 && strcmp (rows, s_justice) == 0,
           "so tu phap: [%s]", rows);
    free (rows);
    CHECK (SEARCH ("lam-son", CLERK, &rows, "q=khong co chu nay") == 0 && !*rows, "nonsense finds [%s]", rows);
    free (rows);
    tu_ok ("search without accents, as prefixes, in summary, issuer and number: \"hop nhat van phong\" finds"
           " \"Hợp nhất văn phòng Đảng ủy – Chính quyền\", newest first");

    //  Overdue: a paper of January whose deadline has long passed.
    snprintf (s_late, sizeof s_late, "%s", REGISTER ("lam-son", CLERK, "den-chinh-quyen", 8, 2026,
        "issuer=Phòng Tài chính – Kế hoạch huyện", "number=05/TCKH", "doc_date=02/01/2026", "type=bao-cao",
        "summary=Báo cáo quyết toán ngân sách", "arrived_at=02/01/2026 08:00", "deadline=09/01/2026 17:00"));

    //  Filters, each against what was registered.
    CHECK (SEARCH ("lam-son", CLERK, &rows, "type=de-an") == 1 && strcmp (rows, s_project) == 0, "type: [%s]", rows);
    free (rows);
    CHECK (SEARCH ("lam-son", CLERK, &rows, "q=hop nhat", "type=cong-van") == 1 && strcmp (rows, s_plan) == 0,
           "q and type: [%s]", rows);
    free (rows);
    int64_t party = SEARCH ("lam-son", CLERK, NULL, "book=den-dang", "limit=0");
    CHECK (party == 5, "the clerk sees %lld documents in den-dang, expected 5", (long long) party);
    snprintf (expected, sizeof expected, "%s,%s,%s", s_second, s_project, s_plan);
    CHECK (SEARCH ("lam-son", CLERK, &rows, tu_ms_word ("from", tu_local_ms (2026, 11, 24, 0, 0)),
                   tu_ms_word ("to", tu_local_ms (2026, 11, 25, 0, 0))) == 3 && strcmp (rows, expected) == 0,
           "arrived on 24/11/2026: [%s], expected [%s]", rows, expected);
    free (rows);
    //  Overdue: the paper of January, and whatever else is past its
    //  deadline now (the hỏa tốc one is due the day it came), as the rows
    //  of the whole list say.
    int64_t visible = SEARCH ("lam-son", CLERK, NULL, "limit=0");
    r = OK ("lam-son", CLERK, "documents.search", "limit=200");
    int64_t late = 0;
    for (size_t i = 0; i < vp_val_len (vp_map_get (r, "rows")); i++)
        late += vp_map_bool (vp_array_at (vp_map_get (r, "rows"), i), "overdue", false);
    vp_val_destroy (&r);
    CHECK (SEARCH ("lam-son", CLERK, &rows, "overdue=true", "limit=200") == late && late >= 1 && strstr (rows, s_late),
           "overdue: [%s], %lld rows say overdue", rows, (long long) late);
    free (rows);
    CHECK (SEARCH ("lam-son", CLERK, NULL, "overdue=false", "limit=0") == visible - late, "not overdue");
    CHECK (SEARCH ("lam-son", CLERK, &rows, "q=quyet toan", "overdue=true") == 1 && strcmp (rows, s_late) == 0,
           "words and overdue: [%s]", rows);
    free (rows);
    CHECK (SEARCH ("lam-son", CLERK, NULL, "q=quyet toan", "status=done", "limit=0") == 0, "words and status");
    r = s_get (__LINE__, "lam-son", CLERK, s_plan);
    char assignee[80];
    snprintf (assignee, sizeof assignee, "assignee=%s", tu_str (r, "officer"));
    vp_val_destroy (&r);
    int64_t mine = SEARCH ("lam-son", CLERK, &rows, assignee, "limit=200");
    CHECK (mine >= 1 && strstr (rows, s_plan), "%s: %lld [%s]", assignee, (long long) mine, rows);
    free (rows);
    CHECK (SEARCH ("lam-son", CLERK, NULL, "assignee=" LOW, "limit=0") == 0, "the Vice-Chairman has documents");
    CHECK (SEARCH ("lam-son", CLERK, NULL, "status=assigned", "limit=0") == visible,
           "not every visible document is assigned");
    tu_ok ("filters: type, book, arrival range, status, assignee, overdue, alone and with words");

    //  Paging: pages of 4 make the whole list, newest first, none twice.
    r = OK ("lam-son", CLERK, "documents.search", "limit=200");
    vp_val_t *list = vp_map_get (r, "rows");
    CHECK ((int64_t) vp_val_len (list) == visible && vp_map_int (r, "total", 0) == visible,
           "one page of 200 holds %zu of %lld", vp_val_len (list), (long long) visible);
    for (size_t i = 1; i < vp_val_len (list); i++)
        CHECK (vp_map_int (vp_array_at (list, i - 1), "arrived_at", 0) >= vp_map_int (vp_array_at (list, i), "arrived_at", 0),
               "row %zu arrived after row %zu", i, i - 1);
    char *whole = tu_join (list, "document");
    char *pages = strdup ("");
    for (int64_t offset = 0; offset < visible; offset += 4) {
        char word[32];
        snprintf (word, sizeof word, "offset=%lld", (long long) offset);
        CHECK (SEARCH ("lam-son", CLERK, &rows, "limit=4", word) == visible, "a page's total");
        char *longer = zsys_sprintf ("%s%s%s", pages, *pages ? "," : "", rows);
        free (pages);
        free (rows);
        pages = longer;
    }
    CHECK (strcmp (pages, whole) == 0, "pages [%s] are not the list [%s]", pages, whole);
    CHECK (SEARCH ("lam-son", CLERK, &rows, "limit=4", "offset=1000") == visible && !*rows, "past the end: [%s]", rows);
    free (rows);
    free (pages);
    free (whole);
    vp_val_destroy (&r);
    REFUSED (VP_E_INVALID_ARGUMENT, "to", "to|from", "lam-son", CLERK, "documents.search",
             "from=25/11/2026", "to=24/11/2026");
    REFUSED (VP_E_INVALID_ARGUMENT, "args.limit", "limit|500", "lam-son", CLERK, "documents.search", "limit=500");
    tu_ok ("paging: %lld documents in pages of 4, newest first, each once", (long long) visible);
}


//  --------------------------------------------------------------------------
//  (f) the register

static void
s_register_book (void)
{
    vp_val_t *r = OK ("lam-son", CLERK, "documents.register_book", "book=den-chinh-quyen", "year=2026");
    char *columns = tu_join (vp_map_get (r, "columns"), NULL);
    CHECK (strcmp (columns, "Số đến,Ngày đến,Tác giả,Số, ký hiệu,Ngày tháng văn bản,"
                            "Tên loại và trích yếu nội dung,Đơn vị hoặc người nhận,Ký nhận,Ghi chú") == 0,
           "columns: %s", columns);
    free (columns);
    vp_val_t *rows = vp_map_get (r, "rows");
    CHECK (vp_val_len (rows) == 8, "the 2026 state register holds %zu rows, expected 8", vp_val_len (rows));
    for (size_t i = 0; i < vp_val_len (rows); i++) {
        char n[32];
        snprintf (n, sizeof n, "%02zu", i + 1);
        CHECK (vp_val_len (vp_array_at (rows, i)) == 9
               && strcmp (vp_val_get_str (vp_array_at (vp_array_at (rows, i), 0)), n) == 0,
               "row %zu: %s", i, vp_val_to_json (vp_array_at (rows, i)));
    }
    vp_val_t *plan = s_get (__LINE__, "lam-son", CLERK, s_plan);
    char receiver[420];
    snprintf (receiver, sizeof receiver, "%s / %s", tu_str (plan, "post_title"), tu_str (plan, "officer_name"));
    vp_val_destroy (&plan);
    const char *expected[] = {
        "01", "24/11/2026", "UBND huyện Đô Lương", "45/UBND-VP", "20/11/2026",
        "Công văn: Hợp nhất văn phòng Đảng ủy – Chính quyền xã: bàn giao hồ sơ, con dấu", receiver, "", ""
    };
    vp_val_t *row = vp_array_at (rows, 0);
    for (int i = 0; i < 9; i++)
        CHECK (strcmp (vp_val_get_str (vp_array_at (row, (size_t) i)), expected[i]) == 0,
               "column %d of row 01 is \"%s\", expected \"%s\"", i + 1,
               vp_val_get_str (vp_array_at (row, (size_t) i)), expected[i]);
    //  Hỏa tốc: the time of arrival is recorded, and the note says so.
    row = vp_array_at (rows, 2);
    CHECK (strcmp (vp_val_get_str (vp_array_at (row, 1)), "25/11/2026 08:30") == 0
           && strstr (vp_val_get_str (vp_array_at (row, 8)), "Hỏa tốc"),
           "row 03 (hỏa tốc): %s", vp_val_to_json (row));
    //  The late paper of 31/12 is 06, the one of January 08.
    CHECK (strcmp (vp_val_get_str (vp_array_at (vp_array_at (rows, 5), 1)), "31/12/2026") == 0
           && strcmp (vp_val_get_str (vp_array_at (vp_array_at (rows, 7), 1)), "02/01/2026") == 0,
           "rows 06 and 08: %s", vp_val_to_json (rows));
    vp_val_destroy (&r);
    r = OK ("lam-son", CLERK, "documents.register_book", "book=den-chinh-quyen", "year=2027");
    CHECK (vp_val_len (vp_map_get (r, "rows")) == 3, "the 2027 register holds %zu rows",
           vp_val_len (vp_map_get (r, "rows")));
    vp_val_destroy (&r);
    REFUSED (VP_E_NOT_FOUND, "book", "so-la|lam-son", "lam-son", CLERK, "documents.register_book",
             "book=so-la", "year=2026");
    tu_ok ("register_book: the register's nine columns in order, one row per document by arrival number");
}


//  --------------------------------------------------------------------------
//  (g) invitations, attachments, comments and history

static vp_val_t *
s_invitation_args (int64_t start, int64_t end, const char *number)
{
    vp_val_t *args = vp_val_map ();
    vp_map_put_str (args, "issuer", "UBND huyện Đô Lương");
    vp_map_put_str (args, "number", number);
    vp_map_put_int (args, "doc_date", tu_local_ms (2026, 11, 25, 0, 0));
    vp_map_put_str (args, "type", "giay-moi");
    vp_map_put_str (args, "summary", "Mời dự hội nghị triển khai hợp nhất văn phòng");
    vp_map_put_int (args, "arrived_at", tu_local_ms (2026, 11, 26, 16, 0));
    if (start) {
        vp_val_t *meeting = vp_val_map ();
        vp_map_put_int (meeting, "start", start);
        vp_map_put_int (meeting, "end", end);
        vp_map_put_str (meeting, "place", "Hội trường UBND huyện");
        vp_val_t *posts = vp_val_array ();
        vp_array_push (posts, vp_val_str ("chu-tich-ubnd"));
        vp_map_put (meeting, "invited_posts", posts);
        vp_map_put (args, "meeting", meeting);
    }
    return args;
}

static void
s_invitation (void)
{
    tu_refused_args (__LINE__, VP_E_INVALID_ARGUMENT, "meeting", "meeting|giay-moi", s_cli, "lam-son", CLERK,
                     "documents.register", s_invitation_args (0, 0, "30/GM-UBND"));
    tu_refused_args (__LINE__, VP_E_INVALID_ARGUMENT, "meeting.end", "meeting.end|30/11/2026 08:00|30/11/2026 11:00",
                     s_cli, "lam-son", CLERK, "documents.register",
                     s_invitation_args (tu_local_ms (2026, 11, 30, 11, 0), tu_local_ms (2026, 11, 30, 8, 0),
                                        "30/GM-UBND"));
    vp_val_t *r = s_ok_val (__LINE__, "lam-son", CLERK, "documents.register",
                            s_invitation_args (tu_local_ms (2026, 11, 30, 8, 0), tu_local_ms (2026, 11, 30, 11, 0),
                                               "30/GM-UBND"));
    vp_val_t *meeting = vp_map_get (r, "meeting");
    CHECK (meeting && vp_map_int (meeting, "start", 0) == tu_local_ms (2026, 11, 30, 8, 0)
           && strcmp (tu_str (meeting, "place"), "Hội trường UBND huyện") == 0
           && vp_val_len (vp_map_get (meeting, "invited_posts")) == 1,
           "the invitation's meeting: %s", meeting ? vp_val_to_json (meeting) : "none");
    char document[32];
    snprintf (document, sizeof document, "%s", tu_str (r, "document"));
    vp_val_destroy (&r);
    r = s_get (__LINE__, "lam-son", HEAD, document);
    CHECK (strcmp (tu_str (vp_map_get (r, "meeting"), "place"), "Hội trường UBND huyện") == 0,
           "get shows the meeting: %s", vp_val_to_json (r));
    vp_val_destroy (&r);
    tu_ok ("an invitation without its meeting is refused naming `meeting`; its end must follow its start");
}

static vp_val_t *
s_attachment_args (const char *number, const char *name, const char *content, size_t size)
{
    vp_val_t *args = vp_val_map ();
    vp_map_put_str (args, "issuer", "Phòng Nội vụ huyện Đô Lương");
    vp_map_put_str (args, "number", number);
    vp_map_put_int (args, "doc_date", tu_local_ms (2026, 11, 25, 0, 0));
    vp_map_put_str (args, "type", "cong-van");
    vp_map_put_str (args, "summary", "Gửi mẫu biểu thống kê cán bộ");
    vp_map_put_int (args, "arrived_at", tu_local_ms (2026, 11, 27, 8, 0));
    vp_val_t *list = vp_val_array ();
    vp_val_t *file = vp_val_map ();
    vp_map_put_str (file, "name", name);
    vp_map_put (file, "content", vp_val_bin (content, size));
    vp_array_push (list, file);
    vp_map_put (args, "attachments", list);
    return args;
}

static void
s_attachments (tu_stack_t *stack)
{
    char *content = NULL;
    size_t size = tu_pdf_bytes ("Mẫu biểu thống kê cán bộ, công chức cấp xã", 2, &content);
    vp_val_t *a = s_ok_val (__LINE__, "lam-son", CLERK, "documents.register",
                            s_attachment_args ("70/NV", "mau-bieu.pdf", content, size));
    vp_val_t *b = s_ok_val (__LINE__, "lam-son", CLERK, "documents.register",
                            s_attachment_args ("71/NV", "ban-sao.pdf", content, size));
    vp_val_t *ra = vp_array_at (vp_map_get (a, "attachments"), 0);
    vp_val_t *rb = vp_array_at (vp_map_get (b, "attachments"), 0);
    char sha[80];
    snprintf (sha, sizeof sha, "%s", tu_str (ra, "sha256"));
    CHECK (strlen (sha) == 64 && strcmp (sha, tu_str (rb, "sha256")) == 0
           && strcmp (tu_str (ra, "name"), "mau-bieu.pdf") == 0 && strcmp (tu_str (rb, "name"), "ban-sao.pdf") == 0
           && vp_map_int (ra, "size", 0) == (int64_t) size && vp_map_int (ra, "pages", 0) == 2,
           "attachments: %s and %s", vp_val_to_json (ra), vp_val_to_json (rb));
    char dir[1200], path[1300];
    snprintf (dir, sizeof dir, "%s/data/attachments", stack->bus.dir);
    snprintf (path, sizeof path, "%s/%s", dir, sha);
    struct stat st;
    CHECK (stat (path, &st) == 0 && st.st_size == (off_t) size, "%s is not the file", path);
    int files = 0;
    DIR *folder = opendir (dir);
    for (struct dirent *entry = folder ? readdir (folder) : NULL; entry; entry = readdir (folder))
        if (entry->d_name[0] != '.' || (strcmp (entry->d_name, ".") && strcmp (entry->d_name, "..")))
            files++;
    if (folder)
        closedir (folder);
    CHECK (files == 1, "%d files in %s for two identical attachments", files, dir);
    CHECK (vp_map_int (a, "pages", 0) == 2, "the clerk left the pages empty: the file's 2 (%lld)",
           (long long) vp_map_int (a, "pages", 0));
    vp_val_destroy (&a);
    vp_val_destroy (&b);
    //  the clerk's count is kept
    vp_val_t *args = s_attachment_args ("73/NV", "mau-bieu.pdf", content, size);
    vp_map_put_int (args, "pages", 5);
    a = s_ok_val (__LINE__, "lam-son", CLERK, "documents.register", args);
    CHECK (vp_map_int (a, "pages", 0) == 5, "the clerk's 5 pages are kept (%lld)", (long long) vp_map_int (a, "pages", 0));
    vp_val_destroy (&a);
    //  a PDF poppler cannot open: refused naming the file, nothing registered
    const char broken[] = "%PDF-1.4 Mẫu biểu nhưng không phải PDF thật";
    tu_refused_args (__LINE__, VP_E_INVALID_ARGUMENT, "attachments[0].content", "Tệp \"hong.pdf\" không mở được như một tệp PDF", s_cli,
                     "lam-son", CLERK, "documents.register",
                     s_attachment_args ("74/NV", "hong.pdf", broken, sizeof broken - 1));
    tu_refused_args (__LINE__, VP_E_INVALID_ARGUMENT, "attachments[0].name", "../etc/passwd", s_cli, "lam-son",
                     CLERK, "documents.register", s_attachment_args ("72/NV", "../etc/passwd", content, size));
    tu_refused_args (__LINE__, VP_E_INVALID_ARGUMENT, "attachments[0].content", "empty.pdf", s_cli, "lam-son",
                     CLERK, "documents.register", s_attachment_args ("72/NV", "empty.pdf", "", 0));
    free (content);
    tu_ok ("two documents with the same file: one file, %s", sha);
}

static void
s_comments (void)
{
    vp_val_t *r = OK ("lam-son", HEAD, "documents.comment", s_doc (s_plan),
                      "text=Đề nghị đồng chí Công chuẩn bị hồ sơ bàn giao");
    CHECK (strcmp (tu_str (r, "actor"), HEAD) == 0, "comment by %s", tu_str (r, "actor"));
    vp_val_destroy (&r);
    tu_drop (OK ("lam-son", CLERK, "documents.comment", s_doc (s_plan), "text=Đã nhận, đang chuẩn bị"));
    REFUSED (VP_E_INVALID_ARGUMENT, "text", "text", "lam-son", CLERK, "documents.comment", s_doc (s_plan), "text= – ");
    REFUSED (VP_E_NOT_FOUND, "document", "d-999", "lam-son", CLERK, "documents.comment", s_doc ("d-999"), "text=Hỏi");
    r = s_get (__LINE__, "lam-son", LOW, s_plan);
    vp_val_t *comments = vp_map_get (r, "comments");
    CHECK (vp_val_len (comments) == 2
           && strcmp (tu_str (vp_array_at (comments, 0), "text"), "Đề nghị đồng chí Công chuẩn bị hồ sơ bàn giao") == 0
           && strcmp (tu_str (vp_array_at (comments, 0), "actor_name"), "Phan Thị Mẫu Trưởng") == 0
           && strcmp (tu_str (vp_array_at (comments, 1), "actor"), CLERK) == 0,
           "comments: %s", vp_val_to_json (comments));
    char *steps = tu_join (vp_map_get (r, "history"), "step");
    CHECK (strcmp (steps, "registered,assigned,comment,comment") == 0, "history: %s", steps);
    free (steps);
    CHECK (strcmp (tu_str (r, "type_name"), "Công văn") == 0 && strcmp (tu_str (r, "label"), "01/2026") == 0
           && strcmp (tu_str (r, "registered_by"), CLERK) == 0 && vp_map_get (r, "deadline")
           && vp_map_int (r, "doc_date", 0) == tu_local_ms (2026, 11, 20, 0, 0)
           && vp_map_int (r, "arrived_at", 0) == tu_local_ms (2026, 11, 24, 8, 0),
           "get: %s", vp_val_to_json (r));
    vp_val_destroy (&r);
    r = OK ("lam-son", CLERK, "documents.history", s_doc (s_plan));
    steps = tu_join (vp_map_get (r, "history"), "step");
    CHECK (strcmp (steps, "registered,assigned,comment,comment") == 0 && *tu_str (vp_array_at (vp_map_get (r, "history"), 0), "detail"),
           "documents.history: %s", steps);
    free (steps);
    vp_val_destroy (&r);
    tu_ok ("comments and history read back in order, with who and when");
}


//  --------------------------------------------------------------------------
//  (h) refusals, and the bus

static void
s_refusals (void)
{
    REFUSED (VP_E_INVALID_ARGUMENT, "deadline", "deadline|20/11/2026", "lam-son", CLERK, "documents.register",
             "issuer=UBND huyện", "number=80/UBND", "doc_date=20/11/2026", "type=cong-van", "summary=Thử",
             "arrived_at=24/11/2026 08:00", "deadline=20/11/2026");
    REFUSED (VP_E_INVALID_ARGUMENT, "summary", "summary", "lam-son", CLERK, "documents.register",
             "issuer=UBND huyện", "number=80/UBND", "doc_date=20/11/2026", "type=cong-van", "summary= – ",
             "arrived_at=24/11/2026 08:00");
    REFUSED (VP_E_INVALID_ARGUMENT, "args.type", "type|cong-van-den", "lam-son", CLERK, "documents.register",
             "issuer=UBND huyện", "number=80/UBND", "doc_date=20/11/2026", "type=cong-van-den", "summary=Thử");
    REFUSED (VP_E_NOT_FOUND, "document", "d-999|lam-son", "lam-son", CLERK, "documents.get", s_doc ("d-999"));
    tu_ok ("every refusal names the field and the value");
}

//  Every documents.registered and documents.commented reached the bus.
static void
s_bus (tu_stack_t *stack)
{
    vp_cmdcli_t *bus = tu_stack_client (stack, "bus");
    vp_err_t err = { 0 };
    int registered = 0, assigned = 0, commented = 0;
    for (int attempt = 0; attempt < 300; attempt++) {
        registered = assigned = commented = 0;
        vp_val_t *request = vp_val_map (), *reply = NULL;
        vp_map_put_str (request, "stream", "documents");
        vp_map_put_int (request, "from", 1);
        vp_map_put_int (request, "limit", 10000);
        TU_CHECK (vp_cmdcli_request (bus, request, TU_TIMEOUT, &reply, &err) == 0, "replay: %s", err.message);
        vp_val_t *events = vp_map_get (reply, "events");
        for (size_t i = 0; i < vp_val_len (events); i++) {
            vp_val_t *env = vp_array_at (events, i);
            const char *type = tu_str (env, "type");
            if (strcmp (type, "documents.registered") == 0) {
                registered++;
                const vp_val_t *data = vp_map_get (env, "data");
                TU_CHECK (vp_map_int (data, "arrival_number", 0) > 0 && *tu_str (env, "tenant")
                          && strchr (tu_str (env, "actor"), '-'), "event: %s", vp_val_to_json (env));
            }
            assigned += strcmp (type, "documents.assigned") == 0;
            commented += strcmp (type, "documents.commented") == 0;
        }
        vp_val_destroy (&reply);
        if (registered >= s_registered && commented >= s_commented)
            break;
        tu_sleep_ms (100);
    }
    vp_cmdcli_destroy (&bus);
    CHECK (registered == s_registered && assigned >= s_registered && commented == s_commented,
           "the bus has %d registered, %d assigned, %d commented; expected %d, %d, %d", registered, assigned,
           commented, s_registered, s_registered, s_commented);
    tu_ok ("the bus holds every registration (%d), its assignment and every comment (%d)", registered, commented);
}

int
main (void)
{
    vp_log_init ("test_documents", "warn", NULL);
    tu_stack_t stack;
    tu_stack_start (&stack, "documents", true);
    //  The papers below arrived from January 2026 to 03/01/2027 09:00 (the
    //  turn of the year is numbered too): the clerk registers them after.
    tu_stack_set_clock (&stack, tu_local_ms (2027, 1, 3, 10, 0));
    s_cli = tu_stack_client (&stack, "documents");
    s_numbers ();
    s_books ();
    s_concurrent (&stack);
    s_duplicate ();
    s_tenants ();
    s_secrecy ();
    s_search_checks ();
    s_register_book ();
    s_invitation ();
    s_attachments (&stack);
    s_comments ();
    s_refusals ();
    s_bus (&stack);
    vp_cmdcli_destroy (&s_cli);
    tu_stack_stop (&stack);
    printf ("test_documents: %d checks passed\n", tu_checks);
    return 0;
}
