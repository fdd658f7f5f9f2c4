"""TLS to the central database: ``sslmode=verify-full`` with the deployment's CA, required for
a centre on another machine unless the administrator allows otherwise."""

from __future__ import annotations

from typing import TYPE_CHECKING

import psycopg
import pytest

from app.cases.store import open_sqlite
from app.central import admin
from app.central.db import CentralError, engine, is_local, parse_url, require_tls
from app.cli import main as cli
from app.config import secrets, settings
from app.config.settings import ENV_CENTRAL_URL
from app.sync.connect import check_connection, password_key, syncer_for
from app.telephony.config import ConfigError
from tests.integration.tlscerts import make_certs
from tests.support_pg import PgCluster, cluster

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from tests.conftest import MemoryKeyring


@pytest.fixture(scope="module")
def tls_pg() -> Iterator[PgCluster]:
    pg = cluster(tls=True)
    try:
        yield pg
    finally:
        pg.remove()


def _verify_full(pg: PgCluster, ca: Path, user: str = "postgres",
                 password: str | None = None) -> str:
    return pg.url(user, password, sslmode="verify-full", sslrootcert=str(ca))


def test_verify_full_with_the_right_ca_connects_over_tls(tls_pg: PgCluster) -> None:
    assert tls_pg.ca is not None
    url = _verify_full(tls_pg, tls_pg.ca)
    assert admin.init(url) == admin.HEAD  # the admin functions take the same URL
    admin.add_team(url, "tls team")
    admin.add_agent(url, "tina", "tina-pw", "Tina", "tls team")
    agent = engine(_verify_full(tls_pg, tls_pg.ca, "tina"), password="tina-pw")
    try:
        with agent.connect() as conn:
            row = conn.exec_driver_sql("SELECT ssl, version FROM pg_stat_ssl "
                                       "WHERE pid = pg_backend_pid()").one()
    finally:
        agent.dispose()
    assert row[0] is True and row[1].startswith("TLS")


def test_a_wrong_ca_is_refused_with_a_clear_error(tls_pg: PgCluster, tmp_path: Path) -> None:
    other = make_certs(tmp_path, "other")
    with pytest.raises(psycopg.OperationalError, match="certificate verify failed"):
        psycopg.connect(_verify_full(tls_pg, other.ca)).close()
    with pytest.raises(CentralError) as caught:
        admin.init(_verify_full(tls_pg, other.ca))
    assert caught.value.code == "connect_failed"
    assert "certificate verify failed" in caught.value.detail
    assert tls_pg.password not in str(caught.value)


def test_the_cluster_restarts_on_its_port_with_its_data(tls_pg: PgCluster) -> None:
    assert tls_pg.ca is not None
    url = _verify_full(tls_pg, tls_pg.ca)
    port = tls_pg.port
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS survives (x int)")
        conn.execute("INSERT INTO survives VALUES (1)")
    tls_pg.stop()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(url, connect_timeout=5).close()
    tls_pg.start()
    assert tls_pg.port == port
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT count(*) FROM survives").fetchone() == (1,)


# -- TLS by default (issue 17, item 6) ----------------------------------------------------------

REMOTE = "caseline-centre.test"  # another machine by name; hostaddr reaches the test server


@pytest.fixture(scope="module")
def tina(tls_pg: PgCluster) -> str:
    """An agent login on the TLS cluster; returns the password."""
    assert tls_pg.ca is not None
    url = _verify_full(tls_pg, tls_pg.ca)
    admin.init(url)
    admin.add_team(url, "tls team")
    admin.add_agent(url, "tina", "tina-pw", "Tina", "tls team")
    return "tina-pw"


def _remote(pg: PgCluster, **params: str) -> str:
    """tina's URL to "another machine" (REMOTE), which libpq reaches at the test server."""
    query = "&".join(f"{k}={v}" for k, v in {"hostaddr": "127.0.0.1", **params}.items())
    return f"postgresql://tina@{REMOTE}:{pg.port}/caseline?{query}"


@pytest.mark.parametrize("params", [
    {}, {"sslmode": "prefer"}, {"sslmode": "require"}, {"sslmode": "disable"},
    {"sslmode": "allow"}])
def test_a_centre_on_another_machine_without_a_verified_tls_connection_is_refused(
        tls_pg: PgCluster, tina: str, params: dict[str, str], tmp_path: Path) -> None:
    url = _remote(tls_pg, **params)
    # A wrong password: had anything been sent, the answer would be auth_failed.
    with pytest.raises(CentralError) as refused:
        check_connection(url, "not-" + tina)
    assert refused.value.code == "insecure_url"
    assert refused.value.where.startswith(f"postgresql://tina@{REMOTE}")
    store = open_sqlite(tmp_path / "tina.db")
    try:
        with pytest.raises(CentralError) as again:
            syncer_for(url, store)
        assert again.value.code == "insecure_url"
    finally:
        store.close()


def test_verify_ca_or_verify_full_to_another_machine_connects(tls_pg: PgCluster,
                                                              tina: str) -> None:
    assert tls_pg.ca is not None
    check_connection(_remote(tls_pg, sslmode="verify-ca", sslrootcert=str(tls_pg.ca)), tina)
    # verify-full really checks the name: the test certificate is for 127.0.0.1/localhost.
    with pytest.raises(CentralError) as caught:
        check_connection(_remote(tls_pg, sslmode="verify-full", sslrootcert=str(tls_pg.ca)),
                         tina)
    assert caught.value.code == "tls_failed"


