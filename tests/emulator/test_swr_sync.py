"""SWR image sync: rules as the API answers them, auto-sync of pushed tags, manual sync jobs, tags."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import pytest

from pulumi_imagesync.emulator import DEFAULT_ACCOUNT_ID, Emulator
from pulumi_imagesync.emulator.errors import AdminError
from pulumi_imagesync.emulator.registry.seeded import seeded_digest

from .huawei_helpers import call, error_of, swr_error

BJ, SH, GZ = "cn-north-4", "cn-east-3", "cn-south-1"
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
REPO = {"namespace": "team-a", "repository": "web/app"}


def push(
    emu: Emulator,
    *tags: str,
    region: str = BJ,
    namespace: str = "team-a",
    repository: str = "web/app",
    image: str | None = None,
) -> None:
    spec = {"image": image} if image else {}
    repo = {"name": repository, "tags": {tag: spec for tag in tags}}
    emu.seed({"swr": {"namespaces": [{"region": region, "name": namespace, "repositories": [repo]}]}})


@pytest.fixture(autouse=True)
def world(emu: Emulator) -> None:
    push(emu, "v1", "v2")
    emu.seed({"swr": {"namespaces": [{"region": SH, "name": "team-a"}, {"region": GZ, "name": "mirror"}]}})


def create_rule(emu: Emulator, remote_region: str = SH, remote_namespace: str = "team-a", **body: Any) -> Any:
    body = {"remote_region_id": remote_region, "remote_namespace": remote_namespace, **body}
    return call(emu, BJ, "CreateImageSyncRepo", **REPO, body=body)


def manual_sync(emu: Emulator, *tags: str, override: bool = False, remote_region: str = SH) -> Any:
    body = {
        "image_tag": list(tags),
        "override": override,
        "remote_region_id": remote_region,
        "remote_namespace": "team-a",
    }
    return call(emu, BJ, "CreateManualImageSyncRepo", **REPO, body=body)


def jobs(emu: Emulator, filter: str = "limit::50|offset::0") -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = call(emu, BJ, "ShowSyncJob", **REPO, filter=filter).to_json_object()
    return found


def remote_tags(emu: Emulator, region: str = SH, namespace: str = "team-a") -> dict[str, str]:
    repos = (
        emu.state()["swr"].get(region, {}).get("namespaces", {}).get(namespace, {}).get("repositories", {})
    )
    return {tag: spec["digest"] for tag, spec in repos.get("web/app", {}).get("tags", {}).items()}


def source_digest(emu: Emulator, tag: str) -> str:
    return str(
        emu.state()["swr"][BJ]["namespaces"]["team-a"]["repositories"]["web/app"]["tags"][tag]["digest"]
    )


def test_a_rule_is_listed_with_the_sdk_fields(emu: Emulator) -> None:
    assert create_rule(emu, sync_auto=True, override=True).status_code == 200
    [rule] = call(emu, BJ, "ListImageAutoSyncReposDetails", **REPO).body
    assert (rule.namespace, rule.repo_name, rule.remote_region_id, rule.remote_namespace) == (
        "team-a",
        "web/app",
        SH,
        "team-a",
    )
    assert (rule.sync_auto, rule.override, rule.domain_id) == (True, True, DEFAULT_ACCOUNT_ID)
    assert isinstance(rule.id, int) and ISO.match(rule.created_at) and ISO.match(rule.updated_at)


def test_the_api_defaults_are_false(emu: Emulator) -> None:
    create_rule(emu)
    [rule] = call(emu, BJ, "ListImageAutoSyncReposDetails", **REPO).body
    assert (rule.sync_auto, rule.override) == (False, False)


def test_rules_are_per_remote_and_a_duplicate_is_a_conflict(emu: Emulator) -> None:
    create_rule(emu)
    create_rule(emu, GZ, "mirror")
    error = error_of(lambda: create_rule(emu))
    assert (error.status_code, swr_error(error)["errorCode"]) == (409, "SVCSTG.SWR.4090003")
    listed = call(emu, BJ, "ListImageAutoSyncReposDetails", **REPO).body
    assert [(r.remote_region_id, r.remote_namespace) for r in listed] == [(SH, "team-a"), (GZ, "mirror")]


@pytest.mark.parametrize(
    ("params", "body", "status", "code"),
    [
        ({"namespace": "nope"}, {}, 404, "SVCSTG.SWR.4040002"),
        ({"repository": "web$other"}, {}, 404, "SVCSTG.SWR.4040003"),
        ({}, {"remote_namespace": "missing"}, 404, "SVCSTG.SWR.4040002"),
        ({}, {"remote_region_id": "mars-1"}, 400, "SVCSTG.SWR.4000014"),
        ({}, {"remote_region_id": BJ}, 400, "SVCSTG.SWR.4000014"),
    ],
    ids=["namespace", "repository", "remote-namespace", "remote-region", "same-as-source"],
)
def test_create_rule_errors(
    emu: Emulator, params: dict[str, str], body: dict[str, str], status: int, code: str
) -> None:
    request = {**REPO, **params}
    full = {"remote_region_id": SH, "remote_namespace": "team-a", **body}
    error = error_of(lambda: call(emu, BJ, "CreateImageSyncRepo", **request, body=full))
    assert (error.status_code, swr_error(error)["errorCode"]) == (status, code)


def test_deleting_a_rule_and_the_not_found_answer(emu: Emulator) -> None:
    create_rule(emu)
    body = {"remote_region_id": SH, "remote_namespace": "team-a"}
    assert call(emu, BJ, "DeleteImageSyncRepo", **REPO, body=body).status_code == 200
    assert call(emu, BJ, "ListImageAutoSyncReposDetails", **REPO).to_json_object() == []
    error = error_of(lambda: call(emu, BJ, "DeleteImageSyncRepo", **REPO, body=body))
    assert error.status_code == 400
    assert "errors" in error.error_msg and swr_error(error)["errorCode"] == "SVCSTG.SWR.4001158"


def test_auto_sync_copies_tags_pushed_after_the_rule_only(emu: Emulator) -> None:
    create_rule(emu, sync_auto=True)
    assert remote_tags(emu) == {}  # v1, v2 existed before the rule
    push(emu, "v3")
    assert remote_tags(emu) == {"v3": source_digest(emu, "v3")}
    [job] = jobs(emu)
    assert (job["tag"], job["status"], job["remoteRegionId"]) == ("v3", "success", SH)


def test_a_rule_without_sync_auto_copies_nothing(emu: Emulator) -> None:
    create_rule(emu, sync_auto=False)
    push(emu, "v3")
    assert remote_tags(emu) == {} and jobs(emu) == []


def test_deleting_a_rule_keeps_what_it_synced(emu: Emulator) -> None:
    create_rule(emu, sync_auto=True)
    push(emu, "v3")
    call(emu, BJ, "DeleteImageSyncRepo", **REPO, body={"remote_region_id": SH, "remote_namespace": "team-a"})
    push(emu, "v4")
    assert set(remote_tags(emu)) == {"v3"}


def test_manual_sync_makes_one_job_per_tag_that_moves_through_its_statuses(emu: Emulator) -> None:
    emu.faults({"copies": {"swr": {"seconds": 60}}})
    answer = manual_sync(emu, "v1", "v2")
    assert answer.body == ["v1", "v2"]
    assert [(j["tag"], j["status"]) for j in jobs(emu)] == [("v2", "waiting"), ("v1", "waiting")]
    emu.advance(30)
    assert {j["status"] for j in jobs(emu)} == {"running"}
    assert remote_tags(emu) == {}
    emu.advance(30)
    assert {j["status"] for j in jobs(emu)} == {"success"}
    assert remote_tags(emu) == {"v1": source_digest(emu, "v1"), "v2": source_digest(emu, "v2")}


def test_an_existing_remote_tag_is_existed_without_override_and_replaced_with_it(emu: Emulator) -> None:
    push(emu, "v1", region=SH, image="other")
    manual_sync(emu, "v1")
    assert jobs(emu)[0]["status"] == "existed" and remote_tags(emu)["v1"] == seeded_digest("other")
    manual_sync(emu, "v1", override=True)
    assert jobs(emu)[0]["status"] == "success" and remote_tags(emu)["v1"] == source_digest(emu, "v1")


@pytest.mark.parametrize("status", ["failed", "timeout", "cancel", None])
def test_injected_job_outcomes(emu: Emulator, status: str | None) -> None:
    entry = {"region": SH, "tag": "v2", **({"status": status} if status else {})}
    emu.faults({"copies": {"swr": {"fail": [entry]}}})
    manual_sync(emu, "v1", "v2")
    assert {j["tag"]: j["status"] for j in jobs(emu)} == {"v1": "success", "v2": status or "failed"}
    assert set(remote_tags(emu)) == {"v1"}


def test_a_job_to_a_namespace_deleted_meanwhile_fails(emu: Emulator) -> None:
    emu.faults({"copies": {"swr": {"seconds": 10}}})
    manual_sync(emu, "v1")
    del emu.world.backends["swr"].namespaces[(SH, "team-a")]  # type: ignore[attr-defined]  # no API for it
    emu.advance(10)
    assert jobs(emu)[0]["status"] == "failed"


def test_manual_sync_checks_every_tag(emu: Emulator) -> None:
    error = error_of(lambda: manual_sync(emu, "v1", "v9"))
    assert (error.status_code, swr_error(error)["errorCode"]) == (404, "SVCSTG.SWR.4040004")
    assert jobs(emu) == []


def test_sync_job_paging_order_and_content_range(emu: Emulator) -> None:
    manual_sync(emu, "v1", "v2")
    push(emu, "v3", "v4")
    manual_sync(emu, "v3", "v4")
    newest = call(emu, BJ, "ShowSyncJob", **REPO, filter="limit::3|offset::0")
    assert [j.tag for j in newest.body] == ["v4", "v3", "v2"] and newest.content_range == "0-2/4"
    rest = call(emu, BJ, "ShowSyncJob", **REPO, filter="limit::3|offset::3|order::asc")
    assert [j.tag for j in rest.body] == ["v4"] and rest.content_range == "3-3/4"
    ids = [j["id"] for j in jobs(emu, "limit::10|offset::0|order::asc")]
    assert ids == sorted(ids)
    assert call(emu, BJ, "ShowSyncJob", **REPO, filter="limit::3|offset::9").content_range == "*/4"
    for bad in ("limit::3", "offset::0", "limit::3|offset::0|order::up", "limit::x|offset::0", "size::3"):
        error = error_of(lambda bad=bad: call(emu, BJ, "ShowSyncJob", **REPO, filter=bad))
        assert swr_error(error)["errorCode"] == "SVCSTG.SWR.4000014", bad


def test_tags_list_show_and_delete(emu: Emulator) -> None:
    listed = call(
        emu, BJ, "ListRepositoryTags", **REPO, order_column="updated_at", order_type="asc", limit="1"
    )
    assert [t.tag for t in listed.body] == ["v1"] and listed.content_range == "0-0/2"
    assert listed.to_json_object()[0]["Tag"] == "v1"  # capital T on the wire
    second = call(
        emu,
        BJ,
        "ListRepositoryTags",
        **REPO,
        filter="offset::1|limit::1|order_column::updated_at|order_type::asc",
    )
    assert [t.tag for t in second.body] == ["v2"]
    # The SDK documents ordering by updated_at only: the emulator refuses any other column.
    error = error_of(
        lambda: call(emu, BJ, "ListRepositoryTags", **REPO, order_column="tag", order_type="asc")
    )
    assert swr_error(error)["errorCode"] == "SVCSTG.SWR.4000014"
    shown = call(emu, BJ, "ShowRepoTag", **REPO, tag="v1")
    registry = emu.registry("huaweicloud", BJ)["endpoint"]  # where the region's registry answers
    assert (shown.tag, shown.digest, shown.path) == (
        "v1",
        source_digest(emu, "v1"),
        f"{registry}/team-a/web/app:v1",
    )
    assert (
        "sha256:" + hashlib.sha256(shown.manifest.encode()).hexdigest() == shown.digest
    )  # the real manifest
    call(emu, BJ, "DeleteRepoTag", **REPO, tag="v1")
    error = error_of(lambda: call(emu, BJ, "ShowRepoTag", **REPO, tag="v1"))
    assert swr_error(error)["errorCode"] == "SVCSTG.SWR.4040004"


def test_regions_are_separate(emu: Emulator) -> None:
    push(emu, "only-in-shanghai", region=SH)
    error = error_of(lambda: call(emu, BJ, "ShowRepoTag", **REPO, tag="only-in-shanghai"))
    assert error.status_code == 404
    assert call(emu, SH, "ShowRepoTag", **REPO, tag="only-in-shanghai").tag == "only-in-shanghai"
    assert SH in [r.region_id for r in call(emu, BJ, "ListSyncRegions").body]


def test_seed_is_checked_before_it_applies(emu: Emulator) -> None:
    for doc, message in [
        ({"namespaces": [{"region": "mars-1", "name": "x"}]}, "not an SWR region"),
        (
            {"namespaces": [{"region": BJ, "name": "team-a", "account_id": "100000000009"}]},
            "belongs to account",
        ),
        ({"namespaces": [{"region": BJ}]}, "name must be a non-empty string"),
        ({"rules": []}, "unknown keys"),
    ]:
        with pytest.raises(AdminError, match=message):
            emu.seed({"swr": doc})
    with pytest.raises(AdminError, match="iam takes no seed"):
        emu.seed({"iam": {"projects": []}})
