/*  doc_text - the text of a document's files in its search (Decree 30
    App. VI III.6.d: search the content of the documents), in the
    background.

    The queue is doc_file_text (migration 9): a file recorded for a
    document (doc_attachment: registration or upload) is queued pending
    in that same transaction, so no file is recorded without its row and
    none is queued for a record rolled back. A worker thread (a zactor)
    reads one file at a time (doc_extract: the PDF's text layer, OCR of
    scans in Vietnamese), seconds or minutes for a long scan, while the
    service's loop goes on answering commands.

    The database keeps one writer, the loop: the worker never opens it.
    The loop hands the worker a file (after counting the attempt, in a
    short transaction of its own) and takes back its text, which it writes
    in one short transaction: the row done, the document's row of doc_fts
    replaced by one with the files' words (doc_search_reindex), under the
    document's tenant scope and secrecy tag, so the text is found by
    exactly those who find the document. No command waits for a lock held
    by the worker, and no busy timeout is spent between the two.

    Killed while a file is with the worker (or stopped: the worker gives
    the file up at its next page), the service finds the row still pending
    when it starts again and does it then: the text is indexed by
    the one transaction that marks it done, so once. A file that was begun
    S_ATTEMPTS times without an end (it kills the process) is marked
    failed instead of being tried for ever. A document deleted, destroyed
    or recalled (doc_search_unindex) takes its files' rows with it; a text
    that comes back for a row no longer pending is dropped.

    Each file's text is kept to its first DOC_TEXT_MAX bytes (64 KB: some
    25 pages of dense text), and OCR reads at most DOC_EXTRACT_OCR_PAGES
    scanned pages of it.
*/
#include "doc_extract.h"
#include "doc_search.h"
#include "doc_text.h"
#include "vp/vp_fields.h"

//  How often the loop looks for pending files while it knows of some.
#define S_TICK_MS 200
//  Tries begun on one file before it is given up.
#define S_ATTEMPTS 3

struct doc_text_t {
    doc_service_t *svc;
    zactor_t *worker;
    bool busy;                  //  a file is with the worker
    int64_t rowid;              //  which (doc_file_text's rowid)
    bool maybe;                 //  pending rows may be there
};

//  --------------------------------------------------------------------------
//  The worker (its own thread): FILE <rowid> <path> -> TEXT <rowid> <ok>
//  <text or error> <ocr pages> <ms>

//  Told to end ($TERM waits on the pipe)?
static bool
s_told_to_end (void *pipe)
{
    return (zsock_events (pipe) & ZMQ_POLLIN) != 0;
}

static void
s_worker (zsock_t *pipe, void *arg)
{
    (void) arg;
    doc_extract_t *extract = doc_extract_new ();
    zsock_signal (pipe, 0);
    bool stopped = false;
    while (!stopped) {
        zmsg_t *msg = zmsg_recv (pipe);
        if (!msg)
            break;
        char *command = zmsg_popstr (msg);
        bool term = !command || streq (command, "$TERM");
        if (!term && streq (command, "FILE")) {
            char *rowid = zmsg_popstr (msg), *path = zmsg_popstr (msg);
            int64_t began = zclock_mono ();
            char *text = NULL, *error = NULL;
            int ocr_pages = 0;
            int rc = doc_extract_file (extract, path, DOC_TEXT_MAX, s_told_to_end, pipe, &text, &ocr_pages, &stopped,
                                       &error);
            zmsg_t *reply = stopped ? NULL : zmsg_new ();
            if (reply) {
                zmsg_addstr (reply, "TEXT");
                zmsg_addstr (reply, rowid);
                zmsg_addstr (reply, rc ? "0" : "1");
                zmsg_addstr (reply, rc ? (error ? error : "?") : text);
                zmsg_addstrf (reply, "%d", ocr_pages);
                zmsg_addstrf (reply, "%lld", (long long) (zclock_mono () - began));
                zmsg_send (&reply, pipe);
            }
            free (text);
            free (error);
            free (rowid);
            free (path);
        }
        free (command);
        zmsg_destroy (&msg);
        if (term)
            break;
    }
    doc_extract_destroy (&extract);
}

//  --------------------------------------------------------------------------
//  The loop's side

//  One file's text as the worker gave it.
typedef struct {
    int64_t rowid;
    bool ok;
    const char *text;           //  or the error
    int ocr_pages;
    int64_t ms;
} s_result_t;

