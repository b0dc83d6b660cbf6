/*  doc_search - documents.search.

    Two ways to a page, chosen by the filters:

      full text   when there are words, or a filter the index answers by
                  itself (type, book, arrival range): one MATCH on the
                  tenant's tokens, counted and paged in doc_fts; status,
                  assignee and overdue, when given too, are checked on
                  the rows the MATCH yields.
      table       only status, assignee or overdue: doc_document through
                  its indexes (tenant, status, secrecy) and (tenant,
                  officer, status), in rowid order.

    Both leave out what the actor is not cleared for, and order newest
    first (rowid descending: see doc_search.h) unless sort says otherwise:
    by the document's date, its deadline (none last) or its number (the
    leading number of "07-ĐA/HU", then the text), ascending or descending,
    with the rowid breaking ties so that pages never overlap. Those sorts
    read the table's row of each match.
*/
#include <stdarg.h>
#include <string.h>
#include "doc_access.h"
#include "doc_saved.h"
#include "doc_search.h"
#include "vp/vp_vocab.h"
#include "vp/vp_fields.h"

//  Words of a query past this many are ignored (q is at most 400 bytes).
#define S_MAX_WORDS 16

//  --------------------------------------------------------------------------
//  A growing string

typedef struct {
    char *data;
    size_t len, cap;
} s_buf_t;

static void s_add (s_buf_t *buf, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));

static void
s_add (s_buf_t *buf, const char *fmt, ...)
{
    va_list ap;
    va_start (ap, fmt);
    int need = vsnprintf (NULL, 0, fmt, ap);
    va_end (ap);
    if (need < 0)
        return;
    if (buf->len + (size_t) need + 1 > buf->cap) {
        size_t cap = buf->cap ? buf->cap : 256;
        while (cap < buf->len + (size_t) need + 1)
            cap *= 2;
        buf->data = (char *) realloc (buf->data, cap);
        buf->cap = cap;
    }
    va_start (ap, fmt);
    vsnprintf (buf->data + buf->len, buf->cap - buf->len, fmt, ap);
    va_end (ap);
    buf->len += (size_t) need;
}

//  "x" and the hex of an id: a token of [0-9a-z] whatever the id holds.
static void
s_hex (const char *id, char *out, size_t size)
{
    static const char digits[] = "0123456789abcdef";
    size_t at = 0;
    for (const unsigned char *p = (const unsigned char *) id; *p && at + 3 < size; p++) {
        out[at++] = digits[*p >> 4];
        out[at++] = digits[*p & 15];
    }
    out[at] = 0;
}

//  The tenant's scope: "x<hex tenant>".
static void
s_scope (const char *tenant, char out[160])
{
    char hex[150];
    s_hex (tenant, hex, sizeof hex);
    snprintf (out, 160, "x%s", hex);
}

//  Each word of folded text, with the scope before it.
static void
s_add_words (s_buf_t *buf, const char *scope, const char *text)
{
    size_t size = strlen (text ? text : "") + 1;
    char *folded = (char *) malloc (size);
    vp_text_fold (text, folded, size);
    char *save = NULL;
    for (char *word = strtok_r (folded, " ", &save); word; word = strtok_r (NULL, " ", &save))
        s_add (buf, " %s_%s", scope, word);
    free (folded);
}

static void
s_add_tag (s_buf_t *buf, const char *scope, char tag, const char *value)
{
    char hex[150];
    s_hex (value, hex, sizeof hex);
    s_add (buf, " %s__%c%s", scope, tag, hex);
}

char *
doc_search_text (const char *tenant, const char *summary, const char *issuer,
                 const char *number, const char *type, const char *book, const char *secrecy)
{
    char scope[160];
    s_scope (tenant, scope);
    s_buf_t buf = { 0 };
    s_add (&buf, "%s", scope);
    s_add_words (&buf, scope, summary);
    s_add_words (&buf, scope, issuer);
    s_add_words (&buf, scope, number);
    s_add_tag (&buf, scope, 'y', type ? type : "");
    s_add_tag (&buf, scope, 'b', book ? book : "");
    if (vp_secrecy_parse (secrecy) != VP_SECRECY_NONE)
        s_add_tag (&buf, scope, 's', secrecy ? secrecy : "");
    return buf.data;
}

