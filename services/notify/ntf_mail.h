/*  ntf_mail - a notification as an e-mail message (RFC 5322, MIME).

    UTF-8 throughout: the subject and the recipient's name as encoded-words
    (RFC 2047, base64), the body text/plain; charset=UTF-8 in base64 lines
    of 76, CRLF line ends. With files, multipart/mixed: the text first,
    then each file in base64 as an attachment. The Message-ID is given by the caller and stable
    for a notification and channel, so a message sent again after a crash
    is recognisably the same one.
*/
#ifndef NTF_MAIL_H_INCLUDED
#define NTF_MAIL_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

//  A file sent with the message (a signed PDF, its .p7s).
typedef struct {
    const char *name;           //  file name, ASCII (ids: o-3.pdf)
    const char *mime;           //  its Content-Type
    const void *data;
    size_t size;
} ntf_attachment_t;

typedef struct {
    const char *from;           //  an address, or "Name <address>" in ASCII
    const char *to;             //  the recipient's address
    const char *to_name;        //  their name (UTF-8), or NULL
    const char *subject;        //  UTF-8
    const char *text;           //  UTF-8, '\n' between lines
    const char *message_id;     //  without the angle brackets
    int64_t date;               //  ms since the epoch
    bool urgent;                //  Importance: high
    const char *notification;   //  X-Vanphong-Notification
    const char *tenant;         //  X-Vanphong-Tenant
    const ntf_attachment_t *attachments;    //  none: a text/plain message
    size_t nattachments;
} ntf_mail_t;

//  The whole message (headers, blank line, body); the caller frees it.
char *ntf_mail_build (const ntf_mail_t *mail, size_t *size);

#endif
