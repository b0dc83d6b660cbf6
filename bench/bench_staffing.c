/*  bench-staffing - the benchmark of `staffing.whois`, in one run.

    bench-staffing [--dir DIR] [--bin BUILD_DIR] [--runs 3] [--calls 20000]
                   [--field-calls 5000] [--quick] [--markdown FILE] [--command TEXT]

    1. Builds a staffing database: 50 communes (tenants), 6 bodies and 40
       posts each (one heads the office), 10,000 officers, 30,000
       appointments (about 10% of posts vacant now, some officers holding
       2-4 posts at once, most appointments ended in the past) and 1,000
       leaves with delegates (10% current, some delegates on leave too).
       The data are staffing.* envelopes, validated like an outbox does
       (vp_envelope_check) and applied with vp_staff_apply in transactions
       of 5,000, into the database vp-staffing made (it is started first
       once on the empty folder and stopped). Rows are counted against
       what was generated.
    2. Reference: vp_staff_whois in this process over the same random
       (tenant, post, at) the service is asked (at = now for 80%, a random
       past time for 20%); also a raw DEALER/ROUTER round trip with CURVE.
    3. vp-staffing with CURVE on that folder (no bus: it starts without
       one), `staffing.whois` with vp_cmdcli_call over loopback, one at a
       time, by post and then by field of work. Every answer is checked
       against the in-process one.

    (2) and (3) run --runs times (a fresh vp-staffing each time) and
    report medians. Target: whois p99 <= 1 ms. DIR (default
    ./var/bench-staffing-XXXXXX, removed after) should be on the disk
    under test. Exit 0 when every target is met, 1 when one is missed, 2
    when the run failed.
*/
#include <dirent.h>
#include <ftw.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include "bench.h"

#define S_MAX_RUNS 9
#define S_TARGET_P99_MS 1.0
#define S_DAY ((int64_t) 86400000)
#define S_YEAR (365 * S_DAY)
#define S_TX_EVENTS 5000
#define S_WARMUP 200
#define S_CALL_TIMEOUT_MS 2000

typedef struct {
    char dir[BENCH_PATH_MAX];
    char bin[BENCH_PATH_MAX];
    char markdown[BENCH_PATH_MAX];
    char command[512];
    int runs;
    int tenants;
    int posts;                  //  per tenant
    int officers;
    int appointments;
    int leaves;
    int calls;
    int field_calls;
    uint64_t seed;
    double budget_secs;
    bool quick;
    bool keep;
} s_args_t;

static void
s_say (const char *fmt, ...)
{
    va_list ap;
    va_start (ap, fmt);
    fprintf (stderr, "bench-staffing: ");
    vfprintf (stderr, fmt, ap);
    fprintf (stderr, "\n");
    va_end (ap);
}


//  --------------------------------------------------------------------------
//  Random numbers (splitmix64: the same data for the same seed)

static uint64_t s_rng;

