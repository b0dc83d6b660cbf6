/*  A consumer SIGKILLed mid-stream and restarted applies every event
    exactly once (it writes one row per apply, with no unique index). */
#include <signal.h>
#include "testutil.h"

int
main (void)
{
    tu_bus_t bus;
    tu_bus_init (&bus, "consumer-crash");
    tu_bus_start (&bus, NULL);
    char producer_dir[1200], consumer_dir[1200], consumer_db[1300], log[1200];
    snprintf (producer_dir, sizeof producer_dir, "%s/producer", bus.dir);
    snprintf (consumer_dir, sizeof consumer_dir, "%s/consumer", bus.dir);
    snprintf (consumer_db, sizeof consumer_db, "%s/consumer.db", consumer_dir);
    snprintf (log, sizeof log, "%s/clients.log", bus.dir);

    const char *consumer_argv[] = { tu_bin ("tu_consumer"), "--data-dir", consumer_dir,
                                    "--expect", "5000", "--delay-us", "300", "--batch", "50", NULL };
    pid_t consumer = tu_spawn (consumer_argv, bus.env, log);
    const char *producer_argv[] = { tu_bin ("tu_producer"), "--data-dir", producer_dir,
                                    "--count", "5000", "--per-tick", "500", "--tick-ms", "2", NULL };
    pid_t producer = tu_spawn (producer_argv, bus.env, log);

    //  Kill it when it has applied some but not all.
    int64_t applied = 0;
    for (int i = 0; i < 2000 && applied < 1000; i++) {
        tu_sleep_ms (5);
        applied = tu_sql_int (consumer_db, "SELECT count(*) FROM applied");
    }
    TU_CHECK (tu_stop (consumer, SIGKILL, 5000) == 128 + SIGKILL, "consumer did not die");
    applied = tu_sql_int (consumer_db, "SELECT count(*) FROM applied");
    TU_CHECK (applied > 0 && applied < 5000, "kill was not mid-stream: %lld applied", (long long) applied);
    tu_ok ("consumer SIGKILLed after applying %lld of 5000", (long long) applied);

    TU_CHECK (tu_wait (producer, 60000) == 0, "producer failed (log: %s)", log);
    consumer = tu_spawn (consumer_argv, bus.env, log);
    int rc = tu_wait (consumer, 60000);
    TU_CHECK (rc == 0, "restarted consumer exited %d (log: %s)", rc, log);

    int64_t rows = tu_sql_int (consumer_db, "SELECT count(*) FROM applied");
    int64_t distinct = tu_sql_int (consumer_db, "SELECT count(DISTINCT seq) FROM applied");
    int64_t last = tu_sql_int (consumer_db, "SELECT max(seq) FROM applied");
    int64_t cursor = tu_sql_int (consumer_db, "SELECT seq FROM vp_cursor WHERE stream = 'probe'");
    TU_CHECK (rows == 5000 && distinct == 5000 && last == 5000,
              "applied %lld rows, %lld distinct, last seq %lld: want 5000 each",
              (long long) rows, (long long) distinct, (long long) last);
    TU_CHECK (cursor == 5000, "cursor is %lld", (long long) cursor);
    tu_ok ("every one of 5000 events applied exactly once; cursor 5000");
    TU_CHECK (tu_stop (bus.pid, SIGTERM, 10000) == 0, "bus did not stop cleanly");
    printf ("1 passed, 0 failed\n");
    return 0;
}
