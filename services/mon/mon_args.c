/*  mon_args - the flags of a vp-mon subcommand. */
#include <ctype.h>
#include <errno.h>
#include "mon_args.h"

static mon_flag_t *
s_flag (mon_flag_t *flags, const char *name, size_t len)
{
    for (mon_flag_t *f = flags; f->name; f++)
        if (strlen (f->name) == len && strncmp (f->name, name, len) == 0)
            return f;
    return NULL;
}

int
mon_args_parse (mon_flag_t *flags, int argc, char **argv,
                char **rest, int *nrest, const char **words, int *nwords, vp_err_t *err)
{
    *nrest = 0;
    if (nwords)
        *nwords = 0;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp (arg, "--help") == 0 || strcmp (arg, "-h") == 0)
            return 1;
        if ((strncmp (arg, "--", 2) != 0 || !arg[2]) && words) {
            words[(*nwords)++] = arg;
            continue;
        }
        if (strncmp (arg, "--", 2) != 0 || !arg[2])
            return vp_err_set (err, VP_E_INVALID_ARGUMENT, arg,
                               "unexpected argument \"%s\" (see --help)", arg);
        const char *name = arg + 2;
        const char *eq = strchr (name, '=');
        size_t len = eq ? (size_t) (eq - name) : strlen (name);
        mon_flag_t *flag = s_flag (flags, name, len);
        if (!flag) {
            //  A common option: it and its value go to vp_config_load,
            //  which knows it or says it is unknown.
            rest[(*nrest)++] = argv[i];
            if (!eq && i + 1 < argc)
                rest[(*nrest)++] = argv[++i];
            continue;
        }
        if (flag->is_switch) {
            if (eq)
                return vp_err_set (err, VP_E_INVALID_ARGUMENT, flag->name,
                                   "--%s takes no value, not \"%s\"", flag->name, eq + 1);
            flag->value = "";
        }
        else
        if (eq)
            flag->value = eq + 1;
        else
        if (i + 1 < argc)
            flag->value = argv[++i];
        else
            return vp_err_set (err, VP_E_INVALID_ARGUMENT, flag->name,
                               "--%s needs a value", flag->name);
    }
    return 0;
}

const char *
mon_args_get (const mon_flag_t *flags, const char *name)
{
    for (const mon_flag_t *f = flags; f->name; f++)
        if (strcmp (f->name, name) == 0)
            return f->value;
    return NULL;
}

int
mon_args_int (const mon_flag_t *flags, const char *name, int64_t min, int64_t max,
              int64_t *out, vp_err_t *err)
{
    const char *value = mon_args_get (flags, name);
    if (!value)
        return 0;
    char *end = NULL;
    errno = 0;
    long long n = strtoll (value, &end, 10);
    bool digits = isdigit ((unsigned char) value[0]) || (value[0] == '-' && isdigit ((unsigned char) value[1]));
    if (!digits || *end || errno || n < min || n > max)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, name,
                           "--%s must be a whole number from %lld to %lld, not \"%s\"",
                           name, (long long) min, (long long) max, value);
    *out = n;
    return 0;
}
