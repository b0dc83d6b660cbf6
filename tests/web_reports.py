#!/usr/bin/python3
"""web_reports - Báo cáo (/bao-cao) in a real browser (Debian's chromium,
chromium-driver, python3-selenium) at a phone's width, against the stack
test_web_reports started: web_reports.py PORT OUTDIR PASSWORD.

The office head signs in on a 390 px screen, opens the report of 2026 from
the menu: the three charts are drawn (SVG made by the server, no script of
a library), none wider than the screen, the month chart's March bar of
incoming documents is the tallest, and the page does not scroll sideways.
The screenshot stays in OUTDIR."""
import os
import sys

from selenium.webdriver.common.by import By

import web_driver
from web_driver import browser, check, submit, wait_for

PORT, OUT, PASSWORD = sys.argv[1:4]
BASE = f"http://127.0.0.1:{PORT}"
HEAD = "ls-phan-thi-mau-truong"

d = browser(390, 844)
try:
    d.get(BASE + "/dang-nhap")
    d.find_element(By.ID, "tenant").send_keys("lam-son")
    d.find_element(By.ID, "officer").send_keys(HEAD)
    d.find_element(By.ID, "password").send_keys(PASSWORD)
    submit(d, d.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    d.get(BASE + "/bao-cao?nam=2026")
    wait_for("the report's page", lambda: d.find_element(By.TAG_NAME, "h1").text.startswith("Báo cáo"))
    width = d.execute_script("return window.innerWidth")
    for chart in ("bieu-do-thang", "bieu-do-can-bo", "bieu-do-don-vi"):
        svg = d.find_element(By.CSS_SELECTOR, f"#{chart} svg")
        box = svg.rect
        check(box["width"] > 200 and box["x"] + box["width"] <= width + 1,
              f"{chart} is drawn within the screen ({box['width']:.0f} px of {width})")
    bars = d.find_elements(By.CSS_SELECTOR, "#bieu-do-thang rect[data-cot=nhan]")
    heights = [float(b.get_attribute("height")) for b in bars]
    check(len(bars) == 12 and heights[2] == max(heights) and heights[2] > 0 and heights[3] > 0 and heights[0] == 0,
          f"twelve months of incoming bars, March the tallest: {heights}")
    scroll = d.execute_script("return document.documentElement.scrollWidth")
    check(scroll <= width + 1, f"the page does not scroll sideways ({scroll} <= {width})")
    d.find_element(By.ID, "bieu-do-can-bo").location_once_scrolled_into_view
    path = os.path.join(OUT, "bao-cao-390.png")
    d.save_screenshot(path)
    check(os.path.getsize(path) > 10000, f"screenshot {path}")
finally:
    d.quit()
print(f"web_reports: {web_driver.checks} checks passed", flush=True)
