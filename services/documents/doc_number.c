/*  doc_number - outgoing numbers (số, ký hiệu) of what the commune issues.

    A series is configuration of a tenant: the issuing body's abbreviation,
    whether numbers restart each year (state bodies) or run through the
    committee's term (Party bodies), one sequence shared by every type or
    one per type, and the format of the label. A tenant that has none gets
    the four series of a commune the first time it uses numbering:

      ubnd     UBND  year  shared    {n}/{type}-{body}   05/QĐ-UBND, 45/UBND-VP
      hdnd     HĐND  year  shared    {n}/{type}-{body}   03/NQ-HĐND
      dang-uy  ĐU    term  per type  {n}-{type}/{body}   07-ĐA/ĐU
      ubkt     UBKT  term  per type  {n}-{type}/{body}   02-TB/UBKT

    A number is max(n) + 1 of its (series, period, type or '') inside the
    change's transaction, so it is never given twice nor skipped: writers
    are serialized by BEGIN IMMEDIATE, and a refused request rolls back
    before anything was taken. A cancelled number keeps its row, so max(n)
    still counts it and it is never given again.
*/
#include <string.h>
#include "doc_access.h"
#include "vp/vp_vocab.h"
#include "out.h"
#include "vp/vp_fields.h"

#define S_ID_MAX 65
#define S_ABBR_MAX 64
#define S_FORMAT_MAX 128
#define S_LABEL_MAX 128         //  the label of documents.number_reserved
#define S_PERIOD_MAX 32

//  A Công văn has no type abbreviation: its symbol is the issuer and the
//  drafting unit instead, and in a merged commune every Công văn is
//  drafted by the office (Văn phòng Đảng ủy – Chính quyền).
#define S_CONG_VAN_FORMAT "{n}/{body}-VP"

typedef struct {
    char series[S_ID_MAX];
    char issuer_abbr[S_ABBR_MAX];
    char period[8];             //  "year" or "term"
    bool per_type;
    char format[S_FORMAT_MAX];
    int64_t term_start, term_end;
} s_series_t;

//  The series of a commune; the term is that of the Party congresses of
//  2025 (nhiệm kỳ 2025–2030), to be set anew after the next congress.
static const struct {
    const char *series, *abbr, *period;
    bool per_type;
    const char *format;
} s_defaults[] = {
    { "ubnd", "UBND", "year", false, "{n}/{type}-{body}" },
    { "hdnd", "HĐND", "year", false, "{n}/{type}-{body}" },
    { "dang-uy", "ĐU", "term", true, "{n}-{type}/{body}" },
    { "ubkt", "UBKT", "term", true, "{n}-{type}/{body}" },
    { NULL }
};
static const vp_tm_t s_term_first = { .year = 2025, .month = 7, .day = 1 };
static const vp_tm_t s_term_last = { .year = 2030, .month = 6, .day = 30 };

//  --------------------------------------------------------------------------
//  Series

static const char *
s_date (doc_service_t *self, const char *tenant, int64_t ms, char buf[32])
{
    char zone[64];
    return vp_time_format (ms, doc_zone (self, tenant, zone), "%Y-%m-%d", buf, 32);
}

static bool
s_tenant_has_series (doc_service_t *self, const char *tenant)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db, "SELECT 1 FROM doc_series WHERE tenant = ?1 LIMIT 1", NULL);
    if (!stmt)
        return false;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    bool found = sqlite3_step (stmt) == SQLITE_ROW;
    sqlite3_reset (stmt);
    return found;
}

static int
s_series_put (doc_service_t *self, const char *tenant, const s_series_t *series, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT INTO doc_series (tenant, series, issuer_abbr, period, per_type, format, term_start, term_end)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
        " ON CONFLICT (tenant, series) DO UPDATE SET issuer_abbr = ?3, period = ?4, per_type = ?5,"
        " format = ?6, term_start = ?7, term_end = ?8", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, series->series, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, series->issuer_abbr, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 4, series->period, -1, SQLITE_STATIC);
    sqlite3_bind_int (stmt, 5, series->per_type);
    sqlite3_bind_text (stmt, 6, series->format, -1, SQLITE_STATIC);
    if (strcmp (series->period, "term") == 0) {
        sqlite3_bind_int64 (stmt, 7, series->term_start);
        sqlite3_bind_int64 (stmt, 8, series->term_end);
    }
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    return rc == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "series");
}

