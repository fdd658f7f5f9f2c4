"""The composition root of the desktop: build the services in order, show the window, and take
them down in reverse (window, phone thread with engine and desk, readers, store)."""

from __future__ import annotations

import logging
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
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

from app.config import settings
from app.i18n import Translators, choose
from app.orchestration import bootstrap
from app.ui.theme import apply_theme

if TYPE_CHECKING:
    import socket
    from collections.abc import Callable
    from pathlib import Path

    from PySide6.QtWidgets import QWidget

    from app.cases.store import Store, StoreError
    from app.console.service import ConsoleService
    from app.orchestration.desk import Desk
    from app.orchestration.monitoring import Monitoring
    from app.orchestration.phone import Phone
    from app.orchestration.workspace import Workspace
    from app.telephony.api import Engine
    from app.telephony.config import AccountSpec, EngineConfig
    from app.ui.board import BoardSource
    from app.ui.callcenter import CallCenter
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
    console: ConsoleService | None = None
    boards: list[BoardSource] = field(default_factory=list)  # the console's live boards

    def shutdown(self) -> None:
        self.window.hide()
        self.phone.stop()  # hangs up, stops the engine, flushes the desk's writes
        if self.speech is not None:
            self.speech.shutdown()  # the audio thread goes after the engine stopped sending
        if self.sync is not None:
            self.sync.stop()  # what is queued stays queued: the next start sends it
        for board in self.boards:
            board.stop()  # its LISTENing connection goes
        if self.console is not None:
            self.console.close()  # an export under way stops and leaves no file
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
    if kind is QtMsgType.QtFatalMsg:
        from app.common import logs  # noqa: PLC0415

        # Qt aborts when this returns (no display, no platform plugin): what is queued for
        # the log's writer thread must be in the file and on stderr before it does.
        logs.shutdown()


def route_qt_messages() -> None:
    """Qt's own messages (e.g. Qt Multimedia's "No audio device detected") into the log: into
    the file, and through the filter that collapses repeats. Any thread may log them."""
    qInstallMessageHandler(_qt_message)


def store_failure_text(exc: StoreError, path: Path) -> str:
    """Why the store did not open, for the start's message box: with the way back (the newest
    backup and the command that restores it) when the file is damaged and one exists."""
    from app.ui.callcenter import message_for  # noqa: PLC0415

    text = QCoreApplication.translate("Desktop", "{problem}\n\nFile: {path}").format(
        problem=message_for(exc.code, exc.detail), path=path)
    if exc.backup:
        text += "\n\n" + QCoreApplication.translate(
            "Desktop", "The newest backup is {backup}. Close CaseLine and restore it with: "
            "caseline db restore {backup}").format(backup=exc.backup)
    return text


