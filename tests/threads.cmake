# Label "threads": the tests that run code on several threads — the mapper search (-j > 1, and
# `run` / `map` default to one search thread per core), the golden kernels' parallel-for, the GLPK
# back end's lock, the sweep worker pool (and its cycle engine, which forks from worker threads),
# the scheduler — the set the ThreadSanitizer stage of
# .ci/run builds and runs (docs/testing.md). Included last by tests/CMakeLists.txt, after every
# test is registered; a renamed or removed test here is a configure error, not a silent gap.
# Left out: mapper_test_search_ref and mapper_test_timeloop, exhaustive searches that run 5-10x
# slower under TSan (the conv search hits its 60 s limit, the reference search takes > 5 min);
# mapper_test_cli and mapper_test_network cover the threaded search (-j 2, -j 3) in seconds.
set(accel_thread_tests
    golden_test_gemm golden_test_attention golden_test_cli
    ilp_test_solve
    mapper_test_cli mapper_test_network
    sweep_test_sweep sweep_test_child sweep_e2e_jobs sweep_e2e_cycle
    sim_cli_lower_1d
    schedule_resnet50 schedule_vit-b16 schedule_json schedule_plan schedule_zero_at_mp
    schedule_segmented schedule_timeout_partial schedule_from_workload)
set_property(TEST ${accel_thread_tests} APPEND PROPERTY LABELS threads)

# The executables those tests run, so the TSan stage builds only these (`--target threads-tests`).
add_custom_target(threads-tests)
add_dependencies(threads-tests golden_test_gemm golden_test_attention golden_test_cli ilp_test_solve
                 mapper_test_cli mapper_test_network
                 sweep_test_sweep sweep_test_child accel-sim sim_cli schedule_driver)
