/*  ntf_decide - an event that concerns people -> who is told.

      documents.assigned, due_soon, overdue   the assignee
      documents.reminded                      the assignee, told by whom
      documents.viewed                        nobody: what the assignee
                                              was told of the document
                                              is acknowledged (by viewed)
      calendar.entry_created, entry_updated (moved, re-placed, renamed,
        participants changed), entry_cancelled
                                              every participant of a
                                              meeting or work item
                                              (deadline items come from
                                              documents.assigned, told
                                              already)
      calendar.conflict                       the officer concerned, and
                                              the office head
      calendar.week_published                 every officer of the week's
                                              entries, once per edition
      staffing.leave_started                  the delegate: they act for
                                              the officer on leave
      documents.outgoing_consulted, _opinion_overdue
                                              the officer asked
      documents.outgoing_submitted, _approved the next approver, or the
                                              signer
      documents.outgoing_sent_back, _issued   the drafter
      documents.outgoing_delivered            the receiving commune's
                                              clerk (văn thư)
      documents.outgoing_receipt              registered there: the
                                              sender's clerk; destroyed
                                              (recalled): the receiver's
      documents.outgoing_mail                 the outside agency, by e-mail
                                              (ntf_agency)
      documents.outgoing_recalled             each agency e-mailed: a
                                              recall notice (ntf_agency)
      documents.dossier_archive_due           the office head it names: a
                                              closed dossier is due for the
                                              office archive within 30 days
                                              (III.5.b)
      *.event_failed (a service could not apply an event, ever: parked)
                                              the officer who caused it
                                              (the clerk who registered),
                                              and the office head

    A recipient on leave at that moment is replaced by their delegate
    (and on along the chain), who is told on whose behalf. Everything runs
    in the consumer's transaction, with the cursor: an event is decided
    once, and the unique (cause, recipient) of the inbox keeps it so even
    when the cursor is rewound. An event older than VP_NOTIFY_STALE_MS
    when it is applied (a service started on an old log) is not told:
    vp_service leaves it out for the rows marked timely.
*/
#include <string.h>
#include "ntf_service.h"
#include "vp/vp_fields.h"

typedef struct {
    char officer[NTF_ID_MAX];
    char on_behalf_of[NTF_ID_MAX];
} s_who_t;

//  Who is there to be told in officer's place at `at`: officer, or the
//  delegate of their leave, and on (vp_staff_present); told on behalf of
//  on_behalf_of when given, else of officer when a delegation was followed.
static void
s_present (ntf_service_t *self, const char *officer, const char *on_behalf_of, int64_t at, s_who_t *who)
{
    char present[VP_STAFF_ID_MAX];
    bool followed = vp_staff_present (self->db, officer, at, present);
    snprintf (who->officer, sizeof who->officer, "%s", present);
    snprintf (who->on_behalf_of, sizeof who->on_behalf_of, "%s",
              on_behalf_of && *on_behalf_of ? on_behalf_of : followed ? officer : "");
}

//  Tell one recipient of tenant about the event being applied.
static int
s_tell_in (ntf_service_t *self, const vp_val_t *env, const char *tenant, const s_who_t *who, const char *urgency,
           const char *document, const char *entry, vp_val_t *vars, bool escalates)
{
    ntf_notice_t notice = {
        .tenant = tenant, .cause = vp_map_str (env, VP_K_ID),
        .cause_type = vp_map_str (env, VP_K_TYPE), .officer = who->officer,
        .on_behalf_of = who->on_behalf_of, .urgency = urgency, .document = document, .entry = entry,
        .vars = vars, .escalates = escalates, .cause_seq = vp_map_int (env, VP_K_SEQ, 0)
    };
    vp_err_t err = { 0 };
    char id[NTF_ID_MAX];
    if (ntf_inbox_add (self, &notice, id, &err)) {
        vp_log (VP_LOG_WARN, notice.tenant, vp_map_str (env, VP_K_CORR), "cannot write the notification of %s to %s: %s",
                notice.cause_type, who->officer, err.message);
        return -1;
    }
    if (*id)
        vp_log (VP_LOG_DEBUG, notice.tenant, vp_map_str (env, VP_K_CORR), "%s: %s told %s%s%s", notice.cause_type,
                id, who->officer, *who->on_behalf_of ? " for " : "", who->on_behalf_of);
    return 0;
}

