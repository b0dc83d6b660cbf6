/*  web_cmd - the services' command endpoints, called as the gateway.

    Every call names the session (its public id) and the signed-in
    officer as actor, in the officer's tenant. A connection (CURVE, to one
    service) is kept for the next request when done: a pool per service,
    taken and given back under a lock, as a page runs on its
    connection's thread.

    A service that did not answer in time is left alone for a few
    seconds: a page that asks it again (Việc của tôi asks the calendar
    twice) is told at once that it is unavailable, instead of each
    section waiting out its own timeout while the officer looks at a
    blank page.
*/
#include "web.h"

#define S_POOL 64
#define S_TIMEOUT_MS 5000
#define S_QUIET_MS 3000

typedef struct {
    const char *name;
    const char *what;           //  in the officer's words, for "not answering"
    const char *endpoint;
    vp_cmdcli_t *idle[S_POOL];
    int nidle;
    int64_t quiet_until;        //  monotonic ms; under the lock
} s_pool_t;

struct web_cmd {
    pthread_mutex_t lock;
    s_pool_t pools[4];
};

int
web_cmd_open (web_t *self, vp_err_t *err)
{
    (void) err;
    struct web_cmd *c = (struct web_cmd *) calloc (1, sizeof *c);
    pthread_mutex_init (&c->lock, NULL);
    c->pools[0] = (s_pool_t) { .name = "staffing", .what = "Danh bạ cán bộ", .endpoint = self->cfg->staffing_cmd };
    c->pools[1] = (s_pool_t) { .name = "documents", .what = "Sổ văn bản", .endpoint = self->cfg->documents_cmd };
    c->pools[2] = (s_pool_t) { .name = "calendar", .what = "Lịch công tác", .endpoint = self->cfg->calendar_cmd };
    c->pools[3] = (s_pool_t) { .name = "notify", .what = "Thông báo", .endpoint = self->cfg->notify_cmd };
    self->cmd = c;
    return 0;
}

void
web_cmd_close (web_t *self)
{
    struct web_cmd *c = self->cmd;
    if (!c)
        return;
    for (int p = 0; p < 4; p++)
        for (int i = 0; i < c->pools[p].nidle; i++)
            vp_cmdcli_destroy (&c->pools[p].idle[i]);
    pthread_mutex_destroy (&c->lock);
    free (c);
    self->cmd = NULL;
}

//  The officer is told what part of the office is not answering, in his
//  words; the endpoint and the timeout go to the log.
static int
s_unavailable (const s_pool_t *pool, vp_err_t *err)
{
    return vp_err_set (err, VP_E_UNAVAILABLE, NULL, "%s (vp-%s) tạm thời không trả lời; thử lại sau ít phút.",
                       pool->what, pool->name);
}

int
web_cmd_call (web_t *self, const web_session_t *session, const char *service, const char *cmd,
              vp_val_t *args, vp_val_t **result, vp_err_t *err)
{
    return web_cmd_call_once (self, session, service, cmd, NULL, args, result, err);
}

//  A connection of the service's pool (a new one when none is idle), or
//  NULL with err: the service is left alone for now, or unknown.
static vp_cmdcli_t *
s_take (web_t *self, const web_session_t *session, const char *service, s_pool_t **pool_p, vp_err_t *err)
{
    struct web_cmd *c = self->cmd;
    s_pool_t *pool = NULL;
    for (int p = 0; p < 4; p++)
        if (strcmp (c->pools[p].name, service) == 0)
            pool = &c->pools[p];
    *pool_p = pool;
    if (!pool) {
        vp_err_set (err, VP_E_INTERNAL, NULL, "no such service: %s", service);
        return NULL;
    }
    pthread_mutex_lock (&c->lock);
    bool quiet = vp_clock_mono () < pool->quiet_until;
    vp_cmdcli_t *cli = quiet || !pool->nidle ? NULL : pool->idle[--pool->nidle];
    pthread_mutex_unlock (&c->lock);
    if (quiet) {
        s_unavailable (pool, err);
        return NULL;
    }
    if (!cli)
        cli = vp_cmdcli_new (pool->endpoint, self->keys, service, err);
    if (cli)
        vp_cmdcli_set_session (cli, session && *session->id ? session->id : NULL);
    return cli;
}

