/*  test_web_search - /tim-kiem sorted and filtered, over HTTP.

    vp-bus, vp-staffing, vp-documents, vp-calendar, vp-notify and vp-web,
    the demo district, the
    injected clock (01/12/2026 08:00). The clerk of Lam Sơn has registered
    25 documents, arriving one a day from 01/11/2026, each with its own
    document date, number and deadline; the clerk searches on /tim-kiem.
    Checks that:
      (a) every field of the search form has a label;
      (b) sorted by arrival, document date, deadline and number, ascending
          and descending, the rows come in that order; the second page
          (its link keeps the sort and the filters) goes on where the first
          ended, nothing twice;
      (c) an arrival period (dd/mm/yyyy, both days included) gives the
          documents of those days only; a malformed or impossible day, or a
          period that ends before it starts, is refused (400) naming the
          field and the value, in Vietnamese;
      (d) "overdue only" gives the overdue documents only; the assignee
          filter gives that officer's documents only, sorted too.
*/
#include <string.h>
#include "test_web_util.h"

#define TENANT "lam-son"
#define CLERK "ls-nguyen-van-cong"
#define PASSWORD "Mat-khau-du-dai-2026"
#define N 25
#define DAY (24LL * 3600 * 1000)

typedef struct {
    char id[40];
    int64_t arrived, doc_date, deadline;
    int number;
    char officer[64];
    bool overdue;
} s_doc_t;

static tu_stack_t s_stack;
static s_doc_t s_docs[N];

static const s_doc_t *
s_find (const char *id)
{
    for (int i = 0; i < N; i++)
        if (strcmp (s_docs[i].id, id) == 0)
            return &s_docs[i];
    return NULL;
}

//  The documents of a result page, in the order shown.
static int
s_rows (const tw_answer_t *a, const s_doc_t *out[], int max)
{
    int n = 0;
    const char *at = strstr (a->body, "<tbody>");
    while (at && n < max && (at = strstr (at, "<td><a href=\"/van-ban/"))) {
        at += strlen ("<td><a href=\"/van-ban/");
        char id[40];
        snprintf (id, sizeof id, "%.*s", (int) strcspn (at, "\""), at);
        const s_doc_t *d = s_find (id);
        TU_CHECK (d, "a row of a document not of this test: %s", id);
        out[n++] = d;
    }
    return n;
}

static int64_t
s_key (const s_doc_t *d, const char *sort)
{
    if (!strcmp (sort, "doc_date")) return d->doc_date;
    if (!strcmp (sort, "deadline")) return d->deadline;
    if (!strcmp (sort, "number")) return d->number;
    return d->arrived;
}

//  Are the rows in this order (ties by arrival, the same way)?
static bool
s_sorted (const s_doc_t *rows[], int n, const char *sort, bool asc)
{
    for (int i = 1; i < n; i++) {
        int64_t a = s_key (rows[i - 1], sort), b = s_key (rows[i], sort);
        if (a == b)
            a = rows[i - 1]->arrived, b = rows[i]->arrived;
        if (asc ? a > b : a < b)
            return false;
    }
    return true;
}

//  The link to the next page, as the page gives it (&amp; read back).
static bool
s_next_link (const tw_answer_t *a, char *out, size_t size)
{
    const char *at = strstr (a->body, "\">Trang sau »");
    if (!at)
        return false;
    const char *start = at;
    while (start > a->body && strncmp (start, "href=\"", 6))
        start--;
    start += 6;
    size_t k = 0;
    for (const char *p = start; p < at && k + 1 < size; p++) {
        if (!strncmp (p, "&amp;", 5)) {
            out[k++] = '&';
            p += 4;
        }
        else
            out[k++] = *p;
    }
    out[k] = 0;
    return true;
}

