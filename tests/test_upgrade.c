/*  test_upgrade - the databases of the last release open in place.

    tests/fixtures/v0.2.0/ holds the five databases of a stack of version
    0.2.0 (made by its scripts/up: the demo district, then the clerk of
    Giang Sơn Tây registered a công văn of the Sở Tài chính, a Giấy mời of
    the district with a meeting for the Chủ tịch UBND and a Mật công văn),
    each with one schema version in PRAGMA user_version. This version's
    services start on copies of them, and:
      (a) every service is healthy, and each file's owners have their
          versions in vp_schema, the service's own taken over from
          user_version, which is now past what 0.2.0 accepts;
      (b) what 0.2.0 wrote reads the same: the three documents and their
          arrival numbers, the meeting on the Chủ tịch's schedule, his
          notification, the staffing of the district;
      (c) the work goes on: the next registration takes arrival number
          04/2026 of the same book, and its events follow those of 0.2.0
          on the bus.
*/
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "testutil.h"

#define GST "giang-son-tay"
#define CLERK "gst-le-thi-mau-muoi-bon"
#define CHU_TICH "gst-dang-xuan-quang"
#define DIA_CHINH "gst-ho-thi-mau-tam"       //  Địa chính – Xây dựng: not cleared

//  The fixture's files, unzipped where the stack's processes look.
static void
s_place_fixture (tu_stack_t *stack, void *arg)
{
    static const char *const names[] = { "bus", "staffing", "documents", "calendar", "notify", NULL };
    for (int i = 0; names[i]; i++) {
        bool bus = strcmp (names[i], "bus") == 0;
        char command[4000];
        snprintf (command, sizeof command, "mkdir -p '%s/%s' && gzip -dc '%s/tests/fixtures/v0.2.0/%s.db.gz' > '%s/%s/%s.db'",
                  stack->bus.dir, bus ? "bus" : "data", VP_SOURCE_DIR, names[i], stack->bus.dir,
                  bus ? "bus" : "data", names[i]);
        TU_CHECK (system (command) == 0, "cannot place the fixture: %s", command);
    }
}

static int64_t
s_version (tu_stack_t *stack, const char *file, const char *owner)
{
    char path[1300], sql[200];
    snprintf (path, sizeof path, "%s/%s/%s.db", stack->bus.dir, strcmp (file, "bus") == 0 ? "bus" : "data", file);
    snprintf (sql, sizeof sql, "SELECT coalesce ((SELECT version FROM vp_schema WHERE owner = '%s'), -1)", owner);
    return tu_sql_int (path, sql);
}

static int64_t
s_user_version (tu_stack_t *stack, const char *file)
{
    char path[1300];
    snprintf (path, sizeof path, "%s/%s/%s.db", stack->bus.dir, strcmp (file, "bus") == 0 ? "bus" : "data", file);
    return tu_sql_int (path, "PRAGMA user_version");
}

