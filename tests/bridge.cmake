#  vp-bridge and vp-province with a real nats-server (JetStream on a
#  temporary store): two districts, 10,000 events, crashes of the bridge,
#  the bus and nats-server.
vp_add_test(test_bridge_crash test_bridge_crash.c TIMEOUT 300 LABELS integration)
target_link_libraries(test_bridge_crash PRIVATE vpnats)
add_dependencies(test_bridge_crash vp-bus vp-staffing vp-documents vp-bridge vp-province vp-keygen vpctl tu_producer)
