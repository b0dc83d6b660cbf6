/*  test_secrecy_stack - the stack of test_secrecy_paths: every process
    real on loopback with CURVE, the demo district, the test's clock from
    the first process on (TU_CLOCK_START: Tuesday 01/12/2026 08:00 in the
    communes' zone), and a real SMTP server and a real HTTP receiver
    (tests/ntf_smtp_sink.py, Debian's aiosmtpd and http.server) that
    vp-notify delivers to; and who of Lam Sơn is cleared for what.
*/
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include "test_secrecy.h"

sec_t sec;

const char *
sec_cleared (int level)
{
    return level <= 1 ? LS_HEAD : LS_BI_THU;
}

int
sec_clearance_of (const char *officer)
{
    if (strcmp (officer, LS_BI_THU) == 0)
        return 3;
    if (strcmp (officer, LS_HEAD) == 0 || strcmp (officer, LS_CLERK) == 0 || strcmp (officer, LS_CHU_TICH) == 0)
        return 1;
    return 0;
}

//  --------------------------------------------------------------------------
//  The sinks

void
sec_start (void)
{
    memset (&sec, 0, sizeof sec);
    const char *dir = tu_tmpdir ("secrecy-sink");
    snprintf (sec.mail_dir, sizeof sec.mail_dir, "%s/mail", dir);
    snprintf (sec.hook_dir, sizeof sec.hook_dir, "%s/hooks", dir);
    sec.smtp_port = tu_free_port ();
    sec.http_port = tu_free_port ();
    sec.smtp_pid = tu_sink_start ("smtp", sec.mail_dir, sec.smtp_port);
    sec.http_pid = tu_sink_start ("http", sec.hook_dir, sec.http_port);
    static char env[3][200];
    snprintf (env[0], sizeof env[0], "VP_SMTP_URL=smtp://127.0.0.1:%d", sec.smtp_port);
    snprintf (env[1], sizeof env[1], "VP_SMTP_FROM=Văn phòng <vanphong@do-luong.example>");
    snprintf (env[2], sizeof env[2], "VP_NOTIFY_SCAN_MS=100");
    //  Every process logs all it says: a probe of the logs reads the most.
    setenv ("VP_LOG_LEVEL", "debug", 1);
    sec.start = TU_CLOCK_START;
    vp_tm_t tm;
    vp_time_local (sec.start, TU_ZONE, &tm);
    sec.year = tm.year;
    tm.hour = tm.minute = tm.second = 0;
    sec.midnight = vp_time_from_local (&tm, TU_ZONE);
    tu_stack_opts_t opts = {
        .demo = true, .env = (const char *[]) { env[0], env[1], env[2], NULL }, .clock = sec.start,
        .services = (const char *[]) { "staffing", "documents", "calendar", "notify", NULL }
    };
    tu_stack_start_opts (&sec.stack, "secrecy", &opts);
    sec.doc = tu_stack_client (&sec.stack, "documents");
    sec.cal = tu_stack_client (&sec.stack, "calendar");
    sec.ntf = tu_stack_client (&sec.stack, "notify");
}

void
sec_stop (void)
{
    vp_cmdcli_destroy (&sec.doc);
    vp_cmdcli_destroy (&sec.cal);
    vp_cmdcli_destroy (&sec.ntf);
    tu_stack_stop (&sec.stack);
    CHECK (tu_stop (sec.smtp_pid, SIGTERM, 5000) >= 0, "the SMTP sink did not stop");
    CHECK (tu_stop (sec.http_pid, SIGTERM, 5000) >= 0, "the HTTP sink did not stop");
}

//  Every service emptied its outbox and applied every event, and every
//  e-mail and webhook of Lam Sơn went.
void
sec_settle (void)
{
    const char *services[] = { "documents", "calendar", "notify" };
    vp_err_t err = { 0 };
    for (int round = 0; round < 2; round++) {
        for (int s = 0; s < 3; s++) {
            vp_cmdcli_t *cli = tu_stack_client (&sec.stack, services[s]);
            bool empty = false;
            for (int attempt = 0; attempt < 600 && !empty; attempt++) {
                vp_val_t *health = NULL;
                empty = vp_cmdcli_call (cli, "health", NULL, NULL, NULL, TU_TIMEOUT, &health, &err) == 0
                     && vp_map_int (health, "outbox", -1) == 0;
                vp_val_destroy (&health);
                if (!empty)
                    tu_sleep_ms (20);
            }
            vp_cmdcli_destroy (&cli);
            TU_CHECK (empty, "vp-%s did not empty its outbox in 12 s", services[s]);
        }
        tu_stack_sync (&sec.stack);
        int64_t pending = -1;
        for (int attempt = 0; attempt < 300 && pending != 0; attempt++) {
            vp_val_t *r = tu_ok_call (sec.ntf, LS, LS_HEAD, "notify.list", "status=pending", "limit=1");
            pending = vp_map_int (r, "total", -1);
            vp_val_destroy (&r);
            if (pending)
                tu_sleep_ms (50);
        }
        TU_CHECK (pending == 0, "%lld deliveries still pending after 15 s (log: %s)", (long long) pending,
                  sec.stack.log);
    }
}
