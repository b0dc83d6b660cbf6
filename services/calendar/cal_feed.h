/*  cal_feed - the feeds a phone's calendar subscribes to.

    calendar.feed.url {officer? | body?} gives the secret URL of a feed
    (the whole commune's when neither): made once with a random token
    (32 bytes from the kernel, hex), kept in cal_feed, the same URL on
    every later call until renew=true or calendar.feed.revoke. The tokens
    never go on the bus: the bus is read by every service and operator,
    and a token is a password to someone's schedule.

    The URL is served by a read-only HTTP endpoint on VP_CALENDAR_HTTP
    (default tcp://127.0.0.1:5580; empty: off), a ZMQ_STREAM socket on the
    service's own loop: `GET /feeds/<token>.ics` answers the feed
    (text/calendar; charset=utf-8) and closes. Unknown or revoked token:
    404; another method: 405; anything that is not an HTTP/1.x request
    line: 400; a request over 8 KiB: 431. It never blocks the loop: it
    sends without waiting, answers one request per connection, and drops
    connections idle for 10 s or beyond 256 at once.
*/
#ifndef CAL_FEED_H_INCLUDED
#define CAL_FEED_H_INCLUDED

#include "cal_service.h"

//  Bind the HTTP endpoint (tcp://host:port; port * for any) on the
//  service's loop.
cal_feed_t *cal_feed_new (cal_service_t *service, const char *endpoint, vp_err_t *err);
void cal_feed_destroy (cal_feed_t **self_p);

//  The endpoint bound (the port chosen when it was *).
const char *cal_feed_endpoint (cal_feed_t *self);

//  "http://host:port" of an endpoint (localhost for * and 0.0.0.0).
void cal_feed_default_url (const char *endpoint, char *url, size_t size);

#endif
