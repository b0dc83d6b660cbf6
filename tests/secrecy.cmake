#  test_secrecy_paths: a secret document's words on every read path, for every
#  kind of reader, with the whole stack (included by tests/CMakeLists.txt)
vp_add_test(test_secrecy_paths test_secrecy_paths.c TIMEOUT 300 LABELS integration)
target_sources(test_secrecy_paths PRIVATE test_secrecy_probe.c test_secrecy_stack.c test_secrecy_scenario.c test_secrecy_documents.c
               test_secrecy_calendar.c test_secrecy_notify.c test_secrecy_stores.c test_ctl_run.c)
add_dependencies(test_secrecy_paths vp-bus vp-staffing vp-documents vp-calendar vp-notify vp-mon vp-keygen vpctl)
