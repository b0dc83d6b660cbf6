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

int
web_cmd_call_once (web_t *self, const web_session_t *session, const char *service, const char *cmd,
                   const char *request, vp_val_t *args, vp_val_t **result, vp_err_t *err)
{
    struct web_cmd *c = self->cmd;
    s_pool_t *pool = NULL;
    for (int p = 0; p < 4; p++)
        if (strcmp (c->pools[p].name, service) == 0)
            pool = &c->pools[p];
    if (!pool) {
        vp_val_destroy (&args);
        return vp_err_set (err, VP_E_INTERNAL, NULL, "no such service: %s", service);
    }
    pthread_mutex_lock (&c->lock);
    bool quiet = vp_clock_mono () < pool->quiet_until;
    vp_cmdcli_t *cli = quiet || !pool->nidle ? NULL : pool->idle[--pool->nidle];
    pthread_mutex_unlock (&c->lock);
    if (quiet) {
        vp_val_destroy (&args);
        return s_unavailable (pool, err);
    }
    if (!cli)
        cli = vp_cmdcli_new (pool->endpoint, self->keys, service, err);
    if (!cli) {
        vp_val_destroy (&args);
        return -1;
    }
    vp_cmdcli_set_session (cli, session && *session->id ? session->id : NULL);
    vp_cmdcli_use_id (cli, request);
    *result = NULL;
    int rc = vp_cmdcli_call (cli, cmd, session && *session->tenant ? session->tenant : NULL,
                             session && *session->officer ? session->officer : NULL,
                             args, S_TIMEOUT_MS, result, err);
    bool unavailable = rc && !vp_cmdcli_answered (cli);
    if (unavailable)
        vp_log (VP_LOG_ERROR, session ? session->tenant : NULL, NULL, "%s: %s", cmd, err->message);
    pthread_mutex_lock (&c->lock);
    if (unavailable)
        pool->quiet_until = vp_clock_mono () + S_QUIET_MS;
    if (pool->nidle < S_POOL)
        pool->idle[pool->nidle++] = cli, cli = NULL;
    pthread_mutex_unlock (&c->lock);
    vp_cmdcli_destroy (&cli);
    return unavailable ? s_unavailable (pool, err) : rc;
}