static int
s_exec_row (doc_service_t *self, const char *sql, const s_result_t *res, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db, sql, err);
    if (!stmt)
        return -1;
    sqlite3_bind_int64 (stmt, 1, res->rowid);
    if (sqlite3_bind_parameter_count (stmt) >= 2) {
        sqlite3_bind_text (stmt, 2, res->text, -1, SQLITE_STATIC);
        sqlite3_bind_int (stmt, 3, res->ocr_pages);
        sqlite3_bind_int64 (stmt, 4, res->ms);
        sqlite3_bind_int64 (stmt, 5, vp_clock_now ());
    }
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    return rc == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "file text");
}

static int
s_mark_done (doc_service_t *self, void *arg, vp_err_t *err)
{
    return s_exec_row (self,
        "UPDATE doc_file_text SET status = 'done', text = ?2, ocr_pages = ?3, ms = ?4, done_at = ?5, error = NULL"
        " WHERE rowid = ?1", (const s_result_t *) arg, err);
}

//  The worker's answer, in one short transaction.
static int
s_apply (doc_service_t *self, const s_result_t *res, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT tenant, document FROM doc_file_text WHERE rowid = ?1 AND status = 'pending'", err);
    if (!stmt)
        return -1;
    sqlite3_bind_int64 (stmt, 1, res->rowid);
    vp_val_t *row = sqlite3_step (stmt) == SQLITE_ROW ? vp_db_row (stmt) : NULL;
    sqlite3_reset (stmt);
    if (!row)
        return 0;               //  its document went meanwhile
    int rc = res->ok
        ? doc_search_reindex (self, vp_map_str (row, VP_K_TENANT), vp_map_str (row, VP_K_DOCUMENT), s_mark_done,
                              (void *) res, err)
        : s_exec_row (self,
              "UPDATE doc_file_text SET status = 'failed', error = ?2, ocr_pages = ?3, ms = ?4, done_at = ?5"
              " WHERE rowid = ?1", res, err);
    if (res->ok)
        vp_log (VP_LOG_INFO, vp_map_str (row, VP_K_TENANT), NULL, "file text of %s: %zu bytes, %d pages by OCR, %lld ms",
                vp_map_str (row, VP_K_DOCUMENT), strlen (res->text), res->ocr_pages, (long long) res->ms);
    else
        vp_warn ("file text of %s in %s failed: %s", vp_map_str (row, VP_K_DOCUMENT), vp_map_str (row, VP_K_TENANT),
                 res->text);
    vp_val_destroy (&row);
    return rc;
}

//  The next pending file to the worker, its attempt counted first (so a
//  file that kills the process is counted even so).
static void
s_dispatch (doc_text_t *self)
{
    doc_service_t *svc = self->svc;
    vp_err_t err = { 0 };
    if (self->busy || !self->maybe)
        return;
    if (vp_db_begin (svc->db, &err)) {
        vp_warn ("file text: %s", err.message);
        return;
    }
    sqlite3_stmt *stmt = vp_db_cached (svc->db,
        "SELECT rowid, sha256, attempts FROM doc_file_text WHERE status = 'pending'"
        " ORDER BY queued_at, rowid LIMIT 1", &err);
    vp_val_t *row = stmt && sqlite3_step (stmt) == SQLITE_ROW ? vp_db_row (stmt) : NULL;
    if (stmt)
        sqlite3_reset (stmt);
    int rc = stmt ? 0 : -1;
    if (row) {
        s_result_t res = { .rowid = vp_map_int (row, "rowid", 0), .text = "", .ok = false };
        bool give_up = vp_map_int (row, VP_K_ATTEMPTS, 0) >= S_ATTEMPTS;
        char error[96];
        snprintf (error, sizeof error, "given up after %d attempts that did not end", S_ATTEMPTS);
        res.text = error;
        rc = give_up ? s_exec_row (svc,
                           "UPDATE doc_file_text SET status = 'failed', error = ?2, ocr_pages = ?3, ms = ?4,"
                           " done_at = ?5 WHERE rowid = ?1", &res, &err)
                     : s_exec_row (svc, "UPDATE doc_file_text SET attempts = attempts + 1 WHERE rowid = ?1", &res,
                                   &err);
        if (rc == 0 && vp_db_commit (svc->db, &err) == 0) {
            if (!give_up) {
                char path[VP_PATH_MAX + 96];
                snprintf (path, sizeof path, "%s/attachments/%s", svc->cfg->data_dir, vp_map_str (row, VP_K_SHA256));
                char id[24];
                snprintf (id, sizeof id, "%lld", (long long) res.rowid);
                zstr_sendx (self->worker, "FILE", id, path, NULL);
                self->busy = true;
                self->rowid = res.rowid;
            }
        }
        else
            vp_warn ("file text: %s", err.message);
        vp_val_destroy (&row);
        return;
    }
    vp_db_rollback (svc->db);
    if (rc == 0)
        self->maybe = false;    //  nothing pending until a file is queued
}

