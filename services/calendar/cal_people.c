/*  cal_people - who takes part in an entry: the posts and officers a
    command or an event names, resolved on the entry's day to the officers
    who hold or act for each post (leave and delegation), each once; and
    how an entry names its people and its place for a person to read.
*/
#include <stdio.h>
#include <string.h>
#include "cal_entry.h"
#include "cal_room.h"
#include "vp/vp_fields.h"

#define S_PARTICIPANTS_MAX 200


vp_val_t *
cal_entry_participant (cal_service_t *self, const char *officer, const char *post, const char *on_behalf_of,
                       int64_t at)
{
    vp_val_t *p = vp_val_map ();
    vp_map_put_str (p, VP_K_OFFICER, officer);
    if (post)
        vp_map_put_str (p, VP_K_POST, post);
    if (on_behalf_of && *on_behalf_of)
        vp_map_put_str (p, VP_K_ON_BEHALF_OF, on_behalf_of);
    vp_val_t *leave = vp_staff_leave_at (self->db, officer, at);
    if (leave) {
        vp_map_put_str (p, VP_K_DELEGATE, vp_map_str (leave, VP_K_DELEGATE));
        vp_map_put_str (p, VP_K_LEAVE, vp_map_str (leave, VP_K_LEAVE));
    }
    vp_val_destroy (&leave);
    return p;
}

//  Add a participant unless the officer is in already; false when full.
static bool
s_add (cal_service_t *self, vp_val_t *participants, const char *officer, const char *post,
       const char *on_behalf_of, int64_t at)
{
    for (size_t i = 0; i < vp_val_len (participants); i++)
        if (strcmp (vp_map_str (vp_array_at (participants, i), VP_K_OFFICER), officer) == 0)
            return true;
    if (vp_val_len (participants) >= S_PARTICIPANTS_MAX)
        return false;
    vp_array_push (participants, cal_entry_participant (self, officer, post, on_behalf_of, at));
    return true;
}

//  Say what was left out (events), or fail naming it (commands).
static int
s_skip (const cal_people_t *people, char *skipped, size_t size, vp_err_t *err, vp_code_t code,
        const char *field, const char *line)
{
    if (people->strict)
        return vp_err_set (err, code, field, "%s", line);
    size_t used = skipped ? strlen (skipped) : 0;
    if (skipped && used < size)
        snprintf (skipped + used, size - used, "%s%s", used ? "; " : "", line);
    return 0;
}

//  An officer of tenant who is active: the officer's row, else NULL.
static vp_val_t *
s_officer (cal_service_t *self, const char *tenant, const char *officer)
{
    vp_val_t *row = vp_staff_officer (self->db, officer);
    const char *of = row ? vp_map_str (row, VP_K_TENANT) : NULL;
    const char *status = row ? vp_map_str (row, VP_K_STATUS) : NULL;
    if (!of || strcmp (of, tenant) != 0 || !status || strcmp (status, "active") != 0)
        vp_val_destroy (&row);
    return row;
}

