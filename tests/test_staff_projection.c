/*  The staffing read model is one implementation used by both sides:
    vp-staffing answers `staffing.whois` from its tables, and any other
    service builds the same tables from the bus with vp_consumer and
    vp_staff_apply. After the demo district is loaded, a projection built
    from the events answers whois exactly as the service does, for every
    post of every commune, at several times. */
#include <signal.h>
#include "testutil.h"

static int
s_apply (sqlite3 *db, const vp_val_t *env, void *arg)
{
    return vp_staff_apply (db, env, NULL);
}

static int
s_until_caught_up (zloop_t *loop, int timer_id, void *arg)
{
    vp_consumer_t *consumer = (vp_consumer_t *) arg;
    int64_t head = vp_consumer_head (consumer, "staffing");
    return head > 0 && vp_consumer_cursor (consumer, "staffing") >= head ? -1 : 0;
}

int
main (void)
{
    tu_stack_t stack;
    tu_stack_start (&stack, "staff-projection", true);
    tu_bus_t *bus = &stack.bus;

    //  Another service's projection, built from the bus alone.
    vp_err_t err = { 0 };
    char dir[1200];
    snprintf (dir, sizeof dir, "%s/projection", bus->dir);
    sqlite3 *db = vp_db_open (dir, "projection.db", &err);
    TU_CHECK (db && vp_staff_schema (db, &err) == 0 && vp_consumer_schema (db, &err) == 0, "%s", err.message);
    vp_keys_t *consumer_keys = tu_bus_keys (bus, "consumer");
    vp_consumer_t *consumer = vp_consumer_new (db, bus->pub, bus->replay, consumer_keys, s_apply, NULL, &err);
    TU_CHECK (consumer, "%s", err.message);
    vp_consumer_follow (consumer, "staffing");
    zloop_t *loop = zloop_new ();
    TU_CHECK (vp_consumer_attach (consumer, loop) == 0, "attach");
    zloop_timer (loop, 20, 0, s_until_caught_up, consumer);
    zloop_start (loop);
    int64_t events = vp_consumer_cursor (consumer, "staffing");
    TU_CHECK (events > 400, "only %lld staffing events applied", (long long) events);
    tu_ok ("projection built from %lld staffing events on the bus", (long long) events);

    //  Every post of every commune, at five moments, both ways.
    vp_cmdcli_t *cli = tu_stack_admin (&stack, "staffing");
    const char *tenants[] = { "lam-son", "giang-son-tay", "minh-son", "thi-tran-do-luong",
                              "van-son", "hoa-son", "dai-son", NULL };
    const char *moments[] = { "01/01/2022", "30/09/2025 23:59", "01/10/2025", "01/12/2026 09:00", "01/01/2027", NULL };
    int compared = 0, acted = 0;
    for (int t = 0; tenants[t]; t++) {
        sqlite3_stmt *stmt = NULL;
        sqlite3_prepare_v2 (db, "SELECT post FROM stf_post WHERE tenant = ?1 ORDER BY post", -1, &stmt, NULL);
        sqlite3_bind_text (stmt, 1, tenants[t], -1, SQLITE_STATIC);
        while (sqlite3_step (stmt) == SQLITE_ROW) {
            const char *post = (const char *) sqlite3_column_text (stmt, 0);
            for (int m = 0; moments[m]; m++) {
                int64_t at = 0;
                TU_CHECK (vp_time_parse (moments[m], NULL, "at", &at, &err) == 0, "%s", err.message);
                vp_val_t *args = vp_val_map ();
                vp_map_put_str (args, "post", post);
                vp_map_put_int (args, "at", at);
                vp_val_t *remote = NULL;
                vp_err_t remote_err = { 0 };
                int remote_rc = vp_cmdcli_call (cli, "staffing.whois", tenants[t], NULL, args, 10000,
                                                &remote, &remote_err);
                TU_CHECK (remote_rc == 0 || remote_err.code == VP_E_NOT_FOUND, "whois: %s", remote_err.message);
                vp_staff_actor_t actor;
                vp_err_t local_err = { 0 };
                int local_rc = vp_staff_whois (db, tenants[t], post, at, &actor, &local_err);
                TU_CHECK (local_rc == remote_rc, "%s %s at %s: service %s, projection %s", tenants[t], post,
                          moments[m], remote_rc ? remote_err.message : "answers",
                          local_rc ? local_err.message : "answers");
                if (local_rc == 0) {
                    vp_val_t *local = vp_staff_actor_val (&actor);
                    char *a = vp_val_to_json (local), *b = vp_val_to_json (remote);
                    TU_CHECK (streq (a, b), "%s %s at %s:\n  service    %s\n  projection %s",
                              tenants[t], post, moments[m], b, a);
                    free (a);
                    free (b);
                    vp_val_destroy (&local);
                    acted++;
                }
                else
                    TU_CHECK (streq (local_err.message, remote_err.message), "%s vs %s",
                              local_err.message, remote_err.message);
                vp_val_destroy (&remote);
                compared++;
            }
        }
        sqlite3_finalize (stmt);
    }
    TU_CHECK (compared > 500 && acted > 400, "compared %d, %d with someone acting", compared, acted);
    tu_ok ("%d whois answers (%d with someone acting) are the same from the service and the projection",
           compared, acted);

    vp_cmdcli_destroy (&cli);
    vp_consumer_destroy (&consumer);
    zloop_destroy (&loop);
    vp_db_close (&db);
    vp_keys_destroy (&consumer_keys);
    tu_stack_stop (&stack);
    printf ("1 passed, 0 failed\n");
    return 0;
}
