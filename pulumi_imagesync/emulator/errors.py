"""Errors shared by every emulated cloud.

A `CloudError` is an answer, not a crash: the cloud's protocol renders it in that cloud's own error
envelope (Tencent: HTTP 200 + ``Response.Error``; REST clouds: the status carried here). Each service
subclasses it once per error code in its own ``exceptions.py`` so that messages are built from names.
"""

from __future__ import annotations


class CloudError(Exception):
    """An error the emulated cloud answers with."""

    code: str = "InternalError"
    status: int = 400

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class AdminError(ValueError):
    """A bad admin request (seed, faults, reset...): answered with HTTP 400 and the message."""
