"""SWR state and behaviour: namespaces, repositories, tags, image sync rules and sync jobs, per region.

No HTTP here. A namespace lives in one region and belongs to one account; another account's
namespace is "not found". A call acts in the region its project stands for.

Behaviour the provider can rely on (and the tests pin down):

- **Tags** point at digests. Writing a tag (a seed, a finished sync job) is a *push* unless the tag
  already holds that digest.
- **Auto-sync rules** (``sync_repo``) belong to a repository and are keyed by (remote region, remote
  namespace); the remote namespace must exist and belong to the same account. Creating a rule
  starts nothing: an image pushed *afterwards* starts a sync job for every rule of its repository
  with ``syncAuto`` true. Images already there are never synced by a rule (that is the manual
  sync's job). Deleting a rule leaves the images it synced where they are.
- **Manual sync** (``sync_images``) starts one job per listed tag; every tag must exist.
- **Jobs** are ``waiting`` when made, ``running`` halfway through ``copies.swr.seconds`` (emulated
  seconds, default 0: done before the call returns), and then end as
  ``failed`` / ``timeout`` / ``cancel`` when an entry of ``copies.swr.fail`` matches the job's
  destination (keys ``region``, ``namespace``, ``repository``, ``tag``; ``status`` picks the
  outcome, default ``failed``); ``failed`` when the remote namespace is gone; ``existed`` when the
  remote tag exists and the job does not override (the tag is left alone); otherwise ``success``:
  the remote tag is written (a push in the remote region, the repository made when missing).
  Job ids grow with time; a repository's jobs (automatic and manual) list newest first.
  ``copies.swr.history_seconds`` after it ends a job is no longer listed: whether SWR lists
  manual-sync jobs at all, and for how long, is documented nowhere (`ShowSyncJob` is described as
  the automatic sync's jobs; docs/cloud-assumptions.md, S-JOBS-1), so a provider must not depend
  on it.
- **Content**: each region's SWR is also an OCI registry (``registry``; repositories are
  ``<namespace>/<name>``): a sync job gives the remote region the image's manifests and blobs
  along with the tag, and a push through the OCI API is a push here (auto-sync rules fire).
"""

from __future__ import annotations

import heapq
import itertools
import secrets
import string
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..backend import ServiceContext
from ..huawei_regions import SWR_REGION_NAMES
from ..images import seed_tag
from ..registry.content import RegistryContent
from ..registry.credentials import Login
from ..registry.hosts import RegistryHost
from . import exceptions as exc
from .registry import SwrRegistryHost
from .seed import SeedNamespace, parse_seed

WAITING, RUNNING, SUCCESS, FAILED, TIMEOUT, CANCEL, EXISTED = (
    "waiting",
    "running",
    "success",
    "failed",
    "timeout",
    "cancel",
    "existed",
)
INJECTABLE = frozenset({FAILED, TIMEOUT, CANCEL})
COPY_FAIL_KEYS = frozenset({"region", "namespace", "repository", "tag", "status"})


@dataclass
class Tag:
    id: int
    digest: str
    size: int
    created_at: float
    updated_at: float


@dataclass
class SyncRule:
    id: int
    remote_region: str
    remote_namespace: str
    sync_auto: bool
    override: bool
    account_id: str
    created_at: float
    updated_at: float


@dataclass
class SyncJob:
    id: int
    kind: str  # "auto" | "manual"
    region: str
    namespace: str
    repository: str
    tag: str
    digest: str
    size: int
    remote_region: str
    remote_namespace: str
    override: bool
    operator_id: str
    created_at: float
    updated_at: float
    status: str = WAITING


@dataclass
class Repository:
    id: int
    name: str
    created_at: float
    updated_at: float
    tags: dict[str, Tag] = field(default_factory=dict)
    rules: dict[tuple[str, str], SyncRule] = field(default_factory=dict)
    jobs: list[SyncJob] = field(default_factory=list)


@dataclass
class Namespace:
    region: str
    name: str
    account_id: str
    created_at: float
    repositories: dict[str, Repository] = field(default_factory=dict)


