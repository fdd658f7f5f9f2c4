"""Translations: Qt Linguist .ts sources here, .qm files built from them next to them.

``install`` puts the application's and Qt's own translators in place before the first widget,
and makes the chosen language QLocale's default, so dates, numbers and the labels that pick
ja/en/zh text follow the UI language, not only the OS.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
LANGUAGES = ("ja", "en", "zh_CN")


def choose(setting: str, system: QLocale | None = None) -> str:
    """The UI language: the setting, else the OS locale when we speak it, else English."""
    if setting in LANGUAGES:
        return setting
    name = (system or QLocale.system()).name()
    if name.startswith("ja"):
        return "ja"
    if name.startswith("zh"):
        return "zh_CN"
    return "en"


class Translators:
    """The translators currently installed, so a language switch can replace them live."""

    def __init__(self) -> None:
        self._installed: list[QTranslator] = []
        self.language = ""

    def install(self, language: str) -> str:
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("create the QApplication first")
        for translator in self._installed:
            QCoreApplication.removeTranslator(translator)
        self._installed.clear()
        locale = QLocale(language)
        QLocale.setDefault(locale)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        candidates = [(f"caseline_{language}", str(HERE)), (f"qtbase_{language}", qt_dir)]
        for name, directory in candidates:
            translator = QTranslator(app)
            if translator.load(name, directory):
                QCoreApplication.installTranslator(translator)
                self._installed.append(translator)
            elif language != "en":
                log.info("no translation %s in %s", name, directory)
        self.language = language
        return language
