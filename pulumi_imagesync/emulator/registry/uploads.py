"""Blob uploads in progress: a session per ``POST .../blobs/uploads/``, fed by PATCH and PUT.

A session belongs to one registry and repository; its bytes go to a file as they arrive (see
`blobs.Upload`). Chunks must come in order: one that does not start where the upload stands is
refused with 416 and the current ``Range`` (distribution spec, "Pushing a blob in chunks").
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from .blobs import Upload


@dataclass
class UploadSession:
    repository: str
    upload: Upload
    started_at: float
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    @property
    def offset(self) -> int:
        return self.upload.size

    def range_header(self) -> tuple[str, str]:
        """``Range: 0-<last byte received>`` (``0-0`` before the first byte, as distribution answers)."""
        return ("Range", f"0-{max(self.offset - 1, 0)}")
