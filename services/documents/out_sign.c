/*  out_sign - the digital signature (ký số) of an outgoing document.

    The signer's key never leaves its PKCS#11 token (an official's USB
    token; SoftHSM2 in the tests): OpenSSL 3 reaches it through libp11's
    pkcs11 engine, loaded afresh for every signature (the engine's
    `dynamic` loader, not kept in OpenSSL's list), so that the token is
    logged in with the PIN given for this signature only (in a child
    process of its own, see out_sign_pdf); a wrong PIN is refused by the
    token itself. The key and certificate are the token's
    objects labelled with the signer's officer id.

    The signature is a detached CMS (RFC 5652 SignedData, SHA-256) over
    the exact bytes of the final PDF, with the signer's certificate and a
    signingTime attribute from the service's clock. Detached, not embedded
    (PAdES): embedding needs an incremental update of the PDF (a signature
    dictionary, a /ByteRange and a reserved /Contents) that no library at
    hand in Debian writes with OpenSSL; a detached CMS is verified with any
    tool (`openssl cms -verify -binary -content file.pdf -inform DER`).

    Before signing and when verifying, the certificate is checked against
    the trusted roots (VP_SIGN_CA, a PEM file) and the CA's revocation list
    (VP_SIGN_CRL, PEM, optional) at the time of signing: an expired or
    revoked certificate is refused. The module is VP_SIGN_PKCS11 (a
    PKCS#11 library, e.g. SoftHSM2's or the token vendor's).
*/
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/cms.h>
#include <openssl/engine.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <errno.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "out.h"
#include "out_sign.h"
#include "vp/vp_fields.h"

static void
s_openssl_error (char *buf, size_t size)
{
    unsigned long code = ERR_peek_last_error ();
    snprintf (buf, size, "%s", code ? ERR_reason_error_string (code) ? ERR_reason_error_string (code) : "?" : "?");
    ERR_clear_error ();
}

//  The pkcs11 engine (in the signing child: see out_sign_pdf).
static ENGINE *
s_engine (const char *module, vp_err_t *err)
{
    char so_path[600];
    const char *dir = OpenSSL_version (OPENSSL_ENGINES_DIR);    //  ENGINESDIR: "..."
    const char *quote = strchr (dir, '"');
    snprintf (so_path, sizeof so_path, "%.*s/pkcs11.so", quote ? (int) strcspn (quote + 1, "\"") : 0,
              quote ? quote + 1 : "");
    if (getenv ("VP_SIGN_ENGINE"))
        snprintf (so_path, sizeof so_path, "%s", getenv ("VP_SIGN_ENGINE"));
    ENGINE_load_builtin_engines ();
    ENGINE *e = ENGINE_by_id ("dynamic");
    if (!e
    ||  !ENGINE_ctrl_cmd_string (e, "SO_PATH", so_path, 0)
    ||  !ENGINE_ctrl_cmd_string (e, "ID", "pkcs11", 0)
    ||  !ENGINE_ctrl_cmd_string (e, "LIST_ADD", "0", 0)
    ||  !ENGINE_ctrl_cmd_string (e, "LOAD", NULL, 0)
    ||  !ENGINE_ctrl_cmd_string (e, "MODULE_PATH", module, 0)) {
        char why[200];
        s_openssl_error (why, sizeof why);
        if (e)
            ENGINE_free (e);
        vp_err_set (err, VP_E_UNAVAILABLE, VP_K_TOKEN, "không nạp được engine PKCS#11 (%s, %s): %s", so_path, module, why);
        return NULL;
    }
    return e;
}

static void
s_name (X509_NAME *name, char *buf, size_t size)
{
    X509_NAME_oneline (name, buf, (int) size);
}

static int64_t
s_asn1_ms (const ASN1_TIME *t)
{
    struct tm tm;
    if (!t || !ASN1_TIME_to_tm (t, &tm))
        return 0;
    return (int64_t) timegm (&tm) * 1000;
}

static void
s_info (X509 *cert, out_sig_info_t *info)
{
    s_name (X509_get_subject_name (cert), info->subject, sizeof info->subject);
    s_name (X509_get_issuer_name (cert), info->issuer, sizeof info->issuer);
    BIGNUM *bn = ASN1_INTEGER_to_BN (X509_get0_serialNumber (cert), NULL);
    char *hex = bn ? BN_bn2hex (bn) : NULL;
    snprintf (info->serial, sizeof info->serial, "%s", hex ? hex : "");
    OPENSSL_free (hex);
    BN_free (bn);
    info->not_before = s_asn1_ms (X509_get0_notBefore (cert));
    info->not_after = s_asn1_ms (X509_get0_notAfter (cert));
}

