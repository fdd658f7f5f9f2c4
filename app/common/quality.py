"""Where a call's quality counts as poor: one value for every layer that judges it.

The engine estimates each call's MOS (app.telephony.quality, ITU-T G.107); the leaders' board
flags a live call below this, the call explorer's ``poor_only`` filter and the quality trend
(``caseline.quality_kpis``, docs/kpi.md) count the logged calls below it. The telephony and the
console may not import each other, so the value lives here, in neither.
"""

from __future__ import annotations

# MOS 3.5 is R ~ 70: "some users dissatisfied" in G.107 Annex B, the usual line between an
# acceptable VoIP call and a poor one. Poor: strictly below it.
POOR_MOS = 3.5
