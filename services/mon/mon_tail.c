/*  mon_tail - follow the event stream without gap or repeat.

    The following is vp_consumer's, with its cursors in memory; this file
    only chooses where each stream starts, filters, prints and stops.
*/
#include "mon_tail.h"
#include "mon_args.h"
#include "mon_format.h"
#include "mon_stats.h"
#include "vp/vp_fields.h"

#define S_STATS_TIMEOUT_MS 3000
#define S_TICK_MS 50
#define S_STREAM_MAX 32

struct mon_tail {
    mon_tail_opts_t opts;
    vp_cmdcli_t *replay;        //  for bus.stats, before following
    vp_consumer_t *consumer;
    zloop_t *loop;
    int64_t head;               //  of --stream, as bus.stats told at start
    int64_t shown;
    int64_t quiet_since;        //  mono ms of the last event shown
    bool following;             //  caught up, and said so
};

void
mon_tail_usage (FILE *out)
{
    fprintf (out,
        "usage: vp-mon tail [--stream S [--from SEQ]] [--type PREFIX] [--tenant T] [--json]\n"
        "                   [--count N] [--timeout-ms MS] [common options]\n"
        "\n"
        "Shows the events of the bus as they happen, one line each:\n"
        "  2026-11-27 14:05:01.123 documents#12 documents.registered tenant=lam-son actor=.. corr=.. {data}\n"
        "\n"
        "  --stream S        only the events of stream S (default: every stream)\n"
        "  --from SEQ        first replay stream S from its seq SEQ, then go on live\n"
        "                    (needs --stream)\n"
        "  --type PREFIX     only the types that start with PREFIX (e.g. documents.)\n"
        "  --tenant T        only the events of tenant T (\"\" for district-wide ones)\n"
        "  --json            the whole envelope as one JSON object per line (for jq)\n"
        "  --count N         exit after N events shown\n"
        "  --timeout-ms MS   exit after MS ms without an event shown\n"
        "\n"
        "Times are in VP_TZ (--tz), default Asia/Ho_Chi_Minh. Nothing is shown twice and\n"
        "nothing is missed: lost live events are fetched from the bus's replay endpoint.\n"
        "Exit 0 when done or interrupted, 2 on a bad flag, 5 when the bus cannot be reached.\n"
        "The common options (see vp-mon --help) may come before or after `tail`.\n");
}

static bool
s_stream_name_valid (const char *s)
{
    size_t len = strlen (s);
    if (len < 1 || len > S_STREAM_MAX)
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
            return false;
    return true;
}

int
mon_tail_parse (mon_tail_opts_t *opts, int argc, char **argv,
                char **rest, int *nrest, vp_err_t *err)
{
    mon_flag_t flags[] = {
        { "from" }, { "stream" }, { "type" }, { "tenant" }, { "json", true },
        { "count" }, { "timeout-ms" }, { NULL }
    };
    memset (opts, 0, sizeof *opts);
    int rc = mon_args_parse (flags, argc, argv, rest, nrest, NULL, NULL, err);
    if (rc)
        return rc;
    if (mon_args_int (flags, "from", 1, INT64_MAX, &opts->from, err)
    ||  mon_args_int (flags, "count", 1, INT64_MAX, &opts->count, err)
    ||  mon_args_int (flags, "timeout-ms", 1, INT32_MAX, &opts->timeout_ms, err))
        return -1;
    opts->stream = mon_args_get (flags, "stream");
    opts->type = mon_args_get (flags, "type");
    opts->tenant = mon_args_get (flags, "tenant");
    opts->json = mon_args_get (flags, "json") != NULL;
    if (opts->stream && !s_stream_name_valid (opts->stream))
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_STREAM,
                           "--stream must be a stream name of a-z 0-9 _ - (1 to %d), not \"%s\"",
                           S_STREAM_MAX, opts->stream);
    if (opts->type && !*opts->type)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_TYPE,
                           "--type needs a prefix such as \"documents.\", not \"\"");
    if (opts->from && !opts->stream)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_FROM,
                           "--from %lld needs --stream: a seq is a position in one stream",
                           (long long) opts->from);
    return 0;
}

static int
s_apply (sqlite3 *db, const vp_val_t *env, void *arg)
{
    mon_tail_t *self = (mon_tail_t *) arg;
    if (self->opts.count && self->shown >= self->opts.count)
        return 0;               //  the rest of a batch; the tick ends the loop
    const char *type = vp_map_str (env, VP_K_TYPE);
    if (self->opts.type && (!type || strncmp (type, self->opts.type, strlen (self->opts.type)) != 0))
        return 0;
    const char *tenant = vp_map_str (env, VP_K_TENANT);
    if (self->opts.tenant && strcmp (tenant ? tenant : "", self->opts.tenant) != 0)
        return 0;
    const char *corr = vp_map_str (env, VP_K_CORR);
    if (self->opts.corr && strcmp (corr ? corr : "", self->opts.corr) != 0)
        return 0;
    if (self->opts.show)
        self->opts.show (env, self->opts.show_arg);
    else {
        char *line = mon_format_event (env, self->opts.json);
        if (line) {
            fputs (line, stdout);
            fputc ('\n', stdout);
            free (line);
        }
    }
    //  One line at a time, so a pipe (jq, grep) or a file sees it now.
    fflush (stdout);
    self->shown++;
    self->quiet_since = vp_clock_mono ();
    return 0;
}

