/*  vp_nats - the connection and the names of a district in JetStream. */
#include <ctype.h>
#include <string.h>
#include "vp_nats.h"

int
vp_nats_err (vp_err_t *err, natsStatus s, const char *what)
{
    const char *text = nats_GetLastError (NULL);
    return vp_err_set (err, VP_E_UNAVAILABLE, "nats-url", "%s: %s%s%s", what, natsStatus_GetText (s),
                       text && *text ? ": " : "", text ? text : "");
}

int
vp_nats_check_district (const char *district, const char *field, vp_err_t *err)
{
    size_t n = strlen (district);
    bool ok = n >= 1 && n <= 32;
    for (size_t i = 0; ok && i < n; i++)
        ok = islower ((unsigned char) district[i]) || isdigit ((unsigned char) district[i]) || district[i] == '-';
    if (!ok)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, field,
                           "%s phải là tên huyện gồm 1 đến 32 ký tự a-z, 0-9, '-', không phải \"%s\"",
                           field, district);
    return 0;
}

natsConnection *
vp_nats_connect (const vp_config_t *cfg, const char *name, bool reconnect, vp_err_t *err)
{
    natsOptions *opts = NULL;
    natsConnection *nc = NULL;
    natsStatus s = natsOptions_Create (&opts);
    if (s == NATS_OK)
        s = natsOptions_SetURL (opts, cfg->nats_url);
    if (s == NATS_OK)
        s = natsOptions_SetName (opts, name);
    if (s == NATS_OK)
        s = natsOptions_SetAllowReconnect (opts, reconnect);
    if (s == NATS_OK)
        s = natsOptions_SetTimeout (opts, 2000);
    if (s == NATS_OK && *cfg->nats_creds)
        s = natsOptions_SetUserCredentialsFromFiles (opts, cfg->nats_creds, NULL);
    if (s == NATS_OK && *cfg->nats_tls_ca) {
        s = natsOptions_SetSecure (opts, true);
        if (s == NATS_OK)
            s = natsOptions_LoadCATrustedCertificates (opts, cfg->nats_tls_ca);
    }
    if (s == NATS_OK && *cfg->nats_tls_cert)
        s = natsOptions_LoadCertificatesChain (opts, cfg->nats_tls_cert, cfg->nats_tls_key);
    if (s != NATS_OK) {
        vp_nats_err (err, s, "NATS options (nats-creds, nats-tls-*)");
        natsOptions_Destroy (opts);
        return NULL;
    }
    s = natsConnection_Connect (&nc, opts);
    natsOptions_Destroy (opts);
    if (s != NATS_OK) {
        vp_nats_err (err, s, cfg->nats_url);
        return NULL;
    }
    return nc;
}

void
vp_nats_stream_name (const char *district, char *out, size_t size)
{
    size_t at = (size_t) snprintf (out, size, "VP_");
    for (const char *p = district; *p && at + 1 < size; p++)
        out[at++] = *p == '-' ? '_' : (char) toupper ((unsigned char) *p);
    out[at < size ? at : size - 1] = 0;
}

void
vp_nats_subject (const char *district, const char *stream, const char *type, char *out, size_t size)
{
    size_t n = strlen (stream);
    if (strncmp (type, stream, n) == 0 && type[n] == '.')
        type += n + 1;
    snprintf (out, size, "vp.%s.%s.%s", district, stream, type);
}

int
vp_nats_stream_ensure (jsCtx *js, const char *district, int64_t dup_window_ms, int replicas,
                       vp_err_t *err)
{
    char name[64], subject[80];
    vp_nats_stream_name (district, name, sizeof name);
    snprintf (subject, sizeof subject, "vp.%s.>", district);
    const char *subjects[] = { subject };
    jsStreamConfig sc;
    jsStreamConfig_Init (&sc);
    sc.Name = name;
    sc.Subjects = subjects;
    sc.SubjectsLen = 1;
    sc.Storage = js_FileStorage;
    sc.Duplicates = dup_window_ms * 1000000;       //  ns
    sc.Replicas = replicas;
    jsStreamInfo *si = NULL;
    jsErrCode code = 0;
    natsStatus s = js_GetStreamInfo (&si, js, name, NULL, &code);
    if (s == NATS_OK) {
        bool same = si->Config->Duplicates == sc.Duplicates && si->Config->Replicas == sc.Replicas;
        jsStreamInfo_Destroy (si);
        si = NULL;
        if (same)
            return 0;
        s = js_UpdateStream (&si, js, &sc, NULL, &code);
    }
    else
    if (s == NATS_NOT_FOUND)
        s = js_AddStream (&si, js, &sc, NULL, &code);
    jsStreamInfo_Destroy (si);
    if (s != NATS_OK)
        return vp_nats_err (err, s, name);
    return 0;
}
