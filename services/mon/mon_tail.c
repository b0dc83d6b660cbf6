/*  mon_tail - follow the event stream without gap or repeat. */
#include "mon_tail.h"
#include "mon_args.h"
#include "mon_format.h"

#define S_REPLAY_PAGE 1000
#define S_REPLAY_TIMEOUT_MS 3000
#define S_POLL_MS 500
#define S_STREAM_MAX 32

typedef struct {
    char name[S_STREAM_MAX + 1];
    int64_t last;               //  last seq seen, shown or filtered out
} s_cursor_t;

struct mon_tail {
    mon_tail_opts_t opts;
    zsock_t *sub;
    vp_cmdcli_t *replay;
    vp_limits_t limits;
    s_cursor_t *cursors;
    size_t ncursors;
    int64_t shown;
    int64_t quiet_since;        //  mono ms of the last event shown
    bool done;                  //  the count is reached
    vp_ratelimit_t warnings;
};

void
mon_tail_usage (FILE *out)
{
    fprintf (out,
        "usage: vp-mon tail [--from SEQ --stream S] [--stream S] [--type PREFIX] [--tenant T]\n"
        "                   [--json] [--count N] [--timeout-ms MS] [common options]\n"
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
        "Exit 0 when done or interrupted, 2 on a bad flag, 3 when the bus cannot be reached.\n"
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
    int rc = mon_args_parse (flags, argc, argv, rest, nrest, err);
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
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, "stream",
                           "--stream must be a stream name of a-z 0-9 _ - (1 to %d), not \"%s\"",
                           S_STREAM_MAX, opts->stream);
    if (opts->type && !*opts->type)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, "type",
                           "--type needs a prefix such as \"documents.\", not \"\"");
    if (opts->from && !opts->stream)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, "from",
                           "--from %lld needs --stream: a seq is a position in one stream",
                           (long long) opts->from);
    return 0;
}

mon_tail_t *
mon_tail_new (const char *pub, const char *replay, vp_keys_t *keys,
              const mon_tail_opts_t *opts, vp_err_t *err)
{
    mon_tail_t *self = (mon_tail_t *) zmalloc (sizeof (mon_tail_t));
    self->opts = *opts;
    self->limits = vp_limits_default ();
    self->warnings = (vp_ratelimit_t) VP_RATELIMIT_INIT (5);
    //  Subscribe before anything is replayed: whatever is published from
    //  now on is either in the replay or arrives here (or both).
    self->sub = vp_sock_connect (keys, ZMQ_SUB, pub, "bus", err);
    if (!self->sub)
        goto fail;
    //  The bus counts its subscribers by the heartbeat topic.
    zsock_set_subscribe (self->sub, "bus.heartbeat");
    if (opts->stream) {
        char topic[S_STREAM_MAX + 2];
        snprintf (topic, sizeof topic, "%s.", opts->stream);
        zsock_set_subscribe (self->sub, topic);
    }
    else
        zsock_set_subscribe (self->sub, "");
    self->replay = vp_cmdcli_new (replay, keys, "bus", err);
    if (!self->replay)
        goto fail;
    return self;
fail:
    mon_tail_destroy (&self);
    return NULL;
}

void
mon_tail_destroy (mon_tail_t **self_p)
{
    mon_tail_t *self = *self_p;
    if (!self)
        return;
    vp_cmdcli_destroy (&self->replay);
    zsock_destroy (&self->sub);
    free (self->cursors);
    free (self);
    *self_p = NULL;
}

int64_t mon_tail_shown (mon_tail_t *self) { return self->shown; }

//  The cursor of a stream, made at 0 when new; NULL for a name the bus
//  would not have (such events are shown but not tracked).
static s_cursor_t *
s_cursor (mon_tail_t *self, const char *stream)
{
    if (!stream || !s_stream_name_valid (stream))
        return NULL;
    for (size_t i = 0; i < self->ncursors; i++)
        if (strcmp (self->cursors[i].name, stream) == 0)
            return &self->cursors[i];
    self->cursors = (s_cursor_t *) realloc (self->cursors, sizeof (s_cursor_t) * (self->ncursors + 1));
    assert (self->cursors);
    s_cursor_t *c = &self->cursors[self->ncursors++];
    snprintf (c->name, sizeof c->name, "%s", stream);
    c->last = 0;
    return c;
}

