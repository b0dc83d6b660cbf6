/*  test_search_saved - the columns a search shows, saved searches and the
    export of results (Decree 30 App. VI III.6.đ, e, g, h), against a real
    bus, vp-staffing and vp-documents with the demo district and the
    injected clock (03/12/2026 09:00).

    Five documents about floods arrive, one of them Mật with a marker word.
    A Phó Chủ tịch not cleared for Mật:
      (a) searches with chosen columns: each row holds its id and those
          only; an unknown column is refused naming the field and value;
      (b) saves the search, saves it again under the same name (one
          search, its columns replaced), lists it (the office head's list
          is empty), runs it (four documents: not the Mật one); the office
          head cannot run his;
      (c) exports it as PDF (pdftotext: the four numbers, the print mark
          with his name and id and the time, no Mật text) and as DOCX
          (word/document.xml read with python's zipfile: one table row per
          document and the mark; no Mật text); the office head's export of
          the same words holds the Mật one; documents.export.list names who
          and when; documents.export.get gives his file to him only;
      (d) deletes it: the list is empty and running it is not_found.
*/
#include <string.h>
#include "testutil.h"

#define S_TENANT "lam-son"
#define S_CLERK "ls-nguyen-van-cong"
#define S_HEAD "ls-phan-thi-mau-truong"
#define S_PCT "ls-pham-van-mau-bon"
#define S_MARKER "MATLUTBAOXYZ"

static tu_stack_t s_stack;
static vp_cmdcli_t *s_cli;

#define OK(actor, ...) tu_ok_call (s_cli, S_TENANT, actor, __VA_ARGS__)
#define REFUSED(code, field, says, actor, ...) tu_refused (code, field, says, s_cli, S_TENANT, actor, __VA_ARGS__)

static const char *const s_numbers[] = { "201/UBND-VP", "202/UBND-VP", "203/UBND-VP", "204/UBND-VP", "205/CA-VP" };

static int
s_count (const char *text, const char *what)
{
    int n = 0;
    for (const char *p = strstr (text, what); p; p = strstr (p + 1, what))
        n++;
    return n;
}