static uint64_t
s_rand (void)
{
    uint64_t z = (s_rng += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

//  0 .. n-1
static int64_t
s_below (int64_t n)
{
    return n > 0 ? (int64_t) (s_rand () % (uint64_t) n) : 0;
}

static bool
s_chance (double p)
{
    return (double) (s_rand () >> 11) / 9007199254740992.0 < p;
}


//  --------------------------------------------------------------------------
//  The district

static const char *const s_post_names[][2] = {
    { "bi-thu", "Bí thư Đảng ủy" },
    { "pho-bi-thu-tt", "Phó Bí thư Thường trực Đảng ủy" },
    { "chu-tich-hdnd", "Chủ tịch HĐND" },
    { "pho-chu-tich-hdnd", "Phó Chủ tịch HĐND" },
    { "chu-tich-ubnd", "Chủ tịch UBND" },
    { "pho-chu-tich-ubnd-kt", "Phó Chủ tịch UBND (kinh tế)" },
    { "pho-chu-tich-ubnd-vx", "Phó Chủ tịch UBND (văn hóa – xã hội)" },
    { "chu-tich-mttq", "Chủ tịch UBMTTQ" },
    { "chu-nhiem-ubkt", "Chủ nhiệm UBKT Đảng ủy" },
    { "dia-chinh", "Địa chính – Xây dựng" },
    { "tai-chinh", "Tài chính – Kế toán" },
    { "tu-phap", "Tư pháp – Hộ tịch" },
    { "van-hoa", "Văn hóa – Xã hội" },
    { "chi-huy-quan-su", "Chỉ huy trưởng Quân sự" },
    { "chu-tich-hoi-pn", "Chủ tịch Hội Liên hiệp Phụ nữ" },
    { "bi-thu-doan-tn", "Bí thư Đoàn Thanh niên" },
};
#define S_NAMED_POSTS ((int) (sizeof s_post_names / sizeof s_post_names[0]))

static const char *const s_bodies[][3] = {
    { "dang-uy", "Đảng ủy xã", "party" },
    { "hdnd", "Hội đồng nhân dân", "state" },
    { "ubnd", "Ủy ban nhân dân", "state" },
    { "mttq", "Ủy ban Mặt trận Tổ quốc", "front" },
    { "hoi-pn", "Hội Liên hiệp Phụ nữ", "mass" },
    { "van-phong", "Văn phòng Đảng ủy – Chính quyền", "office" },
};
#define S_NBODIES ((int) (sizeof s_bodies / sizeof s_bodies[0]))

static const char *const s_family[] = { "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ" };
static const char *const s_middle[] = { "Văn", "Thị", "Đức", "Minh", "Thu" };

typedef struct {
    int tenant;
    int post;
    int officer;                //  global index
    int64_t from, to;           //  to 0: open
} s_appt_t;

typedef struct {
    int tenant;
    int officer, delegate;      //  global indexes
    int64_t from, to;           //  planned
    int64_t ended;              //  0, or when it ended early
} s_leave_t;

typedef struct {
    int tenant;
    int post;                   //  -1: by field
    int field;
    int64_t at;                 //  0: now
    char officer[VP_STAFF_ID_MAX];  //  the in-process answer
    bool answered;
} s_query_t;

typedef struct {
    int tenants, posts, officers;
    int *off_first, *off_count; //  officers of each tenant: global [first, first + count)
    s_appt_t *appts;
    int nappts;
    s_leave_t *leaves;
    int nleaves;
    char (*fields)[24];         //  every field of work of a tenant's posts
    int nfields;
    int64_t now, t0;
    //  what the tables must hold
    int expect_open, expect_vacant_now, expect_concurrent, expect_ended, expect_leave_now,
        expect_leave_ended;
} s_data_t;

static void
s_tenant_id (int t, char *buf, size_t size) { snprintf (buf, size, "xa-%02d", t + 1); }

static void
s_officer_id (const s_data_t *d, int o, char *buf, size_t size)
{
    int t = 0;
    while (t + 1 < d->tenants && o >= d->off_first[t + 1])
        t++;
    snprintf (buf, size, "x%02d-cb%04d", t + 1, o - d->off_first[t] + 1);
}

static void
s_post_id (int p, char *buf, size_t size)
{
    if (p == 0)
        snprintf (buf, size, "to-truong-vp");
    else
    if (p <= S_NAMED_POSTS)
        snprintf (buf, size, "%s", s_post_names[p - 1][0]);
    else
        snprintf (buf, size, "chuyen-vien-%02d", p);
}

static void
s_post_title (int p, char *buf, size_t size)
{
    if (p == 0)
        snprintf (buf, size, "Tổ trưởng Văn phòng");
    else
    if (p <= S_NAMED_POSTS)
        snprintf (buf, size, "%s", s_post_names[p - 1][1]);
    else
        snprintf (buf, size, "Chuyên viên %02d", p);
}

//  Fields of work of post p: the head's, one of its own, and every third
//  post shares one with others (the first by id then answers).
static vp_val_t *
s_post_fields (int p)
{
    vp_val_t *fields = vp_val_array ();
    if (p == 0) {
        vp_array_push (fields, vp_val_str ("van-thu"));
        vp_array_push (fields, vp_val_str ("luu-tru"));
        return fields;
    }
    vp_array_push (fields, vp_val_strf ("lv-%02d", p));
    if (p % 3 == 0)
        vp_array_push (fields, vp_val_strf ("lv-chung-%d", (p / 3) % 5));
    return fields;
}

static void
s_data_free (s_data_t *d)
{
    free (d->off_first);
    free (d->off_count);
    free (d->appts);
    free (d->leaves);
    free (d->fields);
    memset (d, 0, sizeof *d);
}

//  Split [a, b) into k terms with jittered boundaries; gaps (past
//  vacancies) before the next term unless contiguous.
static void
s_terms (s_data_t *d, int t, int p, int k, int64_t a, int64_t b, bool contiguous, bool last_gap)
{
    int64_t len = (b - a) / k;
    int64_t start = a;
    for (int i = 0; i < k; i++) {
        int64_t end = i == k - 1 ? b : a + (int64_t) (i + 1) * len + s_below (len / 2) - len / 4;
        int64_t gap = contiguous || (i == k - 1 && !last_gap) ? 0 : s_below ((end - start) / 5);
        s_appt_t *ap = &d->appts[d->nappts++];
        ap->tenant = t;
        ap->post = p;
        ap->officer = d->off_first[t] + (int) s_below (d->off_count[t]);
        ap->from = start;
        ap->to = end - gap;
        start = end;
    }
}

static int
s_generate (s_data_t *d, const s_args_t *a)
{
    memset (d, 0, sizeof *d);
    d->tenants = a->tenants;
    d->posts = a->posts;
    d->officers = a->officers;
    d->now = vp_clock_now ();
    d->t0 = d->now - 6 * S_YEAR;
    int T = a->tenants, P = a->posts;
    d->off_first = (int *) calloc ((size_t) T, sizeof (int));
    d->off_count = (int *) calloc ((size_t) T, sizeof (int));
    for (int t = 0, at = 0; t < T; t++) {
        d->off_first[t] = at;
        d->off_count[t] = a->officers / T + (t < a->officers % T);
        at += d->off_count[t];
    }
    //  Current holders: ~90% of posts (always the head's), handed out in
    //  groups so that some officers hold 2-4 posts at once.
    bool *held = (bool *) calloc ((size_t) (T * P), sizeof (bool));
    int *holder = (int *) calloc ((size_t) (T * P), sizeof (int));
    int *order = (int *) calloc ((size_t) P, sizeof (int));
    int *perm = (int *) calloc ((size_t) d->off_count[0] + 1, sizeof (int));
    int open = 0;
    for (int t = 0; t < T; t++) {
        int n = 0;
        for (int p = 0; p < P; p++) {
            held[t * P + p] = p == 0 || s_chance (0.9);
            if (held[t * P + p])
                order[n++] = p;
        }
        open += n;
        for (int i = n - 1; i > 0; i--) {
            int j = (int) s_below (i + 1), x = order[i];
            order[i] = order[j];
            order[j] = x;
        }
        int m = d->off_count[t];
        for (int i = 0; i < m; i++)
            perm[i] = i;
        for (int i = m - 1; i > 0; i--) {
            int j = (int) s_below (i + 1), x = perm[i];
            perm[i] = perm[j];
            perm[j] = x;
        }
        int next = 0;
        for (int i = 0; i < n; ) {
            int group = n - i >= 2 && s_chance (0.3) ? 2 + (int) s_below (3) : 1;
            if (group > n - i)
                group = n - i;
            if (group >= 2)
                d->expect_concurrent++;
            int officer = d->off_first[t] + perm[next++ % m];
            for (int g = 0; g < group; g++)
                holder[t * P + order[i++]] = officer;
        }
    }
    d->expect_open = open;
    d->expect_vacant_now = T * P - open;
    int ended = a->appointments - open;
    if (ended < T * P) {
        s_say ("%d appointments are too few for %d posts: give at least %d", a->appointments, T * P, open + T * P);
        free (held), free (holder), free (order), free (perm);
        return -1;
    }
    //  The ended terms, spread over the posts; each post's history runs
    //  from t0 to its open term (or to when it fell vacant).
    int *count = (int *) calloc ((size_t) (T * P), sizeof (int));
    for (int i = 0; i < T * P; i++)
        count[i] = ended / (T * P);
    for (int i = 0; i < ended % (T * P); i++)
        count[s_below (T * P)]++;
    d->appts = (s_appt_t *) calloc ((size_t) a->appointments, sizeof (s_appt_t));
    for (int t = 0; t < T; t++)
        for (int p = 0; p < P; p++) {
            int i = t * P + p;
            if (held[i]) {
                int64_t open_from = d->now - 30 * S_DAY - s_below (3 * S_YEAR - 30 * S_DAY);
                s_terms (d, t, p, count[i], d->t0, open_from, p == 0, true);
                s_appt_t *ap = &d->appts[d->nappts++];
                *ap = (s_appt_t) { .tenant = t, .post = p, .officer = holder[i], .from = open_from, .to = 0 };
            }
            else
                s_terms (d, t, p, count[i], d->t0, d->now - 10 * S_DAY - s_below (300 * S_DAY), false, false);
        }
    d->expect_ended = d->nappts - open;
    free (count);

    //  Leaves: 10% now (on current holders), the rest within past terms.
    //  A delegate always comes later in the tenant's order of officers than
    //  the one on leave, so chains of delegation never loop; some current
    //  delegates are on leave themselves (chains of two or more).
    d->leaves = (s_leave_t *) calloc ((size_t) a->leaves + 1, sizeof (s_leave_t));
    bool *away = (bool *) calloc ((size_t) a->officers, sizeof (bool));
    int now_leaves = a->leaves / 10;
    for (int tries = 0; d->nleaves < now_leaves && tries < 100 * a->leaves; tries++) {
        int h = (int) s_below (T * P);
        if (!held[h])
            continue;
        int t = h / P, o = holder[h];
        if (away[o] || o == d->off_first[t] + d->off_count[t] - 1)
            continue;
        away[o] = true;
        s_leave_t *l = &d->leaves[d->nleaves++];
        *l = (s_leave_t) { .tenant = t, .officer = o,
                           .from = d->now - S_DAY - s_below (9 * S_DAY),
                           .to = d->now + S_DAY + s_below (19 * S_DAY) };
    }
    for (int i = 0; i < d->nleaves; i++) {
        s_leave_t *l = &d->leaves[i];
        int last = d->off_first[l->tenant] + d->off_count[l->tenant] - 1;
        l->delegate = -1;
        if (s_chance (0.3))
            for (int k = 0; k < d->nleaves; k++)
                if (d->leaves[k].tenant == l->tenant && d->leaves[k].officer > l->officer) {
                    l->delegate = d->leaves[k].officer;
                    break;
                }
        if (l->delegate < 0)
            l->delegate = l->officer + 1 + (int) s_below (last - l->officer);
    }
    d->expect_leave_now = d->nleaves;
    for (int tries = 0; d->nleaves < a->leaves && tries < 100 * a->leaves; tries++) {
        const s_appt_t *ap = &d->appts[s_below (d->nappts)];
        int last = d->off_first[ap->tenant] + d->off_count[ap->tenant] - 1;
        if (ap->to == 0 || ap->officer == last || ap->to - ap->from < 10 * S_DAY)
            continue;
        int64_t days = 3 * S_DAY + s_below (27 * S_DAY);
        if (days > (ap->to - ap->from) / 2)
            days = (ap->to - ap->from) / 2;
        s_leave_t *l = &d->leaves[d->nleaves++];
        l->tenant = ap->tenant;
        l->officer = ap->officer;
        l->delegate = ap->officer + 1 + (int) s_below (last - ap->officer);
        l->from = ap->from + s_below (ap->to - ap->from - days);
        l->to = l->from + days;
        if (s_chance (0.3)) {
            l->ended = l->from + days / 2;
            d->expect_leave_ended++;
        }
    }
    free (away);
    free (held), free (holder), free (order), free (perm);
    if (d->nleaves < a->leaves) {
        s_say ("could place only %d of %d leaves", d->nleaves, a->leaves);
        return -1;
    }
    //  Fields of work, for whois by field.
    d->fields = (char (*)[24]) calloc ((size_t) P * 3 + 2, 24);
    for (int p = 0; p < P; p++) {
        vp_val_t *fields = s_post_fields (p);
        for (size_t i = 0; i < vp_val_len (fields); i++) {
            const char *f = vp_val_get_str (vp_array_at (fields, i));
            bool seen = false;
            for (int k = 0; k < d->nfields && !seen; k++)
                seen = strcmp (d->fields[k], f) == 0;
            if (!seen)
                snprintf (d->fields[d->nfields++], 24, "%s", f);
        }
        vp_val_destroy (&fields);
    }
    return 0;
}


//  --------------------------------------------------------------------------
//  Loading: staffing.* envelopes through vp_staff_apply

typedef struct {
    sqlite3 *db;
    int64_t events;
    int in_tx;
    vp_err_t err;
} s_loader_t;

static int
s_emit (s_loader_t *ld, int tenant, const char *event, vp_val_t *data)
{
    char type[64], tid[16];
    snprintf (type, sizeof type, "staffing.%s", event);
    s_tenant_id (tenant, tid, sizeof tid);
    vp_val_t *env = vp_envelope_new ("staffing", type, tid, "bench", NULL, data);
    if (!ld->in_tx) {
        if (vp_db_begin (ld->db, &ld->err))
            goto fail;
        ld->in_tx = 1;
    }
    if (vp_envelope_check (env, false, &ld->err) || vp_staff_apply (ld->db, env, &ld->err))
        goto fail;
    vp_val_destroy (&env);
    ld->events++;
    if (ld->events % S_TX_EVENTS == 0) {
        ld->in_tx = 0;
        if (vp_db_commit (ld->db, &ld->err))
            return -1;
    }
    return 0;
fail:
    s_say ("%s: %s", type, ld->err.message);
    vp_val_destroy (&env);
    return -1;
}

static int
s_load (const s_data_t *d, sqlite3 *db, int64_t *events)
{
    s_loader_t ld = { .db = db };
    char id[VP_STAFF_ID_MAX], id2[VP_STAFF_ID_MAX], text[256];
    int rc = -1;
    for (int t = 0; t < d->tenants; t++) {
        vp_val_t *data = vp_val_map ();
        s_tenant_id (t, id, sizeof id);
        vp_map_put_str (data, "tenant", id);
        vp_map_put (data, "name", vp_val_strf ("Xã Mẫu %02d", t + 1));
        vp_map_put_str (data, "district", "Huyện Mẫu");
        vp_map_put_int (data, "merged_on", d->t0 + 5 * S_YEAR);
        if (s_emit (&ld, t, "tenant_created", data))
            goto done;
        for (int b = 0; b < S_NBODIES; b++) {
            data = vp_val_map ();
            vp_map_put_str (data, "body", s_bodies[b][0]);
            vp_map_put_str (data, "name", s_bodies[b][1]);
            vp_map_put_str (data, "kind", s_bodies[b][2]);
            if (s_emit (&ld, t, "body_created", data))
                goto done;
        }
        for (int p = 0; p < d->posts; p++) {
            data = vp_val_map ();
            s_post_id (p, id, sizeof id);
            s_post_title (p, text, sizeof text);
            vp_map_put_str (data, "post", id);
            vp_map_put_str (data, "body", p == 0 ? "van-phong" : s_bodies[p % (S_NBODIES - 1)][0]);
            vp_map_put_str (data, "title", text);
            vp_map_put (data, "fields", s_post_fields (p));
            vp_map_put_str (data, "clearance", p == 0 || p % 7 == 1 ? "mat" : "thuong");
            if (p == 0)
                vp_map_put_bool (data, "heads_office", true);
            vp_map_put_int (data, "from", d->t0);
            if (s_emit (&ld, t, "post_created", data))
                goto done;
        }
    }
    for (int t = 0; t < d->tenants; t++)
        for (int i = 0; i < d->off_count[t]; i++) {
            int o = d->off_first[t] + i;
            vp_val_t *data = vp_val_map ();
            s_officer_id (d, o, id, sizeof id);
            vp_map_put_str (data, "officer", id);
            vp_map_put (data, "full_name", vp_val_strf ("%s %s Mẫu %d", s_family[o % 10], s_middle[(o / 10) % 5], i + 1));
            vp_map_put (data, "email", vp_val_strf ("%s@example.org", id));
            vp_map_put_str (data, "status", "active");
            if (s_emit (&ld, t, "officer_created", data))
                goto done;
        }
    //  Appointed (open), then the ends, as the service emits them.
    for (int i = 0; i < d->nappts; i++) {
        const s_appt_t *ap = &d->appts[i];
        vp_val_t *data = vp_val_map ();
        vp_map_put (data, "appointment", vp_val_strf ("bench-a-%d", i + 1));
        s_officer_id (d, ap->officer, id, sizeof id);
        vp_map_put_str (data, "officer", id);
        s_post_id (ap->post, id2, sizeof id2);
        vp_map_put_str (data, "post", id2);
        vp_map_put_int (data, "from", ap->from);
        if (s_emit (&ld, ap->tenant, "appointed", data))
            goto done;
    }
    for (int i = 0; i < d->nappts; i++) {
        const s_appt_t *ap = &d->appts[i];
        if (!ap->to)
            continue;
        vp_val_t *data = vp_val_map ();
        vp_map_put (data, "appointment", vp_val_strf ("bench-a-%d", i + 1));
        s_officer_id (d, ap->officer, id, sizeof id);
        vp_map_put_str (data, "officer", id);
        s_post_id (ap->post, id2, sizeof id2);
        vp_map_put_str (data, "post", id2);
        vp_map_put_int (data, "to", ap->to);
        if (s_emit (&ld, ap->tenant, "appointment_ended", data))
            goto done;
    }
    for (int i = 0; i < d->nleaves; i++) {
        const s_leave_t *l = &d->leaves[i];
        vp_val_t *data = vp_val_map ();
        vp_map_put (data, "leave", vp_val_strf ("bench-l-%d", i + 1));
        s_officer_id (d, l->officer, id, sizeof id);
        vp_map_put_str (data, "officer", id);
        vp_map_put_int (data, "from", l->from);
        vp_map_put_int (data, "to", l->to);
        s_officer_id (d, l->delegate, id2, sizeof id2);
        vp_map_put_str (data, "delegate", id2);
        if (s_emit (&ld, l->tenant, "leave_started", data))
            goto done;
        if (l->ended) {
            data = vp_val_map ();
            vp_map_put (data, "leave", vp_val_strf ("bench-l-%d", i + 1));
            vp_map_put_str (data, "officer", id);
            vp_map_put_int (data, "to", l->ended);
            if (s_emit (&ld, l->tenant, "leave_ended", data))
                goto done;
        }
    }
    if (ld.in_tx) {
        ld.in_tx = 0;
        if (vp_db_commit (db, &ld.err)) {
            s_say ("commit: %s", ld.err.message);
            goto done;
        }
    }
    rc = 0;
done:
    if (ld.in_tx)
        vp_db_rollback (db);
    *events = ld.events;
    return rc;
}

static int64_t
s_count (sqlite3 *db, const char *sql, int64_t now)
{
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
        return -1;
    if (sqlite3_bind_parameter_count (stmt) >= 1)
        sqlite3_bind_int64 (stmt, 1, now);
    int64_t n = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
    sqlite3_finalize (stmt);
    return n;
}

//  The tables hold what was generated.
static int
s_verify (const s_data_t *d, const s_args_t *a, sqlite3 *db, char *summary, size_t size)
{
    struct { const char *what, *sql; int64_t want; } checks[] = {
        { "tenants", "SELECT count (*) FROM stf_tenant", d->tenants },
        { "bodies", "SELECT count (*) FROM stf_body", (int64_t) d->tenants * S_NBODIES },
        { "posts", "SELECT count (*) FROM stf_post", (int64_t) d->tenants * d->posts },
        { "heads of office", "SELECT count (*) FROM stf_post WHERE heads_office = 1", d->tenants },
        { "officers", "SELECT count (*) FROM stf_officer", d->officers },
        { "appointments", "SELECT count (*) FROM stf_appointment", a->appointments },
        { "appointments ended", "SELECT count (*) FROM stf_appointment WHERE valid_to IS NOT NULL", d->expect_ended },
        { "appointments open", "SELECT count (*) FROM stf_appointment WHERE valid_to IS NULL", d->expect_open },
        { "officers holding 2-4 posts now",
          "SELECT count (*) FROM (SELECT officer FROM stf_appointment WHERE valid_to IS NULL"
          " GROUP BY officer HAVING count (*) BETWEEN 2 AND 4)", d->expect_concurrent },
        { "posts vacant now",
          "SELECT count (*) FROM stf_post p WHERE NOT EXISTS (SELECT 1 FROM stf_appointment a"
          " WHERE a.tenant = p.tenant AND a.post = p.post AND a.valid_from <= ?1"
          " AND (a.valid_to IS NULL OR a.valid_to > ?1))", d->expect_vacant_now },
        { "leaves", "SELECT count (*) FROM stf_leave", a->leaves },
        { "leaves now", "SELECT count (*) FROM stf_leave WHERE valid_from <= ?1 AND valid_to > ?1", d->expect_leave_now },
    };
    int bad = 0;
    size_t at = 0;
    summary[0] = 0;
    for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
        int64_t got = s_count (db, checks[i].sql, d->now);
        if (got != checks[i].want) {
            s_say ("the tables hold %lld %s, not %lld", (long long) got, checks[i].what, (long long) checks[i].want);
            bad++;
        }
        at += (size_t) snprintf (summary + at, at < size ? size - at : 0, "%s%lld %s",
                                 at ? ", " : "", (long long) got, checks[i].what);
    }
    return bad ? -1 : 0;
}


//  --------------------------------------------------------------------------
//  Queries

static void
s_queries (const s_data_t *d, s_query_t *q, int n, bool by_field)
{
    for (int i = 0; i < n; i++) {
        q[i] = (s_query_t) { .tenant = (int) s_below (d->tenants), .post = -1 };
        if (by_field)
            q[i].field = (int) s_below (d->nfields);
        else
            q[i].post = (int) s_below (d->posts);
        q[i].at = s_chance (0.8) ? 0 : d->t0 + s_below (d->now - d->t0);
    }
}

typedef struct {
    int answered, failed;
    int holder, delegate, office_head, chained;
    double p50, p99, max;       //  µs
} s_local_t;

//  vp_staff_whois (after vp_staff_post_of_field by field) in this process;
//  keeps each answer in its query. With one_tx, each call runs inside one
//  read transaction (BEGIN ... COMMIT) instead of one per statement.
static void
s_local (sqlite3 *db, const s_data_t *d, s_query_t *q, int n, bool one_tx, s_local_t *out)
{
    memset (out, 0, sizeof *out);
    double *us = (double *) calloc ((size_t) n + 1, sizeof (double));
    char tenant[16], post[VP_STAFF_ID_MAX] = "";
    vp_staff_actor_t actor;
    for (int i = 0; i < n; i++) {
        s_tenant_id (q[i].tenant, tenant, sizeof tenant);
        if (q[i].post >= 0)
            s_post_id (q[i].post, post, sizeof post);
        int64_t at = q[i].at ? q[i].at : vp_clock_now ();
        vp_err_t err = { 0 };
        int64_t t0 = bench_now_ns ();
        if (one_tx)
            sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
        int rc = q[i].post >= 0 ? 0 : vp_staff_post_of_field (db, tenant, d->fields[q[i].field], at, post, &err);
        if (rc == 0)
            rc = vp_staff_whois (db, tenant, post, at, &actor, &err);
        if (one_tx)
            sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
        us[i] = (double) (bench_now_ns () - t0) / 1e3;
        q[i].answered = rc == 0;
        if (rc) {
            if (out->failed++ < 3)
                s_say ("in process: %s %s: %s", tenant, q[i].post >= 0 ? post : d->fields[q[i].field], err.message);
            q[i].officer[0] = 0;
            continue;
        }
        out->answered++;
        snprintf (q[i].officer, sizeof q[i].officer, "%s", actor.officer);
        if (strcmp (actor.reason, "holder") == 0)
            out->holder++;
        else
        if (strcmp (actor.reason, "delegate") == 0)
            out->delegate++;
        else
            out->office_head++;
        if (actor.nchain >= 2)
            out->chained++;
    }
    out->max = bench_quantile (us, n, 1.0);
    out->p50 = bench_quantile (us, n, 0.50);
    out->p99 = bench_quantile (us, n, 0.99);
    free (us);
}

typedef struct {
    int calls, ok, failed, mismatched;
    double p50, p99, max;       //  ms
    double rate;                //  calls/s
} s_remote_t;

static vp_val_t *
s_args_of (const s_data_t *d, const s_query_t *q)
{
    vp_val_t *args = vp_val_map ();
    if (q->post >= 0) {
        char post[VP_STAFF_ID_MAX];
        s_post_id (q->post, post, sizeof post);
        vp_map_put_str (args, "post", post);
    }
    else
        vp_map_put_str (args, "field", d->fields[q->field]);
    if (q->at)
        vp_map_put_int (args, "at", q->at);
    return args;
}

//  staffing.whois, one request at a time; each answer is compared with the
//  in-process one.
static void
s_remote (vp_cmdcli_t *cli, const s_data_t *d, const s_query_t *q, int n, s_remote_t *out)
{
    memset (out, 0, sizeof *out);
    double *ms = (double *) calloc ((size_t) n + 1, sizeof (double));
    char tenant[16];
    int64_t start = bench_now_ns ();
    for (int i = 0; i < n && !bench_stopping (); i++) {
        s_tenant_id (q[i].tenant, tenant, sizeof tenant);
        vp_val_t *result = NULL;
        vp_err_t err = { 0 };
        int64_t t0 = bench_now_ns ();
        int rc = vp_cmdcli_call (cli, "staffing.whois", tenant, "bench", s_args_of (d, &q[i]),
                                 S_CALL_TIMEOUT_MS, &result, &err);
        ms[out->calls++] = bench_ms (bench_now_ns () - t0);
        if (rc == 0 && q[i].answered) {
            out->ok++;
            const char *officer = vp_map_str (result, "officer");
            if (!officer || strcmp (officer, q[i].officer) != 0) {
                if (out->mismatched++ < 3)
                    s_say ("staffing.whois answered %s where vp_staff_whois answered %s",
                           officer ? officer : "nobody", q[i].officer);
            }
        }
        else
        if (rc != 0 && !q[i].answered)
            out->ok++;          //  refused here and in process alike
        else {
            if (out->failed++ < 3)
                s_say ("staffing.whois %s: %s", tenant, rc ? err.message : "answered what vp_staff_whois refused");
        }
        vp_val_destroy (&result);
    }
    double secs = (double) (bench_now_ns () - start) / 1e9;
    out->rate = secs > 0 ? out->calls / secs : NAN;
    out->max = bench_quantile (ms, out->calls, 1.0);
    out->p50 = bench_quantile (ms, out->calls, 0.50);
    out->p99 = bench_quantile (ms, out->calls, 0.99);
    free (ms);
}


//  --------------------------------------------------------------------------
//  vp-staffing

typedef struct {
    pid_t pid;
    char endpoint[64];
    char log_path[BENCH_PATH_MAX + 16];
    double ready_ms;            //  start -> health answered
    bool bus;                   //  health's "bus"
    int64_t outbox;
} s_service_t;

static int
s_service_start (s_service_t *svc, const char *bin, const char *data_dir, const char *keys_dir,
                 const char *log_path)
{
    memset (svc, 0, sizeof *svc);
    snprintf (svc->log_path, sizeof svc->log_path, "%s", log_path);
    char ingest[64];
    bench_endpoint (svc->endpoint, sizeof svc->endpoint);
    //  No bus runs: the outbox points at a port nobody listens on (never
    //  the default one, where a real bus may be running).
    bench_endpoint (ingest, sizeof ingest);
    char e_data[BENCH_PATH_MAX + 16], e_cmd[96], e_ingest[96], e_keys[BENCH_PATH_MAX + 16];
    snprintf (e_data, sizeof e_data, "VP_DATA_DIR=%s", data_dir);
    snprintf (e_cmd, sizeof e_cmd, "VP_STAFFING_CMD=%s", svc->endpoint);
    snprintf (e_ingest, sizeof e_ingest, "VP_BUS_INGEST=%s", ingest);
    snprintf (e_keys, sizeof e_keys, "VP_KEYS_DIR=%s", keys_dir);
    const char *env[] = { e_data, e_cmd, e_ingest, e_keys, "VP_KEY_NAME=staffing", "VP_CLOCK_FILE=", NULL };
    const char *argv[] = { bin, NULL };
    int64_t t0 = bench_now_ns ();
    svc->pid = bench_spawn (argv, env, log_path);
    if (svc->pid < 0) {
        s_say ("cannot start %s", bin);
        return -1;
    }
    vp_err_t err = { 0 };
    vp_keys_t *keys = vp_keys_load (keys_dir, "bench", &err);
    vp_cmdcli_t *cli = keys ? vp_cmdcli_new (svc->endpoint, keys, "staffing", &err) : NULL;
    int64_t deadline = bench_now_ns () + 15 * (int64_t) 1000000000;
    int rc = -1;
    while (cli && bench_now_ns () < deadline && !bench_stopping ()) {
        int status = bench_exited (svc->pid);
        if (status >= 0) {
            svc->pid = 0;
            snprintf (err.message, sizeof err.message, "vp-staffing exited (status %d)", status);
            break;
        }
        vp_val_t *result = NULL;
        if (vp_cmdcli_call (cli, "health", NULL, NULL, NULL, 300, &result, &err) == 0) {
            svc->ready_ms = bench_ms (bench_now_ns () - t0);
            svc->bus = vp_map_bool (result, "bus", false);
            svc->outbox = vp_map_int (result, "outbox", -1);
            const char *state = vp_map_str (result, "status");
            rc = state && strcmp (state, "ok") == 0 && vp_map_bool (result, "db", false) ? 0 : -1;
            if (rc)
                snprintf (err.message, sizeof err.message, "health says %s", state ? state : "nothing");
            vp_val_destroy (&result);
            break;
        }
    }
    vp_cmdcli_destroy (&cli);
    vp_keys_destroy (&keys);
    if (rc) {
        s_say ("vp-staffing did not become healthy: %s; see %s", err.message, log_path);
        if (svc->pid > 0)
            bench_stop (svc->pid, 5000);
        svc->pid = 0;
    }
    return rc;
}

static int
s_service_stop (s_service_t *svc)
{
    if (svc->pid <= 0)
        return -1;
    int rc = bench_stop (svc->pid, 5000);
    svc->pid = 0;
    if (rc != 0)
        s_say ("vp-staffing ended with status %d on SIGTERM; see %s", rc, svc->log_path);
    return rc;
}


//  --------------------------------------------------------------------------
//  Arguments and formatting

static void
s_usage (FILE *out)
{
    fprintf (out,
        "usage: bench-staffing [options]\n"
        "  --dir DIR             data folder (default ./var/bench-staffing-XXXXXX, removed after)\n"
        "  --bin DIR             build folder with services/staffing/vp-staffing and\n"
        "                        services/keygen/vp-keygen (default: the one this program was built in)\n"
        "  --runs N              repeats of the reference and the service runs, medians reported (default 3)\n"
        "  --calls N             staffing.whois calls by post per run (default 20000)\n"
        "  --field-calls N       staffing.whois calls by field per run (default 5000)\n"
        "  --tenants N           communes (default 50)\n"
        "  --posts N             posts per commune (default 40)\n"
        "  --officers N          officers (default 10000)\n"
        "  --appointments N      appointments (default 30000)\n"
        "  --leaves N            leaves (default 1000)\n"
        "  --seed N              random seed of the data and the queries (default 1)\n"
        "  --budget S            start no repeat that would end after S seconds (default 110)\n"
        "  --quick               a fifth of the data, 2,000 calls, one run: a smoke test\n"
        "  --keep                keep the data folder\n"
        "  --markdown FILE       also write the figures as a markdown section to FILE\n"
        "  --command TEXT        the command line to cite in the markdown\n");
}

static int
s_parse (s_args_t *a, int argc, char **argv)
{
    *a = (s_args_t) {
        .runs = 3, .tenants = 50, .posts = 40, .officers = 10000, .appointments = 30000,
        .leaves = 1000, .calls = 20000, .field_calls = 5000, .seed = 1, .budget_secs = 110
    };
    snprintf (a->command, sizeof a->command, "bench-staffing");
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp (o, "--help") == 0 || strcmp (o, "-h") == 0) {
            s_usage (stdout);
            exit (0);
        }
        if (strcmp (o, "--quick") == 0) {
            a->quick = true;
            a->runs = 1;
            a->tenants = 10;
            a->officers = 2000;
            a->appointments = 6000;
            a->leaves = 200;
            a->calls = 2000;
            a->field_calls = 500;
            continue;
        }
        if (strcmp (o, "--keep") == 0) {
            a->keep = true;
            continue;
        }
        if (!v) {
            fprintf (stderr, "bench-staffing: %s needs a value\n", o);
            return -1;
        }
        if (strcmp (o, "--dir") == 0) snprintf (a->dir, sizeof a->dir, "%s", v);
        else if (strcmp (o, "--bin") == 0) snprintf (a->bin, sizeof a->bin, "%s", v);
        else if (strcmp (o, "--markdown") == 0) snprintf (a->markdown, sizeof a->markdown, "%s", v);
        else if (strcmp (o, "--command") == 0) snprintf (a->command, sizeof a->command, "%s", v);
        else if (strcmp (o, "--runs") == 0) a->runs = atoi (v);
        else if (strcmp (o, "--calls") == 0) a->calls = atoi (v);
        else if (strcmp (o, "--field-calls") == 0) a->field_calls = atoi (v);
        else if (strcmp (o, "--tenants") == 0) a->tenants = atoi (v);
        else if (strcmp (o, "--posts") == 0) a->posts = atoi (v);
        else if (strcmp (o, "--officers") == 0) a->officers = atoi (v);
        else if (strcmp (o, "--appointments") == 0) a->appointments = atoi (v);
        else if (strcmp (o, "--leaves") == 0) a->leaves = atoi (v);
        else if (strcmp (o, "--seed") == 0) a->seed = strtoull (v, NULL, 10);
        else if (strcmp (o, "--budget") == 0) a->budget_secs = atof (v);
        else {
            fprintf (stderr, "bench-staffing: unknown option %s\n", o);
            s_usage (stderr);
            return -1;
        }
        i++;
    }
    if (a->runs < 1 || a->runs > S_MAX_RUNS || a->calls < 100 || a->field_calls < 0
    ||  a->tenants < 1 || a->tenants > 99 || a->posts < 2 || a->posts > 99
    ||  a->officers < 4 * a->tenants || a->officers / a->tenants > 9999 || a->leaves < 10) {
        fprintf (stderr, "bench-staffing: a size is out of range (runs 1..%d, calls >= 100, tenants 1..99,"
                         " posts 2..99, officers >= 4 per tenant, leaves >= 10)\n", S_MAX_RUNS);
        return -1;
    }
    return 0;
}

