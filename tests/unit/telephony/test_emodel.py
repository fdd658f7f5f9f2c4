"""The E-model (ITU-T G.107) and the call-quality meter of app.telephony.quality."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.telephony import quality
from app.telephony.quality import (
    G711,
    G711_NO_PLC,
    CallFigures,
    QualityMeter,
    StreamCounters,
)

# -- published reference points -----------------------------------------------------------------


def test_a_perfect_path_rates_r_93_2_and_mos_4_41() -> None:
    # G.107: the default values give R = 93.2; Annex B maps it to MOS 4.41.
    r = quality.r_factor()
    assert r == pytest.approx(93.2, abs=0.05)
    assert quality.mos(r) == pytest.approx(4.41, abs=0.005)


@pytest.mark.parametrize(("r", "expected"), [
    (50.0, 2.58), (60.0, 3.10), (70.0, 3.60), (80.0, 4.02), (90.0, 4.34), (93.2, 4.41)])
def test_mos_follows_annex_b_of_g107(r: float, expected: float) -> None:
    assert quality.mos(r) == pytest.approx(expected, abs=0.005)


def test_mos_is_clipped_to_1_and_4_5() -> None:
    assert quality.mos(-20.0) == 1.0
    assert quality.mos(2.0) == 1.0  # the cubic dips below 1 for tiny R
    assert quality.mos(100.0) == 4.5
    assert quality.mos(140.0) == 4.5


@pytest.mark.parametrize(("loss", "used", "ie_eff"), [
    (0.0, G711, 0.0),
    (1.0, G711, 3.64),  # 95 * 1 / (1 + 25.1)
    (5.0, G711, 15.78),
    (25.1, G711, 47.5),  # at Ppl = Bpl the impairment is half of 95 - Ie
    (1.0, G711_NO_PLC, 17.92),  # 95 * 1 / (1 + 4.3): G.711 without concealment
    (2.0, G711_NO_PLC, 30.16),
    (1.0, quality.OTHER_CODEC, 15.2),  # 11 + 84 * 1 / (1 + 19)
])
def test_the_loss_impairment_follows_g107_with_g113_codec_values(
        loss: float, used: quality.Codec, ie_eff: float) -> None:
    assert quality.loss_impairment(loss, used) == pytest.approx(ie_eff, abs=0.01)


def test_bursty_loss_hurts_more_than_random_loss() -> None:
    assert quality.loss_impairment(5.0, G711, burst_r=2.0) > quality.loss_impairment(5.0, G711)


@pytest.mark.parametrize("one_way_ms", [50.0, 100.0, 150.0, 200.0, 250.0, 300.0])
def test_the_delay_impairment_matches_the_published_fit_of_g107(one_way_ms: float) -> None:
    # Cole & Rosenbluth (2001) fitted G.107's delay curve at its defaults:
    # Id ~ 0.024 d + 0.11 (d - 177.3) H(d - 177.3), good to about 0.5 up to 300 ms.
    fit = 0.024 * one_way_ms + 0.11 * max(0.0, one_way_ms - 177.3)
    assert 93.2 - quality.r_factor(one_way_ms=one_way_ms) == pytest.approx(fit, abs=0.5)


def test_no_absolute_delay_impairment_up_to_100_ms() -> None:
    # Idd starts at mT = 100 ms; below it the delay costs only its echo terms (< 3).
    assert quality.delay_impairment(100.0) - quality.delay_impairment(0.0) < 3.0
    assert quality.delay_impairment(400.0) - quality.delay_impairment(300.0) > 8.0


def test_codecs_are_found_by_pjmedia_name() -> None:
    assert quality.codec("PCMU/8000/1") is G711
    assert quality.codec("G722") is G711
    assert quality.codec("GSM").ie == 20.0
    assert quality.codec("speex/16000/1") is quality.OTHER_CODEC


def test_one_way_delay_is_half_the_round_trip_plus_buffer_and_a_packet() -> None:
    assert quality.one_way_delay_ms(100.0, 5.0, buffer_ms=40.0) == 50.0 + 40.0 + 20.0
    # No buffer figure: twice the jitter, at least a frame; no round trip yet: none.
    assert quality.one_way_delay_ms(None, 30.0) == 60.0 + 20.0
    assert quality.one_way_delay_ms(None, None) == 20.0 + 20.0


def test_ten_percent_loss_on_g722_is_a_poor_call_and_none_is_not() -> None:
    clean = quality.estimate(loss_pct=0.0, jitter_ms=1.0, rtt_ms=1.0, codec_name="G722")
    lossy = quality.estimate(loss_pct=10.0, jitter_ms=1.0, rtt_ms=1.0, codec_name="G722")
    assert clean > 4.3
    assert lossy < quality.POOR_MOS < clean


# -- monotonicity --------------------------------------------------------------------------------

losses = st.floats(min_value=0.0, max_value=100.0, allow_nan=False)
# From 1 ms: below it G.107's echo terms (Idte's 1 - exp(-T), TERV's exp(-0.3 T^2)) make R rise
# by a few thousandths. A call's one-way delay is never below one packet (20 ms) anyway.
delays = st.floats(min_value=1.0, max_value=2000.0, allow_nan=False)


@given(losses, losses, delays)
def test_more_loss_never_raises_the_mos(a: float, b: float, delay: float) -> None:
    low, high = sorted((a, b))
    better = quality.mos(quality.r_factor(loss_pct=low, one_way_ms=delay))
    worse = quality.mos(quality.r_factor(loss_pct=high, one_way_ms=delay))
    assert worse <= better + 1e-9


@given(delays, delays, losses)
def test_more_delay_never_raises_the_mos(a: float, b: float, loss: float) -> None:
    short, long = sorted((a, b))
    better = quality.mos(quality.r_factor(loss_pct=loss, one_way_ms=short))
    worse = quality.mos(quality.r_factor(loss_pct=loss, one_way_ms=long))
    assert worse <= better + 1e-9


@given(st.floats(min_value=-50.0, max_value=150.0, allow_nan=False),
       st.floats(min_value=-50.0, max_value=150.0, allow_nan=False))
def test_mos_rises_with_r_and_stays_in_range(a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert 1.0 <= quality.mos(low) <= quality.mos(high) <= 4.5


# -- the meter ------------------------------------------------------------------------------------

def _counts(rx: int, rx_lost: int = 0, tx: int | None = None, tx_lost: int = 0, *,
            rx_jitter_ms: float | None = None, tx_jitter_ms: float | None = None,
            rtt_ms: float | None = None, buffer_ms: float | None = None) -> StreamCounters:
    return StreamCounters(rx_packets=rx, rx_lost=rx_lost,
                          tx_packets=rx if tx is None else tx, tx_lost=tx_lost,
                          rx_jitter_ms=rx_jitter_ms, tx_jitter_ms=tx_jitter_ms, rtt_ms=rtt_ms,
                          buffer_ms=buffer_ms, codec="PCMU")


def test_a_clean_window_has_no_loss_and_a_good_mos() -> None:
    meter = QualityMeter()
    figures = meter.sample(5.0, _counts(250, rx_jitter_ms=2.0, tx_jitter_ms=3.5, rtt_ms=0.4,
                                        buffer_ms=40.0))
    assert figures.loss_pct == 0.0
    assert figures.jitter_ms == 3.5  # the worse direction
    assert figures.rtt_ms == 0.4
    assert figures.mos is not None and figures.mos > 4.3


def test_loss_is_the_worse_direction_within_the_last_window() -> None:
    meter = QualityMeter(window_s=10.0)
    meter.sample(5.0, _counts(250))
    meter.sample(10.0, _counts(500))
    # Then 5 s in which the far end lost 50 of our 250 packets (its receiver report).
    lossy = meter.sample(15.0, _counts(750, tx=750, tx_lost=50))
    assert lossy.loss_pct == pytest.approx(100 * 50 / 500)  # window 5..15 s: 500 sent
    assert lossy.mos is not None and lossy.mos < quality.POOR_MOS
    # Ten seconds later the loss has left the window.
    meter.sample(20.0, _counts(1000, tx=1000, tx_lost=50))
    clean = meter.sample(25.0, _counts(1250, tx=1250, tx_lost=50))
    assert clean.loss_pct == 0.0


def test_a_renewed_stream_starts_its_counters_again_without_a_false_loss() -> None:
    meter = QualityMeter(window_s=10.0)
    meter.sample(5.0, _counts(250, rx_lost=5))
    meter.stream_ended(_counts(300, rx_lost=5))  # a hold: pjmedia makes a new stream
    after = meter.sample(10.0, _counts(100))
    # 400 received + 5 lost since 0 s (figures are rounded to 2 decimals)
    assert after.loss_pct == pytest.approx(100 * 5 / 405, abs=0.005)


def test_too_few_packets_give_no_loss_and_no_mos() -> None:
    meter = QualityMeter()
    figures = meter.sample(0.5, _counts(20, rx_jitter_ms=1.0))
    assert figures.loss_pct is None and figures.mos is None
    assert figures.jitter_ms == 1.0


def test_the_final_sample_after_the_stream_ended_keeps_its_codec_and_figures() -> None:
    meter = QualityMeter()
    meter.sample(5.0, _counts(250, rtt_ms=30.0))
    meter.stream_ended(_counts(300, rtt_ms=32.0))
    final = meter.sample(6.0, None)
    assert final.rtt_ms == 32.0
    assert final.loss_pct == 0.0
    assert final.mos == pytest.approx(
        quality.estimate(loss_pct=0.0, jitter_ms=None, rtt_ms=32.0, codec_name="PCMU"), abs=0.01)


def test_a_call_keeps_the_worst_of_each_figure() -> None:
    figures = CallFigures()
    figures = figures.worst(mos=4.4, loss_pct=0.0, jitter_ms=2.0, rtt_ms=None)
    figures = figures.worst(mos=2.9, loss_pct=12.0, jitter_ms=1.0, rtt_ms=40.0)
    figures = figures.worst(mos=None, loss_pct=None, jitter_ms=30.0, rtt_ms=20.0)
    assert figures == CallFigures(mos=2.9, loss_pct=12.0, jitter_ms=30.0, rtt_ms=40.0)
