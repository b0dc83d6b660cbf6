/*  vp-mon - the operator's monitor of the event stream.

    vp-mon [common options] tail [flags]          the events, live (mon_tail.h)
    vp-mon [common options] trace <corr> [flags]  one flow, end to end (mon_trace.h)
    vp-mon [common options] lag [SERVICE...]      each consumer's cursor against
                                                  the heads (mon_lag.h)
    vp-mon [common options] stats [flags]         heads, rates and peers of the bus

    Exit 0 on success or Ctrl-C, 1 when it cannot start (keys, sockets),
    2 on a bad flag or value, 3 when nothing was found (trace), 5 when
    the bus or a service cannot be reached (as vpctl).
*/
#include "mon_format.h"
#include "mon_lag.h"
#include "mon_stats.h"
#include "mon_tail.h"
#include "mon_trace.h"

typedef union {
    mon_tail_opts_t tail;
    mon_stats_opts_t stats;
    mon_trace_opts_t trace;
    mon_lag_opts_t lag;
} s_opts_t;

static int
s_tail_parse (s_opts_t *o, int argc, char **argv, char **rest, int *nrest, vp_err_t *err)
{
    return mon_tail_parse (&o->tail, argc, argv, rest, nrest, err);
}

static int
s_tail_run (const vp_config_t *cfg, vp_keys_t *keys, s_opts_t *o, vp_err_t *err)
{
    mon_tail_t *mon = mon_tail_new (cfg->bus_pub, cfg->bus_replay, keys, &o->tail, err);
    int rc = mon ? mon_tail_run (mon, err) : -1;
    mon_tail_destroy (&mon);
    return rc;
}

static int
s_stats_parse (s_opts_t *o, int argc, char **argv, char **rest, int *nrest, vp_err_t *err)
{
    return mon_stats_parse (&o->stats, argc, argv, rest, nrest, err);
}

static int
s_stats_run (const vp_config_t *cfg, vp_keys_t *keys, s_opts_t *o, vp_err_t *err)
{
    return mon_stats_run (cfg->bus_replay, keys, &o->stats, err);
}

static int
s_trace_parse (s_opts_t *o, int argc, char **argv, char **rest, int *nrest, vp_err_t *err)
{
    return mon_trace_parse (&o->trace, argc, argv, rest, nrest, err);
}

static int
s_trace_run (const vp_config_t *cfg, vp_keys_t *keys, s_opts_t *o, vp_err_t *err)
{
    o->trace.zone = cfg->tz;
    return mon_trace_run (cfg->bus_pub, cfg->bus_replay, keys, &o->trace, err);
}

static int
s_lag_parse (s_opts_t *o, int argc, char **argv, char **rest, int *nrest, vp_err_t *err)
{
    return mon_lag_parse (&o->lag, argc, argv, rest, nrest, err);
}

static int
s_lag_run (const vp_config_t *cfg, vp_keys_t *keys, s_opts_t *o, vp_err_t *err)
{
    return mon_lag_run (cfg, keys, &o->lag, err);
}

static const struct {
    const char *name;
    int (*parse) (s_opts_t *o, int argc, char **argv, char **rest, int *nrest, vp_err_t *err);
    void (*usage) (FILE *out);
    int (*run) (const vp_config_t *cfg, vp_keys_t *keys, s_opts_t *o, vp_err_t *err);
} s_commands[] = {
    { "tail", s_tail_parse, mon_tail_usage, s_tail_run },
    { "trace", s_trace_parse, mon_trace_usage, s_trace_run },
    { "lag", s_lag_parse, mon_lag_usage, s_lag_run },
    { "stats", s_stats_parse, mon_stats_usage, s_stats_run },
    { NULL }
};

static int
s_command (const char *name)
{
    for (int i = 0; s_commands[i].name; i++)
        if (strcmp (s_commands[i].name, name) == 0)
            return i;
    return -1;
}

