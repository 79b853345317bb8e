"""The model's rows compiled to CSR arrays for HiGHS, with their mutable bounds and coefficients.

``compile_rows`` reads every row's terms (``planner.model.transfer.read_terms``) into one list,
then numbers new columns, merges repeated variables and drops zero coefficients for all rows
at once with numpy. The result is entry for entry what reading the rows one at a time gives
(and what Pyomo's persistent HiGHS interface sends; see ``planner.model.transfer``).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from itertools import repeat

import numpy as np
from pyomo.common.numeric_types import native_numeric_types

from planner.model.transfer import (
    INF,
    Columns,
    MutableBound,
    MutableCoefficient,
    Terms,
    number,
    read_terms,
)


@dataclass
class RowBlock:
    """Rows compiled for HiGHS (CSR) with their mutable bounds and coefficients."""

    constraints: list
    lower: np.ndarray
    upper: np.ndarray
    start: np.ndarray
    index: np.ndarray
    value: np.ndarray
    bounds: list[MutableBound]
    coefficients: list[MutableCoefficient]

    @property
    def nonzeros(self) -> int:
        """Number of matrix entries."""
        return len(self.value)


def compile_rows(constraints: list, columns: Columns) -> RowBlock:
    """The rows of ``constraints`` (new variables become new columns of ``columns``).

    Every row's terms go into one ``Terms``; columns, repeated variables and zeros are then
    handled for all rows at once with numpy.
    """
    lower: list[float] = []
    upper: list[float] = []
    start = [0]
    bounds: list[MutableBound] = []
    native = native_numeric_types
    terms = Terms()
    for con in constraints:
        lb, body, ub = con.to_bounded_expression()
        terms.constant = terms.constant_fixed = 0.0
        terms.constant_parts = []
        read_terms(body, terms)
        start.append(len(terms.variables))
        const = terms.constant
        lower.append(-INF if lb is None else number(lb) - const)
        upper.append(INF if ub is None else number(ub) - const)
        if (
            terms.constant_parts
            or (lb is not None and lb.__class__ not in native)
            or (ub is not None and ub.__class__ not in native)
        ):
            bounds.append(
                MutableBound(con, lb, ub, terms.constant_fixed, tuple(terms.constant_parts))
            )
    constraints = list(constraints)
    index, value, row_start, coefficients = _matrix(terms, np.array(start), constraints, columns)
    return RowBlock(
        constraints=constraints,
        lower=np.array(lower, dtype=np.double),
        upper=np.array(upper, dtype=np.double),
        start=row_start,
        index=index,
        value=value,
        bounds=bounds,
        coefficients=coefficients,
    )


def _matrix(
    terms: Terms, start: np.ndarray, constraints: list, columns: Columns
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[MutableCoefficient]]:
    """CSR (index, value, start) of rows whose terms are ``terms`` split at ``start``.

    The same as reading the rows one by one: a variable's column is the next free one at
    its first appearance; a row that repeats a variable holds one entry for it (summed, at
    its first appearance); zero coefficients are left out (a mutable one is still recorded).
    """
    variables, coefs = terms.variables, terms.coefs
    n, rows_n = len(variables), len(start) - 1
    ids = list(map(id, variables))
    cols = np.fromiter(map(columns.index.get, ids, repeat(-1)), np.int64, n)
    new = np.flatnonzero(cols < 0)
    if len(new):  # number new variables in order of first appearance
        new_ids = np.array(ids, dtype=np.int64)[new]
        by_id = np.argsort(new_ids, kind="stable")  # a variable's first appearance first
        sorted_ids = new_ids[by_id]
        first = np.empty(len(new), dtype=bool)
        first[0] = True
        np.not_equal(sorted_ids[1:], sorted_ids[:-1], out=first[1:])
        group = np.cumsum(first) - 1  # the variable of each sorted position
        first_at = by_id[first]  # each variable's first appearance (among the new ones)
        order = np.argsort(first_at)
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order)) + len(columns.variables)
        cols[new[by_id]] = rank[group]
        added = new[first_at[order]].tolist()
        columns.index.update(zip([ids[k] for k in added], rank[order].tolist(), strict=True))
        columns.variables += [variables[k] for k in added]
    row = np.repeat(np.arange(rows_n), np.diff(start))
    positions = [k for k, _ in terms.mutable]
    mutable = [
        (k, r, 0, (part,))
        for (k, part), r in zip(terms.mutable, row[positions].tolist(), strict=True)
    ]
    value = np.array(coefs, dtype=np.double)
    keep = value != 0
    repeating = _rows_repeating_a_column(row, cols)
    if repeating:
        merged = set(repeating)
        mutable = [x for x in mutable if x[1] not in merged]
        for r in repeating:
            lo, hi = int(start[r]), int(start[r + 1])
            parts = dict(terms.mutable[bisect_left(positions, lo) : bisect_left(positions, hi)])
            keep[lo:hi] = False  # a variable's later positions are summed into its first
            for k, entry in terms.merged(lo, hi, parts).items():
                keep[k] = entry[0] != 0
                value[k] = entry[0]
                if entry[2] is not None:
                    mutable.append((k, r, entry[1], tuple(entry[2])))
        mutable.sort()  # by position (positions are distinct)
    coefficients = [
        MutableCoefficient(constraints[r], col, fixed, parts)
        for (_, r, fixed, parts), col in zip(
            mutable, cols[[x[0] for x in mutable]].tolist(), strict=True
        )
    ]
    counts = np.bincount(row[keep], minlength=rows_n)
    row_start = np.concatenate(([0], np.cumsum(counts))).astype(np.int32)
    return cols[keep].astype(np.int32), value[keep], row_start, coefficients


def _rows_repeating_a_column(row: np.ndarray, cols: np.ndarray) -> list[int]:
    """The rows that hold a column twice (usually none), in order."""
    if not len(cols):
        return []
    width = int(cols.max()) + 1
    key = np.sort(row * width + cols)
    return sorted(set((key[1:][key[1:] == key[:-1]] // width).tolist()))
