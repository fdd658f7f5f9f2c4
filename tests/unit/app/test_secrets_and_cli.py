from __future__ import annotations

import io
from typing import TYPE_CHECKING

import keyring
import pytest
from keyring.backends import fail
from keyrings.alt.file import PlaintextKeyring

from app.cli import main as cli
from app.config import secrets, settings

if TYPE_CHECKING:
    from pathlib import Path

    from tests.conftest import MemoryKeyring


def _add(monkeypatch: pytest.MonkeyPatch, *args: str, password: str = "s3cret!") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return cli.main(["account", "add", "--password-stdin", *args])


def test_add_list_remove(memory_keyring: MemoryKeyring, config_file: Path,
                         monkeypatch: pytest.MonkeyPatch,
                         capsys: pytest.CaptureFixture[str]) -> None:
    assert _add(monkeypatch, "--server", "pbx.example", "--user", "1001", "--transport", "tls",
                "--name", "work") == 0
    assert memory_keyring.store == {("caseline", "sip:work"): "s3cret!"}
    text = config_file.read_text()
    assert "s3cret" not in text and 'transport = "tls"' in text
    assert cli.main(["account", "list"]) == 0
    assert "work\tsips:1001@pbx.example\ttls\tpbx.example" in capsys.readouterr().out
    assert _add(monkeypatch, "--server", "pbx.example", "--user", "1001", "--name", "work") == 2
    assert "already exists" in capsys.readouterr().err
    assert cli.main(["account", "remove", "work"]) == 0
    assert memory_keyring.store == {}
    assert settings.load(config_file).accounts == ()


def test_empty_password_stores_nothing(memory_keyring: MemoryKeyring, config_file: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    assert _add(monkeypatch, "--server", "s", "--user", "u", password="") == 2
    assert memory_keyring.store == {}
    assert not config_file.exists()


def test_bad_transport_is_a_clear_error(memory_keyring: MemoryKeyring, config_file: Path,
                                        monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert _add(monkeypatch, "--server", "s", "--user", "u", "--transport", "carrier-pigeon") == 2
    assert "unknown_transport" in capsys.readouterr().err


@pytest.mark.parametrize("backend", [PlaintextKeyring, fail.Keyring])
def test_no_plain_text_fallback(backend: type, config_file: Path,
                                monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    previous = keyring.get_keyring()
    instance = backend()
    if isinstance(instance, PlaintextKeyring):
        instance.file_path = str(tmp_path / "plain.cfg")
    keyring.set_keyring(instance)
    try:
        with pytest.raises(secrets.SecretStoreError):
            secrets.set_password("x", "y")
        assert _add(monkeypatch, "--server", "s", "--user", "u") == 2
    finally:
        keyring.set_keyring(previous)
    err = capsys.readouterr().err
    assert "No usable keyring" in err
    assert not (tmp_path / "plain.cfg").exists()
    assert not config_file.exists()