//  Tell one recipient of the event's own tenant.
static int
s_tell (ntf_service_t *self, const vp_val_t *env, const s_who_t *who, const char *urgency,
        const char *document, const char *entry, vp_val_t *vars, bool escalates)
{
    return s_tell_in (self, env, vp_map_str (env, VP_K_TENANT), who, urgency, document, entry, vars, escalates);
}

static void
s_put_time (ntf_service_t *self, vp_val_t *vars, const char *key, const char *tenant, const vp_val_t *data,
            const char *field)
{
    if (!vp_map_get (data, field))
        return;
    char shown[48];
    vp_map_put_str (vars, key, ntf_time_text (self, tenant, vp_map_int (data, field, 0), shown, sizeof shown));
}

static void
s_put_str (vp_val_t *vars, const char *key, const vp_val_t *data, const char *field)
{
    const char *s = vp_map_str (data, field);
    if (s)
        vp_map_put_str (vars, key, s);
}

//  What a message about a document says of it: number, summary (never a
//  secret one's), id and deadline.
static vp_val_t *
s_document_vars (ntf_service_t *self, const vp_val_t *env, const vp_val_t *data)
{
    const char *tenant = vp_map_str (env, VP_K_TENANT);
    vp_val_t *vars = vp_val_map ();
    s_put_str (vars, "number", data, "number");
    //  A secret document: that there is one and where to read it, never
    //  its text (which never came here: vp_secrecy).
    if (vp_secrecy_of (data) != VP_SECRECY_NONE)
        vp_map_put_str (vars, VP_K_SUMMARY, "văn bản mật, đọc tại Văn phòng hoặc trên trang vanphong "
                                         "(nội dung không gửi qua thư điện tử hay tin nhắn)");
    else
        s_put_str (vars, "summary", data, "summary");
    s_put_str (vars, "document", data, "document");
    s_put_time (self, vars, "deadline", tenant, data, "deadline");
    return vars;
}

//  documents.assigned / due_soon / overdue: the assignee.
static int
s_document (void *arg, const vp_val_t *env, const char *tenant, const vp_val_t *data, vp_err_t *err)
{
    ntf_service_t *self = (ntf_service_t *) arg;
    vp_val_t *vars = s_document_vars (self, env, data);
    s_who_t who;
    s_present (self, vp_map_str (data, VP_K_OFFICER), vp_map_str (data, VP_K_ON_BEHALF_OF), vp_clock_now (), &who);
    int rc = s_tell (self, env, &who, vp_map_str (data, VP_K_URGENCY), vp_map_str (data, VP_K_DOCUMENT), NULL, vars, true);
    vp_val_destroy (&vars);
    return rc;
}

//  documents.reminded: the assignee (or who stands in), told who reminds;
//  not escalated: the one it would go to is the one who reminded.
static int
s_reminded (void *arg, const vp_val_t *env, const char *tenant, const vp_val_t *data, vp_err_t *err)
{
    ntf_service_t *self = (ntf_service_t *) arg;
    vp_val_t *vars = s_document_vars (self, env, data);
    vp_val_t *by = vp_staff_officer (self->db, vp_map_str (data, VP_K_BY));
    vp_map_put_str (vars, "by_name", by && vp_map_str (by, VP_K_FULL_NAME) ? vp_map_str (by, VP_K_FULL_NAME)
                                                                        : vp_map_str (data, VP_K_BY));
    vp_val_destroy (&by);
    s_put_str (vars, "note", data, "note");     //  a secret document's never came here (vp_secrecy)
    s_who_t who;
    s_present (self, vp_map_str (data, VP_K_OFFICER), NULL, vp_clock_now (), &who);
    int rc = s_tell (self, env, &who, vp_map_str (data, VP_K_URGENCY), vp_map_str (data, VP_K_DOCUMENT), NULL, vars, false);
    vp_val_destroy (&vars);
    return rc;
}

