"""The store compares names by key: "Ann Lee", "ann lee" and "Ann Lee " are one participant,
shown as first spelled; a database written before names were normalised still reads."""

from __future__ import annotations

from pathlib import Path

from sim.store import Store
from sim.store.cohort import first_attempts
from sim.store.session import find_progress, slot_key

from .helpers import raw_game

SPELLINGS = ["Ann Lee", "ann lee", "Ann Lee "]


def test_three_spellings_are_one_participant_on_the_board(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        ws = store.create_workshop("ABC234", "consensus-meeting", "consensus-meeting", "d" * 64, 1)
        for i, name in enumerate(SPELLINGS):
            store.record_game(**raw_game(player=name, workshop=ws.code, score={"total": 40 + i, "grade": "D"}))
        store.record_game(**raw_game(player="Bob", workshop=ws.code))
        rows = store.board(ws.code)
        assert [(r["name"], r["games"], r["score"]) for r in rows] == [("Bob", 1, 50), ("Ann Lee", 3, 42)]
        assert {g.player for g in store.games()} == {"Ann Lee", "Bob"}  # kept as first spelled
        assert len(store.games(player="ANN  LEE")) == 3
        assert store.players() == ["Ann Lee", "Bob"]
        assert len(first_attempts(store.games(workshop=ws.code))) == 2


def test_an_old_database_with_raw_spellings_reads_as_one_participant(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        ws = store.create_workshop("ABC234", "consensus-meeting", "consensus-meeting", "d" * 64, 1)
        for _ in SPELLINGS:
            store.record_game(**raw_game(player="x", workshop=ws.code))
    with Store.open(tmp_path) as store, store.transaction():  # as an older version stored them: exactly as typed
        for game_id, name in enumerate(SPELLINGS, 1):
            store.execute("UPDATE games SET player = ? WHERE id = ?", (name, game_id))
        store.execute(
            "INSERT INTO progress (slot, player, scenario, scenario_ref, digest, seed, actions, started_at, "
            "updated_at) VALUES ('play:x:Ann Lee ', 'Ann Lee ', 'x', 'x', 'd', 1, '[]', 'a', 'a')"
        )
    with Store.open(tmp_path) as store:
        [row] = store.board("ABC234")
        assert row["name"] == "Ann Lee" and row["games"] == 3
        assert len(store.games(player="ann lee")) == 3
        assert [p.slot for p in store.list_progress("ANN LEE")] == ["play:x:Ann Lee "]
        saved = find_progress(store, "ann lee", "x")  # an unfinished game saved under the old slot resumes
        assert saved is not None and saved.slot == "play:x:Ann Lee "
        assert slot_key("Ann Lee ", "x") == slot_key("ANN  lee", "x") == "play:x:ann lee"
        store.record_game(**raw_game(player="ANN LEE", workshop="ABC234"))
        assert store.games(player="Ann Lee")[0].player == "Ann Lee"