//  The document's tokens: its fields' (doc_search_text), then the words
//  of its files' text (doc_text.c), in one row of doc_fts: the files'
//  words are found under the same tenant scope and secrecy tag as the
//  document, so by exactly those who may find the document.
static char *
s_row_text (doc_service_t *self, const vp_val_t *row)
{
    char *text = doc_search_text (vp_map_str (row, VP_K_TENANT), vp_map_str (row, VP_K_SUMMARY),
                                  vp_map_str (row, VP_K_ISSUER), vp_map_str (row, VP_K_NUMBER),
                                  vp_map_str (row, VP_K_TYPE), vp_map_str (row, VP_K_BOOK),
                                  vp_map_str (row, VP_K_SECRECY));
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT text FROM doc_file_text WHERE tenant = ?1 AND document = ?2 AND status = 'done'"
        " AND text IS NOT NULL ORDER BY sha256", NULL);
    if (!stmt)
        return text;
    sqlite3_bind_text (stmt, 1, vp_map_str (row, VP_K_TENANT), -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, vp_map_str (row, VP_K_DOCUMENT), -1, SQLITE_STATIC);
    s_buf_t buf = { .data = text, .len = strlen (text), .cap = strlen (text) + 1 };
    char scope[160];
    s_scope (vp_map_str (row, VP_K_TENANT), scope);
    while (sqlite3_step (stmt) == SQLITE_ROW)
        s_add_words (&buf, scope, (const char *) sqlite3_column_text (stmt, 0));
    sqlite3_reset (stmt);
    return buf.data;
}

//  Rows of doc_fts are queued in the transaction (a temporary table, so a
//  savepoint rolled back takes its rows with it) and written together
//  just before it commits (s_fts_flush): FTS5 writes what it holds out as
//  a segment of its own at every savepoint, and a group of registrations
//  has one per command and one per routing; queued, a group makes one.
static int
s_fts_write (doc_service_t *self, const char *command, int64_t rowid, const char *text, vp_err_t *err)
{
    //  A contentless table forgets a row only when told its text again.
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT INTO temp.doc_fts_queue (command, row, text) VALUES (?1, ?2, ?3)", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, command, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 2, rowid);
    sqlite3_bind_text (stmt, 3, text, -1, SQLITE_STATIC);
    int rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "search index");
    sqlite3_reset (stmt);
    self->fts_queued |= rc == 0;
    return rc;
}

static int s_fts_flush (void *arg, vp_err_t *err);

//  The terms a rolled-back transaction wrote are not there after all.
static void
s_terms_rolled_back (void *arg)
{
    doc_service_t *self = (doc_service_t *) arg;
    for (void *item = zhashx_first (self->terms_added); item; item = zhashx_next (self->terms_added))
        zhashx_delete (self->terms, zhashx_cursor (self->terms_added));
    zhashx_purge (self->terms_added);
}

int
doc_search_queue_open (doc_service_t *self, vp_err_t *err)
{
    if (vp_db_exec (self->db, "CREATE TEMP TABLE IF NOT EXISTS doc_fts_queue ("
                              "  n INTEGER PRIMARY KEY, command TEXT, row INTEGER NOT NULL, text TEXT NOT NULL)", err))
        return -1;
    if (vp_db_before_commit (self->db, s_fts_flush, self))
        return vp_err_set (err, VP_E_INTERNAL, "", "search index: too many connections with a hook");
    self->terms = zhashx_new ();
    self->terms_added = zhashx_new ();
    if (vp_db_on_rollback (self->db, s_terms_rolled_back, self))
        return vp_err_set (err, VP_E_INTERNAL, "", "search index: too many connections with a hook");
    return 0;
}

void
doc_search_queue_close (doc_service_t *self)
{
    if (!self->terms)
        return;
    vp_db_before_commit (self->db, NULL, NULL);
    vp_db_on_rollback (self->db, NULL, NULL);
    zhashx_destroy (&self->terms);
    zhashx_destroy (&self->terms_added);
}

//  Known terms past this many are forgotten (looked up again as they come).
#define S_TERMS_KNOWN_MAX 200000

