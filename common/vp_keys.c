/*  vp_keys - CURVE keys of a deployment and the sockets that use them.

    The allowed-keys table of each vp_keys_t that serves (has bound a CURVE
    socket) is read by the process's one ZAP handler, an actor thread, and
    rescanned from public/ when an unknown key knocks, so every table and
    the list of serving keys sit behind one mutex.
*/
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "vp/vp_clock.h"
#include "vp/vp_keys.h"
#include "vp/vp_log.h"

//  Debian builds libzmq with the draft API; where it is not, the option is
//  refused and a server without a ZAP handler would let any key in.
#ifndef ZMQ_ZAP_ENFORCE_DOMAIN
#   define ZMQ_ZAP_ENFORCE_DOMAIN 93
#endif

#define S_ZAP_ENDPOINT  "inproc://zeromq.zap.01"
#define S_ZAP_DOMAIN    "vanphong"
#define S_NAME_MAX      VP_KEY_NAME_MAX
#define S_RESCAN_MS     1000
#define S_Z85_LEN       40

typedef struct {
    char name[S_NAME_MAX + 1];
    const char *role;               //  one of s_roles
    char tenant[S_NAME_MAX + 1];    //  the commune an officer or admin key is for ("": district-wide)
    char public_txt[S_Z85_LEN + 1];
} s_peer_t;

struct vp_keys {
    char *name;
    char *public_dir;
    zcert_t *cert;
    zhashx_t *allowed;              //  z85 public key -> s_peer_t
    int64_t scanned_at;             //  vp_clock_mono of the last scan
    struct timespec public_mtime;   //  of public/ at the last scan
    bool serving;                   //  in s_servers
};

static const char *const s_roles[] = { "service", "operator", "officer", "gateway", "admin", NULL };

static pthread_mutex_t s_lock = PTHREAD_MUTEX_INITIALIZER;
static zactor_t *s_zap;             //  the ZAP handler, while anything serves
static zlistx_t *s_servers;         //  vp_keys_t * that bound a CURVE socket
static bool s_atexit_done;


bool
vp_key_name_valid (const char *name)
{
    size_t len = name ? strlen (name) : 0;
    if (len < 1 || len > S_NAME_MAX || name[0] == '.')
        return false;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' || *p == '.'))
            return false;
    return true;
}

static const char *
s_role_intern (const char *role)
{
    for (int i = 0; role && s_roles[i]; i++)
        if (strcmp (role, s_roles[i]) == 0)
            return s_roles[i];
    return NULL;
}

static void
s_peer_destroy (s_peer_t **self_p)
{
    free (*self_p);
    *self_p = NULL;
}

static zhashx_t *
s_table_new (void)
{
    zhashx_t *table = zhashx_new ();
    zhashx_set_destructor (table, (zhashx_destructor_fn *) s_peer_destroy);
    return table;
}


//  One public/ entry as an allowed peer, or NULL with *problem set (or
//  left NULL when the entry is not a .pub file at all).
static s_peer_t *
s_scan_file (const char *public_dir, const char *file, const char **problem)
{
    size_t len = strlen (file);
    if (len < 5 || strcmp (file + len - 4, ".pub") != 0 || file[0] == '.')
        return NULL;
    char stem[S_NAME_MAX + 2];
    snprintf (stem, sizeof stem, "%.*s", (int) (len - 4), file);
    if (!vp_key_name_valid (stem)) {
        *problem = "file name is not <key name>.pub, [a-z0-9_.-]{1,64}";
        return NULL;
    }
    char *path = zsys_sprintf ("%s/%s", public_dir, file);
    zcert_t *cert = zcert_load (path);
    zstr_free (&path);
    const char *meta_name = cert ? zcert_meta (cert, "name") : NULL;
    const char *role = cert ? s_role_intern (zcert_meta (cert, "role")) : NULL;
    const char *tenant = cert ? zcert_meta (cert, "tenant") : NULL;
    s_peer_t *peer = NULL;
    if (!cert)
        *problem = "not a certificate";
    else
    if (meta_name && strcmp (meta_name, stem) != 0)
        *problem = "metadata name differs from the file name";
    else
    if (!role)
        *problem = "role is not service, operator, officer, gateway or admin";
    else
    if (tenant && *tenant && !vp_key_name_valid (tenant))
        *problem = "metadata tenant is not a tenant id";
    else
    if (strcmp (role, "officer") == 0 && !(tenant && *tenant))
        *problem = "an officer's key names its tenant (metadata tenant)";
    else {
        peer = (s_peer_t *) zmalloc (sizeof (s_peer_t));
        snprintf (peer->name, sizeof peer->name, "%.*s", S_NAME_MAX, stem);
        peer->role = role;
        snprintf (peer->tenant, sizeof peer->tenant, "%s", tenant ? tenant : "");
        snprintf (peer->public_txt, sizeof peer->public_txt, "%s", zcert_public_txt (cert));
    }
    zcert_destroy (&cert);
    return peer;
}

