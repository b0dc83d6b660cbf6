/*  bench-web - vp-web's pages under 100 signed-in sessions at once.

    bench-web [--docs N] [--fill N] [--sessions S] [--requests R]
              [--pace-ms P] [--upload-mb M]

    Starts the demo stack with the injected clock (tests/testutil); with
    --fill, stops vp-documents, writes N documents of the district's seven
    communes over ten years straight into its database (bench_fill: rows,
    search index, books, as registration leaves them; each commune's
    documents to the holders of its posts) and starts it again; registers
    --docs documents for the office head of Lâm Sơn through
    documents.register; signs S sessions in (rows of web.db, as a sign-in
    writes them), then S threads each ask R times, in turn, for "Việc của
    tôi" (/), a document's page, a search, and a static file of the same
    server (the floor: HTTP and the thread without any command): without
    pause (--pace-ms 0), or at a person's pace (a pause of P ms on average,
    drawn at random, before each page). Prints p50 and p99 of each in ms,
    and the requests per second. Then the clerk's upload: an M MB PDF
    posted to /vao-so as the browser sends it (multipart), registered and
    stored, against a download of the same bytes from the same server.
*/
#include <curl/curl.h>
#include <signal.h>
#include <math.h>
#include <pthread.h>
#include <sodium.h>
#include <sqlite3.h>
#include <time.h>
#include "bench.h"
#include "bench_fill.h"
#include "test_web_util.h"

static int64_t
s_mono_ns (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

#define S_KINDS 4
static const char *const s_kind_name[S_KINDS] = { "Việc của tôi (/)", "a document's page", "search (q=hop)",
                                                  "static file (the floor)" };
static tu_stack_t s_stack;
static int s_port, s_requests = 50, s_sessions = 100, s_docs = 1000, s_pace_ms = 0, s_upload_mb = 50;
static int64_t s_fill_docs = 0;
static char s_doc[40];
static double *s_ms[S_KINDS];
static int s_n[S_KINDS];
static pthread_mutex_t s_lock = PTHREAD_MUTEX_INITIALIZER;

static size_t
s_sink (char *p, size_t size, size_t n, void *arg)
{
    (void) p; (void) arg;
    return size * n;
}

static void *
s_client (void *arg)
{
    const char *cookie = (const char *) arg;
    CURL *curl = curl_easy_init ();         //  one connection, kept alive, as a browser does
    curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, s_sink);
    curl_easy_setopt (curl, CURLOPT_COOKIE, cookie);
    curl_easy_setopt (curl, CURLOPT_TIMEOUT_MS, 30000L);
    unsigned seed = (unsigned) (uintptr_t) arg;
    for (int r = 0; r < s_requests; r++)
        for (int k = 0; k < S_KINDS; k++) {
            if (s_pace_ms > 0) {
                //  a person reads the page before the next: exponential pauses
                double u = (rand_r (&seed) + 1.0) / ((double) RAND_MAX + 2.0);
                tu_sleep_ms ((int) (-log (u) * s_pace_ms));
            }
            char url[200];
            const char *paths[S_KINDS] = { "/", NULL, "/tim-kiem?q=hop", "/static/web.css" };
            if (k == 1)
                snprintf (url, sizeof url, "http://127.0.0.1:%d/van-ban/%s", s_port, s_doc);
            else
                snprintf (url, sizeof url, "http://127.0.0.1:%d%s", s_port, paths[k]);
            curl_easy_setopt (curl, CURLOPT_URL, url);
            int64_t t0 = s_mono_ns ();
            CURLcode rc = curl_easy_perform (curl);
            double ms = (double) (s_mono_ns () - t0) / 1e6;
            long status = 0;
            curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
            TU_CHECK (rc == CURLE_OK && status == 200, "%s: %d %ld", url, (int) rc, status);
            pthread_mutex_lock (&s_lock);
            s_ms[k][s_n[k]++] = ms;
            pthread_mutex_unlock (&s_lock);
        }
    curl_easy_cleanup (curl);
    return NULL;
}

