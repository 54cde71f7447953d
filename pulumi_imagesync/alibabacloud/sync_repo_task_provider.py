"""Provider of `alibabacloud.SyncRepoTask`: one ACR tag copied to another instance by a sync task.

Permanent identifier: this module path and the class name `SyncRepoTaskProvider` are pickled
into every SyncRepoTask's state.

The resource is the target tag, made by a one-shot `CreateRepoSyncTask` and followed with
`GetRepoSyncTask` until the task reports `SUCCESS`. Whether the target tag existed before is
recorded at create: a tag that was there before is never deleted, and a tag is only deleted while
it still holds the digest this resource copied. Calls about the source go to the source region;
calls about the target (reading and deleting the tag) go to the target region, and for a target in
another account (`target_user_id`) with the credentials of the resource's `profile`. Task
history expires on the cloud's side: a task no longer found keeps its last known outputs.
Id: `<target region>#<target instance id>#<namespace>#<repository>#<tag>`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from typing import Any

from pulumi.dynamic import CheckFailure, CheckResult, DiffResult

from ..provider.base import ImageSyncProvider, Operation
from ..provider.copies import claim_destination, keep_unknown
from ..provider.error_table import gone, scope_gone_is_success
from ..provider.errors import CloudError, InFlightError, InputError
from ..provider.fields import Schema, common_fields, identity, in_place, output, replace, update_in_place
from ..provider.ids import IdLayout
from ..provider.rollback import Rollback
from ..provider.validation import ACCOUNT_ID_RE, PATH_COMPONENT_RE, REPOSITORY_RE, TAG_RE, Checks
from ..provider.waiting import wait_for
from .api import AlibabaApi, alibaba_api
from .paging import count, pages
from .regions import REGIONS
from .sync_tasks import FAILED, RUNNING, SUCCESS, cancel_if_running, get_task

log = logging.getLogger("pulumi_imagesync")

INSTANCE_ID_RE = re.compile(r"^cri-[a-z0-9]{1,32}$")
REPO_ID_RE = re.compile(r"^crr-[a-z0-9]{1,32}$")
INSTANCE_RULE = "an ACR Enterprise instance id looks like cri-xxxxxxxx"
NAMESPACE_RULE = "2-120 lower-case letters and digits, separated by single '.', '_', '__' or '-'"
REPOSITORY_RULE = NAMESPACE_RULE + "; path segments separated by '/'"
TAG_RULE = "1-128 letters, digits, '_', '.' or '-', not starting with '.' or '-'"


# What "gone" means here (provider.error_table.gone): the tag's own code and its parents'. The
# instance is the scope the credentials reach: gone on delete only.
REPO_GONE = frozenset({"REPO_NOT_EXIST", "NAMESPACE_NOT_EXIST"})
TAG_GONE = REPO_GONE | {"TAG_NOT_EXIST"}
INSTANCE_GONE = frozenset({"INSTANCE_NOT_EXIST"})

SCHEMA = Schema(
    [
        identity("target_instance_id", required=True),
        identity("target_namespace", required=True),
        identity("target_repo_name", required=True),
        identity("target_tag", required=True),
        replace("target_region_id"),
        replace("target_user_id"),
        in_place("instance_id", required=True),
        in_place("region"),
        in_place("repo_id"),
        in_place("namespace"),
        in_place("repo_name"),
        in_place("tag", required=True),
        in_place("override", bool, default=False),
        in_place("triggers", dict),
        *common_fields(timeout_seconds=1800),
        output("sync_task_id"),
        output("task_status"),
        output("task_issue"),
        output("progress", int),
        output("synced_size", int),
        output("layer_tasks", list),
        output("source_repo_id"),
        output("target_repo_id"),
        output("digest"),
        output("size", int),
        output("copied_digest"),
        output("existed_before", bool),
        output("previous_digest"),
    ]
)


class SyncRepoTaskProvider(ImageSyncProvider):
    cloud = "alibabacloud"
    schema = SCHEMA
    noun = "ACR tag"
    id_layout = IdLayout(
        ("target_region_id", "target region"),
        ("target_instance_id", "target instance id"),
        ("target_namespace", "namespace"),
        ("target_repo_name", "repository"),
        ("target_tag", "tag"),
    )

    # -- offline ---------------------------------------------------------------------------------

    def complete(self, inputs: dict[str, Any]) -> None:
        # The API requires a target region; a copy between instances of one region is the default.
        if inputs.get("target_region_id") is None and inputs.get("region") is not None:
            inputs["target_region_id"] = inputs["region"]

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        result = super().check(olds, news)
        failed = {f.property for f in result.failures}
        # Which of repo_id / (namespace, repo_name) is given: values still unknown count as given.
        given = {
            name for name in ("repo_id", "namespace", "repo_name") if result.inputs.get(name) is not None
        }
        result.failures.extend(f for f in _source_choice(given) if f.property not in failed)
        return result

    def validate(self, inputs: Mapping[str, Any]) -> Iterable[CheckFailure]:
        checks = Checks(inputs)
        checks.pattern("instance_id", INSTANCE_ID_RE, INSTANCE_RULE)
        checks.pattern("target_instance_id", INSTANCE_ID_RE, INSTANCE_RULE)
        checks.pattern("repo_id", REPO_ID_RE, "an ACR repository id looks like crr-xxxxxxxx")
        for field in ("namespace", "target_namespace"):
            if checks.length(field, 2, 120):
                checks.pattern(field, PATH_COMPONENT_RE, NAMESPACE_RULE)
        for field in ("repo_name", "target_repo_name"):
            if checks.length(field, 2, 120):
                checks.pattern(field, REPOSITORY_RE, REPOSITORY_RULE)
        for field in ("tag", "target_tag"):
            checks.pattern(field, TAG_RE, TAG_RULE, maximum=128)
        checks.pattern(
            "target_user_id", ACCOUNT_ID_RE, "the numeric id (UID) of the target account (digits 0-9)"
        )
        checks.region("region", REGIONS, "Alibaba Cloud ACR")
        checks.region("target_region_id", REGIONS, "Alibaba Cloud ACR")
        checks.differ(
            "target_tag",
            ["instance_id", "namespace", "repo_name", "tag"],
            ["target_instance_id", "target_namespace", "target_repo_name", "target_tag"],
            "same instance, namespace, repository and tag",
        )
        return checks

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        result = super().diff(id_, olds, news)
        # Seen by a refresh: the tag was overwritten outside Pulumi, or the task failed after a
        # create with wait=False. Copy again, in place. (While a task runs, the tag still holds
        # what it held before: that is not drift.)
        drifted = (
            olds.get("copied_digest")
            and olds.get("digest")
            and olds["digest"] != olds["copied_digest"]
            and olds.get("task_status") not in RUNNING
        )
        if (drifted or olds.get("task_status") in FAILED) and not result.changes:
            what = f"{self.noun} {self._describe(olds)}"
            if drifted:
                self.explain(
                    olds,
                    "%s now holds %s, not %s that this resource copied: the update copies it again",
                    what,
                    olds.get("digest"),
                    olds["copied_digest"],
                )
            else:
                self.explain(
                    olds,
                    "the sync task to %s ended %s: the update copies it again",
                    what,
                    olds.get("task_status"),
                )
            return update_in_place(result)
        return result

    def describe(self, op: Operation, resource_id: str) -> str:
        return f"{self.noun} {self._describe(op)}"

    # -- cloud -----------------------------------------------------------------------------------

    def create_resource(self, op: Operation, rollback: Rollback) -> dict[str, Any]:
        target = self._target_api(op)
        record: dict[str, Any] = {}
        override = bool(op.get("override", False))
        new_tag = False
        if target is None:
            log.warning(
                "%s: the target is in account %s and no profile is set, so whether the target tag "
                "existed before cannot be checked; it will be kept on destroy",
                self._describe(op),
                op["target_user_id"],
            )
        else:
            before = self._target_tag(target, op)
            record, new_tag = claim_destination(
                op, f"{self.noun} {self._describe(op)}", before.get("Digest") if before else None
            )
            if before is not None:
                override = True  # what is there now may be overwritten: it was not refused
        # Only a tag that did not exist before is removed again if the create fails.
        return {**record, **self._copy(op, target, rollback, override=override, new_tag=new_tag)}

    def read_resource(self, op: Operation) -> dict[str, Any] | None:
        view: dict[str, Any] = {}
        if op.get("sync_task_id") and op.get("instance_id") and op.get("region"):
            task = self._task(self._source_api(op), op["instance_id"], op["sync_task_id"])
            if task is None:
                log.info(
                    "sync task %s is no longer in the task history; keeping its last outputs",
                    op["sync_task_id"],
                )
            else:
                view.update(_task_view(task))
                if task.get("TaskStatus") in RUNNING:
                    self.explain(
                        op.props,
                        "sync task %s: %s, %s bytes synced",
                        op["sync_task_id"],
                        task.get("TaskStatus"),
                        task.get("SyncedSize") or 0,
                    )
        target = self._target_api(op)
        if target is None:
            return view
        found = self._target_view(target, op)
        if found:
            return {**view, **found}
        status = view.get("task_status") or op.get("task_status")
        if status in RUNNING or status in FAILED:
            return view  # not copied yet, or the copy failed (the next `up` runs it again)
        return None

    def update_resource(
        self, op: Operation, olds: Mapping[str, Any], changed: list[str], rollback: Rollback
    ) -> dict[str, Any]:
        # A new source, override or triggers: a new task onto the same target tag, always with
        # override (the tag is this resource's, or was allowed to be overwritten at create).
        if olds.get("sync_task_id") and olds.get("instance_id") and olds.get("region"):
            previous = alibaba_api(op, olds["region"], profile=self._source_profile(op))
            self._cancel_if_running(previous, olds["instance_id"], olds["sync_task_id"])
        owned = olds.get("existed_before") is False
        return self._copy(op, self._target_api(op), rollback, override=True, new_tag=False, owned=owned)

    def delete_resource(self, op: Operation) -> None:
        if op.get("sync_task_id") and op.get("instance_id") and op.get("region"):
            with scope_gone_is_success(f"instance {op['instance_id']}", INSTANCE_GONE):
                self._cancel_if_running(self._source_api(op), op["instance_id"], op["sync_task_id"])
        target = self._target_api(op)
        if target is None:
            log.warning(
                "keeping %s: it is in account %s and the resource has no profile with that account's "
                "credentials; delete it by hand or set profile",
                self._describe(op),
                op["target_user_id"],
            )
            return
        existed_before = op.props.get("existed_before")
        if existed_before is not False:
            keep_unknown(
                f"{self.noun} {self._describe(op)}",
                "it existed before this resource"
                if existed_before
                else "whether it existed before is not recorded",
            )
            return
        with scope_gone_is_success(f"instance {op['target_instance_id']}", INSTANCE_GONE):
            ours = {d for d in (op.get("copied_digest"), op.recall("copy_digest")) if d}
            self._delete_if_ours(target, op, ours)

    # -- clients ---------------------------------------------------------------------------------

    @staticmethod
    def _source_profile(op: Operation) -> str | None:
        """With a target in another account the profile is that account's; the source is the stack's."""
        return None if op.get("target_user_id") else op.profile

    def _source_api(self, op: Operation, *, cleanup: bool = False) -> AlibabaApi:
        # Clean-up runs after the operation's deadline may have passed: its own budget bounds it.
        return alibaba_api(op, op["region"], profile=self._source_profile(op), cleanup=cleanup)

    @staticmethod
    def _target_api(op: Operation, *, cleanup: bool = False) -> AlibabaApi | None:
        """Calls about the target tag, in the target region; None when its account cannot be reached."""
        if op.get("target_user_id") and not op.profile:
            return None
        return alibaba_api(op, op["target_region_id"], profile=op.profile, cleanup=cleanup)

    # -- source ----------------------------------------------------------------------------------

    @staticmethod
    def _source_repository(api: AlibabaApi, op: Operation) -> dict[str, Any]:
        """The source repository (`GetRepository` by id, or by namespace and name)."""
        request: dict[str, Any] = {"InstanceId": op["instance_id"]}
        if op.get("repo_id"):
            field, named = "repo_id", op["repo_id"]
            request["RepoId"] = op["repo_id"]
        else:
            field, named = "repo_name", f"{op['namespace']}/{op['repo_name']}"
            request.update(RepoNamespaceName=op["namespace"], RepoName=op["repo_name"])
        try:
            return dict(api.call("GetRepository", request))
        except CloudError as error:
            if gone(error, REPO_GONE):
                raise InputError(
                    field,
                    f"repository {named} does not exist in instance {op['instance_id']} ({op['region']})",
                ) from None
            raise

    @staticmethod
    def _source_digest(api: AlibabaApi, op: Operation, repo_id: str) -> str:
        tag = _tag(api, op["instance_id"], repo_id, op["tag"])
        if tag is None:
            raise InputError(
                "tag", f"tag {op['tag']} does not exist in repository {repo_id} of {op['instance_id']}"
            )
        return str(tag.get("Digest"))

    # -- tasks -----------------------------------------------------------------------------------

    def _copy(
        self,
        op: Operation,
        target: AlibabaApi | None,
        rollback: Rollback,
        *,
        override: bool,
        new_tag: bool,
        owned: bool | None = None,
    ) -> dict[str, Any]:
        """Run a task from the source onto the target tag and follow it; what the cloud reports.

        ``new_tag``: the target tag did not exist before, so a failed copy may remove it again;
        ``owned``: the tag is this resource's (by default: when it is new), so what a failed task
        wrote there stays recorded as this resource's.
        """
        source = self._source_api(op)
        repository = self._source_repository(source, op)
        digest = self._source_digest(source, op, repository["RepoId"])
        op.note(copy_digest=digest)
        task_id = self._start(source, op, repository, digest, override=override)
        rollback.add(
            f"sync task {task_id} to {self._describe(op)}",
            lambda: self._undo(
                op, task_id, digest, new_tag=new_tag, owned=new_tag if owned is None else owned
            ),
        )
        task = self._await(source, op, task_id)
        view = {
            "source_repo_id": repository["RepoId"],
            "copied_digest": _artifact_digest(task) or digest,
            **_task_view(task),
        }
        if target is not None and task.get("TaskStatus") == SUCCESS:
            view.update(self._target_view(target, op))
        return view

    def _start(
        self, api: AlibabaApi, op: Operation, repository: Mapping[str, Any], digest: str, *, override: bool
    ) -> str:
        """`CreateRepoSyncTask`; safe to repeat after an answer that was lost."""
        request: dict[str, Any] = {
            "InstanceId": op["instance_id"],
            "RepoId": repository["RepoId"],
            "Tag": op["tag"],
            "TargetInstanceId": op["target_instance_id"],
            "TargetRegionId": op["target_region_id"],
            "TargetNamespace": op["target_namespace"],
            "TargetRepoName": op["target_repo_name"],
            "TargetTag": op["target_tag"],
            "Override": override,
        }
        if op.get("target_user_id"):
            request["TargetUserId"] = str(op["target_user_id"])
        noted_task = op.recall("task_id")
        if noted_task and op.recall("copy_digest") == digest:
            task = self._task(api, op["instance_id"], str(noted_task))
            if task is None or task.get("TaskStatus") not in FAILED:
                log.info("following sync task %s, started by an earlier run", noted_task)
                return str(noted_task)
        history = self._source_tag_tasks(api, op, repository)
        noted = op.recall("tasks_before")
        if noted is not None and not noted_task:
            # Resuming a create that died: the task it started (not in the history it noted) is ours.
            started = _newest(t for t in history if str(t.get("SyncTaskId")) not in noted and _goes_to(t, op))
            if started is not None and started.get("TaskStatus") not in FAILED:
                log.info(
                    "following sync task %s, started by an interrupted create", started.get("SyncTaskId")
                )
                return str(started["SyncTaskId"])
        # Tasks that exist now are not this call's: the ones from before, and an earlier run's that failed.
        known = set(noted or ()) | {str(task.get("SyncTaskId")) for task in history}
        op.note(tasks_before=sorted(known))

        def created() -> dict[str, Any] | None:
            tasks = self._source_tag_tasks(api, op, repository)
            return _newest(t for t in tasks if str(t.get("SyncTaskId")) not in known and _goes_to(t, op))

        answer = api.call("CreateRepoSyncTask", request, already_applied=created)
        task_id = str(answer["SyncTaskId"])
        op.note(task_id=task_id)
        return task_id

    @staticmethod
    def _source_tag_tasks(
        api: AlibabaApi, op: Operation, repository: Mapping[str, Any]
    ) -> list[dict[str, Any]]:
        """Every task in the history that copies the source tag (`ListRepoSyncTask` filters on the
        source), all pages: the API documents no order, so no page can stand for "the newest"."""
        request = {
            "InstanceId": op["instance_id"],
            "RepoNamespaceName": repository["RepoNamespaceName"],
            "RepoName": repository["RepoName"],
            "Tag": op["tag"],
        }
        found = {
            str(task.get("SyncTaskId")): dict(task)
            for task in pages(api, "ListRepoSyncTask", request, "SyncTasks")
        }
        return list(found.values())

    @staticmethod
    def _task(api: AlibabaApi, instance_id: str, task_id: str) -> dict[str, Any] | None:
        return get_task(api, instance_id, task_id)

    def _await(self, api: AlibabaApi, op: Operation, task_id: str) -> dict[str, Any]:
        """The task as soon as the cloud has accepted it (wait=False), or once it succeeded."""

        def poll() -> dict[str, Any]:
            task = self._task(api, op["instance_id"], task_id)
            if task is None:
                raise CloudError(
                    api.cloud,
                    api.label,
                    "GetRepoSyncTask",
                    "SYNC_TASK_NOT_EXIST",
                    f"task {task_id} disappeared",
                )
            return task

        if not op.wait:
            return poll()
        return wait_for(
            poll,
            done=lambda task: task.get("TaskStatus") == SUCCESS,
            failed=_failure,
            deadline=op.deadline,
            what=f"sync task {task_id} of {op['tag']} to {self._describe(op)}",
            describe=lambda task: f"{task.get('TaskStatus')}, {task.get('SyncedSize') or 0} bytes synced",
            progress=_fraction_synced,
        )

    @staticmethod
    def _cancel_if_running(api: AlibabaApi, instance_id: str, task_id: str) -> dict[str, Any] | None:
        return cancel_if_running(api, instance_id, task_id)

    def _undo(self, op: Operation, task_id: str, digest: str, *, new_tag: bool, owned: bool) -> None:
        """Clean-up of a failed create or update: cancel the task; remove a tag it wrote, if new.

        On a tag of this resource's that existed already (an update), what the task wrote cannot
        be undone: it stays in the record, so that a destroy still knows it as this resource's.
        """
        task = self._cancel_if_running(self._source_api(op, cleanup=True), op["instance_id"], task_id)
        target = self._target_api(op, cleanup=True)
        if target is None or not owned:
            return
        if new_tag:
            self._delete_if_ours(target, op, {digest})
        elif task is not None and task.get("TaskStatus") == SUCCESS:
            raise InFlightError(f"it now holds {digest}, copied by this failed update")

    # -- target ----------------------------------------------------------------------------------

    @staticmethod
    def _describe(op: Operation | Mapping[str, Any]) -> str:
        return (
            f"{op['target_namespace']}/{op['target_repo_name']}:{op['target_tag']} "
            f"in {op['target_instance_id']} ({op['target_region_id']})"
        )

    @staticmethod
    def _target_repo_id(api: AlibabaApi, op: Operation) -> str | None:
        try:
            answer = api.call(
                "GetRepository",
                {
                    "InstanceId": op["target_instance_id"],
                    "RepoNamespaceName": op["target_namespace"],
                    "RepoName": op["target_repo_name"],
                },
            )
        except CloudError as error:
            if gone(error, REPO_GONE):
                return None
            raise
        return str(answer["RepoId"])

    def _target_tag(self, api: AlibabaApi, op: Operation) -> dict[str, Any] | None:
        repo_id = self._target_repo_id(api, op)
        if repo_id is None:
            return None
        tag = _tag(api, op["target_instance_id"], repo_id, op["target_tag"])
        return None if tag is None else {**tag, "RepoId": repo_id}

    def _target_view(self, api: AlibabaApi, op: Operation) -> dict[str, Any]:
        tag = self._target_tag(api, op)
        if tag is None:
            return {}
        return {"target_repo_id": tag["RepoId"], "digest": tag.get("Digest"), "size": tag.get("ImageSize")}

    def _delete_if_ours(self, api: AlibabaApi, op: Operation, ours: set[str]) -> None:
        current = self._target_tag(api, op)
        if current is None:
            return
        if current.get("Digest") not in ours:
            keep_unknown(
                f"{self.noun} {self._describe(op)}",
                f"it now holds {current.get('Digest')}, not a digest this resource copied "
                f"({', '.join(sorted(ours)) or 'none'})",
            )
            return
        try:
            api.call(
                "DeleteRepoTag",
                {
                    "InstanceId": op["target_instance_id"],
                    "RepoId": current["RepoId"],
                    "Tag": op["target_tag"],
                },
            )
        except CloudError as error:
            if not gone(error, TAG_GONE):
                raise


def _source_choice(given: set[str]) -> list[CheckFailure]:
    """The source repository is `repo_id`, or `namespace` with `repo_name`: exactly one of the two."""
    named = {"namespace", "repo_name"} & given
    if "repo_id" in given and named:
        return [CheckFailure("repo_id", "set either repo_id or namespace and repo_name, not both")]
    if "repo_id" in given:
        return []
    if not named:
        return [CheckFailure("repo_id", "is required: set repo_id, or namespace and repo_name")]
    if named != {"namespace", "repo_name"}:
        missing = ({"namespace", "repo_name"} - named).pop()
        return [CheckFailure(missing, "namespace and repo_name go together (or set repo_id instead)")]
    return []


def _tag(api: AlibabaApi, instance_id: str, repo_id: str, tag: str) -> dict[str, Any] | None:
    """A tag as `GetRepoTag` reports it, or None."""
    try:
        return dict(api.call("GetRepoTag", {"InstanceId": instance_id, "RepoId": repo_id, "Tag": tag}))
    except CloudError as error:
        if gone(error, TAG_GONE):
            return None
        raise


def _newest(tasks: Iterable[dict[str, Any]]) -> dict[str, Any] | None:
    """Of several tasks, the one created last (by `CreateTime`, not by its place in a list)."""
    return max(tasks, key=lambda task: count(task.get("CreateTime")) or 0, default=None)


def _goes_to(task: Mapping[str, Any], op: Operation) -> bool:
    target = task.get("ImageTo") or {}
    return (
        target.get("InstanceId") == op["target_instance_id"]
        and target.get("RepoNamespaceName") == op["target_namespace"]
        and target.get("RepoName") == op["target_repo_name"]
        and target.get("ImageTag") == op["target_tag"]
    )


def _failure(task: Mapping[str, Any]) -> str | None:
    status = task.get("TaskStatus")
    if status not in FAILED:
        return None
    return f"{status}: {task.get('TaskIssue') or 'the task gives no reason'}"


def _artifact_digest(task: Mapping[str, Any]) -> str | None:
    layers = task.get("LayerTasks") or []
    return str(layers[0]["ArtifactDigest"]) if layers and layers[0].get("ArtifactDigest") else None


def _task_view(task: Mapping[str, Any]) -> dict[str, Any]:
    """The task as `GetRepoSyncTask` reports it, in this resource's output names."""
    return {
        "sync_task_id": task.get("SyncTaskId"),
        "task_status": task.get("TaskStatus"),
        "task_issue": task.get("TaskIssue") or "",
        "progress": task.get("Progress"),
        "synced_size": task.get("SyncedSize"),
        "layer_tasks": [
            {
                "digest": layer.get("Digest"),
                "size": layer.get("Size"),
                "synced_size": layer.get("SyncedSize"),
                "status": layer.get("TaskStatus"),
            }
            for layer in task.get("LayerTasks") or []
        ],
    }


def _fraction_synced(task: Mapping[str, Any]) -> float | None:
    """How far a task is: bytes synced over the size of its layers (None before the layers are known)."""
    total = sum(int(layer.get("Size") or 0) for layer in task.get("LayerTasks") or [])
    return int(task.get("SyncedSize") or 0) / total if total else None