static int
s_on_tick (zloop_t *loop, int timer_id, void *arg)
{
    (void) loop;
    (void) timer_id;
    s_dispatch ((doc_text_t *) arg);
    return 0;
}

static int
s_on_text (zloop_t *loop, zsock_t *reader, void *arg)
{
    (void) loop;
    doc_text_t *self = (doc_text_t *) arg;
    zmsg_t *msg = zmsg_recv (reader);
    if (!msg)
        return 0;
    char *command = zmsg_popstr (msg), *rowid = zmsg_popstr (msg), *ok = zmsg_popstr (msg);
    char *text = zmsg_popstr (msg), *pages = zmsg_popstr (msg), *ms = zmsg_popstr (msg);
    if (command && streq (command, "TEXT") && ms) {
        s_result_t res = { .rowid = strtoll (rowid, NULL, 10), .ok = streq (ok, "1"), .text = text,
                           .ocr_pages = atoi (pages), .ms = strtoll (ms, NULL, 10) };
        vp_err_t err = { 0 };
        doc_service_t *svc = self->svc;
        if (vp_db_begin (svc->db, &err) == 0) {
            if (s_apply (svc, &res, &err) == 0 && vp_db_commit (svc->db, &err) == 0)
                ;
            else {
                vp_db_rollback (svc->db);
                vp_warn ("file text: %s (tried again)", err.message);
            }
        }
        else
            vp_warn ("file text: %s (tried again)", err.message);
        //  Not written: the row is still pending and is given again.
    }
    free (command);
    free (rowid);
    free (ok);
    free (text);
    free (pages);
    free (ms);
    zmsg_destroy (&msg);
    self->busy = false;
    self->maybe = true;
    s_dispatch (self);
    return 0;
}

doc_text_t *
doc_text_new (doc_service_t *svc)
{
    doc_text_t *self = (doc_text_t *) zmalloc (sizeof (doc_text_t));
    self->svc = svc;
    self->worker = zactor_new (s_worker, NULL);
    self->maybe = true;         //  what was pending when the service stopped
    zloop_t *loop = vp_service_loop (svc->service);
    zloop_reader (loop, zactor_sock (self->worker), s_on_text, self);
    zloop_timer (loop, S_TICK_MS, 0, s_on_tick, self);
    return self;
}

void
doc_text_destroy (doc_text_t **self_p)
{
    doc_text_t *self = *self_p;
    if (!self)
        return;
    //  A file with the worker is given up at its next page and done again
    //  after the restart; a clean stop is not an attempt that failed.
    zactor_destroy (&self->worker);
    if (self->busy) {
        s_result_t res = { .rowid = self->rowid };
        vp_err_t err = { 0 };
        if (s_exec_row (self->svc, "UPDATE doc_file_text SET attempts = max (attempts - 1, 0)"
                                   " WHERE rowid = ?1 AND status = 'pending'", &res, &err))
            vp_warn ("file text: %s", err.message);
    }
    free (self);
    *self_p = NULL;
}

int
doc_text_queue (doc_service_t *svc, const char *tenant, const char *document, const char *sha,
                const char *name, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (svc->db,
        "INSERT OR IGNORE INTO doc_file_text (tenant, document, sha256, name, status, queued_at)"
        " VALUES (?1, ?2, ?3, ?4, 'pending', ?5)", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, document, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, sha, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 4, name, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 5, vp_clock_now ());
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE)
        return vp_db_error (svc->db, err, "file text");
    if (svc->text)
        svc->text->maybe = true;
    return 0;
}

void
doc_text_describe (doc_service_t *svc, const char *tenant, const char *document, vp_val_t *result)
{
    sqlite3_stmt *stmt = vp_db_cached (svc->db,
        "SELECT sha256, name, status, attempts, ocr_pages, length (text) AS chars, ms, error FROM doc_file_text"
        " WHERE tenant = ?1 AND document = ?2 ORDER BY rowid", NULL);
    if (!stmt)
        return;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, document, -1, SQLITE_STATIC);
    vp_map_put (result, VP_K_FILE_TEXT, vp_db_rows (stmt));
}
