/*  test_feed_client - HTTP/1.1 to vp-calendar's feeds as a phone speaks it,
    from a loopback address the test chooses.

    The whole of 127.0.0.0/8 is loopback: a socket bound to 127.0.0.2
    before it connects to 127.0.0.1 is, for the endpoint, another client
    than one from 127.0.0.1 (another address for the per-address limit).
*/
#ifndef TEST_FEED_CLIENT_H_INCLUDED
#define TEST_FEED_CLIENT_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    int status;                 //  of the status line; 0 when none came
    char *head;                 //  the status line and the headers
    char *body;                 //  what came after them (body_size bytes, NUL after)
    size_t body_size;
    int64_t ms;                 //  from the connect to the server's close
} fc_answer_t;

//  A non-blocking TCP socket from `from` (an IPv4 address) connecting to
//  127.0.0.1:port, with a receive buffer of rcvbuf bytes (0: the
//  system's); -1 when it cannot.
int fc_connect (const char *from, int port, int rcvbuf);

//  Send request whole, then read until the server closes, for at most
//  timeout_ms in all. False when there was no connection or the time ran
//  out; answer holds what came (free it either way).
bool fc_ask (const char *from, int port, const char *request, int timeout_ms, fc_answer_t *answer);

//  A request for path with more header lines (each ending "\r\n", or "")
//  in a static ring of 4 buffers.
const char *fc_request (const char *method, const char *path, const char *more);

//  The value of the first header of that name (any case), in a static
//  ring of 8 buffers; NULL when there is none.
const char *fc_header (const fc_answer_t *answer, const char *name);

void fc_answer_free (fc_answer_t *answer);

//  The port of "tcp://host:port".
int fc_port (const char *endpoint);

#endif