def test_the_administrator_may_allow_an_unencrypted_connection(tls_pg: PgCluster,
                                                               tina: str) -> None:
    check_connection(_remote(tls_pg, sslmode="disable"), tina, allow_insecure=True)


def test_this_machine_needs_no_tls(tls_pg: PgCluster, tina: str) -> None:
    check_connection(tls_pg.url("tina", sslmode="disable"), tina)  # 127.0.0.1
    check_connection(f"postgresql://tina@localhost:{tls_pg.port}/caseline?sslmode=disable",
                     tina)
    check_connection(f"postgresql://tina@/caseline?host={tls_pg.socket_dir}"
                     f"&port={tls_pg.port}", tina)


@pytest.mark.parametrize(("url", "local"), [
    ("postgresql://a@127.0.0.1/db", True),
    ("postgresql://a@127.8.9.10:5433/db", True),
    ("postgresql://a@[::1]:5432/db", True),
    ("postgresql://a@localhost/db", True),
    ("postgresql://a@LOCALHOST/db", True),
    ("postgresql://a@/db", True),  # libpq's unix socket
    ("postgresql://a@/db?host=/var/run/postgresql", True),
    ("postgresql://a@localhost/db?host=127.0.0.1:5432,[::1]:5433", True),
    ("postgresql://a@db.example.com/db", False),
    ("postgresql://a@10.0.0.5/db", False),
    ("postgresql://a@[2001:db8::1]/db", False),
    ("postgresql://a@localhost/db?host=db.example.com", False),  # one remote host of a list
    ("postgresql://a@localhost/db?hostaddr=10.0.0.5", False),  # libpq goes to hostaddr
    ("postgresql://a@/db?service=caseline", False),  # pg_service.conf may name any host
    ("postgresql://a@localhost.example.com/db", False),
])
def test_what_counts_as_this_machine(url: str, local: bool,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("PGHOST", "PGHOSTADDR", "PGSERVICE"):
        monkeypatch.delenv(name, raising=False)
    assert is_local(parse_url(url)) is local


def test_with_no_host_in_the_url_libpqs_environment_counts(
        monkeypatch: pytest.MonkeyPatch) -> None:
    url = parse_url("postgresql://a@/db")
    monkeypatch.setenv("PGHOST", "db.example.com")
    assert not is_local(url)
    with pytest.raises(CentralError) as refused:
        require_tls(url)
    assert refused.value.code == "insecure_url"
    require_tls(parse_url("postgresql://a@/db?sslmode=verify-full"))
    monkeypatch.setenv("PGHOST", "/tmp")
    assert is_local(url)


def test_a_repeated_sslmode_must_verify_every_time() -> None:
    with pytest.raises(CentralError):
        require_tls(parse_url("postgresql://a@db.example.com/db?sslmode=verify-full"
                              "&sslmode=disable"))


def _config(tmp_path: Path, central: str) -> Path:
    config = tmp_path / "caseline.toml"
    config.write_text(f'[cases]\ndatabase = "{tmp_path / "tina.db"}"\n\n[central]\n{central}\n',
                      encoding="utf-8")
    return config


def test_caseline_sync_refuses_an_insecure_url_from_the_file_or_the_environment(
        tls_pg: PgCluster, tina: str, tmp_path: Path, memory_keyring: MemoryKeyring,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv(ENV_CENTRAL_URL, raising=False)
    plain = _remote(tls_pg)
    secrets.set_central_password(password_key(parse_url(plain)), tina)
    config = _config(tmp_path, f'url = "{plain}"')
    assert cli.main(["--config", str(config), "sync", "--once"]) == 2
    err = capsys.readouterr().err
    assert "does not ask for a verified secure connection" in err and "allow_insecure" in err
    assert tina not in err

    # The environment's URL decides over the file's, and is held to the same rules.
    config = _config(tmp_path, "")
    monkeypatch.setenv(ENV_CENTRAL_URL, plain)
    assert cli.main(["--config", str(config), "sync", "--once"]) == 2
    assert "does not ask for a verified secure connection" in capsys.readouterr().err
    monkeypatch.setenv(ENV_CENTRAL_URL, plain.replace("tina@", "tina:hunter2@"))
    assert cli.main(["--config", str(config), "sync", "--once"]) == 2
    err = capsys.readouterr().err
    assert "secret_in_config" in err and ENV_CENTRAL_URL in err and "hunter2" not in err
    with pytest.raises(ConfigError) as refused:
        settings.load(config)
    assert refused.value.code == "secret_in_config"


def test_allow_insecure_is_a_setting_of_the_file(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_CENTRAL_URL, raising=False)
    assert not settings.load(_config(tmp_path, "")).central.allow_insecure
    assert settings.load(_config(tmp_path, "allow_insecure = true")).central.allow_insecure
    with pytest.raises(ConfigError) as wrong:
        settings.load(_config(tmp_path, 'allow_insecure = "yes"'))
    assert wrong.value.code == "bad_setting"
    saved = tmp_path / "saved.toml"
    settings.save(saved, settings.Settings(central=settings.CentralSettings(
        url="postgresql://a@db.example.com/db", allow_insecure=True)))
    assert settings.load(saved).central.allow_insecure
