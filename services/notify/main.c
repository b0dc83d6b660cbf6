/*  vp-notify - placeholder until the service lands. */
#include <stdio.h>
int main (void) { fprintf (stderr, "vp-notify: not built yet\n"); return 1; }
