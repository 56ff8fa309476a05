"""The commitments board: statuses as of a day, filters, scopes and pages."""

from __future__ import annotations

import uuid

import pytest

from queries.commitments import commitments_board
from tests.projections.scenario import D


def statuses(answer: dict) -> dict[str, tuple]:
    return {i["id"]: (i["status"], i["fulfilled_late"]) for i in answer["items"]}


def test_an_item_in_full(world):
    s = world.s
    items = commitments_board(world.db, on=D("2023-06-01"), actor_id=s.amt)["items"]
    assert items[0] == {
        "id": str(s.c1), "actor_id": str(s.amt), "process_id": str(s.p),
        "description": "Baumscheiben prüfen", "made_on": "2022-03-01", "due_on": "2022-06-01",
        "status": "fulfilled", "fulfilled_on": "2022-07-01", "fulfilled_late": True,
        "withdrawn_on": None, "progress_count": 1,
    }
    assert items[1]["id"] == str(s.c4) and items[1]["status"] == "overdue"


def test_statuses_on_a_late_day(world):
    s = world.s
    answer = commitments_board(world.db, on=D("2023-06-01"))
    assert answer["next"] is None
    # By due date.
    assert [i["id"] for i in answer["items"]] == [
        str(s.c1), str(s.c3), str(s.c2), str(s.c4), str(s.c5)]
    assert statuses(answer) == {
        str(s.c1): ("fulfilled", True), str(s.c2): ("fulfilled", False),
        str(s.c3): ("withdrawn", False), str(s.c4): ("overdue", False),
        str(s.c5): ("open", False),
    }
    withdrawn = [i for i in answer["items"] if i["id"] == str(s.c3)][0]
    assert withdrawn["withdrawn_on"] == "2022-09-15" and withdrawn["fulfilled_on"] is None


def test_status_is_the_state_as_of_that_day(world):
    s = world.s
    # 2022-06-15: c1 due two weeks ago, fulfilled only on 2022-07-01; c3 and c4 not made yet.
    answer = commitments_board(world.db, on=D("2022-06-15"))
    assert statuses(answer) == {
        str(s.c1): ("overdue", False), str(s.c2): ("open", False), str(s.c5): ("open", False),
    }
    c1 = answer["items"][0]
    assert c1["fulfilled_on"] is None and c1["progress_count"] == 1
    # The day before its progress report, none counted.
    assert commitments_board(world.db, on=D("2022-03-31"))["items"][0]["progress_count"] == 0
    # Due on the day itself is not overdue yet.
    assert statuses(commitments_board(world.db, on=D("2022-06-01")))[str(s.c1)] == \
        ("open", False)
    assert statuses(commitments_board(world.db, on=D("2022-07-01")))[str(s.c1)] == \
        ("fulfilled", True)
    # Default: today.
    today = statuses(commitments_board(world.db))
    assert today[str(s.c4)] == ("overdue", False) and today[str(s.c5)] == ("open", False)


def test_filter_by_status(world):
    s, db = world.s, world.db
    on = D("2023-06-01")

    def ids(status: str) -> list[str]:
        return [i["id"] for i in commitments_board(db, on=on, status=status)["items"]]

    assert ids("open") == [str(s.c5)]
    assert ids("overdue") == [str(s.c4)]
    assert ids("fulfilled") == [str(s.c1), str(s.c2)]
    assert ids("withdrawn") == [str(s.c3)]
    assert [i["id"] for i in commitments_board(db, on=D("2022-06-15"), status="overdue")[
        "items"]] == [str(s.c1)]
    with pytest.raises(ValueError):
        commitments_board(db, status="late")


def test_filter_by_process_actor_and_scope(world):
    s, db = world.s, world.db
    on = D("2023-06-01")
    assert {i["id"] for i in commitments_board(db, on=on, process_id=s.q)["items"]} == {str(s.c5)}
    assert [i["id"] for i in commitments_board(db, on=on, actor_id=str(s.amt))["items"]] == [
        str(s.c1), str(s.c4)]
    assert commitments_board(db, on=on, actor_id=s.amt, status="overdue")["items"][0]["id"] == \
        str(s.c4)
    scoped = commitments_board(db, on=on, process_ids={str(s.q)})
    assert [i["id"] for i in scoped["items"]] == [str(s.c5)]
    assert commitments_board(db, on=on, process_ids={s.q, s.p})["items"] == \
        commitments_board(db, on=on)["items"]
    assert commitments_board(db, on=on, process_ids=set()) == {"items": [], "next": None}
    # A process outside the scope: nothing.
    assert commitments_board(db, on=on, process_id=s.p, process_ids={str(s.q)})["items"] == []
    assert commitments_board(db, on=on, process_id="nope")["items"] == []


def test_pages(world):
    db = world.db
    on = D("2023-06-01")
    everything = [i["id"] for i in commitments_board(db, on=on)["items"]]
    seen, after = [], None
    while True:
        page = commitments_board(db, on=on, limit=2, after=after)
        seen += [i["id"] for i in page["items"]]
        assert len(page["items"]) <= 2
        if page["next"] is None:
            break
        assert page["next"] == page["items"][-1]["id"]
        after = page["next"]
    assert seen == everything
    assert commitments_board(db, on=on, limit=5)["next"] is None
    with pytest.raises(KeyError):
        commitments_board(db, on=on, after=str(uuid.uuid4()))


def test_status_filters_on_the_due_day_itself(world):
    """On its due day a commitment is still open, not overdue; the day after, overdue."""
    s, db = world.s, world.db

    def ids(status: str, on: str) -> set[str]:
        return {i["id"] for i in commitments_board(db, on=D(on), status=status)["items"]}

    assert str(s.c1) in ids("open", "2022-06-01")
    assert str(s.c1) not in ids("overdue", "2022-06-01")
    assert str(s.c1) in ids("overdue", "2022-06-02")
    assert str(s.c1) not in ids("open", "2022-06-02")
