/*  test_ctl_run - running vpctl and vp-mon as a user does. */
#include <unistd.h>
#include "test_ctl_run.h"

char *
tc_read (const char *path)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream (&text, &size);
    FILE *file = fopen (path, "r");
    int c;
    while (file && (c = fgetc (file)) != EOF)
        fputc (c, out);
    if (file)
        fclose (file);
    fclose (out);
    return text;
}

int
tc_run (const char *dir, const char *bin, const char *const words[], const char *const env[], char **out)
{
    static int runs;
    char *path = zsys_sprintf ("%s/run-%d.out", dir, ++runs);
    const char *argv[64] = { bin[0] == '/' ? bin : tu_bin (bin) };
    int n = 1;
    for (int i = 0; words[i] && n < 63; i++)
        argv[n++] = words[i];
    argv[n] = NULL;
    pid_t pid = tu_spawn (argv, env, path);
    int rc = tu_wait (pid, 60000);
    if (rc < 0)
        tu_stop (pid, SIGKILL, 1000);
    *out = tc_read (path);
    unlink (path);
    zstr_free (&path);
    return rc;
}

zlist_t *
tc_lines (const char *text, const char *prefix)
{
    zlist_t *lines = zlist_new ();
    zlist_autofree (lines);
    char *copy = strdup (text);
    char *save = NULL;
    for (char *line = strtok_r (copy, "\n", &save); line; line = strtok_r (NULL, "\n", &save))
        if (!prefix || strncmp (line, prefix, strlen (prefix)) == 0)
            zlist_append (lines, line);
    free (copy);
    return lines;
}

const char *const *
tc_env (const char *const base[], const char *const more[])
{
    static const char *env[64];
    int n = 0;
    for (int i = 0; base && base[i] && n < 63; i++)
        env[n++] = base[i];
    for (int i = 0; more && more[i] && n < 63; i++)
        env[n++] = more[i];
    env[n] = NULL;
    return env;
}
