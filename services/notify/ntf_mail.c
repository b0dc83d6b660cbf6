/*  ntf_mail - a notification as an e-mail message. */
#include <czmq.h>
#include <string.h>
#include "ntf_mail.h"
#include "vp/vp_hash.h"
#include "vp/vp_text.h"
#include <time.h>

//  Lines of encoded-words and of the base64 body (RFC 2047, RFC 2045).
#define S_WORD_LINE 76
#define S_LINE 76

static char *
s_base64 (const void *data, size_t size)
{
    zarmour_t *armour = zarmour_new ();
    zarmour_set_mode (armour, ZARMOUR_MODE_BASE64_STD);
    zarmour_set_line_breaks (armour, false);
    char *encoded = size ? zarmour_encode (armour, (const byte *) data, size) : strdup ("");
    zarmour_destroy (&armour);
    return encoded;
}

//  Text as encoded-words, cut between UTF-8 characters, folded so that
//  no line passes 76 characters; `column` is where the first one starts.
//  Returns the column after the last.
static size_t
s_words (zchunk_t *out, const char *text, size_t column)
{
    size_t len = strlen (text);
    bool first = true;
    for (size_t at = 0; at < len || first; ) {
        if (!first)
            column = 1;         //  the fold's blank
        //  "=?UTF-8?B?" and "?=" take 12; base64 makes 4 of every 3 bytes.
        size_t room = column + 12 < S_WORD_LINE ? (S_WORD_LINE - column - 12) / 4 * 3 : 3;
        size_t n = vp_utf8_prefix (text + at, len - at, room);
        char *b64 = s_base64 (text + at, n);
        char *word = zsys_sprintf ("%s=?UTF-8?B?%s?=", first ? "" : "\r\n ", b64);
        zchunk_extend (out, word, strlen (word));
        column += strlen (b64) + 12;
        zstr_free (&word);
        free (b64);
        at += n;
        first = false;
    }
    return column;
}

static void
s_put (zchunk_t *out, const char *s)
{
    zchunk_extend (out, s, strlen (s));
}

//  "Name <address>" with a name that is not ASCII: the name as
//  encoded-words (a header is ASCII); anything else as it is.
static void
s_address (zchunk_t *out, const char *from)
{
    const char *open = strchr (from, '<');
    bool ascii = true;
    for (const char *p = from; open && p < open; p++)
        ascii &= (unsigned char) *p < 0x80;
    if (!open || ascii) {
        s_put (out, from);
        return;
    }
    size_t len = (size_t) (open - from);
    while (len > 0 && from[len - 1] == ' ')
        len--;
    char *name = strndup (from, len);
    size_t column = s_words (out, name, strlen ("From: "));
    free (name);
    s_put (out, column + 1 + strlen (open) > S_WORD_LINE ? "\r\n " : " ");
    s_put (out, open);
}

//  Bytes in base64, in lines of 76 ending CRLF.
static void
s_lines (zchunk_t *out, const void *data, size_t size)
{
    char *b64 = s_base64 (data, size);
    for (size_t at = 0, len = strlen (b64); at < len; at += S_LINE) {
        zchunk_extend (out, b64 + at, len - at > S_LINE ? S_LINE : len - at);
        s_put (out, "\r\n");
    }
    free (b64);
}

char *
ntf_mail_build (const ntf_mail_t *mail, size_t *size)
{
    zchunk_t *out = zchunk_new (NULL, 4096);
    char date[64], line[600];
    //  In UTC, with English day and month names as RFC 5322 wants (the C
    //  locale's); gmtime_r leaves the process's TZ alone (another thread
    //  may be reading the environment).
    time_t secs = (time_t) (mail->date / 1000);
    struct tm tm;
    gmtime_r (&secs, &tm);
    strftime (date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    snprintf (line, sizeof line, "Date: %s\r\nFrom: ", date);
    s_put (out, line);
    s_address (out, mail->from);
    s_put (out, "\r\nTo: ");
    snprintf (line, sizeof line, "<%s>", mail->to);
    if (mail->to_name && *mail->to_name) {
        size_t column = s_words (out, mail->to_name, strlen ("To: "));
        s_put (out, column + 1 + strlen (line) > S_WORD_LINE ? "\r\n " : " ");
    }
    s_put (out, line);
    s_put (out, "\r\nSubject: ");
    s_words (out, mail->subject, strlen ("Subject: "));
    //  The boundary: "=_" appears in no base64 line nor in the headers of
    //  a part, so no content can end a part early.
    char boundary[VP_SHA256_HEX + 16] = "";
    if (mail->nattachments) {
        char hex[VP_SHA256_HEX];
        vp_sha256_hex (mail->message_id, strlen (mail->message_id), hex);
        snprintf (boundary, sizeof boundary, "=_vp_%.32s", hex);
        snprintf (line, sizeof line, "\r\nMessage-ID: <%s>\r\nMIME-Version: 1.0\r\n"
                  "Content-Type: multipart/mixed; boundary=\"%s\"\r\n", mail->message_id, boundary);
    }
    else
        snprintf (line, sizeof line, "\r\nMessage-ID: <%s>\r\nMIME-Version: 1.0\r\n"
                  "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n",
                  mail->message_id);
    s_put (out, line);
    if (mail->urgent)
        s_put (out, "Importance: high\r\nX-Priority: 1\r\n");
    if (mail->notification) {
        snprintf (line, sizeof line, "X-Vanphong-Notification: %s\r\nX-Vanphong-Tenant: %s\r\n",
                  mail->notification, mail->tenant ? mail->tenant : "");
        s_put (out, line);
    }
    s_put (out, "\r\n");
    if (*boundary) {
        snprintf (line, sizeof line, "This is a MIME message.\r\n--%s\r\n"
                  "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n", boundary);
        s_put (out, line);
    }
    //  The body in canonical form (CRLF), then base64 in lines of 76.
    zchunk_t *body = zchunk_new (NULL, strlen (mail->text) + 64);
    for (const char *p = mail->text; *p; p++) {
        if (*p == '\n' && (p == mail->text || p[-1] != '\r'))
            zchunk_extend (body, "\r", 1);
        zchunk_extend (body, p, 1);
    }
    zchunk_extend (body, "\r\n", 2);
    s_lines (out, zchunk_data (body), zchunk_size (body));
    zchunk_destroy (&body);
    for (size_t i = 0; i < mail->nattachments; i++) {
        const ntf_attachment_t *a = &mail->attachments[i];
        snprintf (line, sizeof line, "--%s\r\nContent-Type: %s; name=\"%s\"\r\n"
                  "Content-Disposition: attachment; filename=\"%s\"\r\nContent-Transfer-Encoding: base64\r\n\r\n",
                  boundary, a->mime, a->name, a->name);
        s_put (out, line);
        s_lines (out, a->data, a->size);
    }
    if (*boundary) {
        snprintf (line, sizeof line, "--%s--\r\n", boundary);
        s_put (out, line);
    }
    *size = zchunk_size (out);
    char *message = (char *) malloc (*size + 1);
    memcpy (message, zchunk_data (out), *size);
    message[*size] = 0;
    zchunk_destroy (&out);
    return message;
}