//  documents.viewed: the assignee opened the document, so what they were
//  told about it (assigned, due soon, overdue) is acknowledged for them,
//  and its escalation stops. Each is acknowledged once: one already
//  acknowledged is left as it is, so the event applied again changes
//  nothing.
static int
s_viewed (void *arg, const vp_val_t *env, const char *tenant, const vp_val_t *data, vp_err_t *err)
{
    ntf_service_t *self = (ntf_service_t *) arg;
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "SELECT id FROM ntf_notification WHERE tenant = ?1 AND officer = ?2 AND document = ?3"
        " AND acked_at IS NULL"
        " AND cause_type IN ('documents.assigned', 'documents.due_soon', 'documents.overdue')", NULL);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, vp_map_str (data, VP_K_OFFICER), -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, vp_map_str (data, VP_K_DOCUMENT), -1, SQLITE_STATIC);
    vp_val_t *ids = vp_db_rows (stmt);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < vp_val_len (ids); i++) {
        vp_err_t why = { 0 };     //  logged: -1 is the database, tried again
        int64_t acked_at;
        if (ntf_inbox_ack (self, NULL, tenant, vp_map_str (vp_array_at (ids, i), VP_K_ID), "viewed", &acked_at, &why) < 0) {
            vp_log (VP_LOG_WARN, tenant, vp_map_str (env, VP_K_CORR), "cannot acknowledge %s as viewed: %s",
                    vp_map_str (vp_array_at (ids, i), VP_K_ID), why.message);
            rc = -1;
        }
    }
    vp_val_destroy (&ids);
    return rc;
}

static bool
s_changed (const vp_val_t *data, const char *const fields[])
{
    const vp_val_t *changed = vp_map_get (data, VP_K_CHANGED);
    for (size_t i = 0; i < vp_val_len (changed); i++)
        for (int f = 0; fields[f]; f++)
            if (vp_val_get_str (vp_array_at (changed, i)) && strcmp (vp_val_get_str (vp_array_at (changed, i)), fields[f]) == 0)
                return true;
    return false;
}

//  The room's name (from calendar.room_set), or its id.
static void
s_room_name (ntf_service_t *self, const char *tenant, const char *room, char *name, size_t size)
{
    snprintf (name, size, "%s", room);
    sqlite3_stmt *stmt = vp_db_cached (self->db, "SELECT name FROM ntf_room WHERE tenant = ?1 AND room = ?2", NULL);
    if (!stmt)
        return;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, room, -1, SQLITE_STATIC);
    if (sqlite3_step (stmt) == SQLITE_ROW)
        snprintf (name, size, "%s", (const char *) sqlite3_column_text (stmt, 0));
    sqlite3_reset (stmt);
}

//  calendar.entry_*: every participant of a meeting or a work item.
static int
s_entry (void *arg, const vp_val_t *env, const char *tenant, const vp_val_t *data, vp_err_t *err)
{
    ntf_service_t *self = (ntf_service_t *) arg;
    static const char *const seen[] = { "start", "end", "room", "place", "participants", "title", NULL };
    const char *type = vp_map_str (env, VP_K_TYPE);
    const char *kind = vp_map_str (data, VP_K_KIND);
    bool cancelled = strcmp (type, "calendar.entry_cancelled") == 0;
    if (!kind || (strcmp (kind, "meeting") != 0 && strcmp (kind, "work") != 0))
        return 0;
    if (strcmp (type, "calendar.entry_updated") == 0 && !s_changed (data, seen))
        return 0;               //  a note, or closed: nothing people must act on
    vp_val_t *vars = vp_val_map ();
    s_put_str (vars, "title", data, "title");
    vp_map_put_str (vars, "kind_name", strcmp (kind, "meeting") == 0 ? "Cuộc họp" : "Công việc");
    s_put_time (self, vars, "start", tenant, data, "start");
    s_put_time (self, vars, "end", tenant, data, "end");
    s_put_time (self, vars, "previous_start", tenant, data, "previous_start");
    s_put_str (vars, "document_number", data, "document_number");
    s_put_str (vars, "entry", data, "entry");
    s_put_str (vars, "reason", data, "reason");
    char place[256] = "";
    if (vp_map_str (data, VP_K_ROOM))
        s_room_name (self, tenant, vp_map_str (data, VP_K_ROOM), place, sizeof place);
    else
    if (vp_map_str (data, VP_K_PLACE))
        snprintf (place, sizeof place, "%s", vp_map_str (data, VP_K_PLACE));
    vp_map_put_str (vars, VP_K_PLACE, place);
    const vp_val_t *participants = vp_map_get (data, VP_K_PARTICIPANTS);
    int64_t now = vp_clock_now ();
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < vp_val_len (participants); i++) {
        const vp_val_t *p = vp_array_at (participants, i);
        s_who_t who;
        s_present (self, vp_map_str (p, VP_K_OFFICER), vp_map_str (p, VP_K_ON_BEHALF_OF), now, &who);
        rc = s_tell (self, env, &who, vp_map_str (data, VP_K_URGENCY), vp_map_str (data, VP_K_DOCUMENT),
                     vp_map_str (data, VP_K_ENTRY), vars, !cancelled);
    }
    vp_val_destroy (&vars);
    return rc;
}