static void
s_register (vp_cmdcli_t *cli)
{
    for (int i = 0; i < N; i++) {
        s_doc_t *d = &s_docs[i];
        d->arrived = tu_local_ms (2026, 11, 1 + i, 9, 0);
        d->doc_date = tu_local_ms (2026, 10, 1 + (i * 7) % N, 0, 0);
        d->number = 1 + (i * 11) % N;
        d->deadline = d->arrived + (1 + (i * 13) % N) * DAY;
        char number[40];
        snprintf (number, sizeof number, "%d/UBND-VP", d->number);
        vp_val_t *args = vp_val_map ();
        vp_map_put_str (args, "issuer", "UBND huyện Đô Lương");
        vp_map_put_str (args, "number", number);
        vp_map_put_int (args, "doc_date", d->doc_date);
        vp_map_put_str (args, "type", "cong-van");
        vp_map_put (args, "summary", vp_val_strf ("Về việc sắp xếp hồ sơ đợt %d", i + 1));
        vp_map_put_int (args, "arrived_at", d->arrived);
        vp_map_put_int (args, "deadline", d->deadline);
        vp_val_t *r = tu_ok_args (__LINE__, cli, TENANT, CLERK, "documents.register", args);
        snprintf (d->id, sizeof d->id, "%s", tu_str (r, "document"));
        snprintf (d->officer, sizeof d->officer, "%s", vp_map_str (r, "officer") ? vp_map_str (r, "officer") : "");
        d->overdue = *d->officer && d->deadline < TU_CLOCK_START;
        vp_val_destroy (&r);
    }
}

