/*  vp_clock - the time of the domain, injectable for tests.

    vp_clock_now () is wall time in ms since the epoch (UTC). Tests replace
    it in-process with vp_clock_set (), or across processes with the
    environment variable VP_CLOCK_FILE naming a file that holds the time in
    ms (read at each call; a test advances time by rewriting the file).
    Timeouts and rates use vp_clock_mono (), which is never faked.
*/
#ifndef VP_CLOCK_H_INCLUDED
#define VP_CLOCK_H_INCLUDED

#include <stddef.h>
#include <stdint.h>

typedef int64_t (vp_clock_fn) (void *arg);

int64_t vp_clock_now (void);
int64_t vp_clock_mono (void);
//  NULL restores the real clock.
void vp_clock_set (vp_clock_fn *fn, void *arg);

//  "2026-11-27T14:05:00.000Z"; buf of at least 32 bytes.
char *vp_clock_iso (int64_t ms, char *buf, size_t size);

#endif