static void
s_default_bin (char *out, size_t size)
{
    char exe[BENCH_PATH_MAX] = "";
    ssize_t n = readlink ("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = 0;
        char *slash = strrchr (exe, '/');
        if (slash)
            *slash = 0;
        snprintf (out, size, "%s/..", exe);
    }
    else
        snprintf (out, size, "build");
}

static bool
s_dir_empty (const char *path)
{
    DIR *dir = opendir (path);
    if (!dir)
        return false;
    struct dirent *entry;
    int count = 0;
    while ((entry = readdir (dir)))
        if (strcmp (entry->d_name, ".") && strcmp (entry->d_name, ".."))
            count++;
    closedir (dir);
    return count == 0;
}

static int
s_remove_entry (const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    return remove (path);
}

static const char *
s_num (char *buf, size_t size, double v)
{
    if (isnan (v))
        return snprintf (buf, size, "n/a"), buf;
    char digits[32];
    snprintf (digits, sizeof digits, "%.0f", fabs (v));
    size_t len = strlen (digits), at = 0;
    if (v < 0 && at + 1 < size)
        buf[at++] = '-';
    for (size_t i = 0; i < len && at + 2 < size; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            buf[at++] = ',';
        buf[at++] = digits[i];
    }
    buf[at] = 0;
    return buf;
}

