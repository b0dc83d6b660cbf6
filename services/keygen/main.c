/*  vp-keygen - make one CURVE key pair of a deployment.

    vp-keygen [--dir DIR] [--role ROLE] [--tenant T] NAME [--force]
    vp-keygen [--dir DIR] officer --tenant T --officer O [--force]
    vp-keygen [--dir DIR] admin [--tenant T] NAME [--force]

    ROLE is service (default), operator, officer, gateway or admin (see
    include/vp/vp_keys.h and SECURITY.md). An officer's key is named by
    the officer id and bound to the officer's tenant; an admin key with a
    tenant sets up that commune only. DIR defaults to $VP_KEYS_DIR.
    Writes DIR/NAME.secret (mode 0600) and DIR/public/NAME.pub, the layout
    vp_keys_load reads. Exit 0 when written, 1 when it could not (or would
    overwrite without --force), 2 on bad arguments.
*/
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <czmq.h>
#include "vp/vp_keys.h"

static const char *const s_roles[] = { "service", "operator", "officer", "gateway", "admin", NULL };

static void
s_usage (FILE *out)
{
    fprintf (out, "usage: vp-keygen [--dir DIR] [--role ROLE] [--tenant T] NAME [--force]\n"
                  "       vp-keygen [--dir DIR] officer --tenant T --officer O [--force]\n"
                  "  ROLE: service (default), operator, officer, gateway, admin\n"
                  "  writes DIR/NAME.secret and DIR/public/NAME.pub; NAME is [a-z0-9_.-]{1,64};\n"
                  "  DIR defaults to $VP_KEYS_DIR\n");
}

static int __attribute__ ((format (printf, 1, 2)))
s_bad (const char *fmt, ...)
{
    va_list ap;
    va_start (ap, fmt);
    fprintf (stderr, "vp-keygen: ");
    vfprintf (stderr, fmt, ap);
    fprintf (stderr, "\n");
    va_end (ap);
    s_usage (stderr);
    return 2;
}

static bool
s_is_role (const char *word)
{
    for (int i = 0; s_roles[i]; i++)
        if (strcmp (word, s_roles[i]) == 0)
            return true;
    return false;
}

static int
s_mkdir (const char *path)
{
    if (zsys_dir_create ("%s", path) == 0)
        return 0;
    fprintf (stderr, "vp-keygen: cannot make folder %s: %s\n", path, strerror (errno));
    return -1;
}

//  Written beside the target and renamed into place, so a running ZAP
//  handler rescanning public/ never reads half a file.
static int
s_save (zcert_t *cert, bool secret, const char *dir, const char *file)
{
    char *path = zsys_sprintf ("%s/%s", dir, file);
    char *tmp = zsys_sprintf ("%s/.%s.tmp", dir, file);
    int rc = secret ? zcert_save_secret (cert, tmp) : zcert_save_public (cert, tmp);
    if (rc == 0)
        rc = chmod (tmp, secret ? 0600 : 0644);
    if (rc == 0)
        rc = rename (tmp, path);
    if (rc != 0) {
        fprintf (stderr, "vp-keygen: cannot write %s: %s\n", path, strerror (errno));
        unlink (tmp);
    }
    zstr_free (&tmp);
    zstr_free (&path);
    return rc;
}

