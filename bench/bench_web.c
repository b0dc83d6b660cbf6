/*  bench-web - vp-web's pages under 100 signed-in sessions at once.

    bench-web [--docs N] [--sessions S] [--requests R]

    Starts the demo stack with the injected clock (tests/testutil), registers
    N documents for the Chủ tịch UBND of Lâm Sơn, signs S sessions in (rows
    of web.db, as a sign-in writes them), then S threads each ask R times, in
    turn, for "Việc của tôi" (/), a document's page, a search, and a static
    file of the same server (the floor: HTTP and the thread without any
    command). Prints p50 and p99 of each in ms, and the requests per second.
*/
#include <curl/curl.h>
#include <math.h>
#include <pthread.h>
#include <sodium.h>
#include <sqlite3.h>
#include <time.h>
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
static int s_port, s_requests = 50, s_sessions = 100, s_docs = 1000;
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
    for (int r = 0; r < s_requests; r++)
        for (int k = 0; k < S_KINDS; k++) {
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

int
main (int argc, char **argv)
{
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp (argv[i], "--docs")) s_docs = atoi (argv[i + 1]);
        else if (!strcmp (argv[i], "--sessions")) s_sessions = atoi (argv[i + 1]);
        else if (!strcmp (argv[i], "--requests")) s_requests = atoi (argv[i + 1]);
    }
    TU_CHECK (sodium_init () >= 0, "libsodium");
    curl_global_init (CURL_GLOBAL_ALL);
    tu_stack_opts_t opts = { .demo = true,
                             .services = (const char *const[]) { "staffing", "documents", "calendar", "notify", NULL } };
    tu_stack_start_opts (&s_stack, "bench-web", &opts);
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
    sqlite3_close (db);
    for (int k = 0; k < S_KINDS; k++)
        s_ms[k] = calloc ((size_t) (s_sessions * s_requests), sizeof (double));
    pthread_t *threads = calloc ((size_t) s_sessions, sizeof (pthread_t));
    t0 = s_mono_ns ();
    for (int i = 0; i < s_sessions; i++)
        pthread_create (&threads[i], NULL, s_client, cookies[i]);
    for (int i = 0; i < s_sessions; i++)
        pthread_join (threads[i], NULL);
    double secs = (double) (s_mono_ns () - t0) / 1e9;
    printf ("bench-web: %d sessions at once, %d rounds each, %d documents in the commune\n", s_sessions, s_requests,
            s_docs);
    printf ("| page | requests | p50 ms | p99 ms |\n|---|---|---|---|\n");
    for (int k = 0; k < S_KINDS; k++) {
        qsort (s_ms[k], (size_t) s_n[k], sizeof (double), s_cmp);
        printf ("| %s | %d | %.2f | %.2f |\n", s_kind_name[k], s_n[k], s_q (s_ms[k], s_n[k], 0.5),
                s_q (s_ms[k], s_n[k], 0.99));
    }
    printf ("bench-web: %.0f requests/s in all (%.1f s)\n", (double) (S_KINDS * s_sessions * s_requests) / secs, secs);
    tw_stop (web);
    tu_stack_stop (&s_stack);
    return 0;
}
