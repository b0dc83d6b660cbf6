/*  test_file_text - the words of a document's files find it (Decree 30
    App. VI III.6.d), and how often documents and dossiers are opened
    (III.6.a).

    Starts vp-bus, vp-staffing and vp-documents with the demo district. The
    clerk of Lam Sơn registers documents whose files hold words their
    summaries do not (the PDFs are made here with cairo and pango, in
    Vietnamese). Checks that:
      (a) a PDF with a text layer: documents.search finds the document by a
          word of the file, typed without accents;
      (b) a scan (a PDF whose page is only an image): found by a word read
          by OCR once the background work is done; while it runs, a
          documents.get is answered at once and says the file is pending;
      (c) a secret (mật) document's file text is not found by an officer
          not cleared for it, and is by one who is;
      (d) vp-documents killed while a scan waits for its OCR: started
          again, it reads the file then, and the document is found once;
      (d') stopped (SIGTERM) in the middle of a 5-page scan: it stops at
          once, and the read is done whole after the restart, not counted
          as a failed attempt;
      (e) each documents.get counts one more open (in the answer); each
          documents.dossier.get and .export one more of the dossier, shown
          in the dossier and in documents.dossier.stats with its
          documents' opens;
      (f) a record destroyed at the end of its retention is no longer found
          by its file's words, and its text is not kept.
*/
#include <string.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <fontconfig/fontconfig.h>
#include "testutil.h"

#define TENANT "lam-son"
#define CLERK "ls-nguyen-van-cong"          //  cleared: mật
#define HEAD "ls-phan-thi-mau-truong"       //  Tổ trưởng Văn phòng (mật)
#define LOW "ls-pham-van-mau-bon"           //  Phó Chủ tịch UBND (thường)

static tu_stack_t s_stack;
static vp_cmdcli_t *s_cli;

static cairo_status_t
s_write (void *closure, const unsigned char *data, unsigned int length)
{
    fwrite (data, 1, length, (FILE *) closure);
    return CAIRO_STATUS_SUCCESS;
}

static void
s_lines (cairo_t *cr, const char *text, double size, double width)
{
    PangoLayout *layout = pango_cairo_create_layout (cr);
    PangoFontDescription *font = pango_font_description_from_string ("DejaVu Sans");
    pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
    pango_layout_set_font_description (layout, font);
    pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
    pango_layout_set_text (layout, text, -1);
    cairo_set_source_rgb (cr, 0, 0, 0);
    pango_cairo_show_layout (cr, layout);
    pango_font_description_free (font);
    g_object_unref (layout);
}

//  A PDF of pages pages (width x height pt) with text: as text (a text
//  layer) or, scanned, as an image of it at 300 dpi and nothing else.
static vp_val_t *
s_pdf_pages (const char *text, bool scanned, double width, double height, int pages)
{
    char *bytes = NULL;
    size_t size = 0;
    FILE *mem = open_memstream (&bytes, &size);
    cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream (s_write, mem, width, height);
    cairo_t *cr = cairo_create (pdf);
    for (int page = 0; page < pages; page++) {
    cairo_save (cr);
    if (scanned) {
        double scale = 300.0 / 72.0;
        cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) (width * scale),
                                                             (int) (height * scale));
        cairo_t *ic = cairo_create (image);
        cairo_set_source_rgb (ic, 1, 1, 1);
        cairo_paint (ic);
        cairo_scale (ic, scale, scale);
        cairo_move_to (ic, 24, 24);
        s_lines (ic, text, 18, width - 48);
        cairo_destroy (ic);
        cairo_scale (cr, 1 / scale, 1 / scale);
        cairo_set_source_surface (cr, image, 0, 0);
        cairo_paint (cr);
        cairo_surface_destroy (image);
    }
    else {
        cairo_move_to (cr, 36, 36);
        s_lines (cr, text, 12, width - 72);
    }
    cairo_restore (cr);
    cairo_show_page (cr);
    }
    cairo_destroy (cr);
    cairo_surface_finish (pdf);
    cairo_surface_destroy (pdf);
    fclose (mem);
    vp_val_t *v = vp_val_bin (bytes, size);
    free (bytes);
    return v;
}

static vp_val_t *
s_pdf (const char *text, bool scanned, double width, double height)
{
    return s_pdf_pages (text, scanned, width, height, 1);
}

