"""SWR v2 API actions: read the parameters, call the backend, render the answer.

Fields and wire names are those of the SDK models (``huaweicloudsdkswr.v2.model``): ``SyncRepo``,
``SyncJob``, ``ShowReposTagResp`` (whose tag name is the wire key ``Tag``). Times are UTC
``2026-11-23T02:43:03Z``. A repository path parameter carries ``$`` where the name has ``/``.
Lists with a total answer it in ``Content-Range: <first>-<last>/<total>`` (``*/<total>`` for an
empty page). ``sync_images`` answers the list of tags it started jobs for (the real API's answer
is an undocumented list of strings). ``CreateSecret`` issues a docker login for the registry of the
call's region (or ``projectname``'s): ``{"auths": {<host>: {"auth": base64("user:password")}}}``
and the ``X-Swr-Dockerlogin`` / ``X-Swr-Expireat`` headers
(https://support.huaweicloud.com/intl/en-us/api-swr/swr_02_0052.html); the host, like the
``path`` of a tag, is where the region's OCI registry answers while the emulator serves.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any, TypeVar

from ..huawei_regions import SWR_REGION_NAMES, SWR_REGIONS
from ..protocols.huawei import Answer, HuaweiParams, HuaweiResponses, route
from ..timefmt import iso_z
from . import exceptions as exc
from .models import RepoRef, SwrBackend, SyncJob, SyncRule, Tag

T = TypeVar("T")

REPO = "/v2/manage/namespaces/{namespace}/repos/{repository}"
SYNC_REPO = f"{REPO}/sync_repo"
TAGS = f"{REPO}/tags"
JOB_FILTER_KEYS = {"limit", "offset", "order"}
TAG_FILTER_KEYS = {"limit", "offset", "order_column", "order_type", "tag"}
# The SDK documents `updated_at` only (ListRepositoryTagsRequest.order_column): anything else is
# refused, so that a provider relying on an undocumented order fails here first.
TAG_ORDER_COLUMNS = {"updated_at"}
MAX_LIMIT = 1000
LOGIN_SECONDS = (15 * 60, 6 * 3600, 24 * 3600)  # shortest, default ("valid for 6 hours"), longest


class SwrResponses(HuaweiResponses[SwrBackend]):
    invalid = exc.InvalidParam

    # --- automatic sync rules ------------------------------------------------------------------

    @route("POST", SYNC_REPO, "CreateImageSyncRepo")
    def create_image_sync_repo(self, p: HuaweiParams) -> dict[str, Any]:
        self.backend.create_rule(
            self._ref(p),
            p.text("remoteRegionId"),
            p.text("remoteNamespace"),
            sync_auto=p.boolean("syncAuto"),
            override=p.boolean("override"),
        )
        return {}

    @route("GET", SYNC_REPO, "ListImageAutoSyncReposDetails")
    def list_image_auto_sync_repos_details(self, p: HuaweiParams) -> list[dict[str, Any]]:
        ref = self._ref(p)
        return [self._sync_repo(ref, rule) for rule in self.backend.rules(ref)]

    @route("DELETE", SYNC_REPO, "DeleteImageSyncRepo")
    def delete_image_sync_repo(self, p: HuaweiParams) -> dict[str, Any]:
        self.backend.delete_rule(self._ref(p), p.text("remoteRegionId"), p.text("remoteNamespace"))
        return {}

    # --- manual sync and sync jobs -------------------------------------------------------------

    @route("POST", f"{REPO}/sync_images", "CreateManualImageSyncRepo")
    def create_manual_image_sync_repo(self, p: HuaweiParams) -> list[str]:
        jobs = self.backend.manual_sync(
            self._ref(p),
            p.texts("imageTag"),
            p.text("remoteRegionId"),
            p.text("remoteNamespace"),
            override=p.boolean("override"),
        )
        return [job.tag for job in jobs]

    @route("GET", f"{REPO}/sync_job", "ShowSyncJob")
    def show_sync_job(self, p: HuaweiParams) -> Answer:
        options = _filter(p, JOB_FILTER_KEYS)
        if "limit" not in options or "offset" not in options:
            raise exc.InvalidParam("filter must give limit::{limit}|offset::{offset} together")
        order = options.get("order", "desc")
        if order not in ("desc", "asc"):
            raise exc.InvalidParam(f"order must be desc or asc, got {order}")
        ref = self._ref(p)
        jobs = sorted(self.backend.jobs(ref), key=lambda job: job.id, reverse=order == "desc")
        offset, limit = _number(options["offset"], "offset", 0), _number(options["limit"], "limit", 1)
        return _page([self._sync_job(ref, job) for job in jobs], offset, limit)

    # --- tags ----------------------------------------------------------------------------------

    @route("GET", TAGS, "ListRepositoryTags")
    def list_repository_tags(self, p: HuaweiParams) -> Answer:
        options = {k: v for k in TAG_FILTER_KEYS if (v := p.query(k)) is not None}
        if p.query("filter"):
            options = _filter(p, TAG_FILTER_KEYS)  # the filter wins over the separate parameters
        column = options.get("order_column", "updated_at")
        if column not in TAG_ORDER_COLUMNS:
            raise exc.InvalidParam(f"order_column must be one of {', '.join(sorted(TAG_ORDER_COLUMNS))}")
        direction = options.get("order_type", "desc")
        if direction not in ("desc", "asc"):
            raise exc.InvalidParam(f"order_type must be desc or asc, got {direction}")
        ref = self._ref(p)
        wanted = options.get("tag") or ""
        found = [(name, tag) for name, tag in self.backend.repository(ref).tags.items() if wanted in name]
        key = {
            "updated_at": lambda item: (item[1].updated_at, item[0]),
            "created_at": lambda item: (item[1].created_at, item[0]),
            "tag": lambda item: item[0],
        }[column]
        found.sort(key=key, reverse=direction == "desc")
        offset = _number(options.get("offset", "0"), "offset", 0)
        limit = _number(options.get("limit", "100"), "limit", 1)
        rows = [{**self._tag(ref, name, tag, "Tag"), "deleted": "", "scanned": False} for name, tag in found]
        return _page(rows, offset, limit)

    @route("GET", f"{TAGS}/{{tag}}", "ShowRepoTag")
    def show_repo_tag(self, p: HuaweiParams) -> dict[str, Any]:
        ref = self._ref(p)
        return self._tag(ref, p.path("tag"), self.backend.tag(ref, p.path("tag")), "tag")

    @route("DELETE", f"{TAGS}/{{tag}}", "DeleteRepoTag")
    def delete_repo_tag(self, p: HuaweiParams) -> dict[str, Any]:
        self.backend.delete_tag(self._ref(p), p.path("tag"))
        return {}

    @route("POST", "/v2/manage/utils/secret", "CreateSecret")
    def create_secret(self, p: HuaweiParams) -> Answer:
        region = p.query("projectname") or self.region
        if region not in SWR_REGION_NAMES:
            raise exc.InvalidParam(f"projectname {region} is not a region of SWR")
        shortest, default, longest = LOGIN_SECONDS
        seconds = _number(p.query("duration_seconds") or str(default), "duration_seconds", shortest)
        if seconds > longest:
            raise exc.InvalidParam(f"duration_seconds must be between {shortest} and {longest}")
        login = self.backend.issue_login(region, self.account_id, seconds)
        host = self._registry_host(region)
        auth = base64.b64encode(f"{login.username}:{login.password}".encode()).decode()
        expires = iso_z(login.expires_at or 0).replace("Z", ".000Z")
        return Answer(
            {"auths": {host: {"auth": auth}}},
            headers=(
                ("X-Swr-Dockerlogin", f"docker login -u {login.username} -p {login.password} {host}"),
                ("X-Swr-Expireat", expires),
            ),
        )

    @route("GET", "/v2/manage/regions", "ListSyncRegions")
    def list_sync_regions(self, p: HuaweiParams) -> list[dict[str, str]]:
        return [{"regionID": region} for region in SWR_REGIONS if region != self.region]

    # --- helpers -------------------------------------------------------------------------------

    def _ref(self, p: HuaweiParams) -> RepoRef:
        return RepoRef(
            self.region, self.account_id, p.path("namespace"), p.path("repository").replace("$", "/")
        )

    def _sync_repo(self, ref: RepoRef, rule: SyncRule) -> dict[str, Any]:
        return {
            "id": rule.id,
            "namespace": ref.namespace,
            "repoName": ref.repository,
            "remoteRegionId": rule.remote_region,
            "remoteNamespace": rule.remote_namespace,
            "syncAuto": rule.sync_auto,
            "override": rule.override,
            "createdAt": iso_z(rule.created_at),
            "updatedAt": iso_z(rule.updated_at),
            "domainID": rule.account_id,
            "domainName": domain_name(rule.account_id),
        }

    @staticmethod
    def _sync_job(ref: RepoRef, job: SyncJob) -> dict[str, Any]:
        return {
            "id": job.id,
            "namespace": ref.namespace,
            "repoName": ref.repository,
            "tag": job.tag,
            "remoteRegionId": job.remote_region,
            "remoteNamespace": job.remote_namespace,
            "override": job.override,
            "status": job.status,
            "createdAt": iso_z(job.created_at),
            "updatedAt": iso_z(job.updated_at),
            "domainID": job.operator_id,
            "domainName": domain_name(job.operator_id),
            "syncOperatorId": job.operator_id,
            "syncOperatorName": domain_name(job.operator_id),
        }

    def _registry_host(self, region: str) -> str:
        return self.backend.endpoint(region) or f"swr.{region}.myhuaweicloud.com"

    def _tag(self, ref: RepoRef, name: str, tag: Tag, tag_key: str) -> dict[str, Any]:
        repository = self.backend.repository(ref)
        path = f"{ref.namespace}/{ref.repository}:{name}"
        manifest = self.backend.content(ref.region).manifest(f"{ref.namespace}/{ref.repository}", tag.digest)
        host = self._registry_host(ref.region)
        return {
            "id": tag.id,
            "repo_id": repository.id,
            tag_key: name,
            "image_id": self.backend.content(ref.region).image_id(
                f"{ref.namespace}/{ref.repository}", tag.digest
            ),
            "manifest": manifest.raw.decode() if manifest else "",
            "digest": tag.digest,
            "schema": 2,
            "path": f"{host}/{path}",
            "internal_path": f"{host}/{path}",
            "size": tag.size,
            "is_trusted": False,
            "created": iso_z(tag.created_at),
            "updated": iso_z(tag.updated_at),
            "domain_id": ref.account_id,
            "tag_type": 1 if manifest is not None and manifest.is_index else 0,
        }


def domain_name(account_id: str) -> str:
    return f"account-{account_id}"


def _filter(p: HuaweiParams, keys: set[str]) -> dict[str, str]:
    """``filter=key::value|key::value``."""
    options = {}
    for item in (p.query("filter") or "").split("|"):
        if not item:
            continue
        key, sep, value = item.partition("::")
        if not sep or key not in keys:
            raise exc.InvalidParam(f"filter item {item!r} is not one of {', '.join(sorted(keys))}::<value>")
        options[key] = value
    return options


def _number(value: str, name: str, minimum: int) -> int:
    try:
        number = int(value)
    except ValueError:
        raise exc.InvalidParam(f"{name} must be an integer, got {value!r}") from None
    if not minimum <= number <= (MAX_LIMIT if name == "limit" else number):
        raise exc.InvalidParam(
            f"{name} must be between {minimum} and {MAX_LIMIT if name == 'limit' else 'any'}"
        )
    return number


def _page(rows: Sequence[T], offset: int, limit: int) -> Answer:
    page = list(rows[offset : offset + limit])
    content_range = f"{offset}-{offset + len(page) - 1}/{len(rows)}" if page else f"*/{len(rows)}"
    return Answer(page, headers=(("Content-Range", content_range),))