def build(config_path: Path, *, listen: str | None = None, in_process: bool = False,
          show_wizard: bool = True, engine_config: EngineConfig | None = None,
          window_state: QSettings | None = None) -> Desktop | None:
    """Open the store, start the phone thread and build the window (not shown yet).

    The engine process is launched first and the phone starts before the window is built: the
    SIP stack starts and registers on the other core while this one imports and lays out the
    window (bench/startup.py). Their events wait in the Qt event queue until the window runs.
    """
    # Loaded before any thread of ours runs: its libraries' constructors log through Qt's
    # message handler, which takes the GIL while the loader's lock is held; a thread holding
    # the GIL in a dlopen of its own (an import of a C extension) would deadlock with it.
    import PySide6.QtMultimedia  # noqa: F401, PLC0415

    from app.telephony.frames import frame_pair  # noqa: PLC0415

    app = application(sys.argv[:1])
    conf = settings.load(config_path)
    translators = Translators()
    translators.install(choose(conf.ui.language))
    apply_theme(app, conf.ui.theme)

    # Speech frames for an engine without a native sound device (the Linux wheel): the engine
    # keeps one end (every restarted engine process gets it again), the Qt bridge the other.
    engine_end, bridge_end = frame_pair()
    engine: Engine | None = None
    config = _engine_config(conf, engine_config, listen, config_path)
    if not (show_wizard and _wizard_due(conf)):  # the wizard may change what the engine gets
        engine = _engine(config, in_process, engine_end)
    from app.cases.store import StoreError, open_sqlite  # noqa: PLC0415 - after the launch

    path = conf.cases.database_path()
    try:
        store = open_sqlite(path)
    except StoreError as exc:
        if engine is not None:
            engine.stop()  # its process was launched already
        engine_end.close()
        bridge_end.close()
        QMessageBox.critical(None, QCoreApplication.translate("Desktop", "CaseLine"),
                             store_failure_text(exc, path))
        return None
    from app.cases.demo import load_demo_data, store_is_empty  # noqa: PLC0415

    # Demo data is for a PC of its own; one syncing with a centre gets the team's real SRs.
    if store_is_empty(store) and not conf.central.effective_url():
        _with_progress(QCoreApplication.translate(
            "Desktop", "Loading demo customers and SRs…"), lambda: load_demo_data(store))

    if engine is None:  # the first run's wizard is due: it comes first
        conf = _first_run(conf, config_path, engine_config or bootstrap.engine_config(conf),
                          translators)
        config = _engine_config(conf, engine_config, listen, config_path)
        engine = _engine(config, in_process, engine_end)
    phone, desk, workspace, tasks, center = _phone(conf, store, engine)
    sync = _sync(conf, store, tasks)
    if sync is not None and sync.worker is not None:
        # The leaders' live board, on the sync's one connection: hooked before the phone
        # starts, so the agent's first state is published too.
        desk.presence.publish_to(sync.worker.publish_presence)
    phone.start()
    speech: SpeechPath | None = None
    try:
        speech = _speech(center, bridge_end, conf)
        return _finish(app, conf, config_path, config, window_state, translators, store, phone,
                       workspace, tasks, center, sync, speech)
    except BaseException:
        # The phone runs already (it may have registered): a window that failed to build
        # must not leave it, its engine process, the audio thread and the store behind.
        try:
            phone.stop()
            if speech is not None:
                speech.shutdown()  # after the engine stopped sending, as Desktop.shutdown does
        finally:
            workspace.close()
            store.close()
        raise


def _speech(center: CallCenter, bridge_end: socket.socket,
            conf: settings.Settings) -> SpeechPath:
    """The speech path: the audio thread on the engine's end of the bridge socket."""
    from app.audio.bridge import AudioBridge  # noqa: PLC0415
    from app.ui.speech import SpeechPath  # noqa: PLC0415

    return SpeechPath(center, AudioBridge(bridge_end), conf.audio.talk_devices)


def _finish(app: QApplication, conf: settings.Settings, config_path: Path,
            config: EngineConfig, window_state: QSettings | None, translators: Translators,
            store: Store, phone: Phone, workspace: Workspace, tasks: Tasks, center: CallCenter,
            sync: SyncControl | None, speech: SpeechPath) -> Desktop:
    """The window on the running phone, then the sync and the console."""
    from app.ui.main_window import MainWindow  # noqa: PLC0415

    state = window_state or QSettings(str(config_path.with_name("window.ini")),
                                      QSettings.Format.IniFormat)
    window = MainWindow(center, tasks, listen_address=bootstrap.direct_address(config),
                        state=state, config_path=config_path, settings=conf,
                        translators=translators, speech=speech)
    tasks.setParent(window)
    if sync is not None:
        window.attach_sync(sync)
    console = _console(conf)
    if console is not None:
        from app.ui.console import ConsoleLauncher  # noqa: PLC0415

        boards: list[BoardSource] = []
        try:
            window.attach_console(ConsoleLauncher(console, tasks, window,
                                                  board=_board(console, phone, tasks, boards)))
        except BaseException:
            console.close()  # its connections, as Desktop.shutdown closes them
            raise
    if sync is not None:
        sync.start()
    return Desktop(app, window, phone, workspace, store, translators, speech, sync, console,
                   boards if console is not None else [])


