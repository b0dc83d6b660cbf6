/*  doc_deadline - working days, holidays, deadline rules, the scan.

    A deadline in working days counts the days after the day a document
    arrived that are neither a Saturday, a Sunday nor a holiday of the
    commune (in its zone), and ends at the end of the last one: the
    officer has that whole day. Holidays are the built-in days below (kept
    in doc_holiday under tenant '', every commune) and the days a commune
    adds by command.

    The scan (documents.scan, and every minute by itself) tells once per
    deadline that a document is due soon, and once that it is overdue:
    due_soon_sent / overdue_sent hold the deadline they were sent for, so
    a new deadline is told again and an old one never twice.
*/
#include <string.h>
#include "doc_access.h"
#include "doc_deadline.h"
#include "vp/vp_vocab.h"
#include "vp/vp_fields.h"

#define S_DAY_MS (24 * 3600 * 1000LL)
#define S_SCAN_EVERY_MS 60000
//  An urgent document (thượng khẩn, hỏa tốc) is due soon this long before.
#define S_URGENT_WARNING_MS (4 * 3600 * 1000LL)
//  No deadline is further from its "due soon" moment than this (the
//  longest run of days off is Tết with its weekends).
#define S_WARNING_SPAN_MS (30 * S_DAY_MS)
//  Never look further than this for a working day (a table of holidays
//  that leaves none would otherwise loop).
#define S_MAX_DAYS 3660

//  The default deadline by type and urgency, first matching row wins; NULL
//  matches any. days: working days after the day of arrival; 0 is the end
//  of that same working day; -1 is no deadline.
typedef struct {
    const char *type;
    const char *urgency;
    int days;
} s_rule_t;

static const s_rule_t s_rules[] = {
    //  An invitation's deadline is its meeting, not a handling time.
    { "giay-moi", NULL, -1 },
    { NULL, "hoa-toc", 0 },
    { NULL, "thuong-khan", 2 },
    { NULL, "khan", 5 },
    { NULL, "thuong", 10 },
    { NULL, NULL, 10 }
};

//  Public holidays (ngày nghỉ lễ, Tết) of every commune, as days off.
//  The lunar ones (Tết Nguyên đán, Giỗ Tổ Hùng Vương on 10/3 lunar) are
//  resolved per year here, with the days the government adds around them;
//  a commune adds any other day off (a compensatory day, a local holiday)
//  with documents.holiday.add.
typedef struct {
    const char *day;        //  "YYYY-MM-DD"
    const char *name;
} s_holiday_t;

static const s_holiday_t s_holidays[] = {
    { "2026-01-01", "Tết Dương lịch" },
    { "2026-02-14", "Tết Nguyên đán" }, { "2026-02-15", "Tết Nguyên đán" },
    { "2026-02-16", "Tết Nguyên đán" }, { "2026-02-17", "Tết Nguyên đán" },
    { "2026-02-18", "Tết Nguyên đán" }, { "2026-02-19", "Tết Nguyên đán" },
    { "2026-02-20", "Tết Nguyên đán" }, { "2026-02-21", "Tết Nguyên đán" },
    { "2026-02-22", "Tết Nguyên đán" },
    { "2026-04-26", "Giỗ Tổ Hùng Vương" },
    { "2026-04-30", "Ngày Giải phóng miền Nam, thống nhất đất nước" },
    { "2026-05-01", "Ngày Quốc tế Lao động" },
    { "2026-09-01", "Quốc khánh" }, { "2026-09-02", "Quốc khánh" },
    { "2027-01-01", "Tết Dương lịch" },
    { "2027-02-04", "Tết Nguyên đán" }, { "2027-02-05", "Tết Nguyên đán" },
    { "2027-02-06", "Tết Nguyên đán" }, { "2027-02-07", "Tết Nguyên đán" },
    { "2027-02-08", "Tết Nguyên đán" }, { "2027-02-09", "Tết Nguyên đán" },
    { "2027-02-10", "Tết Nguyên đán" },
    { "2027-04-16", "Giỗ Tổ Hùng Vương" },
    { "2027-04-30", "Ngày Giải phóng miền Nam, thống nhất đất nước" },
    { "2027-05-01", "Ngày Quốc tế Lao động" },
    { "2027-09-02", "Quốc khánh" }, { "2027-09-03", "Quốc khánh" },
    { NULL, NULL }
};

