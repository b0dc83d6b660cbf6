/*  test_calendar_feed_http - what a phone's calendar asks of a feed's URL.

    vp-bus, vp-staffing, vp-documents and vp-calendar with CURVE and the
    demo district; the feed of Phạm Văn Mẫu Một (Bí thư) over plain HTTP
    from 127.0.0.2. Checks that:
      (a) HEAD gives the head of GET (type, length, ETag, Last-Modified)
          and no body;
      (b) the ETag stays while the entries do, though each answer is
          stamped anew (DTSTAMP); If-None-Match with it (or *) is 304
          without a body; a changed entry gives a new ETag;
      (c) Last-Modified is when the feed first served its content;
          If-Modified-Since of it (in any of HTTP's three date forms) is
          304, one second earlier is 200, an If-None-Match that does not
          match wins over it; two changes in one second still move it;
      (d) an unknown token or path is 404; POST and PUT are 405 with
          Allow: GET, HEAD;
      (e) the commune's feed of 400 entries, far more than the socket
          buffers of a phone that reads slowly, comes whole.
*/
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "test_calendar_util.h"
#include "test_feed_client.h"

#define S_FROM "127.0.0.2"

static cal_test_t s_t;
static int s_port;
static char s_path[100];            //  /feeds/<token>.ics
static const char *s_entry;

//  Ask from S_FROM; the answer must come whole within 5 s.
static fc_answer_t
s_ask (const char *method, const char *path, const char *more)
{
    fc_answer_t answer;
    bool whole = fc_ask (S_FROM, s_port, fc_request (method, path, more), 5000, &answer);
    CHECK (whole, "%s %s: an answer and a close within 5 s (got %d in %lld ms)", method, path, answer.status,
           (long long) answer.ms);
    return answer;
}

static void
s_status (const fc_answer_t *answer, int status, const char *what)
{
    CHECK (answer->status == status, "%s: %d, got:\n%s", what, status, answer->head);
}

//  The clock of every process at 16/11/2026 hour:minute in the communes' zone.
static void
s_clock (int hour, int minute)
{
    tu_stack_set_clock (&s_t.stack, tu_local_ms (2026, 11, 16, hour, minute));
}

static void
s_change (const char *title)
{
    tu_drop (tu_ok_call (s_t.cal, GST, GST_CLERK, "calendar.entry.update", cal_word ("entry", s_entry),
                         cal_word ("title", title)));
}

static void
s_head (void)
{
    s_clock (9, 0);
    fc_answer_t get = s_ask ("GET", s_path, NULL);
    s_status (&get, 200, "GET of the feed");
    char uid[80];
    snprintf (uid, sizeof uid, "UID:%s.giang-son-tay@vanphong.invalid", s_entry);
    CHECK (strncmp (get.body, "BEGIN:VCALENDAR", 15) == 0 && strstr (get.body, uid),
           "the body is the feed, with %s:\n%s", uid, get.body);
    char length[32];
    snprintf (length, sizeof length, "%zu", get.body_size);
    char etag[64];
    snprintf (etag, sizeof etag, "%s", fc_header (&get, "ETag") ? fc_header (&get, "ETag") : "");
    CHECK (fc_header (&get, "Content-Length") && strcmp (fc_header (&get, "Content-Length"), length) == 0
           && strcmp (fc_header (&get, "Content-Type"), "text/calendar; charset=utf-8") == 0
           && strncmp (etag, "W/\"", 3) == 0 && strlen (etag) == 3 + 32 + 1
           && strcmp (fc_header (&get, "Cache-Control"), "no-cache, private") == 0,
           "GET: its length, text/calendar, a weak ETag, no-cache:\n%s", get.head);
    CHECK (fc_header (&get, "Last-Modified")
           && strcmp (fc_header (&get, "Last-Modified"), "Mon, 16 Nov 2026 02:00:00 GMT") == 0,
           "Last-Modified: the clock of the first request for this content (09:00 there, 02:00 GMT):\n%s",
           get.head);

    fc_answer_t head = s_ask ("HEAD", s_path, NULL);
    s_status (&head, 200, "HEAD of the feed");
    const char *names[] = { "Content-Type", "Content-Length", "ETag", "Last-Modified", "Cache-Control", NULL };
    for (int i = 0; names[i]; i++) {
        const char *got = fc_header (&head, names[i]), *want = fc_header (&get, names[i]);
        CHECK (got && strcmp (got, want) == 0, "HEAD: %s as GET's (%s):\n%s", names[i], want, head.head);
    }
    CHECK (head.body_size == 0, "HEAD: no body, got %zu bytes", head.body_size);
    tu_ok ("HEAD gives GET's head (%s bytes of text/calendar, ETag %s) and no body", length, etag);
    fc_answer_free (&get);
    fc_answer_free (&head);
}