//  calendar.conflict (told once per conflict, again when its hour changes:
//  vp-calendar decides) and calendar.conflict_resolved: the officer in
//  both entries, and the office head.
static int
s_conflict (void *arg, const vp_val_t *env, const char *tenant, const vp_val_t *data, vp_err_t *err)
{
    ntf_service_t *self = (ntf_service_t *) arg;
    int64_t now = vp_clock_now ();
    vp_val_t *vars = vp_val_map ();
    s_put_str (vars, "title", data, "title");
    s_put_str (vars, "with_title", data, "with_title");
    s_put_str (vars, "entry", data, "entry");
    s_put_time (self, vars, "start", tenant, data, "start");
    s_put_time (self, vars, "end", tenant, data, "end");
    const char *officer = vp_map_str (data, VP_K_OFFICER);
    char name[256];
    if (officer) {
        ntf_name (self, officer, name, sizeof name);
        vp_map_put_str (vars, "person_name", name);
    }
    if (vp_map_str (data, VP_K_ROOM)) {
        s_room_name (self, tenant, vp_map_str (data, VP_K_ROOM), name, sizeof name);
        vp_map_put_str (vars, "room_name", name);
    }
    int rc = 0;
    if (officer) {
        s_who_t who;
        s_present (self, officer, NULL, now, &who);
        rc = s_tell (self, env, &who, "thuong", NULL, vp_map_str (data, VP_K_ENTRY), vars, true);
    }
    vp_staff_actor_t head;
    if (rc == 0 && vp_staff_office_head (self->db, tenant, now, &head, NULL) == 0) {
        s_who_t who;
        snprintf (who.officer, sizeof who.officer, "%s", head.officer);
        snprintf (who.on_behalf_of, sizeof who.on_behalf_of, "%s", head.on_behalf_of);
        rc = s_tell (self, env, &who, "thuong", NULL, vp_map_str (data, VP_K_ENTRY), vars, false);
    }
    vp_val_destroy (&vars);
    return rc;
}

//  calendar.week_published: each officer of the week's entries, once per
//  edition (the inbox's unique cause and recipient keeps it once).
static int
s_week (void *arg, const vp_val_t *env, const char *tenant, const vp_val_t *data, vp_err_t *err)
{
    ntf_service_t *self = (ntf_service_t *) arg;
    int64_t now = vp_clock_now ();
    char zone[64], from[32], to[32];
    ntf_zone (self, tenant, zone);
    vp_val_t *vars = vp_val_map ();
    vp_map_put (vars, VP_K_WEEK, vp_val_strf ("%lld", (long long) vp_map_int (data, VP_K_WEEK, 0)));
    vp_map_put (vars, VP_K_EDITION, vp_val_strf ("%lld", (long long) vp_map_int (data, VP_K_EDITION, 0)));
    vp_map_put_str (vars, VP_K_FROM, vp_time_format (vp_map_int (data, VP_K_WEEK_START, 0), zone, "%d/%m/%Y", from,
                                                  sizeof from));
    //  the week ends the next Monday 00:00: its Sunday is the day before
    vp_map_put_str (vars, VP_K_TO, vp_time_format (vp_map_int (data, VP_K_WEEK_END, 0) - 12 * 3600000LL, zone, "%d/%m/%Y",
                                                to, sizeof to));
    s_put_str (vars, "signer_name", data, "signer_name");
    s_put_str (vars, "signer_title", data, "signer_title");
    const vp_val_t *participants = vp_map_get (data, VP_K_PARTICIPANTS);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < vp_val_len (participants); i++) {
        s_who_t who;
        s_present (self, vp_val_get_str (vp_array_at (participants, i)), NULL, now, &who);
        rc = s_tell (self, env, &who, "thuong", NULL, NULL, vars, false);
    }
    vp_val_destroy (&vars);
    return rc;
}

