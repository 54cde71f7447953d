"""IAM projects: every account has one project per SWR region, with a derived id.

No state of its own: project ids come from `huawei_regions.project_id`, so they are the same in
every world and a test can compute them. The snapshot lists them per account, for users who want
to configure `huaweicloud:projectId` against the emulator.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..backend import ServiceContext
from ..errors import AdminError
from ..huawei_regions import SWR_REGIONS, project_id


class IamBackend:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def projects(self, account_id: str, name: str | None) -> list[tuple[str, str]]:
        """(project id, region) of an account's projects, all or the one named `name`."""
        regions = SWR_REGIONS if name is None else [r for r in SWR_REGIONS if r == name]
        return [(project_id(account_id, region), region) for region in regions]

    def advance(self, now: float) -> None:
        """Nothing happens over time in IAM."""

    def plan_seed(self, doc: Any) -> Callable[[], None]:
        if doc not in (None, {}):
            raise AdminError("iam takes no seed: project ids are derived from the account and the region")
        return lambda: None

    def snapshot(self) -> dict[str, Any]:
        return {
            "projects": {
                account: {region: pid for pid, region in self.projects(account, None)}
                for account in sorted(self.ctx.accounts.account_ids())
            }
        }
