/*  doc_register - the incoming register: documents.register, get,
    history and comment.

    A document goes to a book (doc_book) of its tenant. The arrival
    number (số đến) counts from 1 each year of the tenant's zone in each
    book; it is taken inside the registration's transaction (BEGIN
    IMMEDIATE serializes them), so it is never given twice nor skipped.

    A document is registered once: the same issuer, number and symbol,
    and document date (folded: diacritics, case and blanks do not count)
    is refused, naming the registration that exists.

    Attachments sent with the registration are stored by doc_attachment.
*/
#include <string.h>
#include "doc_access.h"
#include "doc_deadline.h"
#include "doc_route.h"
#include "doc_search.h"
#include "doc_text.h"
#include "vp/vp_vocab.h"
#include "out.h"
#include "vp/vp_fields.h"

//  --------------------------------------------------------------------------
//  Identity, numbers, dates

//  Issuer as compared: folded, single spaces.
static char *
s_issuer_key (const char *issuer)
{
    size_t size = strlen (issuer) + 1;
    char *key = (char *) malloc (size);
    return vp_text_fold (issuer, key, size);
}

//  Number as compared: no blanks, lower case (Đ to đ, which stays apart
//  from d: ĐA is not DA), no leading zeros ("7/QĐ-UBND" is "07/QĐ-UBND").
static char *
s_number_key (const char *number)
{
    size_t size = strlen (number) + 1;
    char *key = (char *) malloc (size);
    size_t out = 0;
    const char *p = number + strspn (number, " \t");
    while (*p == '0' && p[1] >= '0' && p[1] <= '9')
        p++;
    for (; *p; p++) {
        unsigned char c = (unsigned char) *p;
        if (c == ' ' || c == '\t')
            continue;
        if (c == 0xC4 && (unsigned char) p[1] == 0x90) {
            key[out++] = (char) 0xC4;
            key[out++] = (char) 0x91;
            p++;
            continue;
        }
        key[out++] = (char) (c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    key[out] = 0;
    return key;
}

//  The start of the day of ms in zone: a document date is a day.
static int64_t
s_day_start (int64_t ms, const char *zone)
{
    vp_tm_t tm;
    vp_time_local (ms, zone, &tm);
    tm.hour = tm.minute = tm.second = 0;
    return vp_time_from_local (&tm, zone);
}

static const char *
s_str (const vp_val_t *map, const char *key)
{
    const char *s = vp_map_str (map, key);
    return s ? s : "";
}

//  The arrival number of a document arrived in `year` in book: the next
//  of the book's current year, 1 in a new year, and for a late document
//  of a year already closed the next of that year.
static int
s_arrival_number (doc_service_t *self, const char *tenant, const char *book, int year,
                  int64_t *number, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT last_year, last_number FROM doc_book WHERE tenant = ?1 AND book = ?2", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, book, -1, SQLITE_STATIC);
    bool found = sqlite3_step (stmt) == SQLITE_ROW;
    int64_t last_year = found ? sqlite3_column_int64 (stmt, 0) : 0;
    int64_t last_number = found ? sqlite3_column_int64 (stmt, 1) : 0;
    sqlite3_reset (stmt);
    if (!found)
        return vp_err_set (err, VP_E_NOT_FOUND, VP_K_BOOK, "book \"%s\" does not exist in tenant \"%s\"", book, tenant);
    if (year < last_year) {
        stmt = vp_db_cached (self->db,
            "SELECT coalesce (max (arrival_number), 0) + 1 FROM doc_document"
            " WHERE tenant = ?1 AND book = ?2 AND year = ?3", err);
        if (!stmt)
            return -1;
        sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, book, -1, SQLITE_STATIC);
        sqlite3_bind_int (stmt, 3, year);
        int rc = sqlite3_step (stmt);
        *number = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
        sqlite3_reset (stmt);
        return rc == SQLITE_ROW ? 0 : vp_db_error (self->db, err, "arrival number");
    }
    *number = year == last_year ? last_number + 1 : 1;
    stmt = vp_db_cached (self->db,
        "UPDATE doc_book SET last_year = ?3, last_number = ?4 WHERE tenant = ?1 AND book = ?2", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, book, -1, SQLITE_STATIC);
    sqlite3_bind_int (stmt, 3, year);
    sqlite3_bind_int64 (stmt, 4, *number);
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    return rc == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "arrival number");
}

