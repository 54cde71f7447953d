"""What a user reads when an operation fails, as the engine receives it from the provider server.

An expected failure arrives as at most three lines — what failed on which object, why (the
cloud's action, code, message and request id, or the provider's reason), what to do — and never
as a Python traceback; a bug keeps its traceback, and `IMAGESYNC_DEBUG=1` shows it for all.
One test per failure kind, through the real server.
"""

from __future__ import annotations

import re
import socket
from pathlib import Path
from typing import Any

import pytest

from pulumi_imagesync.emulator import Emulator
from pulumi_imagesync.provider.errors import CloudError, ImageSyncError
from pulumi_imagesync.provider.failures import Context, attach, render
from tests.conftest import EngineFactory
from tests.faults.subjects import ACR_WORLD, DUP_WORLD, SWR_WORLD, declare_acr, declare_duplicate, declare_swr
from tests.support.engine import Engine, ProviderError, register

DESTINATION = "TCR tag release/app:prd in tcr-e8pg46c6"


def copy(**overrides: Any) -> Any:
    return register(lambda: declare_duplicate(**overrides))


def failure(engine: Engine, reg: Any) -> list[str]:
    """The lines the engine got for a failed `up`."""
    with pytest.raises(ProviderError) as error:
        engine.up(reg)
    return [line for line in error.value.details.splitlines() if line.strip()]


@pytest.fixture
def duplicate_world(emulator: Emulator) -> None:
    emulator.seed(DUP_WORLD)


@pytest.mark.usefixtures("duplicate_world")
def test_a_cloud_error_says_what_failed_the_cloud_s_answer_and_what_to_do(
    engine: Engine, emulator: Emulator
) -> None:
    rule = {"cloud": "tencentcloud", "service": "tcr", "action": "DuplicateImage", "kind": "error"}
    emulator.faults({"rules": [{**rule, "code": "UnauthorizedOperation", "message": "not allowed"}]})
    lines = failure(engine, copy())
    assert len(lines) == 3, lines
    assert lines[0] == f"Creating {DESTINATION} failed"
    assert re.fullmatch(
        r"Tencent Cloud TCR DuplicateImage failed: UnauthorizedOperation: not allowed \(request id: [\w-]+\)",
        lines[1],
    ), lines[1]
    assert lines[2] == (
        "Grant the user or role of the Tencent Cloud credentials the permission for TCR DuplicateImage, "
        "then run `pulumi up` again"
    )


@pytest.mark.usefixtures("duplicate_world")
def test_an_object_that_exists_says_how_to_adopt_it(engine: Engine) -> None:
    lines = failure(engine, copy(destination_tag="old", override=False))
    assert lines == [
        "Creating TCR tag release/app:old in tcr-e8pg46c6 failed",
        lines[1],
        "Set override=True to overwrite it (it is then kept on destroy), or adopt=True to make it this "
        "resource's own",
    ]
    assert lines[1].startswith("TCR tag release/app:old in tcr-e8pg46c6 already exists (digest sha256:")


@pytest.mark.usefixtures("duplicate_world")
def test_an_argument_the_cloud_finds_bad_names_the_field(engine: Engine) -> None:
    lines = failure(engine, copy(source_reference="nope"))
    assert lines == [
        f"Creating {DESTINATION} failed",
        "source_reference: tag develop/app:nope does not exist in tcr-e8pg46c6",
    ]


@pytest.mark.usefixtures("duplicate_world")
def test_missing_credentials_name_the_setting(make_engine: EngineFactory) -> None:
    engine = make_engine({"tencentcloud:secretKey": None})
    lines = failure(engine, copy())
    assert len(lines) <= 3 and lines[0] == f"Creating {DESTINATION} failed"
    assert "tencentcloud:secretKey" in lines[1] and "TENCENTCLOUD_SECRET_KEY" in lines[1]


def test_a_timeout_advises_the_arguments_the_resource_has(engine: Engine, emulator: Emulator) -> None:
    emulator.seed(SWR_WORLD)
    emulator.faults({"copies": {"swr": {"seconds": 3600}}})
    lines = failure(engine, register(lambda: declare_swr(timeout_seconds=1)))
    assert len(lines) == 3, lines
    assert (
        lines[0] == "Creating SWR image sync rule team-a/web/app in cn-north-4 -> team-a in cn-east-3 failed"
    )
    assert lines[1].startswith("timed out after 1s waiting for back-fill of 2 existing tag(s)")
    assert lines[2] == "Raise timeout_seconds, or set wait=False and let `pulumi refresh` report progress"


@pytest.mark.usefixtures("duplicate_world")
def test_a_missing_sdk_says_which_extra_installs_it(make_engine: EngineFactory, tmp_path: Path) -> None:
    shadow = tmp_path / "no-tencent-sdk" / "tencentcloud"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('not installed here', name='tencentcloud')\n")
    engine = make_engine(env={"PYTHONPATH": str(shadow.parent)})
    lines = failure(engine, copy())
    assert len(lines) <= 3 and lines[0] == f"Creating {DESTINATION} failed"
    assert "pip install 'pulumi-imagesync[tencentcloud]'" in " ".join(lines[1:])