//  Read public/*.pub into a new table. A file that is not a valid public
//  certificate of a known role, named after its key, is skipped with a
//  warning rather than failing the whole folder: one bad file must not lock
//  every service out.
static zhashx_t *
s_scan (const char *public_dir, struct timespec *mtime, vp_err_t *err)
{
    static vp_ratelimit_t s_skips = VP_RATELIMIT_INIT (10);
    struct stat st;
    DIR *dir = opendir (public_dir);
    if (!dir || fstat (dirfd (dir), &st) != 0) {
        vp_err_set (err, VP_E_UNAVAILABLE, "keys-dir", "cannot read allowed keys folder %s: %s",
                    public_dir, strerror (errno));
        if (dir)
            closedir (dir);
        return NULL;
    }
    *mtime = st.st_mtim;
    zhashx_t *table = s_table_new ();
    struct dirent *entry;
    while ((entry = readdir (dir))) {
        const char *problem = NULL;
        s_peer_t *peer = s_scan_file (public_dir, entry->d_name, &problem);
        if (peer && zhashx_insert (table, peer->public_txt, peer) != 0) {
            s_peer_destroy (&peer);
            problem = "same public key as another file";
        }
        if (problem && vp_ratelimit_ok (&s_skips, NULL))
            vp_warn ("keys: skipped %s/%s: %s", public_dir, entry->d_name, problem);
    }
    closedir (dir);
    return table;
}

//  Caller holds s_lock. Rescans when public/ changed (a key file added or
//  removed) or a second has passed, so a flood of unknown keys costs one
//  stat each and at most one scan a second.
static void
s_rescan (vp_keys_t *self)
{
    struct stat st;
    bool changed = stat (self->public_dir, &st) == 0
                && (st.st_mtim.tv_sec != self->public_mtime.tv_sec
                    || st.st_mtim.tv_nsec != self->public_mtime.tv_nsec);
    int64_t now = vp_clock_mono ();
    if (!changed && now - self->scanned_at < S_RESCAN_MS)
        return;
    self->scanned_at = now;
    vp_err_t err;
    zhashx_t *table = s_scan (self->public_dir, &self->public_mtime, &err);
    if (!table) {
        //  Keep the keys we know rather than lock everyone out.
        vp_warn ("keys: %s", err.message);
        return;
    }
    zhashx_destroy (&self->allowed);
    self->allowed = table;
}

//  Caller holds s_lock.
static const s_peer_t *
s_peer_by_key (vp_keys_t *self, const char *public_txt, bool rescan)
{
    const s_peer_t *peer = (const s_peer_t *) zhashx_lookup (self->allowed, public_txt);
    if (!peer && rescan) {
        s_rescan (self);
        peer = (const s_peer_t *) zhashx_lookup (self->allowed, public_txt);
    }
    return peer;
}

//  Caller holds s_lock.
static const s_peer_t *
s_peer_by_name (vp_keys_t *self, const char *name)
{
    for (int pass = 0; pass < 2; pass++) {
        const s_peer_t *peer = (const s_peer_t *) zhashx_first (self->allowed);
        for (; peer; peer = (const s_peer_t *) zhashx_next (self->allowed))
            if (strcmp (peer->name, name) == 0)
                return peer;
        if (pass == 0)
            s_rescan (self);
    }
    return NULL;
}


