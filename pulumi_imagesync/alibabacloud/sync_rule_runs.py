"""Running an ACR sync rule now (`sync_existing`, `triggers`), and following the tasks the run starts.

`CreateRepoSyncTaskByRule` takes one repository (`RepoId`) and one `Tag`, both required, and answers
one `SyncTaskId` (SDK model `CreateRepoSyncTaskByRuleRequest`; doc-detail/145279, "Creates an image
synchronization task based on a manual synchronization rule"). A run is therefore one task per tag
the rule covers, found as the rule selects them: its repository (`REPO`), the repositories of its
namespace that `repo_name_filter` takes (`NAMESPACE`), or those of the namespaces
`namespace_name_filter` takes (`INSTANCE`); then the tags `tag_filter` takes. The API names neither a
pattern dialect nor whether a pattern must match a whole name: whole matches (`re.fullmatch`) never
run the rule on a tag it would not copy.

Every task is followed with `GetRepoSyncTask` to its end; a run with a task that ends `ERROR` or
`CANCELED` fails, naming the tags copied and those that failed. With `wait=False` the run returns
once its tasks are accepted, and `pulumi refresh` reports them.

Resuming: before a task is started, the tasks that already exist for its tag (`ListRepoSyncTask`,
which filters on the source image) are noted in the operation's record, and the task id once
answered. A resumed operation follows the task its predecessor started — noted, or found as a task
that was not there before and goes where the rule sends the tag — instead of starting it again;
one that failed is started again.

An automatic (`PASSIVE`) rule: the document describes `CreateRepoSyncTaskByRule` for manual rules
and is silent on automatic ones. When the cloud refuses to run one, the tag is copied with
`CreateRepoSyncTask` to where the rule sends it, overwriting as the rule's own tasks do.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..provider.base import Operation
from ..provider.errors import CloudError, OperationFailedError
from ..provider.waiting import wait_for
from .api import AlibabaApi, alibaba_api
from .paging import pages
from .sync_tasks import FAILED, RUNNING, SUCCESS, cancel_if_running, get_task

log = logging.getLogger("pulumi_imagesync")

SHOWN = 5  # tags named in a one-line error
GONE_ISSUE = "the task left the cloud's history before its end was seen"


def source_profile(op: Operation) -> str | None:
    """With a target in another account the profile is that account's; the source is the stack's."""
    return None if op.get("target_user_id") else op.profile


def _takes(pattern: str | None, text: str) -> bool:
    return not pattern or re.fullmatch(pattern, text) is not None


@dataclass(frozen=True)
class Image:
    """A tag of the source that the rule covers."""

    namespace: str
    repository: str
    repo_id: str
    tag: str

    @property
    def key(self) -> str:
        return f"{self.namespace}/{self.repository}:{self.tag}"


def images_in_scope(api: AlibabaApi, op: Operation) -> list[Image]:
    """The tags the rule covers now, as its scope and filters select them."""
    instance = op["instance_id"]
    scope = op["sync_scope"]
    if scope == "REPO":
        try:
            found = api.call(
                "GetRepository",
                {
                    "InstanceId": instance,
                    "RepoNamespaceName": op["namespace_name"],
                    "RepoName": op["repo_name"],
                },
            )
        except CloudError as error:
            if error.code in ("REPO_NOT_EXIST", "NAMESPACE_NOT_EXIST"):
                return []
            raise
        repositories = [dict(found)]
    else:
        namespaces = (
            [op["namespace_name"]]
            if scope == "NAMESPACE"
            else [
                str(ns["NamespaceName"])
                for ns in pages(api, "ListNamespace", {"InstanceId": instance}, "Namespaces")
                if _takes(op.get("namespace_name_filter"), str(ns.get("NamespaceName")))
            ]
        )
        repositories = [
            repo
            for namespace in namespaces
            for repo in pages(
                api,
                "ListRepository",
                {"InstanceId": instance, "RepoNamespaceName": namespace},
                "Repositories",
            )
            if repo.get("RepoNamespaceName") == namespace
            and _takes(op.get("repo_name_filter"), str(repo.get("RepoName")))
        ]
    return [
        Image(str(repo["RepoNamespaceName"]), str(repo["RepoName"]), str(repo["RepoId"]), str(image["Tag"]))
        for repo in repositories
        for image in pages(api, "ListRepoTag", {"InstanceId": instance, "RepoId": repo["RepoId"]}, "Images")
        if _takes(op.get("tag_filter"), str(image.get("Tag")))
    ]


def target_of(op: Operation, image: Image) -> dict[str, str]:
    """Where the rule sends an image (`ImageTo` of its task): a `REPO` rule to its target
    repository, a `NAMESPACE` rule to its target namespace, an `INSTANCE` rule under the same names."""
    namespace, repository = image.namespace, image.repository
    if op["sync_scope"] in ("REPO", "NAMESPACE"):
        namespace = op["target_namespace_name"]
    if op["sync_scope"] == "REPO":
        repository = op["target_repo_name"]
    return {
        "InstanceId": op["target_instance_id"],
        "RepoNamespaceName": namespace,
        "RepoName": repository,
        "ImageTag": image.tag,
    }


class RuleRun:
    """One run of a rule: a task per tag it covers, each followed to its end (unless wait=False)."""

    def __init__(self, op: Operation, api: AlibabaApi, rule: Mapping[str, Any], purpose: str) -> None:
        self.op = op
        self.api = api
        self.rule_id = str(rule["SyncRuleId"])
        self.instance_id = str(op["instance_id"])
        self.started: dict[str, str] = {}
        # A run resumes only its own predecessor: the same rule, operation and triggers (an update
        # after a create whose record was not yet acknowledged runs anew).
        reason = {"operation": purpose, "triggers": op.get("triggers")}
        prior = op.recall("run") or {}
        same = prior.get("rule_id") == self.rule_id and prior.get("reason") == reason
        self.note: dict[str, Any] = {
            "rule_id": self.rule_id,
            "reason": reason,
            "tasks": dict(prior.get("tasks") or {}) if same else {},
        }

    def run(self) -> dict[str, Any]:
        images = {image.key: image for image in images_in_scope(self.api, self.op)}
        for key, image in images.items():
            self.started[key] = self._start(image)
        tasks = self._follow()
        rows = [_row(images[key], self.op, tasks[key]) for key in sorted(images)]
        confirm_targets(self.op, rows)
        outputs = run_outputs(rows)
        if self.op.wait and outputs["failed_tags"]:
            raise OperationFailedError(self._failure(rows))
        return outputs

    def cancel(self) -> None:
        """Clean-up of a failed operation: stop the run's tasks that still go on."""
        api = alibaba_api(self.op, self.op["region"], profile=source_profile(self.op), cleanup=True)
        for task_id in self.started.values():
            cancel_if_running(api, self.instance_id, task_id)

    # -- starting --------------------------------------------------------------------------------

    def _start(self, image: Image) -> str:
        """The task of this run for `image`: one its predecessor started, or a new one."""
        entry = self.note["tasks"].get(image.key) or {}
        noted = entry.get("task")
        if noted:
            task = get_task(self.api, self.instance_id, str(noted))
            if task is not None and task.get("TaskStatus") not in FAILED:
                log.info("following sync task %s of %s, started by an earlier run", noted, image.key)
                return str(noted)
        elif "before" in entry:
            found = self._started_after(image, set(entry["before"]))
            if found is not None and found.get("TaskStatus") not in FAILED:
                log.info(
                    "following sync task %s of %s, started by an interrupted run",
                    found["SyncTaskId"],
                    image.key,
                )
                return str(found["SyncTaskId"])
        before = {str(task.get("SyncTaskId")) for task in self._recent(image)}
        self._note(image.key, {"before": sorted(before)})
        task_id = str(self._send(image, before)["SyncTaskId"])
        self._note(image.key, {"before": sorted(before), "task": task_id})
        return task_id

    def _note(self, key: str, entry: dict[str, Any]) -> None:
        self.note["tasks"][key] = entry
        self.op.note(run=self.note)

    def _recent(self, image: Image) -> list[dict[str, Any]]:
        """Every task of the tag in the history: all pages, in no assumed order (A-PAGE-1)."""
        request = {
            "InstanceId": self.instance_id,
            "RepoNamespaceName": image.namespace,
            "RepoName": image.repository,
            "Tag": image.tag,
        }
        return [dict(task) for task in pages(self.api, "ListRepoSyncTask", request, "SyncTasks")]

    def _started_after(self, image: Image, before: set[str]) -> dict[str, Any] | None:
        """A task for `image` that was not there before and goes where the rule sends it."""
        target = target_of(self.op, image)
        for task in self._recent(image):
            goes_to = task.get("ImageTo") or {}
            if str(task.get("SyncTaskId")) not in before and all(
                goes_to.get(k) == v for k, v in target.items()
            ):
                return dict(task)
        return None

    def _send(self, image: Image, before: set[str]) -> dict[str, Any]:
        started = lambda: self._started_after(image, before)  # noqa: E731
        request = {
            "InstanceId": self.instance_id,
            "RepoId": image.repo_id,
            "SyncRuleId": self.rule_id,
            "Tag": image.tag,
        }
        try:
            return dict(self.api.call("CreateRepoSyncTaskByRule", request, already_applied=started))
        except CloudError as error:
            if not self._copy_instead(error):
                raise
            log.warning(
                "%s refused to run the automatic rule %s (%s: %s); copying %s with CreateRepoSyncTask "
                "to where the rule sends it",
                error.action,
                self.rule_id,
                error.code,
                error.message,
                image.key,
            )
        target = target_of(self.op, image)
        copy = {
            "InstanceId": self.instance_id,
            "RepoId": image.repo_id,
            "Tag": image.tag,
            "TargetInstanceId": target["InstanceId"],
            "TargetRegionId": self.op["target_region_id"],
            "TargetNamespace": target["RepoNamespaceName"],
            "TargetRepoName": target["RepoName"],
            "TargetTag": image.tag,
            "Override": True,
        }
        if self.op.get("target_user_id"):
            copy["TargetUserId"] = str(self.op["target_user_id"])
        return dict(self.api.call("CreateRepoSyncTask", copy, already_applied=started))

    def _copy_instead(self, error: CloudError) -> bool:
        """A refusal to run an automatic rule (not a throttle, an outage, or a missing object)."""
        return (
            self.op.get("sync_trigger", "PASSIVE") == "PASSIVE"
            and not error.retryable
            and not error.not_found
            and error.code not in ("SYNC_RULE_NOT_EXIST",)
        )

    # -- following -------------------------------------------------------------------------------

    def _follow(self) -> dict[str, dict[str, Any]]:
        """Every task as it ended (or as it is now, with wait=False)."""
        ended: dict[str, dict[str, Any]] = {}

        def poll() -> dict[str, dict[str, Any]]:
            now: dict[str, dict[str, Any]] = {}
            for key, task_id in self.started.items():
                if key in ended:
                    continue
                task = get_task(self.api, self.instance_id, task_id) or _gone(task_id)
                if task.get("TaskStatus") in RUNNING:
                    now[key] = task
                else:
                    ended[key] = task
            return {**now, **ended}

        if not self.op.wait or not self.started:
            return poll()
        return wait_for(
            poll,
            done=lambda tasks: all(task.get("TaskStatus") not in RUNNING for task in tasks.values()),
            deadline=self.op.deadline,
            what=f"{len(self.started)} sync task(s) of a run of sync rule {self.op['name']!r} ({self.rule_id})",
            describe=_summary,
        )

    def _failure(self, rows: list[dict[str, Any]]) -> str:
        failed = [row for row in rows if row["status"] not in (SUCCESS, *RUNNING)]
        copied = [row["source"] for row in rows if row["status"] == SUCCESS]
        named = "; ".join(
            f"{row['source']} ({row['status']}: {row['issue'] or 'no reason given'})"
            for row in failed[:SHOWN]
        )
        more = f"; and {len(failed) - SHOWN} more" if len(failed) > SHOWN else ""
        return (
            f"a run of sync rule {self.op['name']!r} ({self.rule_id}) failed for {len(failed)} of {len(rows)} "
            f"tag(s): {named}{more}; copied: {', '.join(copied[:SHOWN]) or 'none'}"
            + (f" and {len(copied) - SHOWN} more" if len(copied) > SHOWN else "")
        )


