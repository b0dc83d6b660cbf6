/*  vp-web - the office's web pages (sign-in, my work, registering, search,
    the week's schedule), served by the gateway over the services. */
#include "web.h"

static vp_option_t s_options[] = {
    { "web-http", "127.0.0.1:8080", "where the pages are served ([tcp://]host:port; host * for every address; port 0: any)" },
    { "web-static", "", "folder of the pages' CSS and JavaScript (default: the one built in)" },
    { "web-secure", "false", "true behind an HTTPS proxy: cookies marked Secure" },
    { "web-cert", "", "PEM certificate (chain) to serve HTTPS with (with web-key; empty: plain HTTP)" },
    { "web-key", "", "PEM private key of web-cert" },
    { NULL }
};

int
main (int argc, char **argv)
{
    vp_config_t cfg;
    vp_keys_t *keys = NULL;
    int rc = vp_main_init ("web", argc, argv, s_options, &cfg, &keys);
    if (rc >= 0)
        return rc;
    vp_err_t err = { 0 };
    web_t *web = web_new (&cfg, keys, s_options, &err);
    if (!web) {
        vp_error ("cannot start: %s", err.message);
        vp_keys_destroy (&keys);
        return 1;
    }
    rc = web_run (web);
    web_destroy (&web);
    vp_keys_destroy (&keys);
    return rc ? 1 : 0;
}