//  In the change's transaction: the default series of a tenant that has none.
static int
s_defaults_ensure (doc_service_t *self, const char *tenant, vp_err_t *err)
{
    if (s_tenant_has_series (self, tenant))
        return 0;
    char zone[64];
    doc_zone (self, tenant, zone);
    for (int i = 0; s_defaults[i].series; i++) {
        s_series_t series = {
            .per_type = s_defaults[i].per_type,
            .term_start = vp_time_from_local (&s_term_first, zone),
            .term_end = vp_time_from_local (&s_term_last, zone)
        };
        snprintf (series.series, sizeof series.series, "%s", s_defaults[i].series);
        snprintf (series.issuer_abbr, sizeof series.issuer_abbr, "%s", s_defaults[i].abbr);
        snprintf (series.period, sizeof series.period, "%s", s_defaults[i].period);
        snprintf (series.format, sizeof series.format, "%s", s_defaults[i].format);
        if (s_series_put (self, tenant, &series, err))
            return -1;
    }
    return 0;
}

//  0 found, 1 not there, -1 database error.
static int
s_series_get (doc_service_t *self, const char *tenant, const char *id, s_series_t *series, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT issuer_abbr, period, per_type, format, term_start, term_end"
        " FROM doc_series WHERE tenant = ?1 AND series = ?2", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step (stmt);
    if (rc == SQLITE_ROW) {
        memset (series, 0, sizeof *series);
        snprintf (series->series, sizeof series->series, "%s", id);
        snprintf (series->issuer_abbr, sizeof series->issuer_abbr, "%s", (const char *) sqlite3_column_text (stmt, 0));
        snprintf (series->period, sizeof series->period, "%s", (const char *) sqlite3_column_text (stmt, 1));
        series->per_type = sqlite3_column_int (stmt, 2) != 0;
        snprintf (series->format, sizeof series->format, "%s", (const char *) sqlite3_column_text (stmt, 3));
        series->term_start = sqlite3_column_int64 (stmt, 4);
        series->term_end = sqlite3_column_int64 (stmt, 5);
    }
    sqlite3_reset (stmt);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return vp_db_error (self->db, err, "series");
    return rc == SQLITE_ROW ? 0 : 1;
}

static int
s_series_need (doc_service_t *self, const char *tenant, const char *id, s_series_t *series, vp_err_t *err)
{
    int rc = s_series_get (self, tenant, id, series, err);
    if (rc > 0)
        return vp_err_set (err, VP_E_NOT_FOUND, VP_K_SERIES,
                           "series \"%s\" does not exist in tenant \"%s\" (see documents.series.list)", id, tenant);
    return rc;
}

//  The actor may number, the tenant has its default series, and series
//  `id` is one of them.
static int
s_series_open (doc_service_t *self, vp_cmdctx_t *ctx, const char *id, s_series_t *series, vp_err_t *err)
{
    if (s_defaults_ensure (self, ctx->tenant, err)
    ||  s_series_need (self, ctx->tenant, id, series, err))
        return -1;
    return 0;
}

//  The label of a term, "2025-2030", from its first and last day.
static void
s_term_label (doc_service_t *self, const char *tenant, const s_series_t *series, char label[S_PERIOD_MAX])
{
    char zone[64];
    doc_zone (self, tenant, zone);
    vp_tm_t first, last;
    vp_time_local (series->term_start, zone, &first);
    vp_time_local (series->term_end, zone, &last);
    snprintf (label, S_PERIOD_MAX, "%d-%d", first.year, last.year);
}

static vp_val_t *
s_series_val (doc_service_t *self, const char *tenant, const s_series_t *series)
{
    vp_val_t *val = vp_val_map ();
    vp_map_put_str (val, VP_K_SERIES, series->series);
    vp_map_put_str (val, VP_K_ISSUER_ABBR, series->issuer_abbr);
    vp_map_put_str (val, VP_K_PERIOD, series->period);
    vp_map_put_bool (val, VP_K_PER_TYPE, series->per_type);
    vp_map_put_str (val, VP_K_FORMAT, series->format);
    if (strcmp (series->period, "term") == 0) {
        char term[S_PERIOD_MAX];
        s_term_label (self, tenant, series, term);
        vp_map_put_int (val, VP_K_TERM_START, series->term_start);
        vp_map_put_int (val, VP_K_TERM_END, series->term_end);
        vp_map_put_str (val, "term", term);
    }
    return val;
}

