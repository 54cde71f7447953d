"""The name validators agree with the documented naming rules, on generated strings.

Each rule is written a second time here as an oracle: plain Python that follows the documents'
words (loops and character tests, no regular expression), so that a validator and its pattern
cannot share a mistake. Generated strings lean towards the edges: separators and runs of them,
lengths at the limits, id prefixes, look-alike and invisible characters.

Sources (docs/cloud-assumptions.md, "Names", says more about each):
- SWR namespace and repository: the `namespace` and `repository` path parameters of
  CreateImageSyncRepo, https://support.huaweicloud.com/intl/en-us/api-swr/swr_02_0012.html;
- TCR namespace: `CreateNamespaceRequest.NamespaceName` in the SDK
  (tencentcloud/tcr/v20190924/models.py): 2-30 characters, lower-case letters, digits and `.`,
  `_`, `-`, no separator first, last or next to another;
- TCR repository: `CreateRepositoryRequest.RepositoryName` (same file): more than 2 and fewer
  than 245 characters; in the shape of a Docker repository path (github.com/distribution/reference);
- ACR namespace: `CreateNamespaceRequest.namespace_name` in alibabacloud_cr20181201/models: 2-120
  characters, lower-case letters, digits and `_`, `-`, `.`, no separator first or last; and a
  Docker path component, since it is one in every image reference;
- Docker repository components and tags: github.com/distribution/reference (what TCR and ACR
  accept as image references);
- the CVM image name (at most 60 characters): `SyncImagesRequest.ImageName` in the SDK;
- TCR rule names (documented nowhere: the provider's own rule; ACR sync rules, whose names ACR
  documents none, follow it) and the `tcr-`/`cri-`/`crr-`/
  `img-` ids (the shapes the APIs' examples show).
"""

from __future__ import annotations

import itertools
import os
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pulumi_imagesync.alibabacloud.sync_repo_task_provider import SyncRepoTaskProvider as AcrProvider
from pulumi_imagesync.alibabacloud.sync_rule_provider import SyncRuleProvider
from pulumi_imagesync.huaweicloud.sync_repo_task_provider import SyncRepoTaskProvider as SwrProvider
from pulumi_imagesync.provider.base import ImageSyncProvider
from pulumi_imagesync.tencentcloud.cvm_image_sync_provider import CvmImageSyncProvider
from pulumi_imagesync.tencentcloud.image_duplicate_provider import ImageDuplicateProvider
from pulumi_imagesync.tencentcloud.replication_rule_provider import ReplicationRuleProvider

