/*  brg_service - vp-bridge: a service that follows every stream and
    hands each event to JetStream before its cursor moves. */
#include <string.h>
#include "brg_service.h"

#define S_MAX_STREAMS BRG_MAX_STREAMS

struct brg_service {
    vp_service_t *service;
    brg_js_t *js;
    char streams[VP_PATH_MAX];
    const char *follow[S_MAX_STREAMS + 1];
};

static int
s_health (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    brg_js_health ((brg_js_t *) ctx->arg, result);
    return 0;
}

//  "a,b,c" into follow[]; each name as the bus takes it.
static int
s_streams (brg_service_t *self, const char *list, vp_err_t *err)
{
    snprintf (self->streams, sizeof self->streams, "%s", list);
    int n = 0;
    char *save = NULL;
    for (char *name = strtok_r (self->streams, ", ", &save); name; name = strtok_r (NULL, ", ", &save)) {
        if (n == S_MAX_STREAMS || vp_nats_check_district (name, "bridge-streams", err))
            return n == S_MAX_STREAMS ? vp_err_set (err, VP_E_INVALID_ARGUMENT, "bridge-streams",
                                                    "bridge-streams: nhiều nhất %d luồng", S_MAX_STREAMS) : -1;
        self->follow[n++] = name;
    }
    self->follow[n] = NULL;
    if (n == 0)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, "bridge-streams", "bridge-streams không được để trống");
    return 0;
}

brg_service_t *
brg_service_new (const vp_config_t *cfg, vp_keys_t *keys, vp_err_t *err)
{
    brg_service_t *self = (brg_service_t *) zmalloc (sizeof (brg_service_t));
    if (s_streams (self, cfg->bridge_streams, err))
        goto fail;
    self->js = brg_js_new (cfg, self->follow, err);
    if (!self->js)
        goto fail;
    vp_service_opts_t opts = {
        .name = "bridge",
        .cmd_endpoint = cfg->bridge_cmd,
        .follow = self->follow,
        .apply = brg_js_publish,
        .arg = self->js,
    };
    self->service = vp_service_new (cfg, keys, &opts, err);
    if (!self->service)
        goto fail;
    vp_consumer_set_before_commit (vp_service_consumer (self->service), brg_js_confirm, self->js);
    vp_service_set_health (self->service, s_health, self->js);
    return self;
fail:
    brg_service_destroy (&self);
    return NULL;
}

void
brg_service_destroy (brg_service_t **self_p)
{
    brg_service_t *self = *self_p;
    if (!self)
        return;
    vp_service_destroy (&self->service);
    brg_js_destroy (&self->js);
    free (self);
    *self_p = NULL;
}

int brg_service_run (brg_service_t *self) { return vp_service_run (self->service); }
