/*  vp_hash - SHA-256 of files and documents, as lowercase hex.

    The files of a document (scans up to 50 MB) are named by their SHA-256,
    hashed by vp-web before it sends them and by vp-documents when it stores
    them: OpenSSL's SHA-256 (SHA-NI or AVX2 where the CPU has them), about
    ten times libsodium's portable one on the machines we measured
    (docs/performance.md, the web's upload).
*/
#ifndef VP_HASH_H_INCLUDED
#define VP_HASH_H_INCLUDED

#include <stddef.h>

#define VP_SHA256_HEX 65

//  SHA-256 of size bytes, as 64 lowercase hex digits and a NUL.
void vp_sha256_hex (const void *data, size_t size, char hex[VP_SHA256_HEX]);

//  The same over bytes given in parts.
typedef struct vp_sha256 vp_sha256_t;
vp_sha256_t *vp_sha256_new (void);
void vp_sha256_add (vp_sha256_t *self, const void *data, size_t size);
//  The digest, and the state freed.
void vp_sha256_end (vp_sha256_t **self_p, char hex[VP_SHA256_HEX]);

#endif
