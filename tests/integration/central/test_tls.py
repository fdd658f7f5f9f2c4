"""TLS to the central database: ``sslmode=verify-full`` with the deployment's CA."""

from __future__ import annotations

from typing import TYPE_CHECKING

import psycopg
import pytest

from app.central import admin
from app.central.db import CentralError, engine
from tests.integration.tlscerts import make_certs
from tests.support_pg import PgCluster, cluster

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


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
