"""What a PC of its own (no centre) loads on its way to the phone and the window: none of the
centre's code (psycopg, the sync engine, the console), which bench/startup.py measured as a
third of a second before the registration (issue 19)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

CHILD = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from app.ui.desktop import build
    from tests.support import engine_config, free_port

    desktop = build(Path(sys.argv[1]), show_wizard=False, in_process=True,
                    engine_config=engine_config(free_port()))
    assert desktop is not None
    heavy = ("psycopg", "app.sync.engine", "app.sync.connect", "app.sync.worker", "app.console")
    loaded = sorted(m for m in sys.modules if m == heavy[0] or m.startswith(heavy))
    desktop.shutdown()
    print(json.dumps(loaded))
""")


def test_a_pc_without_a_centre_loads_none_of_the_centre_s_code(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "CASELINE_DB": str(tmp_path / "cases.db"), "PYTHON_KEYRING_BACKEND":
           "keyring.backends.null.Keyring"}
    env.pop("CASELINE_CENTRAL_URL", None)  # a shell's centre would make this PC one with a centre
    done = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path / "caseline.toml")],
                          env=env, capture_output=True, text=True, timeout=120, check=False,
                          cwd=os.getcwd())
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"
