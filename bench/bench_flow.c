/*  bench-flow - the benchmark of the whole flow of a document: from the
    clerk's documents.register to the notification in the officer's inbox,
    through every service, everything durable.

    bench-flow [--dir DIR] [--bin BUILD_DIR] [--runs 3] [--rate 100] [--steady-secs 10]
               [--documents 3000] [--clients 8] [--quick] [--markdown FILE] [--command TEXT]

    Each run, on a fresh data folder: vp-bus, then the reference measured
    on it (durable events end to end: outbox -> vp-bus -> consumer, one
    row per event, bench_e2e); then vp-staffing, vp-documents,
    vp-calendar and vp-notify with CURVE, without SMTP (the inbox is the
    measure). A small district is loaded through vpctl: two communes,
    each with an office (its head and its clerk) and six posts with a
    field of work, officers without e-mail; then, once every service has
    applied the staffing stream, one routing rule per post (a Giấy mời of
    its field goes to it), added by the office head.

    Each document is a Giấy mời (giay-moi) registered by the clerk of its
    commune, with a field and a meeting for the post of that field, at a
    time nobody else of that post is booked (no conflict). One
    documents.register causes, all with the request's id as corr:
      vp-documents  documents.registered, documents.assigned  (one transaction)
      vp-calendar   calendar.entry_created                    (the meeting)
      vp-notify     notify.created for the assignment, and for the meeting
                    (each with its inbox row, in one transaction)
    A thread follows the documents, calendar and notify streams of the bus
    (vp_consumer, cursors in memory: no gap, no repeat) and notes when
    each event of each corr arrives. An event on the bus is durable: the
    service committed it with its change. The time of a document is from
    sending its register command to seeing the notify.created of its
    meeting (the end of the longest chain); every document must get all
    five events once, else the run fails.

    Phase 1: --rate documents a second for --steady-secs, sent on a
    schedule by 4 clients (an office at work). Phase 2: --documents as
    fast as --clients clients, one command in flight each, can register
    them; the rate is documents / (first sent -> last notification).

    Targets: p99 <= 500 ms at 100/s and the schedule kept; >= 100
    documents/s through the whole flow. DIR (default
    ./var/bench-flow-XXXXXX, removed after) should be on the disk under
    test. Exit 0 when every target is met, 1 when one is missed, 2 when
    the run failed (a document lost, refused or told twice included).
*/
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>
#include "bench.h"

#define S_MAX_RUNS 9
#define S_TARGET_RATE 100.0             //  documents/s through the flow, at most
#define S_TARGET_P99_MS 500.0           //  at the steady rate
#define S_TARGET_KEPT 0.98              //  the steady rate achieved, at least this share
#define S_STEADY_CLIENTS 4
#define S_MAX_CLIENTS 32
#define S_CALL_TIMEOUT_MS 10000
#define S_DRAIN_QUIET_NS (30 * 1000000000LL)
#define S_E2E_EVENTS 20000
#define S_MINUTE ((int64_t) 60000)
#define S_SLOT_MS (30 * S_MINUTE)       //  one meeting of a post per slot...
#define S_MEETING_MS (20 * S_MINUTE)    //  ...shorter than it: never a conflict

typedef struct {
    bench_t bench;
    int rate;
    double steady_secs;
    int documents;
    int clients;
} s_args_t;

//  --------------------------------------------------------------------------
//  The district: two communes, alike

#define S_COMMUNES 2
#define S_POSTS 6

static const char *const s_communes[S_COMMUNES][2] = {
    { "flow-xa-mot", "Xã Mẫu Một" }, { "flow-xa-hai", "Xã Mẫu Hai" },
};

//  The posts that handle documents: each its field of work.
static const struct {
    const char *post, *title, *field;
} s_posts[S_POSTS] = {
    { "chu-tich-ubnd", "Chủ tịch UBND", "dieu-hanh" },
    { "pho-chu-tich-ubnd", "Phó Chủ tịch UBND (kinh tế)", "kinh-te" },
    { "dia-chinh", "Địa chính – Xây dựng", "dat-dai" },
    { "tai-chinh", "Tài chính – Kế toán", "tai-chinh" },
    { "tu-phap", "Tư pháp – Hộ tịch", "tu-phap" },
    { "van-hoa", "Văn hóa – Xã hội", "van-hoa" },
};

static void
s_officer_id (int c, const char *post, char *buf, size_t size)
{
    snprintf (buf, size, "%s-%s", c == 0 ? "fm" : "fh", post);
}

//  Write the district's staffing as a vpctl batch file.
static int
s_write_staffing (const char *path)
{
    FILE *f = fopen (path, "w");
    if (!f)
        return -1;
    for (int c = 0; c < S_COMMUNES; c++) {
        const char *t = s_communes[c][0];
        char id[80];
        fprintf (f, "staffing.tenant.create tenant=%s name=\"%s\" district=\"Huyện Mẫu\" merged_on=01/10/2025\n",
                 t, s_communes[c][1]);
        fprintf (f, "staffing.body.create @tenant=%s body=ubnd name=\"Ủy ban nhân dân\" abbr=\"UBND\" kind=state\n", t);
        fprintf (f, "staffing.body.create @tenant=%s body=van-phong name=\"Văn phòng Đảng ủy – Chính quyền\""
                    " abbr=\"VP\" kind=office\n", t);
        fprintf (f, "staffing.post.create @tenant=%s post=to-truong-vp body=van-phong title=\"Tổ trưởng Văn phòng\""
                    " fields=luu-tru,lich-cong-tac clearance=mat heads_office=true from=01/10/2025\n", t);
        fprintf (f, "staffing.post.create @tenant=%s post=van-thu body=van-phong title=\"Văn thư\""
                    " fields=van-thu clearance=mat from=01/10/2025\n", t);
        for (int p = 0; p < S_POSTS; p++)
            fprintf (f, "staffing.post.create @tenant=%s post=%s body=ubnd title=\"%s\" fields=%s"
                        " clearance=thuong from=01/06/2021\n", t, s_posts[p].post, s_posts[p].title, s_posts[p].field);
        //  Officers without e-mail: nothing leaves the inbox.
        const char *office[] = { "to-truong-vp", "van-thu" };
        for (int p = 0; p < S_POSTS + 2; p++) {
            const char *post = p < 2 ? office[p] : s_posts[p - 2].post;
            s_officer_id (c, post, id, sizeof id);
            fprintf (f, "staffing.officer.create @tenant=%s officer=%s full_name=\"Cán bộ Mẫu %d-%d\"\n", t, id,
                     c + 1, p + 1);
            fprintf (f, "staffing.appoint @tenant=%s officer=%s post=%s from=01/10/2025\n", t, id, post);
        }
    }
    return fclose (f) == 0 ? 0 : -1;
}

