/*  web_live - the bus, followed live, wakes the pages of a tenant.

    A thread subscribes to the bus's publish socket with the gateway key
    (every stream) and counts, per tenant, the events it sees; a page's
    event stream (GET /su-kien) waits on that count and sends only
    "refresh": no event's text goes to a browser this way, and a session
    hears only of its own tenant.
*/
#include "web.h"
#include "vp/vp_fields.h"

#define S_TENANTS 256

struct web_live {
    pthread_t thread;
    bool started;
    volatile bool stopping;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    struct { char tenant[64]; uint64_t count; } tenants[S_TENANTS];
    int ntenants;
    zsock_t *sub;
};

static void
s_bump (struct web_live *l, const char *tenant)
{
    pthread_mutex_lock (&l->lock);
    int i = 0;
    while (i < l->ntenants && strcmp (l->tenants[i].tenant, tenant) != 0)
        i++;
    if (i == l->ntenants && l->ntenants < S_TENANTS)
        snprintf (l->tenants[l->ntenants++].tenant, 64, "%s", tenant);
    if (i < l->ntenants)
        l->tenants[i].count++;
    pthread_cond_broadcast (&l->changed);
    pthread_mutex_unlock (&l->lock);
}

static void *
s_follow (void *arg)
{
    struct web_live *l = (struct web_live *) arg;
    vp_limits_t limits = vp_limits_default ();
    while (!l->stopping) {
        zmsg_t *msg = zmsg_recv (l->sub);      //  rcvtimeo: wakes to check stopping
        if (!msg)
            continue;
        zframe_t *body = zmsg_last (msg);
        vp_val_t *env = NULL;
        vp_err_t err = { 0 };
        if (body && vp_decode (zframe_data (body), zframe_size (body), &limits, &env, &err) == 0) {
            const char *type = vp_map_str (env, VP_K_TYPE);
            const char *tenant = vp_map_str (env, VP_K_TENANT);
            if (tenant && *tenant && type && strcmp (type, "bus.heartbeat") != 0)
                s_bump (l, tenant);
        }
        vp_val_destroy (&env);
        zmsg_destroy (&msg);
    }
    return NULL;
}

int
web_live_start (web_t *self, vp_err_t *err)
{
    struct web_live *l = (struct web_live *) calloc (1, sizeof *l);
    pthread_mutex_init (&l->lock, NULL);
    pthread_cond_init (&l->changed, NULL);
    self->live = l;
    l->sub = vp_sock_connect (self->keys, ZMQ_SUB, self->cfg->bus_pub, "bus", err);
    if (!l->sub)
        return -1;
    zsock_set_rcvtimeo (l->sub, 200);
    zsock_set_subscribe (l->sub, "");
    if (pthread_create (&l->thread, NULL, s_follow, l))
        return vp_err_set (err, VP_E_INTERNAL, NULL, "cannot start the bus follower");
    l->started = true;
    return 0;
}

void
web_live_halt (web_t *self)
{
    struct web_live *l = self->live;
    if (!l)
        return;
    l->stopping = true;
    pthread_mutex_lock (&l->lock);
    pthread_cond_broadcast (&l->changed);
    pthread_mutex_unlock (&l->lock);
}

void
web_live_stop (web_t *self)
{
    struct web_live *l = self->live;
    if (!l)
        return;
    web_live_halt (self);
    if (l->started)
        pthread_join (l->thread, NULL);
    zsock_destroy (&l->sub);
    pthread_cond_destroy (&l->changed);
    pthread_mutex_destroy (&l->lock);
    free (l);
    self->live = NULL;
}

bool
web_live_stopping (web_t *self)
{
    return !self->live || self->live->stopping;
}

uint64_t
web_live_wait (web_t *self, const char *tenant, uint64_t seen, int ms)
{
    struct web_live *l = self->live;
    struct timespec until;
    clock_gettime (CLOCK_REALTIME, &until);
    until.tv_sec += ms / 1000;
    until.tv_nsec += (long) (ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L)
        until.tv_sec++, until.tv_nsec -= 1000000000L;
    pthread_mutex_lock (&l->lock);
    uint64_t count = 0;
    while (true) {
        count = 0;
        for (int i = 0; i < l->ntenants; i++)
            if (strcmp (l->tenants[i].tenant, tenant) == 0)
                count = l->tenants[i].count;
        if (count != seen || l->stopping)
            break;
        if (pthread_cond_timedwait (&l->changed, &l->lock, &until))
            break;
    }
    pthread_mutex_unlock (&l->lock);
    return count;
}
