"""`registry.ImageCopy` through the real provider server, against the emulator's registries.

Each registry is reached as the provider reaches real ones: its endpoint and its login come from
its cloud's own API (TCR `DescribeInstances` + `CreateInstanceToken`, SWR `CreateSecret`, ACR
`ListInstanceEndpoint` + `GetAuthorizationToken`), called through the real SDKs; the copy speaks
the OCI distribution API. What moved is read from the emulator's call log (`service: registry`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from pulumi_imagesync import registry
from pulumi_imagesync.emulator import Emulator
from pulumi_imagesync.emulator.registry.seeded import seeded_digest
from tests.conftest import EngineFactory
from tests.emulator.registry_world import ACR, ACR_HZ, GZ, PLAIN, PLAIN_LOGIN, SWR_BJ, TCR, WORLD
from tests.faults.checks import up_in_background, wait_until
from tests.support.clouds import tencent_call
from tests.support.engine import Engine, ProviderError, register
from tests.support.registry_logins import client

PAIRS = ["tcr", "swr", "acr", "oci"]
CLOUD_OF = {"tcr": "tencentcloud", "swr": "huaweicloud", "acr": "alibabacloud", "oci": "oci"}
REGISTRY_OF = {"tcr": TCR, "swr": SWR_BJ, "acr": ACR, "oci": PLAIN}
REGION_OF = {"tcr": GZ, "swr": SWR_BJ, "acr": ACR_HZ, "oci": ""}
MULTI = ["linux/amd64", "linux/arm64/v8"]


@pytest.fixture(autouse=True)
def world(emulator: Emulator) -> None:
    emulator.seed(WORLD)


def ref(
    emulator: Emulator, kind: str, repository: str = "team/app", tag: str = "v1", **more: Any
) -> dict[str, Any]:
    """A reference to `repository:tag` in the world's registry of `kind`."""
    doc: dict[str, Any] = {"cloud": CLOUD_OF[kind], "repository": repository, "tag": tag}
    if kind in ("tcr", "acr"):
        doc.update(registry=REGISTRY_OF[kind], region=REGION_OF[kind])
    elif kind == "swr":
        doc.update(region=SWR_BJ)
    else:
        doc.update(host=emulator.registry("oci", PLAIN)["endpoint"], **PLAIN_LOGIN)
    return {**doc, **more}


def copy(name: str = "copy", **args: Any) -> Any:
    return register(lambda: registry.ImageCopy(name, **args))


def held(emulator: Emulator, kind: str, repository: str, tag: str) -> str | None:
    """The digest a tag holds in the emulator (None: no such tag)."""
    repositories = emulator.registry(CLOUD_OF[kind], REGISTRY_OF[kind])["repositories"]
    return (repositories.get(repository) or {}).get("tags", {}).get(tag)


def registry_calls(emulator: Emulator, action: str, kind: str | None = None) -> list[dict[str, Any]]:
    """The registry requests of `action` (in the registry of `kind`, if given)."""
    return [
        c
        for c in emulator.calls()["calls"]
        if c["service"] == "registry"
        and c["action"] == action
        and (kind is None or c["target"].split("/", 1)[0] == REGISTRY_OF[kind])
    ]


# -- every pair of clouds ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "destination"), [(s, d) for s in PAIRS for d in PAIRS if s != d], ids=lambda k: str(k)
)
def test_a_copy_between_every_pair_of_registries(
    engine: Engine, emulator: Emulator, source: str, destination: str
) -> None:
    reg = copy(source=ref(emulator, source), destination=ref(emulator, destination, "team/copied", "v1"))
    assert engine.up(reg).op == "create"
    state = engine.state["copy"]
    digest = held(emulator, source, "team/app", "v1")
    assert digest is not None and held(emulator, destination, "team/copied", "v1") == digest
    out = state.outputs
    assert out["digest"] == out["copied_digest"] == out["source_digest"] == digest
    assert out["existed_before"] is False and out["copy_state"] == "COPIED"
    assert out["blobs_copied"] == 2 and out["blobs_skipped"] == 0 and out["bytes_copied"] > 1000
    assert (
        out["reference"]
        == f"{emulator.registry(CLOUD_OF[destination], REGISTRY_OF[destination])['endpoint']}/team/copied:v1"
    )
    assert out["media_type"] == "application/vnd.oci.image.manifest.v1+json"
    assert out["platforms"] == ["linux/amd64"]

    assert engine.up(reg).op == "same"
    engine.destroy("copy")
    assert held(emulator, destination, "team/copied", "v1") is None
    assert held(emulator, source, "team/app", "v1") == digest