//  One rule per post and commune: a Giấy mời of the post's field goes to
//  it (added by the office head, who alone may).
static int
s_write_routes (const char *path)
{
    FILE *f = fopen (path, "w");
    if (!f)
        return -1;
    for (int c = 0; c < S_COMMUNES; c++) {
        char head[80];
        s_officer_id (c, "to-truong-vp", head, sizeof head);
        for (int p = 0; p < S_POSTS; p++)
            fprintf (f, "documents.route.add @tenant=%s @actor=%s post=%s type=giay-moi field=%s\n",
                     s_communes[c][0], head, s_posts[p].post, s_posts[p].field);
    }
    return fclose (f) == 0 ? 0 : -1;
}

//  --------------------------------------------------------------------------
//  What is seen of each document

//  The events of a document's chain, in the order they come.
typedef enum { S_ANSWERED, S_ASSIGNED, S_ENTRY, S_TOLD_ASSIGNED, S_TOLD_ENTRY, S_STEPS } s_step_t;

typedef struct {
    int count;                          //  documents of the run
    char (*ids)[VP_ID_LEN + 1];         //  each one's request id: the corr of its chain
    zhashx_t *index;                    //  id -> document + 1 (read-only while running)
    int64_t *sent;                      //  ns
    int64_t *at[S_STEPS];               //  ns, 0 when not (yet)
} s_docs_t;

static int
s_docs_init (s_docs_t *d, int count)
{
    memset (d, 0, sizeof *d);
    d->count = count;
    d->ids = calloc ((size_t) count, sizeof d->ids[0]);
    d->sent = calloc ((size_t) count, sizeof (int64_t));
    d->index = zhashx_new ();
    bool ok = d->ids && d->sent && d->index;
    for (int s = 0; s < S_STEPS; s++)
        ok &= (d->at[s] = calloc ((size_t) count, sizeof (int64_t))) != NULL;
    for (int i = 0; ok && i < count; i++) {
        vp_id_new (d->ids[i]);
        ok = zhashx_insert (d->index, d->ids[i], (void *) (intptr_t) (i + 1)) == 0;
    }
    return ok ? 0 : -1;
}

static void
s_docs_free (s_docs_t *d)
{
    zhashx_destroy (&d->index);
    free (d->ids);
    free (d->sent);
    for (int s = 0; s < S_STEPS; s++)
        free (d->at[s]);
    memset (d, 0, sizeof *d);
}

//  --------------------------------------------------------------------------
//  The watcher: the chain's events on the bus

typedef struct {
    const bench_bus_t *bus;
    const char *keys_dir;
    s_docs_t *docs;
    int64_t heads[3];                   //  where each stream was when the run began
    atomic_llong seen;                  //  events of our documents
    atomic_llong twice;                 //  an event of a document seen twice
    atomic_llong strays;                //  other events of our documents (a conflict...)
    atomic_int ready;                   //  1 following live, -1 failed
    atomic_int stop;
    vp_consumer_t *consumer;            //  the watcher thread's
} s_watch_t;

static const char *const s_streams[3] = { "documents", "calendar", "notify" };

static int
s_watch_apply (sqlite3 *db, const vp_val_t *env, void *arg)
{
    s_watch_t *w = (s_watch_t *) arg;
    int64_t now = bench_now_ns ();
    const char *corr = vp_map_str (env, "corr");
    intptr_t n = corr ? (intptr_t) zhashx_lookup (w->docs->index, corr) : 0;
    if (n == 0)
        return 0;                       //  not one of ours (staffing, config)
    int i = (int) n - 1;
    const char *type = vp_map_str (env, "type");
    int step = -1;
    if (strcmp (type, "documents.registered") == 0)
        return 0;                       //  the same transaction as assigned
    if (strcmp (type, "documents.assigned") == 0)
        step = S_ASSIGNED;
    else
    if (strcmp (type, "calendar.entry_created") == 0)
        step = S_ENTRY;
    else
    if (strcmp (type, "notify.created") == 0) {
        const char *cause = vp_map_str (vp_map_get (env, "data"), "cause_type");
        if (cause && strcmp (cause, "documents.assigned") == 0)
            step = S_TOLD_ASSIGNED;
        else
        if (cause && strcmp (cause, "calendar.entry_created") == 0)
            step = S_TOLD_ENTRY;
    }
    if (step < 0) {
        atomic_fetch_add (&w->strays, 1);
        return 0;
    }
    if (w->docs->at[step][i])
        atomic_fetch_add (&w->twice, 1);
    else {
        w->docs->at[step][i] = now;
        atomic_fetch_add (&w->seen, 1);
    }
    return 0;
}


static int
s_watch_tick (zloop_t *loop, int timer_id, void *arg)
{
    s_watch_t *w = (s_watch_t *) arg;
    if (atomic_load (&w->ready) == 0 && vp_consumer_connected (w->consumer))
        atomic_store (&w->ready, 1);
    return atomic_load (&w->stop) || bench_stopping () ? -1 : 0;
}

static void *
s_watch (void *arg)
{
    s_watch_t *w = (s_watch_t *) arg;
    vp_err_t err = { 0 };
    vp_keys_t *keys = vp_keys_load (w->keys_dir, "bench", &err);
    zloop_t *loop = zloop_new ();
    w->consumer = keys ? vp_consumer_new (NULL, w->bus->pub, w->bus->replay, keys, s_watch_apply, w, &err) : NULL;
    int rc = w->consumer ? 0 : -1;
    if (rc == 0)
        vp_consumer_set_hwm (w->consumer, 100000);
    for (int s = 0; rc == 0 && s < 3; s++)
        rc = vp_consumer_follow_from (w->consumer, s_streams[s], w->heads[s] + 1);
    if (rc == 0 && vp_consumer_attach (w->consumer, loop) == 0 && zloop_timer (loop, 5, 0, s_watch_tick, w) >= 0)
        zloop_start (loop);
    else {
        bench_say ("cannot follow the bus: %s", *err.message ? err.message : "cannot follow or attach");
        atomic_store (&w->ready, -1);
    }
    vp_consumer_destroy (&w->consumer);
    zloop_destroy (&loop);
    vp_keys_destroy (&keys);
    return NULL;
}

