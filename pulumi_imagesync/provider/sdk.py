"""Lazy imports of the clouds' SDKs.

The SDKs are optional extras (a user of one cloud should not carry the others, and Huawei's core
pins `pymongo` exactly); they are imported on first use inside the provider process, which also
keeps `pulumi preview` start-up fast.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from .errors import ConfigurationError

# cloud -> the extra that installs its SDK
EXTRAS = {"tencentcloud": "tencentcloud", "huaweicloud": "huaweicloud", "alibabacloud": "alibabacloud"}


class SdkMissingError(ConfigurationError):
    """A cloud SDK that a resource needs is not installed."""


def require(module: str, cloud: str) -> ModuleType:
    """Import an SDK module, or fail with the `pip install` line that fixes it."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        extra = EXTRAS[cloud]
        raise SdkMissingError(
            f"the {cloud} SDK is not installed (cannot import {error.name or module}); "
            f"install it with: pip install 'pulumi-imagesync[{extra}]'"
        ) from None
