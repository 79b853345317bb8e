"""Closed form of SPEC 7's snap-back rounds for one package X and defecting party p (plain Python).

Notation: E is the set of other parties' activities whose option in X is not their
baseline (only these can snap back); k_a = 1 when a in E keeps X's choice. For a in E,
each ``requires`` rule r whose a-side is a and covers X's option of a gives one
condition that must hold while a keeps X's choice; with B the activity of r's b-side:

- B = a: constant, whether r's b-side covers X's option of a;
- B is p's activity: a *leaf* "p chooses one of r's b-options of B" (p decides it);
- B in E: r's b-side covers X's option of B and its baseline: always true; only X's:
  k_B (an *edge* a -> B); only the baseline: false in round 1 (B still holds X's
  option), so a snaps in round 1; neither: false;
- otherwise B holds X's choice (its baseline) throughout: a constant.

An activity with a false constant is *forced* (it snaps in round 1 whatever p does).
Theorem (docs/stability.md): the rounds end with exactly these activities still at X's
choice: a in E such that no forced activity is reachable from a along edges, and every
leaf of every activity reachable from a (a included) holds. So
``k_a = AND of the leaves in leaves[a]`` for a not in ``forced``, and 0 for a in it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from planner.model.derived import Derived
from planner.scenario import Ref, Scenario
from planner.solution import Choice

Leaf = tuple[str, tuple[str, ...]]
"""(p's activity B, the options of B that satisfy the condition)."""


@dataclass(frozen=True)
class SnapClosure:
    """The closed form of the rounds for (X, p).

    Attributes:
        package: X's choice per activity.
        baseline: the status-quo choice per activity (a snapped activity takes it).
        own: p's activities (free in a defection).
        snappable: E, the activities that keep X's choice or snap back.
        forced: the activities of E that snap back whatever p does.
        leaves: per activity of E not forced, the leaves that must all hold for it to keep
            X's choice (empty: it always keeps it).
    """

    package: dict[str, Choice]
    baseline: dict[str, Choice]
    own: tuple[str, ...]
    snappable: tuple[str, ...]
    forced: frozenset[str]
    leaves: dict[str, tuple[Leaf, ...]]

    def kept(self, activity: str, choices: Mapping[str, Choice]) -> bool:
        """Whether a snappable activity keeps X's choice when p makes ``choices``."""
        if activity in self.forced:
            return False
        return all(choices[b].option in opts for b, opts in self.leaves[activity])

    def outcome(self, choices: Mapping[str, Choice]) -> tuple[Choice, ...]:
        """The final package when p makes ``choices`` (its activities -> Choice), sheet order."""
        out = []
        for a, x in self.package.items():
            if a in self.own:
                out.append(choices[a])
            elif a in self.snappable and not self.kept(a, choices):
                out.append(self.baseline[a])
            else:
                out.append(x)
        return tuple(out)


def covered(scenario: Scenario, ref: Ref, option: str) -> bool:
    """A rule reference covers ``option`` of its activity (a bare ``ACT``: any non-baseline)."""
    if ref.options is None:
        return option != scenario.baseline_of(ref.activity).id
    return option in ref.options


def baseline_choices(scenario: Scenario) -> dict[str, Choice]:
    """Every activity's baseline, a scheduled baseline at its earliest allowed start."""
    derived = Derived(scenario)
    out = {}
    for a in scenario.activity_ids:
        base = scenario.baseline_of(a)
        out[a] = Choice(a, base.id, derived.status_quo_start(base))
    return out


def _conditions(
    scenario: Scenario, closure_in: tuple[dict[str, Choice], dict[str, Choice], set[str], str]
) -> tuple[dict[str, set[str]], dict[str, set[Leaf]], set[str]]:
    """Edges, leaves and forced activities from the ``requires`` rules (module docstring)."""
    x, base, snappable, party = closure_in
    actor = {a.id: a.actor for a in scenario.activities}
    edges: dict[str, set[str]] = {a: set() for a in snappable}
    leaves: dict[str, set[Leaf]] = {a: set() for a in snappable}
    forced: set[str] = set()
    for r in scenario.rules:
        a, b = r.a.activity, r.b.activity
        if r.type != "requires" or a not in snappable or not covered(scenario, r.a, x[a].option):
            continue
        if b == a:
            holds = covered(scenario, r.b, x[a].option)
        elif actor[b] == party:
            opts = tuple(o.id for o in scenario.options_of(b) if covered(scenario, r.b, o.id))
            leaves[a].add((b, opts))
            holds = bool(opts)
        elif b in snappable:
            on_x, on_base = (
                covered(scenario, r.b, x[b].option),
                covered(scenario, r.b, base[b].option),
            )
            if on_x and not on_base:
                edges[a].add(b)
            holds = on_x
        else:
            holds = covered(scenario, r.b, x[b].option)
        if not holds:
            forced.add(a)
    return edges, leaves, forced


def _reachable(edges: Mapping[str, set[str]], start: str) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for b in edges[todo.pop()]:
            if b not in seen:
                seen.add(b)
                todo.append(b)
    return seen


def snap_closure(scenario: Scenario, package: tuple[Choice, ...], party: str) -> SnapClosure:
    """The closed form of the snap-back rounds when ``party`` defects from ``package``."""
    actor = {a.id: a.actor for a in scenario.activities}
    x = {c.activity: c for c in package}
    base = baseline_choices(scenario)
    own = tuple(a for a in scenario.activity_ids if actor[a] == party)
    snappable = tuple(
        a for a in scenario.activity_ids if actor[a] != party and x[a].option != base[a].option
    )
    edges, leaves, forced = _conditions(scenario, (x, base, set(snappable), party))
    closed_forced, closed_leaves = set(), {}
    for a in snappable:
        reach = _reachable(edges, a)
        if reach & forced:
            closed_forced.add(a)
        else:
            closed_leaves[a] = tuple(sorted(set().union(*(leaves[c] for c in reach))))
    return SnapClosure(
        package={a: x[a] for a in scenario.activity_ids},
        baseline=base,
        own=own,
        snappable=snappable,
        forced=frozenset(closed_forced),
        leaves=closed_leaves,
    )
