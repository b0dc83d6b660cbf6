/*  out_sign - a detached CMS signature of a PDF with a key in a PKCS#11
    token, and its verification (see out_sign.c). */
#ifndef OUT_SIGN_H_INCLUDED
#define OUT_SIGN_H_INCLUDED

#include "vp/vp.h"

typedef struct {
    char subject[400], issuer[400], serial[80];
    int64_t not_before, not_after;  //  the certificate's validity (ms)
    int64_t signed_at;              //  signingTime (ms)
    char chain[1400];               //  the verified chain, signer first: "subject <- issuer ..."
} out_sig_info_t;

//  Sign pdf with the key and certificate labelled `label` in the token
//  (label `token`, NULL: any) opened with pin, at `at` (ms, the
//  signingTime; the certificate is checked at that time). The DER CMS is
//  malloc'd into *cms. Refusals name "pin" (wrong PIN), "certificate"
//  (expired, revoked, untrusted) or "token".
int out_sign_pdf (const void *pdf, size_t size, const char *label, const char *token, const char *pin,
                  int64_t at, unsigned char **cms, size_t *cms_size, out_sig_info_t *info, vp_err_t *err);
//  Verify a detached CMS over pdf: the certificate at the signing time,
//  then the content ("pdf" when it changed).
int out_sign_verify (const void *pdf, size_t size, const unsigned char *cms, size_t cms_size,
                     out_sig_info_t *info, vp_err_t *err);
//  The fields of info into map.
void out_sig_info_put (const out_sig_info_t *info, vp_val_t *map);

#endif
