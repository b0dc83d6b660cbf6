"""web_driver - what every browser test of vp-web does the same way: start
Debian's chromium headless through chromium-driver, count and print checks,
wait for a condition, submit a form and wait for the page that answers."""
import sys
import time

from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

checks = 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        print(f"FAIL {what}", flush=True)
        sys.exit(1)
    print(f"ok - {what}", flush=True)


def browser(width=1280, height=900):
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
              f"--window-size={width},{height}", "--lang=vi"):
        opts.add_argument(a)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)


def wait_for(what, cond, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if cond():
                return True
        except (StaleElementReferenceException, NoSuchElementException):
            pass    # the live refresh replaced the part being read: read it again
        time.sleep(0.2)
    check(False, what)


def submit(d, button):
    # The answer is a new page. The old one is marked before the click and
    # the wait is for a loaded document without the mark: asking about the
    # old button instead races the navigation (chromium answers "node does
    # not belong to the document", not "stale", when it is asked mid-way).
    # A sign-in hashes a password and a registration stores 5 MB: a loaded
    # machine takes its time.
    d.execute_script("window.vpOldPage = 1")
    button.click()

    def answered(drv):
        return drv.execute_script("return window.vpOldPage === undefined && document.readyState === 'complete'")
    WebDriverWait(d, 60, ignored_exceptions=(WebDriverException,)).until(answered)