//  The rowid of a document arrived at `at`: see doc_search.h.
static int
s_rowid (doc_service_t *self, int64_t at, int64_t *rowid, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT max (rowid) FROM doc_document WHERE rowid BETWEEN ?1 AND ?2", err);
    if (!stmt)
        return -1;
    int64_t first = at * DOC_ROWID_SLOTS, last = first + DOC_ROWID_SLOTS - 1;
    sqlite3_bind_int64 (stmt, 1, first);
    sqlite3_bind_int64 (stmt, 2, last);
    int rc = sqlite3_step (stmt);
    bool some = rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) == SQLITE_INTEGER;
    int64_t max = some ? sqlite3_column_int64 (stmt, 0) : 0;
    sqlite3_reset (stmt);
    if (rc != SQLITE_ROW)
        return vp_db_error (self->db, err, "document rowid");
    if (some && max >= last)
        return vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_ARRIVED_AT,
                           "%d documents already arrived at the same moment (arrived_at %lld): give the time of arrival",
                           DOC_ROWID_SLOTS, (long long) at);
    *rowid = some ? max + 1 : first;
    return 0;
}


//  --------------------------------------------------------------------------
//  A document as people read it

//  Rows of sql with ?1 tenant and ?2 document.
static vp_val_t *
s_rows (doc_service_t *self, const char *sql, const char *tenant, const char *document)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db, sql, NULL);
    if (!stmt)
        return vp_val_array ();
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, document, -1, SQLITE_STATIC);
    return vp_db_rows (stmt);
}

//  The names, "" when unknown.
static const char *
s_officer_name (doc_service_t *self, const char *officer, char out[201])
{
    vp_staff_officer_name (self->db, officer, NULL, out, 201);
    return out;
}

static const char *
s_post_title (doc_service_t *self, const char *tenant, const char *post, char out[201])
{
    vp_staff_post_title (self->db, tenant, post, NULL, out, 201);
    return out;
}

//  Put every entry of row into result, then the names people read.
static void
s_document_val (doc_service_t *self, const vp_val_t *row, vp_val_t *result)
{
    const char *tenant = s_str (row, "tenant"), *document = s_str (row, "document");
    static const char *const internal[] = { "tenant", "n", "due_soon_sent", "overdue_sent", "pages_given", NULL };
    for (size_t i = 0; i < vp_val_len (row); i++) {
        const char *key = vp_map_key_at (row, i);
        bool skip = false;
        for (int k = 0; internal[k] && !skip; k++)
            skip = strcmp (key, internal[k]) == 0;
        if (!skip)
            vp_map_put (result, key, vp_val_dup (vp_map_value_at (row, i)));
    }
    vp_map_put (result, VP_K_LABEL, vp_val_strf ("%02lld/%lld", (long long) vp_map_int (row, VP_K_ARRIVAL_NUMBER, 0),
                                              (long long) vp_map_int (row, VP_K_YEAR, 0)));
    char name[201];
    if (doc_book_need (self, tenant, s_str (row, "book"), name, NULL) == 0)
        vp_map_put_str (result, "book_name", name);
    const vp_doc_type_t *type = vp_doc_type (vp_map_str (row, VP_K_TYPE));
    if (type)
        vp_map_put_str (result, "type_name", type->name);
    vp_map_put_str (result, "urgency_name", vp_urgency_title (vp_map_str (row, VP_K_URGENCY)));
    vp_map_put_str (result, "secrecy_name", vp_secrecy_title (vp_map_str (row, VP_K_SECRECY)));
    if (vp_map_str (row, VP_K_POST))
        vp_map_put_str (result, "post_title", s_post_title (self, tenant, vp_map_str (row, VP_K_POST), name));
    if (vp_map_str (row, VP_K_OFFICER))
        vp_map_put_str (result, "officer_name", s_officer_name (self, vp_map_str (row, VP_K_OFFICER), name));
    vp_map_put (result, VP_K_ATTACHMENTS, s_rows (self,
        "SELECT name, sha256, size, pages FROM doc_attachment WHERE tenant = ?1 AND document = ?2 ORDER BY rowid",
        tenant, document));
    doc_text_describe (self, tenant, document, result);
    vp_map_put_int (result, VP_K_OPENS, doc_trail_opens (self, tenant, document));
    vp_map_put (result, "comments", s_rows (self,
        "SELECT h.at, h.actor, " VP_STAFF_SQL_OFFICER_NAME ("h.actor") " AS actor_name, h.detail AS text"
        " FROM doc_history h WHERE h.tenant = ?1 AND h.document = ?2 AND h.step = 'comment' ORDER BY h.at, h.rowid",
        tenant, document));
    vp_map_put (result, "history", s_rows (self,
        "SELECT h.at, h.actor, " VP_STAFF_SQL_OFFICER_NAME ("h.actor") " AS actor_name, h.step, h.detail"
        " FROM doc_history h WHERE h.tenant = ?1 AND h.document = ?2 ORDER BY h.at, h.rowid", tenant, document));
}


