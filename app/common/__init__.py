"""What every layer shares: logging and schema migrations."""
