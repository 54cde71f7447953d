"""Deleting one tag, and only the tag, with each cloud's own API (or the registry's, for `oci`).

Deleting a manifest by digest would remove every tag holding that digest (distribution-spec
v1.1, "Deleting manifests"), so a copy's destroy deletes its tag by name:

- TCR: `DeleteRepositoryTags` (`RegistryId`, `NamespaceName`, `RepositoryName`, `Tags`);
- SWR: `DeleteRepoTag` (`DELETE /v2/manage/namespaces/{namespace}/repos/{repository}/tags/{tag}`);
- ACR Enterprise: `DeleteRepoTag` (`InstanceId`, `RepoId`, `Tag`), the repository id from `GetRepository`;
- any OCI registry: `DELETE /v2/<name>/manifests/<tag>` where the registry allows it (v1.1 "Deleting
  tags"); many do not (`registry:2` answers `405 UNSUPPORTED`), and the tag is then kept, with a warning.

A tag (or repository) already gone is deleted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..alibabacloud.api import alibaba_api
from ..huaweicloud.api import HuaweiApi
from ..provider.base import Operation
from ..provider.errors import CloudError
from ..tencentcloud.api import TencentApi
from .references import ALIBABA, HUAWEI, TENCENT, ImageRef

if TYPE_CHECKING:
    from .oci.client import RegistryClient


def delete_tag(op: Operation, ref: ImageRef, tag: str, client: RegistryClient) -> bool:
    """Delete `tag` of `ref`'s repository; False when the registry does not allow it."""
    namespace, _, name = ref.repository.partition("/")
    try:
        if ref.cloud == TENCENT:
            TencentApi.for_operation(op, "tcr", str(ref.region), profile=ref.profile).call(
                "DeleteRepositoryTags",
                {
                    "RegistryId": ref.registry,
                    "NamespaceName": namespace,
                    "RepositoryName": name,
                    "Tags": [tag],
                },
            )
        elif ref.cloud == HUAWEI:
            HuaweiApi.for_operation(op, "swr", str(ref.region), profile=ref.profile).call(
                "DeleteRepoTag", {"namespace": namespace, "repository": name, "tag": tag}
            )
        elif ref.cloud == ALIBABA:
            api = alibaba_api(op, str(ref.region), profile=ref.profile)
            repository = api.call(
                "GetRepository",
                {"InstanceId": ref.registry, "RepoNamespaceName": namespace, "RepoName": name},
            )
            api.call(
                "DeleteRepoTag", {"InstanceId": ref.registry, "RepoId": repository["RepoId"], "Tag": tag}
            )
        else:
            return client.delete_tag(ref.repository, tag)
    except CloudError as error:
        if not error.not_found:
            raise
    return True
