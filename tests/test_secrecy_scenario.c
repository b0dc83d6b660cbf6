/*  test_secrecy_scenario - documents of every level taken through every
    step (part of test_secrecy_paths). Every date is counted from the
    test's clock (sec.start), which every process reads.

    For each level (thường as the control, Mật, Tối mật, Tuyệt mật) an
    incoming công văn and a Giấy mời, each with the level's marker in its
    summary, note, an attachment's file name and content, a comment and
    (most) the result text of documents.done. The công văn are of a field
    whose post is not cleared for them, so routing passes it by; the Giấy
    mời invite a post not cleared for the level (Địa chính) among others,
    and the Tối mật and Tuyệt mật meetings overlap, so the calendar finds
    conflicts. Between them the documents produce every event about a
    document: registered, assigned (routing and reassignments), viewed,
    commented, deadline_changed, due_soon, overdue, status_changed
    (in_progress, done, returned, forwarded, archived), filed and deleted;
    a hỏa tốc one nobody opens in time is escalated to the office head.
    The mistakes people make with secret text (too long, a file name with
    a folder) are refused on the way, and their refusals logged.
*/
#include <string.h>
#include "test_secrecy.h"

#define S_MINUTE (60 * 1000LL)
#define S_HOUR (60 * S_MINUTE)
#define S_DAY (24 * S_HOUR)

static void
s_clock (int64_t ms)
{
    tu_stack_set_clock (&sec.stack, ms);
}

#define OK(cli, actor, ...) tu_drop (tu_ok_call (cli, LS, actor, __VA_ARGS__))

//  --------------------------------------------------------------------------
//  The documents

static sec_doc_t *
s_doc (int level, bool invitation)
{
    return &sec.docs[2 * level + (invitation ? 1 : 0)];
}

//  The meetings: Wednesday for the control, Thursday for the secret ones
//  (Tối mật and Tuyệt mật at the same hour).
static const struct {
    int day, hour, minute, minutes;
    const char *place;
    const char *posts[4];
} s_meetings[SEC_LEVELS] = {
    { 1, 9, 0, 90, "Hội trường UBND xã Lam Sơn", { "dia-chinh", "chu-tich-ubnd", NULL } },
    { 2, 8, 0, 120, "Phòng họp Đảng ủy xã Lam Sơn", { "chu-tich-ubnd", "dia-chinh", NULL } },
    { 2, 14, 0, 120, "Phòng họp Ban Thường vụ Huyện ủy", { "bi-thu", "to-truong-vp", "dia-chinh", NULL } },
    { 2, 14, 30, 60, "Phòng cơ yếu Huyện ủy Đô Lương", { SEC_CO_YEU, "dia-chinh", NULL } },
};

