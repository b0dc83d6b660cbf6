/*  vp_clock - wall time of the domain (injectable) and a monotonic clock. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "vp/vp_clock.h"

static vp_clock_fn *s_fn = NULL;
static void *s_arg = NULL;

static int64_t
s_from_file (const char *path)
{
    FILE *file = fopen (path, "r");
    long long ms = -1;
    if (file) {
        if (fscanf (file, "%lld", &ms) != 1)
            ms = -1;
        fclose (file);
    }
    return ms;
}

int64_t
vp_clock_now (void)
{
    if (s_fn)
        return s_fn (s_arg);
    const char *path = getenv ("VP_CLOCK_FILE");
    if (path && *path) {
        int64_t ms = s_from_file (path);
        if (ms >= 0)
            return ms;
    }
    struct timespec ts;
    clock_gettime (CLOCK_REALTIME, &ts);
    return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
vp_clock_mono (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
vp_clock_set (vp_clock_fn *fn, void *arg)
{
    s_fn = fn;
    s_arg = arg;
}

char *
vp_clock_iso (int64_t ms, char *buf, size_t size)
{
    int64_t whole = ms / 1000, frac = ms % 1000;
    if (frac < 0) {             //  before 1970: round down, not towards zero
        frac += 1000;
        whole--;
    }
    time_t secs = (time_t) whole;
    struct tm tm;
    gmtime_r (&secs, &tm);
    snprintf (buf, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
              tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int) frac);
    return buf;
}
