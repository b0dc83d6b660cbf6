/*  bench-documents - the benchmark of vp-documents: registration and
    search, in one run.

    bench-documents [--dir DIR] [--bin BUILD_DIR] [--runs 3] [--documents 1000000]
                    [--tenants 20] [--searches 1000] [--registrations 2000] [--clients 8]
                    [--demo FILE] [--quick] [--markdown FILE] [--command TEXT]

    A. Registration: vp-bus, vp-staffing and vp-documents with CURVE, the
       demo district loaded through vpctl (DEMO, default
       scripts/demo/district.vp). The clerk of Lam Sơn registers
       --registrations documents with documents.register, one at a time
       (each a durable transaction: arrival number, row, search index,
       history, documents.registered, routing, documents.assigned); then
       the clerks of four communes register as many again at once, one
       client each. Every answer is checked (routed, numbers 01, 02, ...
       without a gap per book), and every event must reach the bus.
       References: a bare sqlite commit of one row on the same disk, and
       a CURVE round trip.
    B. Search: vp-documents makes its database in an empty folder; then
       --documents documents of --tenants communes over ten years are
       written straight into it (rows, search index, books, the staffing
       read model; big transactions), as the service would have written
       them. vp-documents is started on it (no bus) and answers
       --searches documents.search calls, one at a time, of five kinds:
       a word, two words, a word and a type, a status, a month of
       arrival; each by a random officer of a random commune. Totals are
       checked against the same query run in this process (the FTS5
       MATCH of the words, or the SQL count of the status), which is
       also the reference for time. Repeated --runs times against a
       fresh vp-documents; medians reported.

    Targets: search p99 <= 20 ms; registration >= 100 documents/s one at a
    time. DIR (default ./var/bench-documents-XXXXXX, removed after) should
    be on the disk under test. Exit 0 when every target is met, 1 when one
    is missed, 2 when the run failed.
*/
#include <math.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>
#include "bench.h"
#include "bench_fill.h"
#include "doc_search.h"

#define S_MAX_RUNS 9
#define S_TARGET_SEARCH_P99_MS 20.0
#define S_TARGET_REGISTER_RATE 100.0
#define S_TARGET_CPU_MS 0.25        //  vp-documents' CPU per registration, grouped
#define S_TARGET_GROUPED_X 1.0      //  clients at once, grouped, x one-row commits/s
#define S_CALL_TIMEOUT_MS 10000
#define S_DAY ((int64_t) 86400000)
#define S_YEARS 10
#define S_POSTS 12
#define S_OFFICERS 30
#define S_KINDS 5
#define S_CLIENTS_MAX 8
#define S_WARMUP 50

typedef struct {
    bench_t bench;
    int64_t documents;
    int tenants;
    int searches;
    int registrations;
    int clients;
    uint64_t seed;
    char demo[BENCH_PATH_MAX];
} s_args_t;

//  --------------------------------------------------------------------------
//  Random picks (bench_rand: the same data for the same seed)

#define S_PICK(array) (array)[bench_below ((int64_t) (sizeof (array) / sizeof (array)[0]))]


//  Posts of a bench commune: the clearance of each; officers 1..S_POSTS
//  hold them, the others none.
static const struct {
    const char *post, *title, *clearance;
    bool head;
} s_posts[S_POSTS] = {
    { "to-truong-vp", "Tổ trưởng Văn phòng", "mat", true }, { "vp-thong-ke", "Văn phòng – Thống kê", "mat", false },
    { "bi-thu", "Bí thư Đảng ủy", "toi-mat", false }, { "chu-tich-ubnd", "Chủ tịch UBND", "mat", false },
    { "pho-chu-tich-ubnd", "Phó Chủ tịch UBND", "thuong", false }, { "dia-chinh", "Địa chính – Xây dựng", "thuong", false },
    { "tai-chinh", "Tài chính – Kế toán", "thuong", false }, { "tu-phap", "Tư pháp – Hộ tịch", "thuong", false },
    { "van-hoa", "Văn hóa – Xã hội", "thuong", false }, { "quan-su", "Chỉ huy trưởng Quân sự", "mat", false },
    { "chu-tich-mttq", "Chủ tịch UBMTTQ", "thuong", false }, { "chu-tich-hdnd", "Chủ tịch HĐND", "thuong", false },
};

static void s_tenant_id (int t, char *buf, size_t size) { snprintf (buf, size, "xa-%02d", t + 1); }
static void s_officer_id (int t, int o, char *buf, size_t size) { snprintf (buf, size, "x%02d-cb%02d", t + 1, o + 1); }



//  --------------------------------------------------------------------------
//  Processes

//  Run a program with env to its end, within timeout_ms: its status.
static int
s_run_env (const char *const argv[], const char *const env[], const char *log_path, int timeout_ms)
{
    pid_t pid = bench_spawn (argv, env, log_path);
    if (pid < 0)
        return -1;
    int64_t deadline = bench_now_ns () + (int64_t) timeout_ms * 1000000;
    while (bench_now_ns () < deadline && !bench_stopping ()) {
        int status = bench_exited (pid);
        if (status >= 0)
            return status;
        usleep (20000);
    }
    bench_stop (pid, 2000);
    return -1;
}

typedef struct {
    char data[BENCH_PATH_MAX + 32];
    char staffing_cmd[64], documents_cmd[64];
    char store[8][BENCH_PATH_MAX + 32];
    const char *env[12];
} s_env_t;

//  The environment of the services and vpctl: data folder, endpoints
//  (the bus's, or ports nobody listens on when there is none), keys.
static void
s_env_init (s_env_t *e, const char *data_dir, const bench_bus_t *bus, const char *keys_dir, const char *key_name)
{
    memset (e, 0, sizeof *e);
    char ingest[64], pub[64], replay[64];
    if (bus) {
        snprintf (ingest, sizeof ingest, "%s", bus->ingest);
        snprintf (pub, sizeof pub, "%s", bus->pub);
        snprintf (replay, sizeof replay, "%s", bus->replay);
    }
    else {
        bench_endpoint (ingest, sizeof ingest);
        bench_endpoint (pub, sizeof pub);
        bench_endpoint (replay, sizeof replay);
    }
    bench_endpoint (e->staffing_cmd, sizeof e->staffing_cmd);
    bench_endpoint (e->documents_cmd, sizeof e->documents_cmd);
    int n = 0;
    snprintf (e->store[n++], sizeof e->store[0], "VP_DATA_DIR=%s", data_dir);
    snprintf (e->store[n++], sizeof e->store[0], "VP_BUS_INGEST=%s", ingest);
    snprintf (e->store[n++], sizeof e->store[0], "VP_BUS_PUB=%s", pub);
    snprintf (e->store[n++], sizeof e->store[0], "VP_BUS_REPLAY=%s", replay);
    snprintf (e->store[n++], sizeof e->store[0], "VP_KEYS_DIR=%s", keys_dir);
    snprintf (e->store[n++], sizeof e->store[0], "VP_STAFFING_CMD=%s", e->staffing_cmd);
    snprintf (e->store[n++], sizeof e->store[0], "VP_DOCUMENTS_CMD=%s", e->documents_cmd);
    snprintf (e->store[n++], sizeof e->store[0], "VP_KEY_NAME=%s", key_name ? key_name : "");
    for (int i = 0; i < n; i++)
        e->env[i] = e->store[i];
    e->env[n++] = "VP_CLOCK_FILE=";
    e->env[n] = NULL;
}

static void
s_env_key (s_env_t *e, const char *key_name)
{
    snprintf (e->store[7], sizeof e->store[7], "VP_KEY_NAME=%s", key_name);
}

