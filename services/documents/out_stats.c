/*  out_stats - the report on the work of a year for the office head and
    the leaders (as Tổng hợp: doc_access_leads): per officer, per body and
    per month, incoming documents received, done on time, done late, open
    in time, overdue, forwarded, and the average handling time (days from
    arrival to done); per body and per month, the outgoing documents
    issued too. Only what the reader is cleared for counts.
    documents.report.handling {year?, format?}: the rows, and as PDF or
    xlsx like the outputs (out_reports.c). vp-web draws it (/bao-cao).

    An incoming document counts for the body whose post has it, before
    that the body it was addressed to (as Tổng hợp counts overdue ones);
    an outgoing one for the body that issues it.
*/
#include <string.h>
#include "doc_access.h"
#include "dos_dossier.h"
#include "vp/vp_fields.h"

static const char *const s_officer_columns[] = {
    "Người giải quyết", "Nhận", "Đúng hạn", "Quá hạn", "Đang trong hạn", "Chưa giải quyết, quá hạn",
    "Đã chuyển", "Thời gian giải quyết trung bình (ngày)", NULL
};
static const char *const s_month_columns[] = {
    "Tháng", "Văn bản đến", "Đúng hạn", "Quá hạn", "Đang trong hạn", "Chưa giải quyết, quá hạn",
    "Đã chuyển", "Thời gian giải quyết trung bình (ngày)", "Văn bản đi", NULL
};
static const char *const s_body_columns[] = {
    "Đơn vị", "Văn bản đến", "Đúng hạn", "Quá hạn", "Đang trong hạn", "Chưa giải quyết, quá hạn",
    "Đã chuyển", "Thời gian giải quyết trung bình (ngày)", "Văn bản đi", NULL
};
static const char *const s_states[] = {
    "Đã giải quyết đúng hạn", "Đã giải quyết quá hạn", "Đang giải quyết trong hạn", "Chưa giải quyết, quá hạn",
    "Đã chuyển", NULL
};

typedef struct {
    char key[200];
    int64_t received, states[5], done_ms, done, issued;
} s_bucket_t;

#define S_BODIES 64

static s_bucket_t *
s_bucket (s_bucket_t *buckets, int *n, int max, const char *key)
{
    for (int i = 0; i < *n; i++)
        if (strcmp (buckets[i].key, key) == 0)
            return &buckets[i];
    if (*n == max)
        return &buckets[max - 1];
    s_bucket_t *b = &buckets[(*n)++];
    memset (b, 0, sizeof *b);
    snprintf (b->key, sizeof b->key, "%s", key);
    return b;
}

//  with_out: the outgoing count as the last column (bodies and months).
static vp_val_t *
s_row (const s_bucket_t *b, bool with_out)
{
    vp_val_t *row = vp_val_array ();
    vp_array_push (row, vp_val_str (b->key));
    vp_array_push (row, vp_val_strf ("%lld", (long long) b->received));
    for (int i = 0; i < 5; i++)
        vp_array_push (row, vp_val_strf ("%lld", (long long) b->states[i]));
    if (b->done)
        vp_array_push (row, vp_val_strf ("%.1f", (double) b->done_ms / b->done / 86400000.0));
    else
        vp_array_push (row, vp_val_str (""));
    if (with_out)
        vp_array_push (row, vp_val_strf ("%lld", (long long) b->issued));
    return row;
}

static vp_val_t *
s_strings (const char *const *list)
{
    vp_val_t *array = vp_val_array ();
    for (int i = 0; list[i]; i++)
        vp_array_push (array, vp_val_str (list[i]));
    return array;
}

//  The outgoing documents issued in year, counted in their month and body.
static int
s_issued (doc_service_t *self, const char *tenant, const char *zone, int64_t year, s_bucket_t months[12],
          s_bucket_t *bodies, int *nbodies, vp_err_t *err)
{
    vp_tm_t first = { .year = (int) year, .month = 1, .day = 1 }, next = { .year = (int) year + 1, .month = 1, .day = 1 };
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT d.issued_at, coalesce (" VP_STAFF_SQL_BODY_NAME ("d.tenant", "d.body") ", d.body) FROM doc_out d"
        " WHERE d.tenant = ?1 AND d.issued_at >= ?2 AND d.issued_at < ?3", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 2, vp_time_from_local (&first, zone));
    sqlite3_bind_int64 (stmt, 3, vp_time_from_local (&next, zone));
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        vp_tm_t tm;
        vp_time_local (sqlite3_column_int64 (stmt, 0), zone, &tm);
        months[(tm.month - 1) % 12].issued++;
        s_bucket (bodies, nbodies, S_BODIES, (const char *) sqlite3_column_text (stmt, 1))->issued++;
    }
    sqlite3_reset (stmt);
    return 0;
}

