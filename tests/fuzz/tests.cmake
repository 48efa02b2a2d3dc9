# Fuzzing. Every tests/fuzz/fuzz_*.c is one target with libFuzzer's entry point.
#  - label "fuzz-regress": the target linked with driver.c (and the ASan+UBSan libraries when
#    they are built) replays its committed corpus tests/fuzz/corpus/<target>/ plus the project's
#    own inputs (workloads, presets, the bad-input corpus). Fast; a crash fails the test.
#  - label "fuzz": coverage-guided libFuzzer runs. run_libfuzzer.sh builds the targets with clang
#    (-fsanitize=fuzzer,address,undefined) in build-fuzz/ and runs each for FUZZ_SECONDS
#    (default 20); any crash fails the test and leaves the reproducer in build-fuzz/crashes/.
set(fuzz_dir ${CMAKE_CURRENT_LIST_DIR})
file(GLOB fuzz_targets CONFIGURE_DEPENDS ${fuzz_dir}/fuzz_*.c)
if(ACCEL_ASAN_TESTS)
  set(fuzz_suffix _asan)
else()
  set(fuzz_suffix "")
endif()

foreach(src ${fuzz_targets})
  get_filename_component(name ${src} NAME_WE)
  if(ACCEL_FUZZ)
    add_executable(${name} ${src})
    target_compile_options(${name} PRIVATE ${ACCEL_WARNINGS} -fsanitize=fuzzer)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
    foreach(lib reports sweep mapper arch ops common)
      target_link_libraries(${name} PRIVATE accel_${lib})
    endforeach()
  endif()
  add_executable(${name}_replay ${src} ${fuzz_dir}/driver.c)
  target_compile_options(${name}_replay PRIVATE ${ACCEL_WARNINGS})
  foreach(lib reports sweep mapper arch ops common)
    target_link_libraries(${name}_replay PRIVATE accel_${lib}${fuzz_suffix})
  endforeach()
  if(ACCEL_ASAN_TESTS)
    target_compile_options(${name}_replay PRIVATE ${ACCEL_SAN_FLAGS})
    target_link_options(${name}_replay PRIVATE ${ACCEL_SAN_FLAGS})
  endif()
  add_test(NAME ${name}_regress
           COMMAND ${name}_replay ${fuzz_dir}/corpus/${name} ${PROJECT_SOURCE_DIR}/workloads ${PROJECT_SOURCE_DIR}/ops/cascades
                   ${PROJECT_SOURCE_DIR}/arch/presets ${PROJECT_SOURCE_DIR}/tests/bad
                   ${PROJECT_SOURCE_DIR}/workloads/sweeps ${PROJECT_SOURCE_DIR}/tests/sweep
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(${name}_regress PROPERTIES LABELS "fuzz-regress;asan")
endforeach()

find_program(ACCEL_CLANG clang)
if(ACCEL_CLANG AND NOT ACCEL_FUZZ)
  add_test(NAME fuzz_libfuzzer
           COMMAND ${fuzz_dir}/run_libfuzzer.sh ${PROJECT_SOURCE_DIR} ${CMAKE_BINARY_DIR}/../build-fuzz)
  set_tests_properties(fuzz_libfuzzer PROPERTIES LABELS "fuzz" TIMEOUT 1200 RUN_SERIAL TRUE)
endif()