//  The trusted roots and the CRL, checking at time `at` (ms).
static X509_STORE *
s_store (int64_t at, vp_err_t *err)
{
    const char *ca = getenv ("VP_SIGN_CA");
    const char *crl = getenv ("VP_SIGN_CRL");
    if (!ca || !*ca) {
        vp_err_set (err, VP_E_FAILED_PRECONDITION, "certificate",
                    "chưa cấu hình chứng thư gốc tin cậy (VP_SIGN_CA): không kiểm tra được chữ ký số");
        return NULL;
    }
    X509_STORE *store = X509_STORE_new ();
    if (!X509_STORE_load_file (store, ca)) {
        X509_STORE_free (store);
        vp_err_set (err, VP_E_FAILED_PRECONDITION, "certificate", "không đọc được chứng thư gốc %s", ca);
        return NULL;
    }
    X509_VERIFY_PARAM *param = X509_STORE_get0_param (store);
    X509_VERIFY_PARAM_set_time (param, (time_t) (at / 1000));
    if (crl && *crl) {
        X509_LOOKUP *lookup = X509_STORE_add_lookup (store, X509_LOOKUP_file ());
        if (!lookup || X509_load_crl_file (lookup, crl, X509_FILETYPE_PEM) <= 0) {
            X509_STORE_free (store);
            vp_err_set (err, VP_E_FAILED_PRECONDITION, "certificate", "không đọc được danh sách thu hồi %s", crl);
            return NULL;
        }
        X509_VERIFY_PARAM_set_flags (param, X509_V_FLAG_CRL_CHECK);
    }
    return store;
}

//  A verification failure as a person reads it.
static int
s_cert_refused (int code, const out_sig_info_t *info, vp_err_t *err)
{
    char day[32] = "";
    switch (code) {
        case X509_V_ERR_CERT_HAS_EXPIRED:
            vp_time_format (info->not_after, "Asia/Ho_Chi_Minh", "%d/%m/%Y", day, sizeof day);
            return vp_err_set (err, VP_E_FAILED_PRECONDITION, "certificate",
                               "chứng thư số của %s đã hết hạn ngày %s: không ký được", info->subject, day);
        case X509_V_ERR_CERT_NOT_YET_VALID:
            return vp_err_set (err, VP_E_FAILED_PRECONDITION, "certificate",
                               "chứng thư số của %s chưa có hiệu lực", info->subject);
        case X509_V_ERR_CERT_REVOKED:
            return vp_err_set (err, VP_E_FAILED_PRECONDITION, "certificate",
                               "chứng thư số của %s (số hiệu %s) đã bị thu hồi", info->subject, info->serial);
        default:
            return vp_err_set (err, VP_E_FAILED_PRECONDITION, "certificate",
                               "chứng thư số của %s không hợp lệ: %s", info->subject,
                               X509_verify_cert_error_string (code));
    }
}

//  Check cert at the store's time; the chain's subjects into info.
static int
s_cert_check (X509_STORE *store, X509 *cert, STACK_OF (X509) *untrusted, out_sig_info_t *info, vp_err_t *err)
{
    X509_STORE_CTX *ctx = X509_STORE_CTX_new ();
    X509_STORE_CTX_init (ctx, store, cert, untrusted);
    int ok = X509_verify_cert (ctx);
    int code = X509_STORE_CTX_get_error (ctx);
    if (ok == 1) {
        STACK_OF (X509) *chain = X509_STORE_CTX_get0_chain (ctx);
        size_t used = 0;
        info->chain[0] = 0;
        for (int i = 0; i < sk_X509_num (chain) && used < sizeof info->chain; i++) {
            char name[400];
            s_name (X509_get_subject_name (sk_X509_value (chain, i)), name, sizeof name);
            used += (size_t) snprintf (info->chain + used, sizeof info->chain - used, "%s%s", i ? " <- " : "", name);
        }
    }
    X509_STORE_CTX_free (ctx);
    ERR_clear_error ();
    return ok == 1 ? 0 : s_cert_refused (code, info, err);
}

