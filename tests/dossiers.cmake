#  test_dossiers: dossiers, exports and the outputs of Decree 30 over a year of demo work, against a
#  real bus and vp-staffing with the demo district (included by tests/CMakeLists.txt); reads the PDFs
#  back with poppler-utils (pdftotext, pdfinfo) and checks the XML with xmllint (libxml2-utils)
vp_add_test(test_dossiers test_dossiers.c TIMEOUT 300 LABELS integration)
target_sources(test_dossiers PRIVATE test_ctl_run.c)
add_dependencies(test_dossiers vp-bus vp-staffing vp-documents vp-keygen vpctl)