//  Every word token of the queued rows' text into doc_term (the scope
//  alone and the tags, with "__", are not words), once: a group of
//  registrations shares most of its words, and a term this connection
//  wrote or met before is not looked up again.
static int
s_terms_flush (doc_service_t *self, vp_err_t *err)
{
    sqlite3_stmt *texts = vp_db_cached (self->db, "SELECT text FROM temp.doc_fts_queue WHERE command IS NULL", err);
    sqlite3_stmt *insert = texts ? vp_db_cached (self->db, "INSERT OR IGNORE INTO doc_term (term) VALUES (?1)", err) : NULL;
    if (!insert)
        return -1;
    //  What the last transaction added is there now, or gone with it.
    zhashx_purge (self->terms_added);
    if (zhashx_size (self->terms) > S_TERMS_KNOWN_MAX)
        zhashx_purge (self->terms);
    int rc = 0;
    while (rc == 0 && sqlite3_step (texts) == SQLITE_ROW) {
        const char *p = (const char *) sqlite3_column_text (texts, 0);
        while (rc == 0 && *p) {
            size_t len = strcspn (p, " ");
            const char *under = (const char *) memchr (p, '_', len);
            bool word = under && under[1] != '_';
            char term[256];             //  longer ones are looked up each time
            bool known = false;
            if (word && len < sizeof term) {
                memcpy (term, p, len);
                term[len] = 0;
                known = zhashx_lookup (self->terms, term) != NULL;
            }
            if (word && !known) {
                sqlite3_bind_text (insert, 1, p, (int) len, SQLITE_STATIC);
                rc = sqlite3_step (insert) == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "search terms");
                sqlite3_reset (insert);
                if (rc == 0 && len < sizeof term) {
                    zhashx_insert (self->terms, term, self);
                    zhashx_insert (self->terms_added, term, self);
                }
            }
            p += len;
            p += strspn (p, " ");
        }
    }
    sqlite3_reset (texts);
    return rc;
}

static int
s_fts_flush (void *arg, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) arg;
    if (!self->fts_queued)
        return 0;
    if (s_terms_flush (self, err))
        return -1;
    if (vp_db_run (self->db, "INSERT INTO doc_fts (doc_fts, rowid, text)"
                             " SELECT command, row, text FROM temp.doc_fts_queue ORDER BY n", err)
    ||  vp_db_run (self->db, "DELETE FROM temp.doc_fts_queue", err))
        return vp_db_error (self->db, err, "search index");
    self->fts_queued = false;
    return 0;
}

int
doc_search_index (doc_service_t *self, int64_t rowid, const vp_val_t *row, vp_err_t *err)
{
    char *text = s_row_text (self, row);
    int rc = s_fts_write (self, NULL, rowid, text, err);
    free (text);
    return rc;
}

//  The row of doc_document a document is indexed from, or NULL.
static vp_val_t *
s_index_row (doc_service_t *self, const char *tenant, const char *document, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT rowid, tenant, document, summary, issuer, number, type, book, secrecy FROM doc_document"
        " WHERE tenant = ?1 AND document = ?2", err);
    if (!stmt)
        return NULL;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, document, -1, SQLITE_STATIC);
    vp_val_t *row = sqlite3_step (stmt) == SQLITE_ROW ? vp_db_row (stmt) : NULL;
    sqlite3_reset (stmt);
    return row;
}

int
doc_search_unindex (doc_service_t *self, const char *tenant, const char *document, vp_err_t *err)
{
    vp_val_t *row = s_index_row (self, tenant, document, err);
    if (!row)
        return err && err->code ? -1 : 0;
    char *text = s_row_text (self, row);
    int rc = s_fts_write (self, "delete", vp_map_int (row, "rowid", 0), text, err);
    free (text);
    vp_val_destroy (&row);
    //  The files' text goes with the document: nothing of it is found again.
    sqlite3_stmt *stmt = rc ? NULL : vp_db_cached (self->db,
        "DELETE FROM doc_file_text WHERE tenant = ?1 AND document = ?2", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, document, -1, SQLITE_STATIC);
    rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    return rc == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "file text");
}