//  --------------------------------------------------------------------------
//  Working days

//  Local noon of the day of ms: stepping by whole days from noon never
//  lands on another date, whatever the zone's offset does.
static int64_t
s_noon (int64_t ms, const char *zone)
{
    vp_tm_t tm;
    vp_time_local (ms, zone, &tm);
    tm.hour = 12;
    tm.minute = tm.second = 0;
    return vp_time_from_local (&tm, zone);
}

static bool
s_holiday (doc_service_t *self, const char *tenant, const char *day)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT 1 FROM doc_holiday WHERE tenant IN ('', ?1) AND day = ?2", NULL);
    if (!stmt)
        return false;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, day, -1, SQLITE_STATIC);
    bool found = sqlite3_step (stmt) == SQLITE_ROW;
    sqlite3_reset (stmt);
    return found;
}

//  Counting days forward, the next holiday on or after the last day asked
//  about: one query per holiday passed instead of one per day counted
//  (ten working days asked ten, a fifth of a registration's queries).
typedef struct {
    bool known;
    char next[16];          //  "" when there is none ahead
} s_ahead_t;

static bool
s_holiday_ahead (doc_service_t *self, const char *tenant, const char *day, s_ahead_t *ahead)
{
    if (!ahead->known || (*ahead->next && strcmp (day, ahead->next) > 0)) {
        ahead->known = true;
        ahead->next[0] = 0;
        sqlite3_stmt *stmt = vp_db_cached (self->db,
            "SELECT min (day) FROM doc_holiday WHERE tenant IN ('', ?1) AND day >= ?2", NULL);
        if (!stmt) {
            ahead->known = false;
            return s_holiday (self, tenant, day);
        }
        sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, day, -1, SQLITE_STATIC);
        if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) == SQLITE_TEXT)
            snprintf (ahead->next, sizeof ahead->next, "%s", (const char *) sqlite3_column_text (stmt, 0));
        sqlite3_reset (stmt);
    }
    return *ahead->next && strcmp (day, ahead->next) == 0;
}

//  Is the date `date` (days since 1970-01-01) a working day of tenant?
//  ahead: when counting forward (days in increasing order), else NULL.
static bool
s_working_date (doc_service_t *self, const char *tenant, int64_t date, s_ahead_t *ahead)
{
    int weekday = vp_time_weekday (date);
    if (weekday == 0 || weekday == 6)
        return false;
    int64_t year;
    int month, mday;
    vp_time_civil (date, &year, &month, &mday);
    char day[24];
    snprintf (day, sizeof day, "%04lld-%02d-%02d", (long long) year, month, mday);
    return ahead ? !s_holiday_ahead (self, tenant, day, ahead) : !s_holiday (self, tenant, day);
}

//  The date of ms in zone, as days since 1970-01-01.
static int64_t
s_date (int64_t ms, const char *zone)
{
    vp_tm_t tm;
    vp_time_local (ms, zone, &tm);
    return vp_time_days (tm.year, tm.month, tm.day);
}

static bool
s_working_day (doc_service_t *self, const char *tenant, int64_t ms, const char *zone, s_ahead_t *ahead)
{
    return s_working_date (self, tenant, s_date (ms, zone), ahead);
}

