"""Views and Qt models. No SQL, no pjsua2."""
