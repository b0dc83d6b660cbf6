/*  mon_trace - `vp-mon trace <corr>`: one flow, end to end. */
#include "mon_trace.h"
#include "mon_args.h"
#include "mon_format.h"
#include "mon_stats.h"
#include "mon_tail.h"
#include "cli_table.h"
#include "vp/vp_fields.h"

#define S_CALL_TIMEOUT_MS 10000
#define S_PAGE 10000            //  the most a replay answer holds
#define S_SUMMARY_MAX 100       //  characters, when the terminal's width is unknown

//  Widths of the columns before the summary.
static const struct {
    const char *heading;
    size_t width;
    bool right;
} s_columns[] = {
    { "TIME", 23, false }, { "STEP", 8, false }, { "TOTAL", 8, false }, { "STREAM", 9, false },
    { "TYPE", 26, false }, { "SEQ", 6, true }, { NULL }
};

typedef struct {
    mon_trace_opts_t opts;
    const char *corr;           //  of the flow shown
    int64_t first_ts, last_ts;
    int64_t shown;
    size_t summary_width;
} s_trace_t;

void
mon_trace_usage (FILE *out)
{
    fprintf (out,
        "usage: vp-mon trace <corr | event id> [--stream S] [--follow [--timeout-ms MS]] [--json]\n"
        "                    [common options]\n"
        "\n"
        "Shows the events of one flow in time order: every event whose corr is <corr> (the\n"
        "id of the command that started it; vp-mon tail shows each event's corr), with the\n"
        "time since the previous step and since the first, and what each is about:\n"
        "  TIME                     STEP      TOTAL     STREAM     TYPE                  SEQ  SUMMARY\n"
        "  2026-11-27 14:05:01.123  +0ms      +0ms      documents  documents.registered   12  document=d-12 ...\n"
        "Given the id of an event, shows its flow from that event on.\n"
        "\n"
        "  --stream S        only the events of stream S (default: every stream)\n"
        "  --follow          then watch live for the next steps, until interrupted\n"
        "  --timeout-ms MS   with --follow: exit after MS ms without a new step\n"
        "  --json            each event as one JSON object per line (for jq)\n"
        "\n"
        "Exit 0 when the flow has events, 3 when none has that corr, 2 on a bad flag,\n"
        "5 when the bus cannot be reached.\n");
}

int
mon_trace_parse (mon_trace_opts_t *opts, int argc, char **argv,
                 char **rest, int *nrest, vp_err_t *err)
{
    mon_flag_t flags[] = {
        { "stream" }, { "follow", true }, { "json", true }, { "timeout-ms" }, { NULL }
    };
    memset (opts, 0, sizeof *opts);
    const char **words = (const char **) zmalloc ((size_t) (argc + 1) * sizeof (char *));
    int nwords = 0;
    int rc = mon_args_parse (flags, argc, argv, rest, nrest, words, &nwords, err);
    if (rc == 0 && nwords != 1)
        rc = vp_err_set (err, VP_E_INVALID_ARGUMENT, nwords ? words[1] : "corr",
                         nwords ? "trace follows one flow: \"%s\" is one word too many"
                                : "trace needs the corr of a flow (or an event id)%s", nwords ? words[1] : "");
    if (rc == 0) {
        opts->id = words[0];
        opts->stream = mon_args_get (flags, "stream");
        opts->follow = mon_args_get (flags, "follow") != NULL;
        opts->json = mon_args_get (flags, "json") != NULL;
        rc = mon_args_int (flags, "timeout-ms", 1, INT32_MAX, &opts->timeout_ms, err);
    }
    if (rc == 0 && opts->timeout_ms && !opts->follow)
        rc = vp_err_set (err, VP_E_INVALID_ARGUMENT, "timeout-ms",
                         "--timeout-ms %lld is for --follow", (long long) opts->timeout_ms);
    free (words);
    return rc;
}