vp_keys_t *
vp_keys_load (const char *dir, const char *name, vp_err_t *err)
{
    vp_err_clear (err);
    if (!dir || !*dir)
        return NULL;
    if (!vp_key_name_valid (name)) {
        vp_err_set (err, VP_E_INVALID_ARGUMENT, "key-name",
                    "key name '%s' is not [a-z0-9_.-]{1,64}", name ? name : "");
        return NULL;
    }
    struct stat st;
    if (stat (dir, &st) != 0) {
        vp_err_set (err, VP_E_UNAVAILABLE, "keys-dir", "cannot read keys folder %s: %s",
                    dir, strerror (errno));
        return NULL;
    }
    if (!S_ISDIR (st.st_mode)) {
        vp_err_set (err, VP_E_INVALID_ARGUMENT, "keys-dir", "keys folder %s is not a folder", dir);
        return NULL;
    }
    //  Officers' own keys are kept apart (<dir>/officers/), so that a
    //  process given the folder of one officer's secret sees no other.
    char *secret_path = zsys_sprintf ("%s/%s.secret", dir, name);
    if (stat (secret_path, &st) != 0) {
        char *officer_path = zsys_sprintf ("%s/officers/%s.secret", dir, name);
        if (stat (officer_path, &st) == 0) {
            zstr_free (&secret_path);
            secret_path = officer_path;
        }
        else
            zstr_free (&officer_path);
    }
    vp_keys_t *self = NULL;
    if (stat (secret_path, &st) != 0) {
        vp_err_set (err, VP_E_UNAVAILABLE, "keys-dir", "cannot read key %s: %s",
                    secret_path, strerror (errno));
        goto done;
    }
    if (!S_ISREG (st.st_mode)) {
        vp_err_set (err, VP_E_INVALID_ARGUMENT, "keys-dir", "key %s is not a file", secret_path);
        goto done;
    }
    zcert_t *cert = zcert_load (secret_path);
    if (!cert || strcmp (zcert_secret_txt (cert), "0000000000000000000000000000000000000000") == 0) {
        vp_err_set (err, VP_E_INVALID_ARGUMENT, "keys-dir",
                    "%s is not a secret certificate (make one with vp-keygen)", secret_path);
        zcert_destroy (&cert);
        goto done;
    }
    if (st.st_mode & 077)
        vp_warn ("keys: %s is readable by others (mode %03o); chmod 600 it",
                 secret_path, (unsigned) (st.st_mode & 0777));

    self = (vp_keys_t *) zmalloc (sizeof (vp_keys_t));
    self->name = strdup (name);
    self->cert = cert;
    self->public_dir = zsys_sprintf ("%s/public", dir);
    pthread_mutex_lock (&s_lock);
    self->allowed = s_scan (self->public_dir, &self->public_mtime, err);
    self->scanned_at = vp_clock_mono ();
    pthread_mutex_unlock (&s_lock);
    if (!self->allowed)
        vp_keys_destroy (&self);
done:
    zstr_free (&secret_path);
    return self;
}

static void
s_zap_stop_atexit (void)
{
    pthread_mutex_lock (&s_lock);
    zactor_t *zap = s_zap;
    s_zap = NULL;
    zlistx_destroy (&s_servers);
    pthread_mutex_unlock (&s_lock);
    zactor_destroy (&zap);
}

void
vp_keys_destroy (vp_keys_t **self_p)
{
    assert (self_p);
    vp_keys_t *self = *self_p;
    if (!self)
        return;
    zactor_t *zap = NULL;
    pthread_mutex_lock (&s_lock);
    if (self->serving && s_servers) {
        void *handle = zlistx_find (s_servers, self);
        if (handle)
            zlistx_delete (s_servers, handle);
        if (zlistx_size (s_servers) == 0) {
            zlistx_destroy (&s_servers);
            zap = s_zap;
            s_zap = NULL;
        }
    }
    pthread_mutex_unlock (&s_lock);
    //  Outside the lock: the handler may be waiting for it.
    zactor_destroy (&zap);
    zhashx_destroy (&self->allowed);
    zcert_destroy (&self->cert);
    zstr_free (&self->public_dir);
    free (self->name);
    free (self);
    *self_p = NULL;
}

const char *
vp_keys_name (const vp_keys_t *self)
{
    return self ? self->name : NULL;
}

const char *
vp_keys_meta (const vp_keys_t *self, const char *name)
{
    const char *value = self && self->cert ? zcert_meta (self->cert, name) : NULL;
    return value && *value ? value : NULL;
}

const char *
vp_keys_role (vp_keys_t *self, const char *name)
{
    if (!self || !name)
        return NULL;
    pthread_mutex_lock (&s_lock);
    const s_peer_t *peer = s_peer_by_name (self, name);
    const char *role = peer ? peer->role : NULL;    //  interned, outlives the table
    pthread_mutex_unlock (&s_lock);
    return role;
}


//  --------------------------------------------------------------------------
//  The ZAP handler (RFC 27), one per process.