@pytest.mark.usefixtures("duplicate_world")
def test_imagesync_debug_shows_the_traceback(make_engine: EngineFactory, emulator: Emulator) -> None:
    engine = make_engine(env={"IMAGESYNC_DEBUG": "1"})
    lines = failure(engine, copy(destination_tag="old", override=False))
    assert lines[0] == "Traceback (most recent call last):"
    assert lines[-1].startswith(
        "pulumi_imagesync.provider.errors.AlreadyExistsError: TCR tag release/app:old"
    )


def test_a_bug_keeps_its_traceback_and_an_expected_failure_never_has_one() -> None:
    assert render(KeyError("no such key")) is None  # a bug: the server's traceback stays
    error = CloudError("Tencent Cloud", "TCR", "DuplicateImage", "FailedOperation", "no", "r-1")
    attach(error, Context("update", "TCR tag x"))
    attach(error, Context("create", "the outer operation"))  # the innermost context wins
    assert render(error) == (
        "Updating TCR tag x failed\n"
        "Tencent Cloud TCR DuplicateImage failed: FailedOperation: no (request id: r-1)\n"
        "See the Tencent Cloud documentation of FailedOperation; IMAGESYNC_DEBUG=1 shows the full traceback"
    )
    assert render(ImageSyncError("plain")) == "The operation failed\nplain"


@pytest.mark.usefixtures("duplicate_world")
def test_an_update_after_drift_says_why_and_a_refresh_says_how_far_a_copy_got(
    engine: Engine, emulator: Emulator
) -> None:
    """A diff names its reason, and a refresh its progress, on the resource (the engine's Log):
    a refresh shows only what the next `up` would change, and neither is a change of inputs."""
    from tests.support.clouds import tencent_call

    reg = copy()
    engine.up(reg)
    tencent_call(
        emulator,
        "tcr",
        "ap-guangzhou",
        "DuplicateImage",
        {
            "RegistryId": "tcr-e8pg46c6",
            "SourceNamespace": "develop",
            "SourceRepo": "app",
            "SourceReference": "v2",
            "DestinationNamespace": "release",
            "DestinationRepo": "app",
            "DestinationTag": "prd",
            "Override": True,
        },
    )
    engine.refresh(reg.name)
    assert engine.preview(reg).op == "update"
    assert engine.told(f"{DESTINATION} now holds sha256:")
    assert engine.told("that this resource copied: the update copies it again")

    emulator.faults({"copies": {"tcr": {"seconds": 3600}}})
    engine.up(copy(source_reference="stg", wait=False, triggers={"again": "1"}))
    engine.refresh(reg.name)
    assert engine.told(
        f"the copy to {DESTINATION.removeprefix('TCR tag ')} is on its way (it may land until "
    )


@pytest.mark.parametrize(
    ("world", "declare", "cloud"),
    [
        (DUP_WORLD, declare_duplicate, "Tencent Cloud TCR"),
        (SWR_WORLD, declare_swr, "Huawei Cloud"),
        (ACR_WORLD, declare_acr, "Alibaba Cloud ACR"),
    ],
    ids=["tencentcloud", "huaweicloud", "alibabacloud"],
)
def test_a_configured_endpoint_that_refuses_connections_fails_at_once_naming_it(
    make_engine: EngineFactory, world: Any, declare: Any, cloud: str
) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    engine = make_engine({"imagesync:emulator": closed})
    reg = register(lambda: declare())
    lines = failure(engine, reg)
    assert len(lines) == 3, lines
    assert (
        lines[1].startswith(f"{cloud}")
        and f"ConnectionRefused: nothing accepts connections at {closed}" in lines[1]
    )
    assert lines[2] == f"Start what should answer at {closed}, or correct imagesync:emulator"
    stand_in = engine.process.engine_stand_in
    assert stand_in is not None
    assert not any("retry" in m.message for m in stand_in.messages)  # not retried: it cannot help


@pytest.mark.usefixtures("duplicate_world")
def test_a_wrong_secret_key_says_which_credentials_to_check(make_engine: EngineFactory) -> None:
    engine = make_engine({"tencentcloud:secretKey": "not-the-secret"})
    lines = failure(engine, copy())
    assert len(lines) == 3, lines
    assert lines[0] == f"Creating {DESTINATION} failed"
    assert "AuthFailure" in lines[1] and "(request id: " in lines[1]
    assert lines[2].startswith("Check the Tencent Cloud credentials: the cloud does not accept them")


@pytest.mark.usefixtures("duplicate_world")
def test_a_retry_shows_as_the_resource_s_status_and_leaves_nothing_in_the_summary(
    engine: Engine, emulator: Emulator
) -> None:
    rule = {"cloud": "tencentcloud", "service": "tcr", "action": "DuplicateImage", "kind": "error"}
    emulator.faults({"rules": [{**rule, "code": "InternalError", "times": 1}]})
    reg = copy()
    engine.up(reg)  # one InternalError before the call acted: retried, and the create succeeds
    stand_in = engine.process.engine_stand_in
    assert stand_in is not None
    retries = [line for line in stand_in.about(reg.urn, ephemeral=True) if "retry" in line]
    assert retries and retries[0].startswith("TCR DuplicateImage: InternalError; retry 1/"), retries
    assert not any("retry" in line for line in stand_in.about(reg.urn))  # a retry that worked is no news
