"""`registry.RepositoryMirror` through the real provider server, against the emulator's registries.

The source is a TCR repository (ACR where push times are needed), the destination an SWR one;
both reached as the provider reaches real ones (logins from each cloud's API, through the real
SDKs), the tags read and written with the OCI distribution API. What moved is read from the
emulator's call log.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from pulumi_imagesync import registry
from pulumi_imagesync.emulator import Emulator
from tests.conftest import EngineFactory
from tests.emulator.registry_world import ACR, ACR_HZ, GZ, PLAIN, PLAIN_LOGIN, SWR_BJ, TCR
from tests.faults.checks import up_in_background, wait_until
from tests.support.clouds import swr_call
from tests.support.engine import Engine, ProviderError, register

SOURCE_TAGS = ["v1.2.0", "v1.4.0", "v1.4.1-rc.1", "v2.0.0", "v2.10.0", "v3.0.0", "latest", "main-abc123"]
DEST = "team/mirror"


def tcr_repo(tags: dict[str, Any]) -> dict[str, Any]:
    return {
        "tcr": {
            "registries": [
                {
                    "id": TCR,
                    "region": GZ,
                    "namespaces": [{"name": "team", "repositories": [{"name": "app", "tags": tags}]}],
                }
            ]
        }
    }


def swr_repo(tags: dict[str, Any]) -> dict[str, Any]:
    return {
        "swr": {
            "namespaces": [
                {"region": SWR_BJ, "name": "team", "repositories": [{"name": "mirror", "tags": tags}]}
            ]
        }
    }


@pytest.fixture(autouse=True)
def world(emulator: Emulator) -> None:
    emulator.seed(tcr_repo({tag: {} for tag in SOURCE_TAGS}))
    emulator.seed({"swr": {"namespaces": [{"region": SWR_BJ, "name": "team"}]}})


SOURCE = {"cloud": "tencentcloud", "registry": TCR, "region": GZ, "repository": "team/app"}
DESTINATION = {"cloud": "huaweicloud", "region": SWR_BJ, "repository": DEST}


def mirror(name: str = "mirror", **args: Any) -> Any:
    args.setdefault("source", SOURCE)
    args.setdefault("destination", DESTINATION)
    return register(lambda: registry.RepositoryMirror(name, **args))


def source_tags(emulator: Emulator) -> dict[str, str]:
    return dict(emulator.registry("tencentcloud", TCR)["repositories"]["team/app"]["tags"])


def dest_tags(emulator: Emulator) -> dict[str, str]:
    repositories = emulator.registry("huaweicloud", SWR_BJ)["repositories"]
    return dict((repositories.get(DEST) or {}).get("tags") or {})


def calls(emulator: Emulator, since: int, action: str, host: str | None = None) -> list[dict[str, Any]]:
    return [
        c
        for c in emulator.calls(since=since)["calls"]
        if c["service"] == "registry"
        and c["action"] == action
        and (host is None or c["target"].split("/", 1)[0] == host)
    ]


def mark(emulator: Emulator) -> int:
    return len(emulator.calls()["calls"])


# -- selection ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (None, sorted(SOURCE_TAGS)),
        ({"include": [r"v\d+\.\d+\.\d+"]}, ["v1.2.0", "v1.4.0", "v2.0.0", "v2.10.0", "v3.0.0"]),
        ({"exclude": [r"v.*", "latest"]}, ["main-abc123"]),
        ({"semver": ">=1.4 <3"}, ["v1.4.0", "v2.0.0", "v2.10.0"]),
        ({"latest": 2, "include": ["v.*"]}, ["v2.10.0", "v3.0.0"]),
        (
            {"include": [r"v\d+\.\d+\.\d+.*"], "exclude": [".*-rc.*"], "semver": ">=1.4 <3", "latest": 2},
            ["v2.0.0", "v2.10.0"],
        ),
    ],
    ids=["all", "include", "exclude", "semver", "latest-semver", "together"],
)
def test_each_rule_selects_what_it_says_and_copies_exactly_that(
    engine: Engine, emulator: Emulator, tags: dict[str, Any] | None, expected: list[str]
) -> None:
    assert engine.up(mirror(tags=tags)).op == "create"
    out = engine.state["mirror"].outputs
    source = source_tags(emulator)
    assert out["selected_tags"] == expected
    assert out["copied_tags"] == {tag: source[tag] for tag in expected}
    assert dest_tags(emulator) == {tag: source[tag] for tag in expected}
    assert out["failed_tags"] == {} and out["skipped_tags"] == [] and out["kept_tags"] == {}
    assert out.get("latest_order") == ("semver" if tags and "latest" in tags else None)
    assert out["last_sync_time"].endswith("Z")
    assert engine.state["mirror"].id == f"huaweicloud#{SWR_BJ}#{DEST}"

    assert engine.up(mirror(tags=tags)).op == "same"
    engine.destroy("mirror")
    assert dest_tags(emulator) == {}
    assert source_tags(emulator) == source


def seed_in(kind: str, tag: str) -> dict[str, Any]:
    """One tag of `team/app` pushed to the source registry of `kind`."""
    repositories = [{"name": "app", "tags": {tag: {}}}]
    if kind == "tcr":
        return tcr_repo({tag: {}})
    if kind == "swr":
        return {"swr": {"namespaces": [{"region": SWR_BJ, "name": "team", "repositories": repositories}]}}
    namespaces = [{"name": "team", "repositories": repositories}]
    return {"acr": {"instances": [{"id": ACR, "region": ACR_HZ, "namespaces": namespaces}]}}


PUSH_SOURCES = {
    "tcr": SOURCE,
    "swr": {"cloud": "huaweicloud", "region": SWR_BJ, "repository": "team/app"},
    "acr": {"cloud": "alibabacloud", "registry": ACR, "region": ACR_HZ, "repository": "team/app"},
}


@pytest.mark.parametrize("kind", list(PUSH_SOURCES))
def test_latest_of_tags_that_are_not_versions_goes_by_the_push_time_the_cloud_reports(
    engine: Engine, emulator: Emulator, kind: str
) -> None:
    # TCR and SWR report push times to the second, ACR to the millisecond.
    pause = 0.01 if kind == "acr" else 1.05
    for tag in ["nightly-3", "nightly-1", "nightly-2"]:  # pushed in this order: -2 is the newest
        emulator.seed(seed_in(kind, tag))
        time.sleep(pause)
    tags = {"include": ["nightly-.*"], "latest": 2}
    engine.up(mirror(source=PUSH_SOURCES[kind], tags=tags))
    out = engine.state["mirror"].outputs
    assert out["selected_tags"] == ["nightly-1", "nightly-2"]
    assert out["latest_order"] == "push_time"
    assert sorted(dest_tags(emulator)) == ["nightly-1", "nightly-2"]


def test_latest_needs_versions_where_the_registry_reports_no_push_time(
    engine: Engine, emulator: Emulator
) -> None:
    emulator.seed(
        {
            "oci": {
                "registries": [
                    {
                        "id": PLAIN,
                        **PLAIN_LOGIN,
                        "repositories": [
                            {"name": "team/app", "tags": {"nightly-1": {}, "nightly-2": {}, "v1.0.0": {}}}
                        ],
                    }
                ]
            }
        }
    )
    host = emulator.registry("oci", PLAIN)["endpoint"]
    source = {"cloud": "oci", "host": host, "repository": "team/app", **PLAIN_LOGIN}
    with pytest.raises(ProviderError) as error:
        engine.up(mirror(source=source, tags={"latest": 1}))
    assert "tags.latest" in error.value.text and "reports no push time" in error.value.text
    assert len(error.value.lines) <= 3
    engine.up(mirror(source=source, tags={"latest": 1, "semver": "*"}))  # versions: told by semver
    assert engine.state["mirror"].outputs["selected_tags"] == ["v1.0.0"]


# -- drift ------------------------------------------------------------------------------------------


def test_a_new_source_tag_and_a_moved_one_are_drift_that_the_next_up_copies(
    engine: Engine, emulator: Emulator
) -> None:
    tags = {"include": ["v.*"], "exclude": [".*-rc.*"]}
    engine.up(mirror(tags=tags))
    before = dict(engine.state["mirror"].outputs["copied_tags"])
    emulator.seed(tcr_repo({"v3.1.0": {}, "v2.0.0": {"image": "rebuilt"}}))  # one new, one moved
    source = source_tags(emulator)

    start = mark(emulator)
    engine.refresh("mirror")
    out = engine.state["mirror"].outputs
    assert sorted(out["pending_tags"]) == ["v2.0.0", "v3.1.0"]
    assert "v3.1.0" in out["selected_tags"]
    # A refresh reads two tag lists and one manifest digest per selected tag; nothing else.
    read = [c["action"] for c in emulator.calls(since=start)["calls"] if c["service"] == "registry"]
    assert read.count("GET tags") == 2
    assert read.count("HEAD manifest") == len(out["selected_tags"])
    assert {a for a in read} <= {"GET tags", "HEAD manifest", "GET base", "GET token"}

    start = mark(emulator)
    assert engine.up(mirror(tags=tags)).op == "update"
    out = engine.state["mirror"].outputs
    written = [c["target"].rsplit(":", 1)[-1] for c in calls(emulator, start, "PUT manifest")]
    assert sorted(written) == ["v2.0.0", "v3.1.0"]  # only what changed is written
    assert out["copied_tags"] == {**before, "v2.0.0": source["v2.0.0"], "v3.1.0": source["v3.1.0"]}
    assert dest_tags(emulator) == out["copied_tags"] and out["pending_tags"] == []

    engine.refresh("mirror")
    assert engine.up(mirror(tags=tags)).op == "same"


def test_a_copy_deleted_at_the_destination_is_drift(engine: Engine, emulator: Emulator) -> None:
    tags = {"include": ["v1.*"]}
    engine.up(mirror(tags=tags))
    # Deleted with the cloud's own API, as a user would.
    swr_call(emulator, SWR_BJ, "DeleteRepoTag", namespace="team", repository="mirror", tag="v1.4.0")
    engine.refresh("mirror")
    assert engine.up(mirror(tags=tags)).op == "update"
    assert "v1.4.0" in dest_tags(emulator)


def test_a_new_platform_choice_copies_every_tag_again_in_place(engine: Engine, emulator: Emulator) -> None:
    emulator.seed(tcr_repo({"multi": {"platforms": ["linux/amd64", "linux/arm64/v8"]}}))
    engine.up(mirror(tags={"include": ["multi", "v1.2.0"]}))
    whole = dest_tags(emulator)["multi"]
    assert whole == source_tags(emulator)["multi"]
    assert engine.up(mirror(tags={"include": ["multi"]}, platforms=["linux/amd64"])).op == "update"
    subset = dest_tags(emulator)["multi"]
    assert subset != whole and engine.state["mirror"].outputs["copied_tags"]["multi"] == subset
    assert engine.up(mirror(tags={"include": ["multi"]}, platforms=["linux/amd64"])).op == "same"


# -- ownership ----------------------------------------------------------------------------------------


def test_existing_destination_tags_are_refused_or_skipped_and_never_deleted(
    engine: Engine, emulator: Emulator
) -> None:
    emulator.seed(swr_repo({"v1.2.0": {"image": "theirs"}, "v2.0.0": {"image": "team/app:v2.0.0"}}))
    theirs = dest_tags(emulator)
    tags = {"semver": ">=1 <3"}
    engine.up(mirror(tags=tags, fail_on_error=False))
    out = engine.state["mirror"].outputs
    assert list(out["failed_tags"]) == ["v1.2.0"] and "override=True" in out["failed_tags"]["v1.2.0"]
    assert out["skipped_tags"] == ["v2.0.0"] and out["kept_tags"] == {"v2.0.0": theirs["v2.0.0"]}
    assert sorted(out["copied_tags"]) == ["v1.4.0", "v2.10.0"]
    assert dest_tags(emulator)["v1.2.0"] == theirs["v1.2.0"]

    # override: written, and still theirs (kept on destroy).
    engine.up(mirror(tags=tags, fail_on_error=False, override=True))
    out = engine.state["mirror"].outputs
    assert out["failed_tags"] == {} and out["kept_tags"]["v1.2.0"] == theirs["v1.2.0"]
    assert dest_tags(emulator)["v1.2.0"] == source_tags(emulator)["v1.2.0"]

    engine.destroy("mirror")
    assert sorted(dest_tags(emulator)) == ["v1.2.0", "v2.0.0"]
    assert engine.told("keeping tag v1.2.0 of team/mirror in SWR cn-north-4: it existed before this mirror")


def test_adopt_makes_existing_tags_the_mirrors_own(engine: Engine, emulator: Emulator) -> None:
    emulator.seed(swr_repo({"v1.2.0": {"image": "theirs"}, "v2.0.0": {"image": "team/app:v2.0.0"}}))
    engine.up(mirror(tags={"semver": ">=1 <3"}, adopt=True))
    out = engine.state["mirror"].outputs
    assert out["failed_tags"] == {} and out["kept_tags"] == {} and out["skipped_tags"] == []
    assert sorted(out["copied_tags"]) == ["v1.2.0", "v1.4.0", "v2.0.0", "v2.10.0"]
    engine.destroy("mirror")
    assert dest_tags(emulator) == {}


def test_prune_removes_only_tags_this_mirror_wrote(engine: Engine, emulator: Emulator) -> None:
    emulator.seed(swr_repo({"v1.2.0": {"image": "theirs"}, "other": {}}))
    engine.up(mirror(tags={"include": ["v1.*", "v2.*"]}, override=True))
    assert sorted(engine.state["mirror"].outputs["copied_tags"]) == [
        "v1.2.0",
        "v1.4.0",
        "v1.4.1-rc.1",
        "v2.0.0",
        "v2.10.0",
    ]
    # Without prune, tags no longer selected stay (and stay this mirror's).
    engine.up(mirror(tags={"include": ["v2.*"]}, override=True))
    assert "v1.4.0" in dest_tags(emulator)
    assert engine.up(mirror(tags={"include": ["v2.*"]}, override=True, prune=True)).op == "update"
    out = engine.state["mirror"].outputs
    assert sorted(dest_tags(emulator)) == ["other", "v1.2.0", "v2.0.0", "v2.10.0"]  # theirs kept
    assert sorted(out["copied_tags"]) == ["v2.0.0", "v2.10.0"]
    engine.destroy("mirror")
    assert sorted(dest_tags(emulator)) == ["other", "v1.2.0"]


# -- failures ---------------------------------------------------------------------------------------


def one_tag_fails() -> dict[str, Any]:
    """The destination refuses one tag's manifest (a 400: not retried)."""
    rule = {"service": "registry", "cloud": "huaweicloud", "action": "PUT manifest", "kind": "error"}
    return {"rules": [{**rule, "status": 400, "code": "MANIFEST_INVALID", "message": "refused", "times": 1}]}