static pid_t
s_service (const char *bin, s_env_t *e, const char *name, const char *keys_dir, const char *log_path)
{
    s_env_key (e, name);
    const char *argv[] = { bin, NULL };
    const char *endpoint = strcmp (name, "staffing") == 0 ? e->staffing_cmd : e->documents_cmd;
    return bench_service_start (argv, e->env, log_path, keys_dir, endpoint, name, 60000, NULL);
}


//  --------------------------------------------------------------------------
//  A. Registration

typedef struct {
    const char *tenant, *clerk;
} s_clerk_t;

static const s_clerk_t s_clerks[] = {
    { "lam-son", "ls-nguyen-van-cong" }, { "giang-son-tay", "gst-le-thi-mau-muoi-bon" },
    { "minh-son", "ms-phan-thi-mau-muoi-bon" }, { "thi-tran-do-luong", "tt-bui-thi-mau-muoi-bon" },
};

typedef struct {
    //  in
    const char *keys_dir, *endpoint;
    const s_clerk_t *clerk;
    int count, first;               //  documents, and the first number of their symbols
    uint64_t seed;
    //  out
    double *ms;                     //  each call
    int ok, failed, unrouted;
    int64_t max_number[2];          //  [book: party, state]
    int64_t numbers[2];
    char error[400];
} s_register_job_t;

static void *
s_register_job (void *arg)
{
    s_register_job_t *job = (s_register_job_t *) arg;
    bench_client_t client;
    vp_err_t err = { 0 };
    if (bench_client_open (&client, job->keys_dir, job->endpoint, "documents", &err)) {
        snprintf (job->error, sizeof job->error, "%s", err.message);
        job->failed = job->count;
        return NULL;
    }
    uint64_t rng = job->seed;
    int64_t now = vp_clock_now ();
    for (int i = 0; i < job->count && !bench_stopping (); i++) {
        rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
        int issuer = (int) ((rng >> 33) % (uint64_t) bench_nissuers);
        int topic = (int) ((rng >> 17) % (bench_ntopics));
        vp_val_t *args = vp_val_map ();
        vp_map_put_str (args, "issuer", bench_issuers[issuer].name);
        vp_map_put (args, "number", bench_issuers[issuer].party
            ? vp_val_strf ("%d-CV/%s", job->first + i, bench_issuers[issuer].abbr)
            : vp_val_strf ("%d/%s-VP", job->first + i, bench_issuers[issuer].abbr));
        vp_map_put_int (args, "doc_date", now - 2 * S_DAY);
        vp_map_put_str (args, "type", "cong-van");
        vp_map_put (args, "summary", vp_val_strf ("%s %s", bench_leads[(rng >> 40) % (uint64_t) bench_nleads], bench_topics[topic]));
        vp_val_t *result = NULL;
        int64_t t0 = bench_now_ns ();
        int rc = vp_cmdcli_call (client.cli, "documents.register", job->clerk->tenant, job->clerk->clerk, args,
                                 S_CALL_TIMEOUT_MS, &result, &err);
        job->ms[i] = bench_ms (bench_now_ns () - t0);
        if (rc) {
            if (!job->failed++)
                snprintf (job->error, sizeof job->error, "%s", err.message);
            continue;
        }
        job->ok++;
        const char *status = vp_map_str (result, "status");
        job->unrouted += !status || strcmp (status, "assigned") != 0;
        //  (All arrive now: one year, unless the run spans New Year.)
        int book = strcmp (vp_map_str (result, "book") ? vp_map_str (result, "book") : "", "den-dang") == 0 ? 0 : 1;
        int64_t number = vp_map_int (result, "arrival_number", 0);
        job->numbers[book]++;
        if (number > job->max_number[book])
            job->max_number[book] = number;
        vp_val_destroy (&result);
    }
    bench_client_close (&client);
    return NULL;
}

typedef struct {
    bool done;
    double demo_secs;
    int64_t staffing_events;
    //  one at a time
    double seq_rate, seq_p50, seq_p99, seq_max;
    //  parallel
    double par_rate, par_p50, par_p99;
    int par_clients;
    //  parallel, VP_COMMAND_BATCH=1
    double solo_rate, solo_p50, solo_p99;
    bool solo_done;
    //  CPU of vp-documents per registration (ms): one at a time, grouped, not
    double seq_cpu, par_cpu, solo_cpu;
    //  and its write calls per registration (pages to the WAL and back)
    double seq_writes, par_writes, solo_writes;
    int registered, failed, unrouted, gaps;
    double drain_secs;              //  last answer -> every event on the bus
    int64_t bus_events;             //  documents.* on the bus
    bool bus_complete;
    //  references
    double commit_p50, commit_p99, rt_p50, rt_p99;
    char error[400];
} s_register_t;

static void
s_jobs_sum (s_register_job_t *jobs, int n, s_register_t *r)
{
    for (int i = 0; i < n; i++) {
        r->registered += jobs[i].ok;
        r->failed += jobs[i].failed;
        r->unrouted += jobs[i].unrouted;
        if (jobs[i].failed && !*r->error)
            snprintf (r->error, sizeof r->error, "%s", jobs[i].error);
    }
}

