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
          filter gives that officer's documents only, sorted too;
      (e) the columns shown (Cột hiển thị, Decree 30 App. VI III.6.đ):
          number, summary and deadline chosen (asked out of order), the
          table is headed by exactly those three, in the register's order,
          each row three cells; the next page's link, another sort and a
          search saved with them keep them, and one saved with none
          reopens in the page's own columns; the PDF of the results has
          those headings and no other; an unknown column (ngay-ky) is
          refused (400) naming the parameter and the value, on the page
          and for the export.
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

//  An attribute's value from start up to its closing quote (&amp; read back).
static void
s_unescape (const char *start, char *out, size_t size)
{
    size_t k = 0;
    for (const char *p = start; *p && *p != '"' && k + 1 < size; p++) {
        if (!strncmp (p, "&amp;", 5)) {
            out[k++] = '&';
            p += 4;
        }
        else
            out[k++] = *p;
    }
    out[k] = 0;
}

//  The link whose text follows it (marker: "\">Trang sau »"), as the page
//  gives it.
static bool
s_link_to (const tw_answer_t *a, const char *marker, char *out, size_t size)
{
    const char *at = a->body ? strstr (a->body, marker) : NULL;
    if (!at)
        return false;
    const char *start = at;
    while (start > a->body && strncmp (start, "href=\"", 6))
        start--;
    s_unescape (start + 6, out, size);
    return true;
}

//  The link to the next page.
static bool
s_next_link (const tw_answer_t *a, char *out, size_t size)
{
    return s_link_to (a, "\">Trang sau »", out, size);
}

//  The headings of the results' table, "|"-joined, and the cells of its
//  first row.
static int
s_headings (const tw_answer_t *a, char *out, size_t size)
{
    *out = 0;
    const char *head = a->body ? strstr (a->body, "<thead><tr>") : NULL;
    const char *end = head ? strstr (head, "</tr></thead>") : NULL;
    for (const char *at = head; at && end && (at = strstr (at, "<th>")) && at < end; at += 4) {
        size_t used = strlen (out);
        snprintf (out + used, size - used, "%s%.*s", used ? "|" : "", (int) (strstr (at, "</th>") - at - 4), at + 4);
    }
    const char *row = end ? strstr (end, "<tr") : NULL;
    const char *row_end = row ? strstr (row, "</tr>") : NULL;
    int cells = 0;
    for (const char *at = row; at && row_end && (at = strstr (at, "<td")) && at < row_end; at += 3)
        cells++;
    return cells;
}