//  Counted on the calendar: the zone is asked for the first date and the
//  last instant only (each day through it was 2 conversions, 3 % of a
//  registration).
int64_t
doc_working_days_add (doc_service_t *self, const char *tenant, int64_t from, int days)
{
    char zone[64];
    doc_zone (self, tenant, zone);
    int64_t date = s_date (from, zone);
    s_ahead_t ahead = { 0 };
    if (days <= 0)
        for (int i = 0; i < S_MAX_DAYS && !s_working_date (self, tenant, date, &ahead); i++)
            date++;
    else
        for (int i = 0; i < S_MAX_DAYS && days > 0; i++)
            if (s_working_date (self, tenant, ++date, &ahead))
                days--;
    int64_t year;
    vp_tm_t end = { .hour = 23, .minute = 59, .second = 59 };
    vp_time_civil (date, &year, &end.month, &end.day);
    end.year = (int) year;
    return vp_time_from_local (&end, zone) + 999;
}

int
doc_deadline_of (doc_service_t *self, const char *tenant, const vp_val_t *args, int64_t arrived_at,
                 int64_t *deadline, vp_err_t *err)
{
    const vp_val_t *days = vp_map_get (args, VP_K_DEADLINE_DAYS);
    *deadline = vp_map_int (args, VP_K_DEADLINE, 0);
    if (days && vp_map_get (args, VP_K_DEADLINE))
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_DEADLINE_DAYS,
                           "give deadline or deadline_days (%lld ngày làm việc), not both",
                           (long long) vp_val_get_int (days));
    if (days)
        *deadline = doc_working_days_add (self, tenant, arrived_at, (int) vp_val_get_int (days));
    return 0;
}

//  The same time of day on the working day before the day of ms.
static int64_t
s_working_day_before (doc_service_t *self, const char *tenant, int64_t ms)
{
    char zone[64];
    doc_zone (self, tenant, zone);
    int64_t offset = ms - s_noon (ms, zone);
    int64_t noon = s_noon (ms, zone);
    for (int i = 0; i < S_MAX_DAYS; i++) {
        noon = s_noon (noon - S_DAY_MS, zone);
        if (s_working_day (self, tenant, noon, zone, NULL))
            break;
    }
    return noon + offset;
}

int64_t
doc_deadline_default (doc_service_t *self, const char *tenant, const char *type,
                      const char *urgency, int64_t arrived_at)
{
    const char *level = urgency && *urgency ? urgency : "thuong";
    for (const s_rule_t *rule = s_rules; ; rule++)
        if ((!rule->type || (type && strcmp (rule->type, type) == 0))
        &&  (!rule->urgency || strcmp (rule->urgency, level) == 0))
            return rule->days < 0 ? 0 : doc_working_days_add (self, tenant, arrived_at, rule->days);
}

//  --------------------------------------------------------------------------
//  The scan

