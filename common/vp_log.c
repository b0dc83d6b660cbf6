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

//  Write s quoted for logfmt (when it has spaces, quotes or '=') or JSON.
static void
s_quoted (FILE *out, const char *s, bool json)
{
    bool plain = !json && *s;
    for (const char *p = s; plain && *p; p++)
        if (*p == ' ' || *p == '"' || *p == '=' || (unsigned char) *p < 0x20)
            plain = false;
    if (plain) {
        fputs (s, out);
        return;
    }
    fputc ('"', out);
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char) *p;
        if (c == '"' || c == '\\')
            fprintf (out, "\\%c", c);
        else
        if (c == '\n')
            fputs ("\\n", out);
        else
        if (c < 0x20)
            fprintf (out, "\\u%04x", c);
        else
            fputc (c, out);
    }
    fputc ('"', out);
}

static void
s_field (FILE *out, const char *key, const char *value, bool first)
{
    if (s_json) {
        fprintf (out, "%s\"%s\":", first ? "{" : ",", key);
        s_quoted (out, value, true);
    }
    else {
        fprintf (out, "%s%s=", first ? "" : " ", key);
        s_quoted (out, value, false);
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

    pthread_mutex_lock (&s_lock);
    s_field (stderr, "ts", ts, true);
    s_field (stderr, "level", s_level_names[level], false);
    s_field (stderr, "service", s_service, false);
    if (tenant && *tenant)
        s_field (stderr, "tenant", tenant, false);
    if (corr && *corr)
        s_field (stderr, "corr", corr, false);
    s_field (stderr, "msg", msg, false);
    fputs (s_json ? "}\n" : "\n", stderr);
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
