#  test_web_outgoing: an outgoing document made in Debian's chromium
#  (tests/web_outgoing.py), signed with a SoftHSM2 token; screenshots and
#  the register's PDF in web-outgoing/ here (included by tests/CMakeLists.txt)
vp_add_test(test_web_outgoing test_web_outgoing.c TIMEOUT 300 LABELS integration)
target_sources(test_web_outgoing PRIVATE test_web_util.c)
target_link_libraries(test_web_outgoing PRIVATE PkgConfig::CURL)
target_compile_definitions(test_web_outgoing PRIVATE TW_BROWSER_DIR="${CMAKE_CURRENT_BINARY_DIR}/web-outgoing")
add_dependencies(test_web_outgoing vp-bus vp-staffing vp-documents vp-notify vp-web vp-keygen vpctl)