@dataclass(frozen=True)
class RepoRef:
    """A repository as a call names it: region, caller, namespace, repository."""

    region: str
    account_id: str
    namespace: str
    repository: str


class SwrBackend:
    """Every region's SWR of one world, and the sync jobs in flight between them."""

    registry_cloud = "huaweicloud"

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.namespaces: dict[tuple[str, str], Namespace] = {}  # (region, name)
        self.contents: dict[str, RegistryContent] = {}  # region -> its registry's content
        self._ids = itertools.count(1)  # repository, tag, rule and job ids
        self._seq = itertools.count()  # order of queue entries due at the same time
        self._queue: list[tuple[float, int, str, SyncJob]] = []

    # --- lookups -------------------------------------------------------------------------------

    def namespace(self, region: str, account_id: str, name: str) -> Namespace:
        namespace = self.namespaces.get((region, name))
        if namespace is None or namespace.account_id != account_id:
            raise exc.NamespaceNotFound(name, region)
        return namespace

    def repository(self, ref: RepoRef) -> Repository:
        repository = self.namespace(ref.region, ref.account_id, ref.namespace).repositories.get(
            ref.repository
        )
        if repository is None:
            raise exc.RepositoryNotFound(ref.namespace, ref.repository, ref.region)
        return repository

    def tag(self, ref: RepoRef, tag: str) -> Tag:
        found = self.repository(ref).tags.get(tag)
        if found is None:
            raise exc.TagNotFound(ref.namespace, ref.repository, tag)
        return found

    def delete_tag(self, ref: RepoRef, tag: str) -> None:
        repository = self.repository(ref)
        if tag not in repository.tags:
            raise exc.TagNotFound(ref.namespace, ref.repository, tag)
        del repository.tags[tag]
        repository.updated_at = self.ctx.clock.now()

    # --- the OCI API's view ---------------------------------------------------------------------

    def registry_host(self, region: str) -> RegistryHost | None:
        return SwrRegistryHost(self, region) if region in SWR_REGION_NAMES else None

    def registry_hosts(self) -> list[RegistryHost]:
        return [SwrRegistryHost(self, region) for region in sorted({region for region, _ in self.namespaces})]

    def content(self, region: str) -> RegistryContent:
        found = self.contents.get(region)
        if found is None:
            found = self.contents[region] = self.ctx.registries.new_content()
        return found

    def push(self, namespace: Namespace, repository: str, tag: str, digest: str, size: int) -> None:
        """A tag pushed through the OCI API (the repository is made if needed)."""
        self._write_tag(namespace, repository, tag, digest, size, self.ctx.clock.now())

    def issue_login(self, region: str, account_id: str, seconds: int) -> Login:
        """``CreateSecret``: a docker login for the region's registry, ``<region>@<key id>``."""
        key_id = "".join(secrets.choice(string.ascii_uppercase + string.digits) for _ in range(20))
        key = SwrRegistryHost(self, region).key
        return self.ctx.registries.credentials.issue(key, account_id, f"{region}@{key_id}", seconds)

    def endpoint(self, region: str) -> str | None:
        return self.ctx.registries.endpoint(SwrRegistryHost(self, region).key)

    def untag(self, namespace: Namespace, repository: str, tag: str) -> None:
        found = namespace.repositories.get(repository)
        if found is not None and found.tags.pop(tag, None) is not None:
            found.updated_at = self.ctx.clock.now()

    # --- sync rules ----------------------------------------------------------------------------

    def create_rule(
        self, ref: RepoRef, remote_region: str, remote_namespace: str, *, sync_auto: bool, override: bool
    ) -> SyncRule:
        repository = self.repository(ref)
        self._check_remote(ref, remote_region, remote_namespace)
        key = (remote_region, remote_namespace)
        if key in repository.rules:
            raise exc.SyncRuleExists(ref.namespace, ref.repository, remote_region, remote_namespace)
        now = self.ctx.clock.now()
        rule = SyncRule(
            next(self._ids), remote_region, remote_namespace, sync_auto, override, ref.account_id, now, now
        )
        repository.rules[key] = rule
        return rule

    def rules(self, ref: RepoRef) -> list[SyncRule]:
        return sorted(self.repository(ref).rules.values(), key=lambda rule: rule.id)

    def delete_rule(self, ref: RepoRef, remote_region: str, remote_namespace: str) -> None:
        repository = self.repository(ref)
        if repository.rules.pop((remote_region, remote_namespace), None) is None:
            raise exc.SyncRuleNotFound(ref.namespace, ref.repository, remote_region, remote_namespace)

    # --- sync jobs -----------------------------------------------------------------------------

    def manual_sync(
        self, ref: RepoRef, tags: Sequence[str], remote_region: str, remote_namespace: str, *, override: bool
    ) -> list[SyncJob]:
        repository = self.repository(ref)
        self._check_remote(ref, remote_region, remote_namespace)
        for name in tags:
            if name not in repository.tags:
                raise exc.TagNotFound(ref.namespace, ref.repository, name)
        now = self.ctx.clock.now()
        return [
            self._start_job(
                "manual",
                ref,
                repository,
                name,
                remote_region,
                remote_namespace,
                override,
                ref.account_id,
                now,
            )
            for name in dict.fromkeys(tags)
        ]

    def jobs(self, ref: RepoRef) -> list[SyncJob]:
        """The jobs listed now: those that run, and those that ended within ``history_seconds``."""
        keep = self.ctx.copies().history_seconds
        now = self.ctx.clock.now()
        return [
            job
            for job in self.repository(ref).jobs
            if keep is None or job.status in (WAITING, RUNNING) or now - job.updated_at <= keep
        ]

    def _check_remote(self, ref: RepoRef, remote_region: str, remote_namespace: str) -> None:
        if remote_region not in SWR_REGION_NAMES:
            raise exc.InvalidParam(f"remoteRegionId {remote_region} is not a region SWR can sync to")
        if (remote_region, remote_namespace) == (ref.region, ref.namespace):
            raise exc.InvalidParam("the target namespace and region are those of the source")
        self.namespace(remote_region, ref.account_id, remote_namespace)

    def _start_job(
        self,
        kind: str,
        ref: RepoRef,
        repository: Repository,
        tag: str,
        remote_region: str,
        remote_namespace: str,
        override: bool,
        operator_id: str,
        at: float,
    ) -> SyncJob:
        image = repository.tags[tag]
        job = SyncJob(
            next(self._ids),
            kind,
            ref.region,
            ref.namespace,
            repository.name,
            tag,
            image.digest,
            image.size,
            remote_region,
            remote_namespace,
            override,
            operator_id,
            at,
            at,
        )
        repository.jobs.append(job)
        seconds = self.ctx.copies().seconds
        heapq.heappush(self._queue, (at + seconds / 2, next(self._seq), RUNNING, job))
        heapq.heappush(self._queue, (at + seconds, next(self._seq), "end", job))
        return job

    # --- time ----------------------------------------------------------------------------------

    def advance(self, now: float) -> None:
        while self._queue and self._queue[0][0] <= now:
            due, _, step, job = heapq.heappop(self._queue)
            job.updated_at = due
            if step == RUNNING:
                job.status = RUNNING
            else:
                job.status = self._finish(job, due)

    def _finish(self, job: SyncJob, at: float) -> str:
        injected = self._injected_status(job)
        if injected is not None:
            return injected
        namespace = self.namespaces.get((job.remote_region, job.remote_namespace))
        if namespace is None:
            return FAILED
        repository = namespace.repositories.get(job.repository)
        if repository is not None and job.tag in repository.tags and not job.override:
            return EXISTED
        self.content(job.region).copy_image(
            f"{job.namespace}/{job.repository}",
            job.digest,
            self.content(job.remote_region),
            f"{job.remote_namespace}/{job.repository}",
        )
        self._write_tag(namespace, job.repository, job.tag, job.digest, job.size, at)
        return SUCCESS

    def _injected_status(self, job: SyncJob) -> str | None:
        target = {
            "region": job.remote_region,
            "namespace": job.remote_namespace,
            "repository": job.repository,
            "tag": job.tag,
        }
        for entry in self.ctx.copies().fail:
            if all(v in ("*", target.get(k)) for k, v in entry.items() if k != "status"):
                status = entry.get("status", FAILED)
                return status if status in INJECTABLE else FAILED
        return None

    # --- pushes (the events rules react to) ----------------------------------------------------

    def _write_tag(
        self, namespace: Namespace, repository_name: str, tag: str, digest: str, size: int, at: float
    ) -> None:
        repository = namespace.repositories.get(repository_name)
        if repository is None:
            repository = namespace.repositories[repository_name] = Repository(
                next(self._ids), repository_name, at, at
            )
        current = repository.tags.get(tag)
        if current is not None and current.digest == digest:
            return
        created = current.created_at if current is not None else at
        repository.tags[tag] = Tag(next(self._ids), digest, size, created, at)
        repository.updated_at = at
        ref = RepoRef(namespace.region, namespace.account_id, namespace.name, repository_name)
        for rule in sorted(repository.rules.values(), key=lambda r: r.id):
            if rule.sync_auto:
                self._start_job(
                    "auto",
                    ref,
                    repository,
                    tag,
                    rule.remote_region,
                    rule.remote_namespace,
                    rule.override,
                    rule.account_id,
                    at,
                )

    # --- seed and snapshot ---------------------------------------------------------------------

    def plan_seed(self, doc: Any) -> Callable[[], None]:
        def owner(region: str, name: str) -> str | None:
            namespace = self.namespaces.get((region, name))
            return namespace.account_id if namespace else None

        namespaces = parse_seed(doc, owner)
        return lambda: self._apply_seed(namespaces)

    def _apply_seed(self, seeds: Iterable[SeedNamespace]) -> None:
        now = self.ctx.clock.now()
        for seed in seeds:
            namespace = self.namespaces.get((seed.region, seed.name))
            if namespace is None:
                account_id = seed.account_id or self.ctx.default_account_id
                namespace = self.namespaces[(seed.region, seed.name)] = Namespace(
                    seed.region, seed.name, account_id, now
                )
            for repo in seed.repositories:
                if repo.name not in namespace.repositories:
                    namespace.repositories[repo.name] = Repository(next(self._ids), repo.name, now, now)
                content = self.content(seed.region)
                for tag in repo.tags:
                    for name, digest, size in seed_tag(
                        self.ctx.registries, content, f"{seed.name}/{repo.name}", tag
                    ):
                        self._write_tag(namespace, repo.name, name, digest, size, now)

    def snapshot(self) -> dict[str, Any]:
        regions: dict[str, Any] = {}
        for (region, name), namespace in sorted(self.namespaces.items()):
            regions.setdefault(region, {"namespaces": {}})["namespaces"][name] = _namespace_state(namespace)
        return regions


def _namespace_state(namespace: Namespace) -> dict[str, Any]:
    return {
        "account_id": namespace.account_id,
        "repositories": {
            repo.name: {
                "tags": {
                    name: {"digest": t.digest, "size": t.size, "update_time": t.updated_at}
                    for name, t in sorted(repo.tags.items())
                },
                "sync_rules": [
                    {
                        "id": rule.id,
                        "remote_region": rule.remote_region,
                        "remote_namespace": rule.remote_namespace,
                        "sync_auto": rule.sync_auto,
                        "override": rule.override,
                    }
                    for rule in sorted(repo.rules.values(), key=lambda r: r.id)
                ],
                "sync_jobs": [
                    {
                        "id": job.id,
                        "kind": job.kind,
                        "tag": job.tag,
                        "digest": job.digest,
                        "remote_region": job.remote_region,
                        "remote_namespace": job.remote_namespace,
                        "override": job.override,
                        "status": job.status,
                        "created_at": job.created_at,
                        "updated_at": job.updated_at,
                    }
                    for job in repo.jobs
                ],
            }
            for repo in namespace.repositories.values()
        },
    }
