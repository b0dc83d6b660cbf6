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
#include <math.h>
#include <string.h>
#include "bench.h"

#define S_MAX_RUNS 9
#define S_TARGET_P99_MS 1.0
#define S_DAY ((int64_t) 86400000)
#define S_YEAR (365 * S_DAY)
#define S_TX_EVENTS 5000
#define S_WARMUP 200
#define S_CALL_TIMEOUT_MS 2000

typedef struct {
    bench_t bench;              //  --dir, --bin, --runs, --budget, --quick, --markdown ...
    int tenants;
    int posts;                  //  per tenant
    int officers;
    int appointments;
    int leaves;
    int calls;
    int field_calls;
    uint64_t seed;
} s_args_t;

//  The widths of the figures' lines.
static const bench_cols_t s_cols = { 50, 28, 10 };


//  --------------------------------------------------------------------------
//  Random picks (bench_rand: the same data for the same seed)

//  Fisher-Yates, from the last element down.
static void
s_shuffle (int *v, int n)
{
    for (int i = n - 1; i > 0; i--) {
        int j = (int) bench_below (i + 1), x = v[i];
        v[i] = v[j];
        v[j] = x;
    }
}


//  --------------------------------------------------------------------------
//  The district

//  Posts 0..S_NAMED_POSTS-1 (id, title); post 0 heads the office.
static const char *const s_post_names[][2] = {
    { "to-truong-vp", "Tổ trưởng Văn phòng" },
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

//  Post p's id, or its title.
static void
s_post (int p, bool title, char *buf, size_t size)
{
    if (p < S_NAMED_POSTS)
        snprintf (buf, size, "%s", s_post_names[p][title]);
    else
        snprintf (buf, size, title ? "Chuyên viên %02d" : "chuyen-vien-%02d", p);
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
        int64_t end = i == k - 1 ? b : a + (int64_t) (i + 1) * len + bench_below (len / 2) - len / 4;
        int64_t gap = contiguous || (i == k - 1 && !last_gap) ? 0 : bench_below ((end - start) / 5);
        s_appt_t *ap = &d->appts[d->nappts++];
        ap->tenant = t;
        ap->post = p;
        ap->officer = d->off_first[t] + (int) bench_below (d->off_count[t]);
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
            held[t * P + p] = p == 0 || bench_chance (0.9);
            if (held[t * P + p])
                order[n++] = p;
        }
        open += n;
        s_shuffle (order, n);
        int m = d->off_count[t];
        for (int i = 0; i < m; i++)
            perm[i] = i;
        s_shuffle (perm, m);
        int next = 0;
        for (int i = 0; i < n; ) {
            int group = n - i >= 2 && bench_chance (0.3) ? 2 + (int) bench_below (3) : 1;
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
        bench_say ("%d appointments are too few for %d posts: give at least %d", a->appointments, T * P,
                   open + T * P);
        free (held), free (holder), free (order), free (perm);
        return -1;
    }
    //  The ended terms, spread over the posts; each post's history runs
    //  from t0 to its open term (or to when it fell vacant).
    int *count = (int *) calloc ((size_t) (T * P), sizeof (int));
    for (int i = 0; i < T * P; i++)
        count[i] = ended / (T * P);
    for (int i = 0; i < ended % (T * P); i++)
        count[bench_below (T * P)]++;
    d->appts = (s_appt_t *) calloc ((size_t) a->appointments, sizeof (s_appt_t));
    for (int t = 0; t < T; t++)
        for (int p = 0; p < P; p++) {
            int i = t * P + p;
            if (held[i]) {
                int64_t open_from = d->now - 30 * S_DAY - bench_below (3 * S_YEAR - 30 * S_DAY);
                s_terms (d, t, p, count[i], d->t0, open_from, p == 0, true);
                s_appt_t *ap = &d->appts[d->nappts++];
                *ap = (s_appt_t) { .tenant = t, .post = p, .officer = holder[i], .from = open_from, .to = 0 };
            }
            else
                s_terms (d, t, p, count[i], d->t0, d->now - 10 * S_DAY - bench_below (300 * S_DAY), false, false);
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
        int h = (int) bench_below (T * P);
        if (!held[h])
            continue;
        int t = h / P, o = holder[h];
        if (away[o] || o == d->off_first[t] + d->off_count[t] - 1)
            continue;
        away[o] = true;
        s_leave_t *l = &d->leaves[d->nleaves++];
        *l = (s_leave_t) { .tenant = t, .officer = o,
                           .from = d->now - S_DAY - bench_below (9 * S_DAY),
                           .to = d->now + S_DAY + bench_below (19 * S_DAY) };
    }
    for (int i = 0; i < d->nleaves; i++) {
        s_leave_t *l = &d->leaves[i];
        int last = d->off_first[l->tenant] + d->off_count[l->tenant] - 1;
        l->delegate = -1;
        if (bench_chance (0.3))
            for (int k = 0; k < d->nleaves; k++)
                if (d->leaves[k].tenant == l->tenant && d->leaves[k].officer > l->officer) {
                    l->delegate = d->leaves[k].officer;
                    break;
                }
        if (l->delegate < 0)
            l->delegate = l->officer + 1 + (int) bench_below (last - l->officer);
    }
    d->expect_leave_now = d->nleaves;
    for (int tries = 0; d->nleaves < a->leaves && tries < 100 * a->leaves; tries++) {
        const s_appt_t *ap = &d->appts[bench_below (d->nappts)];
        int last = d->off_first[ap->tenant] + d->off_count[ap->tenant] - 1;
        if (ap->to == 0 || ap->officer == last || ap->to - ap->from < 10 * S_DAY)
            continue;
        int64_t days = 3 * S_DAY + bench_below (27 * S_DAY);
        if (days > (ap->to - ap->from) / 2)
            days = (ap->to - ap->from) / 2;
        s_leave_t *l = &d->leaves[d->nleaves++];
        l->tenant = ap->tenant;
        l->officer = ap->officer;
        l->delegate = ap->officer + 1 + (int) bench_below (last - ap->officer);
        l->from = ap->from + bench_below (ap->to - ap->from - days);
        l->to = l->from + days;
        if (bench_chance (0.3)) {
            l->ended = l->from + days / 2;
            d->expect_leave_ended++;
        }
    }
    free (away);
    free (held), free (holder), free (order), free (perm);
    if (d->nleaves < a->leaves) {
        bench_say ("could place only %d of %d leaves", d->nleaves, a->leaves);
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
    char tid[16];
    s_tenant_id (tenant, tid, sizeof tid);
    if (!ld->in_tx) {
        if (vp_db_begin (ld->db, &ld->err)) {
            vp_val_destroy (&data);
            return -1;
        }
        ld->in_tx = 1;
    }
    if (bench_staff_event (ld->db, tid, event, data, &ld->err))
        return -1;
    ld->events++;
    if (ld->events % S_TX_EVENTS == 0) {
        ld->in_tx = 0;
        if (vp_db_commit (ld->db, &ld->err))
            return -1;
    }
    return 0;
}

//  staffing.appointed for every appointment, or (ended)
//  staffing.appointment_ended for every one that has ended.
static int
s_emit_appointments (s_loader_t *ld, const s_data_t *d, bool ended)
{
    char officer[VP_STAFF_ID_MAX], post[VP_STAFF_ID_MAX];
    for (int i = 0; i < d->nappts; i++) {
        const s_appt_t *ap = &d->appts[i];
        if (ended && !ap->to)
            continue;
        vp_val_t *data = vp_val_map ();
        vp_map_put (data, "appointment", vp_val_strf ("bench-a-%d", i + 1));
        s_officer_id (d, ap->officer, officer, sizeof officer);
        vp_map_put_str (data, "officer", officer);
        s_post (ap->post, false, post, sizeof post);
        vp_map_put_str (data, "post", post);
        vp_map_put_int (data, ended ? "to" : "from", ended ? ap->to : ap->from);
        if (s_emit (ld, ap->tenant, ended ? "appointment_ended" : "appointed", data))
            return -1;
    }
    return 0;
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
            s_post (p, false, id, sizeof id);
            s_post (p, true, text, sizeof text);
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
    if (s_emit_appointments (&ld, d, false) || s_emit_appointments (&ld, d, true))
        goto done;
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
            bench_say ("commit: %s", ld.err.message);
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
            bench_say ("the tables hold %lld %s, not %lld", (long long) got, checks[i].what,
                       (long long) checks[i].want);
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
        q[i] = (s_query_t) { .tenant = (int) bench_below (d->tenants), .post = -1 };
        if (by_field)
            q[i].field = (int) bench_below (d->nfields);
        else
            q[i].post = (int) bench_below (d->posts);
        q[i].at = bench_chance (0.8) ? 0 : d->t0 + bench_below (d->now - d->t0);
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
            s_post (q[i].post, false, post, sizeof post);
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
                bench_say ("in process: %s %s: %s", tenant, q[i].post >= 0 ? post : d->fields[q[i].field],
                           err.message);
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
    bench_percentiles (us, n, &out->p50, &out->p99, &out->max);
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
        s_post (q->post, false, post, sizeof post);
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
                    bench_say ("staffing.whois answered %s where vp_staff_whois answered %s",
                               officer ? officer : "nobody", q[i].officer);
            }
        }
        else
        if (rc != 0 && !q[i].answered)
            out->ok++;          //  refused here and in process alike
        else {
            if (out->failed++ < 3)
                bench_say ("staffing.whois %s: %s", tenant,
                           rc ? err.message : "answered what vp_staff_whois refused");
        }
        vp_val_destroy (&result);
    }
    double secs = bench_secs (bench_now_ns () - start);
    out->rate = secs > 0 ? out->calls / secs : NAN;
    bench_percentiles (ms, out->calls, &out->p50, &out->p99, &out->max);
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
    vp_val_t *health = NULL;
    svc->pid = bench_service_start (argv, env, log_path, keys_dir, svc->endpoint, "staffing", 15000, &health);
    if (svc->pid < 0) {
        svc->pid = 0;
        return -1;
    }
    svc->ready_ms = bench_ms (bench_now_ns () - t0);
    svc->bus = vp_map_bool (health, "bus", false);
    svc->outbox = vp_map_int (health, "outbox", -1);
    const char *state = vp_map_str (health, "status");
    int rc = state && strcmp (state, "ok") == 0 && vp_map_bool (health, "db", false) ? 0 : -1;
    if (rc) {
        bench_say ("vp-staffing did not become healthy: health says %s; see %s", state ? state : "nothing",
                   log_path);
        bench_stop (svc->pid, 5000);
        svc->pid = 0;
    }
    vp_val_destroy (&health);
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
        bench_say ("vp-staffing ended with status %d on SIGTERM; see %s", rc, svc->log_path);
    return rc;
}


