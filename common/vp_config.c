/*  vp_config - defaults, then VP_* variables, then flags. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <czmq.h>
#include "vp/vp_config.h"
#include "vp/vp_log.h"

typedef struct {
    const char *name;       //  flag name; the variable is VP_ + upper case, '-' -> '_'
    size_t offset;
    size_t size;
    const char *dflt;
    const char *doc;
} s_opt_t;

#define S_OPT(n, member, d, doc) { n, offsetof (vp_config_t, member), sizeof (((vp_config_t *) 0)->member), d, doc }

static const s_opt_t s_opts[] = {
    S_OPT ("data-dir", data_dir, "./var", "folder of this service's database and files"),
    S_OPT ("bus-ingest", bus_ingest, "tcp://127.0.0.1:5560", "bus ingest endpoint"),
    S_OPT ("bus-pub", bus_pub, "tcp://127.0.0.1:5561", "bus publish endpoint"),
    S_OPT ("bus-replay", bus_replay, "tcp://127.0.0.1:5562", "bus replay endpoint"),
    S_OPT ("documents-cmd", documents_cmd, "tcp://127.0.0.1:5571", "documents command endpoint"),
    S_OPT ("calendar-cmd", calendar_cmd, "tcp://127.0.0.1:5572", "calendar command endpoint"),
    S_OPT ("staffing-cmd", staffing_cmd, "tcp://127.0.0.1:5573", "staffing command endpoint"),
    S_OPT ("notify-cmd", notify_cmd, "tcp://127.0.0.1:5574", "notify command endpoint"),
    S_OPT ("keys-dir", keys_dir, "", "CURVE keys folder (unset: no CURVE)"),
    S_OPT ("key-name", key_name, "", "this process's key name (default: the service)"),
    S_OPT ("log-level", log_level, "info", "debug, info, warn or error"),
    S_OPT ("log-format", log_format, "logfmt", "logfmt or json"),
    S_OPT ("tz", tz, "Asia/Ho_Chi_Minh", "zone for dates shown to people"),
    S_OPT ("request-keep-days", request_keep_days, "7",
           "how long a changing command's reply is kept for a retry with the same request id"),
    S_OPT ("command-batch", command_batch, "64",
           "most commands made durable by one commit (group commit); 1: each its own"),
    S_OPT ("mail-domain", mail_domain, "vanphong.invalid",
           "the deployment's mail domain: the right of every Message-ID and external id"),
    //  Past one box (docs/scale.md): vp-bridge and vp-province.
    S_OPT ("district", district, "", "this district's name in NATS subjects and streams (a-z, 0-9, -)"),
    S_OPT ("nats-url", nats_url, "nats://127.0.0.1:4222", "NATS servers, comma-separated (tls:// for TLS)"),
    S_OPT ("nats-creds", nats_creds, "", "NATS credentials file (JWT and seed); empty: none"),
    S_OPT ("nats-tls-ca", nats_tls_ca, "", "CA certificates that sign the NATS servers' (turns TLS on)"),
    S_OPT ("nats-tls-cert", nats_tls_cert, "", "client certificate for NATS TLS (with nats-tls-key)"),
    S_OPT ("nats-tls-key", nats_tls_key, "", "client key for NATS TLS"),
    S_OPT ("bridge-cmd", bridge_cmd, "tcp://127.0.0.1:5575", "bridge command endpoint (health)"),
    S_OPT ("bridge-streams", bridge_streams, "staffing,documents,calendar,notify",
           "the bus streams the bridge mirrors, comma-separated"),
    S_OPT ("bridge-dup-window-ms", bridge_dup_window_ms, "120000",
           "JetStream duplicates window of the district's stream (Nats-Msg-Id)"),
    S_OPT ("bridge-replicas", bridge_replicas, "1",
           "copies JetStream keeps of the district's stream (3 on a 3-node cluster)"),
    S_OPT ("bridge-ack-timeout-ms", bridge_ack_timeout_ms, "5000",
           "longest wait for JetStream to acknowledge a batch before it is sent again"),
    S_OPT ("province-districts", province_districts, "",
           "the districts vp-province reads, comma-separated"),
};
#define S_NOPTS (sizeof s_opts / sizeof s_opts[0])

static void
s_env_name (const char *flag, char *out, size_t size)
{
    size_t at = (size_t) snprintf (out, size, "VP_");
    for (const char *p = flag; *p && at + 1 < size; p++)
        out[at++] = *p == '-' ? '_' : (char) toupper ((unsigned char) *p);
    out[at] = 0;
}

static int
s_store (char *dst, size_t size, const char *name, const char *value, vp_err_t *err)
{
    if (strlen (value) >= size)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, name,
                           "%s is longer than %zu bytes", name, size - 1);
    memcpy (dst, value, strlen (value) + 1);
    return 0;
}

static int
s_set_max_frame (vp_config_t *cfg, const char *value, vp_err_t *err)
{
    char *end = NULL;
    unsigned long long n = strtoull (value, &end, 10);
    if (!*value || *end || n < 1024 || n > 256ull * 1024 * 1024)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, "max-frame",
                           "max-frame must be a number of bytes from 1024 to 268435456, not \"%s\"", value);
    cfg->max_frame = (size_t) n;
    return 0;
}

//  Set one option by flag name; 1 when the name is unknown.
static int
s_set (vp_config_t *cfg, vp_option_t *extra, const char *name, const char *value, vp_err_t *err)
{
    for (size_t i = 0; i < S_NOPTS; i++)
        if (strcmp (s_opts[i].name, name) == 0)
            return s_store ((char *) cfg + s_opts[i].offset, s_opts[i].size, name, value, err);
    if (strcmp (name, "max-frame") == 0)
        return s_set_max_frame (cfg, value, err);
    for (vp_option_t *o = extra; o && o->name; o++)
        if (strcmp (o->name, name) == 0)
            return s_store (o->value, sizeof o->value, name, value, err);
    return 1;
}

static bool
s_known (const vp_option_t *extra, const char *name)
{
    for (size_t i = 0; i < S_NOPTS; i++)
        if (strcmp (s_opts[i].name, name) == 0)
            return true;
    for (const vp_option_t *o = extra; o && o->name; o++)
        if (strcmp (o->name, name) == 0)
            return true;
    return strcmp (name, "max-frame") == 0;
}

static void
s_usage (const char *service, const vp_option_t *extra)
{
    printf ("usage: vp-%s [--option value]...\n\nOptions (each also from the variable shown):\n", service);
    char env[96];
    for (size_t i = 0; i < S_NOPTS; i++) {
        s_env_name (s_opts[i].name, env, sizeof env);
        printf ("  --%-16s %-18s %s (default \"%s\")\n", s_opts[i].name, env, s_opts[i].doc, s_opts[i].dflt);
    }
    printf ("  --%-16s %-18s %s\n", "max-frame", "VP_MAX_FRAME", "largest message in bytes (default 1048576)");
    for (const vp_option_t *o = extra; o && o->name; o++) {
        s_env_name (o->name, env, sizeof env);
        printf ("  --%-16s %-18s %s (default \"%s\")\n", o->name, env, o->doc, o->dflt);
    }
}

int
vp_config_load (vp_config_t *cfg, const char *service, int argc, char **argv,
                vp_option_t *extra, int *rest, vp_err_t *err)
{
    memset (cfg, 0, sizeof *cfg);
    cfg->max_frame = 1024 * 1024;
    char env[96];
    for (size_t i = 0; i < S_NOPTS; i++) {
        s_env_name (s_opts[i].name, env, sizeof env);
        const char *value = getenv (env);
        if (s_set (cfg, extra, s_opts[i].name, value ? value : s_opts[i].dflt, err) < 0)
            return -1;
    }
    const char *frame = getenv ("VP_MAX_FRAME");
    if (frame && *frame && s_set_max_frame (cfg, frame, err))
        return -1;
    for (vp_option_t *o = extra; o && o->name; o++) {
        s_env_name (o->name, env, sizeof env);
        const char *value = getenv (env);
        if (s_store (o->value, sizeof o->value, o->name, value ? value : (o->dflt ? o->dflt : ""), err))
            return -1;
    }
    if (rest)
        *rest = argc;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp (arg, "--help") == 0 || strcmp (arg, "-h") == 0) {
            s_usage (service, extra);
            return 1;
        }
        if (strncmp (arg, "--", 2) != 0 || !arg[2]) {
            if (rest) {
                *rest = i;
                break;
            }
            return vp_err_set (err, VP_E_INVALID_ARGUMENT, arg,
                               "unexpected argument \"%s\" (see --help)", arg);
        }
        char name[64];
        const char *value;
        const char *eq = strchr (arg, '=');
        if (eq) {
            snprintf (name, sizeof name, "%.*s", (int) (eq - arg - 2), arg + 2);
            value = eq + 1;
        }
        else {
            snprintf (name, sizeof name, "%s", arg + 2);
            if (!s_known (extra, name))
                return vp_err_set (err, VP_E_INVALID_ARGUMENT, name, "unknown option --%s (see --help)", name);
            if (i + 1 >= argc)
                return vp_err_set (err, VP_E_INVALID_ARGUMENT, name, "--%s needs a value", name);
            value = argv[++i];
        }
        int rc = s_set (cfg, extra, name, value, err);
        if (rc < 0)
            return -1;
        if (rc > 0)
            return vp_err_set (err, VP_E_INVALID_ARGUMENT, name, "unknown option --%s (see --help)", name);
    }
    if (!*cfg->key_name)
        snprintf (cfg->key_name, sizeof cfg->key_name, "%s", service);
    return 0;
}

const char *
vp_option (const vp_option_t *extra, const char *name)
{
    for (const vp_option_t *o = extra; o && o->name; o++)
        if (strcmp (o->name, name) == 0)
            return o->value;
    return NULL;
}

int
vp_main_init (const char *service, int argc, char **argv, vp_option_t *extra,
              vp_config_t *cfg, vp_keys_t **keys)
{
    vp_err_t err = { 0 };
    *keys = NULL;
    int rc = vp_config_load (cfg, service, argc, argv, extra, NULL, &err);
    if (rc > 0)
        return 0;
    if (rc < 0) {
        fprintf (stderr, "vp-%s: %s\n", service, err.message);
        return 2;
    }
    if (vp_log_init (service, cfg->log_level, cfg->log_format)) {
        fprintf (stderr, "vp-%s: bad log level \"%s\" or format \"%s\"\n",
                 service, cfg->log_level, cfg->log_format);
        return 2;
    }
    zsys_init ();
    *keys = vp_keys_load (cfg->keys_dir, cfg->key_name, &err);
    if (!*keys && err.code) {
        vp_error ("%s", err.message);
        return 1;
    }
    return -1;
}
