"""The room's store: resume claims, facilitator keys, the controls, removing, renaming and merging
entries, and the live board of games still being played."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sim.common.errors import PersonNameError
from sim.players.climber import ClimberBot
from sim.players.protocol import bot_rng
from sim.scenarios.loader import load
from sim.store import Store
from sim.store import room as rooms
from sim.store.cohort import TERMINAL_RULES
from sim.store.live import live_board
from sim.store.session import GameSession

from .helpers import raw_game

CODE = "ABC234"


def _store(tmp_path: Path) -> Store:
    store = Store.open(tmp_path)
    loaded = load("first-rung")
    store.create_workshop(CODE, "first-rung", "first-rung", loaded.digest, 7, "Cohort 7")
    return store


def _room(store: Store) -> rooms.Room:
    shown = rooms.room(store, CODE)
    assert shown is not None
    return shown


def test_a_name_is_claimed_by_one_browser_and_handed_over_by_the_facilitator(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        claim, token = rooms.join(store, CODE, "  Ann   Lee ", None)
        assert (claim.name, claim.key) == ("Ann Lee", "ann lee") and len(token) >= 40
        assert rooms.join(store, CODE, "ann lee", token) == (claim, token)  # the same browser resumes
        with pytest.raises(rooms.NameTaken, match="someone has already joined as 'Ann Lee'"):
            rooms.join(store, CODE, "ANN LEE", None)  # another browser typing the name
        with pytest.raises(rooms.NameTaken):
            rooms.join(store, CODE, "Ann Lee", "a-guess")
        assert rooms.claim_for(store, token) == claim and rooms.claim_for(store, token + "x") is None
        stored = [r[0] for r in store.query("SELECT token_hash FROM claims")]
        assert stored == [rooms.digest(token)] and token not in str(stored)  # only the digest is kept
        assert rooms.hand_over(store, CODE, claim.key)
        assert rooms.claim_for(store, token) is None  # the old browser let go
        taken, new_token = rooms.join(store, CODE, "Ann Lee", None)
        assert taken == claim and new_token != token
        with pytest.raises(PersonNameError):
            rooms.join(store, CODE, "Аnn Lee", None)  # a Cyrillic А: refused, not a second Ann


def test_claims_are_per_room(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        _, token = rooms.join(store, CODE, "Ann", None)
        other, _ = rooms.join(store, "", "Ann", None)  # free play on a server with no workshop
        assert other.workshop == "" and rooms.claim_for(store, token).workshop == CODE  # type: ignore[union-attr]


def test_facilitator_keys_are_checked_against_digests(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        key = rooms.new_facilitator_key(store, CODE)
        second = rooms.new_facilitator_key(store, CODE)  # a second server on the same store
        assert rooms.facilitator_ok(store, CODE, key) and rooms.facilitator_ok(store, CODE, second)
        assert not rooms.facilitator_ok(store, CODE, key[:-1]) and not rooms.facilitator_ok(store, CODE, None)
        assert not rooms.facilitator_ok(store, "OTHER1", key)
        assert key not in str(store.query("SELECT * FROM room_keys"))


def test_the_controls(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        assert _room(store).joinable and _room(store).seconds_left() is None
        rooms.set_status(store, CODE, rooms.RoomStatus.LOCKED)
        assert not _room(store).joinable and _room(store).playable
        rooms.set_status(store, CODE, rooms.RoomStatus.CLOSED)
        assert not _room(store).playable
        rooms.set_status(store, CODE, rooms.RoomStatus.OPEN)
        rooms.set_time_limit(store, CODE, 20)
        left = _room(store).seconds_left()
        assert left is not None and 19 * 60 < left <= 20 * 60
        rooms.set_time_limit(store, CODE, 1, at=datetime.now(UTC) - timedelta(minutes=5))
        assert _room(store).time_up() and not _room(store).joinable
        with pytest.raises(rooms.RoomError, match="0 minutes is not between 1 and 1440"):
            rooms.set_time_limit(store, CODE, 0)
        rooms.set_revealed(store, CODE, True)
        rooms.set_show_bots(store, CODE, True)
        assert _room(store).revealed and _room(store).show_bots


def _play(store: Store, name: str, moves: int) -> GameSession:
    """`name` plays `moves` of the climber's actions in the workshop, saving as the game does."""
    loaded = load("first-rung")
    session = GameSession.new(loaded, 7, "first-rung", player=name, stored=True, workshop=CODE)
    bot, rng = ClimberBot(), bot_rng(7)
    for _ in range(moves):
        if session.state.is_terminal():
            break
        session.apply(bot.step(session.state.observation(), session.state.legal_actions(), rng))
        session.save_to(store)  # saved after each action, recorded when the game ends
    return session