//  Register a document with one file; its id into document.
static void
s_register (int line, const char *number, const char *summary, const char *secrecy, const char *name, vp_val_t *pdf,
            char document[64])
{
    vp_val_t *args = vp_val_map ();
    vp_map_put_str (args, "issuer", "Phòng Nông nghiệp huyện Đô Lương");
    vp_map_put_str (args, "number", number);
    vp_map_put_int (args, "doc_date", tu_local_ms (2026, 11, 25, 0, 0));
    vp_map_put_str (args, "type", "cong-van");
    vp_map_put_str (args, "summary", summary);
    vp_map_put_str (args, "secrecy", secrecy);
    vp_map_put_int (args, "arrived_at", tu_local_ms (2026, 11, 27, 8, 0));
    vp_val_t *list = vp_val_array ();
    vp_val_t *file = vp_val_map ();
    vp_map_put_str (file, "name", name);
    vp_map_put (file, "content", pdf);
    vp_array_push (list, file);
    vp_map_put (args, "attachments", list);
    vp_val_t *r = tu_ok_args (line, s_cli, TENANT, CLERK, "documents.register", args);
    snprintf (document, 64, "%s", tu_str (r, "document"));
    vp_val_destroy (&r);
}

//  documents.search {q}: how many, and the documents joined.
static int64_t
s_search (int line, const char *actor, const char *q, char **documents)
{
    vp_val_t *args = vp_val_map ();
    vp_map_put_str (args, "q", q);
    vp_val_t *r = tu_ok_args (line, s_cli, TENANT, actor, "documents.search", args);
    int64_t total = vp_map_int (r, "total", -1);
    if (documents)
        *documents = tu_join (vp_map_get (r, "rows"), "document");
    vp_val_destroy (&r);
    return total;
}

static vp_val_t *
s_get (int line, const char *actor, const char *document)
{
    char word[80];
    snprintf (word, sizeof word, "document=%s", document);
    return tu_ok_at (line, s_cli, TENANT, actor, "documents.get", word, NULL);
}

//  The file text row of the document's one file (a copy; caller destroys).
static vp_val_t *
s_file_text (int line, const char *document)
{
    vp_val_t *r = s_get (line, CLERK, document);
    const vp_val_t *rows = vp_map_get (r, "file_text");
    TU_CHECK (vp_val_len (rows) == 1, "line %d: %s has %zu file_text rows", line, document, vp_val_len (rows));
    vp_val_t *row = vp_val_dup (vp_array_at (rows, 0));
    vp_val_destroy (&r);
    return row;
}

//  Wait (at most timeout_ms) until the document's file is read; its row.
static vp_val_t *
s_wait_text (int line, const char *document, int timeout_ms)
{
    int64_t until = zclock_mono () + timeout_ms;
    while (true) {
        vp_val_t *row = s_file_text (line, document);
        if (strcmp (tu_str (row, "status"), "pending") != 0 || zclock_mono () > until)
            return row;
        vp_val_destroy (&row);
        tu_sleep_ms (200);
    }
}