//  staffing.leave_started: the delegate acts for the officer from..to.
static int
s_leave (void *arg, const vp_val_t *env, const char *tenant, const vp_val_t *data, vp_err_t *err)
{
    ntf_service_t *self = (ntf_service_t *) arg;
    int64_t now = vp_clock_now ();
    if (vp_map_int (data, VP_K_TO, 0) <= now)
        return 0;               //  over already: nothing to take on
    char zone[64], from[32], to[32];
    ntf_zone (self, tenant, zone);
    vp_val_t *vars = vp_val_map ();
    vp_map_put_str (vars, VP_K_FROM, vp_time_format (vp_map_int (data, VP_K_FROM, 0), zone, "%d/%m/%Y", from, sizeof from));
    vp_map_put_str (vars, VP_K_TO, vp_time_format (vp_map_int (data, VP_K_TO, 0), zone, "%d/%m/%Y", to, sizeof to));
    s_who_t who;
    s_present (self, vp_map_str (data, VP_K_DELEGATE), vp_map_str (data, VP_K_OFFICER), now, &who);
    int rc = s_tell (self, env, &who, "thuong", NULL, NULL, vars, true);
    vp_val_destroy (&vars);
    return rc;
}

//  calendar.room_set: the room's name, for messages.
static int
s_room (void *arg, const vp_val_t *env, const char *tenant, const vp_val_t *data, vp_err_t *err)
{
    ntf_service_t *self = (ntf_service_t *) arg;
    sqlite3_stmt *stmt = vp_db_cached (self->db,
        "INSERT OR REPLACE INTO ntf_room (tenant, room, name) VALUES (?1, ?2, ?3)", NULL);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, vp_map_str (env, VP_K_TENANT), -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, vp_map_str (data, VP_K_ROOM), -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, vp_map_str (data, VP_K_NAME), -1, SQLITE_STATIC);
    int rc = sqlite3_step (stmt) == SQLITE_DONE ? 0 : -1;
    sqlite3_reset (stmt);
    return rc;
}

//  What the failing service could not do with what, in words: "lên lịch"
//  (vp-calendar), "văn bản 45/GM-UBND".
static void
s_failed_words (const char *type, const vp_val_t *data, vp_val_t *vars)
{
    static const struct { const char *stream, *into; } intos[] = {
        { "calendar.", "lên lịch" }, { "documents.", "vào sổ văn bản" }, { "notify.", "vào thông báo" }, { NULL }
    };
    const char *into = "vào hệ thống";
    for (int i = 0; intos[i].stream; i++)
        if (strncmp (type, intos[i].stream, strlen (intos[i].stream)) == 0)
            into = intos[i].into;
    vp_map_put_str (vars, "into", into);
    const char *number = vp_map_str (data, VP_K_NUMBER), *document = vp_map_str (data, VP_K_DOCUMENT);
    if (number || document)
        vp_map_put (vars, VP_K_WHAT, vp_val_strf ("văn bản %s", number ? number : document));
    else
        vp_map_put (vars, VP_K_WHAT, vp_val_strf ("sự kiện %s", vp_map_str (data, VP_K_CAUSE_TYPE)));
}

//  <service>.event_failed: the officer whose act caused the event (when
//  an officer of the tenant caused it) and the office head, so that what
//  a service could not apply is seen and handled by hand.
static int
s_event_failed (void *arg, const vp_val_t *env, const char *tenant, const vp_val_t *data, vp_err_t *err)
{
    ntf_service_t *self = (ntf_service_t *) arg;
    int64_t now = vp_clock_now ();
    vp_val_t *vars = vp_val_map ();
    s_failed_words (vp_map_str (env, VP_K_TYPE), data, vars);
    s_put_str (vars, "reason", data, "reason");
    s_put_str (vars, "document", data, "document");
    const char *document = vp_map_str (data, VP_K_DOCUMENT);
    int rc = 0;
    vp_val_t *actor = vp_staff_officer (self->db, vp_map_str (data, VP_K_CAUSE_ACTOR));
    if (actor && strcmp (vp_map_str (actor, VP_K_TENANT), tenant) == 0) {
        s_who_t who;
        s_present (self, vp_map_str (actor, VP_K_OFFICER), NULL, now, &who);
        rc = s_tell (self, env, &who, "thuong", document, NULL, vars, false);
    }
    vp_val_destroy (&actor);
    vp_staff_actor_t head;
    if (rc == 0 && vp_staff_office_head (self->db, tenant, now, &head, NULL) == 0) {
        s_who_t who;
        snprintf (who.officer, sizeof who.officer, "%s", head.officer);
        snprintf (who.on_behalf_of, sizeof who.on_behalf_of, "%s", head.on_behalf_of);
        rc = s_tell (self, env, &who, "thuong", document, NULL, vars, false);
    }
    vp_val_destroy (&vars);
    return rc;
}

