/*  vp_config - the VP_* variables of the design, overridden by flags.

    Defaults run everything on one machine with data in ./var; each
    variable has a flag of the same name (VP_BUS_INGEST -> --bus-ingest).
    A service may declare extra options of its own with the same rule.
*/
#ifndef VP_CONFIG_H_INCLUDED
#define VP_CONFIG_H_INCLUDED

#include <stddef.h>
#include "vp_err.h"
#include "vp_keys.h"

#define VP_ENDPOINT_MAX 256
#define VP_PATH_MAX 1024

typedef struct {
    char data_dir[VP_PATH_MAX];
    char bus_ingest[VP_ENDPOINT_MAX];
    char bus_pub[VP_ENDPOINT_MAX];
    char bus_replay[VP_ENDPOINT_MAX];
    char documents_cmd[VP_ENDPOINT_MAX];
    char calendar_cmd[VP_ENDPOINT_MAX];
    char staffing_cmd[VP_ENDPOINT_MAX];
    char notify_cmd[VP_ENDPOINT_MAX];
    char keys_dir[VP_PATH_MAX];     //  empty: no CURVE
    char key_name[64];              //  this process's key; default: the service name
    char log_level[16];
    char log_format[16];
    char tz[64];
    char request_keep_days[16];     //  vp_request: days a reply is kept
    char mail_domain[256];          //  right of the @ of Message-IDs and external ids
    char command_batch[16];         //  group commit: most commands per commit
    char district[64];              //  vp-bridge, vp-province: the district's name in NATS
    char nats_url[VP_PATH_MAX];
    char nats_creds[VP_PATH_MAX];
    char nats_tls_ca[VP_PATH_MAX];
    char nats_tls_cert[VP_PATH_MAX];
    char nats_tls_key[VP_PATH_MAX];
    char bridge_cmd[VP_ENDPOINT_MAX];
    char bridge_streams[VP_PATH_MAX];
    char bridge_dup_window_ms[16];
    char bridge_ack_timeout_ms[16];
    char bridge_replicas[16];
    char province_districts[VP_PATH_MAX];
    size_t max_frame;
} vp_config_t;

//  A service's own option: VP_<NAME> and --<name>, with a default.
typedef struct {
    const char *name;       //  "bus-pub-hwm" -> VP_BUS_PUB_HWM, --bus-pub-hwm
    const char *dflt;
    const char *doc;
    char value[VP_PATH_MAX];
} vp_option_t;

//  Fill cfg from defaults, then the environment, then argv (flags as
//  --name value or --name=value). `extra` is a {NULL}-terminated table of
//  the service's own options, or NULL. Positional arguments are refused
//  unless `rest` is given (then *rest gets the index of the first one).
//  --help prints the options and returns 1; an unknown flag or a bad
//  value returns -1 with err naming it.
int vp_config_load (vp_config_t *cfg, const char *service, int argc, char **argv,
                    vp_option_t *extra, int *rest, vp_err_t *err);

//  What every program's main does first: configuration (defaults, VP_*
//  variables, flags), logging, czmq, and this process's keys (NULL when
//  CURVE is off). Returns -1 to go on, else the exit code to return at
//  once (0 after --help, 2 for bad configuration, 1 when keys fail), having
//  said why on stderr.
int vp_main_init (const char *service, int argc, char **argv, vp_option_t *extra,
                  vp_config_t *cfg, vp_keys_t **keys);

//  The value of an extra option by name (NULL when not declared).
const char *vp_option (const vp_option_t *extra, const char *name);

#endif