//  --------------------------------------------------------------------------
//  Arguments

static int
s_parse (s_args_t *a, int argc, char **argv)
{
    *a = (s_args_t) {
        .bench = { .name = "bench-staffing", .runs = 3, .budget_secs = 110 },
        .tenants = 50, .posts = 40, .officers = 10000, .appointments = 30000,
        .leaves = 1000, .calls = 20000, .field_calls = 5000, .seed = 1
    };
    bench_t *b = &a->bench;
    const bench_opt_t opts[] = {
        BENCH_OPTS_RUN (b, "data folder (default ./var/bench-staffing-XXXXXX, removed after)",
                        "build folder with services/staffing/vp-staffing and\n"
                        "                        services/keygen/vp-keygen (default: the one this program was built in)",
                        "repeats of the reference and the service runs, medians reported (default 3)"),
        BENCH_OPT ("--calls", "N", a->calls, "2000", "staffing.whois calls by post per run (default 20000)"),
        BENCH_OPT ("--field-calls", "N", a->field_calls, "500",
                   "staffing.whois calls by field per run (default 5000)"),
        BENCH_OPT ("--tenants", "N", a->tenants, "10", "communes (default 50)"),
        BENCH_OPT ("--posts", "N", a->posts, NULL, "posts per commune (default 40)"),
        BENCH_OPT ("--officers", "N", a->officers, "2000", "officers (default 10000)"),
        BENCH_OPT ("--appointments", "N", a->appointments, "6000", "appointments (default 30000)"),
        BENCH_OPT ("--leaves", "N", a->leaves, "200", "leaves (default 1000)"),
        BENCH_OPT ("--seed", "N", a->seed, NULL, "random seed of the data and the queries (default 1)"),
        BENCH_OPT_BUDGET (b, "start no repeat that would end after S seconds (default 110)"),
    };
    if (bench_parse (b, opts, sizeof opts / sizeof opts[0], "a fifth of the data, 2,000 calls, one run: a smoke test",
                     argc, argv))
        return -1;
    if (b->runs < 1 || b->runs > S_MAX_RUNS || a->calls < 100 || a->field_calls < 0
    ||  a->tenants < 1 || a->tenants > 99 || a->posts < 2 || a->posts > 99
    ||  a->officers < 4 * a->tenants || a->officers / a->tenants > 9999 || a->leaves < 10) {
        bench_say ("a size is out of range (runs 1..%d, calls >= 100, tenants 1..99,"
                   " posts 2..99, officers >= 4 per tenant, leaves >= 10)", S_MAX_RUNS);
        return -1;
    }
    return 0;
}