static void
s_etag (void)
{
    fc_answer_t first = s_ask ("GET", s_path, NULL);
    char etag[64], match[128];
    snprintf (etag, sizeof etag, "%s", fc_header (&first, "ETag"));
    s_clock (9, 1);
    fc_answer_t again = s_ask ("GET", s_path, NULL);
    CHECK (strcmp (first.body, again.body) != 0 && strcmp (fc_header (&again, "ETag"), etag) == 0
           && strcmp (fc_header (&again, "Last-Modified"), "Mon, 16 Nov 2026 02:00:00 GMT") == 0,
           "a minute later: other bytes (DTSTAMP), the same ETag %s and Last-Modified:\n%s", etag, again.head);
    fc_answer_free (&first);
    fc_answer_free (&again);

    const char *matching[] = { etag, "\"nothing\", W/\"else\", ", "*", NULL };
    for (int i = 0; matching[i]; i++) {
        snprintf (match, sizeof match, "If-None-Match: %s%s\r\n", i == 1 ? matching[1] : "", i == 1 ? etag : matching[i]);
        fc_answer_t fresh = s_ask (i == 2 ? "HEAD" : "GET", s_path, match);
        s_status (&fresh, 304, match);
        CHECK (fresh.body_size == 0 && strcmp (fc_header (&fresh, "ETag"), etag) == 0
               && !fc_header (&fresh, "Content-Type"),
               "304 to %s: no body, the ETag, no Content-Type:\n%s", match, fresh.head);
        fc_answer_free (&fresh);
    }
    fc_answer_t other = s_ask ("GET", s_path, "If-None-Match: \"0123456789abcdef0123456789abcdef\"\r\n");
    s_status (&other, 200, "If-None-Match of another tag");
    fc_answer_free (&other);

    s_clock (9, 5);
    s_change ("Họp Đảng ủy (dời sang phòng họp 1)");
    snprintf (match, sizeof match, "If-None-Match: %s\r\n", etag);
    fc_answer_t changed = s_ask ("GET", s_path, match);
    s_status (&changed, 200, "If-None-Match of the old tag after a change");
    const char *renewed = fc_header (&changed, "ETag");
    CHECK (renewed && strcmp (renewed, etag) != 0 && strstr (changed.body, "dời sang phòng họp 1"),
           "the changed feed, under a new ETag (was %s):\n%s", etag, changed.head);
    snprintf (match, sizeof match, "If-None-Match: %s\r\n", renewed);
    fc_answer_t fresh = s_ask ("GET", s_path, match);
    s_status (&fresh, 304, "If-None-Match of the new tag");
    tu_ok ("ETag %s survives a new DTSTAMP; If-None-Match of it or * is 304 without a body; "
           "a changed entry gives %s", etag, renewed);
    fc_answer_free (&changed);
    fc_answer_free (&fresh);
}

//  The status of a GET with If-Modified-Since: since (and more lines).
static int
s_since (const char *since, const char *more)
{
    char lines[300];
    snprintf (lines, sizeof lines, "If-Modified-Since: %s\r\n%s", since, more ? more : "");
    fc_answer_t answer = s_ask ("GET", s_path, lines);
    int status = answer.status;
    CHECK (status != 304 || answer.body_size == 0, "a 304 has no body: %zu bytes", answer.body_size);
    fc_answer_free (&answer);
    return status;
}