# CI: the same examples every run (a failure reproduces); IMAGESYNC_HYPOTHESIS_EXPLORE=1 searches wider.
EXPLORE = os.environ.get("IMAGESYNC_HYPOTHESIS_EXPLORE") == "1"
SETTINGS = settings(
    deadline=None,
    max_examples=20_000 if EXPLORE else 300,
    derandomize=not EXPLORE,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

LOWER = "abcdefghijklmnopqrstuvwxyz"
UPPER = LOWER.upper()
DIGITS = "0123456789"

# -- the oracles: the documents' words ----------------------------------------------------------------


def swr_name(text: str, *, max_len: int, first: str, separators: str) -> bool:
    """SWR (CreateImageSyncRepo's path parameters): starts with `first`; then lower-case letters, digits and `separators`; at most
    two `_` in a row; separators never next to each other otherwise; ends with a letter or digit."""
    if not 1 <= len(text) <= max_len or text[0] not in first or text[-1] not in LOWER + DIGITS:
        return False
    for index, char in enumerate(text):
        if char not in LOWER + DIGITS + separators:
            return False
        previous = text[index - 1] if index else ""
        if char in separators and previous and previous in separators:
            two_underscores = char == previous == "_" and (index < 2 or text[index - 2] != "_")
            if not two_underscores:
                return False
    return True


def swr_namespace(text: str) -> bool:
    return swr_name(text, max_len=64, first=LOWER, separators="._-")


def swr_repository(text: str) -> bool:
    return swr_name(text, max_len=128, first=LOWER + DIGITS, separators="._-/")


def tcr_namespace(text: str) -> bool:
    """TCR CreateNamespace: 2-30 lower-case letters, digits and `.`, `_`, `-`; a separator is never
    first, never last, never next to another."""
    separators = "._-"
    if not 2 <= len(text) <= 30 or text[0] in separators or text[-1] in separators:
        return False
    for index, char in enumerate(text):
        if char not in LOWER + DIGITS + separators:
            return False
        if char in separators and text[index - 1] in separators:
            return False
    return True


def path_component(text: str) -> bool:
    """Docker: lower-case letters and digits, separated by one `.`, one `_`, `__`, or a run of `-`."""
    if not text or text[0] not in LOWER + DIGITS or text[-1] not in LOWER + DIGITS:
        return False
    separator = ""
    for char in text:
        if char in LOWER + DIGITS:
            if separator and separator not in (".", "_", "__") and set(separator) != {"-"}:
                return False
            separator = ""
        elif char in "._-":
            separator += char
        else:
            return False
    return True


def repository(text: str) -> bool:
    """Docker: path components joined by single `/`."""
    return all(path_component(part) for part in text.split("/"))


def within(low: int, high: int, rule: Callable[[str], bool]) -> Callable[[str], bool]:
    return lambda text: low <= len(text) <= high and rule(text)


def tag(text: str) -> bool:
    """Docker: 1-128 ASCII letters, digits, `_`, `.`, `-`; not starting with `.` or `-`."""
    allowed = LOWER + UPPER + DIGITS + "_.-"
    return 1 <= len(text) <= 128 and text[0] not in ".-" and all(char in allowed for char in text)


def rule_name(text: str) -> bool:
    """TCR rule: 1-64 ASCII letters, digits, `.`, `_`, `-`, starting with a letter or digit."""
    allowed = LOWER + UPPER + DIGITS + "_.-"
    return 1 <= len(text) <= 64 and text[0] in LOWER + UPPER + DIGITS and all(c in allowed for c in text)


def prefixed_id(prefix: str, low: int, high: int) -> Callable[[str], bool]:
    """`<prefix>` then `low` to `high` lower-case letters or digits (`tcr-`, `cri-`, `crr-`, `img-`)."""

    def rule(text: str) -> bool:
        body = text[len(prefix) :]
        return text.startswith(prefix) and low <= len(body) <= high and all(c in LOWER + DIGITS for c in body)

    return rule


def account_id(text: str) -> bool:
    """An account number: 1-32 ASCII digits (not any Unicode digit)."""
    return 1 <= len(text) <= 32 and all(char in DIGITS for char in text)


def image_name(text: str) -> bool:
    """CVM: at most 60 characters, any script; nothing invisible (controls, format characters)."""
    invisible = {"Cc", "Cf", "Cn", "Co", "Cs", "Zl", "Zp"}
    return 1 <= len(text) <= 60 and not any(unicodedata.category(char) in invisible for char in text)


# -- the validators under test -------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """A documented rule, its oracle, and the validators (provider, field) that implement it."""

    name: str
    oracle: Callable[[str], bool]
    limits: tuple[int, ...]
    """The documented lengths: generated strings gather around them."""
    validators: tuple[tuple[type[ImageSyncProvider], str], ...]
    prefix: str = ""
    """An id's documented prefix (`tcr-`): most generated strings start with it."""

    def rejecting(self, text: str) -> list[str]:
        """The validators that reject `text`."""
        return [
            f"{provider.__name__}.{field}"
            for provider, field in self.validators
            if field in {failure.property for failure in provider().validate({field: text})}
        ]

    def __str__(self) -> str:
        return self.name


SWR, RR, DUP, CVM, ACR, SR = (
    SwrProvider,
    ReplicationRuleProvider,
    ImageDuplicateProvider,
    CvmImageSyncProvider,
    AcrProvider,
    SyncRuleProvider,
)

RULES = [
    Rule("swr-namespace", swr_namespace, (1, 64), ((SWR, "namespace"), (SWR, "remote_namespace"))),
    Rule("swr-repository", swr_repository, (1, 128), ((SWR, "repository"),)),
    # ACR documents no rule-name pattern: SyncRule takes TCR's.
    Rule("rule-name", rule_name, (1, 64), ((RR, "name"), (SR, "name"))),
    Rule(
        "tcr-namespace",
        tcr_namespace,
        (2, 30),
        ((RR, "dest_namespace"), (DUP, "source_namespace"), (DUP, "destination_namespace")),
    ),
    Rule(
        "tcr-repository",
        within(3, 244, repository),  # "more than 2 and fewer than 245 characters"
        (3, 244),
        ((DUP, "source_repo"), (DUP, "destination_repo")),
    ),
    Rule(
        "tcr-instance-id",
        prefixed_id("tcr-", 1, 32),
        (1, 32),
        ((RR, "source_registry_id"), (RR, "destination_registry_id"), (DUP, "registry_id")),
        "tcr-",
    ),
    Rule(
        "docker-tag",
        tag,
        (1, 128),
        ((DUP, "source_reference"), (DUP, "destination_tag"), (ACR, "tag"), (ACR, "target_tag")),
    ),
    Rule("cvm-image-id", prefixed_id("img-", 8, 8), (8,), ((CVM, "image_id"),), "img-"),
    Rule("cvm-image-name", image_name, (1, 60), ((CVM, "image_name"),)),
    Rule(
        "acr-instance-id",
        prefixed_id("cri-", 1, 32),
        (1, 32),
        ((ACR, "instance_id"), (ACR, "target_instance_id"), (SR, "instance_id"), (SR, "target_instance_id")),
        "cri-",
    ),
    Rule("acr-repository-id", prefixed_id("crr-", 1, 32), (1, 32), ((ACR, "repo_id"),), "crr-"),
    Rule(
        "acr-namespace",
        within(2, 120, path_component),
        (2, 120),
        (
            (ACR, "namespace"),
            (ACR, "target_namespace"),
            (SR, "namespace_name"),
            (SR, "target_namespace_name"),
        ),
    ),
    Rule(
        "acr-repository",
        within(2, 120, repository),
        (2, 120),
        ((ACR, "repo_name"), (ACR, "target_repo_name"), (SR, "repo_name"), (SR, "target_repo_name")),
    ),
    Rule(
        "account-id",
        account_id,
        (1, 32),
        ((RR, "peer_registry_uin"), (ACR, "target_user_id"), (SR, "target_user_id")),
    ),
]

# -- strings near the edges ------------------------------------------------------------------------

# Valid-looking names are built from these, then given up to two defects.
WORDS = ["a", "b", "z", "0", "9", "ab", "x1", "v2", "team", "0a"]
SEPARATORS = [".", "_", "__", "-", "--", "/"]
SEPARATOR_DEFECTS = [*"._-/", "__", "___", "..", "._", "_.", "-_", "_-", ".-", "/.", "_/", "/-", "//"]
CHARACTER_DEFECTS = [
    *"AZ#$%: @\n\t",
    "%2F",
    "\u200b",  # zero width space
    "\ufeff",  # byte-order mark
    "\u0430",  # Cyrillic a
    "\u043e",  # Cyrillic o
    "\uff11",  # full-width 1
    "\u0661",  # Arabic-Indic 1
    "\u00b2",  # superscript 2
    "\u00e9",
    "\u955c",
    "tcr-",
    "img-",
]
# Alphabets of strings at the length limits; the last ones mix in characters that look alike.
ALPHABETS = [
    "ab0",
    "0123456789",
    "ab0",
    "0123456789",
    "aZ0",
    "a0.-_",
    "a0/",
    "a\u0430",
    "09\uff11",
    "09\u0661\u00b2",
]


@st.composite
def near_valid(draw: st.DrawFn, prefix: str) -> str:
    """`prefix`, words joined by separators, then zero, one or two defects inserted anywhere."""
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6))
    text = prefix + words[0] + "".join(draw(st.sampled_from(SEPARATORS)) + word for word in words[1:])
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(text)))
        defects = SEPARATOR_DEFECTS if draw(st.booleans()) else CHARACTER_DEFECTS
        text = text[:at] + draw(st.sampled_from(defects)) + text[at:]
    return text