def test_a_failed_tag_does_not_undo_the_others_and_fails_the_up_by_default(
    make_engine: EngineFactory, emulator: Emulator
) -> None:
    tags = {"include": ["v.*"]}
    emulator.faults(one_tag_fails())
    first = make_engine()
    with pytest.raises(ProviderError) as error:
        first.up(mirror(tags=tags, max_parallel=1))
    assert len(error.value.lines) <= 3
    assert "1 tag(s) failed" in error.value.text and "MANIFEST_INVALID" in error.value.text
    assert error.value.lines[0].endswith("failed, for some of its tags (the others are copied)")
    assert "the next `pulumi up` takes it over: the 5 tag(s) copied" in error.value.lines[2]
    copied = dest_tags(emulator)
    assert len(copied) == 5  # six selected, one refused: the others stay

    emulator.faults({})
    start = mark(emulator)
    assert first.up(mirror(tags=tags)).op == "create"  # resumes: what was copied is its own
    assert len(calls(emulator, start, "PUT manifest")) == 1  # only the failed tag is written
    assert calls(emulator, start, "PUT upload") == []  # its blobs were sent before it failed
    out = first.state["mirror"].outputs
    assert len(out["copied_tags"]) == 6 and out["kept_tags"] == {} and out["failed_tags"] == {}
    first.destroy("mirror")
    assert dest_tags(emulator) == {}  # nothing orphaned


