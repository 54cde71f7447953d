"""Fault injection: what goes wrong, for which calls, how often.

``POST /_emulator/faults`` replaces the whole fault set with this document (``{}`` clears it;
``GET /_emulator/faults`` returns it with each rule's ``seen``/``fired`` counters)::

    {"rules": [{"cloud": "tencentcloud", "service": "tcr", "action": "DuplicateImage",
                "region": "ap-guangzhou",
                "kind": "error" | "http_error" | "drop" | "latency" | "throttle",
                "code": "InternalError", "message": "...", "status": 503,
                "when": "before" | "after", "seconds": 2.0, "rate": 20, "tokens": 0,
                "times": 3, "skip": 0}],
     "rate_limits": "documented",
     "copies": {"tcr": {"seconds": 0, "fail": [{"registry_id": "...", "namespace": "...",
                                                "repository": "...", "tag": "..."}]},
                "acr": {"seconds": 30, "history_seconds": 3600, "fail": [{"instance_id": "..."}]},
                "cvm": {"seconds": 60, "durations": [{"region": "ap-singapore", "seconds": 300}],
                        "fail": [{"region": "ap-shanghai"}]}},
     "time_scale": 1.0}

Rules:
- match keys ``cloud``/``service``/``action``/``region`` are optional; absent or ``"*"`` = any.
- ``error``: the cloud's own error envelope with ``code``/``message`` (Tencent: HTTP 200 + envelope;
  REST clouds use ``status``, default 500; Alibaba: a ``status`` of 4xx/5xx is a gateway error,
  ``status: 200`` a business error answered with HTTP 200 and ``IsSuccess: false``, which the SDK
  does not raise). ``http_error``: a bare ``status`` (default 503) with an HTML body, as a load
  balancer sends. ``drop``: the connection is closed without a response.
- ``when``: ``before`` (default; the request is not executed) or ``after`` (the action IS executed,
  then the error/drop replaces its answer: proves creates are safe to repeat).
- ``latency``: sleep ``seconds`` of real time (before or after executing), then carry on.
- ``throttle``: a token bucket of ``rate`` requests/second (burst = rate) per
  (cloud, service, action, region); requests over it get the cloud's throttling error. Always
  checked before execution. ``tokens``: what each bucket holds at its first request (default a
  full burst); ``0`` = the burst was spent by other clients of the account, so even the first
  request of each action is throttled.
- ``skip``: let the first N matching requests through untouched; ``times``: fire at most N times
  (for ``throttle``: reject at most N requests).
- Rules are checked in order; latencies add up; the first error/http_error/drop/throttle wins.

Registry traffic (``registry.dispatch``) is matched with ``"service": "registry"`` and an action
such as ``"GET blob"`` or ``"PUT manifest"`` (``registry.routes`` lists them); ``throttle`` answers
``429 TOOMANYREQUESTS``, ``error`` the OCI error envelope with ``code`` and ``status``.

``rate_limits: "documented"`` adds throttling at the clouds' documented per-action limits (the table
sits with the service registrations in ``services.py``, with the documents it comes from), counted
per action and caller (the access key the request names), as Tencent counts them.
``copies`` holds per-service copy behaviour:
``seconds`` (emulated duration of a copy, default 0 = instant), ``durations`` (entries like
``fail``'s plus their own ``seconds``: the first entry matching a copy sets its duration, e.g. one
region slower than another), ``fail`` (entries matched against the copy's destination; each service
documents its keys) and ``history_seconds`` (how long the record of a finished copy, e.g. an ACR
sync task, stays readable; absent = forever).
``time_scale`` (emulated seconds per real second) is applied to the clock; absent = unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .calls import Call
from .errors import AdminError

KINDS = ("error", "http_error", "drop", "latency", "throttle")
MATCH_KEYS = ("cloud", "service", "action", "region")
RULE_KEYS = frozenset(
    {*MATCH_KEYS, "kind", "code", "message", "status", "when", "seconds", "rate", "tokens", "times", "skip"}
)
ThrottleKey = tuple[str, str, str, str]
RateTable = Mapping[tuple[str, str], Mapping[str, float]]


class TokenBucket:
    """``rate`` tokens per second, at most ``rate`` (and at least 1) banked; full at first unless
    ``tokens`` says how many it starts with."""

    def __init__(self, rate: float, now: float, tokens: float | None = None) -> None:
        self.rate = rate
        self.capacity = max(rate, 1.0)
        self.tokens = self.capacity if tokens is None else min(tokens, self.capacity)
        self.last = now

    def allow(self, now: float) -> bool:
        self.tokens = min(self.capacity, self.tokens + max(0.0, now - self.last) * self.rate)
        self.last = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False


@dataclass(frozen=True)
class Fault:
    """What replaces a call's answer."""

    kind: str  # error | http_error | drop | throttle
    code: str = ""
    message: str = ""
    status: int = 0


