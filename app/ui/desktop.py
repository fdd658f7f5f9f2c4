"""The composition root of the desktop: build the services in order, show the window, and take
them down in reverse (window, phone thread with engine and desk, readers, store)."""

from __future__ import annotations

import logging
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QEventLoop,
    QMessageLogContext,
    QSettings,
    Qt,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from app.config import secrets, settings
from app.i18n import Translators, choose
from app.orchestration import bootstrap
from app.ui.theme import apply_theme

if TYPE_CHECKING:
    import socket
    from collections.abc import Callable
    from pathlib import Path

    from app.cases.store import Store
    from app.orchestration.phone import Phone
    from app.orchestration.workspace import Workspace
    from app.telephony.api import Engine
    from app.telephony.config import AccountSpec, EngineConfig
    from app.ui.main_window import MainWindow
    from app.ui.speech import SpeechPath
    from app.ui.sync_control import SyncControl
    from app.ui.tasks import Tasks

log = logging.getLogger(__name__)


@dataclass
class Desktop:
    """Everything the window runs on, for an orderly shutdown (and for tests)."""

    app: QApplication
    window: MainWindow
    phone: Phone
    workspace: Workspace
    store: Store
    translators: Translators
    speech: SpeechPath | None = None
    sync: SyncControl | None = None

    def shutdown(self) -> None:
        self.window.hide()
        self.phone.stop()  # hangs up, stops the engine, flushes the desk's writes
        if self.speech is not None:
            self.speech.shutdown()  # the audio thread goes after the engine stopped sending
        if self.sync is not None:
            self.sync.stop()  # what is queued stays queued: the next start sends it
        self.workspace.close()
        self.store.close()




def application(argv: list[str]) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)  # crisp at 125/150 %, not rounded
    route_qt_messages()
    app = QApplication(argv)
    app.setOrganizationName("CaseLine")
    app.setApplicationName("CaseLine")
    app.setApplicationDisplayName("CaseLine")
    app.setQuitOnLastWindowClosed(True)
    return app


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    category = context.category or "default"
    name = "qt" if category == "default" else category if category.startswith("qt") \
        else f"qt.{category}"
    logging.getLogger(name).log(_QT_LEVELS.get(kind, logging.WARNING), "%s", message)


def route_qt_messages() -> None:
    """Qt's own messages (e.g. Qt Multimedia's "No audio device detected") into the log: into
    the file, and through the filter that collapses repeats. Any thread may log them."""
    qInstallMessageHandler(_qt_message)


def build(config_path: Path, *, listen: str | None = None, in_process: bool = False,
          show_wizard: bool = True, engine_config: EngineConfig | None = None,
          window_state: QSettings | None = None) -> Desktop | None:
    """Open the store, start the phone thread and build the window (not shown yet)."""
    from app.audio import sound_file  # noqa: PLC0415
    from app.audio.bridge import AudioBridge  # noqa: PLC0415
    from app.cases.demo import load_demo_data, store_is_empty  # noqa: PLC0415
    from app.cases.recordings import retention_sweep  # noqa: PLC0415
    from app.cases.store import StoreError, open_sqlite  # noqa: PLC0415
    from app.cli.cases import resolver_config  # noqa: PLC0415
    from app.orchestration.desk import Desk  # noqa: PLC0415
    from app.orchestration.phone import Phone  # noqa: PLC0415
    from app.orchestration.workspace import Workspace  # noqa: PLC0415
    from app.telephony.frames import frame_pair  # noqa: PLC0415
    from app.ui.callcenter import CallCenter  # noqa: PLC0415
    from app.ui.main_window import MainWindow  # noqa: PLC0415
    from app.ui.speech import SpeechPath  # noqa: PLC0415
    from app.ui.tasks import Tasks  # noqa: PLC0415

    app = application(sys.argv[:1])
    conf = settings.load(config_path)
    translators = Translators()
    translators.install(choose(conf.ui.language))
    apply_theme(app, conf.ui.theme)

    path = conf.cases.database_path()
    try:
        store = open_sqlite(path)
    except StoreError as exc:
        from app.ui.callcenter import message_for  # noqa: PLC0415

        text = QCoreApplication.translate("Desktop", "{problem}\n\nFile: {path}")
        QMessageBox.critical(None, QCoreApplication.translate("Desktop", "CaseLine"),
                             text.format(problem=message_for(exc.code, exc.detail), path=path))
        return None
    # Demo data is for a PC of its own; one syncing with a centre gets the team's real SRs.
    if store_is_empty(store) and not conf.central.effective_url():
        _with_progress(QCoreApplication.translate(
            "Desktop", "Loading demo customers and SRs…"), lambda: load_demo_data(store))

    if show_wizard:
        conf = _first_run(conf, config_path, engine_config or bootstrap.engine_config(conf),
                          translators)

    config = engine_config or bootstrap.engine_config(conf, listen=listen,
                                                      config_dir=config_path.parent)
    accounts = list(conf.accounts)
    passwords = _passwords(accounts)
    # Speech frames for an engine without a native sound device (the Linux wheel): the engine
    # keeps one end (every restarted engine process gets it again), the Qt bridge the other.
    engine_end, bridge_end = frame_pair()
    engine = _engine(config, in_process, engine_end)
    desk = Desk(store, resolver=resolver_config(conf.cases),
                agent_identity=bootstrap.agent_identity(conf, accounts),
                agent_name=bootstrap.agent_name(conf),
                wrap_up_seconds=conf.cases.wrap_up_seconds,
                unavailable_code=conf.sip.unavailable_code)
    if conf.audio.recording_retention_days:  # on the store's writer thread, never the UI's
        desk.worker.submit(retention_sweep(settings.recordings_dir(conf.cases),
                                           conf.audio.recording_retention_days))
    phone = Phone(engine, desk, [(acc, passwords.get(acc.name)) for acc in accounts],
                  turn_passwords=_turn_passwords(accounts),
                  recording=conf.audio.recording_policy,
                  recordings_dir=settings.recordings_dir(conf.cases),
                  announce=sound_file("recording.wav") if conf.audio.announce_recording else None)
    workspace = Workspace(store, desk.worker, agent=lambda: desk.agent_id)
    tasks = Tasks(workspace)
    center = CallCenter(phone, tasks)
    speech = SpeechPath(center, AudioBridge(bridge_end), conf.audio.talk_devices)
    state = window_state or QSettings(str(config_path.with_name("window.ini")),
                                      QSettings.Format.IniFormat)
    window = MainWindow(center, tasks, listen_address=bootstrap.direct_address(config),
                        state=state, config_path=config_path, settings=conf,
                        translators=translators, speech=speech)
    tasks.setParent(window)
    sync = _sync(conf, store, tasks)
    if sync is not None:
        window.attach_sync(sync)
    phone.start()
    if sync is not None:
        sync.start()
    return Desktop(app, window, phone, workspace, store, translators, speech, sync)