//  Caller holds s_lock.
static const s_peer_t *
s_zap_lookup (const char *public_txt)
{
    vp_keys_t *keys = s_servers ? (vp_keys_t *) zlistx_first (s_servers) : NULL;
    for (; keys; keys = (vp_keys_t *) zlistx_next (s_servers)) {
        const s_peer_t *peer = s_peer_by_key (keys, public_txt, false);
        if (peer)
            return peer;
    }
    keys = s_servers ? (vp_keys_t *) zlistx_first (s_servers) : NULL;
    for (; keys; keys = (vp_keys_t *) zlistx_next (s_servers)) {
        const s_peer_t *peer = s_peer_by_key (keys, public_txt, true);
        if (peer)
            return peer;
    }
    return NULL;
}

//  One ZMTP metadata property: name (short), then value with a 4-byte length.
static size_t
s_zap_property (byte *out, const char *name, const char *value)
{
    size_t n = strlen (name), len = strlen (value);
    out[0] = (byte) n;
    memcpy (out + 1, name, n);
    out[1 + n] = 0; out[2 + n] = 0; out[3 + n] = 0; out[4 + n] = (byte) len;
    memcpy (out + 5 + n, value, len);
    return 5 + n + len;
}

//  Metadata of the reply, ZMTP-encoded: the key's role as property "Role",
//  and the commune it is bound to as "Tenant" ("" for none): what a
//  command server checks a request against (vp_peer_role, vp_peer_tenant).
static zframe_t *
s_zap_metadata (const char *role, const char *tenant)
{
    byte data[2 * (5 + 8) + 16 + S_NAME_MAX];
    assert (strlen (role) <= 16 && strlen (tenant) <= S_NAME_MAX);
    size_t size = s_zap_property (data, "Role", role);
    size += s_zap_property (data + size, "Tenant", tenant);
    return zframe_new (data, size);
}

static zmsg_t *
s_zap_reply (const char *request_id, const char *status, const char *text,
             const char *user_id, const char *role, const char *tenant)
{
    zmsg_t *reply = zmsg_new ();
    zmsg_addstr (reply, "1.0");
    zmsg_addstr (reply, request_id);
    zmsg_addstr (reply, status);
    zmsg_addstr (reply, text);
    zmsg_addstr (reply, user_id);
    if (role) {
        zframe_t *metadata = s_zap_metadata (role, tenant ? tenant : "");
        zmsg_append (reply, &metadata);
    }
    else
        zmsg_addmem (reply, "", 0);
    return reply;
}

//  A socket's ZAP domain is S_ZAP_DOMAIN, or S_ZAP_DOMAIN ":" and the
//  roles it lets in (vp_sockopts_t.roles): the handler learns from it
//  which socket a peer knocks at.
static bool
s_domain_known (const char *domain)
{
    size_t size = strlen (S_ZAP_DOMAIN);
    return strncmp (domain, S_ZAP_DOMAIN, size) == 0 && (domain[size] == '\0' || domain[size] == ':');
}

static bool
s_domain_lets_in (const char *domain, const char *role)
{
    const char *roles = domain + strlen (S_ZAP_DOMAIN);
    if (!*roles)
        return true;
    size_t size = strlen (role);
    for (const char *at = roles + 1; *at; ) {
        const char *end = strchr (at, ',');
        size_t length = end ? (size_t) (end - at) : strlen (at);
        if (length == size && strncmp (at, role, size) == 0)
            return true;
        at += length + (end ? 1 : 0);
    }
    return false;
}

