"""The configuration: the settings file and the secrets in the OS keyring."""
