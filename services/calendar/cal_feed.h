/*  cal_feed - the HTTP endpoint of the feeds a phone's calendar
    subscribes to (their secret URLs: cal_feed_token).

    The URL is served by a read-only HTTP endpoint on VP_CALENDAR_HTTP
    (default tcp://127.0.0.1:5580; empty: off): libmicrohttpd run on the
    service's own loop (no thread of its own), so a request reads the
    service's database from the thread that owns it. `GET /feeds/<token>.ics`
    answers the feed (text/calendar; charset=utf-8) and closes; HEAD the
    same head without the body. An answer carries a weak ETag (a hash of
    the feed without its DTSTAMP lines) and Last-Modified (when the feed
    first served that content since the service started), and is 304 to
    an If-None-Match that matches, or failing one, an If-Modified-Since
    not older than it. Cache-Control: no-cache, private: a phone checks
    each time (a 304 is cheap), a shared cache keeps nothing. Unknown or revoked
    token, another path: 404; another method: 405 (Allow: GET, HEAD);
    anything that is not an HTTP/1.x request: 400; a request line and
    headers over 8 KiB: 431 (past MHD's 16 KiB for a connection, MHD's
    own 414 or 431).

    A slow client cannot hold it: at most 8 connections at once from one
    address and 256 in all (more are closed as they come), each with 10 s
    to send its whole request however slowly it trickles in (then 408 and
    closed) and 120 s in all, its answer included.
*/
#ifndef CAL_FEED_H_INCLUDED
#define CAL_FEED_H_INCLUDED

#include "cal_service.h"

//  Bind the HTTP endpoint (tcp://host:port; host * for every IPv4
//  address, [address] for IPv6; port * for any) on the service's loop.
cal_feed_t *cal_feed_new (cal_service_t *service, const char *endpoint, vp_err_t *err);
void cal_feed_destroy (cal_feed_t **self_p);

//  The endpoint bound (the port chosen when it was *).
const char *cal_feed_endpoint (cal_feed_t *self);

//  "http://host:port" of an endpoint (localhost for * and 0.0.0.0).
void cal_feed_default_url (const char *endpoint, char *url, size_t size);

#endif