static int
s_sign_here (const void *pdf, size_t size, const char *label, const char *token, const char *pin,
             int64_t at, unsigned char **cms_out, size_t *cms_size, out_sig_info_t *info, vp_err_t *err)
{
    memset (info, 0, sizeof *info);
    const char *module = getenv ("VP_SIGN_PKCS11");
    if (!module || !*module)
        return vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_PIN,
                           "máy chủ chưa cấu hình token ký số (VP_SIGN_PKCS11): không ký số được");
    X509_STORE *store = s_store (at, err);
    if (!store)
        return -1;
    ENGINE *e = s_engine (module, err);
    if (!e) {
        X509_STORE_free (store);
        return -1;
    }
    int rc = -1;
    EVP_PKEY *key = NULL;
    X509 *cert = NULL;
    CMS_ContentInfo *cms = NULL;
    BIO *in = NULL, *out = NULL;
    char uri[300], why[200];
    if (!ENGINE_ctrl_cmd_string (e, "PIN", pin, 0) || !ENGINE_init (e)) {
        s_openssl_error (why, sizeof why);
        ENGINE_free (e);
        X509_STORE_free (store);
        return vp_err_set (err, VP_E_UNAVAILABLE, VP_K_TOKEN, "không mở được token ký số: %s", why);
    }
    snprintf (uri, sizeof uri, "pkcs11:%s%s%sobject=%s;type=cert", token ? "token=" : "", token ? token : "",
              token ? ";" : "", label);
    struct { const char *id; X509 *cert; } params = { uri, NULL };
    if (!ENGINE_ctrl_cmd (e, "LOAD_CERT_CTRL", 0, &params, NULL, 1) || !params.cert) {
        ERR_clear_error ();
        vp_err_set (err, VP_E_NOT_FOUND, VP_K_TOKEN, "token không có chứng thư số của %s%s%s", label,
                    token ? " (token " : "", token ? token : "");
        if (token)
            strcat (err->message, ")");
        goto done;
    }
    cert = params.cert;
    s_info (cert, info);
    if (s_cert_check (store, cert, NULL, info, err))
        goto done;
    snprintf (uri, sizeof uri, "pkcs11:%s%s%sobject=%s;type=private", token ? "token=" : "", token ? token : "",
              token ? ";" : "", label);
    key = ENGINE_load_private_key (e, uri, NULL, NULL);
    if (!key) {
        s_openssl_error (why, sizeof why);
        vp_err_set (err, VP_E_PERMISSION_DENIED, VP_K_PIN,
                    "mã PIN của token không đúng, hoặc token không có khóa của %s: không ký được", label);
        goto done;
    }
    if (X509_check_private_key (cert, key) != 1) {
        ERR_clear_error ();
        //  A token key does not export itself: the check is the signature's.
    }
    in = BIO_new_mem_buf (pdf, (int) size);
    cms = CMS_sign (NULL, NULL, NULL, NULL, CMS_PARTIAL | CMS_DETACHED | CMS_BINARY);
    CMS_SignerInfo *si = cms ? CMS_add1_signer (cms, cert, key, EVP_sha256 (), CMS_PARTIAL | CMS_BINARY) : NULL;
    ASN1_TIME *t = ASN1_TIME_set (NULL, (time_t) (at / 1000));
    bool ok = si && t && CMS_signed_add1_attr_by_NID (si, NID_pkcs9_signingTime, t->type, t, -1)
           && CMS_final (cms, in, NULL, CMS_DETACHED | CMS_BINARY);
    ASN1_TIME_free (t);
    if (!ok) {
        s_openssl_error (why, sizeof why);
        vp_err_set (err, VP_E_PERMISSION_DENIED, VP_K_PIN, "token từ chối ký (mã PIN hoặc khóa): %s", why);
        goto done;
    }
    out = BIO_new (BIO_s_mem ());
    if (!i2d_CMS_bio (out, cms)) {
        s_openssl_error (why, sizeof why);
        vp_err_set (err, VP_E_INTERNAL, VP_K_PIN, "không ghi được chữ ký: %s", why);
        goto done;
    }
    char *bytes = NULL;
    long len = BIO_get_mem_data (out, &bytes);
    *cms_out = (unsigned char *) malloc ((size_t) len);
    memcpy (*cms_out, bytes, (size_t) len);
    *cms_size = (size_t) len;
    info->signed_at = at / 1000 * 1000;
    rc = 0;
done:
    BIO_free (in);
    BIO_free (out);
    CMS_ContentInfo_free (cms);
    EVP_PKEY_free (key);
    X509_free (cert);
    ENGINE_finish (e);
    ENGINE_free (e);
    X509_STORE_free (store);
    ERR_clear_error ();
    return rc;
}

