/*  vp_vocab - urgency and secrecy, their order and their names. */
#include <string.h>
#include "vp/vp_vocab.h"

const char *const vp_urgency_ids[] = { "thuong", "khan", "thuong-khan", "hoa-toc", NULL };
const char *const vp_secrecy_ids[] = { "thuong", "mat", "toi-mat", "tuyet-mat", NULL };
static const char *const s_urgency_titles[] = { "Thường", "Khẩn", "Thượng khẩn", "Hỏa tốc" };
static const char *const s_secrecy_titles[] = { "Thường", "Mật", "Tối mật", "Tuyệt mật" };

static int
s_level (const char *const ids[], const char *id)
{
    for (int i = 0; id && ids[i]; i++)
        if (strcmp (ids[i], id) == 0)
            return i;
    return -1;
}

int vp_secrecy_parse (const char *id) { return s_level (vp_secrecy_ids, id); }
int vp_urgency_level (const char *id) { return s_level (vp_urgency_ids, id); }
bool vp_urgent (const char *id) { return vp_urgency_level (id) >= 2; }

const char *
vp_secrecy_name (int level)
{
    return level >= 0 && level <= VP_SECRECY_TUYET_MAT ? vp_secrecy_ids[level] : "?";
}

const char *
vp_secrecy_title (const char *id)
{
    int level = vp_secrecy_parse (id);
    return level >= 0 ? s_secrecy_titles[level] : "?";
}

const char *
vp_urgency_title (const char *id)
{
    int level = vp_urgency_level (id);
    return level >= 0 ? s_urgency_titles[level] : "?";
}
