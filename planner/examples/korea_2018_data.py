"""The tables of the Korea 2018 freeze-for-freeze example, each row with its source.

Dates, durations and frequencies are facts from ``context/korea-2018-facts.md``; a source
text such as ``Facts A4a [49][61]`` names the section of that file and the numbered sources
listed at its end. Hazards, costs, benefits, multipliers and party limits are analyst
assumptions; their source text starts with ``assumption:`` and gives the reasoning.

Scales used throughout:

* hazard: expected escalation events per week (an escalation event is an armed clash or a
  crisis that leads either side to use force). Over the year ``P = 1 - exp(-H)``. For
  tests, ``hazard = tests per week (base rate of 2016-17) x chance that one test escalates``.
* cost and benefit: political cost points. One point is what a government pays at home
  and with its allies for one visible, reversible concession of the size of cancelling
  the one-week Vigilant Ace air exercise; giving up all big spring exercises is about ten.
"""

from __future__ import annotations

from datetime import date
from typing import Any

Row = dict[str, Any]

PARTY_IDS = ("USA", "DPRK", "ROK", "PRC", "JPN", "RUS")

WEEKS_PER_YEAR = 52


def d(month: int, day: int) -> date:
    """A day of 2018.

    Args:
        month: Month, 1-12.
        day: Day of the month.

    Returns:
        The date in 2018.
    """
    return date(2018, month, day)


def per_week(events_per_year: float, p_escalation: float) -> float:
    """Weekly hazard of an activity that produces events at a base rate.

    Args:
        events_per_year: How many events (launch days, tests, flights) a year.
        p_escalation: Assumed chance that one event escalates.

    Returns:
        Expected escalation events per week, rounded to 7 decimals.
    """
    return round(events_per_year / WEEKS_PER_YEAR * p_escalation, 7)


# ---------------------------------------------------------------------------------------
# Assumed chance that ONE event escalates (the only free "risk" numbers for the tests).
# Calibrated together so that the status quo's P over 2018 is about 30% (Facts A6b: the
# experts of late 2017 gave 20-50%); see Notes in the workbook and the README walkthrough.
# ---------------------------------------------------------------------------------------
P_NUCLEAR_TEST = 0.04
"""assumption: 3 nuclear tests in 2016-17 led to no war; Graham's 70% chance of a US strike
after another test [104] is a hawk's outlier, so one test is taken as a 1-in-25 trigger."""
P_ICBM = 0.015
"""assumption: an ICBM threatens the US homeland (the stated red line), but the three of 2017
led to no strike."""
P_IRBM = 0.004
"""assumption: an IRBM launch on a lofted trajectory is a routine provocation."""
P_OVERFLIGHT = 0.03
"""assumption: a missile over Japan (J-Alert in 12 prefectures [89][90]) invites an
interception attempt; several times an ordinary IRBM launch."""
P_SHORT_RANGE = 0.0015
"""assumption: SRBM/MRBM launches are frequent and rarely answered by force."""
P_SLBM = 0.004
"""assumption: like an IRBM launch."""
P_BOMBER_FLIGHT = 0.01
"""assumption: after the 23 Sep 2017 B-1B flight north of the DMZ the DPRK claimed a right to
shoot bombers down [74][75]; an air incident is a real, if small, chance."""
P_BOMBER_SOUTH = 0.003
"""assumption: a flight that stays over the South carries no shoot-down risk."""

# Base rates, events per year (Facts A5c, counted from the CNS database [79]; A4b).
RATE_NUCLEAR = 1.5  # 3 tests in 24 months [80][81][82]
RATE_ICBM = 3.0  # 3 in 2017 [79][85]
RATE_IRBM = 6.0  # 12 launch days in 24 months [79]
RATE_OVERFLIGHT = 1.0  # 2 over Japan in 24 months [89][90]
RATE_SHORT_RANGE = 5.5  # SRBM 4 + MRBM 7 launch days in 24 months [79]
RATE_SLBM = 1.5  # 3 launch days in 24 months [79]
RATE_BOMBER = 2.0  # 4 publicised flights in 24 months [72][73][74][75]


def per_frozen_week(points_a_year: float) -> float:
    """Points per frozen week of a ``stop`` option worth ``points_a_year`` for a whole year.

    Args:
        points_a_year: Cost or benefit of a freeze held all 52 weeks.

    Returns:
        The per-week value (``per_period``), rounded to 5 decimals.
    """
    return round(points_a_year / WEEKS_PER_YEAR, 5)


FREEZE_POINTS = (
    "points per frozen week (per_period): the yearly points of the earlier once-off option "
    "spread over 52 weeks, so a freeze from week s costs (53 - s)/52 of them"
)
"""Shared wording of the per-week points of the test freezes (an assumption)."""

HAZARD_IRBM_WITH_OVERFLIGHT = round(
    per_week(RATE_IRBM - RATE_OVERFLIGHT, P_IRBM) + per_week(RATE_OVERFLIGHT, P_OVERFLIGHT), 7
)
"""5 lofted IRBM launches and 1 over Japan a year."""


def _records(columns: tuple[str, ...], *rows: tuple[Any, ...]) -> list[Row]:
    """Rows written as tuples, turned into dicts keyed by ``columns``."""
    for row in rows:
        if len(row) != len(columns):
            raise ValueError(f"row {row[0]!r} has {len(row)} values, expected {len(columns)}")
    return [dict(zip(columns, row, strict=True)) for row in rows]


# fmt: off
SETTINGS = _records(
    ("key", "value", "source"),
    ("start_date", d(1, 1), "calendar year 2018, Monday 1 Jan"),
    ("periods", 52, "52 weeks: 1 Jan - 30 Dec 2018"),
    ("period_days", 7, "weeks: every duration in Facts A4a is in days or weeks"),
    ("objective", "min_risk", "least total hazard, then least weighted cost"),
    ("time_limit_s", 120, "a cap, not a target: planner solve proves its optimum in about 2 s, planner robust (200 draws, two stages) in about 30 s on 2 cores"),
    ("mip_gap", 0, "prove optimality; the model is small"),
)