//  Whether document i has its whole chain.
static bool
s_complete (const s_docs_t *d, int i)
{
    for (int s = 0; s < S_STEPS; s++)
        if (!d->at[s][i])
            return false;
    return true;
}

//  Wait until every answered document of [first, end) has its whole
//  chain, or S_DRAIN_QUIET_NS without an event of ours; how many have not.
static int
s_drain (s_watch_t *w, int first, int end)
{
    int64_t seen = -1, still_since = bench_now_ns ();
    int missing = 0;
    while (!bench_stopping ()) {
        missing = 0;
        for (int i = first; i < end; i++)
            missing += w->docs->at[S_ANSWERED][i] && !s_complete (w->docs, i);
        if (missing == 0)
            break;
        int64_t now = atomic_load (&w->seen);
        if (now != seen) {
            seen = now;
            still_since = bench_now_ns ();
        }
        else
        if (bench_now_ns () - still_since > S_DRAIN_QUIET_NS)
            break;
        usleep (2000);
    }
    return missing;
}

//  --------------------------------------------------------------------------
//  The clerks: documents.register, on a schedule or as fast as they go

typedef struct {
    s_docs_t *docs;
    const char *keys_dir, *endpoint;
    int first, end;                     //  documents [first, end)
    int rate;                           //  a second; 0: as fast as they go
    int64_t t0;                         //  ns: the schedule's start
    int64_t base;                       //  ms: the first meeting slot
    int64_t now;                        //  ms: the phase's clock, for dates
    atomic_int next;
    atomic_int refused;
    pthread_mutex_t lock;
    char error[600];
} s_phase_t;

//  The request of document i, with its id: a Giấy mời of a post's field
//  in commune i % S_COMMUNES, its meeting in the post's next free slot.
static vp_val_t *
s_request (const s_phase_t *ph, int i)
{
    int c = i % S_COMMUNES, p = (i / S_COMMUNES) % S_POSTS;
    int64_t start = ph->base + (int64_t) (i / (S_COMMUNES * S_POSTS)) * S_SLOT_MS;
    char clerk[80];
    s_officer_id (c, "van-thu", clerk, sizeof clerk);
    vp_val_t *meeting = vp_val_map ();
    vp_map_put_int (meeting, "start", start);
    vp_map_put_int (meeting, "end", start + S_MEETING_MS);
    vp_map_put_str (meeting, "place", "Hội trường UBND xã");
    vp_val_t *posts = vp_val_array ();
    vp_array_push (posts, vp_val_str (s_posts[p].post));
    vp_map_put (meeting, "invited_posts", posts);
    vp_val_t *args = vp_val_map ();
    vp_map_put_str (args, "issuer", "UBND huyện Mẫu");
    vp_map_put (args, "number", vp_val_strf ("%d/GM-UBND", i + 1));
    vp_map_put_int (args, "doc_date", ph->now - 24 * S_MINUTE * 60);
    vp_map_put_str (args, "type", "giay-moi");
    vp_map_put (args, "summary", vp_val_strf ("Giấy mời họp bàn công tác %s, lần %d", s_posts[p].title, i + 1));
    vp_map_put_str (args, "urgency", "thuong");
    vp_map_put_str (args, "secrecy", "thuong");
    vp_map_put_str (args, "field", s_posts[p].field);
    vp_map_put (args, "meeting", meeting);
    vp_val_t *request = vp_val_map ();
    vp_map_put_int (request, "v", 1);
    vp_map_put_str (request, "id", ph->docs->ids[i]);
    vp_map_put_str (request, "cmd", "documents.register");
    vp_map_put_str (request, "tenant", s_communes[c][0]);
    vp_map_put_str (request, "actor", clerk);
    vp_map_put (request, "args", args);
    return request;
}

static void
s_refused (s_phase_t *ph, const char *why)
{
    if (atomic_fetch_add (&ph->refused, 1) == 0) {
        pthread_mutex_lock (&ph->lock);
        snprintf (ph->error, sizeof ph->error, "%s", why);
        pthread_mutex_unlock (&ph->lock);
    }
}

static void *
s_clerk (void *arg)
{
    s_phase_t *ph = (s_phase_t *) arg;
    bench_client_t client;
    vp_err_t err = { 0 };
    if (bench_client_open (&client, ph->keys_dir, ph->endpoint, "documents", &err)) {
        s_refused (ph, err.message);
        bench_client_close (&client);
        return NULL;
    }
    int i;
    while (!bench_stopping () && (i = atomic_fetch_add (&ph->next, 1)) < ph->end) {
        if (ph->rate) {
            int64_t due = ph->t0 + (int64_t) ((double) (i - ph->first) * 1e9 / ph->rate);
            int64_t wait = due - bench_now_ns ();
            if (wait > 0)
                usleep ((useconds_t) (wait / 1000));
        }
        vp_val_t *request = s_request (ph, i), *reply = NULL;
        ph->docs->sent[i] = bench_now_ns ();
        int rc = vp_cmdcli_request (client.cli, request, S_CALL_TIMEOUT_MS, &reply, &err);
        int64_t at = bench_now_ns ();
        const char *status = vp_map_str (vp_map_get (reply, "result"), "status");
        if (rc == 0 && vp_map_bool (reply, "ok", false) && status && strcmp (status, "assigned") == 0)
            ph->docs->at[S_ANSWERED][i] = at;
        else {
            char *json = reply ? vp_val_to_json (reply) : NULL;
            s_refused (ph, json ? json : err.message);
            free (json);
        }
        vp_val_destroy (&reply);
    }
    bench_client_close (&client);
    return NULL;
}

//  The figures of a phase.
typedef struct {
    int documents;
    double sent_rate;                   //  documents/s sent
    double answered_rate;               //  documents/s registered, first sent -> last answer
    double rate;                        //  documents/s through the flow
    double p50, p99, max;               //  ms, register -> the chain's last event
    double step_p50[S_STEPS], step_p99[S_STEPS];
} s_fig_t;

