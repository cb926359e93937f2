"""What a worker keeps in memory, each entry with the content version it was computed
under (`services.versions`): reused only while that version is current."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

Value = TypeVar("Value")


class Kept(Generic[Value]):
    """A bounded, thread-safe store of values by key, the least recently used dropped
    first. One per worker (kept in `app.extensions`)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, tuple[int, Value]] = OrderedDict()

    def get(self, key: Hashable, version: int) -> Value | None:
        """The value kept for `key` if it was computed under `version`."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] != version:
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def peek(self, key: Hashable) -> tuple[int, Value] | None:
        """(version, value) kept for `key`, whatever its version."""
        with self._lock:
            return self._entries.get(key)

    def put(self, key: Hashable, version: int, value: Value) -> None:
        with self._lock:
            self._entries[key] = (version, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