def test_ids_name_the_destination_in_each_cloud(engine: Engine, emulator: Emulator) -> None:
    expected = {
        "tcr": f"tencentcloud#{GZ}#{TCR}#team/copied#v1",
        "swr": f"huaweicloud#{SWR_BJ}#team/copied#v1",
        "acr": f"alibabacloud#{ACR_HZ}#{ACR}#team/copied#v1",
        "oci": f"oci#{emulator.registry('oci', PLAIN)['endpoint']}#team/copied#v1",
    }
    for kind, id_ in expected.items():
        source = "tcr" if kind != "tcr" else "acr"
        engine.up(copy(kind, source=ref(emulator, source), destination=ref(emulator, kind, "team/copied")))
        assert engine.state[kind].id == id_
        # get(): the id says where; an `oci` registry that wants a login takes the reference too.
        login = ref(emulator, "oci", "team/copied") if kind == "oci" else None
        got = engine.get(
            register(lambda id_=id_, login=login: registry.ImageCopy.get("seen", id_, destination=login))
        )
        assert got is not None and got.outputs["digest"] == engine.state[kind].outputs["digest"]


# -- what is copied -----------------------------------------------------------------------------------


def index_entries(emulator: Emulator, kind: str, repository: str, tag: str) -> list[dict[str, Any]]:
    with client(emulator, CLOUD_OF[kind], REGISTRY_OF[kind], REGION_OF[kind], **PLAIN_LOGIN) as oci:
        return list(json.loads(oci.manifest(repository, tag).body)["manifests"])


def test_a_multi_platform_index_is_copied_whole_with_its_digest(engine: Engine, emulator: Emulator) -> None:
    engine.up(copy(source=ref(emulator, "tcr", tag="multi"), destination=ref(emulator, "acr", "team/copied")))
    out = engine.state["copy"].outputs
    source = held(emulator, "tcr", "team/app", "multi")
    assert out["digest"] == out["source_digest"] == source == held(emulator, "acr", "team/copied", "v1")
    assert out["media_type"] == "application/vnd.oci.image.index.v1+json"
    assert out["platforms"] == MULTI
    assert out["blobs_copied"] == 4  # a config and a layer per platform
    assert index_entries(emulator, "acr", "team/copied", "v1") == index_entries(
        emulator, "tcr", "team/app", "multi"
    )


def test_a_platform_subset_makes_a_new_index_and_all_platforms_restore_the_sources_digest(
    engine: Engine, emulator: Emulator
) -> None:
    def subset(**more: Any) -> Any:
        return copy(
            source=ref(emulator, "tcr", tag="multi"), destination=ref(emulator, "acr", "team/copied"), **more
        )

    engine.up(subset(platforms=["linux/arm64"]))
    out = engine.state["copy"].outputs
    source = held(emulator, "tcr", "team/app", "multi")
    assert out["source_digest"] == source and out["digest"] != source  # a new index: its own digest
    assert out["platforms"] == ["linux/arm64/v8"] and out["blobs_copied"] == 2
    (entry,) = index_entries(emulator, "acr", "team/copied", "v1")
    arm = [
        e
        for e in index_entries(emulator, "tcr", "team/app", "multi")
        if e["platform"]["architecture"] == "arm64"
    ]
    assert [entry] == arm  # the source's own arm64 manifest, byte for byte

    assert engine.preview(subset(platforms=["linux/arm64/v8"])).op == "same"  # the same choice
    step = engine.up(subset())
    assert step.op == "update"
    out = engine.state["copy"].outputs
    assert out["digest"] == source and out["platforms"] == MULTI
    assert (out["blobs_copied"], out["blobs_skipped"]) == (2, 2)  # arm64's were there already
    assert engine.preview(subset(platforms=MULTI)).op == "same"  # every platform is all of them

    with pytest.raises(ProviderError) as error:
        engine.up(subset(platforms=["linux/s390x"]))
    assert error.value.why.startswith("platforms: the source index has no linux/s390x")


