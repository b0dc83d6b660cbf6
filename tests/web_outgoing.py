#!/usr/bin/python3
"""web_outgoing - an outgoing document (văn bản đi) made in a real browser
(Debian's chromium, chromium-driver, python3-selenium), against the stack
test_web_outgoing started: web_outgoing.py PORT OUTDIR PDF PASSWORD PIN.

The land officer drafts a Công văn of the UBND with its PDF, for Minh
Sơn's UBND, Lam Sơn's HĐND and an agency by e-mail, and asks the finance
officer's opinion within 3 working days; he agrees; she submits it; the
office head approves; the Chủ tịch signs with a wrong PIN (refused, in
Vietnamese, no number) and then the right one: the number, the issue date,
the certificate and its chain appear; /so-di lists it and prints on A4
landscape; Minh Sơn's clerk finds it arrived, and Lam Sơn sees Minh Sơn's
receipt. Screenshots and the register's PDF stay in OUTDIR."""
import base64
import os
import re
import sys

from selenium.webdriver.common.by import By

import web_driver
from web_driver import browser, check, submit, wait_for

PORT, OUT, PDF, PASSWORD, PIN = sys.argv[1:6]
BASE = f"http://127.0.0.1:{PORT}"
DRAFTER, ASKED = "ls-dang-thi-mau-tam", "ls-bui-van-mau-chin"
HEAD, SIGNER, MS_CLERK = "ls-phan-thi-mau-truong", "ls-le-van-mau-ba", "ms-phan-thi-mau-muoi-bon"
SUMMARY = "V/v phối hợp giải phóng mặt bằng đường liên xã Lâm Sơn – Minh Sơn"














def sign_in(d, tenant, officer):
    d.delete_all_cookies()
    d.get(BASE + "/dang-nhap")
    d.find_element(By.ID, "tenant").send_keys(tenant)
    d.find_element(By.ID, "officer").send_keys(officer)
    d.find_element(By.ID, "password").send_keys(PASSWORD)
    submit(d, d.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    check(d.find_element(By.TAG_NAME, "h1").text == "Việc của tôi", f"{officer} signs in")


def step(d, action, **fields):
    form = d.find_element(By.ID, "buoc-" + action)
    for name, value in fields.items():
        e = form.find_element(By.NAME, name)
        if e.tag_name == "select":
            e.find_element(By.CSS_SELECTOR, f"option[value='{value}']").click()
        else:
            e.clear()
            e.send_keys(value)
    submit(d, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))


def section(d, sid):
    return d.find_element(By.ID, sid).text


def shot(d, name):
    d.save_screenshot(os.path.join(OUT, name))


