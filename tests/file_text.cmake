#  test_file_text: the words of a document's files (a PDF's text layer, a
#  scan read by OCR in the background) find it, as the document's secrecy
#  allows, through a crash; how often documents and dossiers are opened.
#  Its PDFs are made with cairo and pango.
vp_add_test(test_file_text test_file_text.c TIMEOUT 120 LABELS integration)
vp_pkg(TEST_PANGOCAIRO pangocairo)
vp_pkg(TEST_FONTCONFIG fontconfig)
target_link_libraries(test_file_text PRIVATE PkgConfig::TEST_PANGOCAIRO PkgConfig::TEST_FONTCONFIG)
add_dependencies(test_file_text vp-bus vp-staffing vp-documents vp-keygen vpctl)