static int
s_registration (const s_args_t *a, s_register_t *r)
{
    const bench_t *b = &a->bench;
    char bus_bin[BENCH_PATH_MAX + 40], staffing_bin[BENCH_PATH_MAX + 40], documents_bin[BENCH_PATH_MAX + 40],
         vpctl[BENCH_PATH_MAX + 40], dir[BENCH_PATH_MAX + 16], log_path[BENCH_PATH_MAX + 32];
    if (bench_bin_path (b, "services/bus/vp-bus", bus_bin, sizeof bus_bin)
    ||  bench_bin_path (b, "services/staffing/vp-staffing", staffing_bin, sizeof staffing_bin)
    ||  bench_bin_path (b, "services/documents/vp-documents", documents_bin, sizeof documents_bin)
    ||  bench_bin_path (b, "services/ctl/vpctl", vpctl, sizeof vpctl))
        return -1;
    snprintf (dir, sizeof dir, "%s/stack", b->dir);
    snprintf (log_path, sizeof log_path, "%s/stack.log", b->dir);
    bench_say ("A. references: one-row sqlite commits, CURVE round trips");
    if (bench_ref_commit (b->dir, 500, 10, &r->commit_p50, &r->commit_p99))
        bench_say ("the commit reference failed");
    if (bench_ref_roundtrip (b->keys_dir, 2000, &r->rt_p50, &r->rt_p99))
        bench_say ("the round-trip reference failed");

    bench_bus_t bus;
    if (bench_bus_start (&bus, bus_bin, dir, b->keys_dir))
        return -1;
    s_env_t e;
    s_env_init (&e, dir, &bus, b->keys_dir, NULL);
    int rc = -1;
    pid_t staffing = s_service (staffing_bin, &e, "staffing", b->keys_dir, log_path);
    pid_t documents = staffing > 0 ? s_service (documents_bin, &e, "documents", b->keys_dir, log_path) : -1;
    if (documents <= 0)
        goto done;
    bench_say ("A. the demo district through vpctl (%s)", a->demo);
    int64_t t0 = bench_now_ns ();
    s_env_key (&e, "vpctl");
    const char *argv[] = { vpctl, "batch", a->demo, NULL };
    int status = s_run_env (argv, e.env, log_path, 120000);
    if (status != 0) {
        bench_say ("vpctl batch %s ended with %d; see %s", a->demo, status, log_path);
        goto done;
    }
    if (bench_wait_applied (&bus, b->keys_dir, e.documents_cmd, "documents", "staffing", 60000, NULL)) {
        bench_say ("vp-documents did not catch up with the staffing stream; see %s", log_path);
        goto done;
    }
    r->demo_secs = bench_secs (bench_now_ns () - t0);
    vp_val_t *stats = bench_bus_stats (&bus, b->keys_dir);
    r->staffing_events = vp_map_int (vp_map_get (stats, "heads"), "staffing", 0);
    vp_val_destroy (&stats);

    //  One at a time, then the clerks of several communes at once: with
    //  the commands queued together in one transaction (the default), and
    //  again with VP_COMMAND_BATCH=1, one transaction each.
    int n = a->registrations;
    int clients = a->clients < 1 ? 1 : a->clients > S_CLIENTS_MAX ? S_CLIENTS_MAX : a->clients;
    double *seq = (double *) calloc ((size_t) n + 1, sizeof (double));
    double *par = (double *) calloc ((size_t) n + clients, sizeof (double));
    bench_say ("A. %d registrations one at a time (lam-son)", n);
    s_register_job_t one = { .keys_dir = b->keys_dir, .endpoint = e.documents_cmd, .clerk = &s_clerks[0],
                             .count = n, .first = 1000, .seed = a->seed, .ms = seq };
    t0 = bench_now_ns ();
    double cpu0 = bench_cpu_ms (documents);
    int64_t w0 = bench_write_calls (documents);
    s_register_job (&one);
    double secs = bench_secs (bench_now_ns () - t0);
    r->seq_rate = one.ok / secs;
    r->seq_cpu = one.ok ? (bench_cpu_ms (documents) - cpu0) / one.ok : 0;
    r->seq_writes = one.ok ? (double) (bench_write_calls (documents) - w0) / one.ok : 0;
    bench_percentiles (seq, one.ok + one.failed, &r->seq_p50, &r->seq_p99, &r->seq_max);
    s_jobs_sum (&one, 1, r);
    s_register_job_t jobs[2][S_CLIENTS_MAX];
    for (int grouped = 1; grouped >= 0; grouped--) {
        if (!grouped) {
            //  The same service on the same data, one transaction per command.
            if (bench_stop (documents, 10000) != 0)
                bench_say ("vp-documents did not stop cleanly; see %s", log_path);
            e.env[9] = "VP_COMMAND_BATCH=1";
            documents = s_service (documents_bin, &e, "documents", b->keys_dir, log_path);
            e.env[9] = NULL;
            if (documents <= 0)
                break;
        }
        bench_say ("A. %d registrations by %d clients at once, %s", n, clients,
                   grouped ? "grouped" : "one transaction each");
        s_register_job_t *phase = jobs[!grouped];
        pthread_t threads[S_CLIENTS_MAX];
        t0 = bench_now_ns ();
        cpu0 = bench_cpu_ms (documents);
        w0 = bench_write_calls (documents);
        int per = n / clients;
        for (int i = 0; i < clients; i++) {
            //  Numbers of each client's own range, past those used before.
            int first = 1000 + n * (1 + 2 * !grouped + i / 4) + (i % 4 == 0 ? n : 0);
            phase[i] = (s_register_job_t) { .keys_dir = b->keys_dir, .endpoint = e.documents_cmd,
                                            .clerk = &s_clerks[i % 4], .count = per, .first = first,
                                            .seed = a->seed + 7 * (uint64_t) i + 1 + 101 * (uint64_t) !grouped,
                                            .ms = par + i * per };
            pthread_create (&threads[i], NULL, s_register_job, &phase[i]);
        }
        for (int i = 0; i < clients; i++)
            pthread_join (threads[i], NULL);
        secs = bench_secs (bench_now_ns () - t0);
        int par_done = 0;
        for (int i = 0; i < clients; i++)
            par_done += phase[i].ok;
        double p50, p99;
        bench_percentiles (par, per * clients, &p50, &p99, NULL);
        double cpu = par_done ? (bench_cpu_ms (documents) - cpu0) / par_done : 0;
        *(grouped ? &r->par_cpu : &r->solo_cpu) = cpu;
        *(grouped ? &r->par_writes : &r->solo_writes) =
            par_done ? (double) (bench_write_calls (documents) - w0) / par_done : 0;
        if (grouped) {
            r->par_rate = par_done / secs;
            r->par_p50 = p50;
            r->par_p99 = p99;
        }
        else {
            r->solo_rate = par_done / secs;
            r->solo_p50 = p50;
            r->solo_p99 = p99;
            r->solo_done = true;
        }
        s_jobs_sum (phase, clients, r);
    }
    r->par_clients = clients;
    //  Numbers: a book's numbers are 1..count when none was skipped or
    //  given twice, counted over every phase of its commune.
    for (int c = 0; c < 4; c++)
        for (int bk = 0; bk < 2; bk++) {
            int64_t max = c == 0 ? one.max_number[bk] : 0, count = c == 0 ? one.numbers[bk] : 0;
            for (int g = 0; g < 1 + r->solo_done; g++)
                for (int i = c; i < clients; i += 4) {
                    max = jobs[g][i].max_number[bk] > max ? jobs[g][i].max_number[bk] : max;
                    count += jobs[g][i].numbers[bk];
                }
            r->gaps += max != count;
        }
    free (seq);
    free (par);

    //  Every registration's two events reach the bus.
    t0 = bench_now_ns ();
    int64_t want = 2 * (int64_t) r->registered;
    for (int attempt = 0; attempt < 600 && !bench_stopping (); attempt++) {
        stats = bench_bus_stats (&bus, b->keys_dir);
        r->bus_events = vp_map_int (vp_map_get (stats, "heads"), "documents", 0);
        vp_val_destroy (&stats);
        if (r->bus_events >= want)
            break;
        usleep (50000);
    }
    r->drain_secs = bench_secs (bench_now_ns () - t0);
    r->bus_complete = r->bus_events == want;
    r->done = true;
    rc = 0;
done:
    if (documents > 0 && bench_stop (documents, 10000) != 0)
        bench_say ("vp-documents did not stop cleanly; see %s", log_path);
    if (staffing > 0)
        bench_stop (staffing, 10000);
    bench_bus_stop (&bus);
    return rc;
}


//  --------------------------------------------------------------------------
//  B. The database of a district

typedef struct {
    sqlite3 *db;
    int64_t events;
    vp_err_t err;
} s_loader_t;

static int
s_emit (s_loader_t *ld, int tenant, const char *event, vp_val_t *data)
{
    char tid[16];
    s_tenant_id (tenant, tid, sizeof tid);
    ld->events++;
    return bench_staff_event (ld->db, tid, event, data, &ld->err);
}