int
doc_search_reindex (doc_service_t *self, const char *tenant, const char *document,
                    int (*change) (doc_service_t *self, void *arg, vp_err_t *err), void *arg, vp_err_t *err)
{
    vp_val_t *row = s_index_row (self, tenant, document, err);
    if (!row)
        return err && err->code ? -1 : 0;
    int64_t rowid = vp_map_int (row, "rowid", 0);
    char *text = s_row_text (self, row);
    int rc = s_fts_write (self, "delete", rowid, text, err)
          || change (self, arg, err)
          || doc_search_index (self, rowid, row, err) ? -1 : 0;
    free (text);
    vp_val_destroy (&row);
    return rc;
}


//  --------------------------------------------------------------------------
//  documents.search

//  Officers on leave one officer stands in for, at most.
#define S_ABSENT_MAX 16

typedef struct {
    const char *q, *book, *type, *status, *assignee;
    const char *handles;        //  this officer's and those they stand in for
    vp_val_t *absent;           //  [{officer, full_name}] they stand in for
    const char *absent_ids[S_ABSENT_MAX];
    int nabsent;
    bool open;                  //  only what is still to handle
    int overdue;                //  -1 either, 0 not overdue, 1 overdue
    int64_t from_rowid, to_rowid;   //  [from, to) or 0 / INT64_MAX
    int64_t limit, offset;
    int64_t now;
    int clearance;
    const char *sort;           //  NULL or "arrived": the rowid
    bool asc;
} s_query_t;

//  The ORDER BY of a page; d is doc_document, joined when sorting by it.
static void
s_order (s_buf_t *sql, const s_query_t *query, const char *rowid)
{
    const char *dir = query->asc ? "ASC" : "DESC";
    if (!query->sort || strcmp (query->sort, "arrived") == 0)
        s_add (sql, " ORDER BY %s %s", rowid, dir);
    else
    if (strcmp (query->sort, "doc_date") == 0)
        s_add (sql, " ORDER BY d.doc_date %s, %s %s", dir, rowid, dir);
    else
    if (strcmp (query->sort, "deadline") == 0)
        s_add (sql, " ORDER BY d.deadline IS NULL, d.deadline %s, %s %s", dir, rowid, dir);
    else
        s_add (sql, " ORDER BY CAST (d.number AS INTEGER) %s, d.number %s, %s %s", dir, dir, rowid, dir);
}

static bool
s_sorted_by_row (const s_query_t *query)
{
    return query->sort && strcmp (query->sort, "arrived") != 0;
}

const char *
doc_search_visible (int clearance)
{
    static const char *const lists[] = {
        "'thuong'", "'thuong','mat'", "'thuong','mat','toi-mat'", "'thuong','mat','toi-mat','tuyet-mat'"
    };
    return lists[clearance < 0 ? 0 : clearance > 3 ? 3 : clearance];
}

//  Up to this many words, the OR of the words a prefix begins is cheaper
//  than FTS5's own prefix query, which merges every doclist it covers
//  before the first row; past it (a letter or two typed), the latter.
#define S_MAX_TERMS 64

//  A word of the query as the words of the tenant it begins: "(a OR b)",
//  or the prefix query when they are many; false when there are none.
static bool
s_add_prefix (doc_service_t *self, s_buf_t *buf, const char *scope, const char *word)
{
    char low[256], high[256];
    snprintf (low, sizeof low, "%s_%s", scope, word);
    snprintf (high, sizeof high, "%s_%s\x7f", scope, word);
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT term FROM doc_term WHERE term >= ?1 AND term < ?2 ORDER BY term LIMIT ?3", NULL);
    if (!stmt) {
        s_add (buf, " AND \"%s\"*", low);
        return true;
    }
    sqlite3_bind_text (stmt, 1, low, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, high, -1, SQLITE_STATIC);
    sqlite3_bind_int (stmt, 3, S_MAX_TERMS + 1);
    s_buf_t terms = { 0 };
    int n = 0;
    while (sqlite3_step (stmt) == SQLITE_ROW)
        s_add (&terms, "%s\"%s\"", n++ ? " OR " : "", (const char *) sqlite3_column_text (stmt, 0));
    sqlite3_reset (stmt);
    if (n > S_MAX_TERMS)
        s_add (buf, " AND \"%s\"*", low);
    else
    if (n > 0)
        s_add (buf, " AND (%s)", terms.data);
    free (terms.data);
    return n > 0;
}

