/*  test_secrecy_documents - documents.get, history, search and the
    register book, for every kind of reader (part of test_secrecy_paths).

    Only the cleared officer of the commune reads a secret document: get
    (by id and by arrival number) and history show its summary, note,
    comments, attachment and result; search finds it; the register book
    has its row whole. An officer not cleared for it, one of another
    commune and an operator get not_found or permission_denied, and
    nothing of its text, on every one of these paths.
*/
#include <string.h>
#include "test_secrecy.h"

static const char *
s_word (const char *key, const char *value)
{
    static char words[16][300];
    static int n;
    char *w = words[n++ % 16];
    snprintf (w, 300, "%s=%s", key, value);
    return w;
}

static const char *
s_int_word (const char *key, int64_t value)
{
    static char words[8][64];
    static int n;
    char *w = words[n++ % 8];
    snprintf (w, 64, "%s=%lld", key, (long long) value);
    return w;
}

//  "d-3 (Mật Giấy mời) as ls-..."
static const char *
s_where (const sec_doc_t *d, const char *who)
{
    static char where[4][200];
    static int n;
    char *w = where[n++ % 4];
    snprintf (w, 200, "%s (%s %s) as %s", d->id, sec_level_name[d->level], d->invitation ? "Giấy mời" : "công văn",
              who);
    return w;
}

//  A refusal of one of codes (a reader who must not see the document),
//  with no marker in its message.
static void
s_refused (int line, sec_reader_t reader, int cleared, const char *path, const char *where, char *text,
           const vp_code_t *code, vp_code_t want)
{
    //  code is read here, after the call that made text set it.
    CHECK (*code == want, "line %d: %s, %s: expected %s, got: %s", line, path, where,
           vp_code_name (want), text);
    sec_none_at (line, reader, cleared, path, where, text, strlen (text));
    free (text);
}

//  The cleared officer sees every text of the document, nothing of a
//  level above their own.
static void
s_cleared (const sec_doc_t *d)
{
    const char *who = d->level ? sec_cleared (d->level) : LS_DIA_CHINH;
    sec_reader_t reader = d->level ? SEC_CLEARED : SEC_UNCLEARED;
    int cleared = sec_clearance_of (who);
    vp_code_t code;
    char file[160];
    snprintf (file, sizeof file, "%s-tệp đính kèm.pdf", sec_marker (d->level));
    for (int how = 0; how < 2; how++) {
        char *text = how == 0 ? sec_callw (sec.doc, LS, who, "documents.get", &code, s_word ("document", d->id))
                              : sec_callw (sec.doc, LS, who, "documents.get", &code,
                                           s_int_word ("arrival_number", d->arrival_number),
                                           s_int_word ("year", d->year), s_word ("book", d->book));
        CHECK (code == VP_OK, "%s: %s", s_where (d, who), text);
        const char *path = how == 0 ? "documents.get" : "documents.get (số đến)";
        sec_sees (reader, path, s_where (d, who), text,
                  sec_text (d->level, d->invitation ? "trích yếu giấy mời" : "trích yếu công văn"));
        sec_sees (reader, path, s_where (d, who), text, sec_text (d->level, "ghi chú"));
        sec_sees (reader, path, s_where (d, who), text, sec_text (d->level, "ý kiến"));
        sec_sees (reader, path, s_where (d, who), text, file);
        if (d->done)
            sec_sees (reader, path, s_where (d, who), text, sec_text (d->level, "kết quả xử lý"));
        if (*d->step)
            sec_sees (reader, path, s_where (d, who), text, d->step);
        sec_none (reader, cleared, path, s_where (d, who), text);
        free (text);
    }
    char *text = sec_callw (sec.doc, LS, who, "documents.history", &code, s_word ("document", d->id));
    CHECK (code == VP_OK, "%s: %s", s_where (d, who), text);
    sec_sees (reader, "documents.history", s_where (d, who), text, sec_text (d->level, "ý kiến"));
    if (d->done)
        sec_sees (reader, "documents.history", s_where (d, who), text, sec_text (d->level, "kết quả xử lý"));
    if (*d->step)
        sec_sees (reader, "documents.history", s_where (d, who), text, d->step);
    sec_none (reader, cleared, "documents.history", s_where (d, who), text);
    free (text);
}

