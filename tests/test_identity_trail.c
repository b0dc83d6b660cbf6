/*  The trail in vp-documents: each step of a document names the key, role
    and session behind it; every look (opened by documents.get, downloaded
    and printed noted by the reader) is kept, readable by the office head
    and admins only; a document the reader may not see is not_found when
    noted, as one that does not exist. */
#include "testutil.h"

#define LS "lam-son"
#define CLERK "ls-nguyen-van-cong"          //  clearance mat
#define HEAD "ls-phan-thi-mau-truong"       //  Tổ trưởng Văn phòng
#define LAND "ls-dang-thi-mau-tam"          //  Địa chính, clearance thuong
#define GST_HEAD "gst-vu-thi-mau-truong"

//  The history rows of document, as the database keeps them, joined as
//  "step:principal:role:session;..."
static char *
s_trail (const char *db, const char *document)
{
    sqlite3 *conn = NULL;
    TU_CHECK (sqlite3_open_v2 (db, &conn, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK, "open %s", db);
    sqlite3_stmt *stmt = NULL;
    TU_CHECK (sqlite3_prepare_v2 (conn, "SELECT step, principal, role, session FROM doc_history"
                                        " WHERE document = ?1 ORDER BY rowid", -1, &stmt, NULL) == SQLITE_OK,
              "%s", sqlite3_errmsg (conn));
    sqlite3_bind_text (stmt, 1, document, -1, SQLITE_STATIC);
    char *out = zsys_sprintf ("%s", "");
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        char *next = zsys_sprintf ("%s%s:%s:%s:%s;", out, sqlite3_column_text (stmt, 0),
                                   sqlite3_column_text (stmt, 1), sqlite3_column_text (stmt, 2),
                                   sqlite3_column_text (stmt, 3));
        zstr_free (&out);
        out = next;
    }
    sqlite3_finalize (stmt);
    sqlite3_close (conn);
    return out;
}