int
main (void)
{
    int64_t now = tu_local_ms (2026, 12, 3, 9, 0);
    tu_stack_opts_t opts = { .demo = true, .clock = now,
                             .services = (const char *const[]) { "staffing", "documents", NULL } };
    tu_stack_start_opts (&s_stack, "search-saved", &opts);
    s_cli = tu_stack_client (&s_stack, "documents");
    for (int i = 0; i < 5; i++) {
        char number[80], summary[200], secrecy[40];
        snprintf (number, sizeof number, "number=%s", s_numbers[i]);
        snprintf (summary, sizeof summary, "summary=Kế hoạch phòng chống lụt bão đợt %d%s", i + 1,
                  i == 4 ? " " S_MARKER : "");
        snprintf (secrecy, sizeof secrecy, "secrecy=%s", i == 4 ? "mat" : "thuong");
        tu_drop (OK (S_CLERK, "documents.register", "issuer=UBND huyện Đô Lương", number, "doc_date=01/12/2026",
                     "type=cong-van", summary, secrecy, "deadline=10/12/2026 17:00"));
    }

    //  (a) the columns shown
    vp_val_t *r = OK (S_PCT, "documents.search", "q=lụt bão", "fields=number,summary");
    const vp_val_t *rows = vp_map_get (r, "rows");
    CHECK (vp_map_int (r, "total", 0) == 4 && vp_val_len (rows) == 4, "he finds four (not the Mật one): %lld",
           (long long) vp_map_int (r, "total", 0));
    const vp_val_t *row = vp_array_at ((vp_val_t *) rows, 0);
    CHECK (vp_val_len (row) == 3 && vp_map_str (row, "document") && vp_map_str (row, "number")
           && vp_map_str (row, "summary") && !vp_map_get (row, "issuer"),
           "a row holds its id and the two columns chosen (%zu keys)", vp_val_len (row));
    CHECK (vp_val_len (vp_map_get (r, "fields")) == 2, "the answer names the columns shown");
    vp_val_destroy (&r);
    REFUSED (VP_E_INVALID_ARGUMENT, "args.fields[1]", "fields[1] \"ngay-ky\" is not one of", S_PCT, "documents.search", "q=lụt", "fields=number,ngay-ky");

    //  (b) saved
    r = OK (S_PCT, "documents.search.save", "name=Lụt bão", "q=lụt bão", "fields=number,issuer");
    int64_t saved = vp_map_int (r, "saved", 0);
    vp_val_destroy (&r);
    r = OK (S_PCT, "documents.search.save", "name=Lụt bão", "q=lụt bão", "fields=label,number,summary,status",
            "sort=number", "order=asc");
    CHECK (saved > 0 && vp_map_int (r, "saved", 0) == saved, "saved again under its name: the same search (%lld)",
           (long long) saved);
    vp_val_destroy (&r);
    r = OK (S_PCT, "documents.search.list");
    const vp_val_t *list = vp_map_get (r, "searches");
    CHECK (vp_val_len (list) == 1 && !strcmp (tu_str (vp_array_at (list, 0), "name"), "Lụt bão")
           && vp_val_len (vp_map_get (vp_array_at (list, 0), "fields")) == 4
           && !strcmp (tu_str (vp_map_get (vp_array_at (list, 0), "search"), "q"), "lụt bão"),
           "his list: one search, its words and its four columns");
    vp_val_destroy (&r);
    r = OK (S_HEAD, "documents.search.list");
    CHECK (vp_val_len (vp_map_get (r, "searches")) == 0, "the office head's list has none of his");
    vp_val_destroy (&r);
    char w_saved[40];
    snprintf (w_saved, sizeof w_saved, "saved=%lld", (long long) saved);
    r = OK (S_PCT, "documents.search.run", w_saved);
    rows = vp_map_get (r, "rows");
    CHECK (vp_map_int (r, "total", 0) == 4 && vp_val_len (rows) == 4
           && !strcmp (tu_str (vp_array_at ((vp_val_t *) rows, 0), "number"), s_numbers[0])
           && !strcmp (tu_str (vp_array_at ((vp_val_t *) rows, 3), "number"), s_numbers[3])
           && !vp_map_get (vp_array_at ((vp_val_t *) rows, 0), "issuer"),
           "run: four, by number ascending, in its columns");
    vp_val_destroy (&r);
    REFUSED (VP_E_NOT_FOUND, "saved", "không có tìm kiếm đã lưu", S_HEAD, "documents.search.run", w_saved);

    //  (c) exports
    tu_stack_set_clock (&s_stack, now + 15 * 60 * 1000);
    r = OK (S_PCT, "documents.search.export", "format=pdf", w_saved);
    char cmd[2400];
    snprintf (cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' -", tu_str (r, "path"));
    char *text = tu_output (cmd);
    bool all = true;
    for (int i = 0; i < 4; i++)
        all = all && strstr (text, s_numbers[i]);
    CHECK (all && vp_map_int (r, "total", 0) == 4, "the PDF holds the four numbers:\n%.1500s", text);
    CHECK (strstr (text, "In bởi Phạm Văn Mẫu Bốn (" S_PCT ") lúc 09:15 03/12/2026") && strstr (text, "Lụt bão"),
           "the PDF has the print mark (who, when) and names the search:\n%.1500s", text);
    CHECK (!strstr (text, S_MARKER) && !strstr (text, s_numbers[4]), "the Mật document is not in his PDF");
    char pct_pdf[80];
    snprintf (pct_pdf, sizeof pct_pdf, "sha256=%s", tu_str (r, "sha256"));
    free (text);
    vp_val_destroy (&r);

    r = OK (S_PCT, "documents.search.export", "format=docx", w_saved);
    const char *docx = tu_str (r, "path");
    snprintf (cmd, sizeof cmd, "/usr/bin/python3 -c \"import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]);"
              " assert z.testzip() is None; n=z.namelist(); assert '[Content_Types].xml' in n, n;"
              " sys.stdout.write(z.read('word/document.xml').decode())\" '%s'", docx);
    text = tu_output (cmd);
    all = true;
    for (int i = 0; i < 4; i++)
        all = all && strstr (text, s_numbers[i]);
    CHECK (all && s_count (text, "<w:tr>") == 5, "document.xml: a heading row and one row per document (%d rows)",
           s_count (text, "<w:tr>"));
    CHECK (strstr (text, "Trích yếu") && strstr (text, "Kế hoạch phòng chống lụt bão đợt 1")
           && strstr (text, "In bởi Phạm Văn Mẫu Bốn (" S_PCT ")"), "its columns, summaries and the mark");
    CHECK (!strstr (text, S_MARKER) && !strstr (text, s_numbers[4]), "the Mật document is not in his DOCX");
    free (text);
    vp_val_destroy (&r);

    r = OK (S_HEAD, "documents.search.export", "format=docx", "q=lụt bão", "fields=number,summary");
    snprintf (cmd, sizeof cmd, "/usr/bin/python3 -c \"import zipfile,sys;"
              " sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read('word/document.xml').decode())\" '%s'",
              tu_str (r, "path"));
    text = tu_output (cmd);
    CHECK (strstr (text, S_MARKER) && strstr (text, s_numbers[4]) && vp_map_int (r, "total", 0) == 5,
           "the office head, cleared for Mật, has all five");
    free (text);
    vp_val_destroy (&r);

    r = OK (S_HEAD, "documents.export.list");
    const vp_val_t *log = vp_map_get (r, "exports");
    int by_pct = 0, by_head = 0;
    for (size_t i = 0; i < vp_val_len (log); i++) {
        const vp_val_t *e = vp_array_at ((vp_val_t *) log, i);
        if (strcmp (tu_str (e, "what"), "search"))
            continue;
        bool at_time = vp_map_int (e, "at", 0) == now + 15 * 60 * 1000;
        by_pct += at_time && !strcmp (tu_str (e, "actor"), S_PCT) && !strcmp (tu_str (e, "target"), "Lụt bão");
        by_head += at_time && !strcmp (tu_str (e, "actor"), S_HEAD) && !strcmp (tu_str (e, "format"), "docx");
    }
    CHECK (by_pct == 2 && by_head == 1, "the export log: his two, her one, each with who and when (%d, %d)", by_pct,
           by_head);
    vp_val_destroy (&r);
    r = OK (S_PCT, "documents.export.get", pct_pdf);
    CHECK (!strcmp (tu_str (r, "mime"), "application/pdf") && vp_map_int (r, "size", 0) > 1000
           && vp_val_len (vp_map_get (r, "data")) == (size_t) vp_map_int (r, "size", 0),
           "export.get: his PDF to him (%lld bytes)", (long long) vp_map_int (r, "size", 0));
    vp_val_destroy (&r);
    REFUSED (VP_E_NOT_FOUND, "sha256", "không có bản xuất", S_HEAD, "documents.export.get", pct_pdf);

    //  (d) deleted
    tu_drop (OK (S_PCT, "documents.search.delete", w_saved));
    r = OK (S_PCT, "documents.search.list");
    CHECK (vp_val_len (vp_map_get (r, "searches")) == 0, "deleted: his list is empty");
    vp_val_destroy (&r);
    REFUSED (VP_E_NOT_FOUND, "saved", "không có tìm kiếm đã lưu", S_PCT, "documents.search.run", w_saved);
    REFUSED (VP_E_NOT_FOUND, "saved", "không có tìm kiếm đã lưu", S_PCT, "documents.search.export", "format=pdf",
             w_saved);

    vp_cmdcli_destroy (&s_cli);
    tu_stack_stop (&s_stack);
    printf ("test_search_saved: %d checks passed\n", tu_checks);
    return 0;
}