static zmsg_t *
s_zap_handle (zmsg_t *request, vp_ratelimit_t *refusals)
{
    char *version = zmsg_popstr (request);
    char *request_id = zmsg_popstr (request);
    char *domain = zmsg_popstr (request);
    char *address = zmsg_popstr (request);
    zframe_t *identity = zmsg_pop (request);
    char *mechanism = zmsg_popstr (request);
    zframe_t *credential = zmsg_pop (request);

    char public_txt[S_Z85_LEN + 1] = "";
    char user_id[S_NAME_MAX + 1] = "", tenant[S_NAME_MAX + 1] = "";
    const char *role = NULL;
    const char *refusal = NULL;
    //  mechanism present means every frame before it is too
    if (!mechanism || strcmp (version, "1.0") != 0)
        refusal = "malformed ZAP request";
    else
    if (!s_domain_known (domain))
        refusal = "unknown domain";
    else
    if (strcmp (mechanism, "CURVE") != 0)
        refusal = "mechanism not allowed";
    else
    if (!credential || zframe_size (credential) != 32)
        refusal = "malformed CURVE key";
    else {
        zmq_z85_encode (public_txt, zframe_data (credential), 32);
        pthread_mutex_lock (&s_lock);
        const s_peer_t *peer = s_zap_lookup (public_txt);
        if (peer) {
            snprintf (user_id, sizeof user_id, "%s", peer->name);
            snprintf (tenant, sizeof tenant, "%s", peer->tenant);
            role = peer->role;
        }
        pthread_mutex_unlock (&s_lock);
        if (!peer)
            refusal = "unknown key";
        else
        if (!s_domain_lets_in (domain, role))
            refusal = "role not let in on this socket";
    }
    int suppressed = 0;
    if (refusal && vp_ratelimit_ok (refusals, &suppressed)) {
        char more[64] = "";
        if (suppressed)
            snprintf (more, sizeof more, " (and %d refusals not logged)", suppressed);
        vp_warn ("keys: refused %s key %s from %s in domain '%s': %s%s",
                 mechanism ? mechanism : "?", *public_txt ? public_txt : "-",
                 address ? address : "?", domain ? domain : "", refusal, more);
    }

    zmsg_t *reply = refusal ? s_zap_reply (request_id ? request_id : "", "400", refusal, "", NULL, NULL)
                            : s_zap_reply (request_id, "200", "OK", user_id, role, tenant);
    zstr_free (&version);
    zstr_free (&request_id);
    zstr_free (&domain);
    zstr_free (&address);
    zframe_destroy (&identity);
    zstr_free (&mechanism);
    zframe_destroy (&credential);
    return reply;
}

//  Runs until $TERM or the context ends, not on SIGINT: a service that is
//  shutting down still needs its peers authenticated.
static void
s_zap_actor (zsock_t *pipe, void *args)
{
    zsock_t *handler = (zsock_t *) args;
    zpoller_t *poller = zpoller_new (pipe, handler, NULL);
    zpoller_set_nonstop (poller, true);
    vp_ratelimit_t refusals = VP_RATELIMIT_INIT (5);
    zsock_signal (pipe, 0);
    while (true) {
        zsock_t *which = (zsock_t *) zpoller_wait (poller, -1);
        if (which == pipe) {
            char *command = zstr_recv (pipe);
            bool term = !command || streq (command, "$TERM");
            zstr_free (&command);
            if (term)
                break;
        }
        else
        if (which == handler) {
            zmsg_t *request = zmsg_recv (handler);
            if (request) {
                zmsg_t *reply = s_zap_handle (request, &refusals);
                zmsg_destroy (&request);
                zmsg_send (&reply, handler);
            }
        }
        if (!which && zmq_errno () == ETERM)
            break;
    }
    zpoller_destroy (&poller);
    zsock_destroy (&handler);
}

//  Register keys as serving and start the handler if it is not running.
static int
s_zap_start (vp_keys_t *keys, vp_err_t *err)
{
    int rc = 0;
    pthread_mutex_lock (&s_lock);
    if (!s_zap) {
        //  Bound here, before any server socket exists, so no handshake
        //  can find the endpoint missing; the actor then owns the socket.
        zsock_t *handler = zsock_new (ZMQ_REP);
        if (!handler || zsock_bind (handler, S_ZAP_ENDPOINT) != 0) {
            rc = vp_err_set (err, VP_E_UNAVAILABLE, "keys-dir", "cannot bind ZAP handler %s: %s"
                             " (is zauth running in this process?)",
                             S_ZAP_ENDPOINT, zmq_strerror (zmq_errno ()));
            zsock_destroy (&handler);
        }
        else {
            s_zap = zactor_new (s_zap_actor, handler);
            //  After czmq's own atexit, so ours runs first, while the
            //  context still exists.
            if (!s_atexit_done)
                s_atexit_done = atexit (s_zap_stop_atexit) == 0;
        }
    }
    if (rc == 0 && !keys->serving) {
        if (!s_servers)
            s_servers = zlistx_new ();
        zlistx_add_end (s_servers, keys);
        keys->serving = true;
    }
    pthread_mutex_unlock (&s_lock);
    return rc;
}


//  --------------------------------------------------------------------------
//  Sockets