def test_with_fail_on_error_false_the_failures_are_outputs_and_the_next_up_retries(
    engine: Engine, emulator: Emulator
) -> None:
    tags = {"include": ["v.*"]}
    emulator.faults(one_tag_fails())
    assert engine.up(mirror(tags=tags, fail_on_error=False)).op == "create"
    out = engine.state["mirror"].outputs
    assert len(out["failed_tags"]) == 1 and len(out["copied_tags"]) == 5
    (line,) = out["failed_tags"].values()
    assert "MANIFEST_INVALID" in line and "\n" not in line
    emulator.faults({})
    assert engine.up(mirror(tags=tags, fail_on_error=False)).op == "update"
    out = engine.state["mirror"].outputs
    assert out["failed_tags"] == {} and len(out["copied_tags"]) == 6


# -- interrupted -----------------------------------------------------------------------------------


def test_a_sync_killed_half_way_resumes_sending_no_blob_twice_and_leaves_no_orphan(
    make_engine: EngineFactory, emulator: Emulator
) -> None:
    tags = {"include": ["v.*"]}
    # The fourth tag write is slow: the provider is killed while three tags are written.
    emulator.faults(
        {
            "rules": [
                {
                    "cloud": "huaweicloud",
                    "service": "registry",
                    "action": "PUT manifest",
                    "kind": "latency",
                    "seconds": 30,
                    "skip": 3,
                    "times": 1,
                }
            ]
        }
    )
    reg = mirror(tags=tags, max_parallel=1)
    first = make_engine()
    thread, errors = up_in_background(first, reg)
    wait_until(lambda: len(dest_tags(emulator)) >= 3, "three tags written", 60)
    first.process.kill()
    sent_before = len([c for c in calls(emulator, 0, "PUT upload") if c["result"] == "ok"])
    thread.join(timeout=30)
    assert errors and "mirror" not in first.state
    emulator.faults({})

    start = mark(emulator)
    second = make_engine()
    assert second.up(reg).op == "create"
    # Each seeded image has two blobs (a config and a layer, both from its label): twelve in all,
    # each sent once over the two runs.
    assert sent_before >= 6
    assert sent_before + len(calls(emulator, start, "PUT upload")) == 12
    out = second.state["mirror"].outputs
    assert len(out["copied_tags"]) == 6 and out["kept_tags"] == {}  # the killed run's tags are its own
    second.destroy("mirror")
    assert dest_tags(emulator) == {}
