/*  test_attachment - a document's large file, put and got in chunks.

    Starts vp-bus, vp-staffing and vp-documents with the demo district. The
    clerk of Lam Sơn registers a document and adds a 1.3 MB scan to it with
    documents.attachment.put, 192 KB at a time, then reads it back with
    documents.attachment.get. Checks that:
      (a) a chunk out of order is refused, naming the offset expected;
      (b) a chunk sent again (its answer lost: a new request) gets the same
          answer and the file is the same; other bytes at an offset already
          written are refused (offset 0 starts the file again);
      (c) the stored file is the bytes sent (its SHA-256 and every chunk read
          back), recorded once, with one "attached" step;
      (d) a file whose bytes do not match the SHA-256 named is refused at its
          last chunk, naming sha256, and leaves no record;
      (e) reading the whole file back is one "downloaded" in the access
          trail, not one per chunk;
      (f) another commune's officer gets not_found for the file;
      (g) each file's pages are counted as its last chunk lands (the scan's
          PDF 1, a 3-page PDF 3, a PNG 1) and the document's page count, left
          empty by the clerk, is their sum; a PDF that poppler cannot open is
          refused at its last chunk in Vietnamese naming the file, and
          leaves no record.
*/
#include <string.h>
#include "testutil.h"

#define TENANT "lam-son"
#define CLERK "ls-nguyen-van-cong"
#define OTHER "gst-dang-xuan-quang"
#define CHUNK (192 * 1024)

static tu_stack_t s_stack;
static vp_cmdcli_t *s_cli;

//  The scan: the test fixture's PDF grown with PDF comments.
static char *
s_scan (size_t *size)
{
    char *bytes = NULL;
    FILE *mem = open_memstream (&bytes, size);
    FILE *in = fopen (VP_SOURCE_DIR "/tests/fixtures/web-giay-moi.pdf", "rb");
    TU_CHECK (in != NULL, "the fixture PDF");
    char buf[4096];
    size_t got;
    while ((got = fread (buf, 1, sizeof buf, in)) > 0)
        fwrite (buf, 1, got, mem);
    fclose (in);
    for (int i = 0; i < 20000; i++)
        fprintf (mem, "%% trang quet %06d ...............................................\n", i);
    fclose (mem);
    return bytes;
}

static vp_val_t *
s_put_args (const char *document, const char *sha, const char *bytes, size_t size, size_t at, size_t n)
{
    vp_val_t *args = vp_val_map ();
    vp_map_put_str (args, "document", document);
    vp_map_put_str (args, "name", "cong-van-quet.pdf");
    vp_map_put_str (args, "sha256", sha);
    vp_map_put_int (args, "offset", (int64_t) at);
    vp_map_put_int (args, "total", (int64_t) size);
    vp_map_put (args, "data", vp_val_bin (bytes + at, n));
    return args;
}

static size_t
s_n (size_t size, size_t at)
{
    return size - at < CHUNK ? size - at : CHUNK;
}

