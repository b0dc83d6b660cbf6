/*  dos_opens - how often each dossier was opened (Decree 30 App. VI
    III.6.a): documents.dossier.get and documents.dossier.export.

    A dossier's get is a read: it does not become a write of its own.
    Its open is counted in memory and the counts go to doc_dossier_open
    (migration 9) every S_FLUSH_MS, all in one short transaction, and when
    the service stops; what is shown is the stored count plus what waits
    in memory. A crash loses at most the opens of the last S_FLUSH_MS.
    An export already writes (the file, its log, the documents' history):
    its open is counted in its own transaction.

    A document's opens need nothing of this: every documents.get already
    keeps an "opened" row in the access trail (doc_trail), and its count
    is read from there (doc_trail_opens).
*/
#include "dos_dossier.h"
#include "vp/vp_fields.h"

#define S_FLUSH_MS 5000

struct dos_opens_t {
    doc_service_t *svc;
    zhashx_t *pending;           //  "<tenant>\t<dossier>" -> opens not stored yet (int64_t *)
};

static int
s_store (doc_service_t *svc, const char *tenant, const char *dossier, int64_t opens, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (svc->db,
        "INSERT INTO doc_dossier_open (tenant, dossier, opens, last_at) VALUES (?1, ?2, ?3, ?4)"
        " ON CONFLICT (tenant, dossier) DO UPDATE SET opens = opens + excluded.opens, last_at = excluded.last_at",
        err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, dossier, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 3, opens);
    sqlite3_bind_int64 (stmt, 4, vp_clock_now ());
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    return rc == SQLITE_DONE ? 0 : vp_db_error (svc->db, err, "dossier opens");
}

//  Every count in memory to the table, in one transaction; kept in memory
//  when it fails, for the next time.
static void
s_flush (dos_opens_t *self)
{
    if (zhashx_size (self->pending) == 0)
        return;
    vp_err_t err = { 0 };
    if (vp_db_begin (self->svc->db, &err)) {
        vp_warn ("dossier opens: %s", err.message);
        return;
    }
    int rc = 0;
    for (int64_t *n = (int64_t *) zhashx_first (self->pending); n && rc == 0;
         n = (int64_t *) zhashx_next (self->pending)) {
        char key[2 * VP_STAFF_ID_MAX + 2];
        snprintf (key, sizeof key, "%s", (const char *) zhashx_cursor (self->pending));
        char *tab = strchr (key, '\t');
        *tab = 0;
        rc = s_store (self->svc, key, tab + 1, *n, &err);
    }
    if (rc == 0 && vp_db_commit (self->svc->db, &err) == 0)
        zhashx_purge (self->pending);
    else {
        vp_db_rollback (self->svc->db);
        vp_warn ("dossier opens: %s", err.message);
    }
}

static int
s_on_flush (zloop_t *loop, int timer_id, void *arg)
{
    (void) loop;
    (void) timer_id;
    s_flush ((dos_opens_t *) arg);
    return 0;
}

dos_opens_t *
dos_opens_new (doc_service_t *svc)
{
    dos_opens_t *self = (dos_opens_t *) zmalloc (sizeof (dos_opens_t));
    self->svc = svc;
    self->pending = zhashx_new ();
    zhashx_set_destructor (self->pending, (zhashx_destructor_fn *) zstr_free);
    zloop_timer (vp_service_loop (svc->service), S_FLUSH_MS, 0, s_on_flush, self);
    return self;
}

void
dos_opens_destroy (dos_opens_t **self_p)
{
    dos_opens_t *self = *self_p;
    if (!self)
        return;
    s_flush (self);
    zhashx_destroy (&self->pending);
    free (self);
    *self_p = NULL;
}

static int64_t
s_pending (dos_opens_t *self, const char *tenant, const char *dossier)
{
    char key[2 * VP_STAFF_ID_MAX + 2];
    snprintf (key, sizeof key, "%s\t%s", tenant, dossier);
    int64_t *n = (int64_t *) zhashx_lookup (self->pending, key);
    return n ? *n : 0;
}

void
dos_opens_note (doc_service_t *svc, const char *tenant, const char *dossier)
{
    char key[2 * VP_STAFF_ID_MAX + 2];
    snprintf (key, sizeof key, "%s\t%s", tenant, dossier);
    int64_t *n = (int64_t *) zhashx_lookup (svc->opens->pending, key);
    if (!n) {
        n = (int64_t *) zmalloc (sizeof (int64_t));
        zhashx_insert (svc->opens->pending, key, n);
    }
    (*n)++;
}

int
dos_opens_add (doc_service_t *svc, const char *tenant, const char *dossier, vp_err_t *err)
{
    return s_store (svc, tenant, dossier, 1, err);
}

int64_t
dos_opens_count (doc_service_t *svc, const char *tenant, const char *dossier)
{
    int64_t stored = 0;
    sqlite3_stmt *stmt = vp_db_cached (svc->db,
        "SELECT opens FROM doc_dossier_open WHERE tenant = ?1 AND dossier = ?2", NULL);
    if (stmt) {
        sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, dossier, -1, SQLITE_STATIC);
        if (sqlite3_step (stmt) == SQLITE_ROW)
            stored = sqlite3_column_int64 (stmt, 0);
        sqlite3_reset (stmt);
    }
    return stored + s_pending (svc->opens, tenant, dossier);
}

void
dos_opens_pending_add (doc_service_t *svc, const char *tenant, int64_t year, bool any_year, vp_val_t *rows)
{
    zhashx_t *pending = svc->opens->pending;
    for (int64_t *n = (int64_t *) zhashx_first (pending); n; n = (int64_t *) zhashx_next (pending)) {
        char key[2 * VP_STAFF_ID_MAX + 2];
        snprintf (key, sizeof key, "%s", (const char *) zhashx_cursor (pending));
        char *tab = strchr (key, '\t');
        *tab = 0;
        if (strcmp (key, tenant) != 0)
            continue;
        sqlite3_stmt *stmt = vp_db_cached (svc->db,
            "SELECT coalesce (creator, '') AS creator, year FROM doc_dossier WHERE tenant = ?1 AND dossier = ?2", NULL);
        if (!stmt)
            return;
        sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, tab + 1, -1, SQLITE_STATIC);
        if (sqlite3_step (stmt) == SQLITE_ROW && (any_year || sqlite3_column_int64 (stmt, 1) == year)) {
            const char *creator = (const char *) sqlite3_column_text (stmt, 0);
            for (size_t i = 0; i < vp_val_len (rows); i++) {
                vp_val_t *row = (vp_val_t *) vp_array_at (rows, i);
                if (strcmp (vp_map_str (row, VP_K_OFFICER), creator) == 0)
                    vp_map_put_int (row, VP_K_OPENS, vp_map_int (row, VP_K_OPENS, 0) + *n);
            }
        }
        sqlite3_reset (stmt);
    }
}
