/*  mon_stats - heads, rates, counters and peers of the bus. */
#include "mon_stats.h"
#include "mon_args.h"
#include "mon_format.h"
#include "vp/vp_fields.h"

#define S_CALL_TIMEOUT_MS 2000

void
mon_stats_usage (FILE *out)
{
    fprintf (out,
        "usage: vp-mon stats [--json] [--watch SECONDS] [common options]\n"
        "\n"
        "Shows the head seq of every stream of the bus, its rates, counters and peers.\n"
        "\n"
        "  --json            the bus.stats result as one JSON line (for jq)\n"
        "  --watch SECONDS   again every SECONDS until interrupted\n"
        "\n"
        "Exit 0, 2 on a bad flag, 5 when the bus does not answer (without --watch).\n");
}

int
mon_stats_parse (mon_stats_opts_t *opts, int argc, char **argv,
                 char **rest, int *nrest, vp_err_t *err)
{
    mon_flag_t flags[] = { { "json", true }, { "watch" }, { NULL } };
    memset (opts, 0, sizeof *opts);
    int rc = mon_args_parse (flags, argc, argv, rest, nrest, NULL, NULL, err);
    if (rc)
        return rc;
    opts->json = mon_args_get (flags, "json") != NULL;
    return mon_args_int (flags, "watch", 1, 86400, &opts->watch_s, err);
}

static int
s_by_key (const void *a, const void *b)
{
    return strcmp (*(const char *const *) a, *(const char *const *) b);
}

#define S_NAME_WIDTH 12

static void
s_row (FILE *out, int width, const char *name, const char *value)
{
    fprintf (out, "%-*s %12s\n", width, name, value);
}

static void
s_row_int (FILE *out, int width, const char *name, const vp_val_t *map, const char *key)
{
    vp_val_t *value = vp_map_get (map, key);
    char text[32] = "-";
    if (value)
        snprintf (text, sizeof text, "%lld", (long long) vp_val_get_int (value));
    s_row (out, width, name, text);
}

static void
s_row_rate (FILE *out, int width, const char *name, const vp_val_t *map, const char *key)
{
    vp_val_t *value = vp_map_get (map, key);
    char text[32] = "-";
    if (value) {
        double rate = vp_val_type (value) == VP_FLOAT ? vp_val_get_float (value)
                                                      : (double) vp_val_get_int (value);
        snprintf (text, sizeof text, "%.1f/s", rate);
    }
    s_row (out, width, name, text);
}

char *
mon_stats_render (const vp_val_t *result)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream (&text, &size);
    if (!out)
        return NULL;
    vp_val_t *heads = vp_map_get (result, VP_K_HEADS);
    size_t n = vp_val_type (heads) == VP_MAP ? vp_val_len (heads) : 0;
    const char **names = (const char **) zmalloc (sizeof (char *) * (n ? n : 1));
    int width = S_NAME_WIDTH;
    for (size_t i = 0; i < n; i++) {
        names[i] = vp_map_key_at (heads, i);
        if ((int) strlen (names[i]) > width)
            width = (int) strlen (names[i]);
    }
    qsort (names, n, sizeof (char *), s_by_key);
    s_row (out, width, "stream", "head");
    for (size_t i = 0; i < n; i++) {
        char head[32];
        snprintf (head, sizeof head, "%lld", (long long) vp_val_get_int (vp_map_get (heads, names[i])));
        s_row (out, width, names[i], head);
    }
    if (n == 0)
        fprintf (out, "(no events yet)\n");
    free (names);

    fputc ('\n', out);
    s_row_int (out, width, "events", result, "events");
    s_row_rate (out, width, "rate 1s", result, "rate_1s");
    s_row_rate (out, width, "rate 10s", result, "rate_10s");
    s_row_int (out, width, "commits", result, "commits");
    s_row_int (out, width, "duplicates", result, "duplicates");
    s_row_int (out, width, "refused", result, "refused");
    vp_val_t *peers = vp_map_get (result, VP_K_PEERS);
    s_row_int (out, width, "producers", peers, "ingest");
    s_row_int (out, width, "replayers", peers, "replay");
    s_row_int (out, width, "subscribers", peers, "subscribers");
    int64_t up = vp_map_int (result, VP_K_UPTIME_MS, -1);
    char uptime[48] = "-";
    if (up >= 0) {
        int64_t s = up / 1000;
        if (s >= 86400)
            snprintf (uptime, sizeof uptime, "%lldd %02d:%02d:%02d", (long long) (s / 86400),
                      (int) (s % 86400 / 3600), (int) (s % 3600 / 60), (int) (s % 60));
        else
            snprintf (uptime, sizeof uptime, "%02d:%02d:%02d",
                      (int) (s / 3600), (int) (s % 3600 / 60), (int) (s % 60));
    }
    s_row (out, width, "uptime", uptime);
    fclose (out);
    return text;
}

int
mon_stats_call (vp_cmdcli_t *cli, int timeout_ms, vp_val_t **result, vp_err_t *err)
{
    vp_err_t why = { 0 };
    if (vp_cmdcli_call (cli, "bus.stats", NULL, NULL, NULL, timeout_ms, result, &why))
        return vp_err_set (err, why.code ? why.code : VP_E_UNAVAILABLE, "",
                           "bus.stats: %s%s", why.message,
                           why.code == VP_E_UNAVAILABLE ? " (is vp-bus running?)" : "");
    return 0;
}

static int
s_show_once (vp_cmdcli_t *cli, const mon_stats_opts_t *opts, vp_err_t *err)
{
    vp_val_t *result = NULL;
    if (mon_stats_call (cli, S_CALL_TIMEOUT_MS, &result, err))
        return -1;
    char *text = opts->json ? vp_val_to_json (result) : mon_stats_render (result);
    if (opts->watch_s && !opts->json) {
        char now[40];
        printf ("# %s\n", mon_format_time (vp_clock_now (), now, sizeof now));
    }
    if (text)
        printf ("%s%s", text, opts->json ? "\n" : "");
    if (opts->watch_s && !opts->json)
        printf ("\n");
    fflush (stdout);
    free (text);
    vp_val_destroy (&result);
    return 0;
}

int
mon_stats_run (const char *replay, vp_keys_t *keys, const mon_stats_opts_t *opts, vp_err_t *err)
{
    vp_cmdcli_t *cli = vp_cmdcli_new (replay, keys, "bus", err);
    if (!cli)
        return -1;
    int rc = s_show_once (cli, opts, err);
    while (opts->watch_s && !zsys_interrupted) {
        if (rc && !zsys_interrupted)
            fprintf (stderr, "vp-mon: %s\n", err->message);
        int64_t next = vp_clock_mono () + opts->watch_s * 1000;
        while (!zsys_interrupted && vp_clock_mono () < next)
            zclock_sleep (100);
        if (!zsys_interrupted)
            rc = s_show_once (cli, opts, err);
    }
    if (opts->watch_s || zsys_interrupted)
        rc = 0;
    vp_cmdcli_destroy (&cli);
    return rc;
}
