/*  ntf_recall - what the notify stream says was done, recorded again.

    vp-notify's acts reach people: a mail cannot be taken back. Started on
    a database rebuilt from nothing or restored from an older backup, it
    first reads its own stream back from the bus (vp_recall) and records
    what the stream says: each notification made (notify.created: the
    inbox row, its deliveries), sent (notify.sent), given up
    (notify.failed: the office head was told already), cancelled (a
    recalled document's mail to an agency), acknowledged,
    escalated, and each officer's preferences. Then the events it follows
    come again from its cursors, and each finds its notification there
    (one per cause and recipient): nobody is told twice, no mail goes
    twice. A delivery the stream shows made but never finished (the
    process stopped between) is sent once, with the same Message-ID.
*/
#include <string.h>
#include "ntf_service.h"
#include "vp/vp_fields.h"

//  A statement of the recall, run with text parameters from data (NULL
//  binds NULL) and, for ?9, an integer.
static int
s_run (ntf_service_t *self, const char *sql, const char *const params[], int count, int64_t number,
       vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db, sql, err);
    if (!stmt)
        return -1;
    for (int i = 0; i < count; i++)
        if (params[i])
            sqlite3_bind_text (stmt, i + 1, params[i], -1, SQLITE_STATIC);
    if (sqlite3_bind_parameter_index (stmt, "?9"))
        sqlite3_bind_int64 (stmt, 9, number);
    int rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "recall");
    sqlite3_reset (stmt);
    return rc;
}

static int
s_created (ntf_service_t *self, const char *tenant, const vp_val_t *env, const vp_val_t *data, vp_err_t *err)
{
    const char *id = vp_map_str (data, VP_K_ID);
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT OR IGNORE INTO ntf_notification (tenant, id, cause, cause_type, officer, on_behalf_of, urgency,"
        " subject, text, document, entry, corr, created_at, held_until, escalate_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)", err);
    if (!stmt)
        return -1;
    static const char *const texts[] = { NULL, "id", "cause", "cause_type", "officer", "on_behalf_of", "urgency",
                                          "subject", "text", "document", "entry" };
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    for (int i = 1; i < 11; i++)
        if (vp_map_str (data, texts[i]))
            sqlite3_bind_text (stmt, i + 1, vp_map_str (data, texts[i]), -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 12, vp_map_str (env, VP_K_CORR), -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 13, vp_map_int (env, VP_K_TS, 0));
    if (vp_map_get (data, VP_K_HELD_UNTIL))
        sqlite3_bind_int64 (stmt, 14, vp_map_int (data, VP_K_HELD_UNTIL, 0));
    if (vp_map_get (data, VP_K_ESCALATE_AT))
        sqlite3_bind_int64 (stmt, 15, vp_map_int (data, VP_K_ESCALATE_AT, 0));
    int rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "recall notification");
    sqlite3_reset (stmt);
    if (rc || vp_service_id_seen (self->service, tenant, id, err))
        return -1;
    //  Its deliveries, done or not: the stream tells which further on.
    const vp_val_t *channels = vp_map_get (data, VP_K_CHANNELS);
    for (size_t i = 0; i < vp_val_len (channels); i++) {
        //  An agency's address is in the event (an officer's is known
        //  from staffing when the delivery is made).
        const char *params[] = { tenant, id, vp_val_get_str (vp_array_at (channels, i)),
                                 vp_map_str (data, VP_K_TO) ? vp_map_str (data, VP_K_TO) : "", vp_map_str (data, VP_K_TO_NAME) };
        if (s_run (self, "INSERT OR IGNORE INTO ntf_delivery (tenant, id, channel, address, status, next_at, name)"
                         " VALUES (?1, ?2, ?3, ?4, 'recalled', ?9, ?5)", params, 5,
                   vp_map_int (data, VP_K_HELD_UNTIL, vp_map_int (env, VP_K_TS, 0)), err))
            return -1;
    }
    return 0;
}

static int
s_recall (sqlite3 *db, const vp_val_t *env, void *arg)
{
    ntf_service_t *self = (ntf_service_t *) arg;
    const char *type = vp_map_str (env, VP_K_TYPE), *tenant = vp_map_str (env, VP_K_TENANT);
    const vp_val_t *data = vp_map_get (env, VP_K_DATA);
    const char *params[] = { tenant, vp_map_str (data, VP_K_ID), vp_map_str (data, VP_K_CHANNEL), vp_map_str (data, VP_K_TO) };
    vp_err_t err = { 0 };
    int rc = 0;
    if (strcmp (type, "notify.created") == 0)
        rc = s_created (self, tenant, env, data, &err);
    else
    if (strcmp (type, "notify.sent") == 0)
        rc = s_run (self, "UPDATE ntf_delivery SET status = 'sent', address = ?4, sent_at = ?9"
                          " WHERE tenant = ?1 AND id = ?2 AND channel = ?3", params, 4, vp_map_int (env, VP_K_TS, 0),
                    &err);
    else
    if (strcmp (type, "notify.failed") == 0)
        rc = s_run (self, "UPDATE ntf_delivery SET status = 'failed', head_told = 1, attempts = ?9"
                          " WHERE tenant = ?1 AND id = ?2 AND channel = ?3 AND status <> 'sent'", params, 3,
                    vp_map_int (data, VP_K_ATTEMPTS, 0), &err);
    else
    if (strcmp (type, "notify.cancelled") == 0)
        rc = s_run (self, "UPDATE ntf_delivery SET status = 'cancelled' WHERE tenant = ?1 AND id = ?2 AND channel = ?3"
                          " AND status <> 'sent'", params, 3, 0, &err);
    else
    if (strcmp (type, "notify.acked") == 0)
        rc = s_run (self, "UPDATE ntf_notification SET acked_at = ?9 WHERE tenant = ?1 AND id = ?2"
                          " AND acked_at IS NULL", params, 2, vp_map_int (env, VP_K_TS, 0), &err);
    else
    if (strcmp (type, "notify.escalated") == 0)
        rc = s_run (self, "UPDATE ntf_notification SET escalated_at = ?9 WHERE tenant = ?1 AND id = ?2"
                          " AND escalated_at IS NULL", params, 2, vp_map_int (env, VP_K_TS, 0), &err);
    else
    if (strcmp (type, "notify.prefs_changed") == 0) {
        const vp_val_t *channels = vp_map_get (data, VP_K_CHANNELS);
        char list[64] = "";
        for (size_t i = 0; i < vp_val_len (channels); i++) {
            size_t used = strlen (list);
            snprintf (list + used, sizeof list - used, "%s%s", used ? "," : "",
                      vp_val_get_str (vp_array_at (channels, i)));
        }
        const char *prefs[] = { vp_map_str (data, VP_K_OFFICER), tenant, list, vp_map_str (data, VP_K_WEBHOOK),
                                vp_map_str (data, VP_K_QUIET_HOURS) };
        rc = s_run (self, "INSERT OR REPLACE INTO ntf_prefs (officer, tenant, channels, webhook, quiet_hours,"
                          " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?9)", prefs, 5, vp_map_int (env, VP_K_TS, 0), &err);
    }
    if (rc)
        vp_warn ("recall of %s seq %lld: %s", type, (long long) vp_map_int (env, VP_K_SEQ, 0), err.message);
    return rc;
}

vp_apply_fn *const ntf_recall = s_recall;