static void
s_register (int level, bool invitation)
{
    sec_doc_t *d = s_doc (level, invitation);
    d->level = level;
    d->invitation = invitation;
    bool party = level >= 2;
    snprintf (d->number, sizeof d->number, party ? "%d-%s/HU" : "%d/%s-UBND", 40 + 2 * level + invitation,
              invitation ? "GM" : "CV");
    vp_val_t *args = vp_val_map ();
    vp_map_put_str (args, "issuer", party ? "Ban Thường vụ Huyện ủy Đô Lương" : "Ủy ban nhân dân huyện Đô Lương");
    vp_map_put_str (args, "number", d->number);
    vp_map_put_int (args, "doc_date", sec.start - S_DAY);
    vp_map_put_str (args, "type", invitation ? "giay-moi" : "cong-van");
    vp_map_put_str (args, "summary", sec_text (level, invitation ? "trích yếu giấy mời" : "trích yếu công văn"));
    vp_map_put_str (args, "secrecy", sec_level_name[level]);
    vp_map_put_str (args, "urgency", level == 2 && !invitation ? "hoa-toc" : level == 1 ? "khan" : "thuong");
    vp_map_put_int (args, "arrived_at", sec.start + level * S_MINUTE + invitation);
    vp_map_put_str (args, "note", sec_text (level, "ghi chú"));
    if (!invitation)
        vp_map_put_str (args, "field", "dat-dai");      //  a post not cleared for it: routing passes it
    else {
        vp_val_t *meeting = vp_val_map ();
        d->start = sec.midnight + s_meetings[level].day * S_DAY
                 + (s_meetings[level].hour * 60 + s_meetings[level].minute) * S_MINUTE;
        d->end = d->start + s_meetings[level].minutes * S_MINUTE;
        d->place = s_meetings[level].place;
        vp_map_put_int (meeting, "start", d->start);
        vp_map_put_int (meeting, "end", d->end);
        vp_map_put_str (meeting, "place", d->place);
        vp_val_t *posts = vp_val_array ();
        for (int i = 0; s_meetings[level].posts[i]; i++)
            vp_array_push (posts, vp_val_str (s_meetings[level].posts[i]));
        vp_map_put (meeting, "invited_posts", posts);
        vp_map_put (args, "meeting", meeting);
    }
    char name[160], content[200];
    snprintf (name, sizeof name, "%s-tệp đính kèm.pdf", sec_marker (level));
    snprintf (content, sizeof content, "%s", sec_text (level, "nội dung tệp"));
    vp_val_t *file = vp_val_map ();
    vp_map_put_str (file, "name", name);
    vp_map_put (file, "content", tu_pdf (content, 1));
    vp_val_t *files = vp_val_array ();
    vp_array_push (files, file);
    vp_map_put (args, "attachments", files);
    vp_val_t *r = tu_ok_args (__LINE__, sec.doc, LS, LS_CLERK, "documents.register", args);
    snprintf (d->id, sizeof d->id, "%s", tu_str (r, "document"));
    snprintf (d->book, sizeof d->book, "%s", tu_str (r, "book"));
    d->arrival_number = vp_map_int (r, "arrival_number", 0);
    d->year = vp_map_int (r, "year", 0);
    d->assignee = level == 0 && !invitation ? LS_DIA_CHINH : sec_cleared (level);
    CHECK (vp_map_bool (r, "routed", false) && strcmp (tu_str (r, "officer"), d->assignee) == 0,
           "%s (%s) went to %s, expected %s: %s", d->id, sec_level_name[level], tu_str (r, "officer"), d->assignee,
           tu_str (r, "routing"));
    vp_val_destroy (&r);
    //  Who of the commune may not read it: Địa chính (thường), invited
    //  to every meeting; the office head (Mật) for the higher levels.
    int n = 0;
    if (level >= 1)
        d->uncleared[n++] = LS_DIA_CHINH;
    if (level >= 2)
        d->uncleared[n++] = LS_HEAD;
    d->uncleared[n] = NULL;
}

//  "year=<the year of the clock>" in the communes' zone.
static const char *
s_year (void)
{
    static char word[32];
    snprintf (word, sizeof word, "year=%d", sec.year);
    return word;
}

//  "key=value", in a static ring of 16.
static const char *
s_word (const char *key, const char *value)
{
    static char words[16][400];
    static int n;
    char *w = words[n++ % 16];
    snprintf (w, 400, "%s=%s", key, value);
    return w;
}

static void
s_get (sec_doc_t *d, const char *actor)
{
    OK (sec.doc, actor, "documents.get", s_word ("document", d->id));
}

static void
s_comment (sec_doc_t *d, const char *actor)
{
    OK (sec.doc, actor, "documents.comment", s_word ("document", d->id), s_word ("text", sec_text (d->level, "ý kiến")));
}

static void
s_start_work (sec_doc_t *d)
{
    OK (sec.doc, d->assignee, "documents.start", s_word ("document", d->id));
}

static void
s_done (sec_doc_t *d)
{
    OK (sec.doc, d->assignee, "documents.done", s_word ("document", d->id),
        s_word ("note", sec_text (d->level, "kết quả xử lý")));
    d->done = true;
}

//  The scan of deadlines as at `at` (the operator's command).
static void
s_scan (int64_t at, const char *what)
{
    vp_cmdcli_t *op = tu_stack_operator (&sec.stack, "documents");
    vp_val_t *r = tu_ok_call (op, LS, NULL, "documents.scan", tu_ms_word ("at", at));
    CHECK (vp_map_int (r, what, 0) >= 1, "the scan told no %s: %s", what, vp_val_to_json (r));
    vp_val_destroy (&r);
    vp_cmdcli_destroy (&op);
}

//  The meeting entry made from an invitation.
static const char *
s_entry_of (const sec_doc_t *d)
{
    static char id[32];
    vp_val_t *made = tu_stack_events (&sec.stack, "calendar", "calendar.entry_created", "document", d->id);
    CHECK (vp_val_len (made) == 1, "%zu entries made from %s", vp_val_len (made), d->id);
    snprintf (id, sizeof id, "%s", tu_str (vp_map_get (vp_array_at (made, 0), "data"), "entry"));
    vp_val_destroy (&made);
    return id;
}

