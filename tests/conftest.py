"""Fixtures for every test: markers by folder, an in-memory keyring (and a failing one)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

import keyring
import keyring.backend
import keyring.backends.fail
import pytest

from app.common import logs
from tests.support import reap_sipps

if TYPE_CHECKING:
    from collections.abc import Iterator

    from app.i18n import Translators


@pytest.fixture(scope="session", autouse=True)
def _user_data_dir_of_the_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """What the app keeps in the user's data dir (the SIP instance id, a default store) goes to
    this session's own folder: not the home of whoever runs the tests, not another worker's."""
    previous = os.environ.get("XDG_DATA_HOME")
    os.environ["XDG_DATA_HOME"] = str(tmp_path_factory.mktemp("xdg-data"))
    yield
    if previous is None:
        os.environ.pop("XDG_DATA_HOME", None)
    else:
        os.environ["XDG_DATA_HOME"] = previous


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        parts = Path(str(item.fspath)).parts
        if "integration" in parts:
            item.add_marker(pytest.mark.integration)
        elif "unit" in parts:
            item.add_marker(pytest.mark.unit)


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring for tests only: this machine has no Secret Service daemon to test against."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@contextlib.contextmanager
def failing_keyring() -> Iterator[None]:
    """A keyring that fails on every use, as a broken or missing one does."""
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "caseline.toml"
    monkeypatch.setenv("CASELINE_CONFIG", str(path))
    return path


@pytest.fixture(autouse=True)
def _sipp_started_by_a_test_goes() -> Iterator[None]:
    yield
    reap_sipps()


@pytest.fixture(autouse=True)
def _logging_set_up_by_a_test_goes() -> Iterator[None]:
    """A test that runs `caseline` in-process gets its log handlers (app.common.logs.setup); they go
    with it, or later tests' records would be written to its closed, captured stderr."""
    yield
    logs.shutdown()


@pytest.fixture
def translators(qapp: object) -> Iterator[Translators]:
    """The app's translators with the .qm files built (.ts -> .qm, as ./scripts/test does
    first); English again afterwards."""
    from app.i18n import Translators  # noqa: PLC0415 - Qt only for the tests that ask
    from app.i18n.build import release  # noqa: PLC0415

    release()
    installed = Translators()
    try:
        yield installed
    finally:
        installed.install("en")
