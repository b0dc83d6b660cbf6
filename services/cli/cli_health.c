/*  cli_health - ask every service at once whether it is well. */
#include <pthread.h>
#include "cli_health.h"
#include "vp/vp_fields.h"

const char *const cli_services[] = { "staffing", "documents", "calendar", "notify", "bus", NULL };

const char *
cli_endpoint (const vp_config_t *cfg, const char *service)
{
    if (strcmp (service, "staffing") == 0) return cfg->staffing_cmd;
    if (strcmp (service, "documents") == 0) return cfg->documents_cmd;
    if (strcmp (service, "calendar") == 0) return cfg->calendar_cmd;
    if (strcmp (service, "notify") == 0) return cfg->notify_cmd;
    if (strcmp (service, "bus") == 0) return cfg->bus_replay;
    //  Optional (docs/scale.md): asked by name only, not among "every service".
    if (strcmp (service, "bridge") == 0) return cfg->bridge_cmd;
    return NULL;
}

int
cli_health_init (cli_health_t *list, const char *const names[], size_t n,
                 const vp_config_t *cfg, vp_err_t *err)
{
    memset (list, 0, n * sizeof *list);
    for (size_t i = 0; i < n; i++) {
        list[i].endpoint = cli_endpoint (cfg, names[i]);
        if (!list[i].endpoint)
            return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_SERVICE,
                               "no service \"%s\" (staffing, documents, calendar, notify or bus)", names[i]);
        snprintf (list[i].name, sizeof list[i].name, "%s", names[i]);
    }
    return 0;
}

typedef struct {
    cli_health_t *one;
    vp_keys_t *keys;
    int timeout_ms;
} s_ask_t;

static void *
s_ask (void *arg)
{
    s_ask_t *ask = (s_ask_t *) arg;
    cli_health_t *one = ask->one;
    vp_cmdcli_t *cli = vp_cmdcli_new (one->endpoint, ask->keys, one->name, &one->err);
    if (cli && vp_cmdcli_call (cli, "health", NULL, NULL, NULL, ask->timeout_ms, &one->health, &one->err))
        one->health = NULL;
    vp_cmdcli_destroy (&cli);
    return NULL;
}

void
cli_health_ask (cli_health_t *list, size_t n, vp_keys_t *keys, int timeout_ms)
{
    pthread_t *threads = (pthread_t *) zmalloc (n * sizeof (pthread_t));
    s_ask_t *asks = (s_ask_t *) zmalloc (n * sizeof (s_ask_t));
    bool *started = (bool *) zmalloc (n * sizeof (bool));
    zsys_init ();
    for (size_t i = 0; i < n; i++) {
        asks[i] = (s_ask_t) { .one = &list[i], .keys = keys, .timeout_ms = timeout_ms };
        started[i] = pthread_create (&threads[i], NULL, s_ask, &asks[i]) == 0;
        if (!started[i])
            s_ask (&asks[i]);
    }
    for (size_t i = 0; i < n; i++)
        if (started[i])
            pthread_join (threads[i], NULL);
    free (threads);
    free (asks);
    free (started);
}

void
cli_health_clear (cli_health_t *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        vp_val_destroy (&list[i].health);
}

const vp_val_t *
cli_health_heads (const cli_health_t *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp (list[i].name, "bus") == 0 && list[i].health)
            return vp_map_get (list[i].health, VP_K_HEADS);
    return NULL;
}

int64_t
cli_health_lag (const vp_val_t *cursor, const vp_val_t *heads, const char *stream)
{
    int64_t at = vp_map_int (cursor, "cursor", -1);
    int64_t head = heads ? vp_map_int (heads, stream, 0) : vp_map_int (cursor, VP_K_HEAD, -1);
    if (at < 0 || head < 0)
        return -1;
    return head > at ? head - at : 0;
}