//  documents.outgoing_*: the officer the next step waits for (asked for
//  an opinion, late with it, the next approver or the signer, the drafter
//  when sent back or issued). The event names them (officer).
static int
s_outgoing (void *arg, const vp_val_t *env, const char *tenant, const vp_val_t *data, vp_err_t *err)
{
    ntf_service_t *self = (ntf_service_t *) arg;
    vp_val_t *vars = vp_val_map ();
    s_put_str (vars, "outgoing", data, "outgoing");
    s_put_str (vars, "summary", data, "summary");
    s_put_str (vars, "label", data, "label");
    const char *status = vp_map_str (data, VP_K_STATUS);
    //  One message for submitted and approved: what waits is a step of
    //  the chain (duyệt) or the signature (ký), by the status after it.
    if (status && !strcmp (status, "signing"))
        vp_map_put_str (vars, "signing", "ký");
    else
        vp_map_put_str (vars, "approving", "duyệt");
    s_who_t who;
    s_present (self, vp_map_str (data, VP_K_OFFICER), NULL, vp_clock_now (), &who);
    int rc = s_tell (self, env, &who, "thuong", NULL, NULL, vars, false);
    vp_val_destroy (&vars);
    return rc;
}

//  Who keeps the intake of tenant (the post with the field văn thư, else
//  the office head) at `at`; false when nobody.
static bool
s_clerk (ntf_service_t *self, const char *tenant, int64_t at, s_who_t *who)
{
    char post[VP_STAFF_ID_MAX];
    vp_staff_actor_t actor;
    if ((vp_staff_post_of_field (self->db, tenant, "van-thu", at, post, NULL) == 0
         && vp_staff_whois (self->db, tenant, post, at, &actor, NULL) == 0)
    ||  vp_staff_office_head (self->db, tenant, at, &actor, NULL) == 0) {
        snprintf (who->officer, sizeof who->officer, "%s", actor.officer);
        snprintf (who->on_behalf_of, sizeof who->on_behalf_of, "%s", actor.on_behalf_of);
        return *who->officer != 0;
    }
    return false;
}

//  documents.outgoing_delivered (emitted by the sender): the receiving
//  commune's clerk, told in that commune.
static int
s_delivered (void *arg, const vp_val_t *env, const char *tenant, const vp_val_t *data, vp_err_t *err)
{
    ntf_service_t *self = (ntf_service_t *) arg;
    const char *to = vp_map_str (data, VP_K_TO_TENANT);
    s_who_t who;
    if (!to || !s_clerk (self, to, vp_clock_now (), &who))
        return 0;
    vp_val_t *vars = vp_val_map ();
    s_put_str (vars, "label", data, "label");
    s_put_str (vars, "summary", data, "summary");
    s_put_str (vars, "issuer", data, "issuer");
    s_put_time (self, vars, "doc_date", to, data, "doc_date");
    int rc = s_tell_in (self, env, to, &who, vp_map_str (data, VP_K_URGENCY), NULL, NULL, vars, false);
    vp_val_destroy (&vars);
    return rc;
}

//  documents.outgoing_receipt (emitted by the receiver): registered there
//  -> the sender's clerk (the receipt back); destroyed there (a recall
//  applied) -> the receiver's clerk, whose copy it was. The statuses in
//  between show on the document's page, told to nobody.
static int
s_receipt (void *arg, const vp_val_t *env, const char *tenant, const vp_val_t *data, vp_err_t *err)
{
    ntf_service_t *self = (ntf_service_t *) arg;
    const char *status = vp_map_str (data, VP_K_STATUS);
    bool registered = !strcmp (status, "registered"), destroyed = !strcmp (status, "destroyed");
    if (!registered && !destroyed)
        return 0;
    const char *whose = registered ? vp_map_str (data, VP_K_FROM_TENANT) : tenant;
    s_who_t who;
    if (!whose || !s_clerk (self, whose, vp_clock_now (), &who))
        return 0;
    vp_val_t *vars = vp_val_map ();
    s_put_str (vars, "outgoing", data, "outgoing");
    s_put_str (vars, "document", data, "document");
    vp_map_put_str (vars, "receiver", tenant);
    if (vp_map_get (data, VP_K_ARRIVAL_NUMBER))
        vp_map_put (vars, VP_K_ARRIVAL_NUMBER, vp_val_strf ("%lld", (long long) vp_map_int (data, VP_K_ARRIVAL_NUMBER, 0)));
    if (destroyed)
        vp_map_put_str (vars, "recalled", "thu hồi");
    int rc = s_tell_in (self, env, whose, &who, "thuong", NULL, NULL, vars, false);
    vp_val_destroy (&vars);
    return rc;
}

