#!/usr/bin/python3
"""web_staff - the Cán bộ directory and a set-up form in a real browser
(Debian's chromium, chromium-driver, python3-selenium), against the stack
test_web_staff_browser started: web_staff.py PORT OUTDIR PDF PASSWORD.

An ordinary officer reads the directory (the Bí thư kiêm nhiệm) and is
refused the set-up pages; the office head types a new officer with a bad
id, sees the refusal naming the field and the value with the form still
holding what she typed, corrects the id and finds him in the list; the
directory on a phone is one column. Screenshots stay in OUTDIR."""
import os
import sys

from selenium.webdriver.common.by import By

import web_driver
from web_driver import browser, check, submit

PORT, OUT, PDF, PASSWORD = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
BASE = f"http://127.0.0.1:{PORT}"
TENANT = "lam-son"
HEAD, PLAIN = "ls-phan-thi-mau-truong", "ls-pham-van-mau-bon"


def sign_in(d, officer):
    d.get(BASE + "/dang-nhap")
    d.find_element(By.ID, "tenant").send_keys(TENANT)
    d.find_element(By.ID, "officer").send_keys(officer)
    d.find_element(By.ID, "password").send_keys(PASSWORD)
    submit(d, d.find_element(By.CSS_SELECTOR, "form button[type=submit]"))


def shot(d, name):
    d.save_screenshot(os.path.join(OUT, name))


plain, head = browser(), browser()
try:
    sign_in(plain, PLAIN)
    plain.find_element(By.LINK_TEXT, "Cán bộ").click()
    rows = [r.text for r in plain.find_elements(By.CSS_SELECTOR, "table.staff tr")]
    check(any("Nguyễn Văn Mẫu Một" in r and "Kiêm nhiệm" in r and "Chủ tịch HĐND" in r for r in rows),
          "the directory marks the Bí thư kiêm nhiệm, from the menu")
    shot(plain, "web-can-bo.png")
    plain.get(BASE + "/quan-tri/can-bo")
    check("Trang này dành cho Tổ trưởng Văn phòng" in plain.find_element(By.TAG_NAME, "main").text,
          "an ordinary officer is refused the set-up pages in Vietnamese")

    sign_in(head, HEAD)
    head.get(BASE + "/quan-tri/can-bo")
    form = head.find_element(By.ID, "form-them-can-bo")
    form.find_element(By.NAME, "officer").send_keys("Lò Văn Mới")
    form.find_element(By.NAME, "full_name").send_keys("Lò Văn Mới")
    form.find_element(By.NAME, "phone").send_keys("0238 387 5678")
    submit(head, form.find_element(By.TAG_NAME, "button"))
    error = head.find_element(By.CSS_SELECTOR, "p.error").text
    check("«Mã cán bộ (tên đăng nhập)» \"Lò Văn Mới\"" in error and "chữ thường không dấu" in error,
          f"the refusal names the field and the value: {error}")
    form = head.find_element(By.ID, "form-them-can-bo")
    check(form.find_element(By.NAME, "phone").get_attribute("value") == "0238 387 5678",
          "the form keeps what was typed")
    shot(head, "web-quan-tri-loi.png")
    officer = form.find_element(By.NAME, "officer")
    officer.clear()
    officer.send_keys("ls-lo-van-moi")
    submit(head, form.find_element(By.TAG_NAME, "button"))
    check("Đã lưu: Thêm cán bộ" in head.find_element(By.TAG_NAME, "main").text
          and "Lò Văn Mới" in head.find_element(By.ID, "danh-sach-can-bo").text,
          "corrected, he is created and listed")
    shot(head, "web-quan-tri-can-bo.png")
    for page in ("nghi-phep", "phan-luong", "mau-thong-bao"):
        head.get(BASE + "/quan-tri/" + page)
        check(head.find_element(By.CSS_SELECTOR, "nav.admin a[aria-current]").get_attribute("href").endswith(page),
              f"/quan-tri/{page}: the menu marks the page shown")
        shot(head, f"web-quan-tri-{page}.png")

    plain.set_window_size(390, 844)
    plain.get(BASE + "/can-bo")
    cells = plain.find_elements(By.CSS_SELECTOR, "table.staff td")
    check(cells and plain.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1"),
          "on a phone the directory fits the screen's width")
    shot(plain, "web-can-bo-dien-thoai.png")
finally:
    plain.quit()
    head.quit()
print(f"web_staff: {web_driver.checks} checks passed", flush=True)
