/*  out_stats - the office head's report on incoming work of a year:
    per officer and per month, documents received, done on time, done
    late, open in time, overdue, and the average handling time (days from
    arrival to done). documents.report.handling {year?, format?}: the
    rows, and as PDF or xlsx like the outputs (out_reports.c).
*/
#include <string.h>
#include "dos_dossier.h"
#include "vp/vp_fields.h"

static const char *const s_officer_columns[] = {
    "Người giải quyết", "Nhận", "Đúng hạn", "Quá hạn", "Đang trong hạn", "Chưa giải quyết, quá hạn",
    "Đã chuyển", "Thời gian giải quyết trung bình (ngày)", NULL
};
static const char *const s_month_columns[] = {
    "Tháng", "Văn bản đến", "Đúng hạn", "Quá hạn", "Đang trong hạn", "Chưa giải quyết, quá hạn",
    "Đã chuyển", "Thời gian giải quyết trung bình (ngày)", NULL
};
static const char *const s_states[] = {
    "Đã giải quyết đúng hạn", "Đã giải quyết quá hạn", "Đang giải quyết trong hạn", "Chưa giải quyết, quá hạn",
    "Đã chuyển", NULL
};

typedef struct {
    char key[200];
    int64_t received, states[5], done_ms, done;
} s_bucket_t;

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

static vp_val_t *
s_row (const s_bucket_t *b)
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

//  {year?, format?}
static int
s_handling_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
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
        "  AND h.step = 'done')"
        " FROM doc_document d"
        " WHERE d.tenant = ?1 AND d.year = ?2 ORDER BY d.arrived_at", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 2, year);
    s_bucket_t officers[64], months[12];
    int nofficers = 0, nmonths = 0;
    for (int m = 0; m < 12; m++) {
        char key[24];
        snprintf (key, sizeof key, "%02d/%lld", m + 1, (long long) year);
        s_bucket (months, &nmonths, 12, key);
    }
    int64_t now = vp_clock_now ();
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        int64_t arrived = sqlite3_column_int64 (stmt, 0);
        const char *status = (const char *) sqlite3_column_text (stmt, 1);
        int64_t deadline = sqlite3_column_int64 (stmt, 2);
        int64_t done_at = sqlite3_column_int64 (stmt, 4);
        const char *state = out_state (status, deadline, done_at, now);
        vp_tm_t tm;
        vp_time_local (arrived, zone, &tm);
        s_bucket_t *in[2] = {
            s_bucket (officers, &nofficers, 64, (const char *) sqlite3_column_text (stmt, 3)),
            &months[(tm.month - 1) % 12]
        };
        for (int b = 0; b < 2; b++) {
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
    vp_val_t *by_officer = vp_val_array (), *by_month = vp_val_array ();
    for (int i = 0; i < nofficers; i++)
        vp_array_push (by_officer, s_row (&officers[i]));
    for (int i = 0; i < nmonths; i++)
        vp_array_push (by_month, s_row (&months[i]));
    vp_val_t *officer_columns = s_strings (s_officer_columns), *month_columns = s_strings (s_month_columns);
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
            static const double widths[] = { 3, 1, 1, 1, 1.2, 1.4, 1, 1.6 };
            dos_pdf_t *pdf = dos_pdf_new (office, mark, true);
            dos_pdf_title (pdf, title);
            dos_pdf_text (pdf, "Theo người giải quyết");
            dos_pdf_table (pdf, officer_columns, widths, by_officer);
            dos_pdf_text (pdf, "Theo tháng");
            dos_pdf_table (pdf, month_columns, widths, by_month);
            rc = dos_pdf_finish (pdf, &data, &size, &pages, err);
            dos_pdf_destroy (&pdf);
        }
        else {
            vp_val_t *rows = vp_val_dup (by_officer);
            vp_array_push (rows, vp_val_array ());
            vp_array_push (rows, vp_val_dup (month_columns));
            for (size_t i = 0; i < vp_val_len (by_month); i++)
                vp_array_push (rows, vp_val_dup (vp_array_at (by_month, i)));
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
