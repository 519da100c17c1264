"""The loop behind the platform's long-running commands (scheduler, journal sealer)."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable

SLICE_S = 1.0  # the longest a stop request waits


def repeat(step: Callable[[], object], interval: float, once: bool = False) -> None:
    """Call ``step`` now and then every ``interval`` seconds until SIGTERM or SIGINT (or just once).

    The pause is slept in short slices, so Ctrl-C or a service manager's stop takes effect within a second."""
    running = True

    def stop(*_args) -> None:
        nonlocal running
        running = False

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        while running:
            step()
            if once:
                return
            deadline = time.monotonic() + interval
            while running and (left := deadline - time.monotonic()) > 0:
                time.sleep(min(left, SLICE_S))
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