mon_tail_t *
mon_tail_new (const char *pub, const char *replay, vp_keys_t *keys,
              const mon_tail_opts_t *opts, vp_err_t *err)
{
    assert (pub && replay && opts);
    assert (!opts->from || opts->stream);
    mon_tail_t *self = (mon_tail_t *) zmalloc (sizeof (mon_tail_t));
    self->opts = *opts;
    self->loop = zloop_new ();
    self->replay = vp_cmdcli_new (replay, keys, "bus", err);
    if (self->replay)
        self->consumer = vp_consumer_new (NULL, pub, replay, keys, s_apply, self, err);
    if (!self->consumer)
        mon_tail_destroy (&self);
    return self;
}

void
mon_tail_destroy (mon_tail_t **self_p)
{
    mon_tail_t *self = *self_p;
    if (!self)
        return;
    vp_consumer_destroy (&self->consumer);
    vp_cmdcli_destroy (&self->replay);
    zloop_destroy (&self->loop);
    free (self);
    *self_p = NULL;
}

//  Caught up: past the head the stream had at start (a stream followed
//  live starts there), and heartbeats coming in, so what is published
//  from now on arrives live.
static bool
s_caught_up (mon_tail_t *self)
{
    return vp_consumer_connected (self->consumer)
        && (!self->opts.stream || vp_consumer_cursor (self->consumer, self->opts.stream) >= self->head);
}

static int
s_on_tick (zloop_t *loop, int timer_id, void *arg)
{
    mon_tail_t *self = (mon_tail_t *) arg;
    if (self->opts.count && self->shown >= self->opts.count)
        return -1;
    if (self->opts.timeout_ms && vp_clock_mono () - self->quiet_since >= self->opts.timeout_ms)
        return -1;
    if (!self->following && s_caught_up (self)) {
        self->following = true;
        if (self->opts.stream)
            vp_info ("following %s live after seq %lld", self->opts.stream,
                     (long long) vp_consumer_cursor (self->consumer, self->opts.stream));
        else
            vp_info ("following every stream live");
    }
    return 0;
}

const char *const *
mon_tail_streams (void)
{
    const vp_msgdef_t *envelope = vp_proto_find ("envelope", VP_KIND_MESSAGE);
    for (const vp_field_t *f = envelope->fields; f->name; f++)
        if (strcmp (f->name, "stream") == 0)
            return f->one_of;
    assert (false);
    return NULL;
}

//  Without --stream: every stream the envelope allows (proto/), but the
//  bus's own, whose heartbeats only tell the consumer where the heads are.
static int
s_follow_all (mon_tail_t *self, const vp_val_t *heads)
{
    int rc = 0;
    for (const char *const *streams = mon_tail_streams (); *streams; streams++)
        if (strcmp (*streams, "bus") != 0)
            rc |= vp_consumer_follow_from (self->consumer, *streams, vp_map_int (heads, *streams, 0) + 1);
    return rc;
}

int
mon_tail_run (mon_tail_t *self, vp_err_t *err)
{
    self->quiet_since = vp_clock_mono ();
    vp_val_t *stats = NULL;
    if (mon_stats_call (self->replay, S_STATS_TIMEOUT_MS, &stats, err))
        return zsys_interrupted ? 0 : -1;
    vp_cmdcli_destroy (&self->replay);
    vp_val_t *heads = vp_map_get (stats, VP_K_HEADS);
    self->head = vp_map_int (heads, self->opts.stream, 0);
    int rc = 0;
    if (self->opts.starts)
        for (size_t i = 0; i < vp_val_len (self->opts.starts); i++)
            rc |= vp_consumer_follow_from (self->consumer, vp_map_key_at (self->opts.starts, i),
                                           vp_val_get_int (vp_map_value_at (self->opts.starts, i)));
    else
        rc = self->opts.stream
           ? vp_consumer_follow_from (self->consumer, self->opts.stream,
                                      self->opts.from ? self->opts.from : self->head + 1)
           : s_follow_all (self, heads);
    vp_val_destroy (&stats);
    if (rc || vp_consumer_attach (self->consumer, self->loop)
    ||  zloop_timer (self->loop, S_TICK_MS, 0, s_on_tick, self) < 0)
        return vp_err_set (err, VP_E_INTERNAL, "", "cannot follow the bus (see the log)");
    zloop_start (self->loop);
    return 0;
}