//  Tell the documents of tenant ("" for every tenant) that reach their
//  deadline, as at `at`; counts what it told in result.
static int
s_scan (doc_service_t *self, vp_cmdctx_t *ctx, const char *tenant, int64_t at,
        vp_val_t *result, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT tenant, document, post, officer, deadline, number, summary, urgency,"
        " due_soon_sent, overdue_sent FROM doc_document"
        " WHERE status IN ('assigned', 'in_progress') AND deadline IS NOT NULL"
        " AND deadline <= ?2 AND officer IS NOT NULL AND (?1 = '' OR tenant = ?1)"
        " AND (overdue_sent IS NULL OR overdue_sent != deadline)"
        " ORDER BY deadline, tenant, document", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 2, at + S_WARNING_SPAN_MS);
    vp_val_t *rows = vp_db_rows (stmt);
    int64_t due_soon = 0, overdue = 0;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < vp_val_len (rows); i++) {
        vp_val_t *row = vp_array_at (rows, i);
        const char *of = vp_map_str (row, VP_K_TENANT);
        const char *document = vp_map_str (row, VP_K_DOCUMENT);
        const char *urgency = vp_map_str (row, VP_K_URGENCY);
        int64_t deadline = vp_map_int (row, VP_K_DEADLINE, 0);
        bool soon_sent = vp_map_int (row, "due_soon_sent", -1) == deadline;
        int64_t warning = vp_urgent (urgency) ? deadline - S_URGENT_WARNING_MS
                                               : s_working_day_before (self, of, deadline);
        const char *event = at >= deadline ? "overdue" : at >= warning && !soon_sent ? "due_soon" : NULL;
        if (!event)
            continue;
        //  Once overdue, "due soon" has nothing left to say.
        sqlite3_stmt *update = vp_db_cached (self->db, at >= deadline
            ? "UPDATE doc_document SET overdue_sent = ?3, due_soon_sent = ?3 WHERE tenant = ?1 AND document = ?2"
            : "UPDATE doc_document SET due_soon_sent = ?3 WHERE tenant = ?1 AND document = ?2", err);
        if (!update) {
            rc = -1;
            break;
        }
        sqlite3_bind_text (update, 1, of, -1, SQLITE_STATIC);
        sqlite3_bind_text (update, 2, document, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (update, 3, deadline);
        rc = sqlite3_step (update) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "scan");
        sqlite3_reset (update);
        if (rc)
            break;
        char zone[64], shown[32], detail[128];
        doc_zone (self, of, zone);
        vp_time_format (deadline, zone, "%H:%M %d/%m/%Y", shown, sizeof shown);
        snprintf (detail, sizeof detail, "%s %s", *event == 'o' ? "quá hạn xử lý" : "sắp đến hạn xử lý", shown);
        vp_val_t *data = vp_val_map ();
        vp_map_put_str (data, VP_K_DOCUMENT, document);
        vp_map_put_str (data, VP_K_OFFICER, vp_map_str (row, VP_K_OFFICER));
        if (vp_map_str (row, VP_K_POST))
            vp_map_put_str (data, VP_K_POST, vp_map_str (row, VP_K_POST));
        vp_map_put_int (data, VP_K_DEADLINE, deadline);
        vp_map_put_str (data, VP_K_NUMBER, vp_map_str (row, VP_K_NUMBER));
        vp_map_put_str (data, VP_K_SUMMARY, vp_map_str (row, VP_K_SUMMARY));
        vp_map_put_str (data, VP_K_URGENCY, urgency);
        if (doc_history_add (self, of, document, "documents", event, detail, err)) {
            vp_val_destroy (&data);
            rc = -1;
            break;
        }
        rc = doc_emit (self, ctx, of, event, data, err);
        if (*event == 'o')
            overdue++;
        else
            due_soon++;
    }
    vp_val_destroy (&rows);
    vp_map_put_int (result, VP_K_AT, at);
    vp_map_put_int (result, "due_soon", due_soon);
    vp_map_put_int (result, VP_K_OVERDUE, overdue);
    return rc;
}

//  {at?}: the tenant's documents, or every tenant's without one.
static int
s_scan_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    int64_t at = vp_map_get (args, VP_K_AT) ? vp_map_int (args, VP_K_AT, 0) : vp_clock_now ();
    return s_scan (self, ctx, ctx->tenant, at, result, err);
}

//  Every minute, as the service itself (actor "documents").
static int
s_on_scan (zloop_t *loop, int timer_id, void *arg)
{
    doc_service_t *self = (doc_service_t *) arg;
    vp_cmdctx_t ctx = { .cmd = "documents.scan", .id = "", .tenant = "", .actor = "documents", .arg = self };
    vp_val_t *args = vp_val_map ();
    vp_val_t *result = vp_val_map ();
    vp_err_t err = { 0 };
    if (vp_service_change (self->service, &ctx, args, result, &err, s_scan_tx))
        vp_warn ("deadline scan failed: %s", err.message);
    vp_val_destroy (&args);
    vp_val_destroy (&result);
    return 0;
}

//  --------------------------------------------------------------------------
//  Holidays