//  Register [first, end) with `clients` clients at `rate` (0: as fast as
//  they go), wait for the chains, and measure. -1 when a document was
//  refused, lost or could not be sent.
static int
s_phase (s_watch_t *w, const char *keys_dir, const char *endpoint, int first, int end, int rate, int clients,
         int64_t base, s_fig_t *fig, int64_t *refused, int64_t *lost)
{
    s_docs_t *d = w->docs;
    s_phase_t ph = {
        .docs = d, .keys_dir = keys_dir, .endpoint = endpoint, .first = first, .end = end, .rate = rate,
        .base = base, .now = vp_clock_now ()
    };
    atomic_init (&ph.next, first);
    atomic_init (&ph.refused, 0);
    pthread_mutex_init (&ph.lock, NULL);
    pthread_t threads[S_MAX_CLIENTS];
    ph.t0 = bench_now_ns () + 20000000;  //  every client is there when the schedule starts
    int started = 0;
    for (int c = 0; c < clients; c++)
        started += pthread_create (&threads[started], NULL, s_clerk, &ph) == 0;
    for (int c = 0; c < started; c++)
        pthread_join (threads[c], NULL);
    pthread_mutex_destroy (&ph.lock);
    int refused_now = atomic_load (&ph.refused);
    if (refused_now)
        bench_say ("%d documents.register refused or unanswered; the first: %s", refused_now, ph.error);
    int missing = s_drain (w, first, end);
    *refused += refused_now + (started == clients ? 0 : 1);
    *lost += missing;
    if (missing)
        bench_say ("%d documents without their whole chain after %lld s without an event", missing,
                   S_DRAIN_QUIET_NS / 1000000000LL);

    size_t n = end > first ? (size_t) (end - first) : 1;
    int k = 0;
    double *ms = calloc (n, sizeof (double));
    double *step = calloc (n, sizeof (double));
    int64_t first_sent = INT64_MAX, last_sent = 0, last_answer = 0, first_done = INT64_MAX, last_done = 0;
    for (int i = first; i < end; i++) {
        if (!s_complete (d, i))
            continue;
        int64_t done = 0;
        for (int s = 0; s < S_STEPS; s++)
            done = d->at[s][i] > done ? d->at[s][i] : done;
        ms[k++] = bench_ms (done - d->sent[i]);
        first_sent = d->sent[i] < first_sent ? d->sent[i] : first_sent;
        last_sent = d->sent[i] > last_sent ? d->sent[i] : last_sent;
        last_answer = d->at[S_ANSWERED][i] > last_answer ? d->at[S_ANSWERED][i] : last_answer;
        first_done = done < first_done ? done : first_done;
        last_done = done > last_done ? done : last_done;
    }
    memset (fig, 0, sizeof *fig);
    fig->documents = k;
    if (k > 1) {
        bench_percentiles (ms, k, &fig->p50, &fig->p99, &fig->max);
        fig->sent_rate = (double) (k - 1) / bench_secs (last_sent - first_sent);
        fig->answered_rate = (double) k / bench_secs (last_answer - first_sent);
        //  As fast as they go: documents over first sent -> last done. On
        //  a schedule: the pace the chains end at, done to done.
        fig->rate = rate ? (double) (k - 1) / bench_secs (last_done - first_done)
                         : (double) k / bench_secs (last_done - first_sent);
        for (int s = 0; s < S_STEPS; s++) {
            int m = 0;
            for (int i = first; i < end; i++)
                if (s_complete (d, i))
                    step[m++] = bench_ms (d->at[s][i] - d->sent[i]);
            bench_percentiles (step, m, &fig->step_p50[s], &fig->step_p99[s], NULL);
        }
    }
    free (ms);
    free (step);
    return refused_now || missing || started != clients || k < 2 ? -1 : 0;
}

//  --------------------------------------------------------------------------
//  One run

static const char *const s_services[4] = { "staffing", "documents", "calendar", "notify" };

typedef struct {
    char cmd[4][64];                    //  each service's command endpoint
    char http[64];                      //  vp-calendar's feeds
    char store[14][BENCH_PATH_MAX + 64];
    const char *env[16];
} s_env_t;

#define S_KEY_NAME 10                   //  the store's entry of VP_KEY_NAME

static void
s_env_init (s_env_t *e, const char *dir, const bench_bus_t *bus, const char *keys_dir)
{
    memset (e, 0, sizeof *e);
    for (int s = 0; s < 4; s++)
        bench_endpoint (e->cmd[s], sizeof e->cmd[s]);
    bench_endpoint (e->http, sizeof e->http);
    int n = 0;
    snprintf (e->store[n++], sizeof e->store[0], "VP_DATA_DIR=%s", dir);
    snprintf (e->store[n++], sizeof e->store[0], "VP_BUS_INGEST=%s", bus->ingest);
    snprintf (e->store[n++], sizeof e->store[0], "VP_BUS_PUB=%s", bus->pub);
    snprintf (e->store[n++], sizeof e->store[0], "VP_BUS_REPLAY=%s", bus->replay);
    snprintf (e->store[n++], sizeof e->store[0], "VP_KEYS_DIR=%s", keys_dir);
    snprintf (e->store[n++], sizeof e->store[0], "VP_STAFFING_CMD=%s", e->cmd[0]);
    snprintf (e->store[n++], sizeof e->store[0], "VP_DOCUMENTS_CMD=%s", e->cmd[1]);
    snprintf (e->store[n++], sizeof e->store[0], "VP_CALENDAR_CMD=%s", e->cmd[2]);
    snprintf (e->store[n++], sizeof e->store[0], "VP_NOTIFY_CMD=%s", e->cmd[3]);
    snprintf (e->store[n++], sizeof e->store[0], "VP_CALENDAR_HTTP=%s", e->http);
    snprintf (e->store[n++], sizeof e->store[0], "VP_KEY_NAME=");
    snprintf (e->store[n++], sizeof e->store[0], "VP_SMTP_URL=");
    snprintf (e->store[n++], sizeof e->store[0], "VP_CLOCK_FILE=");
    for (int i = 0; i < n; i++)
        e->env[i] = e->store[i];
    e->env[n] = NULL;
}

static void
s_env_key (s_env_t *e, const char *name)
{
    snprintf (e->store[S_KEY_NAME], sizeof e->store[S_KEY_NAME], "VP_KEY_NAME=%s", name);
}

