/*  bus_log - the append-only event log. */
#include "bus_log.h"
#include "vp/vp_fields.h"

static const char *const s_migrations[] = {
    "CREATE TABLE log ("
    "  stream TEXT NOT NULL,"
    "  seq INTEGER NOT NULL,"
    "  id TEXT NOT NULL UNIQUE,"
    "  type TEXT NOT NULL,"
    "  tenant TEXT NOT NULL,"
    "  corr TEXT NOT NULL,"
    "  ts INTEGER NOT NULL,"
    "  logged INTEGER NOT NULL,"
    "  body BLOB NOT NULL,"
    "  PRIMARY KEY (stream, seq)) WITHOUT ROWID;"
    "CREATE TRIGGER log_no_update BEFORE UPDATE ON log"
    "  BEGIN SELECT RAISE (ABORT, 'the log is append-only'); END;"
    "CREATE TRIGGER log_no_delete BEFORE DELETE ON log"
    "  BEGIN SELECT RAISE (ABORT, 'the log is append-only'); END;",
    NULL
};

typedef struct {
    char name[33];
    int64_t head;
} s_head_t;

#define S_MAX_STREAMS 64

struct bus_log {
    sqlite3 *db;
    s_head_t heads[S_MAX_STREAMS];
    int nheads;
    int64_t count;
};

static s_head_t *
s_head (bus_log_t *self, const char *stream, bool create)
{
    for (int i = 0; i < self->nheads; i++)
        if (strcmp (self->heads[i].name, stream) == 0)
            return &self->heads[i];
    if (!create || self->nheads >= S_MAX_STREAMS)
        return NULL;
    s_head_t *h = &self->heads[self->nheads++];
    snprintf (h->name, sizeof h->name, "%s", stream);
    h->head = 0;
    return h;
}

bus_log_t *
bus_log_open (const char *data_dir, vp_err_t *err)
{
    sqlite3 *db = vp_db_open (data_dir, "bus.db", err);
    if (!db)
        return NULL;
    if (vp_db_migrate (db, "bus", s_migrations, err)) {
        vp_db_close (&db);
        return NULL;
    }
    bus_log_t *self = (bus_log_t *) zmalloc (sizeof (bus_log_t));
    self->db = db;
    sqlite3_stmt *stmt = vp_db_prepare (db, "SELECT stream, max(seq), count(*) FROM log GROUP BY stream", err);
    if (!stmt) {
        bus_log_destroy (&self);
        return NULL;
    }
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        s_head_t *h = s_head (self, (const char *) sqlite3_column_text (stmt, 0), true);
        if (h)
            h->head = sqlite3_column_int64 (stmt, 1);
        self->count += sqlite3_column_int64 (stmt, 2);
    }
    sqlite3_finalize (stmt);
    return self;
}

void
bus_log_destroy (bus_log_t **self_p)
{
    bus_log_t *self = *self_p;
    if (!self)
        return;
    vp_db_close (&self->db);
    free (self);
    *self_p = NULL;
}

static int
s_existing (bus_log_t *self, bus_entry_t *entry, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db, "SELECT seq, stream FROM log WHERE id = ?1", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, vp_map_str (entry->env, VP_K_ID), -1, SQLITE_STATIC);
    int rc = -1;
    if (sqlite3_step (stmt) == SQLITE_ROW) {
        entry->seq = sqlite3_column_int64 (stmt, 0);
        entry->dup = true;
        rc = 0;
    }
    else
        vp_db_error (self->db, err, "log lookup");
    sqlite3_reset (stmt);
    return rc;
}

