"""Funding and accountability reports: figures from the `facts` read model.

    from projections.reports import funding_report, accountability_report

    report = funding_report(db, funder_id, "2022-01-01", "2024-12-31")   # a dict (JSON shape)

The reports read the `facts` projection (projections.facts.FactsProjection), which must be
registered with the projection runner and caught up; the accountability report's timeline
comes from the `timeline` read model when it is set up, else from the facts.
"""

from projections.reports.figures import accountability_report, funding_report

__all__ = ["accountability_report", "funding_report"]