//  --------------------------------------------------------------------------
//  documents.register

typedef struct {
    const char *issuer, *number, *type, *summary, *urgency, *secrecy;
    int64_t doc_date, arrived_at, deadline;
    bool deadline_given;            //  deadline or deadline_days (else: the default rule)
    int year;
    char zone[64];
    char book[VP_STAFF_ID_MAX];
    char book_name[201];
} s_intake_t;

//  An arrival may be typed a little ahead of the server's clock (a clerk's
//  watch, a time rounded up to the minute); beyond this it is not one yet.
#define S_ARRIVAL_SKEW_MS ((int64_t) 5 * 60000)

//  The meeting of an invitation, as vp-calendar will place it: it ends
//  after it starts, lasts at most what an entry may (VP_SPAN_MAX), and
//  invites posts the commune has then; refused here, while the clerk can
//  still correct it, rather than found wrong by the calendar later.
static int
s_meeting_check (doc_service_t *self, const char *tenant, const vp_val_t *args, const char *type,
                 const char *zone, vp_err_t *err)
{
    const vp_val_t *meeting = vp_map_get (args, VP_K_MEETING);
    if (!meeting) {
        if (strcmp (type, "giay-moi") == 0)
            return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_MEETING,
                               "meeting is required for a giay-moi (Giấy mời): give start, end and place");
        return 0;
    }
    int64_t start = vp_map_int (meeting, VP_K_START, 0), end = vp_map_int (meeting, VP_K_END, 0);
    char a[32], b[32];
    if (end <= start)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, "meeting.end",
                           "meeting.end (%s) must be after meeting.start (%s)",
                           doc_date (end, zone, true, b), doc_date (start, zone, true, a));
    if (end - start > VP_SPAN_MAX)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, "meeting.end",
                           "meeting.end (%s) is more than %lld days after meeting.start (%s): the schedule "
                           "takes a meeting of at most %lld days; register its days as several meetings",
                           doc_date (end, zone, true, b), (long long) (VP_SPAN_MAX / 86400000),
                           doc_date (start, zone, true, a), (long long) (VP_SPAN_MAX / 86400000));
    const vp_val_t *posts = vp_map_get (meeting, VP_K_INVITED_POSTS);
    for (size_t i = 0; i < vp_val_len (posts); i++) {
        const char *post = vp_val_get_str (vp_array_at (posts, i));
        if (!vp_staff_post_at (self->db, tenant, post, start, NULL, 0, NULL))
            return vp_err_set (err, VP_E_INVALID_ARGUMENT, "meeting.invited_posts",
                               "meeting.invited_posts names post \"%s\", which tenant \"%s\" does not have "
                               "at the meeting's time (%s)", post, tenant, doc_date (start, zone, true, a));
    }
    return 0;
}

