"""Kiezledger's domain and application: event-sourced aggregates, knows nothing of HTTP."""
