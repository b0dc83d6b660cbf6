/*  cal_ical - VCALENDAR of a feed, and calendar.ical. */
#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cal_entry.h"
#include "cal_ical.h"
#include "vp/vp_fields.h"

//  A string in an answer is at most 256 KiB (the decoders' limit).
#define S_ICS_ANSWER_MAX 250000

//  An X- property.
static void
s_x (icalcomponent *comp, const char *name, const char *value)
{
    icalproperty *prop = icalproperty_new_x (value);
    icalproperty_set_x_name (prop, name);
    icalcomponent_add_property (comp, prop);
}

static struct icaltimetype
s_utc (int64_t ms)
{
    return icaltime_from_timet_with_zone ((time_t) (ms / 1000), 0, icaltimezone_get_utc_timezone ());
}

//  Local wall-clock time of ms in zone (a date only when is_date).
static struct icaltimetype
s_local (int64_t ms, const char *zone, bool is_date)
{
    vp_tm_t tm;
    vp_time_local (ms, zone, &tm);
    struct icaltimetype t = is_date ? icaltime_null_date () : icaltime_null_time ();
    t.year = tm.year;
    t.month = tm.month;
    t.day = tm.day;
    if (!is_date) {
        t.hour = tm.hour;
        t.minute = tm.minute;
        t.second = tm.second;
    }
    return t;
}

//  The zone's offset from UTC now, in seconds.
static int
s_offset (const char *zone)
{
    int64_t now = vp_clock_now ();
    vp_tm_t tm;
    vp_time_local (now, zone, &tm);
    struct tm local = { .tm_year = tm.year - 1900, .tm_mon = tm.month - 1, .tm_mday = tm.day,
                        .tm_hour = tm.hour, .tm_min = tm.minute, .tm_sec = tm.second };
    return (int) (timegm (&local) - (time_t) (now / 1000));
}

//  A VTIMEZONE of one STANDARD part: the zone's offset now. The communes'
//  zone (Asia/Ho_Chi_Minh) has kept +07:00 without daylight saving since
//  1975, so this is exact for it.
static icalcomponent *
s_vtimezone (const char *zone)
{
    icalcomponent *tz = icalcomponent_new (ICAL_VTIMEZONE_COMPONENT);
    icalcomponent_add_property (tz, icalproperty_new_tzid (zone));
    icalcomponent *standard = icalcomponent_new (ICAL_XSTANDARD_COMPONENT);
    struct icaltimetype since = icaltime_null_time ();
    since.year = 1970;
    since.month = 1;
    since.day = 1;
    int offset = s_offset (zone);
    char name[16];
    int hours = abs (offset) / 3600, minutes = abs (offset) % 3600 / 60;
    if (minutes)
        snprintf (name, sizeof name, "%c%02d%02d", offset < 0 ? '-' : '+', hours, minutes);
    else
        snprintf (name, sizeof name, "%c%02d", offset < 0 ? '-' : '+', hours);
    icalcomponent_add_property (standard, icalproperty_new_dtstart (since));
    icalcomponent_add_property (standard, icalproperty_new_tzoffsetfrom (offset));
    icalcomponent_add_property (standard, icalproperty_new_tzoffsetto (offset));
    icalcomponent_add_property (standard, icalproperty_new_tzname (name));
    icalcomponent_add_component (tz, standard);
    return tz;
}

//  A time property with the zone, or a date of it.
static icalproperty *
s_when (icalproperty *(*make) (struct icaltimetype), int64_t ms, const char *zone, bool is_date)
{
    icalproperty *prop = make (s_local (ms, zone, is_date));
    if (!is_date)
        icalproperty_add_parameter (prop, icalparameter_new_tzid (zone));
    return prop;
}