//  The request checked against the rules before anything is written.
static int
s_intake (doc_service_t *self, vp_cmdctx_t *ctx, const vp_val_t *args, s_intake_t *in, vp_err_t *err)
{
    memset (in, 0, sizeof *in);
    doc_zone (self, ctx->tenant, in->zone);
    in->issuer = vp_map_str (args, VP_K_ISSUER);
    in->number = vp_map_str (args, VP_K_NUMBER);
    in->type = vp_map_str (args, VP_K_TYPE);
    in->summary = vp_map_str (args, VP_K_SUMMARY);
    in->urgency = vp_map_str (args, VP_K_URGENCY) ? vp_map_str (args, VP_K_URGENCY) : "thuong";
    in->secrecy = vp_map_str (args, VP_K_SECRECY) ? vp_map_str (args, VP_K_SECRECY) : "thuong";
    bool given = vp_map_get (args, VP_K_ARRIVED_AT) != NULL;
    int64_t now = vp_clock_now ();
    in->arrived_at = given ? vp_map_int (args, VP_K_ARRIVED_AT, 0) : now;
    char a[32], b[32];
    //  Given, it passed proto's bounds; now is checked too, so that a
    //  clock gone wrong registers nothing (the rowid counts on the range).
    if (vp_proto_time_check (in->arrived_at, "arrived_at", err))
        return -1;
    if (in->arrived_at > now + S_ARRIVAL_SKEW_MS)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_ARRIVED_AT,
                           "arrived_at %s is in the future (now %s): a document is registered once it has arrived",
                           doc_date (in->arrived_at, in->zone, true, a), doc_date (now, in->zone, true, b));
    //  Blanks only are no text (proto counts bytes).
    const char *texts[] = { "issuer", "number", "summary" };
    for (int i = 0; i < 3; i++) {
        char folded[8];
        if (!*vp_text_fold (vp_map_str (args, texts[i]), folded, sizeof folded))
            return vp_err_set (err, VP_E_INVALID_ARGUMENT, texts[i], "%s \"%s\" has no letters or digits",
                               texts[i], vp_map_str (args, texts[i]));
    }
    in->doc_date = s_day_start (vp_map_int (args, VP_K_DOC_DATE, 0), in->zone);
    //  A document is dated (a day) before it arrives: the arrival given
    //  is named when it is earlier, the date when the arrival is now.
    if (in->arrived_at < in->doc_date) {
        if (given)
            return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_ARRIVED_AT,
                               "arrived_at %s is before the document's date (doc_date %s)",
                               doc_date (in->arrived_at, in->zone, true, a), doc_date (in->doc_date, in->zone, false, b));
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_DOC_DATE,
                           "doc_date %s is after the document arrived (%s, now)",
                           doc_date (in->doc_date, in->zone, false, b), doc_date (in->arrived_at, in->zone, true, a));
    }
    if (doc_deadline_of (self, ctx->tenant, args, in->arrived_at, &in->deadline, err))
        return -1;
    in->deadline_given = in->deadline != 0;
    if (vp_map_get (args, VP_K_DEADLINE) && in->deadline <= in->arrived_at)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_DEADLINE,
                           "deadline %s must be after the arrival (%s)",
                           doc_date (in->deadline, in->zone, true, a), doc_date (in->arrived_at, in->zone, true, b));
    if (s_meeting_check (self, ctx->tenant, args, in->type, in->zone, err))
        return -1;
    const vp_val_t *attachments = vp_map_get (args, VP_K_ATTACHMENTS);
    for (size_t i = 0; i < vp_val_len (attachments); i++)
        if (doc_attachment_check (vp_array_at (attachments, i), i, err))
            return -1;
    vp_tm_t tm;
    vp_time_local (in->arrived_at, in->zone, &tm);
    in->year = tm.year;
    const char *book = vp_map_str (args, VP_K_BOOK);
    if (!book)
        book = doc_book_default (in->issuer, in->number);
    snprintf (in->book, sizeof in->book, "%s", book);
    return doc_book_need (self, ctx->tenant, in->book, in->book_name, err);
}

//  already_exists when the document is registered, naming where.
static int
s_duplicate_check (doc_service_t *self, vp_cmdctx_t *ctx, const s_intake_t *in,
                   const char *issuer_key, const char *number_key, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT document FROM doc_document WHERE tenant = ?1 AND issuer_key = ?2 AND number_key = ?3"
        " AND doc_date = ?4", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, issuer_key, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, number_key, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 4, in->doc_date);
    char document[VP_STAFF_ID_MAX] = "";
    if (sqlite3_step (stmt) == SQLITE_ROW)
        snprintf (document, sizeof document, "%s", (const char *) sqlite3_column_text (stmt, 0));
    sqlite3_reset (stmt);
    if (!*document)
        return 0;
    char dated[32];
    doc_date (in->doc_date, in->zone, false, dated);
    vp_val_t *row = doc_access_row (self, ctx->tenant, document);
    if (!row || !doc_access_sees (self, ctx, vp_map_str (row, VP_K_SECRECY))) {
        vp_val_destroy (&row);
        return vp_err_set (err, VP_E_ALREADY_EXISTS, VP_K_NUMBER,
                           "number \"%s\" of \"%s\" dated %s is already registered (a document you are not cleared to see)",
                           in->number, in->issuer, dated);
    }
    char arrived[32], name[201] = "";
    const char *urgency = vp_map_str (row, VP_K_URGENCY);
    doc_date (vp_map_int (row, VP_K_ARRIVED_AT, 0), in->zone, vp_urgent (urgency), arrived);
    const char *officer = vp_map_str (row, VP_K_OFFICER);
    if (officer)
        s_officer_name (self, officer, name);
    char handler[260];
    if (officer)
        snprintf (handler, sizeof handler, "handled by %s", *name ? name : officer);
    else
        snprintf (handler, sizeof handler, "not handed to anyone yet");
    vp_err_set (err, VP_E_ALREADY_EXISTS, VP_K_NUMBER,
                "number \"%s\" of \"%s\" dated %s is already registered as \"%s\" of \"%s\":"
                " arrival number %02lld/%lld in book %s, arrived %s, %s (document %s)",
                in->number, in->issuer, dated, s_str (row, "number"), s_str (row, "issuer"),
                (long long) vp_map_int (row, VP_K_ARRIVAL_NUMBER, 0),
                (long long) vp_map_int (row, VP_K_YEAR, 0), s_str (row, "book"), arrived, handler, document);
    vp_val_destroy (&row);
    return -1;
}

