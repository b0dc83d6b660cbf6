/*  vp-mon - the operator's monitor of the event stream.

    vp-mon [common options] tail [flags]     the events, live (see mon_tail.h)
    vp-mon [common options] stats [flags]    heads, rates and peers of the bus

    Exit 0 on success or Ctrl-C, 1 when it cannot start (keys, sockets),
    2 on a bad flag or value, 3 when the bus cannot be reached.
*/
#include "mon_format.h"
#include "mon_stats.h"
#include "mon_tail.h"

//  The subcommands, then the common options (vp_config_load prints them).
static void
s_usage (void)
{
    printf ("vp-mon - the operator's monitor of the event stream of vp-bus\n"
            "\n"
            "usage: vp-mon [common options] tail [--stream S [--from SEQ]] [--type PREFIX]\n"
            "              [--tenant T] [--json] [--count N] [--timeout-ms MS]\n"
            "       vp-mon [common options] stats [--json] [--watch SECONDS]\n"
            "       vp-mon SUBCOMMAND --help\n"
            "\n"
            "The key is VP_KEY_NAME (--key-name), default \"operator\".\n\n");
    vp_config_t cfg;
    char *argv[] = { "vp-mon", "--help", NULL };
    vp_config_load (&cfg, "mon", 2, argv, NULL, NULL, NULL);
}

//  --help before the subcommand (or without one)?
static bool
s_wants_help (int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp (argv[i], "tail") == 0 || strcmp (argv[i], "stats") == 0)
            return false;
        if (strcmp (argv[i], "--help") == 0 || strcmp (argv[i], "-h") == 0)
            return true;
    }
    return false;
}

//  Exit status for an error: 2 for what the user gave, 3 when the bus
//  is out of reach, 1 for the rest.
static int
s_exit_code (const vp_err_t *err)
{
    if (err->code == VP_E_INVALID_ARGUMENT)
        return 2;
    if (err->code == VP_E_UNAVAILABLE)
        return 3;
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
        fprintf (stderr, "vp-mon: %s\n", rc < 0 ? err.message : "which one: tail or stats? (see --help)");
        return 2;
    }
    const char *command = argv[at];
    bool tail = strcmp (command, "tail") == 0;
    if (!tail && strcmp (command, "stats") != 0) {
        fprintf (stderr, "vp-mon: unknown subcommand \"%s\": tail or stats (see --help)\n", command);
        return 2;
    }

    //  The subcommand's flags; the common options among them go back to
    //  vp_config_load with those given before the subcommand.
    char **args = (char **) zmalloc (sizeof (char *) * (size_t) (argc + 1));
    args[0] = argv[0];
    for (int i = 1; i < at; i++)
        args[i] = argv[i];
    int nrest = 0;
    mon_tail_opts_t tail_opts;
    mon_stats_opts_t stats_opts;
    rc = tail ? mon_tail_parse (&tail_opts, argc - at - 1, argv + at + 1, args + at, &nrest, &err)
              : mon_stats_parse (&stats_opts, argc - at - 1, argv + at + 1, args + at, &nrest, &err);
    if (rc == 0 && nrest > 0)
        rc = vp_config_load (&cfg, "mon", at + nrest, args, NULL, NULL, &err);
    free (args);
    if (rc > 0) {
        if (tail)
            mon_tail_usage (stdout);
        else
            mon_stats_usage (stdout);
        return 0;
    }
    if (rc < 0) {
        fprintf (stderr, "vp-mon %s: %s\n", command, err.message);
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
    if (tail) {
        mon_tail_t *mon = mon_tail_new (cfg.bus_pub, cfg.bus_replay, keys, &tail_opts, &err);
        rc = mon ? mon_tail_run (mon, &err) : -1;
        mon_tail_destroy (&mon);
    }
    else
        rc = mon_stats_run (cfg.bus_replay, keys, &stats_opts, &err);
    vp_keys_destroy (&keys);
    if (rc) {
        fprintf (stderr, "vp-mon %s: %s\n", command, err.message);
        return s_exit_code (&err);
    }
    return 0;
}