static int
s_cmp (const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

static double
s_q (double *v, int n, double q)
{
    return v[(int) fmin (n - 1, floor (q * n))];
}

//  The district's big database: vp-documents stopped, s_fill_docs documents
//  written into its file (bench_fill), vp-documents started again on it.
#define S_COMMUNES 16
#define S_HOLDERS 64
static void
s_fill (void)
{
    tu_stack_sync (&s_stack);
    TU_CHECK (tu_stop (s_stack.documents, SIGTERM, 30000) == 0, "vp-documents stops");
    s_stack.documents = 0;
    char dir[1200];
    snprintf (dir, sizeof dir, "%s/data", s_stack.bus.dir);
    vp_err_t err = { 0 };
    sqlite3 *db = vp_db_open (dir, "documents.db", &err);
    TU_CHECK (db != NULL, "documents.db: %s", err.message);
    bench_fill_exec (db, "PRAGMA synchronous = OFF");
    bench_fill_exec (db, "PRAGMA cache_size = -1000000");
    //  Who holds which post now, in each commune (the read model vp-documents keeps).
    static char tenants[S_COMMUNES][64], officers[S_COMMUNES][S_HOLDERS][64], posts[S_COMMUNES][S_HOLDERS][64];
    static const char *officer_p[S_COMMUNES][S_HOLDERS], *post_p[S_COMMUNES][S_HOLDERS];
    bench_fill_commune_t communes[S_COMMUNES];
    int n = 0;
    int64_t now = vp_clock_now ();
    sqlite3_stmt *st = NULL;
    TU_CHECK (sqlite3_prepare_v2 (db, "SELECT a.tenant, a.officer, a.post FROM stf_appointment a"
                                      " JOIN stf_officer o ON o.officer = a.officer"
                                      " WHERE o.status = 'active' AND a.valid_from <= ?1"
                                      " AND (a.valid_to IS NULL OR a.valid_to > ?1) ORDER BY a.tenant",
                                  -1, &st, NULL) == SQLITE_OK, "%s", sqlite3_errmsg (db));
    sqlite3_bind_int64 (st, 1, now);
    while (sqlite3_step (st) == SQLITE_ROW) {
        const char *tenant = (const char *) sqlite3_column_text (st, 0);
        if (n == 0 || strcmp (tenants[n - 1], tenant) != 0) {
            if (n == S_COMMUNES)
                break;
            snprintf (tenants[n], sizeof tenants[n], "%s", tenant);
            communes[n] = (bench_fill_commune_t) { .tenant = tenants[n], .officers = officer_p[n], .posts = post_p[n] };
            n++;
        }
        bench_fill_commune_t *c = &communes[n - 1];
        if (c->nholders == S_HOLDERS)
            continue;
        snprintf (officers[n - 1][c->nholders], 64, "%s", (const char *) sqlite3_column_text (st, 1));
        snprintf (posts[n - 1][c->nholders], 64, "%s", (const char *) sqlite3_column_text (st, 2));
        officer_p[n - 1][c->nholders] = officers[n - 1][c->nholders];
        post_p[n - 1][c->nholders] = posts[n - 1][c->nholders];
        c->nholders++;
    }
    sqlite3_finalize (st);
    TU_CHECK (n > 0, "the demo's communes are in documents.db");
    bench_seed (1);
    bench_fill_t f = { .documents = s_fill_docs, .communes = communes, .ncommunes = n,
                       .now = now - 120000, .t0 = now - 10 * 365 * 86400000LL };
    int64_t t0 = s_mono_ns ();
    TU_CHECK (bench_fill_documents (db, &f) == 0 && f.written == s_fill_docs, "%lld documents written",
              (long long) s_fill_docs);
    bench_fill_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)");
    vp_db_close (&db);
    printf ("bench-web: %lld documents of %d communes written into documents.db in %.1f s\n",
            (long long) f.written, n, (double) (s_mono_ns () - t0) / 1e9);
    s_stack.documents = tu_stack_start_service (&s_stack, "documents");
}