static int
s_insert (doc_service_t *self, vp_cmdctx_t *ctx, const vp_val_t *args, const s_intake_t *in,
          int64_t rowid, const char *document, int64_t n, int64_t arrival_number,
          const char *issuer_key, const char *number_key, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT INTO doc_document (rowid, tenant, document, n, book, arrival_number, year, issuer, number,"
        " doc_date, type, summary, urgency, secrecy, arrived_at, receiving_body, field, meeting, note,"
        " status, deadline, issuer_key, number_key, registered_by, registered_at, pages, pages_given)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,"
        " 'registered', ?20, ?21, ?22, ?23, ?24, ?25, ?25 IS NOT NULL)", err);
    if (!stmt)
        return -1;
    int64_t deadline = in->deadline_given ? in->deadline
                     : doc_deadline_default (self, ctx->tenant, in->type, in->urgency, in->arrived_at);
    size_t meeting_size = 0;
    char *meeting = vp_map_get (args, VP_K_MEETING) ? vp_encode (vp_map_get (args, VP_K_MEETING), &meeting_size) : NULL;
    sqlite3_bind_int64 (stmt, 1, rowid);
    sqlite3_bind_text (stmt, 2, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, document, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 4, n);
    sqlite3_bind_text (stmt, 5, in->book, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 6, arrival_number);
    sqlite3_bind_int (stmt, 7, in->year);
    sqlite3_bind_text (stmt, 8, in->issuer, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 9, in->number, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 10, in->doc_date);
    sqlite3_bind_text (stmt, 11, in->type, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 12, in->summary, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 13, in->urgency, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 14, in->secrecy, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 15, in->arrived_at);
    const char *columns[] = { "receiving_body", "field" };
    for (int i = 0; i < 2; i++)
        if (vp_map_str (args, columns[i]))
            sqlite3_bind_text (stmt, 16 + i, vp_map_str (args, columns[i]), -1, SQLITE_STATIC);
    if (meeting)
        sqlite3_bind_blob (stmt, 18, meeting, (int) meeting_size, SQLITE_STATIC);
    if (vp_map_str (args, VP_K_NOTE))
        sqlite3_bind_text (stmt, 19, vp_map_str (args, VP_K_NOTE), -1, SQLITE_STATIC);
    if (deadline > 0)
        sqlite3_bind_int64 (stmt, 20, deadline);
    sqlite3_bind_text (stmt, 21, issuer_key, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 22, number_key, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 23, ctx->actor, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 24, vp_clock_now ());
    //  the clerk's count; left empty, doc_pages_fill sums the files'
    if (vp_map_get (args, VP_K_PAGES))
        sqlite3_bind_int64 (stmt, 25, vp_map_int (args, VP_K_PAGES, 0));
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    free (meeting);
    return rc == SQLITE_DONE ? 0 : vp_db_error (self->db, err, "document");
}

//  documents.registered: the fields of the event from the row.
static vp_val_t *
s_registered_data (const vp_val_t *row, vp_val_t *refs)
{
    static const char *const keys[] = {
        "document", "book", "arrival_number", "year", "issuer", "number", "doc_date", "type", "summary",
        "urgency", "secrecy", "arrived_at", "receiving_body", "field", "meeting", "note", NULL
    };
    vp_val_t *data = vp_val_map ();
    for (int i = 0; keys[i]; i++) {
        const vp_val_t *value = vp_map_get (row, keys[i]);
        if (value)
            vp_map_put (data, keys[i], vp_val_dup (value));
    }
    if (vp_val_len (refs))
        vp_map_put (data, VP_K_ATTACHMENTS, refs);
    else
        vp_val_destroy (&refs);
    return data;
}