//  --------------------------------------------------------------------------
//  The run

//  The timings of a set of calls, one of each per run.
typedef struct {
    double p50[S_MAX_RUNS], p99[S_MAX_RUNS], max[S_MAX_RUNS];
    double rate[S_MAX_RUNS];    //  calls/s, over the wire
} s_timings_t;

static void
s_timings_set (s_timings_t *timings, int run, double p50, double p99, double max, double rate)
{
    timings->p50[run - 1] = p50;
    timings->p99[run - 1] = p99;
    timings->max[run - 1] = max;
    timings->rate[run - 1] = rate;
}

typedef struct {
    //  data
    int64_t events;
    double load_secs, gen_secs, migrate_ms;
    char tables[1024];
    int ended, open, concurrent, vacant, leave_now;     //  counted in the tables
    //  per run
    s_timings_t ref, reff, reft;    //  in process (µs): by post, by field, by post in one read transaction
    s_timings_t post, field;        //  staffing.whois (ms): by post, by field
    double ready_ms[S_MAX_RUNS];
    int runs_done;
    s_local_t mix, fmix;        //  answers of the first reference pass
    int failed, mismatched;     //  over every run
    bool bus_false;
    double rt_p50, rt_p99;      //  DEALER/ROUTER round trip
    double total_secs;
} s_results_t;