static void
s_last_modified (void)
{
    fc_answer_t now = s_ask ("GET", s_path, NULL);
    CHECK (strcmp (fc_header (&now, "Last-Modified"), "Mon, 16 Nov 2026 02:05:00 GMT") == 0,
           "Last-Modified: 09:05 there, the first request after the change:\n%s", now.head);
    fc_answer_free (&now);
    CHECK (s_since ("Mon, 16 Nov 2026 02:05:00 GMT", NULL) == 304, "If-Modified-Since of it: 304");
    CHECK (s_since ("Monday, 16-Nov-26 02:05:00 GMT", NULL) == 304, "the same in RFC 850's form: 304");
    CHECK (s_since ("Mon Nov 16 02:05:00 2026", NULL) == 304, "the same in asctime's form: 304");
    CHECK (s_since ("Mon, 16 Nov 2026 02:04:59 GMT", NULL) == 200, "a second earlier: 200");
    CHECK (s_since ("yesterday", NULL) == 200, "a date that does not read: ignored, 200");
    CHECK (s_since ("Mon, 16 Nov 2026 02:05:00 GMT", "If-None-Match: \"another\"\r\n") == 200,
           "If-None-Match that does not match wins over a matching If-Modified-Since: 200");

    s_clock (10, 0);
    s_change ("Họp Đảng ủy (10:00)");
    now = s_ask ("GET", s_path, NULL);
    CHECK (strcmp (fc_header (&now, "Last-Modified"), "Mon, 16 Nov 2026 03:00:00 GMT") == 0,
           "changed at 10:00 there: Last-Modified 03:00 GMT:\n%s", now.head);
    fc_answer_free (&now);
    CHECK (s_since ("Mon, 16 Nov 2026 02:05:00 GMT", NULL) == 200, "If-Modified-Since of before the change: 200");
    CHECK (s_since ("Mon, 16 Nov 2026 03:00:00 GMT", NULL) == 304, "If-Modified-Since of the change: 304");

    //  Another change in the same second (the clock does not move).
    s_change ("Họp Đảng ủy (10:00, phòng họp 1)");
    now = s_ask ("GET", s_path, NULL);
    CHECK (strcmp (fc_header (&now, "Last-Modified"), "Mon, 16 Nov 2026 03:00:01 GMT") == 0,
           "a second change within the second: Last-Modified one second on:\n%s", now.head);
    fc_answer_free (&now);
    CHECK (s_since ("Mon, 16 Nov 2026 03:00:00 GMT", NULL) == 200,
           "If-Modified-Since of the first change does not hide the second: 200");
    tu_ok ("Last-Modified is when the content was first served; If-Modified-Since of it is 304, of before 200; "
           "two changes in a second still move it");
}

static void
s_refused (void)
{
    char path[100];
    snprintf (path, sizeof path, "/feeds/%064d.ics", 0);
    fc_answer_t answer = s_ask ("GET", path, NULL);
    s_status (&answer, 404, "an unknown token");
    fc_answer_free (&answer);
    answer = s_ask ("GET", "/", NULL);
    s_status (&answer, 404, "another path");
    fc_answer_free (&answer);
    const char *methods[] = { "POST", "PUT", NULL };
    for (int i = 0; methods[i]; i++) {
        answer = s_ask (methods[i], s_path, "Content-Length: 0\r\n");
        s_status (&answer, 405, methods[i]);
        CHECK (fc_header (&answer, "Allow") && strcmp (fc_header (&answer, "Allow"), "GET, HEAD") == 0,
               "%s: Allow: GET, HEAD:\n%s", methods[i], answer.head);
        fc_answer_free (&answer);
    }
    tu_ok ("an unknown token or path is 404; POST and PUT are 405 with Allow: GET, HEAD");
}

