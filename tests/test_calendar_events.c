/*  test_calendar_events - what documents and staffing put on the schedule.

    vp-bus, vp-staffing, vp-documents and vp-calendar with CURVE and the
    demo district. Checks that:
      (a) a Giấy mời registered for the Chủ tịch HĐND of Giang Sơn Tây,
          whose holder is also the Bí thư and already has a meeting at
          that hour as Bí thư, gives him exactly one new entry and the bus
          exactly one calendar.conflict naming both posts and the other
          entry, in the flow of the registration (same corr);
      (b) a document handed to another officer moves its deadline item:
          the same entry, sequence + 1, on the new officer's schedule and
          no longer on the old one's; done closes it;
      (c) a leave marks the officer's entries in its period with the
          delegate, and one calendar.leave_marked says which; ended early,
          the entries from then on are the officer's again.
*/
#include <string.h>
#include "test_calendar_util.h"

static cal_test_t s_t;

//  The entries of a list that came from source (and, when given, document).
static int
s_count (const vp_val_t *entries, const char *source, const char *document, vp_val_t **found)
{
    int count = 0;
    for (size_t i = 0; i < vp_val_len (entries); i++) {
        vp_val_t *e = vp_array_at (entries, i);
        if (strcmp (tu_str (e, "source"), source) == 0
        &&  (!document || strcmp (tu_str (e, "document"), document) == 0)) {
            count++;
            if (found)
                *found = e;
        }
    }
    return count;
}

//  The envelope of documents.registered of a document.
static vp_val_t *
s_registered (const char *document)
{
    vp_val_t *events = tu_stack_replay (&s_t.stack, "documents");
    vp_val_t *found = NULL;
    for (size_t i = 0; i < vp_val_len (events); i++) {
        vp_val_t *env = vp_array_at (events, i);
        if (strcmp (tu_str (env, "type"), "documents.registered") == 0
        &&  strcmp (tu_str (vp_map_get (env, "data"), "document"), document) == 0)
            found = vp_val_dup (env);
    }
    vp_val_destroy (&events);
    TU_CHECK (found, "no documents.registered of %s on the bus", document);
    return found;
}

static void
s_invitation_conflict (void)
{
    int64_t day = tu_local_ms (2026, 11, 18, 0, 0);
    const char *party = CAL_ENTRY (&s_t, GST_CLERK, "title=Họp Ban Thường vụ Đảng ủy", "start=18/11/2026 14:00",
                                   "end=18/11/2026 16:00", "posts=bi-thu", "room=phong-hop-1", "body=dang-uy");
    const char *doc = cal_test_invitation (__LINE__, &s_t, "41/GM-UBND", "chu-tich-hdnd",
                                           tu_local_ms (2026, 11, 18, 15, 0), tu_local_ms (2026, 11, 18, 17, 0),
                                           "Hội trường UBND huyện");
    cal_test_sync (&s_t);
    vp_val_t *entries = cal_test_list (&s_t, GST_BI_THU, day, day + 86400000);
    vp_val_t *made = NULL;
    CHECK (s_count (entries, "invitation", NULL, &made) == 1 && vp_val_len (entries) == 2,
           "the Bí thư's day should hold his meeting and one invitation: %s", vp_val_to_json (entries));
    const vp_val_t *p = vp_array_at (vp_map_get (made, "participants"), 0);
    CHECK (strcmp (tu_str (made, "document"), doc) == 0 && strcmp (tu_str (made, "document_number"), "41/GM-UBND") == 0
           && strcmp (tu_str (made, "kind"), "meeting") == 0 && strcmp (tu_str (p, "officer"), GST_BI_THU) == 0
           && strcmp (tu_str (p, "post"), "chu-tich-hdnd") == 0
           && strcmp (tu_str (made, "place"), "Hội trường UBND huyện") == 0,
           "the invitation's entry links back to %s, for the Chủ tịch HĐND: %s", doc, vp_val_to_json (made));
    char entry[32];
    snprintf (entry, sizeof entry, "%s", tu_str (made, "entry"));
    vp_val_destroy (&entries);

    vp_val_t *conflicts = cal_test_events (&s_t, "conflict");
    CHECK (vp_val_len (conflicts) == 1, "one calendar.conflict expected: %s", vp_val_to_json (conflicts));
    vp_val_t *env = vp_array_at (conflicts, 0), *c = vp_map_get (env, "data");
    CHECK (strcmp (tu_str (c, "kind"), "person") == 0 && strcmp (tu_str (c, "officer"), GST_BI_THU) == 0
           && strcmp (tu_str (c, "entry"), entry) == 0 && strcmp (tu_str (c, "with"), party) == 0
           && strcmp (tu_str (c, "post"), "chu-tich-hdnd") == 0 && strcmp (tu_str (c, "with_post"), "bi-thu") == 0
           && vp_map_int (c, "start", 0) == tu_local_ms (2026, 11, 18, 15, 0)
           && vp_map_int (c, "end", 0) == tu_local_ms (2026, 11, 18, 16, 0),
           "the conflict names him, both posts, both entries and the hour they share: %s", vp_val_to_json (c));
    vp_val_t *registered = s_registered (doc);
    CHECK (strcmp (tu_str (env, "corr"), tu_str (registered, "corr")) == 0 && strcmp (tu_str (env, "tenant"), GST) == 0,
           "the conflict is in the registration's flow: corr %s, expected %s", tu_str (env, "corr"),
           tu_str (registered, "corr"));
    vp_val_destroy (&registered);
    vp_val_destroy (&conflicts);
    tu_ok ("a Giấy mời for the Chủ tịch HĐND, who as Bí thư has a meeting then: one entry, one conflict (%s with %s)",
           entry, party);
}