//  Wait (bounded) until the bus holds at least one event of type.
static void
s_wait_event (const char *stream, const char *type)
{
    for (int attempt = 0; attempt < 200; attempt++) {
        vp_val_t *found = tu_stack_events (&sec.stack, stream, type, NULL, NULL);
        size_t n = vp_val_len (found);
        vp_val_destroy (&found);
        if (n)
            return;
        tu_sleep_ms (50);
    }
    TU_CHECK (false, "no %s on the bus in 10 s (log: %s)", type, sec.stack.log);
}

//  A call that must be refused as invalid (a counted check); what the
//  caller is told is theirs, what the log keeps is probed later.
static void
s_invalid (const char *actor, const char *cmd, vp_val_t *args, const char *field)
{
    vp_val_t *result = NULL;
    vp_err_t err = { 0 };
    int rc = tu_call_args (sec.doc, LS, actor, cmd, args, &result, &err);
    vp_val_destroy (&result);
    size_t len = strlen (err.field), want = strlen (field);
    //  "args.summary" when the proto refuses it, "summary" when the service does.
    CHECK (rc == -1 && err.code == VP_E_INVALID_ARGUMENT && len >= want && strcmp (err.field + len - want, field) == 0,
           "%s by %s: expected invalid_argument on %s, got %s (%s): %s", cmd, actor, field,
           rc ? vp_code_name (err.code) : "ok", err.field, err.message);
}

//  The same words said at length: text of level, then filler to `bytes`.
static char *
s_long (int level, const char *what, size_t bytes)
{
    char *text = (char *) malloc (bytes + 1);
    int n = snprintf (text, bytes + 1, "%s", sec_text (level, what));
    for (size_t i = (size_t) n; i < bytes; i++)
        text[i] = i % 8 == 7 ? ' ' : 'x';
    text[bytes] = 0;
    return text;
}

//  What people get wrong with secret documents, refused: a trích yếu
//  longer than the register takes, an attachment named with a folder,
//  a comment and a result too long, a Mật one handed to a post not
//  cleared for it.
static void
s_mistakes (void)
{
    vp_val_t *result = NULL;
    vp_err_t err = { 0 };
    int rc = tu_call (sec.doc, LS, LS_HEAD, "documents.assign", &result, &err, s_word ("document", s_doc (1, false)->id),
                      "post=dia-chinh");
    vp_val_destroy (&result);
    CHECK (rc == -1 && err.code == VP_E_FAILED_PRECONDITION, "a Mật document handed to Địa chính: %s",
           rc ? err.message : "accepted");
    for (int level = 1; level < SEC_LEVELS; level++) {
        char *summary = s_long (level, "trích yếu quá dài", 2100);
        vp_val_t *args = vp_val_map ();
        vp_map_put_str (args, "issuer", "Ban Thường vụ Huyện ủy Đô Lương");
        vp_map_put_str (args, "number", "99-CV/HU");
        vp_map_put_int (args, "doc_date", sec.start - S_DAY);
        vp_map_put_str (args, "type", "cong-van");
        vp_map_put_str (args, "summary", summary);
        vp_map_put_str (args, "secrecy", sec_level_name[level]);
        s_invalid (LS_CLERK, "documents.register", args, "summary");
        free (summary);
        char name[200];
        snprintf (name, sizeof name, "%s/bản sao.pdf", sec_marker (level));
        args = vp_val_map ();
        vp_map_put_str (args, "issuer", "Ban Thường vụ Huyện ủy Đô Lương");
        vp_map_put_str (args, "number", "99-CV/HU");
        vp_map_put_int (args, "doc_date", sec.start - S_DAY);
        vp_map_put_str (args, "type", "cong-van");
        vp_map_put_str (args, "summary", sec_text (level, "trích yếu"));
        vp_map_put_str (args, "secrecy", sec_level_name[level]);
        vp_val_t *file = vp_val_map ();
        vp_map_put_str (file, "name", name);
        vp_map_put (file, "content", tu_pdf ("", 1));
        vp_val_t *files = vp_val_array ();
        vp_array_push (files, file);
        vp_map_put (args, "attachments", files);
        s_invalid (LS_CLERK, "documents.register", args, "attachments[0].name");
        sec_doc_t *d = s_doc (level, false);
        char *text = s_long (level, "ý kiến quá dài", 4100);
        args = vp_val_map ();
        vp_map_put_str (args, "document", d->id);
        vp_map_put_str (args, "text", text);
        s_invalid (sec_cleared (level), "documents.comment", args, "text");
        free (text);
        text = s_long (level, "kết quả quá dài", 2100);
        args = vp_val_map ();
        vp_map_put_str (args, "document", d->id);
        vp_map_put_str (args, "note", text);
        s_invalid (sec_cleared (level), "documents.done", args, "note");
        free (text);
    }
}