//  Medians of p50 / p99 of the runs: "12.3 / 45.6".
static const char *
s_p50_p99 (char *buf, size_t size, const s_timings_t *timings, int n)
{
    snprintf (buf, size, "%.1f / %.1f", bench_median (timings->p50, n), bench_median (timings->p99, n));
    return buf;
}

//  p50, p99 (with its verdict), max and calls/s of staffing.whois.
static void
s_report_calls (FILE *out, const s_timings_t *timings, int n, bool met)
{
    char m[64], runs[256], t[32];
    snprintf (t, sizeof t, "<= %.0f ms", S_TARGET_P99_MS);
    snprintf (m, sizeof m, "%.3f", bench_median (timings->p50, n));
    bench_line (out, &s_cols, "p50 ms", m, bench_runs (runs, sizeof runs, timings->p50, n, 3), "", "");
    snprintf (m, sizeof m, "%.3f", bench_median (timings->p99, n));
    bench_line (out, &s_cols, "p99 ms", m, bench_runs (runs, sizeof runs, timings->p99, n, 3), t,
                bench_verdict (met));
    snprintf (m, sizeof m, "%.2f", bench_median (timings->max, n));
    bench_line (out, &s_cols, "max ms", m, bench_runs (runs, sizeof runs, timings->max, n, 2), "", "");
    bench_line (out, &s_cols, "calls/s", bench_num (m, sizeof m, bench_median (timings->rate, n)),
                bench_runs (runs, sizeof runs, timings->rate, n, 0), "", "");
}

