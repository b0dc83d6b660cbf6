/*  web_tls - the certificate and key vp-web serves HTTPS with.

    Read and checked here, before libmicrohttpd gets them, so that a wrong
    path, a file that is not PEM, or a key of another certificate stops the
    start with the option and the path named (MHD itself only says it
    could not start).
*/
#include "web.h"
#include <errno.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <microhttpd.h>
#include <sodium.h>

//  The whole file, NUL-terminated (MHD takes PEM as a C string).
static char *
s_slurp (const char *option, const char *path, vp_err_t *err)
{
    FILE *f = fopen (path, "rb");
    if (!f) {
        vp_err_set (err, VP_E_INVALID_ARGUMENT, option, "%s: cannot read '%s': %s", option, path, strerror (errno));
        return NULL;
    }
    size_t cap = 4096, len = 0;
    char *data = (char *) malloc (cap);
    size_t n;
    while ((n = fread (data + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (len + 1 == cap) {
            if (cap >= 1024 * 1024)
                break;          //  no certificate chain is this long
            cap *= 2;
            data = (char *) realloc (data, cap);
        }
    }
    fclose (f);
    data[len] = 0;
    return data;
}

int
web_tls_load (web_t *self, const char *cert_path, const char *key_path, vp_err_t *err)
{
    bool cert = cert_path && *cert_path, key = key_path && *key_path;
    if (!cert && !key)
        return 0;               //  plain HTTP (loopback, or behind a proxy)
    if (!cert || !key)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, cert ? "web-key" : "web-cert",
                           "%s is empty but %s is '%s': HTTPS needs both", cert ? "web-key (VP_WEB_KEY)"
                           : "web-cert (VP_WEB_CERT)", cert ? "web-cert" : "web-key", cert ? cert_path : key_path);
    if (!MHD_is_feature_supported (MHD_FEATURE_TLS))
        return vp_err_set (err, VP_E_UNAVAILABLE, "web-cert", "web-cert: this libmicrohttpd has no TLS");
    self->tls_cert = s_slurp ("web-cert", cert_path, err);
    if (!self->tls_cert)
        return -1;
    self->tls_key = s_slurp ("web-key", key_path, err);
    if (!self->tls_key)
        return -1;
    gnutls_datum_t cd = { (unsigned char *) self->tls_cert, (unsigned) strlen (self->tls_cert) };
    gnutls_datum_t kd = { (unsigned char *) self->tls_key, (unsigned) strlen (self->tls_key) };
    gnutls_x509_crt_t crt;
    gnutls_x509_crt_init (&crt);
    int rc = gnutls_x509_crt_import (crt, &cd, GNUTLS_X509_FMT_PEM);
    gnutls_x509_crt_deinit (crt);
    if (rc < 0)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, "web-cert", "web-cert: '%s' is not a PEM certificate (%s)",
                           cert_path, gnutls_strerror (rc));
    gnutls_x509_privkey_t pk;
    gnutls_x509_privkey_init (&pk);
    rc = gnutls_x509_privkey_import (pk, &kd, GNUTLS_X509_FMT_PEM);
    gnutls_x509_privkey_deinit (pk);
    if (rc < 0)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, "web-key", "web-key: '%s' is not a PEM private key (%s)",
                           key_path, gnutls_strerror (rc));
    gnutls_certificate_credentials_t creds;
    gnutls_certificate_allocate_credentials (&creds);
    rc = gnutls_certificate_set_x509_key_mem (creds, &cd, &kd, GNUTLS_X509_FMT_PEM);
    gnutls_certificate_free_credentials (creds);
    if (rc < 0)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, "web-key", "web-key: '%s' is not the key of '%s' (%s)",
                           key_path, cert_path, gnutls_strerror (rc));
    self->tls = true;
    return 0;
}

void
web_tls_free (web_t *self)
{
    if (self->tls_key)      //  the key leaves no copy in freed memory
        sodium_memzero (self->tls_key, strlen (self->tls_key));
    free (self->tls_key);
    free (self->tls_cert);
    self->tls_key = self->tls_cert = NULL;
}
