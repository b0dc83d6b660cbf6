/*  vp-calendar - placeholder until the service lands. */
#include <stdio.h>
int main (void) { fprintf (stderr, "vp-calendar: not built yet\n"); return 1; }
