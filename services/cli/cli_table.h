/*  cli_table - results as people read them in a terminal.

    A table: columns aligned by display width (characters, not bytes:
    vp_text_width), long cells cut with "…" on a character boundary, the
    whole fitted to the terminal's width when there is one. A command's
    result: a `text` of several lines is printed as it is; scalars as
    aligned "key: value" lines; every array of maps as a table; times in
    the commune's zone as "27/11/2026 14:00".

    vpctl and vp-mon both print with it (library vpcli).
*/
#ifndef CLI_TABLE_H_INCLUDED
#define CLI_TABLE_H_INCLUDED

#include "vp/vp.h"

//  The widest a cell of a column with the default cap gets, in characters.
#define CTL_CELL_MAX 40
//  A column that is never cut (help texts).
#define CTL_NO_CAP ((size_t) -1)

typedef struct cli_table cli_table_t;

cli_table_t *cli_table_new (void);
void cli_table_destroy (cli_table_t **self_p);

//  Add a column: its heading, right-aligned (numbers) or not, the widest
//  its cells may be (0: CTL_CELL_MAX; CTL_NO_CAP: never cut), and how much
//  it is wanted when the terminal is too narrow for all (0 most .. 3
//  least: left out first).
void cli_table_column (cli_table_t *self, const char *heading, bool right, size_t cap, int rank);
//  The next cell, row by row (a row is full after one cell per column).
void cli_table_cell (cli_table_t *self, const char *text);
void cli_table_cellf (cli_table_t *self, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));
size_t cli_table_rows (cli_table_t *self);

//  Print, fitted to width columns (0: no limit) by narrowing the widest
//  capped columns, then leaving out the last ones.
void cli_table_print (cli_table_t *self, FILE *out, size_t width);

//  The width of the terminal out is (COLUMNS, else the tty's), 0 when out
//  is not a terminal and COLUMNS is unset.
size_t cli_term_width (FILE *out);

//  text cut to at most width characters ("…" as the last one when cut)
//  and padded with spaces to width. Bytes that would move the cursor or
//  change the terminal's state (C0, DEL, C1) become '?', so one cell
//  stays one line whatever a sender put in it.
void cli_put_cell (FILE *out, const char *text, size_t width, bool right);

//  The same without padding: text made safe for a terminal line, cut at
//  max characters (CTL_NO_CAP: never). Caller frees.
char *cli_text_safe (const char *text, size_t max);

//  "27/11/2026 14:00" in zone, or "27/11/2026" at midnight.
char *cli_time_text (int64_t ms, const char *zone, char *buf, size_t size);

//  Does `key` hold a time: a VP_F_TIME field of def (when def has the
//  key), else of any definition of proto/, else a name such as at,
//  start, end, deadline or *_at.
bool cli_is_time (const vp_msgdef_t *def, const char *key);

//  One value as a cell: times (when is_time) in zone, booleans yes/no,
//  arrays joined by ", " (maps in them by their name), maps as JSON.
//  Caller frees.
char *cli_value_text (const vp_val_t *value, bool is_time, const char *zone);

//  Print a command's result for people (see above); reply is the
//  command's reply definition or NULL.
void cli_result_print (FILE *out, const vp_val_t *result, const vp_msgdef_t *reply,
                       const char *zone, size_t width);

#endif