static const char *
s_runs (char *buf, size_t size, const double *v, int n, int decimals)
{
    size_t at = 0;
    buf[0] = 0;
    for (int i = 0; i < n && at < size; i++) {
        char one[32];
        if (decimals)
            snprintf (one, sizeof one, "%.*f", decimals, v[i]);
        else
            s_num (one, sizeof one, v[i]);
        at += (size_t) snprintf (buf + at, size - at, "%s%s", i ? " / " : "", one);
    }
    return buf;
}

static void
s_machine (char *out, size_t size)
{
    char cpu[256] = "unknown CPU";
    FILE *f = fopen ("/proc/cpuinfo", "r");
    char line[512];
    while (f && fgets (line, sizeof line, f))
        if (strncmp (line, "model name", 10) == 0) {
            char *colon = strchr (line, ':');
            if (colon) {
                snprintf (cpu, sizeof cpu, "%s", colon + 2);
                cpu[strcspn (cpu, "\n")] = 0;
            }
            break;
        }
    if (f)
        fclose (f);
    struct utsname u;
    uname (&u);
    snprintf (out, size, "%s, %ld cores, Linux %s", cpu, sysconf (_SC_NPROCESSORS_ONLN), u.release);
}


//  --------------------------------------------------------------------------
//  The run

typedef struct {
    //  data
    int64_t events;
    double load_secs, gen_secs, migrate_ms;
    char tables[1024];
    int ended, open, concurrent, vacant, leave_now;     //  counted in the tables
    //  per run
    double ref_p50[S_MAX_RUNS], ref_p99[S_MAX_RUNS], ref_max[S_MAX_RUNS];
    double reff_p50[S_MAX_RUNS], reff_p99[S_MAX_RUNS];
    double reft_p50[S_MAX_RUNS], reft_p99[S_MAX_RUNS];     //  in one read transaction
    double p50[S_MAX_RUNS], p99[S_MAX_RUNS], pmax[S_MAX_RUNS], rate[S_MAX_RUNS];
    double fp50[S_MAX_RUNS], fp99[S_MAX_RUNS], fmax[S_MAX_RUNS], frate[S_MAX_RUNS];
    double ready_ms[S_MAX_RUNS];
    int runs_done;
    s_local_t mix, fmix;        //  answers of the first reference pass
    int failed, mismatched;     //  over every run
    bool bus_false;
    double rt_p50, rt_p99;      //  DEALER/ROUTER round trip
    double total_secs;
} s_results_t;