static void
s_show (mon_tail_t *self, const vp_val_t *env)
{
    const char *type = vp_map_str (env, "type");
    if (self->opts.type && (!type || strncmp (type, self->opts.type, strlen (self->opts.type)) != 0))
        return;
    const char *tenant = vp_map_str (env, "tenant");
    if (self->opts.tenant && strcmp (tenant ? tenant : "", self->opts.tenant) != 0)
        return;
    char *line = mon_format_event (env, self->opts.json);
    if (line) {
        fputs (line, stdout);
        fputc ('\n', stdout);
        free (line);
    }
    //  One line at a time, so a pipe (jq, grep) or a file sees it now.
    fflush (stdout);
    self->shown++;
    self->quiet_since = vp_clock_mono ();
    if (self->opts.count && self->shown >= self->opts.count)
        self->done = true;
}

//  Show the logged events of a stream from `from` on, page by page, up to
//  the head the bus reports.
static int
s_replay (mon_tail_t *self, const char *stream, int64_t from, vp_err_t *err)
{
    s_cursor_t *c = s_cursor (self, stream);
    if (!c)
        return 0;
    while (!self->done && !zsys_interrupted) {
        char id[VP_ID_LEN + 1];
        vp_id_new (id);
        vp_val_t *request = vp_val_map ();
        vp_map_put_str (request, "stream", stream);
        vp_map_put_int (request, "from", from);
        vp_map_put_int (request, "limit", S_REPLAY_PAGE);
        vp_map_put_str (request, "id", id);
        vp_val_t *reply = NULL;
        vp_err_t why = { 0 };
        if (vp_cmdcli_request (self->replay, request, S_REPLAY_TIMEOUT_MS, &reply, &why)) {
            if (zsys_interrupted)
                return 0;
            return vp_err_set (err, why.code ? why.code : VP_E_UNAVAILABLE, "",
                               "cannot replay %s from seq %lld: %s (is vp-bus running?)",
                               stream, (long long) from, why.message);
        }
        if (!vp_map_bool (reply, "ok", false)) {
            vp_val_t *error = vp_map_get (reply, "error");
            const char *message = vp_map_str (error, "message");
            vp_err_set (err, vp_code_parse (vp_map_str (error, "code")), "",
                        "the bus refused the replay of %s from seq %lld: %s",
                        stream, (long long) from, message ? message : "no reason given");
            vp_val_destroy (&reply);
            return -1;
        }
        vp_val_t *events = vp_map_get (reply, "events");
        size_t n = vp_val_type (events) == VP_ARRAY ? vp_val_len (events) : 0;
        int64_t head = vp_map_int (reply, "head", 0);
        int64_t before = c->last;
        for (size_t i = 0; i < n && !self->done; i++) {
            vp_val_t *env = vp_array_at (events, i);
            int64_t seq = vp_map_int (env, "seq", 0);
            if (seq <= c->last)
                continue;
            c->last = seq;
            s_show (self, env);
        }
        vp_val_destroy (&reply);
        if (n == 0 || c->last >= head || c->last == before)
            break;
        from = c->last + 1;
    }
    return 0;
}

//  Where each stream is now: live events at or below are not shown.
static int
s_baseline (mon_tail_t *self, vp_err_t *err)
{
    vp_val_t *result = NULL;
    vp_err_t why = { 0 };
    if (vp_cmdcli_call (self->replay, "bus.stats", NULL, NULL, NULL, S_REPLAY_TIMEOUT_MS,
                        &result, &why)) {
        if (zsys_interrupted)
            return 0;
        return vp_err_set (err, why.code ? why.code : VP_E_UNAVAILABLE, "",
                           "cannot read the heads of the bus: %s (is vp-bus running?)",
                           why.message);
    }
    vp_val_t *heads = vp_map_get (result, "heads");
    for (size_t i = 0; vp_val_type (heads) == VP_MAP && i < vp_val_len (heads); i++) {
        const char *stream = vp_map_key_at (heads, i);
        if (self->opts.stream && strcmp (stream, self->opts.stream) != 0)
            continue;
        s_cursor_t *c = s_cursor (self, stream);
        if (c)
            c->last = vp_val_get_int (vp_map_value_at (heads, i));
    }
    if (self->opts.stream)
        s_cursor (self, self->opts.stream);
    vp_val_destroy (&result);
    return 0;
}

