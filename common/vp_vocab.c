/*  vp_vocab - urgency and secrecy, their order and their names. */
#include <string.h>
#include "vp/vp_vocab.h"

//  Each vocabulary once, in order: its id on the wire and its name.
#define S_URGENCY(X) X ("thuong", "Thường") X ("khan", "Khẩn") X ("thuong-khan", "Thượng khẩn") X ("hoa-toc", "Hỏa tốc")
#define S_SECRECY(X) X ("thuong", "Thường") X ("mat", "Mật") X ("toi-mat", "Tối mật") X ("tuyet-mat", "Tuyệt mật")
#define S_ID(id, title) id,
#define S_PAIR(id, title) { id, title },

const char *const vp_urgency_ids[] = { S_URGENCY (S_ID) NULL };
const char *const vp_secrecy_ids[] = { S_SECRECY (S_ID) NULL };
const char *const vp_urgency_choices[][2] = { S_URGENCY (S_PAIR) { NULL, NULL } };
const char *const vp_secrecy_choices[][2] = { S_SECRECY (S_PAIR) { NULL, NULL } };

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
    return level >= 0 ? vp_secrecy_choices[level][1] : "?";
}

const char *
vp_urgency_title (const char *id)
{
    int level = vp_urgency_level (id);
    return level >= 0 ? vp_urgency_choices[level][1] : "?";
}
