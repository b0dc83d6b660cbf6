/*  The access matrix: every command of every service (the COMMAND
    definitions of proto/, each sent to the service its name begins with)
    × six callers, each answer checked against the command's access rule
    (which every server lists in `health {commands: true}`):

      own       an officer's own key (the commune's office head)
      other     another officer's key naming the first as actor
      operator  the operator's key
      admin     an admin key of another commune
      session   the gateway in a session, acting for the officer
      bare      the gateway without a session

    allowed: any answer but permission_denied / unauthenticated (the args
    are empty, so most stop at invalid_argument, after the access checks);
    refused: permission_denied or unauthenticated. Then the actor matrix:
    every command an officer runs, through the gateway's session, naming an
    officer of another commune, one no longer active, and a made-up name:
    permission_denied. Prints the count of cells and of wrong answers. */
#include "testutil.h"

#define LS "lam-son"
#define GST "giang-son-tay"
#define HEAD "ls-phan-thi-mau-truong"       //  the office head: set-up too
#define CLERK "ls-nguyen-van-cong"
#define MOVED "ls-dang-van-mau-chuyen"      //  moved to a mass organization
#define STRANGER "gst-le-thi-mau-muoi-bon"  //  the clerk of another commune
#define OTHER_ADMIN "gst-admin"

enum { OWN, OTHER, OPERATOR, ADMIN, SESSION, BARE, CALLERS };
static const char *const s_callers[] = { "own", "other", "operator", "admin-other-tenant", "session", "bare" };
static const char *const s_services[] = { "staffing", "documents", "calendar", "notify", "bus", NULL };

static int s_cells, s_wrong;

//  Who may, by access rule: a mask of callers.
static int
s_allowed (const char *cmd, const char *access)
{
    if (strcmp (cmd, "health") == 0)
        return (1 << CALLERS) - 1;
    if (strcmp (access, "ops") == 0)
        return 1 << OPERATOR;
    if (strcmp (access, "gateway") == 0)
        return 1 << SESSION | 1 << BARE;
    if (strcmp (access, "district") == 0)
        return 0;
    //  office, directory, setup: the officer (the head), themselves or
    //  through the gateway's session.
    return 1 << OWN | 1 << SESSION;
}

static bool
s_refusal (vp_code_t code)
{
    return code == VP_E_PERMISSION_DENIED || code == VP_E_UNAUTHENTICATED;
}

//  One cell: cmd sent by cli as actor; wrong when the answer's class is
//  not the expected one.
//  door: the server's socket lets the caller's key in not at all (the
//  bus, to officers' keys and the gateway's): no answer is the refusal.
static void
s_cell (vp_cmdcli_t *cli, const char *cmd, const char *actor, bool allowed, const char *caller,
        const char *access, bool door)
{
    vp_val_t *result = NULL;
    vp_err_t err = { 0 };
    int rc = vp_cmdcli_call (cli, cmd, LS, actor, NULL, door ? 1500 : TU_TIMEOUT, &result, &err);
    vp_val_destroy (&result);
    bool refused = rc != 0 && (s_refusal (err.code) || (door && err.code == VP_E_UNAVAILABLE));
    bool wrong = (allowed && refused) || (!allowed && !refused)
              || (rc != 0 && err.code == VP_E_UNAVAILABLE && !door);
    s_cells++;
    if (wrong) {
        s_wrong++;
        fprintf (stderr, "WRONG %s (%s) by %s%s%s: expected %s, got %s%s%s\n", cmd, access, caller,
                 actor ? " as " : "", actor ? actor : "", allowed ? "allowed" : "refused",
                 rc ? vp_code_name (err.code) : "ok", rc ? ": " : "", rc ? err.message : "");
    }
}