static double
s_med (const double *v, int n)
{
    return bench_median (v, n);
}

static void
s_line (FILE *out, const char *name, const char *median, const char *runs, const char *target,
        const char *verdict)
{
    fprintf (out, "  %-50s %14s   %-28s %-10s %s\n", name, median, runs, target, verdict);
}

static bool
s_report (FILE *out, const s_args_t *a, const s_results_t *r)
{
    char m[64], runs[256], t[32];
    int n = r->runs_done;
    bool complete = r->failed == 0 && r->mismatched == 0;
    double p99 = s_med (r->p99, n), fp99 = s_med (r->fp99, n);
    bool met = p99 <= S_TARGET_P99_MS && complete;
    bool fmet = a->field_calls == 0 || (fp99 <= S_TARGET_P99_MS && complete);
    snprintf (t, sizeof t, "<= %.0f ms", S_TARGET_P99_MS);

    fprintf (out, "\nbench-staffing: %d communes, %d posts, %d officers, %d appointments, %d leaves;"
                  " medians of %d run%s\n", a->tenants, a->tenants * a->posts, a->officers, a->appointments,
             a->leaves, n, n == 1 ? "" : "s");
    fprintf (out, "  tables: %s\n", r->tables);
    fprintf (out, "  loaded %s staffing.* events in %.1f s (%s events/s, %d per transaction)\n",
             s_num (m, sizeof m, (double) r->events), r->load_secs,
             s_num (runs, sizeof runs, (double) r->events / r->load_secs), S_TX_EVENTS);
    fprintf (out, "  answers by post: %d holder, %d delegate (%d through 2+ delegations), %d office head\n",
             r->mix.holder, r->mix.delegate, r->mix.chained, r->mix.office_head);

    fprintf (out, "\n(2) references, this process and this machine\n");
    snprintf (m, sizeof m, "%.1f / %.1f", s_med (r->ref_p50, n), s_med (r->ref_p99, n));
    s_line (out, "vp_staff_whois in process p50 / p99 (us)", m, "", "", "");
    fprintf (out, "      p99 runs: %s us; max %s us\n", s_runs (runs, sizeof runs, r->ref_p99, n, 1),
             s_runs (m, sizeof m, r->ref_max, n, 0));
    if (a->field_calls) {
        snprintf (m, sizeof m, "%.1f / %.1f", s_med (r->reff_p50, n), s_med (r->reff_p99, n));
        s_line (out, "by field (post_of_field + whois) p50 / p99 (us)", m, "", "", "");
    }
    snprintf (m, sizeof m, "%.1f / %.1f", s_med (r->reft_p50, n), s_med (r->reft_p99, n));
    s_line (out, "whois in one read transaction p50 / p99 (us)", m, "", "", "");
    snprintf (m, sizeof m, "%.3f / %.3f", r->rt_p50, r->rt_p99);
    s_line (out, "DEALER/ROUTER round trip p50 / p99 (ms), CURVE", m, "", "", "");

    fprintf (out, "\n(3) staffing.whois by post over loopback, CURVE, one at a time, %s calls per run\n",
             s_num (t, sizeof t, a->calls));
    snprintf (t, sizeof t, "<= %.0f ms", S_TARGET_P99_MS);
    snprintf (m, sizeof m, "%.3f", s_med (r->p50, n));
    s_line (out, "p50 ms", m, s_runs (runs, sizeof runs, r->p50, n, 3), "", "");
    snprintf (m, sizeof m, "%.3f", p99);
    s_line (out, "p99 ms", m, s_runs (runs, sizeof runs, r->p99, n, 3), t, met ? "met" : "MISSED");
    snprintf (m, sizeof m, "%.2f", s_med (r->pmax, n));
    s_line (out, "max ms", m, s_runs (runs, sizeof runs, r->pmax, n, 2), "", "");
    s_line (out, "calls/s", s_num (m, sizeof m, s_med (r->rate, n)), s_runs (runs, sizeof runs, r->rate, n, 0), "", "");
    snprintf (m, sizeof m, "%.1f", s_med (r->p50, n) * 1000 / s_med (r->ref_p50, n));
    s_line (out, "p50 x in-process p50", m, "", "", "");
    snprintf (m, sizeof m, "%.1f", p99 * 1000 / s_med (r->ref_p99, n));
    s_line (out, "p99 x in-process p99", m, "", "", "");
    snprintf (m, sizeof m, "%.1f", s_med (r->p50, n) / r->rt_p50);
    s_line (out, "p50 x DEALER/ROUTER round trip p50", m, "", "", "");
    if (a->field_calls) {
        fprintf (out, "\n(3) staffing.whois by field of work, %s calls per run\n", s_num (m, sizeof m, a->field_calls));
        snprintf (m, sizeof m, "%.3f", s_med (r->fp50, n));
        s_line (out, "p50 ms", m, s_runs (runs, sizeof runs, r->fp50, n, 3), "", "");
        snprintf (m, sizeof m, "%.3f", fp99);
        s_line (out, "p99 ms", m, s_runs (runs, sizeof runs, r->fp99, n, 3), t, fmet ? "met" : "MISSED");
        snprintf (m, sizeof m, "%.2f", s_med (r->fmax, n));
        s_line (out, "max ms", m, s_runs (runs, sizeof runs, r->fmax, n, 2), "", "");
        s_line (out, "calls/s", s_num (m, sizeof m, s_med (r->frate, n)),
                s_runs (runs, sizeof runs, r->frate, n, 0), "", "");
        snprintf (m, sizeof m, "%.1f", fp99 * 1000 / s_med (r->reff_p99, n));
        s_line (out, "p99 x in-process p99", m, "", "", "");
    }
    fprintf (out, "\n  vp-staffing: healthy %.0f ms after start (median), bus %s (none runs); answers that"
                  " differ from vp_staff_whois: %d; failed calls: %d\n",
             s_med (r->ready_ms, n), r->bus_false ? "false" : "true", r->mismatched, r->failed);
    bool all = met && fmet;
    fprintf (out, "\n%s in %.0f s\n", all ? "every target met" : "SOME TARGET MISSED (or a call failed)",
             r->total_secs);
    return all;
}

