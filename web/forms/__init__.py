"""Recording forms: the same ledger commands as the API, through its `write` helper, one
module per family of records (web.forms.base holds what they share)."""

from web.forms import decisions, links, participation, promises  # noqa: F401  (routes)