def _gone(task_id: str) -> dict[str, Any]:
    return {"SyncTaskId": task_id, "TaskStatus": "ERROR", "TaskIssue": GONE_ISSUE}


def _summary(tasks: Mapping[str, Mapping[str, Any]]) -> str:
    counts: dict[str, int] = {}
    for task in tasks.values():
        status = str(task.get("TaskStatus"))
        counts[status] = counts.get(status, 0) + 1
    return ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "no task"


def _row(image: Image, op: Operation, task: Mapping[str, Any]) -> dict[str, Any]:
    target = task.get("ImageTo") or {}
    return {
        "source": image.key,
        "target": "{}/{}:{}".format(
            target.get("RepoNamespaceName") or target_of(op, image)["RepoNamespaceName"],
            target.get("RepoName") or target_of(op, image)["RepoName"],
            target.get("ImageTag") or image.tag,
        ),
        "target_region_id": target.get("RegionId") or op["target_region_id"],
        "sync_task_id": task.get("SyncTaskId"),
        "status": task.get("TaskStatus"),
        "issue": task.get("TaskIssue") or "",
    }


def run_outputs(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """`sync_tasks` (one per tag), `synced_tags` and `failed_tags` (the source tags, `ns/repo:tag`)."""
    return {
        "sync_tasks": rows,
        "synced_tags": [row["source"] for row in rows if row["status"] == SUCCESS],
        "failed_tags": [row["source"] for row in rows if row["status"] not in (SUCCESS, *RUNNING)],
    }


def refresh_run(op: Operation, api: AlibabaApi, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The last run's tasks as they are now (a run that was not waited for); a task the cloud has
    forgotten keeps its last known status."""
    fresh, ended = [], []
    for row in rows:
        row = dict(row)
        if row.get("status") in RUNNING and row.get("sync_task_id"):
            task = get_task(api, op["instance_id"], str(row["sync_task_id"]))
            if task is not None:
                row.update(status=task.get("TaskStatus"), issue=task.get("TaskIssue") or "")
                ended += [row] if row["status"] not in RUNNING else []
        fresh.append(row)
    confirm_targets(op, ended)
    return run_outputs(fresh)


def cancel_run(op: Operation, api: AlibabaApi, rows: list[dict[str, Any]]) -> None:
    """Stop the last run's tasks that were still going when last seen."""
    for row in rows:
        if row.get("status") in RUNNING and row.get("sync_task_id"):
            cancel_if_running(api, op["instance_id"], str(row["sync_task_id"]))


def confirm_targets(op: Operation, rows: list[dict[str, Any]]) -> None:
    """Read the digest each copied tag holds in the target (`digest`), with the target account's
    credentials when it is another account's (`profile`); without them it cannot be read."""
    todo = [row for row in rows if row["status"] == SUCCESS and not row.get("digest")]
    if not todo:
        return
    if op.get("target_user_id") and not op.profile:
        log.warning(
            "the target of sync rule %r is in account %s and no profile is set: the copied tags are not read",
            op["name"],
            op["target_user_id"],
        )
        return
    apis: dict[str, AlibabaApi] = {}
    repo_ids: dict[tuple[str, str], str | None] = {}
    for row in todo:
        region = str(row["target_region_id"])
        api = apis.setdefault(region, alibaba_api(op, region, profile=op.profile))
        path, tag = str(row["target"]).rsplit(":", 1)
        namespace, repository = path.split("/", 1)
        if (region, path) not in repo_ids:
            repo_ids[(region, path)] = _repo_id(api, op["target_instance_id"], namespace, repository)
        repo_id = repo_ids[(region, path)]
        if repo_id is not None:
            row["digest"] = _digest(api, op["target_instance_id"], repo_id, tag)


def _repo_id(api: AlibabaApi, instance_id: str, namespace: str, repository: str) -> str | None:
    try:
        answer = api.call(
            "GetRepository",
            {"InstanceId": instance_id, "RepoNamespaceName": namespace, "RepoName": repository},
        )
    except CloudError as error:
        if error.code in ("REPO_NOT_EXIST", "NAMESPACE_NOT_EXIST"):
            return None
        raise
    return str(answer["RepoId"])


def _digest(api: AlibabaApi, instance_id: str, repo_id: str, tag: str) -> str | None:
    try:
        answer = api.call("GetRepoTag", {"InstanceId": instance_id, "RepoId": repo_id, "Tag": tag})
    except CloudError as error:
        if error.code == "TAG_NOT_EXIST":
            return None
        raise
    return str(answer.get("Digest"))
