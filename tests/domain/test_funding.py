"""Funding: money is a Decimal with two places in a currency; disbursements stay within it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ledger.domain.fundings import Funding
from ledger.errors import InvalidValue, RuleViolation
from tests.domain.support import ASSEMBLY, CHARTER_DAY, LATER, refused


def test_a_granted_amount_is_kept_as_a_decimal_with_two_places(scene):
    funding = scene.get(scene.funding(amount=Decimal("90000")))

    assert isinstance(funding.amount, Decimal)
    assert str(funding.amount) == "90000.00"
    assert (funding.currency, funding.logic) == ("EUR", "process")


def test_disbursements_add_up_exactly(scene):
    funding = scene.funding(amount=Decimal("1000.00"))
    for amount in ("0.10", "0.20", "333.3", "666.40"):
        scene.app.disburse(funding, amount=Decimal(amount), paid_on=ASSEMBLY)

    stored = scene.get(funding)
    assert stored.disbursed == Decimal("1000.00")
    assert str(stored.disbursed) == "1000.00"
    assert [str(d["amount"]) for d in stored.disbursements] == ["0.10", "0.20", "333.30", "666.40"]
    assert all(isinstance(d["amount"], Decimal) for d in stored.disbursements)


def test_a_disbursement_beyond_the_granted_amount_is_refused(scene):
    funding = scene.funding(amount=Decimal("1000.00"))
    scene.app.disburse(funding, amount=Decimal("999.99"), paid_on=ASSEMBLY)

    with refused(scene.app, RuleViolation, field="amount"):
        scene.app.disburse(funding, amount=Decimal("0.02"), paid_on=LATER)

    scene.app.disburse(funding, amount=Decimal("0.01"), paid_on=LATER)
    assert scene.get(funding).disbursed == Decimal("1000.00")


def test_a_single_disbursement_larger_than_the_grant_is_refused(scene):
    funding = scene.funding(amount=Decimal("1000.00"))

    with refused(scene.app, RuleViolation, field="amount"):
        scene.app.disburse(funding, amount=Decimal("1000.01"), paid_on=ASSEMBLY)


@pytest.mark.parametrize(
    "amount",
    [Decimal("0"), Decimal("-5.00"), Decimal("10.005"), Decimal("NaN"), Decimal("Infinity"),
     Decimal("1E+26")],
    ids=["zero", "negative", "three-places", "nan", "infinity", "beyond-precision"],
)
def test_an_unacceptable_amount_is_refused(refusal_scene, amount):
    s = refusal_scene
    with refused(s.app, InvalidValue, field="amount"):
        s.app.disburse(s.grant, amount=amount, paid_on=ASSEMBLY)
    with refused(s.app, InvalidValue, field="amount"):
        s.funding(amount=amount)


def test_money_given_as_a_float_is_refused(refusal_scene):
    s = refusal_scene
    with refused(s.app, InvalidValue, field="amount"):
        s.app.disburse(s.grant, amount=0.1, paid_on=ASSEMBLY)
    with refused(s.app, InvalidValue, field="amount"):
        s.funding(amount=90000.0)


@pytest.mark.parametrize("currency", ["eur", "EURO", "E1R", "", "€"])
def test_a_bad_currency_is_refused(refusal_scene, currency):
    with refused(refusal_scene.app, InvalidValue, field="currency"):
        refusal_scene.funding(currency=currency)


def test_an_unknown_funding_logic_is_refused(refusal_scene):
    s = refusal_scene
    with refused(s.app, InvalidValue, field="logic"):
        s.app.grant_funding(
            funder_id=s.funder, recipient_id=s.ini, process_id=s.process,
            logic="forever", period_start=date(2022, 1, 1), period_end=date(2022, 12, 31),
            amount=Decimal("10.00"), currency="EUR", granted_on=CHARTER_DAY,
        )


def test_a_funding_aggregate_sums_its_disbursements():
    funding = Funding(
        funder_id=None, recipient_id=None, process_id=None, logic="project",
        period_start=date(2022, 1, 1), period_end=date(2022, 12, 31),
        amount=Decimal("50.00"), currency="EUR", granted_on=date(2022, 1, 1),
    )
    funding.disburse(Decimal("20"), date(2022, 2, 1))
    funding.disburse(Decimal("30.00"), date(2022, 3, 1))

    assert funding.disbursed == Decimal("50.00")
    with pytest.raises(RuleViolation):
        funding.disburse(Decimal("0.01"), date(2022, 4, 1))
    assert len(funding.pending_events) == 3
