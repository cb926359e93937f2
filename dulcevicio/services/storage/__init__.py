"""Media storage: one interface (save, delete, deliver, send, read, list) over two backends.

- `kinds`: what a file is (MediaKind) and the `Storage` protocol both backends follow;
- `local`: files under instance/uploads/ (development, tests, a single machine);
- `cloudinary`: Cloudinary through its SDK (production: dyno disks are ephemeral);
- `backend`: which of the two the app uses, and the delivery URL of a file;
- `consistency`: files written or replaced by a transaction follow its commit or rollback;
- `cleanup`: finding and deleting stored files that no row uses.
"""

from dulcevicio.services.storage.backend import file_url, get_storage
from dulcevicio.services.storage.consistency import (
    delete_after_commit,
    discard_uncommitted_uploads,
    save_file,
)
from dulcevicio.services.storage.kinds import (
    IMAGE_WIDTHS,
    VIDEO_FORMATS,
    MediaKind,
    Storage,
    StorageError,
    StoredFile,
)

__all__ = [
    "IMAGE_WIDTHS",
    "VIDEO_FORMATS",
    "MediaKind",
    "Storage",
    "StorageError",
    "StoredFile",
    "delete_after_commit",
    "discard_uncommitted_uploads",
    "file_url",
    "get_storage",
    "save_file",
]
