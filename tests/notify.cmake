#  test_notify: vp-notify on the demo district with a real SMTP server and a real
#  HTTP receiver on loopback (tests/ntf_smtp_sink.py); two programs from one source,
#  run in parallel (included by tests/CMakeLists.txt)
vp_add_test(test_notify test_notify.c ARGS inbox TIMEOUT 180 LABELS integration)
vp_add_test(test_notify_delivery test_notify.c ARGS delivery TIMEOUT 180 LABELS integration)
foreach(t test_notify test_notify_delivery)
  add_dependencies(${t} vp-bus vp-staffing vp-documents vp-notify vp-keygen vpctl)
endforeach()

#  test_notify_outgoing: the steps of an outgoing document tell the officer
#  each waits for, once, in Vietnamese
vp_add_test(test_notify_outgoing test_notify_outgoing.c TIMEOUT 180 LABELS integration)
add_dependencies(test_notify_outgoing vp-bus vp-staffing vp-documents vp-notify vp-keygen vpctl)
