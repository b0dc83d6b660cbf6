/*  vp-bridge - the district's bus mirrored into NATS JetStream.

    A consumer like any service (its cursor in bridge.db) of the streams
    VP_BRIDGE_STREAMS; each event is published to JetStream on
    vp.<district>.<stream>.<type> with Nats-Msg-Id = the envelope's id,
    asynchronously, and the consumer's transaction (cursor included) is
    committed only once JetStream acknowledged every event of it. A batch
    not acknowledged in time (nats-server gone, slow) is rolled back and
    sent again from the cursor: JetStream drops what it already holds by
    its id within the duplicates window, and on each connection the
    bridge reads the last bus seq JetStream holds of each stream and sends
    nothing up to it (docs/scale.md says why the two are enough). Events carry no secret text (vp_secrecy), and the bridge
    adds none.
*/
#ifndef BRG_SERVICE_H_INCLUDED
#define BRG_SERVICE_H_INCLUDED

#include "vp/vp.h"
#include "vp_nats.h"

#define BRG_MAX_STREAMS 16

typedef struct brg_js brg_js_t;

//  The JetStream side: connection, stream, async publishes of one batch,
//  for the streams followed (NULL-terminated).
brg_js_t *brg_js_new (const vp_config_t *cfg, const char *const *streams, vp_err_t *err);
void brg_js_destroy (brg_js_t **self_p);
//  Publish one envelope (apply of the consumer): -1 when not connected.
int brg_js_publish (sqlite3 *db, const vp_val_t *env, void *arg);
//  Every publish of the batch acknowledged (the consumer's before-commit).
int brg_js_confirm (void *arg, vp_err_t *err);
//  Health fields: nats {connected, district, acknowledged, retries, skipped, last_error}.
void brg_js_health (brg_js_t *self, vp_val_t *result);

typedef struct brg_service brg_service_t;

brg_service_t *brg_service_new (const vp_config_t *cfg, vp_keys_t *keys, vp_err_t *err);
void brg_service_destroy (brg_service_t **self_p);
int brg_service_run (brg_service_t *self);

#endif
