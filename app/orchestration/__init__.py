"""The orchestration: the desk (SIP events to the case store), the phone thread that owns the
engine, the workspace the views read through, and the bootstrap that builds them."""
