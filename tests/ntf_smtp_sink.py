#!/usr/bin/python3
"""ntf_smtp_sink - a real SMTP server and a real HTTP receiver for the tests
of vp-notify, on loopback, writing what they receive to a folder.

    ntf_smtp_sink.py --dir DIR [--smtp-port P] [--http-port Q]

Give either or both ports; 0 picks a free one. Each port it listens on is
printed ("smtp 2525", "http 8080") and written to DIR/ready-smtp or
DIR/ready-http once it accepts connections.

SMTP (aiosmtpd): every message accepted is written as DIR/mail-N.eml (as
received) and DIR/mail-N.txt: its headers decoded by Python's own e-mail
parser (an independent reader of what vp-notify writes), one "name: value"
a line, lower-case names, plus "mail-from" and "rcpt", a blank line, and
the body decoded. A multipart message: its text/plain part as the body,
and one "attachment: NAME TYPE SIZE SHA256" line per file, decoded.

HTTP: every POST is written as DIR/hook-N.json (the body) and
DIR/hook-N.txt ("path: ...", the headers, a blank line, the body). A body
that is not JSON is answered 400. A path /fail/K/... is answered 500 to
its first K requests, then 200: a webhook that fails and recovers.

Files appear whole (written aside, then renamed); started again on the same
folder, it numbers on after the files there. Stop it with SIGTERM.
"""
import argparse
import asyncio
import email.header
import email.parser
import email.policy
import hashlib
import http.server
import itertools
import json
import os
import sys
import threading

from aiosmtpd.smtp import SMTP

counter = itertools.count(1)
lock = threading.Lock()
failures = {}


def write(folder, name, data):
    path = os.path.join(folder, name)
    with open(path + ".tmp", "wb") as f:
        f.write(data)
    os.rename(path + ".tmp", path)


class Mailbox:
    def __init__(self, folder):
        self.folder = folder

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8")
        message = email.parser.BytesParser(policy=email.policy.default).parsebytes(raw)
        headers = email.parser.BytesParser(policy=email.policy.compat32).parsebytes(raw, headersonly=True)
        lines = []
        for name, value in message.items():
            if name.lower() in ("from", "to", "cc"):
                # RFC 2047: the blank between two encoded-words is no text. The
                # structured parser keeps it inside a display name (a name cut
                # into two words over a fold would read "T hanh"); decode_header
                # reads the words as the RFC says.
                value = email.header.make_header(email.header.decode_header(headers[name]))
            lines.append("%s: %s" % (name.lower(), str(value).replace("\n", " ")))
        lines.append("mail-from: %s" % envelope.mail_from)
        lines.append("rcpt: %s" % ",".join(envelope.rcpt_tos))
        try:
            if message.is_multipart():
                body = message.get_body(preferencelist=("plain",)).get_content()
                for part in message.iter_attachments():
                    data = part.get_content()
                    if isinstance(data, str):
                        data = data.encode("utf-8")
                    lines.append("attachment: %s %s %d %s" % (part.get_filename(), part.get_content_type(),
                                                              len(data), hashlib.sha256(data).hexdigest()))
            else:
                body = message.get_content()
        except Exception as e:  # noqa: BLE001 - say it in the file
            body = "UNREADABLE BODY: %s" % e
        text = "\n".join(lines) + "\n\n" + body
        with lock:
            n = next(counter)
        write(self.folder, "mail-%06d.eml" % n, raw)
        write(self.folder, "mail-%06d.txt" % n, text.encode("utf-8"))
        return "250 OK"


def http_handler(folder):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            size = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(size)
            try:
                json.loads(body.decode("utf-8"))
            except (ValueError, UnicodeDecodeError):
                self.answer(400, b"not JSON")
                return
            parts = self.path.split("/")
            if len(parts) > 2 and parts[1] == "fail" and parts[2].isdigit():
                with lock:
                    failures[self.path] = failures.get(self.path, 0) + 1
                    if failures[self.path] <= int(parts[2]):
                        self.answer(500, b"failing on purpose")
                        return
            with lock:
                n = next(counter)
            head = "path: %s\n" % self.path
            head += "".join("%s: %s\n" % (k.lower(), v) for k, v in self.headers.items())
            write(folder, "hook-%06d.json" % n, body)
            write(folder, "hook-%06d.txt" % n, head.encode("utf-8") + b"\n" + body)
            self.answer(200, b"ok")

        def answer(self, code, text):
            self.send_response(code)
            self.send_header("Content-Length", str(len(text)))
            self.end_headers()
            self.wfile.write(text)

        def log_message(self, fmt, *args):
            pass

    return Handler


def ready(folder, kind, port):
    print("%s %d" % (kind, port), flush=True)
    write(folder, "ready-" + kind, str(port).encode())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", required=True)
    parser.add_argument("--smtp-port", type=int)
    parser.add_argument("--http-port", type=int)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    # Started again on the same folder (a server down, then up): numbering
    # goes on after what is there, so no file is written over.
    global counter
    taken = [int(n[5:11]) for n in os.listdir(args.dir) if n[:5] in ("mail-", "hook-") and n[5:11].isdigit()]
    counter = itertools.count(max(taken, default=0) + 1)
    if args.smtp_port is None and args.http_port is None:
        parser.error("give --smtp-port, --http-port or both")
    if args.http_port is not None:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", args.http_port), http_handler(args.dir))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        ready(args.dir, "http", server.server_address[1])
    loop = asyncio.new_event_loop()
    if args.smtp_port is not None:
        mailbox = Mailbox(args.dir)
        smtp = loop.run_until_complete(loop.create_server(
            lambda: SMTP(mailbox, hostname="sink.test", data_size_limit=10 * 1024 * 1024),
            "127.0.0.1", args.smtp_port))
        ready(args.dir, "smtp", smtp.sockets[0].getsockname()[1])
    loop.run_forever()


if __name__ == "__main__":
    sys.exit(main())