static bool
s_io (int fd, void *buf, size_t size, bool writing)
{
    for (size_t done = 0; done < size; ) {
        ssize_t n = writing ? write (fd, (char *) buf + done, size - done) : read (fd, (char *) buf + done, size - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        done += (size_t) n;
    }
    return true;
}

typedef struct {
    int rc;
    vp_err_t err;
    out_sig_info_t info;
    size_t cms_size;
} s_answer_t;

//  The token is opened in a child process of its own, one per signature:
//  the module is loaded, the PIN given to the token, the key used and the
//  module unloaded with the process, so no login outlives its signature
//  (a token stays logged in for the whole process that logged in, and
//  would take any PIN after the first good one).
int
out_sign_pdf (const void *pdf, size_t size, const char *label, const char *token, const char *pin,
              int64_t at, unsigned char **cms_out, size_t *cms_size, out_sig_info_t *info, vp_err_t *err)
{
    memset (info, 0, sizeof *info);
    int fds[2];
    if (pipe (fds))
        return vp_err_set (err, VP_E_UNAVAILABLE, VP_K_TOKEN, "không mở được kênh tới tiến trình ký: %s", strerror (errno));
    fflush (NULL);
    pid_t pid = fork ();
    if (pid < 0) {
        close (fds[0]);
        close (fds[1]);
        return vp_err_set (err, VP_E_UNAVAILABLE, VP_K_TOKEN, "không tạo được tiến trình ký: %s", strerror (errno));
    }
    if (pid == 0) {
        close (fds[0]);
        s_answer_t answer = { 0 };
        unsigned char *cms = NULL;
        answer.rc = s_sign_here (pdf, size, label, token, pin, at, &cms, &answer.cms_size, &answer.info, &answer.err);
        if (answer.rc)
            answer.cms_size = 0;
        bool ok = s_io (fds[1], &answer, sizeof answer, true) && (!answer.cms_size || s_io (fds[1], cms, answer.cms_size, true));
        _exit (ok ? 0 : 1);
    }
    close (fds[1]);
    s_answer_t answer = { 0 };
    bool ok = s_io (fds[0], &answer, sizeof answer, false);
    unsigned char *cms = NULL;
    if (ok && answer.rc == 0 && answer.cms_size) {
        cms = (unsigned char *) malloc (answer.cms_size);
        ok = s_io (fds[0], cms, answer.cms_size, false);
    }
    close (fds[0]);
    int status = 0;
    while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (!ok) {
        free (cms);
        return vp_err_set (err, VP_E_UNAVAILABLE, VP_K_TOKEN, "tiến trình ký dừng giữa chừng (trạng thái %d)", status);
    }
    *info = answer.info;
    if (answer.rc) {
        *err = answer.err;
        return -1;
    }
    *cms_out = cms;
    *cms_size = answer.cms_size;
    return 0;
}

int
out_sign_verify (const void *pdf, size_t size, const unsigned char *der, size_t der_size,
                 out_sig_info_t *info, vp_err_t *err)
{
    memset (info, 0, sizeof *info);
    const unsigned char *p = der;
    CMS_ContentInfo *cms = d2i_CMS_ContentInfo (NULL, &p, (long) der_size);
    if (!cms)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, "signature", "chữ ký số không đọc được (không phải CMS DER)");
    int rc = -1;
    STACK_OF (X509) *signers = NULL;
    X509_STORE *store = NULL;
    BIO *in = NULL;
    STACK_OF (CMS_SignerInfo) *infos = CMS_get0_SignerInfos (cms);
    CMS_SignerInfo *si = sk_CMS_SignerInfo_num (infos) == 1 ? sk_CMS_SignerInfo_value (infos, 0) : NULL;
    if (!si) {
        vp_err_set (err, VP_E_INVALID_ARGUMENT, "signature", "chữ ký số phải có đúng một người ký");
        goto done;
    }
    //  The signing time, then the certificate at that time.
    int at_i = CMS_signed_get_attr_by_NID (si, NID_pkcs9_signingTime, -1);
    ASN1_TYPE *at_t = at_i >= 0 ? X509_ATTRIBUTE_get0_type (CMS_signed_get_attr (si, at_i), 0) : NULL;
    if (at_t && (at_t->type == V_ASN1_UTCTIME || at_t->type == V_ASN1_GENERALIZEDTIME))
        info->signed_at = s_asn1_ms ((ASN1_TIME *) at_t->value.asn1_string);
    if (!info->signed_at) {
        vp_err_set (err, VP_E_INVALID_ARGUMENT, "signature", "chữ ký số không có thời điểm ký (signingTime)");
        goto done;
    }
    signers = CMS_get0_signers (cms);
    //  CMS_get0_signers needs the certificates matched first.
    if (!signers) {
        CMS_set1_signers_certs (cms, NULL, 0);
        signers = CMS_get0_signers (cms);
    }
    X509 *cert = signers && sk_X509_num (signers) ? sk_X509_value (signers, 0) : NULL;
    if (!cert) {
        vp_err_set (err, VP_E_INVALID_ARGUMENT, "signature", "chữ ký số không kèm chứng thư của người ký");
        goto done;
    }
    s_info (cert, info);
    store = s_store (info->signed_at, err);
    if (!store)
        goto done;
    STACK_OF (X509) *certs = CMS_get1_certs (cms);
    int checked = s_cert_check (store, cert, certs, info, err);
    sk_X509_pop_free (certs, X509_free);
    if (checked)
        goto done;
    in = BIO_new_mem_buf (pdf, (int) size);
    //  The certificate was checked above, at the signing time: here the
    //  content and the signature.
    if (CMS_verify (cms, NULL, store, in, NULL, CMS_DETACHED | CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) != 1) {
        ERR_clear_error ();
        vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_PDF,
                    "tệp PDF không khớp chữ ký số của %s: văn bản đã bị thay đổi sau khi ký", info->subject);
        goto done;
    }
    rc = 0;
