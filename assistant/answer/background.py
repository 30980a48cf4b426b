"""One low-priority thread that works off a bounded queue of keyed jobs while no question is being answered."""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time
import weakref
from typing import Callable

log = logging.getLogger(__name__)


class Activity:
    """Counts questions in flight, so background work can wait for a quiet moment."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running = 0
        self._last = 0.0

    def __enter__(self) -> "Activity":
        with self._lock:
            self._running += 1
        return self

    def __exit__(self, *exc) -> None:
        with self._lock:
            self._running -= 1
            self._last = time.monotonic()

    def quiet(self, seconds: float) -> bool:
        """True when no question is running and the last one ended at least `seconds` ago."""
        with self._lock:
            return self._running == 0 and time.monotonic() - self._last >= seconds


_QUEUES: "weakref.WeakSet[BackgroundQueue]" = weakref.WeakSet()


@atexit.register
def _stop_all() -> None:
    """At exit, let running batches finish instead of killing a thread inside native code (torch, ONNX Runtime)."""
    for queue in list(_QUEUES):
        queue.stop()


class BackgroundQueue:
    """Jobs by key (a key queued twice runs once); `share` caps the thread's busy time (0.25: sleeps 3× what it worked)."""

    def __init__(self, run: Callable[[list], None], name: str, batch: int = 1, max_pending: int = 5000, share: float = 0.25,
                 activity: Activity | None = None):
        self.run = run  # called with up to `batch` queued items at a time
        self.activity = activity  # when given, each batch waits until no question is running
        self.name = name
        self.batch = batch
        self.max_pending = max_pending  # more items are dropped (they are asked for again later)
        self.share = share
        self._lock = threading.Lock()
        self._pending: dict = {}
        self._thread: threading.Thread | None = None
        self._stopped = False
        self._wake = threading.Event()  # set by stop(): ends a pause at once
        _QUEUES.add(self)

    def stop(self, timeout: float = 30.0) -> None:
        """Drop what is queued and wait for the running batch (at exit)."""
        with self._lock:
            self._stopped = True
            self._pending.clear()
            self._wake.set()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def submit(self, items: dict) -> None:
        """Queue key -> item pairs not queued yet; starts the thread when idle."""
        with self._lock:
            for key, item in items.items():
                if len(self._pending) >= self.max_pending:
                    break
                self._pending.setdefault(key, item)
            if self._pending and self._thread is None and not self._stopped:
                self._thread = threading.Thread(target=self._work, name=self.name, daemon=True)
                self._thread.start()

    def _work(self) -> None:
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)  # Linux: this thread only; questions go first
        except (AttributeError, OSError):
            pass
        while True:
            while self.activity is not None and not self.activity.quiet(0.05) and not self._stopped:
                time.sleep(0.05)
            with self._lock:
                keys = [] if self._stopped else list(self._pending)[: self.batch]
                items = [self._pending.pop(k) for k in keys]
                if not items:
                    self._thread = None
                    return
            started = time.perf_counter()
            try:
                self.run(items)
            except Exception:  # noqa: BLE001 - background work must never take the server down; items come back later
                log.exception("Hintergrundarbeit %s fehlgeschlagen", self.name)
            if 0 < self.share < 1 and not self._stopped:
                self._wake.wait((time.perf_counter() - started) * (1 - self.share) / self.share)

    def idle(self, timeout: float = 60.0) -> bool:
        """Wait until the queue is worked off (tests, benchmarks); True when idle."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if self._thread is None:
                    return True
            time.sleep(0.02)
        return False