//  Time one request of a browser; its answer in *a.
static double
s_timed (tw_answer_t *a, tw_browser_t *b, const char *path, const char *const fields[])
{
    int64_t t0 = s_mono_ns ();
    *a = fields ? tw_post (b, path, true, fields) : tw_get (b, path);
    return (double) (s_mono_ns () - t0) / 1e6;
}

//  The clerk's upload: an s_upload_mb MB scan posted to /vao-so (multipart,
//  as the browser sends it), registered and stored; then the same bytes
//  downloaded from the document's page.
static void
s_upload (const char *cookie, const char *csrf)
{
    char path[1300];
    snprintf (path, sizeof path, "%s/upload.pdf", s_stack.bus.dir);
    FILE *out = fopen (path, "wb"), *in = fopen (VP_SOURCE_DIR "/tests/fixtures/web-giay-moi.pdf", "rb");
    TU_CHECK (out && in, "the scan to upload");
    char chunk[4096];
    size_t got;
    while ((got = fread (chunk, 1, sizeof chunk, in)) > 0)
        fwrite (chunk, 1, got, out);
    fclose (in);
    //  grown with PDF comments to just under the limit asked
    long size = ftell (out);
    long want = (long) s_upload_mb * 1024 * 1024 - 4096;
    for (long i = 0; size < want; i++)
        size += fprintf (out, "%% lop dem cho tep quet lon, dong %010ld ...........................\n", i);
    fclose (out);
    tw_browser_t b = { .port = s_port };
    snprintf (b.cookie, sizeof b.cookie, "%s", cookie);
    snprintf (b.csrf, sizeof b.csrf, "%s", csrf);
    char spec[1400];
    snprintf (spec, sizeof spec, "@file:quet-%dmb.pdf:%s", s_upload_mb, path);
    const char *const fields[] = {
        "issuer", "UBND huyện Đô Lương", "number", "77/UBND-VP", "doc_date", "30/11/2026", "type", "cong-van",
        "summary", "Về việc gửi hồ sơ quét", "urgency", "thuong", "secrecy", "thuong", "files", spec, NULL
    };
    tw_answer_t a;
    double up_ms = s_timed (&a, &b, "/vao-so", fields);
    const char *link = a.body ? strstr (a.body, "href=\"/van-ban/") : NULL;
    TU_CHECK (a.status == 200 && link, "the upload is registered (%d)", a.status);
    char doc[64] = "";
    sscanf (link + strlen ("href=\"/van-ban/"), "%63[^\"/]", doc);
    tw_free (&a);
    //  the same bytes back, through the document's page
    unsigned char h[crypto_hash_sha256_BYTES];
    char sha[65], *bytes = NULL;
    size_t n = 0;
    FILE *mem = open_memstream (&bytes, &n);
    in = fopen (path, "rb");
    while ((got = fread (chunk, 1, sizeof chunk, in)) > 0)
        fwrite (chunk, 1, got, mem);
    fclose (in);
    fclose (mem);
    crypto_hash_sha256 (h, (unsigned char *) bytes, n);
    sodium_bin2hex (sha, sizeof sha, h, sizeof h);
    char url[300];
    snprintf (url, sizeof url, "/van-ban/%s/tep/%s", doc, sha);
    double down_ms = s_timed (&a, &b, url, NULL);
    TU_CHECK (a.status == 200 && a.size == n && memcmp (a.body, bytes, n) == 0, "the stored file is the one sent (%d, %zu of %zu bytes)",
              a.status, a.size, n);
    tw_free (&a);
    free (bytes);
    double mb = (double) n / (1024.0 * 1024.0);
    printf ("bench-web: upload of %.1f MB to /vao-so (registered, stored, checked): %.0f ms = %.1f MB/s;"
            " the same file downloaded from its page: %.0f ms = %.1f MB/s (upload %.2f x download)\n",
            mb, up_ms, mb / (up_ms / 1000), down_ms, mb / (down_ms / 1000), (mb / (up_ms / 1000)) / (mb / (down_ms / 1000)));
}