def test_referrers_and_signatures_are_copied_and_removed_with_the_copy(
    engine: Engine, emulator: Emulator
) -> None:
    plain = copy(source=ref(emulator, "tcr", tag="signed"), destination=ref(emulator, "swr", "team/copied"))
    engine.up(plain)
    digest = held(emulator, "tcr", "team/app", "signed")
    assert digest is not None
    signature = f"sha256-{digest.split(':', 1)[1]}.sig"
    assert held(emulator, "swr", "team/copied", signature) is None  # not asked for
    assert engine.state["copy"].outputs["referrers"] == []

    engine.up(
        copy(
            source=ref(emulator, "tcr", tag="signed"),
            destination=ref(emulator, "swr", "team/copied"),
            include_referrers=True,
        )
    )
    out = engine.state["copy"].outputs
    assert len(out["referrers"]) == 2
    assert out["signature_tags"] == {signature: held(emulator, "tcr", "team/app", signature)}
    assert held(emulator, "swr", "team/copied", signature) == held(emulator, "tcr", "team/app", signature)
    with client(emulator, "huaweicloud", SWR_BJ, SWR_BJ) as oci:
        listed = oci.referrers("team/copied", digest).json()["manifests"]
    assert sorted(m["digest"] for m in listed) == sorted(out["referrers"])

    engine.destroy("copy")
    assert held(emulator, "swr", "team/copied", "v1") is None
    assert held(emulator, "swr", "team/copied", signature) is None


def test_within_one_registry_blobs_are_mounted_not_sent(engine: Engine, emulator: Emulator) -> None:
    engine.up(copy(source=ref(emulator, "tcr"), destination=ref(emulator, "tcr", "other/app")))
    out = engine.state["copy"].outputs
    assert out["blobs_copied"] == 2 and out["bytes_copied"] == 0
    assert registry_calls(emulator, "PUT upload") == []
    assert len(registry_calls(emulator, "GET blob")) == 1  # the config, read for its platform
    mounts = registry_calls(emulator, "POST upload", "tcr")
    assert len(mounts) == 2 and all(c["outcome"] == "ok" for c in mounts)


# -- the lifecycle ----------------------------------------------------------------------------------


def test_a_new_source_and_triggers_copy_again_onto_the_same_tag(engine: Engine, emulator: Emulator) -> None:
    def promote(tag: str, **more: Any) -> Any:
        return copy(
            source=ref(emulator, "tcr", tag=tag),
            destination=ref(emulator, "acr", "team/copied", "prd"),
            **more,
        )

    engine.up(promote("v1"))
    step = engine.up(promote("multi"))
    assert step.op == "update" and "Delete" not in step.calls
    assert held(emulator, "acr", "team/copied", "prd") == held(emulator, "tcr", "team/app", "multi")

    engine.up(promote("multi", triggers={"build": 1}))
    assert engine.up(promote("multi", triggers={"build": 1.0})).op == "same"
    before = len(registry_calls(emulator, "PUT upload"))
    assert engine.up(promote("multi", triggers={"build": 2})).op == "update"
    out = engine.state["copy"].outputs
    assert (out["blobs_copied"], out["bytes_copied"]) == (0, 0)  # the tag holds the image already
    assert len(registry_calls(emulator, "PUT upload")) == before  # nothing sent again
    engine.destroy("copy")
    assert held(emulator, "acr", "team/copied", "prd") is None


