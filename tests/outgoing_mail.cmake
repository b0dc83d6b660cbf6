#  test_outgoing_mail: an issued document e-mailed to an outside agency once, with
#  the signed PDF and its .p7s (SoftHSM2 token), through a real SMTP server on
#  loopback (tests/ntf_smtp_sink.py): SMTP down then up, vp-notify killed and
#  rebuilt, a recall notice (included by tests/CMakeLists.txt)
vp_add_test(test_outgoing_mail test_outgoing_mail.c TIMEOUT 240 LABELS integration)
add_dependencies(test_outgoing_mail vp-bus vp-staffing vp-documents vp-notify vp-keygen vpctl)
