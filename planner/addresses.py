"""The reference and address grammar of the workbook contract (SPEC 1 and 3)."""

from __future__ import annotations

from planner.scenario import Ref

REF_FORBIDDEN = "|,[]@*"
"""Characters that may not appear in the activity or option part of a reference."""


def parse_ref(text: str, alternatives: bool = True) -> Ref | None:
    """Parse ``ACT``, ``ACT/OPT`` or (when ``alternatives``) ``ACT/OPT1|OPT2``; None if malformed.

    Syntax only: whether the activity and options exist is checked against the sheets later.
    """
    activity, slash, rest = text.partition("/")
    if "/" in rest or not activity or (slash and not rest):
        return None
    options = tuple(rest.split("|")) if slash else None
    if options is not None and (
        any(not o for o in options) or (len(options) > 1 and not alternatives)
    ):
        return None
    for part in (activity, *(options or ())):
        if any(c in part for c in REF_FORBIDDEN) or part != part.strip():
            return None
    return Ref(activity, options)
