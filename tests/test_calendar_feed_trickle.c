/*  test_calendar_feed_trickle - clients that send their request a byte at
    a time do not take the feeds from everyone else.

    vp-bus, vp-staffing, vp-documents and vp-calendar with CURVE and the
    demo district. For 15 s, 256 connections from 127.0.0.1 each send a
    feed request one byte every 2 s, never finishing it, and connect again
    when closed, as an attacker would. Meanwhile, checks that:
      (a) a phone at 127.0.0.2 asking four times a second gets its feed
          (200) within a second, every time;
      (b) 127.0.0.1 holds at most 8 connections at once: the others are
          closed as soon as they connect;
      (c) a connection from 127.0.0.3 that sends a byte every 500 ms (so
          never idle for MHD's own timeout) gets 408 and is closed 10 s
          after it connected, though it keeps sending; so are the
          connections 127.0.0.1 holds, and one from 127.0.0.4 that sends
          nothing at all.
*/
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "test_calendar_util.h"
#include "test_feed_client.h"

#define S_TRICKLERS 256
#define S_TRICKLE_EVERY_MS 2000
#define S_RUN_MS 15000
#define S_PHONE_EVERY_MS 250
#define S_SLOW_EVERY_MS 500
#define S_PER_ADDRESS_MAX 8         //  vp-calendar's limit
#define S_REQUEST_MS 10000          //  vp-calendar's time for a whole request

typedef struct {
    int fd;                         //  -1 when closed
    int64_t since;                  //  mono ms it connected
    size_t sent;                    //  bytes of the request sent
    char got[64];                   //  the start of what the server said
} s_trickler_t;

static cal_test_t s_t;
static int s_port;
static char s_path[100];
static char s_request[300];         //  never finished: the headers go on

//  Send the next byte of the request (then 'a's for ever).
static void
s_send_byte (s_trickler_t *c)
{
    size_t len = strlen (s_request);
    char byte = c->sent < len ? s_request[c->sent] : 'a';
    if (send (c->fd, &byte, 1, MSG_DONTWAIT | MSG_NOSIGNAL) == 1)
        c->sent++;
}

//  Whether the server closed c (or answered it, which it does only to
//  close); what it said goes to c->got.
static bool
s_closed (s_trickler_t *c)
{
    char buf[512];
    ssize_t n = recv (c->fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n > 0 && !*c->got)
        snprintf (c->got, sizeof c->got, "%.*s", (int) n, buf);
    return n >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
}

static int
s_compare (const void *a, const void *b)
{
    int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
    return x < y ? -1 : x > y;
}