//  Route the document: pick the post, hand it over. When nobody can be
//  found for it, the document stays registered (the office head assigns
//  it by hand) and *why says so; a failing database fails the whole.
static int
s_route (doc_service_t *self, vp_cmdctx_t *ctx, vp_val_t *row, char why[400], vp_err_t *err)
{
    const char *document = vp_map_str (row, VP_K_DOCUMENT);
    char post[VP_STAFF_ID_MAX] = "";
    vp_err_t route_err = { 0 };
    why[0] = 0;
    if (vp_db_run (self->db, "SAVEPOINT doc_register_route", NULL))
        return vp_db_error (self->db, err, "routing");
    int rc = doc_route_pick (self, ctx->tenant, row, vp_clock_now (), post, why, &route_err);
    if (rc == 0)
        rc = doc_route_assign (self, ctx, ctx->tenant, row, post, NULL, why, &route_err);
    if (rc == 0) {
        vp_db_run (self->db, "RELEASE doc_register_route", NULL);
        return 0;
    }
    sqlite3_exec (self->db, "ROLLBACK TO doc_register_route", NULL, NULL, NULL);
    sqlite3_exec (self->db, "RELEASE doc_register_route", NULL, NULL, NULL);
    if (route_err.code == VP_E_UNAVAILABLE || route_err.code == VP_E_INTERNAL) {
        *err = route_err;
        return -1;
    }
    snprintf (why, 400, "%s", route_err.message);
    vp_warn ("%s %s not routed: %s", ctx->tenant, document, route_err.message);
    return doc_history_add (self, ctx->tenant, document, "documents", "not_routed", route_err.message, err);
}

static int
s_register_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    s_intake_t in;
    if (s_intake (self, ctx, args, &in, err))
        return -1;
    char *issuer_key = s_issuer_key (in.issuer);
    char *number_key = s_number_key (in.number);
    char document[VP_STAFF_ID_MAX], why[400], detail[512];
    int64_t arrival_number = 0, rowid = 0;
    vp_val_t *row = NULL;
    int rc = -1;
    if (s_duplicate_check (self, ctx, &in, issuer_key, number_key, err)
    ||  doc_books_ensure (self, ctx->tenant, err)
    ||  s_arrival_number (self, ctx->tenant, in.book, in.year, &arrival_number, err)
    ||  s_rowid (self, in.arrived_at, &rowid, err)
    ||  vp_service_next_id (self->service, ctx->tenant, "d", document, sizeof document, err)
    ||  s_insert (self, ctx, args, &in, rowid, document, strtoll (document + 2, NULL, 10), arrival_number,
                  issuer_key, number_key, err))
        goto done;
    vp_val_t *refs = vp_val_array ();
    if (doc_attachments_add (self, ctx->tenant, document, vp_map_get (args, VP_K_ATTACHMENTS), refs, err)) {
        vp_val_destroy (&refs);
        goto done;
    }
    row = doc_access_row (self, ctx->tenant, document);
    if (!row) {
        vp_val_destroy (&refs);
        vp_err_set (err, VP_E_INTERNAL, VP_K_DOCUMENT, "document \"%s\" vanished while being registered", document);
        goto done;
    }
    snprintf (detail, sizeof detail, "số đến %02lld/%d, %s (%s)", (long long) arrival_number, in.year,
              in.book_name, in.book);
    vp_val_t *data = s_registered_data (row, refs);
    if (doc_search_index (self, rowid, row, err)
    ||  doc_history_add (self, ctx->tenant, document, ctx->actor, "registered", detail, err)) {
        vp_val_destroy (&data);
        goto done;
    }
    if (doc_emit (self, ctx, ctx->tenant, "registered", data, err)
    ||  s_route (self, ctx, row, why, err))
        goto done;
    s_document_val (self, row, result);         //  the row, as routed
    vp_map_put_bool (result, "routed", vp_map_str (row, VP_K_OFFICER) != NULL);
    if (!vp_map_str (row, VP_K_OFFICER))
        vp_map_put_str (result, "routing", why);
    rc = 0;