static icalcomponent *
s_vevent (cal_service_t *self, const char *tenant, const char *zone, const vp_val_t *entry, int64_t now)
{
    icalcomponent *event = icalcomponent_new (ICAL_VEVENT_COMPONENT);
    char uid[400], place[260], line[600];
    //  Unique across the communes of the deployment and across deployments
    //  (the mail domain of each), the same after a rebuild: the entry is.
    snprintf (uid, sizeof uid, "%s.%s@%s", vp_map_str (entry, VP_K_ENTRY), tenant, self->cfg->mail_domain);
    icalcomponent_add_property (event, icalproperty_new_uid (uid));
    icalcomponent_add_property (event, icalproperty_new_dtstamp (s_utc (now)));
    int64_t start = vp_map_int (entry, VP_K_START, 0), end = vp_map_int (entry, VP_K_END, 0);
    bool deadline = strcmp (vp_map_str (entry, VP_K_KIND), "deadline") == 0;
    //  A deadline at the end of a day: that day, all day.
    vp_tm_t next;
    vp_time_local (end + 1, zone, &next);
    bool all_day = deadline && next.hour == 0 && next.minute == 0 && next.second == 0 && (end + 1) % 1000 == 0;
    if (all_day) {
        icalcomponent_add_property (event, s_when (icalproperty_new_dtstart, end, zone, true));
        icalcomponent_add_property (event, s_when (icalproperty_new_dtend, end + 1, zone, true));
    }
    else {
        icalcomponent_add_property (event, s_when (icalproperty_new_dtstart, start, zone, false));
        icalcomponent_add_property (event, s_when (icalproperty_new_dtend, end, zone, false));
    }
    icalcomponent_add_property (event, icalproperty_new_summary (vp_map_str (entry, VP_K_TITLE)));
    cal_entry_place (self, tenant, entry, place, sizeof place);
    if (*place)
        icalcomponent_add_property (event, icalproperty_new_location (place));
    //  The description: the document, the chair, who takes part, the note.
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream (&text, &size);
    if (out) {
        if (vp_map_str (entry, VP_K_DOCUMENT_NUMBER))
            fprintf (out, "Văn bản: %s\n", vp_map_str (entry, VP_K_DOCUMENT_NUMBER));
        if (vp_map_str (entry, VP_K_CHAIR)) {
            cal_officer_name (self, vp_map_str (entry, VP_K_CHAIR), line, sizeof line);
            fprintf (out, "Chủ trì: %s\n", line);
        }
        char *people = cal_entry_people_text (self, entry);
        if (*people)
            fprintf (out, "%s: %s\n", deadline ? "Người xử lý" : "Thành phần", people);
        free (people);
        if (vp_map_str (entry, VP_K_NOTE))
            fprintf (out, "Ghi chú: %s\n", vp_map_str (entry, VP_K_NOTE));
        fclose (out);
        size_t len = strlen (text);
        if (len && text[len - 1] == '\n')
            text[len - 1] = 0;
        if (*text)
            icalcomponent_add_property (event, icalproperty_new_description (text));
        free (text);
    }
    icalcomponent_add_property (event, icalproperty_new_sequence ((int) vp_map_int (entry, VP_K_SEQUENCE, 0)));
    bool cancelled = strcmp (vp_map_str (entry, VP_K_STATUS), "cancelled") == 0;
    icalcomponent_add_property (event, icalproperty_new_status (cancelled ? ICAL_STATUS_CANCELLED
                                                                          : ICAL_STATUS_CONFIRMED));
    icalcomponent_add_property (event, icalproperty_new_lastmodified (s_utc (vp_map_int (entry, VP_K_MODIFIED, now))));
    if (deadline)
        icalcomponent_add_property (event, icalproperty_new_transp (ICAL_TRANSP_TRANSPARENT));
    icalcomponent_add_property (event, icalproperty_new_categories (
        deadline ? "Hạn xử lý" : strcmp (vp_map_str (entry, VP_K_KIND), "work") == 0 ? "Công việc" : "Cuộc họp"));
    return event;
}

int
cal_ical_whose (cal_service_t *self, const char *tenant, const char *officer, const char *body, vp_err_t *err)
{
    if (officer && body)
        return vp_err_set (err, VP_E_INVALID_ARGUMENT, VP_K_BODY,
                           "a feed is an officer's (\"%s\") or a body's (\"%s\"), not both", officer, body);
    if (body)
        return cal_body_check (self, tenant, body, err);
    if (officer)
        return vp_staff_check_officer (self->db, tenant, officer, err);
    return 0;
}

