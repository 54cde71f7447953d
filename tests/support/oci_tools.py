"""crane and the OCI conformance suite, built from Go modules by ``scripts/install-oci-tools``.

`oci_tools_bin()` finds them the way ``scripts/test`` makes them (``IMAGESYNC_OCI_TOOLS``, else a
cached build, else a build now); without Go the tests that need them are skipped, with that reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "install-oci-tools"


def oci_tools_bin() -> Path:
    """The bin directory holding ``crane`` and ``conformance.test`` (skips the test without Go)."""
    given = os.environ.get("IMAGESYNC_OCI_TOOLS")
    if given and (Path(given) / "crane").is_file():
        return Path(given)
    cached = subprocess.run([str(SCRIPT), "--print-bin"], capture_output=True, text=True, check=False)
    if cached.returncode == 0:
        return Path(cached.stdout.strip().splitlines()[-1])
    if shutil.which("go") is None:
        pytest.skip(
            "Go is not installed: crane and the OCI conformance suite cannot be built (scripts/install-oci-tools)"
        )
    built = subprocess.run([str(SCRIPT)], capture_output=True, text=True, check=False, timeout=1800)
    if built.returncode != 0:
        pytest.fail(f"scripts/install-oci-tools failed:\n{built.stderr}")
    return Path(built.stdout.strip().splitlines()[-1])
