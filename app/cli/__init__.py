"""The command line: `caseline` and its subcommands (main), the case, call and central
commands, and the headless agent."""
