/*  vp_hash - SHA-256 as lowercase hex, with OpenSSL's digest (vp_hash.h). */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include "vp/vp_hash.h"

struct vp_sha256 {
    EVP_MD_CTX *md;
};

static void
s_hex (const unsigned char *digest, unsigned n, char hex[VP_SHA256_HEX])
{
    static const char digits[] = "0123456789abcdef";
    for (unsigned i = 0; i < n && i < 32; i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 15];
    }
    hex[64] = 0;
}

void
vp_sha256_hex (const void *data, size_t size, char hex[VP_SHA256_HEX])
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned n = 0;
    EVP_Digest (data, size, digest, &n, EVP_sha256 (), NULL);
    s_hex (digest, n, hex);
}

vp_sha256_t *
vp_sha256_new (void)
{
    vp_sha256_t *self = (vp_sha256_t *) calloc (1, sizeof *self);
    self->md = EVP_MD_CTX_new ();
    EVP_DigestInit_ex (self->md, EVP_sha256 (), NULL);
    return self;
}

void
vp_sha256_add (vp_sha256_t *self, const void *data, size_t size)
{
    EVP_DigestUpdate (self->md, data, size);
}

void
vp_sha256_end (vp_sha256_t **self_p, char hex[VP_SHA256_HEX])
{
    vp_sha256_t *self = *self_p;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned n = 0;
    EVP_DigestFinal_ex (self->md, digest, &n);
    s_hex (digest, n, hex);
    EVP_MD_CTX_free (self->md);
    free (self);
    *self_p = NULL;
}
