vp_add_test(test_time_args test_time_args.c TIMEOUT 30)