static int
s_on_event (mon_tail_t *self, const vp_val_t *env, vp_err_t *err)
{
    const char *stream = vp_map_str (env, "stream");
    if (self->opts.stream && (!stream || strcmp (stream, self->opts.stream) != 0))
        return 0;
    vp_val_t *seqv = vp_map_get (env, "seq");
    s_cursor_t *c = vp_val_is_uint (seqv) ? s_cursor (self, stream) : NULL;
    if (!c) {
        s_show (self, env);
        return 0;
    }
    int64_t seq = vp_val_get_int (seqv);
    if (seq <= c->last)
        return 0;                   //  already shown, from the replay
    if (seq > c->last + 1) {
        //  A gap: the replay brings the missing events and this one.
        if (s_replay (self, stream, c->last + 1, err))
            return -1;
        c = s_cursor (self, stream);
        if (self->done || seq != c->last + 1)
            return 0;
    }
    c->last = seq;
    s_show (self, env);
    return 0;
}

//  Every event published before a heartbeat has arrived before it: a head
//  past a cursor means the tail of that stream was lost on the way.
static int
s_on_heartbeat (mon_tail_t *self, const vp_val_t *env, vp_err_t *err)
{
    vp_val_t *heads = vp_map_get (vp_map_get (env, "data"), "heads");
    for (size_t i = 0; vp_val_type (heads) == VP_MAP && i < vp_val_len (heads); i++) {
        const char *stream = vp_map_key_at (heads, i);
        if (self->opts.stream && strcmp (stream, self->opts.stream) != 0)
            continue;
        s_cursor_t *c = s_cursor (self, stream);
        if (c && vp_val_get_int (vp_map_value_at (heads, i)) > c->last
        &&  s_replay (self, stream, c->last + 1, err))
            return -1;
    }
    return 0;
}

static int
s_on_message (mon_tail_t *self, zmsg_t *msg, vp_err_t *err)
{
    zframe_t *body = zmsg_last (msg);
    vp_val_t *env = NULL;
    vp_err_t why = { 0 };
    if (!body || vp_decode (zframe_data (body), zframe_size (body), &self->limits, &env, &why)
    ||  vp_val_type (env) != VP_MAP) {
        int held = 0;
        if (vp_ratelimit_ok (&self->warnings, &held))
            vp_warn ("skipped an unreadable message from the bus: %s%s",
                     body ? why.message : "no body", held ? " (and others)" : "");
        vp_val_destroy (&env);
        return 0;
    }
    const char *type = vp_map_str (env, "type");
    int rc = type && strcmp (type, "bus.heartbeat") == 0
           ? s_on_heartbeat (self, env, err)
           : s_on_event (self, env, err);
    vp_val_destroy (&env);
    return rc;
}

int
mon_tail_run (mon_tail_t *self, vp_err_t *err)
{
    self->quiet_since = vp_clock_mono ();
    int rc;
    if (self->opts.from) {
        s_cursor (self, self->opts.stream)->last = self->opts.from - 1;
        rc = s_replay (self, self->opts.stream, self->opts.from, err);
    }
    else
        rc = s_baseline (self, err);
    if (rc || self->done || zsys_interrupted)
        return rc;
    if (self->opts.stream)
        vp_info ("following %s live after seq %lld", self->opts.stream,
                 (long long) s_cursor (self, self->opts.stream)->last);
    else
        vp_info ("following every stream live");

    zpoller_t *poller = zpoller_new (self->sub, NULL);
    while (!self->done && !zsys_interrupted) {
        int wait = S_POLL_MS;
        if (self->opts.timeout_ms) {
            int64_t left = self->quiet_since + self->opts.timeout_ms - vp_clock_mono ();
            if (left <= 0)
                break;
            if (left < wait)
                wait = (int) left;
        }
        if (!zpoller_wait (poller, wait)) {
            if (zpoller_terminated (poller))
                break;
            continue;
        }
        zmsg_t *msg = zmsg_recv (self->sub);
        if (!msg)
            break;
        rc = s_on_message (self, msg, err);
        zmsg_destroy (&msg);
        if (rc)
            break;
    }
    zpoller_destroy (&poller);
    return rc;
}
