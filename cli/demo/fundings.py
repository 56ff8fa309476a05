"""A grant as a storyline: granted, then paid out in its disbursements."""

from __future__ import annotations

from decimal import Decimal

from cli.demo.context import Context
from cli.demo.records import Funding
from cli.demo.timeline import Story


def funding_story(ctx: Context, funding: Funding) -> Story:
    yield funding.granted_on
    funding_id = ctx.app.grant_funding(
        funder_id=ctx.actor(funding.funder), recipient_id=ctx.actor(funding.recipient),
        process_id=ctx.process(funding.process), logic=funding.logic,
        period_start=funding.period_start, period_end=funding.period_end,
        amount=Decimal(funding.amount), currency="EUR", granted_on=funding.granted_on,
    ).record.id
    ctx.state.fundings[funding.key] = funding_id
    for disbursement in funding.disbursements:
        yield disbursement.paid_on
        ctx.app.disburse(funding_id, amount=Decimal(disbursement.amount),
                         paid_on=disbursement.paid_on)