int
bus_log_append (bus_log_t *self, bus_entry_t *entries, int count, vp_err_t *err)
{
    int64_t saved[S_MAX_STREAMS];
    int saved_n = self->nheads;
    for (int i = 0; i < self->nheads; i++)
        saved[i] = self->heads[i].head;
    if (vp_db_begin (self->db, err))
        return -1;
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT INTO log (stream, seq, id, type, tenant, corr, ts, logged, body)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", err);
    if (!stmt)
        goto fail;
    int64_t now = vp_clock_now ();
    int64_t added = 0;
    for (int i = 0; i < count; i++) {
        bus_entry_t *e = &entries[i];
        const char *stream = vp_map_str (e->env, VP_K_STREAM);
        s_head_t *h = s_head (self, stream, true);
        if (!h) {
            vp_err_set (err, VP_E_INTERNAL, VP_K_STREAM, "too many streams");
            goto fail;
        }
        e->seq = h->head + 1;
        e->dup = false;
        vp_map_put_int (e->env, VP_K_SEQ, e->seq);
        e->body = vp_encode (e->env, &e->size);
        sqlite3_bind_text (stmt, 1, stream, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 2, e->seq);
        sqlite3_bind_text (stmt, 3, vp_map_str (e->env, VP_K_ID), -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 4, vp_map_str (e->env, VP_K_TYPE), -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 5, vp_map_str (e->env, VP_K_TENANT), -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 6, vp_map_str (e->env, VP_K_CORR), -1, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 7, vp_map_int (e->env, VP_K_TS, 0));
        sqlite3_bind_int64 (stmt, 8, now);
        sqlite3_bind_blob (stmt, 9, e->body, (int) e->size, SQLITE_STATIC);
        int rc = sqlite3_step (stmt);
        int ext = sqlite3_extended_errcode (self->db);
        sqlite3_reset (stmt);
        if (rc == SQLITE_DONE) {
            h->head = e->seq;
            added++;
            continue;
        }
        free (e->body);
        e->body = NULL;
        vp_val_t *seq = vp_map_take (e->env, VP_K_SEQ);
        vp_val_destroy (&seq);
        if (ext == SQLITE_CONSTRAINT_UNIQUE) {
            //  Already logged (a retransmit): answer with its seq.
            if (s_existing (self, e, err))
                goto fail;
            continue;
        }
        vp_db_error (self->db, err, "log append");
        goto fail;
    }
    if (vp_db_commit (self->db, err))
        goto restore;
    self->count += added;
    return 0;

fail:
    vp_db_rollback (self->db);
restore:
    self->nheads = saved_n;
    for (int i = 0; i < saved_n; i++)
        self->heads[i].head = saved[i];
    for (int i = 0; i < count; i++) {
        free (entries[i].body);
        entries[i].body = NULL;
        entries[i].seq = 0;
    }
    return -1;
}

int64_t
bus_log_head (bus_log_t *self, const char *stream)
{
    s_head_t *h = s_head (self, stream, false);
    return h ? h->head : 0;
}

vp_val_t *
bus_log_heads (bus_log_t *self)
{
    vp_val_t *heads = vp_val_map ();
    for (int i = 0; i < self->nheads; i++)
        if (self->heads[i].head > 0)
            vp_map_put_int (heads, self->heads[i].name, self->heads[i].head);
    return heads;
}

int64_t bus_log_count (bus_log_t *self) { return self->count; }

vp_val_t *
bus_log_read (bus_log_t *self, const char *stream, int64_t from, int limit,
              size_t max_bytes, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT body FROM log WHERE stream = ?1 AND seq >= ?2 ORDER BY seq LIMIT ?3", err);
    if (!stmt)
        return NULL;
    sqlite3_bind_text (stmt, 1, stream, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 2, from);
    sqlite3_bind_int (stmt, 3, limit);
    vp_val_t *events = vp_val_array ();
    size_t total = 0;
    int rc;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW) {
        size_t size = (size_t) sqlite3_column_bytes (stmt, 0);
        if (total + size > max_bytes && vp_val_len (events) > 0)
            break;
        total += size;
        vp_array_push (events, vp_val_raw (sqlite3_column_blob (stmt, 0), size));
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        vp_db_error (self->db, err, "log read");
        vp_val_destroy (&events);
    }
    sqlite3_reset (stmt);
    return events;
}

bool bus_log_ok (bus_log_t *self) { return vp_db_ok (self->db); }

sqlite3 *bus_log_db (bus_log_t *self) { return self->db; }