int
main (void)
{
    tu_stack_opts_t opts = { .demo = true, .services = (const char *const[]) { "staffing", "documents", NULL } };
    tu_stack_start_opts (&s_stack, "file_text", &opts);
    s_cli = tu_stack_client (&s_stack, "documents");
    tu_stack_set_clock (&s_stack, tu_local_ms (2026, 11, 27, 9, 0));

    //  (a) a text layer
    char text_doc[64];
    s_register (__LINE__, "12/NN", "Về việc triển khai công tác thủy lợi", "thuong", "ke-hoach.pdf",
                s_pdf ("Kế hoạch nạo vét kênh mương nội đồng vụ Đông Xuân", false, 595, 842), text_doc);
    CHECK (s_search (__LINE__, CLERK, "kenh muong", NULL) == 0, "not by the file's words before it is read");
    vp_val_t *row = s_wait_text (__LINE__, text_doc, 20000);
    CHECK (strcmp (tu_str (row, "status"), "done") == 0 && vp_map_int (row, "ocr_pages", -1) == 0
           && vp_map_int (row, "chars", 0) > 30, "the text layer is read: %s", vp_val_to_json (row));
    vp_val_destroy (&row);
    char *found = NULL;
    CHECK (s_search (__LINE__, CLERK, "kenh muong", &found) == 1 && strcmp (found, text_doc) == 0,
           "a word of the file finds %s: %s", text_doc, found);
    free (found);
    tu_ok ("(a) a PDF's text layer: the document is found by its file's words");

    //  (b) a scan, read by OCR while the service answers
    char scan_doc[64];
    int64_t began = zclock_mono ();
    s_register (__LINE__, "13/NN", "Về việc phòng dịch cho đàn vật nuôi", "thuong", "thong-bao-quet.pdf",
                s_pdf ("THÔNG BÁO\nLịch tiêm phòng gia súc tháng mười hai", true, 420, 200), scan_doc);
    int64_t at = zclock_mono ();
    row = s_file_text (__LINE__, scan_doc);
    int64_t answered = zclock_mono () - at;
    CHECK (strcmp (tu_str (row, "status"), "pending") == 0 && answered < 1000,
           "while the scan is read, documents.get answers in %lld ms: %s", (long long) answered,
           vp_val_to_json (row));
    vp_val_destroy (&row);
    row = s_wait_text (__LINE__, scan_doc, 30000);
    CHECK (strcmp (tu_str (row, "status"), "done") == 0 && vp_map_int (row, "ocr_pages", 0) == 1,
           "the scan is read by OCR: %s", vp_val_to_json (row));
    int64_t ocr_ms = vp_map_int (row, "ms", 0);
    vp_val_destroy (&row);
    CHECK (s_search (__LINE__, CLERK, "tiem phong", &found) == 1 && strcmp (found, scan_doc) == 0,
           "a word read by OCR finds %s: %s", scan_doc, found);
    free (found);
    CHECK (s_search (__LINE__, CLERK, "gia suc", NULL) == 1, "another word of the scan finds it");
    tu_ok ("(b) a scan is read in the background (%lld ms for its page, %lld ms from registration), "
           "and found by its words", (long long) ocr_ms, (long long) (zclock_mono () - began));

    //  (c) a secret document's file text
    char secret_doc[64];
    s_register (__LINE__, "14/NN", "Về việc bảo đảm an ninh khu vực", "mat", "phuong-an.pdf",
                s_pdf ("Phương án diễn tập phòng thủ dân sự xã Lam Sơn", false, 595, 842), secret_doc);
    row = s_wait_text (__LINE__, secret_doc, 20000);
    CHECK (strcmp (tu_str (row, "status"), "done") == 0, "the secret file is read: %s", vp_val_to_json (row));
    vp_val_destroy (&row);
    CHECK (s_search (__LINE__, LOW, "dien tap", NULL) == 0, "an officer not cleared for mật does not find it");
    CHECK (s_search (__LINE__, LOW, "phong thu dan su", NULL) == 0, "nor by other words of its file");
    CHECK (s_search (__LINE__, HEAD, "phong thu dan su", NULL) == 1, "which find it for the office head");
    CHECK (s_search (__LINE__, HEAD, "dien tap", &found) == 1 && strcmp (found, secret_doc) == 0,
           "the office head (mật) finds %s: %s", secret_doc, found);
    free (found);
    tu_ok ("(c) a secret document's file text is found only by those cleared for it");

    //  (d) killed while a scan waits
    char killed_doc[64];
    s_register (__LINE__, "15/NN", "Về việc chuẩn bị vụ mới", "thuong", "lich-quet.pdf",
                s_pdf_pages ("Lịch gieo cấy lúa xuân trên cánh đồng mẫu\nCác thôn đăng ký giống lúa và phân bón trước ngày 15",
                             true, 420, 200, 6), killed_doc);
    //  Killed once the worker has it (its attempt counted), before it ends:
    //  six pages of OCR, so that the kill lands inside the read even on a
    //  loaded machine (one page could end between two looks).
    for (int64_t until = zclock_mono () + 10000; ; tu_sleep_ms (20)) {
        row = s_file_text (__LINE__, killed_doc);
        if (vp_map_int (row, "attempts", 0) > 0 || zclock_mono () > until)
            break;
        vp_val_destroy (&row);
    }
    CHECK (strcmp (tu_str (row, "status"), "pending") == 0 && vp_map_int (row, "attempts", 0) == 1,
           "with the worker when killed: %s", vp_val_to_json (row));
    vp_val_destroy (&row);
    tu_stack_restart (&s_stack, "documents", SIGKILL);
    vp_cmdcli_destroy (&s_cli);
    s_cli = tu_stack_client (&s_stack, "documents");
    row = s_wait_text (__LINE__, killed_doc, 30000);
    CHECK (strcmp (tu_str (row, "status"), "done") == 0 && vp_map_int (row, "attempts", 0) == 2,
           "read again after the restart: %s", vp_val_to_json (row));
    vp_val_destroy (&row);
    CHECK (s_search (__LINE__, CLERK, "gieo cay", &found) == 1 && strcmp (found, killed_doc) == 0,
           "found once after the restart: %s", found);
    free (found);
    char db[1200];
    snprintf (db, sizeof db, "%s/data/documents.db", s_stack.bus.dir);
    CHECK (tu_sql_int (db, "SELECT count (*) FROM doc_file_text WHERE status = 'pending'") == 0,
           "nothing left pending");
    CHECK (s_search (__LINE__, CLERK, "kenh muong", NULL) == 1, "the text read before the kill is still found");
    tu_ok ("(d) killed while a scan waited: read once after the restart");

    //  (d') stopped cleanly in the middle of a long scan: it ends at once and
    //  the interrupted read is not counted as a failed attempt
    char stopped_doc[64];
    s_register (__LINE__, "16/NN", "Về việc thống kê diện tích gieo trồng", "thuong", "so-lieu-quet.pdf",
                s_pdf_pages ("Bảng tổng hợp diện tích khoai lang và ngô đông", true, 420, 200, 5), stopped_doc);
    for (int64_t until = zclock_mono () + 10000; ; tu_sleep_ms (20)) {
        row = s_file_text (__LINE__, stopped_doc);
        if (vp_map_int (row, "attempts", 0) > 0 || zclock_mono () > until)
            break;
        vp_val_destroy (&row);
    }
    vp_val_destroy (&row);
    at = zclock_mono ();
    tu_stack_restart (&s_stack, "documents", SIGTERM);
    int64_t stop_ms = zclock_mono () - at;
    vp_cmdcli_destroy (&s_cli);
    s_cli = tu_stack_client (&s_stack, "documents");
    row = s_wait_text (__LINE__, stopped_doc, 30000);
    CHECK (strcmp (tu_str (row, "status"), "done") == 0 && vp_map_int (row, "attempts", 0) == 1
           && vp_map_int (row, "ocr_pages", 0) == 5, "read whole after the restart, one attempt: %s",
           vp_val_to_json (row));
    vp_val_destroy (&row);
    CHECK (s_search (__LINE__, CLERK, "khoai lang", NULL) == 1, "and found");
    tu_ok ("(d') stopped in the middle of a 5-page scan: restarted in %lld ms, read whole after", (long long) stop_ms);

    //  (e) opens
    vp_val_t *r = s_get (__LINE__, CLERK, text_doc);
    int64_t opens = vp_map_int (r, "opens", -1);
    vp_val_destroy (&r);
    r = s_get (__LINE__, HEAD, text_doc);
    CHECK (opens >= 1 && vp_map_int (r, "opens", -1) == opens + 1, "each get counts: %lld then %lld",
           (long long) opens, (long long) vp_map_int (r, "opens", -1));
    opens = vp_map_int (r, "opens", -1);
    vp_val_destroy (&r);
    char word[80];
    snprintf (word, sizeof word, "document=%s", text_doc);
    vp_cmdcli_t *admin = tu_stack_admin (&s_stack, "documents");
    tu_drop (tu_ok_call (admin, TENANT, "", "documents.organ.set", "body=van-phong", "organ_id=000.00.31.H40"));
    vp_cmdcli_destroy (&admin);
    tu_drop (tu_ok_call (s_cli, TENANT, CLERK, "documents.dossier.create", "dossier=hs-tl",
                         "title=Hồ sơ thủy lợi năm 2026", "year=2026", "body=van-phong", "notation=09"));
    tu_drop (tu_ok_call (s_cli, TENANT, CLERK, "documents.dossier.add", "dossier=hs-tl", word));
    r = tu_ok_call (s_cli, TENANT, CLERK, "documents.dossier.get", "dossier=hs-tl");
    CHECK (vp_map_int (r, "opens", -1) == 1, "the dossier's first get: opens %lld", (long long) vp_map_int (r, "opens", -1));
    vp_val_destroy (&r);
    r = tu_ok_call (s_cli, TENANT, HEAD, "documents.dossier.get", "dossier=hs-tl");
    CHECK (vp_map_int (r, "opens", -1) == 2, "the second: opens %lld", (long long) vp_map_int (r, "opens", -1));
    vp_val_destroy (&r);
    r = tu_ok_call (s_cli, TENANT, CLERK, "documents.dossier.export", "dossier=hs-tl", "format=xml");
    vp_val_destroy (&r);
    r = tu_ok_call (s_cli, TENANT, CLERK, "documents.dossier.stats", "year=2026");
    const vp_val_t *mine = NULL;
    for (size_t i = 0; i < vp_val_len (vp_map_get (r, "officers")); i++)
        if (strcmp (tu_str (vp_array_at (vp_map_get (r, "officers"), i), "officer"), CLERK) == 0)
            mine = vp_array_at (vp_map_get (r, "officers"), i);
    CHECK (mine && vp_map_int (mine, "opens", -1) == 3 && vp_map_int (mine, "document_opens", -1) == opens,
           "documents.dossier.stats: the clerk's dossier opened 3 times (2 gets, 1 export), its document %lld: %s",
           (long long) opens, vp_val_to_json (r));
    vp_val_destroy (&r);
    //  The gets' counts are kept in memory a few seconds: a clean stop stores them.
    tu_stack_restart (&s_stack, "documents", SIGTERM);
    vp_cmdcli_destroy (&s_cli);
    s_cli = tu_stack_client (&s_stack, "documents");
    r = tu_ok_call (s_cli, TENANT, CLERK, "documents.dossier.get", "dossier=hs-tl");
    CHECK (vp_map_int (r, "opens", -1) == 4, "after a restart the count goes on: %lld",
           (long long) vp_map_int (r, "opens", -1));
    vp_val_destroy (&r);
    tu_ok ("(e) each get of a document counts an open; the dossier's gets and exports too, in stats");

    //  (f) a record destroyed at the end of its retention takes its file text
    r = s_get (__LINE__, CLERK, killed_doc);
    char assignee[80];
    snprintf (assignee, sizeof assignee, "%s", vp_map_str (r, "officer") ? vp_map_str (r, "officer") : HEAD);
    vp_val_destroy (&r);
    snprintf (word, sizeof word, "document=%s", killed_doc);
    tu_drop (tu_ok_call (s_cli, TENANT, assignee, "documents.start", word));
    tu_drop (tu_ok_call (s_cli, TENANT, assignee, "documents.done", word));
    r = tu_ok_call (s_cli, TENANT, HEAD, "documents.archive.file", word, "dossier=hs-tl");
    int64_t review_at = vp_map_int (r, "review_at", 0);
    vp_val_destroy (&r);
    CHECK (review_at > 0, "filed for a period");
    tu_stack_set_clock (&s_stack, review_at + 24 * 3600 * 1000LL);
    tu_drop (tu_ok_call (s_cli, TENANT, HEAD, "documents.archive.delete", word, "reason=Hết giá trị (thử)"));
    CHECK (s_search (__LINE__, CLERK, "gieo cay", NULL) == 0, "a destroyed record is not found by its file's words");
    char sql[300];
    snprintf (sql, sizeof sql, "SELECT count (*) FROM doc_file_text WHERE document = '%s'", killed_doc);
    CHECK (tu_sql_int (db, sql) == 0, "nor is its file text kept");
    CHECK (s_search (__LINE__, CLERK, "kenh muong", NULL) == 1, "the others' still are");
    tu_ok ("(f) a destroyed record takes its file text out of search");

    vp_cmdcli_destroy (&s_cli);
    tu_stack_stop (&s_stack);
    //  What pango, cairo and fontconfig keep for the process, let go (for a leak checker).
    pango_cairo_font_map_set_default (NULL);
    cairo_debug_reset_static_data ();
    FcFini ();
    printf ("test_file_text: %d checks passed\n", tu_checks);
    return 0;
}
