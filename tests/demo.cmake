vp_add_test(test_demo test_demo.c TIMEOUT 240 LABELS integration)
target_compile_definitions(test_demo PRIVATE VP_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
add_dependencies(test_demo vp-bus vp-staffing vp-keygen vpctl)
