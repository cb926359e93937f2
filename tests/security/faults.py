"""Faults to inject while an upload runs, as context managers: `with fault(place, patch):`.

`place` is the world under test (its Cloudinary stand-in, when there is one); `patch` is a
pytest monkeypatch context that undoes everything on leaving.
"""

from __future__ import annotations

import errno
from contextlib import contextmanager

from dulcevicio.services.storage import StorageError
from dulcevicio.services.storage import local as local_storage
from dulcevicio.services.storage.local import LocalStorage
from tests.helpers import next_commit_fails

LOCAL_REFUSED = "No pudimos guardar el archivo en el servidor."


@contextmanager
def storage_refuses(place, monkeypatch):
    """The storage backend raises before anything is stored (and so before the flush)."""

    def refuse(*_args, **_kwargs):
        raise StorageError(LOCAL_REFUSED)

    monkeypatch.setattr(LocalStorage, "save", refuse)
    yield


@contextmanager
def disk_full(place, monkeypatch):
    """Writing a file fails halfway (ENOSPC): part of it is on disk already."""
    real_open = open

    class HalfWritten:
        def __init__(self, file):
            self.file = file

        def write(self, data):
            self.file.write(bytes(data[:100]))
            self.file.flush()
            raise OSError(errno.ENOSPC, "No space left on device")

        def __enter__(self):
            return self

        def __exit__(self, *_exc):
            self.file.close()

    def fake_open(path, mode="r", *args, **kwargs):
        file = real_open(path, mode, *args, **kwargs)
        return HalfWritten(file) if "w" in mode else file

    monkeypatch.setattr(local_storage, "open", fake_open, raising=False)
    yield


@contextmanager
def commit_fails(place, monkeypatch):
    """The next COMMIT fails, as when the database goes away after the files are stored."""
    with next_commit_fails():
        yield


@contextmanager
def pdf_fails(place, monkeypatch):
    """fpdf2 raises while writing the book."""
    import fpdf

    def broken(*_args, **_kwargs):
        raise RuntimeError("fpdf2 broke")

    monkeypatch.setattr(fpdf.FPDF, "output", broken)
    yield


@contextmanager
def cloudinary_errors(place, monkeypatch):
    """Cloudinary answers the next API call with an error."""
    place.stub.fail_next = (500, "Internal error")
    try:
        yield
    finally:
        place.stub.fail_next = None
