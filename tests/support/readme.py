"""The `pulumi config set` commands the README and the examples tell users to run, read from them.

Tests take the commands from the documents themselves, so that a document changed to set a
credential unsafely fails the suite.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from pulumi_imagesync.provider.settings import CLOUDS, PROFILES_KEY

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"

_COMMAND = re.compile(r"pulumi config set(?= )[^`\n]*")
# The keys that hold key material: every cloud's access key, secret key and security token.
_CREDENTIAL_SETTINGS = {
    setting.key
    for cloud in CLOUDS.values()
    for setting in (cloud.access_key, cloud.secret_key, cloud.security_token)
}
CREDENTIAL_KEYS = {
    cloud.config_key(setting)
    for cloud in CLOUDS.values()
    for setting in (cloud.access_key, cloud.secret_key, cloud.security_token)
}


@dataclass(frozen=True)
class ConfigSet:
    """One `pulumi config set [flags] KEY [VALUE]` as a document writes it."""

    source: str  # where it stands: "README.md:103"
    flags: tuple[str, ...]
    key: str
    value: str | None

    @property
    def secret(self) -> bool:
        return "--secret" in self.flags

    @property
    def sets_credential(self) -> bool:
        """Whether it sets key material: a cloud's credential, or one inside a profile."""
        if self.key in CREDENTIAL_KEYS:
            return True
        if self.key == PROFILES_KEY:
            return True
        if self.key.startswith(f"{PROFILES_KEY}."):
            return self.key.rsplit(".", 1)[-1] in _CREDENTIAL_SETTINGS
        return False


def config_commands(text: str, source: str) -> list[ConfigSet]:
    """Every `pulumi config set` in `text`, in code blocks and in inline code alike."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        for match in _COMMAND.finditer(line):
            words = shlex.split(match.group(0).split(" #", 1)[0])[3:]
            flags = tuple(w for w in words if w.startswith("--"))
            positional = [w for w in words if not w.startswith("--")]
            if not positional:
                continue
            value = positional[1] if len(positional) > 1 else None
            found.append(ConfigSet(f"{source}:{number}", flags, positional[0], value))
    return found


def section(text: str, heading: str) -> str:
    """The body of the Markdown section `## heading`, up to the next heading of its level."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    if match is None:
        raise AssertionError(f"README.md has no section '## {heading}'")
    return match.group(1)


def code_blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", text, re.S | re.M)
