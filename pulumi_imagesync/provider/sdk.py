"""Lazy imports of the clouds' SDKs.

The SDKs are optional extras (a user of one cloud should not carry the others, and Huawei's core
pins `pymongo` exactly); they are imported on first use inside the provider process, which also
keeps `pulumi preview` start-up fast.

The provider server runs many calls at once, so the first calls of a deployment may import SDK
modules from several threads. Python's per-module import locks resolve a cycle between two such
imports by handing one thread a partly initialised module (`_DeadlockError` in
`importlib._bootstrap`), which fails later with a confusing `AttributeError`; so imports made
here take turns.
"""

from __future__ import annotations

import importlib
import sys
import threading
from types import ModuleType

from .errors import ConfigurationError

# cloud -> the extra that installs its SDK
EXTRAS = {
    "tencentcloud": "tencentcloud",
    "huaweicloud": "huaweicloud",
    "alibabacloud": "alibabacloud",
    "registry": "registry",  # the OCI client of registry.ImageCopy (httpx)
}
_importing = threading.RLock()


class SdkMissingError(ConfigurationError):
    """A cloud SDK that a resource needs is not installed."""


def require(module: str, cloud: str) -> ModuleType:
    """Import an SDK module, or fail with the `pip install` line that fixes it."""
    loaded = sys.modules.get(module)
    if loaded is not None and not getattr(getattr(loaded, "__spec__", None), "_initializing", False):
        return loaded
    try:
        with _importing:
            return importlib.import_module(module)
    except ImportError as error:
        extra = EXTRAS[cloud]
        raise SdkMissingError(
            f"the {cloud} SDK is not installed (cannot import {error.name or module}); "
            f"install it with: pip install 'pulumi-imagesync[{extra}]'"
        ) from None