//  The connection back to its pool; rc of the call, or the service named
//  as not answering when it gave no reply (then left alone a while).
static int
s_give (web_t *self, const web_session_t *session, s_pool_t *pool, vp_cmdcli_t *cli, const char *cmd, int rc,
        bool answered, vp_err_t *err)
{
    struct web_cmd *c = self->cmd;
    bool unavailable = rc && !answered;
    if (unavailable)
        vp_log (VP_LOG_ERROR, session ? session->tenant : NULL, NULL, "%s: %s", cmd, err->message);
    pthread_mutex_lock (&c->lock);
    if (unavailable)
        pool->quiet_until = vp_clock_mono () + S_QUIET_MS;
    if (pool->nidle < S_POOL && vp_cmdcli_pending (cli) == 0)
        pool->idle[pool->nidle++] = cli, cli = NULL;
    pthread_mutex_unlock (&c->lock);
    vp_cmdcli_destroy (&cli);
    return unavailable ? s_unavailable (pool, err) : rc;
}

#define S_TENANT(session) (session && *session->tenant ? session->tenant : NULL)
#define S_ACTOR(session) (session && *session->officer ? session->officer : NULL)

int
web_cmd_call_once (web_t *self, const web_session_t *session, const char *service, const char *cmd,
                   const char *request, vp_val_t *args, vp_val_t **result, vp_err_t *err)
{
    *result = NULL;
    s_pool_t *pool;
    vp_cmdcli_t *cli = s_take (self, session, service, &pool, err);
    if (!cli) {
        vp_val_destroy (&args);
        return -1;
    }
    vp_cmdcli_use_id (cli, request);
    int rc = vp_cmdcli_call (cli, cmd, S_TENANT (session), S_ACTOR (session), args, S_TIMEOUT_MS, result, err);
    return s_give (self, session, pool, cli, cmd, rc, vp_cmdcli_answered (cli), err);
}

//  Up to S_WINDOW calls on their way at once: while the service stores a
//  chunk, vp-web encodes and encrypts the next (a 50 MB file is 267).
#define S_WINDOW 4

int
web_cmd_call_each (web_t *self, const web_session_t *session, const char *service, const char *cmd, size_t n,
                   vp_val_t *(*args_of) (size_t i, void *arg), void *arg, vp_err_t *err)
{
    s_pool_t *pool;
    vp_cmdcli_t *cli = s_take (self, session, service, &pool, err);
    if (!cli)
        return -1;
    size_t sent = 0, done = 0;
    int rc = 0;
    while (rc == 0 && done < n) {
        while (rc == 0 && sent < n && sent - done < S_WINDOW)
            if ((rc = vp_cmdcli_send (cli, cmd, S_TENANT (session), S_ACTOR (session), args_of (sent, arg), err)) == 0)
                sent++;
        if (rc == 0) {
            vp_val_t *result = NULL;
            rc = vp_cmdcli_collect (cli, S_TIMEOUT_MS, &result, err);
            vp_val_destroy (&result);
            done++;
        }
    }
    bool answered = vp_cmdcli_answered (cli);
    //  The answers still due after a refusal are read and dropped, so the
    //  connection goes back to the pool clean.
    while (vp_cmdcli_pending (cli) > 0) {
        vp_val_t *result = NULL;
        vp_err_t ignored = { 0 };
        vp_cmdcli_collect (cli, S_TIMEOUT_MS, &result, &ignored);
        vp_val_destroy (&result);
    }
    return s_give (self, session, pool, cli, cmd, rc, answered, err);
}
