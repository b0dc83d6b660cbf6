/*  test_secrecy_calendar - calendar.list, calendar.entry.get, the week
    (text and page), calendar.ical and the HTTP feed, for every kind of
    reader (part of test_secrecy_paths).

    The calendar never holds a secret document's text, so nobody reads it
    there, cleared or not: a secret meeting is the busy block "Cuộc họp
    (mật)" with its time and place, which the officer not cleared for it
    but invited sees on every one of these paths, the feed over HTTP (read
    by Python's icalendar too) included. The control meeting (thường)
    shows its title on the same paths.
*/
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include "test_secrecy.h"

#define S_DAY (24 * 3600 * 1000LL)

//  The officers of Lam Sơn who look at the calendar.
static const char *const s_officers[] = { LS_HEAD, LS_BI_THU, LS_CHU_TICH, LS_DIA_CHINH, NULL };

static sec_reader_t
s_kind (const char *officer)
{
    return sec_clearance_of (officer) ? SEC_CLEARED : SEC_UNCLEARED;
}

static const char *
s_word (const char *key, const char *value)
{
    static char words[16][300];
    static int n;
    char *w = words[n++ % 16];
    snprintf (w, 300, "%s=%s", key, value);
    return w;
}

//  iCalendar text unfolded (RFC 5545 3.1: CRLF then a blank goes on the
//  line), in place; its length.
static size_t
s_unfold (char *text, size_t len)
{
    size_t out = 0;
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '\r' && i + 2 < len && text[i + 1] == '\n' && (text[i + 2] == ' ' || text[i + 2] == '\t')) {
            i += 2;
            continue;
        }
        text[out++] = text[i];
    }
    text[out] = 0;
    return out;
}

