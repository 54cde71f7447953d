"""Registries of any cloud: images copied between TCR, SWR, ACR Enterprise and any OCI registry.

The copy speaks the OCI distribution API itself (the `registry` extra: httpx), with each cloud's
registry login issued by that cloud's own API from the credentials the stack already has.
"""

from .image_copy import ImageCopy, ImageCopyArgs, ImageRefArgs
from .repository_mirror import RepositoryMirror, RepositoryMirrorArgs, TagFilterArgs

__all__ = [
    "ImageCopy",
    "ImageCopyArgs",
    "ImageRefArgs",
    "RepositoryMirror",
    "RepositoryMirrorArgs",
    "TagFilterArgs",
]
