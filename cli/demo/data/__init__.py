"""The demo history as data: named records, one module per storyline."""