PARTIES = _records(
    ("party", "name", "max_cost", "min_benefit", "min_net", "weight", "source"),
    ("USA", "United States", 8, 5, None, 1,
     "assumption: will not give up all exercises (KR+FE+UFG frozen = 13 points > 8; "
     "Trump's halt of 'war games' came only at the Singapore summit, Facts A1b [76]); "
     "needs the freezes that protect the homeland (nuclear + ICBM held all year = 7 >= 5, "
     "counted per frozen week) to 'claim he had significantly slowed development' (ICG "
     "proposal)"),
    ("DPRK", "Democratic People's Republic of Korea", 10, 5, 2, 1,
     "assumption: needs a visible suspension of the big exercises (New Year address "
     "demand, Facts A1 [1][2]) and gains worth 2 points more than it gives up, to 'claim "
     "to have achieved his goals' and pivot to the economy (ICG); will not freeze every "
     "programme all year (all DPRK concessions held all year = 13.5 points > 10)"),
    ("ROK", "Republic of Korea", 4, None, 0, 1,
     "assumption: Moon pushed the Olympic de-confliction (Facts A1b [46]) but bears the "
     "readiness cost of cut exercises; accepts any deal that leaves it better off"),
    ("PRC", "People's Republic of China", 4, None, 0, 1,
     "assumption: a reluctant facilitator (ICG proposal, step 3) that pays for a sweetener "
     "only when the de-escalation it buys is worth at least as much"),
    ("JPN", "Japan", 2, 2, None, 1,
     "assumption: needs missiles over Japan stopped (vetoes IRBM/continue; lofted_only or "
     "frozen gives 2-3 points; two overflights in 2017, Facts A5b [89][90]); tolerates "
     "little loss of US deterrence (max 2)"),
    ("RUS", "Russian Federation", 1.5, None, 0, 1,
     "assumption: co-author of the Jul 2017 freeze proposal (Facts A4c [77]); facilitates "
     "cheaply, pays little"),
)

ACTIVITIES = _records(
    ("activity", "name", "actor", "category", "group", "source"),
    ("KR", "Key Resolve (combined command-post exercise)", "USA", "exercise", "large_exercise",
     "Facts A4a [49][50][115]: combined US-ROK, computer-simulated; ROK co-runs it, the "
     "USA decides (12 Jun halt, Facts A1b [76])"),
    ("FE", "Foal Eagle (combined field training)", "USA", "exercise", "large_exercise",
     "Facts A4a [48][52][53]: ground, air, naval, special-operations field training"),
    ("MT", "Max Thunder (combined air-combat exercise, spring)", "USA", "exercise",
     "large_exercise",
     "Facts A4a [69][70]: 'second largest flying exercise'; autumn edition left out"),
    ("UFG", "Ulchi Freedom Guardian (combined command-post exercise)", "USA", "exercise",
     "large_exercise",
     "Facts A4a [63][64][65]"),
    ("VA", "Vigilant Ace (combined air exercise)", "USA", "exercise", None,
     "Facts A4a [67][68]"),
    ("DECAP", "Leadership-removal ('decapitation') drills", "USA", "exercise", None,
     "Facts A4a/A4b [55][57]: KR 2017 scenarios of removing the leadership; SEAL Team Six "
     "reports (Pentagon denied); ICG names them as the first drills to freeze"),
    ("CARRIER", "Carrier strike group in Korean waters", "USA", "show_of_force", None,
     "Facts A4b [55][54][71]: Carl Vinson in Busan 15 Mar 2017; three carriers 11-14 Nov "
     "2017"),
    ("BOMBER", "Strategic bomber shows of force (B-1B, B-52)", "USA", "show_of_force", None,
     "Facts A4b [72][73][74][75]: 4 publicised flights in 2016-17"),
    ("RHET_US", "US threats ('fire and fury', 'maximum pressure')", "USA", "rhetoric", None,
     "ICG proposal: 'combative rhetoric' is part of maximum pressure"),
    ("TALKS", "Formal US-DPRK talks", "USA", "talks", None,
     "ICG proposal step 4; Facts A1b [17][76] (27 Apr and 12 Jun 2018 summits)"),
    ("KPA_WINTER", "KPA winter training period", "DPRK", "kpa_drill", None,
     "Facts A2 [34][35][36]: 1 Dec - end Mar, ended 22 Mar in one reported year"),
    ("PARADE_FEB", "KPA 70th anniversary parade (8 Feb)", "DPRK", "parade", None,
     "Facts A1 [3][4][112]: parade with the Hwasong-15 the day before the Olympics"),
    ("PARADE_SEP", "DPRK 70th anniversary parade (9 Sep)", "DPRK", "parade", None,
     "Facts A1 [9]: 2018 parade held without ICBMs"),
    ("NUKE", "Nuclear tests", "DPRK", "test", None,
     "Facts A5a [80][81][82][83]: 3 tests in 2016-17"),
    ("ICBM", "ICBM launches (Hwasong-14/15)", "DPRK", "test", None,
     "Facts A5b/A5c [79][85]: 3 in 2017"),
    ("IRBM", "IRBM launches (Musudan, Hwasong-12), incl. over Japan", "DPRK", "test", None,
     "Facts A5b/A5c [79][84][89][90]: 12 launch days in 2016-17, 2 over Japan"),
    ("SRBM", "Short- and medium-range ballistic launches (Scud, Nodong, Pukguksong-2)",
     "DPRK", "test", None,
     "Facts A5c [79]: SRBM 4 + MRBM 7 launch days in 2016-17"),
    ("SLBM", "Submarine-launched ballistic missile tests", "DPRK", "test", None,
     "Facts A5c [79]: 3 launch days in 2016-17"),
    ("RHET_DPRK", "DPRK threats ('nuclear button on my desk')", "DPRK", "rhetoric", None,
     "Facts A1 [1][2]: New Year address 2018"),
    ("PRC_SWEET", "Chinese economic sweetener (and guarantee)", "PRC", "diplomacy", None,
     "ICG proposal step 3: China 'could sweeten the proposed deal'"),
    ("RUS_FAC", "Russian facilitation", "RUS", "diplomacy", None,
     "ICG proposal step 3; Facts A4c [77] (Jul 2017 joint PRC-RUS statement)"),
    ("IK_TALKS", "Inter-Korean high-level talks", "ROK", "talks", None,
     "Facts A1b [70]: high-level talks set for 16 May 2018, cancelled by the DPRK citing "
     "Max Thunder"),
    ("IK_SUMMIT", "Inter-Korean summit", "ROK", "talks", None,
     "Facts A1b [17][19]: Panmunjom summit 27 Apr, Pyongyang summit 18-20 Sep 2018"),
    ("BORDER", "Military activity along the DMZ and the maritime border", "ROK", "border", None,
     "Facts A1b [19]: the 19 Sep 2018 military agreement; which drills it covers is not in "
     "the facts file (assumption: front-line live fire and drills)"),
)

