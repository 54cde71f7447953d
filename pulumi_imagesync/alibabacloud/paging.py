"""Reading ACR's paged list calls to the end.

The cr 2018-12-01 list calls take `PageNo` and `PageSize` and answer `TotalCount` (a string in
some models, an integer in others) and document no order (docs/cloud-assumptions.md, A-PAGE-1):
nothing short of every page can say what exists, or which item is the newest.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from .api import AlibabaApi

PAGE_SIZE = 100  # the largest page the list calls document (ListRepository, ListRepoTag)
MAX_PAGES = 1000


def pages(api: AlibabaApi, action: str, request: Mapping[str, Any], items: str) -> Iterator[dict[str, Any]]:
    """Every item of a paged list, page after page.

    Robust to either reading of the paging fields: it stops at an empty page, once `TotalCount` (a
    string or an integer, as the models have it) is reached, or, without a total, at a short page;
    a cloud that pages by fewer than asked is followed as long as the total says there is more.
    """
    seen = 0
    for page_no in range(1, MAX_PAGES + 1):
        answer = api.call(action, {**request, "PageNo": page_no, "PageSize": PAGE_SIZE})
        found = list(answer.get(items) or [])
        yield from found
        seen += len(found)
        total = count(answer.get("TotalCount"))
        if not found or (total is not None and seen >= total) or (total is None and len(found) < PAGE_SIZE):
            return


def _count(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def count(value: Any) -> int | None:
    """A count as the models give it (a string or an integer), or None."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