//  vpctl batch FILE, to its end (2 minutes at most): its status.
static int
s_batch (const char *vpctl, s_env_t *e, const char *file, const char *log_path)
{
    s_env_key (e, "vpctl");
    const char *argv[] = { vpctl, "batch", file, NULL };
    pid_t pid = bench_spawn (argv, e->env, log_path);
    int status = -1;
    for (int i = 0; i < 1200 && pid > 0 && (status = bench_exited (pid)) < 0 && !bench_stopping (); i++)
        usleep (100000);
    if (status < 0 && pid > 0)
        bench_stop (pid, 2000);
    return status;
}

typedef struct {
    int runs_done;
    double e2e[S_MAX_RUNS];             //  reference, events/s
    s_fig_t steady[S_MAX_RUNS], burst[S_MAX_RUNS];
    double events_per_doc;              //  of the chain, on the bus
    int64_t lost, refused, twice, strays;
    int64_t staffing_events;
    double commit_p50, commit_p99;
} s_result_t;

static int
s_run (const s_args_t *a, int run, s_result_t *r)
{
    const bench_t *b = &a->bench;
    char bin[5][BENCH_PATH_MAX + 40], vpctl[BENCH_PATH_MAX + 40], dir[BENCH_PATH_MAX + 16],
         e2e_dir[BENCH_PATH_MAX + 32], log_path[BENCH_PATH_MAX + 32], staffing_file[BENCH_PATH_MAX + 32],
         routes_file[BENCH_PATH_MAX + 32];
    if (bench_bin_path (b, "services/bus/vp-bus", bin[4], sizeof bin[4])
    ||  bench_bin_path (b, "services/ctl/vpctl", vpctl, sizeof vpctl))
        return -1;
    for (int s = 0; s < 4; s++) {
        char rel[64];
        snprintf (rel, sizeof rel, "services/%s/vp-%s", s_services[s], s_services[s]);
        if (bench_bin_path (b, rel, bin[s], sizeof bin[s]))
            return -1;
    }
    snprintf (dir, sizeof dir, "%s/run-%d", b->dir, run);
    snprintf (e2e_dir, sizeof e2e_dir, "%s/e2e", dir);
    snprintf (log_path, sizeof log_path, "%s/stack-%d.log", b->dir, run);
    snprintf (staffing_file, sizeof staffing_file, "%s/staffing.vp", dir);
    snprintf (routes_file, sizeof routes_file, "%s/routes.vp", dir);
    bench_bus_t bus;
    if (bench_bus_start (&bus, bin[4], dir, b->keys_dir))
        return -1;
    int rc = -1;
    pid_t pids[4] = { -1, -1, -1, -1 };
    int steady = (int) (a->rate * a->steady_secs);
    s_docs_t docs = { 0 };
    s_watch_t w = { .bus = &bus, .keys_dir = b->keys_dir, .docs = &docs };
    pthread_t watcher;
    bool watching = false;

    bench_say ("run %d: the reference, durable events end to end on this bus", run);
    bench_e2e_t e2e = { 0 };
    if (zsys_dir_create ("%s", e2e_dir)
    ||  bench_e2e (&bus, b->keys_dir, e2e_dir, b->quick ? 5000 : S_E2E_EVENTS, 100, 0, 30, &e2e) || !e2e.complete) {
        bench_say ("the reference run failed");
        goto done;
    }
    r->e2e[r->runs_done] = e2e.rate;

    s_env_t e;
    s_env_init (&e, dir, &bus, b->keys_dir);
    for (int s = 0; s < 4; s++) {
        s_env_key (&e, s_services[s]);
        const char *argv[] = { bin[s], NULL };
        pids[s] = bench_service_start (argv, e.env, log_path, b->keys_dir, e.cmd[s], s_services[s], 60000, NULL);
        if (pids[s] <= 0)
            goto done;
    }
    bench_say ("run %d: the district through vpctl: staffing, then the routing rules", run);
    if (s_write_staffing (staffing_file) || s_write_routes (routes_file)) {
        bench_say ("cannot write %s", staffing_file);
        goto done;
    }
    int status = s_batch (vpctl, &e, staffing_file, log_path);
    for (int s = 1; s < 4 && status == 0; s++)
        if (bench_wait_applied (&bus, b->keys_dir, e.cmd[s], s_services[s], "staffing", 60000, &r->staffing_events))
            status = -1;
    if (status == 0)
        status = s_batch (vpctl, &e, routes_file, log_path);
    if (status != 0) {
        bench_say ("the district did not load (vpctl %d); see %s", status, log_path);
        goto done;
    }

    //  Follow the chain's streams from where they are now.
    vp_val_t *stats = bench_bus_stats (&bus, b->keys_dir);
    for (int s = 0; s < 3; s++)
        w.heads[s] = vp_map_int (vp_map_get (stats, "heads"), s_streams[s], 0);
    vp_val_destroy (&stats);
    if (s_docs_init (&docs, steady + a->documents)) {
        bench_say ("out of memory");
        goto done;
    }
    watching = pthread_create (&watcher, NULL, s_watch, &w) == 0;
    for (int i = 0; i < 2000 && watching && atomic_load (&w.ready) == 0 && !bench_stopping (); i++)
        usleep (5000);
    if (atomic_load (&w.ready) != 1) {
        bench_say ("the watcher did not get the bus's heartbeat within 10 s");
        goto done;
    }
    //  The meetings: from the next day's 07:00 UTC on, one slot of a post
    //  after another (days and nights alike: it is a benchmark).
    int64_t base = (vp_clock_now () / (24 * 60 * S_MINUTE) + 1) * 24 * 60 * S_MINUTE + 7 * 60 * S_MINUTE;
    s_fig_t *fs = &r->steady[r->runs_done], *fb = &r->burst[r->runs_done];
    int64_t refused = 0, lost = 0;

    bench_say ("run %d: %d documents at %d a second", run, steady, a->rate);
    int phase1 = s_phase (&w, b->keys_dir, e.cmd[1], 0, steady, a->rate, S_STEADY_CLIENTS, base, fs, &refused, &lost);
    bench_say ("run %d: %d documents as fast as %d clients go", run, a->documents, a->clients);
    int phase2 = bench_stopping () ? -1
               : s_phase (&w, b->keys_dir, e.cmd[1], steady, steady + a->documents, 0, a->clients, base, fb,
                          &refused, &lost);
    //  A moment more for what should not come at all: a second event of a
    //  document, a conflict.
    usleep (500000);
    r->refused += refused;
    r->lost += lost;
    r->twice += atomic_load (&w.twice);
    r->strays += atomic_load (&w.strays);
    //  + documents.registered, which is not noted
    r->events_per_doc = (double) atomic_load (&w.seen) / (steady + a->documents) + 1;
    if (phase1 == 0 && phase2 == 0 && w.twice == 0 && w.strays == 0)
        rc = 0;
    r->runs_done++;
done:
    if (watching) {
        atomic_store (&w.stop, 1);
        pthread_join (watcher, NULL);
    }
    s_docs_free (&docs);
    for (int s = 3; s >= 0; s--)
        if (pids[s] > 0 && bench_stop (pids[s], 10000) != 0)
            bench_say ("vp-%s did not stop cleanly; see %s", s_services[s], log_path);
    bench_bus_stop (&bus);
    return rc;
}

