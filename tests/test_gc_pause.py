"""planner/gc_pause.py: the collector paused for a block, resumed after it, and optionally frozen."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from planner.gc_pause import gc_paused

pytestmark = pytest.mark.unit


@pytest.fixture
def collector() -> Iterator[None]:
    """The collector on and nothing frozen, before and after each test."""
    gc.unfreeze()
    gc.enable()
    yield
    gc.unfreeze()
    gc.enable()


def test_paused_inside_restored_after(collector: None) -> None:
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():  # nested: the outer pause stays
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    with gc_paused():
        pass
    assert not gc.isenabled()  # a collector that was off stays off


def test_freeze_moves_what_is_alive_out_of_reach(collector: None) -> None:
    assert gc.get_freeze_count() == 0
    with gc_paused(freeze=True):
        kept = [[i] for i in range(1000)]  # container objects, tracked by the collector
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(kept)
    with gc_paused():
        pass
    assert gc.get_freeze_count() >= len(kept)  # without freeze=True nothing more is frozen


def test_the_cli_freezes_only_as_the_console_script() -> None:
    """A test's CliRunner runs commands in this process: nothing of it may be frozen."""
    from planner.cli._common import STATE

    assert STATE.one_shot is False
