"""What one cloud API call is (cloud, service, action, region, account) and the log of all of them.

Registry traffic is logged too (service ``registry``, actions such as ``GET blob``), with the
registry and repository it went to (``target``) and the bytes of its body (``bytes``).

The log is how tests prove that no cloud call was made, and how benchmarks count calls. Each
record keeps apart what the caller was answered (``outcome``) and what the action itself did
(``result``): with a fault injected ``after``, a create that took effect is answered ``dropped``,
and only ``result == "ok"`` tells that it ran.
"""

from __future__ import annotations

import uuid
from collections import deque
from dataclasses import asdict, dataclass, field
from typing import Any

MAX_RECORDS = 100_000  # a long CI run keeps the newest; seq numbers keep counting


@dataclass
class Call:
    """One cloud request, as identified by its protocol (filled in as it is learnt)."""

    cloud: str
    service: str = ""
    action: str = ""
    region: str = ""
    account_id: str = ""
    request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    caller: str = ""
    """The access key id the request names (not yet verified), for limits counted per caller;
    kept out of the call log."""
    target: str = ""  # registry traffic: "<registry>/<repository>[@<digest>|:<tag>]"
    bytes: int | None = None  # registry traffic: body bytes received or answered


@dataclass(frozen=True)
class CallRecord:
    seq: int
    cloud: str
    service: str
    action: str
    region: str
    account_id: str
    outcome: str  # what the caller got: "ok", the error code, "dropped" or "http_<status>"
    real_time: float
    emulated_time: float
    result: str | None = None  # what the action did: "ok" or its error code; None: it never ran
    target: str = ""
    bytes: int | None = None

    def to_json(self) -> dict[str, Any]:
        doc = asdict(self)
        for key in ("target", "bytes"):  # registry traffic only
            if doc[key] in ("", None):
                del doc[key]
        return doc


class CallLog:
    def __init__(self) -> None:
        self._records: deque[CallRecord] = deque(maxlen=MAX_RECORDS)
        self._seq = 0

    def append(
        self,
        call: Call,
        outcome: str,
        real_time: float,
        emulated_time: float,
        result: str | None = None,
    ) -> CallRecord:
        self._seq += 1
        record = CallRecord(
            self._seq,
            call.cloud,
            call.service,
            call.action,
            call.region,
            call.account_id,
            outcome,
            real_time,
            emulated_time,
            result,
            call.target,
            call.bytes,
        )
        self._records.append(record)
        return record

    def since(self, seq: int = 0) -> list[CallRecord]:
        return [record for record in self._records if record.seq > seq]

    def clear(self) -> None:
        self._records.clear()
        self._seq = 0
