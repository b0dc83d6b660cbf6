/*  ctl_call - calling commands from words. */
#include "ctl_call.h"
#include "vp/vp_args.h"

int
ctl_exit_code (vp_code_t code)
{
    switch (code) {
        case VP_OK: return 0;
        case VP_E_INVALID_ARGUMENT: return 2;
        case VP_E_NOT_FOUND: return 3;
        case VP_E_ALREADY_EXISTS: case VP_E_FAILED_PRECONDITION: return 4;
        case VP_E_UNAVAILABLE: return 5;
        case VP_E_PERMISSION_DENIED: case VP_E_UNAUTHENTICATED: return 6;
        default: return 1;
    }
}

//  The command endpoint of a service, by the prefix of a command name.
static const char *
s_endpoint (ctl_t *self, const char *service)
{
    if (strcmp (service, "documents") == 0) return self->cfg->documents_cmd;
    if (strcmp (service, "calendar") == 0) return self->cfg->calendar_cmd;
    if (strcmp (service, "staffing") == 0) return self->cfg->staffing_cmd;
    if (strcmp (service, "notify") == 0) return self->cfg->notify_cmd;
    if (strcmp (service, "bus") == 0) return self->cfg->bus_replay;
    return NULL;
}

static vp_cmdcli_t *
s_client (ctl_t *self, const char *service, vp_err_t *err)
{
    for (int i = 0; i < self->nclients; i++)
        if (strcmp (self->services[i], service) == 0)
            return self->clients[i];
    const char *endpoint = s_endpoint (self, service);
    if (!endpoint) {
        vp_err_set (err, VP_E_INVALID_ARGUMENT, "cmd",
                    "no service \"%s\" (documents, calendar, staffing, notify or bus)", service);
        return NULL;
    }
    if (self->nclients == 8)
        return NULL;
    vp_cmdcli_t *cli = vp_cmdcli_new (endpoint, self->keys, service, err);
    if (cli) {
        snprintf (self->services[self->nclients], sizeof self->services[0], "%s", service);
        self->clients[self->nclients++] = cli;
    }
    return cli;
}

void
ctl_close (ctl_t *self)
{
    for (int i = 0; i < self->nclients; i++)
        vp_cmdcli_destroy (&self->clients[i]);
    self->nclients = 0;
}

static int
s_fail (const char *cmd, const vp_err_t *err)
{
    fprintf (stderr, "vpctl: %s: %s: %s\n", cmd, vp_code_name (err->code), err->message);
    return ctl_exit_code (err->code);
}

//  Call cmd with args (taken) through cli and print the result as JSON
//  unless quiet.
static int
s_call_print (ctl_t *self, vp_cmdcli_t *cli, const char *cmd, const char *tenant, const char *actor,
              vp_val_t *args, bool quiet, vp_err_t *err)
{
    vp_val_t *result = NULL;
    if (vp_cmdcli_call (cli, cmd, tenant, actor, args, self->timeout_ms, &result, err))
        return s_fail (cmd, err);
    if (!quiet) {
        char *json = vp_val_to_json (result);
        printf ("%s\n", json);
        free (json);
    }
    vp_val_destroy (&result);
    return 0;
}

//  Call and print; tenant and actor as given (NULL: the defaults).
static int
s_call (ctl_t *self, const char *cmd, const char *tenant, const char *actor,
        int argc, const char *const argv[], bool quiet)
{
    vp_err_t err = { 0 };
    char service[16];
    snprintf (service, sizeof service, "%.*s", (int) strcspn (cmd, "."), cmd);
    const vp_msgdef_t *def = vp_proto_find (cmd, VP_KIND_COMMAND);
    if (!def && strcmp (cmd, "health") != 0) {
        vp_err_set (&err, VP_E_INVALID_ARGUMENT, "cmd", "\"%s\" is not a command (see docs/protocol.md)", cmd);
        return s_fail (cmd, &err);
    }
    vp_val_t *args = NULL;
    if (vp_args_from_words (def, argc, argv, self->cfg->tz, &args, &err))
        return s_fail (cmd, &err);
    vp_cmdcli_t *cli = s_client (self, service, &err);
    if (!cli) {
        vp_val_destroy (&args);
        return s_fail (cmd, &err);
    }
    return s_call_print (self, cli, cmd, tenant && *tenant ? tenant : NULL, actor && *actor ? actor : NULL,
                         args, quiet, &err);
}

int
ctl_call (ctl_t *self, const char *cmd, int argc, const char *const argv[])
{
    return s_call (self, cmd, self->tenant, self->actor, argc, argv, false);
}

int
ctl_health (ctl_t *self, const char *service)
{
    vp_err_t err = { 0 };
    vp_cmdcli_t *cli = s_client (self, service, &err);
    if (!cli)
        return s_fail ("health", &err);
    return s_call_print (self, cli, "health", NULL, NULL, NULL, false, &err);
}

int
ctl_batch (ctl_t *self, const char *path)
{
    FILE *file = strcmp (path, "-") == 0 ? stdin : fopen (path, "r");
    if (!file) {
        fprintf (stderr, "vpctl: batch: cannot read \"%s\"\n", path);
        return 2;
    }
    char line[8192];
    int lineno = 0, done = 0, failed = 0, rc = 0;
    while (fgets (line, sizeof line, file)) {
        lineno++;
        char *words[128];
        int n = vp_args_split (line, words, 128);
        if (n == 0)
            continue;
        if (n < 0) {
            fprintf (stderr, "vpctl: %s:%d: a quote is not closed\n", path, lineno);
            rc = 2;
            failed++;
            if (!self->keep_going)
                break;
            continue;
        }
        const char *tenant = self->tenant, *actor = self->actor;
        const char *rest[128];
        int nrest = 0;
        for (int i = 1; i < n; i++)
            if (strncmp (words[i], "@tenant=", 8) == 0)
                tenant = words[i] + 8;
            else
            if (strncmp (words[i], "@actor=", 7) == 0)
                actor = words[i] + 7;
            else
                rest[nrest++] = words[i];
        int one = s_call (self, words[0], tenant, actor, nrest, rest, true);
        if (one) {
            fprintf (stderr, "vpctl: %s:%d: the line above failed\n", path, lineno);
            rc = one;
            failed++;
            if (!self->keep_going)
                break;
        }
        else
            done++;
    }
    if (file != stdin)
        fclose (file);
    printf ("batch %s: %d done, %d failed\n", path, done, failed);
    return rc;
}
