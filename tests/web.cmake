#  The tests of vp-web (included by tests/CMakeLists.txt).
vp_pkg(CURL libcurl)

#  A test of vp-web: libcurl and the tests' web helpers, the whole stack built.
function(vp_add_web_test name source timeout)
  vp_add_test(${name} ${source} TIMEOUT ${timeout} LABELS integration)
  target_sources(${name} PRIVATE test_web_util.c)
  target_link_libraries(${name} PRIVATE PkgConfig::CURL)
  add_dependencies(${name} vp-bus vp-staffing vp-documents vp-calendar vp-notify vp-web vp-keygen vpctl)
endfunction()

#  test_web: vp-web over HTTP against a real stack (sign-in, CSRF, headers,
#  escaping, a secret document's 404, registering with a PDF, the week)
vp_add_web_test(test_web test_web.c 180)

#  test_web_week: Lịch công tác tuần over HTTP (conflicts before saving,
#  published editions and the closing block, my week)
vp_add_web_test(test_web_week test_web_week.c 180)

#  test_web_browser: the tour in Debian's chromium (tests/web_browser.py,
#  selenium and chromium-driver); screenshots and PDFs in web-browser/ here
vp_add_web_test(test_web_browser test_web_browser.c 300)
target_compile_definitions(test_web_browser PRIVATE TW_BROWSER_DIR="${CMAKE_CURRENT_BINARY_DIR}/web-browser")

#  test_web_delegate: Việc của tôi of one who stands in for an officer on
#  leave ("thay đ/c …"), secrecy by the delegate's own clearance
vp_add_web_test(test_web_delegate test_web_delegate.c 180)

#  test_web_dashboard: the office head's Tổng hợp (counts by week, month,
#  officer and body; waiting; who may see it) and a reminder sent twice
vp_add_web_test(test_web_dashboard test_web_dashboard.c 180)

#  test_web_https: vp-web serving HTTPS with a certificate made by the
#  openssl command (a bad one refused at start, a Secure cookie, HSTS)
vp_add_web_test(test_web_https test_web_https.c 120)

#  test_web_search: /tim-kiem sorted (arrival, document date, deadline,
#  number; both ways) and filtered (period, overdue, assignee), paged, in
#  the columns chosen (the table, links, a saved search, the PDF: pdftotext)
vp_add_web_test(test_web_search test_web_search.c 120)

#  test_web_staff: the Cán bộ directory (kiêm nhiệm, leave and delegate) and
#  the office head's set-up pages over HTTP (refusals named, CSRF, a new
#  officer appointed who signs in with the password set for him)
vp_add_web_test(test_web_staff test_web_staff.c 180)

#  test_web_staff_browser: the directory and a refused set-up form in
#  chromium (tests/web_staff.py, test_web_browser.c's stack); screenshots in
#  web-staff/ here
vp_add_web_test(test_web_staff_browser test_web_browser.c 300)
target_compile_definitions(test_web_staff_browser PRIVATE TW_BROWSER_DIR="${CMAKE_CURRENT_BINARY_DIR}/web-staff"
                           TW_BROWSER_SCRIPT="web_staff.py")

#  test_web_reports: Báo cáo (/bao-cao: per month, officer and body, its SVG
#  charts and spreadsheet; 403 for others) and Sổ sách (/so-sach: the six
#  outputs as PDF or xlsx) over HTTP, and the charts in chromium at a
#  phone's width (tests/web_reports.py); the screenshot in web-reports/ here
vp_add_web_test(test_web_reports test_web_reports.c 120)
target_compile_definitions(test_web_reports PRIVATE TW_BROWSER_DIR="${CMAKE_CURRENT_BINARY_DIR}/web-reports")

#  test_web_dossiers: hồ sơ in the browser (/ho-so, /ho-so/<id>): opened
#  through the form, documents added by id and arrival number in order,
#  PDF and XML downloaded, the use regime confirmed, frozen by the office
#  head only (the clerk's add refused while frozen), closed, due, handed over
vp_add_web_test(test_web_dossiers test_web_dossiers.c 120)