//  --------------------------------------------------------------------------
//  Report

static bench_cols_t s_cols = { 56, 30, 12 };

//  The runs of one figure of a phase (field at offset in s_fig_t).
static double *
s_runs_of (const s_fig_t *figs, int n, size_t offset, double out[S_MAX_RUNS])
{
    for (int i = 0; i < n; i++)
        out[i] = *(const double *) ((const char *) &figs[i] + offset);
    return out;
}

#define S_RUNS(figs, n, field, out) s_runs_of ((figs), (n), offsetof (s_fig_t, field), (out))

typedef struct {
    double steady_sent, steady_rate, steady_p50, steady_p99, steady_max;
    double rate, answered, p50, p99, max, e2e;
    double steady_steps[S_STEPS], burst_steps[S_STEPS];
} s_medians_t;

static void
s_medians (const s_result_t *r, s_medians_t *m)
{
    int n = r->runs_done;
    double v[S_MAX_RUNS];
    m->steady_sent = bench_median (S_RUNS (r->steady, n, sent_rate, v), n);
    m->steady_rate = bench_median (S_RUNS (r->steady, n, rate, v), n);
    m->steady_p50 = bench_median (S_RUNS (r->steady, n, p50, v), n);
    m->steady_p99 = bench_median (S_RUNS (r->steady, n, p99, v), n);
    m->steady_max = bench_median (S_RUNS (r->steady, n, max, v), n);
    m->rate = bench_median (S_RUNS (r->burst, n, rate, v), n);
    m->answered = bench_median (S_RUNS (r->burst, n, answered_rate, v), n);
    m->p50 = bench_median (S_RUNS (r->burst, n, p50, v), n);
    m->p99 = bench_median (S_RUNS (r->burst, n, p99, v), n);
    m->max = bench_median (S_RUNS (r->burst, n, max, v), n);
    m->e2e = bench_median (r->e2e, n);
    for (int s = 0; s < S_STEPS; s++) {
        for (int i = 0; i < n; i++)
            v[i] = r->steady[i].step_p50[s];
        m->steady_steps[s] = bench_median (v, n);
        for (int i = 0; i < n; i++)
            v[i] = r->burst[i].step_p50[s];
        m->burst_steps[s] = bench_median (v, n);
    }
}

static bool
s_clean (const s_result_t *r)
{
    return r->lost == 0 && r->refused == 0 && r->twice == 0 && r->strays == 0;
}

static bool
s_kept (const s_args_t *a, const s_medians_t *m)
{
    return m->steady_sent >= S_TARGET_KEPT * a->rate && m->steady_rate >= S_TARGET_KEPT * a->rate;
}

static bool
s_met (const s_args_t *a, const s_result_t *r, const s_medians_t *m)
{
    return r->runs_done > 0 && s_clean (r) && s_kept (a, m) && m->steady_p99 <= S_TARGET_P99_MS
        && m->rate >= S_TARGET_RATE;
}

//  "answered 1.9 / documents.assigned 2.4 / ..." (ms, p50 of each step).
static const char *
s_steps_text (char *buf, size_t size, const double steps[S_STEPS])
{
    static const char *const shortly[S_STEPS] = { "answer", "assigned", "entry", "told (assignment)", "told (meeting)" };
    size_t used = 0;
    for (int s = 0; s < S_STEPS && used < size; s++)
        used += (size_t) snprintf (buf + used, size - used, "%s%s %.1f", s ? " / " : "", shortly[s], steps[s]);
    return buf;
}