//  The deadline item of a document, from the list of officer.
static vp_val_t *
s_item (const char *officer, const char *document)
{
    int64_t from = tu_local_ms (2026, 11, 16, 0, 0);
    vp_val_t *entries = cal_test_list (&s_t, officer, from, from + 60 * 86400000LL);
    vp_val_t *item = NULL;
    int count = s_count (entries, "assignment", document, &item);
    item = count ? vp_val_dup (item) : NULL;
    vp_val_destroy (&entries);
    return item;
}

static void
s_reassigned (void)
{
    vp_val_t *r = tu_ok_call (s_t.doc, GST, GST_CLERK, "documents.register", "issuer=Phòng Tài nguyên huyện",
                              "number=88/TNMT", "doc_date=16/11/2026", "type=cong-van", "field=dat-dai",
                              "summary=Rà soát hồ sơ đất đai", "deadline=20/11/2026 17:00");
    char doc[32];
    snprintf (doc, sizeof doc, "%s", tu_str (r, "document"));
    CHECK (strcmp (tu_str (r, "officer"), GST_DIA_CHINH) == 0, "routed to Địa chính: %s", vp_val_to_json (r));
    vp_val_destroy (&r);
    cal_test_sync (&s_t);
    vp_val_t *item = s_item (GST_DIA_CHINH, doc);
    CHECK (item && strcmp (tu_str (item, "kind"), "deadline") == 0
           && vp_map_int (item, "end", 0) == tu_local_ms (2026, 11, 20, 17, 0) && vp_map_int (item, "sequence", -1) == 0,
           "a deadline item ending at the deadline on the assignee's schedule: %s", item ? vp_val_to_json (item) : "none");
    char entry[32];
    snprintf (entry, sizeof entry, "%s", tu_str (item, "entry"));
    vp_val_destroy (&item);

    tu_drop (tu_ok_call (s_t.doc, GST, GST_HEAD, "documents.assign", cal_word ("document", doc), "post=tai-chinh"));
    cal_test_sync (&s_t);
    CHECK (!(item = s_item (GST_DIA_CHINH, doc)), "the old officer keeps the item: %s", vp_val_to_json (item));
    item = s_item (GST_TAI_CHINH, doc);
    CHECK (item && strcmp (tu_str (item, "entry"), entry) == 0 && vp_map_int (item, "sequence", -1) == 1
           && vp_map_int (item, "end", 0) == tu_local_ms (2026, 11, 20, 17, 0),
           "the same item, sequence 1, on the new officer's schedule: %s", item ? vp_val_to_json (item) : "none");
    vp_val_destroy (&item);
    vp_val_t *updated = cal_test_events (&s_t, "entry_updated");
    vp_val_t *last = vp_map_get (vp_array_at (updated, vp_val_len (updated) - 1), "data");
    char *changed = tu_join (vp_map_get (last, "changed"), NULL);
    CHECK (strcmp (tu_str (last, "entry"), entry) == 0 && strcmp (changed, "participants") == 0,
           "entry_updated says the participants changed: %s", vp_val_to_json (last));
    free (changed);
    vp_val_destroy (&updated);

    tu_drop (tu_ok_call (s_t.doc, GST, GST_TAI_CHINH, "documents.start", cal_word ("document", doc)));
    tu_drop (tu_ok_call (s_t.doc, GST, GST_TAI_CHINH, "documents.done", cal_word ("document", doc), "note=Đã rà soát"));
    cal_test_sync (&s_t);
    item = s_item (GST_TAI_CHINH, doc);
    CHECK (item && strcmp (tu_str (item, "status"), "done") == 0 && vp_map_int (item, "sequence", -1) == 2,
           "done closes the item: %s", item ? vp_val_to_json (item) : "none");
    vp_val_destroy (&item);
    tu_ok ("a reassigned document moves its deadline item %s to the new officer; done closes it", entry);
}

