/*  test_dossiers - dossiers and the outputs of Decree 30 (Appendix VI) over
    a year of demo work in Lam Sơn.

    Starts vp-bus, vp-staffing and vp-documents with the demo district and
    the clock at 05/01/2026, then on the injected clock, in time order:
    48 incoming documents over 2026 (four a month, four types), each with
    a deadline a week after it arrived; a quarter done on time, a quarter
    late, a quarter started and a quarter left. Then:
      (a) dossiers: codes from the office's identifier, year and notation;
          done documents filed; one document in two dossiers of two
          officers, not copied; numbered in the order they were made;
          closing; statistics per officer; the retention table (seeded,
          and set up);
      (b) the outputs: sổ đến, báo cáo giải quyết văn bản đến, mục lục văn
          bản, mục lục hồ sơ — each row checked against what the test did;
          as PDF (text read back with pdftotext, pages with pdfinfo) and as
          xlsx (its strings read back); sổ đi / báo cáo đi refused as not
          yet; every export logged with who and when and in the history;
      (c) a dossier as PDF and as XML, the XML valid against
          docs/schema/dossier.xsd (xmllint);
      (d) the calendar: 30 days before a closed dossier is due for the
          office archive it is listed and the office head told once;
          handing over freezes it; a freeze stops edits, additions and
          deletions until lifted, and only the office head sets one; a
          permanent document is never deleted; appraisal lists dossiers
          whose retention ended, never a permanent one.
*/
#include <string.h>
#include <time.h>
#include "test_ctl_run.h"

#define S_TENANT "lam-son"
#define S_CLERK "ls-nguyen-van-cong"
#define S_HEAD "ls-phan-thi-mau-truong"
#define S_ORGAN "000.00.31.H40"
#define S_DOCS 48
#define S_DAY (24 * 3600 * 1000LL)

static tu_stack_t s_stack;
static vp_cmdcli_t *s_cli, *s_ntf;
static char s_data[1200];
static int s_rows_checked, s_pdf_pages, s_exports;
static double s_export_ms_total;

#define OK(actor, ...) tu_ok_call (s_cli, S_TENANT, actor, __VA_ARGS__)
#define DONE(actor, ...) tu_drop (OK (actor, __VA_ARGS__))
#define REFUSED(code, field, says, actor, ...) tu_refused (code, field, says, s_cli, S_TENANT, actor, __VA_ARGS__)

typedef struct {
    char id[32], number[64], summary[200], type[32], officer[80];
    int64_t arrived, doc_date, deadline, done_at;
    int outcome;                //  0 on time, 1 late, 2 started, 3 left
    int64_t arrival_number;
} s_doc_t;

static s_doc_t s_docs[S_DOCS];
static const char *const s_types[] = { "cong-van", "quyet-dinh", "bao-cao", "thong-bao" };
static const char *const s_type_names[] = { "Công văn", "Quyết định", "Báo cáo", "Thông báo" };

static const char *
s_word (const char *key, const char *value)
{
    static char *ring[16];
    static int next;
    char **w = &ring[next++ % 16];
    zstr_free (w);
    *w = zsys_sprintf ("%s=%s", key, value);
    return *w;
}

