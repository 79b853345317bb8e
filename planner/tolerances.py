"""Every numerical tolerance planner uses, named once with the reason for its value.

Values are absolute unless the name ends in ``_REL`` (a fraction of a magnitude). A helper
that combines them (``tolerance``, ``stage_tolerance``, ...) lives next to its only user.
"""

from __future__ import annotations

# --- the independent verifier ------------------------------------------------------------

VERIFY_ABS = 1e-6
"""Verifier: two figures agree (and a limit holds) within ``VERIFY_ABS + VERIFY_REL * max|x|``.

HiGHS's default primal feasibility tolerance is 1e-7; 1e-6 leaves room for the sums the model
and the verifier build in different orders, and stays far below any figure a user reads."""

VERIFY_REL = 1e-6
"""Verifier: relative part of the agreement tolerance (large costs and benefits carry
rounding proportional to their size)."""

# --- the solver ----------------------------------------------------------------------------

INTEGRALITY = 1e-4
"""Read-back: a binary further than this from 0 or 1 is a solver failure, not rounding noise
(HiGHS's mip_feasibility_tolerance is 1e-6; 1e-4 is a generous margin above it)."""

SOLUTION_OBJECTIVE_REL = 1e-6
"""HiGHS: the objective recomputed from the returned columns must match the incumbent HiGHS
reports within ``SOLUTION_OBJECTIVE_REL * max(1, |incumbent|)``. HiGHS 1.16 can report a
better incumbent after a warm start (``setSolution``) while ``getSolution`` still returns the
start; the difference is then whole units of a coefficient, far above 1e-6."""

GAP_ZERO_REL = 1e-9
"""Relative gap: incumbent and bound closer than this (relative to max(1, |incumbent|)) are
equal, so a proven optimum reports gap 0 rather than floating-point dust."""

MIN_TIME_LIMIT_S = 1e-3
"""Smallest time limit handed to HiGHS: it refuses a limit of 0, and a stage with no time left
still has to return what it has."""

STAGE_ABS = 1e-6
"""Lexicographic stage fix: ``quantity <= best + max(STAGE_ABS, STAGE_REL * |best|)``. As
small as HiGHS's feasibility tolerances allow while keeping the previous package feasible."""

STAGE_REL = 1e-7
"""Relative part of the lexicographic stage slack (HiGHS's primal feasibility tolerance)."""

# --- analyses ------------------------------------------------------------------------------

EPSILON_SLACK_REL = 1e-7
"""Epsilon constraint: ``measure <= eps + EPSILON_SLACK_REL * max(1, |eps|)``, the same size as
the stage slack, so the package found at one eps stays feasible when the bound is re-set."""

FRONTIER_FLAT_REL = 1e-9
"""Frontier: a measure range narrower than this (relative to max(1, |high|)) is one point, not
a curve worth sampling."""

NASH_GAIN_REL = 1e-6
"""Nash bargaining: every party must gain at least ``NASH_GAIN_REL * max(1, best gain)`` over
its disagreement point, so that ``log(net - d)`` stays finite."""

NASH_CERTIFY = 1e-6
"""Nash bargaining: the piecewise-linear approximation is refined until the package is within
this of the weighted log sum's optimum (the verifier's absolute tolerance)."""

TIE_ABS = 1e-5
"""Limit pricing: two objective values within ``max(TIE_ABS, TIE_REL * |value|)`` (plus the MIP
gap) are a tie; ten times the stage slack, which a tie-break may use up."""

TIE_REL = 1e-5
"""Relative part of the limit-pricing tie tolerance (see :data:`TIE_ABS`)."""

DIAGNOSE_NOISE_REL = 1e-7
"""Diagnosis: a limit move smaller than this (relative to max(1, |limit|)) is solver noise from
the elastic model, not a move to report."""

# --- sweeps --------------------------------------------------------------------------------

GRID_REL = 1e-9
"""Value grids ``a:b:step``: the step count is floored after adding this, and the last value
snaps to ``b`` when within this of it, so ``0:1:0.1`` ends in exactly 1."""

WHOLE_NUMBER = 1e-9
"""A scaled whole-number column (lag, max_active) must land within this of an integer."""

TIPPING_RANGE_REL = 1e-3
"""Tipping-point bisection stops when the bracket is narrower than this fraction of the swept
range: finer than any value a user types, and about ten solves per change."""

SAME_OBJECTIVE_REL = 1e-6
"""Tipping points: two objective values this close (relatively) are 'unchanged' (an alternative
optimum), matching the verifier's relative tolerance."""

SAME_OBJECTIVE_ABS = 1e-9
"""Tipping points: absolute floor of the 'unchanged objective' test, for objectives near 0."""

MIN_DIVISOR = 1e-12
"""Floor of a divisor that may be 0 (e.g. worker-seconds of an empty sweep), avoiding a
division by zero without changing any real ratio."""

FRONTIER_STEP_REL = 1e-4
"""Exact frontier: the next eps is ``measure - FRONTIER_STEP_REL * max(1, |measure|)``, so a
package whose measure is within this of the last point's is not told apart from it (1e-6 is
inside HiGHS's primal feasibility tolerance: the same package came back)."""