done:
    vp_val_destroy (&row);
    free (issuer_key);
    free (number_key);
    return rc;
}

int
doc_register_intake (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    return s_register_tx (ctx, args, result, err);
}


//  --------------------------------------------------------------------------
//  get, history, comment

//  The document whose arrival number is {arrival_number, year, book?},
//  into document; -1 with not_found when the actor sees none, and
//  failed_precondition naming them when several books have that number.
static int
s_get_by_arrival (doc_service_t *self, vp_cmdctx_t *ctx, const vp_val_t *args,
                  char document[VP_STAFF_ID_MAX], vp_err_t *err)
{
    int64_t number = vp_map_int (args, VP_K_ARRIVAL_NUMBER, 0);
    int64_t year = vp_map_int (args, VP_K_YEAR, 0);
    const char *book = vp_map_str (args, VP_K_BOOK);
    if (!vp_map_get (args, VP_K_YEAR))
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_YEAR,
                           "year is needed with arrival_number %lld (số đến %02lld/<year>)",
                           (long long) number, (long long) number);
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT document, book, secrecy FROM doc_document"
        " WHERE tenant = ?1 AND arrival_number = ?2 AND year = ?3 AND (?4 IS NULL OR book = ?4)"
        " ORDER BY book", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 2, number);
    sqlite3_bind_int64 (stmt, 3, year);
    sqlite3_bind_text (stmt, 4, book, -1, SQLITE_STATIC);      //  NULL binds NULL: any book
    char found[400] = "";
    size_t at = 0;
    int count = 0;
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        //  A secret document beyond the actor's clearance is not there.
        if (!doc_access_sees (self, ctx, (const char *) sqlite3_column_text (stmt, 2)))
            continue;
        if (count++ == 0)
            snprintf (document, VP_STAFF_ID_MAX, "%s", (const char *) sqlite3_column_text (stmt, 0));
        if (at < sizeof found)
            at += (size_t) snprintf (found + at, sizeof found - at, "%s%s (%s)", count > 1 ? ", " : "",
                                     (const char *) sqlite3_column_text (stmt, 0),
                                     (const char *) sqlite3_column_text (stmt, 1));
    }
    sqlite3_reset (stmt);
    if (count == 0)
        return vp_err_set (err, VP_E_NOT_FOUND, VP_K_ARRIVAL_NUMBER,
                           "no document with số đến %02lld/%lld%s%s in tenant \"%s\"", (long long) number,
                           (long long) year, book ? " in book " : "", book ? book : "", ctx->tenant);
    if (count > 1)
        return vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_BOOK,
                           "số đến %02lld/%lld is in %d books: %s; give book", (long long) number,
                           (long long) year, count, found);
    return 0;
}

//  The document a get names, by id or by arrival number, if the actor may
//  see it.
static vp_val_t *
s_get_load (doc_service_t *self, vp_cmdctx_t *ctx, const vp_val_t *args, vp_err_t *err)
{
    char document[VP_STAFF_ID_MAX] = "";
    if (vp_map_str (args, VP_K_DOCUMENT))
        snprintf (document, sizeof document, "%s", vp_map_str (args, VP_K_DOCUMENT));
    else
    if (!vp_map_get (args, VP_K_ARRIVAL_NUMBER)) {
        vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_DOCUMENT, "give document, or arrival_number and year");
        return NULL;
    }
    else
    if (s_get_by_arrival (self, ctx, args, document, err))
        return NULL;
    return doc_access_load (self, ctx, document, err);
}

//  Is this get the assignee's first look at the document (đã xem)? Their
//  "viewed" step in its history says they have looked already.
static bool
s_first_view (doc_service_t *self, vp_cmdctx_t *ctx, const vp_val_t *row)
{
    const char *officer = vp_map_str (row, VP_K_OFFICER);
    if (!officer || strcmp (officer, ctx->actor) != 0)
        return false;
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT 1 FROM doc_history WHERE tenant = ?1 AND document = ?2 AND step = 'viewed' AND actor = ?3", NULL);
    if (!stmt)
        return false;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, vp_map_str (row, VP_K_DOCUMENT), -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, officer, -1, SQLITE_STATIC);
    bool seen = sqlite3_step (stmt) == SQLITE_ROW;
    sqlite3_reset (stmt);
    return !seen;
}