//  The communes, their posts and officers, as staffing events.
static int
s_load_staffing (sqlite3 *db, int tenants, int64_t t0, int64_t *events)
{
    s_loader_t ld = { .db = db };
    char id[64];
    for (int t = 0; t < tenants; t++) {
        vp_val_t *data = vp_val_map ();
        s_tenant_id (t, id, sizeof id);
        vp_map_put_str (data, "tenant", id);
        vp_map_put (data, "name", vp_val_strf ("Xã Mẫu %02d", t + 1));
        vp_map_put_str (data, "district", "Huyện Mẫu");
        if (s_emit (&ld, t, "tenant_created", data))
            return -1;
        data = vp_val_map ();
        vp_map_put_str (data, "body", "ubnd");
        vp_map_put_str (data, "name", "Ủy ban nhân dân");
        vp_map_put_str (data, "kind", "state");
        if (s_emit (&ld, t, "body_created", data))
            return -1;
        for (int p = 0; p < S_POSTS; p++) {
            data = vp_val_map ();
            vp_map_put_str (data, "post", s_posts[p].post);
            vp_map_put_str (data, "body", "ubnd");
            vp_map_put_str (data, "title", s_posts[p].title);
            vp_val_t *fields = vp_val_array ();
            vp_array_push (fields, vp_val_strf ("lv-%02d", p));
            vp_map_put (data, "fields", fields);
            vp_map_put_str (data, "clearance", s_posts[p].clearance);
            if (s_posts[p].head)
                vp_map_put_bool (data, "heads_office", true);
            vp_map_put_int (data, "from", t0);
            if (s_emit (&ld, t, "post_created", data))
                return -1;
        }
        for (int o = 0; o < S_OFFICERS; o++) {
            data = vp_val_map ();
            s_officer_id (t, o, id, sizeof id);
            vp_map_put_str (data, "officer", id);
            vp_map_put (data, "full_name", vp_val_strf ("Cán bộ Mẫu %02d-%02d", t + 1, o + 1));
            vp_map_put_str (data, "status", "active");
            if (s_emit (&ld, t, "officer_created", data))
                return -1;
            if (o < S_POSTS) {
                data = vp_val_map ();
                vp_map_put (data, "appointment", vp_val_strf ("bench-a-%d-%d", t + 1, o + 1));
                vp_map_put_str (data, "officer", id);
                vp_map_put_str (data, "post", s_posts[o].post);
                vp_map_put_int (data, "from", t0);
                if (s_emit (&ld, t, "appointed", data))
                    return -1;
            }
        }
    }
    *events = ld.events;
    return 0;
}

typedef struct {
    bench_fill_t base;
    double staffing_secs, docs_secs;
    int64_t db_bytes;
} s_fill_t;


//  --------------------------------------------------------------------------
//  B. Queries

static const char *const s_kind_names[S_KINDS] = { "a word", "two words", "a word and a type", "a status",
                                                   "a month of arrival" };

typedef struct {
    int kind;
    int tenant, officer;
    char q[64];
    const char *type, *status;
    int64_t from, to, offset;
    int64_t total;                  //  as counted in process; -1 unknown
} s_query_t;

//  The words of topics, folded: one word, or two that follow each other.
static void
s_words (char *out, size_t size, int count)
{
    char folded[256];
    const char *topic = bench_topics[bench_below (bench_ntopics)];
    vp_text_fold (topic, folded, sizeof folded);
    char *words[16];
    int n = 0;
    char *save = NULL;
    for (char *w = strtok_r (folded, " ", &save); w && n < 16; w = strtok_r (NULL, " ", &save))
        words[n++] = w;
    int at = (int) bench_below (n - count + 1 > 0 ? n - count + 1 : 1);
    if (count == 2 && n >= 2)
        snprintf (out, size, "%s %s", words[at], words[at + 1]);
    else
        snprintf (out, size, "%s", words[at]);
}

static void
s_queries (s_query_t *q, int n, const s_args_t *a, const s_fill_t *f)
{
    static const char *const statuses[] = { "assigned", "in_progress", "returned", "done", "registered" };
    for (int i = 0; i < n; i++) {
        s_query_t *x = &q[i];
        memset (x, 0, sizeof *x);
        x->kind = i % S_KINDS;
        x->tenant = (int) bench_below (a->tenants);
        x->officer = (int) bench_below (S_POSTS);
        x->total = -1;
        x->offset = bench_chance (0.1) ? 20 * (1 + bench_below (5)) : 0;
        switch (x->kind) {
            case 0: s_words (x->q, sizeof x->q, 1); break;
            case 1: s_words (x->q, sizeof x->q, 2); break;
            case 2: s_words (x->q, sizeof x->q, 1); x->type = bench_pick_type ()->id; break;
            case 3: x->status = S_PICK (statuses); break;
            default: {
                int64_t month = 30 * S_DAY;
                x->from = f->base.t0 + bench_below ((f->base.now - f->base.t0) / month) * month;
                x->to = x->from + month;
            }
        }
    }
}

static vp_val_t *
s_query_args (const s_query_t *x)
{
    vp_val_t *args = vp_val_map ();
    if (*x->q)
        vp_map_put_str (args, "q", x->q);
    if (x->type)
        vp_map_put_str (args, "type", x->type);
    if (x->status)
        vp_map_put_str (args, "status", x->status);
    if (x->from) {
        vp_map_put_int (args, "from", x->from);
        vp_map_put_int (args, "to", x->to);
    }
    if (x->offset)
        vp_map_put_int (args, "offset", x->offset);
    return args;
}

//  The same query in this process: the FTS5 MATCH of the tenant's words
//  (the scheme of doc_search.h) counted and paged, or the SQL count and
//  page of the status. Fills x->total; returns the time in ms.
static double
s_local (sqlite3 *db, s_query_t *x)
{
    char tenant[16], *match = NULL;
    s_tenant_id (x->tenant, tenant, sizeof tenant);
    int clearance = vp_secrecy_parse (s_posts[x->officer].clearance);
    int64_t t0 = bench_now_ns ();
    sqlite3_stmt *count = NULL, *page = NULL;
    if (x->status) {
        char visible[96] = "'thuong'";
        const char *more[] = { ",'mat'", ",'toi-mat'", ",'tuyet-mat'" };
        for (int i = 0; i < clearance; i++)
            strcat (visible, more[i]);
        char sql[512];
        snprintf (sql, sizeof sql, "SELECT count (*) FROM doc_document WHERE tenant = ?1 AND status = ?2"
                                   " AND secrecy IN (%s)", visible);
        sqlite3_prepare_v2 (db, sql, -1, &count, NULL);
        snprintf (sql, sizeof sql, "SELECT rowid FROM doc_document WHERE tenant = ?1 AND status = ?2"
                                   " AND secrecy IN (%s) ORDER BY rowid DESC LIMIT 20 OFFSET ?3", visible);
        sqlite3_prepare_v2 (db, sql, -1, &page, NULL);
        for (int i = 0; i < 2; i++) {
            sqlite3_stmt *s = i ? page : count;
            sqlite3_bind_text (s, 1, tenant, -1, SQLITE_STATIC);
            sqlite3_bind_text (s, 2, x->status, -1, SQLITE_STATIC);
        }
    }
    else {
        doc_service_t service = { .db = db };
        match = doc_search_match (&service, tenant, *x->q ? x->q : NULL, x->type, NULL, clearance);
        if (!match) {
            x->total = 0;
            return bench_ms (bench_now_ns () - t0);
        }
        sqlite3_prepare_v2 (db, "SELECT count (*) FROM doc_fts WHERE doc_fts MATCH ?1 AND rowid >= ?2 AND rowid < ?3",
                            -1, &count, NULL);
        sqlite3_prepare_v2 (db, "SELECT rowid FROM doc_fts WHERE doc_fts MATCH ?1 AND rowid >= ?2 AND rowid < ?3"
                                " ORDER BY rowid DESC LIMIT 20 OFFSET ?4", -1, &page, NULL);
        for (int i = 0; i < 2; i++) {
            sqlite3_stmt *s = i ? page : count;
            sqlite3_bind_text (s, 1, match, -1, SQLITE_STATIC);
            sqlite3_bind_int64 (s, 2, x->from ? x->from * DOC_ROWID_SLOTS : 0);
            sqlite3_bind_int64 (s, 3, x->to ? x->to * DOC_ROWID_SLOTS : INT64_MAX);
        }
    }
    x->total = count && sqlite3_step (count) == SQLITE_ROW ? sqlite3_column_int64 (count, 0) : -1;
    if (page) {
        sqlite3_bind_int64 (page, x->status ? 3 : 4, x->offset);
        while (sqlite3_step (page) == SQLITE_ROW)
            ;
    }
    double ms = bench_ms (bench_now_ns () - t0);
    sqlite3_finalize (count);
    sqlite3_finalize (page);
    free (match);
    return ms;
}

