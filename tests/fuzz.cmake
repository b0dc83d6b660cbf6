# The libFuzzer target of the decoder (tests/fuzz/fuzz_decode.c), built only
# with -DVP_FUZZ=ON and clang; scripts/fuzz configures a build and runs it.
option(VP_FUZZ "Build the libFuzzer targets (clang only)" OFF)
if(VP_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    message(WARNING "VP_FUZZ=ON needs clang (-DCMAKE_C_COMPILER=clang); fuzz targets are not built")
  else()
    #  libvp is what is fuzzed: it gets coverage feedback and the sanitizers,
    #  and everything linked with it the sanitizer runtimes, so the other
    #  targets of this build still link.
    target_compile_options(vp PRIVATE -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
    target_link_options(vp INTERFACE -fsanitize=address,undefined)
    add_executable(fuzz_decode ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/fuzz_decode.c)
    target_compile_options(fuzz_decode PRIVATE -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer)
    target_link_options(fuzz_decode PRIVATE -fsanitize=fuzzer,address,undefined)
    target_link_libraries(fuzz_decode PRIVATE vp)
  endif()
endif()