static double
s_now_ms (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

//  ---------------------------------------------------------------- the year

typedef struct {
    int64_t at;
    int doc, step;              //  0 register, 1 start, 2 done; S_OUT_* an outgoing document's
} s_action_t;

//  The outgoing work of the year: one công văn of the UBND a month, to
//  Minh Sơn's UBND; drafted on the 20th, submitted, approved by the
//  office head, signed (on paper) by the chairman on the 21st. The last
//  three stop on the way: December's is a draft, November's waits for
//  the office head, October's for the signature.
#define S_OUTS 12
#define S_OUT_ISSUED 9
#define S_DRAFTER "ls-dang-thi-mau-tam"
#define S_CHAIR "ls-le-van-mau-ba"
enum { S_OUT_DRAFT = 10, S_OUT_SUBMIT, S_OUT_APPROVE, S_OUT_SIGN };

typedef struct {
    char id[64], label[64], summary[200], issued_day[16];
    const char *state;          //  as báo cáo đi writes it
} s_out_t;

static s_out_t s_outs[S_OUTS];

static int
s_by_time (const void *a, const void *b)
{
    const s_action_t *x = (const s_action_t *) a, *y = (const s_action_t *) b;
    return x->at < y->at ? -1 : x->at > y->at ? 1 : x->step - y->step;
}

static void
s_year (void)
{
    s_action_t actions[S_DOCS * 3 + S_OUTS * 4];
    int n = 0;
    for (int i = 0; i < S_DOCS; i++) {
        s_doc_t *d = &s_docs[i];
        int month = i / 4 + 1, k = i % 4;
        d->arrived = tu_local_ms (2026, month, 3 + 6 * k, 9, 0);
        //  Made a few days before; every fifth one older than the rest of
        //  its month, so that the order of making is not that of arrival.
        d->doc_date = tu_local_ms (2026, month, 1, 8, 0) - (i % 5 == 0 ? 40 : 2 - k % 2) * S_DAY;
        d->deadline = d->arrived + 7 * S_DAY;
        d->outcome = (i + month) % 4;
        snprintf (d->type, sizeof d->type, "%s", s_types[k]);
        snprintf (d->number, sizeof d->number, "%d/UBND-VP", 100 + i);
        snprintf (d->summary, sizeof d->summary, "Mẫu %02d: về việc triển khai công tác văn thư, lưu trữ tháng %d", i + 1,
                  month);
        actions[n++] = (s_action_t) { d->arrived, i, 0 };
        if (d->outcome <= 2)
            actions[n++] = (s_action_t) { d->arrived + 3600 * 1000LL, i, 1 };
        if (d->outcome == 0)
            d->done_at = d->arrived + 3 * S_DAY;
        if (d->outcome == 1)
            d->done_at = d->arrived + 10 * S_DAY;
        if (d->done_at)
            actions[n++] = (s_action_t) { d->done_at, i, 2 };
    }
    for (int o = 0; o < S_OUTS; o++) {
        s_out_t *out = &s_outs[o];
        snprintf (out->summary, sizeof out->summary, "Về việc báo cáo công tác văn thư, lưu trữ tháng %d năm 2026", o + 1);
        int steps = o < S_OUT_ISSUED ? 4 : o == 9 ? 3 : o == 10 ? 2 : 1;
        out->state = steps == 4 ? "Đã ban hành" : steps == 3 ? "Chờ ký" : steps == 2 ? "Đang trình duyệt" : "Đang soạn thảo";
        const int64_t at[] = { tu_local_ms (2026, o + 1, 20, 9, 0), tu_local_ms (2026, o + 1, 20, 10, 0),
                               tu_local_ms (2026, o + 1, 20, 14, 0), tu_local_ms (2026, o + 1, 21, 10, 30) };
        for (int k = 0; k < steps; k++)
            actions[n++] = (s_action_t) { at[k], o, S_OUT_DRAFT + k };
        if (steps == 4)
            snprintf (out->issued_day, sizeof out->issued_day, "21/%02d/2026", o + 1);
    }
    //  The UBND's chain: the office head checks, the chairman signs.
    tu_chain_set (__LINE__, s_cli, S_TENANT, S_HEAD, "ubnd", "to-truong-vp,chu-tich-ubnd");
    qsort (actions, (size_t) n, sizeof actions[0], s_by_time);
    for (int a = 0; a < n; a++) {
        tu_stack_set_clock (&s_stack, actions[a].at);
        if (actions[a].step >= S_OUT_DRAFT) {
            s_out_t *out = &s_outs[actions[a].doc];
            static const char *const cmds[] = { "documents.outgoing.draft", "documents.outgoing.submit",
                                                "documents.outgoing.approve", "documents.outgoing.sign" };
            static const char *const actors[] = { S_DRAFTER, S_DRAFTER, S_HEAD, S_CHAIR };
            int k = actions[a].step - S_OUT_DRAFT;
            vp_val_t *call = vp_val_map ();
            if (k == 0) {
                vp_map_put_str (call, "body", "ubnd");
                vp_map_put_str (call, "type", "cong-van");
                vp_map_put_str (call, "summary", out->summary);
                vp_val_t *to = vp_val_array ();
                vp_array_push (to, vp_val_str ("minh-son.ubnd"));
                vp_map_put (call, "to", to);
                vp_map_put (call, "pdf", tu_pdf (out->summary, 1));
            }
            else
                vp_map_put_str (call, "outgoing", out->id);
            vp_val_t *r = tu_ok_args (__LINE__, s_cli, S_TENANT, actors[k], cmds[k], call);
            if (k == 0)
                snprintf (out->id, sizeof out->id, "%s", tu_str (r, "outgoing"));
            if (k == 3)
                snprintf (out->label, sizeof out->label, "%s", tu_str (r, "label"));
            vp_val_destroy (&r);
            continue;
        }
        s_doc_t *d = &s_docs[actions[a].doc];
        if (actions[a].step == 0) {
            vp_val_t *r = OK (S_CLERK, "documents.register", "issuer=UBND huyện Đô Lương", s_word ("number", d->number),
                              tu_ms_word ("doc_date", d->doc_date), s_word ("type", d->type),
                              s_word ("summary", d->summary), tu_ms_word ("deadline", d->deadline));
            snprintf (d->id, sizeof d->id, "%s", tu_str (r, "document"));
            snprintf (d->officer, sizeof d->officer, "%s", vp_map_str (r, "officer") ? vp_map_str (r, "officer") : S_HEAD);
            d->arrival_number = vp_map_int (r, "arrival_number", 0);
            vp_val_destroy (&r);
        }
        else
            DONE (d->officer, actions[a].step == 1 ? "documents.start" : "documents.done", s_word ("document", d->id));
    }
    tu_ok ("a year of work: %d documents registered, %d outgoing drafted (%d issued), %d actions on the injected clock",
           S_DOCS, S_OUTS, S_OUT_ISSUED, n);
}

//  ---------------------------------------------------------------- (a)

static int
s_count_done (const char *type)
{
    int count = 0;
    for (int i = 0; i < S_DOCS; i++)
        count += s_docs[i].done_at && strcmp (s_docs[i].type, type) == 0;
    return count;
}

//  The documents of a dossier in the order they were made (doc_date, then
//  registration): the indexes the test expects.
static int
s_expected (bool (*in) (int), int out[S_DOCS])
{
    int n = 0;
    for (int i = 0; i < S_DOCS; i++)
        if (in (i))
            out[n++] = i;
    for (int a = 0; a < n; a++)
        for (int b = a + 1; b < n; b++)
            if (s_docs[out[b]].doc_date < s_docs[out[a]].doc_date
            || (s_docs[out[b]].doc_date == s_docs[out[a]].doc_date && out[b] < out[a])) {
                int t = out[a];
                out[a] = out[b];
                out[b] = t;
            }
    return n;
}

static int s_shared = -1;          //  the document in two dossiers

static bool s_in_a (int i) { return s_docs[i].done_at && (!strcmp (s_docs[i].type, "cong-van") || !strcmp (s_docs[i].type, "thong-bao")); }
static bool s_in_b (int i) { return (s_docs[i].done_at && (!strcmp (s_docs[i].type, "quyet-dinh") || !strcmp (s_docs[i].type, "bao-cao"))) || i == s_shared; }
static bool s_in_c (int i) { return s_docs[i].outcome == 2; }

static void
s_dossiers (void)
{
    vp_cmdcli_t *admin = tu_stack_admin (&s_stack, "documents");
    tu_drop (tu_ok_call (admin, S_TENANT, "", "documents.organ.set", "body=van-phong", "organ_id=" S_ORGAN));
    tu_refused (VP_E_INVALID_ARGUMENT, "args.organ_id", "13", admin, S_TENANT, "", "documents.organ.set", "body=van-phong",
                "organ_id=000.00.31");
    //  The retention table: seeded, and a commune's own row wins.
    vp_val_t *r = OK (S_CLERK, "documents.retention.list");
    TU_CHECK (vp_val_len (vp_map_get (r, "rows")) >= 20, "%zu seeded retention rows", vp_val_len (vp_map_get (r, "rows")));
    vp_val_destroy (&r);
    tu_drop (tu_ok_call (admin, S_TENANT, "", "documents.retention.set", "type=thong-bao", "kind=state", "years=5",
                         "basis=Quy chế của xã (mẫu)"));
    tu_refused (VP_E_INVALID_ARGUMENT, "type", "khong-co", admin, S_TENANT, "", "documents.retention.set",
                "type=khong-co", "kind=*", "years=5");
    REFUSED (VP_E_PERMISSION_DENIED, "actor", "", S_CLERK, "documents.retention.set", "type=thong-bao", "kind=state", "years=1");
    vp_cmdcli_destroy (&admin);
    tu_ok ("the office identifier and the retention table are set up by the admin only");

    tu_stack_set_clock (&s_stack, tu_local_ms (2026, 12, 20, 9, 0));
    r = OK (S_CLERK, "documents.dossier.create", "dossier=hs-01", "title=Hồ sơ công văn, thông báo đến năm 2026",
            "year=2026", "body=van-phong", "notation=01");
    TU_CHECK (strcmp (tu_str (r, "code"), S_ORGAN ".2026.01") == 0, "code \"%s\"", tu_str (r, "code"));
    vp_val_destroy (&r);
    DONE (S_HEAD, "documents.dossier.create", "dossier=hs-02", "title=Hồ sơ quyết định, báo cáo năm 2026",
          "year=2026", "body=van-phong", "notation=02", "rights=cong-khai");
    DONE (S_CLERK, "documents.dossier.create", "dossier=hs-03", "title=Văn bản đang giải quyết năm 2026",
          "year=2026", "body=van-phong", "notation=03");
    //  File every done document; thông báo now 5 years (the commune's row).
    for (int i = 0; i < S_DOCS; i++) {
        if (!s_docs[i].done_at)
            continue;
        const char *dossier = s_in_a (i) ? "hs-01" : "hs-02";
        r = OK (s_in_a (i) ? S_CLERK : S_HEAD, "documents.archive.file", s_word ("document", s_docs[i].id),
                s_word ("dossier", dossier));
        int expect = !strcmp (s_docs[i].type, "cong-van") ? 10 : !strcmp (s_docs[i].type, "thong-bao") ? 5
                   : !strcmp (s_docs[i].type, "bao-cao") ? 20 : 0;
        TU_CHECK (vp_map_int (r, "retention_years", -1) == expect, "%s %s kept %lld years, expected %d",
                  s_docs[i].id, s_docs[i].type, (long long) vp_map_int (r, "retention_years", -1), expect);
        vp_val_destroy (&r);
        if (s_shared < 0 && !strcmp (s_docs[i].type, "cong-van"))
            s_shared = i;
    }
    //  One document in two dossiers of two officers: no copy.
    r = OK (S_HEAD, "documents.dossier.add", "dossier=hs-02", s_word ("document", s_docs[s_shared].id));
    vp_val_destroy (&r);
    for (int i = 0; i < S_DOCS; i++)
        if (s_in_c (i))
            DONE (S_CLERK, "documents.dossier.add", "dossier=hs-03", s_word ("document", s_docs[i].id));
    char sql[400];
    snprintf (sql, sizeof sql, "SELECT count(*) FROM doc_document WHERE tenant = 'lam-son' AND number = '%s'",
              s_docs[s_shared].number);
    char db[1300];
    snprintf (db, sizeof db, "%s/documents.db", s_data);
    TU_CHECK (tu_sql_int (db, sql) == 1, "%s was copied", s_docs[s_shared].number);
    snprintf (sql, sizeof sql, "SELECT count(*) FROM doc_dossier_item WHERE tenant = 'lam-son' AND document = '%s'",
              s_docs[s_shared].id);
    TU_CHECK (tu_sql_int (db, sql) == 2, "%s is not in two dossiers", s_docs[s_shared].id);
    tu_ok ("one document (%s) is in the dossiers of two officers, stored once", s_docs[s_shared].number);

    //  Numbered in the order they were made.
    const char *ids[] = { "hs-01", "hs-02", "hs-03" };
    bool (*ins[]) (int) = { s_in_a, s_in_b, s_in_c };
    for (int x = 0; x < 3; x++) {
        int expected[S_DOCS];
        int n = s_expected (ins[x], expected);
        r = OK (S_HEAD, "documents.dossier.get", s_word ("dossier", ids[x]));
        vp_val_t *items = vp_map_get (r, "items");
        TU_CHECK ((int) vp_val_len (items) == n && vp_map_int (r, "documents", 0) == n,
                  "%s has %zu documents, expected %d", ids[x], vp_val_len (items), n);
        for (int k = 0; k < n; k++) {
            vp_val_t *item = vp_array_at (items, (size_t) k);
            TU_CHECK (vp_map_int (item, "ordinal", 0) == k + 1 && !strcmp (tu_str (item, "document"), s_docs[expected[k]].id),
                      "%s item %d: %s ordinal %lld, expected %s", ids[x], k + 1, tu_str (item, "document"),
                      (long long) vp_map_int (item, "ordinal", 0), s_docs[expected[k]].id);
        }
        vp_val_destroy (&r);
    }
    tu_ok ("documents in a dossier are numbered in the order they were made (not the order of filing)");

    tu_stack_set_clock (&s_stack, tu_local_ms (2026, 12, 21, 16, 0));
    DONE (S_CLERK, "documents.dossier.close", "dossier=hs-01");
    DONE (S_HEAD, "documents.dossier.close", "dossier=hs-02");
    REFUSED (VP_E_FAILED_PRECONDITION, "dossier", "đã đóng", S_CLERK, "documents.dossier.add", "dossier=hs-01",
             s_word ("document", s_docs[0].id));
    REFUSED (VP_E_NOT_FOUND, "dossier", "hs-khong", S_CLERK, "documents.dossier.close", "dossier=hs-khong");
    r = OK (S_CLERK, "documents.dossier.list", "year=2026");
    vp_val_t *list = vp_map_get (r, "dossiers");
    TU_CHECK (vp_val_len (list) == 3, "%zu dossiers in 2026", vp_val_len (list));
    vp_val_t *a = vp_array_at (list, 0), *b = vp_array_at (list, 1);
    TU_CHECK (!strcmp (tu_str (a, "code"), S_ORGAN ".2026.01") && !strcmp (tu_str (a, "maintenance"), "10 năm")
           && !strcmp (tu_str (b, "maintenance"), "Vĩnh viễn") && !strcmp (tu_str (b, "rights"), "cong-khai")
           && !strcmp (tu_str (a, "creator"), S_CLERK) && !strcmp (tu_str (b, "creator"), S_HEAD)
           && vp_map_int (a, "closed_at", 0) && vp_map_int (a, "start_date", 0),
              "list: %s %s %s / %s %s", tu_str (a, "code"), tu_str (a, "maintenance"), tu_str (a, "creator"),
              tu_str (b, "maintenance"), tu_str (b, "rights"));
    vp_val_destroy (&r);
    r = OK (S_HEAD, "documents.dossier.stats", "year=2026");
    vp_val_t *officers = vp_map_get (r, "officers");
    int clerk_docs = s_count_done ("cong-van") + s_count_done ("thong-bao");
    int c_docs = 0;
    for (int i = 0; i < S_DOCS; i++)
        c_docs += s_in_c (i);
    bool good = vp_val_len (officers) == 2;
    for (size_t i = 0; good && i < vp_val_len (officers); i++) {
        vp_val_t *o = vp_array_at (officers, i);
        if (!strcmp (tu_str (o, "officer"), S_CLERK))
            good = vp_map_int (o, "dossiers", 0) == 2 && vp_map_int (o, "closed", 0) == 1
                && vp_map_int (o, "documents", 0) == clerk_docs + c_docs;
        else
            good = !strcmp (tu_str (o, "officer"), S_HEAD) && vp_map_int (o, "dossiers", 0) == 1;
    }
    char *json = vp_val_to_json (officers);
    TU_CHECK (good, "stats per officer: %s", json);
    free (json);
    vp_val_destroy (&r);
    tu_ok ("the list of dossiers of 2026: codes, retention, use regime, creator, dates; closed ones take nothing;"
           " statistics per officer");
}

//  ---------------------------------------------------------------- (b), (c)

//  The text of a PDF (pdftotext), pages from pdfinfo; caller frees.
static char *
s_pdf_text (const char *path, int *pages)
{
    char cmd[1400], out[1300];
    snprintf (out, sizeof out, "%s/pdf.txt", s_data);
    snprintf (cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' '%s'", path, out);
    TU_CHECK (system (cmd) == 0, "pdftotext %s failed", path);
    snprintf (cmd, sizeof cmd, "pdfinfo '%s' | awk '/^Pages:/ {print $2}' > '%s.pages'", path, out);
    TU_CHECK (system (cmd) == 0, "pdfinfo %s failed", path);
    char pages_path[1400];
    snprintf (pages_path, sizeof pages_path, "%s.pages", out);
    zfile_t *f = zfile_new (NULL, pages_path);
    if (f && zfile_input (f) == 0) {
        const char *line = zfile_readln (f);
        *pages = line ? atoi (line) : 0;
    }
    zfile_destroy (&f);
    f = zfile_new (NULL, out);
    TU_CHECK (f && zfile_input (f) == 0, "no text from %s", path);
    zchunk_t *chunk = zfile_read (f, (size_t) zfile_cursize (f), 0);
    char *text = (char *) calloc (zchunk_size (chunk) + 1, 1);
    memcpy (text, zchunk_data (chunk), zchunk_size (chunk));
    zchunk_destroy (&chunk);
    zfile_destroy (&f);
    return text;
}

//  The strings of an xlsx (python3's zipfile), one a line; caller frees.
static char *
s_xlsx_text (const char *path)
{
    char cmd[1600], out[1300];
    snprintf (out, sizeof out, "%s/xlsx.txt", s_data);
    snprintf (cmd, sizeof cmd, "/usr/bin/python3 -c \"import zipfile,sys,re; z=zipfile.ZipFile(sys.argv[1]);"
              " s=z.read('xl/sharedStrings.xml').decode(); print('\\n'.join(re.findall(r'<t[^>]*>([^<]*)</t>', s)))\""
              " '%s' > '%s'", path, out);
    TU_CHECK (system (cmd) == 0, "%s is not a spreadsheet", path);
    zfile_t *f = zfile_new (NULL, out);
    TU_CHECK (f && zfile_input (f) == 0, "no strings from %s", path);
    zchunk_t *chunk = zfile_read (f, (size_t) zfile_cursize (f), 0);
    char *text = (char *) calloc (zchunk_size (chunk) + 2, 1);
    memcpy (text, zchunk_data (chunk), zchunk_size (chunk));
    zchunk_destroy (&chunk);
    zfile_destroy (&f);
    return text;
}

//  pdftotext breaks lines inside table cells: compare without white space.
static char *
s_squeeze (const char *text)
{
    char *out = (char *) malloc (strlen (text) + 1), *p = out;
    for (; *text; text++)
        if (*text != ' ' && *text != '\n' && *text != '\r' && *text != '\f')
            *p++ = *text;
    *p = 0;
    return out;
}

static bool
s_has (const char *squeezed, const char *words)
{
    char *w = s_squeeze (words);
    bool found = strstr (squeezed, w) != NULL;
    free (w);
    return found;
}

//  Run an output (or an export) as pdf and xlsx; every row's cells listed
//  in `cells` (one string per row) must be in both files.
static vp_val_t *
s_files (const char *what, const char *cmd, const char *w1, const char *w2, const vp_val_t *rows, int cell)
{
    const char *formats[] = { "pdf", "xlsx" };
    vp_val_t *last = NULL;
    for (int f = 0; f < 2; f++) {
        double t0 = s_now_ms ();
        vp_val_t *r = w2 ? tu_ok_call (s_cli, S_TENANT, S_HEAD, cmd, w1, w2, s_word ("format", formats[f]))
                         : tu_ok_call (s_cli, S_TENANT, S_HEAD, cmd, w1, s_word ("format", formats[f]));
        s_export_ms_total += s_now_ms () - t0;
        s_exports++;
        const char *path = tu_str (r, "path");
        TU_CHECK (strstr (path, "/exports/") && strstr (path, tu_str (r, "sha256")) && !strcmp (tu_str (r, "exported_by"), S_HEAD),
                  "%s %s: path %s", what, formats[f], path);
        char *text = NULL;
        if (f == 0) {
            int pages = 0;
            text = s_pdf_text (path, &pages);
            TU_CHECK (pages >= 1 && pages == vp_map_int (r, "pages", 0), "%s: %d pages, reply says %lld", what, pages,
                      (long long) vp_map_int (r, "pages", 0));
            char page_one[32];
            snprintf (page_one, sizeof page_one, "Trang 1/%d", pages);
            TU_CHECK (strstr (text, page_one) && strstr (text, "In bởi") && strstr (text, S_HEAD),
                      "%s: the PDF lacks its page numbers or print mark:\n%.400s", what, text);
            s_pdf_pages += pages;
        }
        else
            text = s_xlsx_text (path);
        char *squeezed = s_squeeze (text);
        for (size_t i = 0; i < vp_val_len (rows); i++) {
            const char *value = vp_val_get_str (vp_array_at (vp_array_at (rows, i), (size_t) cell));
            TU_CHECK (value && s_has (squeezed, value), "%s %s: row %zu's \"%s\" is not in the file", what,
                      formats[f], i + 1, value ? value : "?");
        }
        free (squeezed);
        free (text);
        vp_val_destroy (&last);
        last = r;
    }
    return last;
}

static void
s_outputs (void)
{
    tu_stack_set_clock (&s_stack, tu_local_ms (2026, 12, 31, 17, 0));
    int64_t now = tu_local_ms (2026, 12, 31, 17, 0);
    //  1. Sổ đăng ký văn bản đến: one row per document in arrival order.
    vp_val_t *r = OK (S_HEAD, "documents.output", "output=so-den", "year=2026");
    vp_val_t *rows = vp_map_get (r, "rows");
    TU_CHECK (vp_val_len (rows) == S_DOCS, "sổ đến has %zu rows", vp_val_len (rows));
    for (int i = 0; i < S_DOCS; i++) {
        vp_val_t *row = vp_array_at (rows, (size_t) i);
        const s_doc_t *d = NULL;
        for (int k = 0; k < S_DOCS; k++)
            if (s_docs[k].arrival_number == i + 1)
                d = &s_docs[k];
        TU_CHECK (d, "no document has số đến %d", i + 1);
        char expect[300];
        snprintf (expect, sizeof expect, "%s: %s", s_type_names[(d - s_docs) % 4], d->summary);
        TU_CHECK (!strcmp (vp_val_get_str (vp_array_at (row, 3)), d->number)
               && !strcmp (vp_val_get_str (vp_array_at (row, 5)), expect)
               && !strcmp (vp_val_get_str (vp_array_at (row, 2)), "UBND huyện Đô Lương"),
                  "sổ đến row %d: %s / %s", i + 1, vp_val_get_str (vp_array_at (row, 3)), vp_val_get_str (vp_array_at (row, 5)));
        s_rows_checked++;
    }
    tu_drop (s_files ("sổ đến", "documents.output", "output=so-den", "year=2026", rows, 3));
    vp_val_destroy (&r);

    //  2. Báo cáo tình hình giải quyết văn bản đến.
    r = OK (S_HEAD, "documents.output", "output=bao-cao-den", "year=2026");
    rows = vp_map_get (r, "rows");
    TU_CHECK (vp_val_len (rows) == S_DOCS, "báo cáo has %zu rows", vp_val_len (rows));
    int counts[4] = { 0 };
    for (size_t i = 0; i < vp_val_len (rows); i++) {
        vp_val_t *row = vp_array_at (rows, i);
        const s_doc_t *d = NULL;
        for (int k = 0; k < S_DOCS; k++)
            if (!strcmp (s_docs[k].number, vp_val_get_str (vp_array_at (row, 2))))
                d = &s_docs[k];
        TU_CHECK (d, "báo cáo row %zu: unknown number %s", i + 1, vp_val_get_str (vp_array_at (row, 2)));
        const char *expect = d->outcome == 0 ? "Đã giải quyết đúng hạn" : d->outcome == 1 ? "Đã giải quyết quá hạn"
                           : now > d->deadline ? "Chưa giải quyết, quá hạn" : "Đang giải quyết trong hạn";
        counts[d->outcome]++;
        char deadline[32];
        vp_time_format (d->deadline, TU_ZONE, "%d/%m/%Y", deadline, sizeof deadline);
        TU_CHECK (!strcmp (vp_val_get_str (vp_array_at (row, 7)), expect)
               && !strcmp (vp_val_get_str (vp_array_at (row, 5)), deadline),
                  "báo cáo %s: \"%s\" due %s, expected \"%s\" due %s", d->number, vp_val_get_str (vp_array_at (row, 7)),
                  vp_val_get_str (vp_array_at (row, 5)), expect, deadline);
        s_rows_checked++;
    }
    vp_val_t *totals = vp_map_get (r, "totals");
    TU_CHECK (vp_map_int (totals, "Đã giải quyết đúng hạn", -1) == counts[0]
           && vp_map_int (totals, "Đã giải quyết quá hạn", -1) == counts[1]
           && vp_map_int (totals, "Tổng số", -1) == S_DOCS, "báo cáo totals");
    tu_drop (s_files ("báo cáo đến", "documents.output", "output=bao-cao-den", "year=2026", rows, 2));
    vp_val_destroy (&r);

    //  3. Mục lục văn bản trong hồ sơ.
    int expected[S_DOCS];
    int n = s_expected (s_in_b, expected);
    r = OK (S_HEAD, "documents.output", "output=muc-luc-van-ban", "dossier=hs-02");
    rows = vp_map_get (r, "rows");
    TU_CHECK ((int) vp_val_len (rows) == n, "mục lục văn bản has %zu rows, expected %d", vp_val_len (rows), n);
    for (int k = 0; k < n; k++) {
        vp_val_t *row = vp_array_at (rows, (size_t) k);
        TU_CHECK (atoi (vp_val_get_str (vp_array_at (row, 0))) == k + 1
               && !strcmp (vp_val_get_str (vp_array_at (row, 1)), s_docs[expected[k]].number),
                  "mục lục văn bản row %d: %s", k + 1, vp_val_get_str (vp_array_at (row, 1)));
        s_rows_checked++;
    }
    tu_drop (s_files ("mục lục văn bản", "documents.output", "output=muc-luc-van-ban", "dossier=hs-02", rows, 1));
    vp_val_destroy (&r);

    //  4. Mục lục hồ sơ.
    r = OK (S_HEAD, "documents.output", "output=muc-luc-ho-so", "year=2026");
    rows = vp_map_get (r, "rows");
    const char *codes[] = { S_ORGAN ".2026.01", S_ORGAN ".2026.02", S_ORGAN ".2026.03" };
    int totals3[3];
    bool (*ins[]) (int) = { s_in_a, s_in_b, s_in_c };
    for (int x = 0; x < 3; x++)
        totals3[x] = s_expected (ins[x], expected);
    TU_CHECK (vp_val_len (rows) == 3, "mục lục hồ sơ has %zu rows", vp_val_len (rows));
    for (int x = 0; x < 3 && x < (int) vp_val_len (rows); x++) {
        vp_val_t *row = vp_array_at (rows, (size_t) x);
        TU_CHECK (!strcmp (vp_val_get_str (vp_array_at (row, 1)), codes[x])
               && atoi (vp_val_get_str (vp_array_at (row, 5))) == totals3[x],
                  "mục lục hồ sơ row %d: %s with %s documents", x + 1, vp_val_get_str (vp_array_at (row, 1)),
                  vp_val_get_str (vp_array_at (row, 5)));
        s_rows_checked++;
    }
    tu_drop (s_files ("mục lục hồ sơ", "documents.output", "output=muc-luc-ho-so", "year=2026", rows, 1));
    vp_val_destroy (&r);
    //  3. Sổ đăng ký văn bản đi: the issued ones, in the order of issue,
    //  with their number, day and summary.
    r = OK (S_HEAD, "documents.output", "output=so-di", "year=2026");
    rows = vp_map_get (r, "rows");
    TU_CHECK (vp_val_len (rows) == S_OUT_ISSUED, "sổ đi has %zu rows, expected %d", vp_val_len (rows), S_OUT_ISSUED);
    for (int o = 0; o < S_OUT_ISSUED && o < (int) vp_val_len (rows); o++) {
        vp_val_t *row = vp_array_at (rows, (size_t) o);
        TU_CHECK (*s_outs[o].label && !strcmp (vp_val_get_str (vp_array_at (row, 0)), s_outs[o].label)
               && !strcmp (vp_val_get_str (vp_array_at (row, 1)), s_outs[o].issued_day)
               && strstr (vp_val_get_str (vp_array_at (row, 2)), s_outs[o].summary),
                  "sổ đi row %d: %s %s %s; expected %s %s %s", o + 1, vp_val_get_str (vp_array_at (row, 0)),
                  vp_val_get_str (vp_array_at (row, 1)), vp_val_get_str (vp_array_at (row, 2)), s_outs[o].label,
                  s_outs[o].issued_day, s_outs[o].summary);
        s_rows_checked++;
    }
    tu_drop (s_files ("sổ đi", "documents.output", "output=so-di", "year=2026", rows, 0));
    vp_val_destroy (&r);
    //  4. Báo cáo tình hình giải quyết văn bản đi: every one of the year,
    //  its state and its receiver; the totals.
    r = OK (S_HEAD, "documents.output", "output=bao-cao-di", "year=2026");
    rows = vp_map_get (r, "rows");
    TU_CHECK (vp_val_len (rows) == S_OUTS, "báo cáo đi has %zu rows, expected %d", vp_val_len (rows), S_OUTS);
    for (int o = 0; o < S_OUTS && o < (int) vp_val_len (rows); o++) {
        vp_val_t *row = vp_array_at (rows, (size_t) o);
        TU_CHECK (!strcmp (vp_val_get_str (vp_array_at (row, 0)), s_outs[o].label)
               && !strcmp (vp_val_get_str (vp_array_at (row, 1)), s_outs[o].issued_day)
               && strstr (vp_val_get_str (vp_array_at (row, 2)), s_outs[o].summary)
               && !strcmp (vp_val_get_str (vp_array_at (row, 4)), s_outs[o].state)
               && !strcmp (vp_val_get_str (vp_array_at (row, 5)), "1"),
                  "báo cáo đi row %d: %s | %s | %s | %s receivers; expected %s | %s | %s", o + 1,
                  vp_val_get_str (vp_array_at (row, 0)), vp_val_get_str (vp_array_at (row, 1)),
                  vp_val_get_str (vp_array_at (row, 4)), vp_val_get_str (vp_array_at (row, 5)), s_outs[o].label,
                  s_outs[o].issued_day, s_outs[o].state);
        s_rows_checked++;
    }
    vp_val_t *out_totals = vp_map_get (r, "totals");
    TU_CHECK (vp_map_int (out_totals, "issued", 0) == S_OUT_ISSUED && vp_map_int (out_totals, "in_work", 0) == S_OUTS - S_OUT_ISSUED
           && vp_map_int (out_totals, "receivers", 0) == S_OUTS,
              "báo cáo đi totals: %s", vp_val_to_json (out_totals));
    tu_drop (s_files ("báo cáo đi", "documents.output", "output=bao-cao-di", "year=2026", rows, 4));
    vp_val_destroy (&r);
    //  The office head's report: per officer and per month.
    r = OK (S_HEAD, "documents.report.handling", "year=2026");
    vp_val_t *months = vp_map_get (r, "by_month");
    TU_CHECK (vp_val_len (months) == 12, "%zu months", vp_val_len (months));
    for (int m = 0; m < 12 && m < (int) vp_val_len (months); m++) {
        int got[4] = { 0 };
        for (int k = 0; k < 4; k++)
            got[s_docs[m * 4 + k].outcome]++;
        vp_val_t *row = vp_array_at (months, (size_t) m);
        TU_CHECK (atoi (vp_val_get_str (vp_array_at (row, 1))) == 4
               && atoi (vp_val_get_str (vp_array_at (row, 2))) == got[0]
               && atoi (vp_val_get_str (vp_array_at (row, 3))) == got[1],
                  "month %d: %s received, %s on time, %s late; expected 4, %d, %d", m + 1,
                  vp_val_get_str (vp_array_at (row, 1)), vp_val_get_str (vp_array_at (row, 2)),
                  vp_val_get_str (vp_array_at (row, 3)), got[0], got[1]);
        s_rows_checked++;
    }
    vp_val_t *by_officer = vp_map_get (r, "by_officer");
    int64_t received = 0;
    for (size_t i = 0; i < vp_val_len (by_officer); i++)
        received += atoi (vp_val_get_str (vp_array_at (vp_array_at (by_officer, i), 1)));
    TU_CHECK (received == S_DOCS && vp_val_len (by_officer) >= 1, "per officer: %lld received", (long long) received);
    s_rows_checked += (int) vp_val_len (by_officer);
    tu_drop (s_files ("báo cáo theo người", "documents.report.handling", "year=2026", NULL, by_officer, 0));
    vp_val_destroy (&r);
    tu_ok ("the six outputs come out right for the year (%d rows checked, %d of them sổ đi and báo cáo đi),"
           " as PDF and xlsx", s_rows_checked, S_OUT_ISSUED + S_OUTS);
}

static void
s_exports_dossier (void)
{
    //  The whole dossier as PDF: index, then each document.
    int expected[S_DOCS];
    int n = s_expected (s_in_a, expected);
    double t0 = s_now_ms ();
    vp_val_t *r = OK (S_CLERK, "documents.dossier.export", "dossier=hs-01", "format=pdf");
    s_export_ms_total += s_now_ms () - t0;
    s_exports++;
    int pages = 0;
    char *text = s_pdf_text (tu_str (r, "path"), &pages);
    s_pdf_pages += pages;
    TU_CHECK (pages == n + 1 || pages == n + 2, "the dossier's PDF has %d pages for %d documents", pages, n);
    char *squeezed = s_squeeze (text);
    TU_CHECK (s_has (squeezed, "MỤC LỤC VĂN BẢN") && s_has (squeezed, S_ORGAN ".2026.01")
           && s_has (squeezed, "Hồ sơ công văn, thông báo đến năm 2026"), "the PDF lacks its index:\n%.600s", text);
    //  Each document's page in order: its heading comes after the one before.
    const char *at = squeezed;
    for (int k = 0; k < n; k++) {
        char heading[120];
        snprintf (heading, sizeof heading, "Vănbản%d:%s", k + 1, s_docs[expected[k]].number);
        const char *found = strstr (at, heading);
        TU_CHECK (found, "the PDF lacks \"%s\" after document %d", heading, k);
        at = found;
        char *summary = s_squeeze (s_docs[expected[k]].summary);
        TU_CHECK (strstr (found, summary), "the PDF lacks the summary of %s", s_docs[expected[k]].number);
        free (summary);
        s_rows_checked++;
    }
    free (squeezed);
    free (text);
    vp_val_destroy (&r);
    tu_ok ("dossier hs-01 as PDF: %d pages, its index then its %d documents in the order they were made", pages, n);

    //  III.7.c: the signer and the pages, which the register did not have,
    //  added later by the clerk; the history keeps old and new; the XML has them.
    const char *first = s_docs[expected[0]].id;
    REFUSED (VP_E_INVALID_ARGUMENT, "document", "ít nhất một thông tin", S_CLERK, "documents.metadata.set",
             s_word ("document", first));
    REFUSED (VP_E_PERMISSION_DENIED, "actor", "văn thư", S_DRAFTER, "documents.metadata.set", s_word ("document", first),
             "pages=3");
    r = OK (S_CLERK, "documents.metadata.set", s_word ("document", first), "signer_name=Nguyễn Văn Hùng",
            "signer_position=Phó Chủ tịch UBND huyện", "pages=3", "reason=Bổ sung theo bản gốc");
    TU_CHECK (vp_val_len (vp_map_get (r, "changed")) == 3, "metadata.set changed %zu fields", vp_val_len (vp_map_get (r, "changed")));
    vp_val_destroy (&r);
    r = OK (S_CLERK, "documents.history", s_word ("document", first));
    char *trail = vp_val_to_json (r);
    TU_CHECK (strstr (trail, "Người ký: (trống) → Nguyễn Văn Hùng") && strstr (trail, "Bổ sung theo bản gốc"),
              "the history lacks the metadata added: %s", trail);
    free (trail);
    vp_val_destroy (&r);

    //  As XML, valid against the project's schema.
    t0 = s_now_ms ();
    r = OK (S_CLERK, "documents.dossier.export", "dossier=hs-01", "format=xml");
    s_export_ms_total += s_now_ms () - t0;
    s_exports++;
    char cmd[8000];
    snprintf (cmd, sizeof cmd, "xmllint --noout --schema '%s/docs/schema/dossier.xsd' '%s' 2>'%s/xmllint.txt'",
              VP_SOURCE_DIR, tu_str (r, "path"), s_data);
    TU_CHECK (system (cmd) == 0, "the XML of hs-01 is not valid against docs/schema/dossier.xsd (see %s/xmllint.txt)", s_data);
    snprintf (cmd, sizeof cmd, "grep -c '<Document id=' '%s' | grep -qx %d && grep -q '<OrganId>" S_ORGAN "</OrganId>' '%s'"
              " && grep -q '<DocTotal>%d</DocTotal>' '%s'", tu_str (r, "path"), n, tu_str (r, "path"), n, tu_str (r, "path"));
    TU_CHECK (system (cmd) == 0, "the XML of hs-01 lacks its documents or code");
    snprintf (cmd, sizeof cmd, "grep -q '<FullName>Nguyễn Văn Hùng</FullName>' '%s' && grep -q '<PageAmount>3</PageAmount>' '%s'",
              tu_str (r, "path"), tu_str (r, "path"));
    TU_CHECK (system (cmd) == 0, "the XML of hs-01 lacks the signer or pages added later");
    vp_val_destroy (&r);
    //  Mutate a copy: the schema must be able to say no.
    snprintf (cmd, sizeof cmd, "sed 's/<OrganId>" S_ORGAN "</<OrganId>000.00</' \"$(ls %s/exports/*.xml | head -1)\" > %s/bad.xml"
              " && ! xmllint --noout --schema '%s/docs/schema/dossier.xsd' %s/bad.xml 2>/dev/null",
              s_data, s_data, VP_SOURCE_DIR, s_data);
    TU_CHECK (system (cmd) == 0, "the schema let a 6-character OrganId through");
    //  No code, no XML.
    DONE (S_CLERK, "documents.dossier.create", "dossier=hs-khong-ma", "title=Hồ sơ không mã");
    REFUSED (VP_E_FAILED_PRECONDITION, "dossier", "FileCode", S_CLERK, "documents.dossier.export",
             "dossier=hs-khong-ma", "format=xml");
    tu_ok ("dossier hs-01 as XML with Appendix VI Part II's fields, valid against docs/schema/dossier.xsd; the signer"
           " and pages the clerk added later (III.7.c) in it and on the trail, old and new");

    //  Every print or export is logged with who and when, and in the history.
    r = OK (S_HEAD, "documents.export.list");
    vp_val_t *list = vp_map_get (r, "exports");
    char *json;
    TU_CHECK ((int) vp_val_len (list) == s_exports, "%zu exports logged, %d made", vp_val_len (list), s_exports);
    for (size_t i = 0; i < vp_val_len (list); i++)
        TU_CHECK (*tu_str (vp_array_at (list, i), "actor") && vp_map_int (vp_array_at (list, i), "at", 0),
                  "export %zu without who or when", i);
    vp_val_destroy (&r);
    char db[1300], sql[300];
    snprintf (db, sizeof db, "%s/documents.db", s_data);
    snprintf (sql, sizeof sql, "SELECT count(*) FROM doc_history WHERE tenant = 'lam-son' AND document = '%s'"
              " AND step = 'exported' AND actor = '" S_CLERK "'", s_docs[expected[0]].id);
    TU_CHECK (tu_sql_int (db, sql) == 2, "the history of %s lacks its two exports", s_docs[expected[0]].id);
    tu_ok ("every print and export (%d) is logged with who and when; each exported document's history says so",
           s_exports);

    //  A secret document in a dossier: an officer not cleared for it sees
    //  its place and nothing of it, in the dossier and in its index.
    r = OK (S_CLERK, "documents.register", "issuer=Công an huyện Đô Lương", "number=77/CAH-MAT", "doc_date=20/12/2026",
            "type=cong-van", "summary=Mẫu: danh sách đối tượng MAT-DOSSIER-MARKER", "secrecy=mat");
    char secret[32];
    snprintf (secret, sizeof secret, "%s", tu_str (r, "document"));
    vp_val_destroy (&r);
    DONE (S_CLERK, "documents.dossier.add", "dossier=hs-03", s_word ("document", secret));
    const char *outsider = "ls-dang-thi-mau-tam";       //  Địa chính – Xây dựng, clearance thuong
    r = OK (outsider, "documents.dossier.get", "dossier=hs-03");
    json = vp_val_to_json (r);
    TU_CHECK (!strstr (json, "MAT-DOSSIER-MARKER") && !strstr (json, "77/CAH-MAT")
           && vp_map_int (r, "documents", 0) == (int64_t) vp_val_len (vp_map_get (r, "items")),
              "an officer without clearance reads the secret document in hs-03: %.300s", json);
    free (json);
    vp_val_destroy (&r);
    r = OK (outsider, "documents.output", "output=muc-luc-van-ban", "dossier=hs-03");
    json = vp_val_to_json (r);
    TU_CHECK (!strstr (json, "MAT-DOSSIER-MARKER") && !strstr (json, "77/CAH-MAT") && strstr (json, "(văn bản mật)"),
              "the index of hs-03 shows the secret document to an officer without clearance");
    free (json);
    vp_val_destroy (&r);
    r = OK (S_CLERK, "documents.dossier.get", "dossier=hs-03");
    json = vp_val_to_json (r);
    TU_CHECK (strstr (json, "MAT-DOSSIER-MARKER"), "the cleared clerk does not read the secret document in hs-03");
    free (json);
    vp_val_destroy (&r);
    tu_ok ("a secret document in a dossier keeps its place and shows nothing to an officer not cleared for it");
}

//  vpctl, as the office head at the office's machine: the table of an
//  output and the file it wrote.
static void
s_vpctl (void)
{
    tu_stack_officer_key (&s_stack, S_TENANT, S_HEAD);
    const char *env[] = { "VP_KEY_NAME=" S_HEAD, NULL };
    char *out = NULL;
    int rc = tc_run (s_stack.bus.dir, "vpctl", (const char *[]) { "--tenant", S_TENANT, "doc", "output",
                     "--output", "muc-luc-ho-so", "--year", "2026", "--format", "pdf", NULL },
                     tc_env (s_stack.env, env), &out);
    TU_CHECK (rc == 0 && strstr (out, "MỤC LỤC HỒ SƠ NĂM 2026") && strstr (out, S_ORGAN ".2026.02")
           && strstr (out, "pdf: ") && strstr (out, "/exports/"), "vpctl doc output: rc %d\n%s", rc, out);
    const char *path = strstr (out, "pdf: ") + 5;
    char file[1300];
    snprintf (file, sizeof file, "%.*s", (int) strcspn (path, " "), path);
    int pages = 0;
    char *text = s_pdf_text (file, &pages);
    TU_CHECK (pages >= 1 && strstr (text, "MỤC LỤC HỒ SƠ NĂM 2026"), "vpctl's PDF %s", file);
    s_pdf_pages += pages;
    s_exports++;
    free (text);
    free (out);
    tu_ok ("vpctl doc output prints the rows and writes the PDF in the data folder (%s)", file);
}

//  ---------------------------------------------------------------- (d)

static void
s_calendar (void)
{
    //  hs-01 and hs-02 were closed on 21/12/2026: due 21/12/2027.
    int64_t due = tu_local_ms (2027, 12, 21, 16, 0);
    tu_stack_set_clock (&s_stack, due - 31 * S_DAY);
    vp_val_t *r = OK (S_HEAD, "documents.dossier.due");
    TU_CHECK (vp_val_len (vp_map_get (r, "dossiers")) == 0, "%zu dossiers due 31 days ahead",
              vp_val_len (vp_map_get (r, "dossiers")));
    vp_val_destroy (&r);
    tu_stack_set_clock (&s_stack, due - 29 * S_DAY);
    r = OK (S_HEAD, "documents.dossier.due");
    TU_CHECK (vp_val_len (vp_map_get (r, "dossiers")) == 2 && vp_map_int (vp_array_at (vp_map_get (r, "dossiers"), 0), "due_at", 0) == due,
              "%zu dossiers due 29 days ahead", vp_val_len (vp_map_get (r, "dossiers")));
    vp_val_destroy (&r);
    //  (The hourly scan of the service may have told them already.)
    r = OK (S_CLERK, "documents.dossier.scan");
    TU_CHECK (vp_val_len (vp_map_get (r, "told")) <= 2 && !strcmp (tu_str (r, "officer"), S_HEAD),
              "scan told %zu, officer %s", vp_val_len (vp_map_get (r, "told")), tu_str (r, "officer"));
    vp_val_destroy (&r);
    r = OK (S_CLERK, "documents.dossier.scan");
    TU_CHECK (vp_val_len (vp_map_get (r, "told")) == 0, "a second scan told %zu again", vp_val_len (vp_map_get (r, "told")));
    vp_val_destroy (&r);
    tu_stack_sync (&s_stack);
    vp_val_t *events = tu_stack_events (&s_stack, "documents", "documents.dossier_archive_due", NULL, NULL);
    TU_CHECK (vp_val_len (events) == 2, "%zu dossier_archive_due events", vp_val_len (events));
    for (size_t i = 0; i < vp_val_len (events); i++) {
        vp_val_t *data = vp_map_get (vp_array_at (events, i), "data");
        TU_CHECK (!strcmp (tu_str (data, "officer"), S_HEAD) && vp_map_int (data, "due_at", 0) == due,
                  "dossier_archive_due for %s at %lld", tu_str (data, "officer"), (long long) vp_map_int (data, "due_at", 0));
    }
    vp_val_destroy (&events);
    //  ... and vp-notify turned each into one message in the head's inbox,
    //  naming the dossier and its due day in the commune's words.
    int told = 0;
    for (int tries = 0; tries < 100 && told < 2; tries++) {
        told = 0;
        vp_val_t *inbox = tu_ok_call (s_ntf, S_TENANT, S_HEAD, "notify.inbox", "limit=200");
        vp_val_t *items = vp_map_get (inbox, "items");
        for (size_t i = 0; i < vp_val_len (items); i++) {
            vp_val_t *item = vp_array_at (items, i);
            if (strcmp (tu_str (item, "cause_type"), "documents.dossier_archive_due") != 0)
                continue;
            TU_CHECK (strstr (tu_str (item, "subject"), "đến hạn nộp lưu vào Lưu trữ cơ quan ngày 21/12/2027")
                   && strstr (tu_str (item, "text"), "Mã hồ sơ: hs-0"),
                      "the head's message: %s / %s", tu_str (item, "subject"), tu_str (item, "text"));
            told++;
        }
        vp_val_destroy (&inbox);
        if (told < 2)
            zclock_sleep (50);
    }
    TU_CHECK (told == 2, "the office head has %d messages of dossiers due, not 2", told);
    tu_ok ("30 days before a closed dossier is due for the office archive it is listed and the office head told once,"
           " in the inbox: \"... đến hạn nộp lưu vào Lưu trữ cơ quan ngày 21/12/2027\"");

    //  A freeze: only the office head; no edit, no addition until lifted.
    REFUSED (VP_E_PERMISSION_DENIED, "actor", "", S_CLERK, "documents.dossier.freeze", "dossier=hs-03",
             "reason=Thử");
    DONE (S_HEAD, "documents.dossier.freeze", "dossier=hs-03", "reason=Quyết định thanh tra số 12/QĐ-TTr (mẫu)");
    REFUSED (VP_E_FAILED_PRECONDITION, "dossier", "phong tỏa", S_CLERK, "documents.dossier.update", "dossier=hs-03",
             "title=Đổi tên");
    REFUSED (VP_E_FAILED_PRECONDITION, "dossier", "phong tỏa", S_CLERK, "documents.dossier.add", "dossier=hs-03",
             s_word ("document", s_docs[0].id));
    REFUSED (VP_E_FAILED_PRECONDITION, "dossier", "phong tỏa", S_CLERK, "documents.dossier.close", "dossier=hs-03");
    DONE (S_HEAD, "documents.dossier.unfreeze", "dossier=hs-03", "reason=Kết thúc thanh tra");
    r = OK (S_CLERK, "documents.dossier.update", "dossier=hs-03", "title=Văn bản đang giải quyết (đã thanh tra)");
    TU_CHECK (!strcmp (tu_str (r, "title"), "Văn bản đang giải quyết (đã thanh tra)"), "title %s", tu_str (r, "title"));
    vp_val_destroy (&r);
    tu_ok ("a frozen dossier's edit, addition and closing are refused until the office head lifts the freeze");

    //  A set frozen on one order (IV.1.g): two documents and a dossier,
    //  all of it or nothing; then no deadline changed, no filing, no
    //  deletion, until it is lifted.
    int open = -1, done = -1;
    for (int i = 0; i < S_DOCS; i++) {
        if (open < 0 && s_docs[i].outcome == 3)
            open = i;
        if (done < 0 && s_docs[i].done_at && !strcmp (s_docs[i].type, "thong-bao"))
            done = i;
    }
    TU_CHECK (open >= 0 && done >= 0, "no open or done document for the freeze");
    DONE (S_CLERK, "documents.dossier.create", "dossier=hs-04", "title=Hồ sơ thanh tra năm 2027", "year=2027",
          "body=van-phong", "notation=04");
    const char *order = "Quyết định thanh tra số 15/QĐ-TTr (mẫu)";
    vp_val_t *set = vp_val_map ();
    vp_val_t *ids = vp_val_array ();
    vp_array_push (ids, vp_val_str (s_docs[open].id));
    vp_array_push (ids, vp_val_str ("vb-khong-co"));
    vp_map_put (set, "documents", ids);
    vp_map_put_str (set, "reason", order);
    tu_refused_args (__LINE__, VP_E_PERMISSION_DENIED, "actor", "Tổ trưởng Văn phòng", s_cli, S_TENANT, S_CLERK,
                     "documents.freeze", vp_val_dup (set));
    tu_refused_args (__LINE__, VP_E_NOT_FOUND, "documents[1]", "vb-khong-co", s_cli, S_TENANT, S_HEAD,
                     "documents.freeze", set);
    //  Nothing of the refused set was frozen: its first document is free.
    r = OK (S_HEAD, "documents.get", s_word ("document", s_docs[open].id));
    TU_CHECK (!vp_map_int (r, "frozen_at", 0), "a refused set froze %s", s_docs[open].id);
    vp_val_destroy (&r);
    set = vp_val_map ();
    ids = vp_val_array ();
    vp_array_push (ids, vp_val_str (s_docs[open].id));
    vp_array_push (ids, vp_val_str (s_docs[done].id));
    vp_map_put (set, "documents", ids);
    ids = vp_val_array ();
    vp_array_push (ids, vp_val_str ("hs-04"));
    vp_map_put (set, "dossiers", ids);
    vp_map_put_str (set, "reason", order);
    r = tu_ok_args (__LINE__, s_cli, S_TENANT, S_HEAD, "documents.freeze", vp_val_dup (set));
    TU_CHECK (vp_map_int (r, "documents", 0) == 2 && vp_map_int (r, "dossiers", 0) == 1, "the set frozen: %s",
              vp_val_to_json (r));
    vp_val_destroy (&r);
    REFUSED (VP_E_FAILED_PRECONDITION, "document", "phong tỏa", S_HEAD, "documents.deadline.set",
             s_word ("document", s_docs[open].id), "deadline_days=3");
    REFUSED (VP_E_FAILED_PRECONDITION, "document", "phong tỏa", S_CLERK, "documents.dossier.add", "dossier=hs-03",
             s_word ("document", s_docs[done].id));
    REFUSED (VP_E_FAILED_PRECONDITION, "document", "phong tỏa", S_CLERK, "documents.metadata.set",
             s_word ("document", s_docs[open].id), "pages=2");
    REFUSED (VP_E_FAILED_PRECONDITION, "document", "Quyết định thanh tra số 15", S_HEAD, "documents.archive.delete",
             s_word ("document", s_docs[done].id), "reason=Hết giá trị");
    REFUSED (VP_E_FAILED_PRECONDITION, "dossier", "phong tỏa", S_CLERK, "documents.dossier.update", "dossier=hs-04",
             "title=Đổi tên");
    REFUSED (VP_E_FAILED_PRECONDITION, "documents[0]", "đã bị phong tỏa", S_HEAD, "documents.freeze",
             s_word ("documents", s_docs[open].id), "reason=Lần nữa");
    vp_val_t *history = OK (S_HEAD, "documents.history", s_word ("document", s_docs[open].id));
    char *json = vp_val_to_json (history);
    TU_CHECK (strstr (json, "\"frozen\"") && strstr (json, "15/QĐ-TTr"), "the freeze is not on the trail: %s", json);
    free (json);
    vp_val_destroy (&history);
    r = tu_ok_args (__LINE__, s_cli, S_TENANT, S_HEAD, "documents.unfreeze", set);
    vp_val_destroy (&r);
    DONE (S_HEAD, "documents.deadline.set", s_word ("document", s_docs[open].id), "deadline_days=3");
    DONE (S_CLERK, "documents.dossier.add", "dossier=hs-04", s_word ("document", s_docs[done].id));
    tu_stack_sync (&s_stack);
    vp_val_t *frozen = tu_stack_events (&s_stack, "documents", "documents.frozen", NULL, NULL);
    TU_CHECK (vp_val_len (frozen) == 4, "%zu documents.frozen events, not 2 frozen + 2 lifted", vp_val_len (frozen));
    vp_val_destroy (&frozen);
    tu_ok ("a set of 2 documents and a dossier frozen on one order (all or nothing; the office head only): its "
           "deadline, filing, deletion and edit refused naming the order, until it is lifted");

    //  A change of the use regime waits for the office head (III.3.c).
    r = OK (S_CLERK, "documents.dossier.update", "dossier=hs-03", "rights=mat");
    TU_CHECK (!strcmp (tu_str (r, "rights"), "han-che") && !strcmp (tu_str (r, "rights_pending"), "mat")
           && strstr (tu_str (r, "warning"), "chờ"), "the clerk's change of rights applied at once: %s / %s",
              tu_str (r, "rights"), tu_str (r, "rights_pending"));
    vp_val_destroy (&r);
    REFUSED (VP_E_PERMISSION_DENIED, "actor", "Trưởng văn phòng", S_CLERK, "documents.dossier.confirm_rights",
             "dossier=hs-03");
    r = OK (S_HEAD, "documents.dossier.confirm_rights", "dossier=hs-03");
    TU_CHECK (!strcmp (tu_str (r, "rights"), "mat") && !vp_map_str (r, "rights_pending"), "confirmed rights %s",
              tu_str (r, "rights"));
    vp_val_destroy (&r);
    REFUSED (VP_E_FAILED_PRECONDITION, "dossier", "chờ xác nhận", S_HEAD, "documents.dossier.confirm_rights",
             "dossier=hs-03");
    r = OK (S_HEAD, "documents.dossier.update", "dossier=hs-03", "rights=han-che");
    TU_CHECK (!strcmp (tu_str (r, "rights"), "han-che") && !vp_map_get (r, "warning"), "the office head's own change waits");
    vp_val_destroy (&r);
    tu_ok ("a change of a dossier's use regime waits for the office head's confirmation; the head's own applies");

    //  Hand over hs-01: marked and frozen for good.
    REFUSED (VP_E_FAILED_PRECONDITION, "dossier", "chưa đóng", S_CLERK, "documents.dossier.handover", "dossier=hs-03");
    r = OK (S_CLERK, "documents.dossier.handover", "dossier=hs-01");
    TU_CHECK (vp_map_int (r, "handed_over_at", 0) && vp_map_int (r, "frozen_at", 0), "hs-01 handed over, not frozen");
    vp_val_destroy (&r);
    REFUSED (VP_E_FAILED_PRECONDITION, "dossier", "phong tỏa", S_CLERK, "documents.dossier.update", "dossier=hs-01",
             "title=Sửa");
    REFUSED (VP_E_FAILED_PRECONDITION, "dossier", "đã nộp lưu", S_HEAD, "documents.dossier.unfreeze", "dossier=hs-01",
             "reason=Thử");
    r = OK (S_HEAD, "documents.dossier.due");
    TU_CHECK (vp_val_len (vp_map_get (r, "dossiers")) == 1, "%zu due after the hand-over", vp_val_len (vp_map_get (r, "dossiers")));
    vp_val_destroy (&r);
    tu_ok ("handing over marks a dossier and freezes it; it leaves the due list");

    //  A permanent document is never deleted; nor anything of a frozen dossier.
    int permanent = -1, letter = -1;
    for (int i = 0; i < S_DOCS; i++) {
        if (permanent < 0 && s_docs[i].done_at && !strcmp (s_docs[i].type, "quyet-dinh"))
            permanent = i;
        if (letter < 0 && s_docs[i].done_at && !strcmp (s_docs[i].type, "cong-van"))
            letter = i;
    }
    tu_stack_set_clock (&s_stack, tu_local_ms (2040, 1, 5, 9, 0));
    REFUSED (VP_E_FAILED_PRECONDITION, "document", "permanent", S_HEAD, "documents.archive.delete",
             s_word ("document", s_docs[permanent].id), "reason=Hết giá trị");
    REFUSED (VP_E_FAILED_PRECONDITION, "document", "phong tỏa", S_HEAD, "documents.archive.delete",
             s_word ("document", s_docs[letter].id), "reason=Hết giá trị");
    //  Appraisal: hs-01 (10 years from 21/12/2026) is due, hs-02 (permanent) never.
    r = OK (S_HEAD, "documents.dossier.appraisal");
    vp_val_t *list = vp_map_get (r, "dossiers");
    TU_CHECK (vp_val_len (list) == 1 && !strcmp (tu_str (vp_array_at (list, 0), "dossier"), "hs-01"),
              "%zu dossiers for appraisal in 2040", vp_val_len (list));
    vp_val_destroy (&r);
    r = OK (S_HEAD, "documents.dossier.appraisal", "at=20/12/2036");
    TU_CHECK (vp_val_len (vp_map_get (r, "dossiers")) == 0, "appraisal before the 10 years ended");
    vp_val_destroy (&r);
    tu_ok ("a permanent document's deletion is refused, so is any deletion in a frozen dossier; appraisal lists"
           " hs-01 after its 10 years and never the permanent hs-02");
}

int
main (void)
{
    vp_log_init ("test_dossiers", "warn", NULL);
    static const char *const services[] = { "staffing", "documents", "notify", NULL };
    tu_stack_opts_t opts = { .demo = true, .clock = tu_local_ms (2026, 1, 2, 8, 0), .services = services };
    tu_stack_start_opts (&s_stack, "dossiers", &opts);
    snprintf (s_data, sizeof s_data, "%s/data", s_stack.bus.dir);
    s_cli = tu_stack_client (&s_stack, "documents");
    s_ntf = tu_stack_client (&s_stack, "notify");
    tu_ok ("vp-bus, vp-staffing, vp-documents and vp-notify are up with the demo district, clock at 02/01/2026");

    s_year ();
    s_dossiers ();
    s_outputs ();
    s_vpctl ();
    s_exports_dossier ();
    s_calendar ();

    printf ("test_dossiers: %d output rows checked, %d PDF pages made, %d exports in %.0f ms (%.1f ms each)\n",
            s_rows_checked, s_pdf_pages, s_exports, s_export_ms_total, s_export_ms_total / (s_exports ? s_exports : 1));
    vp_cmdcli_destroy (&s_cli);
    vp_cmdcli_destroy (&s_ntf);
    tu_stack_stop (&s_stack);
    tu_ok ("every process stopped cleanly");
    printf ("test_dossiers: %d checks passed\n", tu_checks);
    return 0;
}
