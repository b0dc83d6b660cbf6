/*  vp_id - ULIDs, monotonic within one process. */
#include <pthread.h>
#include <sodium.h>
#include <string.h>
#include <sys/random.h>
#include "vp/vp_clock.h"
#include "vp/vp_id.h"

static const char s_alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static pthread_mutex_t s_lock = PTHREAD_MUTEX_INITIALIZER;
static int64_t s_last_ms = -1;
static unsigned char s_last_rand[10];

static void
s_random (unsigned char *buf, size_t size)
{
    size_t got = 0;
    while (got < size) {
        ssize_t n = getrandom (buf + got, size - got, 0);
        if (n > 0)
            got += (size_t) n;
    }
}

//  128 bits as 26 base32 characters, the first carrying 3 bits.
static void
s_encode (const unsigned char bytes[16], char out[VP_ID_LEN + 1])
{
    for (int i = 0; i < VP_ID_LEN; i++) {
        int bit = 128 - 5 * (VP_ID_LEN - i);     //  start bit, -2 for the first
        unsigned value = 0;
        for (int b = 0; b < 5; b++) {
            int at = bit + b;
            value <<= 1;
            if (at >= 0)
                value |= (bytes[at / 8] >> (7 - at % 8)) & 1;
        }
        out[i] = s_alphabet[value];
    }
    out[VP_ID_LEN] = 0;
}

void
vp_id_new (char out[VP_ID_LEN + 1])
{
    unsigned char bytes[16];
    int64_t ms = vp_clock_now ();
    pthread_mutex_lock (&s_lock);
    if (ms <= s_last_ms) {
        //  Same (or an earlier, faked) millisecond: count up from the last id.
        ms = s_last_ms;
        int i = 9;
        while (i >= 0 && ++s_last_rand[i] == 0)
            i--;
        if (i < 0)
            ms = ++s_last_ms;   //  80 bits ran over: borrow the next millisecond
    }
    else
        s_random (s_last_rand, sizeof s_last_rand);
    s_last_ms = ms;
    for (int i = 0; i < 6; i++)
        bytes[i] = (unsigned char) (ms >> (40 - 8 * i));
    memcpy (bytes + 6, s_last_rand, 10);
    pthread_mutex_unlock (&s_lock);

    s_encode (bytes, out);
}

static int
s_digit (char c)
{
    const char *p = c ? strchr (s_alphabet, c) : NULL;
    return p ? (int) (p - s_alphabet) : -1;
}

bool
vp_id_valid (const char *s)
{
    if (!s || strlen (s) != VP_ID_LEN)
        return false;
    if (s[0] > '7')
        return false;           //  would overflow 128 bits
    for (int i = 0; i < VP_ID_LEN; i++)
        if (s_digit (s[i]) < 0)
            return false;
    return true;
}

int64_t
vp_id_time (const char *s)
{
    if (!vp_id_valid (s))
        return -1;
    int64_t ms = 0;
    for (int i = 0; i < 10; i++)
        ms = ms * 32 + s_digit (s[i]);
    return ms;
}

void
vp_id_derive (char out[VP_ID_LEN + 1], const char *cause, const void *what, size_t size)
{
    int64_t ms = vp_id_time (cause);
    if (ms < 0)
        ms = 0;
    unsigned char bytes[16], hash[16];
    for (int i = 0; i < 6; i++)
        bytes[i] = (unsigned char) (ms >> (40 - 8 * i));
    static const char domain[] = "vanphong id of an effect";
    crypto_generichash_state state;
    crypto_generichash_init (&state, NULL, 0, sizeof hash);
    crypto_generichash_update (&state, (const unsigned char *) domain, sizeof domain);
    crypto_generichash_update (&state, (const unsigned char *) cause, strlen (cause) + 1);
    crypto_generichash_update (&state, (const unsigned char *) what, size);
    crypto_generichash_final (&state, hash, sizeof hash);
    memcpy (bytes + 6, hash, 10);
    s_encode (bytes, out);
}
