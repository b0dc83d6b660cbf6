#!/usr/bin/python3
"""cal_ical_check - a calendar feed as a phone gets it, read by an independent parser.

  cal_ical_check.py URL [METHOD]
      Fetches URL over HTTP (GET, or METHOD) and prints "status N"; for a
      200, parses the body with the `icalendar` package and prints one line
      for the calendar, then one line per VEVENT, by UID:
        calendar|VERSION|METHOD|X-WR-TIMEZONE|TZID of the VTIMEZONE|Content-Type
        UID|DTSTART|DTEND|TZID|SUMMARY|LOCATION|SEQUENCE|STATUS
      DTSTART and DTEND as ISO 8601 with their offset (a date alone for an
      all-day item). Exit 1 when the body does not parse.
  cal_ical_check.py --raw HOST PORT TEXT
      Sends TEXT (with \\r and \\n written as such) on a bare TCP
      connection and prints "status N" of the answer ("status none" when
      the connection closes without one).
"""
import socket
import sys
import urllib.error
import urllib.request

import icalendar


def fetch(url, method):
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.headers.get("Content-Type", ""), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def when(event, name):
    prop = event.get(name)
    if prop is None:
        return "", ""
    return event.decoded(name).isoformat(), prop.params.get("TZID", "")


def main(argv):
    if len(argv) == 5 and argv[1] == "--raw":
        text = argv[4].replace("\\r", "\r").replace("\\n", "\n").encode()
        with socket.create_connection((argv[2], int(argv[3])), timeout=10) as sock:
            sock.sendall(text)
            data = b""
            while b"\r\n" not in data:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                data += chunk
        words = data.split(b" ", 2)
        print("status", words[1].decode() if len(words) > 1 else "none")
        return 0
    status, content_type, body = fetch(argv[1], argv[2] if len(argv) > 2 else "GET")
    print("status", status)
    if status != 200:
        return 0
    calendar = icalendar.Calendar.from_ical(body.decode("utf-8"))
    zones = [str(tz.get("TZID")) for tz in calendar.walk("VTIMEZONE")]
    print("calendar|%s|%s|%s|%s|%s" % (calendar.get("VERSION"), calendar.get("METHOD"),
                                       calendar.get("X-WR-TIMEZONE"), ",".join(zones), content_type))
    lines = []
    for event in calendar.walk("VEVENT"):
        start, tzid = when(event, "DTSTART")
        end, _ = when(event, "DTEND")
        lines.append("|".join([str(event.get("UID")), start, end, tzid, str(event.get("SUMMARY")),
                               str(event.get("LOCATION", "")), str(event.get("SEQUENCE")),
                               str(event.get("STATUS"))]))
    for line in sorted(lines):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