typedef struct {
    double p50, p99, max, rate;
    double kind_p99[S_KINDS];
    int failed, mismatched;
    int64_t rows;                   //  rows answered
    int64_t totals[S_KINDS];        //  sum of totals, per kind (how much each kind matches)
    int counts[S_KINDS];
} s_calls_t;

static void
s_remote (vp_cmdcli_t *cli, const s_query_t *q, int n, s_calls_t *out)
{
    memset (out, 0, sizeof *out);
    double *ms = (double *) calloc ((size_t) n + 1, sizeof (double));
    double *kind_ms[S_KINDS];
    int kind_n[S_KINDS] = { 0 };
    for (int k = 0; k < S_KINDS; k++)
        kind_ms[k] = (double *) calloc ((size_t) n + 1, sizeof (double));
    int64_t start = bench_now_ns ();
    int done = 0;
    for (int i = 0; i < n && !bench_stopping (); i++) {
        const s_query_t *x = &q[i];
        char tenant[16], officer[32];
        s_tenant_id (x->tenant, tenant, sizeof tenant);
        s_officer_id (x->tenant, x->officer, officer, sizeof officer);
        vp_val_t *result = NULL;
        vp_err_t err = { 0 };
        int64_t t0 = bench_now_ns ();
        int rc = vp_cmdcli_call (cli, "documents.search", tenant, officer, s_query_args (x), S_CALL_TIMEOUT_MS,
                                 &result, &err);
        double t = bench_ms (bench_now_ns () - t0);
        ms[done++] = t;
        kind_ms[x->kind][kind_n[x->kind]++] = t;
        if (rc) {
            if (out->failed++ < 3)
                bench_say ("documents.search (%s): %s", s_kind_names[x->kind], err.message);
            continue;
        }
        int64_t total = vp_map_int (result, "total", -1);
        size_t rows = vp_val_len (vp_map_get (result, "rows"));
        int64_t expect_rows = total - x->offset < 0 ? 0 : total - x->offset > 20 ? 20 : total - x->offset;
        if ((x->total >= 0 && total != x->total) || (int64_t) rows != expect_rows) {
            if (out->mismatched++ < 3)
                bench_say ("documents.search (%s \"%s\"): total %lld, %zu rows; in process %lld",
                           s_kind_names[x->kind], x->q, (long long) total, rows, (long long) x->total);
        }
        out->rows += (int64_t) rows;
        out->totals[x->kind] += total;
        out->counts[x->kind]++;
        vp_val_destroy (&result);
    }
    double secs = bench_secs (bench_now_ns () - start);
    out->rate = secs > 0 ? done / secs : NAN;
    bench_percentiles (ms, done, &out->p50, &out->p99, &out->max);
    for (int k = 0; k < S_KINDS; k++) {
        double p50;
        bench_percentiles (kind_ms[k], kind_n[k], &p50, &out->kind_p99[k], NULL);
        free (kind_ms[k]);
    }
    out->failed += n - done;
    free (ms);
}

typedef struct {
    bool done;
    s_fill_t fill;
    int64_t staffing_events;
    double migrate_ms;
    //  per run
    double p50[S_MAX_RUNS], p99[S_MAX_RUNS], max[S_MAX_RUNS], rate[S_MAX_RUNS];
    double kind_p99[S_KINDS][S_MAX_RUNS];
    double ref_p50[S_MAX_RUNS], ref_p99[S_MAX_RUNS];
    double ready_ms[S_MAX_RUNS];
    int runs_done;
    int failed, mismatched;
    double avg_total[S_KINDS];
    double rows_per_call;
} s_search_t;

static int
s_search_run (const s_args_t *a, const char *documents_bin, const char *dir, s_query_t *q, int run, s_search_t *r)
{
    const bench_t *b = &a->bench;
    int i = run - 1;
    char db_path[BENCH_PATH_MAX + 32], log_path[BENCH_PATH_MAX + 32];
    snprintf (db_path, sizeof db_path, "%s/documents.db", dir);
    snprintf (log_path, sizeof log_path, "%s/search-run%d.log", b->dir, run);
    //  The reference, in this process, on the same database.
    vp_err_t err = { 0 };
    sqlite3 *db = vp_db_open (dir, "documents.db", &err);
    if (!db) {
        bench_say ("cannot open %s: %s", db_path, err.message);
        return -1;
    }
    double *ms = (double *) calloc ((size_t) a->searches + 1, sizeof (double));
    for (int k = 0; k < a->searches; k++)
        ms[k] = s_local (db, &q[k]);
    bench_percentiles (ms, a->searches, &r->ref_p50[i], &r->ref_p99[i], NULL);
    free (ms);
    vp_db_close (&db);

    s_env_t e;
    s_env_init (&e, dir, NULL, b->keys_dir, NULL);
    int64_t t0 = bench_now_ns ();
    pid_t pid = s_service (documents_bin, &e, "documents", b->keys_dir, log_path);
    if (pid <= 0)
        return -1;
    r->ready_ms[i] = bench_ms (bench_now_ns () - t0);
    bench_client_t client;
    int rc = -1;
    if (bench_client_open (&client, b->keys_dir, e.documents_cmd, "documents", &err) == 0) {
        s_calls_t calls;
        s_remote (client.cli, q, S_WARMUP < a->searches ? S_WARMUP : a->searches, &calls);
        s_remote (client.cli, q, a->searches, &calls);
        r->p50[i] = calls.p50;
        r->p99[i] = calls.p99;
        r->max[i] = calls.max;
        r->rate[i] = calls.rate;
        for (int k = 0; k < S_KINDS; k++) {
            r->kind_p99[k][i] = calls.kind_p99[k];
            if (run == 1)
                r->avg_total[k] = calls.counts[k] ? (double) calls.totals[k] / calls.counts[k] : 0;
        }
        if (run == 1)
            r->rows_per_call = (double) calls.rows / a->searches;
        r->failed += calls.failed;
        r->mismatched += calls.mismatched;
        bench_say ("B. run %d: search p50 %.2f ms, p99 %.2f ms, max %.1f ms; in process p99 %.2f ms", run,
                   calls.p50, calls.p99, calls.max, r->ref_p99[i]);
        rc = bench_stopping () ? -1 : 0;
    }
    else
        bench_say ("cannot connect to vp-documents: %s", err.message);
    bench_client_close (&client);
    if (bench_stop (pid, 10000) != 0)
        bench_say ("vp-documents did not stop cleanly; see %s", log_path);
    if (rc == 0)
        r->runs_done = run;
    return rc;
}

