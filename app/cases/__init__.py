"""Cases: customers, SRs, call logs and notes, and their persistence. No Qt, no pjsua2."""