//  "+12ms", "+1.234s", "+2m03s", "+1h02m".
static char *
s_delta (int64_t ms, char *buf, size_t size)
{
    if (ms < 0)
        ms = 0;
    if (ms < 1000)
        snprintf (buf, size, "+%lldms", (long long) ms);
    else
    if (ms < 60000)
        snprintf (buf, size, "+%lld.%03llds", (long long) (ms / 1000), (long long) (ms % 1000));
    else
    if (ms < 3600000)
        snprintf (buf, size, "+%lldm%02llds", (long long) (ms / 60000), (long long) (ms % 60000 / 1000));
    else
        snprintf (buf, size, "+%lldh%02lldm", (long long) (ms / 3600000), (long long) (ms % 3600000 / 60000));
    return buf;
}

//  What an event is about: the names that say it first (document,
//  officer, entry...), then its other plain fields, key=value.
static char *
s_summary (const vp_val_t *env, const char *zone)
{
    static const char *const first[] = {
        "document", "officer", "post", "entry", "recipient", "notification", "channel", "title",
        "label", "number", "status", "kind", "start", "deadline", NULL
    };
    const vp_val_t *data = vp_map_get (env, VP_K_DATA);
    const vp_msgdef_t *def = vp_proto_find (vp_map_str (env, VP_K_TYPE), VP_KIND_EVENT);
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream (&text, &size);
    size_t n = vp_val_len (data);
    for (size_t pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n && ftell (out) < 400; i++) {
            const char *key = vp_map_key_at (data, i);
            bool early = false;
            for (int k = 0; first[k] && !early; k++)
                early = strcmp (key, first[k]) == 0;
            const vp_val_t *value = vp_map_value_at (data, i);
            bool plain = vp_val_type (value) != VP_MAP
                      && !(vp_val_type (value) == VP_ARRAY && vp_val_len (value)
                           && vp_val_type (vp_array_at (value, 0)) == VP_MAP);
            if (early != (pass == 0) || !plain)
                continue;
            char *one = cli_value_text (value, cli_is_time (def, key), zone);
            fprintf (out, "%s%s=%s%s%s", ftell (out) ? " " : "", key, strchr (one, ' ') ? "\"" : "",
                     one, strchr (one, ' ') ? "\"" : "");
            free (one);
        }
    fclose (out);
    return text;
}

static void
s_show (const vp_val_t *env, void *arg)
{
    s_trace_t *self = (s_trace_t *) arg;
    int64_t ts = vp_map_int (env, VP_K_TS, 0);
    if (self->shown++ == 0)
        self->first_ts = self->last_ts = ts;
    if (self->opts.json) {
        char *json = vp_val_to_json (env);
        printf ("%s\n", json);
        free (json);
    }
    else {
        char when[40], step[24], total[24], seq[24];
        snprintf (seq, sizeof seq, "%lld", (long long) vp_map_int (env, VP_K_SEQ, 0));
        const char *cells[] = {
            mon_format_time (ts, when, sizeof when), s_delta (ts - self->last_ts, step, sizeof step),
            s_delta (ts - self->first_ts, total, sizeof total), vp_map_str (env, VP_K_STREAM),
            vp_map_str (env, VP_K_TYPE), seq
        };
        for (int c = 0; s_columns[c].heading; c++) {
            cli_put_cell (stdout, cells[c], s_columns[c].width, s_columns[c].right);
            fputs ("  ", stdout);
        }
        char *summary = s_summary (env, self->opts.zone);
        char *cut = cli_text_safe (summary, self->summary_width);
        printf ("%s\n", cut);
        free (cut);
        free (summary);
    }
    self->last_ts = ts;
    fflush (stdout);
}

static void
s_heading (s_trace_t *self)
{
    if (self->opts.json)
        return;
    for (int c = 0; s_columns[c].heading; c++) {
        cli_put_cell (stdout, s_columns[c].heading, s_columns[c].width, s_columns[c].right);
        fputs ("  ", stdout);
    }
    printf ("SUMMARY\n");
    fflush (stdout);
}