//  documents.dossier_archive_due: the office head (or who stands in),
//  that a closed dossier must go to the office archive by its due day.
static int
s_archive_due (void *arg, const vp_val_t *env, const char *tenant, const vp_val_t *data, vp_err_t *err)
{
    ntf_service_t *self = (ntf_service_t *) arg;
    char zone[64], due[32];
    ntf_zone (self, tenant, zone);
    vp_val_t *vars = vp_val_map ();
    s_put_str (vars, "dossier", data, "dossier");
    s_put_str (vars, "title", data, "title");
    vp_map_put_str (vars, VP_K_DUE_AT, vp_time_format (vp_map_int (data, VP_K_DUE_AT, 0), zone, "%d/%m/%Y", due,
                                                      sizeof due));
    s_who_t who;
    s_present (self, vp_map_str (data, VP_K_OFFICER), NULL, vp_clock_now (), &who);
    int rc = s_tell (self, env, &who, "thuong", NULL, NULL, vars, false);
    vp_val_destroy (&vars);
    return rc;
}

const vp_handler_t ntf_decide[] = {
    { VP_T_DOCUMENTS_ASSIGNED, s_document, VP_K_OFFICER, true },
    { VP_T_DOCUMENTS_DUE_SOON, s_document, VP_K_OFFICER, true },
    { VP_T_DOCUMENTS_OVERDUE, s_document, VP_K_OFFICER, true },
    { VP_T_DOCUMENTS_VIEWED, s_viewed, VP_K_OFFICER, false },
    { VP_T_DOCUMENTS_REMINDED, s_reminded, VP_K_OFFICER, true },
    { VP_T_CALENDAR_ENTRY_CREATED, s_entry, VP_K_KIND, true },
    { VP_T_CALENDAR_ENTRY_UPDATED, s_entry, VP_K_KIND, true },
    { VP_T_CALENDAR_ENTRY_CANCELLED, s_entry, VP_K_KIND, true },
    { VP_T_CALENDAR_CONFLICT, s_conflict, VP_K_ENTRY, true },
    { VP_T_CALENDAR_CONFLICT_RESOLVED, s_conflict, VP_K_ENTRY, true },
    { VP_T_CALENDAR_ROOM_SET, s_room, VP_K_ROOM, false },
    { VP_T_CALENDAR_WEEK_PUBLISHED, s_week, VP_K_SIGNER, true },
    { VP_T_STAFFING_LEAVE_STARTED, s_leave, VP_K_DELEGATE, true },
    { VP_T_DOCUMENTS_OUTGOING_CONSULTED, s_outgoing, VP_K_OFFICER, true },
    { VP_T_DOCUMENTS_OUTGOING_OPINION_OVERDUE, s_outgoing, VP_K_OFFICER, true },
    { VP_T_DOCUMENTS_OUTGOING_SUBMITTED, s_outgoing, VP_K_OFFICER, true },
    { VP_T_DOCUMENTS_OUTGOING_APPROVED, s_outgoing, VP_K_OFFICER, true },
    { VP_T_DOCUMENTS_OUTGOING_SENT_BACK, s_outgoing, VP_K_OFFICER, true },
    { VP_T_DOCUMENTS_OUTGOING_ISSUED, s_outgoing, VP_K_OFFICER, true },
    { VP_T_DOCUMENTS_OUTGOING_DELIVERED, s_delivered, VP_K_TO_TENANT, true },
    { VP_T_DOCUMENTS_OUTGOING_RECEIPT, s_receipt, VP_K_STATUS, true },
    { VP_T_DOCUMENTS_OUTGOING_MAIL, ntf_agency_mail, VP_K_EMAIL, true },
    { VP_T_DOCUMENTS_OUTGOING_RECALLED, ntf_agency_recall, VP_K_LABEL, true },
    { VP_T_DOCUMENTS_DOSSIER_ARCHIVE_DUE, s_archive_due, VP_K_OFFICER, true },
    { "*.event_failed", s_event_failed, "reason", true },
    { NULL }
};
