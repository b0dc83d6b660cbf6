#  test_health_degraded: documents.db locked by another process makes vp-documents'
#  health degraded (db false, with the reason) and its docker-compose healthcheck fail,
#  and ok again once the lock is let go (included by tests/CMakeLists.txt)
vp_add_test(test_health_degraded test_health_degraded.c TIMEOUT 120 LABELS integration)
target_sources(test_health_degraded PRIVATE test_ctl_run.c)
add_dependencies(test_health_degraded vp-bus vp-staffing vp-documents vp-keygen vpctl)