int
main (void)
{
    //  calendar and notify too: signing in opens "Việc của tôi", which asks them
    tu_stack_opts_t opts = { .demo = true,
                             .services = (const char *const[]) { "staffing", "documents", "calendar", "notify", NULL } };
    tu_stack_start_opts (&s_stack, "web-search", &opts);
    tu_stack_set_password (&s_stack, TENANT, CLERK, PASSWORD);
    vp_cmdcli_t *cli = tu_stack_client (&s_stack, "documents");
    s_register (cli);
    vp_cmdcli_destroy (&cli);
    pid_t web = 0;
    int port = tw_start (&s_stack, &web);
    tw_browser_t clerk = { .port = port };
    CHECK (tw_login (&clerk, TENANT, CLERK, PASSWORD) == 303, "the clerk signs in");

    //  (a) labels
    tw_answer_t a = tw_get (&clerk, "/tim-kiem");
    CHECK (a.status == 200, "the search page (%d)", a.status);
    const char *form = strstr (a.body, "<form method=\"get\" action=\"/tim-kiem\"");
    const char *end = form ? strstr (form, "</form>") : NULL;
    TU_CHECK (form && end, "the search form");
    int fields = 0;
    for (const char *at = form; (at = strstr (at, " id=\"")) && at < end; at += 5) {
        char id[64], label[80];
        snprintf (id, sizeof id, "%.*s", (int) strcspn (at + 5, "\""), at + 5);
        snprintf (label, sizeof label, "<label for=\"%s\">", id);
        CHECK (strstr (form, label) && strstr (form, label) < end, "the field %s has a label", id);
        fields++;
    }
    CHECK (fields >= 8, "%d fields, each labelled (and the checkbox inside its label)", fields);
    CHECK (strstr (form, "Sắp xếp theo") && strstr (form, "Người xử lý") && strstr (form, "Đến từ ngày"),
           "sort, assignee and period are in the form");
    tw_free (&a);

    //  (b) every sort, both ways, over two pages
    const char *sorts[] = { "arrived", "doc_date", "deadline", "number" };
    const char *orders[] = { "asc", "desc" };
    for (int s = 0; s < 4; s++)
        for (int k = 0; k < 2; k++) {
            char path[300];
            snprintf (path, sizeof path, "/tim-kiem?q=sap+xep&sap-xep=%s&thu-tu=%s", sorts[s], orders[k]);
            a = tw_get (&clerk, path);
            const s_doc_t *rows[2 * N];
            int n = s_rows (&a, rows, N);
            char next[600] = "";
            bool linked = s_next_link (&a, next, sizeof next);
            CHECK (a.status == 200 && strstr (a.body, "25 văn bản") && n == 20 && linked
                   && strstr (next, sorts[s]) && strstr (next, orders[k]),
                   "%s %s: 25 documents, 20 on the first page, a link to the next keeping the order: %s",
                   sorts[s], orders[k], next);
            tw_free (&a);
            a = tw_get (&clerk, next);
            n += s_rows (&a, rows + n, N);
            tw_free (&a);
            bool twice = false;
            for (int i = 0; i < n; i++)
                for (int j = i + 1; j < n; j++)
                    twice |= rows[i] == rows[j];
            CHECK (n == N && !twice && s_sorted (rows, n, sorts[s], !strcmp (orders[k], "asc")),
                   "sorted by %s %s across both pages, each document once (%d rows)", sorts[s], orders[k], n);
        }

    //  (c) an arrival period, and bad days
    a = tw_get (&clerk, "/tim-kiem?tu-ngay=05%2F11%2F2026&den-ngay=10%2F11%2F2026&sap-xep=arrived&thu-tu=asc");
    const s_doc_t *rows[N];
    int n = s_rows (&a, rows, N);
    CHECK (a.status == 200 && n == 6 && rows[0] == &s_docs[4] && rows[5] == &s_docs[9] && strstr (a.body, "6 văn bản"),
           "arrived 05/11/2026 to 10/11/2026, both included: 6 documents (%d)", n);
    tw_free (&a);
    struct { const char *query, *says; } bad[] = {
        { "tu-ngay=31%2F02%2F2026", "Đến từ ngày &quot;31/02/2026&quot; không phải một ngày dd/mm/yyyy." },
        { "den-ngay=2026-11-05", "Đến hết ngày &quot;2026-11-05&quot; không phải một ngày dd/mm/yyyy." },
        { "tu-ngay=5%2F11%2F2026", "Đến từ ngày &quot;5/11/2026&quot; không phải một ngày dd/mm/yyyy." },
        { "tu-ngay=10%2F11%2F2026&den-ngay=05%2F11%2F2026",
          "Đến hết ngày &quot;05/11/2026&quot; ở trước Đến từ ngày &quot;10/11/2026&quot;." },
    };
    for (int i = 0; i < 4; i++) {
        char path[300];
        snprintf (path, sizeof path, "/tim-kiem?%s", bad[i].query);
        a = tw_get (&clerk, path);
        CHECK (a.status == 400 && strstr (a.body, bad[i].says) && !strstr (a.body, "<tbody>"),
               "%s is refused, naming the field and the value (%d)", bad[i].query, a.status);
        tw_free (&a);
    }

    //  (d) overdue only; one officer's
    int overdue = 0;
    for (int i = 0; i < N; i++)
        overdue += s_docs[i].overdue;
    a = tw_get (&clerk, "/tim-kiem?overdue=true&sap-xep=deadline&thu-tu=asc");
    n = s_rows (&a, rows, N);
    bool all_late = true;
    for (int i = 0; i < n; i++)
        all_late &= rows[i]->overdue;
    CHECK (a.status == 200 && overdue > 0 && n == overdue && all_late && s_sorted (rows, n, "deadline", true),
           "overdue only: the %d overdue documents, by deadline (%d rows)", overdue, n);
    tw_free (&a);
    const char *officer = s_docs[0].officer;
    TU_CHECK (*officer, "the demo routes a công văn to someone");
    int his = 0;
    for (int i = 0; i < N; i++)
        his += !strcmp (s_docs[i].officer, officer);
    char path[300];
    snprintf (path, sizeof path, "/tim-kiem?nguoi-xu-ly=%s&sap-xep=number&thu-tu=desc", officer);
    a = tw_get (&clerk, path);
    n = s_rows (&a, rows, N);
    bool all_his = true;
    for (int i = 0; i < n; i++)
        all_his &= !strcmp (rows[i]->officer, officer);
    char selected[120];
    snprintf (selected, sizeof selected, "<option value=\"%s\" selected>", officer);
    CHECK (a.status == 200 && n == (his < 20 ? his : 20) && all_his && s_sorted (rows, n, "number", false)
           && strstr (a.body, selected),
           "%s's documents only (%d of %d), by number descending, the officer kept selected", officer, n, his);
    tw_free (&a);

    tw_stop (web);
    tu_stack_stop (&s_stack);
    printf ("test_web_search: %d checks passed\n", tu_checks);
    return 0;
}
