"""Event-sourced aggregates of Kiezledger: one module per part of the domain."""
