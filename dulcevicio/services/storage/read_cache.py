"""Stored files read back by the server (the recipe book's photos), fetched a few at a time
and kept in a bounded per-process cache.

The cache is keyed on (kind, public_id, width). Public_ids are never reused: a replaced
image gets a new one, so an entry can never be stale and nothing has to invalidate it; a
deleted image's entry is simply never asked for again and ages out. Several processes or
dynos each keep their own copy and at worst fetch a file once more; the source of truth
stays in the storage. Only backends that read over the network use it (local reads are
cheaper than the memory they would take).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

from dulcevicio.services.storage.kinds import MediaKind, Storage

CACHE_MAX_BYTES = 32 * 1024 * 1024  # ~100 book renditions; per process
READ_THREADS = 4  # concurrent downloads per build: enough to hide latency, polite to the API

Key = tuple[MediaKind, str, int | None]


class ReadCache:
    """A thread-safe LRU of bytes, bounded by their total size."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Key, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: Key) -> bytes | None:
        with self._lock:
            data = self._entries.get(key)
            if data is not None:
                self._entries.move_to_end(key)
            return data

    def put(self, key: Key, data: bytes) -> None:
        if len(data) > self.max_bytes // 4:
            return  # one huge file would flush everything else
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = data
            self._size += len(data)
            while self._size > self.max_bytes:
                _key, evicted = self._entries.popitem(last=False)
                self._size -= len(evicted)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0


FILES = ReadCache(CACHE_MAX_BYTES)


def read_files(
    backend: Storage, kind: MediaKind, public_ids: Iterable[str], width: int | None = None
) -> dict[str, bytes]:
    """The bytes of each file, by public_id: from the cache, then the rest read at once
    by a few threads. Raises the backend's StorageError if any read fails."""
    wanted = list(dict.fromkeys(public_ids))
    if not backend.reads_over_network:
        return {public_id: backend.read(kind, public_id, width) for public_id in wanted}
    found = {public_id: FILES.get((kind, public_id, width)) for public_id in wanted}
    missing = [public_id for public_id, data in found.items() if data is None]
    if missing:
        with ThreadPoolExecutor(max_workers=min(READ_THREADS, len(missing))) as pool:
            for public_id, data in zip(
                missing,
                pool.map(lambda public_id: backend.read(kind, public_id, width), missing),
                strict=True,
            ):
                FILES.put((kind, public_id, width), data)
                found[public_id] = data
    return found  # type: ignore[return-value]  # every value is bytes by now