static bool
s_report (FILE *out, const s_args_t *a, const s_results_t *r)
{
    char m[64], runs[256];
    int n = r->runs_done;
    bool complete = r->failed == 0 && r->mismatched == 0;
    double p50 = bench_median (r->post.p50, n), p99 = bench_median (r->post.p99, n);
    double fp99 = bench_median (r->field.p99, n);
    bool met = p99 <= S_TARGET_P99_MS && complete;
    bool fmet = a->field_calls == 0 || (fp99 <= S_TARGET_P99_MS && complete);

    fprintf (out, "\nbench-staffing: %d communes, %d posts, %d officers, %d appointments, %d leaves;"
                  " medians of %d run%s\n", a->tenants, a->tenants * a->posts, a->officers, a->appointments,
             a->leaves, n, n == 1 ? "" : "s");
    fprintf (out, "  tables: %s\n", r->tables);
    fprintf (out, "  loaded %s staffing.* events in %.1f s (%s events/s, %d per transaction)\n",
             bench_num (m, sizeof m, (double) r->events), r->load_secs,
             bench_num (runs, sizeof runs, (double) r->events / r->load_secs), S_TX_EVENTS);
    fprintf (out, "  answers by post: %d holder, %d delegate (%d through 2+ delegations), %d office head\n",
             r->mix.holder, r->mix.delegate, r->mix.chained, r->mix.office_head);

    fprintf (out, "\n(2) references, this process and this machine\n");
    bench_line (out, &s_cols, "vp_staff_whois in process p50 / p99 (us)", s_p50_p99 (m, sizeof m, &r->ref, n),
                "", "", "");
    fprintf (out, "      p99 runs: %s us; max %s us\n", bench_runs (runs, sizeof runs, r->ref.p99, n, 1),
             bench_runs (m, sizeof m, r->ref.max, n, 0));
    if (a->field_calls)
        bench_line (out, &s_cols, "by field (post_of_field + whois) p50 / p99 (us)",
                    s_p50_p99 (m, sizeof m, &r->reff, n), "", "", "");
    bench_line (out, &s_cols, "whois in one read transaction p50 / p99 (us)", s_p50_p99 (m, sizeof m, &r->reft, n),
                "", "", "");
    snprintf (m, sizeof m, "%.3f / %.3f", r->rt_p50, r->rt_p99);
    bench_line (out, &s_cols, "DEALER/ROUTER round trip p50 / p99 (ms), CURVE", m, "", "", "");

    fprintf (out, "\n(3) staffing.whois by post over loopback, CURVE, one at a time, %s calls per run\n",
             bench_num (m, sizeof m, a->calls));
    s_report_calls (out, &r->post, n, met);
    snprintf (m, sizeof m, "%.1f", p50 * 1000 / bench_median (r->ref.p50, n));
    bench_line (out, &s_cols, "p50 x in-process p50", m, "", "", "");
    snprintf (m, sizeof m, "%.1f", p99 * 1000 / bench_median (r->ref.p99, n));
    bench_line (out, &s_cols, "p99 x in-process p99", m, "", "", "");
    snprintf (m, sizeof m, "%.1f", p50 / r->rt_p50);
    bench_line (out, &s_cols, "p50 x DEALER/ROUTER round trip p50", m, "", "", "");
    if (a->field_calls) {
        fprintf (out, "\n(3) staffing.whois by field of work, %s calls per run\n",
                 bench_num (m, sizeof m, a->field_calls));
        s_report_calls (out, &r->field, n, fmet);
        snprintf (m, sizeof m, "%.1f", fp99 * 1000 / bench_median (r->reff.p99, n));
        bench_line (out, &s_cols, "p99 x in-process p99", m, "", "", "");
    }
    fprintf (out, "\n  vp-staffing: healthy %.0f ms after start (median), bus %s (none runs); answers that"
                  " differ from vp_staff_whois: %d; failed calls: %d\n",
             bench_median (r->ready_ms, n), r->bus_false ? "false" : "true", r->mismatched, r->failed);
    bool all = met && fmet;
    fprintf (out, "\n%s in %.0f s\n", all ? "every target met" : "SOME TARGET MISSED (or a call failed)",
             r->total_secs);
    return all;
}

