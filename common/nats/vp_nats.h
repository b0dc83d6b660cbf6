/*  vp_nats - one way to reach NATS JetStream from vanphong.

    The connection from the VP_NATS_* settings (servers, credentials file,
    TLS with a CA and optionally a client certificate), and the names every
    district has there: its stream VP_<DISTRICT> (upper case, '-' as '_')
    holding the subjects vp.<district>.> and the subject of one event,
    vp.<district>.<stream>.<type>, where <type> is the event type without
    its stream's prefix (documents.registered -> vp.lam-son.documents.registered).
*/
#ifndef VP_NATS_H_INCLUDED
#define VP_NATS_H_INCLUDED

#include <nats/nats.h>
#include "vp/vp_config.h"
#include "vp/vp_err.h"

//  A district's name: 1..32 of a-z, 0-9 and '-'. 0 when it is one.
int vp_nats_check_district (const char *district, const char *field, vp_err_t *err);

//  Connect to cfg->nats_url with cfg's credentials and TLS. With
//  reconnect false the connection closes at the first disconnect (the
//  bridge makes a new one, with nothing left over in its buffers).
natsConnection *vp_nats_connect (const vp_config_t *cfg, const char *name, bool reconnect, vp_err_t *err);

//  The district's stream name and the subject of one event.
void vp_nats_stream_name (const char *district, char *out, size_t size);
void vp_nats_subject (const char *district, const char *stream, const char *type, char *out, size_t size);

//  Make the district's stream (file storage, duplicates window in ms,
//  replicas copies), or set those two when it exists.
int vp_nats_stream_ensure (jsCtx *js, const char *district, int64_t dup_window_ms, int replicas,
                           vp_err_t *err);

//  err from a NATS status (and the thread's last error text).
int vp_nats_err (vp_err_t *err, natsStatus s, const char *what);

#endif
