"""The distribution spec's error codes, one class each, and their envelope.

``{"errors": [{"code", "message", "detail"}]}`` with the status the spec gives each code
(https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md#error-codes).
"""

from __future__ import annotations

from typing import Any


class RegistryError(Exception):
    code = "UNSUPPORTED"
    status = 400

    def __init__(self, message: str, detail: Any = None, *, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail
        if status is not None:
            self.status = status

    def envelope(self) -> dict[str, Any]:
        return {"errors": [{"code": self.code, "message": self.message, "detail": self.detail}]}


class BlobUnknown(RegistryError):
    code, status = "BLOB_UNKNOWN", 404


class BlobUploadInvalid(RegistryError):
    code, status = "BLOB_UPLOAD_INVALID", 400


class BlobUploadUnknown(RegistryError):
    code, status = "BLOB_UPLOAD_UNKNOWN", 404


class DigestInvalid(RegistryError):
    code, status = "DIGEST_INVALID", 400


class ManifestBlobUnknown(RegistryError):
    code, status = "MANIFEST_BLOB_UNKNOWN", 400


class ManifestInvalid(RegistryError):
    code, status = "MANIFEST_INVALID", 400


class ManifestUnknown(RegistryError):
    code, status = "MANIFEST_UNKNOWN", 404


class NameInvalid(RegistryError):
    code, status = "NAME_INVALID", 400


class NameUnknown(RegistryError):
    code, status = "NAME_UNKNOWN", 404


class SizeInvalid(RegistryError):
    code, status = "SIZE_INVALID", 400


class Unauthorized(RegistryError):
    code, status = "UNAUTHORIZED", 401


class Denied(RegistryError):
    code, status = "DENIED", 403


class Unsupported(RegistryError):
    code, status = "UNSUPPORTED", 405


class TooManyRequests(RegistryError):
    code, status = "TOOMANYREQUESTS", 429


class RangeNotSatisfiable(BlobUploadInvalid):
    """An upload chunk that does not start where the upload stands (416, with the current Range)."""

    status = 416