//  With --markdown, the figures as the "Staffing" section of
//  docs/performance.md.
static void
s_markdown (const s_args_t *a, const s_results_t *r)
{
    FILE *out = bench_markdown_open (&a->bench, "Staffing", a->bench.quick ? "a --quick run is a smoke test" : NULL);
    if (!out)
        return;
    char m[64], runs[256];
    int n = r->runs_done;
    bool complete = r->failed == 0 && r->mismatched == 0;
    double p50 = bench_median (r->post.p50, n), p99 = bench_median (r->post.p99, n);
    double fp50 = bench_median (r->field.p50, n), fp99 = bench_median (r->field.p99, n);
    double ref50 = bench_median (r->ref.p50, n), ref99 = bench_median (r->ref.p99, n);

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
                  "%d failed).",
             a->tenants, S_NBODIES, a->posts, bench_num (b1, sizeof b1, a->officers),
             bench_num (b2, sizeof b2, a->appointments), bench_num (b3, sizeof b3, r->ended),
             bench_num (b4, sizeof b4, r->open),
             r->concurrent, r->vacant, bench_num (b5, sizeof b5, a->leaves), r->leave_now,
             bench_num (b6, sizeof b6, (double) r->events), r->load_secs,
             (int) lround (100.0 * r->mix.holder / answered), (int) lround (100.0 * r->mix.delegate / answered),
             (int) lround (100.0 * r->mix.office_head / answered), n, n == 1 ? "" : "s", r->mismatched, r->failed);
    bench_markdown_figures (out);
    fprintf (out, "| (2) | `vp_staff_whois` in process p50 / p99, %s calls | %.1f / %.1f µs (p99 %s) | | |\n",
             bench_num (m, sizeof m, a->calls), ref50, ref99, bench_runs (runs, sizeof runs, r->ref.p99, n, 1));
    if (a->field_calls)
        fprintf (out, "| (2) | by field (`vp_staff_post_of_field` + whois) in process p50 / p99 | %.1f / %.1f µs | | |\n",
                 bench_median (r->reff.p50, n), bench_median (r->reff.p99, n));
    fprintf (out, "| (2) | the same whois inside one read transaction (`BEGIN` … `COMMIT`) p50 / p99 | %.1f / %.1f µs | | "
                  "%.2f × p50 of `vp_staff_whois` as it is |\n", bench_median (r->reft.p50, n),
             bench_median (r->reft.p99, n), bench_median (r->reft.p50, n) / ref50);
    fprintf (out, "| (2) | DEALER/ROUTER round trip p50 / p99, CURVE, 300 bytes | %.3f / %.3f ms | | |\n",
             r->rt_p50, r->rt_p99);
    fprintf (out, "| (3) | `staffing.whois` by post, p50 | **%.3f ms** (%s) | | %.1f × in process p50; "
                  "%.1f × round trip p50 |\n", p50, bench_runs (runs, sizeof runs, r->post.p50, n, 3),
             p50 * 1000 / ref50, p50 / r->rt_p50);
    fprintf (out, "| (3) | `staffing.whois` by post, p99 | **%.3f ms** (%s) | ≤ %.0f ms %s | %.1f × in process p99; "
                  "%.1f × round trip p99 |\n", p99, bench_runs (runs, sizeof runs, r->post.p99, n, 3),
             S_TARGET_P99_MS, bench_verdict (p99 <= S_TARGET_P99_MS && complete), p99 * 1000 / ref99,
             p99 / r->rt_p99);
    fprintf (out, "| (3) | `staffing.whois` by post, max | %.2f ms (%s) | | |\n", bench_median (r->post.max, n),
             bench_runs (runs, sizeof runs, r->post.max, n, 2));
    fprintf (out, "| (3) | `staffing.whois` by post, calls/s one at a time | %s (%s) | | |\n",
             bench_num (m, sizeof m, bench_median (r->post.rate, n)),
             bench_runs (runs, sizeof runs, r->post.rate, n, 0));
    if (a->field_calls) {
        fprintf (out, "| (3) | `staffing.whois` by field, p50 / p99 (%s calls) | **%.3f / %.3f ms** (p99 %s) | "
                      "p99 ≤ %.0f ms %s | %.1f × in process p99 |\n", bench_num (m, sizeof m, a->field_calls),
                 fp50, fp99, bench_runs (runs, sizeof runs, r->field.p99, n, 3), S_TARGET_P99_MS,
                 bench_verdict (fp99 <= S_TARGET_P99_MS && complete), fp99 * 1000 / bench_median (r->reff.p99, n));
        fprintf (out, "| (3) | `staffing.whois` by field, max; calls/s | %.2f ms; %s | | |\n",
                 bench_median (r->field.max, n), bench_num (m, sizeof m, bench_median (r->field.rate, n)));
    }
    fprintf (out, "\nWhat each figure is: (2) `vp_staff_whois` (the rule every service runs) called directly on "
                  "the same database and the same queries, timing the call alone; the same calls each wrapped in "
                  "one read transaction, which shows what sqlite's locking costs when each of the rule's 6-8 "
                  "statements is a transaction of its own (as now); and a bare ZeroMQ "
                  "DEALER/ROUTER exchange with CURVE, the floor of any command; (3) a client's path (`vpctl`'s): "
                  "`vp_cmdcli_call` of `staffing.whois` over tcp loopback with CURVE to `vp-staffing`, one "
                  "request at a time after %d uncounted warm-up calls, timed from the call to its decoded "
                  "result (encoding, CURVE, validation of the request against proto, the rule, the reply).",
             S_WARMUP);
    bench_markdown_close (out, &a->bench);
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
        bench_say ("cannot open the database: %s", err.message);
        return -1;
    }
    bench_say ("run %d: vp_staff_whois in process, %d calls by post, %d by field", run, a->calls, a->field_calls);
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
        bench_say ("run %d: %d calls failed in process", run, loc.failed + floc.failed);
        r->failed += loc.failed + floc.failed;
    }
    s_timings_set (&r->ref, run, loc.p50, loc.p99, loc.max, NAN);
    s_timings_set (&r->reff, run, floc.p50, floc.p99, floc.max, NAN);
    s_timings_set (&r->reft, run, tloc.p50, tloc.p99, tloc.max, NAN);

    char log_path[BENCH_PATH_MAX + 32];
    snprintf (log_path, sizeof log_path, "%s/staffing-run%d.log", a->bench.dir, run);
    s_service_t svc;
    if (s_service_start (&svc, staffing_bin, db_dir, keys_dir, log_path))
        return -1;
    r->ready_ms[i] = svc.ready_ms;
    r->bus_false |= !svc.bus;
    bench_say ("run %d: vp-staffing healthy in %.0f ms (bus %s, outbox %lld); staffing.whois x %d by post",
               run, svc.ready_ms, svc.bus ? "true" : "false", (long long) svc.outbox, a->calls);
    bench_client_t client;
    int rc = -1;
    if (bench_client_open (&client, keys_dir, svc.endpoint, "staffing", &err) == 0) {
        s_remote_t rem, frem = { 0 };
        s_remote (client.cli, d, qp, S_WARMUP < a->calls ? S_WARMUP : a->calls, &rem);     //  warm-up
        s_remote (client.cli, d, qp, a->calls, &rem);
        if (a->field_calls) {
            bench_say ("run %d: staffing.whois x %d by field", run, a->field_calls);
            s_remote (client.cli, d, qf, a->field_calls, &frem);
        }
        s_timings_set (&r->post, run, rem.p50, rem.p99, rem.max, rem.rate);
        s_timings_set (&r->field, run, frem.p50, frem.p99, frem.max, frem.rate);
        r->failed += rem.failed + frem.failed + (a->calls - rem.calls) + (a->field_calls - frem.calls);
        r->mismatched += rem.mismatched + frem.mismatched;
        bench_say ("run %d: by post p50 %.3f ms, p99 %.3f ms, max %.2f ms, %.0f calls/s; by field p99 %.3f ms",
                   run, rem.p50, rem.p99, rem.max, rem.rate, frem.p99);
        rc = bench_stopping () ? -1 : 0;
    }
    else
        bench_say ("cannot connect to vp-staffing: %s", err.message);
    bench_client_close (&client);
    if (s_service_stop (&svc) && rc == 0)
        bench_say ("run %d: vp-staffing did not stop cleanly", run);
    if (rc == 0)
        r->runs_done = run;
    return rc;
}