WINDOWS = _records(
    ("window", "kind", "start", "end", "source"),
    ("new_year_address_2018", "national_day", d(1, 1), d(1, 1),
     "Facts A1 [1][2]: Kim's New Year address"),
    ("kpa_founding_70th", "national_day", d(2, 8), d(2, 8),
     "Facts A1 [3][4][112]: KPA 70th anniversary, parade"),
    ("day_of_the_shining_star", "national_day", d(2, 16), d(2, 16),
     "Facts A1 [6][7]: Kim Jong Il's birthday, also Seollal"),
    ("day_of_the_sun", "national_day", d(4, 15), d(4, 15),
     "Facts A1 [6][7]: Kim Il Sung's birthday, the most important holiday"),
    ("former_army_day", "national_day", d(4, 25), d(4, 25),
     "Facts A1 [5][12]: army day 1978-2017, KPRA founding since"),
    ("victory_day_65th", "national_day", d(7, 27), d(7, 27),
     "Facts A1 [6][8][12]: armistice, 65th anniversary"),
    ("liberation_day", "national_day", d(8, 15), d(8, 15),
     "Facts A1 [6][8]; A1c [113][63]: overlaps UFG"),
    ("day_of_songun", "national_day", d(8, 25), d(8, 25),
     "Facts A1 [6][8]; A1c: 3 SRBMs on 26 Aug 2017 during UFG [79][86]"),
    ("dprk_founding_70th", "national_day", d(9, 9), d(9, 9),
     "Facts A1 [9]; A1c [15]: 5th nuclear test on 9 Sep 2016"),
    ("wpk_founding_73rd", "national_day", d(10, 10), d(10, 10),
     "Facts A1 [6][8]"),
    ("anti_us_month_2018", "anti_us_month", d(6, 25), d(7, 27),
     "Facts A1 [10][11]; A1c [86][14]: ICBMs on 4 and 28 Jul 2017"),
    ("rice_planting_2018", "planting", d(5, 15), d(6, 30),
     "Facts A2 [26][28][29][30]: rice-planting battle, mid-May to end June"),
    ("harvest_2018", "harvest", d(9, 1), d(10, 31),
     "Facts A2 [22][26][32]: harvest mobilisation in September and October"),
    ("olympics_2018", "olympics", d(2, 9), d(2, 25),
     "Facts A3 [42][43][44]: PyeongChang Olympics 9-25 Feb"),
    ("paralympics_2018", "olympics", d(3, 9), d(3, 18),
     "Facts A3 [42][43][44][46][47]: Paralympics 9-18 Mar; same kind as the Olympics "
     "because Moon asked that drills avoid them too and the allies resumed KR/FE only "
     "after them"),
)

TIMING = _records(
    ("applies_to", "kind", "multiplier", "source"),
    ("*", "olympics", 2.0,
     "assumption: any provocation during the Games would wreck the thaw (ICG step 1)"),
    ("exercise", "olympics", 3.0,
     "Facts A1b/A3 [46][47]: drills were moved out of the Games by agreement; magnitude "
     "assumption"),
    ("exercise", "national_day", 1.5,
     "ICG: timing 'particularly insulting, such as during national days'; Facts A1c: "
     "protests tie to exercise windows, not days [12]; magnitude assumption"),
    ("exercise", "planting", 1.5,
     "Facts A2 [27][38]: soldiers mobilised for planting; exercises then strain the KPA "
     "(defector-sourced); magnitude assumption"),
    ("exercise", "harvest", 1.3,
     "Facts A2 [26][33]: second mobilisation for the harvest; magnitude assumption"),
    ("exercise", "anti_us_month", 1.2,
     "Facts A1 [10]: month of anti-US struggle; magnitude assumption"),
    ("show_of_force", "national_day", 1.5,
     "assumption: as for exercises"),
    ("show_of_force", "planting", 1.3,
     "assumption: as for exercises, weaker (no ground forces)"),
    ("test", "national_day", 1.3,
     "Facts A1c [13][15]: 5 April tests near 15 Apr, 9 Sep 2016 nuclear test; but Webb "
     "finds no significant link [12], so weak; magnitude assumption"),
    ("test", "anti_us_month", 1.3,
     "Facts A1c [86][14]: ICBMs on 4 Jul and 28 Jul 2017; magnitude assumption"),
)

INTERACTIONS = _records(
    ("a", "b", "hazard", "source"),
    ("IRBM/continue", "UFG", 0.0015,
     "Facts A1c/A5b [79][89]: Hwasong-12 over Hokkaido on 29 Aug 2017 during UFG; "
     "magnitude assumption"),
    ("SRBM/continue", "UFG", 0.0005,
     "Facts A1c [79][86]: 3 SRBMs on 26 Aug 2017 during UFG; magnitude assumption"),
    ("IRBM/continue", "FE", 0.0005,
     "Facts A1c [86]: Sinpo launch 16 Apr 2017 during FE and the Carl Vinson's visit; "
     "magnitude assumption"),
    ("IRBM/continue", "CARRIER", 0.001,
     "Facts A1c [86][55]: launches while the Carl Vinson was in Korean waters; magnitude "
     "assumption"),
    ("NUKE/continue", "DECAP", 0.003,
     "assumption: a nuclear test while leadership-removal drills run is the most dangerous "
     "pairing the ICG describes ('mistaking a test or exercise for the real thing')"),
    ("KPA_WINTER/full", "FE", 0.0005,
     "Facts A2 [36]: US planners see spring as most dangerous, the KPA having just "
     "finished winter training; magnitude assumption"),
    ("RHET_US/hostile", "RHET_DPRK/hostile", 0.0003,
     "assumption: the 2017 threat spiral; each side's threats make the other's more "
     "credible"),
    ("IK_TALKS/high_level", "MT/as_planned", 0.0005,
     "Facts A1b [70]: the DPRK cancelled the 16 May inter-Korean talks citing Max Thunder "
     "(the 12 Jun US-DPRK summit took place after it); restates an earlier rule that made "
     "US-DPRK talks wait for the exercise, which overstated the source; magnitude "
     "assumption"),
    ("BOMBER/regular", "NUKE/continue", 0.0003,
     "Facts A4b [72][73]: bombers answered the Jan and Sep 2016 nuclear tests; magnitude "
     "assumption"),
)

