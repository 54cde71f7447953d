"""The pure parts of `registry.ImageCopy`'s OCI client: manifests, platforms, challenges, schemes."""

from __future__ import annotations

import json

import pytest

from pulumi_imagesync.registry.logins import url_for
from pulumi_imagesync.registry.oci import media
from pulumi_imagesync.registry.oci.auth import Challenge, Token, parse_challenge


def index(*platforms: str) -> media.Manifest:
    entries = []
    for n, platform in enumerate(platforms):
        os_name, arch, *variant = platform.split("/")
        described = {"os": os_name, "architecture": arch, **({"variant": variant[0]} if variant else {})}
        entries.append(
            {
                "mediaType": media.OCI_MANIFEST,
                "digest": f"sha256:{n:064x}",
                "size": 10 + n,
                "platform": described,
            }
        )
    raw = json.dumps(
        {"schemaVersion": 2, "mediaType": media.OCI_INDEX, "manifests": entries}, indent=3
    ).encode()
    return media.parse(raw, media.OCI_INDEX)


def test_a_manifest_is_kept_byte_for_byte_and_checked_against_the_digest_asked_for() -> None:
    multi = index("linux/amd64", "linux/arm64/v8")
    assert multi.digest == media.digest_of(multi.raw) and multi.is_index
    with pytest.raises(media.ManifestError, match="not sha256:"):
        media.parse(multi.raw, media.OCI_INDEX, "sha256:" + "0" * 64)


def test_a_platform_without_a_variant_takes_any_variant_but_not_another_architecture() -> None:
    assert media.matches("linux/arm64", "linux/arm64/v8")
    assert media.matches("linux/arm64/v8", "linux/arm64/v8")
    assert not media.matches("linux/arm64/v7", "linux/arm64/v8")
    assert not media.matches("linux/amd64", "linux/arm64")
    assert media.same_platforms(["linux/arm64"], ["linux/arm64/v8"])
    assert not media.same_platforms(["linux/arm64"], ["linux/arm64/v8", "linux/amd64"])


def test_a_subset_is_a_new_index_of_the_same_entries() -> None:
    multi = index("linux/amd64", "linux/arm64/v8", "linux/arm/v7")
    chosen, missing = media.select(multi, ["linux/arm64", "linux/s390x"])
    assert [c.platform for c in chosen] == ["linux/arm64/v8"] and missing == ["linux/s390x"]
    subset = media.subset_index(multi, chosen)
    assert subset.digest != multi.digest
    assert json.loads(subset.raw)["manifests"] == [json.loads(multi.raw)["manifests"][1]]


def test_schema_1_manifests_are_refused_with_what_to_do() -> None:
    with pytest.raises(media.ManifestError, match="schema 1"):
        media.parse(b'{"schemaVersion": 1, "name": "x"}', "application/json")


def test_tag_schemes_of_referrers_and_signatures() -> None:
    digest = "sha256:" + "ab" * 32
    assert media.referrers_tag(digest) == "sha256-" + "ab" * 32
    assert media.cosign_tags(digest) == [f"sha256-{'ab' * 32}.{s}" for s in ("sig", "att", "sbom")]


def test_challenges_as_registries_send_them() -> None:
    harbor = 'Bearer realm="https://tcr.example/service/token",service="harbor-registry",scope="repository:a/b:pull"'
    assert parse_challenge(harbor) == Challenge(
        "bearer", "https://tcr.example/service/token", "harbor-registry", ("repository:a/b:pull",)
    )
    assert parse_challenge('Basic realm="registry"') == Challenge("basic", "registry")
    assert parse_challenge("Negotiate abc") is None


def test_a_token_lasts_what_its_service_says_less_a_margin() -> None:
    token = Token.of({"access_token": "t", "expires_in": 300}, now=1000.0)
    assert token.header == "Bearer t" and token.fresh(1000.0 + 269) and not token.fresh(1000.0 + 271)
    assert Token.of({"token": "t"}, now=0.0).expires_at == 60.0  # the token spec's default
    with pytest.raises(ValueError, match="without a token"):
        Token.of({"expires_in": 60})


@pytest.mark.parametrize(
    ("host", "insecure", "url"),
    [
        ("registry.example.com", False, "https://registry.example.com"),
        ("registry.example.com:5000", True, "http://registry.example.com:5000"),
        ("127.0.0.1:5000", False, "http://127.0.0.1:5000"),
        ("localhost:5000", False, "http://localhost:5000"),
        ("[::1]:5000", False, "http://[::1]:5000"),
        ("10.0.0.8:5000", False, "https://10.0.0.8:5000"),
        ("https://vpc.example.com/", False, "https://vpc.example.com"),
    ],
)
def test_registries_are_spoken_to_over_https_but_loopback_ones(host: str, insecure: bool, url: str) -> None:
    assert url_for(host, insecure) == url
