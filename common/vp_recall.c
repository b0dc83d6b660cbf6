/*  vp_recall - a service reads back its own stream before it acts. */
#include <string.h>
#include <unistd.h>
#include "vp/vp_cmd.h"
#include "vp/vp_db.h"
#include "vp/vp_log.h"
#include "vp/vp_recall.h"

#define S_PAGE 1000
#define S_TIMEOUT_MS 5000
#define S_WAIT_MS 500

static int64_t
s_cursor (sqlite3 *db, const char *stream)
{
    sqlite3_stmt *stmt = vp_db_cached (db, "SELECT seq FROM vp_cursor WHERE stream = ?1", NULL);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, stream, -1, SQLITE_STATIC);
    int64_t seq = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
    sqlite3_reset (stmt);
    return seq;
}

//  One page of events in one transaction with the cursor; -1 when it did
//  not commit (nothing of it stays).
static int
s_page (sqlite3 *db, const char *stream, const vp_val_t *events, int64_t *cursor, vp_apply_fn *recall,
        void *arg, vp_err_t *err)
{
    if (vp_db_begin (db, err))
        return -1;
    int64_t at = *cursor;
    for (size_t i = 0; i < vp_val_len (events); i++) {
        const vp_val_t *env = vp_array_at (events, i);
        int64_t seq = vp_map_int (env, "seq", 0);
        if (seq <= at)
            continue;
        if (recall (db, env, arg)) {
            vp_db_rollback (db);
            return vp_err_set (err, VP_E_INTERNAL, "seq", "%s seq %lld not recalled", stream, (long long) seq);
        }
        at = seq;
    }
    sqlite3_stmt *stmt = vp_db_cached (db, "INSERT INTO vp_cursor (stream, seq) VALUES (?1, ?2)"
                                           " ON CONFLICT (stream) DO UPDATE SET seq = excluded.seq", err);
    int rc = stmt ? 0 : -1;
    if (stmt) {
        sqlite3_bind_text (stmt, 1, stream, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 2, at);
        if (sqlite3_step (stmt) != SQLITE_DONE)
            rc = vp_db_error (db, err, "cursor");
        sqlite3_reset (stmt);
    }
    if (rc || vp_db_commit (db, err)) {
        vp_db_rollback (db);
        return -1;
    }
    *cursor = at;
    return 0;
}

int64_t
vp_recall_own (sqlite3 *db, const char *stream, const char *replay_endpoint, vp_keys_t *keys,
               vp_apply_fn *recall, void *arg)
{
    int64_t cursor = s_cursor (db, stream), first = cursor, head = -1;
    vp_err_t err = { 0 };
    vp_cmdcli_t *bus = NULL;
    bool waiting = false;
    while (cursor >= 0 && !zsys_interrupted && (head < 0 || cursor < head)) {
        if (!bus)
            bus = vp_cmdcli_new (replay_endpoint, keys, "bus", &err);
        vp_val_t *request = vp_val_map (), *reply = NULL;
        vp_map_put_str (request, "stream", stream);
        vp_map_put_int (request, "from", cursor + 1);
        vp_map_put_int (request, "limit", S_PAGE);
        if (!bus || vp_cmdcli_request (bus, request, S_TIMEOUT_MS, &reply, &err)
        ||  !vp_map_bool (reply, "ok", false)) {
            if (!bus)
                vp_val_destroy (&request);
            if (!waiting)
                vp_warn ("recall: cannot read the %s stream back from the bus yet (%s); nothing is done "
                         "before it is read", stream, reply ? vp_map_str (vp_map_get (reply, "error"), "message")
                                                         : err.message);
            waiting = true;
            vp_val_destroy (&reply);
            usleep (S_WAIT_MS * 1000);
            continue;
        }
        head = vp_map_int (reply, "head", 0);
        const vp_val_t *events = vp_map_get (reply, "events");
        size_t count = vp_val_len (events);
        int64_t before = cursor;
        if (s_page (db, stream, events, &cursor, recall, arg, &err)) {
            vp_warn ("recall: %s", err.message);
            usleep (S_WAIT_MS * 1000);
        }
        vp_val_destroy (&reply);
        if (cursor == before && count == 0)
            break;      //  the bus has nothing past the cursor (a log restored older)
    }
    vp_cmdcli_destroy (&bus);
    if (cursor < 0 || zsys_interrupted)
        return -1;
    if (cursor > first)
        vp_info ("recall: %lld events of the %s stream read back (seq %lld to %lld): what they say was done "
                 "is not done again", (long long) (cursor - first), stream, (long long) first + 1,
                 (long long) cursor);
    return cursor - first;
}