//  Reads a 4 KiB buffer at most every 10 ms, after waiting half a second.
static void
s_slow_reader (void)
{
    const int entries = 400;
    char title[300];
    memset (title, 0, sizeof title);
    for (int i = 0; i < entries; i++) {
        snprintf (title, sizeof title, "title=Tiếp công dân định kỳ, lượt %d: %0200d", i + 1, i);
        int64_t start = tu_local_ms (2026, 12, 1, 7, 0) + (int64_t) i * 3600000;
        CAL_ENTRY (&s_t, GST_CLERK, title, tu_ms_word ("start", start), tu_ms_word ("end", start + 1800000),
                   "posts=chu-tich-ubnd");
    }
    vp_val_t *r = tu_ok_call (s_t.cal, GST, GST_CLERK, "calendar.feed.url");
    char path[100];
    snprintf (path, sizeof path, "%s", strstr (tu_str (r, "url"), "/feeds/"));
    vp_val_destroy (&r);

    int fd = fc_connect (S_FROM, s_port, 4096);
    TU_CHECK (fd >= 0, "a connection from %s: %s", S_FROM, strerror (errno));
    struct pollfd item = { .fd = fd, .events = POLLOUT };
    TU_CHECK (poll (&item, 1, 5000) == 1, "connected within 5 s");
    const char *request = fc_request ("GET", path, NULL);
    TU_CHECK (send (fd, request, strlen (request), MSG_NOSIGNAL) == (ssize_t) strlen (request), "the request sent");
    tu_sleep_ms (500);
    char *data = NULL;
    size_t size = 0;
    FILE *mem = open_memstream (&data, &size);
    int64_t deadline = vp_clock_mono () + 30000;
    int reads = 0;
    for (bool closed = false; !closed && vp_clock_mono () < deadline; reads++) {
        char buf[4096];
        ssize_t n = recv (fd, buf, sizeof buf, MSG_DONTWAIT);
        if (n > 0)
            fwrite (buf, 1, (size_t) n, mem);
        closed = n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
        tu_sleep_ms (10);
    }
    fclose (mem);
    close (fd);
    const char *body = strstr (data, "\r\n\r\n");
    size_t length = 0;
    const char *field = strstr (data, "Content-Length: ");
    if (field)
        sscanf (field, "Content-Length: %zu", &length);
    size_t got = body ? size - (size_t) (body + 4 - data) : 0;
    CHECK (strncmp (data, "HTTP/1.1 200 ", 13) == 0 && body && length > 200000 && got == length
           && strstr (body, "lượt 400:") && strcmp (data + size - 15, "END:VCALENDAR\r\n") == 0,
           "the whole feed of %d entries, read 4 KiB at a time: Content-Length %zu, got %zu in %d reads",
           entries, length, got, reads);
    tu_ok ("the commune's feed of %d entries (%zu bytes) came whole to a phone reading 4 KiB every 10 ms "
           "(%d reads)", entries, got, reads);
    free (data);
}

int
main (void)
{
    cal_test_start (&s_t, "calendar-feed-http");
    s_port = fc_port (s_t.http);
    s_entry = CAL_ENTRY (&s_t, GST_CLERK, "title=Họp Đảng ủy", "start=18/11/2026 08:00", "end=18/11/2026 09:30",
                         "posts=bi-thu");
    vp_val_t *r = tu_ok_call (s_t.cal, GST, GST_BI_THU, "calendar.feed.url", "officer=" GST_BI_THU);
    const char *url = tu_str (r, "url");
    const char *feeds = strstr (url, "/feeds/");
    CHECK (feeds, "a feed URL: %s", url);
    snprintf (s_path, sizeof s_path, "%s", feeds);
    vp_val_destroy (&r);
    s_head ();
    s_etag ();
    s_last_modified ();
    s_refused ();
    s_slow_reader ();
    cal_test_stop (&s_t);
    printf ("test_calendar_feed_http: %d checks passed\n", tu_checks);
    return 0;
}