static void
s_markdown (const s_args_t *a, const s_results_t *r, const char *when)
{
    FILE *out = fopen (a->markdown, "w");
    if (!out) {
        s_say ("cannot write %s", a->markdown);
        return;
    }
    char machine[512], m[64], runs[256];
    s_machine (machine, sizeof machine);
    int n = r->runs_done;
    bool complete = r->failed == 0 && r->mismatched == 0;
    double p50 = s_med (r->p50, n), p99 = s_med (r->p99, n);
    double fp50 = s_med (r->fp50, n), fp99 = s_med (r->fp99, n);
    double ref50 = s_med (r->ref_p50, n), ref99 = s_med (r->ref_p99, n);

    fprintf (out, "## Staffing (scripts/bench-staffing)\n\n");
    fprintf (out, "Measured %s with `%s` on %s; data on the repository's disk.\n", when, a->command, machine);
    char b1[32], b2[32], b3[32], b4[32], b5[32], b6[32];
    int answered = r->mix.answered ? r->mix.answered : 1;
    fprintf (out, "The database holds %d communes with %d bodies and %d posts each (one heads the office), %s officers, "
                  "%s appointments (%s ended, %s open; %d officers hold 2–4 posts now; %d posts are vacant now) and "
                  "%s leaves with delegates (%d current, some delegates on leave too), as counted after loading "
                  "%s `staffing.*` events with `vp_staff_apply` (%.1f s) into the database `vp-staffing` had made on an empty folder. "
                  "Queries are random (commune, post) — or (commune, field of work) — at now for 80%% and at a random "
                  "time of the last six years for 20%%; by post %d%% were answered by the holder, %d%% by a delegate "
                  "and %d%% by the office head. The in-process references and the calls to `vp-staffing` (CURVE on, "
                  "no bus) ran %d time%s, each against a fresh `vp-staffing`; the figure is the median (each run in "
                  "parentheses). Every answer over the wire was checked against the in-process one (%d differed, "
                  "%d failed). The machine is shared and noisy: read the ratios to the references measured in the "
                  "same run rather than the absolute numbers.\n\n",
             a->tenants, S_NBODIES, a->posts, s_num (b1, sizeof b1, a->officers),
             s_num (b2, sizeof b2, a->appointments), s_num (b3, sizeof b3, r->ended), s_num (b4, sizeof b4, r->open),
             r->concurrent, r->vacant, s_num (b5, sizeof b5, a->leaves), r->leave_now,
             s_num (b6, sizeof b6, (double) r->events), r->load_secs,
             (int) lround (100.0 * r->mix.holder / answered), (int) lround (100.0 * r->mix.delegate / answered),
             (int) lround (100.0 * r->mix.office_head / answered), n, n == 1 ? "" : "s", r->mismatched, r->failed);

    fprintf (out, "| | figure | median | target | ratio to reference (same run) |\n|---|---|---|---|---|\n");
    fprintf (out, "| (2) | `vp_staff_whois` in process p50 / p99, %s calls | %.1f / %.1f µs (p99 %s) | | |\n",
             s_num (m, sizeof m, a->calls), ref50, ref99, s_runs (runs, sizeof runs, r->ref_p99, n, 1));
    if (a->field_calls)
        fprintf (out, "| (2) | by field (`vp_staff_post_of_field` + whois) in process p50 / p99 | %.1f / %.1f µs | | |\n",
                 s_med (r->reff_p50, n), s_med (r->reff_p99, n));
    fprintf (out, "| (2) | the same whois inside one read transaction (`BEGIN` … `COMMIT`) p50 / p99 | %.1f / %.1f µs | | "
                  "%.2f × p50 of `vp_staff_whois` as it is |\n", s_med (r->reft_p50, n), s_med (r->reft_p99, n),
             s_med (r->reft_p50, n) / ref50);
    fprintf (out, "| (2) | DEALER/ROUTER round trip p50 / p99, CURVE, 300 bytes | %.3f / %.3f ms | | |\n",
             r->rt_p50, r->rt_p99);
    fprintf (out, "| (3) | `staffing.whois` by post, p50 | **%.3f ms** (%s) | | %.1f × in process p50; "
                  "%.1f × round trip p50 |\n", p50, s_runs (runs, sizeof runs, r->p50, n, 3), p50 * 1000 / ref50,
             p50 / r->rt_p50);
    fprintf (out, "| (3) | `staffing.whois` by post, p99 | **%.3f ms** (%s) | ≤ %.0f ms %s | %.1f × in process p99; "
                  "%.1f × round trip p99 |\n", p99, s_runs (runs, sizeof runs, r->p99, n, 3), S_TARGET_P99_MS,
             p99 <= S_TARGET_P99_MS && complete ? "met" : "MISSED", p99 * 1000 / ref99, p99 / r->rt_p99);
    fprintf (out, "| (3) | `staffing.whois` by post, max | %.2f ms (%s) | | |\n", s_med (r->pmax, n),
             s_runs (runs, sizeof runs, r->pmax, n, 2));
    fprintf (out, "| (3) | `staffing.whois` by post, calls/s one at a time | %s (%s) | | |\n",
             s_num (m, sizeof m, s_med (r->rate, n)), s_runs (runs, sizeof runs, r->rate, n, 0));
    if (a->field_calls) {
        fprintf (out, "| (3) | `staffing.whois` by field, p50 / p99 (%s calls) | **%.3f / %.3f ms** (p99 %s) | "
                      "p99 ≤ %.0f ms %s | %.1f × in process p99 |\n", s_num (m, sizeof m, a->field_calls),
                 fp50, fp99, s_runs (runs, sizeof runs, r->fp99, n, 3), S_TARGET_P99_MS,
                 fp99 <= S_TARGET_P99_MS && complete ? "met" : "MISSED", fp99 * 1000 / s_med (r->reff_p99, n));
        fprintf (out, "| (3) | `staffing.whois` by field, max; calls/s | %.2f ms; %s | | |\n",
                 s_med (r->fmax, n), s_num (m, sizeof m, s_med (r->frate, n)));
    }
    fprintf (out, "\nWhat each figure is: (2) `vp_staff_whois` (the rule every service runs) called directly on "
                  "the same database and the same queries, timing the call alone; the same calls each wrapped in "
                  "one read transaction, which shows what sqlite's locking costs when each of the rule's 6-8 "
                  "statements is a transaction of its own (as now); and a bare ZeroMQ "
                  "DEALER/ROUTER exchange with CURVE, the floor of any command; (3) a client's path (`vpctl`'s): "
                  "`vp_cmdcli_call` of `staffing.whois` over tcp loopback with CURVE to `vp-staffing`, one "
                  "request at a time after %d uncounted warm-up calls, timed from the call to its decoded "
                  "result (encoding, CURVE, validation of the request against proto, the rule, the reply). "
                  "Run `scripts/bench-staffing` to measure again (`--update-docs` rewrites this section).\n",
             S_WARMUP);
    fclose (out);
}