static zsock_t *
s_sock_new (int type, const char *endpoint, const vp_sockopts_t *opts, vp_err_t *err)
{
    if (!endpoint || !*endpoint) {
        vp_err_set (err, VP_E_INVALID_ARGUMENT, "endpoint", "endpoint is empty");
        return NULL;
    }
    zsock_t *sock = zsock_new (type);
    if (!sock) {
        vp_err_set (err, VP_E_INTERNAL, "endpoint", "cannot make a socket of type %d for %s: %s",
                    type, endpoint, zmq_strerror (zmq_errno ()));
        return NULL;
    }
    zsock_set_linger (sock, 0);
    if (opts && opts->sndhwm)
        zsock_set_sndhwm (sock, opts->sndhwm == VP_HWM_UNLIMITED ? 0 : opts->sndhwm);
    if (opts && opts->rcvhwm)
        zsock_set_rcvhwm (sock, opts->rcvhwm == VP_HWM_UNLIMITED ? 0 : opts->rcvhwm);
    if (opts && opts->immediate)
        zsock_set_immediate (sock, 1);
    return sock;
}

zsock_t *
vp_sock_bind (vp_keys_t *keys, int type, const char *endpoint, vp_err_t *err)
{
    return vp_sock_bind_opts (keys, type, endpoint, NULL, err);
}

zsock_t *
vp_sock_bind_opts (vp_keys_t *keys, int type, const char *endpoint,
                   const vp_sockopts_t *opts, vp_err_t *err)
{
    if (keys && s_zap_start (keys, err) != 0)
        return NULL;
    zsock_t *sock = s_sock_new (type, endpoint, opts, err);
    if (!sock)
        return NULL;
    if (keys) {
        char domain[256];
        snprintf (domain, sizeof domain, "%s%s%s", S_ZAP_DOMAIN, opts && opts->roles ? ":" : "",
                  opts && opts->roles ? opts->roles : "");
        zsock_set_zap_domain (sock, domain);
        int on = 1;
        if (zmq_setsockopt (zsock_resolve (sock), ZMQ_ZAP_ENFORCE_DOMAIN, &on, sizeof on) != 0)
            vp_debug ("keys: libzmq has no ZMQ_ZAP_ENFORCE_DOMAIN; relying on the ZAP handler");
        zcert_apply (keys->cert, sock);
        zsock_set_curve_server (sock, 1);
    }
    if (zsock_bind (sock, "%s", endpoint) == -1) {
        vp_err_set (err, VP_E_UNAVAILABLE, "endpoint", "cannot bind %s: %s",
                    endpoint, zmq_strerror (zmq_errno ()));
        zsock_destroy (&sock);
    }
    return sock;
}

zsock_t *
vp_sock_connect (vp_keys_t *keys, int type, const char *endpoint,
                 const char *server_name, vp_err_t *err)
{
    return vp_sock_connect_opts (keys, type, endpoint, server_name, NULL, err);
}

zsock_t *
vp_sock_connect_opts (vp_keys_t *keys, int type, const char *endpoint,
                      const char *server_name, const vp_sockopts_t *opts, vp_err_t *err)
{
    char server_txt[S_Z85_LEN + 1] = "";
    if (keys) {
        if (!server_name || !*server_name) {
            vp_err_set (err, VP_E_INVALID_ARGUMENT, "server", "no server key name for %s",
                        endpoint ? endpoint : "");
            return NULL;
        }
        pthread_mutex_lock (&s_lock);
        const s_peer_t *peer = s_peer_by_name (keys, server_name);
        if (peer)
            snprintf (server_txt, sizeof server_txt, "%s", peer->public_txt);
        pthread_mutex_unlock (&s_lock);
        if (!peer) {
            vp_err_set (err, VP_E_NOT_FOUND, "server", "no public key '%s' in %s",
                        server_name, keys->public_dir);
            return NULL;
        }
    }
    zsock_t *sock = s_sock_new (type, endpoint, opts, err);
    if (!sock)
        return NULL;
    if (keys) {
        zcert_apply (keys->cert, sock);
        zsock_set_curve_serverkey (sock, server_txt);
    }
    if (zsock_connect (sock, "%s", endpoint) == -1) {
        vp_err_set (err, VP_E_INVALID_ARGUMENT, "endpoint", "cannot connect to %s: %s",
                    endpoint, zmq_strerror (zmq_errno ()));
        zsock_destroy (&sock);
    }
    return sock;
}

const char *
vp_peer_name (zframe_t *frame)
{
    const char *name = frame ? zframe_meta (frame, "User-Id") : NULL;
    return name && *name ? name : NULL;
}

const char *
vp_peer_role (zframe_t *frame)
{
    const char *role = frame ? zframe_meta (frame, "Role") : NULL;
    return role && *role ? role : NULL;
}

const char *
vp_peer_tenant (zframe_t *frame)
{
    const char *tenant = frame ? zframe_meta (frame, "Tenant") : NULL;
    return tenant && *tenant ? tenant : NULL;
}
