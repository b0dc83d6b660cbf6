#  test_outgoing_mail: an issued document e-mailed to an outside agency once, with
#  the signed PDF and its .p7s (SoftHSM2 token), through a real SMTP server on
#  loopback (tests/ntf_smtp_sink.py): SMTP down then up, vp-notify killed and
#  rebuilt, a recall notice; the statuses on the document's page in vp-web
#  (included by tests/CMakeLists.txt)
vp_add_test(test_outgoing_mail test_outgoing_mail.c TIMEOUT 240 LABELS integration)
target_sources(test_outgoing_mail PRIVATE test_web_util.c)
target_link_libraries(test_outgoing_mail PRIVATE PkgConfig::CURL)
add_dependencies(test_outgoing_mail vp-bus vp-staffing vp-documents vp-notify vp-web vp-keygen vpctl)
