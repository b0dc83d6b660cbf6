/*  vp_log - one line per event on stderr, logfmt or JSON. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "vp/vp_clock.h"
#include "vp/vp_log.h"

static char s_service[32] = "vp";
static vp_log_level_t s_level = VP_LOG_INFO;
static bool s_json = false;
static pthread_mutex_t s_lock = PTHREAD_MUTEX_INITIALIZER;
static const char *const s_level_names[] = { "debug", "info", "warn", "error" };

int
vp_log_init (const char *service, const char *level, const char *format)
{
    snprintf (s_service, sizeof s_service, "%s", service ? service : "vp");
    int found = -1;
    for (int i = 0; i < 4; i++)
        if (level && strcmp (level, s_level_names[i]) == 0)
            found = i;
    if (level && *level && found < 0)
        return -1;
    if (found >= 0)
        s_level = (vp_log_level_t) found;
    if (format && *format) {
        if (strcmp (format, "json") == 0)
            s_json = true;
        else
        if (strcmp (format, "logfmt") == 0)
            s_json = false;
        else
            return -1;
    }
    return 0;
}

bool
vp_log_enabled (vp_log_level_t level)
{
    return level >= s_level;
}

//  A line is made in memory and written at once: stderr is unbuffered, so
//  writing it piece by piece cost a write(2) per quoted character (about
//  80 per command logged, the most frequent syscall of a busy service).
typedef struct {
    char data[8192];
    size_t len;
} s_line_t;

static void
s_put (s_line_t *line, const char *s, size_t n)
{
    if (n > sizeof line->data - 1 - line->len)
        n = sizeof line->data - 1 - line->len;
    memcpy (line->data + line->len, s, n);
    line->len += n;
}

static void s_putc (s_line_t *line, char c) { s_put (line, &c, 1); }
static void s_puts (s_line_t *line, const char *s) { s_put (line, s, strlen (s)); }

//  Write s quoted for logfmt (when it has spaces, quotes or '=') or JSON.
static void
s_quoted (s_line_t *line, const char *s, bool json)
{
    bool plain = !json && *s;
    for (const char *p = s; plain && *p; p++)
        if (*p == ' ' || *p == '"' || *p == '=' || (unsigned char) *p < 0x20)
            plain = false;
    if (plain) {
        s_puts (line, s);
        return;
    }
    s_putc (line, '"');
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char) *p;
        if (c == '"' || c == '\\') {
            s_putc (line, '\\');
            s_putc (line, (char) c);
        }
        else
        if (c == '\n')
            s_puts (line, "\\n");
        else
        if (c < 0x20) {
            char hex[8];
            snprintf (hex, sizeof hex, "\\u%04x", c);
            s_puts (line, hex);
        }
        else
            s_putc (line, (char) c);
    }
    s_putc (line, '"');
}

static void
s_field (s_line_t *line, const char *key, const char *value, bool first)
{
    if (s_json) {
        s_puts (line, first ? "{\"" : ",\"");
        s_puts (line, key);
        s_puts (line, "\":");
        s_quoted (line, value, true);
    }
    else {
        if (!first)
            s_putc (line, ' ');
        s_puts (line, key);
        s_putc (line, '=');
        s_quoted (line, value, false);
    }
}

void
vp_log (vp_log_level_t level, const char *tenant, const char *corr, const char *fmt, ...)
{
    if (level < s_level)
        return;
    char msg[1024];
    va_list ap;
    va_start (ap, fmt);
    vsnprintf (msg, sizeof msg, fmt, ap);
    va_end (ap);
    char ts[32];
    vp_clock_iso (vp_clock_now (), ts, sizeof ts);

    s_line_t line;
    line.len = 0;
    s_field (&line, "ts", ts, true);
    s_field (&line, "level", s_level_names[level], false);
    s_field (&line, "service", s_service, false);
    if (tenant && *tenant)
        s_field (&line, "tenant", tenant, false);
    if (corr && *corr)
        s_field (&line, "corr", corr, false);
    s_field (&line, "msg", msg, false);
    //  The end of the line even when the text filled the buffer.
    if (line.len > sizeof line.data - 3)
        line.len = sizeof line.data - 3;
    s_puts (&line, s_json ? "}\n" : "\n");
    pthread_mutex_lock (&s_lock);
    fwrite (line.data, 1, line.len, stderr);
    fflush (stderr);
    pthread_mutex_unlock (&s_lock);
}

bool
vp_ratelimit_ok (vp_ratelimit_t *rl, int *suppressed)
{
    int64_t now = vp_clock_mono ();
    if (now - rl->window_start >= 1000) {
        rl->window_start = now;
        rl->count = 0;
    }
    if (rl->count < rl->burst) {
        rl->count++;
        if (suppressed)
            *suppressed = rl->suppressed;
        rl->suppressed = 0;
        return true;
    }
    rl->suppressed++;
    return false;
}
