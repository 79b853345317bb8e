"""The library of named known-answer scenarios (like cvxpy's lp_0 ... mi_lp_7), shared by the tests.

Each case is a builder registered with its documented optimum (see library.Case); the
builders live in cases_analysis.py, cases_model.py and cases_sheets.py and are
re-exported here, so that tests import every case from one place.
"""

from __future__ import annotations

from tests.support.cases_analysis import (
    EXACT,
    START,
    bargaining,
    bargaining_fair,
    conflicting_limits,
    conflicting_rules,
    option,
    priced_limit,
    ranked_packages,
    settings,
)
from tests.support.cases_model import (
    balance_blocks_freeze,
    before_scenario,
    before_with_lag,
    capacity_moves_cheapest,
    excludes_cost_tie,
    fairest_within_cap,
    interaction_separates_blocks,
    net_scenario,
    only_option_vetoed,
    peak_scenario,
    peak_scenario_least_risk,
    peak_with_tie_breaks,
    requires_bare,
    requires_bare_vetoed,
    requires_within_limit,
    risk_cap_below_least_risk,
)
from tests.support.cases_sheets import (
    WINDOWS,
    every_sweepable_sheet,
    exercise_budget,
    exercise_budget_15,
    small_scenario,
    verifier_timing,
    verifier_timing_as_given,
)
from tests.support.library import (
    CASES,
    FEATURES,
    Case,
)

__all__ = [
    "CASES",
    "Case",
    "EXACT",
    "FEATURES",
    "START",
    "WINDOWS",
    "balance_blocks_freeze",
    "bargaining",
    "bargaining_fair",
    "before_scenario",
    "before_with_lag",
    "capacity_moves_cheapest",
    "conflicting_limits",
    "conflicting_rules",
    "every_sweepable_sheet",
    "excludes_cost_tie",
    "exercise_budget",
    "exercise_budget_15",
    "fairest_within_cap",
    "interaction_separates_blocks",
    "net_scenario",
    "only_option_vetoed",
    "option",
    "peak_scenario",
    "peak_scenario_least_risk",
    "peak_with_tie_breaks",
    "priced_limit",
    "ranked_packages",
    "requires_bare",
    "requires_bare_vetoed",
    "requires_within_limit",
    "risk_cap_below_least_risk",
    "settings",
    "small_scenario",
    "verifier_timing",
    "verifier_timing_as_given",
]
