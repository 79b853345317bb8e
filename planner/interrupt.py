"""Signals stop work promptly: SIGINT, SIGTERM and SIGHUP raise :class:`Interrupted`, and HiGHS polls them.

HiGHS runs inside one C++ call and only calls back into Python at its interrupt callbacks;
a ``KeyboardInterrupt`` raised there is swallowed. So while HiGHS runs (inside
:func:`shielded`) the handler only records the signal; the solver's callback sees it through
:func:`requested` and asks HiGHS to stop, and the caller raises :class:`Interrupted` when the
run returns. Elsewhere the handler raises at once. Only the first signal raises; later ones
are recorded (so a clean-up in progress, e.g. a sweep writing its partial workbook, finishes);
:func:`check` raises again wherever it is called (a signal swallowed by a library's bare
``except`` still stops the next solve).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

HANDLED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
"""The signals that stop a run: exit code 128 + the signal's number (130, 143, 129)."""


class Interrupted(KeyboardInterrupt):
    """A run stopped by a signal; a KeyboardInterrupt, so code that handles Ctrl-C handles it."""

    def __init__(self, signum: int = signal.SIGINT) -> None:
        self.signum = int(signum)
        super().__init__(signal.Signals(self.signum).name)

    @property
    def exit_code(self) -> int:
        """128 + the signal's number, as a shell reports a process killed by it."""
        return 128 + self.signum


class _State:
    signum: int | None = None
    raised = False
    shield = 0
    installed = False
    deferred = False
    external: Callable[[], bool] | None = None


_STATE = _State()


def _handler(signum: int, _frame: Any) -> None:
    if _STATE.signum is None:
        _STATE.signum = signum
    if _STATE.shield == 0 and not _STATE.raised:
        _STATE.raised = True
        raise Interrupted(signum)


def install() -> None:
    """Handle SIGINT, SIGTERM and SIGHUP in this process (main thread only; else a no-op)."""
    if threading.current_thread() is not threading.main_thread():
        return
    for sig in HANDLED:
        signal.signal(sig, _handler)
    _STATE.installed = True


def defer() -> None:
    """Only record signals until :func:`resume` (start-up: imports must not be cut half-way)."""
    if not _STATE.deferred:
        _STATE.deferred = True
        _STATE.shield += 1


def resume() -> None:
    """End :func:`defer`; a signal recorded meanwhile is raised by the next :func:`check`."""
    if _STATE.deferred:
        _STATE.deferred = False
        _STATE.shield -= 1


def watch(stop: Callable[[], bool] | None) -> None:
    """Also treat ``stop()`` returning True as a request to stop (a sweep worker's stop event)."""
    _STATE.external = stop


def watch_event(event: Any) -> None:
    """In a pool worker: a set ``event`` interrupts the task in progress, within :func:`active`.

    A daemon thread waits for the event and sends SIGUSR1 to the main thread; its handler
    raises :class:`Interrupted` while a task runs (HiGHS polls it through :func:`requested`)
    and only records it while the worker is idle, so the pool's own loop is never cut.
    """
    watch(event.is_set)
    signal.signal(signal.SIGUSR1, _handler)
    defer()
    main = threading.main_thread().ident

    def wait() -> None:
        event.wait()
        if main is not None:
            signal.pthread_kill(main, signal.SIGUSR1)

    threading.Thread(target=wait, name="planner-stop", daemon=True).start()


@contextmanager
def active() -> Iterator[None]:
    """Within: a process in :func:`defer` mode raises on signals (a worker's task runs)."""
    lifted = _STATE.deferred
    if lifted:
        _STATE.shield -= 1
    try:
        yield
    finally:
        if lifted:
            _STATE.shield += 1


def requested() -> int | None:
    """The number of the signal that asked to stop (SIGINT for an external stop), else None."""
    if _STATE.signum is not None:
        return _STATE.signum
    if _STATE.external is not None and _STATE.external():
        return int(signal.SIGINT)
    return None


def exit_code(default: int = 130) -> int:
    """128 + the recorded signal's number, or ``default`` when no signal was recorded."""
    return default if _STATE.signum is None else 128 + _STATE.signum


def check() -> None:
    """Raise :class:`Interrupted` when a stop was requested (once per signal in the handler's sense)."""
    signum = requested()
    if signum is None:
        return
    if _STATE.installed:
        _STATE.raised = True
    else:  # the Python API: the next solve of this process starts afresh
        reset()
    raise Interrupted(signum)


def reset() -> None:
    """Forget a recorded signal (tests, and a process that goes on after handling one)."""
    _STATE.signum = None
    _STATE.raised = False


@contextmanager
def shielded() -> Iterator[None]:
    """Within: signals are only recorded (for a solver's callback to poll), never raised.

    When the process has Python's default SIGINT handler (the Python API, not the CLI), the
    handler is installed for SIGINT for the duration, so Ctrl-C still stops a solve.
    """
    temporary = (
        threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGINT) is signal.default_int_handler
    )
    if temporary:
        signal.signal(signal.SIGINT, _handler)
    _STATE.shield += 1
    try:
        yield
    finally:
        _STATE.shield -= 1
        if temporary:
            signal.signal(signal.SIGINT, signal.default_int_handler)


def stop_resource_tracker() -> None:
    """End multiprocessing's resource tracker and reap it (before ``os._exit`` after a signal).

    A sweep's process pool starts the tracker as a child; left to itself it outlives this
    process and stays behind as an orphan (a zombie where nothing reaps it). Closing its
    pipe makes it clean up and exit; waiting reaps it. A no-op when it was never started.
    """
    module = sys.modules.get("multiprocessing.resource_tracker")
    tracker = getattr(module, "_resource_tracker", None)
    fd, pid = getattr(tracker, "_fd", None), getattr(tracker, "_pid", None)
    if tracker is None or fd is None or pid is None:
        return
    with contextlib.suppress(OSError):
        os.close(fd)
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, 0)
    tracker._fd = tracker._pid = None