done:
    sk_X509_free (signers);
    BIO_free (in);
    X509_STORE_free (store);
    CMS_ContentInfo_free (cms);
    ERR_clear_error ();
    return rc;
}

void
out_sig_info_put (const out_sig_info_t *info, vp_val_t *map)
{
    vp_map_put_str (map, VP_K_SUBJECT, info->subject);
    vp_map_put_str (map, VP_K_ISSUER, info->issuer);
    vp_map_put_str (map, "serial", info->serial);
    vp_map_put_int (map, "not_before", info->not_before);
    vp_map_put_int (map, "not_after", info->not_after);
    vp_map_put_int (map, "signed_at", info->signed_at);
    vp_map_put_str (map, VP_K_CHAIN, info->chain);
}

//  --------------------------------------------------------------------------
//  documents.outgoing.verify {outgoing, pdf?}

static int
s_verify (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    doc_service_t *self = (doc_service_t *) ctx->arg;
    const char *outgoing = vp_map_str (args, VP_K_OUTGOING);
    vp_val_t *row = out_load (self, ctx->tenant, outgoing, err);
    if (!row)
        return -1;
    bool digital = vp_map_str (row, "signature") && strcmp (vp_map_str (row, "signature"), "digital") == 0;
    vp_val_destroy (&row);
    if (!digital)
        return vp_err_set (err, VP_E_FAILED_PRECONDITION, VP_K_OUTGOING, "văn bản %s không có chữ ký số", outgoing);
    sqlite3_stmt *stmt = vp_db_cached (self->db, "SELECT cms FROM doc_out WHERE tenant = ?1 AND outgoing = ?2", err);
    if (!stmt)
        return -1;
    sqlite3_bind_text (stmt, 1, ctx->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, outgoing, -1, SQLITE_STATIC);
    unsigned char *der = NULL;
    size_t der_size = 0;
    if (sqlite3_step (stmt) == SQLITE_ROW) {
        der_size = (size_t) sqlite3_column_bytes (stmt, 0);
        der = (unsigned char *) malloc (der_size ? der_size : 1);
        memcpy (der, sqlite3_column_blob (stmt, 0), der_size);
    }
    sqlite3_reset (stmt);
    size_t size = 0;
    void *pdf = NULL;
    const vp_val_t *given = vp_map_get (args, VP_K_PDF);
    if (given) {
        const void *bytes = vp_val_get_bin (given, &size);
        pdf = malloc (size ? size : 1);
        memcpy (pdf, bytes, size);
    }
    else
        pdf = out_pdf (self, ctx->tenant, outgoing, 0, &size, NULL);
    out_sig_info_t info;
    int rc = out_sign_verify (pdf, size, der, der_size, &info, err);
    free (pdf);
    free (der);
    if (rc)
        return -1;
    vp_map_put_str (result, VP_K_OUTGOING, outgoing);
    vp_map_put_bool (result, "valid", true);
    out_sig_info_put (&info, result);
    return 0;
}

static const vp_cmd_t s_commands[] = {
    { VP_C_DOCUMENTS_OUTGOING_VERIFY, s_verify, true },
    { NULL }
};

void
out_sign_register (doc_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