char *
doc_search_match (doc_service_t *self, const char *tenant, const char *q, const char *type,
                  const char *book, int clearance)
{
    char scope[160];
    s_scope (tenant, scope);
    s_buf_t buf = { 0 };
    s_add (&buf, "(\"%s\"", scope);
    bool possible = true;
    if (q) {
        size_t size = strlen (q) + 1;
        char *folded = (char *) malloc (size);
        vp_text_fold (q, folded, size);
        char *save = NULL;
        int words = 0;
        for (char *word = strtok_r (folded, " ", &save); word && words < S_MAX_WORDS && possible;
             word = strtok_r (NULL, " ", &save), words++)
            possible = s_add_prefix (self, &buf, scope, word);
        free (folded);
    }
    char hex[150];
    if (type) {
        s_hex (type, hex, sizeof hex);
        s_add (&buf, " AND \"%s__y%s\"", scope, hex);
    }
    if (book) {
        s_hex (book, hex, sizeof hex);
        s_add (&buf, " AND \"%s__b%s\"", scope, hex);
    }
    s_add (&buf, ")");
    const char *hidden = "";
    for (int level = clearance + 1; level <= VP_SECRECY_TUYET_MAT; level++) {
        s_hex (vp_secrecy_name (level), hex, sizeof hex);
        s_add (&buf, "%s\"%s__s%s\"", *hidden ? " OR " : " NOT (", scope, hex);
        hidden = ")";
    }
    s_add (&buf, "%s", hidden);
    if (!possible) {
        free (buf.data);
        return NULL;
    }
    return buf.data;
}

//  Conditions on doc_document d for status, assignee, handles, open and
//  overdue; the parameters are ?5 status, ?6 assignee, ?7 now, ?10 the
//  officer who handles, ?11... those they stand in for.
static void
s_row_filters (s_buf_t *sql, const s_query_t *query)
{
    if (query->status)
        s_add (sql, " AND d.status = ?5");
    if (query->assignee)
        s_add (sql, " AND d.officer = ?6");
    if (query->handles) {
        s_add (sql, " AND d.officer IN (?10");
        for (int i = 0; i < query->nabsent; i++)
            s_add (sql, ", ?%d", 11 + i);
        s_add (sql, ")");
    }
    if (query->open)
        s_add (sql, " AND d.status IN ('registered', 'assigned', 'in_progress', 'returned')");
    if (query->overdue == 1)
        s_add (sql, " AND d.deadline < ?7 AND d.status IN ('assigned', 'in_progress')");
    else
    if (query->overdue == 0)
        s_add (sql, " AND NOT (coalesce (d.deadline < ?7, 0) AND d.status IN ('assigned', 'in_progress'))");
}

static bool
s_full_text (const s_query_t *query)
{
    return query->q || query->type || query->book || query->from_rowid > 0 || query->to_rowid < INT64_MAX
        || (!query->status && !query->assignee && !query->handles && !query->open && query->overdue < 0);
}

//  The statement that counts (page false) or pages (page true).
static sqlite3_stmt *
s_statement (doc_service_t *self, const s_query_t *query, bool page, vp_err_t *err)
{
    s_buf_t sql = { 0 };
    bool rows = query->status || query->assignee || query->handles || query->open || query->overdue >= 0
             || (page && s_sorted_by_row (query));
    if (s_full_text (query)) {
        s_add (&sql, "SELECT %s FROM doc_fts", page ? "doc_fts.rowid" : "count (*)");
        //  The MATCH first, then each of its rows checked in the table.
        if (rows)
            s_add (&sql, " CROSS JOIN doc_document d ON d.rowid = doc_fts.rowid");
        s_add (&sql, " WHERE doc_fts MATCH ?2 AND doc_fts.rowid >= ?3 AND doc_fts.rowid < ?4");
        if (rows)
            s_add (&sql, " AND d.tenant = ?1");
        s_row_filters (&sql, query);
        if (page) {
            s_order (&sql, query, "doc_fts.rowid");
            s_add (&sql, " LIMIT ?8 OFFSET ?9");
        }
    }
    else {
        //  Secrecy as an IN list on the index (tenant, status, secrecy):
        //  counted in the index, and paged in rowid order from each level.
        s_add (&sql, "SELECT %s FROM doc_document d WHERE d.tenant = ?1 AND d.secrecy IN (%s)",
               page ? "d.rowid" : "count (*)", doc_search_visible (query->clearance));
        s_row_filters (&sql, query);
        if (page) {
            s_order (&sql, query, "d.rowid");
            s_add (&sql, " LIMIT ?8 OFFSET ?9");
        }
    }
    sqlite3_stmt *stmt = vp_db_cached (self->db, sql.data, err);
    free (sql.data);
    return stmt;
}