int
main (void)
{
    vp_log_init ("test_upgrade", "warn", NULL);
    tu_stack_t stack;
    tu_stack_opts_t opts = {
        .services = (const char *[]) { "staffing", "documents", "calendar", "notify", NULL },
        .env = (const char *[]) { "VP_SMTP_URL=", NULL },
        .clock = tu_local_ms (2026, 12, 2, 21, 0),     //  the evening of the day 0.2.0 wrote them
        .before = s_place_fixture
    };
    tu_stack_start_opts (&stack, "upgrade", &opts);
    tu_stack_sync (&stack);

    //  (a) healthy, and the versions by owner.
    static const char *const services[] = { "staffing", "documents", "calendar", "notify", NULL };
    vp_cmdcli_t *ops[4];
    for (int i = 0; services[i]; i++) {
        ops[i] = tu_stack_operator (&stack, services[i]);
        //  ok once it has heard the bus's heartbeat (within 10 s).
        vp_val_t *health = NULL;
        for (int attempt = 0; attempt < 100; attempt++) {
            tu_drop (health);
            health = tu_ok_call (ops[i], "", "", "health");
            if (strcmp (tu_str (health, "status"), "ok") == 0)
                break;
            usleep (100000);
        }
        TU_CHECK (strcmp (tu_str (health, "status"), "ok") == 0, "%s after the upgrade: %s", services[i],
                  vp_val_to_json (health));
        tu_drop (health);
    }
    //  0.2.0's versions (documents 3, calendar 3, notify 1, bus 1) taken
    //  over, and this version's migrations past them applied.
    TU_CHECK (s_version (&stack, "documents", "documents") >= 3 && s_version (&stack, "calendar", "calendar") >= 3
              && s_version (&stack, "notify", "notify") >= 1 && s_version (&stack, "bus", "bus") >= 1,
              "owners' versions: documents %lld, calendar %lld, notify %lld, bus %lld",
              (long long) s_version (&stack, "documents", "documents"),
              (long long) s_version (&stack, "calendar", "calendar"),
              (long long) s_version (&stack, "notify", "notify"), (long long) s_version (&stack, "bus", "bus"));
    static const char *const owners[] = { "vp_outbox", "vp_consumer", "vp_request", "vp_service", "vp_staff", NULL };
    for (int i = 0; services[i]; i++) {
        for (int o = 0; owners[o]; o++)
            TU_CHECK (s_version (&stack, services[i], owners[o]) >= 1, "%s.db: no version of %s", services[i],
                      owners[o]);
        TU_CHECK (s_user_version (&stack, services[i]) == VP_DB_BY_OWNER, "%s.db: user_version %lld",
                  services[i], (long long) s_user_version (&stack, services[i]));
    }
    tu_ok ("four services healthy on 0.2.0's files; each file's owners in vp_schema (documents %lld from 3, "
           "calendar %lld from 3, notify %lld from 1, bus %lld from 1), user_version %d",
           (long long) s_version (&stack, "documents", "documents"), (long long) s_version (&stack, "calendar", "calendar"),
           (long long) s_version (&stack, "notify", "notify"), (long long) s_version (&stack, "bus", "bus"),
           VP_DB_BY_OWNER);

    //  (b) what 0.2.0 wrote.
    vp_cmdcli_t *doc = tu_stack_client (&stack, "documents");
    vp_val_t *found = tu_ok_call (doc, GST, CLERK, "documents.search", "q=gia dat");
    vp_val_t *first = vp_array_at (vp_map_get (found, "rows"), 0);
    TU_CHECK (vp_map_int (found, "total", 0) == 1 && first && strcmp (tu_str (first, "number"), "12/STC-QLG") == 0,
              "search for 'gia dat': %s", vp_val_to_json (found));
    tu_drop (found);
    found = tu_ok_call (doc, GST, DIA_CHINH, "documents.search");
    TU_CHECK (vp_map_int (found, "total", 0) == 2, "Địa chính finds %lld documents (not the Mật one): %s",
              (long long) vp_map_int (found, "total", 0), vp_val_to_json (found));
    tu_drop (found);
    found = tu_ok_call (doc, GST, CHU_TICH, "documents.search");
    TU_CHECK (vp_map_int (found, "total", 0) == 3, "the Chủ tịch finds %lld documents: %s",
              (long long) vp_map_int (found, "total", 0), vp_val_to_json (found));
    tu_drop (found);
    vp_cmdcli_t *cal = tu_stack_client (&stack, "calendar");
    vp_val_t *entries = tu_ok_call (cal, GST, CHU_TICH, "calendar.list",
                                    tu_ms_word ("from", tu_local_ms (2026, 12, 3, 0, 0)),
                                    tu_ms_word ("to", tu_local_ms (2026, 12, 4, 0, 0)), "officer=" CHU_TICH);
    char *titles = tu_join (vp_map_get (entries, "entries"), "title");
    TU_CHECK (strstr (titles, "hội nghị triển khai nhiệm vụ năm 2027"), "the Chủ tịch's 03/12: %s", titles);
    free (titles);
    tu_drop (entries);
    vp_cmdcli_t *ntf = tu_stack_client (&stack, "notify");
    vp_val_t *inbox = tu_ok_call (ntf, GST, CHU_TICH, "notify.inbox");
    TU_CHECK (vp_map_int (inbox, "total", 0) == 3 && vp_map_int (inbox, "unread", 0) == 3, "the Chủ tịch's inbox: %s",
              vp_val_to_json (inbox));
    tu_drop (inbox);
    vp_cmdcli_t *stf = tu_stack_client (&stack, "staffing");
    vp_val_t *who = tu_ok_call (stf, GST, CLERK, "staffing.whois", "post=chu-tich-ubnd");
    char *who_json = vp_val_to_json (who);
    TU_CHECK (strstr (who_json, CHU_TICH), "whois chu-tich-ubnd: %s", who_json);
    free (who_json);
    tu_drop (who);
    tu_ok ("0.2.0's documents (search, secrecy), the meeting on the Chủ tịch's schedule, his inbox and the "
           "staffing read the same");

    //  (c) the work goes on.
    vp_cmdcli_t *bus = tu_stack_client (&stack, "bus");
    vp_val_t *bus_stats = tu_ok_call (bus, NULL, NULL, "bus.stats");
    int64_t head = vp_map_int (vp_map_get (bus_stats, "heads"), "documents", 0);
    tu_drop (bus_stats);
    vp_val_t *reg = tu_ok_call (doc, GST, CLERK, "documents.register", "issuer=Sở Nội vụ", "number=88/SNV-CCVC",
                                tu_ms_word ("doc_date", tu_local_ms (2026, 12, 1, 8, 0)), "type=cong-van",
                                "field=dieu-hanh", "summary=Về việc rà soát biên chế năm 2027");
    TU_CHECK (vp_map_int (reg, "arrival_number", 0) == 4 && strcmp (tu_str (reg, "book"), "den-chinh-quyen") == 0,
              "the next registration: %s", vp_val_to_json (reg));
    tu_drop (reg);
    tu_stack_sync (&stack);
    bus_stats = tu_ok_call (bus, NULL, NULL, "bus.stats");
    int64_t after = vp_map_int (vp_map_get (bus_stats, "heads"), "documents", 0);
    tu_drop (bus_stats);
    TU_CHECK (after > head, "the documents stream stayed at %lld", (long long) head);
    tu_ok ("the next registration is 04/2026 of den-chinh-quyen; the documents stream goes on from %lld to %lld",
           (long long) head, (long long) after);

    for (int i = 0; services[i]; i++)
        vp_cmdcli_destroy (&ops[i]);
    vp_cmdcli_destroy (&doc);
    vp_cmdcli_destroy (&cal);
    vp_cmdcli_destroy (&ntf);
    vp_cmdcli_destroy (&stf);
    vp_cmdcli_destroy (&bus);
    tu_stack_stop (&stack);
    printf ("test_upgrade: %d checks passed\n", tu_checks);
    return 0;
}