//  --------------------------------------------------------------------------
//  Labels

//  Write format with {n} (two digits at least), {type} and {body} into
//  out. Returns the length it needed (may be >= size: then truncated).
static size_t
s_expand (const char *format, int64_t n, const char *type_abbr, const char *body, char *out, size_t size)
{
    size_t len = 0;
    for (const char *p = format; *p; ) {
        char piece[32];
        const char *add = NULL;
        size_t skip = 1;
        if (strncmp (p, "{n}", 3) == 0) {
            snprintf (piece, sizeof piece, "%02lld", (long long) n);
            add = piece, skip = 3;
        }
        else
        if (strncmp (p, "{type}", 6) == 0)
            add = type_abbr, skip = 6;
        else
        if (strncmp (p, "{body}", 6) == 0)
            add = body, skip = 6;
        size_t add_len = add ? strlen (add) : 1;
        if (len + add_len < size)
            memcpy (out + len, add ? add : p, add_len);
        len += add_len;
        p += skip;
    }
    if (size)
        out[len < size ? len : size - 1] = 0;
    return len;
}

//  The label of number n of a type (NULL: none) in a series.
static size_t
s_label (const s_series_t *series, int64_t n, const vp_doc_type_t *type, char label[S_LABEL_MAX + 1])
{
    const char *format = series->format;
    if (type && !*type->abbr && strstr (format, "{type}"))
        format = S_CONG_VAN_FORMAT;
    return s_expand (format, n, type ? type->abbr : "", series->issuer_abbr, label, S_LABEL_MAX + 1);
}

//  A format has {n} once, and no placeholder other than {n}, {type}, {body}.
static int
s_format_check (const char *format, vp_err_t *err)
{
    int numbers = 0;
    for (const char *p = strchr (format, '{'); p; p = strchr (p + 1, '{')) {
        if (strncmp (p, "{n}", 3) == 0)
            numbers++;
        else
        if (strncmp (p, "{type}", 6) != 0 && strncmp (p, "{body}", 6) != 0)
            return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_FORMAT,
                               "format \"%s\" has \"%.*s\": the placeholders are {n}, {type} and {body}",
                               format, (int) strcspn (p, "}") + 1, p);
    }
    if (numbers != 1)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_FORMAT,
                           "format \"%s\" has {n} %d times: it must have it once", format, numbers);
    return 0;
}

//  --------------------------------------------------------------------------
//  Periods

static int
s_day_key (int64_t ms, const char *zone)
{
    vp_tm_t tm;
    vp_time_local (ms, zone, &tm);
    return tm.year * 10000 + tm.month * 100 + tm.day;
}

//  The period a number of doc_date belongs to: its year in the tenant's
//  zone, or the term that holds its day.
static int
s_period (doc_service_t *self, const char *tenant, const s_series_t *series, int64_t doc_date,
          char period[S_PERIOD_MAX], vp_err_t *err)
{
    char zone[64];
    doc_zone (self, tenant, zone);
    if (strcmp (series->period, "year") == 0) {
        vp_tm_t tm;
        vp_time_local (doc_date, zone, &tm);
        snprintf (period, S_PERIOD_MAX, "%d", tm.year);
        return 0;
    }
    int day = s_day_key (doc_date, zone);
    if (day < s_day_key (series->term_start, zone) || day > s_day_key (series->term_end, zone)) {
        char d0[32], d1[32], d2[32];
        return vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_DOC_DATE,
                           "doc_date %s is outside the term of series \"%s\" (%s to %s);"
                           " a new term is set with documents.series.set",
                           s_date (self, tenant, doc_date, d0), series->series,
                           s_date (self, tenant, series->term_start, d1),
                           s_date (self, tenant, series->term_end, d2));
    }
    s_term_label (self, tenant, series, period);
    return 0;
}

//  --------------------------------------------------------------------------
//  documents.series.set

