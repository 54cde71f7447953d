"""The README's Quick start, run as written: its program, its `pulumi config set` commands, `pulumi up`.

The program and the commands are read from README.md itself, so that a README changed to set a
credential without `--secret` fails here. Only the values are replaced: the placeholders of the
credentials by the emulator's key pair (distinctive strings, searched for afterwards), and the
emulator is configured as one more (non-secret) setting. Then no key material may be in plain
text in the exported state, in any file of the backend, or in the stack config file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from pulumi_imagesync.emulator import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, Emulator
from pulumi_imagesync.provider.settings import CLOUDS
from tests.e2e.conftest import StackFactory
from tests.support.pulumi_cli import search
from tests.support.readme import README, ConfigSet, code_blocks, config_commands, section

pytestmark = pytest.mark.e2e

# What each credential key stands for, in the emulator's terms.
KEY_MATERIAL = {
    **{c.config_key(c.access_key): DEFAULT_ACCESS_KEY_ID for c in CLOUDS.values()},
    **{c.config_key(c.secret_key): DEFAULT_ACCESS_KEY_SECRET for c in CLOUDS.values()},
}


def quick_start(directory: Path) -> tuple[Path, list[ConfigSet]]:
    """A project holding the Quick start's program, and its `pulumi config set` commands."""
    text = section(README.read_text(), "Quick start")
    (program,) = code_blocks(text, "python")
    commands = [
        c for block in code_blocks(text, "sh") for c in config_commands(block, "README.md Quick start")
    ]
    directory.mkdir(parents=True)
    (directory / "__main__.py").write_text(program)
    (directory / "Pulumi.yaml").write_text(
        yaml.safe_dump({"name": "quick-start", "runtime": {"name": "python"}}, sort_keys=False)
    )
    return directory, commands


def test_the_quick_start_keeps_every_key_out_of_the_state_in_plain_text(
    make_stack: StackFactory, emulator: Emulator, tmp_path: Path
) -> None:
    emulator.reset(world="demo")  # it has the instances and tags the Quick start names
    project, commands = quick_start(tmp_path / "quick-start")
    assert {c.key for c in commands} >= {"tencentcloud:secretId", "tencentcloud:secretKey"}, commands

    stack = make_stack(str(project)).init()
    stack.config("imagesync:emulator", emulator.url)
    for command in commands:
        value = KEY_MATERIAL.get(command.key, command.value)
        assert value is not None, f"{command.source}: {command.key} without a value"
        stack.run("config", "set", "--stack", stack.name, *command.flags, command.key, value)
    stack.up()
    assert stack.outputs()["prd"].endswith("/release/app:prd")

    material = [DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET]
    assert [m for m in material if m in json.dumps(stack.export())] == []
    assert search(stack.state_files(), material) == {}
    assert search([stack.config_file()], material) == {}
    # They were set, encrypted: the engine has them, and so had the provider.
    revealed = json.dumps(stack.export(show_secrets=True))
    assert all(m in revealed for m in material)