//  Is env one to keep: (corr NULL) its corr or its id is the id asked
//  for; else its corr is the flow's and it is not before the event the
//  flow is shown from (start; NULL: the first): after it in its stream,
//  not earlier in the others.
static bool
s_match (const vp_val_t *env, const char *id, const char *corr, const vp_val_t *start)
{
    const char *env_corr = vp_map_str (env, VP_K_CORR);
    if (corr) {
        if (!env_corr || strcmp (env_corr, corr) != 0)
            return false;
        if (!start)
            return true;
        if (strcmp (vp_map_str (env, VP_K_STREAM), vp_map_str (start, VP_K_STREAM)) == 0)
            return vp_map_int (env, VP_K_SEQ, 0) >= vp_map_int (start, VP_K_SEQ, 0);
        return vp_map_int (env, VP_K_TS, 0) >= vp_map_int (start, VP_K_TS, 0);
    }
    const char *env_id = vp_map_str (env, VP_K_ID);
    return (env_corr && strcmp (env_corr, id) == 0) || (env_id && strcmp (env_id, id) == 0);
}

//  Replay stream from 1 to head (at least) and keep the events that
//  match in found; *last gets the last seq seen.
static int
s_replay (vp_cmdcli_t *cli, const char *stream, int64_t head, const char *id, const char *corr,
          const vp_val_t *start, vp_val_t *found, int64_t *last, vp_err_t *err)
{
    int64_t from = 1;
    while (from <= head) {
        vp_val_t *request = vp_val_map ();
        vp_map_put_str (request, VP_K_STREAM, stream);
        vp_map_put_int (request, VP_K_FROM, from);
        vp_map_put_int (request, VP_K_LIMIT, S_PAGE);
        vp_val_t *reply = NULL;
        if (vp_cmdcli_request (cli, request, S_CALL_TIMEOUT_MS, &reply, err))
            return -1;
        if (!vp_map_bool (reply, VP_K_OK, false)) {
            const vp_val_t *error = vp_map_get (reply, VP_K_ERROR);
            vp_err_set (err, vp_code_parse (vp_map_str (error, VP_K_CODE)), VP_K_STREAM, "replay of %s: %s",
                        stream, vp_map_str (error, VP_K_MESSAGE) ? vp_map_str (error, VP_K_MESSAGE) : "refused");
            vp_val_destroy (&reply);
            return -1;
        }
        const vp_val_t *events = vp_map_get (reply, VP_K_EVENTS);
        size_t n = vp_val_len (events);
        for (size_t i = 0; i < n; i++) {
            const vp_val_t *env = vp_array_at (events, i);
            if (s_match (env, id, corr, start))
                vp_array_push (found, vp_val_dup (env));
            from = vp_map_int (env, VP_K_SEQ, from) + 1;
        }
        vp_val_destroy (&reply);
        if (n == 0)
            break;
    }
    *last = from - 1;
    return 0;
}

//  Replay every stream of heads (or the one asked for); starts gets
//  {stream: the seq after the last one seen}.
static int
s_replay_all (vp_cmdcli_t *cli, const mon_trace_opts_t *opts, const vp_val_t *heads, const char *corr,
              const vp_val_t *start, vp_val_t *found, vp_val_t *starts, vp_err_t *err)
{
    for (const char *const *streams = mon_tail_streams (); *streams; streams++) {
        const char *stream = *streams;
        if (strcmp (stream, "bus") == 0 || (opts->stream && strcmp (stream, opts->stream) != 0))
            continue;
        int64_t last = 0;
        int64_t head = vp_map_int (heads, stream, 0);
        if (head > 0 && s_replay (cli, stream, head, opts->id, corr, start, found, &last, err))
            return -1;
        vp_map_put_int (starts, stream, last + 1);
    }
    return 0;
}

//  Where a stream stands in a flow: a service reacts only to the streams
//  before its own (documents follows staffing, calendar both, notify all
//  three), so within one millisecond, or under a test's frozen clock,
//  that is the order of cause and effect.
static int
s_stage (const char *stream)
{
    static const char *const stages[] = { "bus", "probe", "staffing", "documents", "calendar", "notify", NULL };
    for (int i = 0; stream && stages[i]; i++)
        if (strcmp (stream, stages[i]) == 0)
            return i;
    return 99;
}

