/*  web_static - the pages' CSS and JavaScript, built into the program. */
#ifndef WEB_STATIC_H_INCLUDED
#define WEB_STATIC_H_INCLUDED
#include <stddef.h>

typedef struct {
    const char *name;               //  file name in static/; NULL ends the table
    const unsigned char *data;
    size_t size;
} web_static_t;

extern const web_static_t web_static_files[];

#endif