static void
s_trickle (void)
{
    static s_trickler_t tricklers[S_TRICKLERS];
    static int64_t phone_ms[S_RUN_MS / S_PHONE_EVERY_MS + 8];
    int phones = 0, refused = 0, reconnects = 0, held_max = 0, cut = 0;
    int64_t held_life_min = -1, held_life_max = 0;
    int64_t start = vp_clock_mono ();
    for (int i = 0; i < S_TRICKLERS; i++) {
        tricklers[i] = (s_trickler_t) { .fd = fc_connect ("127.0.0.1", s_port, 0), .since = start };
        TU_CHECK (tricklers[i].fd >= 0, "connection %d from 127.0.0.1: %s", i, strerror (errno));
    }
    s_trickler_t slow = { .fd = fc_connect ("127.0.0.3", s_port, 0), .since = start };
    s_trickler_t silent = { .fd = fc_connect ("127.0.0.4", s_port, 0), .since = start };
    TU_CHECK (slow.fd >= 0 && silent.fd >= 0, "connections from 127.0.0.3 and .4: %s", strerror (errno));
    int64_t slow_life = -1, silent_life = -1;
    int64_t next_trickle = start, next_phone = start + 100, next_slow = start;
    for (int round = 0; round < 5000 && vp_clock_mono () < start + S_RUN_MS; round++) {
        int64_t now = vp_clock_mono ();
        if (now >= next_trickle) {
            int held = 0;
            for (int i = 0; i < S_TRICKLERS; i++) {
                s_trickler_t *c = &tricklers[i];
                if (s_closed (c)) {
                    int64_t life = now - c->since;
                    if (c->sent <= 1 && life < S_REQUEST_MS / 2)
                        refused++;
                    else {
                        cut++;
                        held_life_max = life > held_life_max ? life : held_life_max;
                        held_life_min = held_life_min < 0 || life < held_life_min ? life : held_life_min;
                    }
                    close (c->fd);
                    *c = (s_trickler_t) { .fd = fc_connect ("127.0.0.1", s_port, 0), .since = now };
                    TU_CHECK (c->fd >= 0, "connecting again from 127.0.0.1: %s", strerror (errno));
                    reconnects++;
                }
                else
                if (c->sent > 0)
                    held++;
                s_send_byte (c);
            }
            held_max = held > held_max ? held : held_max;
            next_trickle += S_TRICKLE_EVERY_MS;
        }
        if (slow.fd >= 0 && s_closed (&slow)) {
            slow_life = now - slow.since;
            close (slow.fd);
            slow.fd = -1;
        }
        if (silent.fd >= 0 && s_closed (&silent)) {
            silent_life = now - silent.since;
            close (silent.fd);
            silent.fd = -1;
        }
        if (slow.fd >= 0 && now >= next_slow) {
            s_send_byte (&slow);
            next_slow += S_SLOW_EVERY_MS;
        }
        if (now >= next_phone) {
            fc_answer_t answer;
            bool whole = fc_ask ("127.0.0.2", s_port, fc_request ("GET", s_path, NULL), 3000, &answer);
            CHECK (whole && answer.status == 200 && strncmp (answer.body, "BEGIN:VCALENDAR", 15) == 0
                   && answer.ms < 1000,
                   "during the trickle (%.1f s in), the phone's request %d: 200 with the feed within a second, "
                   "got %d in %lld ms", (double) (now - start) / 1000, phones + 1, answer.status,
                   (long long) answer.ms);
            phone_ms[phones++] = answer.ms;
            fc_answer_free (&answer);
            next_phone += S_PHONE_EVERY_MS;
        }
        tu_sleep_ms (20);
    }
    for (int i = 0; i < S_TRICKLERS; i++)
        close (tricklers[i].fd);
    if (slow.fd >= 0)
        close (slow.fd);
    if (silent.fd >= 0)
        close (silent.fd);

    qsort (phone_ms, (size_t) phones, sizeof phone_ms[0], s_compare);
    CHECK (phones >= S_RUN_MS / S_PHONE_EVERY_MS - 4, "the phone asked all along: %d times", phones);
    tu_ok ("during the trickle, %d requests from 127.0.0.2 all got their feed: median %lld ms, slowest %lld ms",
           phones, (long long) phone_ms[phones / 2], (long long) phone_ms[phones - 1]);
    CHECK (held_max >= 1 && held_max <= S_PER_ADDRESS_MAX && refused >= S_TRICKLERS - S_PER_ADDRESS_MAX,
           "127.0.0.1 held at most %d at once: held %d, %d refused at once", S_PER_ADDRESS_MAX, held_max, refused);
    tu_ok ("127.0.0.1 held %d of its %d connections at once; %d were closed as soon as they connected "
           "(%d connections in all)", held_max, S_TRICKLERS, refused, S_TRICKLERS + reconnects);
    CHECK (slow_life >= S_REQUEST_MS - 500 && slow_life <= S_REQUEST_MS + 1500
           && strncmp (slow.got, "HTTP/1.1 408 ", 13) == 0,
           "127.0.0.3, a byte every %d ms: 408 and closed %d s after it connected; closed after %lld ms, said \"%s\"",
           S_SLOW_EVERY_MS, S_REQUEST_MS / 1000, (long long) slow_life, slow.got);
    CHECK (silent_life >= S_REQUEST_MS - 500 && silent_life <= S_REQUEST_MS + 1500
           && strncmp (silent.got, "HTTP/1.1 408 ", 13) == 0,
           "127.0.0.4, silent: 408 and closed %d s after it connected; closed after %lld ms, said \"%s\"",
           S_REQUEST_MS / 1000, (long long) silent_life, silent.got);
    CHECK (cut >= 1 && held_life_min >= S_REQUEST_MS - 500 && held_life_max <= S_REQUEST_MS + S_TRICKLE_EVERY_MS + 500,
           "the connections 127.0.0.1 held were closed too, after 10 s (seen within a round of %d ms): "
           "%d of them, after %lld to %lld ms", S_TRICKLE_EVERY_MS, cut, (long long) held_life_min,
           (long long) held_life_max);
    tu_ok ("sending a byte every %d ms, 127.0.0.3 got 408 and was closed after %lld ms; silent 127.0.0.4 after "
           "%lld ms; the %d held from 127.0.0.1 after %lld–%lld ms (seen every %d ms)", S_SLOW_EVERY_MS,
           (long long) slow_life, (long long) silent_life, cut, (long long) held_life_min,
           (long long) held_life_max, S_TRICKLE_EVERY_MS);
}

//  What vp-calendar said of it: the refusals at the limit, the
//  connections it closed; a line a second at most of each.
static void
s_log (void)
{
    FILE *file = fopen (s_t.stack.log, "r");
    TU_CHECK (file, "cannot read %s", s_t.stack.log);
    char line[2048];
    int limit = 0, closed = 0;
    for (int n = 0; n < 1000000 && fgets (line, sizeof line, file); n++) {
        if (strstr (line, "service=calendar") && strstr (line, "level=warn") && strstr (line, "connection limit"))
            limit++;
        if (strstr (line, "service=calendar") && strstr (line, "level=warn") && strstr (line, "took longer than"))
            closed++;
    }
    fclose (file);
    CHECK (limit >= 1 && limit <= S_RUN_MS / 1000 + 2 && closed >= 1, "vp-calendar warned of the refusals (%d lines) and the closings (%d lines)",
           limit, closed);
    tu_ok ("vp-calendar warned of the refusals at the limit (%d lines, rate-limited) and of the connections it "
           "closed (%d lines)", limit, closed);
}

int
main (void)
{
    cal_test_start (&s_t, "calendar-feed-trickle");
    s_port = fc_port (s_t.http);
    CAL_ENTRY (&s_t, GST_CLERK, "title=Họp Đảng ủy", "start=18/11/2026 08:00", "end=18/11/2026 09:30",
               "posts=bi-thu");
    vp_val_t *r = tu_ok_call (s_t.cal, GST, GST_BI_THU, "calendar.feed.url", "officer=" GST_BI_THU);
    const char *feeds = strstr (tu_str (r, "url"), "/feeds/");
    CHECK (feeds, "a feed URL: %s", tu_str (r, "url"));
    snprintf (s_path, sizeof s_path, "%s", feeds);
    vp_val_destroy (&r);
    snprintf (s_request, sizeof s_request, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ", s_path);
    s_trickle ();
    s_log ();
    cal_test_stop (&s_t);
    printf ("test_calendar_feed_trickle: %d checks passed\n", tu_checks);
    return 0;
}
