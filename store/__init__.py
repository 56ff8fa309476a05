"""Storage: the one place that knows SQL, files and eventsourcing's table layout."""