//  S sessions at once, each asking R times for every page: p50 and p99.
static void
s_round (int pace_ms, char (*cookies)[100])
{
    s_pace_ms = pace_ms;
    for (int k = 0; k < S_KINDS; k++) {
        free (s_ms[k]);
        s_ms[k] = calloc ((size_t) (s_sessions * s_requests), sizeof (double));
        s_n[k] = 0;
    }
    pthread_t *threads = calloc ((size_t) s_sessions, sizeof (pthread_t));
    int64_t t0 = s_mono_ns ();
    for (int i = 0; i < s_sessions; i++)
        pthread_create (&threads[i], NULL, s_client, cookies[i]);
    for (int i = 0; i < s_sessions; i++)
        pthread_join (threads[i], NULL);
    free (threads);
    double secs = (double) (s_mono_ns () - t0) / 1e9;
    printf ("bench-web: %d sessions at once, %d rounds each, %s; %lld documents in the district's database,"
            " %d more registered for the office head\n", s_sessions, s_requests,
            s_pace_ms ? "at a person's pace" : "without pause", (long long) s_fill_docs, s_docs);
    if (s_pace_ms)
        printf ("bench-web: a person's pace: a pause of %d ms on average (exponential) before each request\n", s_pace_ms);
    printf ("| page | requests | p50 ms | p99 ms |\n|---|---|---|---|\n");
    for (int k = 0; k < S_KINDS; k++) {
        qsort (s_ms[k], (size_t) s_n[k], sizeof (double), s_cmp);
        printf ("| %s | %d | %.2f | %.2f |\n", s_kind_name[k], s_n[k], s_q (s_ms[k], s_n[k], 0.5),
                s_q (s_ms[k], s_n[k], 0.99));
    }
    printf ("bench-web: %.0f requests/s in all (%.1f s)\n", (double) (S_KINDS * s_sessions * s_requests) / secs, secs);
}