//  Every event about a document was made for a secret one, and the
//  calendar and notify said what follows from them.
static void
s_every_event (void)
{
    static const char *const types[] = {
        "documents.registered", "documents.assigned", "documents.viewed", "documents.commented",
        "documents.deadline_changed", "documents.due_soon", "documents.overdue", "documents.status_changed",
        "documents.filed", "documents.deleted", NULL
    };
    for (int i = 0; types[i]; i++) {
        vp_val_t *found = tu_stack_events (&sec.stack, "documents", types[i], NULL, NULL);
        int secret = 0;
        for (size_t k = 0; k < vp_val_len (found); k++)
            secret += vp_secrecy_of (vp_map_get (vp_array_at (found, k), "data")) != VP_SECRECY_NONE;
        CHECK (secret > 0, "no %s of a secret document on the bus (%zu in all)", types[i], vp_val_len (found));
        vp_val_destroy (&found);
    }
    static const char *const steps[] = { "in_progress", "done", "returned", "forwarded", "archived", NULL };
    for (int i = 0; steps[i]; i++) {
        vp_val_t *found = tu_stack_events (&sec.stack, "documents", "documents.status_changed", "status", steps[i]);
        CHECK (vp_val_len (found) > 0, "no documents.status_changed to %s", steps[i]);
        vp_val_destroy (&found);
    }
    static const char *const after[][2] = {
        { "calendar", "calendar.entry_created" }, { "calendar", "calendar.entry_updated" },
        { "calendar", "calendar.entry_cancelled" }, { "calendar", "calendar.conflict" },
        { "notify", "notify.created" }, { "notify", "notify.sent" }, { "notify", "notify.escalated" },
        { "notify", "notify.acked" }
    };
    for (size_t i = 0; i < sizeof after / sizeof after[0]; i++) {
        vp_val_t *found = tu_stack_events (&sec.stack, after[i][0], after[i][1], NULL, NULL);
        CHECK (vp_val_len (found) > 0, "no %s on the bus", after[i][1]);
        vp_val_destroy (&found);
    }
}