static void
s_bind (sqlite3_stmt *stmt, const char *tenant, const char *match, const s_query_t *query)
{
    int n = sqlite3_bind_parameter_count (stmt);
    for (int i = 1; i <= n; i++) {
        const char *name = sqlite3_bind_parameter_name (stmt, i);
        int which = name ? atoi (name + 1) : 0;
        switch (which) {
            case 1: sqlite3_bind_text (stmt, i, tenant, -1, SQLITE_STATIC); break;
            case 2: sqlite3_bind_text (stmt, i, match, -1, SQLITE_STATIC); break;
            case 3: sqlite3_bind_int64 (stmt, i, query->from_rowid); break;
            case 4: sqlite3_bind_int64 (stmt, i, query->to_rowid); break;
            case 5: sqlite3_bind_text (stmt, i, query->status, -1, SQLITE_STATIC); break;
            case 6: sqlite3_bind_text (stmt, i, query->assignee, -1, SQLITE_STATIC); break;
            case 7: sqlite3_bind_int64 (stmt, i, query->now); break;
            case 8: sqlite3_bind_int64 (stmt, i, query->limit); break;
            case 9: sqlite3_bind_int64 (stmt, i, query->offset); break;
            case 10: sqlite3_bind_text (stmt, i, query->handles, -1, SQLITE_STATIC); break;
            default:
                if (which > 10 && which <= 10 + query->nabsent)
                    sqlite3_bind_text (stmt, i, query->absent_ids[which - 11], -1, SQLITE_STATIC);
                break;
        }
    }
}