//  {year?, format?}
static int
s_handling_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    if (doc_access_leads (self, ctx, "xem báo cáo", err))
        return -1;
    char zone[64];
    doc_zone (self, ctx->tenant, zone);
    int64_t year = vp_map_int (args, VP_K_YEAR, 0);
    if (!year) {
        vp_tm_t tm;
        vp_time_local (vp_clock_now (), zone, &tm);
        year = tm.year;
    }
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT d.arrived_at, d.status, d.deadline,"
        " coalesce (" VP_STAFF_SQL_OFFICER_NAME ("d.officer") ", d.officer, '(chưa giao)'),"
        " (SELECT max (h.at) FROM doc_history h WHERE h.tenant = d.tenant AND h.document = d.document"
        "  AND h.step = 'done'),"
        " d.secrecy, coalesce (" VP_STAFF_SQL_BODY_NAME ("d.tenant", "coalesce ("
            VP_STAFF_SQL_POST_BODY ("d.tenant", "d.post") ", d.receiving_body)") ","
        "  " VP_STAFF_SQL_POST_BODY ("d.tenant", "d.post") ", d.receiving_body, '(chưa rõ đơn vị)')"
        " FROM doc_document d"
        " WHERE d.tenant = ?1 AND d.year = ?2 ORDER BY d.arrived_at", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 2, year);
    s_bucket_t officers[64], months[12], bodies[S_BODIES];
    int nofficers = 0, nmonths = 0, nbodies = 0;
    for (int m = 0; m < 12; m++) {
        char key[24];
        snprintf (key, sizeof key, "%02d/%lld", m + 1, (long long) year);
        s_bucket (months, &nmonths, 12, key);
    }
    int64_t now = vp_clock_now ();
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        if (!doc_access_sees (self, ctx, (const char *) sqlite3_column_text (stmt, 5)))
            continue;
        int64_t arrived = sqlite3_column_int64 (stmt, 0);
        const char *status = (const char *) sqlite3_column_text (stmt, 1);
        int64_t deadline = sqlite3_column_int64 (stmt, 2);
        int64_t done_at = sqlite3_column_int64 (stmt, 4);
        const char *state = out_state (status, deadline, done_at, now);
        vp_tm_t tm;
        vp_time_local (arrived, zone, &tm);
        s_bucket_t *in[3] = {
            s_bucket (officers, &nofficers, 64, (const char *) sqlite3_column_text (stmt, 3)),
            &months[(tm.month - 1) % 12],
            s_bucket (bodies, &nbodies, S_BODIES, (const char *) sqlite3_column_text (stmt, 6))
        };
        for (int b = 0; b < 3; b++) {
            in[b]->received++;
            for (int i = 0; s_states[i]; i++)
                if (strcmp (s_states[i], state) == 0)
                    in[b]->states[i]++;
            if (done_at) {
                in[b]->done++;
                in[b]->done_ms += done_at - arrived;
            }
        }
    }
    sqlite3_reset (stmt);
    if (s_issued (self, ctx->tenant, zone, year, months, bodies, &nbodies, err))
        return -1;
    vp_val_t *by_officer = vp_val_array (), *by_month = vp_val_array (), *by_body = vp_val_array ();
    for (int i = 0; i < nofficers; i++)
        vp_array_push (by_officer, s_row (&officers[i], false));
    for (int i = 0; i < nmonths; i++)
        vp_array_push (by_month, s_row (&months[i], true));
    for (int i = 0; i < nbodies; i++)
        vp_array_push (by_body, s_row (&bodies[i], true));
    vp_val_t *officer_columns = s_strings (s_officer_columns), *month_columns = s_strings (s_month_columns);
    vp_val_t *body_columns = s_strings (s_body_columns);
    char title[120];
    snprintf (title, sizeof title, "TÌNH HÌNH GIẢI QUYẾT VĂN BẢN ĐẾN NĂM %lld", (long long) year);
    int rc = 0;
    const char *format = vp_map_str (args, VP_K_FORMAT);
    if (format) {
        char office[256], mark[400];
        dos_office (self, ctx->tenant, NULL, office);
        dos_mark (self, ctx, mark);
        char *data = NULL;
        size_t size = 0;
        int pages = 0;
        if (strcmp (format, "pdf") == 0) {
            static const double widths[] = { 3, 1, 1, 1, 1.2, 1.4, 1, 1.6, 1 };
            dos_pdf_t *pdf = dos_pdf_new (office, mark, true);
            dos_pdf_title (pdf, title);
            dos_pdf_text (pdf, "Theo người giải quyết");
            dos_pdf_table (pdf, officer_columns, widths, by_officer);
            dos_pdf_text (pdf, "Theo tháng");
            dos_pdf_table (pdf, month_columns, widths, by_month);
            dos_pdf_text (pdf, "Theo đơn vị");
            dos_pdf_table (pdf, body_columns, widths, by_body);
            rc = dos_pdf_finish (pdf, &data, &size, &pages, err);
            dos_pdf_destroy (&pdf);
        }
        else {
            vp_val_t *rows = vp_val_dup (by_officer);
            vp_array_push (rows, vp_val_array ());
            vp_array_push (rows, vp_val_dup (month_columns));
            for (size_t i = 0; i < vp_val_len (by_month); i++)
                vp_array_push (rows, vp_val_dup (vp_array_at (by_month, i)));
            vp_array_push (rows, vp_val_array ());
            vp_array_push (rows, vp_val_dup (body_columns));
            for (size_t i = 0; i < vp_val_len (by_body); i++)
                vp_array_push (rows, vp_val_dup (vp_array_at (by_body, i)));
            rc = dos_xlsx_make (self, office, title, mark, officer_columns, rows, &data, &size, err);
            vp_val_destroy (&rows);
        }
        char target[16];
        snprintf (target, sizeof target, "%lld", (long long) year);
        if (rc == 0)
            rc = dos_store (self, ctx, "report.handling", target, format, data, size, pages, result, err);
        free (data);
    }
    vp_map_put_str (result, VP_K_TITLE, title);
    vp_map_put_int (result, VP_K_YEAR, year);
    vp_map_put (result, "officer_columns", officer_columns);
    vp_map_put (result, "by_officer", by_officer);
    vp_map_put (result, "month_columns", month_columns);
    vp_map_put (result, "by_month", by_month);
    vp_map_put (result, "body_columns", body_columns);
    vp_map_put (result, "by_body", by_body);
    return rc;
}

static const vp_cmd_t s_commands[] = {
    { VP_C_DOCUMENTS_REPORT_HANDLING, s_handling_tx, true, .changes = true },
    { NULL }
};

void
out_stats_register (doc_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
