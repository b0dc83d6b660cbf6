/*  vp-keygen - make one CURVE key pair of a deployment.

    vp-keygen --dir DIR NAME [--role service|operator] [--force]

    Writes DIR/NAME.secret (mode 0600) and DIR/public/NAME.pub, the layout
    vp_keys_load reads (see include/vp/vp_keys.h). Exit 0 when written,
    1 when it could not (or would overwrite without --force), 2 on bad
    arguments.
*/
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <czmq.h>

#define S_NAME_MAX 32

static void
s_usage (FILE *out)
{
    fprintf (out, "usage: vp-keygen --dir DIR NAME [--role service|operator] [--force]\n"
                  "  writes DIR/NAME.secret and DIR/public/NAME.pub; NAME is [a-z0-9_-]{1,32}\n");
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
s_name_valid (const char *name)
{
    size_t len = strlen (name);
    if (len < 1 || len > S_NAME_MAX)
        return false;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
            return false;
    return true;
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
    const char *dir = NULL;
    const char *name = NULL;
    const char *role = "service";
    bool force = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp (arg, "--help") == 0 || strcmp (arg, "-h") == 0) {
            s_usage (stdout);
            return 0;
        }
        else
        if (strcmp (arg, "--force") == 0)
            force = true;
        else
        if (strcmp (arg, "--dir") == 0 || strcmp (arg, "--role") == 0) {
            if (i + 1 >= argc)
                return s_bad ("%s needs a value", arg);
            if (strcmp (arg, "--dir") == 0)
                dir = argv[++i];
            else
                role = argv[++i];
        }
        else
        if (strncmp (arg, "--dir=", 6) == 0)
            dir = arg + 6;
        else
        if (strncmp (arg, "--role=", 7) == 0)
            role = arg + 7;
        else
        if (arg[0] == '-')
            return s_bad ("unknown option '%s'", arg);
        else
        if (name)
            return s_bad ("one NAME only; '%s' is extra", arg);
        else
            name = arg;
    }
    if (!dir || !*dir)
        return s_bad ("%s is required", "--dir");
    if (!name)
        return s_bad ("%s is required", "NAME");
    if (!s_name_valid (name))
        return s_bad ("NAME '%s' is not [a-z0-9_-]{1,32}", name);
    if (strcmp (role, "service") != 0 && strcmp (role, "operator") != 0)
        return s_bad ("--role '%s' is not service or operator", role);
    if (!zsys_has_curve ()) {
        fprintf (stderr, "vp-keygen: libzmq was built without CURVE\n");
        return 1;
    }

    char *public_dir = zsys_sprintf ("%s/public", dir);
    char *secret_file = zsys_sprintf ("%s.secret", name);
    char *public_file = zsys_sprintf ("%s.pub", name);
    char *secret_path = zsys_sprintf ("%s/%s", dir, secret_file);
    char *public_path = zsys_sprintf ("%s/%s", public_dir, public_file);
    int rc = 1;
    zcert_t *cert = NULL;
    if (s_mkdir (dir) || s_mkdir (public_dir))
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
    //  Secret first: a public key without its secret would let nobody in,
    //  a secret without its public key lets the process start but be refused.
    if (s_save (cert, true, dir, secret_file) || s_save (cert, false, public_dir, public_file))
        goto done;
    printf ("vp-keygen: wrote %s and %s (role %s, public key %s)\n",
            secret_path, public_path, role, zcert_public_txt (cert));
    rc = 0;
done:
    zcert_destroy (&cert);
    zstr_free (&public_dir);
    zstr_free (&secret_file);
    zstr_free (&public_file);
    zstr_free (&secret_path);
    zstr_free (&public_path);
    return rc;
}