def _wizard_due(conf: settings.Settings) -> bool:
    """The first run's wizard comes before the engine: it is where the accounts come from."""
    return not (conf.accounts or conf.ui.first_run_done)


def _engine_config(conf: settings.Settings, given: EngineConfig | None, listen: str | None,
                   config_path: Path) -> EngineConfig:
    return given or bootstrap.engine_config(conf, listen=listen, config_dir=config_path.parent)


def _phone(conf: settings.Settings, store: Store, engine: Engine
           ) -> tuple[Phone, Desk, Workspace, Tasks, CallCenter]:
    """The desk on the store, the phone on the engine and the desk, and the window's services
    (tasks, the call centre) that hear the phone from its first event."""
    from app.audio import sound_file  # noqa: PLC0415
    from app.cases.recordings import retention_sweep  # noqa: PLC0415
    from app.cli.cases import resolver_config  # noqa: PLC0415
    from app.orchestration.desk import Desk  # noqa: PLC0415
    from app.orchestration.phone import Phone  # noqa: PLC0415
    from app.orchestration.workspace import Workspace  # noqa: PLC0415
    from app.ui.callcenter import CallCenter  # noqa: PLC0415
    from app.ui.tasks import Tasks  # noqa: PLC0415

    accounts = list(conf.accounts)
    passwords = _passwords(accounts)
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
                  announce=sound_file("recording.wav") if conf.audio.announce_recording else None,
                  monitoring=_monitoring(conf, desk))
    workspace = Workspace(store, desk.worker, agent=lambda: desk.agent_id)
    tasks = Tasks(workspace)
    return phone, desk, workspace, tasks, CallCenter(phone, tasks)


def _board(console: ConsoleService, phone: Phone, tasks: Tasks,
           started: list[BoardSource]) -> Callable[[], QWidget]:
    """Makes the console's Board tab when it first opens: its own LISTENing connection with
    the console's credentials (the console's pool is for queries), and monitoring buttons."""
    def make() -> QWidget:
        from app.ui.board import BoardMonitoring, BoardSource, BoardView  # noqa: PLC0415

        view = BoardView()
        source = BoardSource("", parent=view, watcher=console.board_watcher)
        source.attach(view)
        BoardMonitoring(view, console, phone, tasks)
        if tasks.workspace is not None:  # this PC's break reasons name the codes
            from app.cases import choices  # noqa: PLC0415

            tasks.watch(tasks.read(choices.break_reasons), view, view.set_break_reasons)
        started.append(source)
        source.start()
        return view

    return make


def _console(conf: settings.Settings) -> ConsoleService | None:
    """The team console's own connection to the centre, with the sync's credentials; None
    when no centre is configured or it cannot be signed in to (the sync's indicator says
    why)."""
    if not conf.central.effective_url():
        return None  # no centre, no console: and none of its imports on the way to the window
    from app.central.db import CentralError  # noqa: PLC0415
    from app.config import secrets  # noqa: PLC0415 - keyring: a slow import
    from app.console.service import ConsoleService  # noqa: PLC0415

    try:
        return ConsoleService.open(
            conf.central.effective_url(), allow_insecure=conf.central.allow_insecure,
            fcr_days=conf.console.fcr_days,
            answer_target_s=conf.console.answer_target_seconds,
            service_level_target=conf.console.service_level_target_percent / 100)
    except (CentralError, secrets.SecretStoreError) as exc:
        log.info("team console: not available: %s", exc)
        return None


def _monitoring(conf: settings.Settings, desk: Desk) -> Monitoring:
    """A leader's monitoring calls, claimed at the centre the sync uses; with no centre (or
    one that cannot be signed in to) every monitoring request is refused at once."""
    from app.orchestration import monitoring  # noqa: PLC0415

    if not conf.central.effective_url():
        return monitoring.Monitoring(None, desk.log_id)  # before the keyring's import
    from app.central.db import CentralError  # noqa: PLC0415
    from app.config import secrets  # noqa: PLC0415 - keyring: a slow import
    from app.sync.monitoring import grants_for  # noqa: PLC0415

    try:
        grants = grants_for(conf.central.effective_url(),
                            allow_insecure=conf.central.allow_insecure)
    except (CentralError, secrets.SecretStoreError) as exc:
        log.warning("monitoring: no centre to claim grants at (%s)", exc)
        grants = None
    return monitoring.Monitoring(grants, desk.log_id)


