#  test_upgrade: this version's services on the databases of 0.2.0 (tests/fixtures/v0.2.0),
#  upgraded in place (included by tests/CMakeLists.txt)
vp_add_test(test_upgrade test_upgrade.c TIMEOUT 120 LABELS integration)
add_dependencies(test_upgrade vp-bus vp-staffing vp-documents vp-calendar vp-notify vp-keygen vpctl)