@dataclass
class Verdict:
    delay: float = 0.0
    fault: Fault | None = None


@dataclass
class FaultRule:
    kind: str
    cloud: str | None = None
    service: str | None = None
    action: str | None = None
    region: str | None = None
    when: str = "before"
    code: str = "InternalError"
    message: str = "fault injected by imagesync-emulator"
    status: int | None = None
    seconds: float = 0.0
    rate: float = 0.0
    tokens: float | None = None
    times: int | None = None
    skip: int = 0
    seen: int = 0
    fired: int = 0
    buckets: dict[ThrottleKey, TokenBucket] = field(default_factory=dict, repr=False)

    @classmethod
    def parse(cls, doc: Any, index: int) -> FaultRule:
        where = f"rules[{index}]"
        if not isinstance(doc, Mapping):
            raise AdminError(f"{where} must be an object")
        unknown = set(doc) - RULE_KEYS
        if unknown:
            raise AdminError(f"{where}: unknown keys {sorted(unknown)}")
        kind = doc.get("kind")
        if kind not in KINDS:
            raise AdminError(f"{where}.kind must be one of {list(KINDS)}, got {kind!r}")
        rule = cls(kind=kind)
        for key in (*MATCH_KEYS, "code", "message"):
            if key in doc and doc[key] is not None:
                value = doc[key]
                if not isinstance(value, str):
                    raise AdminError(f"{where}.{key} must be a string")
                setattr(rule, key, None if value == "*" and key in MATCH_KEYS else value)
        when = doc.get("when", "before")
        if when not in ("before", "after"):
            raise AdminError(f"{where}.when must be 'before' or 'after'")
        rule.when = when
        rule.status = _number(doc, "status", where, integer=True)
        rule.seconds = _number(doc, "seconds", where) or 0.0
        rule.rate = _number(doc, "rate", where) or 0.0
        rule.tokens = _number(doc, "tokens", where)
        rule.times = _number(doc, "times", where, integer=True)
        rule.skip = _number(doc, "skip", where, integer=True) or 0
        if kind == "latency" and rule.seconds <= 0:
            raise AdminError(f"{where}: a latency rule needs seconds > 0")
        if kind == "throttle" and rule.rate <= 0:
            raise AdminError(f"{where}: a throttle rule needs rate > 0")
        if kind != "throttle" and rule.tokens is not None:
            raise AdminError(f"{where}: tokens is for throttle rules")
        if kind == "http_error" and rule.status is not None and not 100 <= rule.status <= 599:
            raise AdminError(f"{where}.status must be an HTTP status")
        return rule

    def matches(self, call: Call, when: str) -> bool:
        phase = "before" if self.kind == "throttle" else self.when
        if phase != when:
            return False
        return all(
            getattr(self, key) in (None, getattr(call, key))
            for key in ("cloud", "service", "action", "region")
        )

    def consult(self, call: Call, now_real: float) -> bool:
        """Count a matching call; True when this rule fires for it."""
        self.seen += 1
        if self.seen <= self.skip or (self.times is not None and self.fired >= self.times):
            return False
        if self.kind == "throttle":
            key = (call.cloud, call.service, call.action, call.region)
            bucket = self.buckets.get(key)
            if bucket is None:
                bucket = self.buckets[key] = TokenBucket(self.rate, now_real, self.tokens)
            if bucket.allow(now_real):
                return False
        self.fired += 1
        return True

    def fault(self) -> Fault:
        default_status = 503 if self.kind == "http_error" else 500
        return Fault(self.kind, self.code, self.message, self.status or default_status)

    def to_json(self) -> dict[str, Any]:
        doc: dict[str, Any] = {key: getattr(self, key) for key in MATCH_KEYS if getattr(self, key)}
        doc.update(kind=self.kind, when=self.when, skip=self.skip, seen=self.seen, fired=self.fired)
        if self.kind == "error":
            doc.update(code=self.code, message=self.message)
        if self.kind in ("error", "http_error"):
            doc["status"] = self.fault().status
        if self.kind == "latency":
            doc["seconds"] = self.seconds
        if self.kind == "throttle":
            doc["rate"] = self.rate
            if self.tokens is not None:
                doc["tokens"] = self.tokens
        if self.times is not None:
            doc["times"] = self.times
        return doc


