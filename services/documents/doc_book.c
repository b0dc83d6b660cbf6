/*  doc_book - the books of incoming documents (sổ đăng ký văn bản đến):
    which book a document goes to, the books of a tenant, and the register
    of a book and year in Decree 30's columns (documents.register_book).

    Books are configuration with a default per tenant: `den-dang` for
    Party issuers and `den-chinh-quyen` for state ones, made the first
    time a tenant registers or lists them.
*/
#include <string.h>
#include "doc_access.h"
#include "vp/vp_vocab.h"
#include "vp/vp_fields.h"

#define S_BOOK_PARTY "den-dang"
#define S_BOOK_STATE "den-chinh-quyen"

static const struct {
    const char *book, *name, *kind;
} s_default_books[] = {
    { S_BOOK_PARTY, "Sổ văn bản đến – Đảng", "party" },
    { S_BOOK_STATE, "Sổ văn bản đến – Chính quyền", "state" },
};

//  Folded phrases that make an issuer a Party body, as whole words.
static const char *const s_party_phrases[] = {
    "dang", "dang uy", "dang bo", "huyen uy", "tinh uy", "thanh uy", "thi uy", "quan uy",
    "ubkt", "uy ban kiem tra", "chi bo", "ban chap hanh", "ban thuong vu", "ban bi thu",
    "bo chinh tri", "ban tuyen giao", "ban dan van", NULL
};

//  Abbreviations of Party bodies (lower case, đ kept): a whole token of
//  the issuer written in capitals ("ĐU xã Lam Sơn") or after '/' or '-'
//  ("Ban Tuyên giáo/HU").
static const char *const s_party_abbrs[] = { "đu", "hu", "tu", "tw", "ubkt", "đuk", "qu", "btv", NULL };

static bool
s_has_phrase (const char *text, const char *phrase)
{
    size_t len = strlen (phrase);
    for (const char *at = strstr (text, phrase); at; at = strstr (at + 1, phrase))
        if ((at == text || at[-1] == ' ') && (at[len] == 0 || at[len] == ' '))
            return true;
    return false;
}

//  A token of the raw issuer (between blanks and / - . , ; : ( )) that is
//  a Party abbreviation.
static bool
s_has_abbr (const char *issuer)
{
    const char *p = issuer;
    while (*p) {
        size_t skip = strspn (p, " \t/-.,;:()");
        char before = skip && p > issuer ? p[skip - 1] : (p > issuer ? p[-1] : ' ');
        p += skip;
        size_t len = strcspn (p, " \t/-.,;:()");
        if (len == 0)
            break;
        //  Lower the token (ASCII, and Đ to đ) and see whether it was all
        //  capitals.
        char token[32];
        bool capitals = true;
        size_t out = 0;
        for (size_t i = 0; i < len && out + 3 < sizeof token; ) {
            unsigned char c = (unsigned char) p[i];
            if (c == 0xC4 && i + 1 < len && (unsigned char) p[i + 1] == 0x90) {     //  Đ
                token[out++] = (char) 0xC4;
                token[out++] = (char) 0x91;
                i += 2;
            }
            else {
                if (c >= 'a' && c <= 'z')
                    capitals = false;
                else
                if (c == 0xC4 && i + 1 < len && (unsigned char) p[i + 1] == 0x91)
                    capitals = false;
                token[out++] = (char) (c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
                i++;
            }
        }
        token[out] = 0;
        if (capitals || before == '/' || before == '-')
            for (int i = 0; s_party_abbrs[i]; i++)
                if (strcmp (token, s_party_abbrs[i]) == 0)
                    return true;
        p += len;
    }
    return false;
}

//  A Party document: by its issuer, or else by a number written the
//  Party way ("07-ĐA/HU": number, '-', type, '/', issuer).
static bool
s_party (const char *issuer, const char *number)
{
    size_t size = strlen (issuer) + 1;
    char *folded = (char *) malloc (size);
    vp_text_fold (issuer, folded, size);
    bool party = false;
    for (int i = 0; !party && s_party_phrases[i]; i++)
        party = s_has_phrase (folded, s_party_phrases[i]);
    free (folded);
    if (party || s_has_abbr (issuer))
        return true;
    const char *p = number + strspn (number, " ");
    size_t digits = strspn (p, "0123456789");
    return digits > 0 && p[digits] == '-' && strchr (p + digits, '/') != NULL;
}

//  The default books of a tenant exist from its first registration on.
int
doc_books_ensure (doc_service_t *self, const char *tenant, vp_err_t *err)
{
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT OR IGNORE INTO doc_book (tenant, book, name, kind) VALUES (?1, ?2, ?3, ?4)", err);
    if (!stmt)
        return -1;
    for (size_t i = 0; i < sizeof s_default_books / sizeof s_default_books[0]; i++) {
        sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, s_default_books[i].book, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 3, s_default_books[i].name, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 4, s_default_books[i].kind, -1, SQLITE_STATIC);
        int rc = sqlite3_step (stmt);
        sqlite3_reset (stmt);
        if (rc != SQLITE_DONE)
            return vp_db_error (self->db, err, "books");
    }
    return 0;
}

