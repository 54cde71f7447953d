"""Every credential the README and the examples tell users to set is set with `--secret`.

The engine records the stack config in the state, encrypted only where the config is secret; a
key id set in plain text lands there in plain text. (`tests/e2e/test_readme.py` runs the Quick
start's commands on a real stack.)
"""

from __future__ import annotations

from tests.support.readme import README, REPO, ConfigSet, config_commands


def documented_commands() -> list[ConfigSet]:
    documents = [README, *sorted((REPO / "examples").glob("*/__main__.py")), REPO / "demo" / "__main__.py"]
    commands: list[ConfigSet] = []
    for path in documents:
        commands += config_commands(path.read_text(), str(path.relative_to(REPO)))
    return commands


def test_every_credential_in_the_documents_is_set_as_a_secret() -> None:
    commands = documented_commands()
    credentials = [c for c in commands if c.sets_credential]
    assert len(credentials) >= 10, f"the README's credential commands were not found: {commands}"
    assert [f"{c.source}: {c.key}" for c in credentials if not c.secret] == []


def test_the_reading_tells_credentials_from_other_settings() -> None:
    text = """
    pulumi config set tencentcloud:region ap-guangzhou
    `pulumi config set --secret tencentcloud:secretId AKID...` and `pulumi config set build v1`
    pulumi config set --secret --path 'imagesync:profiles.target.alicloud.accessKey' LTAI...
    pulumi config set --path 'imagesync:profiles.target.alicloud.region' cn-hangzhou
    pulumi config set-all --json '{}'
    """
    found = {(c.key, c.secret, c.sets_credential) for c in config_commands(text, "text")}
    assert found == {
        ("tencentcloud:region", False, False),
        ("tencentcloud:secretId", True, True),
        ("build", False, False),
        ("imagesync:profiles.target.alicloud.accessKey", True, True),
        ("imagesync:profiles.target.alicloud.region", False, False),
    }
