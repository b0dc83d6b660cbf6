/*  brg_js - publish a batch of events to JetStream and wait for its acks. */
#include <stdlib.h>
#include <string.h>
#include "brg_service.h"
#include "vp/vp_fields.h"

struct brg_js {
    const vp_config_t *cfg;
    natsConnection *nc;
    jsCtx *js;
    int64_t ack_timeout_ms;
    int64_t dup_window_ms;
    int replicas;
    int64_t batch;              //  published since the last confirm
    int64_t acknowledged, retries;
    int errors;                 //  negative acks (the library's thread)
    char last_error[512];
    //  Per followed stream: the last bus seq JetStream held when the
    //  connection was made (what a bridge that died before its commit
    //  had already handed over); events up to it are not sent again.
    const char *streams[BRG_MAX_STREAMS];
    int64_t floor[BRG_MAX_STREAMS];
    int nstreams;
    int64_t skipped;
    vp_ratelimit_t warnings;
};

static void
s_on_error (jsCtx *js, jsPubAckErr *pae, void *closure)
{
    brg_js_t *self = (brg_js_t *) closure;
    __atomic_add_fetch (&self->errors, 1, __ATOMIC_SEQ_CST);
    (void) js;
    (void) pae;             //  the library destroys the message
}

static void
s_close (brg_js_t *self)
{
    jsCtx_Destroy (self->js);
    natsConnection_Destroy (self->nc);
    self->js = NULL;
    self->nc = NULL;
}

//  The last message of each followed stream in the district's stream.
static int
s_floors (brg_js_t *self, vp_err_t *err)
{
    char name[64], subject[160];
    vp_nats_stream_name (self->cfg->district, name, sizeof name);
    for (int i = 0; i < self->nstreams; i++) {
        snprintf (subject, sizeof subject, "vp.%s.%s.>", self->cfg->district, self->streams[i]);
        natsMsg *msg = NULL;
        jsErrCode code = 0;
        natsStatus s = js_GetLastMsg (&msg, self->js, name, subject, NULL, &code);
        const char *seq = NULL;
        if (s == NATS_OK && natsMsgHeader_Get (msg, "Vp-Seq", &seq) == NATS_OK && seq)
            self->floor[i] = atoll (seq);
        natsMsg_Destroy (msg);
        if (s != NATS_OK && s != NATS_NOT_FOUND)
            return vp_nats_err (err, s, subject);
    }
    return 0;
}

static int
s_connect (brg_js_t *self, vp_err_t *err)
{
    if (self->nc && !natsConnection_IsClosed (self->nc))
        return 0;
    s_close (self);
    self->nc = vp_nats_connect (self->cfg, "vp-bridge", false, err);
    if (!self->nc)
        return -1;
    jsOptions jo;
    jsOptions_Init (&jo);
    jo.PublishAsync.MaxPending = 8192;
    jo.PublishAsync.ErrHandler = s_on_error;
    jo.PublishAsync.ErrHandlerClosure = self;
    natsStatus s = natsConnection_JetStream (&self->js, self->nc, &jo);
    if (s != NATS_OK) {
        vp_nats_err (err, s, "JetStream");
        s_close (self);
        return -1;
    }
    if (vp_nats_stream_ensure (self->js, self->cfg->district, self->dup_window_ms, self->replicas, err)) {
        s_close (self);
        return -1;
    }
    if (s_floors (self, err)) {
        s_close (self);
        return -1;
    }
    vp_info ("bridge: connected to %s, district %s", natsConnection_GetConnectedUrl (self->nc, self->last_error,
             sizeof self->last_error) == NATS_OK ? self->last_error : self->cfg->nats_url, self->cfg->district);
    self->last_error[0] = 0;
    return 0;
}

//  Give up on what is still waiting for an ack: the batch is sent again.
static void
s_abandon (brg_js_t *self)
{
    natsMsgList pending = { 0 };
    if (self->js && js_PublishAsyncGetPendingList (&pending, self->js) == NATS_OK)
        natsMsgList_Destroy (&pending);
    __atomic_exchange_n (&self->errors, 0, __ATOMIC_SEQ_CST);
    self->batch = 0;
    self->retries++;
}

static int64_t
s_number (const char *text, const char *field, int64_t min, vp_err_t *err)
{
    char *end = NULL;
    long long n = strtoll (text, &end, 10);
    if (!*text || *end || n < min || n > 86400000LL * 365)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, field,
                           "%s phải là một số từ %lld, không phải \"%s\"", field, (long long) min, text), -1;
    return n;
}

