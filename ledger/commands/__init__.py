"""Commands of the application service, grouped by part of the domain."""