int
cal_entry_people (cal_service_t *self, const char *tenant, int64_t at, const cal_people_t *people,
                  vp_val_t *entry, char *skipped, size_t skipped_size, vp_err_t *err)
{
    vp_val_t *participants = vp_val_array ();
    vp_staff_actor_t acting;
    char line[300];
    bool fits = true;
    vp_map_drop (entry, VP_K_CHAIR);
    vp_map_drop (entry, VP_K_CHAIR_POST);
    vp_map_drop (entry, VP_K_PARTICIPANTS);
    if (people->chair) {
        vp_val_t *officer = s_officer (self, tenant, people->chair);
        bool in_person = officer != NULL;
        vp_val_destroy (&officer);
        if (in_person) {
            vp_map_put_str (entry, VP_K_CHAIR, people->chair);
            fits = s_add (self, participants, people->chair, NULL, NULL, at);
        }
        else
        if (vp_staff_whois (self->db, tenant, people->chair, at, &acting, NULL) == 0) {
            vp_map_put_str (entry, VP_K_CHAIR, acting.officer);
            vp_map_put_str (entry, VP_K_CHAIR_POST, people->chair);
            fits = s_add (self, participants, acting.officer, people->chair, acting.on_behalf_of, at);
        }
        else {
            snprintf (line, sizeof line, "chair \"%s\" is neither an active officer nor a post of tenant \"%s\"",
                      people->chair, tenant);
            if (s_skip (people, skipped, skipped_size, err, VP_E_NOT_FOUND, "chair", line))
                goto fail;
        }
    }
    for (size_t i = 0; fits && i < vp_val_len (people->posts); i++) {
        const char *post = vp_val_get_str (vp_array_at (people->posts, i));
        if (vp_staff_whois (self->db, tenant, post, at, &acting, NULL) == 0)
            fits = s_add (self, participants, acting.officer, post, acting.on_behalf_of, at);
        else {
            snprintf (line, sizeof line, "post \"%s\" of tenant \"%s\" does not exist then, or nobody acts for it",
                      post, tenant);
            if (s_skip (people, skipped, skipped_size, err, VP_E_NOT_FOUND, "posts", line))
                goto fail;
        }
    }
    for (size_t i = 0; fits && i < vp_val_len (people->officers); i++) {
        const char *id = vp_val_get_str (vp_array_at (people->officers, i));
        vp_val_t *officer = s_officer (self, tenant, id);
        bool known = officer != NULL;
        vp_val_destroy (&officer);
        if (known)
            fits = s_add (self, participants, id, NULL, NULL, at);
        else {
            snprintf (line, sizeof line, "officer \"%s\" is not an active officer of tenant \"%s\"", id, tenant);
            if (s_skip (people, skipped, skipped_size, err, VP_E_NOT_FOUND, "officers", line))
                goto fail;
        }
    }
    if (!fits) {
        snprintf (line, sizeof line, "more than %d participants", S_PARTICIPANTS_MAX);
        if (s_skip (people, skipped, skipped_size, err, VP_E_INVALID_ARGUMENT, "officers", line))
            goto fail;
    }
    vp_map_put (entry, VP_K_PARTICIPANTS, participants);
    return 0;
fail:
    vp_val_destroy (&participants);
    return -1;
}

void
cal_entry_place (cal_service_t *self, const char *tenant, const vp_val_t *entry, char *place, size_t size)
{
    place[0] = 0;
    if (vp_map_str (entry, VP_K_ROOM))
        cal_room_name (self, tenant, vp_map_str (entry, VP_K_ROOM), place, size);
    else
    if (vp_map_str (entry, VP_K_PLACE))
        snprintf (place, size, "%s", vp_map_str (entry, VP_K_PLACE));
}

char *
cal_entry_people_text (cal_service_t *self, const vp_val_t *entry)
{
    char *text = NULL, name[201], other[201];
    size_t size = 0;
    FILE *out = open_memstream (&text, &size);
    if (!out)
        return strdup ("");
    const vp_val_t *participants = vp_map_get (entry, VP_K_PARTICIPANTS);
    for (size_t i = 0; i < vp_val_len (participants); i++) {
        const vp_val_t *p = vp_array_at (participants, i);
        cal_officer_name (self, vp_map_str (p, VP_K_OFFICER), name, sizeof name);
        fprintf (out, "%s%s", i ? ", " : "", name);
        if (vp_map_str (p, VP_K_ON_BEHALF_OF)) {
            cal_officer_name (self, vp_map_str (p, VP_K_ON_BEHALF_OF), other, sizeof other);
            fprintf (out, " (thay %s)", other);
        }
        if (vp_map_str (p, VP_K_DELEGATE)) {
            cal_officer_name (self, vp_map_str (p, VP_K_DELEGATE), other, sizeof other);
            fprintf (out, " (nghỉ phép, %s dự thay)", other);
        }
    }
    fclose (out);
    return text;
}
