"""Provider of `huaweicloud.SyncRepoTask`: an SWR automatic image sync rule, with an optional back-fill.

Permanent identifier: this module path and the class name `SyncRepoTaskProvider` are pickled into
every SyncRepoTask's state.

API mapping: create `CreateImageSyncRepo` (`POST .../sync_repo`); read
`ListImageAutoSyncReposDetails` matched by (remote region, remote namespace); delete
`DeleteImageSyncRepo` (a JSON body naming the remote; SWR's "not found" answers are success).
There is no update API: a new `override` or `sync_auto` replaces the rule (old one deleted first,
the identity being the same). An auto-sync rule only copies images pushed after it exists, so
`sync_existing` back-fills the tags already there with a manual sync (`CreateManualImageSyncRepo`)
and waits on its sync jobs (`ShowSyncJob`). Id:
`<region>#<namespace>#<repository>#<remote region>#<remote namespace>`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from typing import Any

from pulumi.dynamic import CheckFailure

from ..provider.base import ImageSyncProvider, Operation
from ..provider.error_table import create_once, gone
from ..provider.errors import CloudError, InputError, OperationFailedError
from ..provider.fields import Schema, common_fields, identity, in_place, output, replace
from ..provider.ids import IdLayout
from ..provider.rollback import Rollback
from ..provider.validation import TAG_RE, Checks, character_hint, show
from ..provider.waiting import wait_for, wait_for_found
from .api import HuaweiApi, huawei_api
from .regions import REGIONS

log = logging.getLogger("pulumi_imagesync")

# SWR's documented name rules: separators `.`, `_` (at most two in a row) and `-` never adjacent
# to each other; a repository may also use `/` between components.
NAMESPACE_RE = re.compile(r"^[a-z][a-z0-9]*(?:(?:[._-]|__)[a-z0-9]+)*$")
REPOSITORY_RE = re.compile(r"^[a-z0-9]+(?:(?:[./_-]|__)[a-z0-9]+)*$")
NAMESPACE_RULE = (
    "1-64 characters: a lower-case letter first, then lower-case letters and digits separated by "
    "single '.', '-' or '_' (or '__'), ending with a letter or digit"
)
REPOSITORY_RULE = (
    "1-128 characters: lower-case letters and digits separated by single '.', '/', '-' or '_' "
    "(or '__'), starting and ending with a letter or digit"
)
TAG_RULE = "1-128 letters, digits, '_', '.' or '-', not starting with '.' or '-'"

SUCCEEDED = frozenset({"success", "existed"})  # existed: the remote tag was there, not overridden
FAILED = frozenset({"failed", "timeout", "cancel"})
PAGE_SIZE = 100
# What "gone" means for the rule (provider.error_table.gone): its repository's or organization's
# own not-found codes (the gateway's 404 `APIGW.0101`, no such API at that address, is not one),
# and on delete SWR's answer for a rule that does not exist (H-ERR-3).
REPOSITORY_GONE = frozenset(
    {"SVCSTG.SWR.4040002", "SVCSTG.SWR.4040003", "SVCSTG.SWR.4040009", "SVCSTG.SWR.4040010"}
)
RULE_GONE = REPOSITORY_GONE | {"SVCSTG.SWR.4001158"}
TAG_GONE = REPOSITORY_GONE | {"SVCSTG.SWR.4040004"}
RULE_EXISTS = frozenset({"SVCSTG.SWR.4090003"})  # the emulator's; SWR's 409 family (H-ERR-3)

SCHEMA = Schema(
    [
        identity("region"),
        identity("namespace", required=True),
        identity("repository", required=True),
        identity("remote_region_id", required=True),
        identity("remote_namespace", required=True),
        replace("sync_auto", bool, default=True),
        replace("override", bool, default=False),
        in_place("sync_existing", bool, default=False),
        in_place("sync_existing_tags", list),
        *common_fields(timeout_seconds=600),
        output("rule_id", int),
        output("created_at"),
        output("updated_at"),
        output("domain_id"),
        output("domain_name"),
        output("synced_tags", list),
        output("sync_jobs", list),
    ]
)


class SyncRepoTaskProvider(ImageSyncProvider):
    cloud = "huaweicloud"
    schema = SCHEMA
    noun = "SWR image sync rule"
    id_layout = IdLayout(
        ("region", "region"),
        ("namespace", "namespace"),
        ("repository", "repository"),
        ("remote_region_id", "remote region"),
        ("remote_namespace", "remote namespace"),
    )

    # -- offline ---------------------------------------------------------------------------------

    def validate(self, inputs: Mapping[str, Any]) -> Iterable[CheckFailure]:
        checks = Checks(inputs)
        checks.pattern("namespace", NAMESPACE_RE, NAMESPACE_RULE, maximum=64)
        checks.pattern("remote_namespace", NAMESPACE_RE, NAMESPACE_RULE, maximum=64)
        checks.pattern("repository", REPOSITORY_RE, REPOSITORY_RULE, maximum=128)
        checks.region("region", REGIONS, "Huawei Cloud")
        checks.region("remote_region_id", REGIONS, "Huawei Cloud")
        checks.differ(
            "remote_namespace",
            ["region", "namespace"],
            ["remote_region_id", "remote_namespace"],
            "same region and namespace",
        )
        self._validate_tags(checks, inputs)
        return checks

    @staticmethod
    def _validate_tags(checks: Checks, inputs: Mapping[str, Any]) -> None:
        tags = inputs.get("sync_existing_tags")
        if tags is None:
            return
        if not tags:
            checks.fail(
                "sync_existing_tags", "must list at least one tag (omit it to copy every existing tag)"
            )
            return
        for tag in tags:
            if not isinstance(tag, str) or not TAG_RE.fullmatch(tag):
                checks.fail(
                    "sync_existing_tags", f"{show(tag)} is not a tag: {TAG_RULE}{character_hint(tag)}"
                )
                return
        duplicates = sorted({t for t in tags if tags.count(t) > 1})
        if duplicates:
            checks.fail("sync_existing_tags", f"lists {', '.join(duplicates)} more than once")
        elif "sync_existing" in inputs and not inputs["sync_existing"]:
            checks.fail("sync_existing_tags", "names tags to copy, but sync_existing is not True")

    def describe(self, op: Operation, resource_id: str) -> str:
        return f"{self.noun} {self._describe(op)}"

    # -- cloud -----------------------------------------------------------------------------------

    def create_resource(self, op: Operation, rollback: Rollback) -> dict[str, Any]:
        api = huawei_api(op)
        what = self._describe(op)
        existing = self._find(api, op)
        # A rule to the same remote that an earlier run of this resource made (it was absent
        # when that run noted `rule_sent`): as much this resource's own as a new rule.
        ours = existing is not None and bool(op.recall("rule_sent"))
        if existing is not None and not (op.adopt or ours):
            self.refuse_existing(op, what)
        if existing is not None and not self._matches(op, existing):
            # No update API: an adopted rule converges by being made again with these settings
            # (and stays if the create fails later: it was there before).
            log.info(
                "re-creating %s with sync_auto=%s, override=%s", what, self._sync_auto(op), self._override(op)
            )
            self._delete(api, op)
            api.call(
                "CreateImageSyncRepo", self._create_request(op), already_applied=lambda: self._find(api, op)
            )
        elif existing is None:
            op.note(rule_sent=True)
            create_once(
                api,
                "CreateImageSyncRepo",
                self._create_request(op),
                already_applied=lambda: self._find(api, op),
                exists=RULE_EXISTS,
            )
            ours = True
        if ours:
            rollback.add(f"{self.noun} {what}", lambda: self._delete(huawei_api(op, cleanup=True), op))
        rule = wait_for_found(
            lambda: self._find(api, op),
            accept=lambda found: self._matches(op, found),
            deadline=op.deadline,
            what=f"{self.noun} {what} to be visible",
        )
        view = self._view(rule)
        if op.get("sync_existing", False):
            view.update(self._backfill(api, op, self._tags_to_copy(api, op)))
        return view

    def read_resource(self, op: Operation) -> dict[str, Any] | None:
        api = huawei_api(op)
        rule = self._find(api, op)
        if rule is None:
            return None
        view = self._view(rule)
        jobs = list(op.get("sync_jobs") or [])
        listed = [job for job in jobs if job.get("id") is not None]
        if any(job.get("status") not in SUCCEEDED | FAILED for job in listed):
            # A back-fill that was not waited for (wait=False): report its progress.
            current = self._jobs_after(api, op, min(int(job["id"]) for job in listed) - 1)
            view.update(
                _backfill_outputs(
                    current.get(int(job["id"]), job) if job.get("id") is not None else job for job in jobs
                )
            )
            self.explain(
                op.props,
                "back-fill: %s",
                ", ".join(f"{job['tag']} {job['status']}" for job in view["sync_jobs"]),
            )
        return view

    def update_resource(
        self, op: Operation, olds: Mapping[str, Any], changed: list[str], rollback: Rollback
    ) -> dict[str, Any]:
        api = huawei_api(op)
        result: dict[str, Any] = {}
        if op.get("sync_existing", False):
            old_jobs = list(olds.get("sync_jobs") or []) if olds.get("sync_existing") else []
            copied = {job.get("tag") for job in old_jobs if job.get("status") in SUCCEEDED}
            todo = {t: d for t, d in self._tags_to_copy(api, op).items() if t not in copied}
            if todo:
                fresh = self._backfill(api, op, todo)["sync_jobs"]
                by_tag = {job["tag"]: job for job in [*old_jobs, *fresh]}
                result = _backfill_outputs(by_tag.values())
        rule = self._find(api, op)
        if rule is None:
            raise OperationFailedError(
                f"{self.noun} {self._describe(op)} no longer exists; run `pulumi refresh`, then `pulumi up` makes it again"
            )
        return {**self._view(rule), **result}

    def delete_resource(self, op: Operation) -> None:
        # Images the rule (or the back-fill) already copied stay in the remote region.
        self._delete(huawei_api(op), op)

    # -- the rule --------------------------------------------------------------------------------

    @staticmethod
    def _describe(op: Operation) -> str:
        return (
            f"{op['namespace']}/{op['repository']} in {op['region']} -> "
            f"{op['remote_namespace']} in {op['remote_region_id']}"
        )

    @staticmethod
    def _sync_auto(op: Operation) -> bool:
        return bool(op.get("sync_auto", True))

    @staticmethod
    def _override(op: Operation) -> bool:
        return bool(op.get("override", False))

    @staticmethod
    def _repo(op: Operation) -> dict[str, str]:
        return {"namespace": op["namespace"], "repository": op["repository"]}

    def _create_request(self, op: Operation) -> dict[str, Any]:
        body = {
            "remoteRegionId": op["remote_region_id"],
            "remoteNamespace": op["remote_namespace"],
            "syncAuto": self._sync_auto(op),
            "override": self._override(op),
        }
        return {**self._repo(op), "body": body}

    def _find(self, api: HuaweiApi, op: Operation) -> dict[str, Any] | None:
        """The rule as `ListImageAutoSyncReposDetails` lists it, or None (also when the repository is gone)."""
        try:
            rules = api.call("ListImageAutoSyncReposDetails", self._repo(op)) or []
        except CloudError as error:
            if gone(error, REPOSITORY_GONE):
                return None
            raise
        for rule in rules:
            if (
                rule.get("remoteRegionId") == op["remote_region_id"]
                and rule.get("remoteNamespace") == op["remote_namespace"]
            ):
                return dict(rule)
        return None

    def _matches(self, op: Operation, rule: Mapping[str, Any]) -> bool:
        return bool(rule.get("syncAuto")) == self._sync_auto(op) and bool(
            rule.get("override")
        ) == self._override(op)

    def _delete(self, api: HuaweiApi, op: Operation) -> None:
        body = {"remoteRegionId": op["remote_region_id"], "remoteNamespace": op["remote_namespace"]}
        try:
            api.call("DeleteImageSyncRepo", {**self._repo(op), "body": body})
        except CloudError as error:
            if not gone(error, RULE_GONE):
                raise

    @staticmethod
    def _view(rule: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "rule_id": rule.get("id"),
            "sync_auto": bool(rule.get("syncAuto")),
            "override": bool(rule.get("override")),
            "created_at": rule.get("createdAt"),
            "updated_at": rule.get("updatedAt"),
            "domain_id": rule.get("domainID"),
            "domain_name": rule.get("domainName"),
        }

    # -- the back-fill ---------------------------------------------------------------------------

    def _tags_to_copy(self, api: HuaweiApi, op: Operation) -> dict[str, str]:
        """The tags to back-fill, with their digests: every tag of the repository, or the declared
        ones (which must exist)."""
        existing = self._tags(api, op)
        declared = op.get("sync_existing_tags")
        if declared is None:
            return dict(sorted(existing.items()))
        missing = [tag for tag in declared if tag not in existing]
        if missing:
            raise InputError(
                "sync_existing_tags",
                f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not a tag of "
                f"{op['namespace']}/{op['repository']} in {op['region']}",
            )
        return {tag: existing[tag] for tag in declared}

    def _tags(self, api: HuaweiApi, op: Operation) -> dict[str, str]:
        """The repository's tags and their digests, every page."""
        rows = repository_tags(api, op["namespace"], op["repository"])
        return {str(row["Tag"]): str(row.get("digest") or "") for row in rows if row.get("Tag")}

    def _backfill(self, api: HuaweiApi, op: Operation, digests: Mapping[str, str]) -> dict[str, Any]:
        """A manual sync of `tags`, and (unless wait=False) a wait until every job has succeeded.

        Jobs are recognised as those made after the newest job seen before the request, for the
        same tag and destination (the API answers no job ids). That baseline is noted in the create
        journal: a create resumed after a crash follows the jobs its predecessor started, unless
        one of them failed (then it copies again).
        """
        if not digests:
            return _backfill_outputs([])
        tags = list(digests)
        noted = op.recall("backfill_after")
        baseline = int(noted) if noted is not None else self._newest_job_id(api, op)
        remote = HuaweiApi.for_operation(op, "swr", op["remote_region_id"], profile=op.profile)

        def jobs() -> dict[str, dict[str, Any]]:  # the jobs after `baseline` as it is when called
            found = self._jobs_by_tag(self._jobs_after(api, op, baseline).values(), op, tags)
            unlisted = [tag for tag in tags if tag not in found]
            return {**found, **self._arrived(remote, op, unlisted, digests)} if unlisted else found

        def started() -> dict[str, dict[str, Any]] | None:
            found = jobs()
            return found if len(found) == len(tags) else None

        body = {
            "imageTag": tags,
            "override": self._override(op),
            "remoteRegionId": op["remote_region_id"],
            "remoteNamespace": op["remote_namespace"],
        }
        interrupted = started() if noted is not None else None
        if interrupted is not None and not any(job.get("status") in FAILED for job in interrupted.values()):
            log.info("following the back-fill started by an interrupted create of %s", self._describe(op))
        else:
            if interrupted is not None:  # it failed: copy again, after the jobs it made
                baseline = self._newest_job_id(api, op)
            op.note(backfill_after=baseline)
            api.call("CreateManualImageSyncRepo", {**self._repo(op), "body": body}, already_applied=started)
        if not op.wait:
            return _backfill_outputs(jobs().values())
        target = f"{op['remote_namespace']} in {op['remote_region_id']}"
        done = wait_for(
            jobs,
            done=lambda found: (
                len(found) == len(tags) and all(j.get("status") in SUCCEEDED for j in found.values())
            ),
            failed=lambda found: "; ".join(
                f"tag {tag}: {job.get('status')}"
                for tag, job in sorted(found.items())
                if job.get("status") in FAILED
            ),
            describe=lambda found: (
                ", ".join(f"{tag}: {job.get('status')}" for tag, job in sorted(found.items()))
                or "no sync job yet"
            ),
            deadline=op.deadline,
            what=f"back-fill of {len(tags)} existing tag(s) of {op['namespace']}/{op['repository']} to {target}",
        )
        return _backfill_outputs(done.values())

    def _arrived(
        self, remote: HuaweiApi, op: Operation, tags: list[str], digests: Mapping[str, str]
    ) -> dict[str, dict[str, Any]]:
        """Tags with no sync job listed that the remote repository already holds, with the source's
        digest: copied all the same. `ShowSyncJob` is documented as the automatic sync's jobs; whether
        it lists a manual sync's jobs, and for how long, is not (S-JOBS-1), so arrival is also read
        where it happens. A job of its own (`id` None) says so."""
        arrived: dict[str, dict[str, Any]] = {}
        for tag in tags:
            request = {"namespace": op["remote_namespace"], "repository": op["repository"], "tag": tag}
            try:
                held = remote.call("ShowRepoTag", request) or {}
            except CloudError as error:
                if gone(error, TAG_GONE):
                    continue
                raise
            if digests.get(tag) and held.get("digest") == digests[tag]:
                arrived[tag] = {"id": None, "tag": tag, "status": "success", "updatedAt": held.get("updated")}
        return arrived

    def _newest_job_id(self, api: HuaweiApi, op: Operation) -> int:
        page = api.call("ShowSyncJob", {**self._repo(op), "filter": "limit::1|offset::0|order::desc"}) or []
        return max((int(job.get("id") or 0) for job in page), default=0)

    def _jobs_after(self, api: HuaweiApi, op: Operation, after: int) -> dict[int, dict[str, Any]]:
        """The repository's sync jobs with ids above `after`, by id (newest pages first)."""
        found: dict[int, dict[str, Any]] = {}
        offset = 0
        while True:
            page = (
                api.call(
                    "ShowSyncJob",
                    {**self._repo(op), "filter": f"limit::{PAGE_SIZE}|offset::{offset}|order::desc"},
                )
                or []
            )
            newer = [job for job in page if int(job.get("id") or 0) > after]
            found.update({int(job["id"]): dict(job) for job in newer})
            if len(page) < PAGE_SIZE or len(newer) < len(page):
                return found
            offset += PAGE_SIZE

    @staticmethod
    def _jobs_by_tag(
        jobs: Iterable[Mapping[str, Any]], op: Operation, tags: list[str]
    ) -> dict[str, dict[str, Any]]:
        """Per tag, the first job to this resource's destination (a later one may be an auto-sync)."""
        wanted = set(tags)
        found: dict[str, dict[str, Any]] = {}
        for job in sorted(jobs, key=lambda j: int(j.get("id") or 0)):
            tag = job.get("tag")
            same_target = (
                job.get("remoteRegionId") == op["remote_region_id"]
                and job.get("remoteNamespace") == op["remote_namespace"]
            )
            if tag in wanted and same_target and tag not in found:
                found[str(tag)] = dict(job)
        return found