static int
s_search_data (const s_args_t *a, const char *documents_bin, const char *dir, s_search_t *r)
{
    const bench_t *b = &a->bench;
    char log_path[BENCH_PATH_MAX + 32];
    snprintf (log_path, sizeof log_path, "%s/search-migrate.log", b->dir);
    s_env_t e;
    s_env_init (&e, dir, NULL, b->keys_dir, NULL);
    int64_t t0 = bench_now_ns ();
    pid_t pid = s_service (documents_bin, &e, "documents", b->keys_dir, log_path);
    if (pid <= 0 || bench_stop (pid, 10000) != 0)
        return -1;
    r->migrate_ms = bench_ms (bench_now_ns () - t0);

    vp_err_t err = { 0 };
    sqlite3 *db = vp_db_open (dir, "documents.db", &err);
    if (!db) {
        bench_say ("cannot open the database: %s", err.message);
        return -1;
    }
    bench_fill_exec (db, "PRAGMA synchronous = OFF");
    bench_fill_exec (db, "PRAGMA cache_size = -1000000");
    r->fill.base.now = vp_clock_now ();
    r->fill.base.t0 = r->fill.base.now - S_YEARS * 365 * S_DAY;
    int rc = -1;
    t0 = bench_now_ns ();
    if (bench_fill_exec (db, "BEGIN") || s_load_staffing (db, a->tenants, r->fill.base.t0 - S_DAY, &r->staffing_events)
    ||  bench_fill_exec (db, "COMMIT"))
        goto done;
    r->fill.staffing_secs = bench_secs (bench_now_ns () - t0);
    bench_say ("B. writing %lld documents of %d communes", (long long) a->documents, a->tenants);
    t0 = bench_now_ns ();
    //  Each commune's documents go to the holders of its posts.
    const char **ids = (const char **) calloc ((size_t) a->tenants * (S_POSTS + 1), sizeof (char *));
    const char *posts[S_POSTS];
    bench_fill_commune_t *communes = (bench_fill_commune_t *) calloc ((size_t) a->tenants, sizeof *communes);
    for (int p = 0; p < S_POSTS; p++)
        posts[p] = s_posts[p].post;
    for (int t = 0; t < a->tenants; t++) {
        char id[32];
        const char **mine = ids + (size_t) t * (S_POSTS + 1);
        s_tenant_id (t, id, sizeof id);
        mine[S_POSTS] = strdup (id);
        for (int o = 0; o < S_POSTS; o++) {
            s_officer_id (t, o, id, sizeof id);
            mine[o] = strdup (id);
        }
        communes[t] = (bench_fill_commune_t) { .tenant = mine[S_POSTS], .nholders = S_POSTS, .officers = mine,
                                               .posts = posts };
    }
    r->fill.base.documents = a->documents;
    r->fill.base.communes = communes;
    r->fill.base.ncommunes = a->tenants;
    int filled = bench_fill_documents (db, &r->fill.base);
    for (size_t i = 0; i < (size_t) a->tenants * (S_POSTS + 1); i++)
        free ((char *) ids[i]);
    free (ids);
    free (communes);
    r->fill.base.communes = NULL;
    if (filled)
        goto done;
    r->fill.docs_secs = bench_secs (bench_now_ns () - t0);
    bench_fill_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)");
    sqlite3_stmt *stmt = NULL;
    sqlite3_prepare_v2 (db, "SELECT page_count * page_size FROM pragma_page_count, pragma_page_size", -1, &stmt, NULL);
    if (stmt && sqlite3_step (stmt) == SQLITE_ROW)
        r->fill.db_bytes = sqlite3_column_int64 (stmt, 0);
    sqlite3_finalize (stmt);
    rc = 0;
done:
    vp_db_close (&db);
    return rc;
}


//  --------------------------------------------------------------------------
//  Report

static bench_cols_t s_cols = { 56, 28, 12 };

static bool
s_report (FILE *out, const s_args_t *a, const s_register_t *g, const s_search_t *s, double total_secs)
{
    char m[64], runs[256], t[32];
    int n = s->runs_done;
    double p99 = bench_median (s->p99, n);
    bool search_met = s->done && p99 <= S_TARGET_SEARCH_P99_MS && s->failed == 0 && s->mismatched == 0;
    bool register_met = g->done && g->seq_rate >= S_TARGET_REGISTER_RATE && g->failed == 0 && g->unrouted == 0
                      && g->gaps == 0 && g->bus_complete;
    if (g->done) {
        fprintf (out, "\nbench-documents A: registration through vp-documents (CURVE, bus, demo district of %lld"
                      " staffing events loaded in %.1f s)\n", (long long) g->staffing_events, g->demo_secs);
        fprintf (out, "\n(a) references, this process and this machine\n");
        snprintf (m, sizeof m, "%.2f / %.2f", g->commit_p50, g->commit_p99);
        bench_line (out, &s_cols, "sqlite one-row commit p50 / p99 (ms)", m, "", "", "");
        bench_line (out, &s_cols, "  as commits/s (1 / p50)", bench_num (m, sizeof m, 1000 / g->commit_p50), "", "", "");
        snprintf (m, sizeof m, "%.3f / %.3f", g->rt_p50, g->rt_p99);
        bench_line (out, &s_cols, "DEALER/ROUTER round trip p50 / p99 (ms), CURVE", m, "", "", "");
        fprintf (out, "\n(b) documents.register, %d one at a time, then %d clients at once\n", a->registrations,
                 g->par_clients);
        snprintf (t, sizeof t, ">= %.0f", S_TARGET_REGISTER_RATE);
        bench_line (out, &s_cols, "documents/s, one at a time", bench_num (m, sizeof m, g->seq_rate), "", t,
                    bench_verdict (register_met));
        snprintf (m, sizeof m, "%.2f / %.2f / %.1f", g->seq_p50, g->seq_p99, g->seq_max);
        bench_line (out, &s_cols, "  latency p50 / p99 / max (ms)", m, "", "", "");
        snprintf (m, sizeof m, "%.2f", g->seq_rate * g->commit_p50 / 1000);
        bench_line (out, &s_cols, "  x sqlite one-row commits/s", m, "", "", "");
        snprintf (m, sizeof m, "%.3f", g->seq_cpu);
        bench_line (out, &s_cols, "  vp-documents CPU per registration (ms)", m, "", "", "");
        snprintf (m, sizeof m, "%.1f", g->seq_writes);
        bench_line (out, &s_cols, "  vp-documents write calls per registration", m, "", "", "");
        bench_line (out, &s_cols, "documents/s, clients at once, grouped", bench_num (m, sizeof m, g->par_rate), "",
                    "", "");
        snprintf (m, sizeof m, "%.2f / %.2f", g->par_p50, g->par_p99);
        bench_line (out, &s_cols, "  latency p50 / p99 (ms)", m, "", "", "");
        snprintf (m, sizeof m, "%.2f", g->par_rate * g->commit_p50 / 1000);
        snprintf (t, sizeof t, ">= %.1f", S_TARGET_GROUPED_X);
        bench_line (out, &s_cols, "  x sqlite one-row commits/s", m, "", t,
                    bench_verdict (g->par_rate * g->commit_p50 / 1000 >= S_TARGET_GROUPED_X));
        snprintf (m, sizeof m, "%.3f", g->par_cpu);
        snprintf (t, sizeof t, "<= %.2f", S_TARGET_CPU_MS);
        bench_line (out, &s_cols, "  vp-documents CPU per registration (ms)", m, "", t,
                    bench_verdict (g->par_cpu <= S_TARGET_CPU_MS));
        snprintf (m, sizeof m, "%.1f", g->par_writes);
        bench_line (out, &s_cols, "  vp-documents write calls per registration", m, "", "", "");
        if (g->solo_done) {
            bench_line (out, &s_cols, "documents/s, clients at once, VP_COMMAND_BATCH=1",
                        bench_num (m, sizeof m, g->solo_rate), "", "", "");
            snprintf (m, sizeof m, "%.2f / %.2f", g->solo_p50, g->solo_p99);
            bench_line (out, &s_cols, "  latency p50 / p99 (ms)", m, "", "", "");
            snprintf (m, sizeof m, "%.3f", g->solo_cpu);
            bench_line (out, &s_cols, "  vp-documents CPU per registration (ms)", m, "", "", "");
            snprintf (m, sizeof m, "%.1f", g->solo_writes);
            bench_line (out, &s_cols, "  vp-documents write calls per registration", m, "", "", "");
            snprintf (m, sizeof m, "%.2f", g->par_rate / g->solo_rate);
            bench_line (out, &s_cols, "grouped x one transaction each", m, "", "", "");
        }
        fprintf (out, "  %d registered, %d refused, %d not routed, %d books with a gap in their numbers;"
                      " %lld documents.* events on the bus (%s), the last %.1f s after the last answer\n",
                 g->registered, g->failed, g->unrouted, g->gaps, (long long) g->bus_events,
                 g->bus_complete ? "all" : "SOME MISSING", g->drain_secs);
        if (*g->error)
            fprintf (out, "  first refusal: %s\n", g->error);
    }
    if (s->done && n > 0) {
        char b1[32], b2[32];
        fprintf (out, "\nbench-documents B: search over %s documents of %d communes (%.0f MB database, written in"
                      " %.0f s); medians of %d run%s\n", bench_num (b1, sizeof b1, (double) s->fill.base.written),
                 a->tenants, (double) s->fill.db_bytes / 1e6, s->fill.docs_secs, n, n == 1 ? "" : "s");
        fprintf (out, "\n(c) the same queries in this process (FTS5 MATCH or SQL count, and the page)\n");
        snprintf (m, sizeof m, "%.2f / %.2f", bench_median (s->ref_p50, n), bench_median (s->ref_p99, n));
        bench_line (out, &s_cols, "p50 / p99 (ms)", m, "", "", "");
        fprintf (out, "\n(d) documents.search over loopback, CURVE, one at a time, %s calls per run\n",
                 bench_num (b2, sizeof b2, a->searches));
        snprintf (m, sizeof m, "%.2f", bench_median (s->p50, n));
        bench_line (out, &s_cols, "p50 ms", m, bench_runs (runs, sizeof runs, s->p50, n, 2), "", "");
        snprintf (t, sizeof t, "<= %.0f ms", S_TARGET_SEARCH_P99_MS);
        snprintf (m, sizeof m, "%.2f", p99);
        bench_line (out, &s_cols, "p99 ms", m, bench_runs (runs, sizeof runs, s->p99, n, 2), t,
                    bench_verdict (search_met));
        snprintf (m, sizeof m, "%.1f", bench_median (s->max, n));
        bench_line (out, &s_cols, "max ms", m, bench_runs (runs, sizeof runs, s->max, n, 1), "", "");
        bench_line (out, &s_cols, "calls/s", bench_num (m, sizeof m, bench_median (s->rate, n)), "", "", "");
        for (int k = 0; k < S_KINDS; k++) {
            char name[96];
            snprintf (name, sizeof name, "  p99 ms, %s (%s found on average)", s_kind_names[k],
                      bench_num (b1, sizeof b1, s->avg_total[k]));
            snprintf (m, sizeof m, "%.2f", bench_median (s->kind_p99[k], n));
            bench_line (out, &s_cols, name, m, "", "", "");
        }
        snprintf (m, sizeof m, "%.1f", p99 / bench_median (s->ref_p99, n));
        bench_line (out, &s_cols, "p99 x in-process p99", m, "", "", "");
        fprintf (out, "  totals that differ from the in-process count: %d; failed calls: %d\n", s->mismatched,
                 s->failed);
    }
    bool grouped_met = g->done && g->par_rate * g->commit_p50 / 1000 >= S_TARGET_GROUPED_X;
    bool all = search_met && register_met && grouped_met;
    fprintf (out, "\n%s in %.0f s\n", all ? "every target met" : "SOME TARGET MISSED (or a call failed)", total_secs);
    return all;
}