//  Every way in of someone who must not see it: not_found (an officer
//  of the commune), permission_denied (another commune, an operator).
static void
s_others (const sec_doc_t *d, vp_cmdcli_t *other, vp_cmdcli_t *other_gw, vp_cmdcli_t *op)
{
    vp_code_t code;
    for (int i = 0; d->uncleared[i]; i++) {
        const char *who = d->uncleared[i];
        int cleared = sec_clearance_of (who);
        const char *where = s_where (d, who);
        s_refused (__LINE__, SEC_UNCLEARED, cleared, "documents.get", where,
                   sec_callw (sec.doc, LS, who, "documents.get", &code, s_word ("document", d->id)),
                   &code, VP_E_NOT_FOUND);
        s_refused (__LINE__, SEC_UNCLEARED, cleared, "documents.get (số đến)", where,
                   sec_callw (sec.doc, LS, who, "documents.get", &code, s_int_word ("arrival_number", d->arrival_number),
                              s_int_word ("year", d->year), s_word ("book", d->book)),
                   &code, VP_E_NOT_FOUND);
        s_refused (__LINE__, SEC_UNCLEARED, cleared, "documents.history", where,
                   sec_callw (sec.doc, LS, who, "documents.history", &code, s_word ("document", d->id)),
                   &code, VP_E_NOT_FOUND);
        //  A change tried on it says no more than a read.
        s_refused (__LINE__, SEC_UNCLEARED, cleared, "documents.comment", where,
                   sec_callw (sec.doc, LS, who, "documents.comment", &code, s_word ("document", d->id),
                              "text=Xin cho biết nội dung"),
                   &code, VP_E_NOT_FOUND);
    }
    //  Another commune's Bí thư, with his own key and through vp-web; an
    //  operator.
    s_refused (__LINE__, SEC_OTHER, -1, "documents.get (số đến)", s_where (d, GST_BI_THU " (own key, tenant lam-son)"),
               sec_callw (other, LS, GST_BI_THU, "documents.get", &code, s_int_word ("arrival_number", d->arrival_number),
                          s_int_word ("year", d->year), s_word ("book", d->book)),
               &code, VP_E_PERMISSION_DENIED);
    s_refused (__LINE__, SEC_OTHER, -1, "documents.get (số đến)", s_where (d, GST_BI_THU " (own key, own commune)"),
               sec_callw (other, GST, GST_BI_THU, "documents.get", &code, s_int_word ("arrival_number", d->arrival_number),
                          s_int_word ("year", d->year), s_word ("book", d->book)),
               &code, VP_E_NOT_FOUND);
    s_refused (__LINE__, SEC_OPERATOR, -1, "documents.get (số đến)", s_where (d, "the operator key"),
               sec_callw (op, LS, NULL, "documents.get", &code, s_int_word ("arrival_number", d->arrival_number),
                          s_int_word ("year", d->year), s_word ("book", d->book)),
               &code, VP_E_PERMISSION_DENIED);
    const char *cmds[] = { "documents.get", "documents.history" };
    for (int c = 0; c < 2; c++) {
        s_refused (__LINE__, SEC_OTHER, -1, cmds[c], s_where (d, GST_BI_THU " (own key, tenant lam-son)"),
                   sec_callw (other, LS, GST_BI_THU, cmds[c], &code, s_word ("document", d->id)),
                   &code, VP_E_PERMISSION_DENIED);
        s_refused (__LINE__, SEC_OTHER, -1, cmds[c], s_where (d, GST_BI_THU " (own key, own commune)"),
                   sec_callw (other, GST, GST_BI_THU, cmds[c], &code, s_word ("document", d->id)),
                   &code, VP_E_NOT_FOUND);
        s_refused (__LINE__, SEC_OTHER, -1, cmds[c], s_where (d, GST_BI_THU " (vp-web, tenant lam-son)"),
                   sec_callw (other_gw, LS, GST_BI_THU, cmds[c], &code, s_word ("document", d->id)),
                   &code, VP_E_PERMISSION_DENIED);
        s_refused (__LINE__, SEC_OPERATOR, -1, cmds[c], s_where (d, "the operator key"),
                   sec_callw (op, LS, NULL, cmds[c], &code, s_word ("document", d->id)),
                   &code, VP_E_PERMISSION_DENIED);
    }
}

//  What kind of reader an officer is for a level: cleared for it (a
//  secret level; any level for one cleared for Mật at least), or not.
static sec_reader_t
s_kind (int cleared, int level)
{
    return cleared >= (level > 0 ? level : 1) ? SEC_CLEARED : SEC_UNCLEARED;
}

