/*  vp-calendar - one schedule for every body of the communes. */
#include "cal_service.h"

static vp_option_t s_options[] = {
    { "calendar-http", "tcp://127.0.0.1:5580",
      "where the iCalendar feeds are served over HTTP (GET /feeds/<token>.ics); empty: off" },
    { "calendar-feed-url", "",
      "base of the feeds' URLs as phones reach them (default: http://<host>:<port> of calendar-http)" },
    { NULL }
};

int
main (int argc, char **argv)
{
    vp_config_t cfg;
    vp_keys_t *keys = NULL;
    int rc = vp_main_init ("calendar", argc, argv, s_options, &cfg, &keys);
    if (rc >= 0)
        return rc;
    vp_err_t err = { 0 };
    cal_service_t *service = cal_service_new (&cfg, keys, s_options, &err);
    if (!service) {
        vp_error ("cannot start: %s", err.message);
        vp_keys_destroy (&keys);
        return 1;
    }
    rc = cal_service_run (service);
    cal_service_destroy (&service);
    vp_keys_destroy (&keys);
    return rc ? 1 : 0;
}