static void
s_markdown (const s_args_t *a, const s_register_t *g, const s_search_t *s)
{
    FILE *out = bench_markdown_open (&a->bench, "Documents", a->bench.quick ? "a --quick run is a smoke test" : NULL);
    if (!out)
        return;
    int n = s->runs_done;
    char b1[32], b2[32], b3[32], b4[32], runs[256];
    double p99 = bench_median (s->p99, n);
    bool search_met = p99 <= S_TARGET_SEARCH_P99_MS && s->failed == 0 && s->mismatched == 0;
    bool register_met = g->seq_rate >= S_TARGET_REGISTER_RATE && g->failed == 0 && g->unrouted == 0 && g->gaps == 0
                      && g->bus_complete;
    fprintf (out, "Registration: `vp-bus`, `vp-staffing` and `vp-documents` with CURVE and the demo district "
                  "(%lld staffing events, loaded with `vpctl batch`); the clerk of Lam Sơn registers %s documents "
                  "one at a time, then the clerks of %d communes as many again at once. Each `documents.register` "
                  "is one durable transaction (synchronous=FULL): arrival number, row, search index, history, "
                  "`documents.registered`, routing, `documents.assigned`. Every answer was checked (%d refused, "
                  "%d not routed, %d books with a gap) and all %s events reached the bus. "
                  "Search: %s documents of %d communes over ten years (%.0f MB; summaries made of %d topics, "
                  "%d issuers, %d types; 3%% secret; a month's work in progress) written straight into the "
                  "database `vp-documents` made, then `documents.search` called %s times per run by random "
                  "officers (clearances as their posts) of random communes, one at a time: a word, two words, "
                  "a word and a type, a status, a month of arrival (10%% of them on a later page). Every total "
                  "was checked against the same query run in this process (%d differed, %d failed). Search ran "
                  "%d time%s against a fresh `vp-documents`; the figure is the median (each run in parentheses).",
             (long long) g->staffing_events, bench_num (b3, sizeof b3, a->registrations), g->par_clients, g->failed,
             g->unrouted, g->gaps,
             bench_num (b4, sizeof b4, (double) g->bus_events),
             bench_num (b1, sizeof b1, (double) s->fill.base.written), a->tenants, (double) s->fill.db_bytes / 1e6,
             bench_ntopics, bench_nissuers, bench_ntypes, bench_num (b2, sizeof b2, a->searches),
             s->mismatched, s->failed, n, n == 1 ? "" : "s");
    bench_markdown_figures (out);
    fprintf (out, "| (a) | sqlite one-row commit p50 / p99 | %.2f / %.2f ms | | |\n", g->commit_p50, g->commit_p99);
    fprintf (out, "| (a) | DEALER/ROUTER round trip p50 / p99, CURVE | %.3f / %.3f ms | | |\n", g->rt_p50, g->rt_p99);
    fprintf (out, "| (b) | `documents.register` one at a time | **%s documents/s** (p50 %.2f ms, p99 %.2f ms) | "
                  "≥ %.0f %s | %.2f × sqlite one-row commits/s (1 / p50) |\n",
             bench_num (b1, sizeof b1, g->seq_rate), g->seq_p50, g->seq_p99, S_TARGET_REGISTER_RATE,
             bench_verdict (register_met), g->seq_rate * g->commit_p50 / 1000);
    fprintf (out, "| (b) | `documents.register`, %d clients at once | %s documents/s (p50 %.2f ms, p99 %.2f ms) | | "
                  "%.2f × one at a time |\n", g->par_clients, bench_num (b1, sizeof b1, g->par_rate), g->par_p50,
             g->par_p99, g->par_rate / g->seq_rate);
    fprintf (out, "| (b) | the same, grouped: × sqlite one-row commits/s | **%.2f** | ≥ %.1f %s | |\n",
             g->par_rate * g->commit_p50 / 1000, S_TARGET_GROUPED_X,
             bench_verdict (g->par_rate * g->commit_p50 / 1000 >= S_TARGET_GROUPED_X));
    fprintf (out, "| (b) | `vp-documents` CPU per registration: one at a time / grouped / one transaction each | "
                  "%.3f / **%.3f** / %.3f ms | ≤ %.2f ms (grouped) %s | |\n", g->seq_cpu, g->par_cpu, g->solo_cpu,
             S_TARGET_CPU_MS, bench_verdict (g->par_cpu <= S_TARGET_CPU_MS));
    if (g->solo_done)
        fprintf (out, "| (b) | `documents.register`, %d clients, `VP_COMMAND_BATCH=1` | %s documents/s (p50 %.2f ms, "
                      "p99 %.2f ms) | | grouped is %.2f × this |\n", g->par_clients,
                 bench_num (b1, sizeof b1, g->solo_rate), g->solo_p50, g->solo_p99, g->par_rate / g->solo_rate);
    fprintf (out, "| (c) | the same queries in process (FTS5 MATCH or SQL), p50 / p99 | %.2f / %.2f ms | | |\n",
             bench_median (s->ref_p50, n), bench_median (s->ref_p99, n));
    fprintf (out, "| (d) | `documents.search` p50 | %.2f ms (%s) | | |\n", bench_median (s->p50, n),
             bench_runs (runs, sizeof runs, s->p50, n, 2));
    fprintf (out, "| (d) | `documents.search` p99 over %s documents | **%.2f ms** (%s) | ≤ %.0f ms %s | %.1f × in process p99 |\n",
             bench_num (b3, sizeof b3, (double) s->fill.base.written), p99, bench_runs (runs, sizeof runs, s->p99, n, 2),
             S_TARGET_SEARCH_P99_MS, bench_verdict (search_met), p99 / bench_median (s->ref_p99, n));
    for (int k = 0; k < S_KINDS; k++)
        fprintf (out, "| (d) | p99 of %s (%s found on average) | %.2f ms | | |\n", s_kind_names[k],
                 bench_num (b1, sizeof b1, s->avg_total[k]), bench_median (s->kind_p99[k], n));
    fprintf (out, "| (d) | max; calls/s one at a time | %.1f ms; %s | | |\n", bench_median (s->max, n),
             bench_num (b1, sizeof b1, bench_median (s->rate, n)));
    fprintf (out, "\nWhat each figure is: (a) a bare sqlite commit of one row on the same disk (WAL, synchronous=FULL), "
                  "the floor of a durable registration, and a bare ZeroMQ DEALER/ROUTER exchange with CURVE, the "
                  "floor of any command; (b) a clerk's path: `vp_cmdcli_call` of `documents.register` over tcp "
                  "loopback with CURVE, timed from the call to its decoded answer; (c) the query `vp-documents` "
                  "runs, in this process on the same database: the tenant's FTS5 MATCH (or, for a status, the "
                  "SQL count on the index) and the page of 20; (d) `documents.search` over the wire after %d "
                  "uncounted calls: access check, clearance, the count, the page and its rows. The rowid of a "
                  "document is its arrival time, and every token of the index is scoped to its commune, so a "
                  "query reads one commune's doclists in arrival order whatever the size of the district.",
             S_WARMUP);
    bench_markdown_close (out, &a->bench);
}


