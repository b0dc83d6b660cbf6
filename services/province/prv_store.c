/*  prv_store - the province report: documents by district and month. */
#include <string.h>
#include "prv.h"
#include "vp/vp_fields.h"

int
prv_store_schema (sqlite3 *db, vp_err_t *err)
{
    return vp_db_exec (db,
        "CREATE TABLE IF NOT EXISTS prv_cursor ("
        "  district TEXT PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID;"
        "CREATE TABLE IF NOT EXISTS prv_month ("
        "  district TEXT NOT NULL, month TEXT NOT NULL,"
        "  registered INTEGER NOT NULL DEFAULT 0, overdue INTEGER NOT NULL DEFAULT 0,"
        "  PRIMARY KEY (district, month)) WITHOUT ROWID;", err);
}

int64_t
prv_store_cursor (sqlite3 *db, const char *district)
{
    sqlite3_stmt *stmt = vp_db_cached (db, "SELECT seq FROM prv_cursor WHERE district = ?1", NULL);
    if (!stmt)
        return 0;
    sqlite3_bind_text (stmt, 1, district, -1, SQLITE_STATIC);
    int64_t seq = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
    sqlite3_reset (stmt);
    return seq;
}

static int
s_step (sqlite3 *db, sqlite3_stmt *stmt, vp_err_t *err, const char *what)
{
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    return rc == SQLITE_DONE ? 0 : vp_db_error (db, err, what);
}

int
prv_store_set_cursor (sqlite3 *db, const char *district, int64_t seq, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (db, "INSERT INTO prv_cursor (district, seq) VALUES (?1, ?2)"
                                           " ON CONFLICT (district) DO UPDATE SET seq = excluded.seq", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, district, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 2, seq);
    return s_step (db, stmt, err, "prv_cursor");
}

int
prv_apply (sqlite3 *db, const char *district, const char *zone, const vp_val_t *env, vp_err_t *err)
{
    const char *type = vp_map_str (env, VP_K_TYPE);
    const char *column = !type ? NULL
                       : strcmp (type, "documents.registered") == 0 ? "registered"
                       : strcmp (type, "documents.overdue") == 0 ? "overdue" : NULL;
    if (!column)
        return 0;                   //  not counted here
    char month[16];
    vp_time_format (vp_map_int (env, VP_K_TS, 0), zone, "%Y-%m", month, sizeof month);
    sqlite3_stmt *stmt = vp_db_cached (db, strcmp (column, "registered") == 0
        ? "INSERT INTO prv_month (district, month, registered) VALUES (?1, ?2, 1)"
          " ON CONFLICT (district, month) DO UPDATE SET registered = registered + 1"
        : "INSERT INTO prv_month (district, month, overdue) VALUES (?1, ?2, 1)"
          " ON CONFLICT (district, month) DO UPDATE SET overdue = overdue + 1", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, district, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, month, -1, SQLITE_TRANSIENT);
    return s_step (db, stmt, err, "prv_month");
}

int
prv_report (sqlite3 *db, bool json, FILE *out, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (db, "SELECT district, month, registered, overdue FROM prv_month"
                                           " ORDER BY district, month", err);
    if (!stmt)
        return -1;
    if (!json)
        fprintf (out, "huyện                tháng     văn bản đến    quá hạn\n");
    int64_t registered = 0, overdue = 0;
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        const char *district = (const char *) sqlite3_column_text (stmt, 0);
        const char *month = (const char *) sqlite3_column_text (stmt, 1);
        int64_t r = sqlite3_column_int64 (stmt, 2), o = sqlite3_column_int64 (stmt, 3);
        if (json)
            fprintf (out, "{\"district\":\"%s\",\"month\":\"%s\",\"registered\":%lld,\"overdue\":%lld}\n",
                     district, month, (long long) r, (long long) o);
        else
            fprintf (out, "%-20s %-8s %12lld %10lld\n", district, month, (long long) r, (long long) o);
        registered += r;
        overdue += o;
    }
    sqlite3_reset (stmt);
    if (!json)
        fprintf (out, "%-20s %-8s %12lld %10lld\n", "cộng", "", (long long) registered, (long long) overdue);
    return 0;
}
