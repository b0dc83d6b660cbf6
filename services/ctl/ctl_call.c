/*  ctl_call - calling a service's command, health, and batches of them. */
#include "ctl_call.h"
#include "cli_health.h"
#include "cli_table.h"
#include "vp/vp_fields.h"

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

int
ctl_fail (const vp_err_t *err)
{
    fprintf (stderr, "vpctl: %s: %s\n", vp_code_name (err->code), err->message);
    return ctl_exit_code (err->code);
}

static vp_cmdcli_t *
s_client (ctl_t *self, const char *service, vp_err_t *err)
{
    for (int i = 0; i < self->nclients; i++)
        if (strcmp (self->services[i], service) == 0)
            return self->clients[i];
    const char *endpoint = cli_endpoint (self->cfg, service);
    if (!endpoint) {
        vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_CMD,
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

//  A failed line of a batch names its command.
static int
s_fail (const char *cmd, const vp_err_t *err)
{
    fprintf (stderr, "vpctl: %s: %s: %s\n", cmd, vp_code_name (err->code), err->message);
    return ctl_exit_code (err->code);
}

//  A result with `columns` and `rows` (a register, an output of Decree
//  30): its title, the table, and where its file was written, if any.
static bool
s_print_rows (ctl_t *self, const vp_val_t *result)
{
    vp_val_t *columns = vp_map_get (result, "columns");
    vp_val_t *rows = vp_map_get (result, "rows");
    if (!columns || !rows || vp_val_type (columns) != VP_ARRAY || vp_val_type (rows) != VP_ARRAY)
        return false;
    if (vp_map_str (result, VP_K_TITLE))
        printf ("%s\n", vp_map_str (result, VP_K_TITLE));
    cli_table_t *table = cli_table_new ();
    for (size_t c = 0; c < vp_val_len (columns); c++)
        cli_table_column (table, vp_val_get_str (vp_array_at (columns, c)) ? vp_val_get_str (vp_array_at (columns, c)) : "",
                          false, 0, c < 2 ? 0 : 1);
    for (size_t r = 0; r < vp_val_len (rows); r++)
        for (size_t c = 0; c < vp_val_len (columns); c++) {
            vp_val_t *cell = vp_array_at (vp_array_at (rows, r), c);
            cli_table_cell (table, cell && vp_val_get_str (cell) ? vp_val_get_str (cell) : "");
        }
    cli_table_print (table, stdout, self->width);
    cli_table_destroy (&table);
    if (vp_map_str (result, "path"))
        printf ("%s: %s (%lld bytes, %lld pages)\n", vp_map_str (result, VP_K_FORMAT) ? vp_map_str (result, VP_K_FORMAT) : "file",
                vp_map_str (result, "path"), (long long) vp_map_int (result, VP_K_SIZE, 0),
                (long long) vp_map_int (result, VP_K_PAGES, 0));
    return true;
}

static void
s_print (ctl_t *self, const vp_val_t *result, const vp_msgdef_t *reply)
{
    if (!self->json && s_print_rows (self, result))
        return;
    if (self->json) {
        char *json = vp_val_to_json (result);
        printf ("%s\n", json);
        free (json);
    }
    else
        cli_result_print (stdout, result, reply, self->cfg->tz, self->width);
}

//  bus.replay is not in a command frame: the args are the request.
static int
s_replay (vp_cmdcli_t *cli, vp_val_t *args, int timeout_ms, vp_val_t **result, vp_err_t *err)
{
    if (vp_cmdcli_request (cli, args, timeout_ms, result, err))
        return -1;
    if (vp_map_bool (*result, VP_K_OK, false)) {
        vp_val_t *ok = vp_map_take (*result, VP_K_OK);
        vp_val_destroy (&ok);
        return 0;
    }
    vp_val_t *error = vp_map_get (*result, VP_K_ERROR);
    vp_err_set (err, vp_code_parse (vp_map_str (error, VP_K_CODE)), "", "%s",
                vp_map_str (error, VP_K_MESSAGE) ? vp_map_str (error, VP_K_MESSAGE) : "refused");
    vp_val_destroy (result);
    return -1;
}

//  Commands that only read (no event, so no flow to trace).
static bool
s_reads_only (const char *cmd)
{
    static const char *const verbs[] = {
        "get", "list", "search", "week", "ical", "inbox", "whois", "history", "posts_of", "headcount",
        "rooms", "due", "stats", "health", "url", "replay", "backup", "edition", NULL
    };
    const char *verb = strrchr (cmd, '.');
    verb = verb ? verb + 1 : cmd;
    for (int i = 0; verbs[i]; i++)
        if (strcmp (verb, verbs[i]) == 0)
            return true;
    return false;
}

//  Call cmd as actor in tenant (NULL or "": none) with args (taken);
//  print the result unless quiet. 0, or -1 with err.
static int
s_call_print (ctl_t *self, const char *cmd, const char *tenant, const char *actor,
              vp_val_t *args, bool quiet, vp_err_t *err)
{
    char service[16] = "";
    size_t len = strcspn (cmd, ".");
    memcpy (service, cmd, len < sizeof service ? len : sizeof service - 1);
    vp_cmdcli_t *cli = s_client (self, service, err);
    if (!cli) {
        vp_val_destroy (&args);
        return -1;
    }
    vp_val_t *result = NULL;
    int rc = strcmp (cmd, "bus.replay") == 0
           ? s_replay (cli, args, self->timeout_ms, &result, err)
           : vp_cmdcli_call (cli, cmd, tenant && *tenant ? tenant : NULL, actor && *actor ? actor : NULL,
                             args, self->timeout_ms, &result, err);
    if (rc == 0 && !quiet) {
        const vp_msgdef_t *def = vp_proto_find (cmd, VP_KIND_COMMAND);
        const vp_msgdef_t *reply = def ? def->reply : NULL;
        if (!reply)
            reply = vp_proto_find (cmd, VP_KIND_REPLY);
        if (!reply) {
            char name[128];
            snprintf (name, sizeof name, "%s.reply", cmd);
            reply = vp_proto_find (name, VP_KIND_REPLY);
        }
        s_print (self, result, reply);
        //  What a change caused is one flow with the request id as corr.
        if (!self->json && !s_reads_only (cmd) && *vp_cmdcli_last_id (cli))
            fprintf (stderr, "corr %s   (vp-mon trace %s)\n", vp_cmdcli_last_id (cli), vp_cmdcli_last_id (cli));
    }
    vp_val_destroy (&result);
    return rc;
}

int
ctl_call (ctl_t *self, const vp_msgdef_t *def, vp_val_t *args)
{
    vp_err_t err = { 0 };
    if (s_call_print (self, def->name, self->tenant, self->actor, args, false, &err))
        return ctl_fail (&err);
    return 0;
}

//  A line of a batch: a command by its full name and key=value words.
static int
s_batch_call (ctl_t *self, const char *cmd, const char *tenant, const char *actor,
              int argc, const char *const argv[])
{
    vp_err_t err = { 0 };
    const vp_msgdef_t *def = vp_proto_find (cmd, VP_KIND_COMMAND);
    if (!def && strcmp (cmd, "health") != 0) {
        vp_err_set (&err, VP_E_INVALID_ARGUMENT, VP_K_CMD, "\"%s\" is not a command (see docs/protocol.md)", cmd);
        return s_fail (cmd, &err);
    }
    vp_val_t *args = NULL;
    if (vp_args_from_words (def, argc, argv, self->cfg->tz, &args, &err)
    ||  s_call_print (self, cmd, tenant, actor, args, true, &err))
        return s_fail (cmd, &err);
    return 0;
}

static void
s_health_row (cli_table_t *table, const cli_health_t *one, const vp_val_t *heads, bool why)
{
    cli_table_cell (table, one->name);
    if (!one->health) {
        cli_table_cell (table, "unreachable");
        for (int i = 0; i < 4; i++)
            cli_table_cell (table, "-");
        if (why)
            cli_table_cell (table, one->err.message);
        return;
    }
    const vp_val_t *h = one->health;
    cli_table_cell (table, vp_map_str (h, VP_K_STATUS));
    cli_table_cell (table, vp_map_get (h, VP_K_DB) ? (vp_map_bool (h, VP_K_DB, false) ? "ok" : "failing") : "-");
    cli_table_cell (table, vp_map_get (h, VP_K_BUS) ? (vp_map_bool (h, VP_K_BUS, false) ? "ok" : "cut off") : "-");
    if (vp_map_get (h, VP_K_OUTBOX))
        cli_table_cellf (table, "%lld", (long long) vp_map_int (h, VP_K_OUTBOX, 0));
    else
        cli_table_cell (table, "-");
    //  Lag: per stream followed, events the bus has that it has not
    //  applied yet.
    char *lag = NULL;
    size_t size = 0;
    FILE *out = open_memstream (&lag, &size);
    const vp_val_t *cursors = vp_map_get (h, VP_K_CURSORS);
    for (size_t i = 0; i < vp_val_len (cursors); i++) {
        const char *stream = vp_map_key_at (cursors, i);
        int64_t behind = cli_health_lag (vp_map_value_at (cursors, i), heads, stream);
        if (behind < 0)
            fprintf (out, "%s%s ?", i ? ", " : "", stream);
        else
            fprintf (out, "%s%s %lld", i ? ", " : "", stream, (long long) behind);
    }
    fclose (out);
    cli_table_cell (table, *lag ? lag : "-");
    free (lag);
    if (why)
        cli_table_cell (table, "");
}

static int
s_health_all (ctl_t *self)
{
    size_t n = 0;
    while (cli_services[n])
        n++;
    cli_health_t list[8];
    vp_err_t err = { 0 };
    cli_health_init (list, cli_services, n, self->cfg, &err);
    cli_health_ask (list, n, self->keys, self->timeout_ms);
    int rc = 0;
    for (size_t i = 0; i < n; i++)
        if (!list[i].health)
            rc = ctl_exit_code (VP_E_UNAVAILABLE);
    if (self->json) {
        vp_val_t *all = vp_val_map ();
        for (size_t i = 0; i < n; i++) {
            vp_val_t *one = list[i].health ? vp_val_dup (list[i].health) : vp_val_map ();
            if (!list[i].health) {
                vp_map_put_str (one, VP_K_STATUS, "unreachable");
                vp_map_put_str (one, VP_K_ERROR, list[i].err.message);
            }
            vp_map_put (all, list[i].name, one);
        }
        s_print (self, all, NULL);
        vp_val_destroy (&all);
    }
    else {
        cli_table_t *table = cli_table_new ();
        //  Why a service is unreachable, when one is.
        const char *headings[] = { "SERVICE", "STATUS", "DB", "BUS", "OUTBOX", "LAG", rc ? "WHY" : NULL, NULL };
        for (int i = 0; headings[i]; i++)
            cli_table_column (table, headings[i], i == 4, i == 6 ? CTL_NO_CAP : 0, 0);
        for (size_t i = 0; i < n; i++)
            s_health_row (table, &list[i], cli_health_heads (list, n), rc != 0);
        cli_table_print (table, stdout, self->width);
        cli_table_destroy (&table);
    }
    cli_health_clear (list, n);
    return rc;
}

int
ctl_health (ctl_t *self, const char *service)
{
    if (!service)
        return s_health_all (self);
    vp_err_t err = { 0 };
    if (!cli_endpoint (self->cfg, service)) {
        vp_err_set (&err, VP_E_INVALID_ARGUMENT, VP_K_SERVICE,
                    "no service \"%s\" (staffing, documents, calendar, notify or bus)", service);
        return ctl_fail (&err);
    }
    //  health goes to the service named, whatever its name says.
    vp_cmdcli_t *cli = s_client (self, service, &err);
    vp_val_t *result = NULL;
    if (!cli || vp_cmdcli_call (cli, "health", NULL, NULL, NULL, self->timeout_ms, &result, &err))
        return ctl_fail (&err);
    s_print (self, result, vp_proto_find ("health", VP_KIND_REPLY));
    vp_val_destroy (&result);
    return 0;
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
        int one = s_batch_call (self, words[0], tenant, actor, nrest, rest);
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