def _sync(conf: settings.Settings, store: Store, tasks: Tasks) -> SyncControl | None:
    """The sync with the central database, when one is configured; a problem starting it
    (no password in the keyring, a bad URL) shows in the status bar, the desk works on."""
    from app.central.db import CentralError  # noqa: PLC0415
    from app.sync.connect import syncer_for  # noqa: PLC0415
    from app.sync.worker import SyncWorker, read_status  # noqa: PLC0415
    from app.ui.sync_control import SyncControl  # noqa: PLC0415

    if not conf.central.effective_url():
        return None
    try:
        syncer = syncer_for(conf.central.effective_url(), store,
                            allow_insecure=conf.central.allow_insecure)
    except CentralError as exc:
        log.warning("central database: %s", exc)
        status = replace(read_status(store), last_error=exc.code, last_error_detail=exc.detail)
        return SyncControl(None, tasks, status)
    except secrets.SecretStoreError as exc:
        log.warning("keyring: %s", exc)
        status = replace(read_status(store), last_error="no_password",
                         last_error_detail=exc.detail)
        return SyncControl(None, tasks, status)
    assert syncer is not None  # a URL is configured
    # Woken by the desk's commits: the outbox is polled only as a fallback (bench/central_scale).
    return SyncControl(SyncWorker(syncer, idle_interval=5.0), tasks, read_status(store))


def _engine(config: EngineConfig, in_process: bool, audio: socket.socket) -> Engine:
    from app.telephony.engine import PjsuaEngine  # noqa: PLC0415
    from app.telephony.frames import SocketFrames  # noqa: PLC0415
    from app.telephony.isolated import IsolatedEngine  # noqa: PLC0415

    # In its own process by default: a native crash restarts the phone, not the window.
    if in_process:
        return PjsuaEngine(config, frames=SocketFrames(audio))
    return IsolatedEngine(config, audio=audio)


def _passwords(accounts: list[AccountSpec]) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for account in accounts:
        try:
            found[account.name] = secrets.get_password(account.name)
        except secrets.SecretStoreError as exc:
            log.error("no password for %s: %s", account.name, exc)
            found[account.name] = None  # the registrar's 401 will say so in the health bar
    return found


def _turn_passwords(accounts: list[AccountSpec]) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for account in accounts:
        if not account.turn_server:
            continue
        try:
            found[account.name] = secrets.get_turn_password(account.name)
        except secrets.SecretStoreError as exc:
            log.error("no TURN password for %s: %s", account.name, exc)
            found[account.name] = None  # its calls end with turn_auth_failed, said on the call
    return found


def _with_progress(text: str, work: Callable[[], object]) -> None:
    """Run slow start-up work off the UI thread behind a busy progress dialog."""
    from app.ui.tasks import MainThread  # noqa: PLC0415

    dialog = QProgressDialog(text, "", 0, 0)
    dialog.setCancelButton(None)  # Qt takes None: no button
    dialog.setMinimumDuration(300)
    loop = QEventLoop()
    main = MainThread()
    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(work)
        future.add_done_callback(lambda _f: main.post(loop.quit))
        loop.exec()
    dialog.close()
    future.result()


def _first_run(conf: settings.Settings, config_path: Path, config: EngineConfig,
               translators: Translators) -> settings.Settings:
    if conf.accounts or conf.ui.first_run_done:
        return conf
    from app.ui.tasks import Tasks  # noqa: PLC0415
    from app.ui.wizard import FirstRunWizard  # noqa: PLC0415

    tasks = Tasks(None)
    wizard = FirstRunWizard(conf, config_path, tasks, bootstrap.direct_address(config))
    # The language picked on the first page applies at once, to the wizard too.
    wizard.language_chosen.connect(lambda code: translators.install(choose(code)))
    if wizard.exec():
        return wizard.result_settings or conf
    translators.install(choose(conf.ui.language))  # cancelled: back to the saved language
    return conf


def run(config_path: Path, *, listen: str | None = None, in_process: bool = False) -> int:
    desktop = build(config_path, listen=listen, in_process=in_process)
    if desktop is None:
        return 2
    desktop.window.show()
    try:
        return desktop.app.exec()
    finally:
        desktop.shutdown()
