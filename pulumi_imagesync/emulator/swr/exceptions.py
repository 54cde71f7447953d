"""SWR error codes, one class each, messages built from the names involved.

SWR answers with its own bodies, ``{"errorCode", "errorMessage"}`` or (for some actions)
``{"errors": [{"errorCode", "errorMessage"}]}``; the SDK parses neither, so a client sees them only
in the raw message. Codes from Huawei's documentation and the Terraform provider (their evidence:
docs/cloud-assumptions.md, H-ERR-1 and H-ERR-3):
``SVCSTG.SWR.4000014`` (invalid parameter), ``SVCSTG.SWR.4040002`` (namespace not found),
``SVCSTG.SWR.4001158`` (deleting a sync rule that does not exist, in the ``errors`` list). The
others (repository, tag, rule already exists) are the emulator's own, in the same families.
"""

from __future__ import annotations

from ..protocols.huawei_errors import SWR, SWR_LIST, HuaweiError


class SwrError(HuaweiError):
    shape = SWR


class InvalidParam(SwrError):
    code = "SVCSTG.SWR.4000014"
    status = 400

    def __init__(self, why: str) -> None:
        super().__init__(f"Invalid param: {why}")


class NamespaceNotFound(SwrError):
    code = "SVCSTG.SWR.4040002"
    status = 404

    def __init__(self, namespace: str, region: str) -> None:
        super().__init__(f"Namespace {namespace} not found in region {region}")


class RepositoryNotFound(SwrError):
    code = "SVCSTG.SWR.4040003"
    status = 404

    def __init__(self, namespace: str, repository: str, region: str) -> None:
        super().__init__(f"Repository {namespace}/{repository} not found in region {region}")


class TagNotFound(SwrError):
    code = "SVCSTG.SWR.4040004"
    status = 404

    def __init__(self, namespace: str, repository: str, tag: str) -> None:
        super().__init__(f"Image tag {namespace}/{repository}:{tag} not found")


class SyncRuleExists(SwrError):
    code = "SVCSTG.SWR.4090003"
    status = 409

    def __init__(self, namespace: str, repository: str, remote_region: str, remote_namespace: str) -> None:
        super().__init__(
            f"An image sync task of {namespace}/{repository} to {remote_namespace} in {remote_region} already exists"
        )


class SyncRuleNotFound(SwrError):
    code = "SVCSTG.SWR.4001158"
    status = 400
    shape = SWR_LIST

    def __init__(self, namespace: str, repository: str, remote_region: str, remote_namespace: str) -> None:
        super().__init__(
            f"The image sync task of {namespace}/{repository} to {remote_namespace} in {remote_region} does not exist"
        )
