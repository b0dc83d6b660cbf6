/*  test_secrecy - what the files of test_secrecy_paths share: the stack,
    the people, the marker words, the documents of each level, and the
    probes that look for the marker.

    A probe is one look at one read path for one kind of reader: a
    command's answer (its result, or the message of its refusal), an
    e-mail, a webhook's body, a stream replayed, a log, a file. A probe
    either must not find the marker of a level the reader is not cleared
    for (a leak stops the test, naming the path, the reader and where the
    marker was), or must find a given text (the same path shows what it
    should: a probe that cannot see is no probe).
*/
#ifndef TEST_SECRECY_H_INCLUDED
#define TEST_SECRECY_H_INCLUDED

#include "testutil.h"

//  --------------------------------------------------------------------------
//  The people (scripts/demo/district.vp); clearance in brackets

#define LS "lam-son"
#define LS_HEAD "ls-phan-thi-mau-truong"        //  Tổ trưởng Văn phòng [mat]; reads notify.list
#define LS_CLERK "ls-nguyen-van-cong"           //  Văn phòng – Thống kê [mat]: registers
#define LS_BI_THU "ls-nguyen-van-mau-mot"       //  Bí thư Đảng ủy [toi-mat]; Cơ yếu [tuyet-mat] here
#define LS_CHU_TICH "ls-le-van-mau-ba"          //  Chủ tịch UBND [mat]
#define LS_DIA_CHINH "ls-dang-thi-mau-tam"      //  Địa chính – Xây dựng [thuong]: invited, not cleared
#define GST "giang-son-tay"
#define GST_BI_THU "gst-pham-van-mau-mot"       //  Bí thư of another commune [toi-mat there]

//  The post cleared for Tuyệt mật that the test adds to Lam Sơn (the demo
//  has none), held by the Bí thư.
#define SEC_CO_YEU "co-yeu"

//  --------------------------------------------------------------------------
//  Levels and the marker words

//  0 thuong (the control: its words must be seen where a document's
//  text goes), 1 mat, 2 toi-mat, 3 tuyet-mat.
#define SEC_LEVELS 4
extern const char *const sec_level_name[SEC_LEVELS];     //  "thuong", "mat", ...

//  The marker of a level: an ASCII word and a Vietnamese one, e.g.
//  "XUYENKHUNGMOT Khẩnmậtđặcbiệtmột"; the control's is "DOICHUNG
//  Đốichứngthường". No level's words hold another's.
const char *sec_marker (int level);
//  The text of one field of a document of level: "<marker> <what>",
//  e.g. sec_text (1, "trích yếu") (static ring of 16).
const char *sec_text (int level, const char *what);

//  --------------------------------------------------------------------------
//  The readers and the probes

typedef enum { SEC_CLEARED, SEC_UNCLEARED, SEC_OTHER, SEC_OPERATOR, SEC_READERS } sec_reader_t;

//  Look for the marker of every level above `cleared` (0: every secret
//  level; -1: the control's too, for a reader of another commune) in
//  text; the first found stops the test as a leak.
void sec_none_at (int line, sec_reader_t reader, int cleared, const char *path, const char *where,
                  const char *text, size_t len);
#define sec_none(reader, cleared, path, where, text) \
    sec_none_at (__LINE__, reader, cleared, path, where, text, strlen (text))
//  The text must hold want (the path shows what it should).
void sec_sees_at (int line, sec_reader_t reader, const char *path, const char *where,
                  const char *text, size_t len, const char *want);
#define sec_sees(reader, path, where, text, want) \
    sec_sees_at (__LINE__, reader, path, where, text, strlen (text), want)

//  A command's answer as text: its result as JSON, or "refused CODE
//  (field): message" (caller frees); *code gets the code (VP_OK).
char *sec_call (vp_cmdcli_t *cli, const char *tenant, const char *actor, const char *cmd,
                vp_val_t *args, vp_code_t *code);
//  The same from words, as vpctl takes them (NULL-terminated).
char *sec_callw_at (int line, vp_cmdcli_t *cli, const char *tenant, const char *actor, const char *cmd,
                    vp_code_t *code, ...);
#define sec_callw(cli, tenant, actor, cmd, code, ...) \
    sec_callw_at (__LINE__, cli, tenant, actor, cmd, code, __VA_ARGS__, NULL)

//  A file read whole (binary); *len its size; NULL when it cannot be read.
char *sec_slurp (const char *path, size_t *len);

//  Print the probes per reader and per path, and the closing line.
void sec_report (void);

//  --------------------------------------------------------------------------
//  The stack and the documents

typedef struct {
    int level;
    bool invitation;            //  a Giấy mời, else a công văn
    char id[32], number[64], book[32];
    int64_t arrival_number, year;
    const char *assignee;       //  who handles it in the end
    const char *uncleared[3];   //  officers of the commune not cleared for it (NULL-ended)
    const char *place;
    int64_t start, end;         //  the meeting of an invitation
    bool done;                  //  it has a result text (documents.done)
    char step[200];             //  the note of a return or a forward, or ""
    bool deleted;               //  destroyed after appraisal: out of search
} sec_doc_t;

#define SEC_DOCS (2 * SEC_LEVELS)

typedef struct {
    tu_stack_t stack;
    char mail_dir[1200], hook_dir[1200];
    int smtp_port, http_port;
    pid_t smtp_pid, http_pid;
    int64_t start;              //  the clock when the stack starts
    int64_t midnight;           //  00:00 of that day in the communes' zone
    int64_t now;                //  the clock the probes read at
    int year;                   //  the year of start in the communes' zone
    vp_cmdcli_t *doc, *cal, *ntf;       //  the gateway, acting for officers
    sec_doc_t docs[SEC_DOCS];
} sec_t;

extern sec_t sec;

//  The cleared officer of a level (the one who reads it as (a)).
const char *sec_cleared (int level);
//  The clearance of an officer of Lam Sơn in this test.
int sec_clearance_of (const char *officer);

//  Start the sinks and the stack on the test's clock.
void sec_start (void);
//  Register the documents of every level and take each through its
//  steps, so that every event about a document is produced.
void sec_scenario (void);
//  Wait until every service has applied everything and every e-mail and
//  webhook went.
void sec_settle (void);
//  Stop the stack (every service exits 0) and the sinks.
void sec_stop (void);

//  The probes of each group of read paths.
void sec_probe_documents (void);
void sec_probe_calendar (void);
void sec_probe_notify (void);
void sec_probe_streams (void);
//  Logs and files, `when` "running" (the -wal files too) or "stopped".
void sec_probe_files (const char *when);

#endif