def _backfill_outputs(jobs: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """`sync_jobs` (one per tag: id, tag, status, times) and `synced_tags` (those that succeeded)."""
    rows = sorted(
        (
            {
                "id": int(job["id"]) if job.get("id") is not None else None,
                "tag": job.get("tag"),
                "status": job.get("status"),
                "created_at": job.get("createdAt", job.get("created_at")),
                "updated_at": job.get("updatedAt", job.get("updated_at")),
            }
            for job in jobs
        ),
        key=lambda row: str(row["tag"]),
    )
    return {
        "sync_jobs": rows,
        "synced_tags": [row["tag"] for row in rows if row["status"] in SUCCEEDED],
    }


def repository_tags(api: HuaweiApi, namespace: str, repository: str) -> list[dict[str, Any]]:
    """Every row of `ListRepositoryTags` for a repository, page after page."""
    rows: list[dict[str, Any]] = []
    offset = 0
    while True:
        page = (
            api.call(
                "ListRepositoryTags",
                {
                    "namespace": namespace,
                    "repository": repository,
                    "limit": str(PAGE_SIZE),
                    "offset": str(offset),
                    # The SDK documents updated_at only (S-PAGE-1); every page is read to the end.
                    "order_column": "updated_at",
                    "order_type": "asc",
                },
            )
            or []
        )
        rows.extend(dict(row) for row in page)
        if len(page) < PAGE_SIZE:
            return rows
        offset += PAGE_SIZE