static int
s_keys (const char *bin, const char *keys_dir, const char *log_path)
{
    char keygen[BENCH_PATH_MAX + 32];
    snprintf (keygen, sizeof keygen, "%s/services/keygen/vp-keygen", bin);
    //  bus, probe (for the round-trip reference) and bench (operator),
    //  then the service's own.
    if (bench_make_keys (keygen, keys_dir, log_path))
        return -1;
    const char *argv[] = { keygen, "--dir", keys_dir, "--role", "service", "staffing", NULL };
    if (bench_run (argv, log_path) != 0) {
        s_say ("vp-keygen staffing failed; see %s", log_path);
        return -1;
    }
    return 0;
}

//  One repeat: the reference in process, then a fresh vp-staffing.
static int
s_repeat (const s_args_t *a, const s_data_t *d, const char *db_dir, const char *staffing_bin,
          const char *keys_dir, s_query_t *qp, s_query_t *qf, int run, s_results_t *r)
{
    int i = run - 1;
    vp_err_t err = { 0 };
    sqlite3 *db = vp_db_open (db_dir, "staffing.db", &err);
    if (!db) {
        s_say ("cannot open the database: %s", err.message);
        return -1;
    }
    s_say ("run %d: vp_staff_whois in process, %d calls by post, %d by field", run, a->calls, a->field_calls);
    s_local_t loc, floc, tloc;
    s_local (db, d, qp, S_WARMUP < a->calls ? S_WARMUP : a->calls, false, &loc);     //  warm-up
    s_local (db, d, qp, a->calls, false, &loc);
    s_local (db, d, qf, a->field_calls, false, &floc);
    s_local (db, d, qp, a->calls, true, &tloc);
    vp_db_close (&db);
    if (run == 1) {
        r->mix = loc;
        r->fmix = floc;
    }
    if (loc.failed || floc.failed) {
        s_say ("run %d: %d calls failed in process", run, loc.failed + floc.failed);
        r->failed += loc.failed + floc.failed;
    }
    r->ref_p50[i] = loc.p50;
    r->ref_p99[i] = loc.p99;
    r->ref_max[i] = loc.max;
    r->reff_p50[i] = floc.p50;
    r->reff_p99[i] = floc.p99;
    r->reft_p50[i] = tloc.p50;
    r->reft_p99[i] = tloc.p99;

    char log_path[BENCH_PATH_MAX + 32];
    snprintf (log_path, sizeof log_path, "%s/staffing-run%d.log", a->dir, run);
    s_service_t svc;
    if (s_service_start (&svc, staffing_bin, db_dir, keys_dir, log_path))
        return -1;
    r->ready_ms[i] = svc.ready_ms;
    r->bus_false |= !svc.bus;
    s_say ("run %d: vp-staffing healthy in %.0f ms (bus %s, outbox %lld); staffing.whois x %d by post",
           run, svc.ready_ms, svc.bus ? "true" : "false", (long long) svc.outbox, a->calls);
    vp_keys_t *keys = vp_keys_load (keys_dir, "bench", &err);
    vp_cmdcli_t *cli = keys ? vp_cmdcli_new (svc.endpoint, keys, "staffing", &err) : NULL;
    int rc = -1;
    if (cli) {
        s_remote_t rem, frem = { 0 };
        s_remote (cli, d, qp, S_WARMUP < a->calls ? S_WARMUP : a->calls, &rem);     //  warm-up
        s_remote (cli, d, qp, a->calls, &rem);
        if (a->field_calls) {
            s_say ("run %d: staffing.whois x %d by field", run, a->field_calls);
            s_remote (cli, d, qf, a->field_calls, &frem);
        }
        r->p50[i] = rem.p50;
        r->p99[i] = rem.p99;
        r->pmax[i] = rem.max;
        r->rate[i] = rem.rate;
        r->fp50[i] = frem.p50;
        r->fp99[i] = frem.p99;
        r->fmax[i] = frem.max;
        r->frate[i] = frem.rate;
        r->failed += rem.failed + frem.failed + (a->calls - rem.calls) + (a->field_calls - frem.calls);
        r->mismatched += rem.mismatched + frem.mismatched;
        s_say ("run %d: by post p50 %.3f ms, p99 %.3f ms, max %.2f ms, %.0f calls/s; by field p99 %.3f ms",
               run, rem.p50, rem.p99, rem.max, rem.rate, frem.p99);
        rc = bench_stopping () ? -1 : 0;
    }
    else
        s_say ("cannot connect to vp-staffing: %s", err.message);
    vp_cmdcli_destroy (&cli);
    vp_keys_destroy (&keys);
    if (s_service_stop (&svc) && rc == 0)
        s_say ("run %d: vp-staffing did not stop cleanly", run);
    if (rc == 0)
        r->runs_done = run;
    return rc;
}

