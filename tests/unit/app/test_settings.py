from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

import pytest

from app.config import settings
from app.telephony.config import AccountSpec, ConfigError, Transport

if TYPE_CHECKING:
    from pathlib import Path


def test_missing_file_is_defaults(tmp_path: Path) -> None:
    assert settings.load(tmp_path / "none.toml") == settings.Settings()


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    acc = AccountSpec(name="work", server="pbx.example:5061", user="1001",
                      transport=Transport.TLS, display_name='Agent "A" 佐藤')
    settings.save(path, settings.with_account(settings.Settings(), acc))
    loaded = settings.load(path)
    assert loaded.accounts == (acc,)
    assert loaded.sip == settings.SipSettings()


def test_a_password_in_the_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[[accounts]]\nname = "w"\nserver = "s"\nuser = "u"\npassword = "hunter2"\n')
    with pytest.raises(ConfigError) as err:
        settings.load(path)
    assert err.value.code == "secret_in_config"
    assert "hunter2" not in str(err.value)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("[sip\nlisten=", "config_unreadable"),
        ("[sip]\nlisten_port = 1\n", "unknown_setting"),
        ('[[accounts]]\nname="w"\nserver="s"\nuser="u"\ntransport="sctp"\n', "unknown_transport"),
    ],
)
def test_bad_files_name_the_problem(tmp_path: Path, text: str, code: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as err:
        settings.load(path)
    assert err.value.code == code


def test_config_path_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(settings.ENV_CONFIG, str(tmp_path / "env.toml"))
    assert settings.config_path() == tmp_path / "env.toml"
    assert settings.config_path(tmp_path / "x.toml") == tmp_path / "x.toml"
    monkeypatch.delenv(settings.ENV_CONFIG)
    assert settings.config_path().name == "caseline.toml"


def test_a_file_without_ui_and_audio_sections_reads_as_their_defaults(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    # As written before [ui] and [audio] existed.
    path.write_text('version = 1\n\n[sip]\nlisten = "0.0.0.0:5070"\n\n[cases]\nregion = "CN"\n'
                    '\n[[accounts]]\nname = "work"\nserver = "pbx"\nuser = "1001"\n')
    loaded = settings.load(path)
    assert loaded.ui == settings.UiSettings(language="", first_run_done=False)
    assert loaded.audio == settings.AudioSettings(input="", output="", ringer="")
    assert loaded.sip.listen == "0.0.0.0:5070"
    assert loaded.cases.region == "CN"
    assert [a.name for a in loaded.accounts] == ["work"]


def test_ui_and_audio_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    chosen = replace(
        settings.Settings(),
        ui=settings.UiSettings(language="zh_CN", first_run_done=True),
        audio=settings.AudioSettings(input="alsa_input.usb-Jabra_Evolve-00.mono-fallback",
                                     output='{0.0.0.00000000}.{"odd" \\ id}',
                                     ringer=""),
    )
    settings.save(path, chosen)
    text = path.read_text(encoding="utf-8")
    assert "[ui]" in text and "[audio]" in text
    assert settings.load(path) == chosen
    assert not path.with_suffix(".tmp").exists()  # the atomic save's temp file is gone


@pytest.mark.parametrize("language", ["", "ja", "en", "zh_CN"])
def test_every_offered_language_is_accepted(tmp_path: Path, language: str) -> None:
    path = tmp_path / "c.toml"
    settings.save(path, replace(settings.Settings(), ui=settings.UiSettings(language=language)))
    assert settings.load(path).ui.language == language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('[ui]\nlanguage = "klingon"\n', "unknown_language"),
        ('[ui]\nfirst_run_done = "yes"\n', "bad_setting"),
        ("[audio]\ninput = 3\n", "bad_setting"),
        ('[audio]\nvolume = "11"\n', "unknown_setting"),
        ('[ui]\npassword = "hunter2"\n', "unknown_setting"),
        ('ui = "ja"\n', "bad_setting"),
    ],
)
def test_bad_ui_and_audio_values_name_the_problem(tmp_path: Path, text: str, code: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as err:
        settings.load(path)
    assert err.value.code == code
    assert "hunter2" not in str(err.value)


def test_control_characters_in_text_cannot_break_the_file(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    acc = AccountSpec(name="work\tA", server="pbx", user="1001",
                      display_name="Sato\r\nBell\x07 \x7f \"q\" \\ 佐藤")
    settings.save(path, settings.with_account(settings.Settings(), acc))
    assert settings.load(path).accounts == (acc,)


@pytest.mark.parametrize(
    ("changes", "problems"),
    [
        ({}, {}),
        ({"server": "pbx.example.com:5061", "stun_server": "stun.example.com"}, {}),
        ({"server": "[2001:db8::1]:5060"}, {}),
        ({"name": "  "}, {"name": "name_required"}),
        ({"name": "home"}, {"name": "name_taken"}),
        ({"server": ""}, {"server": "server_required"}),
        ({"server": "pbx.example.com:99999"}, {"server": "bad_address"}),
        ({"server": "pbx.example.com:sip"}, {"server": "bad_address"}),
        ({"server": "sip:1001@pbx.example.com"}, {"server": "bad_address"}),
        ({"server": "pbx example.com"}, {"server": "bad_address"}),
        ({"user": ""}, {"user": "user_required"}),
        ({"user": "1001@pbx.example.com"}, {"user": "bad_user"}),
        ({"domain": "sip:example.com"}, {"domain": "bad_domain"}),
        ({"stun_server": "stun.example.com:port"}, {"stun_server": "bad_stun"}),
    ],
)
def test_check_account(changes: dict[str, Any], problems: dict[str, str]) -> None:
    acc = replace(AccountSpec(name="work", server="pbx.example.com", user="1001"), **changes)
    assert settings.check_account(acc, taken=["home"]) == problems


def test_hold_music_is_a_file_in_the_config_dir(tmp_path: Path) -> None:
    from app.orchestration.bootstrap import engine_config  # noqa: PLC0415

    path = tmp_path / "conf" / "caseline.toml"
    path.parent.mkdir()
    path.write_text('[audio]\nhold_music = "hold.wav"\n', encoding="utf-8")
    conf = settings.load(path)
    assert engine_config(conf, config_dir=path.parent).hold_music == str(path.parent / "hold.wav")
    absolute = tmp_path / "music" / "hold.wav"
    conf = replace(conf, audio=replace(conf.audio, hold_music=str(absolute)))
    assert engine_config(conf, config_dir=path.parent).hold_music == str(absolute)
    # None configured: held calls hear silence (the engine gets no file).
    assert engine_config(settings.Settings(), config_dir=path.parent).hold_music == ""
    settings.save(path, conf)
    assert settings.load(path).audio.hold_music == str(absolute)


def test_decline_and_unavailable_codes(tmp_path: Path) -> None:
    from app.orchestration.bootstrap import engine_config  # noqa: PLC0415

    assert (settings.SipSettings().decline_code, settings.SipSettings().unavailable_code) == (
        486, 486)  # 603 would end a whole ring group (RFC 3261 16.7)
    assert engine_config(settings.Settings()).decline_code == 486
    path = tmp_path / "caseline.toml"
    path.write_text("[sip]\ndecline_code = 603\nunavailable_code = 480\n", encoding="utf-8")
    conf = settings.load(path)
    assert (conf.sip.decline_code, conf.sip.unavailable_code) == (603, 480)
    assert engine_config(conf).decline_code == 603
    settings.save(path, conf)
    assert settings.load(path).sip == conf.sip


@pytest.mark.parametrize("text", ["[sip]\ndecline_code = 480\n", "[sip]\nunavailable_code = 603\n",
                                  '[sip]\ndecline_code = "486"\n'])
def test_bad_decline_and_unavailable_codes_are_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "caseline.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        settings.load(path)
    assert err.value.code == "bad_setting"


def test_nameservers_and_probe_failures(tmp_path: Path) -> None:
    from app.orchestration.bootstrap import engine_config  # noqa: PLC0415

    default = engine_config(settings.Settings())
    assert default.nameservers is None  # the system's, read when the engine starts
    assert default.probe_failures == 3
    path = tmp_path / "caseline.toml"
    path.write_text('[sip]\nnameservers = "10.0.0.53, 10.0.0.54"\n'
                    "probe_failures_before_unreachable = 5\n", encoding="utf-8")
    conf = settings.load(path)
    assert engine_config(conf).nameservers == ("10.0.0.53", "10.0.0.54")
    assert engine_config(conf).probe_failures == 5
    settings.save(path, conf)
    assert settings.load(path).sip == conf.sip
    path.write_text('[sip]\nnameservers = ""\n', encoding="utf-8")
    assert engine_config(settings.load(path)).nameservers == ()  # the OS's blocking resolver


@pytest.mark.parametrize("text", ['[sip]\nnameservers = "dns.example"\n',
                                  '[sip]\nnameservers = "::1"\n',
                                  '[sip]\nnameservers = "127.0.0.1:5353"\n',
                                  "[sip]\nnameservers = [\"10.0.0.53\"]\n",
                                  "[sip]\nprobe_failures_before_unreachable = 0\n"])
def test_bad_nameservers_and_probe_failures_are_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "caseline.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        settings.load(path)
    assert err.value.code == "bad_setting"
