/*  cli_health - ask every service at once whether it is well.

    Every service answers `health` with its status, database, bus, outbox
    depth and, per stream it follows, {cursor, head}; the bus answers it
    on its replay endpoint with the heads of its streams. `vpctl health`
    and `vp-mon lag` both ask them all here, each service in a thread of
    its own, so one that does not answer costs one timeout, not one each.
*/
#ifndef CLI_HEALTH_H_INCLUDED
#define CLI_HEALTH_H_INCLUDED

#include "vp/vp.h"

typedef struct {
    char name[16];              //  "staffing", "documents", ... or "bus"
    const char *endpoint;
    vp_val_t *health;           //  its answer; NULL when it gave none
    vp_err_t err;               //  why not
} cli_health_t;

//  The services of a deployment: each with a command endpoint, then the
//  bus (NULL-terminated).
extern const char *const cli_services[];

//  The command endpoint of a service in cfg (the bus: its replay
//  endpoint); NULL when there is no such service.
const char *cli_endpoint (const vp_config_t *cfg, const char *service);

//  Fill one entry per name (n of them) with its endpoint in cfg; -1 with
//  err naming a name that is not a service.
int cli_health_init (cli_health_t *list, const char *const names[], size_t n,
                     const vp_config_t *cfg, vp_err_t *err);

//  Ask every entry for health at once, waiting at most timeout_ms.
void cli_health_ask (cli_health_t *list, size_t n, vp_keys_t *keys, int timeout_ms);
void cli_health_clear (cli_health_t *list, size_t n);

//  The heads of the bus's streams, from the bus entry of list (NULL when
//  the bus is not in it or did not answer).
const vp_val_t *cli_health_heads (const cli_health_t *list, size_t n);

//  How far a service's cursor on stream is behind the head (the bus's
//  when known, else the head the service last saw); -1 when unknown.
int64_t cli_health_lag (const vp_val_t *cursor, const vp_val_t *heads, const char *stream);

#endif
