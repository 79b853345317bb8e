"""The optimisation core: builds the mixed-integer model of SPEC 2 and solves it with HiGHS."""