int
main (void)
{
    tu_stack_opts_t opts = { .demo = true, .services = (const char *const[]) { "staffing", "documents", NULL } };
    tu_stack_start_opts (&s_stack, "attachment", &opts);
    s_cli = tu_stack_client (&s_stack, "documents");
    char db[1200];
    snprintf (db, sizeof db, "%s/data/documents.db", s_stack.bus.dir);

    vp_val_t *r = tu_ok_call (s_cli, TENANT, CLERK, "documents.register", "issuer=UBND huyện Đô Lương",
                              "number=31/UBND-VP", "doc_date=30/11/2026", "type=cong-van",
                              "summary=Về việc gửi hồ sơ quét");
    char document[64];
    snprintf (document, sizeof document, "%s", tu_str (r, "document"));
    vp_val_destroy (&r);

    size_t size = 0;
    char *bytes = s_scan (&size);
    char sha[VP_SHA256_HEX];
    vp_sha256_hex (bytes, size, sha);
    CHECK (size > 6 * CHUNK, "the scan is %zu bytes: %zu chunks", size, (size + CHUNK - 1) / CHUNK);

    //  (a) the second chunk first
    vp_err_t err = { 0 };
    r = NULL;
    int rc = vp_cmdcli_call (s_cli, "documents.attachment.put", TENANT, CLERK,
                             s_put_args (document, sha, bytes, size, CHUNK, CHUNK), 10000, &r, &err);
    CHECK (rc == -1 && err.code == VP_E_FAILED_PRECONDITION && strcmp (err.field, "offset") == 0
           && strstr (err.message, "offset 0"), "a chunk out of order is refused: %s", err.message);
    vp_val_destroy (&r);

    //  (b), (c) every chunk in order; the first and the third twice
    for (size_t at = 0; at < size; at += CHUNK) {
        int times = at == 0 || at == 2 * CHUNK ? 2 : 1;
        for (int t = 0; t < times; t++) {
            r = tu_ok_args (__LINE__, s_cli, TENANT, CLERK, "documents.attachment.put",
                            s_put_args (document, sha, bytes, size, at, s_n (size, at)));
            CHECK (vp_map_int (r, "received", -1) == (int64_t) (at + s_n (size, at)),
                   "chunk at %zu%s: received %lld", at, t ? " sent again" : "", (long long) vp_map_int (r, "received", -1));
            bool last = at + CHUNK >= size;
            if (last)
                CHECK (vp_map_bool (r, "complete", false) && strcmp (tu_str (r, "mime"), "application/pdf") == 0
                       && vp_map_int (r, "pages", 0) == 1,
                       "the last chunk stores the file (application/pdf, 1 page)");
            vp_val_destroy (&r);
        }
        if (at == 2 * CHUNK) {
            //  other bytes where a chunk is written already
            vp_val_t *args = s_put_args (document, sha, bytes, size, CHUNK, CHUNK);
            vp_map_put (args, "data", vp_val_bin (bytes + 3 * CHUNK, CHUNK));
            rc = vp_cmdcli_call (s_cli, "documents.attachment.put", TENANT, CLERK, args, 10000, &r, &err);
            CHECK (rc == -1 && strcmp (err.field, "offset") == 0 && strstr (err.message, "offset 589824"),
                   "other bytes at an offset written are refused, naming the offset to send from: %s", err.message);
            vp_val_destroy (&r);
        }
    }
    char sql[400];
    snprintf (sql, sizeof sql, "SELECT count(*) FROM doc_attachment WHERE document = '%s' AND sha256 = '%s'", document, sha);
    CHECK (tu_sql_int (db, sql) == 1, "the file is recorded once");
    snprintf (sql, sizeof sql, "SELECT count(*) FROM doc_history WHERE document = '%s' AND step = 'attached'", document);
    CHECK (tu_sql_int (db, sql) == 1, "one \"attached\" step");

    //  (c), (e) read back
    char *back = (char *) malloc (size);
    size_t have = 0;
    int calls = 0;
    while (have < size) {
        vp_val_t *args = vp_val_map ();
        vp_map_put_str (args, "document", document);
        vp_map_put_str (args, "sha256", sha);
        vp_map_put_int (args, "offset", (int64_t) have);
        r = tu_ok_args (__LINE__, s_cli, TENANT, CLERK, "documents.attachment.get", args);
        size_t n = 0;
        const void *data = vp_val_get_bin (vp_map_get (r, "data"), &n);
        CHECK (n > 0 && have + n <= size && vp_map_int (r, "size", 0) == (int64_t) size, "chunk %d read: %zu bytes", calls, n);
        memcpy (back + have, data, n);
        have += n;
        calls++;
        vp_val_destroy (&r);
    }
    CHECK (memcmp (back, bytes, size) == 0, "the %zu bytes read back in %d chunks are the ones sent", size, calls);
    free (back);
    snprintf (sql, sizeof sql, "SELECT count(*) FROM doc_access_log WHERE document = '%s' AND what = 'downloaded'", document);
    CHECK (tu_sql_int (db, sql) == 1, "one download is one \"downloaded\" in the trail (%lld)", (long long) tu_sql_int (db, sql));

    //  (d) bytes that are not the ones named
    char wrong[VP_SHA256_HEX];
    bytes[size / 2] ^= 1;
    vp_sha256_hex ("something else", 14, wrong);
    for (size_t at = 0; at < size; at += CHUNK) {
        rc = vp_cmdcli_call (s_cli, "documents.attachment.put", TENANT, CLERK,
                             s_put_args (document, wrong, bytes, size, at, s_n (size, at)), 10000, &r, &err);
        vp_val_destroy (&r);
        if (at + CHUNK < size)
            CHECK (rc == 0, "chunk at %zu taken", at);
        else
            CHECK (rc == -1 && strcmp (err.field, "sha256") == 0, "the last chunk is refused, naming sha256: %s",
                   err.message);
    }
    snprintf (sql, sizeof sql, "SELECT count(*) FROM doc_attachment WHERE document = '%s'", document);
    CHECK (tu_sql_int (db, sql) == 1, "the refused file left no record");

    //  (f) another commune
    vp_val_t *args = vp_val_map ();
    vp_map_put_str (args, "document", document);
    vp_map_put_str (args, "sha256", sha);
    rc = vp_cmdcli_call (s_cli, "documents.attachment.get", "giang-son-tay", OTHER, args, 10000, &r, &err);
    CHECK (rc == -1 && err.code == VP_E_NOT_FOUND, "another commune's officer gets not_found: %s", err.message);
    vp_val_destroy (&r);

    //  (g) pages
    char *pdf3 = NULL;
    size_t pdf3_size = tu_pdf_bytes ("ba trang", 3, &pdf3);
    char png[64] = "\x89PNG\r\n\x1a\n";
    memset (png + 8, 'x', sizeof png - 8);
    char broken[300 * 1024];
    memcpy (broken, "%PDF-1.4\n", 9);
    memset (broken + 9, 'z', sizeof broken - 9);
    struct { const char *name; const char *bytes; size_t size; int pages; } files[] = {
        { "phu-luc-3-trang.pdf", pdf3, pdf3_size, 3 },
        { "anh-chup.png", png, sizeof png, 1 },
        { "quet-hong.pdf", broken, sizeof broken, -1 },
    };
    for (int f = 0; f < 3; f++) {
        char fsha[VP_SHA256_HEX];
        vp_sha256_hex (files[f].bytes, files[f].size, fsha);
        for (size_t at = 0; at < files[f].size; at += CHUNK) {
            vp_val_t *put = s_put_args (document, fsha, files[f].bytes, files[f].size, at, s_n (files[f].size, at));
            vp_map_put_str (put, "name", files[f].name);
            rc = vp_cmdcli_call (s_cli, "documents.attachment.put", TENANT, CLERK, put, 10000, &r, &err);
            if (at + CHUNK < files[f].size || files[f].pages > 0)
                CHECK (rc == 0, "%s at %zu: %s", files[f].name, at, rc ? err.message : "taken");
            if (at + CHUNK >= files[f].size && files[f].pages > 0)
                CHECK (vp_map_int (r, "pages", 0) == files[f].pages, "%s: %d pages (%lld)", files[f].name,
                       files[f].pages, (long long) vp_map_int (r, "pages", 0));
            if (at + CHUNK >= files[f].size && files[f].pages < 0)
                CHECK (rc == -1 && err.code == VP_E_INVALID_ARGUMENT && strstr (err.message, "quet-hong.pdf")
                       && strstr (err.message, "không mở được như một tệp PDF"),
                       "a PDF poppler cannot open is refused naming it: %s", err.message);
            vp_val_destroy (&r);
        }
    }
    free (pdf3);
    snprintf (sql, sizeof sql, "SELECT count(*) FROM doc_attachment WHERE document = '%s'", document);
    CHECK (tu_sql_int (db, sql) == 3, "the broken PDF left no record (%lld files)", (long long) tu_sql_int (db, sql));
    args = vp_val_map ();
    vp_map_put_str (args, "document", document);
    r = tu_ok_args (__LINE__, s_cli, TENANT, CLERK, "documents.get", args);
    const vp_val_t *list = vp_map_get (r, "attachments");
    CHECK (vp_map_int (r, "pages", 0) == 5 && vp_val_len (list) == 3
           && vp_map_int (vp_array_at (list, 0), "pages", 0) == 1 && vp_map_int (vp_array_at (list, 1), "pages", 0) == 3
           && vp_map_int (vp_array_at (list, 2), "pages", 0) == 1,
           "documents.get: 5 pages, the files' 1 + 3 + 1: %s", vp_val_to_json (r));
    vp_val_destroy (&r);

    //  (f) the chunks pipelined (vp_cmdcli_send / collect, as vp-web sends
    //  a large scan): the fourth left out, so the fifth and every one after
    //  it are refused naming the offset expected, each answer the one of
    //  its own call; then all of them in order, the last storing the file.
    r = tu_ok_call (s_cli, TENANT, CLERK, "documents.register", "issuer=UBND huyện Đô Lương",
                    "number=32/UBND-VP", "doc_date=30/11/2026", "type=cong-van", "summary=Về việc gửi hồ sơ quét lần hai");
    char second[64];
    snprintf (second, sizeof second, "%s", tu_str (r, "document"));
    vp_val_destroy (&r);
    free (bytes);
    bytes = s_scan (&size);
    vp_sha256_hex (bytes, size, sha);
    size_t chunks = (size + CHUNK - 1) / CHUNK;
    int sent = 0;
    for (size_t i = 0; i < chunks && sent < VP_CMDCLI_WINDOW; i++)
        if (i != 3) {
            CHECK (vp_cmdcli_send (s_cli, "documents.attachment.put", TENANT, CLERK,
                                   s_put_args (second, sha, bytes, size, i * CHUNK, s_n (size, i * CHUNK)), &err) == 0,
                   "chunk %zu sent without waiting: %s", i, err.message);
            sent++;
        }
    CHECK (vp_cmdcli_pending (s_cli) == sent, "%d calls wait for their answers (%d)", sent, vp_cmdcli_pending (s_cli));
    for (int k = 0; k < sent; k++) {
        vp_err_t e = { 0 };
        r = NULL;
        rc = vp_cmdcli_collect (s_cli, 10000, &r, &e);
        if (k < 3)
            CHECK (rc == 0 && vp_map_int (r, "received", -1) == (int64_t) ((k + 1) * CHUNK),
                   "pipelined chunk %d answered in its turn: received %lld (%s)", k, (long long) vp_map_int (r, "received", -1),
                   e.message);
        else
            CHECK (rc == -1 && strcmp (e.field, "offset") == 0 && strstr (e.message, "offset 589824"),
                   "pipelined chunk %d after the gap refused naming offset 589824: %s", k + 1, e.message);
        vp_val_destroy (&r);
    }
    CHECK (vp_cmdcli_collect (s_cli, 1000, &r, &err) == -1 && vp_cmdcli_pending (s_cli) == 0,
           "nothing more to collect");
    size_t next = 3, answered = 0;
    bool complete = false;
    while (answered < chunks - 3) {
        while (next < chunks && vp_cmdcli_pending (s_cli) < 4) {
            CHECK (vp_cmdcli_send (s_cli, "documents.attachment.put", TENANT, CLERK,
                                   s_put_args (second, sha, bytes, size, next * CHUNK, s_n (size, next * CHUNK)), &err) == 0,
                   "chunk %zu sent: %s", next, err.message);
            next++;
        }
        r = NULL;
        CHECK (vp_cmdcli_collect (s_cli, 10000, &r, &err) == 0, "chunk %zu answered: %s", 3 + answered, err.message);
        complete = vp_map_bool (r, "complete", false);
        vp_val_destroy (&r);
        answered++;
    }
    CHECK (complete, "the last pipelined chunk stores the file");
    snprintf (sql, sizeof sql, "SELECT count(*) FROM doc_attachment WHERE document = '%s' AND sha256 = '%s'", second, sha);
    CHECK (tu_sql_int (db, sql) == 1, "the pipelined file is recorded once, by its SHA-256");

    free (bytes);
    vp_cmdcli_destroy (&s_cli);
    tu_stack_stop (&s_stack);
    printf ("test_attachment: %d checks passed\n", tu_checks);
    return 0;
}