def test_a_new_destination_replaces_the_copy_and_credentials_never_diff(
    engine: Engine, emulator: Emulator
) -> None:
    engine.up(copy(source=ref(emulator, "tcr"), destination=ref(emulator, "oci", "team/copied", "v1")))
    same = copy(
        source=ref(emulator, "tcr"), destination=ref(emulator, "oci", "team/copied", "v1", insecure=True)
    )
    assert engine.preview(same).op == "same"
    step = engine.up(copy(source=ref(emulator, "tcr"), destination=ref(emulator, "oci", "team/copied", "v2")))
    assert step.op == "replace" and step.replaces == ["destination"] and not step.delete_before_replace
    assert held(emulator, "oci", "team/copied", "v1") is None
    assert held(emulator, "oci", "team/copied", "v2") == held(emulator, "tcr", "team/app", "v1")


def test_refresh_shows_a_tag_overwritten_by_hand_and_the_next_up_copies_again(
    engine: Engine, emulator: Emulator
) -> None:
    reg = copy(source=ref(emulator, "tcr"), destination=ref(emulator, "oci", "team/copied"))
    engine.up(reg)
    emulator.seed(
        {
            "oci": {
                "registries": [
                    {
                        "id": PLAIN,
                        "repositories": [{"name": "team/copied", "tags": {"v1": {"image": "other"}}}],
                    }
                ]
            }
        }
    )
    refreshed = engine.refresh("copy")
    assert refreshed is not None and refreshed.outputs["digest"] == seeded_digest("other")
    assert engine.preview(reg).op == "update"
    engine.up(reg)
    assert held(emulator, "oci", "team/copied", "v1") == held(emulator, "tcr", "team/app", "v1")
    assert engine.up(reg).op == "same"


def test_an_existing_tag_is_refused_unless_override_which_keeps_it_on_destroy(
    engine: Engine, emulator: Emulator
) -> None:
    before = held(emulator, "acr", "team/app", "v1")
    with pytest.raises(ProviderError) as error:
        engine.up(copy(source=ref(emulator, "tcr", tag="multi"), destination=ref(emulator, "acr")))
    assert "already exists" in error.value.why and "override=True" in error.value.text
    assert held(emulator, "acr", "team/app", "v1") == before and "copy" not in engine.state

    engine.up(copy(source=ref(emulator, "tcr", tag="multi"), destination=ref(emulator, "acr"), override=True))
    out = engine.state["copy"].outputs
    assert out["existed_before"] is True and out["previous_digest"] == before
    engine.destroy("copy")
    assert held(emulator, "acr", "team/app", "v1") == out["digest"]  # the user's tag: kept
    assert engine.told("keeping tag team/app:v1 in ACR instance")


def test_an_adopted_tag_becomes_the_copys_own(engine: Engine, emulator: Emulator) -> None:
    engine.up(copy(source=ref(emulator, "tcr", tag="multi"), destination=ref(emulator, "acr"), adopt=True))
    assert engine.state["copy"].outputs["existed_before"] is False
    engine.destroy("copy")
    assert held(emulator, "acr", "team/app", "v1") is None


def test_a_tag_that_already_holds_the_image_is_nothing_to_copy_and_stays_the_users(
    engine: Engine, emulator: Emulator
) -> None:
    # Seeded tags of the same name are the same image everywhere: ACR's team/app:v1 is TCR's.
    digest = held(emulator, "tcr", "team/app", "v1")
    assert held(emulator, "acr", "team/app", "v1") == digest
    engine.up(copy(source=ref(emulator, "tcr"), destination=ref(emulator, "acr")))
    out = engine.state["copy"].outputs
    assert out["existed_before"] is True and out["digest"] == out["copied_digest"] == digest
    assert out["blobs_copied"] == 0 and registry_calls(emulator, "PUT manifest") == []
    engine.destroy("copy")
    assert held(emulator, "acr", "team/app", "v1") == digest


