/*  bench-nats - NATS JetStream figures for scripts/bench-peers.

    bench-nats --url U seq    [--count N] [--size B]       one publish at a time, each waits for its ack
    bench-nats --url U window [--count N] [--size B] [--window W]   async, W unacknowledged at most
    bench-nats --url U lag --subject S [--count N]        what arrives on S (vp-bridge's events):
                                                          envelope ts -> here, and the arrival rate
    seq and window publish to a stream BENCH (file storage, made afresh)
    with a Nats-Msg-Id each, as vp-bridge does. Prints one line of
    key=value figures.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "vp_nats.h"
#include "vp/vp.h"

static int
s_cmp (const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

static double
s_pct (double *v, int n, double p)
{
    if (n == 0)
        return 0;
    qsort (v, (size_t) n, sizeof *v, s_cmp);
    int i = (int) ceil (p * n) - 1;
    return v[i < 0 ? 0 : i];
}

static double
s_now_ms (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static natsMsg *
s_msg (int i, const char *body, int size)
{
    natsMsg *msg = NULL;
    char id[32];
    snprintf (id, sizeof id, "bench-%d", i);
    natsMsg_Create (&msg, "bench.probe.ping", NULL, body, size);
    natsMsgHeader_Set (msg, "Nats-Msg-Id", id);
    return msg;
}

int
main (int argc, char **argv)
{
    const char *url = "nats://127.0.0.1:4222", *mode = NULL, *subject = "vp.bench.>";
    int count = 20000, size = 300, window = 800;
    for (int i = 1; i < argc; i++) {
        const char *next = i + 1 < argc ? argv[i + 1] : "";
        if (strcmp (argv[i], "--url") == 0) url = next, i++;
        else if (strcmp (argv[i], "--count") == 0) count = atoi (next), i++;
        else if (strcmp (argv[i], "--size") == 0) size = atoi (next), i++;
        else if (strcmp (argv[i], "--window") == 0) window = atoi (next), i++;
        else if (strcmp (argv[i], "--subject") == 0) subject = next, i++;
        else mode = argv[i];
    }
    if (!mode || count < 1 || size < 1 || window < 1)
        return fprintf (stderr, "usage: bench-nats --url U seq|window|lag [--count N] [--size B] [--window W] [--subject S]\n"), 2;
    natsConnection *nc = NULL;
    jsCtx *js = NULL;
    jsOptions jo;
    jsOptions_Init (&jo);
    jo.PublishAsync.MaxPending = window;
    if (natsConnection_ConnectTo (&nc, url) != NATS_OK || natsConnection_JetStream (&js, nc, &jo) != NATS_OK)
        return fprintf (stderr, "bench-nats: no JetStream at %s\n", url), 2;
    char *body = (char *) calloc (1, (size_t) size);
    memset (body, 'x', (size_t) size);
    double *lat = (double *) calloc ((size_t) count, sizeof (double));
    int rc = 0;
    if (strcmp (mode, "lag") == 0) {
        natsSubscription *sub = NULL;
        natsConnection_SubscribeSync (&sub, nc, subject);
        natsSubscription_SetPendingLimits (sub, -1, -1);
        double first = 0, last = 0;
        int n = 0;
        vp_limits_t limits = vp_limits_default ();
        while (n < count) {
            natsMsg *msg = NULL;
            if (natsSubscription_NextMsg (&msg, sub, 30000) != NATS_OK)
                break;
            last = s_now_ms ();
            if (n == 0)
                first = last;
            vp_val_t *env = NULL;
            vp_err_t err = { 0 };
            if (vp_decode (natsMsg_GetData (msg), (size_t) natsMsg_GetDataLength (msg), &limits, &env, &err) == 0)
                lat[n++] = (double) (vp_clock_now () - vp_map_int (env, "ts", 0));
            vp_val_destroy (&env);
            natsMsg_Destroy (msg);
        }
        double secs = (last - first) / 1e3;
        printf ("count=%d rate=%.0f lag_p50_ms=%.1f lag_p99_ms=%.1f\n", n,
                n > 1 && secs > 0 ? (n - 1) / secs : 0, s_pct (lat, n, 0.5), s_pct (lat, n, 0.99));
        rc = n == count ? 0 : 1;
        natsSubscription_Destroy (sub);
    }
    else {
        js_DeleteStream (js, "BENCH", NULL, NULL);
        jsStreamConfig sc;
        jsStreamConfig_Init (&sc);
        const char *subjects[] = { "bench.>" };
        sc.Name = "BENCH";
        sc.Subjects = subjects;
        sc.SubjectsLen = 1;
        sc.Storage = js_FileStorage;
        sc.Duplicates = 120000LL * 1000000;
        if (js_AddStream (NULL, js, &sc, NULL, NULL) != NATS_OK)
            return fprintf (stderr, "bench-nats: cannot make the stream BENCH\n"), 2;
        bool seq = strcmp (mode, "seq") == 0;
        double t0 = s_now_ms ();
        for (int i = 0; i < count; i++) {
            natsMsg *msg = s_msg (i, body, size);
            double a = s_now_ms ();
            natsStatus s = seq ? js_PublishMsg (NULL, js, msg, NULL, NULL) : js_PublishMsgAsync (js, &msg, NULL);
            lat[i] = s_now_ms () - a;
            natsMsg_Destroy (msg);
            if (s != NATS_OK)
                return fprintf (stderr, "bench-nats: publish %d: %s\n", i, natsStatus_GetText (s)), 2;
        }
        if (!seq) {
            jsPubOptions po;
            jsPubOptions_Init (&po);
            po.MaxWait = 30000;
            if (js_PublishAsyncComplete (js, &po) != NATS_OK)
                return fprintf (stderr, "bench-nats: not every publish acknowledged\n"), 2;
        }
        double secs = (s_now_ms () - t0) / 1e3;
        printf ("count=%d rate=%.0f", count, count / secs);
        if (seq)
            printf (" p50_ms=%.3f p99_ms=%.3f", s_pct (lat, count, 0.5), s_pct (lat, count, 0.99));
        printf ("\n");
        js_DeleteStream (js, "BENCH", NULL, NULL);
    }
    free (lat);
    free (body);
    jsCtx_Destroy (js);
    natsConnection_Destroy (nc);
    nats_Close ();
    return rc;
}
