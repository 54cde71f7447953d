"""CVM error codes, one class each, messages built from the names involved.

Codes are those of ``tencentcloud.cvm.v20170312.errorcodes`` and the SyncImages document
(https://cloud.tencent.com/document/product/213/15711, docs/cloud-assumptions.md); where the documents list several codes for one situation, the choice is named in
``models.py``.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..protocols.tencent_errors import InvalidParameter, TencentError

__all__ = [
    "DryRunOperation",
    "EncryptedImagesNotSupported",
    "ImageBusy",
    "ImageIdMalformed",
    "ImageIdsWithFilters",
    "ImageIncorrectState",
    "ImageNameDuplicate",
    "ImageNotFound",
    "ImageNotOwned",
    "ImageOperationNotAllowed",
    "ImageQuotaLimitExceeded",
    "InvalidFilter",
    "InvalidFilterValueLimit",
    "InvalidParameter",
    "InvalidParameterValueLimit",
    "InvalidRegionForImage",
    "LimitExceeded",
    "RegionNotFound",
    "RegionUnavailable",
    "SharedImageModifyUnsupported",
    "TooLong",
    "UnsupportedRegionForEncryption",
]


class ImageIdMalformed(TencentError):
    code = "InvalidImageId.Malformed"

    def __init__(self, image_id: str) -> None:
        super().__init__(f"The image id `{image_id}` is malformed: an image id looks like img-xxxxxxxx.")


class ImageNotFound(TencentError):
    code = "InvalidImageId.NotFound"

    def __init__(self, image_id: str, region: str) -> None:
        super().__init__(f"The image {image_id} does not exist in region {region}.")


class ImageBusy(TencentError):
    """The image is busy with another operation (a copy in flight): the documents say retry later."""

    code = "FailedOperation.InvalidImageState"

    def __init__(self, image_id: str, state: str) -> None:
        super().__init__(f"The image {image_id} is busy ({state}); please retry later.")


class ImageIncorrectState(TencentError):
    code = "InvalidImageId.IncorrectState"

    def __init__(self, image_id: str, state: str, action: str) -> None:
        super().__init__(f"The image {image_id} is {state}: {action} needs it in another state.")


class ImageOperationNotAllowed(TencentError):
    code = "InvalidParameterValue.InvalidImageId"

    def __init__(self, image_id: str, why: str) -> None:
        super().__init__(f"The image {image_id} does not allow this operation: {why}.")


class ImageNotOwned(TencentError):
    code = "UnauthorizedOperation.ImageNotBelongToAccount"

    def __init__(self, image_id: str) -> None:
        super().__init__(
            f"The image {image_id} is shared with this account by another account; only its owner can delete it."
        )


class SharedImageModifyUnsupported(TencentError):
    code = "UnsupportedOperation.SharedImageModifyUnsupported"

    def __init__(self, image_id: str) -> None:
        super().__init__(
            f"The image {image_id} is shared by another account; its attributes cannot be modified."
        )


class EncryptedImagesNotSupported(TencentError):
    code = "UnsupportedOperation.EncryptedImagesNotSupported"

    def __init__(self, image_id: str) -> None:
        super().__init__(f"The image {image_id} is encrypted; encrypted images cannot be synchronized.")


class UnsupportedRegionForEncryption(TencentError):
    code = "UnsupportedOperation.Region"

    def __init__(self, regions: Sequence[str], source_region: str) -> None:
        super().__init__(
            f"An encrypted copy can only be made in the image's own region {source_region}, "
            f"not in {', '.join(regions)}."
        )


class InvalidRegionForImage(TencentError):
    code = "InvalidParameterValue.InvalidRegion"


class RegionNotFound(TencentError):
    code = "InvalidRegion.NotFound"

    def __init__(self, region: str) -> None:
        super().__init__(f"The region `{region}` does not exist.")


class RegionUnavailable(TencentError):
    code = "InvalidRegion.Unavailable"

    def __init__(self, region: str) -> None:
        super().__init__(f"The region {region} does not support image synchronization at present.")


class ImageNameDuplicate(TencentError):
    code = "InvalidImageName.Duplicate"

    def __init__(self, name: str, region: str, existing_id: str) -> None:
        super().__init__(
            f"The image name `{name}` is already used by image {existing_id} in region {region}."
        )


class ImageQuotaLimitExceeded(TencentError):
    code = "ImageQuotaLimitExceeded"

    def __init__(self, region: str, quota: int) -> None:
        super().__init__(f"The custom image quota of region {region} ({quota} images) is used up.")


class LimitExceeded(TencentError):
    code = "InvalidParameterValue.LimitExceeded"


class TooLong(TencentError):
    code = "InvalidParameterValue.TooLong"

    def __init__(self, name: str, maximum: int) -> None:
        super().__init__(f"The parameter `{name}` must be at most {maximum} characters long.")


class ImageIdsWithFilters(TencentError):
    code = "InvalidParameter.InvalidParameterCoexistImageIdsFilters"

    def __init__(self) -> None:
        super().__init__("ImageIds and Filters cannot be given together.")


class InvalidFilter(TencentError):
    code = "InvalidFilter"

    def __init__(self, name: str, known: Sequence[str]) -> None:
        super().__init__(f"The filter `{name}` is not supported (supported: {', '.join(known)}).")


class InvalidFilterValueLimit(TencentError):
    code = "InvalidFilterValue.LimitExceeded"


class InvalidParameterValueLimit(TencentError):
    code = "InvalidParameterValue.InvalidParameterValueLimit"


class DryRunOperation(TencentError):
    """A DryRun request that would have succeeded (Tencent's common code for it)."""

    code = "DryRunOperation"

    def __init__(self, action: str) -> None:
        super().__init__(f"The DryRun request of {action} would have succeeded.")
