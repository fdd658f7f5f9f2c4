"""Every string the UI shows is in the .ts files, translated, and a language switch is live."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

import pytest
from PySide6.QtWidgets import QApplication

from app.i18n import HERE, Translators
from app.i18n.build import _tool, release, sources
from app.ui.callwidgets import WrapUpPanel

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot


def _messages(path: Path) -> dict[tuple[str, str], bool]:
    """(context, source) -> finished."""
    found = {}
    for context in ET.parse(path).getroot().iter("context"):  # noqa: S314 - our own file
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            done = translation is not None and translation.get("type") not in (
                "unfinished", "vanished", "obsolete")
            found[(name, message.findtext("source") or "")] = done
    return found


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], bool]:
    ts = tmp_path_factory.mktemp("i18n") / "all.ts"
    subprocess.run([_tool("lupdate"), "-locations", "none", *map(str, sources()), "-ts",
                    str(ts)], check=True, stdout=subprocess.DEVNULL)
    return _messages(ts)


@pytest.mark.parametrize("language", ["ja", "zh_CN"])
def test_every_ui_string_is_translated(extracted: dict[tuple[str, str], bool],
                                       language: str) -> None:
    translated = _messages(HERE / f"caseline_{language}.ts")
    missing = [key for key in extracted if not translated.get(key)]
    assert missing == [], f"run `python -m app.i18n.build update` and translate: {missing[:10]}"


def test_english_has_both_plural_forms_of_every_counted_string(tmp_path: Path) -> None:
    """English needs the .ts only for plurals: each counted string, both forms, finished."""
    ts = tmp_path / "plurals.ts"
    subprocess.run([_tool("lupdate"), "-locations", "none", *map(str, sources()), "-ts",
                    str(ts)], check=True, stdout=subprocess.DEVNULL)
    counted = {(c.findtext("name") or "", m.findtext("source") or "")
               for c in ET.parse(ts).getroot().iter("context")  # noqa: S314 - our own file
               for m in c.iter("message") if m.get("numerus") == "yes"}
    english = {}
    for context in ET.parse(HERE / "caseline_en.ts").getroot().iter("context"):  # noqa: S314
        for message in context.iter("message"):
            translation = message.find("translation")
            forms = [] if translation is None or translation.get("type") else [
                f.text for f in translation.iter("numerusform") if f.text]
            english[(context.findtext("name") or "", message.findtext("source") or "")] = forms
    assert counted, "lupdate found no counted strings: the check would prove nothing"
    wrong = [key for key in counted if len(english.get(key, [])) != 2]
    assert wrong == [], f"run `python -m app.i18n.english_plurals`: {wrong[:10]}"


def test_language_switches_live_in_open_widgets(qtbot: QtBot) -> None:
    release()
    panel = WrapUpPanel()
    qtbot.addWidget(panel)
    translators = Translators()
    try:
        translators.install("en")
        english = panel.title.text()
        translators.install("ja")
        QApplication.processEvents()  # LanguageChange reaches the open widget
        assert panel.title.text() != english
        assert panel.title.text() == "後処理"
        translators.install("zh_CN")
        QApplication.processEvents()
        assert panel.title.text() == "话后处理"
    finally:
        translators.install("en")