//  One row of the answer, or NULL when the row is not the tenant's or
//  not visible (the index and the table agree, so this is only a guard).
static vp_val_t *
s_row (doc_service_t *self, const char *tenant, const s_query_t *query, int64_t rowid)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT d.tenant, d.document, d.book, d.arrival_number, d.year, d.issuer, d.number, d.type,"
        " d.summary, d.urgency, d.secrecy, d.arrived_at, d.status, d.officer, d.deadline,"
        " " VP_STAFF_SQL_OFFICER_NAME ("d.officer") " FROM doc_document d WHERE d.rowid = ?1", NULL);
    if (!stmt)
        return NULL;
    sqlite3_bind_int64 (stmt, 1, rowid);
    vp_val_t *row = NULL;
    if (sqlite3_step (stmt) == SQLITE_ROW) {
        const char *owner = (const char *) sqlite3_column_text (stmt, 0);
        int level = vp_secrecy_parse ((const char *) sqlite3_column_text (stmt, 10));
        if (owner && strcmp (owner, tenant) == 0 && level >= 0 && level <= query->clearance) {
            row = vp_val_map ();
            const char *status = (const char *) sqlite3_column_text (stmt, 12);
            bool has_deadline = sqlite3_column_type (stmt, 14) == SQLITE_INTEGER;
            int64_t deadline = sqlite3_column_int64 (stmt, 14);
            vp_map_put_str (row, VP_K_DOCUMENT, (const char *) sqlite3_column_text (stmt, 1));
            vp_map_put (row, VP_K_LABEL, vp_val_strf ("%02lld/%lld", (long long) sqlite3_column_int64 (stmt, 3),
                                                   (long long) sqlite3_column_int64 (stmt, 4)));
            vp_map_put_str (row, VP_K_BOOK, (const char *) sqlite3_column_text (stmt, 2));
            vp_map_put_str (row, VP_K_ISSUER, (const char *) sqlite3_column_text (stmt, 5));
            vp_map_put_str (row, VP_K_NUMBER, (const char *) sqlite3_column_text (stmt, 6));
            const char *type = (const char *) sqlite3_column_text (stmt, 7);
            vp_map_put_str (row, VP_K_TYPE, type);
            const vp_doc_type_t *t = vp_doc_type (type);
            if (t)
                vp_map_put_str (row, "type_name", t->name);
            vp_map_put_str (row, VP_K_SUMMARY, (const char *) sqlite3_column_text (stmt, 8));
            vp_map_put_str (row, VP_K_URGENCY, (const char *) sqlite3_column_text (stmt, 9));
            vp_map_put_str (row, VP_K_SECRECY, (const char *) sqlite3_column_text (stmt, 10));
            vp_map_put_int (row, VP_K_ARRIVED_AT, sqlite3_column_int64 (stmt, 11));
            vp_map_put_str (row, VP_K_STATUS, status);
            if (sqlite3_column_type (stmt, 13) == SQLITE_TEXT)
                vp_map_put_str (row, VP_K_OFFICER, (const char *) sqlite3_column_text (stmt, 13));
            if (sqlite3_column_type (stmt, 15) == SQLITE_TEXT)
                vp_map_put_str (row, "officer_name", (const char *) sqlite3_column_text (stmt, 15));
            if (has_deadline)
                vp_map_put_int (row, VP_K_DEADLINE, deadline);
            bool open = status && (strcmp (status, "assigned") == 0 || strcmp (status, "in_progress") == 0);
            vp_map_put_bool (row, VP_K_OVERDUE, open && has_deadline && deadline < query->now);
            //  A document of someone on leave that the one who handles stands in for.
            const char *officer = (const char *) sqlite3_column_text (stmt, 13);
            if (query->handles && officer && strcmp (officer, query->handles) != 0) {
                vp_map_put_str (row, VP_K_ON_BEHALF_OF, officer);
                if (sqlite3_column_type (stmt, 15) == SQLITE_TEXT)
                    vp_map_put_str (row, "on_behalf_of_name", (const char *) sqlite3_column_text (stmt, 15));
            }
        }
    }
    sqlite3_reset (stmt);
    return row;
}

//  Arrival time -> the first rowid of that ms, within what a rowid holds.
static int64_t
s_rowid_of (int64_t ms)
{
    if (ms <= 0)
        return 0;
    if (ms >= DOC_ARRIVED_MAX)
        return DOC_ARRIVED_MAX * DOC_ROWID_SLOTS;
    return ms * DOC_ROWID_SLOTS;
}

static int s_search_in (vp_cmdctx_t *ctx, const vp_val_t *args, s_query_t *query, vp_val_t *result,
                        vp_err_t *err);

//  {q?, book?, type?, status?, assignee?, handles?, open?, overdue?, from?,
//  to?, sort?, order?, limit?, offset?} -> {total, rows: [{document, label, issuer,
//  number, type, summary, status, officer, deadline, overdue,
//  on_behalf_of?, ...}], stands_in_for?: [{officer, full_name}]}
int
doc_search_run (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    s_query_t query = {
        .q = vp_map_str (args, VP_K_Q), .book = vp_map_str (args, VP_K_BOOK), .type = vp_map_str (args, VP_K_TYPE),
        .status = vp_map_str (args, VP_K_STATUS), .assignee = vp_map_str (args, VP_K_ASSIGNEE),
        .open = vp_map_bool (args, VP_K_OPEN, false),
        .overdue = vp_map_get (args, VP_K_OVERDUE) ? vp_map_bool (args, VP_K_OVERDUE, false) : -1,
        .from_rowid = vp_map_get (args, VP_K_FROM) ? s_rowid_of (vp_map_int (args, VP_K_FROM, 0)) : 0,
        .to_rowid = vp_map_get (args, VP_K_TO) ? s_rowid_of (vp_map_int (args, VP_K_TO, 0)) : INT64_MAX,
        .limit = vp_map_int (args, VP_K_LIMIT, 20), .offset = vp_map_int (args, VP_K_OFFSET, 0),
        .now = vp_clock_now (), .clearance = doc_access_clearance (self, ctx),
        .handles = vp_map_str (args, VP_K_HANDLES),
        .sort = vp_map_str (args, VP_K_SORT),
        .asc = vp_map_str (args, VP_K_ORDER) && strcmp (vp_map_str (args, VP_K_ORDER), "asc") == 0
    };
    if (query.handles) {
        //  Whose documents are the officer's now: the secrecy of each is
        //  still checked against the actor's own clearance, not theirs.
        query.absent = vp_staff_stands_in_for (self->db, ctx->tenant, query.handles, query.now, S_ABSENT_MAX);
        for (size_t i = 0; i < vp_val_len (query.absent); i++)
            query.absent_ids[query.nabsent++] = vp_map_str (vp_array_at (query.absent, i), VP_K_OFFICER);
    }
    int rc = s_search_in (ctx, args, &query, result, err);
    if (rc == 0 && query.handles)
        vp_map_put (result, "stands_in_for", query.absent);
    else
        vp_val_destroy (&query.absent);
    return rc;
}