void
sec_scenario (void)
{
    //  Tuyệt mật: the demo has no post cleared for it; the Bí thư holds one.
    vp_cmdcli_t *admin = tu_stack_admin (&sec.stack, "staffing");
    tu_drop (tu_ok_call (admin, LS, NULL, "staffing.post.create", "post=" SEC_CO_YEU, "body=dang-uy",
                         "title=Cơ yếu Đảng ủy", "fields=co-yeu", "clearance=tuyet-mat",
                         tu_ms_word ("from", sec.start - S_DAY)));
    tu_drop (tu_ok_call (admin, LS, NULL, "staffing.appoint", "officer=" LS_BI_THU, "post=" SEC_CO_YEU,
                         tu_ms_word ("from", sec.start - S_DAY)));
    vp_cmdcli_destroy (&admin);
    //  E-mail and a webhook for the people who hear of secret documents.
    const char *hooked[] = { LS_DIA_CHINH, LS_BI_THU, LS_HEAD, NULL };
    for (int i = 0; hooked[i]; i++) {
        char url[200];
        snprintf (url, sizeof url, "webhook=http://127.0.0.1:%d/hook/%s", sec.http_port, hooked[i]);
        OK (sec.ntf, hooked[i], "notify.prefs.set", "channels=email,webhook", url);
    }
    sec_settle ();

    for (int level = 0; level < SEC_LEVELS; level++) {
        s_register (level, false);
        s_register (level, true);
    }
    sec_settle ();
    s_mistakes ();
    //  Nobody opened the hỏa tốc Tối mật one within 30 minutes.
    s_clock (sec.start + 40 * S_MINUTE);
    s_wait_event ("notify", "notify.escalated");
    sec_settle ();

    sec_doc_t *cv0 = s_doc (0, false), *gm0 = s_doc (0, true), *cv1 = s_doc (1, false), *gm1 = s_doc (1, true);
    sec_doc_t *cv2 = s_doc (2, false), *gm2 = s_doc (2, true), *cv3 = s_doc (3, false), *gm3 = s_doc (3, true);
    //  The control: read, commented, handled.
    s_get (cv0, cv0->assignee);
    s_comment (cv0, cv0->assignee);
    s_start_work (cv0);
    s_done (cv0);
    s_comment (gm0, LS_HEAD);

    //  Mật: the office head reads it, gives it a deadline; the scan finds
    //  it due soon, then overdue; it is handled and filed.
    s_get (cv1, LS_HEAD);
    s_comment (cv1, LS_HEAD);
    int64_t deadline = sec.midnight + 3 * S_DAY + 17 * S_HOUR;     //  Friday 17:00
    OK (sec.doc, LS_HEAD, "documents.deadline.set", s_word ("document", cv1->id), tu_ms_word ("deadline", deadline));
    s_scan (deadline - 24 * S_HOUR + 30 * S_MINUTE, "due_soon");
    s_scan (deadline + 16 * S_HOUR, "overdue");
    s_start_work (cv1);
    s_done (cv1);
    OK (sec.doc, LS_HEAD, "documents.dossier.create", "dossier=hs-mat", "title=Hồ sơ văn bản mật", s_year ());
    OK (sec.doc, LS_HEAD, "documents.archive.file", s_word ("document", cv1->id), "dossier=hs-mat");
    //  The Mật invitation: handed to the Chủ tịch, who goes; the meeting
    //  is moved half an hour.
    OK (sec.doc, LS_HEAD, "documents.assign", s_word ("document", gm1->id), "officer=" LS_CHU_TICH,
        "reason=Đồng chí Chủ tịch dự họp");
    gm1->assignee = LS_CHU_TICH;
    s_get (gm1, LS_CHU_TICH);
    s_comment (gm1, LS_CHU_TICH);
    snprintf (gm1->step, sizeof gm1->step, "%s", sec_text (1, "lý do trả lại"));
    OK (sec.doc, LS_CHU_TICH, "documents.return", s_word ("document", gm1->id), s_word ("note", gm1->step));
    OK (sec.doc, LS_HEAD, "documents.assign", s_word ("document", gm1->id), "officer=" LS_CHU_TICH,
        "reason=Đồng chí Chủ tịch vẫn dự họp");
    s_start_work (gm1);
    s_done (gm1);
    OK (sec.doc, LS_HEAD, "documents.archive.file", s_word ("document", gm1->id), "dossier=hs-mat");
    sec_settle ();
    gm1->start += 30 * S_MINUTE;
    gm1->end += 30 * S_MINUTE;
    OK (sec.cal, LS_HEAD, "calendar.entry.update", s_word ("entry", s_entry_of (gm1)),
        tu_ms_word ("start", gm1->start), tu_ms_word ("end", gm1->end));

    //  Tối mật: read, commented, forwarded with a note; the invitation
    //  handled.
    s_get (cv2, cv2->assignee);
    s_comment (cv2, cv2->assignee);
    s_start_work (cv2);
    snprintf (cv2->step, sizeof cv2->step, "%s", sec_text (2, "lý do chuyển"));
    OK (sec.doc, cv2->assignee, "documents.forward", s_word ("document", cv2->id), "to_body=ubkt",
        s_word ("note", cv2->step));
    s_comment (gm2, gm2->assignee);
    s_start_work (gm2);
    s_done (gm2);

    //  Tuyệt mật: read, commented, started, overdue, then handled and filed.
    s_get (cv3, cv3->assignee);
    s_comment (cv3, cv3->assignee);
    s_start_work (cv3);
    s_comment (gm3, gm3->assignee);
    s_done (gm3);
    sec_settle ();
    s_scan (sec.start + 20 * S_DAY, "overdue");
    s_done (cv3);
    OK (sec.doc, cv3->assignee, "documents.dossier.create", "dossier=hs-tuyet-mat",
        "title=Hồ sơ văn bản tuyệt mật", s_year ());
    OK (sec.doc, cv3->assignee, "documents.archive.file", s_word ("document", cv3->id), "dossier=hs-tuyet-mat");
    sec_settle ();

    //  Six years on the Mật invitation's record (five years) is appraised
    //  and destroyed; everything left unacknowledged by then escalates.
    s_clock (sec.start + 6 * 366 * S_DAY);
    OK (sec.doc, LS_HEAD, "documents.archive.delete", s_word ("document", gm1->id),
        "reason=Hết thời hạn bảo quản; Hội đồng xác định giá trị tài liệu đề nghị hủy");
    gm1->deleted = true;
    s_wait_event ("documents", "documents.deleted");
    sec_settle ();
    //  Back to Tuesday morning for the readers (the feeds look ahead).
    sec.now = sec.start + 50 * S_MINUTE;
    s_clock (sec.now);
    sec_settle ();
    s_every_event ();
    tu_ok ("scenario: %d documents of Lam Sơn (thường, Mật, Tối mật, Tuyệt mật; a công văn and a Giấy mời "
           "each) through every step, on the test's clock", SEC_DOCS);
}
