/*  vpctl - the command line of every service command.

    vpctl [options] CMD [key=value...]     call one command, print its result
    vpctl [options] health SERVICE         is a service well
    vpctl [options] batch FILE             run a file of commands, one a line:
                                           CMD [@tenant=T] [@actor=A] key=value...

    Values are typed by the command's definition in proto/ (times as people
    type them: 27/11/2026 14:00 or 2026-11-27). Exit codes: 0 done, 2 bad
    input, 3 not found, 4 conflict (exists or a rule refused it),
    5 unavailable, 6 not allowed, 1 anything else.
*/
#include "ctl_call.h"

static vp_option_t s_options[] = {
    { "tenant", "", "the commune acted in (VP_TENANT)" },
    { "actor", "", "the acting officer (VP_ACTOR)" },
    { "timeout-ms", "5000", "how long to wait for an answer" },
    { "keep-going", "no", "batch: go on after a failed line (yes/no)" },
    { NULL }
};

static void
s_usage (void)
{
    printf ("usage: vpctl [options] CMD [key=value...]\n"
            "       vpctl [options] health SERVICE\n"
            "       vpctl [options] batch FILE\n"
            "       vpctl --help   (options)\n\n"
            "CMD is a command of proto/ (see docs/protocol.md), e.g.\n"
            "  vpctl --tenant lam-son staffing.whois post=chu-tich-ubnd\n"
            "  vpctl --tenant lam-son staffing.whois field=dat-dai at=\"27/11/2026 14:00\"\n");
}

int
main (int argc, char **argv)
{
    if (argc < 2) {
        s_usage ();
        return 2;
    }
    //  Our own key is "vpctl" unless told otherwise.
    if (!getenv ("VP_KEY_NAME") || !*getenv ("VP_KEY_NAME"))
        setenv ("VP_KEY_NAME", "vpctl", 1);
    vp_config_t cfg;
    vp_err_t err = { 0 };
    int first = argc;
    int rc = vp_config_load (&cfg, "ctl", argc, argv, s_options, &first, &err);
    if (rc > 0) {
        s_usage ();
        return 0;
    }
    if (rc < 0) {
        fprintf (stderr, "vpctl: %s\n", err.message);
        return 2;
    }
    if (first >= argc) {
        s_usage ();
        return 2;
    }
    vp_log_init ("vpctl", "warn", cfg.log_format);
    vp_keys_t *keys = vp_keys_load (cfg.keys_dir, cfg.key_name, &err);
    if (!keys && err.code) {
        fprintf (stderr, "vpctl: %s\n", err.message);
        return 1;
    }
    ctl_t ctl = {
        .cfg = &cfg, .keys = keys,
        .tenant = vp_option (s_options, "tenant"),
        .actor = vp_option (s_options, "actor"),
        .timeout_ms = atoi (vp_option (s_options, "timeout-ms")),
        .keep_going = strcmp (vp_option (s_options, "keep-going"), "yes") == 0
    };
    const char *verb = argv[first];
    if (strcmp (verb, "batch") == 0 && first + 1 < argc)
        rc = ctl_batch (&ctl, argv[first + 1]);
    else
    if (strcmp (verb, "health") == 0 && first + 1 < argc)
        rc = ctl_health (&ctl, argv[first + 1]);
    else
        rc = ctl_call (&ctl, verb, argc - first - 1, (const char *const *) argv + first + 1);
    ctl_close (&ctl);
    vp_keys_destroy (&keys);
    return rc;
}