static void
s_report (FILE *out, const s_args_t *a, const s_result_t *r, const s_medians_t *m, double total_secs)
{
    int n = r->runs_done;
    char v[64], runs[256], t[48], steps[256];
    double x[S_MAX_RUNS];
    int steady = (int) (a->rate * a->steady_secs);
    fprintf (out, "\nbench-flow: documents.register -> notification in the inbox, through vp-documents, vp-calendar "
                  "and vp-notify\n(CURVE, bus, %d communes, %lld staffing events), medians of %d run%s\n",
             S_COMMUNES, (long long) r->staffing_events, n, n == 1 ? "" : "s");
    fprintf (out, "\n(a) reference, this bus\n");
    bench_line (out, &s_cols, "durable events end to end, events/s", bench_num (v, sizeof v, m->e2e),
                bench_runs (runs, sizeof runs, r->e2e, n, 0), "", "");
    snprintf (v, sizeof v, "%.2f / %.2f", r->commit_p50, r->commit_p99);
    bench_line (out, &s_cols, "sqlite one-row commit p50 / p99 (ms)", v, "", "", "");

    fprintf (out, "\n(b) %d a second for %.0f s (%d documents)\n", a->rate, a->steady_secs, steady);
    snprintf (t, sizeof t, ">= %.0f", S_TARGET_KEPT * a->rate);
    snprintf (v, sizeof v, "%.1f", m->steady_sent);
    bench_line (out, &s_cols, "documents/s sent", v, bench_runs (runs, sizeof runs, S_RUNS (r->steady, n, sent_rate, x), n, 1),
                t, bench_verdict (m->steady_sent >= S_TARGET_KEPT * a->rate));
    snprintf (v, sizeof v, "%.1f", m->steady_rate);
    bench_line (out, &s_cols, "documents/s through the flow (done to done)", v,
                bench_runs (runs, sizeof runs, S_RUNS (r->steady, n, rate, x), n, 1), t,
                bench_verdict (m->steady_rate >= S_TARGET_KEPT * a->rate));
    snprintf (v, sizeof v, "%.1f", m->steady_p50);
    bench_line (out, &s_cols, "register -> notification p50 (ms)", v,
                bench_runs (runs, sizeof runs, S_RUNS (r->steady, n, p50, x), n, 1), "", "");
    snprintf (v, sizeof v, "%.1f", m->steady_p99);
    snprintf (t, sizeof t, "<= %.0f ms", S_TARGET_P99_MS);
    bench_line (out, &s_cols, "register -> notification p99 (ms)", v,
                bench_runs (runs, sizeof runs, S_RUNS (r->steady, n, p99, x), n, 1), t,
                bench_verdict (m->steady_p99 <= S_TARGET_P99_MS));
    snprintf (v, sizeof v, "%.1f", m->steady_max);
    bench_line (out, &s_cols, "register -> notification max (ms)", v,
                bench_runs (runs, sizeof runs, S_RUNS (r->steady, n, max, x), n, 1), "", "");
    fprintf (out, "  p50 of each step (ms): %s\n", s_steps_text (steps, sizeof steps, m->steady_steps));

    fprintf (out, "\n(c) %d documents as fast as %d clients go\n", a->documents, a->clients);
    snprintf (t, sizeof t, ">= %.0f", S_TARGET_RATE);
    bench_line (out, &s_cols, "documents/s through the whole flow", bench_num (v, sizeof v, m->rate),
                bench_runs (runs, sizeof runs, S_RUNS (r->burst, n, rate, x), n, 0), t,
                bench_verdict (m->rate >= S_TARGET_RATE));
    snprintf (runs, sizeof runs, "the flow: %.2f x this", m->rate / m->answered);
    bench_line (out, &s_cols, "  documents.register answered/s", bench_num (v, sizeof v, m->answered), runs, "", "");
    snprintf (v, sizeof v, "%.3f", m->rate * r->events_per_doc / m->e2e);
    snprintf (runs, sizeof runs, "%.0f events/s, %.2f a document", m->rate * r->events_per_doc, r->events_per_doc);
    bench_line (out, &s_cols, "  chain events/s x durable events end to end", v, runs, "", "");
    snprintf (v, sizeof v, "%.1f / %.1f", m->p50, m->p99);
    bench_line (out, &s_cols, "register -> notification p50 / p99 (ms)", v,
                bench_runs (runs, sizeof runs, S_RUNS (r->burst, n, p99, x), n, 1), "", "");
    snprintf (v, sizeof v, "%.1f", m->max);
    bench_line (out, &s_cols, "register -> notification max (ms)", v, "", "", "");
    fprintf (out, "  p50 of each step (ms): %s\n", s_steps_text (steps, sizeof steps, m->burst_steps));

    fprintf (out, "\n  refused %lld, lost (chain incomplete) %lld, an event twice %lld, other events of a document %lld\n",
             (long long) r->refused, (long long) r->lost, (long long) r->twice, (long long) r->strays);
    fprintf (out, "\n%s in %.0f s\n",
             !s_clean (r) ? "THE FLOW FAILED: a document was refused, lost or told twice"
             : s_met (a, r, m) ? "every target met" : "SOME TARGET MISSED", total_secs);
}

static void
s_markdown (const s_args_t *a, const s_result_t *r, const s_medians_t *m)
{
    FILE *out = bench_markdown_open (&a->bench, "Flow", a->bench.quick ? "a --quick run is a smoke test" : NULL);
    if (!out)
        return;
    int n = r->runs_done;
    int steady = (int) (a->rate * a->steady_secs);
    char b1[32], b2[32], runs[256], steps[256];
    double x[S_MAX_RUNS];
    fprintf (out, "`vp-bus`, `vp-staffing`, `vp-documents`, `vp-calendar` and `vp-notify` with CURVE, without SMTP "
                  "(the inbox is the measure), and a district of %d communes loaded with `vpctl batch` (%lld staffing "
                  "events: an office head, a clerk and %d posts with a field of work each, officers without e-mail; "
                  "one routing rule per post: a Giấy mời of its field goes to it). Every document is a Giấy mời "
                  "registered by its commune's clerk with `documents.register`, with a field and a meeting for "
                  "the post of that field at a time that post has free, and causes, all with the request's id as "
                  "`corr`: `documents.registered` and `documents.assigned` (one transaction of `vp-documents`), "
                  "`calendar.entry_created` (the meeting, made from `documents.registered`), and two "
                  "`notify.created`, for the assignment and for the meeting, each committed with its inbox row "
                  "(%.2f events of the chain a document on the bus). A thread follows the documents, calendar and "
                  "notify streams of the bus (`vp_consumer`, no gap, no repeat) and notes when each event of each "
                  "`corr` arrives: an event on the bus is durable. A document's time runs from sending its "
                  "command to the last event of its chain (the notification of its meeting, as a rule). "
                  "(b) %d a second for %.0f s (%d documents, sent on a schedule by %d clients); (c) %s documents "
                  "as fast as %d clients, one command in flight each, register them. %lld refused, %lld lost, "
                  "%lld told twice, %lld other events (a conflict). %d run%s, each on a fresh bus and data folder; "
                  "the figure is the median (each run in parentheses).",
             S_COMMUNES, (long long) r->staffing_events, S_POSTS, r->events_per_doc, a->rate, a->steady_secs, steady,
             S_STEADY_CLIENTS, bench_num (b1, sizeof b1, a->documents), a->clients, (long long) r->refused,
             (long long) r->lost, (long long) r->twice, (long long) r->strays, n, n == 1 ? "" : "s");
    bench_markdown_figures (out);
    bench_markdown_refs (out, r->e2e, n, r->commit_p50, r->commit_p99);
    fprintf (out, "| (b) | documents sent a second / through the flow (done to done) at %d/s | %.1f / %.1f (%s) | "
                  "≥ %.0f %s | |\n",
             a->rate, m->steady_sent, m->steady_rate, bench_runs (runs, sizeof runs, S_RUNS (r->steady, n, rate, x), n, 1),
             S_TARGET_KEPT * a->rate, bench_verdict (s_kept (a, m)));
    fprintf (out, "| (b) | register → notification p50 at %d/s | %.1f ms (%s) | | |\n", a->rate, m->steady_p50,
             bench_runs (runs, sizeof runs, S_RUNS (r->steady, n, p50, x), n, 1));
    fprintf (out, "| (b) | register → notification p99 at %d/s | **%.1f ms** (%s) | ≤ %.0f ms %s | %.0f × sqlite one-row commit p99 |\n",
             a->rate, m->steady_p99, bench_runs (runs, sizeof runs, S_RUNS (r->steady, n, p99, x), n, 1),
             S_TARGET_P99_MS, bench_verdict (m->steady_p99 <= S_TARGET_P99_MS && s_clean (r)),
             m->steady_p99 / r->commit_p99);
    fprintf (out, "| (b) | max; p50 of each step (ms) | %.1f ms; %s | | |\n", m->steady_max,
             s_steps_text (steps, sizeof steps, m->steady_steps));
    fprintf (out, "| (c) | documents through the whole flow, first sent → last notification | **%s /s** (%s) | ≥ %s %s | "
                  "%.3f × durable events end to end (%.0f chain events/s) |\n",
             bench_num (b1, sizeof b1, m->rate), bench_runs (runs, sizeof runs, S_RUNS (r->burst, n, rate, x), n, 0),
             bench_num (b2, sizeof b2, S_TARGET_RATE), bench_verdict (m->rate >= S_TARGET_RATE && s_clean (r)),
             m->rate * r->events_per_doc / m->e2e, m->rate * r->events_per_doc);
    fprintf (out, "| (c) | `documents.register` answered, first sent → last answer | %s /s (%s) | | "
                  "the whole flow is %.2f × this |\n",
             bench_num (b1, sizeof b1, m->answered),
             bench_runs (runs, sizeof runs, S_RUNS (r->burst, n, answered_rate, x), n, 0), m->rate / m->answered);
    fprintf (out, "| (c) | register → notification p50 / p99 at that rate | %.1f / %.1f ms (p99 %s) | | |\n", m->p50,
             m->p99, bench_runs (runs, sizeof runs, S_RUNS (r->burst, n, p99, x), n, 1));
    fprintf (out, "| (c) | max; p50 of each step (ms) | %.1f ms; %s | | |\n", m->max,
             s_steps_text (steps, sizeof steps, m->burst_steps));
    fprintf (out, BENCH_REFS_WHAT "(b) an office at work: the pace the "
                  "documents were sent at and the pace their chains ended at, and each document's time from its "
                  "command to its last notification; (c) the most the services do together on this machine: "
                  "documents over the time from the first command to the last notification, with a document's time "
                  "while the services are busy. The steps: the command's answer, then the time each event of the "
                  "chain reached the watcher, each from the command (p50). The ratio to (a) counts the chain's "
                  "events: each passes the bus once and is applied by every service that follows its stream. "
                  "`vp-documents` answers one command at a time, each a durable transaction of its own, so the "
                  "registrations' pace is the ceiling of the flow; the other services apply events in batches.");
    bench_markdown_close (out, &a->bench);
}

