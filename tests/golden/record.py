"""Record this release's state of every golden program: `python -m tests.golden.record`.

Run once per release, before it ships; commit the file it writes and never edit it afterwards.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from pulumi_imagesync import __version__
from pulumi_imagesync.emulator import Emulator
from tests.conftest import base_config, hermetic_env
from tests.golden.programs import PROGRAMS
from tests.support.engine import Engine, ProviderProcess, register

HERE = Path(__file__).parent


def main() -> None:
    records = {}
    with Emulator(port=0, world="empty") as emulator, tempfile.TemporaryDirectory() as tmp:
        for kind, program in PROGRAMS.items():
            emulator.reset(world="empty")
            emulator.seed(program.world)
            process = ProviderProcess(Path(tmp), hermetic_env())
            try:
                engine = Engine(process, base_config(emulator))
                reg = register(program.build)
                engine.up(reg)
                state = engine.state[program.name]
                records[kind] = {
                    "type": state.type,
                    "id": state.id,
                    "inputs": state.inputs,
                    "outputs": state.outputs,
                }
            finally:
                process.stop()
    path = HERE / f"v{__version__}.json"
    path.write_text(
        json.dumps({"version": __version__, "resources": records}, indent=2, sort_keys=True) + "\n"
    )
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