def test_a_source_deleted_by_hand_keeps_the_copy_and_fails_the_next_copy_naming_it(
    engine: Engine, emulator: Emulator
) -> None:
    reg = copy(source=ref(emulator, "tcr"), destination=ref(emulator, "oci", "team/copied"))
    engine.up(reg)
    tencent_call(
        emulator,
        "tcr",
        GZ,
        "DeleteRepositoryTags",
        {"RegistryId": TCR, "NamespaceName": "team", "RepositoryName": "app", "Tags": ["v1"]},
    )
    assert engine.refresh("copy") is not None
    assert engine.up(reg).op == "same"
    with pytest.raises(ProviderError) as error:
        engine.up(
            copy(
                source=ref(emulator, "tcr"),
                destination=ref(emulator, "oci", "team/copied"),
                triggers={"n": 1},
            )
        )
    assert error.value.why.startswith(f"source.tag: team/app:v1 in TCR instance {TCR} ({GZ}) does not exist")
    assert held(emulator, "oci", "team/copied", "v1") is not None


def test_wrong_credentials_fail_in_one_line_naming_the_registry(make_engine: Any, emulator: Emulator) -> None:
    engine = make_engine(
        {
            "imagesync:profiles": json.dumps(
                {"wrong": {"tencentcloud": {"secretId": "AKIDwrong", "secretKey": "no"}}}
            )
        }
    )
    with pytest.raises(ProviderError) as error:
        engine.up(
            copy(
                source=ref(emulator, "tcr", profile="wrong"), destination=ref(emulator, "oci", "team/copied")
            )
        )
    assert len(error.value.lines) <= 3
    assert error.value.why.startswith(
        f"cannot log in to TCR instance {TCR} ({GZ}) (source): Tencent Cloud TCR "
    )
    assert "AuthFailure" in error.value.why and "profile 'wrong'" in error.value.lines[-1]

    with pytest.raises(ProviderError) as error:
        engine.up(
            copy(
                source=ref(emulator, "tcr"), destination=ref(emulator, "oci", "team/copied", password="wrong")
            )
        )
    host = emulator.registry("oci", PLAIN)["endpoint"]
    assert len(error.value.lines) <= 3
    assert error.value.why.startswith(f"OCI registry {host} refused the login: UNAUTHORIZED")
    assert "copy" not in engine.state and held(emulator, "oci", "team/copied", "v1") is None


def test_the_password_of_a_registry_is_a_secret_in_the_state(engine: Engine, emulator: Emulator) -> None:
    reg = copy(source=ref(emulator, "acr"), destination=ref(emulator, "oci", "team/copied"))
    assert "destination" in reg.secret_inputs and "source" not in reg.secret_inputs
    engine.up(reg)
    assert engine.state["copy"].secret_outputs == {"destination"}


def test_a_registry_that_does_not_delete_tags_keeps_the_copy_with_a_warning(
    engine: Engine, emulator: Emulator
) -> None:
    engine.up(copy(source=ref(emulator, "tcr"), destination=ref(emulator, "oci", "team/copied")))
    emulator.faults(
        {
            "rules": [
                {
                    "service": "registry",
                    "action": "DELETE manifest",
                    "kind": "error",
                    "status": 405,
                    "code": "UNSUPPORTED",
                    "message": "deletes are disabled",
                }
            ]
        }
    )
    engine.destroy("copy")
    assert held(emulator, "oci", "team/copied", "v1") is not None
    assert engine.told(
        f"keeping tag v1 of team/copied in registry {emulator.registry('oci', PLAIN)['endpoint']}"
    )