int
main (int argc, char **argv)
{
    const char *dir = getenv ("VP_KEYS_DIR");
    const char *name = NULL, *tenant = NULL, *role = NULL;
    bool force = false;
    //  --opt VALUE or --opt=VALUE
    static const char *const valued[] = { "--dir", "--role", "--tenant", "--officer", NULL };
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp (arg, "--help") == 0 || strcmp (arg, "-h") == 0) {
            s_usage (stdout);
            return 0;
        }
        if (strcmp (arg, "--force") == 0) {
            force = true;
            continue;
        }
        const char *opt = NULL, *value = NULL;
        for (int k = 0; valued[k] && !opt; k++) {
            size_t n = strlen (valued[k]);
            if (strcmp (arg, valued[k]) == 0) {
                if (i + 1 >= argc)
                    return s_bad ("%s needs a value", arg);
                opt = valued[k];
                value = argv[++i];
            }
            else
            if (strncmp (arg, valued[k], n) == 0 && arg[n] == '=') {
                opt = valued[k];
                value = arg + n + 1;
            }
        }
        if (opt && strcmp (opt, "--dir") == 0)
            dir = value;
        else
        if (opt && strcmp (opt, "--role") == 0)
            role = value;
        else
        if (opt && strcmp (opt, "--tenant") == 0)
            tenant = value;
        else
        if (opt && strcmp (opt, "--officer") == 0) {
            if (role && strcmp (role, "officer") != 0)
                return s_bad ("--officer makes an officer's key, not a %s key", role);
            role = "officer";
            name = value;
        }
        else
        if (arg[0] == '-')
            return s_bad ("unknown option '%s'", arg);
        else
        if (!role && !name && s_is_role (arg))
            role = arg;
        else
        if (name)
            return s_bad ("one NAME only; '%s' is extra", arg);
        else
            name = arg;
    }
    if (!role)
        role = "service";
    if (!dir || !*dir)
        return s_bad ("%s is required (or VP_KEYS_DIR)", "--dir");
    if (!name)
        return s_bad ("%s is required", strcmp (role, "officer") == 0 ? "--officer" : "NAME");
    if (!vp_key_name_valid (name))
        return s_bad ("NAME '%s' is not [a-z0-9_.-]{1,64}", name);
    if (!s_is_role (role))
        return s_bad ("--role '%s' is not service, operator, officer, gateway or admin", role);
    if (strcmp (role, "officer") == 0 && !tenant)
        return s_bad ("an officer's key needs --tenant (the officer's commune)");
    if (tenant && (strcmp (role, "officer") != 0 && strcmp (role, "admin") != 0))
        return s_bad ("--tenant binds an officer's or an admin's key, not a %s key", role);
    if (tenant && !vp_key_name_valid (tenant))
        return s_bad ("--tenant '%s' is not a tenant id", tenant);
    if (!zsys_has_curve ()) {
        fprintf (stderr, "vp-keygen: libzmq was built without CURVE\n");
        return 1;
    }

    char *public_dir = zsys_sprintf ("%s/public", dir);
    //  An officer's secret goes to <dir>/officers/ (vp_keys_load finds it
    //  there): the folder handed to that officer's machine, or to nobody.
    char *secret_dir = strcmp (role, "officer") == 0 ? zsys_sprintf ("%s/officers", dir) : zsys_sprintf ("%s", dir);
    char *secret_file = zsys_sprintf ("%s.secret", name);
    char *public_file = zsys_sprintf ("%s.pub", name);
    char *secret_path = zsys_sprintf ("%s/%s", secret_dir, secret_file);
    char *public_path = zsys_sprintf ("%s/%s", public_dir, public_file);
    int rc = 1;
    zcert_t *cert = NULL;
    if (s_mkdir (dir) || s_mkdir (public_dir) || s_mkdir (secret_dir))
        goto done;
    const char *existing = access (secret_path, F_OK) == 0 ? secret_path
                         : access (public_path, F_OK) == 0 ? public_path
                         : NULL;
    if (existing && !force) {
        fprintf (stderr, "vp-keygen: %s exists; not overwriting it (use --force to replace the key)\n",
                 existing);
        goto done;
    }
    cert = zcert_new ();
    if (!cert) {
        fprintf (stderr, "vp-keygen: cannot make a key pair\n");
        goto done;
    }
    zcert_set_meta (cert, "name", "%s", name);
    zcert_set_meta (cert, "role", "%s", role);
    if (tenant)
        zcert_set_meta (cert, "tenant", "%s", tenant);
    //  Secret first: a public key without its secret would let nobody in,
    //  a secret without its public key lets the process start but be refused.
    if (s_save (cert, true, secret_dir, secret_file) || s_save (cert, false, public_dir, public_file))
        goto done;
    printf ("vp-keygen: wrote %s and %s (role %s%s%s, public key %s)\n",
            secret_path, public_path, role, tenant ? ", tenant " : "", tenant ? tenant : "", zcert_public_txt (cert));
    rc = 0;
done:
    zcert_destroy (&cert);
    zstr_free (&public_dir);
    zstr_free (&secret_dir);
    zstr_free (&secret_file);
    zstr_free (&public_file);
    zstr_free (&secret_path);
    zstr_free (&public_path);
    return rc;
}
