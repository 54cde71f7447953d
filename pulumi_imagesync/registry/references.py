"""Image references: where an image is, in which cloud's registry, and how `check` knows one offline.

A reference is a map (`ImageRefArgs` in a program): `cloud` (`tencentcloud`, `huaweicloud`,
`alibabacloud` or `oci`), the registry — a TCR or ACR Enterprise instance id with its `region`; an
SWR region (SWR's registry is per region, `registry` is not used); any OCI registry's `host` with
its `username`, `password` and `insecure` — then `repository` and `tag` (or, for a source, `digest`),
and optionally `profile`, the credential set of another account.

Each cloud's names are checked against the rules its other resources check them with (the same
patterns, imported from them). Failures name the nested field, `source.repository`, as the user
wrote it.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pulumi.dynamic import CheckFailure

from ..alibabacloud import sync_repo_task_provider as acr_names
from ..alibabacloud.regions import REGIONS as ALIBABA_REGIONS
from ..huaweicloud import sync_repo_task_provider as swr_names
from ..huaweicloud.regions import REGIONS as HUAWEI_REGIONS
from ..provider.errors import ConfigurationError
from ..provider.fields import describe_value, is_unknown, show
from ..provider.settings import Settings
from ..provider.validation import (
    PATH_COMPONENT_RE,
    REPOSITORY_RE,
    TAG_RE,
    Checks,
    character_hint,
)
from ..tencentcloud import image_duplicate_provider as tcr_names
from ..tencentcloud.regions import REGIONS as TENCENT_REGIONS

TENCENT, HUAWEI, ALIBABA, OCI = "tencentcloud", "huaweicloud", "alibabacloud", "oci"
CLOUDS = (TENCENT, HUAWEI, ALIBABA, OCI)
SIDES = ("source", "destination")

KEYS = frozenset(
    {
        "cloud",
        "registry",
        "region",
        "repository",
        "tag",
        "digest",
        "profile",
        "host",
        "username",
        "password",
        "insecure",
    }
)
CLOUD_KEYS = frozenset({"profile"})  # what only the three clouds take
OCI_KEYS = frozenset({"host", "username", "password", "insecure"})  # what only `oci` takes
# What names the image (identity of a destination, in-place fields of a source); the rest (the
# credentials to reach it, plain HTTP) changes nothing about which image it is.
NAMING_KEYS = ("cloud", "registry", "region", "host", "repository", "tag", "digest")

DIGEST_RE = re.compile(r"^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$")
# A host and optional port, as an RFC 3986 authority without user info: a DNS name, an IPv4
# address or a bracketed IPv6 address (`registry.example.com:5000`, `[::1]:5000`).
HOST_RE = re.compile(
    r"^(?:(?P<name>[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)"
    r"|\[(?P<ipv6>[0-9A-Fa-f:.]+)\])(?::(?P<port>[0-9]{1,5}))?$"
)
HOST_RULE = "a registry host name or address with an optional port, e.g. registry.example.com:5000 (no scheme, no path)"
# Clients limit `<host>/<repository>` to 255 characters (distribution-spec v1.1, "Pulling manifests").
MAX_REFERENCE = 255
PLATFORM_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._-]*(?:/[a-z0-9][a-z0-9._-]*)?$")
PLATFORM_RULE = "os/architecture[/variant], e.g. linux/amd64 or linux/arm64/v8"


@dataclass(frozen=True)
class NameRules:
    """How one cloud names a registry, its regions, and the two parts of a repository."""

    label: str  # "Tencent Cloud"
    registry_words: str  # "TCR instance"
    registry_re: re.Pattern[str] | None  # None: the cloud's references take no `registry`
    registry_rule: str
    regions: frozenset[str] | None  # None: no region (`oci`)
    namespace: tuple[re.Pattern[str], str, int, int] | None  # pattern, rule, min and max length
    name: tuple[re.Pattern[str], str, int, int]


# TCR's documented names (SDK `tencentcloud/tcr/v20190924/models.py`): `CreateNamespaceRequest.
# NamespaceName` "2-30 characters, lower-case letters, digits and the separators '.', '_', '-',
# not first, last or next to another"; `CreateRepositoryRequest.RepositoryName` "more than 2 and
# fewer than 245 characters" (its components, as `docker push` makes them, in Docker's grammar).
TCR_NAMESPACE_RE = re.compile(r"^[a-z0-9]+(?:[._-][a-z0-9]+)*$")
TCR_NAMESPACE_RULE = "lower-case letters and digits, separated by single '.', '_' or '-'"
TCR_NAME_RULE = (
    "lower-case letters and digits separated by single '.', '_', '__' or runs of '-', path segments "
    "separated by '/'"
)

RULES: dict[str, NameRules] = {
    TENCENT: NameRules(
        "Tencent Cloud",
        "TCR instance",
        tcr_names.REGISTRY_ID_RE,
        "a TCR instance id looks like tcr-xxxxxxxx",
        TENCENT_REGIONS,
        (TCR_NAMESPACE_RE, TCR_NAMESPACE_RULE, 2, 30),
        (REPOSITORY_RE, TCR_NAME_RULE, 3, 244),
    ),
    HUAWEI: NameRules(
        "Huawei Cloud",
        "SWR",
        None,
        "",
        HUAWEI_REGIONS,
        (swr_names.NAMESPACE_RE, swr_names.NAMESPACE_RULE, 1, 64),
        (swr_names.REPOSITORY_RE, swr_names.REPOSITORY_RULE, 1, 128),
    ),
    ALIBABA: NameRules(
        "Alibaba Cloud",
        "ACR instance",
        acr_names.INSTANCE_ID_RE,
        acr_names.INSTANCE_RULE,
        ALIBABA_REGIONS,
        (PATH_COMPONENT_RE, acr_names.NAMESPACE_RULE, 2, 120),
        (REPOSITORY_RE, acr_names.REPOSITORY_RULE, 2, 120),
    ),
    OCI: NameRules(
        "OCI",
        "registry",
        None,
        "",
        None,
        None,
        (
            REPOSITORY_RE,
            "lower-case letters and digits separated by '.', '_', '__' or '-', path components separated by '/'",
            1,
            MAX_REFERENCE,
        ),
    ),
}


@dataclass(frozen=True)
class ImageRef:
    """One side of a copy, its defaults filled in (a region from the configuration, the resource's profile)."""

    side: str
    cloud: str
    repository: str
    tag: str | None = None
    digest: str | None = None
    registry: str | None = None
    region: str | None = None
    profile: str | None = None
    host: str | None = None
    username: str | None = None
    password: str | None = None
    insecure: bool = False

    @classmethod
    def of(cls, side: str, doc: Mapping[str, Any], default_profile: str | None = None) -> ImageRef:
        """The reference the (checked) map `doc` describes."""

        def text(key: str) -> str | None:
            value = doc.get(key)
            return str(value) if value not in (None, "") else None

        return cls(
            side=side,
            cloud=str(doc["cloud"]),
            repository=str(doc["repository"]),
            tag=text("tag"),
            digest=text("digest"),
            registry=text("registry"),
            region=text("region"),
            profile=(text("profile") or default_profile) if doc["cloud"] != OCI else None,
            host=text("host"),
            username=text("username"),
            password=text("password"),
            insecure=bool(doc.get("insecure", False)),
        )

    @property
    def reference(self) -> str:
        """The tag, else the digest: what the registry API is asked for."""
        return self.tag or str(self.digest)

    @property
    def registry_key(self) -> str:
        """What names the registry among its cloud's: the instance id, the SWR region, the host."""
        if self.cloud == OCI:
            return str(self.host)
        return str(self.registry or self.region)

    @property
    def where(self) -> str:
        """The registry in words: `TCR instance tcr-e8pg46c6 (ap-guangzhou)`, `SWR cn-north-4`."""
        if self.cloud == OCI:
            return f"registry {self.host}"
        if self.cloud == HUAWEI:
            return f"SWR {self.region}"
        return f"{RULES[self.cloud].registry_words} {self.registry} ({self.region})"

    def describe(self) -> str:
        separator = ":" if self.tag else "@"
        return f"{self.repository}{separator}{self.reference} in {self.where}"


def ref_doc(props: Mapping[str, Any], side: str) -> dict[str, Any]:
    value = props.get(side)
    return dict(value) if isinstance(value, Mapping) else {}


def naming(value: Any) -> Any:
    """What names the image of a reference map (for diffs); anything else as it is."""
    if not isinstance(value, Mapping) or is_unknown(value):
        return value
    named = {key: value[key] for key in NAMING_KEYS if value.get(key) not in (None, "")}
    if isinstance(named.get("host"), str):
        named["host"] = named["host"].lower()
    return named


# -- defaults -----------------------------------------------------------------------------------


def fill_region(doc: dict[str, Any], settings: Settings, default_profile: Any) -> None:
    """A cloud reference without `region` takes the configured one (of its profile, if it has one)."""
    cloud, region = doc.get("cloud"), doc.get("region")
    if cloud not in (TENCENT, HUAWEI, ALIBABA) or region not in (None, ""):
        return
    profile = doc.get("profile") or default_profile
    if is_unknown(profile):  # a preview: the region comes from a profile not known yet
        doc["region"] = profile
        return
    try:
        configured = settings.region(cloud, profile or None)
    except ConfigurationError:
        return  # the profile's own failure says it
    if configured:
        doc["region"] = configured


# -- checks -------------------------------------------------------------------------------------


def check_refs(
    inputs: Mapping[str, Any], settings: Settings, default_profile: Any, *, tagged: bool = True
) -> list[CheckFailure]:
    """Every failure of the two references (fields of a reference still unknown are skipped).
    `tagged=False`: references to whole repositories (a mirror), which name no tag or digest."""
    failures: list[CheckFailure] = []
    for side in SIDES:
        value = inputs.get(side)
        if value is None:
            continue
        if not isinstance(value, Mapping):
            if not is_unknown(value):
                failures.append(CheckFailure(side, f"must be a map, got {describe_value(value)}"))
            continue
        failures.extend(_check_ref(side, value, settings, default_profile, tagged))
    if not failures:
        failures.extend(_check_different(inputs, tagged))
    once: dict[str, CheckFailure] = {}
    for failure in failures:  # a resource's profile wrong for both sides is one mistake
        once.setdefault(failure.property, failure)
    return list(once.values())


def _check_ref(
    side: str, doc: Mapping[str, Any], settings: Settings, default_profile: Any, tagged: bool = True
) -> Iterable[CheckFailure]:
    given = {f"{side}.{k}": v for k, v in doc.items() if v is not None and v != "" and not is_unknown(v)}
    typed, wrong = {}, {}
    for key, value in given.items():
        expected = bool if key.endswith(".insecure") else str
        if isinstance(value, expected):
            typed[key] = value
        else:
            wrong[key] = (
                f"must be {'true or false' if expected is bool else 'a string'}, got {describe_value(value)}"
            )
    checks = Checks(typed)  # the later checks see well-typed values only
    for key in sorted(set(doc) - KEYS):
        checks.fail(
            f"{side}.{key}", f"is not a field of an image reference (fields: {', '.join(sorted(KEYS))})"
        )
    for key, reason in wrong.items():
        checks.fail(key, reason)
    cloud = doc.get("cloud")
    if is_unknown(cloud) or f"{side}.cloud" in wrong:
        return checks
    if cloud in (None, ""):
        checks.fail(f"{side}.cloud", f"is required: one of {', '.join(CLOUDS)}")
        return checks
    if not checks.one_of(f"{side}.cloud", CLOUDS):
        return checks
    rules = RULES[cloud]
    unused = (CLOUD_KEYS if cloud == OCI else OCI_KEYS) | ({"region"} if cloud == OCI else set())
    if rules.registry_re is None:
        unused |= {"registry"}
    for key in sorted(unused & {k for k, v in doc.items() if v not in (None, "")}):
        checks.fail(f"{side}.{key}", _unused(cloud, key))
    _check_registry(checks, side, doc, rules, cloud)
    _check_repository(checks, side, doc, rules, cloud)
    if tagged:
        _check_reference(checks, side, doc)
    else:
        for key in ("tag", "digest"):
            if doc.get(key) not in (None, ""):
                checks.fail(f"{side}.{key}", "is not used by a mirror: its `tags` select the tags")
    if cloud != OCI:
        _check_profile(checks, side, doc, settings, default_profile, cloud)
    return checks


def _unused(cloud: str, key: str) -> str:
    if key == "registry" and cloud == HUAWEI:
        return "is not used for SWR: its registry is the region's (set region)"
    if key in ("registry", "region") and cloud == OCI:
        return "is not used for an OCI registry: set host"
    if key == "profile":
        return "is not used for an OCI registry: set username and password"
    return f"is only used for an OCI registry (cloud: oci), not {cloud}"


def _check_registry(checks: Checks, side: str, doc: Mapping[str, Any], rules: NameRules, cloud: str) -> None:
    if rules.registry_re is not None:
        _required(checks, side, doc, "registry", f"the {rules.registry_words} id")
        checks.pattern(f"{side}.registry", rules.registry_re, rules.registry_rule)
    if rules.regions is not None:
        _required(
            checks,
            side,
            doc,
            "region",
            f"set it in the reference or set {Settings().region_hint(cloud)}",
        )
        checks.region(f"{side}.region", rules.regions, rules.label)
    if cloud == OCI:
        _required(checks, side, doc, "host", "the registry's host[:port]")
        if _valid_host(checks, f"{side}.host"):
            username, password = doc.get("username"), doc.get("password")
            if bool(username) != bool(password) and not is_unknown(username) and not is_unknown(password):
                missing = "password" if username else "username"
                checks.fail(f"{side}.{missing}", "username and password go together")
        checks.opaque(f"{side}.username", "a user name")
        checks.opaque(f"{side}.password", "a password", secret=True)


def _valid_host(checks: Checks, field: str) -> bool:
    value = checks.value(field)
    if not isinstance(value, str):
        return True
    match = HOST_RE.match(value)
    valid = match is not None and (match["port"] is None or 0 < int(match["port"]) < 65536)
    if valid and match is not None and match["ipv6"]:
        try:
            ipaddress.IPv6Address(match["ipv6"])
        except ValueError:
            valid = False
    if not valid:
        checks.fail(field, f"{show(value)} is not valid: {HOST_RULE}")
    return valid


def _check_repository(
    checks: Checks, side: str, doc: Mapping[str, Any], rules: NameRules, cloud: str
) -> None:
    if not _required(checks, side, doc, "repository", "namespace/name"):
        return
    field = f"{side}.repository"
    value = checks.value(field)
    if not isinstance(value, str):
        return
    name = value
    if rules.namespace is not None:
        namespace, slash, name = value.partition("/")
        if not slash or not name:
            checks.fail(field, f"{show(value)} must be namespace/name in {rules.label}")
            return
        if not _part(checks, field, namespace, rules.namespace, "namespace"):
            return
    _part(checks, field, name, rules.name, "name" if rules.namespace is not None else "repository")
    host = doc.get("host")
    if cloud == OCI and isinstance(host, str) and len(host) + 1 + len(value) > MAX_REFERENCE:
        checks.fail(field, f"host and repository together must be at most {MAX_REFERENCE} characters")


def _part(
    checks: Checks, field: str, part: str, rule: tuple[re.Pattern[str], str, int, int], what: str
) -> bool:
    regex, words, shortest, longest = rule
    if not regex.fullmatch(part):
        checks.fail(field, f"its {what} {show(part)} is not valid: {words}{character_hint(part)}")
        return False
    if not shortest <= len(part) <= longest:
        checks.fail(
            field,
            f"its {what} must be {shortest} to {longest} characters long, got {len(part)}: {show(part)}",
        )
        return False
    return True


def _check_reference(checks: Checks, side: str, doc: Mapping[str, Any]) -> None:
    tag, digest = doc.get("tag"), doc.get("digest")
    if side == "destination":
        if digest not in (None, ""):
            checks.fail(f"{side}.digest", "a copy is written to a tag: set destination.tag, not a digest")
        _required(checks, side, doc, "tag", "the tag the copy is written to")
    elif tag in (None, "") and digest in (None, ""):
        empty = "must not be empty" if tag == "" else "is required"
        checks.fail(f"{side}.tag", f"{empty}: set the source's tag, or its digest")
    elif tag not in (None, "") and digest not in (None, "") and not (is_unknown(tag) or is_unknown(digest)):
        checks.fail(f"{side}.digest", "set either the tag or the digest of the source, not both")
    checks.pattern(f"{side}.tag", TAG_RE, tcr_names.TAG_RULE, maximum=128)
    checks.pattern(
        f"{side}.digest", DIGEST_RE, "a digest is sha256: and 64 lower-case hex digits (or sha512: and 128)"
    )


def _check_profile(
    checks: Checks, side: str, doc: Mapping[str, Any], settings: Settings, default_profile: Any, cloud: str
) -> None:
    own = doc.get("profile")
    profile = own or default_profile
    if not isinstance(profile, str) or not profile or is_unknown(profile):
        return
    try:
        settings.credentials(cloud, profile)
    except ConfigurationError as error:
        checks.fail(f"{side}.profile" if own else "profile", str(error))


def _required(checks: Checks, side: str, doc: Mapping[str, Any], key: str, what: str) -> bool:
    """Whether `side.key` is given (an unknown value counts as given)."""
    if doc.get(key) == "":
        checks.fail(f"{side}.{key}", f"must not be empty: {what}")
        return False
    if doc.get(key) is None:
        checks.fail(f"{side}.{key}", f"is required: {what}")
        return False
    return True


def _check_different(inputs: Mapping[str, Any], tagged: bool = True) -> list[CheckFailure]:
    """A source tag copied onto itself copies nothing (a digest onto a tag of its repository does);
    nor does a repository mirrored onto itself."""
    source, destination = inputs.get("source"), inputs.get("destination")
    if not isinstance(source, Mapping) or not isinstance(destination, Mapping):
        return []
    if is_unknown(source) or is_unknown(destination) or (tagged and not source.get("tag")):
        return []
    if naming(source) != naming(destination):
        return []
    what = "registry, repository and tag" if tagged else "registry and repository"
    return [
        CheckFailure("destination", f"the destination is the source (same {what}); nothing would be copied")
    ]


def check_platforms(value: Any) -> list[CheckFailure]:
    """`platforms`: a non-empty list of distinct `os/architecture[/variant]`."""
    if value is None or is_unknown(value):
        return []
    if not isinstance(value, list) or not value:
        return [CheckFailure("platforms", "must be a non-empty list of platforms (omit it to copy them all)")]
    for item in value:
        if is_unknown(item):
            continue
        if not isinstance(item, str) or not PLATFORM_RE.fullmatch(item):
            return [CheckFailure("platforms", f"{show(item)} is not a platform: {PLATFORM_RULE}")]
    duplicates = sorted({p for p in value if isinstance(p, str) and value.count(p) > 1})
    if duplicates:
        return [CheckFailure("platforms", f"lists {', '.join(duplicates)} more than once")]
    return []