//  --------------------------------------------------------------------------
//  The run

static int
s_parse (s_args_t *a, int argc, char **argv)
{
    *a = (s_args_t) {
        .bench = { .name = "bench-flow", .runs = 3, .budget_secs = 170 },
        .rate = 100, .steady_secs = 10, .documents = 3000, .clients = 8
    };
    bench_t *b = &a->bench;
    bench_opt_t opts[] = {
        BENCH_OPTS_RUN (b, "data folder (default ./var/bench-flow-XXXXXX, removed after)",
                        "build folder with services/{bus,staffing,documents,calendar,notify,ctl,keygen}\n"
                        "                        (default: the one this program was built in)",
                        "repeats, medians reported (default 3)"),
        BENCH_OPT ("--rate", "N", a->rate, NULL, "(b) documents a second (default 100)"),
        BENCH_OPT ("--steady-secs", "S", a->steady_secs, "3", "(b) for this long (default 10)"),
        BENCH_OPT ("--documents", "N", a->documents, "500", "(c) documents as fast as they go (default 3000)"),
        BENCH_OPT ("--clients", "N", a->clients, NULL, "(c) clerks at once, one command in flight each (default 8)"),
        BENCH_OPT_BUDGET (b, "start no run that would end after S seconds (default 170)"),
    };
    if (bench_parse (b, opts, sizeof opts / sizeof opts[0], "3 s at the rate, 500 documents, one run: a smoke test",
                     argc, argv))
        return -1;
    if (b->runs < 1 || b->runs > S_MAX_RUNS || a->rate < 1 || a->rate > 10000 || a->steady_secs < 1
    ||  a->steady_secs > 600 || a->rate * a->steady_secs < 10 || a->documents < 10 || a->documents > 1000000
    ||  a->clients < 1 || a->clients > S_MAX_CLIENTS) {
        bench_say ("a size is out of range (runs 1..%d, rate 1..10000, steady-secs 1..600 and 10 documents at "
                   "least, documents 10..1000000, clients 1..%d)", S_MAX_RUNS, S_MAX_CLIENTS);
        return -1;
    }
    return 0;
}

int
main (int argc, char **argv)
{
    s_args_t a;
    if (s_parse (&a, argc, argv) || bench_start (&a.bench, "var/bench-flow-XXXXXX", ""))
        return 2;
    int status = 2;
    s_result_t r = { 0 };
    const bench_t *b = &a.bench;
    if (bench_make_keys (b->keygen, b->keys_dir, b->log_path))
        goto done;
    for (int s = 0; s < 4; s++)
        if (bench_make_key (b->keygen, b->keys_dir, b->log_path, s_services[s], "service"))
            goto done;
    if (bench_make_key (b->keygen, b->keys_dir, b->log_path, "vpctl", "admin"))
        goto done;
    bench_say ("references: one-row sqlite commits");
    if (bench_ref_commit (b->dir, 500, 10, &r.commit_p50, &r.commit_p99))
        bench_say ("the commit reference failed");
    for (int run = 1; bench_next_run (&a.bench, run); run++)
        if (s_run (&a, run, &r))
            break;
    if (!bench_have_runs (b, r.runs_done))
        goto done;
    s_medians_t m;
    s_medians (&r, &m);
    s_report (stdout, &a, &r, &m, bench_secs (bench_now_ns () - b->start));
    if (!s_clean (&r))
        goto done;
    status = s_met (&a, &r, &m) ? 0 : 1;
    s_markdown (&a, &r, &m);
done:
    return bench_end (b, status);
}
