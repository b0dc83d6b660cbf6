/*  web_service - vp-web's start and stop: sessions, clients, the bus, HTTP. */
#include "web.h"
#include <signal.h>
#include <unistd.h>

static volatile sig_atomic_t s_stop;

static void
s_on_signal (int sig)
{
    (void) sig;
    s_stop = 1;
}

web_t *
web_new (vp_config_t *cfg, vp_keys_t *keys, const vp_option_t *options, vp_err_t *err)
{
    web_t *self = (web_t *) calloc (1, sizeof (web_t));
    self->cfg = cfg;
    self->keys = keys;
    self->zone = cfg->tz[0] ? cfg->tz : VP_TIME_DEFAULT_ZONE;
    const char *dir = vp_option (options, "web-static");
    self->static_dir = dir && *dir ? dir : NULL;
    const char *secure = vp_option (options, "web-secure");
    self->secure = secure && strcmp (secure, "true") == 0;
    pthread_mutex_init (&self->db_lock, NULL);
    if (web_tls_load (self, vp_option (options, "web-cert"), vp_option (options, "web-key"), err)) {
        web_destroy (&self);
        return NULL;
    }
    //  served over HTTPS: the cookie never goes over plain HTTP
    self->secure |= self->tls;
    if (web_session_open (self, err) || web_cmd_open (self, err) || web_live_start (self, err)
        || web_http_start (self, vp_option (options, "web-http"), err)) {
        web_destroy (&self);
        return NULL;
    }
    return self;
}

int
web_run (web_t *self)
{
    //  SIGTERM and SIGINT end the run (every other thread is MHD's or the
    //  bus follower's, and stops in web_destroy).
    struct sigaction sa = { .sa_handler = s_on_signal };
    sigemptyset (&sa.sa_mask);
    sigaction (SIGTERM, &sa, NULL);
    sigaction (SIGINT, &sa, NULL);
    vp_info ("serving %s://%s", self->tls ? "https" : "http", self->http);
    while (!s_stop && !zsys_interrupted)
        usleep (100 * 1000);
    vp_info ("stopping");
    return 0;
}

void
web_destroy (web_t **self_p)
{
    web_t *self = *self_p;
    if (!self)
        return;
    web_http_stop (self);
    web_live_stop (self);
    web_cmd_close (self);
    vp_db_close (&self->db);
    web_tls_free (self);
    pthread_mutex_destroy (&self->db_lock);
    free (self);
    *self_p = NULL;
}