brg_js_t *
brg_js_new (const vp_config_t *cfg, const char *const *streams, vp_err_t *err)
{
    if (vp_nats_check_district (cfg->district, "district", err))
        return NULL;
    int64_t window = s_number (cfg->bridge_dup_window_ms, "bridge-dup-window-ms", 1000, err);
    int64_t timeout = window < 0 ? -1 : s_number (cfg->bridge_ack_timeout_ms, "bridge-ack-timeout-ms", 10, err);
    if (timeout < 0)
        return NULL;
    int64_t replicas = timeout < 0 ? -1 : s_number (cfg->bridge_replicas, "bridge-replicas", 1, err);
    if (replicas < 0)
        return NULL;
    if (replicas > 5)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, "bridge-replicas",
                           "bridge-replicas phải từ 1 đến 5, không phải \"%s\"", cfg->bridge_replicas), NULL;
    if (timeout * 4 > window)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, "bridge-dup-window-ms",
                           "bridge-dup-window-ms (%lld) phải ít nhất gấp 4 lần bridge-ack-timeout-ms (%lld)",
                           (long long) window, (long long) timeout), NULL;
    brg_js_t *self = (brg_js_t *) zmalloc (sizeof (brg_js_t));
    self->cfg = cfg;
    for (; streams[self->nstreams] && self->nstreams < BRG_MAX_STREAMS; self->nstreams++)
        self->streams[self->nstreams] = streams[self->nstreams];
    self->ack_timeout_ms = timeout;
    self->dup_window_ms = window;
    self->replicas = (int) replicas;
    self->warnings = (vp_ratelimit_t) VP_RATELIMIT_INIT (5);
    vp_err_t why = { 0 };
    if (s_connect (self, &why))     //  not yet: the first batch tries again
        vp_warn ("bridge: %s", why.message);
    return self;
}

void
brg_js_destroy (brg_js_t **self_p)
{
    brg_js_t *self = *self_p;
    if (!self)
        return;
    s_close (self);
    free (self);
    *self_p = NULL;
}

int
brg_js_publish (sqlite3 *db, const vp_val_t *env, void *arg)
{
    (void) db;
    brg_js_t *self = (brg_js_t *) arg;
    vp_err_t err = { 0 };
    if (s_connect (self, &err)) {
        int held = 0;
        if (vp_ratelimit_ok (&self->warnings, &held))
            vp_warn ("bridge: %s", err.message);
        snprintf (self->last_error, sizeof self->last_error, "%s", err.message);
        s_abandon (self);
        return -1;
    }
    const char *id = vp_map_str (env, VP_K_ID);
    const char *stream = vp_map_str (env, VP_K_STREAM);
    const char *type = vp_map_str (env, VP_K_TYPE);
    if (!id || !stream || !type)
        return 0;                   //  the bus logs none such
    int64_t number = vp_map_int (env, VP_K_SEQ, 0);
    for (int i = 0; i < self->nstreams; i++)
        if (strcmp (self->streams[i], stream) == 0 && number <= self->floor[i]) {
            self->skipped++;
            return 0;               //  JetStream has it already
        }
    char subject[256], seq[24];
    vp_nats_subject (self->cfg->district, stream, type, subject, sizeof subject);
    snprintf (seq, sizeof seq, "%lld", (long long) number);
    size_t size = 0;
    char *body = vp_encode (env, &size);
    natsMsg *msg = NULL;
    natsStatus s = natsMsg_Create (&msg, subject, NULL, body, (int) size);
    free (body);
    if (s == NATS_OK)
        s = natsMsgHeader_Set (msg, "Nats-Msg-Id", id);
    if (s == NATS_OK)
        s = natsMsgHeader_Set (msg, "Vp-Seq", seq);
    if (s == NATS_OK)
        s = natsMsgHeader_Set (msg, "Content-Type", "application/msgpack");
    if (s == NATS_OK)
        s = js_PublishMsgAsync (self->js, &msg, NULL);
    natsMsg_Destroy (msg);
    if (s != NATS_OK) {
        vp_nats_err (&err, s, subject);
        snprintf (self->last_error, sizeof self->last_error, "%s", err.message);
        s_abandon (self);           //  the batch is rolled back
        return -1;
    }
    self->batch++;
    return 0;
}

int
brg_js_confirm (void *arg, vp_err_t *err)
{
    brg_js_t *self = (brg_js_t *) arg;
    if (self->batch == 0 && !self->js)
        return 0;
    natsStatus s = NATS_OK;
    if (self->js) {
        jsPubOptions po;
        jsPubOptions_Init (&po);
        po.MaxWait = self->ack_timeout_ms;
        s = js_PublishAsyncComplete (self->js, &po);
    }
    int errors = __atomic_exchange_n (&self->errors, 0, __ATOMIC_SEQ_CST);
    if (s == NATS_OK && errors == 0) {
        self->acknowledged += self->batch;
        self->batch = 0;
        return 0;
    }
    //  Not all acknowledged: give up on the rest; the consumer rolls the
    //  batch back and sends it again from its cursor.
    s_abandon (self);
    if (s != NATS_OK)
        vp_nats_err (err, s, "JetStream did not acknowledge the batch");
    else
        vp_err_set (err, VP_E_UNAVAILABLE, "nats-url", "JetStream refused %d events of the batch", errors);
    snprintf (self->last_error, sizeof self->last_error, "%s", err->message);
    if (self->nc && natsConnection_IsClosed (self->nc))
        s_close (self);
    return -1;
}

void
brg_js_health (brg_js_t *self, vp_val_t *result)
{
    vp_val_t *nats = vp_val_map ();
    vp_map_put_bool (nats, "connected", self->nc && natsConnection_Status (self->nc) == NATS_CONN_STATUS_CONNECTED);
    vp_map_put_str (nats, VP_K_DISTRICT, self->cfg->district);
    vp_map_put_int (nats, "acknowledged", self->acknowledged);
    vp_map_put_int (nats, "retries", self->retries);
    vp_map_put_int (nats, "skipped", self->skipped);
    vp_map_put_str (nats, "last_error", self->last_error);
    vp_map_put (result, "nats", nats);
}
