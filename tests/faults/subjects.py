"""The resources as the fault suite sees them: one small description each.

A `Subject` says how to declare the resource, the world it runs in, which API actions are its
create / poll / delete, what the cloud answers when it fails or throttles, how to make its
copy slow or fail, and — the heart of "state matches the world" — `inventory`: what the
resource owns in the emulator's world right now (read from `GET /_emulator/state`), as the
outputs the resource must report for it, or None when the cloud holds nothing of it. Worlds are
seeded with destination namespaces and repositories in place, so that destroy can leave the
world exactly as seeded (`retained` names what it keeps by design).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pulumi_imagesync import alibabacloud, huaweicloud, registry, tencentcloud
from tests.support.engine import Registration, register

World = dict[str, Any]
Faults = dict[str, Any]


@dataclass(frozen=True)
class Update:
    """An in-place update whose copy is made to fail: from `before` to `after` (build overrides)."""

    before: dict[str, Any]
    after: dict[str, Any]
    fails: Faults


@dataclass(frozen=True)
class Subject:
    key: str  # the pytest id
    name: str  # the Pulumi resource name
    id: str  # the resource id the create returns
    cloud: str  # fault-rule match keys
    service: str
    api: str  # how errors name the API: "Tencent Cloud TCR"
    world: World
    declare: Callable[..., Any]  # declare(**overrides) -> the resource, in a program
    create: str  # the action that makes the object
    starts: tuple[str, ...]  # every action that makes or starts something: each must take effect once
    poll: str  # the action read while waiting for it
    delete: str  # the action that removes it
    server_error: Faults  # the fields of a fault rule answering the cloud's own 5xx
    throttle_code: str  # the cloud's throttling error code
    denied: Faults  # the fields of a fault rule answering the cloud's "not allowed" (never retried)
    inventory: Callable[[World], dict[str, Any] | None]
    slow: Faults  # faults that keep a create waiting on the cloud (to kill it mid-way)
    slow_seconds: float  # emulated seconds after which the slow work is done
    copy_fails: Faults = field(default_factory=dict)  # a copy failing half-way ({} = no copy at create)
    copy_failure: str = ""  # a pattern of what the failed create's last line says
    # timeout_seconds of a create whose copy fails: long enough never to be what ends it (the
    # tests move the emulated clock on until the copy has failed), except where the copy's failure
    # is told by nothing but a timeout (a TCR copy that never arrives).
    copy_timeout: float = 120
    update: Update | None = None
    fails_after_making: Faults = field(default_factory=dict)  # a create failing once its object exists
    owned: dict[str, Any] = field(default_factory=dict)  # outputs that say "made by this resource"
    retained: tuple[str, ...] = ()  # what destroy keeps by design (tests.support.inventory paths)
    # More of "the state matches the world": records the world keeps (a task, its jobs) -> problems.
    also: Callable[[World, dict[str, Any]], list[str]] = lambda world, outputs: []
    # Where the API gives no way to tell that work was already started (no idempotency token, no
    # task to look up) a second start can happen: scenario -> what is wrong with the extra work,
    # if anything. Everywhere else each start must take effect exactly once.
    may_repeat: dict[str, Callable[[World], list[str]]] = field(default_factory=dict)
    # Actions of another service than `service` (a registry copy deletes its tag with a cloud API).
    services: dict[str, str] = field(default_factory=dict)
    request_ids: bool = True  # whether the cloud's answers name their request (registries' do not)

    def build(self, **overrides: Any) -> Registration:
        return register(lambda: self.declare(**overrides))

    def rule(self, **fields: Any) -> dict[str, Any]:
        """A fault rule for this resource's service (or the service of the rule's action)."""
        return {
            "cloud": self.cloud,
            "service": self.services.get(fields.get("action", ""), self.service),
            **fields,
        }

    def __str__(self) -> str:
        return self.key


# -- tencentcloud.ReplicationRule ----------------------------------------------------------------

GZ, SG = "ap-guangzhou", "ap-singapore"
RULE_SOURCE, RULE_DESTINATION = "tcr-src00001", "tcr-dst00001"

RULE_WORLD: World = {
    "tcr": {
        "registries": [
            {
                "id": RULE_SOURCE,
                "region": GZ,
                "namespaces": [{"name": "prod", "repositories": [{"name": "app", "tags": {"v1": {}}}]}],
            },
            {"id": RULE_DESTINATION, "region": SG, "namespaces": [{"name": "mirror"}]},
        ]
    }
}


def declare_rule(**overrides: Any) -> Any:
    args: dict[str, Any] = {
        "source_registry_id": RULE_SOURCE,
        "destination_registry_id": RULE_DESTINATION,
        "destination_region": SG,
        "dest_namespace": "mirror",
        "filters": [{"type": "tag", "value": "v*"}],
        "override": True,
    }
    return tencentcloud.ReplicationRule("rule", **{**args, **overrides})


def rule_inventory(world: World) -> dict[str, Any] | None:
    registry = world["tcr"].get(GZ, {}).get("registries", {}).get(RULE_SOURCE) or {}
    rule = registry.get("replication_rules", {}).get("rule")
    if rule is None:
        return None
    view: dict[str, Any] = {
        "policy_id": rule["id"],
        "destination_registry_id": rule["destination_registry_id"],
        "dest_namespace": rule["dest_namespace"],
        "override": rule["override"],
        "deletion": rule["deletion"],
        "enabled": rule["enabled"],
        "filters": rule["filters"],
        "description": rule["description"],
    }
    executions = [e for e in registry.get("executions", []) if e["policy_id"] == rule["id"]]
    if executions:
        newest = max(executions, key=lambda e: e["id"])
        view["latest_execution"] = {"id": newest["id"], "status": newest["status"]}
    return view


# -- tencentcloud.ImageDuplicate -----------------------------------------------------------------

DUP_REGISTRY = "tcr-e8pg46c6"
DUP_TARGET = {"registry_id": DUP_REGISTRY, "namespace": "release", "repository": "app", "tag": "prd"}

DUP_WORLD: World = {
    "tcr": {
        "registries": [
            {
                "id": DUP_REGISTRY,
                "region": GZ,
                "namespaces": [
                    {"name": "develop", "repositories": [{"name": "app", "tags": {"stg": {}, "v2": {}}}]},
                    {"name": "release", "repositories": [{"name": "app", "tags": {"old": {}}}]},
                ],
            }
        ]
    }
}


def declare_duplicate(**overrides: Any) -> Any:
    args: dict[str, Any] = {
        "registry_id": DUP_REGISTRY,
        "source_namespace": "develop",
        "source_repo": "app",
        "source_reference": "stg",
        "destination_namespace": "release",
        "destination_tag": "prd",
        "override": True,
    }
    return tencentcloud.ImageDuplicate("copy", **{**args, **overrides})


def duplicate_inventory(world: World) -> dict[str, Any] | None:
    registry = world["tcr"].get(GZ, {}).get("registries", {}).get(DUP_REGISTRY) or {}
    repository = registry.get("namespaces", {}).get("release", {}).get("repositories", {}).get("app") or {}
    tag = repository.get("tags", {}).get("prd")
    if tag is None:
        return None
    return {"digest": tag["digest"], "copied_digest": tag["digest"], "size": tag["size"]}


# -- tencentcloud.CvmImageSync -------------------------------------------------------------------

BJ, SH = "ap-beijing", "ap-shanghai"
GOLDEN = "img-o3ycss2p"
CVM_DESTINATIONS = [GZ, SH, SG]

CVM_WORLD: World = {
    "cvm": {
        "images": [
            {
                "id": GOLDEN,
                "region": BJ,
                "name": "golden",
                "snapshots": [{"usage": "SYSTEM_DISK", "size": 50}, {"usage": "DATA_DISK", "size": 100}],
            }
        ]
    }
}


def declare_cvm(**overrides: Any) -> Any:
    args: dict[str, Any] = {
        "image_id": GOLDEN,
        "region": BJ,
        "destination_regions": CVM_DESTINATIONS,
        "image_name": "golden-2026-11",
    }
    return tencentcloud.CvmImageSync("golden", **{**args, **overrides})


def cvm_inventory(world: World) -> dict[str, Any] | None:
    copies: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for region, state in world["cvm"].items():
        for image_id, image in state.get("images", {}).items():
            if image["copied_from"] == f"{BJ}/{GOLDEN}":
                copies.setdefault(region, []).append((image_id, image))
    if not copies:
        return None

    def one(values: list[Any]) -> Any:
        return values[0] if len(values) == 1 else values  # a list: more than one where one belongs

    names = sorted({image["name"] for found in copies.values() for _, image in found})
    return {
        "image_ids": {region: one(sorted(i for i, _ in found)) for region, found in copies.items()},
        "image_states": {
            region: one([c["state"] for _, c in sorted(found)]) for region, found in copies.items()
        },
        "copy_name": one(names),
        "destination_regions": sorted(copies),
    }


# One region of three fails half-way through: after 100 emulated seconds, which the tests make
# pass by moving the emulator's clock (checks.up_driving_the_clock), not by waiting.
CVM_SHANGHAI_FAILS: Faults = {"copies": {"cvm": {"seconds": 100, "fail": [{"region": SH}]}}}


# -- huaweicloud.SyncRepoTask --------------------------------------------------------------------

NORTH, EAST = "cn-north-4", "cn-east-3"

SWR_WORLD: World = {
    "swr": {
        "namespaces": [
            {
                "region": NORTH,
                "name": "team-a",
                "repositories": [{"name": "web/app", "tags": {"v1": {}, "v2": {}}}],
            },
            {"region": EAST, "name": "team-a"},
        ]
    }
}


def declare_swr(**overrides: Any) -> Any:
    args: dict[str, Any] = {
        "region": NORTH,
        "namespace": "team-a",
        "repository": "web/app",
        "remote_region_id": EAST,
        "remote_namespace": "team-a",
        "override": True,
        "sync_existing": True,
    }
    return huaweicloud.SyncRepoTask("sync", **{**args, **overrides})


def _swr_repository(world: World) -> dict[str, Any]:
    namespace = world["swr"].get(NORTH, {}).get("namespaces", {}).get("team-a") or {}
    return namespace.get("repositories", {}).get("web/app") or {}


def swr_inventory(world: World) -> dict[str, Any] | None:
    rules = [
        rule
        for rule in _swr_repository(world).get("sync_rules", [])
        if (rule["remote_region"], rule["remote_namespace"]) == (EAST, "team-a")
    ]
    if not rules:
        return None
    [rule] = rules
    return {"rule_id": rule["id"], "sync_auto": rule["sync_auto"], "override": rule["override"]}


def swr_jobs_match(world: World, outputs: dict[str, Any]) -> list[str]:
    """Every back-fill job the resource reports is a job of the repository, in the status reported."""
    jobs = {job["id"]: job for job in _swr_repository(world).get("sync_jobs", [])}
    problems = []
    for reported in outputs.get("sync_jobs") or []:
        job = jobs.get(reported["id"])
        if job is None or (job["tag"], job["status"]) != (reported["tag"], reported["status"]):
            problems.append(f"sync job {reported} is {job} in the world")
    remote = world["swr"].get(EAST, {}).get("namespaces", {}).get("team-a", {}).get("repositories", {})
    copied = set(remote.get("web/app", {}).get("tags", {}))
    missing = set(outputs.get("synced_tags") or []) - copied
    if missing:
        problems.append(f"synced_tags {sorted(missing)} are not in {EAST}")
    return problems


SWR_V2_FAILS: Faults = {"copies": {"swr": {"seconds": 100, "fail": [{"tag": "v2"}]}}}


# -- alibabacloud.SyncRepoTask -------------------------------------------------------------------

BEIJING, HANGZHOU = "cn-beijing", "cn-hangzhou"
ACR_SOURCE, ACR_TARGET = "cri-src00000001", "cri-dst00000001"

ACR_WORLD: World = {
    "acr": {
        "instances": [
            {
                "id": ACR_SOURCE,
                "region": BEIJING,
                "namespaces": [
                    {"name": "ns1", "repositories": [{"name": "repo1", "tags": {"tag1": {}, "tag2": {}}}]}
                ],
            },
            {
                "id": ACR_TARGET,
                "region": HANGZHOU,
                "namespaces": [{"name": "ns1", "repositories": [{"name": "repo1", "tags": {"old": {}}}]}],
            },
        ]
    }
}


def declare_acr(**overrides: Any) -> Any:
    args: dict[str, Any] = {
        "instance_id": ACR_SOURCE,
        "region": BEIJING,
        "namespace": "ns1",
        "repo_name": "repo1",
        "tag": "tag1",
        "target_instance_id": ACR_TARGET,
        "target_region_id": HANGZHOU,
        "target_namespace": "ns1",
        "target_repo_name": "repo1",
        "target_tag": "prd",
        "override": True,
    }
    return alibabacloud.SyncRepoTask("acr-copy", **{**args, **overrides})


def _acr_instance(world: World, region: str, instance: str) -> dict[str, Any]:
    return world["acr"].get(region, {}).get("instances", {}).get(instance) or {}


def acr_inventory(world: World) -> dict[str, Any] | None:
    repository = _acr_instance(world, HANGZHOU, ACR_TARGET)["namespaces"]["ns1"]["repositories"]["repo1"]
    tag = repository["tags"].get("prd")
    if tag is None:
        return None
    return {"digest": tag["digest"], "copied_digest": tag["digest"], "target_repo_id": repository["id"]}


def acr_extra_tasks_problems(world: World) -> list[str]:
    """Every task to the target copied (or is copying) the digest the target tag holds: a second
    task sent for the same copy writes the same image onto the same tag, no second object."""
    target = f"{HANGZHOU}/{ACR_TARGET}/ns1/repo1:prd"
    tasks = [
        t for t in _acr_instance(world, BEIJING, ACR_SOURCE).get("sync_tasks", []) if t["target"] == target
    ]
    held = (acr_inventory(world) or {}).get("digest")
    return [f"task {t}" for t in tasks if t["status"] in ("ERROR", "CANCELED") or t["digest"] != held]


def acr_task_matches(world: World, outputs: dict[str, Any]) -> list[str]:
    """The task the resource reports is a task of the source instance, to the target, in that status."""
    tasks = {task["id"]: task for task in _acr_instance(world, BEIJING, ACR_SOURCE).get("sync_tasks", [])}
    task = tasks.get(outputs.get("sync_task_id"))
    target = f"{HANGZHOU}/{ACR_TARGET}/ns1/repo1:prd"
    if task is None or (task["status"], task["target"]) != (outputs.get("task_status"), target):
        return [
            f"sync task {outputs.get('sync_task_id')} ({outputs.get('task_status')}) is {task} in the world"
        ]
    return []


# -- alibabacloud.SyncRule ----------------------------------------------------------------------

ACR_RULE = "acr-rule"
ACR_RULE_FAILS: Faults = {
    "copies": {"acr": {"seconds": 100, "fail": [{"instance_id": ACR_TARGET, "tag": "tag1"}]}},
    "time_scale": 200,
}


def declare_acr_rule(**overrides: Any) -> Any:
    """A rule for one repository whose filter takes one tag, run at create: one rule, one task."""
    args: dict[str, Any] = {
        "instance_id": ACR_SOURCE,
        "region": BEIJING,
        "sync_scope": "REPO",
        "namespace_name": "ns1",
        "repo_name": "repo1",
        "tag_filter": "tag1",
        "target_instance_id": ACR_TARGET,
        "target_region_id": HANGZHOU,
        "target_namespace_name": "ns1",
        "target_repo_name": "repo1",
        "sync_existing": True,
    }
    return alibabacloud.SyncRule(ACR_RULE, **{**args, **overrides})


def acr_rule_inventory(world: World) -> dict[str, Any] | None:
    rule = _acr_instance(world, BEIJING, ACR_SOURCE).get("sync_rules", {}).get(ACR_RULE)
    if rule is None:
        return None
    return {"sync_rule_id": rule["id"], "sync_scope": rule["scope"], "tag_filter": rule["tag_filter"]}


def acr_rule_run_matches(world: World, outputs: dict[str, Any]) -> list[str]:
    """Every task of the run the rule reports is the rule's task in the world, in that status, and
    the tags it says were copied are in the target."""
    tasks = {task["id"]: task for task in _acr_instance(world, BEIJING, ACR_SOURCE).get("sync_tasks", [])}
    problems = []
    for row in outputs.get("sync_tasks") or []:
        task = tasks.get(row["sync_task_id"])
        if task is None or (task["status"], task["rule_id"]) != (row["status"], outputs.get("sync_rule_id")):
            problems.append(f"sync task {row} is {task} in the world")
    repository = _acr_instance(world, HANGZHOU, ACR_TARGET)["namespaces"]["ns1"]["repositories"]["repo1"]
    missing = {tag.rsplit(":", 1)[1] for tag in outputs.get("synced_tags") or []} - set(repository["tags"])
    return problems + [f"synced_tags {sorted(missing)} are not in the target"] * bool(missing)


# -- registry.ImageCopy ------------------------------------------------------------------------------

COPY_SOURCE = "tcr-copy0001"
COPY_WORLD: World = {
    "tcr": {
        "registries": [
            {
                "id": COPY_SOURCE,
                "region": GZ,
                "namespaces": [
                    {"name": "develop", "repositories": [{"name": "app", "tags": {"stg": {}, "v2": {}}}]}
                ],
            }
        ]
    },
    "acr": {"instances": [ACR_WORLD["acr"]["instances"][1]]},  # the target, with ns1/repo1:old
}
REGISTRY_DENIED: Faults = {"kind": "error", "status": 403, "code": "DENIED", "message": "not allowed"}


# How the ACR registry (and, for deletes, ACR's API) answers a failure, a throttle and a refusal.
ACR_REGISTRY_ANSWERS: dict[str, Any] = {
    "server_error": {
        "kind": "error",
        "status": 503,
        "code": "UNAVAILABLE",
        "message": "the registry is unavailable",
    },
    "throttle_code": "TOOMANYREQUESTS",
    "denied": {"kind": "error", "status": 403, "code": "Forbidden.RAM", "message": "not allowed"},
}


def declare_image_copy(**overrides: Any) -> Any:
    tag = overrides.pop("tag", "stg")
    # The suite bounds failing creates with 2 s; a copy's first create also imports two clouds'
    # SDKs and logs in to two registries, which a loaded machine does not do in 2 s.
    if "timeout_seconds" in overrides:
        overrides["timeout_seconds"] = max(overrides["timeout_seconds"], 10)
    args: dict[str, Any] = {
        "source": {
            "cloud": "tencentcloud",
            "registry": COPY_SOURCE,
            "region": GZ,
            "repository": "develop/app",
            "tag": tag,
        },
        "destination": {
            "cloud": "alibabacloud",
            "registry": ACR_TARGET,
            "region": HANGZHOU,
            "repository": "ns1/repo1",
            "tag": "prd",
        },
    }
    return registry.ImageCopy("image-copy", **{**args, **overrides})


def image_copy_inventory(world: World) -> dict[str, Any] | None:
    """The destination tag (the registry's state; ACR's API sees the same)."""
    tag = acr_inventory(world)
    return None if tag is None else {"digest": tag["digest"], "copied_digest": tag["digest"]}


def declare_mirror(**overrides: Any) -> Any:
    tag = overrides.pop("tag", "stg")
    if "timeout_seconds" in overrides:  # as for a copy: two clouds' SDKs and logins in the first call
        overrides["timeout_seconds"] = max(overrides["timeout_seconds"], 10)
    args: dict[str, Any] = {
        "source": {
            "cloud": "tencentcloud",
            "registry": COPY_SOURCE,
            "region": GZ,
            "repository": "develop/app",
        },
        "destination": {
            "cloud": "alibabacloud",
            "registry": ACR_TARGET,
            "region": HANGZHOU,
            "repository": "ns1/repo1",
        },
        "tags": {"include": [tag]},
    }
    return registry.RepositoryMirror("repository-mirror", **{**args, **overrides})


def mirror_inventory(world: World) -> dict[str, Any] | None:
    """The tags of the destination besides the seeded `old`: what the mirror copied."""
    repository = _acr_instance(world, HANGZHOU, ACR_TARGET)["namespaces"]["ns1"]["repositories"]["repo1"]
    copied = {name: tag["digest"] for name, tag in repository["tags"].items() if name != "old"}
    return {"copied_tags": copied} if copied else None


# The destination registry refuses the blobs' uploads: the copy fails before any tag moves.
UPLOADS_REFUSED: Faults = {
    "rules": [
        {
            "cloud": "alibabacloud",
            "service": "registry",
            "action": "PUT upload",
            "kind": "error",
            "status": 400,
            "code": "BLOB_UPLOAD_INVALID",
            "message": "the upload broke",
        }
    ]
}


# -- the table -----------------------------------------------------------------------------------

TENCENT_5XX: Faults = {"kind": "error", "code": "InternalError", "message": "the backend is unavailable"}
TENCENT_DENIED: Faults = {"kind": "error", "code": "UnauthorizedOperation", "message": "not allowed"}


def failing(rule: dict[str, Any]) -> Faults:
    return {"rules": [{**rule, "times": 1}]}


SUBJECTS = [
    Subject(
        key="tcr-rule",
        name="rule",
        id=f"{GZ}#{RULE_SOURCE}#rule",
        cloud="tencentcloud",
        service="tcr",
        api="Tencent Cloud TCR",
        world=RULE_WORLD,
        declare=declare_rule,
        create="ManageReplication",
        starts=("ManageReplication",),
        poll="DescribeReplicationPolicies",
        delete="DeleteReplicationRule",
        server_error=TENCENT_5XX,
        throttle_code="RequestLimitExceeded",
        denied=TENCENT_DENIED,
        # The rule is made and visible; reading its executions is not allowed.
        fails_after_making=failing(
            {"service": "tcr", "action": "DescribeReplicationExecutions", **TENCENT_DENIED}
        ),
        inventory=rule_inventory,
        # The wait after ManageReplication is slow (the pre-check passes): the kill lands mid-create.
        slow={
            "rules": [
                {
                    "service": "tcr",
                    "action": "DescribeReplicationPolicies",
                    "kind": "latency",
                    "seconds": 10,
                    "skip": 1,
                    "times": 1,
                }
            ]
        },
        slow_seconds=0,
    ),
    Subject(
        key="tcr-duplicate",
        name="copy",
        id=f"{GZ}#{DUP_REGISTRY}#release#app#prd",
        cloud="tencentcloud",
        service="tcr",
        api="Tencent Cloud TCR",
        world=DUP_WORLD,
        declare=declare_duplicate,
        create="DuplicateImage",
        starts=("DuplicateImage",),
        poll="DescribeImages",
        delete="DeleteRepositoryTags",
        server_error=TENCENT_5XX,
        throttle_code="RequestLimitExceeded",
        denied=TENCENT_DENIED,
        # The copy has arrived; reading the instance's domain is not allowed.
        fails_after_making=failing({"service": "tcr", "action": "DescribeInstances", **TENCENT_DENIED}),
        inventory=duplicate_inventory,
        slow={"copies": {"tcr": {"seconds": 600}}},
        slow_seconds=600,
        # DuplicateImage names no task: a copy that never arrives shows as the tag staying absent.
        copy_fails={"copies": {"tcr": {"fail": [DUP_TARGET]}}},
        copy_timeout=2,
        # ... and so may still be on its way: it stays recorded, for the next `up` to follow.
        copy_failure=(
            r"timed out after 2s waiting for copy of app:stg to release/app:prd in tcr-e8pg46c6 \(last seen: not "
            r"there yet\); raise timeout_seconds, or set wait=False .*the next `pulumi up` takes it over: tag "
            r"release/app:prd in tcr-e8pg46c6 \(the copy may still land until \S+\)$"
        ),
        update=Update({}, {"source_reference": "v2"}, {"copies": {"tcr": {"fail": [DUP_TARGET]}}}),
        owned={"existed_before": False},
    ),
    Subject(
        key="cvm",
        name="golden",
        id=f"{BJ}#{GOLDEN}",
        cloud="tencentcloud",
        service="cvm",
        api="Tencent Cloud CVM",
        world=CVM_WORLD,
        declare=declare_cvm,
        create="SyncImages",
        starts=("SyncImages",),
        poll="DescribeImages",
        delete="DeleteImages",
        server_error=TENCENT_5XX,
        throttle_code="RequestLimitExceeded",
        denied=TENCENT_DENIED,
        inventory=cvm_inventory,
        slow={"copies": {"cvm": {"seconds": 600}}},
        slow_seconds=600,
        copy_fails=CVM_SHANGHAI_FAILS,
        fails_after_making=CVM_SHANGHAI_FAILS,  # the copies of the other regions are made
        # Only the failed region is named.
        copy_failure=rf"copies of {GOLDEN} failed in {SH} \({SH}: copy img-\w+ failed: it ended CREATEFAILED\)$",
        update=Update(
            {"destination_regions": [GZ, SH]},
            {},
            {"copies": {"cvm": {"seconds": 100, "fail": [{"region": SG}]}}},
        ),
    ),
    Subject(
        key="swr",
        name="sync",
        id=f"{NORTH}#team-a#web/app#{EAST}#team-a",
        cloud="huaweicloud",
        service="swr",
        api="Huawei Cloud SWR",
        world=SWR_WORLD,
        declare=declare_swr,
        create="CreateImageSyncRepo",
        starts=("CreateImageSyncRepo", "CreateManualImageSyncRepo"),
        poll="ListImageAutoSyncReposDetails",
        delete="DeleteImageSyncRepo",
        server_error={
            "kind": "error",
            "status": 500,
            "code": "SVCSTG.SWR.5000001",
            "message": "internal error",
        },
        throttle_code="APIGW.0308",
        denied={"kind": "error", "status": 403, "code": "SVCSTG.SWR.4030001", "message": "not allowed"},
        inventory=swr_inventory,
        slow={"copies": {"swr": {"seconds": 600}}},
        slow_seconds=600,
        copy_fails=SWR_V2_FAILS,
        fails_after_making=SWR_V2_FAILS,  # the rule is made
        copy_failure=r"back-fill of 2 existing tag\(s\) of team-a/web/app to team-a in cn-east-3 failed: tag v2: failed$",
        update=Update(
            {"sync_existing": False},
            {},
            {"copies": {"swr": {"seconds": 100, "fail": [{"tag": "v2"}]}}},
        ),
        # Images a rule (or its back-fill) synced stay in the remote region (README).
        retained=(f"swr/{EAST}/namespaces/team-a/repositories/web/app (added)",),
        also=swr_jobs_match,
    ),
    Subject(
        key="acr",
        name="acr-copy",
        id=f"{HANGZHOU}#{ACR_TARGET}#ns1#repo1#prd",
        cloud="alibabacloud",
        service="acr",
        api="Alibaba Cloud ACR",
        world=ACR_WORLD,
        declare=declare_acr,
        create="CreateRepoSyncTask",
        starts=("CreateRepoSyncTask",),
        poll="GetRepoSyncTask",
        delete="DeleteRepoTag",
        server_error={"kind": "error", "status": 503, "code": "ServiceUnavailable", "message": "try later"},
        throttle_code="Throttling.User",
        denied={"kind": "error", "status": 403, "code": "Forbidden.RAM", "message": "not allowed"},
        # The task has copied the tag; reading the target tag after it is not allowed.
        fails_after_making={
            "rules": [
                {"service": "acr", "action": "GetRepoTag", "region": HANGZHOU, "skip": 1, "times": 1}
                | {"kind": "error", "status": 403, "code": "Forbidden.RAM", "message": "not allowed"}
            ]
        },
        inventory=acr_inventory,
        slow={"copies": {"acr": {"seconds": 600}}},
        slow_seconds=600,
        copy_fails={"copies": {"acr": {"seconds": 100, "fail": [{"instance_id": ACR_TARGET, "tag": "prd"}]}}},
        copy_failure=(
            r"sync task rst-[0-9a-f]+ of tag1 to ns1/repo1:prd in cri-dst00000001 \(cn-hangzhou\) failed: "
            r"ERROR: fault injected by imagesync-emulator: the copy to ns1/repo1:prd failed$"
        ),
        update=Update(
            {},
            {"tag": "tag2"},
            {"copies": {"acr": {"seconds": 100, "fail": [{"instance_id": ACR_TARGET, "tag": "prd"}]}}},
        ),
        owned={"existed_before": False},
        also=acr_task_matches,
        # A create carried out late, after the provider gave up on it and sent it again.
        may_repeat={"late-create": acr_extra_tasks_problems},
    ),
    Subject(
        key="acr-rule",
        name=ACR_RULE,
        id=f"{BEIJING}#{ACR_SOURCE}#{ACR_RULE}",
        cloud="alibabacloud",
        service="acr",
        api="Alibaba Cloud ACR",
        world=ACR_WORLD,
        declare=declare_acr_rule,
        create="CreateRepoSyncRule",
        starts=("CreateRepoSyncRule", "CreateRepoSyncTaskByRule"),
        poll="GetRepoSyncTask",
        delete="DeleteRepoSyncRule",
        server_error={"kind": "error", "status": 503, "code": "ServiceUnavailable", "message": "try later"},
        throttle_code="Throttling.User",
        denied={"kind": "error", "status": 403, "code": "Forbidden.RAM", "message": "not allowed"},
        fails_after_making=ACR_RULE_FAILS,  # the rule is made, its run fails
        inventory=acr_rule_inventory,
        slow={"copies": {"acr": {"seconds": 600}}},
        slow_seconds=600,
        copy_fails=ACR_RULE_FAILS,
        copy_failure=(
            r"a run of sync rule 'acr-rule' \(crsr-[0-9a-f]+\) failed for 1 of 1 tag\(s\): ns1/repo1:tag1 "
            r"\(ERROR: fault injected by imagesync-emulator: the copy to ns1/repo1:tag1 failed\); copied: none$"
        ),
        update=Update({"sync_existing": False}, {}, ACR_RULE_FAILS),
        # Images a rule copied stay in the target (README).
        retained=(
            f"acr/{HANGZHOU}/instances/{ACR_TARGET}/namespaces/ns1/repositories/repo1/tags/tag1 (added)",
        ),
        also=acr_rule_run_matches,
    ),
    Subject(
        key="image-copy",
        name="image-copy",
        id=f"alibabacloud#{HANGZHOU}#{ACR_TARGET}#ns1/repo1#prd",
        cloud="alibabacloud",  # the destination's registry: the source (TCR) is not touched
        service="registry",
        api=f"Alibaba Cloud ACR registry {ACR_TARGET}",
        world=COPY_WORLD,
        declare=declare_image_copy,
        create="PUT manifest",  # the tag, written last (a single image has no other manifest)
        starts=("PUT manifest",),
        poll="HEAD manifest",  # what the tag holds, before and after
        delete="DeleteRepoTag",  # ACR's tag-only API
        services={"DeleteRepoTag": "acr"},
        **ACR_REGISTRY_ANSWERS,
        # The tag is written; reading it after is not allowed (the first read, before, is).
        fails_after_making={
            "rules": [
                {
                    "cloud": "alibabacloud",
                    "service": "registry",
                    "action": "HEAD manifest",
                    "skip": 1,
                    "times": 1,
                    **REGISTRY_DENIED,
                }
            ]
        },
        inventory=image_copy_inventory,
        # The tag is written, and the check of it after is slow: the kill lands mid-create.
        slow={
            "rules": [
                {
                    "cloud": "alibabacloud",
                    "service": "registry",
                    "action": "HEAD manifest",
                    "kind": "latency",
                    "seconds": 30,
                    "skip": 1,
                    "times": 1,
                }
            ]
        },
        slow_seconds=0,
        update=Update({}, {"tag": "v2"}, UPLOADS_REFUSED),
        owned={"existed_before": False},
        # The same bytes written again onto the same tag, by a request that arrived late: one image.
        may_repeat={"late-create": lambda world: []},
        request_ids=False,
    ),
]

SUBJECTS.append(
    Subject(
        key="repository-mirror",
        name="repository-mirror",
        id=f"alibabacloud#{HANGZHOU}#{ACR_TARGET}#ns1/repo1",
        cloud="alibabacloud",  # the destination's registry
        service="registry",
        api=f"Alibaba Cloud ACR registry {ACR_TARGET}",
        world=COPY_WORLD,
        declare=declare_mirror,
        create="PUT manifest",  # the one selected tag, written last
        starts=("PUT manifest",),
        poll="HEAD blob",  # is a blob there already: the destination-only read before any write
        delete="DeleteRepoTag",
        services={"DeleteRepoTag": "acr"},
        **ACR_REGISTRY_ANSWERS,
        inventory=mirror_inventory,
        # The tag is written, and the check of it after is slow: the kill lands mid-sync.
        slow={
            "rules": [
                {
                    "cloud": "alibabacloud",
                    "service": "registry",
                    "action": "HEAD manifest",
                    "kind": "latency",
                    "seconds": 30,
                    "times": 1,
                }
            ]
        },
        slow_seconds=0,
        update=Update({}, {"tag": "v2"}, UPLOADS_REFUSED),
        may_repeat={"late-create": lambda world: []},
        request_ids=False,
    )
)

COPIES = [subject for subject in SUBJECTS if subject.copy_fails]