//  {series, issuer_abbr, period, per_type?, format, term_start?, term_end?}
static int
s_series_set_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *tenant = ctx->tenant;
    s_series_t series = { .per_type = vp_map_bool (args, VP_K_PER_TYPE, false) };
    snprintf (series.series, sizeof series.series, "%s", vp_map_str (args, VP_K_SERIES));
    snprintf (series.issuer_abbr, sizeof series.issuer_abbr, "%s", vp_map_str (args, VP_K_ISSUER_ABBR));
    snprintf (series.period, sizeof series.period, "%s", vp_map_str (args, VP_K_PERIOD));
    snprintf (series.format, sizeof series.format, "%s", vp_map_str (args, VP_K_FORMAT));
    bool term = strcmp (series.period, "term") == 0;
    bool has_start = vp_map_get (args, VP_K_TERM_START) != NULL;
    bool has_end = vp_map_get (args, VP_K_TERM_END) != NULL;
    series.term_start = vp_map_int (args, VP_K_TERM_START, 0);
    series.term_end = vp_map_int (args, VP_K_TERM_END, 0);

    if (s_format_check (series.format, err))
        return -1;
    if (series.per_type && !strstr (series.format, "{type}"))
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_PER_TYPE,
                           "series \"%s\" numbers per type but format \"%s\" has no {type}:"
                           " two documents would carry the same label", series.series, series.format);
    if (term && (!has_start || !has_end))
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, has_start ? "term_end" : "term_start",
                           "series \"%s\" numbers through a term: %s is required",
                           series.series, has_start ? "term_end" : "term_start");
    if (!term && (has_start || has_end))
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, has_start ? "term_start" : "term_end",
                           "series \"%s\" restarts each year: it has no term (%s)",
                           series.series, has_start ? "term_start" : "term_end");
    char d1[32], d2[32];
    if (term && series.term_end <= series.term_start)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_TERM_END, "term_end %s is not after term_start %s",
                           s_date (self, tenant, series.term_end, d1), s_date (self, tenant, series.term_start, d2));
    //  The longest label it can make must fit the event.
    char sample[S_LABEL_MAX + 1];
    if (s_expand (series.format, 99999, "QyĐ", series.issuer_abbr, sample, sizeof sample) > S_LABEL_MAX
    ||  s_expand (S_CONG_VAN_FORMAT, 99999, "", series.issuer_abbr, sample, sizeof sample) > S_LABEL_MAX)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_FORMAT,
                           "format \"%s\" with issuer_abbr \"%s\" makes labels longer than %d bytes",
                           series.format, series.issuer_abbr, S_LABEL_MAX);

    if (s_defaults_ensure (self, tenant, err))
        return -1;
    s_series_t old;
    int found = s_series_get (self, tenant, series.series, &old, err);
    if (found < 0)
        return -1;
    if (found == 0) {
        //  Numbers given keep their meaning: a series may change its label
        //  or its term, not how it counts.
        sqlite3_stmt *stmt = vp_db_cached (self->db,
            "SELECT count(*) FROM doc_number WHERE tenant = ?1 AND series = ?2", err);
        if (!stmt)
            return -1;
        sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, series.series, -1, SQLITE_STATIC);
        int64_t given = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
        sqlite3_reset (stmt);
        if (given && strcmp (old.period, series.period) != 0)
            return vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_PERIOD,
                               "series \"%s\" has given %lld numbers by %s: it cannot count by %s now",
                               series.series, (long long) given, old.period, series.period);
        if (given && old.per_type != series.per_type)
            return vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_PER_TYPE,
                               "series \"%s\" has given %lld numbers %s: per_type cannot change",
                               series.series, (long long) given, old.per_type ? "per type" : "shared by every type");
    }
    if (s_series_put (self, tenant, &series, err))
        return -1;
    vp_val_t *val = s_series_val (self, tenant, &series);
    vp_map_put_all (result, val);
    vp_val_destroy (&val);
    return doc_emit_config (self, ctx, "series", result, err);
}

//  --------------------------------------------------------------------------
//  documents.series.list

static int
s_series_list_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    if (s_defaults_ensure (self, ctx->tenant, err))
        return -1;
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT series FROM doc_series WHERE tenant = ?1 ORDER BY series", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    vp_val_t *ids = vp_db_rows (stmt);
    vp_val_t *list = vp_val_array ();
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < vp_val_len (ids); i++) {
        s_series_t series;
        rc = s_series_need (self, ctx->tenant, vp_map_str (vp_array_at (ids, i), VP_K_SERIES), &series, err);
        if (rc == 0)
            vp_array_push (list, s_series_val (self, ctx->tenant, &series));
    }
    vp_val_destroy (&ids);
    vp_map_put (result, VP_K_SERIES, list);
    return rc;
}

