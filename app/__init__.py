"""CaseLine: softphone and call logging for customer-support agents."""

__version__ = "0.1.0"