char *
cal_ical_feed (cal_service_t *self, const char *tenant, const char *officer, const char *body,
               size_t *count, vp_err_t *err)
{
    int64_t now = vp_clock_now ();
    cal_query_t q = {
        .from = now - CAL_FEED_PAST, .to = CAL_TIME_MAX, .officer = officer, .body = body,
        .limit = CAL_FEED_MAX
    };
    vp_val_t *entries = cal_entry_list (self, tenant, &q, NULL, err);
    if (!entries)
        return NULL;
    //  A feed travels to phones and third-party servers: it never carries
    //  secret text, whoever subscribes (SECURITY.md §2).
    cal_entry_mask_all (entries, VP_SECRECY_NONE);
    char zone[64], name[400], whose[201];
    cal_zone (self, tenant, zone);
    snprintf (name, sizeof name, "Lịch công tác – ");
    size_t used = strlen (name);
    vp_staff_tenant_name (self->db, tenant, tenant, name + used, sizeof name - used);
    if (officer) {
        cal_officer_name (self, officer, whose, sizeof whose);
        used = strlen (name);
        snprintf (name + used, sizeof name - used, " – %s", whose);
    }
    if (body) {
        used = strlen (name);
        snprintf (name + used, sizeof name - used, " – %s", body);
    }
    icalcomponent *cal = icalcomponent_new (ICAL_VCALENDAR_COMPONENT);
    icalcomponent_add_property (cal, icalproperty_new_prodid ("-//vanphong//vp-calendar//VI"));
    icalcomponent_add_property (cal, icalproperty_new_version ("2.0"));
    icalcomponent_add_property (cal, icalproperty_new_calscale ("GREGORIAN"));
    icalcomponent_add_property (cal, icalproperty_new_method (ICAL_METHOD_PUBLISH));
    s_x (cal, "X-WR-CALNAME", name);
    s_x (cal, "X-WR-TIMEZONE", zone);
    icalcomponent_add_component (cal, s_vtimezone (zone));
    for (size_t i = 0; i < vp_val_len (entries); i++)
        icalcomponent_add_component (cal, s_vevent (self, tenant, zone, vp_array_at (entries, i), now));
    if (count)
        *count = vp_val_len (entries);
    vp_val_destroy (&entries);
    char *ics = icalcomponent_as_ical_string_r (cal);
    icalcomponent_free (cal);
    if (!ics)
        vp_err_set (err, VP_E_INTERNAL, "", "libical made no text: %s", icalerror_strerror (icalerrno));
    return ics;
}

//  {officer? | body?} -> {ics, entries}
static int
s_ical (vp_cmdctx_t *ctx, const vp_val_t *args, vp_val_t *result, vp_err_t *err)
{
    cal_service_t *self = (cal_service_t *) ctx->arg;
    const char *officer = vp_map_str (args, VP_K_OFFICER), *body = vp_map_str (args, VP_K_BODY);
    if (cal_ical_whose (self, ctx->tenant, officer, body, err))
        return -1;
    size_t count = 0;
    char *ics = cal_ical_feed (self, ctx->tenant, officer, body, &count, err);
    if (!ics)
        return -1;
    int rc = 0;
    if (strlen (ics) > S_ICS_ANSWER_MAX)
        rc = vp_err_set (err, VP_E_FAILED_PRECONDITION, officer ? "officer" : "body",
                         "the feed holds %zu entries, too many for an answer: subscribe to it (calendar.feed.url)",
                         count);
    else {
        vp_map_put_str (result, VP_K_ICS, ics);
        vp_map_put_int (result, VP_K_ENTRIES, (int64_t) count);
    }
    free (ics);
    return rc;
}

static const vp_cmd_t s_commands[] = {
    { VP_C_CALENDAR_ICAL, s_ical, true },
    { NULL }
};

void
cal_ical_register (cal_service_t *self)
{
    vp_cmdsrv_add (self->cmdsrv, s_commands, self);
}