static int
s_search_in (vp_cmdctx_t *ctx, const vp_val_t *args, s_query_t *qp, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    s_query_t query = *qp;
    if (vp_map_get (args, VP_K_FROM) && vp_map_get (args, VP_K_TO) && vp_map_int (args, VP_K_TO, 0) <= vp_map_int (args, VP_K_FROM, 0))
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_TO, "to (%lld) must be after from (%lld)",
                           (long long) vp_map_int (args, VP_K_TO, 0), (long long) vp_map_int (args, VP_K_FROM, 0));
    if (query.q) {
        //  Only punctuation (or nothing): no words to look for.
        char folded[8];
        vp_text_fold (query.q, folded, sizeof folded);
        if (!*folded)
            query.q = NULL;
    }
    char *match = NULL;
    if (s_full_text (&query)) {
        match = doc_search_match (self, ctx->tenant, query.q, query.type, query.book, query.clearance);
        if (!match) {
            //  A word that begins no word of the tenant's: nothing to find.
            vp_map_put_int (result, VP_K_TOTAL, 0);
            vp_map_put (result, "rows", vp_val_array ());
            return 0;
        }
    }
    int rc = -1;
    sqlite3_stmt *stmt = s_statement (self, &query, false, err);
    if (!stmt)
        goto done;
    s_bind (stmt, ctx->tenant, match, &query);
    int step = sqlite3_step (stmt);
    int64_t total = step == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
    sqlite3_reset (stmt);
    if (step != SQLITE_ROW) {
        vp_db_error (self->db, err, "search");
        goto done;
    }
    vp_val_t *rows = vp_val_array ();
    vp_map_put_int (result, VP_K_TOTAL, total);
    vp_map_put (result, "rows", rows);
    if (query.limit == 0 || query.offset >= total) {
        rc = 0;
        goto done;
    }
    stmt = s_statement (self, &query, true, err);
    if (!stmt)
        goto done;
    s_bind (stmt, ctx->tenant, match, &query);
    int64_t rowids[200];
    int n = 0;
    while (n < 200 && (step = sqlite3_step (stmt)) == SQLITE_ROW)
        rowids[n++] = sqlite3_column_int64 (stmt, 0);
    sqlite3_reset (stmt);
    if (step != SQLITE_ROW && step != SQLITE_DONE) {
        vp_db_error (self->db, err, "search");
        goto done;
    }
    for (int i = 0; i < n; i++) {
        vp_val_t *row = s_row (self, ctx->tenant, &query, rowids[i]);
        if (row)
            vp_array_push (rows, row);
    }
    rc = 0;
done:
    free (match);
    return rc;
}

//  {..., fields?}: the rows cut to the columns shown (doc_search_fields.c).
static int
s_search (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    int rc = doc_search_run (ctx, args, result, err);
    if (rc == 0)
        doc_search_fields_keep (vp_map_get (args, VP_K_FIELDS), result);
    return rc;
}

static const vp_cmd_t s_commands[] = {
    { VP_C_DOCUMENTS_SEARCH, s_search, true },
    { NULL }
};

void
doc_search_register (doc_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
    vp_err_t err = { 0 };
    if (doc_search_queue_open (self, &err))
        vp_warn ("%s", err.message);
}