def _sync(conf: settings.Settings, store: Store, tasks: Tasks) -> SyncControl | None:
    """The sync with the central database, when one is configured; a problem starting it
    (no password in the keyring, a bad URL) shows in the status bar, the desk works on."""
    if not conf.central.effective_url():
        return None  # before the imports: a PC of its own waits for none of them at start
    from app.central.db import CentralError  # noqa: PLC0415
    from app.config import secrets  # noqa: PLC0415 - keyring: a slow import
    from app.sync.connect import syncer_for  # noqa: PLC0415
    from app.sync.worker import SyncWorker, read_status  # noqa: PLC0415
    from app.ui.sync_control import SyncControl  # noqa: PLC0415

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
    """In its own process by default (a native crash restarts the phone, not the window),
    launched at once: it starts while the window is built."""
    if in_process:
        from app.telephony.engine import PjsuaEngine  # noqa: PLC0415
        from app.telephony.frames import SocketFrames  # noqa: PLC0415

        return PjsuaEngine(config, frames=SocketFrames(audio))
    from app.telephony.isolated import IsolatedEngine  # noqa: PLC0415

    engine = IsolatedEngine(config, audio=audio)
    engine.prestart()
    return engine


def _passwords(accounts: list[AccountSpec]) -> dict[str, str | None]:
    from app.config import secrets  # noqa: PLC0415 - keyring: a slow import
    found: dict[str, str | None] = {}
    for account in accounts:
        try:
            found[account.name] = secrets.get_password(account.name)
        except secrets.SecretStoreError as exc:
            log.error("no password for %s: %s", account.name, exc)
            found[account.name] = None  # the registrar's 401 will say so in the health bar
    return found


def _turn_passwords(accounts: list[AccountSpec]) -> dict[str, str | None]:
    from app.config import secrets  # noqa: PLC0415 - keyring: a slow import
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
    if not _wizard_due(conf):
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


def run(config_path: Path, *, listen: str | None = None, in_process: bool = False,
        dial: str | None = None, minimised: bool = False) -> int:
    """The desktop, once per configuration: a second launch hands ``dial`` (a tel:/sip: link)
    to the running window and exits 0, before it opens the store or binds a SIP port.
    ``minimised`` (a login's start): the window waits in the tray, or minimised without one."""
    from app.ui.instance import SingleInstance  # noqa: PLC0415

    app = application(sys.argv[:1])
    instance = SingleInstance(config_path)
    if not instance.claim():
        if instance.hand_over({"dial": dial} if dial else {}):
            log.info("CaseLine already runs with %s: handed over to it", config_path)
            return 0
        _already_running(config_path)
        return 2
    try:
        desktop = build(config_path, listen=listen, in_process=in_process)
        if desktop is None:
            return 2
        instance.request.connect(desktop.window.handle_request)
        if not minimised:
            desktop.window.show()
            log.info("window shown")
        elif desktop.window.tray is not None:
            log.info("window in the tray")  # the tray icon's menu and click bring it up
        else:
            desktop.window.showMinimized()
            log.info("window minimised")
        if dial:
            desktop.window.offer_dial(dial)
        try:
            return app.exec()
        finally:
            desktop.shutdown()
    finally:
        instance.release()


def _already_running(config_path: Path) -> None:
    """Another CaseLine holds this configuration but does not answer (hung, or starting)."""
    try:
        language = settings.load(config_path).ui.language
    except settings.ConfigError:
        language = ""
    translators = Translators()
    translators.install(choose(language))
    QMessageBox.warning(None, QCoreApplication.translate("Desktop", "CaseLine"),
                        QCoreApplication.translate(
                            "Desktop", "CaseLine is already running with this configuration "
                            "but does not answer. Close it (or end its process) and start "
                            "CaseLine again."))
