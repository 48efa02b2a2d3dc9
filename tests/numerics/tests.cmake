# Numerics cross-checks (label "numerics"): our element codecs against ml_dtypes (PyPI) on
# >= 10^6 fp32 inputs per format. Skipped (exit 77) when python3 or ml_dtypes is missing.
add_executable(numerics_codec ${CMAKE_CURRENT_LIST_DIR}/codec_driver.c)
target_compile_options(numerics_codec PRIVATE ${ACCEL_WARNINGS})
target_link_libraries(numerics_codec PRIVATE accel_ops accel_common)
find_program(ACCEL_PYTHON3 python3)
if(ACCEL_PYTHON3)
  add_test(NAME numerics_ml_dtypes
           COMMAND ${ACCEL_PYTHON3} ${CMAKE_CURRENT_LIST_DIR}/check_ml_dtypes.py
                   $<TARGET_FILE:numerics_codec>)
  set_tests_properties(numerics_ml_dtypes PROPERTIES LABELS "numerics" SKIP_RETURN_CODE 77
                       TIMEOUT 300)
endif()