@st.composite
def near_limit(draw: st.DrawFn, prefix: str, length: int) -> str:
    """`prefix` and a string just under, at or over a documented length, from one of a few alphabets."""
    size = draw(st.integers(max(0, length - 2), length + 2))
    return prefix + draw(st.text(draw(st.sampled_from(ALPHABETS)), min_size=size, max_size=size))


@cache
def candidates(limits: tuple[int, ...], prefix: str) -> st.SearchStrategy[str]:
    return st.one_of(
        near_valid(prefix),
        near_valid(prefix),
        *(near_limit(prefix, length) for length in limits for _ in range(3 - len(limits))),
        near_valid(""),
        st.text(max_size=max(limits) + 4),
    )


@pytest.mark.parametrize("rule", RULES, ids=str)
@SETTINGS
@given(data=st.data())
def test_the_name_validators_agree_with_the_documented_rule(rule: Rule, data: st.DataObject) -> None:
    text = data.draw(candidates(rule.limits, rule.prefix), label="text")
    expected = [] if rule.oracle(text) else [f"{p.__name__}.{f}" for p, f in rule.validators]
    assert rule.rejecting(text) == expected, (
        f"{rule} {'accepts' if rule.oracle(text) else 'rejects'} {text!r}"
    )


SHORT_ALPHABET = "a0._-/A"
SHORT_LENGTH = 5


