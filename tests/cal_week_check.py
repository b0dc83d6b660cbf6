#!/usr/bin/python3
"""cal_week_check - the printable weekly schedule, read by Python's HTML parser.

  cal_week_check.py FILE
      Parses the page; every element that must be closed is closed in
      order (exit 1 naming the first that is not). Prints "title|TEXT",
      then "day|TEXT" for each cell of class "day", then "cell|TEXT" for
      every other cell, text unescaped, blanks (and <br>) as one space.
"""
import html.parser
import sys

VOID = {"meta", "br", "link", "img", "hr", "input", "col"}


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open = []
        self.errors = []
        self.cell = None
        self.lines = []
        self.title = None

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.open.append(tag)
        if tag == "br" and self.cell:
            self.cell[1] += " "
        if tag in ("td", "title"):
            kind = "title" if tag == "title" else "day" if ("class", "day") in attrs else "cell"
            self.cell = [kind, ""]

    def handle_endtag(self, tag):
        if not self.open or self.open[-1] != tag:
            self.errors.append("</%s> closes <%s>" % (tag, self.open[-1] if self.open else "nothing"))
            return
        self.open.pop()
        if tag in ("td", "title") and self.cell:
            self.lines.append("%s|%s" % (self.cell[0], " ".join(self.cell[1].split())))
            self.cell = None

    def handle_data(self, data):
        if self.cell:
            self.cell[1] += data


def main(argv):
    page = Page()
    with open(argv[1], encoding="utf-8") as file:
        page.feed(file.read())
    page.close()
    if page.errors or page.open:
        print("not well-formed:", "; ".join(page.errors) or "<%s> left open" % page.open[-1])
        return 1
    for line in page.lines:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
