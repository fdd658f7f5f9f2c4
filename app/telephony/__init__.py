"""Telephony: pjsua2 and nothing else. No Qt, no database."""
