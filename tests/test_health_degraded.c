/*  test_health_degraded - health says what a change would meet.

    vp-documents used to answer `status ok, db true` while another process
    held its database locked and every write failed. With vp-bus,
    vp-staffing and vp-documents running, the test takes documents.db's
    write lock from a connection of its own (BEGIN EXCLUSIVE), then:
      (a) documents' health answers at once `status: degraded`,
          `db: false`, with a reason that says the database cannot take a
          write, and the service's healthcheck as docker-compose runs it
          (`vpctl --json health documents | grep '"status":"ok"'`) fails;
      (b) vp-staffing, whose database is its own, stays ok;
      (c) once the lock is let go, documents is ok again, db true, no
          reason, and its healthcheck passes.
*/
#include <sqlite3.h>
#include <string.h>
#include "test_ctl_run.h"

static tu_stack_t s_stack;

static vp_val_t *
s_health (const char *service)
{
    vp_cmdcli_t *cli = tu_stack_client (&s_stack, service);
    vp_val_t *health = tu_ok_call (cli, "", "", "health");
    vp_cmdcli_destroy (&cli);
    return health;
}

//  health of documents once it is ok (the bus's first heartbeat comes
//  within a second of the start), or the last answer after 10 s.
static vp_val_t *
s_health_ok (void)
{
    vp_val_t *health = NULL;
    for (int i = 0; i < 100; i++) {
        vp_val_destroy (&health);
        health = s_health ("documents");
        if (strcmp (tu_str (health, "status"), "ok") == 0)
            break;
        tu_sleep_ms (100);
    }
    return health;
}

//  The healthcheck of docker-compose.yml for vp-documents: its exit code.
static int
s_healthcheck (void)
{
    char line[1400];
    snprintf (line, sizeof line, "'%s' --json --timeout-ms 3000 health documents | grep -q '\"status\":\"ok\"'",
              tu_bin ("vpctl"));
    char *out = NULL;
    int rc = tc_run (s_stack.bus.dir, "/bin/sh", (const char *[]) { "-c", line, NULL }, s_stack.env, &out);
    free (out);
    return rc;
}

int
main (void)
{
    vp_log_init ("test_health_degraded", "warn", NULL);
    tu_stack_start (&s_stack, "health", false);
    vp_val_t *health = s_health_ok ();
    CHECK (strcmp (tu_str (health, "status"), "ok") == 0 && vp_map_bool (health, "db", false)
           && vp_map_int (health, "parked", -1) == 0 && !vp_map_get (health, "reason"),
           "documents at first: %s", vp_val_to_json (health));
    vp_val_destroy (&health);
    CHECK (s_healthcheck () == 0, "the healthcheck of a well vp-documents fails");

    //  Another process takes the write lock and keeps it.
    char path[1300];
    snprintf (path, sizeof path, "%s/data/documents.db", s_stack.bus.dir);
    sqlite3 *other = NULL;
    CHECK (sqlite3_open (path, &other) == SQLITE_OK && sqlite3_exec (other, "BEGIN EXCLUSIVE", NULL, NULL, NULL) == SQLITE_OK,
           "cannot lock %s: %s", path, sqlite3_errmsg (other));

    //  (a) degraded, at once, saying why.
    int64_t asked = vp_clock_mono ();
    health = s_health ("documents");
    int64_t took = vp_clock_mono () - asked;
    CHECK (strcmp (tu_str (health, "status"), "degraded") == 0 && !vp_map_bool (health, "db", true)
           && strstr (tu_str (health, "reason"), "cannot take a write") && strstr (tu_str (health, "reason"), "locked"),
           "documents with its database locked: %s", vp_val_to_json (health));
    CHECK (took < 2000, "health took %lld ms with the database locked", (long long) took);
    tu_ok ("locked by another process: documents says degraded in %lld ms, db false, \"%s\"", (long long) took,
           tu_str (health, "reason"));
    vp_val_destroy (&health);
    CHECK (s_healthcheck () != 0, "the healthcheck of vp-documents passes while its database is locked");
    tu_ok ("its docker-compose healthcheck fails");

    //  (b) the others are not concerned.
    health = s_health ("staffing");
    CHECK (strcmp (tu_str (health, "status"), "ok") == 0 && vp_map_bool (health, "db", false),
           "staffing while documents.db is locked: %s", vp_val_to_json (health));
    vp_val_destroy (&health);
    tu_ok ("vp-staffing stays ok");

    //  (c) the lock let go: ok again.
    CHECK (sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL) == SQLITE_OK, "ROLLBACK: %s", sqlite3_errmsg (other));
    sqlite3_close (other);
    health = s_health ("documents");
    CHECK (strcmp (tu_str (health, "status"), "ok") == 0 && vp_map_bool (health, "db", false)
           && !vp_map_get (health, "reason"),
           "documents after the lock: %s", vp_val_to_json (health));
    vp_val_destroy (&health);
    CHECK (s_healthcheck () == 0, "the healthcheck of vp-documents fails after the lock");
    tu_ok ("the lock let go: ok, db true, and the healthcheck passes again");

    tu_stack_stop (&s_stack);
    printf ("test_health_degraded: %d checks passed\n", tu_checks);
    return 0;
}
