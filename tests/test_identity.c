/*  Officers' passwords (vp-staffing): argon2id hashes libsodium accepts,
    one answer for every wrong sign-in, lock-out per officer and per
    source that the right password does not pass until the injected clock
    moves on, the attempts' trail, who may set whose password, and the
    gateway without a session: auth.login and nothing else. */
#include <sodium.h>
#include "testutil.h"

#define TENANT "lam-son"
#define CLERK "ls-nguyen-van-cong"          //  Văn phòng – Thống kê (clearance mat)
#define HEAD "ls-phan-thi-mau-truong"       //  Tổ trưởng Văn phòng
#define CHAIR "ls-le-van-mau-ba"            //  Chủ tịch UBND
#define BAD_LOGIN "Tên đăng nhập hoặc mật khẩu không đúng"
#define WINDOW_MS (15 * 60 * 1000LL)

static int64_t
s_now_ms (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

//  Attempts that reached the sign-in check (the gateway's), to count the trail.
static int s_attempts;
static vp_cmdcli_t *s_gateway;

//  auth.login through cli: 0, or -1 with err.
static int
s_login (vp_cmdcli_t *cli, const char *officer, const char *password, const char *source,
         vp_val_t **result, vp_err_t *err)
{
    vp_val_t *args = vp_val_map ();
    vp_map_put_str (args, "tenant", TENANT);
    vp_map_put_str (args, "officer", officer);
    vp_map_put_str (args, "password", password);
    vp_map_put_str (args, "source", source);
    vp_err_clear (err);
    *result = NULL;
    if (cli == s_gateway)
        s_attempts++;
    return tu_call_args (cli, TENANT, NULL, "staffing.auth.login", args, result, err);
}

//  A login that must be refused with code (and field): its error.
static vp_err_t
s_login_refused (int line, vp_cmdcli_t *cli, const char *officer, const char *password, const char *source,
                 vp_code_t code)
{
    vp_val_t *result = NULL;
    vp_err_t err = { 0 };
    int rc = s_login (cli, officer, password, source, &result, &err);
    vp_val_destroy (&result);
    CHECK (rc == -1, "line %d: %s signed in from %s", line, officer, source);
    CHECK (code == VP_OK || err.code == code, "line %d: %s from %s: %s (%s), expected %s", line, officer, source,
           vp_code_name (err.code), err.message, vp_code_name (code));
    return err;
}

static void
s_login_ok (int line, vp_cmdcli_t *cli, const char *officer, const char *password, const char *source)
{
    vp_val_t *result = NULL;
    vp_err_t err = { 0 };
    int rc = s_login (cli, officer, password, source, &result, &err);
    CHECK (rc == 0, "line %d: %s from %s refused: %s %s", line, officer, source, vp_code_name (err.code),
           err.message);
    CHECK (streq (tu_str (result, "officer"), officer), "line %d: signed in as %s", line, tu_str (result, "officer"));
    vp_val_destroy (&result);
}

int
main (void)
{
    TU_CHECK (sodium_init () >= 0, "libsodium does not start");
    tu_stack_t stack;
    tu_stack_opts_t opts = { .demo = true, .services = (const char *const []) { "staffing", NULL } };
    tu_stack_start_opts (&stack, "identity", &opts);
    int64_t now = TU_CLOCK_START;
    vp_err_t err = { 0 };

    vp_cmdcli_t *admin = tu_stack_admin (&stack, "staffing");
    vp_cmdcli_t *session = tu_stack_client (&stack, "staffing");
    vp_cmdcli_t *bare = vp_cmdcli_new (stack.staffing_cmd, stack.gateway, "staffing", &err);
    TU_CHECK (bare, "%s", err.message);
    s_gateway = bare;
    vp_cmdcli_t *clerk = tu_stack_officer (&stack, "staffing", TENANT, CLERK);
    vp_cmdcli_t *head = tu_stack_officer (&stack, "staffing", TENANT, HEAD);
    vp_cmdcli_t *operator = tu_stack_operator (&stack, "staffing");

    //  ---- set by the admin: argon2id, as libsodium reads it
    const char *const officers[] = { CLERK, HEAD, CHAIR, NULL };
    int64_t t0 = s_now_ms ();
    for (int i = 0; officers[i]; i++)
        tu_stack_set_password (&stack, TENANT, officers[i], "Demo@2026");
    double per_hash = (double) (s_now_ms () - t0) / 3;
    char db[1300], sql[1400];
    snprintf (db, sizeof db, "%s/data/staffing.db", stack.bus.dir);
    sqlite3 *conn = NULL;
    TU_CHECK (sqlite3_open_v2 (db, &conn, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK, "cannot open %s", db);
    sqlite3_stmt *stmt = NULL;
    TU_CHECK (sqlite3_prepare_v2 (conn, "SELECT officer, hash, set_by FROM stf_credential ORDER BY officer", -1,
                                  &stmt, NULL) == SQLITE_OK, "%s", sqlite3_errmsg (conn));
    int hashes = 0;
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        const char *officer = (const char *) sqlite3_column_text (stmt, 0);
        const char *hash = (const char *) sqlite3_column_text (stmt, 1);
        CHECK (strncmp (hash, "$argon2id$", 10) == 0, "%s: hash %.12s...", officer, hash);
        CHECK (crypto_pwhash_str_verify (hash, "Demo@2026", 9) == 0, "%s: libsodium refuses its hash", officer);
        CHECK (crypto_pwhash_str_verify (hash, "Demo@2025", 9) != 0, "%s: a wrong password verifies", officer);
        CHECK (streq ((const char *) sqlite3_column_text (stmt, 2), TU_ADMIN), "%s: set by %s", officer,
               (const char *) sqlite3_column_text (stmt, 2));
        hashes++;
    }
    sqlite3_finalize (stmt);
    sqlite3_close (conn);
    CHECK (hashes == 3, "%d hashes", hashes);
    tu_ok ("3 passwords set by the admin: $argon2id$ strings libsodium verifies (%.0f ms per set)", per_hash);
    //  Nothing of it on the bus nor in the log.
    vp_val_t *events = tu_stack_replay (&stack, "staffing");
    char *text = vp_val_to_json (events);
    CHECK (!strstr (text, "Demo@2026") && !strstr (text, "argon2"), "a password or hash is on the bus");
    free (text);
    vp_val_destroy (&events);
    snprintf (sql, sizeof sql, "grep -c 'Demo@2026\\|argon2' '%s' >/dev/null", stack.log);
    CHECK (system (sql) != 0, "a password or hash is in the log %s", stack.log);
    tu_ok ("no password nor hash on the bus or in the log");

    //  ---- who may set whose
    tu_refused (VP_E_INVALID_ARGUMENT, "password", "Mật khẩu cần ít nhất 8 ký tự", admin, TENANT, NULL,
                "staffing.credential.set", "officer=" CLERK, "password=Ngắn@26");
    tu_refused (VP_E_PERMISSION_DENIED, "officer", CHAIR, clerk, TENANT, NULL,
                "staffing.credential.set", "officer=" CHAIR, "password=Khac@2026");
    tu_refused (VP_E_PERMISSION_DENIED, "actor", CHAIR, clerk, TENANT, CHAIR,
                "staffing.credential.set", "officer=" CHAIR, "password=Khac@2026");
    tu_refused (VP_E_INVALID_ARGUMENT, "old_password", "", clerk, TENANT, NULL,
                "staffing.credential.set", "officer=" CLERK, "password=Moi@20260");
    tu_refused (VP_E_UNAUTHENTICATED, "old_password", "", clerk, TENANT, NULL,
                "staffing.credential.set", "officer=" CLERK, "password=Moi@20260", "old_password=Sai@20260");
    tu_drop (tu_ok_call (clerk, TENANT, NULL, "staffing.credential.set", "officer=" CLERK,
                         "password=Moi@20260", "old_password=Demo@2026"));
    //  The gateway for the session's officer: the same rule.
    tu_refused (VP_E_PERMISSION_DENIED, "officer", "", session, TENANT, CLERK,
                "staffing.credential.set", "officer=" CHAIR, "password=Khac@2026");
    tu_drop (tu_ok_call (session, TENANT, CLERK, "staffing.credential.set", "officer=" CLERK,
                         "password=Demo@2026", "old_password=Moi@20260"));
    //  The office head sets anyone's of the commune.
    tu_drop (tu_ok_call (head, TENANT, NULL, "staffing.credential.set", "officer=" CHAIR, "password=Demo@2026"));
    tu_refused (VP_E_PERMISSION_DENIED, "cmd", "", operator, TENANT, NULL,
                "staffing.credential.set", "officer=" CLERK, "password=Khac@2026");
    tu_ok ("an officer sets only their own, with the old one; the head and the admin anyone's");

    //  ---- signing in: the gateway without a session, and nobody else
    vp_val_t *result = NULL;
    CHECK (s_login (bare, CLERK, "Demo@2026", "192.0.2.1", &result, &err) == 0, "%s", err.message);
    CHECK (streq (tu_str (result, "tenant"), TENANT) && streq (tu_str (result, "clearance"), "mat")
           && strstr (tu_str (result, "full_name"), "Nguyễn"),
           "login: tenant %s clearance %s name %s", tu_str (result, "tenant"), tu_str (result, "clearance"),
           tu_str (result, "full_name"));
    vp_val_t *posts = vp_map_get (result, "posts");
    char *held = tu_join (posts, "post");
    CHECK (vp_val_len (posts) == 2 && strstr (held, "vp-thong-ke") && strstr (held, "pho-chu-nhiem-ubkt")
           && *tu_str (vp_array_at (posts, 0), "title") && *tu_str (vp_array_at (posts, 0), "body"),
           "posts of the clerk: %s", held);
    free (held);
    vp_val_destroy (&result);
    err = s_login_refused (__LINE__, bare, CLERK, "Demo@2025", "192.0.2.1", VP_E_UNAUTHENTICATED);
    CHECK (streq (err.field, "password") && streq (err.message, BAD_LOGIN), "wrong password: %s %s", err.field,
           err.message);
    err = s_login_refused (__LINE__, bare, "ls-khong-co-ai", "Demo@2026", "192.0.2.1", VP_E_UNAUTHENTICATED);
    CHECK (streq (err.field, "password") && streq (err.message, BAD_LOGIN), "unknown officer: %s", err.message);
    err = s_login_refused (__LINE__, bare, "gst-le-thi-mau-muoi-bon", "Demo@2026", "192.0.2.1",
                           VP_E_UNAUTHENTICATED);
    CHECK (streq (err.message, BAD_LOGIN), "officer of another commune: %s", err.message);
    s_login_refused (__LINE__, clerk, CLERK, "Demo@2026", "192.0.2.1", VP_E_PERMISSION_DENIED);
    s_login_refused (__LINE__, operator, CLERK, "Demo@2026", "192.0.2.1", VP_E_PERMISSION_DENIED);
    s_login_refused (__LINE__, admin, CLERK, "Demo@2026", "192.0.2.1", VP_E_PERMISSION_DENIED);
    tu_refused (VP_E_UNAUTHENTICATED, "session", "", bare, TENANT, CLERK, "staffing.officer.list", "status=active");
    tu_refused (VP_E_UNAUTHENTICATED, "session", "", bare, TENANT, CLERK, "staffing.credential.set",
                "officer=" CLERK, "password=Khac@2026", "old_password=Demo@2026");
    tu_refused (VP_E_UNAUTHENTICATED, "session", "", bare, TENANT, NULL, "staffing.auth.audit", "limit=5");
    tu_ok ("the gateway without a session: auth.login only; one message for a wrong password, an unknown"
           " officer, one of another commune");

    //  ---- brute force: 100 wrong passwords for one officer (each from
    //  its own address, so that only the officer's lock counts)
    int refused_wrong = 0, refused_locked = 0;
    int64_t hashed_from = s_now_ms ();
    for (int i = 0; i < 100; i++) {
        char source[32], password[32];
        snprintf (source, sizeof source, "198.51.100.%d", i);
        snprintf (password, sizeof password, "Sai@%04d", i);
        vp_err_t e = s_login_refused (__LINE__, bare, CHAIR, password, source, VP_OK);
        CHECK (e.code == (i < 5 ? VP_E_UNAUTHENTICATED : VP_E_UNAVAILABLE), "attempt %d: %s", i,
               vp_code_name (e.code));
    }
    double per_verify = (double) (s_now_ms () - hashed_from) / 100;
    vp_cmdcli_t *auditor = head;
    result = tu_ok_call (auditor, TENANT, NULL, "staffing.auth.audit", "officer=" CHAIR, "limit=1000");
    vp_val_t *attempts = vp_map_get (result, "attempts");
    for (size_t i = 0; i < vp_val_len (attempts); i++) {
        const char *outcome = tu_str (vp_array_at (attempts, i), "outcome");
        refused_wrong += streq (outcome, "failed");
        refused_locked += streq (outcome, "locked");
    }
    CHECK (vp_val_len (attempts) == 100 && refused_wrong == 5 && refused_locked == 95,
           "%zu attempts: %d failed, %d locked", vp_val_len (attempts), refused_wrong, refused_locked);
    vp_val_destroy (&result);
    err = s_login_refused (__LINE__, bare, CHAIR, "Demo@2026", "203.0.113.7", VP_E_UNAVAILABLE);
    CHECK (err.retry_after_ms > 0 && err.retry_after_ms <= WINDOW_MS && streq (err.field, "officer"),
           "locked: retry_after_ms %lld field %s", (long long) err.retry_after_ms, err.field);
    tu_stack_set_clock (&stack, now + WINDOW_MS - 60000);
    err = s_login_refused (__LINE__, bare, CHAIR, "Demo@2026", "203.0.113.7", VP_E_UNAVAILABLE);
    CHECK (err.retry_after_ms == 60000, "a minute before the end: retry_after_ms %lld",
           (long long) err.retry_after_ms);
    tu_stack_set_clock (&stack, now + WINDOW_MS);
    s_login_ok (__LINE__, bare, CHAIR, "Demo@2026", "203.0.113.7");
    //  Since the success, the count starts again.
    s_login_refused (__LINE__, bare, CHAIR, "Sai@2026x", "203.0.113.7", VP_E_UNAUTHENTICATED);
    s_login_ok (__LINE__, bare, CHAIR, "Demo@2026", "203.0.113.7");
    now += WINDOW_MS;
    tu_ok ("100 wrong passwords: 5 failed, 95 refused unchecked while locked (%.1f ms per attempt); the right"
           " one refused (unavailable, retry_after_ms) until the clock moved 15 min on, then accepted", per_verify);

    //  ---- per source: 20 failures from one address, whoever they name
    //  (names each tried once: no officer's lock is what stops them;
    //  each is checked against a hash, a made-up name's too)
    int64_t verify_from = s_now_ms ();
    for (int i = 0; i < 20; i++) {
        char name[32];
        snprintf (name, sizeof name, "%s-%d", i ? "ls-doan" : HEAD, i);
        s_login_refused (__LINE__, bare, name, "Sai@20260", "192.0.2.66", VP_E_UNAUTHENTICATED);
    }
    double per_verify_20 = (double) (s_now_ms () - verify_from) / 20;
    err = s_login_refused (__LINE__, bare, CLERK, "Demo@2026", "192.0.2.66", VP_E_UNAVAILABLE);
    CHECK (err.retry_after_ms == WINDOW_MS, "source locked: retry_after_ms %lld", (long long) err.retry_after_ms);
    s_login_ok (__LINE__, bare, CLERK, "Demo@2026", "192.0.2.67");
    tu_stack_set_clock (&stack, now + WINDOW_MS);
    s_login_ok (__LINE__, bare, CLERK, "Demo@2026", "192.0.2.66");
    now += WINDOW_MS;
    tu_ok ("20 failures from one source lock it (others still sign in) for 15 min (%.0f ms per checked"
           " failure)", per_verify_20);

    //  ---- the trail: every attempt, for the head and the admin only
    tu_refused (VP_E_PERMISSION_DENIED, "actor", "", clerk, TENANT, NULL, "staffing.auth.audit", "limit=5");
    result = tu_ok_call (admin, TENANT, NULL, "staffing.auth.audit", "limit=10000");
    size_t listed = vp_val_len (vp_map_get (result, "attempts"));
    vp_val_destroy (&result);
    snprintf (sql, sizeof sql, "SELECT count(*) FROM stf_login_attempt WHERE tenant = '%s'", TENANT);
    int64_t kept = tu_sql_int (db, sql);
    CHECK ((int64_t) listed == kept && kept == s_attempts, "audit lists %zu, the table keeps %lld, %d made",
           listed, (long long) kept, s_attempts);
    snprintf (sql, sizeof sql, "SELECT count(*) FROM stf_login_attempt WHERE outcome = 'locked'");
    int64_t locked = tu_sql_int (db, sql);
    tu_ok ("audit: %zu attempts listed, as kept; %lld refused while locked", listed, (long long) locked);

    //  ---- the demo's passwords (scripts/demo/passwords.vp, as seed-demo loads it)
    const char *env[40];
    int k = 0;
    for (; stack.env[k] && k < 38; k++)
        env[k] = stack.env[k];
    env[k++] = "VP_KEY_NAME=" TU_ADMIN;
    env[k] = NULL;
    char batch_log[1300];
    snprintf (batch_log, sizeof batch_log, "%s/passwords.log", stack.bus.dir);
    t0 = s_now_ms ();
    pid_t batch = tu_spawn ((const char *[]) { tu_bin ("vpctl"), "batch",
                                               VP_SOURCE_DIR "/scripts/demo/passwords.vp", NULL }, env, batch_log);
    CHECK (tu_wait (batch, 120000) == 0, "scripts/demo/passwords.vp did not load (%s)", batch_log);
    int64_t demo_ms = s_now_ms () - t0;
    int64_t with_hash = tu_sql_int (db, "SELECT count(*) FROM stf_credential");
    int64_t demo_officers = tu_sql_int (db, "SELECT count(*) FROM stf_officer");
    CHECK (with_hash == demo_officers, "%lld of %lld demo officers have a password", (long long) with_hash,
           (long long) demo_officers);
    s_login_ok (__LINE__, bare, CLERK, "Demo@2026", "192.0.2.99");
    vp_val_t *gst = NULL;
    vp_val_t *args = vp_val_map ();
    vp_map_put_str (args, "tenant", "giang-son-tay");
    vp_map_put_str (args, "officer", "gst-dang-xuan-quang");
    vp_map_put_str (args, "password", "Demo@2026");
    vp_map_put_str (args, "source", "192.0.2.99");
    CHECK (tu_call_args (bare, "giang-son-tay", NULL, "staffing.auth.login", args, &gst, &err) == 0,
           "the demo's Chủ tịch of Giang Sơn Tây: %s", err.message);
    vp_val_destroy (&gst);
    tu_ok ("scripts/demo/passwords.vp: %lld officers, %lld ms (%.0f ms per password set)", (long long) with_hash,
           (long long) demo_ms, (double) demo_ms / (double) with_hash);

    vp_cmdcli_destroy (&admin);
    vp_cmdcli_destroy (&session);
    vp_cmdcli_destroy (&bare);
    vp_cmdcli_destroy (&clerk);
    vp_cmdcli_destroy (&head);
    vp_cmdcli_destroy (&operator);
    tu_stack_stop (&stack);
    printf ("%d checks\n", tu_checks);
    return tu_failed ? 1 : 0;
}
