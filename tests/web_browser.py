#!/usr/bin/python3
"""web_browser - the office's tour in a real browser (Debian's chromium,
chromium-driver, python3-selenium), against the stack test_web_browser
started: web_browser.py PORT OUTDIR PDF PASSWORD.

The clerk signs in (a wrong password is refused), registers a Giấy mời
for the Chủ tịch UBND with a 5 MB PDF; the Chủ tịch, whose "Việc của tôi" is
open, sees the meeting and then (once the office head, who finds it waiting
on her Tổng hợp, hands it to him) the document appear without reloading; he opens the PDF and marks the
document done; the office head's dashboard counts it; the week prints
to PDF on A4; the office head adds a meeting and sees its conflicts before
saving, publishes the week and it prints on one or two A4 pages with Nơi
nhận and the signer; the Chủ tịch opens his own week; the register prints
on A4 landscape; on a phone the search's column chooser wraps. Screenshots
and the PDF stay in OUTDIR."""
import base64
import os
import re
import sys

from selenium.webdriver.common.by import By

import web_driver
from web_driver import browser, check, submit, wait_for

PORT, OUT, PDF, PASSWORD = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
BASE = f"http://127.0.0.1:{PORT}"
TENANT = "lam-son"
CLERK, CHAIR, HEAD = "ls-nguyen-van-cong", "ls-le-van-mau-ba", "ls-phan-thi-mau-truong"











def sign_in(d, officer, password):
    d.get(BASE + "/dang-nhap")
    d.find_element(By.ID, "tenant").send_keys(TENANT)
    d.find_element(By.ID, "officer").send_keys(officer)
    d.find_element(By.ID, "password").send_keys(password)
    submit(d, d.find_element(By.CSS_SELECTOR, "form button[type=submit]"))





def sign_out(d):
    # Waited for: a sign-in page asked for while the sign-out is still on
    # its way finds the session alive and sends the browser home instead.
    submit(d, d.find_element(By.CSS_SELECTOR, "header form button"))


def shot(d, name):
    d.save_screenshot(os.path.join(OUT, name))


def field(d, name, value):
    e = d.find_element(By.NAME, name)
    e.clear()
    e.send_keys(value)