@dataclass(frozen=True)
class CopySettings:
    """How a service's copies behave: duration and record lifetime (emulated seconds), which fail."""

    seconds: float = 0.0
    fail: tuple[Mapping[str, str], ...] = ()
    history_seconds: float | None = None  # None: the records of finished copies are kept forever
    durations: tuple[tuple[Mapping[str, str], float], ...] = ()

    def fails(self, **target: str) -> bool:
        """True when an entry of ``fail`` matches every key it names (``"*"`` = any)."""
        return any(_matches(entry, target) for entry in self.fail)

    def seconds_for(self, **target: str) -> float:
        """The duration of a copy: the first ``durations`` entry matching it, else ``seconds``."""
        for entry, seconds in self.durations:
            if _matches(entry, target):
                return seconds
        return self.seconds

    def to_json(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"seconds": self.seconds, "fail": [dict(entry) for entry in self.fail]}
        if self.history_seconds is not None:
            doc["history_seconds"] = self.history_seconds
        if self.durations:
            doc["durations"] = [{**entry, "seconds": seconds} for entry, seconds in self.durations]
        return doc

    @classmethod
    def parse(cls, doc: Any, service: str, fail_keys: frozenset[str]) -> CopySettings:
        where = f"copies.{service}"
        if not isinstance(doc, Mapping):
            raise AdminError(f"{where} must be an object")
        unknown = set(doc) - {"seconds", "fail", "history_seconds", "durations"}
        if unknown:
            raise AdminError(f"{where}: unknown keys {sorted(unknown)}")
        seconds = _number(doc, "seconds", where) or 0.0
        history_seconds = _number(doc, "history_seconds", where)
        fail = tuple(_match_entries(doc, "fail", where, fail_keys))
        durations = []
        for i, entry in enumerate(
            _match_entries(doc, "durations", where, fail_keys, extra=frozenset({"seconds"}))
        ):
            duration = _number(entry, "seconds", f"{where}.durations[{i}]")
            if duration is None:
                raise AdminError(f"{where}.durations[{i}].seconds is required")
            durations.append(({k: v for k, v in entry.items() if k != "seconds"}, duration))
        return cls(seconds, fail, history_seconds, tuple(durations))


def _matches(entry: Mapping[str, str], target: Mapping[str, str]) -> bool:
    return all(v in ("*", target.get(k)) for k, v in entry.items())


def _match_entries(
    doc: Mapping[str, Any], key: str, where: str, keys: frozenset[str], *, extra: frozenset[str] = frozenset()
) -> list[dict[str, Any]]:
    """``doc[key]``: a list of objects whose keys are among ``keys`` with string values (``extra`` keys aside)."""
    raw = doc.get(key, [])
    if not isinstance(raw, list):
        raise AdminError(f"{where}.{key} must be a list")
    entries = []
    for i, entry in enumerate(raw):
        if not isinstance(entry, Mapping) or not all(
            isinstance(v, str) for k, v in entry.items() if k not in extra
        ):
            raise AdminError(f"{where}.{key}[{i}] must be an object of strings")
        if set(entry) - keys - extra:
            raise AdminError(f"{where}.{key}[{i}]: keys must be among {sorted(keys | extra)}")
        entries.append(dict(entry))
    return entries


