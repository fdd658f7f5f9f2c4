"""Bring the .ts files up to date with the sources and fill in given translations.

    python -m app.i18n.fill strings.json     # update, then translate what the file gives
    python -m app.i18n.fill --missing        # update, then list what is still untranslated

``strings.json``: ``{"Context": {"Source text": {"ja": "...", "zh_CN": "..."}}}``; a counted
string ("%n call(s)") takes the same (ja and zh_CN have one plural form). English plural forms
are filled from the source (app.i18n.english_plurals). Runs under a file lock, so two people
working in one tree do not write the .ts files at the same time.
"""

from __future__ import annotations

import fcntl
import json
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from app.i18n import HERE, english_plurals
from app.i18n.build import update

LOCK = Path(tempfile.gettempdir()) / "caseline-i18n.lock"
TRANSLATED = ("ja", "zh_CN")


def _fill_one(path: Path, given: dict[str, dict[str, dict[str, str]]], language: str) -> int:
    tree = ET.parse(path)  # noqa: S314 - our own .ts file, not outside input
    filled = 0
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            text = given.get(name, {}).get(source, {}).get(language)
            if not text:
                continue
            translation = english_plurals.fresh_translation(message)
            if message.get("numerus") == "yes":
                ET.SubElement(translation, "numerusform").text = text
            else:
                translation.text = text
            filled += 1
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return filled


def missing() -> list[tuple[str, str, str]]:
    """(language, context, source) of every message without a finished translation."""
    found = []
    for language in TRANSLATED:
        tree = ET.parse(HERE / f"caseline_{language}.ts")  # noqa: S314 - our own file
        for context in tree.getroot().iter("context"):
            name = context.findtext("name") or ""
            for message in context.iter("message"):
                translation = message.find("translation")
                if translation is None or translation.get("type") == "unfinished":
                    found.append((language, name, message.findtext("source") or ""))
    return found


def main(argv: list[str]) -> int:
    with LOCK.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        update()
        english_plurals.fill()
        if argv and argv[0] != "--missing":
            given = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
            for language in TRANSLATED:
                count = _fill_one(HERE / f"caseline_{language}.ts", given, language)
                print(f"{language}: {count} filled")
        update()  # once more: lupdate writes the files back in its own layout (small diffs)
        left = missing()
    for language, context, source in left:
        print(f"untranslated {language} [{context}] {source!r}")
    return 1 if left and argv and argv[0] == "--missing" else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
