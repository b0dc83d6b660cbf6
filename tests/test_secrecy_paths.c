/*  test_secrecy_paths - a secret document's text is read only by a
    cleared officer of its commune, through vp-documents, on every read
    path (SECURITY.md §2, "Secrecy travels with the data").

    The whole stack with CURVE on the demo district and the test's clock
    (test_secrecy_scenario.c): documents of each level of Lam Sơn with a
    marker in every text, taken through every step. Then the marker is
    looked for on every read path, by every kind of reader: (a) a cleared
    officer of the commune, (b) one not cleared (invited to the meetings),
    (c) an officer of another commune, (d) an operator key:
      documents.get, history, search, the register book   only (a) reads it
                                                  (test_secrecy_documents.c);
      calendar.list, entry.get, week (text, page), ical, the HTTP feed
                                                  nobody; (b) sees the busy
                                                  block with time and place
                                                  (test_secrecy_calendar.c);
      notify.inbox, notify.list, e-mail, webhooks nobody (test_secrecy_notify.c);
      every stream replayed, vp-mon tail --json, both logs, every file of
      the data folders (while running, with the -wal, and after the stop)
                                                  nobody but documents.db
                                                  (test_secrecy_stores.c).
    Where a path should show a text (the cleared reader's, the control
    document's) the probe must find it there. The first leak stops the
    test, naming the path, the reader and where; at the end the probes
    are counted per reader and path.
*/
#include "test_secrecy.h"

int
main (void)
{
    sec_start ();
    sec_scenario ();
    sec_probe_documents ();
    sec_probe_calendar ();
    sec_probe_notify ();
    sec_probe_streams ();
    sec_probe_files ("running");
    sec_stop ();
    sec_probe_files ("stopped");
    sec_report ();
    printf ("test_secrecy_paths: %d checks passed\n", tu_checks);
    return 0;
}