static int
s_series_list (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    //  Only the first look at a tenant writes (its default series).
    if (s_tenant_has_series (self, ctx->tenant))
        return s_series_list_tx (ctx, args, result, err);
    return vp_cmd_change (ctx, args, result, err, s_series_list_tx);
}

//  --------------------------------------------------------------------------
//  documents.number.reserve

//  The next number of a series, recorded with status: the one way a
//  number is given (documents.number.reserve, and the signing of an
//  outgoing document).
static int
s_take (doc_service_t *self, vp_cmdctx_t *ctx, const char *id, const char *type_id, int64_t doc_date,
        const char *summary, const char *status, char label[S_LABEL_MAX + 1], int64_t *n_out,
        char period[S_PERIOD_MAX], vp_err_t *err)
{
    const char *tenant = ctx->tenant;
    const vp_doc_type_t *type = vp_doc_type (type_id);
    s_series_t series;
    if (s_series_open (self, ctx, id, &series, err))
        return -1;
    if (!type && strstr (series.format, "{type}"))
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_TYPE,
                           "type is required: the labels of series \"%s\" (%s) show it", id, series.format);
    if (type && !*type->abbr && series.per_type)
        return vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_TYPE,
                           "type \"%s\" (%s) has no abbreviation, and series \"%s\" numbers per type (%s)",
                           type->id, type->name, id, series.format);
    if (s_period (self, tenant, &series, doc_date, period, err))
        return -1;
    const char *key = series.per_type && type ? type->id : "";

    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT coalesce (max (n), 0) + 1 FROM doc_number"
        " WHERE tenant = ?1 AND series = ?2 AND period = ?3 AND type = ?4", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, period, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 4, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step (stmt);
    int64_t n = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
    sqlite3_reset (stmt);
    if (rc != SQLITE_ROW)
        return vp_db_error (self->db, err, "number");
    if (s_label (&series, n, type, label) > S_LABEL_MAX)
        return vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_SERIES,
                           "the label of number %lld of series \"%s\" is longer than %d bytes",
                           (long long) n, id, S_LABEL_MAX);

    stmt = vp_db_cached (self->db,
        "INSERT INTO doc_number (tenant, series, period, type, n, label, status, summary, at, actor)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?10, ?7, ?8, ?9)", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, period, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 4, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 5, n);
    sqlite3_bind_text (stmt, 6, label, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 7, summary, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 8, vp_clock_now ());
    sqlite3_bind_text (stmt, 9, ctx->actor, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 10, status, -1, SQLITE_STATIC);
    rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE)
        return vp_db_error (self->db, err, "number");
    *n_out = n;
    return 0;
}

int
doc_number_take (doc_service_t *self, vp_cmdctx_t *ctx, const char *series, const char *type,
                 int64_t doc_date, const char *summary, char label[129], int64_t *n,
                 char period[32], vp_err_t *err)
{
    return s_take (self, ctx, series, type, doc_date, summary, "issued", label, n, period, err);
}

//  {series, type?, doc_date?, summary?}
static int
s_reserve_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *id = vp_map_str (args, VP_K_SERIES);
    const char *summary = vp_map_str (args, VP_K_SUMMARY);
    const vp_doc_type_t *type = vp_doc_type (vp_map_str (args, VP_K_TYPE));
    int64_t doc_date = vp_map_get (args, VP_K_DOC_DATE) ? vp_map_int (args, VP_K_DOC_DATE, 0) : vp_clock_now ();
    char label[S_LABEL_MAX + 1], period[S_PERIOD_MAX];
    int64_t n = 0;
    if (s_take (self, ctx, id, vp_map_str (args, VP_K_TYPE), doc_date, summary, "reserved", label, &n, period, err))
        return -1;
    vp_val_t *data = vp_val_map ();
    vp_map_put_str (data, VP_K_SERIES, id);
    vp_map_put_str (data, VP_K_PERIOD, period);
    vp_map_put_int (data, VP_K_N, n);
    vp_map_put_str (data, VP_K_LABEL, label);
    if (type)
        vp_map_put_str (data, VP_K_TYPE, type->id);
    vp_map_put_all (result, data);
    if (summary)
        vp_map_put_str (data, VP_K_SUMMARY, summary);
    return doc_emit (self, ctx, ctx->tenant, "number_reserved", data, err);
}