def test_progress_shows_on_the_resource_while_it_copies(engine: Engine, emulator: Emulator) -> None:
    reg = copy(source=ref(emulator, "tcr"), destination=ref(emulator, "oci", "team/copied"))
    engine.up(reg)
    told = [m.message for m in engine.process.engine_stand_in.messages if m.urn == reg.urn]
    assert any(m.startswith("copying team/copied:v1: ") for m in told)
    assert any(m.startswith("copied team/app:v1 in TCR instance") for m in told)


# -- interrupted copies ------------------------------------------------------------------------------

LAYERS = [300_000, 200_000, 100_000]
BIG = {
    "tcr": {
        "registries": [
            {
                "id": TCR,
                "region": GZ,
                "namespaces": [
                    {"name": "team", "repositories": [{"name": "big", "tags": {"v1": {"layers": LAYERS}}}]}
                ],
            }
        ]
    }
}


def killed_while(engine: Engine, emulator: Emulator, reg: Any, done: Callable[[], bool], what: str) -> None:
    """Start `up`, and kill the provider process (a cancelled CI job) once `done()`."""
    thread, errors = up_in_background(engine, reg)
    wait_until(done, what, 60)
    engine.process.kill()
    thread.join(timeout=30)
    assert errors and isinstance(errors[0], ProviderError) and reg.name not in engine.state


def slow_at_the_destination(action: str, skip: int = 0) -> dict[str, Any]:
    rule = {
        "cloud": "alibabacloud",
        "service": "registry",
        "action": action,
        "kind": "latency",
        "seconds": 30,
    }
    return {"rules": [{**rule, "skip": skip, "times": 1}]}


@pytest.mark.parametrize("killed", ["before-the-tag", "after-the-tag"])
def test_a_copy_killed_half_way_is_resumed_and_sends_no_blob_twice(
    make_engine: EngineFactory, emulator: Emulator, killed: str
) -> None:
    emulator.seed(BIG)
    reg = copy(source=ref(emulator, "tcr", "team/big"), destination=ref(emulator, "acr", "team/copied"))
    first = make_engine()
    if killed == "before-the-tag":  # every blob sent; the first manifest is slow to land
        emulator.faults(slow_at_the_destination("PUT manifest"))

        def done() -> bool:
            return len([c for c in registry_calls(emulator, "PUT upload", "acr") if c["result"] == "ok"]) == 4

    else:  # the tag written; the check of it after is slow
        emulator.faults(slow_at_the_destination("HEAD manifest", skip=1))

        def done() -> bool:
            return any(c["target"].endswith(":v1") for c in registry_calls(emulator, "PUT manifest", "acr"))

    killed_while(first, emulator, reg, done, killed)
    assert (held(emulator, "acr", "team/copied", "v1") is not None) == (killed == "after-the-tag")
    sent = sum(c["bytes"] for c in registry_calls(emulator, "PUT upload", "acr"))
    assert sent >= sum(LAYERS)
    mark = len(emulator.calls()["calls"])

    emulator.faults({})
    second = make_engine()
    assert second.up(reg).op == "create"
    after = emulator.calls(since=mark)["calls"]
    uploads = [c for c in after if c["action"] in ("POST upload", "PATCH upload", "PUT upload")]
    assert uploads == [], f"blobs sent again: {uploads}"
    read = [c for c in after if c["action"] == "GET blob"]  # only the config, for the platform
    assert len(read) == 1 and read[0]["bytes"] < 1024
    out = second.state["copy"].outputs
    if killed == "before-the-tag":  # each blob found there
        assert len([c for c in after if c["action"] == "HEAD blob"]) == 4
        assert out["bytes_copied"] == 0 and out["blobs_skipped"] == 4
    else:  # the tag holds the image: nothing to look at, nothing written again
        assert [c["action"] for c in after if c["action"] in ("HEAD blob", "PUT manifest")] == []
    assert out["existed_before"] is False  # what the killed run wrote is this resource's own
    second.destroy("copy")
    assert held(emulator, "acr", "team/copied", "v1") is None