//  Text without white space: pdftotext breaks a cell's words over lines.
static char *
s_squeeze (const char *text)
{
    char *out = strdup (text ? text : "");
    size_t k = 0;
    for (const char *p = out; *p; p++)
        if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r' && *p != '\f')
            out[k++] = *p;
    out[k] = 0;
    return out;
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

    //  (e) the columns shown
    const char *three = "Số, ký hiệu|Trích yếu|Hạn xử lý";
    char heads[400];
    a = tw_get (&clerk, "/tim-kiem?q=sap+xep&sap-xep=number&thu-tu=asc&cot=summary&cot=deadline&cot=number");
    int cells = s_headings (&a, heads, sizeof heads);
    n = s_rows (&a, rows, N);
    CHECK (a.status == 200 && !strcmp (heads, three) && cells == 3, "number, summary, deadline: headed %s, %d cells "
           "a row (%d)", heads, cells, a.status);
    char cell[120];
    snprintf (cell, sizeof cell, "\">%d/UBND-VP</a></td><td>Về việc sắp xếp hồ sơ đợt ", rows[0]->number);
    CHECK (n == 20 && rows[0]->number == 1 && s_sorted (rows, n, "number", true) && strstr (a.body, cell),
           "by number ascending, the first cell the number (opening the document), then the summary");
    CHECK (strstr (a.body, "name=\"cot\" value=\"number\" checked>") && strstr (a.body, "name=\"cot\" value=\"summary\" checked>")
           && strstr (a.body, "name=\"cot\" value=\"deadline\" checked>") && strstr (a.body, "name=\"cot\" value=\"issuer\">")
           && strstr (a.body, "<legend>Cột hiển thị"), "the chooser keeps the three checked, the others not");
    char next[600] = "", export[600] = "";
    s_next_link (&a, next, sizeof next);
    const char *action = strstr (a.body, "action=\"/tim-kiem/xuat?");
    if (action)
        s_unescape (action + strlen ("action=\""), export, sizeof export);
    CHECK (strstr (next, "cot=number&cot=summary&cot=deadline&") && strstr (export, "cot=number&cot=summary&cot=deadline&"),
           "the next page's link and the export carry them: %s, %s", next, export);
    tw_free (&a);
    a = tw_get (&clerk, next);
    cells = s_headings (&a, heads, sizeof heads);
    n = s_rows (&a, rows, N);
    CHECK (a.status == 200 && !strcmp (heads, three) && cells == 3 && n == 5 && rows[0]->number == 21,
           "the second page: the same three columns, numbers 21 on (%s)", heads);
    tw_free (&a);
    a = tw_get (&clerk, "/tim-kiem?q=sap+xep&sap-xep=deadline&thu-tu=desc&cot=number&cot=summary&cot=deadline");
    cells = s_headings (&a, heads, sizeof heads);
    n = s_rows (&a, rows, N);
    CHECK (a.status == 200 && !strcmp (heads, three) && cells == 3 && s_sorted (rows, n, "deadline", false),
           "sorted by deadline instead: the same three (%s)", heads);
    tw_free (&a);

    //  saved with them, and with none
    a = tw_post (&clerk, "/tim-kiem/luu?q=sap+xep&sap-xep=number&thu-tu=asc&cot=number&cot=summary&cot=deadline", true,
                 (const char *const[]) { "ten", "Ba cột", NULL });
    CHECK (a.status == 303, "saved with three columns (%d)", a.status);
    tw_free (&a);
    a = tw_post (&clerk, "/tim-kiem/luu?q=sap+xep&sap-xep=number&thu-tu=asc", true,
                 (const char *const[]) { "ten", "Cột mặc định", NULL });
    CHECK (a.status == 303, "saved with none chosen (%d)", a.status);
    tw_free (&a);
    a = tw_get (&clerk, "/tim-kiem");
    char saved[600] = "", plain[600] = "";
    s_link_to (&a, "\">Ba cột</a>", saved, sizeof saved);
    s_link_to (&a, "\">Cột mặc định</a>", plain, sizeof plain);
    CHECK (strstr (saved, "cot=number&cot=summary&cot=deadline&") && *plain && !strstr (plain, "cot="),
           "listed: one link with its columns, the other with none (%s, %s)", saved, plain);
    tw_free (&a);
    a = tw_get (&clerk, saved);
    cells = s_headings (&a, heads, sizeof heads);
    CHECK (a.status == 200 && !strcmp (heads, three) && cells == 3, "reopened in its three columns (%s)", heads);
    tw_free (&a);
    a = tw_get (&clerk, plain);
    cells = s_headings (&a, heads, sizeof heads);
    CHECK (a.status == 200 && strstr (heads, "Số đến|") && strstr (heads, "Cơ quan ban hành") && cells == 7,
           "the other in the page's own columns (%s)", heads);
    tw_free (&a);

    //  the PDF of those results
    a = tw_post (&clerk, export, true, (const char *const[]) { "dinh-dang", "pdf", NULL });
    CHECK (a.status == 200 && a.size > 4 && !memcmp (a.body, "%PDF", 4), "the results as PDF (%d)", a.status);
    char pdf[1200], cmd[1400];
    snprintf (pdf, sizeof pdf, "%s/tim-kiem.pdf", tu_tmpdir ("web-search-files"));
    FILE *f = fopen (pdf, "wb");
    TU_CHECK (f && fwrite (a.body, 1, a.size, f) == a.size, "cannot write %s", pdf);
    fclose (f);
    tw_free (&a);
    snprintf (cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' -", pdf);
    char *text = tu_output (cmd), *flat = s_squeeze (text);
    CHECK (strstr (flat, "Số,kýhiệu") && strstr (flat, "Tríchyếu") && strstr (flat, "Hạnxửlý")
           && strstr (flat, "1/UBND-VP") && strstr (flat, "Vềviệcsắpxếphồsơđợt"),
           "the PDF has the three headings and their values:\n%.1500s", text);
    CHECK (!strstr (flat, "Cơquanbanhành") && !strstr (flat, "ĐôLương") && !strstr (flat, "Ngườixửlý")
           && !strstr (flat, "Trạngthái") && !strstr (flat, "Sốđến"),
           "and no column not chosen (issuer, officer, status, label):\n%.1500s", text);
    free (flat);
    free (text);

    //  an unknown column
    const char *says = "Cột hiển thị (cot) &quot;ngay-ky&quot; không phải một cột của kết quả tìm kiếm.";
    a = tw_get (&clerk, "/tim-kiem?q=sap+xep&cot=number&cot=ngay-ky");
    CHECK (a.status == 400 && strstr (a.body, says) && !strstr (a.body, "<tbody>"),
           "cot=ngay-ky is refused, naming the parameter and the value (%d)", a.status);
    tw_free (&a);
    a = tw_post (&clerk, "/tim-kiem/xuat?q=sap+xep&cot=ngay-ky", true, (const char *const[]) { "dinh-dang", "pdf", NULL });
    CHECK (a.status == 400 && strstr (a.body, says) && memcmp (a.body, "%PDF", 4), "and for the export (%d)", a.status);
    tw_free (&a);

    tw_stop (web);
    tu_stack_stop (&s_stack);
    printf ("test_web_search: %d checks passed\n", tu_checks);
    return 0;
}