//  --------------------------------------------------------------------------
//  The run

static int
s_parse (s_args_t *a, int argc, char **argv)
{
    *a = (s_args_t) {
        .bench = { .name = "bench-documents", .runs = 3, .budget_secs = 170 },
        .documents = 1000000, .tenants = 20, .searches = 1000, .registrations = 2000, .clients = 8, .seed = 1
    };
    snprintf (a->demo, sizeof a->demo, "scripts/demo/district.vp");
    bench_t *b = &a->bench;
    bench_opt_t opts[] = {
        BENCH_OPTS_RUN (b, "data folder (default ./var/bench-documents-XXXXXX, removed after)",
                        "build folder with services/{bus,staffing,documents,ctl,keygen} (default: the one this\n"
                        "                        program was built in)",
                        "repeats of the search runs, medians reported (default 3)"),
        BENCH_OPT ("--documents", "N", a->documents, "100000", "documents in the search database (default 1000000)"),
        BENCH_OPT ("--tenants", "N", a->tenants, "10", "communes they belong to (default 20)"),
        BENCH_OPT ("--searches", "N", a->searches, "300", "documents.search calls per run (default 1000)"),
        BENCH_OPT ("--registrations", "N", a->registrations, "400",
                   "documents registered one at a time, and again by the clients at once (default 2000)"),
        BENCH_OPT ("--clients", "N", a->clients, NULL, "clients registering at once, 1..8, two per commune past 4 (default 8)"),
        BENCH_OPT ("--demo", "FILE", a->demo, NULL, "the demo district for vpctl batch (default scripts/demo/district.vp)"),
        BENCH_OPT ("--seed", "N", a->seed, NULL, "random seed of the data and the queries (default 1)"),
        BENCH_OPT_BUDGET (b, "start no search run that would end after S seconds (default 170)"),
    };
    if (bench_parse (b, opts, sizeof opts / sizeof opts[0],
                     "100,000 documents, 400 registrations, 300 searches, one run: a smoke test", argc, argv))
        return -1;
    if (b->runs < 1 || b->runs > S_MAX_RUNS || a->documents < 1000 || a->tenants < 1 || a->tenants > 99
    ||  a->searches < 50 || a->registrations < 20 || a->clients < 1 || a->clients > S_CLIENTS_MAX) {
        bench_say ("a size is out of range (runs 1..%d, documents >= 1000, tenants 1..99, searches >= 50,"
                   " registrations >= 20, clients 1..8)", S_MAX_RUNS);
        return -1;
    }
    return 0;
}

int
main (int argc, char **argv)
{
    s_args_t a;
    if (s_parse (&a, argc, argv) || bench_start (&a.bench, "var/bench-documents-XXXXXX", ""))
        return 2;
    bench_seed (a.seed);
    int status = 2;
    s_register_t g = { 0 };
    s_search_t s = { 0 };
    s_query_t *q = NULL;
    char documents_bin[BENCH_PATH_MAX + 40], dir[BENCH_PATH_MAX + 16];
    snprintf (dir, sizeof dir, "%s/search", a.bench.dir);
    if (access (a.demo, R_OK)) {
        bench_say ("cannot read the demo district %s (give --demo)", a.demo);
        goto done;
    }
    if (bench_bin_path (&a.bench, "services/documents/vp-documents", documents_bin, sizeof documents_bin)
    ||  bench_make_keys (a.bench.keygen, a.bench.keys_dir, a.bench.log_path)
    ||  bench_make_key (a.bench.keygen, a.bench.keys_dir, a.bench.log_path, "staffing", "service")
    ||  bench_make_key (a.bench.keygen, a.bench.keys_dir, a.bench.log_path, "documents", "service")
    ||  bench_make_key (a.bench.keygen, a.bench.keys_dir, a.bench.log_path, "vpctl", "admin"))
        goto done;

    if (s_registration (&a, &g))
        bench_say ("A. registration failed");
    if (bench_stopping ())
        goto done;

    bench_say ("B. vp-documents makes its database in an empty folder");
    if (s_search_data (&a, documents_bin, dir, &s) == 0) {
        q = (s_query_t *) calloc ((size_t) a.searches, sizeof (s_query_t));
        s_queries (q, a.searches, &a, &s.fill);
        for (int run = 1; bench_next_run (&a.bench, run); run++)
            if (s_search_run (&a, documents_bin, dir, q, run, &s))
                break;
        s.done = bench_have_runs (&a.bench, s.runs_done);
    }
    if (!g.done && !s.done)
        goto done;
    status = s_report (stdout, &a, &g, &s, bench_secs (bench_now_ns () - a.bench.start)) ? 0 : 1;
    if (g.done && s.done)
        s_markdown (&a, &g, &s);
    else
        bench_say ("not writing the markdown: a part failed");
done:
    free (q);
    return bench_end (&a.bench, status);
}
