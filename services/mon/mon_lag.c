/*  mon_lag - `vp-mon lag`: how far behind each consumer is. */
#include "mon_lag.h"
#include "mon_args.h"
#include "cli_health.h"
#include "cli_table.h"
#include "vp/vp_fields.h"

#define S_DEFAULT_TIMEOUT_MS 2000

void
mon_lag_usage (FILE *out)
{
    fprintf (out,
        "usage: vp-mon lag [SERVICE...] [--json] [--timeout-ms MS] [common options]\n"
        "\n"
        "Asks each service (staffing, documents, calendar, notify, or those named; their\n"
        "endpoints are VP_<SERVICE>_CMD) for its health and the bus for its heads, and shows\n"
        "per service and stream it follows: its cursor, the head, the lag (events logged\n"
        "that it has not applied yet), its outbox (events it made that the bus has not\n"
        "acknowledged) and its status. A service that does not answer is unreachable.\n"
        "\n"
        "  --json            {bus: {status, heads}, services: {name: {status, outbox, streams:\n"
        "                    {stream: {cursor, head, lag}}}}} as one line\n"
        "  --timeout-ms MS   how long to wait for each answer (default %d)\n"
        "\n"
        "Exit 0 when every service and the bus answered, 2 on a bad flag or name,\n"
        "5 when one of them did not.\n", S_DEFAULT_TIMEOUT_MS);
}

int
mon_lag_parse (mon_lag_opts_t *opts, int argc, char **argv,
               char **rest, int *nrest, vp_err_t *err)
{
    mon_flag_t flags[] = { { "json", true }, { "timeout-ms" }, { NULL } };
    memset (opts, 0, sizeof *opts);
    opts->timeout_ms = S_DEFAULT_TIMEOUT_MS;
    const char **words = (const char **) zmalloc ((size_t) (argc + 1) * sizeof (char *));
    int nwords = 0;
    int rc = mon_args_parse (flags, argc, argv, rest, nrest, words, &nwords, err);
    for (int i = 0; rc == 0 && i < nwords; i++) {
        bool known = false;
        for (int s = 0; cli_services[s]; s++)
            known = known || (strcmp (words[i], cli_services[s]) == 0 && strcmp (words[i], "bus") != 0);
        if (!known || opts->nservices == 7)
            rc = vp_err_set (err, VP_E_INVALID_ARGUMENT, words[i],
                             "no service \"%s\" (staffing, documents, calendar or notify)", words[i]);
        else
            opts->services[opts->nservices++] = words[i];
    }
    if (rc == 0) {
        opts->json = mon_args_get (flags, "json") != NULL;
        rc = mon_args_int (flags, "timeout-ms", 1, INT32_MAX, &opts->timeout_ms, err);
    }
    free (words);
    return rc;
}

//  One service as {status, outbox, streams: {stream: {cursor, head, lag}}}.
static vp_val_t *
s_service (const cli_health_t *one, const vp_val_t *heads)
{
    vp_val_t *out = vp_val_map ();
    if (!one->health) {
        vp_map_put_str (out, VP_K_STATUS, "unreachable");
        vp_map_put_str (out, VP_K_ERROR, one->err.message);
        return out;
    }
    vp_map_put_str (out, VP_K_STATUS, vp_map_str (one->health, VP_K_STATUS));
    vp_map_put_int (out, VP_K_OUTBOX, vp_map_int (one->health, VP_K_OUTBOX, 0));
    vp_val_t *streams = vp_val_map ();
    const vp_val_t *cursors = vp_map_get (one->health, VP_K_CURSORS);
    for (size_t i = 0; i < vp_val_len (cursors); i++) {
        const char *stream = vp_map_key_at (cursors, i);
        const vp_val_t *cursor = vp_map_value_at (cursors, i);
        vp_val_t *row = vp_val_map ();
        vp_map_put_int (row, "cursor", vp_map_int (cursor, "cursor", 0));
        vp_map_put_int (row, VP_K_HEAD, heads ? vp_map_int (heads, stream, 0) : vp_map_int (cursor, VP_K_HEAD, 0));
        vp_map_put_int (row, "lag", cli_health_lag (cursor, heads, stream));
        vp_map_put (streams, stream, row);
    }
    vp_map_put (out, "streams", streams);
    return out;
}