def test_with_wait_false_the_create_returns_at_once_and_the_copy_goes_on(
    engine: Engine, emulator: Emulator
) -> None:
    emulator.seed(BIG)
    # The copy is held up at its end (its manifests refused, and retried) until the test lets it go.
    emulator.faults(
        {
            "rules": [
                {
                    "cloud": "alibabacloud",
                    "service": "registry",
                    "action": "PUT manifest",
                    "kind": "http_error",
                    "status": 503,
                }
            ]
        }
    )
    reg = copy(
        source=ref(emulator, "tcr", "team/big"), destination=ref(emulator, "acr", "team/copied"), wait=False
    )
    engine.up(reg)
    out = engine.state["copy"].outputs
    assert out["copy_state"] == "COPYING" and "digest" not in out
    assert held(emulator, "acr", "team/copied", "v1") is None  # not yet
    refreshed = engine.refresh("copy")
    assert refreshed is not None and refreshed.outputs["copy_state"] == "COPYING"

    emulator.faults({})
    wait_until(lambda: held(emulator, "acr", "team/copied", "v1") == out["copied_digest"], "the copy", 60)
    refreshed = engine.refresh("copy")
    assert refreshed is not None and refreshed.outputs["copy_state"] == "COPIED"
    assert refreshed.outputs["digest"] == out["copied_digest"]
    assert engine.up(reg).op == "same"


def test_a_copy_with_wait_false_that_never_finished_is_copied_again_by_the_next_up(
    make_engine: EngineFactory, emulator: Emulator
) -> None:
    emulator.seed(BIG)
    emulator.faults(slow_at_the_destination("PUT manifest"))  # 30 s: longer than this `up`
    reg = copy(
        source=ref(emulator, "tcr", "team/big"), destination=ref(emulator, "acr", "team/copied"), wait=False
    )
    first = make_engine()
    first.up(reg)
    first.process.kill()  # the `up` ended: the engine stops its provider, and the copy with it
    emulator.faults({})

    second = make_engine()
    second.state = first.state
    assert second.refresh("copy") is None  # nothing arrived: gone
    assert second.up(reg).op == "create"
    out = second.state["copy"].outputs
    assert out["copy_state"] == "COPYING"
    wait_until(lambda: held(emulator, "acr", "team/copied", "v1") == out["copied_digest"], "the copy", 60)
    second.destroy("copy")
    assert held(emulator, "acr", "team/copied", "v1") is None


def test_a_docker_image_by_digest_keeps_its_media_type_and_digest(engine: Engine, emulator: Emulator) -> None:
    digest = held(emulator, "tcr", "team/app", "docker")
    assert digest is not None
    source = {**ref(emulator, "tcr", tag="docker"), "tag": None, "digest": digest}
    engine.up(copy(source=source, destination=ref(emulator, "swr", "team/copied")))
    out = engine.state["copy"].outputs
    assert out["digest"] == digest == held(emulator, "swr", "team/copied", "v1")
    assert out["media_type"] == "application/vnd.docker.distribution.manifest.v2+json"


def test_imagesync_endpoints_say_where_a_registry_is_reached(
    make_engine: EngineFactory, emulator: Emulator
) -> None:
    # The same registry by another name (a VPC domain, in real life): the copy goes there.
    port = emulator.registry("alibabacloud", ACR)["endpoint"].rsplit(":", 1)[1]
    engine = make_engine({"imagesync:endpoints": json.dumps({"registry": {ACR: f"http://localhost:{port}"}})})
    engine.up(copy(source=ref(emulator, "tcr"), destination=ref(emulator, "acr", "team/copied")))
    assert engine.state["copy"].outputs["reference"] == f"localhost:{port}/team/copied:v1"
    assert held(emulator, "acr", "team/copied", "v1") == held(emulator, "tcr", "team/app", "v1")