int
main (void)
{
    tu_stack_t stack;
    tu_stack_opts_t opts = {
        .demo = true,
        .services = (const char *const []) { "staffing", "documents", "calendar", "notify", NULL }
    };
    tu_stack_start_opts (&stack, "identity-matrix", &opts);
    tu_make_keys (stack.bus.keys_dir, (const char *const []) { OTHER_ADMIN ":admin:" GST, NULL });
    vp_keys_t *other_admin = tu_bus_keys (&stack.bus, OTHER_ADMIN);
    tu_stack_officer_key (&stack, LS, HEAD);
    tu_stack_officer_key (&stack, LS, CLERK);
    vp_keys_t *head_keys = tu_bus_keys (&stack.bus, HEAD);
    vp_keys_t *clerk_keys = tu_bus_keys (&stack.bus, CLERK);
    vp_err_t err = { 0 };

    //  Each service's commands and rules, as it serves them.
    zhashx_t *served = zhashx_new ();         //  cmd -> service
    zhashx_t *rules = zhashx_new ();          //  cmd -> access
    zhashx_set_destructor (rules, (zhashx_destructor_fn *) zstr_free);
    for (int s = 0; s_services[s]; s++) {
        vp_cmdcli_t *cli = tu_stack_operator (&stack, s_services[s]);
        vp_val_t *args = vp_val_map ();
        vp_map_put_bool (args, "commands", true);
        vp_val_t *health = NULL;
        TU_CHECK (vp_cmdcli_call (cli, "health", NULL, NULL, args, TU_TIMEOUT, &health, &err) == 0,
                  "health of %s: %s", s_services[s], err.message);
        vp_val_t *commands = vp_map_get (health, "commands");
        TU_CHECK (commands && vp_val_len (commands) > 0, "%s lists no commands", s_services[s]);
        for (size_t i = 0; i < vp_val_len (commands); i++) {
            const char *name = vp_map_key_at (commands, i);
            zhashx_insert (served, name, (void *) s_services[s]);
            zhashx_insert (rules, name, strdup (vp_val_get_str (vp_map_value_at (commands, i))));
        }
        vp_val_destroy (&health);
        vp_cmdcli_destroy (&cli);
    }

    //  The clients of each service, one per caller.
    vp_cmdcli_t *clients[8][CALLERS];
    for (int s = 0; s_services[s]; s++) {
        const char *ep = tu_stack_endpoint (&stack, s_services[s]);
        vp_keys_t *keys[CALLERS] = { head_keys, clerk_keys, stack.keys, other_admin, stack.gateway, stack.gateway };
        for (int c = 0; c < CALLERS; c++) {
            clients[s][c] = vp_cmdcli_new (ep, keys[c], s_services[s], &err);
            TU_CHECK (clients[s][c], "client of %s: %s", s_services[s], err.message);
            vp_cmdcli_set_retries (clients[s][c], 0);
        }
        vp_cmdcli_set_session (clients[s][SESSION], TU_SESSION);
    }
    const char *actors[CALLERS] = { NULL, HEAD, HEAD, NULL, HEAD, HEAD };
    //  The role of each caller's key.
    const char *keys_role[CALLERS] = { "officer", "officer", "operator", "admin", "gateway", "gateway" };

    //  Every command proto defines.
    int commands = 0, unserved = 0, office = 0;
    zlistx_t *office_cmds = zlistx_new ();
    for (int m = 0; vp_proto_modules[m]; m++)
        for (int d = 0; vp_proto_modules[m]->defs[d]; d++) {
            const vp_msgdef_t *def = vp_proto_modules[m]->defs[d];
            if (def->kind != VP_KIND_COMMAND)
                continue;
            const char *service = zhashx_lookup (served, def->name);
            const char *access = zhashx_lookup (rules, def->name);
            if (strcmp (def->name, "health") == 0) {
                service = "staffing";
                access = "everyone";
            }
            if (!service) {
                //  bus.replay is the bus's raw request (test_auth); any
                //  other command no service serves is a hole.
                if (strcmp (def->name, "bus.replay") != 0) {
                    fprintf (stderr, "WRONG %s: defined in proto/, served by no service\n", def->name);
                    s_wrong++;
                }
                unserved++;
                continue;
            }
            commands++;
            int s = 0;
            while (strcmp (s_services[s], service) != 0)
                s++;
            int allowed = s_allowed (def->name, access);
            for (int c = 0; c < CALLERS; c++)
                s_cell (clients[s][c], def->name, actors[c], allowed & (1 << c), s_callers[c], access,
                        strcmp (service, "bus") == 0 && keys_role[c] && strcmp (keys_role[c], "operator") != 0
                        && strcmp (keys_role[c], "admin") != 0);
            if (strcmp (access, "office") == 0 || strcmp (access, "directory") == 0
            ||  strcmp (access, "setup") == 0) {
                zlistx_add_end (office_cmds, (void *) def->name);
                office++;
            }
        }
    int main_cells = s_cells, main_wrong = s_wrong;
    printf ("matrix: %d commands x %d callers = %d cells, %d wrong answers (%d defined but not in a table:"
            " bus.replay, the bus's raw request)\n", commands, CALLERS, main_cells, main_wrong, unserved);

    //  The actor matrix: through the gateway's session, actors that may
    //  not act in lam-son.
    const char *const bad_actors[] = { STRANGER, MOVED, "ls-khong-co-that", NULL };
    for (const char *cmd = zlistx_first (office_cmds); cmd; cmd = zlistx_next (office_cmds)) {
        const char *service = zhashx_lookup (served, cmd);
        int s = 0;
        while (strcmp (s_services[s], service) != 0)
            s++;
        for (int a = 0; bad_actors[a]; a++) {
            vp_val_t *result = NULL;
            vp_err_t e = { 0 };
            int rc = vp_cmdcli_call (clients[s][SESSION], cmd, LS, bad_actors[a], NULL, TU_TIMEOUT, &result, &e);
            vp_val_destroy (&result);
            s_cells++;
            if (rc == 0 || e.code != VP_E_PERMISSION_DENIED || strcmp (e.field, "actor") != 0) {
                s_wrong++;
                fprintf (stderr, "WRONG %s as %s through the session: %s %s %s\n", cmd, bad_actors[a],
                         rc ? vp_code_name (e.code) : "ok", e.field, rc ? e.message : "");
            }
        }
    }
    printf ("actor matrix: %d commands an officer runs x 3 actors (another commune's, moved, made up) = %d cells,"
            " %d wrong answers\n", office, s_cells - main_cells, s_wrong - main_wrong);
    printf ("in all: %d cells, %d wrong answers\n", s_cells, s_wrong);
    tu_checks += s_cells;
    tu_failed += s_wrong;

    for (int s = 0; s_services[s]; s++)
        for (int c = 0; c < CALLERS; c++)
            vp_cmdcli_destroy (&clients[s][c]);
    zlistx_destroy (&office_cmds);
    zhashx_destroy (&served);
    zhashx_destroy (&rules);
    vp_keys_destroy (&other_admin);
    vp_keys_destroy (&head_keys);
    vp_keys_destroy (&clerk_keys);
    tu_stack_stop (&stack);
    printf ("%d checks\n", tu_checks);
    return tu_failed ? 1 : 0;
}