# The scan the clerk attaches: the fixture grown past 5 MB (PDF comments), so it
# goes in chunks.
BIG = os.path.join(OUT, "giay-moi-5mb.pdf")
with open(PDF, "rb") as src, open(BIG, "wb") as dst:
    dst.write(src.read())
    line = b"% lop dem cho tep quet lon hon 5 MB ...............................\n"
    dst.write(line * (5 * 1024 * 1024 // len(line) + 1))
PDF = BIG

clerk, chair = browser(), browser()
try:
    # The clerk signs in; a wrong password first.
    sign_in(clerk, CLERK, "sai-mat-khau")
    check("Tên đăng nhập hoặc mật khẩu không đúng." in clerk.page_source, "a wrong password is refused")
    shot(clerk, "web-dang-nhap-sai.png")
    sign_in(clerk, CLERK, PASSWORD)
    check(clerk.find_element(By.TAG_NAME, "h1").text == "Việc của tôi", "the clerk signs in")

    # The Chủ tịch has his work open.
    sign_in(chair, CHAIR, PASSWORD)
    check(chair.find_element(By.TAG_NAME, "h1").text == "Việc của tôi", "the Chủ tịch signs in")
    check("12/GM-UBND" not in chair.page_source, "nothing of the invitation yet")
    chair.execute_script("window.vpMarker = 1")      # gone if the page reloads

    # The clerk registers the Giấy mời with its PDF.
    clerk.get(BASE + "/vao-so")
    for name, value in (("issuer", "UBND huyện Sơn Động"), ("number", "12/GM-UBND"), ("doc_date", "30/11/2026"),
                        ("summary", "Mời dự họp giao ban tháng 12"), ("meeting_start", "03/12/2026 08:00"),
                        ("meeting_end", "03/12/2026 10:00"), ("meeting_place", "hoi-truong"),
                        ("invited_posts", "chu-tich-ubnd")):
        field(clerk, name, value)
    clerk.find_element(By.CSS_SELECTOR, "select[name=type] option[value=giay-moi]").click()
    clerk.find_element(By.NAME, "files").send_keys(PDF)
    shot(clerk, "web-vao-so.png")
    submit(clerk, clerk.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    check("Đã vào sổ: số đến" in clerk.page_source,
          "the clerk registers it and sees its arrival number: " + clerk.find_element(By.TAG_NAME, "main").text[:600])
    shot(clerk, "web-da-vao-so.png")
    link = clerk.find_element(By.LINK_TEXT, "Mở văn bản").get_attribute("href")
    doc_path = link[len(BASE):]

    # The meeting appears on the Chủ tịch's open page, without a reload.
    wait_for("the meeting appears in his week without a reload",
             lambda: "03/12/2026 08:00" in chair.find_element(By.ID, "live").text)
    check(chair.execute_script("return window.vpMarker") == 1, "the page was not reloaded")

    # The office head hands it to him; it appears in his work.
    # She finds it waiting on her Tổng hợp and opens it from there.
    sign_out(clerk)
    sign_in(clerk, HEAD, PASSWORD)
    clerk.get(BASE + "/tong-hop")
    waiting = clerk.find_element(By.ID, "cho-giao")
    check("12/GM-UBND" in waiting.text, "it waits for her on Tổng hợp: " + waiting.text[:300])
    submit(clerk, waiting.find_element(By.CSS_SELECTOR, f"a[href='{doc_path}']"))
    check(clerk.current_url == BASE + doc_path, "the waiting row links to its page")
    field(clerk, "post", "chu-tich-ubnd")
    clerk.find_element(By.XPATH, "//form[.//input[@value='assign']]//button").click()
    wait_for("the document appears in his work without a reload",
             lambda: "12/GM-UBND" in chair.find_element(By.CSS_SELECTOR, "table.docs").text)
    check(chair.execute_script("return window.vpMarker") == 1, "still the same page")
    shot(chair, "web-viec-cua-toi.png")

    # He opens the document and its PDF, and marks it done.
    chair.get(BASE + doc_path)
    pdf_href = chair.find_element(By.PARTIAL_LINK_TEXT, "giay-moi-5mb.pdf").get_attribute("href")
    got = chair.execute_script("""
        const r = await fetch(arguments[0]);
        return [r.status, r.headers.get('content-type'), r.headers.get('content-disposition'),
                (await r.arrayBuffer()).byteLength];""", pdf_href)
    check(got[0] == 200 and got[1] == "application/pdf" and got[2].startswith("inline")
          and got[3] == os.path.getsize(PDF), f"the PDF opens inline, whole: {got}")
    shot(chair, "web-van-ban.png")
    field(chair, "note", "Đã dự họp")
    submit(chair, chair.find_element(By.XPATH, "//form[.//input[@value='done']]//button"))
    check("Đã xử lý" in chair.find_element(By.CSS_SELECTOR, "table.fields").text, "he marks it done")

    # The week, printed on A4.
    chair.get(BASE + "/lich-tuan")
    check("LỊCH CÔNG TÁC TUẦN 49 (từ ngày 30/11/2026 đến ngày 06/12/2026)" in chair.page_source
          and "Mời dự họp giao ban" in chair.page_source, "the week shows the meeting")
    check("Hội trường" in chair.find_element(By.CSS_SELECTOR, "table.week-table").text,
          "the week names the room as people do (Hội trường), not by its id")
    shot(chair, "web-lich-tuan.png")
    pdf = base64.b64decode(chair.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"])
    with open(os.path.join(OUT, "lich-tuan.pdf"), "wb") as f:
        f.write(pdf)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    check(boxes and all(abs(float(w) - 595.3) < 2 and abs(float(h) - 841.9) < 2 for w, h in boxes),
          f"the week prints on A4 pages: {boxes[:3]}")

    # The office head adds a meeting that takes the Chủ tịch and the Hội trường
    # during the invitation's meeting: the form shows it before saving.
    clerk.get(BASE + "/lich-tuan/them?ngay=03/12/2026")
    for name, value in (("tu", "08:30"), ("den", "09:30"), ("noi_dung", "Làm việc với đoàn kiểm tra"),
                        ("chuan_bi", "Văn phòng")):
        field(clerk, name, value)
    clerk.find_element(By.CSS_SELECTOR, f"input[name=thanh_phan][value={CHAIR}]").click()
    clerk.find_element(By.CSS_SELECTOR, "select[name=phong] option[value=hoi-truong]").click()
    submit(clerk, clerk.find_element(By.CSS_SELECTOR, "button.check-save"))
    shown = clerk.find_element(By.CSS_SELECTOR, "section.conflicts").text
    check("Đ/c Lê Văn Mẫu Ba đã có lịch" in shown and "Phòng Hội trường đã được đặt cho" in shown
          and "Mời dự họp giao ban" in shown and "03/12/2026 08:00–10:00" in shown,
          "the conflicts are shown before saving (who, the room, the other meeting and its time): " + shown)
    shot(clerk, "web-trung-lich.png")
    submit(clerk, clerk.find_element(By.CSS_SELECTOR, "button.confirm"))
    check("Làm việc với đoàn kiểm tra" in clerk.find_element(By.CSS_SELECTOR, "table.week-table").text,
          "«Vẫn lưu» saves it into the week")

    # She publishes the week, signed by the Chủ tịch UBND; it prints on one or
    # two A4 pages with Nơi nhận and the signer's block, without the forms.
    check("DỰ THẢO" in clerk.find_element(By.CSS_SELECTOR, ".closing").text, "before publishing: Dự thảo")
    clerk.find_element(By.CSS_SELECTOR, f"select[name=signer] option[value={CHAIR}]").click()
    submit(clerk, clerk.find_element(By.CSS_SELECTOR, "section.publish button[type=submit]"))
    closing = clerk.find_element(By.CSS_SELECTOR, ".closing").text
    check("Đã ban hành lịch tuần." in clerk.page_source and "Nơi nhận:" in closing and "CHỦ TỊCH UBND" in closing
          and "Lê Văn Mẫu Ba" in closing and "DỰ THẢO" not in closing,
          "published: the closing block has Nơi nhận, the signer's title and name: " + closing)
    clerk.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    check(clerk.find_element(By.CSS_SELECTOR, ".closing").is_displayed()
          and not clerk.find_element(By.CSS_SELECTOR, "section.publish").is_displayed(),
          "in print the closing block shows and the publish form does not")
    clerk.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    shot(clerk, "web-lich-tuan-ban-hanh.png")
    pdf = base64.b64decode(clerk.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"])
    with open(os.path.join(OUT, "lich-tuan-ban-hanh.pdf"), "wb") as f:
        f.write(pdf)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    check(1 <= pages <= 2 and boxes and all(abs(float(w) - 595.3) < 2 and abs(float(h) - 841.9) < 2 for w, h in boxes),
          f"the published week prints on {pages} A4 page(s): {boxes[:3]}")

    # The Chủ tịch's own week: his meetings only.
    chair.get(BASE + "/")
    chair.find_element(By.LINK_TEXT, "Lịch công tác tuần của tôi").click()
    mine = chair.find_element(By.CSS_SELECTOR, "table.week-table").text
    check("Mời dự họp giao ban" in mine and "Làm việc với đoàn kiểm tra" in mine, "his own week lists his meetings")
    shot(chair, "web-lich-cua-toi.png")

    # The office head's dashboard counts it; the register prints on A4 landscape.
    clerk.get(BASE + "/tong-hop")
    done = clerk.find_element(By.CSS_SELECTOR, "td[data-period=month][data-status=done]").text
    check(done == "1", f"the office head's dashboard counts it done: {done}")
    shot(clerk, "web-tong-hop.png")
    clerk.get(BASE + "/so-den")
    check("12/GM-UBND" in clerk.page_source and "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN" in clerk.page_source,
          "the register of the book lists it")
    shot(clerk, "web-so-den.png")
    pdf = base64.b64decode(clerk.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"])
    with open(os.path.join(OUT, "so-den.pdf"), "wb") as f:
        f.write(pdf)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    check(boxes and all(abs(float(w) - 841.9) < 2 and abs(float(h) - 595.3) < 2 for w, h in boxes),
          f"the register prints on A4 landscape: {boxes[:3]}")

    # On a phone: one column.
    chair.set_window_size(390, 844)
    chair.get(BASE + "/vao-so")
    labels = chair.find_elements(By.CSS_SELECTOR, "form.form label")
    inputs = chair.find_elements(By.CSS_SELECTOR, "form.form input#issuer")
    check(labels and inputs and labels[0].location["x"] == inputs[0].location["x"],
          "under 600 px the form is one column (label above its field)")
    shot(chair, "web-dien-thoai.png")
    # The search's column chooser wraps on a phone: nothing wider than the screen.
    chair.get(BASE + "/tim-kiem?cot=number&cot=summary&cot=deadline")
    boxes = chair.find_elements(By.CSS_SELECTOR, "fieldset.cols label")
    lines = {b.location["y"] for b in boxes}
    wide, width = chair.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    check(len(boxes) == 13 and len(lines) > 1 and wide <= width,
          f"on a phone the 13 column boxes wrap over {len(lines)} lines, {wide} px wide of {width}")
    chair.execute_script("document.querySelector('fieldset.cols').scrollIntoView()")
    shot(chair, "web-tim-kiem-dien-thoai.png")
    # Its results are read row by row there: each cell names its column.
    cells = chair.execute_script("""
        const t = document.querySelector('table.docs');
        const heads = [...t.querySelectorAll('thead th')].map(th => th.textContent.trim());
        const row = t.querySelector('tbody tr');
        return [heads, [...row.children].map(td => [td.getAttribute('data-label'),
                getComputedStyle(td, '::before').content, getComputedStyle(td).display])];""")
    heads, row = cells
    check(len(heads) >= 3 and len(row) == len(heads)
          and all(label == head and before not in ("none", "normal", "") and shown == "block"
                  for (label, before, shown), head in zip(row, heads)),
          f"on a phone each cell of a result shows its column's heading: {heads} / {row}")
    chair.execute_script("document.querySelector('table.docs').scrollIntoView()")
    shot(chair, "web-ket-qua-dien-thoai.png")
finally:
    clerk.quit()
    chair.quit()
print(f"web_browser: {web_driver.checks} checks passed", flush=True)
