/*  mon_format - the line vp-mon shows for one event. */
#include <sys/stat.h>
#include <time.h>
#include "mon_format.h"
#include "cli_table.h"
#include "vp/vp_fields.h"

#define S_DEFAULT_TZ "Asia/Ho_Chi_Minh"

int
mon_format_set_tz (const char *tz)
{
    if (!tz || !*tz)
        tz = S_DEFAULT_TZ;
    setenv ("TZ", tz, 1);
    tzset ();
    //  glibc falls back to UTC without a word when the zone file is
    //  missing (slim containers without tzdata): say so once.
    if (strchr (tz, '/') && *tz != '/' && *tz != ':') {
        const char *dir = getenv ("TZDIR");
        char path[512];
        snprintf (path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", tz);
        struct stat st;
        if (stat (path, &st) != 0)
            return -1;
    }
    return 0;
}

char *
mon_format_time (int64_t ms, char *buf, size_t size)
{
    int64_t secs = ms / 1000;
    int64_t frac = ms % 1000;
    if (frac < 0) {
        frac += 1000;
        secs--;
    }
    time_t t = (time_t) secs;
    struct tm tm;
    if (!localtime_r (&t, &tm)) {
        snprintf (buf, size, "%lld", (long long) ms);
        return buf;
    }
    char day[24];
    strftime (day, sizeof day, "%Y-%m-%d %H:%M:%S", &tm);
    snprintf (buf, size, "%s.%03d", day, (int) frac);
    return buf;
}

//  s[0..len-1] made safe for one terminal line (cli_text_safe).
static void
s_put_safe (FILE *out, const char *s, size_t len)
{
    char *part = strndup (s, len);
    char *safe = cli_text_safe (part, CTL_NO_CAP);
    fputs (safe, out);
    free (safe);
    free (part);
}

//  key=value, the value quoted when it has spaces (logfmt-like), "-"
//  when absent or empty.
static void
s_put_field (FILE *out, const char *key, const char *value)
{
    fprintf (out, " %s=", key);
    if (!value || !*value) {
        fputc ('-', out);
        return;
    }
    bool quote = strpbrk (value, " \"=") != NULL;
    if (quote)
        fputc ('"', out);
    s_put_safe (out, value, strlen (value));
    if (quote)
        fputc ('"', out);
}

//  The data as compact JSON, cut at MON_DATA_MAX bytes on a character
//  boundary (Vietnamese text is mostly multi-byte).
static void
s_put_data (FILE *out, const vp_val_t *data)
{
    char *json = vp_val_to_json (data);
    size_t len = strlen (json);
    bool cut = len > MON_DATA_MAX;
    len = vp_utf8_prefix (json, len, MON_DATA_MAX);
    fputc (' ', out);
    s_put_safe (out, json, len);
    if (cut)
        fputs ("…", out);
    free (json);
}

char *
mon_format_event (const vp_val_t *env, bool json)
{
    if (json)
        return vp_val_to_json (env);
    char *line = NULL;
    size_t size = 0;
    FILE *out = open_memstream (&line, &size);
    if (!out)
        return NULL;
    vp_val_t *ts = vp_map_get (env, VP_K_TS);
    char when[40] = "-";
    if (ts)
        mon_format_time (vp_val_get_int (ts), when, sizeof when);
    fputs (when, out);
    fputc (' ', out);
    const char *stream = vp_map_str (env, VP_K_STREAM);
    s_put_safe (out, stream ? stream : "?", strlen (stream ? stream : "?"));
    vp_val_t *seq = vp_map_get (env, VP_K_SEQ);
    if (vp_val_is_uint (seq))
        fprintf (out, "#%llu", (unsigned long long) vp_val_get_uint (seq));
    const char *type = vp_map_str (env, VP_K_TYPE);
    fputc (' ', out);
    s_put_safe (out, type ? type : "?", strlen (type ? type : "?"));
    s_put_field (out, "tenant", vp_map_str (env, VP_K_TENANT));
    s_put_field (out, "actor", vp_map_str (env, VP_K_ACTOR));
    s_put_field (out, "corr", vp_map_str (env, VP_K_CORR));
    vp_val_t *data = vp_map_get (env, VP_K_DATA);
    if (data)
        s_put_data (out, data);
    fclose (out);
    return line;
}