static void
s_table (const vp_val_t *all, size_t width)
{
    cli_table_t *table = cli_table_new ();
    const char *headings[] = { "SERVICE", "STREAM", "CURSOR", "HEAD", "LAG", "OUTBOX", "STATUS", NULL };
    for (int i = 0; headings[i]; i++)
        cli_table_column (table, headings[i], i >= 2 && i <= 5, 0, 0);
    const vp_val_t *services = vp_map_get (all, "services");
    for (size_t s = 0; s < vp_val_len (services); s++) {
        const char *name = vp_map_key_at (services, s);
        const vp_val_t *one = vp_map_value_at (services, s);
        const vp_val_t *streams = vp_map_get (one, "streams");
        const char *status = vp_map_str (one, VP_K_STATUS);
        //  A service that follows nothing (staffing) still has a row.
        for (size_t i = 0; i < (vp_val_len (streams) ? vp_val_len (streams) : 1); i++) {
            const vp_val_t *row = vp_val_len (streams) ? vp_map_value_at (streams, i) : NULL;
            cli_table_cell (table, name);
            cli_table_cell (table, row ? vp_map_key_at (streams, i) : "-");
            if (row) {
                cli_table_cellf (table, "%lld", (long long) vp_map_int (row, "cursor", 0));
                cli_table_cellf (table, "%lld", (long long) vp_map_int (row, VP_K_HEAD, 0));
                int64_t lag = vp_map_int (row, "lag", -1);
                if (lag < 0)
                    cli_table_cell (table, "?");
                else
                    cli_table_cellf (table, "%lld", (long long) lag);
            }
            else
                for (int k = 0; k < 3; k++)
                    cli_table_cell (table, "-");
            if (vp_map_get (one, VP_K_OUTBOX))
                cli_table_cellf (table, "%lld", (long long) vp_map_int (one, VP_K_OUTBOX, 0));
            else
                cli_table_cell (table, "-");
            cli_table_cell (table, status);
        }
    }
    cli_table_print (table, stdout, width);
    cli_table_destroy (&table);
}

int
mon_lag_run (const vp_config_t *cfg, vp_keys_t *keys, const mon_lag_opts_t *opts, vp_err_t *err)
{
    const char *names[8];
    size_t n = 0;
    for (int i = 0; i < opts->nservices; i++)
        names[n++] = opts->services[i];
    for (int i = 0; !opts->nservices && cli_services[i]; i++)
        if (strcmp (cli_services[i], "bus") != 0)
            names[n++] = cli_services[i];
    names[n++] = "bus";
    cli_health_t list[8];
    if (cli_health_init (list, names, n, cfg, err))
        return -1;
    cli_health_ask (list, n, keys, (int) opts->timeout_ms);
    const vp_val_t *heads = cli_health_heads (list, n);

    vp_val_t *all = vp_val_map ();
    vp_val_t *bus = vp_val_map ();
    vp_map_put_str (bus, VP_K_STATUS, list[n - 1].health ? vp_map_str (list[n - 1].health, VP_K_STATUS) : "unreachable");
    if (heads)
        vp_map_put (bus, VP_K_HEADS, vp_val_dup (heads));
    vp_map_put (all, VP_K_BUS, bus);
    vp_val_t *services = vp_val_map ();
    char missing[300] = "";
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        if (!list[i].health && at < sizeof missing)
            at += (size_t) snprintf (missing + at, sizeof missing - at, "%s%s (%s)", at ? ", " : "",
                                     list[i].name, list[i].endpoint);
        if (i + 1 < n)
            vp_map_put (services, list[i].name, s_service (&list[i], heads));
    }
    vp_map_put (all, "services", services);
    if (opts->json) {
        char *json = vp_val_to_json (all);
        printf ("%s\n", json);
        free (json);
    }
    else {
        s_table (all, cli_term_width (stdout));
        if (!heads)
            printf ("(the bus did not answer: heads as each service last saw them)\n");
    }
    fflush (stdout);
    vp_val_destroy (&all);
    cli_health_clear (list, n);
    if (*missing)
        return vp_err_set (err, VP_E_UNAVAILABLE, "", "no answer from %s", missing);
    return 0;
}
