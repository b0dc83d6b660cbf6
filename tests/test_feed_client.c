/*  test_feed_client - HTTP to the feeds from a chosen loopback address. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>
#include "test_feed_client.h"
#include "testutil.h"

int
fc_connect (const char *from, int port, int rcvbuf)
{
    int fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    //  Before the connect: the window the server sees follows from it.
    if (rcvbuf)
        setsockopt (fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    struct sockaddr_in src = { .sin_family = AF_INET };
    struct sockaddr_in dst = { .sin_family = AF_INET, .sin_port = htons ((uint16_t) port) };
    inet_pton (AF_INET, from, &src.sin_addr);
    inet_pton (AF_INET, "127.0.0.1", &dst.sin_addr);
    if (bind (fd, (struct sockaddr *) &src, sizeof src)
    ||  (connect (fd, (struct sockaddr *) &dst, sizeof dst) && errno != EINPROGRESS)) {
        close (fd);
        return -1;
    }
    return fd;
}

//  Wait for events on fd until deadline (mono ms); false when time ran out.
static bool
s_wait (int fd, short events, int64_t deadline)
{
    for (int attempt = 0; attempt < 1000; attempt++) {
        int64_t left = deadline - vp_clock_mono ();
        if (left <= 0)
            return false;
        struct pollfd item = { .fd = fd, .events = events };
        int rc = poll (&item, 1, (int) left);
        if (rc > 0)
            return true;
        if (rc < 0 && errno != EINTR)
            return false;
    }
    return false;
}

bool
fc_ask (const char *from, int port, const char *request, int timeout_ms, fc_answer_t *answer)
{
    memset (answer, 0, sizeof *answer);
    int64_t start = vp_clock_mono (), deadline = start + timeout_ms;
    int fd = fc_connect (from, port, 0);
    if (fd < 0)
        return false;
    size_t size = strlen (request), sent = 0;
    bool ok = true;
    while (ok && sent < size) {
        ssize_t n = send (fd, request + sent, size - sent, MSG_NOSIGNAL);
        if (n > 0)
            sent += (size_t) n;
        else
        if (n < 0 && (errno == EAGAIN || errno == EINPROGRESS || errno == ENOTCONN))
            ok = s_wait (fd, POLLOUT, deadline);
        else
            ok = false;
    }
    char *data = NULL;
    size_t len = 0;
    FILE *mem = open_memstream (&data, &len);
    bool closed = false;
    while (ok && !closed) {
        char buf[16384];
        ssize_t n = recv (fd, buf, sizeof buf, 0);
        if (n > 0)
            fwrite (buf, 1, (size_t) n, mem);
        else
        if (n == 0 || (errno != EAGAIN && errno != EINTR))
            closed = true;
        else
            ok = s_wait (fd, POLLIN, deadline);
    }
    fclose (mem);
    close (fd);
    answer->ms = vp_clock_mono () - start;
    char *end = strstr (data, "\r\n\r\n");
    size_t head = end ? (size_t) (end - data) + 2 : len;
    answer->head = strndup (data, head);
    answer->body_size = end ? len - head - 2 : 0;
    answer->body = (char *) malloc (answer->body_size + 1);
    memcpy (answer->body, data + len - answer->body_size, answer->body_size);
    answer->body[answer->body_size] = 0;
    sscanf (answer->head, "HTTP/1.%*d %d", &answer->status);
    free (data);
    return ok && closed;
}

const char *
fc_request (const char *method, const char *path, const char *more)
{
    static char requests[4][1024];
    static int n;
    char *request = requests[n++ % 4];
    snprintf (request, 1024, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: vanphong-test\r\n%s\r\n",
              method, path, more ? more : "");
    return request;
}

const char *
fc_header (const fc_answer_t *answer, const char *name)
{
    static char values[8][1024];
    static int n;
    size_t len = strlen (name);
    for (const char *line = answer->head ? strstr (answer->head, "\r\n") : NULL; line && line[2];
         line = strstr (line + 2, "\r\n")) {
        const char *start = line + 2;
        if (strncasecmp (start, name, len) == 0 && start[len] == ':') {
            const char *value = start + len + 1;
            while (*value == ' ')
                value++;
            const char *stop = strstr (value, "\r\n");
            char *out = values[n++ % 8];
            snprintf (out, 1024, "%.*s", stop ? (int) (stop - value) : (int) strlen (value), value);
            return out;
        }
    }
    return NULL;
}

void
fc_answer_free (fc_answer_t *answer)
{
    free (answer->head);
    free (answer->body);
    memset (answer, 0, sizeof *answer);
}

int
fc_port (const char *endpoint)
{
    const char *colon = strrchr (endpoint, ':');
    return colon ? atoi (colon + 1) : 0;
}
