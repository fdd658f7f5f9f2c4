"""The bundle's entry point: the `caseline` command, as app/__main__.py is from source."""

import sys

from app.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
