/*  A producer sends 10,000 events through its outbox while the bus is
    SIGKILLed and restarted twice: the log ends with exactly 10,000 events,
    seq 1..10000 with no gap and no duplicate, and the outbox is empty. */
#include <signal.h>
#include "testutil.h"

int
main (void)
{
    tu_bus_t bus;
    tu_bus_init (&bus, "bus-crash");
    tu_bus_start (&bus, NULL);

    char producer_dir[1200], producer_log[1200], bus_db[1200], outbox_db[1300];
    snprintf (producer_dir, sizeof producer_dir, "%s/producer", bus.dir);
    snprintf (producer_log, sizeof producer_log, "%s/producer.log", bus.dir);
    snprintf (bus_db, sizeof bus_db, "%s/bus.db", bus.data_dir);
    snprintf (outbox_db, sizeof outbox_db, "%s/producer.db", producer_dir);
    const char *argv[] = { tu_bin ("tu_producer"), "--data-dir", producer_dir, "--count", "10000",
                           "--per-tick", "10", "--tick-ms", "5", NULL };
    //  About 2,000 events a second: a few seconds of stream, so the second
    //  kill still lands before the end on a busy machine.
    pid_t producer = tu_spawn (argv, bus.env, producer_log);

    //  Kill the bus twice mid-stream: once 1,000 events are logged, and
    //  again once 2,000 more are (whatever the machine's speed).
    int64_t at_kill[2];
    int64_t want = 1000;
    for (int round = 0; round < 2; round++) {
        int64_t logged = 0;
        for (int i = 0; i < 6000 && logged < want; i++) {
            tu_sleep_ms (5);
            logged = tu_sql_int (bus_db, "SELECT count(*) FROM log");
        }
        TU_CHECK (logged >= want, "only %lld events logged after 30 s", (long long) logged);
        TU_CHECK (tu_stop (bus.pid, SIGKILL, 5000) == 128 + SIGKILL, "bus did not die of SIGKILL");
        at_kill[round] = tu_sql_int (bus_db, "SELECT count(*) FROM log");
        want = at_kill[round] + 2000;
        tu_sleep_ms (300);
        tu_bus_start (&bus, NULL);
    }
    TU_CHECK (at_kill[0] > 0 && at_kill[1] < 10000 && at_kill[0] < at_kill[1],
              "the kills did not land mid-stream: %lld then %lld events logged",
              (long long) at_kill[0], (long long) at_kill[1]);
    tu_ok ("bus SIGKILLed with %lld and with %lld of 10000 events logged",
           (long long) at_kill[0], (long long) at_kill[1]);

    int rc = tu_wait (producer, 60000);
    TU_CHECK (rc == 0, "producer exited %d (log: %s)", rc, producer_log);
    TU_CHECK (tu_stop (bus.pid, SIGTERM, 10000) == 0, "bus did not stop cleanly on SIGTERM");

    int64_t count = tu_sql_int (bus_db, "SELECT count(*) FROM log");
    int64_t distinct = tu_sql_int (bus_db, "SELECT count(DISTINCT id) FROM log");
    int64_t first = tu_sql_int (bus_db, "SELECT min(seq) FROM log WHERE stream = 'probe'");
    int64_t last = tu_sql_int (bus_db, "SELECT max(seq) FROM log WHERE stream = 'probe'");
    int64_t numbers = tu_sql_int (bus_db, "SELECT count(DISTINCT seq) FROM log WHERE stream = 'probe'");
    TU_CHECK (count == 10000, "the log has %lld events, not 10000", (long long) count);
    TU_CHECK (distinct == 10000, "the log has %lld distinct ids: duplicates", (long long) distinct);
    TU_CHECK (first == 1 && last == 10000 && numbers == 10000,
              "seq runs %lld..%lld with %lld numbers: a gap or a repeat",
              (long long) first, (long long) last, (long long) numbers);
    tu_ok ("log holds exactly 10000 events, seq 1..10000, no gap, no duplicate");

    //  Each probe event carries its own counter n; logged order follows it.
    int64_t out_of_order = tu_sql_int (bus_db,
        "SELECT count(*) FROM (SELECT seq, lag(seq) OVER (ORDER BY id) AS prev FROM log) "
        "WHERE prev IS NOT NULL AND seq != prev + 1");
    TU_CHECK (out_of_order == 0, "%lld events logged out of the producer's order", (long long) out_of_order);
    tu_ok ("events logged in the order the producer made them");

    int64_t depth = tu_sql_int (outbox_db, "SELECT count(*) FROM vp_outbox");
    TU_CHECK (depth == 0, "the producer's outbox still holds %lld rows", (long long) depth);
    tu_ok ("producer outbox is empty");
    printf ("1 passed, 0 failed\n");
    return 0;
}