int
main (int argc, char **argv)
{
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp (argv[i], "--docs")) s_docs = atoi (argv[i + 1]);
        else if (!strcmp (argv[i], "--sessions")) s_sessions = atoi (argv[i + 1]);
        else if (!strcmp (argv[i], "--requests")) s_requests = atoi (argv[i + 1]);
        else if (!strcmp (argv[i], "--fill")) s_fill_docs = atoll (argv[i + 1]);
        else if (!strcmp (argv[i], "--pace-ms")) s_pace_ms = atoi (argv[i + 1]);
        else if (!strcmp (argv[i], "--upload-mb")) s_upload_mb = atoi (argv[i + 1]);
    }
    TU_CHECK (sodium_init () >= 0, "libsodium");
    curl_global_init (CURL_GLOBAL_ALL);
    tu_stack_opts_t opts = { .demo = true,
                             .services = (const char *const[]) { "staffing", "documents", "calendar", "notify", NULL } };
    tu_stack_start_opts (&s_stack, "bench-web", &opts);
    if (s_fill_docs > 0)
        s_fill ();
    vp_cmdcli_t *docs = tu_stack_officer (&s_stack, "documents", "lam-son", "ls-phan-thi-mau-truong");
    int64_t t0 = s_mono_ns ();
    for (int i = 0; i < s_docs; i++) {
        vp_val_t *args = vp_val_map ();
        vp_map_put_str (args, "issuer", i % 2 ? "UBND huyện Sơn Động" : "Huyện ủy Sơn Động");
        vp_map_put (args, "number", vp_val_strf ("%d/CV-B", i + 1));
        vp_map_put_int (args, "doc_date", TU_CLOCK_START - 86400000LL);
        vp_map_put_str (args, "type", "cong-van");
        vp_map_put (args, "summary", vp_val_strf ("Về việc tổ chức cuộc họp số %d của xã", i + 1));
        vp_val_t *r = tu_ok_args (__LINE__, docs, "lam-son", "ls-phan-thi-mau-truong", "documents.register", args);
        if (i == 0)
            snprintf (s_doc, sizeof s_doc, "%s", vp_map_str (r, "document"));
        vp_val_destroy (&r);
    }
    vp_cmdcli_destroy (&docs);
    printf ("bench-web: %d documents registered in %.1f s\n", s_docs, (double) (s_mono_ns () - t0) / 1e9);
    tu_stack_sync (&s_stack);
    pid_t web = 0;
    s_port = tw_start (&s_stack, &web);
    //  The sessions, as web_session_create writes them (token hashed).
    char path[1200];
    snprintf (path, sizeof path, "%s/data/web.db", s_stack.bus.dir);
    sqlite3 *db = NULL;
    TU_CHECK (sqlite3_open (path, &db) == SQLITE_OK, "web.db");
    sqlite3_busy_timeout (db, 5000);
    char (*cookies)[100] = calloc ((size_t) s_sessions, 100);
    for (int i = 0; i < s_sessions; i++) {
        char token[65], hex[65];
        unsigned char h[32];
        snprintf (token, sizeof token, "%064x", i + 1);
        crypto_hash_sha256 (h, (unsigned char *) token, 64);
        sodium_bin2hex (hex, sizeof hex, h, sizeof h);
        char *sql = sqlite3_mprintf (
            "INSERT INTO session VALUES ('%q','w-bench-%d','%q','lam-son','ls-phan-thi-mau-truong',"
            "'Phan Thị Mẫu Trưởng','Tổ trưởng Văn phòng','to-truong-vp','mat',%lld,%lld)",
            hex, i, hex, (long long) vp_clock_now (), (long long) vp_clock_now ());
        TU_CHECK (sqlite3_exec (db, sql, NULL, NULL, NULL) == SQLITE_OK, "session %d", i);
        sqlite3_free (sql);
        snprintf (cookies[i], 100, "vp_session=%s", token);
    }
    //  and the clerk's, for the upload
    char clerk_cookie[100], clerk_csrf[65];
    {
        char token[65];
        unsigned char h[32];
        snprintf (token, sizeof token, "%064x", 0xc1e4c);
        crypto_hash_sha256 (h, (unsigned char *) token, 64);
        sodium_bin2hex (clerk_csrf, sizeof clerk_csrf, h, sizeof h);
        char *sql = sqlite3_mprintf (
            "INSERT INTO session VALUES ('%q','w-bench-clerk','%q','lam-son','ls-nguyen-van-cong',"
            "'Nguyễn Văn Công','Văn phòng – Thống kê','vp-thong-ke','thuong',%lld,%lld)",
            clerk_csrf, clerk_csrf, (long long) vp_clock_now (), (long long) vp_clock_now ());
        TU_CHECK (sqlite3_exec (db, sql, NULL, NULL, NULL) == SQLITE_OK, "the clerk's session");
        sqlite3_free (sql);
        snprintf (clerk_cookie, sizeof clerk_cookie, "vp_session=%s", token);
    }
    sqlite3_close (db);
    //  Without pause, then (--pace-ms) at a person's pace.
    int paces[2] = { 0, s_pace_ms }, rounds = s_pace_ms > 0 ? 2 : 1;
    for (int round = 0; round < rounds; round++)
        s_round (paces[round], cookies);
    if (s_upload_mb > 0)
        s_upload (clerk_cookie, clerk_csrf);
    tw_stop (web);
    tu_stack_stop (&s_stack);
    return 0;
}