RULES = _records(
    ("rule", "type", "a", "b", "lag", "source"),
    ("freeze_nuke_needs_fe_cut", "requires",
     "NUKE/frozen|frozen_dismantle", "FE/scaled_back|frozen", None,
     "assumption: the model's own reading of freeze-for-freeze (ICG step 2 and Facts A4c "
     "[77] pair test freezes with exercise cuts, not these items): the DPRK freezes nuclear "
     "tests only for a visible cut of the big field exercise"),
    ("fe_cut_needs_nuke_freeze", "requires",
     "FE/scaled_back|frozen", "NUKE/frozen|frozen_dismantle", None,
     "assumption: the model's own reading of freeze-for-freeze (ICG step 2): the USA cuts "
     "Foal Eagle only against a nuclear freeze"),
    ("freeze_icbm_needs_ufg_cut", "requires", "ICBM/frozen", "UFG/scaled_back|frozen", None,
     "assumption: the model's own reading of freeze-for-freeze (ICG step 2); in 2018 the "
     "ICBM moratorium (21 Apr) came before UFG's suspension (Jun), Facts A1b [16][65]"),
    ("ufg_cut_needs_icbm_freeze", "requires", "UFG/scaled_back|frozen", "ICBM/frozen", None,
     "assumption: the model's own reading of freeze-for-freeze (ICG step 2): the USA cuts "
     "UFG only against an ICBM freeze"),
    ("dismantle_needs_prc", "requires", "NUKE/frozen_dismantle", "PRC_SWEET", None,
     "assumption: an irreversible step needs a tangible Chinese payoff (ICG step 3)"),
    ("guarantee_needs_freeze", "requires",
     "PRC_SWEET/incentives_guarantee", "NUKE/frozen|frozen_dismantle", None,
     "ICG step 3: China guarantees a freeze, so there must be one"),
    ("talks_need_nuke_freeze", "requires", "TALKS", "NUKE/frozen|frozen_dismantle", None,
     "Facts A1b [20][21]: no nuclear or missile tests while dialogue continues"),
    ("talks_need_icbm_freeze", "requires", "TALKS", "ICBM/frozen", None,
     "Facts A1b [20][21]; ICG step 1: informal freeze first, talks after"),
    ("no_threats_during_talks", "excludes", "RHET_US/hostile", "TALKS", None,
     "assumption: formal talks cannot run alongside threats of force (ICG step 1)"),
    ("talks_after_nuke_freeze", "before", "NUKE", "TALKS", 1,
     "ICG step 4: the informal freeze continues and formal talks commence after it; 2018: "
     "moratorium 21 Apr, Singapore summit 12 Jun (Facts A1b [16][76]); a week's lag is an "
     "assumption"),
    ("talks_after_icbm_freeze", "before", "ICBM", "TALKS", 1,
     "ICG step 4, as for nuclear tests; Facts A1b [16][76]"),
    ("ik_summit_needs_freeze", "requires", "IK_SUMMIT", "NUKE/frozen|frozen_dismantle", None,
     "Facts A1b [20][21]: Kim pledged no nuclear or missile tests while dialogue continues"),
    ("ik_summit_after_freeze", "before", "NUKE", "IK_SUMMIT", 0,
     "Facts A1b [16][17]: moratorium 21 Apr, Panmunjom summit 27 Apr 2018"),
    ("border_measures_need_summit", "requires", "BORDER/tension_reduction", "IK_SUMMIT/summit",
     None, "Facts A1b [19]: the military agreement was signed at an inter-Korean summit"),
    ("border_measures_after_summit", "before", "IK_SUMMIT", "BORDER", 0,
     "Facts A1b [19]: signed at the Pyongyang summit (19 Sep), months after the first one"),
)

# fmt: on


def _option(
    activity: str,
    option: str,
    description: str,
    *,
    duration: int | str,
    hazard: float,
    source: str,
    baseline: bool = False,
    earliest: date | None = None,
    latest: date | None = None,
    vetoed_by: str = "",
    per_period: bool = False,
    cost: dict[str, float] | None = None,
    benefit: dict[str, float] | None = None,
) -> Row:
    """One Options row (cost/benefit as party -> points; blank means 0; per_period: per week)."""
    return {
        "activity": activity,
        "option": option,
        "description": description,
        "baseline": baseline,
        "duration": duration,
        "earliest_start": earliest,
        "latest_start": latest,
        "hazard": hazard,
        "vetoed_by": vetoed_by,
        "per_period": per_period,
        "cost": dict(cost or {}),
        "benefit": dict(benefit or {}),
        "source": source,
    }


_EXERCISE_HAZARD = (
    "assumption: exercises alone add little (D'Orazio, CSIS: null effect [106][107]; Bernhardt & "
    "Sukin: response grows with how threatening a drill is [108]); the risk they carry is "
    "mostly through timing and interactions"
)

