"""A fatal Qt message (no display, no platform plugin) is the last thing the process says: it
must reach the log file and stderr before Qt aborts, or the start dies without a word."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from PySide6.QtCore import qFatal
    from app.common import logs
    from app.ui.desktop import route_qt_messages

    logs.setup(Path(sys.argv[1]))
    route_qt_messages()
    qFatal("the display went away (a test)")
""")


def test_a_fatal_qt_message_is_written_before_qt_aborts(tmp_path: Path) -> None:
    config = tmp_path / "caseline.toml"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", CHILD, str(config)], env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode < 0  # Qt aborted the process, as it does on a fatal message
    assert "the display went away (a test)" in done.stderr
    logged = [p.read_text(encoding="utf-8") for p in tmp_path.rglob("*.log")]
    assert any("CRITICAL" in text and "the display went away (a test)" in text
               for text in logged), logged