//  The subcommands, then the common options (vp_config_load prints them).
static void
s_usage (void)
{
    printf ("vp-mon - the operator's monitor of the event stream of vp-bus\n"
            "\n"
            "usage: vp-mon [common options] tail [--stream S [--from SEQ]] [--type PREFIX]\n"
            "              [--tenant T] [--json] [--count N] [--timeout-ms MS]\n"
            "       vp-mon [common options] trace <corr> [--stream S] [--follow] [--json]\n"
            "       vp-mon [common options] lag [SERVICE...] [--json]\n"
            "       vp-mon [common options] stats [--json] [--watch SECONDS]\n"
            "       vp-mon SUBCOMMAND --help\n"
            "\n"
            "Exit 0 done, 2 bad flag, 3 nothing found (trace), 5 the bus or a service\n"
            "cannot be reached. The key is VP_KEY_NAME (--key-name), default \"operator\".\n\n");
    vp_config_t cfg;
    char *argv[] = { "vp-mon", "--help", NULL };
    vp_config_load (&cfg, "mon", 2, argv, NULL, NULL, NULL);
}

//  --help before the subcommand (or without one)?
static bool
s_wants_help (int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (s_command (argv[i]) >= 0)
            return false;
        if (strcmp (argv[i], "--help") == 0 || strcmp (argv[i], "-h") == 0)
            return true;
    }
    return false;
}

//  Exit status for an error: 2 for what the user gave, 3 when nothing
//  was found, 5 when the bus or a service is out of reach, 1 for the rest.
static int
s_exit_code (const vp_err_t *err)
{
    if (err->code == VP_E_INVALID_ARGUMENT)
        return 2;
    if (err->code == VP_E_NOT_FOUND)
        return 3;
    if (err->code == VP_E_UNAVAILABLE)
        return 5;
    return 1;
}

int
main (int argc, char **argv)
{
    //  An operator's tool: its key is "operator" unless one is named.
    const char *key_name = getenv ("VP_KEY_NAME");
    if (!key_name || !*key_name)
        setenv ("VP_KEY_NAME", "operator", 1);

    if (s_wants_help (argc, argv)) {
        s_usage ();
        return 0;
    }
    vp_config_t cfg;
    vp_err_t err = { 0 };
    int at = argc;
    int rc = vp_config_load (&cfg, "mon", argc, argv, NULL, &at, &err);
    if (rc > 0)
        return 0;
    if (rc < 0 || at >= argc) {
        fprintf (stderr, "vp-mon: %s\n", rc < 0 ? err.message : "which one: tail, trace, lag or stats? (see --help)");
        return 2;
    }
    const char *name = argv[at];
    int command = s_command (name);
    if (command < 0) {
        fprintf (stderr, "vp-mon: unknown subcommand \"%s\": tail, trace, lag or stats (see --help)\n", name);
        return 2;
    }

    //  The subcommand's flags; the common options among them go back to
    //  vp_config_load with those given before the subcommand.
    char **args = (char **) zmalloc (sizeof (char *) * (size_t) (argc + 1));
    args[0] = argv[0];
    for (int i = 1; i < at; i++)
        args[i] = argv[i];
    int nrest = 0;
    s_opts_t opts;
    rc = s_commands[command].parse (&opts, argc - at - 1, argv + at + 1, args + at, &nrest, &err);
    if (rc == 0 && nrest > 0)
        rc = vp_config_load (&cfg, "mon", at + nrest, args, NULL, NULL, &err);
    free (args);
    if (rc > 0) {
        s_commands[command].usage (stdout);
        return 0;
    }
    if (rc < 0) {
        fprintf (stderr, "vp-mon %s: %s\n", name, err.message);
        return 2;
    }
    if (vp_log_init ("mon", cfg.log_level, cfg.log_format)) {
        fprintf (stderr, "vp-mon: bad log level \"%s\" or format \"%s\"\n", cfg.log_level, cfg.log_format);
        return 2;
    }
    if (mon_format_set_tz (cfg.tz))
        vp_warn ("zone \"%s\" is not installed here: times are shown in UTC", cfg.tz);

    zsys_init ();
    vp_keys_t *keys = vp_keys_load (cfg.keys_dir, cfg.key_name, &err);
    if (!keys && err.code) {
        fprintf (stderr, "vp-mon: %s\n", err.message);
        return err.code == VP_E_INVALID_ARGUMENT ? 2 : 1;
    }
    rc = s_commands[command].run (&cfg, keys, &opts, &err);
    vp_keys_destroy (&keys);
    if (rc) {
        fprintf (stderr, "vp-mon %s: %s\n", name, err.message);
        return s_exit_code (&err);
    }
    return 0;
}
