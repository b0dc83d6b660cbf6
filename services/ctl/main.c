/*  vpctl - the command line of every service command.

    vpctl [options] GROUP COMMAND [--field value | field=value | VALUE]...
    vpctl [options] CMD key=value...       a command by its full name (JSON)
    vpctl [options] health [SERVICE]       is a service well (all: one table)
    vpctl [options] batch FILE             run a file of commands, one a line:
                                           CMD [@tenant=T] [@actor=A] key=value...

    Groups and commands come from proto/ (ctl_alias), the words of a line
    from ctl_args, results are printed for people by cli_table (or as JSON
    with --json, and always for a full command name, as scripts read it).
    Exit codes: 0 done, 2 bad input, 3 not found, 4 conflict (exists or a
    rule refused it), 5 unavailable, 6 not allowed, 1 anything else.
*/
#include "ctl_args.h"
#include "ctl_call.h"
#include "ctl_help.h"
#include "cli_table.h"

//  --help (or nothing to do): the help of the level reached.
static int
s_help (const ctl_line_t *line)
{
    if (line->def)
        ctl_help_command (stdout, line->def, line->alias, line->dotted);
    else
    if (line->group)
        ctl_help_group (stdout, line->group);
    else
        ctl_help_top (stdout);
    return line->help ? 0 : 2;
}

static bool
s_is_officer (const vp_keys_t *keys)
{
    const char *role = vp_keys_meta (keys, "role");
    return role && strcmp (role, "officer") == 0;
}

int
main (int argc, char **argv)
{
    //  Our own key is "vpctl" unless told otherwise.
    if (!getenv ("VP_KEY_NAME") || !*getenv ("VP_KEY_NAME"))
        setenv ("VP_KEY_NAME", "vpctl", 1);
    ctl_line_t line;
    vp_err_t err = { 0 };
    int rc = ctl_line_parse (&line, argc, argv, &err) ? ctl_fail (&err) : -1;
    if (rc < 0 && (line.help || line.verb == CTL_HELP))
        rc = s_help (&line);
    vp_config_t cfg;
    if (rc < 0 && vp_config_load (&cfg, "ctl", line.noptions, line.options, ctl_options, NULL, &err)) {
        ctl_line_unknown_option (&line, &err);
        rc = ctl_fail (&err);
    }
    vp_keys_t *keys = NULL;
    if (rc < 0) {
        vp_log_init ("vpctl", "warn", cfg.log_format);
        keys = vp_keys_load (cfg.keys_dir, cfg.key_name, &err);
        if (!keys && err.code)
            rc = ctl_fail (&err);
    }
    if (rc < 0) {
        ctl_t ctl = {
            .cfg = &cfg, .keys = keys,
            //  An officer's own key names the officer and the commune:
            //  neither needs saying (and the services believe no other).
            .tenant = *vp_option (ctl_options, "tenant") || !vp_keys_meta (keys, "tenant")
                    ? vp_option (ctl_options, "tenant") : vp_keys_meta (keys, "tenant"),
            .actor = *vp_option (ctl_options, "actor") || !s_is_officer (keys)
                   ? vp_option (ctl_options, "actor") : vp_keys_name (keys),
            .timeout_ms = atoi (vp_option (ctl_options, "timeout-ms")),
            .keep_going = strcmp (vp_option (ctl_options, "keep-going"), "yes") == 0,
            //  A full command name answers in JSON, as it always did.
            .json = line.json || (line.dotted && !line.table),
            .width = cli_term_width (stdout)
        };
        vp_val_t *args = NULL;
        if (line.verb == CTL_BATCH)
            rc = ctl_batch (&ctl, line.operand);
        else
        if (line.verb == CTL_HEALTH)
            rc = ctl_health (&ctl, line.operand);
        else
        if (ctl_line_args (&line, cfg.tz, &args, &err))
            rc = ctl_fail (&err);
        else
            rc = ctl_call (&ctl, line.def, args);
        ctl_close (&ctl);
    }
    vp_keys_destroy (&keys);
    ctl_line_clear (&line);
    return rc;
}