# fmt: off
OPTIONS: list[Row] = [
    # --- KR ------------------------------------------------------------------------------------
    _option("KR", "as_planned", "Usual 2-week command-post exercise in March",
            baseline=True, duration=2, earliest=d(3, 5), latest=d(3, 19), hazard=0.002,
            source="Facts A4a [47][55][49]: ~2 weeks, began 7 Mar 2016, 13-24 Mar 2017; hazard "
            + _EXERCISE_HAZARD),
    _option("KR", "rescheduled", "Same exercise, moved (2018: 23 Apr - ~3 May)",
            duration=2, earliest=d(2, 26), latest=d(6, 25), hazard=0.002,
            cost={"USA": 0.5, "ROK": 0.5}, benefit={"DPRK": 0.5},
            source="Facts A4a [61][62]: KR 2018 ran 23 Apr - ~3 May; start window Mar-Jun and "
            "points are assumptions (moving costs planners little)"),
    _option("KR", "scaled_back", "One-week command-post exercise (like 2019's Dong Maeng)",
            duration=1, earliest=d(2, 26), latest=d(6, 25), hazard=0.0015,
            cost={"USA": 2, "ROK": 1}, benefit={"DPRK": 1.5, "PRC": 0.5},
            source="Facts A4c [78][49]: KR ended Mar 2019, replaced by the shorter 'Dong Maeng'; "
            "points assumption"),
    _option("KR", "frozen", "Key Resolve suspended",
            duration=0, hazard=0,
            cost={"USA": 4, "ROK": 2, "JPN": 0.5}, benefit={"DPRK": 3, "PRC": 1, "RUS": 0.5},
            source="assumption: the core OPLAN rehearsal; suspending it costs the alliance most of "
            "a spring cycle"),
    # --- FE ------------------------------------------------------------------------------------
    _option("FE", "as_planned", "Usual 8-week field training from about 1 Mar",
            baseline=True, duration=8, earliest=d(2, 26), latest=d(3, 5), hazard=0.0015,
            source="Facts A4a [48][54]: about 1 Mar - 30 Apr (8 weeks), 2017: 1 Mar - 30 Apr; "
            "hazard "
            + _EXERCISE_HAZARD),
    _option("FE", "rescheduled", "Full 8 weeks, start moved within Mar-May",
            duration=8, earliest=d(2, 26), latest=d(5, 28), hazard=0.0015,
            cost={"USA": 1, "ROK": 0.5}, benefit={"DPRK": 0.5},
            source="Facts A4a [47]: 2018 start moved after the Olympics by agreement (20 Mar); "
            "window and points assumptions"),
    _option("FE", "scaled_back", "4 weeks, low key, no strategic assets (as in 2018)",
            duration=4, earliest=d(2, 26), latest=d(5, 28), hazard=0.001,
            cost={"USA": 2.5, "ROK": 1, "JPN": 0.5}, benefit={"DPRK": 2, "PRC": 1, "RUS": 0.5},
            source="Facts A4a [59][60][62]: FE 2018 ran 1-26 Apr, 4 weeks, 'a month shorter', low "
            "key, no nuclear submarines or B-1Bs; lower hazard and points assumptions"),
    _option("FE", "frozen", "Foal Eagle suspended",
            duration=0, hazard=0,
            cost={"USA": 6, "ROK": 3, "JPN": 1}, benefit={"DPRK": 4, "PRC": 2, "RUS": 1},
            source="assumption: the largest field exercise (2017: ~10,000 US, ~290,000 ROK, Facts "
            "A4a [54][55]); suspending it is the biggest single US concession"),
    # --- MT ------------------------------------------------------------------------------------
    _option("MT", "as_planned", "2-week spring air exercise in late Apr / May",
            baseline=True, duration=2, earliest=d(4, 16), latest=d(5, 14), hazard=0.0015,
            source="Facts A4a [69][70]: 17-28 Apr 2017; 11/14-25 May 2018; hazard "
            + _EXERCISE_HAZARD),
    _option("MT", "rescheduled", "Same exercise, any time Mar-Nov (autumn edition exists)",
            duration=2, earliest=d(3, 5), latest=d(11, 26), hazard=0.0015,
            cost={"USA": 0.5}, benefit={"DPRK": 0.5},
            source="Facts A4a [69]: held in spring and in November; points assumption"),
    _option("MT", "scaled_back", "2 weeks without F-22s or B-52s",
            duration=2, earliest=d(4, 16), latest=d(5, 14), hazard=0.0008,
            cost={"USA": 1}, benefit={"DPRK": 1},
            source="Facts A4a [70]: the first F-22s and reported B-52s of MT 2018 led the DPRK to "
            "cancel the 16 May talks; hazard and points assumptions"),
    _option("MT", "frozen", "Max Thunder suspended",
            duration=0, hazard=0,
            cost={"USA": 2, "ROK": 0.5}, benefit={"DPRK": 1.5},
            source="assumption: second largest flying exercise, Facts A4a [69]"),
    # --- UFG -----------------------------------------------------------------------------------
    _option("UFG", "as_planned", "Usual 10-11 day command-post exercise in late Aug",
            baseline=True, duration=2, earliest=d(8, 13), latest=d(8, 20), hazard=0.002,
            source="Facts A4a [63][64]: 21-31 Aug 2017, ~10-11 days = 2 weeks; hazard "
            + _EXERCISE_HAZARD),
    _option("UFG", "rescheduled", "Same exercise, any time Jun-Nov",
            duration=2, earliest=d(6, 4), latest=d(11, 26), hazard=0.002,
            cost={"USA": 0.5, "ROK": 0.5}, benefit={"DPRK": 0.5},
            source="assumption: window and points"),
    _option("UFG", "scaled_back", "One week, simulation only, no off-peninsula reinforcements",
            duration=1, earliest=d(6, 4), latest=d(11, 26), hazard=0.0015,
            cost={"USA": 1.5, "ROK": 0.5}, benefit={"DPRK": 1},
            source="Facts A4a [63]: 2017 had 3,000 US troops from off the peninsula; design, "
            "hazard and points assumptions"),
    _option("UFG", "frozen", "UFG suspended (as in 2018)",
            duration=0, hazard=0,
            cost={"USA": 3, "ROK": 1.5}, benefit={"DPRK": 2.5, "PRC": 0.5},
            source="Facts A1b/A4a [65][66]: suspended 18-19 Jun 2018, saving ~$14M; points "
            "assumption"),
    # --- VA ------------------------------------------------------------------------------------
    _option("VA", "as_planned", "5-day air exercise in early December",
            baseline=True, duration=1, earliest=d(12, 3), latest=d(12, 10), hazard=0.002,
            source="Facts A4a [68]: 4-8 Dec 2017, 5 days = 1 week, 230+ aircraft; hazard "
            + _EXERCISE_HAZARD),
    _option("VA", "scaled_back", "5 days without the F-22/F-35 surge",
            duration=1, earliest=d(12, 3), latest=d(12, 10), hazard=0.001,
            cost={"USA": 0.5}, benefit={"DPRK": 0.5},
            source="Facts A4a [68]: 2017 was 'largest-ever' (F-22s, F-35s, B-1B); hazard and "
            "points assumptions"),
    _option("VA", "frozen", "Vigilant Ace suspended (as in 2018)",
            duration=0, hazard=0,
            cost={"USA": 1}, benefit={"DPRK": 1},
            source="Facts A1b [67]: suspended 19 Oct 2018; points assumption: 1 point is the unit "
            "of the cost scale"),
    # --- DECAP ---------------------------------------------------------------------------------
    _option("DECAP", "included", "Leadership-removal scenarios and special-forces training",
            baseline=True, duration=2, earliest=d(3, 12), latest=d(4, 9), hazard=0.003,
            source="Facts A4a/A4b [55][57]: in the Mar 2017 spring exercises; hazard assumption: "
            "the drill the DPRK reads as rehearsing its leader's death"),
    _option("DECAP", "dropped", "No decapitation scenario or training",
            duration=0, hazard=0,
            cost={"USA": 1}, benefit={"DPRK": 2.5, "PRC": 0.5},
            source="assumption: cheap for the USA (the Pentagon denied training for it [57]) and "
            "first on the ICG's list"),
    # --- CARRIER -------------------------------------------------------------------------------
    _option("CARRIER", "as_planned", "Carrier group joins the spring exercises for 4 weeks",
            baseline=True, duration=4, earliest=d(3, 12), latest=d(3, 19), hazard=0.0015,
            source="Facts A4b [55][54]: Carl Vinson arrived in Busan 15 Mar 2017 for FE; 4 weeks "
            "and hazard assumptions"),
    _option("CARRIER", "rescheduled", "Carrier visit of 2 weeks, any time Mar-Nov",
            duration=2, earliest=d(3, 5), latest=d(11, 26), hazard=0.0015,
            cost={"USA": 0.5}, benefit={"DPRK": 0.5},
            source="Facts A4b [71]: three-carrier exercise 11-14 Nov 2017; points assumption"),
    _option("CARRIER", "frozen", "No carrier deployment to Korean waters",
            duration=0, hazard=0,
            cost={"USA": 2, "JPN": 1}, benefit={"DPRK": 1.5, "PRC": 1},
            source="Facts A4a [59]: FE 2018 reportedly without strategic assets; ICG: 'freezing "
            "the deployment of some strategic assets'; points assumption"),
    # --- BOMBER --------------------------------------------------------------------------------
    _option("BOMBER", "regular", "Bomber shows of force as in 2016-17, some north of the DMZ",
            baseline=True, duration="all", hazard=per_week(RATE_BOMBER, P_BOMBER_FLIGHT),
            source="Facts A4b [72][73][74]: 4 flights in 24 months = 2/yr; x assumed 1% escalation "
            "chance per flight (shoot-down threat [74])"),
    _option("BOMBER", "south_only", "Flights only over the South, never north of the DMZ",
            duration="all", hazard=per_week(RATE_BOMBER, P_BOMBER_SOUTH),
            cost={"USA": 0.5}, benefit={"DPRK": 0.5},
            source="Facts A4b rate 2/yr [72][73]; x assumed 0.3% per flight; points assumption"),
    _option("BOMBER", "suspended", "No strategic-bomber flights",
            duration=0, hazard=0,
            cost={"USA": 1.5, "JPN": 0.5}, benefit={"DPRK": 1.5, "PRC": 0.5},
            source="ICG: freeze 'some strategic assets'; points assumption"),
    # --- RHET_US -------------------------------------------------------------------------------
    _option("RHET_US", "hostile", "Threats of force, 'fire and fury'",
            baseline=True, duration="all", hazard=0.0003,
            source="assumption: threats raise the chance of misreading a test or drill (ICG)"),
    _option("RHET_US", "muted", "No threats of force",
            duration="all", hazard=0.0001,
            cost={"USA": 0.5}, benefit={"DPRK": 1},
            source="ICG step 1: 'muting belligerent rhetoric'; hazard and points assumptions"),
    # --- TALKS ---------------------------------------------------------------------------------
    _option("TALKS", "none", "No formal talks",
            baseline=True, duration=0, hazard=0,
            source="Facts A4c [63]: a freeze was 'a non-starter in Washington' in Aug 2017"),
    _option("TALKS", "summit", "One summit week between the Olympics and mid-June",
            duration=1, earliest=d(2, 26), latest=d(6, 11), hazard=0,
            cost={"USA": 0.5}, benefit={"DPRK": 1.5, "USA": 0.5, "ROK": 2, "PRC": 1, "RUS": 0.5},
            source="ICG step 4 ('after the Olympics'); Facts A1b [17][76]: summits on 27 Apr and "
            "12 Jun 2018; points assumptions (legitimacy to the DPRK, a win to the ROK)"),
    _option("TALKS", "formal_talks", "Eight weeks of formal US-DPRK talks, starting Mar-Jun",
            duration=8, earliest=d(2, 26), latest=d(6, 25), hazard=0,
            cost={"USA": 1},
            benefit={"DPRK": 2.5, "USA": 1.5, "ROK": 2.5, "PRC": 1.5, "JPN": 0.5, "RUS": 1},
            source="ICG step 4; 8 weeks and points assumptions"),
    # --- KPA_WINTER ----------------------------------------------------------------------------
    _option("KPA_WINTER", "full", "Winter training to about 22 Mar",
            baseline=True, duration=12, earliest=d(1, 1), latest=d(1, 1), hazard=0.0004,
            source="Facts A2 [34][35]: 1 Dec - end Mar, ended 22 Mar in one year (12 weeks of "
            "2018); hazard assumption"),
    _option("KPA_WINTER", "scaled_back", "Smaller winter training (fuel-short, as in 2017-18)",
            duration=12, earliest=d(1, 1), latest=d(1, 1), hazard=0.0002,
            cost={"DPRK": 0.5}, benefit={"ROK": 0.5, "USA": 0.5},
            source="Facts A2 [36][41]: 2017-18 winter training reported smaller than usual; hazard "
            "and points assumptions"),
    # --- PARADE_FEB ----------------------------------------------------------------------------
    _option("PARADE_FEB", "with_icbm", "Parade showing the Hwasong-15",
            baseline=True, duration=1, earliest=d(2, 8), latest=d(2, 8), hazard=0.0015,
            source="Facts A1 [3][4][112]: 8 Feb 2018, Hwasong-15 shown; hazard assumption"),
    _option("PARADE_FEB", "without_icbm", "Parade without strategic missiles",
            duration=1, earliest=d(2, 8), latest=d(2, 8), hazard=0.0005,
            cost={"DPRK": 0.5}, benefit={"ROK": 1, "USA": 0.5},
            source="Facts A1 [9]: the 9 Sep 2018 parade went without ICBMs, so it is an option; "
            "hazard and points assumptions"),
    # --- PARADE_SEP ----------------------------------------------------------------------------
    _option("PARADE_SEP", "with_icbm", "Foundation-day parade showing ICBMs",
            baseline=True, duration=1, earliest=d(9, 9), latest=d(9, 9), hazard=0.0015,
            source="Facts A1 [9]: 70th anniversary parade 9 Sep; hazard assumption"),
    _option("PARADE_SEP", "without_icbm", "Parade without ICBMs (as in 2018)",
            duration=1, earliest=d(9, 9), latest=d(9, 9), hazard=0.0005,
            cost={"DPRK": 0.5}, benefit={"USA": 0.5, "PRC": 0.5, "ROK": 0.5},
            source="Facts A1 [9]: held without ICBMs, Li Zhanshu attended; points assumption"),
    # --- NUKE ----------------------------------------------------------------------------------
    _option("NUKE", "continue", "Nuclear tests continue at the 2016-17 rate",
            baseline=True, duration="all", hazard=per_week(RATE_NUCLEAR, P_NUCLEAR_TEST),
            source="Facts A5c [80][81][82]: 3 tests in 24 months = 1.5/yr; x assumed 4% escalation "
            "chance per test (Graham's 70% [104] taken as an outlier)"),
    _option("NUKE", "frozen", "Moratorium on nuclear tests from a week the plan chooses",
            duration="stop", per_period=True, hazard=0,
            cost={"DPRK": per_frozen_week(2)},
            benefit={"USA": per_frozen_week(3), "JPN": per_frozen_week(1),
                     "ROK": per_frozen_week(1), "PRC": per_frozen_week(1.5),
                     "RUS": per_frozen_week(0.5)},
            source="Facts A1b [16][20][21]: no tests pledged 5-6 Mar, moratorium declared 21 Apr "
            "2018; assumption: " + FREEZE_POINTS + " (a year: DPRK 2, USA 3)"),
    _option("NUKE", "frozen_dismantle", "Moratorium from a chosen week and Punggye-ri destroyed",
            duration="stop", per_period=True, hazard=0,
            cost={"DPRK": per_frozen_week(3)},
            benefit={"USA": per_frozen_week(4), "JPN": per_frozen_week(1),
                     "ROK": per_frozen_week(1.5), "PRC": per_frozen_week(2),
                     "RUS": per_frozen_week(0.5)},
            source="Facts A1b [16][18]: tunnels blown up 24 May 2018; assumption: " + FREEZE_POINTS
            + " (a year: DPRK 3, USA 4; irreversible, so worth more to both sides)"),
    # --- ICBM ----------------------------------------------------------------------------------
    _option("ICBM", "continue", "ICBM launches at the 2017 rate",
            baseline=True, duration="all", hazard=per_week(RATE_ICBM, P_ICBM),
            source="Facts A5c [79][85]: 3 in 2017 = 3/yr; x assumed 1.5% escalation chance each"),
    _option("ICBM", "frozen", "No ICBM launches from a week the plan chooses",
            duration="stop", per_period=True, hazard=0,
            cost={"DPRK": per_frozen_week(3)},
            benefit={"USA": per_frozen_week(4), "JPN": per_frozen_week(0.5),
                     "ROK": per_frozen_week(0.5), "PRC": per_frozen_week(1),
                     "RUS": per_frozen_week(0.5)},
            source="Facts A1b [16]: ICBM moratorium 21 Apr 2018; ICG: the freeze that protects the "
            "US mainland; assumption: " + FREEZE_POINTS + " (a year: DPRK 3, USA 4)"),
    # --- IRBM ----------------------------------------------------------------------------------
    _option("IRBM", "continue", "IRBM launches, some over Japan",
            baseline=True, duration="all", hazard=HAZARD_IRBM_WITH_OVERFLIGHT, vetoed_by="JPN",
            source="Facts A5c [79][89][90]: 12 launch days in 24 months = 6/yr, 2 over Japan = "
            "1/yr; x assumed 0.4% per lofted launch and 3% per overflight; vetoed by JPN: "
            "assumption, Tokyo rejects any deal that lets missiles overfly Japan (ICG)"),
    _option("IRBM", "lofted_only", "IRBM launches only on lofted trajectories, none over Japan",
            duration="all", hazard=per_week(RATE_IRBM, P_IRBM),
            cost={"DPRK": 0.5}, benefit={"JPN": 2, "USA": 0.5},
            source="Facts A5c [79] rate 6/yr; ICG: 'desisting from overflying other countries' "
            "airspace'; x assumed 0.4%; points assumption"),
    _option("IRBM", "frozen", "No IRBM launches from a week the plan chooses",
            duration="stop", per_period=True, hazard=0,
            cost={"DPRK": per_frozen_week(2)},
            benefit={"JPN": per_frozen_week(3), "USA": per_frozen_week(1.5),
                     "ROK": per_frozen_week(0.5), "PRC": per_frozen_week(0.5)},
            source="ICG: freeze IRBM tests that reach US territories in the Pacific; Facts A5b "
            "[79][93]: none in 2018; assumption: " + FREEZE_POINTS + " (a year: DPRK 2)"),
    # --- SRBM ----------------------------------------------------------------------------------
    _option("SRBM", "continue", "SRBM/MRBM launches at the 2016-17 rate",
            baseline=True, duration="all", hazard=per_week(RATE_SHORT_RANGE, P_SHORT_RANGE),
            source="Facts A5c [79]: 11 launch days in 24 months = 5.5/yr; x assumed 0.15% each"),
    _option("SRBM", "frozen", "No SRBM/MRBM launches from a week the plan chooses",
            duration="stop", per_period=True, hazard=0,
            cost={"DPRK": per_frozen_week(2)},
            benefit={"ROK": per_frozen_week(1), "JPN": per_frozen_week(1),
                     "USA": per_frozen_week(0.5)},
            source="Facts A5b [79][88]: 3 ER Scuds fell in Japan's EEZ on 6 Mar 2017; outside the "
            "ICG freeze, so costly to the DPRK; assumption: " + FREEZE_POINTS + " (a year: 2)"),
    # --- SLBM ----------------------------------------------------------------------------------
    _option("SLBM", "continue", "SLBM tests at the 2016-17 rate",
            baseline=True, duration="all", hazard=per_week(RATE_SLBM, P_SLBM),
            source="Facts A5c [79]: 3 in 24 months = 1.5/yr; x assumed 0.4% each"),
    _option("SLBM", "frozen", "No SLBM tests from a week the plan chooses",
            duration="stop", per_period=True, hazard=0,
            cost={"DPRK": per_frozen_week(1.5)},
            benefit={"USA": per_frozen_week(1), "JPN": per_frozen_week(0.5),
                     "ROK": per_frozen_week(0.5)},
            source="assumption: a second-strike programme the DPRK values; " + FREEZE_POINTS
            + " (a year: 1.5)"),
    # --- RHET_DPRK -----------------------------------------------------------------------------
    _option("RHET_DPRK", "hostile", "Threats ('nuclear button on my desk')",
            baseline=True, duration="all", hazard=0.0003,
            source="Facts A1 [1]: New Year address 2018; hazard assumption (as RHET_US)"),
    _option("RHET_DPRK", "muted", "No threats of force",
            duration="all", hazard=0.0001,
            cost={"DPRK": 0.5}, benefit={"USA": 0.5, "JPN": 0.5, "ROK": 0.5},
            source="Facts A1 [10]: the 25 Jun anti-US rally was skipped in 2018; hazard and points "
            "assumptions"),
    # --- PRC_SWEET -----------------------------------------------------------------------------
    _option("PRC_SWEET", "none", "No Chinese incentives",
            baseline=True, duration=0, hazard=0,
            source="ICG step 3: Beijing is reluctant"),
    _option("PRC_SWEET", "incentives", "Economic incentives to the DPRK",
            duration="all", hazard=0,
            cost={"PRC": 2}, benefit={"DPRK": 2},
            source="ICG step 3: 'offering the former incentives'; points assumption; no hazard "
            "effect (a hazard cannot be negative in the model)"),
    _option("PRC_SWEET", "incentives_guarantee",
            "Incentives plus a promise to hold the DPRK accountable for a breach",
            duration="all", hazard=0,
            cost={"PRC": 3}, benefit={"DPRK": 2, "USA": 1.5},
            source="ICG step 3: 'promising the latter to hold the Kim regime accountable'; points "
            "assumption"),
    # --- RUS_FAC -------------------------------------------------------------------------------
    _option("RUS_FAC", "none", "No Russian role",
            baseline=True, duration=0, hazard=0,
            source="assumption: status quo"),
    _option("RUS_FAC", "facilitate", "Russian diplomats facilitate, with small incentives",
            duration="all", hazard=0,
            cost={"RUS": 0.5}, benefit={"DPRK": 0.5, "RUS": 1},
            source="ICG step 3 ('welcomes Russian diplomats'); Facts A4c [77]; points assumption "
            "(standing gained is worth more to Moscow than it costs)"),
    # --- IK_TALKS ------------------------------------------------------------------------------
    _option("IK_TALKS", "none", "No inter-Korean high-level talks",
            baseline=True, duration=0, hazard=0,
            source="Facts A1b [70]: the 16 May 2018 talks were cancelled"),
    _option("IK_TALKS", "high_level", "A week of inter-Korean high-level talks",
            duration=1, earliest=d(1, 8), latest=d(12, 24), hazard=0,
            cost={"ROK": 0.5}, benefit={"ROK": 1, "DPRK": 0.5},
            source="Facts A1b [70]: talks were set for 16 May 2018; points assumption (political "
            "capital in Seoul; a channel the DPRK values less than a summit)"),
    # --- IK_SUMMIT -----------------------------------------------------------------------------
    _option("IK_SUMMIT", "none", "No inter-Korean summit",
            baseline=True, duration=0, hazard=0,
            source="assumption: status quo of 2017 (no summit since 2007)"),
    _option("IK_SUMMIT", "summit", "An inter-Korean summit week, after the Olympics",
            duration=1, earliest=d(2, 26), latest=d(9, 17), hazard=0,
            cost={"ROK": 0.5}, benefit={"ROK": 2, "DPRK": 1.5, "PRC": 0.5},
            source="Facts A1b [17][19]: summits 27 Apr and 18-20 Sep 2018; points assumption"),
    # --- BORDER --------------------------------------------------------------------------------
    _option("BORDER", "routine", "Front-line drills and live fire along the DMZ and NLL",
            baseline=True, duration="all", hazard=0.0004,
            source="assumption: where the two militaries meet directly an incident can start a "
            "clash; about 2% a year"),
    _option("BORDER", "tension_reduction",
            "Military measures to reduce tension along the border from a chosen week",
            duration="stop", per_period=True, hazard=0,
            cost={"ROK": per_frozen_week(1), "DPRK": per_frozen_week(0.5)},
            benefit={"ROK": per_frozen_week(1.5), "DPRK": per_frozen_week(1)},
            source="Facts A1b [19]: 19 Sep 2018 military agreement; assumption: points per week "
            "in force (a year: ROK 1, DPRK 0.5 given up; ROK 1.5, DPRK 1 gained)"),
]
# fmt: on

# fmt: off
BALANCE = _records(
    ("party_a", "party_b", "max_gap", "source"),
    ("USA", "DPRK", 3,
     "assumption: neither principal's net gain may run more than 3 points ahead of the "
     "other's (ICG: 'all sides would sacrifice something')"),
)

CAPACITY = _records(
    ("group", "max_active", "source"),
    ("large_exercise", 2,
     "Facts A4a [59][61][58]: in 2018 FE and KR overlapped a few days and Max Thunder ran "
     "separately; at most 2 of KR, FE, MT, UFG at once is an assumption"),
)

SWEEP = _records(
    ("target", "mode", "values", "source"),
    ("Parties.max_cost[USA]", "set", "4:12:1",
     "how much must Washington give for the risk to fall?"),
    ("Timing.multiplier[exercise@olympics]", "set", "1,2,3,5",
     "does the plan depend on how much the Games amplify a drill?"),
)
# fmt: on