def test_the_live_board_shows_who_is_playing_without_the_outcome(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        rooms.join(store, CODE, "Cleo", None)  # joined, not started
        playing = _play(store, "Ann Lee", 2)  # two meetings in
        done = _play(store, "Bo", 200)
        store.record_game(**raw_game(player="Bot 1", workshop=CODE, mode="bot", score={"total": 99, "grade": "A"}))
        board = live_board(store, CODE, _room(store))
        rows = {r["name"]: r for r in board["rows"]}
        assert set(rows) == {"Ann Lee", "Bo", "Bot 1", "Cleo"}
        ann = rows["Ann Lee"]
        assert ann["playing"] and ann["week"] == playing.state.week > 1 and ann["score"] is None
        assert ann["so_far"] == sum(m.points for m in playing.state.score().moments if m.rule not in TERMINAL_RULES)
        assert rows["Bo"]["score"] == done.state.score().total and rows["Bo"]["outcome"] is None  # not revealed
        assert rows["Bot 1"]["bot"] and rows["Bot 1"]["rank"] is None  # marked, not ranked
        assert rows["Bo"]["rank"] == 1 and rows["Cleo"]["joined"] and not rows["Cleo"]["playing"]
        assert (board["playing"], board["finished"]) == (1, 2)
        rooms.set_revealed(store, CODE, True)
        rooms.set_show_bots(store, CODE, True)
        board = live_board(store, CODE, _room(store))
        rows = {r["name"]: r for r in board["rows"]}
        assert {rows["Bot 1"]["rank"], rows["Bo"]["rank"]} == {1, 2} and rows["Bo"]["outcome"]


def test_remove_hides_and_restore_brings_back(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        store.record_game(**raw_game(player="asdf", workshop=CODE))
        rooms.set_removed(store, CODE, "asdf", True)
        assert live_board(store, CODE, _room(store))["rows"] == []
        assert len(store.games(workshop=CODE)) == 1  # nothing deleted
        assert [r["name"] for r in live_board(store, CODE, _room(store), include_removed=True)["rows"]] == ["asdf"]
        rooms.set_removed(store, CODE, "asdf", False)
        assert [r["name"] for r in live_board(store, CODE, _room(store))["rows"]] == ["asdf"]


def test_rename_moves_games_the_saved_game_and_the_claim(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        _, token = rooms.join(store, CODE, "Anne Le", None)
        store.record_game(**raw_game(player="Anne Le", workshop=CODE))
        _play(store, "Anne Le", 2)
        assert rooms.rename(store, CODE, "anne le", "Ann Lee") == "Ann Lee"
        assert {g.player for g in store.games(workshop=CODE)} == {"Ann Lee"}
        (saved,) = store.list_progress()
        assert saved.player == "Ann Lee" and saved.slot.endswith(":ann lee")
        assert rooms.claim_for(store, token) == rooms.Claim(CODE, "ann lee", "Ann Lee")  # the browser follows
        with pytest.raises(PersonNameError):
            rooms.rename(store, CODE, "ann lee", "\u200bAnn")
        with pytest.raises(rooms.RoomError, match="nobody in workshop ABC234 goes by that name"):
            rooms.rename(store, CODE, "nobody", "Someone")


def test_merge_joins_two_entries_and_refuses_two_saved_games(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        store.record_game(**raw_game(player="Ann", workshop=CODE, score={"total": 40, "grade": "D"}))
        store.record_game(**raw_game(player="Ann Lee", workshop=CODE, score={"total": 60, "grade": "C"}))
        _, token = rooms.join(store, CODE, "Ann", None)
        assert rooms.rename(store, CODE, "ann", "ann lee") == "Ann Lee"  # the spelling already in the room
        rows = live_board(store, CODE, _room(store))["rows"]
        assert [(r["name"], r["games"], r["score"]) for r in rows] == [("Ann Lee", 2, 60)]
        assert rooms.claim_for(store, token) == rooms.Claim(CODE, "ann lee", "Ann Lee")
        _play(store, "Cy", 1)
        _play(store, "Cyrus", 1)
        with pytest.raises(rooms.RoomError, match="both entries have a game in progress"):
            rooms.rename(store, CODE, "cy", "Cyrus")
        assert {p.player for p in store.list_progress()} == {"Cy", "Cyrus"}  # nothing changed