static void
s_leave (void)
{
    const char *a = CAL_ENTRY (&s_t, GST_CLERK, "title=Tiếp công dân", "start=25/11/2026 08:00",
                               "end=25/11/2026 11:00", "posts=chu-tich-ubnd");
    const char *b = CAL_ENTRY (&s_t, GST_CLERK, "title=Làm việc với Đoàn kiểm tra huyện", "kind=work",
                               "start=26/11/2026 14:00", "end=26/11/2026 16:00", "officers=" GST_CHU_TICH);
    const char *after = CAL_ENTRY (&s_t, GST_CLERK, "title=Họp giao ban UBND", "start=30/11/2026 08:00",
                                   "end=30/11/2026 09:00", "chair=chu-tich-ubnd");
    cal_test_sync (&s_t);
    vp_val_t *r = tu_ok_call (s_t.stf, GST, GST_HEAD, "staffing.leave.start", "officer=" GST_CHU_TICH,
                              "from=24/11/2026", "to=28/11/2026", "delegate=" GST_PCT_KT);
    char leave[64];
    snprintf (leave, sizeof leave, "%s", tu_str (r, "leave"));
    vp_val_destroy (&r);
    cal_test_sync (&s_t);
    const char *ids[] = { a, b, after };
    for (int i = 0; i < 3; i++) {
        vp_val_t *e = tu_ok_call (s_t.cal, GST, GST_CLERK, "calendar.entry.get", cal_word ("entry", ids[i]));
        const vp_val_t *p = vp_array_at (vp_map_get (e, "participants"), 0);
        if (i < 2)
            CHECK (strcmp (tu_str (p, "delegate"), GST_PCT_KT) == 0 && strcmp (tu_str (p, "leave"), leave) == 0
                   && vp_map_int (e, "sequence", -1) == 1,
                   "entry %s in the leave is marked with the delegate: %s", ids[i], vp_val_to_json (e));
        else
            CHECK (!vp_map_get (p, "delegate") && vp_map_int (e, "sequence", -1) == 0,
                   "entry %s after the leave is not marked: %s", ids[i], vp_val_to_json (e));
        vp_val_destroy (&e);
    }
    vp_val_t *marked = cal_test_events (&s_t, "leave_marked");
    CHECK (vp_val_len (marked) == 1, "one calendar.leave_marked: %s", vp_val_to_json (marked));
    vp_val_t *data = vp_map_get (vp_array_at (marked, 0), "data");
    char *entries = tu_join (vp_map_get (data, "entries"), NULL), expected[80];
    snprintf (expected, sizeof expected, "%s,%s", a, b);
    CHECK (strcmp (entries, expected) == 0 && strcmp (tu_str (data, "delegate"), GST_PCT_KT) == 0
           && strcmp (tu_str (data, "officer"), GST_CHU_TICH) == 0,
           "leave_marked names the officer, the delegate and entries %s: %s", expected, vp_val_to_json (data));
    free (entries);
    vp_val_destroy (&marked);

    //  Back on the 26th: the entry of that day is his again, the 25th's stays marked.
    tu_drop (tu_ok_call (s_t.stf, GST, GST_HEAD, "staffing.leave.end", cal_word ("leave", leave), "to=26/11/2026"));
    cal_test_sync (&s_t);
    for (int i = 0; i < 2; i++) {
        vp_val_t *e = tu_ok_call (s_t.cal, GST, GST_CLERK, "calendar.entry.get", cal_word ("entry", ids[i]));
        const vp_val_t *p = vp_array_at (vp_map_get (e, "participants"), 0);
        CHECK (i == 0 ? strcmp (tu_str (p, "delegate"), GST_PCT_KT) == 0 : !vp_map_get (p, "delegate"),
               "after the leave ended on 26/11, entry %s: %s", ids[i], vp_val_to_json (e));
        vp_val_destroy (&e);
    }
    tu_ok ("a leave of the Chủ tịch marks %s and %s with the Phó Chủ tịch, not %s; one leave_marked; "
           "ended early, %s is his again", a, b, after, b);
}

int
main (void)
{
    cal_test_start (&s_t, "calendar-events");
    s_invitation_conflict ();
    s_reassigned ();
    s_leave ();
    cal_test_stop (&s_t);
    printf ("test_calendar_events: %d checks passed\n", tu_checks);
    return 0;
}