int
main (int argc, char **argv)
{
    s_args_t a;
    if (s_parse (&a, argc, argv) || bench_start (&a.bench, "var/bench-staffing-XXXXXX", ""))
        return 2;
    bench_seed (a.seed);
    const char *keys_dir = a.bench.keys_dir;
    char staffing_bin[BENCH_PATH_MAX + 40], db_dir[BENCH_PATH_MAX + 16];
    snprintf (db_dir, sizeof db_dir, "%s/staffing", a.bench.dir);

    int status = 2;
    s_data_t d = { 0 };
    s_results_t r = { 0 };
    s_query_t *qp = NULL, *qf = NULL;
    sqlite3 *db = NULL;
    //  bus, probe (for the round-trip reference) and bench (operator),
    //  then the service's own.
    if (bench_bin_path (&a.bench, "services/staffing/vp-staffing", staffing_bin, sizeof staffing_bin)
    ||  bench_make_keys (a.bench.keygen, keys_dir, a.bench.log_path)
    ||  bench_make_key (a.bench.keygen, keys_dir, a.bench.log_path, "staffing", "service"))
        goto done;

    //  1. vp-staffing makes its database in the empty folder (the way it
    //  expects it); then the data.
    bench_say ("data in %s; vp-staffing makes its database first", a.bench.dir);
    char first_log[BENCH_PATH_MAX + 32];
    snprintf (first_log, sizeof first_log, "%s/staffing-migrate.log", a.bench.dir);
    s_service_t svc;
    if (s_service_start (&svc, staffing_bin, db_dir, keys_dir, first_log))
        goto done;
    r.migrate_ms = svc.ready_ms;
    if (s_service_stop (&svc))
        goto done;

    int64_t t0 = bench_now_ns ();
    if (s_generate (&d, &a))
        goto done;
    r.gen_secs = bench_secs (bench_now_ns () - t0);
    vp_err_t err = { 0 };
    db = vp_db_open (db_dir, "staffing.db", &err);
    if (!db || vp_staff_schema (db, &err) || vp_outbox_schema (db, &err)) {
        bench_say ("cannot open the database: %s", err.message);
        goto done;
    }
    //  The service made its database (its tables, the read model's, the
    //  outbox's, whatever its version migrates); the data go into that.
    int64_t own = s_count (db, "SELECT count (*) FROM sqlite_master WHERE type = 'table'"
                               " AND name NOT LIKE 'stf\\_%' ESCAPE '\\' AND name NOT LIKE 'vp\\_outbox%' ESCAPE '\\'"
                               " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'", 0);
    if (s_count (db, "SELECT count (*) FROM sqlite_master WHERE name = 'stf_post'", 0) != 1) {
        bench_say ("vp-staffing did not make its database in %s", db_dir);
        goto done;
    }
    bench_say ("vp-staffing made its database in %.0f ms (user_version %lld, %lld tables of its own"
               " besides the read model's and the outbox's)", r.migrate_ms,
               (long long) s_count (db, "PRAGMA user_version", 0), (long long) own);
    bench_say ("loading %d officers, %d appointments, %d leaves", a.officers, a.appointments, a.leaves);
    t0 = bench_now_ns ();
    if (s_load (&d, db, &r.events))
        goto done;
    r.load_secs = bench_secs (bench_now_ns () - t0);
    //  As a running service's database would be: the log checkpointed.
    sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
    if (s_verify (&d, &a, db, r.tables, sizeof r.tables))
        goto done;
    bench_say ("%lld events in %.1f s; %s", (long long) r.events, r.load_secs, r.tables);
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

    bench_say ("DEALER/ROUTER round trips (reference)");
    if (bench_ref_roundtrip (keys_dir, 5000, &r.rt_p50, &r.rt_p99))
        bench_say ("the round-trip reference failed; its ratios mean nothing");

    for (int run = 1; bench_next_run (&a.bench, run); run++)
        if (s_repeat (&a, &d, db_dir, staffing_bin, keys_dir, qp, qf, run, &r))
            break;
    if (!bench_have_runs (&a.bench, r.runs_done))
        goto done;
    r.total_secs = bench_secs (bench_now_ns () - a.bench.start);
    status = s_report (stdout, &a, &r) ? 0 : 1;
    s_markdown (&a, &r);
done:
    vp_db_close (&db);
    free (qp);
    free (qf);
    s_data_free (&d);
    return bench_end (&a.bench, status);
}
