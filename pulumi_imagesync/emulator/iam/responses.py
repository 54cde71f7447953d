"""IAM v3 API actions: only the project list, which the SDKs call to find a region's project id.

``GET /v3/projects?name=<region>`` answers the caller's projects named ``<region>`` (exactly one
for a region, none for anything else), in Keystone's layout.
"""

from __future__ import annotations

from typing import Any

from ..protocols.huawei import HuaweiParams, HuaweiResponses, route
from .exceptions import InvalidRequest
from .models import IamBackend

PROJECTS = "/v3/projects"


class IamResponses(HuaweiResponses[IamBackend]):
    invalid = InvalidRequest

    @route("GET", PROJECTS, "KeystoneListProjects")
    def keystone_list_projects(self, p: HuaweiParams) -> dict[str, Any]:
        projects = self.backend.projects(self.account_id, p.query("name"))
        return {
            "projects": [
                {
                    "id": pid,
                    "name": region,
                    "domain_id": self.account_id,
                    "parent_id": self.account_id,
                    "description": "",
                    "enabled": True,
                    "is_domain": False,
                    "links": {"self": f"https://iam.myhuaweicloud.com/v3/projects/{pid}"},
                }
                for pid, region in projects
            ],
            "links": {"self": "https://iam.myhuaweicloud.com/v3/projects", "previous": None, "next": None},
        }