//  Search and the register book, per reader: the cleared see the rows of
//  their levels, nobody sees a level above their own.
static void
s_search_and_books (vp_cmdcli_t *other, vp_cmdcli_t *op)
{
    static const char *const words[SEC_LEVELS] = { "Đốichứngthường", "Khẩnmậtđặcbiệtmột", "Khẩnmậtđặcbiệthai",
                                                   "Khẩnmậtđặcbiệtba" };
    const char *officers[] = { LS_HEAD, LS_BI_THU, LS_DIA_CHINH, NULL };
    vp_code_t code;
    char where[200];
    for (int o = 0; officers[o]; o++) {
        const char *who = officers[o];
        int cleared = sec_clearance_of (who);
        for (int level = 0; level < SEC_LEVELS; level++) {
            sec_reader_t reader = s_kind (cleared, level);
            snprintf (where, sizeof where, "q=%s as %s", words[level], who);
            char *text = sec_callw (sec.doc, LS, who, "documents.search", &code, s_word ("q", words[level]),
                                    "limit=200");
            CHECK (code == VP_OK, "%s: %s", where, text);
            for (int i = 0; level <= cleared && i < SEC_DOCS; i++)
                if (sec.docs[i].level == level && !sec.docs[i].deleted)
                    sec_sees (reader, "documents.search", where, text,
                              sec_text (level, sec.docs[i].invitation ? "trích yếu giấy mời" : "trích yếu công văn"));
            sec_none (reader, cleared, "documents.search", where, text);
            free (text);
        }
        snprintf (where, sizeof where, "every document, as %s", who);
        char *text = sec_callw (sec.doc, LS, who, "documents.search", &code, "limit=200");
        sec_none (s_kind (cleared, 0), cleared, "documents.search", where, text);
        free (text);
        const char *books[] = { "den-chinh-quyen", "den-dang" };
        for (int b = 0; b < 2; b++) {
            //  den-chinh-quyen holds the control and Mật, den-dang Tối and Tuyệt mật.
            int top = b == 0 ? 1 : 3, low = b == 0 ? 0 : 2;
            sec_reader_t reader = s_kind (cleared, low);
            snprintf (where, sizeof where, "book %s %d as %s", books[b], sec.year, who);
            text = sec_callw (sec.doc, LS, who, "documents.register_book", &code, s_word ("book", books[b]),
                              s_int_word ("year", sec.year));
            CHECK (code == VP_OK, "%s: %s", where, text);
            for (int level = low; level <= top && level <= cleared; level++) {
                sec_sees (reader, "documents.register_book", where, text, sec_text (level, "trích yếu công văn"));
                sec_sees (reader, "documents.register_book", where, text, sec_text (level, "trích yếu giấy mời"));
                sec_sees (reader, "documents.register_book", where, text, sec_text (level, "ghi chú"));
            }
            sec_none (reader, cleared, "documents.register_book", where, text);
            free (text);
        }
    }
    //  Another commune: its own register and search hold none of Lam
    //  Sơn's; Lam Sơn's are refused. An operator's are refused.
    for (int level = 0; level < SEC_LEVELS; level++) {
        snprintf (where, sizeof where, "q=%s as " GST_BI_THU " of " GST, words[level]);
        char *text = sec_callw (other, GST, GST_BI_THU, "documents.search", &code, s_word ("q", words[level]));
        CHECK (code == VP_OK, "%s: %s", where, text);
        sec_none (SEC_OTHER, -1, "documents.search", where, text);
        free (text);
    }
    const char *books[] = { "den-chinh-quyen", "den-dang" };
    for (int b = 0; b < 2; b++) {
        snprintf (where, sizeof where, "book %s as " GST_BI_THU " of " GST, books[b]);
        char *text = sec_callw (other, GST, GST_BI_THU, "documents.register_book", &code, s_word ("book", books[b]),
                                s_int_word ("year", sec.year));
        CHECK (code == VP_OK, "%s: %s", where, text);
        sec_none (SEC_OTHER, -1, "documents.register_book", where, text);
        free (text);
        s_refused (__LINE__, SEC_OTHER, -1, "documents.register_book", "book of lam-son as " GST_BI_THU,
                   sec_callw (other, LS, GST_BI_THU, "documents.register_book", &code, s_word ("book", books[b]),
                              s_int_word ("year", sec.year)), &code, VP_E_PERMISSION_DENIED);
        s_refused (__LINE__, SEC_OPERATOR, -1, "documents.register_book", "book of lam-son as the operator",
                   sec_callw (op, LS, NULL, "documents.register_book", &code, s_word ("book", books[b]), s_int_word ("year", sec.year)),
                   &code, VP_E_PERMISSION_DENIED);
    }
    s_refused (__LINE__, SEC_OTHER, -1, "documents.search", "lam-son as " GST_BI_THU,
               sec_callw (other, LS, GST_BI_THU, "documents.search", &code, "q=Khẩnmậtđặcbiệtmột"),
               &code, VP_E_PERMISSION_DENIED);
    s_refused (__LINE__, SEC_OPERATOR, -1, "documents.search", "lam-son as the operator",
               sec_callw (op, LS, NULL, "documents.search", &code, "q=Khẩnmậtđặcbiệtmột"),
               &code, VP_E_PERMISSION_DENIED);
}

void
sec_probe_documents (void)
{
    vp_cmdcli_t *other = tu_stack_officer (&sec.stack, "documents", GST, GST_BI_THU);
    vp_cmdcli_t *other_gw = tu_stack_client (&sec.stack, "documents");
    vp_cmdcli_t *op = tu_stack_operator (&sec.stack, "documents");
    for (int i = 0; i < SEC_DOCS; i++) {
        s_cleared (&sec.docs[i]);
        s_others (&sec.docs[i], other, other_gw, op);
    }
    s_search_and_books (other, op);
    vp_cmdcli_destroy (&other);
    vp_cmdcli_destroy (&other_gw);
    vp_cmdcli_destroy (&op);
    tu_ok ("documents: only the cleared officer of Lam Sơn reads a secret document (get, số đến, history, search, "
           "register book); the others get not_found or permission_denied and none of its words");
}
