/*  test_calendar_crash - an invitation is one entry, however often its
    event arrives and however vp-calendar stops.

    vp-bus, vp-staffing, vp-documents and vp-calendar with CURVE and the
    demo district. Checks that:
      (a) vp-calendar stopped, its cursor of the documents stream set back
          to the start in calendar.db, and started again, applies every
          documents event a second time and makes nothing new: one entry
          per invitation, one entry_created on the bus;
      (b) vp-calendar killed (SIGKILL) in the middle of a burst of
          invitations and started again: every invitation has exactly one
          entry, and the bus exactly one entry_created for it.
*/
#include <signal.h>
#include <string.h>
#include "test_calendar_util.h"

#define S_BURST 30

static cal_test_t s_t;
static char s_db[1200];

//  Entries made from invitation document.
static int64_t
s_entries (const char *document)
{
    char sql[1200];
    snprintf (sql, sizeof sql, "SELECT count (*) FROM cal_entry WHERE source = 'invitation' AND document = '%s'",
              document);
    return tu_sql_int (s_db, sql);
}

//  calendar.entry_created of document on the bus.
static int
s_created (const vp_val_t *events, const char *document)
{
    int count = 0;
    for (size_t i = 0; i < vp_val_len (events); i++)
        count += strcmp (tu_str (vp_map_get (vp_array_at (events, i), "data"), "document"), document) == 0;
    return count;
}

static const char *
s_invite (int n)
{
    char number[32];
    snprintf (number, sizeof number, "%d/GM-UBND", 100 + n);
    int64_t start = tu_local_ms (2026, 12, 1 + n / 8, 7 + n % 8, 0);
    return cal_test_invitation (__LINE__, &s_t, number, "chu-tich-ubnd", start, start + 3600000, "hoi-truong");
}

static void
s_rewind (void)
{
    const char *doc = s_invite (0);
    cal_test_sync (&s_t);
    CHECK (s_entries (doc) == 1, "the invitation %s made %lld entries", doc, (long long) s_entries (doc));
    CHECK (tu_stop (s_t.stack.calendar, SIGTERM, 30000) == 0, "vp-calendar did not stop cleanly");
    s_t.stack.calendar = 0;
    int64_t cursor = tu_sql_int (s_db, "SELECT seq FROM vp_cursor WHERE stream = 'documents'");
    sqlite3 *db = NULL;
    CHECK (sqlite3_open (s_db, &db) == SQLITE_OK
           && sqlite3_exec (db, "UPDATE vp_cursor SET seq = 0 WHERE stream = 'documents'", NULL, NULL, NULL) == SQLITE_OK,
           "cannot set the cursor back in %s", s_db);
    sqlite3_close (db);
    tu_stack_start_service (&s_t.stack, "calendar");
    cal_test_sync (&s_t);
    CHECK (tu_sql_int (s_db, "SELECT seq FROM vp_cursor WHERE stream = 'documents'") == cursor,
           "the documents stream was applied again up to %lld", (long long) cursor);
    CHECK (s_entries (doc) == 1, "applied again, invitation %s has %lld entries", doc, (long long) s_entries (doc));
    vp_val_t *created = cal_test_events (&s_t, "entry_created");
    CHECK (s_created (created, doc) == 1, "applied again, %d entry_created for %s", s_created (created, doc), doc);
    vp_val_destroy (&created);
    tu_ok ("the documents stream applied a second time (cursor set back from %lld to 0): still one entry for %s",
           (long long) cursor, doc);
}

static void
s_kill (void)
{
    char docs[S_BURST][32];
    for (int i = 0; i < S_BURST; i++) {
        snprintf (docs[i], sizeof docs[i], "%s", s_invite (i + 1));
        if (i == S_BURST / 3) {
            CHECK (tu_stop (s_t.stack.calendar, SIGKILL, 10000) == 128 + SIGKILL, "vp-calendar was not killed");
            s_t.stack.calendar = 0;
        }
        if (i == 2 * S_BURST / 3)
            tu_stack_start_service (&s_t.stack, "calendar");
    }
    cal_test_sync (&s_t);
    vp_val_t *created = cal_test_events (&s_t, "entry_created");
    for (int i = 0; i < S_BURST; i++) {
        CHECK (s_entries (docs[i]) == 1, "invitation %s has %lld entries", docs[i], (long long) s_entries (docs[i]));
        CHECK (s_created (created, docs[i]) == 1, "%d entry_created for %s", s_created (created, docs[i]), docs[i]);
    }
    vp_val_destroy (&created);
    tu_ok ("vp-calendar killed amid %d invitations and started again: one entry and one entry_created each",
           S_BURST);
}

int
main (void)
{
    cal_test_start (&s_t, "calendar-crash");
    snprintf (s_db, sizeof s_db, "%s/data/calendar.db", s_t.stack.bus.dir);
    s_rewind ();
    s_kill ();
    cal_test_stop (&s_t);
    printf ("test_calendar_crash: %d checks passed\n", tu_checks);
    return 0;
}
