/*  vp_keys - CURVE keys of a deployment and the sockets that use them.

    A deployment's keys folder (VP_KEYS_DIR, made by scripts/gen-keys):

        <dir>/<name>.secret     this process's key pair (zcert, secret file)
        <dir>/public/<name>.pub every allowed public key (zcert, public file)
                                with metadata name=<name>, role and tenant

    Roles (SECURITY.md §1): service (a vanphong service), operator
    (monitoring and backup), officer (one officer's own key: the key's
    name is the officer id, tenant their commune), gateway (vp-web,
    acting for officers it signed in), admin (set-up, district-wide or,
    with a tenant, for one commune).

    A server socket is a CURVE server whose ZAP handler (one per process)
    lets in only keys found in public/, and stamps each message with the
    key's name as its User-Id (vp_peer_name). A client socket is a CURVE
    client that knows its server's public key by the server's key name.
    With no keys (NULL) sockets are plain TCP, for development on loopback.
*/
#ifndef VP_KEYS_H_INCLUDED
#define VP_KEYS_H_INCLUDED

#include <czmq.h>
#include "vp_err.h"

typedef struct vp_keys vp_keys_t;

//  Key names are file names and User-Ids, and an officer's is the officer
//  id: [a-z0-9_.-]{1,64}, not starting with a dot.
#define VP_KEY_NAME_MAX 64
bool vp_key_name_valid (const char *name);

//  NULL with err->code VP_OK when dir is NULL or empty (CURVE off);
//  NULL with an error when dir is set but the key cannot be read.
vp_keys_t *vp_keys_load (const char *dir, const char *name, vp_err_t *err);
void vp_keys_destroy (vp_keys_t **self_p);
const char *vp_keys_name (const vp_keys_t *self);
//  Metadata of this process's own key ("role", "tenant"), NULL when absent.
const char *vp_keys_meta (const vp_keys_t *self, const char *name);

//  Role of an allowed key ("service", "operator", "officer", "gateway",
//  "admin"), NULL if unknown.
const char *vp_keys_role (vp_keys_t *self, const char *name);

//  Options libzmq reads only before bind or connect (0: its default).
#define VP_HWM_UNLIMITED (-1)
typedef struct {
    int sndhwm;         //  messages queued per peer to send (VP_HWM_UNLIMITED: no limit)
    int rcvhwm;         //  messages queued per peer received
    bool immediate;     //  queue only to completed connections
    //  The roles let in on a bound CURVE socket, comma-separated
    //  ("service,operator"); NULL lets in every known key. The bus's
    //  stream of events is for services, operators and the gateway, not
    //  for an officer's or an admin's key (SECURITY.md §1).
    const char *roles;
} vp_sockopts_t;

//  A new socket of `type` bound to endpoint, a CURVE server when keys.
zsock_t *vp_sock_bind (vp_keys_t *keys, int type, const char *endpoint, vp_err_t *err);
zsock_t *vp_sock_bind_opts (vp_keys_t *keys, int type, const char *endpoint,
                            const vp_sockopts_t *opts, vp_err_t *err);

//  A new socket of `type` connected to endpoint, a CURVE client of the
//  server whose key is named server_name when keys.
zsock_t *vp_sock_connect (vp_keys_t *keys, int type, const char *endpoint,
                          const char *server_name, vp_err_t *err);
zsock_t *vp_sock_connect_opts (vp_keys_t *keys, int type, const char *endpoint,
                               const char *server_name, const vp_sockopts_t *opts, vp_err_t *err);

//  The key name of the peer that sent a frame (its User-Id), or NULL when
//  the connection is not authenticated.
const char *vp_peer_name (zframe_t *frame);
//  The role of that key, and the tenant it is bound to (NULL for none).
const char *vp_peer_role (zframe_t *frame);
const char *vp_peer_tenant (zframe_t *frame);

#endif
