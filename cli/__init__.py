"""The kiezledger command line."""
