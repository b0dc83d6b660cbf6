#  test_outgoing: outgoing documents (draft, consult, approve, sign with a
#  SoftHSM2 token, number, register, distribute in the deployment, recall)
#  against a real stack with the demo district (included by tests/CMakeLists.txt)
vp_add_test(test_outgoing test_outgoing.c TIMEOUT 300 LABELS integration)
target_sources(test_outgoing PRIVATE test_ctl_run.c)
add_dependencies(test_outgoing vp-bus vp-staffing vp-documents vp-keygen vpctl)
