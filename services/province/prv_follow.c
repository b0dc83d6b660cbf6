/*  prv_follow - a durable pull consumer on each district's stream. */
#include <string.h>
#include "prv.h"

#define S_MAX_DISTRICTS 64
#define S_FETCH 500

typedef struct {
    char name[40];
    char stream[64];
    natsSubscription *sub;      //  NULL until the district's stream exists
} s_district_t;

struct prv_follow {
    const vp_config_t *cfg;
    sqlite3 *db;
    natsConnection *nc;
    jsCtx *js;
    s_district_t districts[S_MAX_DISTRICTS];
    int ndistricts;
    vp_ratelimit_t warnings;
};

prv_follow_t *
prv_follow_new (const vp_config_t *cfg, sqlite3 *db, vp_err_t *err)
{
    prv_follow_t *self = (prv_follow_t *) zmalloc (sizeof (prv_follow_t));
    self->cfg = cfg;
    self->db = db;
    self->warnings = (vp_ratelimit_t) VP_RATELIMIT_INIT (5);
    char list[VP_PATH_MAX];
    snprintf (list, sizeof list, "%s", cfg->province_districts);
    char *save = NULL;
    for (char *d = strtok_r (list, ", ", &save); d; d = strtok_r (NULL, ", ", &save)) {
        if (vp_nats_check_district (d, "province-districts", err))
            goto fail;
        if (self->ndistricts == S_MAX_DISTRICTS) {
            vp_err_set (err, VP_E_INVALID_ARGUMENT, "province-districts", "nhiều nhất %d huyện", S_MAX_DISTRICTS);
            goto fail;
        }
        s_district_t *district = &self->districts[self->ndistricts++];
        snprintf (district->name, sizeof district->name, "%s", d);
        vp_nats_stream_name (d, district->stream, sizeof district->stream);
    }
    if (self->ndistricts == 0) {
        vp_err_set (err, VP_E_INVALID_ARGUMENT, "province-districts", "province-districts không được để trống");
        goto fail;
    }
    //  The client reconnects by itself; a durable consumer goes on where it was.
    self->nc = vp_nats_connect (cfg, "vp-province", true, err);
    if (!self->nc)
        goto fail;
    natsStatus s = natsConnection_JetStream (&self->js, self->nc, NULL);
    if (s != NATS_OK) {
        vp_nats_err (err, s, "JetStream");
        goto fail;
    }
    return self;
fail:
    prv_follow_destroy (&self);
    return NULL;
}

void
prv_follow_destroy (prv_follow_t **self_p)
{
    prv_follow_t *self = *self_p;
    if (!self)
        return;
    for (int i = 0; i < self->ndistricts; i++)
        natsSubscription_Destroy (self->districts[i].sub);
    jsCtx_Destroy (self->js);
    natsConnection_Destroy (self->nc);
    free (self);
    *self_p = NULL;
}

static void
s_subscribe (prv_follow_t *self, s_district_t *district)
{
    char filter[80];
    snprintf (filter, sizeof filter, "vp.%s.documents.>", district->name);
    jsSubOptions so;
    jsSubOptions_Init (&so);
    so.Stream = district->stream;
    so.Config.AckPolicy = js_AckAll;
    so.Config.MaxAckPending = 20000;
    jsErrCode code = 0;
    natsStatus s = js_PullSubscribe (&district->sub, self->js, filter, "province", NULL, &so, &code);
    if (s != NATS_OK) {
        district->sub = NULL;
        int held = 0;
        if (vp_ratelimit_ok (&self->warnings, &held))
            vp_warn ("province: %s not followed yet: %s (%d)", district->stream, natsStatus_GetText (s), (int) code);
    }
    else
        vp_info ("province: following %s", district->stream);
}

//  One batch of a district in one transaction; acked after the commit.
static int
s_apply (prv_follow_t *self, s_district_t *district, natsMsgList *list, vp_err_t *err)
{
    int64_t cursor = prv_store_cursor (self->db, district->name);
    vp_limits_t limits = vp_limits_default ();
    if (vp_db_begin (self->db, err))
        return -1;
    for (int i = 0; i < list->Count; i++) {
        jsMsgMetaData *meta = NULL;
        if (natsMsg_GetMetaData (&meta, list->Msgs[i]) != NATS_OK)
            continue;
        int64_t seq = (int64_t) meta->Sequence.Stream;
        jsMsgMetaData_Destroy (meta);
        if (seq <= cursor)
            continue;               //  delivered again after a crash
        vp_val_t *env = NULL;
        vp_err_t why = { 0 };
        if (vp_decode (natsMsg_GetData (list->Msgs[i]), (size_t) natsMsg_GetDataLength (list->Msgs[i]),
                       &limits, &env, &why))
            vp_warn ("province: %s seq %lld unreadable: %s", district->stream, (long long) seq, why.message);
        else
        if (prv_apply (self->db, district->name, self->cfg->tz, env, err)) {
            vp_val_destroy (&env);
            vp_db_rollback (self->db);
            return -1;
        }
        vp_val_destroy (&env);
        cursor = seq;
    }
    if (prv_store_set_cursor (self->db, district->name, cursor, err)) {
        vp_db_rollback (self->db);
        return -1;
    }
    if (vp_db_commit (self->db, err))
        return -1;
    //  AckAll: the last acknowledges the batch.
    natsMsg_Ack (list->Msgs[list->Count - 1], NULL);
    return 0;
}

int
prv_follow_run (prv_follow_t *self)
{
    while (!zsys_interrupted) {
        bool idle = true;
        for (int i = 0; i < self->ndistricts && !zsys_interrupted; i++) {
            s_district_t *district = &self->districts[i];
            if (!district->sub)
                s_subscribe (self, district);
            if (!district->sub)
                continue;
            natsMsgList list = { 0 };
            jsErrCode code = 0;
            natsStatus s = natsSubscription_Fetch (&list, district->sub, S_FETCH, 100, &code);
            if (s == NATS_OK && list.Count > 0) {
                vp_err_t err = { 0 };
                if (s_apply (self, district, &list, &err))
                    vp_warn ("province: %s not applied, fetched again later: %s", district->stream, err.message);
                idle = false;
            }
            natsMsgList_Destroy (&list);
        }
        if (idle)
            zclock_sleep (200);
    }
    return 0;
}
