/*  vp_recall - a service reads back its own stream before it acts.

    A service's database and the bus agree while the service runs: what
    it emits is written with the change that caused it. After its
    database is rebuilt from nothing or restored from an older backup,
    the bus holds events the database does not: notifications made, mails
    sent. Before it acts on anything, such a service reads its own stream
    from the bus, from its own cursor (vp_cursor, the row of its own
    stream) to the head, and gives each event to `recall`, in the
    transaction that moves the cursor. Recall records what was done; it
    does nothing again. Then the service goes on as ever, and what it
    followed and applies again finds it done already.
*/
#ifndef VP_RECALL_H_INCLUDED
#define VP_RECALL_H_INCLUDED

#include "vp_consumer.h"
#include "vp_keys.h"

//  Read `stream` back from the bus's replay endpoint into recall, page by
//  page, until its head; waits for the bus while it does not answer
//  (until interrupted: -1). Returns the number of events recalled.
int64_t vp_recall_own (sqlite3 *db, const char *stream, const char *replay_endpoint, vp_keys_t *keys,
                       vp_apply_fn *recall, void *arg);

#endif