//  --------------------------------------------------------------------------
//  documents.number.cancel

//  {series, period, n, reason?}
static int
s_cancel_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *tenant = ctx->tenant;
    const char *id = vp_map_str (args, VP_K_SERIES);
    const char *period = vp_map_str (args, VP_K_PERIOD);
    const char *reason = vp_map_str (args, VP_K_REASON);
    const char *type = vp_map_str (args, VP_K_TYPE);
    int64_t n = vp_map_int (args, VP_K_N, 0);

    s_series_t series;
    if (s_series_open (self, ctx, id, &series, err))
        return -1;
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT type, label, status FROM doc_number"
        " WHERE tenant = ?1 AND series = ?2 AND period = ?3 AND n = ?4 AND (?5 IS NULL OR type = ?5)"
        " ORDER BY type", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, period, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 4, n);
    if (type)
        sqlite3_bind_text (stmt, 5, type, -1, SQLITE_STATIC);
    vp_val_t *rows = vp_db_rows (stmt);
    size_t count = vp_val_len (rows);
    vp_val_t *row = vp_array_at (rows, 0);
    int rc = 0;
    if (count == 0)
        rc = vp_err_set (err, VP_E_NOT_FOUND, VP_K_N, "number %lld of series \"%s\" in %s was never given",
                         (long long) n, id, period);
    else
    if (count > 1)
        //  A per-type series gives n once per type: without `type` the
        //  command cannot choose, so it refuses rather than guess.
        rc = vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_TYPE,
                         "number %lld of series \"%s\" in %s was given to %zu types (%s, %s%s):"
                         " say which with type",
                         (long long) n, id, period, count, vp_map_str (row, VP_K_LABEL),
                         vp_map_str (vp_array_at (rows, 1), VP_K_LABEL), count > 2 ? ", ..." : "");
    else
    if (strcmp (vp_map_str (row, VP_K_STATUS), "cancelled") == 0)
        rc = vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_N,
                         "number %lld (%s) of series \"%s\" in %s is already cancelled",
                         (long long) n, vp_map_str (row, VP_K_LABEL), id, period);
    char label[S_LABEL_MAX + 1] = "";
    if (rc == 0) {
        snprintf (label, sizeof label, "%s", vp_map_str (row, VP_K_LABEL));
        stmt = vp_db_cached (self->db,
            "UPDATE doc_number SET status = 'cancelled', reason = ?6"
            " WHERE tenant = ?1 AND series = ?2 AND period = ?3 AND type = ?4 AND n = ?5", err);
        if (!stmt)
            rc = -1;
        else {
            sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
            sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
            sqlite3_bind_text (stmt, 3, period, -1, SQLITE_STATIC);
            sqlite3_bind_text (stmt, 4, vp_map_str (row, VP_K_TYPE), -1, SQLITE_STATIC);
            sqlite3_bind_int64 (stmt, 5, n);
            sqlite3_bind_text (stmt, 6, reason, -1, SQLITE_STATIC);
            rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "number");
            sqlite3_reset (stmt);
        }
    }
    vp_val_destroy (&rows);
    if (rc)
        return -1;

    vp_val_t *data = vp_val_map ();
    vp_map_put_str (data, VP_K_SERIES, id);
    vp_map_put_str (data, VP_K_PERIOD, period);
    vp_map_put_int (data, VP_K_N, n);
    vp_map_put_str (data, VP_K_LABEL, label);
    if (reason)
        vp_map_put_str (data, VP_K_REASON, reason);
    vp_map_put_all (result, data);
    vp_map_put_str (result, VP_K_STATUS, "cancelled");
    return doc_emit (self, ctx, tenant, "number_cancelled", data, err);
}

static const vp_cmd_t s_commands[] = {
    { VP_C_DOCUMENTS_SERIES_SET, s_series_set_tx, true, VP_ACCESS_SETUP, .changes = true },
    { VP_C_DOCUMENTS_SERIES_LIST, s_series_list, true },
    { VP_C_DOCUMENTS_NUMBER_RESERVE, s_reserve_tx, true, .changes = true },
    { VP_C_DOCUMENTS_NUMBER_CANCEL, s_cancel_tx, true, .changes = true },
    { NULL }
};

void
doc_number_register (doc_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
