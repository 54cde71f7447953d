"""``GET /_emulator/registries``: every registry, where it answers, how to log in, what it holds.

Secrets are never listed (logins are issued by the cloud APIs, see each cloud's ``registry.py``).
"""

from __future__ import annotations

from typing import Any

from .auth import BEARER
from .hosts import RegistryHost


def describe(host: RegistryHost, endpoint: str | None) -> dict[str, Any]:
    auth: dict[str, Any] = {"scheme": host.auth.kind}
    if host.auth.kind == BEARER:
        auth.update(realm=host.auth.realm_path, service=host.auth.service)
    if host.auth.issued_by:
        auth["logins"] = host.auth.issued_by
    content = host.content
    repositories = {}
    for name in sorted(set(host.repositories()) | set(content.repositories)):
        held = content.repository(name)
        repositories[name] = {
            "tags": dict(sorted((host.tags(name) or {}).items())),
            "manifests": sorted(held.manifests) if held else [],
            "blobs": sorted(held.blobs) if held else [],
        }
    return {
        "cloud": host.key.cloud,
        "id": host.key.id,
        "region": host.region,
        "account_id": host.account_id,
        "endpoint": endpoint,
        "url": f"http://{endpoint}" if endpoint else None,
        "auth": auth,
        "repositories": repositories,
    }
