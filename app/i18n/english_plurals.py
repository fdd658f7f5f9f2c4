"""Fill the English plural forms in caseline_en.ts from the "(s)" in the source text.

English needs a .ts only for plurals ("%n call(s)" -> "%n call" / "%n calls"); lupdate writes
those entries, this writes their two forms. Run after ``python -m app.i18n.build update``.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET

from app.i18n import HERE


def forms(source: str) -> tuple[str, str]:
    singular = re.sub(r"\((?:e?s)\)", "", source)
    plural = re.sub(r"\((e?s)\)", r"\1", source)
    return singular, plural


def fresh_translation(message: ET.Element) -> ET.Element:
    """A message's <translation>, emptied and finished, to be written anew."""
    translation = message.find("translation")
    if translation is None:
        translation = ET.SubElement(message, "translation")
    translation.attrib.pop("type", None)
    translation.text = None
    for old in list(translation):
        translation.remove(old)
    return translation


def fill(path: str = str(HERE / "caseline_en.ts")) -> int:
    tree = ET.parse(path)  # noqa: S314 - our own .ts file, not outside input
    filled = 0
    for message in tree.iter("message"):
        if message.get("numerus") != "yes":
            continue
        source = message.findtext("source") or ""
        translation = fresh_translation(message)
        for text in forms(source):
            ET.SubElement(translation, "numerusform").text = text
        filled += 1
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return filled


if __name__ == "__main__":
    print(fill(*sys.argv[1:]))