int
main (void)
{
    tu_stack_t stack;
    tu_stack_start (&stack, "identity-trail", true);
    vp_cmdcli_t *clerk = tu_stack_officer (&stack, "documents", LS, CLERK);
    vp_cmdcli_t *head = tu_stack_officer (&stack, "documents", LS, HEAD);
    vp_cmdcli_t *land = tu_stack_officer (&stack, "documents", LS, LAND);
    vp_cmdcli_t *session = tu_stack_client (&stack, "documents");
    vp_cmdcli_t *admin = tu_stack_admin (&stack, "documents");
    vp_cmdcli_t *other_head = tu_stack_officer (&stack, "documents", "giang-son-tay", GST_HEAD);
    char db[1300];
    snprintf (db, sizeof db, "%s/data/documents.db", stack.bus.dir);

    //  Registered with the clerk's key; started by the assignee through the
    //  gateway's session.
    vp_val_t *r = tu_ok_call (clerk, LS, NULL, "documents.register", "issuer=UBND huyện Đô Lương",
                              "number=45/UBND-VP", "doc_date=20/11/2026", "type=cong-van", "field=dat-dai",
                              "summary=Rà soát đất công", "arrived_at=24/11/2026 08:00");
    char plain[64], secret[64], assignee[64];
    snprintf (plain, sizeof plain, "%s", tu_str (r, "document"));
    snprintf (assignee, sizeof assignee, "%s", tu_str (r, "officer"));
    vp_val_destroy (&r);
    r = tu_ok_call (clerk, LS, NULL, "documents.register", "issuer=Công an huyện Đô Lương",
                    "number=88/CAH-ANND", "doc_date=25/11/2026", "type=ke-hoach", "secrecy=mat",
                    "summary=Kế hoạch bảo vệ an ninh", "arrived_at=26/11/2026 14:00");
    snprintf (secret, sizeof secret, "%s", tu_str (r, "document"));
    vp_val_destroy (&r);
    char word[96];
    snprintf (word, sizeof word, "document=%s", plain);
    tu_drop (tu_ok_call (session, LS, assignee, "documents.start", word));
    char *trail = s_trail (db, plain);
    char want[400];
    snprintf (want, sizeof want, "registered:%s:officer:;", CLERK);
    CHECK (strstr (trail, want), "the registration's step: %s", trail);
    snprintf (want, sizeof want, "in_progress:%s:gateway:%s;", TU_GATEWAY, TU_SESSION);
    CHECK (strstr (trail, want), "the start through the gateway: %s", trail);
    tu_ok ("history: %s", trail);
    zstr_free (&trail);

    //  Looks: get notes opened; the reader notes downloaded, printed.
    tu_drop (tu_ok_call (clerk, LS, NULL, "documents.get", word));
    tu_drop (tu_ok_call (session, LS, assignee, "documents.get", word));
    tu_drop (tu_ok_call (clerk, LS, NULL, "documents.access.note", word, "what=downloaded"));
    tu_drop (tu_ok_call (clerk, LS, NULL, "documents.access.note", word, "what=printed"));
    tu_refused (VP_E_INVALID_ARGUMENT, "args.what", "", clerk, LS, NULL, "documents.access.note", word,
                "what=burned");
    //  A document the reader may not see: as one that does not exist.
    char secret_word[96];
    snprintf (secret_word, sizeof secret_word, "document=%s", secret);
    const char *hidden = tu_refused (VP_E_NOT_FOUND, "document", "", land, LS, NULL, "documents.access.note",
                                     secret_word, "what=printed");
    char hidden_msg[400];
    snprintf (hidden_msg, sizeof hidden_msg, "%s", hidden);
    const char *none = tu_refused (VP_E_NOT_FOUND, "document", "", land, LS, NULL, "documents.access.note",
                                   "document=d-9999", "what=printed");
    char *a = strstr (hidden_msg, secret), *b = strstr (none, "d-9999");
    CHECK (a && b && a - hidden_msg == b - none && strcmp (a + strlen (secret), b + 6) == 0,
           "not cleared: \"%s\"; none: \"%s\"", hidden_msg, none);
    tu_refused (VP_E_NOT_FOUND, "document", "", land, LS, NULL, "documents.get", secret_word);
    tu_drop (tu_ok_call (land, LS, NULL, "documents.get", word));
    int64_t kept = tu_sql_int (db, "SELECT count(*) FROM doc_access_log");
    CHECK (kept == 5, "%lld looks kept", (long long) kept);
    tu_ok ("looks kept: 3 opened (get), downloaded, printed; the secret one refused not_found alike: %s",
           hidden_msg);

    //  Who reads the log.
    r = tu_ok_call (head, LS, NULL, "documents.access_log", word);
    vp_val_t *rows = vp_map_get (r, "accesses");
    CHECK (vp_val_len (rows) == 5, "%zu looks at %s", vp_val_len (rows), plain);
    vp_val_t *last = vp_array_at (rows, 0);
    CHECK (streq (tu_str (last, "officer"), LAND) && streq (tu_str (last, "what"), "opened")
           && streq (tu_str (last, "principal"), LAND) && streq (tu_str (last, "role"), "officer"),
           "the latest look: %s %s by key %s", tu_str (last, "officer"), tu_str (last, "what"),
           tu_str (last, "principal"));
    vp_val_t *by_gateway = vp_array_at (rows, 3);
    CHECK (streq (tu_str (by_gateway, "officer"), assignee) && streq (tu_str (by_gateway, "session"), TU_SESSION),
           "the gateway's look: %s session %s", tu_str (by_gateway, "officer"), tu_str (by_gateway, "session"));
    vp_val_destroy (&r);
    r = tu_ok_call (admin, LS, NULL, "documents.access_log", "officer=" CLERK);
    CHECK (vp_val_len (vp_map_get (r, "accesses")) == 3, "the clerk's looks: %zu",
           vp_val_len (vp_map_get (r, "accesses")));
    vp_val_destroy (&r);
    tu_refused (VP_E_PERMISSION_DENIED, "actor", "", clerk, LS, NULL, "documents.access_log", word);
    tu_refused (VP_E_PERMISSION_DENIED, "tenant", "", other_head, LS, NULL, "documents.access_log", word);
    r = tu_ok_call (other_head, "giang-son-tay", NULL, "documents.access_log", "limit=10");
    CHECK (vp_val_len (vp_map_get (r, "accesses")) == 0, "another commune's log holds lam-son's looks");
    vp_val_destroy (&r);
    tu_ok ("the log: for the office head and the admin; not the clerk, not another commune's head");

    vp_cmdcli_destroy (&clerk);
    vp_cmdcli_destroy (&head);
    vp_cmdcli_destroy (&land);
    vp_cmdcli_destroy (&session);
    vp_cmdcli_destroy (&admin);
    vp_cmdcli_destroy (&other_head);
    tu_stack_stop (&stack);
    printf ("%d checks\n", tu_checks);
    return tu_failed ? 1 : 0;
}
