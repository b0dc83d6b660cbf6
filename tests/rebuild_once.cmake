#  test_rebuild_once: vp-notify rebuilt and restored, vp-calendar rebuilt, every service restored
#  from backups taken under load, the whole stack (bus too) restored, with a real SMTP server
#  and webhook receiver: nobody told twice, nothing twice on a stream (included by
#  tests/CMakeLists.txt)
vp_add_test(test_rebuild_once test_rebuild_once.c TIMEOUT 240 LABELS integration)
add_dependencies(test_rebuild_once vp-bus vp-staffing vp-documents vp-calendar vp-notify vp-keygen vpctl)