//  The name of a book of the tenant (the defaults count even before they
//  are made); not_found naming it otherwise.
int
doc_book_need (doc_service_t *self, const char *tenant, const char *book, char name[201], vp_err_t *err)
{
    for (size_t i = 0; i < sizeof s_default_books / sizeof s_default_books[0]; i++)
        if (strcmp (book, s_default_books[i].book) == 0) {
            snprintf (name, 201, "%s", s_default_books[i].name);
            return 0;
        }
    sqlite3_stmt *stmt = vp_db_cached (self->db, "SELECT name FROM doc_book WHERE tenant = ?1 AND book = ?2", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, book, -1, SQLITE_STATIC);
    bool found = sqlite3_step (stmt) == SQLITE_ROW;
    if (found)
        snprintf (name, 201, "%s", (const char *) sqlite3_column_text (stmt, 0));
    sqlite3_reset (stmt);
    if (!found)
        return vp_err_set (err, VP_E_NOT_FOUND, VP_K_BOOK, "book \"%s\" does not exist in tenant \"%s\" (books: %s, %s)",
                           book, tenant, S_BOOK_PARTY, S_BOOK_STATE);
    return 0;
}

//  The default book of an issuer's document: the Party's or the state's.
const char *
doc_book_default (const char *issuer, const char *number)
{
    return s_party (issuer, number) ? S_BOOK_PARTY : S_BOOK_STATE;
}

static const char *const s_columns[] = {
    "Số đến", "Ngày đến", "Tác giả", "Số, ký hiệu", "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung", "Đơn vị hoặc người nhận", "Ký nhận", "Ghi chú", NULL
};

