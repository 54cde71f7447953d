"""The five resources, each with a valid set of arguments and a table of bad values per argument.

The baselines pass `check`; a row changes one argument (and what `also` says) and must fail.
Every input field of a provider's schema must have a table here (`test_every_argument_has_a_table`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pulumi_imagesync import alibabacloud, huaweicloud, registry, tencentcloud
from pulumi_imagesync.alibabacloud.sync_repo_task_provider import SyncRepoTaskProvider as AcrProvider
from pulumi_imagesync.alibabacloud.sync_rule_provider import SyncRuleProvider
from pulumi_imagesync.huaweicloud.sync_repo_task_provider import SyncRepoTaskProvider as SwrProvider
from pulumi_imagesync.provider.base import ImageSyncProvider
from pulumi_imagesync.registry.image_copy_provider import ImageCopyProvider
from pulumi_imagesync.registry.repository_mirror_provider import RepositoryMirrorProvider
from pulumi_imagesync.tencentcloud.cvm_image_sync_provider import CvmImageSyncProvider
from pulumi_imagesync.tencentcloud.image_duplicate_provider import ImageDuplicateProvider
from pulumi_imagesync.tencentcloud.replication_rule_provider import ReplicationRuleProvider
from tests.badinput.vocabulary import (
    FULL_WIDTH_ONE,
    INVALID,
    PROFILE,
    ZERO_WIDTH_SPACE,
    Bad,
    Category,
    Table,
    flag,
    look_alike,
    name,
    opaque,
    profile,
    region,
    timeout,
    triggers,
    unicode_values,
    wrong_types,
)
from tests.support.engine import Registration, register

S = Category.SOURCE_IS_DESTINATION
R = Category.RULE
W = Category.WRONG_CHARACTERS
U = Category.UNICODE
B = Category.BREAKS_IDS
SAME = "the destination is the source"
# Words of each documented rule that its "is not valid" messages must show.
LOWER = "lower-case letters and digits, separated by single '.', '_', '__' or '-'"
TCR_NAMESPACE = "lower-case letters and digits, separated by single '.', '_' or '-'"
PATH = "path segments separated by '/'"
TAG = "letters, digits, '_', '.' or '-', not starting with '.' or '-'"
RULE_NAME = "1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"
SWR_NAMESPACE = "a lower-case letter first, then lower-case letters and digits separated by single '.', '-' or '_' (or '__')"
SWR_REPOSITORY = (
    "separated by single '.', '/', '-' or '_' (or '__'), starting and ending with a letter or digit"
)


@dataclass(frozen=True, eq=False)
class Subject:
    """One resource under test."""

    name: str
    provider: type[ImageSyncProvider]
    build: Callable[..., Any]
    """kwargs -> the resource, as a program constructs it."""
    valid: Mapping[str, Any]
    tables: Mapping[str, Table]
    lookup: Callable[[], Any]
    """A `get()` of an object that does not exist: it must reach the cloud (the call log is live)."""
    unknown_with: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """Per field, arguments changed for the unknown-value test (where given-ness itself is checked)."""

    def __str__(self) -> str:
        return self.name

    @property
    def registration(self) -> Registration:
        """The baseline as the Pulumi SDK registers it (built once: registering runs a program)."""
        if self.name not in _REGISTRATIONS:
            _REGISTRATIONS[self.name] = register(lambda: self.build(**self.valid))
        return _REGISTRATIONS[self.name]


_REGISTRATIONS: dict[str, Registration] = {}


def identifier(sample: str, *, says: str, required: bool, other_cloud: str) -> Table:
    """An id with a documented prefix and alphabet (`tcr-...`, `img-...`); `sample` is valid."""
    prefix, rest = sample.split("-", 1)
    bad = [
        Bad(W, other_cloud, [INVALID, says], label="another-clouds-id"),
        Bad(W, f"{prefix}_{rest}", [INVALID, says], label="underscore-after-prefix"),
        Bad(W, sample.upper(), [INVALID, says], label="upper-case"),
        Bad(W, rest, [INVALID, says], label="without-prefix"),
        Bad(W, f"{prefix}-", [INVALID, says], label="prefix-only"),
        Bad(Category.TOO_LONG, sample + "a" * 40, [INVALID, says], label="too-long"),
        Bad(B, f"{sample}#1", [INVALID], label="id-separator"),
        Bad(B, f"{sample}/x", [INVALID], label="slash"),
        Bad(B, "..", [INVALID], label="dot-dot"),
        Bad(B, f"{sample}%2F", [INVALID], label="encoded-slash"),
        Bad(B, f"{sample}$", [INVALID], label="dollar"),
        Bad(B, f"{sample}\n", [INVALID, "LINE FEED"], label="trailing-newline"),
        Bad(B, f" {sample}", [INVALID], label="leading-space"),
        Bad(B, f"{sample} ", [INVALID], label="trailing-space"),
        Bad(B, f"-{sample}", [INVALID], label="leading-dash"),
        Bad(B, f"{sample}-", [INVALID], label="trailing-dash"),
        *unicode_values(sample),
        *wrong_types(str),
    ]
    if required:
        bad.append(Bad(Category.EMPTY, "", ["must not be empty"], label="empty"))
    return Table("name", bad, [sample])


def digits(sample: str, *, says: str, also: Mapping[str, Any] | None = None) -> Table:
    """An account number: ASCII digits only (full-width and other scripts' digits look alike)."""
    also = also or {}
    bad = [
        Bad(W, "peer", [INVALID, says], also=also, label="letters"),
        Bad(W, "-1", [INVALID, says], also=also, label="negative"),
        Bad(W, "1e5", [INVALID, says], also=also, label="exponent"),
        Bad(W, "1.5", [INVALID, says], also=also, label="decimal"),
        Bad(U, "\uff11\uff10\uff10", [INVALID, "FULLWIDTH DIGIT"], also=also, label="full-width-digits"),
        Bad(U, "\u0661\u0660\u0660", [INVALID, "ARABIC-INDIC DIGIT"], also=also, label="arabic-indic-digits"),
        Bad(U, "\u00b2", [INVALID, "SUPERSCRIPT TWO"], also=also, label="superscript"),
        Bad(U, sample + ZERO_WIDTH_SPACE, [INVALID, "ZERO WIDTH SPACE"], also=also, label="zero-width"),
        Bad(B, f"{sample}\n", [INVALID, "LINE FEED"], also=also, label="trailing-newline"),
        Bad(B, f"{sample[:3]} {sample[3:]}", [INVALID], also=also, label="space"),
        Bad(B, f"{sample}#1", [INVALID], also=also, label="id-separator"),
        *(Bad(b.category, b.value, b.says, also=also, label=b.label) for b in wrong_types(str)),
    ]
    return Table("opaque", bad, [sample, "1", "9" * 32], good_also=also)


def with_also(table: Table, also: Mapping[str, Any], *extra: Bad) -> Table:
    """`table` with other arguments set for every row and good value (e.g. `encrypt=True` for a KMS key)."""
    bad = [Bad(b.category, b.value, b.says, b.fails, {**also, **b.also}, b.label) for b in table.bad]
    return Table(table.shape, [*bad, *extra], table.good, {**also, **table.good_also})


def plus(table: Table, *extra: Bad, good: tuple[Any, ...] = ()) -> Table:
    return Table(table.shape, [*table.bad, *extra], [*table.good, *good], table.good_also)


def common(*, wait: bool) -> dict[str, Table]:
    """The provider-only arguments (`common_fields`)."""
    tables = {"timeout_seconds": timeout(), "adopt": flag(), "profile": profile()}
    if wait:
        tables["wait"] = flag()
    return tables


# -- tencentcloud.ReplicationRule -------------------------------------------------------------------

TCR_ID = "tcr-xxxxxxxx"
TENCENT_REGION = "not a Tencent Cloud region"
PEER = {"peer_registry_uin": "100002", "peer_registry_token": "token-abc123"}

REPLICATION_RULE = Subject(
    "tencentcloud.ReplicationRule",
    ReplicationRuleProvider,
    lambda **kw: tencentcloud.ReplicationRule("prod-to-sg", **kw),
    {
        "source_registry_id": "tcr-src00001",
        "destination_registry_id": "tcr-dst00001",
        "destination_region": "ap-singapore",
        "dest_namespace": "mirror",
        "override": True,
        "filters": [{"type": "tag", "value": "v*"}],
        "description": "prod images to Singapore",
    },
    {
        "source_registry_id": identifier(
            "tcr-src00001", says=TCR_ID, required=True, other_cloud="cri-src00001"
        ),
        "destination_registry_id": plus(
            identifier("tcr-dst00001", says=TCR_ID, required=True, other_cloud="cri-dst00001"),
            Bad(S, "tcr-src00001", [SAME, "the same TCR instance"], label="same-instance"),
        ),
        "name": name(
            "prod-to-sg", max_len=64, required=True, upper=True, may_end_with_separator=True, rule=RULE_NAME
        ),
        "region": region("ap-guangzhou", "cn-north-4", says=TENCENT_REGION, required=False),
        "destination_region": region("ap-singapore", "cn-east-3", says="not a TCR region", required=False),
        "destination_region_id": Table(
            "number",
            [
                *(
                    Bad(
                        Category.OUT_OF_RANGE,
                        v,
                        ["not a TCR region id"],
                        also={"destination_region": None},
                        label=label,
                    )
                    for v, label in (
                        (0, "zero"),
                        (-1, "negative"),
                        (2, "unassigned"),
                        (10**9, "huge"),
                        (2**53, "2**53"),
                    )
                ),
                Bad(Category.OUT_OF_RANGE, float("nan"), ["must be an integer"], label="nan"),
                Bad(Category.OUT_OF_RANGE, float("inf"), ["must be an integer"], label="infinity"),
                Bad(
                    R,
                    4,
                    ["not the id of destination_region", "'ap-singapore' (9)"],
                    label="contradicts-region-name",
                ),
                *wrong_types(int),
            ],
            [9, 9.0],
        ),
        "peer_registry_uin": plus(
            digits("100002", says="numeric UIN", also={"peer_registry_token": "token-abc123"}),
            Bad(R, "100002", ["go together"], fails="peer_registry_token", label="without-token"),
        ),
        "peer_registry_token": with_also(
            Table(
                "opaque",
                opaque("token-abc123", says="access token", secret=True),
                ["token-abc123", "a.b_c-d~e=="],
            ),
            {"peer_registry_uin": "100002"},
            Bad(
                R,
                "token-abc123",
                ["go together"],
                fails="peer_registry_uin",
                also={"peer_registry_uin": None},
                label="without-uin",
            ),
            Bad(Category.EMPTY, "", ["go together"], also={"peer_registry_uin": "100002"}, label="empty"),
        ),
        "dest_namespace": name("mirror", min_len=2, max_len=30, required=True, rule=TCR_NAMESPACE),
        "filters": Table(
            "list",
            [
                *wrong_types(list),
                Bad(R, [7], ["filters[0] must be a map"], label="not-a-map"),
                Bad(R, ["tag"], ["filters[0] must be a map"], label="a-string"),
                Bad(R, [None], ["filters[0] must be a map"], label="null"),
                Bad(
                    R,
                    [{"type": "tag", "value": "v*"}, 7],
                    ["filters[1] must be a map"],
                    label="second-not-a-map",
                ),
                Bad(
                    R,
                    [{"kind": "tag"}],
                    ["unknown keys", "['kind']", "use `type` and `value`"],
                    label="unknown-key",
                ),
                Bad(R, [{}], ["filters[0].type must be one of name, tag, resource"], label="no-type"),
                Bad(
                    R,
                    [{"type": "label", "value": "x"}],
                    ["must be one of name, tag, resource"],
                    label="unknown-type",
                ),
                Bad(
                    R,
                    [{"type": "Tag", "value": "x"}],
                    ["must be one of name, tag, resource"],
                    label="upper-case-type",
                ),
                Bad(
                    U,
                    [{"type": look_alike("tag"), "value": "x"}],
                    ["must be one of name, tag, resource"],
                    label="cyrillic-type",
                ),
                Bad(
                    R,
                    [{"type": "tag", "value": 7}],
                    ["filters[0].value must be a string"],
                    label="number-value",
                ),
                Bad(
                    R,
                    [{"type": "tag", "value": ["v*"]}],
                    ["filters[0].value must be a string"],
                    label="list-value",
                ),
            ],
            [[], [{"type": "name", "value": "prod/**"}, {"type": "tag", "value": ""}, {"type": "resource"}]],
        ),
        "override": flag(),
        "deletion": flag(),
        "enabled": flag(),
        "description": Table(
            "text", wrong_types(str), ["", "生产镜像 → 新加坡", "line one\nline two", "x" * 1000]
        ),
        **common(wait=False),
    },
    lambda: tencentcloud.ReplicationRule.get("seen", "ap-guangzhou#tcr-src00001#nope"),
)

# -- tencentcloud.ImageDuplicate --------------------------------------------------------------------

IMAGE_DUPLICATE = Subject(
    "tencentcloud.ImageDuplicate",
    ImageDuplicateProvider,
    lambda **kw: tencentcloud.ImageDuplicate("promote", **kw),
    {
        "registry_id": "tcr-e8pg46c6",
        "source_namespace": "develop",
        "source_repo": "app",
        "source_reference": "stage",
        "destination_namespace": "release",
        "destination_repo": "app",
        "destination_tag": "prd",
        "override": True,
    },
    {
        "registry_id": identifier("tcr-e8pg46c6", says=TCR_ID, required=True, other_cloud="cri-e8pg46c6"),
        "destination_namespace": plus(
            name("release", min_len=2, max_len=30, required=False, rule=TCR_NAMESPACE),
            Bad(
                S,
                "develop",
                [SAME, "same namespace, repository and tag"],
                fails="destination_tag",
                also={"destination_tag": "stage"},
                label="same-tag",
            ),
        ),
        "destination_repo": name("app", min_len=3, max_len=244, required=False, slash=True, rule=PATH),
        "destination_tag": plus(
            name("prd", max_len=128, required=True, upper=True, may_end_with_separator=True, rule=TAG),
            Bad(
                S,
                "stage",
                [SAME],
                also={"destination_namespace": None, "destination_repo": None},
                label="defaults-to-source",
            ),
            Bad(S, "stage", [SAME], also={"destination_namespace": "develop"}, label="explicitly-the-source"),
            good=("_prd", "v1.2.3-rc.1"),
        ),
        "region": region("ap-guangzhou", "cn-north-4", says=TENCENT_REGION, required=False),
        "source_namespace": plus(
            name("develop", min_len=2, max_len=30, required=True, rule=TCR_NAMESPACE),
            # The destination defaults to the source: one mistake is reported once.
            Bad(
                W,
                "Develop",
                [INVALID],
                also={"destination_namespace": None},
                label="destination-defaults-to-it",
            ),
        ),
        "source_repo": plus(
            name("app", min_len=3, max_len=244, required=True, slash=True, rule=PATH),
            Bad(W, "App", [INVALID], also={"destination_repo": None}, label="destination-defaults-to-it"),
        ),
        "source_reference": plus(
            name("stage", max_len=128, required=True, upper=True, may_end_with_separator=True, rule=TAG),
            # DuplicateImage: "Source image tag or digest value. Currently, only tag is supported."
            Bad(R, "sha256:" + "a" * 64, ["only a tag", "not a digest"], label="digest"),
        ),
        "override": flag(),
        "triggers": triggers(),
        **common(wait=True),
    },
    lambda: tencentcloud.ImageDuplicate.get("seen", "ap-guangzhou#tcr-e8pg46c6#release#app#nope"),
)

# -- tencentcloud.CvmImageSync ----------------------------------------------------------------------

BJ, GZ, SH = "ap-beijing", "ap-guangzhou", "ap-shanghai"
ENCRYPTED = {"encrypt": True, "destination_regions": [BJ], "image_name": "golden-enc"}
REGION_LIST = "not a Tencent Cloud region"

CVM_IMAGE_SYNC = Subject(
    "tencentcloud.CvmImageSync",
    CvmImageSyncProvider,
    lambda **kw: tencentcloud.CvmImageSync("golden", **kw),
    {
        "image_id": "img-o3ycss2p",
        "region": BJ,
        "destination_regions": [GZ, SH],
        "image_name": "golden-2026-11",
    },
    {
        "image_id": plus(
            identifier("img-o3ycss2p", says="img-xxxxxxxx", required=True, other_cloud="crr-o3ycss2p"),
            Bad(
                Category.TOO_SHORT,
                "img-o3ycss2",
                ["img-xxxxxxxx", "8 lower-case letters or digits"],
                label="seven",
            ),
            Bad(Category.TOO_LONG, "img-o3ycss2pp", ["img-xxxxxxxx"], label="nine"),
        ),
        "region": plus(
            region(BJ, "cn-north-4", says=TENCENT_REGION, required=False),
            Bad(
                S,
                GZ,
                ["lists the source region ap-guangzhou with other regions"],
                fails="destination_regions",
                label="source-among-destinations",
            ),
        ),
        "destination_regions": Table(
            "list",
            [
                *wrong_types(list),
                Bad(Category.EMPTY, [], ["must be a non-empty list of region names"], label="empty"),
                Bad(
                    S,
                    [BJ, GZ],
                    ["lists the source region ap-beijing with other regions", "only on its own"],
                    label="source-and-others",
                ),
                Bad(R, [GZ, GZ], ["lists ap-guangzhou more than once"], label="duplicate"),
                Bad(
                    Category.UNKNOWN_REGION,
                    [GZ, "ap-nowhere"],
                    ["'ap-nowhere'", REGION_LIST],
                    label="made-up",
                ),
                Bad(
                    Category.UNKNOWN_REGION,
                    [GZ, "cn-north-4"],
                    ["'cn-north-4'", REGION_LIST],
                    label="another-clouds-region",
                ),
                Bad(Category.UNKNOWN_REGION, ["AP-GUANGZHOU"], [REGION_LIST], label="upper-case"),
                Bad(B, [f"{GZ} "], [REGION_LIST], label="trailing-space"),
                Bad(B, [f"{GZ}#1"], [REGION_LIST], label="id-separator"),
                Bad(U, [look_alike(GZ)], [REGION_LIST, "CYRILLIC"], label="cyrillic-look-alike"),
                Bad(U, [GZ + ZERO_WIDTH_SPACE], [REGION_LIST, "ZERO WIDTH SPACE"], label="zero-width"),
                Bad(Category.WRONG_TYPE, [7], ["region names", "the number 7"], label="number-item"),
                Bad(Category.WRONG_TYPE, [[GZ]], ["region names", "a list"], label="nested-list"),
                Bad(Category.WRONG_TYPE, [None], ["region names"], label="null-item"),
            ],
            [[GZ], [SH, GZ], [BJ]],
        ),
        "image_name": Table(
            "text",
            [
                *wrong_types(str),
                Bad(Category.TOO_LONG, "g" * 61, ["1 to 60 characters", "61"], label="too-long"),
                Bad(Category.TOO_LONG, "镜" * 61, ["1 to 60 characters"], label="too-long-cjk"),
                Bad(
                    B, "golden\n", ["invisible or control characters", "LINE FEED"], label="trailing-newline"
                ),
                Bad(B, "gold\ten", ["invisible or control characters", "TAB"], label="tab"),
                Bad(
                    U,
                    "gold" + ZERO_WIDTH_SPACE + "en",
                    ["invisible or control characters", "ZERO WIDTH SPACE"],
                    label="zero-width",
                ),
                Bad(
                    U,
                    "\u202egolden",
                    ["invisible or control characters", "RIGHT-TO-LEFT OVERRIDE"],
                    label="bidi-override",
                ),
                Bad(
                    R,
                    None,
                    ["required with encrypt=True"],
                    also={"encrypt": True, "destination_regions": [BJ]},
                    label="missing-with-encrypt",
                ),
            ],
            ["g" * 60, "镜" * 60, "golden image 2026/11 #3", "金色镜像-" + FULL_WIDTH_ONE],
        ),
        "encrypt": Table(
            "flag",
            [
                *flag().bad,
                Bad(
                    R,
                    True,
                    ["made in the source region only", "destination_regions=['ap-beijing']"],
                    label="to-other-regions",
                ),
            ],
            [True, False],
            ENCRYPTED,
        ),
        "kms_key_id": with_also(
            Table(
                "opaque",
                opaque("kms-abc123", says="KMS key id"),
                ["kms-abc123", "23e80852-1e38-11e9-b129-5cb9019b4b01"],
            ),
            ENCRYPTED,
            Bad(
                R,
                "kms-abc123",
                ["only used with encrypt=True"],
                also={"encrypt": False},
                label="without-encrypt",
            ),
        ),
        "triggers": triggers(),
        **common(wait=True),
    },
    lambda: tencentcloud.CvmImageSync.get("seen", "ap-beijing#img-00000000", destination_regions=[GZ]),
)

# -- huaweicloud.SyncRepoTask -----------------------------------------------------------------------

HUAWEI_REGION = "not a Huawei Cloud region"
SWR_BJ, SWR_SH = "cn-north-4", "cn-east-3"
SWR_NAMESPACE_EXTRAS = (
    Bad(W, "1team", [INVALID, SWR_NAMESPACE], label="digit-first"),
    Bad(W, "_team", [INVALID, SWR_NAMESPACE], label="underscore-first"),
    Bad(W, "team___a", [INVALID, SWR_NAMESPACE], label="three-underscores"),
    Bad(W, "team._a", [INVALID, SWR_NAMESPACE], label="dot-underscore"),
    Bad(W, "team-.a", [INVALID, SWR_NAMESPACE], label="dash-dot"),
    Bad(W, "team--a", [INVALID, SWR_NAMESPACE], label="two-dashes"),
    Bad(W, "team..a", [INVALID, SWR_NAMESPACE], label="two-dots"),
    Bad(W, "team_", [INVALID, SWR_NAMESPACE], label="trailing-underscore"),
)
SWR_TAGS_WITH = {"sync_existing": True}

SWR_SYNC_REPO_TASK = Subject(
    "huaweicloud.SyncRepoTask",
    SwrProvider,
    lambda **kw: huaweicloud.SyncRepoTask("app-to-shanghai", **kw),
    {
        "region": SWR_BJ,
        "namespace": "team-a",
        "repository": "web/app",
        "remote_region_id": SWR_SH,
        "remote_namespace": "team-a",
    },
    {
        "region": region(SWR_BJ, "ap-guangzhou", says=HUAWEI_REGION, required=False),
        "namespace": plus(
            name("team-a", max_len=64, required=True, rule=SWR_NAMESPACE),
            *SWR_NAMESPACE_EXTRAS,
            good=("team__a", "t", "t0.a_b-c"),
        ),
        "repository": plus(
            name("web/app", max_len=128, required=True, slash=True, rule=SWR_REPOSITORY),
            Bad(W, "web___app", [INVALID, SWR_REPOSITORY], label="three-underscores"),
            Bad(W, "web_/app", [INVALID, SWR_REPOSITORY], label="underscore-slash"),
            Bad(W, "web/-app", [INVALID, SWR_REPOSITORY], label="slash-dash"),
            Bad(W, "web--app", [INVALID, SWR_REPOSITORY], label="two-dashes"),
            good=("0web/app", "web__app/a.b-c", "a/b/c/d"),
        ),
        "remote_region_id": plus(
            region(SWR_SH, "ap-shanghai", says=HUAWEI_REGION, required=True),
            Bad(
                S,
                SWR_BJ,
                [SAME, "same region and namespace"],
                fails="remote_namespace",
                label="same-region-and-namespace",
            ),
        ),
        "remote_namespace": plus(
            name("team-a", max_len=64, required=True, rule=SWR_NAMESPACE),
            *SWR_NAMESPACE_EXTRAS,
            Bad(S, "team-a", [SAME], also={"remote_region_id": SWR_BJ}, label="same-region-and-namespace"),
            good=("other",),
        ),
        "sync_auto": flag(),
        "override": flag(),
        "sync_existing": flag(),
        "sync_existing_tags": with_also(
            Table(
                "list",
                [
                    *wrong_types(list),
                    Bad(
                        Category.EMPTY,
                        [],
                        ["at least one tag", "omit it to copy every existing tag"],
                        label="empty",
                    ),
                    Bad(R, ["v1", "v1"], ["lists v1 more than once"], label="duplicate"),
                    Bad(W, [".v1"], ["is not a tag", "not starting with '.' or '-'"], label="leading-dot"),
                    Bad(W, ["v1:latest"], ["is not a tag"], label="colon"),
                    Bad(Category.TOO_LONG, ["t" * 129], ["is not a tag", "1-128"], label="too-long"),
                    Bad(B, ["v1#2"], ["is not a tag"], label="id-separator"),
                    Bad(B, ["v1/.."], ["is not a tag"], label="parent-path"),
                    Bad(B, ["v1\n"], ["is not a tag", "LINE FEED"], label="trailing-newline"),
                    Bad(U, [look_alike("latest")], ["is not a tag", "CYRILLIC"], label="cyrillic-look-alike"),
                    Bad(
                        U, ["v" + FULL_WIDTH_ONE], ["is not a tag", "FULLWIDTH DIGIT ONE"], label="full-width"
                    ),
                    Bad(Category.WRONG_TYPE, [7], ["is not a tag", "7"], label="number-item"),
                    Bad(Category.WRONG_TYPE, [None], ["is not a tag"], label="null-item"),
                ],
                [["v1"], ["v1", "v2", "_x", "t" * 128]],
            ),
            SWR_TAGS_WITH,
            Bad(
                R,
                ["v1"],
                ["sync_existing is not True"],
                also={"sync_existing": False},
                label="without-sync-existing",
            ),
        ),
        **common(wait=True),
    },
    lambda: huaweicloud.SyncRepoTask.get("seen", f"{SWR_BJ}#team-a#web/app#{SWR_SH}#nope"),
)

# -- alibabacloud.SyncRepoTask ----------------------------------------------------------------------

ACR_INSTANCE = "cri-xxxxxxxx"
ALIBABA_REGION = "not an Alibaba Cloud ACR region"
BY_REPO_ID = {"namespace": None, "repo_name": None, "repo_id": "crr-src0repo0001"}
ACR_SOURCE_INSTANCE = identifier(
    "cri-hpdfkc6utbaq", says=ACR_INSTANCE, required=True, other_cloud="tcr-hpdfkc6utbaq"
)
ACR_TARGET_INSTANCE = identifier(
    "cri-ibxs3piklys3", says=ACR_INSTANCE, required=True, other_cloud="tcr-ibxs3piklys3"
)
# The target region defaults to the source region: one mistake is reported once.
ACR_SOURCE_REGION = plus(
    region("cn-beijing", "ap-beijing", says=ALIBABA_REGION, required=False),
    Bad(
        Category.UNKNOWN_REGION,
        "beijing",
        [ALIBABA_REGION],
        also={"target_region_id": None},
        label="target-defaults-to-it",
    ),
)

ACR_SYNC_REPO_TASK = Subject(
    "alibabacloud.SyncRepoTask",
    AcrProvider,
    lambda **kw: alibabacloud.SyncRepoTask("copy", **kw),
    {
        "instance_id": "cri-hpdfkc6utbaq",
        "region": "cn-beijing",
        "namespace": "team",
        "repo_name": "repo1",
        "tag": "tag1",
        "target_instance_id": "cri-ibxs3piklys3",
        "target_region_id": "cn-hangzhou",
        "target_namespace": "mirror",
        "target_repo_name": "repo1",
        "target_tag": "prd",
    },
    {
        "target_instance_id": ACR_TARGET_INSTANCE,
        "target_namespace": name("mirror", min_len=2, max_len=120, required=True, rule=LOWER),
        "target_repo_name": name("repo1", min_len=2, max_len=120, required=True, slash=True, rule=PATH),
        "target_tag": plus(
            name("prd", max_len=128, required=True, upper=True, may_end_with_separator=True, rule=TAG),
            Bad(
                S,
                "tag1",
                [SAME, "same instance, namespace, repository and tag"],
                also={
                    "target_instance_id": "cri-hpdfkc6utbaq",
                    "target_namespace": "team",
                    "target_region_id": None,
                },
                label="same-tag",
            ),
        ),
        "target_region_id": region("cn-hangzhou", "ap-guangzhou", says=ALIBABA_REGION, required=False),
        "target_user_id": digits("100000000002", says="numeric id (UID) of the target account"),
        "instance_id": ACR_SOURCE_INSTANCE,
        "region": ACR_SOURCE_REGION,
        "repo_id": plus(
            with_also(
                identifier(
                    "crr-src0repo0001", says="crr-xxxxxxxx", required=False, other_cloud="cri-src0repo0001"
                ),
                BY_REPO_ID,
            ),
            Bad(
                R,
                "crr-src0repo0001",
                ["set either repo_id or namespace and repo_name, not both"],
                label="with-names",
            ),
            Bad(
                R,
                None,
                ["is required: set repo_id, or namespace and repo_name"],
                also={"namespace": None, "repo_name": None},
                label="none",
            ),
        ),
        "namespace": plus(
            name("team", min_len=2, max_len=120, required=False, rule=LOWER),
            Bad(R, None, ["namespace and repo_name go together"], label="missing"),
        ),
        "repo_name": plus(
            name("repo1", min_len=2, max_len=120, required=False, slash=True, rule=PATH),
            Bad(R, None, ["namespace and repo_name go together"], label="missing"),
        ),
        "tag": name("tag1", max_len=128, required=True, upper=True, may_end_with_separator=True, rule=TAG),
        "override": flag(),
        "triggers": triggers(),
        **common(wait=True),
    },
    lambda: alibabacloud.SyncRepoTask.get("seen", "cn-hangzhou#cri-ibxs3piklys3#mirror#repo1#nope"),
    unknown_with={"repo_id": BY_REPO_ID},
)

# -- alibabacloud.SyncRule --------------------------------------------------------------------------

REGEX = "is not a regular expression"
BY_INSTANCE = {
    "sync_scope": "INSTANCE",
    "namespace_name": None,
    "repo_name": None,
    "target_namespace_name": None,
    "target_repo_name": None,
}
BY_NAMESPACE = {"sync_scope": "NAMESPACE", "repo_name": None, "target_repo_name": None}


def pattern(also: Mapping[str, Any], *, required: bool, unused_in_repo: str = "") -> Table:
    """A regular expression, compiled offline, in the scope `also` sets (where the field is used)."""
    bad = [
        *wrong_types(str),
        Bad(R, "v(", [REGEX, "missing ), unterminated subpattern"], label="unbalanced"),
        Bad(R, "*", [REGEX, "nothing to repeat"], label="nothing-to-repeat"),
        Bad(R, "[z-a]", [REGEX, "bad character range"], label="bad-range"),
        Bad(B, "v.*\n", ["invisible or control characters", "LINE FEED"], label="newline"),
        Bad(
            U,
            "v.*" + ZERO_WIDTH_SPACE,
            ["invisible or control characters", "ZERO WIDTH SPACE"],
            label="zero-width",
        ),
    ]
    if required:
        bad.append(Bad(Category.EMPTY, "", ["must not be empty"], label="empty"))
    good = [".*", "v[0-9]+(\\.[0-9]+)*", "release-(?!rc).+", "x" * 300, "版本.*"]
    table = with_also(Table("text", bad, good), also)
    if not unused_in_repo:
        return table
    return plus(
        table, Bad(R, ".*", [f"is not used with sync_scope REPO: {unused_in_repo}"], label="in-a-repo-rule")
    )


def scope_rows(field: str, scope: str, *, value: Any, also: Mapping[str, Any] | None = None) -> Bad:
    return Bad(
        R,
        value,
        [f"is required with sync_scope {scope}"],
        also=also or {},
        label=f"missing-with-{scope.lower()}",
    )


ACR_SYNC_RULE = Subject(
    "alibabacloud.SyncRule",
    SyncRuleProvider,
    lambda **kw: alibabacloud.SyncRule("app-to-hangzhou", **kw),
    {
        "instance_id": "cri-hpdfkc6utbaq",
        "region": "cn-beijing",
        "sync_scope": "REPO",
        "namespace_name": "team",
        "repo_name": "repo1",
        "tag_filter": "v.*",
        "target_instance_id": "cri-ibxs3piklys3",
        "target_region_id": "cn-hangzhou",
        "target_namespace_name": "mirror",
        "target_repo_name": "repo1",
    },
    {
        "instance_id": ACR_SOURCE_INSTANCE,
        "name": name(
            "app-to-hz", max_len=64, required=True, upper=True, may_end_with_separator=True, rule=RULE_NAME
        ),
        "region": ACR_SOURCE_REGION,
        "sync_scope": Table(
            "text",
            [
                *wrong_types(str),
                Bad(Category.EMPTY, "", ["must not be empty"], label="empty"),
                Bad(R, "repo", ["is not one of: INSTANCE, NAMESPACE, REPO"], label="lower-case"),
                Bad(R, "TAG", ["is not one of: INSTANCE, NAMESPACE, REPO"], label="unknown"),
                Bad(U, look_alike("REPO".lower()).upper(), ["is not one of"], label="cyrillic-look-alike"),
                Bad(
                    R,
                    "NAMESPACE",
                    ["is not used with sync_scope NAMESPACE"],
                    fails="repo_name",
                    also={"target_repo_name": None},
                    label="namespace-with-a-repository",
                ),
                Bad(
                    R,
                    "INSTANCE",
                    ["is not used with sync_scope INSTANCE"],
                    fails="namespace_name",
                    also={**BY_INSTANCE, "namespace_name": "team"},
                    label="instance-with-a-namespace",
                ),
            ],
            ["REPO"],
        ),
        "tag_filter": pattern({}, required=True),
        "namespace_name_filter": pattern(
            BY_INSTANCE,
            required=False,
            unused_in_repo="the SDK documents NamespaceNameFilter for SyncScope INSTANCE only",
        ),
        "repo_name_filter": pattern(
            BY_NAMESPACE,
            required=False,
            unused_in_repo="the SDK documents RepoNameFilter for SyncScope INSTANCE and NAMESPACE only",
        ),
        "namespace_name": plus(
            name("team", min_len=2, max_len=120, required=False, rule=LOWER),
            scope_rows("namespace_name", "REPO", value=None),
            scope_rows("namespace_name", "NAMESPACE", value=None, also=BY_NAMESPACE),
        ),
        "repo_name": plus(
            name("repo1", min_len=2, max_len=120, required=False, slash=True, rule=PATH),
            scope_rows("repo_name", "REPO", value=None),
        ),
        "target_instance_id": plus(
            ACR_TARGET_INSTANCE,
            Bad(
                S,
                "cri-hpdfkc6utbaq",
                [SAME, "same instance, namespace and repository"],
                also={"target_namespace_name": "team"},
                label="same-repository",
            ),
            Bad(S, "cri-hpdfkc6utbaq", [SAME, "same instance"], also=BY_INSTANCE, label="same-instance"),
            good=("cri-hpdfkc6utbaq",),  # another namespace of the same instance
        ),
        "target_region_id": plus(
            region("cn-hangzhou", "ap-guangzhou", says=ALIBABA_REGION, required=False),
            Bad(R, "cn-shanghai-finance-1", ["not a public cloud region"], label="finance-cloud"),
        ),
        "target_namespace_name": plus(
            name("mirror", min_len=2, max_len=120, required=False, rule=LOWER),
            scope_rows("target_namespace_name", "REPO", value=None),
            Bad(
                R,
                "mirror",
                ["is not used with sync_scope INSTANCE"],
                also={**BY_INSTANCE, "target_namespace_name": "mirror"},
                label="with-instance",
            ),
        ),
        "target_repo_name": plus(
            name("repo1", min_len=2, max_len=120, required=False, slash=True, rule=PATH),
            scope_rows("target_repo_name", "REPO", value=None),
            Bad(
                R,
                "repo1",
                ["is not used with sync_scope NAMESPACE"],
                also={**BY_NAMESPACE, "target_repo_name": "repo1"},
                label="with-namespace",
            ),
        ),
        "target_user_id": digits("100000000002", says="numeric id (UID) of the target account"),
        "sync_trigger": Table(
            "text",
            [
                *wrong_types(str),
                Bad(R, "passive", ["is not one of: INITIATIVE, PASSIVE"], label="lower-case"),
                Bad(R, "AUTO", ["is not one of: INITIATIVE, PASSIVE"], label="unknown"),
                Bad(U, "PASSIVE\u200b", ["is not one of"], label="zero-width"),
            ],
            ["PASSIVE", "INITIATIVE"],
        ),
        "priority": Table(
            "number",
            [
                *(
                    Bad(Category.OUT_OF_RANGE, v, ["must be greater than 0 and at most 5"], label=label)
                    for v, label in ((0, "zero"), (6, "six"), (-1, "negative"), (2**53, "2**53"))
                ),
                Bad(Category.OUT_OF_RANGE, float("nan"), ["must be an integer"], label="nan"),
                Bad(Category.OUT_OF_RANGE, 2.5, ["must be an integer"], label="fraction"),
                *wrong_types(int),
            ],
            [1, 5, 3.0],
        ),
        "link_id": Table("opaque", opaque("vl-abc123", says="synchronization link id"), ["vl-abc123"]),
        "sync_existing": flag(),
        "triggers": triggers(),
        **common(wait=True),
    },
    lambda: alibabacloud.SyncRule.get("seen", "cn-beijing#cri-hpdfkc6utbaq#nope"),
)

# -- registry.ImageCopy ---------------------------------------------------------------------------

TCR_SOURCE = {
    "cloud": "tencentcloud",
    "registry": "tcr-e8pg46c6",
    "region": "ap-guangzhou",
    "repository": "develop/app",
    "tag": "stage",
}
ACR_DESTINATION = {
    "cloud": "alibabacloud",
    "registry": "cri-ibxs3piklys3",
    "region": "cn-hangzhou",
    "repository": "mirror/app",
    "tag": "stage",
}
OCI_REF = {
    "cloud": "oci",
    "host": "registry.example.com:5000",
    "repository": "team/app",
    "tag": "v1",
    "username": "robot",
    "password": "s3cret-token",
}
DIGEST = "sha256:" + "a" * 64
TCR_NAMESPACE = "lower-case letters and digits, separated by single '.', '_' or '-'"
DOCKER_NAME = "lower-case letters and digits separated by single '.', '_', '__' or runs of '-'"


def in_ref(side: str, base: Mapping[str, Any], key: str, table: Table, *, wrap: str = "{}") -> list[Bad]:
    """Each bad value of `table` as the value of `key` in the reference `base` (`wrap` puts a
    string value into context, e.g. `"team/{}"` for the name part of a repository)."""
    rows = []
    for bad in table.bad:
        value = wrap.format(bad.value) if isinstance(bad.value, str) else bad.value
        rows.append(
            Bad(bad.category, {**base, key: value}, bad.says, f"{side}.{key}", label=f"{key}-{bad.label}")
        )
    return rows


def good_in_ref(base: Mapping[str, Any], key: str, table: Table, *, wrap: str = "{}") -> list[dict[str, Any]]:
    return [{**base, key: wrap.format(v) if isinstance(v, str) else v} for v in table.good]


def without(table: Table, *labels: str) -> Table:
    """`table` less rows that are valid in a context (a `/` inside a repository is a separator)."""
    return Table(table.shape, [b for b in table.bad if b.label not in labels], table.good, table.good_also)


def reference_table(side: str, base: Mapping[str, Any], *, registry_sample: str, other_cloud: str) -> Table:
    """Every field of an image reference, bad in turn, in `base` (a TCR or ACR reference)."""
    tcr = base["cloud"] == "tencentcloud"
    namespace = name(
        base["repository"].split("/")[0],
        min_len=2,
        max_len=30 if tcr else 120,
        required=False,
        rule=TCR_NAMESPACE if tcr else LOWER,
    )
    repository_name = name(
        base["repository"].split("/", 1)[1],
        min_len=3 if tcr else 2,
        max_len=244 if tcr else 120,
        required=False,
        slash=True,
        rule=DOCKER_NAME if tcr else PATH,
    )
    namespace_part, name_part = base["repository"].split("/", 1)
    says_registry = "a TCR instance id looks like tcr-xxxxxxxx" if tcr else "an ACR Enterprise instance id"
    region_words = TENCENT_REGION if tcr else "not an Alibaba Cloud region"
    region_sample, region_other = ("ap-guangzhou", "cn-north-4") if tcr else ("cn-hangzhou", "ap-guangzhou")
    rows = [
        *(
            Bad(Category.WRONG_TYPE, v, ["must be a map"], label=f"wrong-type-{type(v).__name__}")
            for v in ("ns/app:v1", 7, True, ["x"])
        ),
        Bad(
            Category.EMPTY,
            {},
            ["is required", "tencentcloud, huaweicloud, alibabacloud, oci"],
            f"{side}.cloud",
            label="empty",
        ),
        Bad(
            R,
            {**base, "cloud": "aws"},
            ["is not one of: alibabacloud, huaweicloud, oci, tencentcloud"],
            f"{side}.cloud",
            label="unknown-cloud",
        ),
        Bad(
            R,
            {**base, "kind": "x"},
            ["is not a field of an image reference"],
            f"{side}.kind",
            label="unknown-field",
        ),
        Bad(
            R,
            {**base, "host": "r.example.com"},
            ["only used for an OCI registry"],
            f"{side}.host",
            label="host-of-a-cloud",
        ),
        Bad(R, {**base, "registry": None}, ["is required"], f"{side}.registry", label="no-registry"),
        Bad(
            R,
            {**base, "repository": "app"},
            ["must be namespace/name"],
            f"{side}.repository",
            label="no-namespace",
        ),
        Bad(
            Category.EMPTY,
            {**base, "repository": ""},
            ["must not be empty"],
            f"{side}.repository",
            label="repository-empty",
        ),
        *in_ref(
            side,
            base,
            "registry",
            identifier(registry_sample, says=says_registry, required=True, other_cloud=other_cloud),
        ),
        *in_ref(side, base, "region", region(region_sample, region_other, says=region_words, required=False)),
        *in_ref(side, base, "repository", without(namespace, "slash"), wrap="{}/" + name_part),
        *in_ref(side, base, "repository", without(repository_name, "empty"), wrap=namespace_part + "/{}"),
        *in_ref(
            side,
            base,
            "tag",
            name(base["tag"], max_len=128, required=True, upper=True, may_end_with_separator=True, rule=TAG),
        ),
        *in_ref(side, base, "profile", profile()),
    ]
    good = [
        *good_in_ref(base, "repository", namespace, wrap="{}/" + name_part),
        *good_in_ref(base, "repository", repository_name, wrap=namespace_part + "/{}"),
        {**base, "region": None},  # the configured region
        {**base, "profile": PROFILE},
    ]
    return Table("map", rows, good)


def source_table() -> Table:
    side, base = "source", TCR_SOURCE
    table = reference_table(side, base, registry_sample="tcr-e8pg46c6", other_cloud="cri-e8pg46c6")
    digest_rows = [
        Bad(
            R,
            {**base, "tag": None},
            ["set the source's tag, or its digest"],
            "source.tag",
            label="no-tag-nor-digest",
        ),
        Bad(
            R,
            {**base, "digest": DIGEST},
            ["either the tag or the digest"],
            "source.digest",
            label="tag-and-digest",
        ),
        *(
            Bad(
                W,
                {**base, "tag": None, "digest": value},
                [INVALID, "sha256: and 64 lower-case hex digits"],
                "source.digest",
                label=label,
            )
            for value, label in (
                ("sha256:" + "A" * 64, "upper-case-hex"),
                ("sha256:" + "a" * 63, "short"),
                ("md5:" + "a" * 32, "unknown-algorithm"),
                ("a" * 64, "no-algorithm"),
                (DIGEST + "\n", "trailing-newline"),
            )
        ),
        Bad(S, {**ACR_DESTINATION}, [SAME], "destination", label="same-as-destination"),
    ]
    good = [
        *table.good,
        {**base, "tag": None, "digest": DIGEST},
        {**base, "tag": None, "digest": "sha512:" + "0" * 128},
    ]
    return Table("map", [*table.bad, *digest_rows], good)


def destination_table() -> Table:
    side, base = "destination", ACR_DESTINATION
    table = reference_table(side, base, registry_sample="cri-ibxs3piklys3", other_cloud="tcr-ibxs3piklys3")
    swr = {"cloud": "huaweicloud", "region": "cn-north-4", "repository": "team-a/web/app", "tag": "v1"}
    oci_rows = [
        Bad(R, {**base, "digest": DIGEST}, ["written to a tag"], "destination.digest", label="digest"),
        Bad(R, {**base, "tag": None}, ["is required"], "destination.tag", label="no-tag"),
        Bad(
            R, {**swr, "registry": "swr"}, ["not used for SWR"], "destination.registry", label="swr-registry"
        ),
        Bad(
            R,
            {**swr, "repository": "Team-a/app"},
            [INVALID, SWR_NAMESPACE],
            "destination.repository",
            label="swr-namespace",
        ),
        Bad(
            R,
            {**OCI_REF, "region": "ap-guangzhou"},
            ["not used for an OCI registry"],
            "destination.region",
            label="oci-region",
        ),
        Bad(
            R,
            {**OCI_REF, "profile": PROFILE},
            ["set username and password"],
            "destination.profile",
            label="oci-profile",
        ),
        Bad(R, {**OCI_REF, "host": None}, ["is required"], "destination.host", label="oci-no-host"),
        Bad(
            R,
            {**OCI_REF, "password": None},
            ["go together"],
            "destination.password",
            label="oci-user-without-password",
        ),
        Bad(
            R,
            {**OCI_REF, "insecure": "yes"},
            ["must be true or false"],
            "destination.insecure",
            label="oci-insecure-string",
        ),
        *(
            Bad(
                B, {**OCI_REF, "host": host}, [INVALID, "no scheme, no path"], "destination.host", label=label
            )
            for host, label in (
                ("https://registry.example.com", "scheme"),
                ("registry.example.com/team", "path"),
                ("registry.example.com:99999", "port-out-of-range"),
                ("registry.example.com:", "empty-port"),
                ("registry example.com", "space"),
                ("[::zz]:5000", "bad-ipv6"),
                ("registry.example.com#1", "id-separator"),
            )
        ),
        *in_ref(
            side, OCI_REF, "password", Table("opaque", opaque("s3cret-token", says="a password", secret=True))
        ),
        *in_ref(side, OCI_REF, "username", Table("opaque", opaque("robot", says="a user name"))),
        Bad(S, {**TCR_SOURCE}, [SAME], "destination", label="same-as-source"),
    ]
    good = [
        *table.good,
        swr,
        {**swr, "region": "cn-east-3", "repository": "team-a/app"},
        OCI_REF,
        {**OCI_REF, "host": "127.0.0.1:5000", "insecure": True, "username": None, "password": None},
        {**OCI_REF, "host": "[::1]:5000"},
        {**OCI_REF, "host": "docker.io", "repository": "library/nginx"},
        {**TCR_SOURCE, "repository": "release/app"},
    ]
    return Table("map", [*table.bad, *oci_rows], good)


IMAGE_COPY = Subject(
    "registry.ImageCopy",
    ImageCopyProvider,
    lambda **kw: registry.ImageCopy("copy", **kw),
    {"source": TCR_SOURCE, "destination": ACR_DESTINATION, "override": True},
    {
        "source": source_table(),
        "destination": destination_table(),
        "platforms": Table(
            "list",
            [
                *wrong_types(list),
                Bad(R, [], ["non-empty list"], label="empty-list"),
                Bad(R, ["linux"], ["is not a platform", "os/architecture"], label="os-only"),
                Bad(R, ["linux/amd64/v8/x"], ["is not a platform"], label="four-parts"),
                Bad(R, ["Linux/AMD64"], ["is not a platform"], label="upper-case"),
                Bad(R, ["linux/amd64", 7], ["is not a platform"], label="a-number"),
                Bad(R, ["linux/amd64", "linux/amd64"], ["more than once"], label="duplicate"),
                Bad(U, ["linux/amd64​"], ["is not a platform"], label="zero-width"),
            ],
            [["linux/amd64"], ["linux/arm64/v8", "linux/arm/v7", "windows/amd64"]],
        ),
        "include_referrers": flag(),
        "override": flag(),
        "triggers": triggers(),
        **common(wait=True),
    },
    lambda: registry.ImageCopy.get("seen", "tencentcloud#ap-guangzhou#tcr-e8pg46c6#develop/app#nope"),
)

# -- registry.RepositoryMirror -------------------------------------------------------------------


def untagged(table: Table, side: str) -> Table:
    """An `ImageCopy` reference table for whole repositories: no tag or digest in any value; the
    rows about tags and digests give way to one that says a mirror takes neither."""

    def strip(value: Any) -> Any:
        if isinstance(value, Mapping):
            return {k: v for k, v in value.items() if k not in ("tag", "digest")}
        return value

    about_tags = (f"{side}.tag", f"{side}.digest")
    rows = [
        Bad(bad.category, strip(bad.value), bad.says, bad.fails, bad.also, bad.label)
        for bad in table.bad
        if bad.fails not in about_tags
    ]
    base = strip(TCR_SOURCE if side == "source" else ACR_DESTINATION)
    rows += [
        Bad(R, {**base, "tag": "v1"}, ["is not used by a mirror"], f"{side}.tag", label="a-tag"),
        Bad(R, {**base, "digest": DIGEST}, ["is not used by a mirror"], f"{side}.digest", label="a-digest"),
    ]
    return Table(table.shape, rows, [strip(v) for v in table.good], table.good_also)


def tag_filter() -> Table:
    """`tags`: regular expressions that compile, an npm range that parses, a positive `latest`."""
    return Table(
        "map",
        [
            *wrong_types(dict),
            Bad(
                R,
                {"include": ["v1", "(unclosed"]},
                ["not a regular expression"],
                "tags.include[1]",
                label="re",
            ),
            Bad(R, {"exclude": ["*.rc"]}, ["not a regular expression"], "tags.exclude[0]", label="glob"),
            Bad(R, {"include": "v.*"}, ["list of regular expressions"], "tags.include", label="one-string"),
            Bad(R, {"include": [7]}, ["must be a regular expression"], "tags.include[0]", label="a-number"),
            Bad(R, {"semver": ">=1.x.q"}, ["not a semantic-version range"], "tags.semver", label="range"),
            Bad(R, {"semver": "  "}, ["must be a range"], "tags.semver", label="blank-range"),
            Bad(R, {"latest": 0}, ["at least 1"], "tags.latest", label="latest-zero"),
            Bad(R, {"latest": 2.5}, ["whole number"], "tags.latest", label="latest-fraction"),
            Bad(R, {"latest": "10"}, ["whole number"], "tags.latest", label="latest-string"),
            Bad(R, {"limit": 10}, ["is not a filter of tags"], "tags.limit", label="unknown-key"),
        ],
        [
            {},
            {"include": [r"^v\d+\.\d+\.\d+$"], "exclude": ["-rc"], "semver": ">=1.4 <3", "latest": 10},
            {"semver": "^2.1 || ~1.4"},
            {"latest": 10.0},
        ],
    )


def parallel() -> Table:
    words = ["greater than 0", "at most 32"]
    return Table(
        "number",
        [
            *wrong_types(int),
            Bad(Category.OUT_OF_RANGE, 0, words, label="zero"),
            Bad(Category.OUT_OF_RANGE, 33, words, label="too-many"),
        ],
        [1, 32, 4.0],
    )


MIRROR_SOURCE = {k: v for k, v in TCR_SOURCE.items() if k != "tag"}
MIRROR_DESTINATION = {k: v for k, v in ACR_DESTINATION.items() if k != "tag"}

REPOSITORY_MIRROR = Subject(
    "registry.RepositoryMirror",
    RepositoryMirrorProvider,
    lambda **kw: registry.RepositoryMirror("mirror", **kw),
    {"source": MIRROR_SOURCE, "destination": MIRROR_DESTINATION},
    {
        "source": untagged(source_table(), "source"),
        "destination": untagged(destination_table(), "destination"),
        "tags": tag_filter(),
        "platforms": IMAGE_COPY.tables["platforms"],
        "include_referrers": flag(),
        "override": flag(),
        "prune": flag(),
        "max_parallel": parallel(),
        "fail_on_error": flag(),
        **common(wait=False),
    },
    lambda: registry.RepositoryMirror.get("seen", "tencentcloud#ap-guangzhou#tcr-e8pg46c6#develop/app"),
)

SUBJECTS = [
    REPLICATION_RULE,
    IMAGE_DUPLICATE,
    CVM_IMAGE_SYNC,
    SWR_SYNC_REPO_TASK,
    ACR_SYNC_REPO_TASK,
    ACR_SYNC_RULE,
    IMAGE_COPY,
    REPOSITORY_MIRROR,
]
