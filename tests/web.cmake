#  test_web: vp-web over HTTP against a real stack (sign-in, CSRF, headers,
#  escaping, a secret document's 404, registering with a PDF, the week)
#  (included by tests/CMakeLists.txt)
vp_pkg(CURL libcurl)
vp_add_test(test_web test_web.c TIMEOUT 180 LABELS integration)
target_sources(test_web PRIVATE test_web_util.c)
target_link_libraries(test_web PRIVATE PkgConfig::CURL)
add_dependencies(test_web vp-bus vp-staffing vp-documents vp-calendar vp-notify vp-web vp-keygen vpctl)

#  test_web_browser: the tour in Debian's chromium (tests/web_browser.py,
#  selenium and chromium-driver); screenshots and PDFs in web-browser/ here
vp_add_test(test_web_browser test_web_browser.c TIMEOUT 300 LABELS integration)
target_sources(test_web_browser PRIVATE test_web_util.c)
target_link_libraries(test_web_browser PRIVATE PkgConfig::CURL)
target_compile_definitions(test_web_browser PRIVATE TW_BROWSER_DIR="${CMAKE_CURRENT_BINARY_DIR}/web-browser")
add_dependencies(test_web_browser vp-bus vp-staffing vp-documents vp-calendar vp-notify vp-web vp-keygen vpctl)

#  test_web_staff: the Cán bộ directory (kiêm nhiệm, leave and delegate) and
#  the office head's set-up pages over HTTP (refusals named, CSRF, a new
#  officer appointed who signs in with the password set for him)
vp_add_test(test_web_staff test_web_staff.c TIMEOUT 180 LABELS integration)
target_sources(test_web_staff PRIVATE test_web_util.c)
target_link_libraries(test_web_staff PRIVATE PkgConfig::CURL)
add_dependencies(test_web_staff vp-bus vp-staffing vp-documents vp-calendar vp-notify vp-web vp-keygen vpctl)

#  test_web_staff_browser: the directory and a refused set-up form in
#  chromium (tests/web_staff.py, test_web_browser.c's stack); screenshots in
#  web-staff/ here
vp_add_test(test_web_staff_browser test_web_browser.c TIMEOUT 300 LABELS integration)
target_sources(test_web_staff_browser PRIVATE test_web_util.c)
target_link_libraries(test_web_staff_browser PRIVATE PkgConfig::CURL)
target_compile_definitions(test_web_staff_browser PRIVATE TW_BROWSER_DIR="${CMAKE_CURRENT_BINARY_DIR}/web-staff"
                           TW_BROWSER_SCRIPT="web_staff.py")
add_dependencies(test_web_staff_browser vp-bus vp-staffing vp-documents vp-calendar vp-notify vp-web vp-keygen vpctl)