//  {book, year} -> {book, name, year, columns: [...], rows: [[...], ...]}:
//  one row per document in arrival order, the columns of the register
//  in their order. A secret document the actor is not cleared for keeps
//  its number and date (a register has no gaps) and nothing else.
static int
s_register_book (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *book = vp_map_str (args, VP_K_BOOK);
    int64_t year = vp_map_int (args, VP_K_YEAR, 0);
    char name[201], zone[64];
    if (doc_book_need (self, ctx->tenant, book, name, err))
        return -1;
    doc_zone (self, ctx->tenant, zone);
    int clearance = doc_access_clearance (self, ctx);
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT d.document, d.arrival_number, d.arrived_at, d.urgency, d.secrecy, d.issuer, d.number,"
        " d.doc_date, d.type, d.summary, " VP_STAFF_SQL_POST_TITLE ("d.tenant", "d.post") ","
        " " VP_STAFF_SQL_OFFICER_NAME ("d.officer") ", d.note FROM doc_document d"
        " WHERE d.tenant = ?1 AND d.book = ?2 AND d.year = ?3 ORDER BY d.arrival_number", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, book, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 3, year);
    vp_val_t *columns = vp_val_array ();
    for (int i = 0; s_columns[i]; i++)
        vp_array_push (columns, vp_val_str (s_columns[i]));
    vp_val_t *rows = vp_val_array ();
    vp_val_t *documents = vp_val_array ();
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        #define S_TEXT(i) (sqlite3_column_type (stmt, i) == SQLITE_TEXT ? (const char *) sqlite3_column_text (stmt, i) : "")
        const char *urgency = S_TEXT (3), *secrecy = S_TEXT (4);
        int level = vp_secrecy_parse (secrecy);
        bool sees = level >= 0 && level <= clearance;
        char arrived[32], dated[32], receiver[420], note[2100];
        doc_date (sqlite3_column_int64 (stmt, 2), zone, vp_urgent (urgency), arrived);
        doc_date (sqlite3_column_int64 (stmt, 7), zone, false, dated);
        const vp_doc_type_t *type = vp_doc_type (S_TEXT (8));
        const char *title = S_TEXT (10), *officer = S_TEXT (11);
        snprintf (receiver, sizeof receiver, "%s%s%s", title, *title && *officer ? " / " : "", officer);
        //  The note column also carries the marks of urgency and secrecy.
        const char *marks[2] = {
            vp_urgency_level (urgency) > 0 ? vp_urgency_title (urgency) : "",
            level > 0 ? vp_secrecy_title (secrecy) : ""
        };
        snprintf (note, sizeof note, "%s%s%s%s%s", marks[0], *marks[0] && *marks[1] ? ", " : "", marks[1],
                  (*marks[0] || *marks[1]) && *S_TEXT (12) && sees ? "; " : "", sees ? S_TEXT (12) : "");
        vp_val_t *row = vp_val_array ();
        vp_array_push (row, vp_val_strf ("%02lld", (long long) sqlite3_column_int64 (stmt, 1)));
        vp_array_push (row, vp_val_str (arrived));
        vp_array_push (row, vp_val_str (sees ? S_TEXT (5) : ""));
        vp_array_push (row, vp_val_str (sees ? S_TEXT (6) : ""));
        vp_array_push (row, vp_val_str (sees ? dated : ""));
        if (sees)
            vp_array_push (row, vp_val_strf ("%s: %s", type ? type->name : S_TEXT (8), S_TEXT (9)));
        else
            vp_array_push (row, vp_val_str (""));
        vp_array_push (row, vp_val_str (sees ? receiver : ""));
        vp_array_push (row, vp_val_str (""));
        vp_array_push (row, vp_val_str (note));
        vp_array_push (rows, row);
        vp_array_push (documents, vp_val_str (sees ? S_TEXT (0) : ""));
        #undef S_TEXT
    }
    sqlite3_reset (stmt);
    vp_map_put_str (result, VP_K_BOOK, book);
    vp_map_put_str (result, VP_K_NAME, name);
    vp_map_put_int (result, VP_K_YEAR, year);
    vp_map_put (result, "columns", columns);
    vp_map_put (result, "rows", rows);
    vp_map_put (result, VP_K_DOCUMENTS, documents);
    return 0;
}

//  {book, name, kind}: books are configuration; the defaults exist first.
static int
s_book_set_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    if (doc_books_ensure (self, ctx->tenant, err))
        return -1;
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT INTO doc_book (tenant, book, name, kind) VALUES (?1, ?2, ?3, ?4)"
        " ON CONFLICT (tenant, book) DO UPDATE SET name = excluded.name, kind = excluded.kind", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, vp_map_str (args, VP_K_BOOK), -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, vp_map_str (args, VP_K_NAME), -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 4, vp_map_str (args, VP_K_KIND), -1, SQLITE_STATIC);
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE)
        return vp_db_error (self->db, err, "book");
    vp_map_put_all (result, args);
    return doc_emit_config (self, ctx, "book", result, err);
}

static int
s_book_list_tx (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    if (doc_books_ensure (self, ctx->tenant, err))
        return -1;
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT book, name, kind, last_year, last_number FROM doc_book WHERE tenant = ?1 ORDER BY book", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    vp_map_put (result, "books", vp_db_rows (stmt));
    return 0;
}

static int
s_book_list (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    //  A change: the default books are made on first use.
    return vp_cmd_change (ctx, args, result, err, s_book_list_tx);
}

int
doc_register_book (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    return s_register_book (ctx, args, result, err);
}

static const vp_cmd_t s_commands[] = {
    { VP_C_DOCUMENTS_BOOK_SET, s_book_set_tx, true, .changes = true },
    { VP_C_DOCUMENTS_BOOK_LIST, s_book_list, true },
    { VP_C_DOCUMENTS_REGISTER_BOOK, s_register_book, true },
    { NULL }
};

void
doc_book_register (doc_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
