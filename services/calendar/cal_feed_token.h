/*  cal_feed_token - the secret URLs of the feeds.

    calendar.feed.url {officer? | body?} gives the secret URL of a feed
    (the whole commune's when neither): made once with a random token
    (32 bytes from the kernel, hex), kept in cal_feed, the same URL on
    every later call until renew=true or calendar.feed.revoke. The tokens
    never go on the bus: the bus is read by every service and operator,
    and a token is a password to someone's schedule. cal_feed serves the
    URL; the commands are registered by cal_feed_register (cal_service.h).
*/
#ifndef CAL_FEED_TOKEN_H_INCLUDED
#define CAL_FEED_TOKEN_H_INCLUDED

#include "cal_service.h"

#define CAL_FEED_TOKEN_HEX 64       //  32 random bytes in lower-case hex

//  The token of the path /feeds/<token>.ics into token ("" when the path
//  is another).
void cal_feed_token_in (const char *path, char token[CAL_FEED_TOKEN_HEX + 1]);

//  The feed a live token opens: its tenant, and its officer or body (""
//  when not one's). False when the token is unknown or revoked.
bool cal_feed_token_find (cal_service_t *self, const char *token, char tenant[CAL_ID_MAX],
                          char officer[CAL_ID_MAX], char body[CAL_ID_MAX]);

#endif
