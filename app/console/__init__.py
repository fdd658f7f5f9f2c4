"""The team leader's console, its data side: what a leader reads from the centre (KPIs, the call
explorer, reports), through the centre's row-level security. No Qt, no SIP stack here."""