//  {date, name}: a day off of the tenant, on top of the built-in ones.
static int
s_holiday_add_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    char zone[64], day[16];
    doc_zone (self, ctx->tenant, zone);
    vp_time_format (vp_map_int (args, VP_K_DATE, 0), zone, "%Y-%m-%d", day, sizeof day);
    if (s_holiday (self, ctx->tenant, day))
        return vp_err_set (err, VP_E_ALREADY_EXISTS, VP_K_DATE,
                           "%s is already a holiday of tenant \"%s\"", day, ctx->tenant);
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT INTO doc_holiday (tenant, day, name) VALUES (?1, ?2, ?3)", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, day, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, vp_map_str (args, VP_K_NAME), -1, SQLITE_STATIC);
    int rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "holiday");
    sqlite3_reset (stmt);
    vp_map_put_str (result, VP_K_DATE, day);
    vp_map_put_str (result, VP_K_NAME, vp_map_str (args, VP_K_NAME));
    return rc ? rc : doc_emit_config (self, ctx, "holiday", result, err);
}

//  {year} -> {year, holidays: [{date, name, builtin}]}
static int
s_holiday_list (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    int64_t year = vp_map_int (args, VP_K_YEAR, 0);
    char from[16], to[16];
    snprintf (from, sizeof from, "%04lld-01-01", (long long) year);
    snprintf (to, sizeof to, "%04lld-12-31", (long long) year);
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT day, name, tenant = '' FROM doc_holiday WHERE tenant IN ('', ?1)"
        " AND day BETWEEN ?2 AND ?3 ORDER BY day, tenant", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, from, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, to, -1, SQLITE_STATIC);
    vp_val_t *days = vp_val_array ();
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        vp_val_t *day = vp_val_map ();
        vp_map_put_str (day, VP_K_DATE, (const char *) sqlite3_column_text (stmt, 0));
        vp_map_put_str (day, VP_K_NAME, (const char *) sqlite3_column_text (stmt, 1));
        vp_map_put_bool (day, "builtin", sqlite3_column_int (stmt, 2) != 0);
        vp_array_push (days, day);
    }
    sqlite3_reset (stmt);
    vp_map_put_int (result, VP_K_YEAR, year);
    vp_map_put (result, "holidays", days);
    return 0;
}

//  The built-in days are the code's: rewritten at each start, so a
//  corrected table replaces the old one.
static int
s_holidays_load (doc_service_t *self, vp_err_t *err)
{
    if (vp_db_begin (self->db, err))
        return -1;
    int rc = vp_db_exec (self->db, "DELETE FROM doc_holiday WHERE tenant = ''", err);
    sqlite3_stmt *stmt = rc ? NULL : vp_db_cached (self->db,
        "INSERT INTO doc_holiday (tenant, day, name) VALUES ('', ?1, ?2)", err);
    for (const s_holiday_t *h = s_holidays; stmt && rc == 0 && h->day; h++) {
        sqlite3_bind_text (stmt, 1, h->day, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, h->name, -1, SQLITE_STATIC);
        rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "holiday");
        sqlite3_reset (stmt);
    }
    if (rc || !stmt) {
        vp_db_rollback (self->db);
        return -1;
    }
    return vp_db_commit (self->db, err);
}

static const vp_cmd_t s_commands[] = {
    { VP_C_DOCUMENTS_SCAN, s_scan_tx, false, VP_ACCESS_OPS, .changes = true },
    { VP_C_DOCUMENTS_HOLIDAY_ADD, s_holiday_add_tx, true, VP_ACCESS_SETUP, .changes = true },
    { VP_C_DOCUMENTS_HOLIDAY_LIST, s_holiday_list, true },
    { NULL }
};

void
doc_deadline_register (doc_service_t *self)
{
    vp_err_t err = { 0 };
    if (s_holidays_load (self, &err))
        vp_error ("cannot load the built-in holidays: %s", err.message);
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
    if (zloop_timer (vp_service_loop (self->service), S_SCAN_EVERY_MS, 0, s_on_scan, self) < 0)
        vp_error ("cannot start the deadline scan timer");
}
