/*  vp_log - one line per event on stderr, logfmt or JSON.

    Every line has ts, level, service, and tenant and corr when known:
      ts=2026-11-27T07:00:00.000Z level=info service=bus tenant=lam-son corr=01J.. msg="..."
    VP_LOG_LEVEL (debug, info, warn, error) and VP_LOG_FORMAT (logfmt, json).
*/
#ifndef VP_LOG_H_INCLUDED
#define VP_LOG_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>

typedef enum { VP_LOG_DEBUG = 0, VP_LOG_INFO, VP_LOG_WARN, VP_LOG_ERROR } vp_log_level_t;

//  Returns -1 when level or format is not one of the known words.
int vp_log_init (const char *service, const char *level, const char *format);
bool vp_log_enabled (vp_log_level_t level);
void vp_log (vp_log_level_t level, const char *tenant, const char *corr,
             const char *fmt, ...) __attribute__ ((format (printf, 4, 5)));

#define vp_debug(...) vp_log (VP_LOG_DEBUG, NULL, NULL, __VA_ARGS__)
#define vp_info(...)  vp_log (VP_LOG_INFO, NULL, NULL, __VA_ARGS__)
#define vp_warn(...)  vp_log (VP_LOG_WARN, NULL, NULL, __VA_ARGS__)
#define vp_error(...) vp_log (VP_LOG_ERROR, NULL, NULL, __VA_ARGS__)

//  A limiter for lines a flood could repeat: at most `burst` lines per
//  second; vp_ratelimit_ok () says whether to log now, and *suppressed
//  how many were held back since the last line that went out.
typedef struct {
    int burst;
    int64_t window_start;
    int count;
    int suppressed;
} vp_ratelimit_t;

#define VP_RATELIMIT_INIT(burst) { (burst), 0, 0, 0 }
bool vp_ratelimit_ok (vp_ratelimit_t *rl, int *suppressed);

#endif
