"""Requests are built from (or checked against) the SDKs' own models: a misspelled field is an
error before anything is sent. Tencent's models only warn about a field they do not know (and
send nothing for it), so the adapter checks every request, at every depth; Huawei's and
Alibaba's models refuse unknown fields themselves. Every request the providers build goes
through these checks in the provider tests (tests/provider), against the emulator."""

from __future__ import annotations

import pytest
from tencentcloud.tcr.v20190924 import models as tcr

from pulumi_imagesync.alibabacloud.api import AlibabaApi
from pulumi_imagesync.huaweicloud.api import HuaweiApi
from pulumi_imagesync.provider.settings import Settings
from pulumi_imagesync.tencentcloud.api import check_request

MANAGE = {
    "SourceRegistryId": "tcr-a",
    "DestinationRegistryId": "tcr-b",
    "Rule": {"Name": "r", "DestNamespace": "ns", "Filters": [{"Type": "tag", "Value": "v*"}]},
}


def tencent_model(request: dict[str, object]) -> tcr.ManageReplicationRequest:
    model = tcr.ManageReplicationRequest()
    model._deserialize(request)
    return model


def test_a_tencent_request_as_the_model_has_it_passes() -> None:
    check_request(tencent_model(MANAGE), MANAGE, "ManageReplicationRequest")


@pytest.mark.parametrize(
    ("request_", "where"),
    [
        ({**MANAGE, "Descripton": "x"}, "ManageReplicationRequest has no field 'Descripton'"),
        (
            {**MANAGE, "Rule": {**MANAGE["Rule"], "DestNamespce": "ns"}},  # type: ignore[dict-item]
            "ManageReplicationRequest.Rule has no field 'DestNamespce'",
        ),
        (
            {**MANAGE, "Rule": {"Name": "r", "Filters": [{"Type": "tag", "Valeu": "v*"}]}},
            r"ManageReplicationRequest.Rule.Filters\[0\] has no field 'Valeu'",
        ),
    ],
    ids=["top", "nested", "in-a-list"],
)
def test_a_misspelled_tencent_field_fails_at_any_depth(request_: dict[str, object], where: str) -> None:
    with pytest.raises(ValueError, match=where):
        check_request(tencent_model(request_), request_, "ManageReplicationRequest")


def test_a_misspelled_alibaba_field_fails_before_anything_is_sent() -> None:
    api = AlibabaApi(Settings(), "cr", "cn-hangzhou")
    with pytest.raises(ValueError, match=r"GetRepositoryRequest has no fields \['RepoNme'\]"):
        api._invoke("GetRepository", {"InstanceId": "cri-a", "RepoNme": "x"})


def test_a_misspelled_huawei_field_fails_before_anything_is_sent() -> None:
    api = HuaweiApi(Settings(), "swr", "cn-north-4")
    with pytest.raises(ValueError, match=r"CreateImageSyncRepoRequestBody has no fields \['remoteRegion'\]"):
        api._invoke(
            "CreateImageSyncRepo",
            {"namespace": "a", "repository": "b", "body": {"remoteRegion": "cn-east-3"}},
        )
    with pytest.raises(TypeError, match="namespce"):
        api._invoke("ListImageAutoSyncReposDetails", {"namespce": "a", "repository": "b"})
