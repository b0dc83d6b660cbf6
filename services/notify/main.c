/*  vp-notify - tell the right officer, once, on the channel they use. */
#include <curl/curl.h>
#include "ntf_service.h"

static vp_option_t s_options[] = {
    { "smtp-url", "", "SMTP server for e-mail, e.g. smtp://127.0.0.1:25 (credentials as smtp://user:pass@host); "
                      "empty: no e-mail" },
    { "smtp-from", "vanphong@localhost", "the From of e-mails" },
    { "notify-retry-base-ms", "30000", "first retry of a failed delivery after this; doubled each time" },
    { "notify-retry-max-ms", "3600000", "longest wait between two attempts" },
    { "notify-max-attempts", "6", "attempts of a delivery before notify.failed" },
    { "notify-escalate-ms", "14400000", "unacknowledged this long: the office head is told" },
    { "notify-escalate-urgent-ms", "1800000", "the same for hỏa tốc and thượng khẩn" },
    { "notify-stale-ms", "604800000", "an event older than this when applied is not told (a new service on an old log)" },
    { "notify-scan-ms", "1000", "period of the escalation scan" },
    { "notify-send-timeout-ms", "15000", "one SMTP or HTTP attempt" },
    { "notify-inflight", "16", "deliveries sent at once" },
    { NULL }
};

int
main (int argc, char **argv)
{
    vp_config_t cfg;
    vp_keys_t *keys = NULL;
    int rc = vp_main_init ("notify", argc, argv, s_options, &cfg, &keys);
    if (rc >= 0)
        return rc;
    vp_err_t err = { 0 };
    ntf_settings_t settings;
    if (ntf_settings_load (&settings, s_options, &err)) {
        vp_error ("%s", err.message);
        vp_keys_destroy (&keys);
        return 2;
    }
    curl_global_init (CURL_GLOBAL_DEFAULT);
    ntf_service_t *service = ntf_service_new (&cfg, keys, &settings, &err);
    if (!service) {
        vp_error ("cannot start: %s", err.message);
        curl_global_cleanup ();
        vp_keys_destroy (&keys);
        return 1;
    }
    rc = ntf_service_run (service);
    ntf_service_destroy (&service);
    curl_global_cleanup ();
    vp_keys_destroy (&keys);
    return rc ? 1 : 0;
}
