"""Extract the UI's strings into Qt Linguist .ts files and compile them to .qm.

    python -m app.i18n.build update    # pyside6-lupdate: app/**/*.py -> app/i18n/*.ts
    python -m app.i18n.build release   # pyside6-lrelease: *.ts -> *.qm (build output)

The test and run scripts call ``release``; .qm files are not committed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from app.i18n import HERE, LANGUAGES

APP = HERE.parent


def ts_files() -> list[Path]:
    return [HERE / f"caseline_{language}.ts" for language in LANGUAGES]


def sources() -> list[Path]:
    return sorted(p for p in APP.rglob("*.py") if "migrations" not in p.parts)


def _tool(name: str) -> str:
    found = shutil.which(f"pyside6-{name}") or shutil.which(
        f"pyside6-{name}", path=str(Path(sys.executable).parent))
    if found is None:
        raise SystemExit(f"pyside6-{name} is missing (PySide6 provides it)")
    return found


def update() -> None:
    for ts in ts_files():
        language = ts.stem.removeprefix("caseline_")
        args = [_tool("lupdate"), "-locations", "none", "-no-obsolete",
                "-target-language", language, *map(str, sources()), "-ts", str(ts)]
        if language == "en":
            args.insert(1, "-pluralonly")  # English needs only its plural forms
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL)


def release() -> None:
    for ts in ts_files():
        if ts.exists():
            # Written beside and renamed over: a running CaseLine (or test) that maps the old
            # .qm keeps reading it; rewriting it in place would crash that process (SIGBUS).
            qm = ts.with_suffix(".qm")
            fresh = qm.with_name(qm.name + f".{os.getpid()}.tmp")
            subprocess.run([_tool("lrelease"), "-silent", str(ts), "-qm", str(fresh)],
                           check=True)
            os.replace(fresh, qm)


def main(argv: list[str]) -> int:
    action = argv[0] if argv else "release"
    if action == "update":
        update()
    elif action == "release":
        release()
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