//  The get as a change: the assignee's first look is recorded in the
//  history and told (documents.viewed) in the same transaction, so it is
//  told once however many gets race for it.
static int
s_get_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    vp_val_t *row = s_get_load (self, ctx, args, err);
    if (!row)
        return -1;
    int rc = 0;
    if (s_first_view (self, ctx, row)) {
        const char *document = vp_map_str (row, VP_K_DOCUMENT);
        vp_val_t *data = vp_val_map ();
        vp_map_put_str (data, VP_K_DOCUMENT, document);
        vp_map_put_str (data, VP_K_OFFICER, ctx->actor);
        vp_map_put_str (data, VP_K_NUMBER, vp_map_str (row, VP_K_NUMBER));
        vp_map_put_str (data, VP_K_SUMMARY, vp_map_str (row, VP_K_SUMMARY));
        //  The event first: it takes data, whatever happens.
        if (doc_emit (self, ctx, ctx->tenant, "viewed", data, err)
        ||  doc_history_add (self, ctx->tenant, document, ctx->actor, "viewed", "", err))
            rc = -1;
    }
    if (rc == 0)
        rc = doc_trail_note (self, ctx, vp_map_str (row, VP_K_DOCUMENT), "opened", err);
    if (rc == 0)
        s_document_val (self, row, result);
    vp_val_destroy (&row);
    return rc;
}

//  {document} or {arrival_number, year, book?} -> the document, its
//  assignment, comments and history. A read, except for the assignee's
//  first look, which runs as a change.
static int
s_get (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    vp_val_t *row = s_get_load (self, ctx, args, err);
    if (!row)
        return -1;
    if (s_first_view (self, ctx, row)) {
        vp_val_destroy (&row);
        return vp_cmd_change (ctx, args, result, err, s_get_tx);
    }
    //  Every look is kept (doc_trail), in the batch's transaction when
    //  one is open, else on its own.
    if (doc_trail_note (self, ctx, vp_map_str (row, VP_K_DOCUMENT), "opened", err)) {
        vp_val_destroy (&row);
        return -1;
    }
    s_document_val (self, row, result);
    vp_val_destroy (&row);
    return 0;
}

//  {document} -> {document, history: [{at, actor, actor_name, step, detail}]}
static int
s_history (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *document = vp_map_str (args, VP_K_DOCUMENT);
    vp_val_t *row = doc_access_load (self, ctx, document, err);
    if (!row)
        return -1;
    vp_val_destroy (&row);
    vp_map_put_str (result, VP_K_DOCUMENT, document);
    vp_map_put (result, "history", s_rows (self,
        "SELECT h.at, h.actor, " VP_STAFF_SQL_OFFICER_NAME ("h.actor") " AS actor_name, h.step, h.detail,"
        " h.principal, h.role, h.session FROM doc_history h"
        " WHERE h.tenant = ?1 AND h.document = ?2 ORDER BY h.at, h.rowid", ctx->tenant, document));
    return 0;
}

//  {document, text} -> {document, at, actor, text}
static int
s_comment_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *document = vp_map_str (args, VP_K_DOCUMENT);
    const char *text = vp_map_str (args, VP_K_TEXT);
    char folded[8];
    if (!*vp_text_fold (text, folded, sizeof folded))
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_TEXT, "text \"%s\" has no letters or digits", text);
    vp_val_t *row = doc_access_load (self, ctx, document, err);
    if (!row)
        return -1;
    vp_val_destroy (&row);
    vp_val_t *data = vp_val_map ();
    vp_map_put_str (data, VP_K_DOCUMENT, document);
    vp_map_put_str (data, VP_K_TEXT, text);
    if (doc_history_add (self, ctx->tenant, document, ctx->actor, "comment", text, err)
    ||  doc_emit (self, ctx, ctx->tenant, "commented", data, err))
        return -1;
    vp_map_put_str (result, VP_K_DOCUMENT, document);
    vp_map_put_int (result, VP_K_AT, vp_clock_now ());
    vp_map_put_str (result, VP_K_ACTOR, ctx->actor);
    vp_map_put_str (result, VP_K_TEXT, text);
    return 0;
}


static const vp_cmd_t s_commands[] = {
    { VP_C_DOCUMENTS_REGISTER, s_register_tx, true, .changes = true },
    { VP_C_DOCUMENTS_GET, s_get, true },
    { VP_C_DOCUMENTS_HISTORY, s_history, true },
    { VP_C_DOCUMENTS_COMMENT, s_comment_tx, true, .changes = true },
    { NULL }
};

void
doc_register_register (doc_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
