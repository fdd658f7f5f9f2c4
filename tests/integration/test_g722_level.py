"""G.722 (the wideband codec CaseLine prefers) is heard at the level it is said, both ways, for
the whole call (app.telephony.engine.media: _set_codec_levels).

pjmedia's default scales G.722 by 4 each way and halves that, for the rest of the call, once a
decoded sample passes half the decoder's range: against a phone that uses the codec's full
scale (spandsp's G.722: Asterisk, FreeSWITCH), the agent heard the caller 6 dB too loud and the
caller heard the agent 6 dB too quiet, until a loud moment flipped both. Under load, a decoder's
overshoot flipped it between CaseLine's own PCs in a three-way call (CI's conference failure).

The phones of tests/support_transfer.py: the agent (a CaseLine engine in this process) and the
customer (a bare pjsua2 phone at the codec's full scale, reporting the level it hears).
"""

from __future__ import annotations

import math
import statistics
import time
from typing import TYPE_CHECKING

import numpy as np
import pytest

from tests.integration.kamailio import running_kamailio
from tests.support_transfer import Customer, Side, customer_on_the_line, pump, three_phones

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

# What each side says: a sine of this peak (tests/support_audio.py's Talker; pjmedia's tone
# generator's default volume for the customer's phone), so this RMS.
AGENT_RMS_DB = 20 * math.log10(8000 / math.sqrt(2))
CUSTOMER_RMS_DB = 20 * math.log10(12288 / math.sqrt(2))
TOLERANCE_DB = 2.0  # the codec's own loss and the ear's 100 ms windows; a flip is 6 dB


@pytest.fixture
def phones(tmp_path: Path) -> Iterator[tuple[Side, Side, Customer]]:
    with running_kamailio(tmp_path / "kamailio") as kam, \
            three_phones(kam, tmp_path, ear=True) as sides:
        yield sides


def rms_db(frames: list[bytes]) -> float:
    data = np.frombuffer(b"".join(frames), dtype="<i2").astype(np.float64)
    return float(20 * np.log10(max(float(np.sqrt(np.mean(data**2))), 1.0)))


def customer_levels(customer: Customer, since: float) -> list[int]:
    """The levels of the agent's tone the customer's ear reported from ``since`` on, with the
    one in force then (the ear reports changes only)."""
    customer.seen(lambda e: False)  # take in what it said
    tone = [e for e in customer.events if e["event"] == "hears" and e["freq"] == 500]
    before = [e for e in tone if e["at"] < since][-1:]
    return [e["db"] for e in before + [e for e in tone if e["at"] >= since]]


def test_a_g722_call_is_heard_at_the_level_it_is_said_both_ways(
        phones: tuple[Side, Side, Customer]) -> None:
    agent, engineer, customer = phones
    both = (agent, engineer)
    call_id = customer_on_the_line(agent, engineer, customer)
    # The premise: the call is G.722 (the codec is in no event; the engine is in this process).
    engine = agent.engine
    counters = engine._stream_counters(engine._calls[call_id])  # type: ignore[attr-defined]
    assert counters is not None and counters.codec == "G722"

    # Three seconds of the call, as each side hears it.
    mark = len(agent.talker.heard)
    since = time.time()
    pump(both, lambda: len(agent.talker.heard) - mark >= 150, "three seconds heard")
    heard_by_agent = rms_db(agent.talker.heard[mark + 25:])  # past the jitter buffer's start
    assert abs(heard_by_agent - CUSTOMER_RMS_DB) <= TOLERANCE_DB, \
        f"the agent hears the customer at {heard_by_agent:.1f} dB, said at {CUSTOMER_RMS_DB:.1f}"
    levels = pump(both, lambda: customer_levels(customer, since), "the customer hears the agent")
    # A flip or a wrong scale shows in every window; a stalled test thread only leaves a gap
    # in one window (the agent's Talker skips the frames it missed), which lowers that one.
    assert max(levels) <= AGENT_RMS_DB + TOLERANCE_DB, \
        f"the customer hears the agent at {levels} dB, said at {AGENT_RMS_DB:.1f}"
    assert abs(statistics.median(levels) - AGENT_RMS_DB) <= TOLERANCE_DB, \
        f"the customer hears the agent at {levels} dB, said at {AGENT_RMS_DB:.1f}"