d = browser(1280, 1000)
try:
    # The drafter makes the draft with its PDF and receivers.
    sign_in(d, "lam-son", DRAFTER)
    d.get(BASE + "/van-ban-di")
    check("Dự thảo mới" in d.page_source and "Văn bản đi" in d.find_element(By.TAG_NAME, "nav").text,
          "the outgoing page is in the menu and has the draft form")
    form = d.find_element(By.ID, "du-thao-moi")
    form.find_element(By.CSS_SELECTOR, "select[name=body] option[value=ubnd]").click()
    form.find_element(By.CSS_SELECTOR, "select[name=type] option[value=cong-van]").click()
    form.find_element(By.NAME, "summary").send_keys(SUMMARY)
    form.find_element(By.NAME, "receivers").send_keys(
        "minh-son.ubnd\nhdnd\nSở Tư pháp <vanthu@sotuphap.example>")
    form.find_element(By.NAME, "pdf").send_keys(PDF)
    form.find_element(By.NAME, "note").send_keys("bản đầu")
    shot(d, "di-du-thao-moi.png")
    submit(d, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    path = d.current_url[len(BASE):]
    check(re.fullmatch(r"/van-ban-di/o-\d+", path) is not None, f"the draft is made and opened: {path}")
    versions = section(d, "phien-ban")
    check(DRAFTER in versions and "01/12/2026" in versions and "bản đầu" in versions,
          "version 1 shows who made it and when: " + versions)
    receivers = section(d, "noi-nhan")
    check("minh-son.ubnd" in receivers and "vanthu@sotuphap.example" in receivers and "Thư điện tử" in receivers,
          "the receivers: a commune of the deployment and an agency by e-mail: " + receivers)

    # She asks the finance officer's opinion within 3 working days.
    step(d, "consult", officers=ASKED, days="3", question="Đề nghị góp ý về kinh phí")
    opinions = section(d, "y-kien")
    check(ASKED in opinions and "04/12/2026" in opinions and "Chưa cho ý kiến" in opinions,
          "asked, with the deadline 3 working days on (Friday 04/12/2026): " + opinions)

    # The finance officer sees it in his queue and agrees.
    sign_in(d, "lam-son", ASKED)
    d.get(BASE + "/van-ban-di")
    check(SUMMARY in section(d, "hang-consult"), "it waits for his opinion in his queue")
    d.get(BASE + path)
    step(d, "opinion", answer="agree", text="Nhất trí, kinh phí đã có trong dự toán")
    check("Nhất trí, kinh phí đã có trong dự toán" in section(d, "y-kien") and "Nhất trí" in section(d, "y-kien"),
          "his opinion is kept")

    # The drafter submits it for approval.
    sign_in(d, "lam-son", DRAFTER)
    d.get(BASE + path)
    step(d, "submit")
    check("Chờ duyệt" in d.find_element(By.CSS_SELECTOR, "table.fields").text, "submitted: waiting for approval")

    # The office head approves.
    sign_in(d, "lam-son", HEAD)
    d.get(BASE + "/van-ban-di")
    check(SUMMARY in section(d, "hang-approve"), "it waits for the office head's approval")
    d.get(BASE + path)
    step(d, "approve", note="Đúng thể thức")
    check("Chờ ký" in d.find_element(By.CSS_SELECTOR, "table.fields").text, "approved: waiting for the signature")

    # The Chủ tịch signs: a wrong PIN first.
    sign_in(d, "lam-son", SIGNER)
    d.get(BASE + "/van-ban-di")
    check(SUMMARY in section(d, "hang-sign"), "it waits for the Chủ tịch's signature")
    d.get(BASE + path)
    step(d, "sign", pin="000000")
    error = d.find_element(By.CSS_SELECTOR, ".error").text
    check("Mã PIN của token ký số không đúng" in error, "a wrong PIN is refused in Vietnamese: " + error)
    check("Chờ ký" in d.find_element(By.CSS_SELECTOR, "table.fields").text and not d.find_elements(By.ID, "chu-ky"),
          "and nothing is signed or numbered")
    shot(d, "di-sai-pin.png")
    step(d, "sign", pin=PIN)
    signature = section(d, "chu-ky")
    label = re.search(r"\d+/UBND-VP", signature)
    check(label is not None and "01/12/2026" in signature and "Ký số" in signature,
          "signed: the number and issue date appear: " + signature)
    label = label.group(0)
    check(SIGNER + " valid" in signature and "CA thu nghiem" in signature and "01/12/2026 08:00" in signature,
          "the certificate's subject, its chain and the signing time are shown")
    check(label in d.find_element(By.TAG_NAME, "h1").text, "the page is titled by its number")
    shot(d, "di-da-ky.png")
    trail = section(d, "qua-trinh")
    for word in ("Soạn thảo", "Lấy ý kiến", "Cho ý kiến", "Trình duyệt", "Duyệt", "Ký", "Phát hành"):
        check(word in trail, f"the trail has {word}")
    check(d.find_elements(By.ID, "buoc-recall"), "the signer may recall it (the form is there)")

    # The outgoing register lists it, printable on A4 landscape.
    d.get(BASE + "/so-di")
    register = d.find_element(By.ID, "so-di").text
    check("SỔ ĐĂNG KÝ VĂN BẢN ĐI" in d.page_source and label in register and "01/12/2026" in register
          and "Ký số" in register, "/so-di lists it in Decree 30's columns: " + register[:300])
    shot(d, "di-so-di.png")
    pdf = base64.b64decode(d.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"])
    with open(os.path.join(OUT, "so-di.pdf"), "wb") as f:
        f.write(pdf)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    check(boxes and all(abs(float(w) - 841.9) < 2 and abs(float(h) - 595.3) < 2 for w, h in boxes),
          f"the outgoing register prints on A4 landscape: {boxes[:3]}")

    # The drafter sees the issued document, without the recall (the signer's).
    sign_in(d, "lam-son", DRAFTER)
    d.get(BASE + path)
    check(label in d.find_element(By.TAG_NAME, "h1").text and not d.find_elements(By.ID, "buoc-recall"),
          "the drafter sees it issued, and no recall form: that is the signer's")

    # Minh Sơn's clerk sees it arrive.
    sign_in(d, "minh-son", MS_CLERK)

    def arrived():
        d.get(BASE + "/tim-kiem?q=" + label)
        return label in d.find_element(By.CSS_SELECTOR, "table.docs").text
    wait_for("the receiving commune's clerk finds it registered", arrived)
    shot(d, "di-minh-son-nhan.png")

    # Lam Sơn sees Minh Sơn's receipt.
    sign_in(d, "lam-son", DRAFTER)

    def receipt():
        d.get(BASE + path)
        rows = [r.text for r in d.find_elements(By.CSS_SELECTOR, "#noi-nhan tbody tr")]
        ms = [r for r in rows if "minh-son.ubnd" in r]
        return ms and re.search(r"Đã vào sổ|Đã giao xử lý|Đang xử lý", ms[0]) and re.search(r"\s\d+\s", ms[0] + " ")
    wait_for("the sender sees Minh Sơn's receipt and arrival number", receipt)
    shot(d, "di-noi-nhan.png")
finally:
    d.quit()
print(f"web_outgoing: {web_driver.checks} checks passed", flush=True)