//  GET url (http://127.0.0.1:PORT/...) over a plain socket: the whole
//  answer, headers and body, as the server wrote it (caller frees).
static char *
s_http_get (const char *url, size_t *len)
{
    int port = 0;
    char path[400] = "";
    TU_CHECK (sscanf (url, "http://127.0.0.1:%d%399s", &port, path) == 2, "not a loopback URL: %s", url);
    int fd = socket (AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons ((uint16_t) port),
                                .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
    struct timeval timeout = { 10, 0 };
    setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    setsockopt (fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    TU_CHECK (connect (fd, (struct sockaddr *) &addr, sizeof addr) == 0, "cannot connect to %s", url);
    char request[600];
    int n = snprintf (request, sizeof request, "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n", path, port);
    TU_CHECK (write (fd, request, (size_t) n) == n, "cannot send to %s", url);
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream (&text, &size);
    char buf[16384];
    ssize_t got;
    while ((got = read (fd, buf, sizeof buf)) > 0)
        fwrite (buf, 1, (size_t) got, out);
    close (fd);
    fclose (out);
    TU_CHECK (strncmp (text, "HTTP/1.1 200", 12) == 0, "GET %s: %.200s", url, text);
    *len = s_unfold (text, size);
    return text;
}

//  The feed parsed by Python's icalendar (tests/cal_ical_check.py).
static char *
s_parsed (const char *url)
{
    char command[1200];
    snprintf (command, sizeof command, "/usr/bin/python3 %s/tests/cal_ical_check.py '%s' 2>&1", VP_SOURCE_DIR, url);
    FILE *pipe = popen (command, "r");
    TU_CHECK (pipe, "cannot run %s", command);
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream (&text, &size);
    char buf[4096];
    size_t n;
    while ((n = fread (buf, 1, sizeof buf, pipe)) > 0)
        fwrite (buf, 1, n, out);
    fclose (out);
    int rc = pclose (pipe);
    TU_CHECK (WIFEXITED (rc) && WEXITSTATUS (rc) == 0, "cal_ical_check.py %s:\n%s", url, text);
    return text;
}

static const char *
s_local (int64_t ms, const char *format)
{
    static char out[8][40];
    static int n;
    return vp_time_format (ms, TU_ZONE, format, out[n++ % 8], 40);
}

//  --------------------------------------------------------------------------
//  The busy block an uncleared invitee sees

//  The entries of a list that are a meeting's (by its start), checked:
//  the busy block with its time and place, nobody and no document.
static void
s_busy_block (const char *where, const vp_val_t *entry, const sec_doc_t *d)
{
    CHECK (strncmp (tu_str (entry, "title"), VP_SECRET_MEETING, strlen (VP_SECRET_MEETING)) == 0
        && vp_map_int (entry, "start", 0) == d->start && vp_map_int (entry, "end", 0) == d->end
        && strcmp (tu_str (entry, "place"), d->place) == 0 && !vp_map_get (entry, "document")
        && vp_val_len (vp_map_get (entry, "participants")) == 0,
           "%s: %s (%s) should be a busy block \"%s\" %s-%s at %s: %s", where, d->id, sec_level_name[d->level],
           VP_SECRET_MEETING, s_local (d->start, "%d/%m %H:%M"), s_local (d->end, "%H:%M"), d->place,
           vp_val_to_json (entry));
}

static const vp_val_t *
s_entry_at (const vp_val_t *entries, int64_t start, const char *place)
{
    for (size_t i = 0; i < vp_val_len (entries); i++) {
        const vp_val_t *e = vp_array_at (entries, i);
        if (vp_map_int (e, "start", 0) == start && strcmp (tu_str (e, "place"), place) == 0)
            return e;
    }
    return NULL;
}

//  --------------------------------------------------------------------------
//  The paths

static void
s_lists (void)
{
    char from[64], to[64], where[200];
    snprintf (from, sizeof from, "from=%lld", (long long) sec.start);
    snprintf (to, sizeof to, "to=%lld", (long long) (sec.start + 21 * S_DAY));
    for (int o = 0; s_officers[o]; o++) {
        const char *who = s_officers[o];
        for (int own = 0; own < 2; own++) {
            vp_val_t *r = own ? tu_ok_call (sec.cal, LS, who, "calendar.list", from, to, s_word ("officer", who))
                              : tu_ok_call (sec.cal, LS, who, "calendar.list", from, to);
            char *text = vp_val_to_json (r);
            snprintf (where, sizeof where, "%s, as %s", own ? "own entries" : "the commune's", who);
            sec_none (s_kind (who), 0, "calendar.list", where, text);
            if (!own)
                sec_sees (s_kind (who), "calendar.list", where, text, sec_marker (0));
            if (strcmp (who, LS_DIA_CHINH) == 0)
                for (int i = 0; i < SEC_DOCS; i++) {
                    const sec_doc_t *d = &sec.docs[i];
                    if (!d->invitation || d->level == 0)
                        continue;
                    const vp_val_t *e = s_entry_at (vp_map_get (r, "entries"), d->start, d->place);
                    CHECK (e, "%s: no entry at %s in %s: %s", where, s_local (d->start, "%d/%m %H:%M"), d->place,
                           text);
                    s_busy_block (where, e, d);
                    sec_sees (SEC_UNCLEARED, "calendar.list", where, text, VP_SECRET_MEETING);
                }
            free (text);
            vp_val_destroy (&r);
        }
    }
}

static void
s_entries (vp_cmdcli_t *other, vp_cmdcli_t *op)
{
    vp_val_t *made = tu_stack_events (&sec.stack, "calendar", "calendar.entry_created", NULL, NULL);
    CHECK (vp_val_len (made) >= SEC_LEVELS, "%zu entries made", vp_val_len (made));
    vp_code_t code;
    char where[200];
    for (size_t i = 0; i < vp_val_len (made); i++) {
        const vp_val_t *data = vp_map_get (vp_array_at (made, i), "data");
        const char *entry = tu_str (data, "entry");
        const sec_doc_t *d = NULL;
        for (int k = 0; k < SEC_DOCS; k++)
            if (strcmp (sec.docs[k].id, tu_str (data, "document")) == 0)
                d = &sec.docs[k];
        for (int o = 0; s_officers[o]; o++) {
            const char *who = s_officers[o];
            snprintf (where, sizeof where, "%s (of %s), as %s", entry, d ? d->id : "-", who);
            vp_val_t *r = tu_ok_call (sec.cal, LS, who, "calendar.entry.get", s_word ("entry", entry));
            char *text = vp_val_to_json (r);
            sec_none (s_kind (who), 0, "calendar.entry.get", where, text);
            if (d && d->invitation && d->level == 0)
                sec_sees (s_kind (who), "calendar.entry.get", where, text, sec_marker (0));
            if (d && d->invitation && d->level > 0 && sec_clearance_of (who) < d->level) {
                s_busy_block (where, r, d);
                sec_sees (s_kind (who), "calendar.entry.get", where, text, VP_SECRET_MEETING);
            }
            free (text);
            vp_val_destroy (&r);
        }
        snprintf (where, sizeof where, "%s, as " GST_BI_THU " (own key)", entry);
        char *text = sec_callw (other, LS, GST_BI_THU, "calendar.entry.get", &code, s_word ("entry", entry));
        CHECK (code == VP_E_PERMISSION_DENIED, "%s: %s", where, text);
        sec_none (SEC_OTHER, -1, "calendar.entry.get", where, text);
        free (text);
        text = sec_callw (other, GST, GST_BI_THU, "calendar.entry.get", &code, s_word ("entry", entry));
        CHECK (code == VP_E_NOT_FOUND || code == VP_OK, "%s: %s", where, text);
        sec_none (SEC_OTHER, -1, "calendar.entry.get", where, text);
        free (text);
        text = sec_callw (op, LS, NULL, "calendar.entry.get", &code, s_word ("entry", entry));
        CHECK (code == VP_E_PERMISSION_DENIED, "%s as the operator: %s", entry, text);
        sec_none (SEC_OPERATOR, -1, "calendar.entry.get", "as the operator", text);
        free (text);
    }
    vp_val_destroy (&made);
}

static void
s_week (void)
{
    char date[64], where[200];
    snprintf (date, sizeof date, "date=%lld", (long long) (sec.start + 2 * S_DAY));
    for (int o = 0; s_officers[o]; o++) {
        const char *who = s_officers[o];
        vp_val_t *r = tu_ok_call (sec.cal, LS, who, "calendar.week", date);
        const char *forms[] = { "text", "html" };
        for (int f = 0; f < 2; f++) {
            const char *text = tu_str (r, forms[f]);
            char path[40];
            snprintf (path, sizeof path, "calendar.week (%s)", forms[f]);
            snprintf (where, sizeof where, "the week of %s, as %s", s_local (sec.start + 2 * S_DAY, "%d/%m/%Y"), who);
            sec_none (s_kind (who), 0, path, where, text);
            sec_sees (s_kind (who), path, where, text, sec_marker (0));
            if (strcmp (who, LS_DIA_CHINH) != 0)
                continue;
            for (int i = 0; i < SEC_DOCS; i++) {
                const sec_doc_t *d = &sec.docs[i];
                if (!d->invitation || d->level == 0)
                    continue;
                char when[64];
                snprintf (when, sizeof when, "%s – %s", s_local (d->start, "%H:%M"), s_local (d->end, "%H:%M"));
                //  The block, its time and its place on one row.
                const char *row = strstr (text, when);
                const char *eol = row ? strstr (row, f ? "</tr>" : "\n") : NULL;
                char line[2000] = "";
                if (row)
                    snprintf (line, sizeof line, "%.*s", eol ? (int) (eol - row) : 1999, row);
                //  The text cuts a long place ("…"): its first three words.
                char place[200];
                snprintf (place, sizeof place, "%s", d->place);
                char *cut = place;
                for (int w = 0; f == 0 && w < 3 && cut; w++)
                    cut = strchr (cut + 1, ' ');
                if (cut)
                    *cut = 0;
                CHECK (strstr (line, VP_SECRET_MEETING) && strstr (line, place),
                       "%s (%s): no row \"%s %s ... %s\":\n%s", where, forms[f], when, VP_SECRET_MEETING, place,
                       text);
                sec_sees (SEC_UNCLEARED, path, where, line, VP_SECRET_MEETING);
            }
        }
        vp_val_destroy (&r);
    }
}

static void
s_feeds (vp_cmdcli_t *other, vp_cmdcli_t *op)
{
    char where[200];
    vp_code_t code;
    //  calendar.ical: the feed as a command, the officer's and the commune's.
    for (int o = 0; s_officers[o]; o++) {
        const char *who = s_officers[o];
        for (int own = 0; own < 2; own++) {
            vp_val_t *r = own ? tu_ok_call (sec.cal, LS, who, "calendar.ical", s_word ("officer", who))
                              : tu_ok_call (sec.cal, LS, who, "calendar.ical");
            char *ics = strdup (tu_str (r, "ics"));
            size_t len = s_unfold (ics, strlen (ics));
            snprintf (where, sizeof where, "%s, as %s", own ? "own feed" : "the commune's feed", who);
            sec_none_at (__LINE__, s_kind (who), 0, "calendar.ical", where, ics, len);
            if (!own || strcmp (who, LS_DIA_CHINH) == 0)
                sec_sees_at (__LINE__, s_kind (who), "calendar.ical", where, ics, len, sec_marker (0));
            if (strcmp (who, LS_DIA_CHINH) == 0)
                sec_sees_at (__LINE__, SEC_UNCLEARED, "calendar.ical", where, ics, len, "SUMMARY:" VP_SECRET_MEETING);
            free (ics);
            vp_val_destroy (&r);
        }
    }
    //  Over HTTP: the uncleared invitee's feed, the commune's (the same
    //  to whoever holds its URL, so counted as the uncleared reader's),
    //  the Bí thư's.
    struct { const char *asker, *officer; sec_reader_t reader; } feeds[] = {
        { LS_DIA_CHINH, LS_DIA_CHINH, SEC_UNCLEARED }, { LS_HEAD, NULL, SEC_UNCLEARED },
        { LS_BI_THU, LS_BI_THU, SEC_CLEARED }
    };
    for (int f = 0; f < 3; f++) {
        vp_val_t *r = feeds[f].officer
                    ? tu_ok_call (sec.cal, LS, feeds[f].asker, "calendar.feed.url", s_word ("officer", feeds[f].officer))
                    : tu_ok_call (sec.cal, LS, feeds[f].asker, "calendar.feed.url");
        char url[400];
        snprintf (url, sizeof url, "%s", tu_str (r, "url"));
        vp_val_destroy (&r);
        size_t len = 0;
        char *body = s_http_get (url, &len);
        snprintf (where, sizeof where, "the feed of %s over HTTP", feeds[f].officer ? feeds[f].officer : "the commune");
        sec_none_at (__LINE__, feeds[f].reader, 0, "HTTP feed", where, body, len);
        if (f < 2)
            sec_sees_at (__LINE__, feeds[f].reader, "HTTP feed", where, body, len, sec_marker (0));
        free (body);
        if (f != 0)
            continue;
        //  The invitee's, read by an independent parser: each secret
        //  meeting is the busy block at its time and place.
        char *parsed = s_parsed (url);
        sec_none (SEC_UNCLEARED, 0, "HTTP feed", "parsed by icalendar", parsed);
        for (int i = 0; i < SEC_DOCS; i++) {
            const sec_doc_t *d = &sec.docs[i];
            if (!d->invitation || d->level == 0)
                continue;
            char want[600];
            snprintf (want, sizeof want, "|%s|%s|%s|%s|%s|", s_local (d->start, "%Y-%m-%dT%H:%M:%S+07:00"),
                      s_local (d->end, "%Y-%m-%dT%H:%M:%S+07:00"), TU_ZONE, VP_SECRET_MEETING, d->place);
            sec_sees (SEC_UNCLEARED, "HTTP feed", "parsed by icalendar", parsed, want);
        }
        free (parsed);
    }
    //  Another commune and an operator: no list, week, feed or URL of Lam Sơn.
    const char *cmds[] = { "calendar.list", "calendar.week", "calendar.ical", "calendar.feed.url" };
    for (int c = 0; c < 4; c++) {
        vp_cmdcli_t *clis[] = { other, op };
        for (int k = 0; k < 2; k++) {
            char from[64], to[64];
            snprintf (from, sizeof from, "from=%lld", (long long) sec.start);
            snprintf (to, sizeof to, "to=%lld", (long long) (sec.start + 21 * S_DAY));
            char *text = c == 0 ? sec_callw (clis[k], LS, k ? NULL : GST_BI_THU, cmds[c], &code, from, to)
                                : sec_callw (clis[k], LS, k ? NULL : GST_BI_THU, cmds[c], &code, NULL);
            snprintf (where, sizeof where, "lam-son, as %s", k ? "the operator" : GST_BI_THU);
            CHECK (code == VP_E_PERMISSION_DENIED, "%s %s: %s", cmds[c], where, text);
            sec_none (k ? SEC_OPERATOR : SEC_OTHER, -1, cmds[c], where, text);
            free (text);
        }
        char from[64], to[64];
        snprintf (from, sizeof from, "from=%lld", (long long) sec.start);
        snprintf (to, sizeof to, "to=%lld", (long long) (sec.start + 21 * S_DAY));
        char *text = c == 0 ? sec_callw (other, GST, GST_BI_THU, cmds[c], &code, from, to)
                            : sec_callw (other, GST, GST_BI_THU, cmds[c], &code, NULL);
        CHECK (code == VP_OK, "%s of " GST ": %s", cmds[c], text);
        sec_none (SEC_OTHER, -1, cmds[c], "own commune, as " GST_BI_THU, text);
        free (text);
    }
}

void
sec_probe_calendar (void)
{
    vp_cmdcli_t *other = tu_stack_officer (&sec.stack, "calendar", GST, GST_BI_THU);
    vp_cmdcli_t *op = tu_stack_operator (&sec.stack, "calendar");
    s_lists ();
    s_entries (other, op);
    s_week ();
    s_feeds (other, op);
    vp_cmdcli_destroy (&other);
    vp_cmdcli_destroy (&op);
    tu_ok ("calendar: no secret text on list, get, the week, ical or the HTTP feed for anyone; the uncleared "
           "invitee sees \"%s\" with its time and place", VP_SECRET_MEETING);
}