class FaultSet:
    """The active rules, documented rate limits, copy settings and requested time scale."""

    def __init__(
        self,
        rules: list[FaultRule] | None = None,
        *,
        documented: RateTable | None = None,
        copies: Mapping[str, CopySettings] | None = None,
        time_scale: float | None = None,
    ) -> None:
        self.rules = rules or []
        self.documented = documented
        self.copies = dict(copies or {})
        self.time_scale = time_scale
        self._documented_buckets: dict[ThrottleKey, TokenBucket] = {}

    @classmethod
    def parse(cls, doc: Any, rate_table: RateTable, fail_keys: Mapping[str, frozenset[str]]) -> FaultSet:
        if not isinstance(doc, Mapping):
            raise AdminError("the faults document must be an object")
        unknown = set(doc) - {"rules", "rate_limits", "copies", "time_scale"}
        if unknown:
            raise AdminError(f"unknown keys {sorted(unknown)}")
        raw_rules = doc.get("rules") or []
        if not isinstance(raw_rules, list):
            raise AdminError("rules must be a list")
        rules = [FaultRule.parse(rule, i) for i, rule in enumerate(raw_rules)]
        rate_limits = doc.get("rate_limits")
        if rate_limits not in (None, "documented", "none"):
            raise AdminError("rate_limits must be 'documented' (or absent)")
        copies_doc = doc.get("copies") or {}
        if not isinstance(copies_doc, Mapping):
            raise AdminError("copies must be an object")
        copies = {}
        for service, settings in copies_doc.items():
            if service not in fail_keys:
                raise AdminError(f"copies: unknown service {service!r} (known: {sorted(fail_keys)})")
            copies[service] = CopySettings.parse(settings, service, fail_keys[service])
        time_scale = _number(doc, "time_scale", "faults")
        if time_scale is not None and time_scale <= 0:
            raise AdminError("time_scale must be > 0")
        documented = rate_table if rate_limits == "documented" else None
        return cls(rules, documented=documented, copies=copies, time_scale=time_scale)

    def decide(self, call: Call, when: str, now_real: float) -> Verdict:
        verdict = Verdict()
        for rule in self.rules:
            if not rule.matches(call, when) or not rule.consult(call, now_real):
                continue
            if rule.kind == "latency":
                verdict.delay += rule.seconds
                continue
            verdict.fault = rule.fault()
            return verdict
        if when == "before" and self._documented_throttles(call, now_real):
            verdict.fault = Fault("throttle")
        return verdict

    def copy_settings(self, service: str) -> CopySettings:
        return self.copies.get(service, CopySettings())

    def to_json(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"rules": [rule.to_json() for rule in self.rules]}
        if self.documented is not None:
            doc["rate_limits"] = "documented"
        if self.copies:
            doc["copies"] = {service: settings.to_json() for service, settings in self.copies.items()}
        if self.time_scale is not None:
            doc["time_scale"] = self.time_scale
        return doc

    def _documented_throttles(self, call: Call, now_real: float) -> bool:
        if self.documented is None:
            return False
        rate = self.documented.get((call.cloud, call.service), {}).get(call.action)
        if rate is None:
            return False
        # Counted per API and caller, not per the region a call acts in: Tencent counts API +
        # access region + sub-account (https://cloud.tencent.com/document/product/1278/109059),
        # and the emulator is one access region.
        key = (call.cloud, call.service, call.action, call.caller)
        bucket = self._documented_buckets.setdefault(key, TokenBucket(rate, now_real))
        return not bucket.allow(now_real)


def _number(doc: Mapping[str, Any], key: str, where: str, *, integer: bool = False) -> Any:
    value = doc.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise AdminError(f"{where}.{key} must be a number")
    if integer:
        if value != int(value) or value < 0:
            raise AdminError(f"{where}.{key} must be a non-negative integer")
        return int(value)
    if value < 0:
        raise AdminError(f"{where}.{key} must be >= 0")
    return float(value)
