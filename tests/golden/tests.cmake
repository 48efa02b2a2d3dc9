# Golden tests outside tests/unit: the CUDA CPU-vs-GPU test (skips with 77 without a GPU).
if(TARGET golden_cuda_test)
  add_test(NAME golden_cuda_test COMMAND golden_cuda_test WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(golden_cuda_test PROPERTIES LABELS "golden;cuda" SKIP_RETURN_CODE 77)
endif()