int
main (int argc, char **argv)
{
    s_args_t a;
    if (s_parse (&a, argc, argv))
        return 2;
    if (!*a.bin)
        s_default_bin (a.bin, sizeof a.bin);
    vp_log_init ("bench", "warn", "logfmt");
    zsys_init ();
    zsys_set_linger (0);
    int64_t start = bench_now_ns ();
    s_rng = a.seed;

    bool made_dir = false;
    if (!*a.dir) {
        zsys_dir_create ("var");
        snprintf (a.dir, sizeof a.dir, "var/bench-staffing-XXXXXX");
        if (!mkdtemp (a.dir)) {
            s_say ("cannot make a folder under ./var");
            return 2;
        }
        made_dir = true;
    }
    else
    if (zsys_dir_create ("%s", a.dir)) {
        s_say ("cannot make %s", a.dir);
        return 2;
    }
    else
    if (!s_dir_empty (a.dir)) {
        s_say ("%s is not empty: give a new or empty folder", a.dir);
        return 2;
    }
    char staffing_bin[BENCH_PATH_MAX + 40], keygen[BENCH_PATH_MAX + 40];
    char keys_dir[BENCH_PATH_MAX + 16], db_dir[BENCH_PATH_MAX + 16], log_path[BENCH_PATH_MAX + 32];
    snprintf (staffing_bin, sizeof staffing_bin, "%s/services/staffing/vp-staffing", a.bin);
    snprintf (keygen, sizeof keygen, "%s/services/keygen/vp-keygen", a.bin);
    snprintf (keys_dir, sizeof keys_dir, "%s/keys", a.dir);
    snprintf (db_dir, sizeof db_dir, "%s/staffing", a.dir);
    snprintf (log_path, sizeof log_path, "%s/bench.log", a.dir);

    int status = 2;
    s_data_t d = { 0 };
    s_results_t r = { 0 };
    s_query_t *qp = NULL, *qf = NULL;
    sqlite3 *db = NULL;
    if (access (staffing_bin, X_OK) || access (keygen, X_OK)) {
        s_say ("%s or %s is missing: build them first (or give --bin)", staffing_bin, keygen);
        goto done;
    }
    if (s_keys (a.bin, keys_dir, log_path))
        goto done;

    //  1. vp-staffing makes its database in the empty folder (the way it
    //  expects it); then the data.
    s_say ("data in %s; vp-staffing makes its database first", a.dir);
    char first_log[BENCH_PATH_MAX + 32];
    snprintf (first_log, sizeof first_log, "%s/staffing-migrate.log", a.dir);
    s_service_t svc;
    if (s_service_start (&svc, staffing_bin, db_dir, keys_dir, first_log))
        goto done;
    r.migrate_ms = svc.ready_ms;
    if (s_service_stop (&svc))
        goto done;

    int64_t t0 = bench_now_ns ();
    if (s_generate (&d, &a))
        goto done;
    r.gen_secs = (double) (bench_now_ns () - t0) / 1e9;
    vp_err_t err = { 0 };
    db = vp_db_open (db_dir, "staffing.db", &err);
    if (!db || vp_staff_schema (db, &err) || vp_outbox_schema (db, &err)) {
        s_say ("cannot open the database: %s", err.message);
        goto done;
    }
    //  The service made its database (its tables, the read model's, the
    //  outbox's, whatever its version migrates); the data go into that.
    int64_t own = s_count (db, "SELECT count (*) FROM sqlite_master WHERE type = 'table'"
                               " AND name NOT LIKE 'stf\\_%' ESCAPE '\\' AND name NOT LIKE 'vp\\_outbox%' ESCAPE '\\'"
                               " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'", 0);
    if (s_count (db, "SELECT count (*) FROM sqlite_master WHERE name = 'stf_post'", 0) != 1) {
        s_say ("vp-staffing did not make its database in %s", db_dir);
        goto done;
    }
    s_say ("vp-staffing made its database in %.0f ms (user_version %lld, %lld tables of its own"
           " besides the read model's and the outbox's)", r.migrate_ms,
           (long long) s_count (db, "PRAGMA user_version", 0), (long long) own);
    s_say ("loading %d officers, %d appointments, %d leaves", a.officers, a.appointments, a.leaves);
    t0 = bench_now_ns ();
    if (s_load (&d, db, &r.events))
        goto done;
    r.load_secs = (double) (bench_now_ns () - t0) / 1e9;
    //  As a running service's database would be: the log checkpointed.
    sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
    if (s_verify (&d, &a, db, r.tables, sizeof r.tables))
        goto done;
    s_say ("%lld events in %.1f s; %s", (long long) r.events, r.load_secs, r.tables);
    r.ended = d.expect_ended;
    r.open = d.expect_open;
    r.concurrent = d.expect_concurrent;
    r.vacant = d.expect_vacant_now;
    r.leave_now = d.expect_leave_now;
    vp_db_close (&db);

    //  The queries: the same for every run, in process and over the wire.
    qp = (s_query_t *) calloc ((size_t) a.calls, sizeof (s_query_t));
    qf = (s_query_t *) calloc ((size_t) a.field_calls + 1, sizeof (s_query_t));
    s_queries (&d, qp, a.calls, false);
    s_queries (&d, qf, a.field_calls, true);

    s_say ("DEALER/ROUTER round trips (reference)");
    if (bench_ref_roundtrip (keys_dir, 5000, &r.rt_p50, &r.rt_p99))
        s_say ("the round-trip reference failed; its ratios mean nothing");

    double repeat_secs = 0;
    for (int run = 1; run <= a.runs && !bench_stopping (); run++) {
        double elapsed = (double) (bench_now_ns () - start) / 1e9;
        if (run > 1 && elapsed + repeat_secs > a.budget_secs) {
            s_say ("stopping after %d run%s: another would pass the %.0f s budget",
                   run - 1, run == 2 ? "" : "s", a.budget_secs);
            break;
        }
        int64_t r0 = bench_now_ns ();
        if (s_repeat (&a, &d, db_dir, staffing_bin, keys_dir, qp, qf, run, &r))
            break;
        repeat_secs = (double) (bench_now_ns () - r0) / 1e9;
    }
    if (bench_stopping ()) {
        s_say ("interrupted");
        goto done;
    }
    if (r.runs_done == 0)
        goto done;
    r.total_secs = (double) (bench_now_ns () - start) / 1e9;
    status = s_report (stdout, &a, &r) ? 0 : 1;
    if (*a.markdown && a.quick)
        s_say ("not writing %s: a --quick run is a smoke test", a.markdown);
    else
    if (*a.markdown) {
        char when[64];
        time_t now = time (NULL);
        strftime (when, sizeof when, "%Y-%m-%d %H:%M UTC", gmtime (&now));
        s_markdown (&a, &r, when);
    }
done:
    vp_db_close (&db);
    free (qp);
    free (qf);
    s_data_free (&d);
    if (made_dir && !a.keep)
        nftw (a.dir, s_remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    else
    if (status == 2)
        s_say ("logs are in %s", a.dir);
    return status;
}