def short_strings(prefix: str) -> Iterator[str]:
    """Every string of up to SHORT_LENGTH characters of SHORT_ALPHABET, after `prefix`: every joint."""
    for length in range(SHORT_LENGTH + 1):
        for chars in itertools.product(SHORT_ALPHABET, repeat=length):
            yield prefix + "".join(chars)


@pytest.mark.parametrize("rule", RULES, ids=str)
def test_the_name_validators_agree_with_the_documented_rule_on_every_short_string(rule: Rule) -> None:
    disagreements = []
    for text in short_strings(rule.prefix):
        expected = [] if rule.oracle(text) else [f"{p.__name__}.{f}" for p, f in rule.validators]
        if rule.rejecting(text) != expected:
            disagreements.append(text)
    assert not disagreements, f"{rule}: {len(disagreements)} disagreements, e.g. {disagreements[:5]}"


# -- the oracles read the documents right ---------------------------------------------------------

DOCUMENTED = [
    (swr_namespace, "team-a", True),
    (swr_namespace, "team__a", True),
    (swr_namespace, "t", True),
    (swr_namespace, "a" * 64, True),
    (swr_namespace, "a" * 65, False),
    (swr_namespace, "team___a", False),  # at most two `_` in a row
    (swr_namespace, "team._a", False),  # separators never adjacent
    (swr_namespace, "team--a", False),
    (swr_namespace, "1team", False),  # a lower-case letter first
    (swr_namespace, "team-", False),  # a letter or digit last
    (swr_namespace, "Team", False),
    (swr_repository, "web/app", True),
    (swr_repository, "0web/app.v2", True),
    (swr_repository, "web//app", False),
    (swr_repository, "web/_app", False),
    (swr_repository, "web$app", False),  # `$` stands for `/` in the URL: never in a name
    (tcr_namespace, "develop", True),
    (tcr_namespace, "a.b_c-d", True),
    (tcr_namespace, "ab", True),
    (tcr_namespace, "a", False),  # 2-30 characters
    (tcr_namespace, "a" * 30, True),
    (tcr_namespace, "a" * 31, False),
    (tcr_namespace, "a__b", False),  # separators never next to each other
    (tcr_namespace, "a--b", False),
    (tcr_namespace, "-ab", False),
    (tcr_namespace, "ab.", False),
    (tcr_namespace, "Ab", False),
    (within(3, 244, repository), "app", True),
    (within(3, 244, repository), "ui", False),  # more than 2 characters
    (within(3, 244, repository), "a" * 245, False),
    (path_component, "a-----b", True),
    (path_component, "a__b", True),
    (path_component, "a___b", False),
    (path_component, "a..b", False),
    (repository, "a/b/c", True),
    (repository, "a/../b", False),
    (tag, "v1.2.3-rc.1_", True),
    (tag, "_x", True),
    (tag, ".x", False),
    (tag, "x" * 129, False),
    (rule_name, "Prod-To-SG.", True),
    (rule_name, "-x", False),
    (prefixed_id("img-", 8, 8), "img-o3ycss2p", True),
    (prefixed_id("img-", 8, 8), "img-o3ycss2", False),
    (account_id, "100002", True),
    (account_id, "\uff11", False),
    (image_name, "\u91d1\u8272\u955c\u50cf 2026/11", True),
    (image_name, "golden\u200b", False),
]


@pytest.mark.parametrize(("oracle", "text", "valid"), DOCUMENTED)
def test_an_oracle_follows_the_documents(oracle: Callable[[str], bool], text: str, valid: bool) -> None:
    assert oracle(text) is valid


def test_every_pattern_checked_name_has_an_oracle() -> None:
    # The tables in subjects.py that check a documented name pattern: each needs its rule here.
    from tests.badinput.subjects import SUBJECTS

    names = {(s.provider, f) for s in SUBJECTS for f, table in s.tables.items() if table.shape == "name"}
    assert names <= {validator for rule in RULES for validator in rule.validators}