static int
s_by_time (const void *a, const void *b)
{
    const vp_val_t *x = *(const vp_val_t *const *) a, *y = *(const vp_val_t *const *) b;
    int64_t tx = vp_map_int (x, VP_K_TS, 0), ty = vp_map_int (y, VP_K_TS, 0);
    if (tx != ty)
        return tx < ty ? -1 : 1;
    int order = s_stage (vp_map_str (x, VP_K_STREAM)) - s_stage (vp_map_str (y, VP_K_STREAM));
    if (order)
        return order;
    int64_t sx = vp_map_int (x, VP_K_SEQ, 0), sy = vp_map_int (y, VP_K_SEQ, 0);
    return sx < sy ? -1 : sx > sy;
}

int
mon_trace_run (const char *pub, const char *replay, vp_keys_t *keys,
               const mon_trace_opts_t *opts, vp_err_t *err)
{
    s_trace_t self = { .opts = *opts };
    size_t width = cli_term_width (stdout);
    size_t before = 0;
    for (int c = 0; s_columns[c].heading; c++)
        before += s_columns[c].width + 2;
    self.summary_width = width > before + 10 ? width - before : width ? 10 : S_SUMMARY_MAX;

    vp_cmdcli_t *cli = vp_cmdcli_new (replay, keys, "bus", err);
    vp_val_t *stats = NULL, *found = vp_val_array (), *starts = vp_val_map ();
    int rc = cli ? mon_stats_call (cli, S_CALL_TIMEOUT_MS, &stats, err) : -1;
    const vp_val_t *heads = stats ? vp_map_get (stats, VP_K_HEADS) : NULL;
    if (rc == 0)
        rc = s_replay_all (cli, opts, heads, NULL, NULL, found, starts, err);
    //  Nothing has that corr, but an event has that id: its flow from it on.
    self.corr = opts->id;
    bool by_corr = false;
    for (size_t i = 0; i < vp_val_len (found); i++)
        by_corr = by_corr || strcmp (vp_map_str (vp_array_at (found, i), VP_K_CORR), opts->id) == 0;
    vp_val_t *start = NULL;
    if (rc == 0 && !by_corr && vp_val_len (found)) {
        start = vp_val_dup (vp_array_at (found, 0));
        self.corr = vp_map_str (start, VP_K_CORR);
        vp_val_destroy (&found);
        found = vp_val_array ();
        rc = s_replay_all (cli, opts, heads, self.corr, start, found, starts, err);
    }
    vp_cmdcli_destroy (&cli);
    size_t n = vp_val_len (found);
    if (rc == 0 && (n || opts->follow)) {
        const vp_val_t **sorted = (const vp_val_t **) zmalloc ((n + 1) * sizeof (vp_val_t *));
        for (size_t i = 0; i < n; i++)
            sorted[i] = vp_array_at (found, i);
        qsort (sorted, n, sizeof (vp_val_t *), s_by_time);
        s_heading (&self);
        for (size_t i = 0; i < n; i++)
            s_show (sorted[i], &self);
        free (sorted);
    }
    if (rc == 0 && opts->follow) {
        mon_tail_opts_t tail = {
            .timeout_ms = opts->timeout_ms, .corr = self.corr, .starts = starts,
            .show = s_show, .show_arg = &self
        };
        mon_tail_t *mon = mon_tail_new (pub, replay, keys, &tail, err);
        rc = mon ? mon_tail_run (mon, err) : -1;
        mon_tail_destroy (&mon);
    }
    if (rc == 0 && self.shown == 0)
        rc = vp_err_set (err, VP_E_NOT_FOUND, VP_K_CORR, "no event has corr or id \"%s\"%s%s", opts->id,
                         opts->stream ? " in stream " : "", opts->stream ? opts->stream : "");
    vp_val_destroy (&stats);
    vp_val_destroy (&found);
    vp_val_destroy (&starts);
    vp_val_destroy (&start);
    return rc;
}
