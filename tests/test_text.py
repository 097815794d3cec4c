"""Game text: lines chosen by context and repetition, pronouns, articles, coherent signals."""

from __future__ import annotations

import itertools
import random
from collections.abc import Mapping, Sequence

import pytest

from sim.analysis.text_checks import repeated, signal_clash
from sim.analysis.text_lint import play_one
from sim.engine import calendar
from sim.engine.archetypes import ARCHETYPES
from sim.engine.ladder import CONTRACT, FOLLOW_UP
from sim.engine.lines import DEFAULT_LINES
from sim.engine.names import draw_person, faker_for
from sim.engine.records import Action
from sim.engine.replay import new_game
from sim.engine.scoring import meeting_words
from sim.engine.signals import signal_words, signals
from sim.engine.voice import Context, Voice, nth, parse_key, table, times
from sim.scenarios.loader import load

TIERED = {
    "continuation": ("First time.",),
    "continuation.again": ("Second time, shorter.",),
    "continuation.impatient": ("Third time, and I am losing patience.",),
    "continuation.withdrawn": ("That makes {times} now.",),
}


def _say(voice: Voice, lines: Mapping[str, Sequence[str]], ctx: Context, player: str = "p") -> str:
    def fill(text: str, count: int) -> str:
        return text.replace("{times}", times(count))

    return voice.pick(player, ctx, (table(lines),), fill, 0)


def test_line_keys_parse_and_bad_ones_are_named() -> None:
    k = parse_key("over_ask.first.contract.impatient")
    assert (k.rule, k.quals, k.tier) == ("over_ask", frozenset({"first", "contract"}), 2)
    assert parse_key("over_ask.first.contract").weight > parse_key("over_ask.first.top").weight
    for bad, words in (
        ("charm", "unknown rule 'charm'"),
        ("over_ask.frist", "unknown qualifier 'frist'"),
        ("over_ask.first.later", "two moment qualifiers"),
    ):
        with pytest.raises(ValueError, match=words):
            parse_key(bad)


def test_a_player_asked_the_same_thing_again_answers_shorter_then_impatient_then_withdrawn() -> None:
    voice = Voice()
    ctx = ("continuation", "later", FOLLOW_UP, "engaged", False)
    said = [_say(voice, TIERED, ctx) for _ in range(30)]  # a 30-week horizon of the same ask
    assert said[:4] == [
        "First time.",
        "Second time, shorter.",
        "Third time, and I am losing patience.",
        "That makes four times now.",
    ]
    assert said[29] == "That makes thirty times now."
    assert not repeated(said)  # never a line more than twice
    other = _say(voice, TIERED, ctx, player="q")  # the count is per player
    assert other == "First time."


def test_a_line_keyed_to_a_moment_is_said_only_in_that_moment() -> None:
    lines = {"over_ask": ("Generic no.",), "over_ask.first.contract": ("We just met and you want my signature?",)}
    first = _say(Voice(), lines, ("over_ask", "first", CONTRACT, "listening", False))
    assert first == "We just met and you want my signature?"
    for moment, rung in (("later", CONTRACT), ("first", 7), ("later", 7)):
        assert _say(Voice(), lines, ("over_ask", moment, rung, "listening", False)) == "Generic no."


def test_no_line_is_said_more_than_twice_while_another_fits() -> None:
    lines = {"on_target_ask": ("One.", "Two.", "Three is here."), "on_target_ask.small": ("Small one is here.",)}
    voice = Voice()
    said = [_say(voice, lines, ("on_target_ask", "later", FOLLOW_UP, "engaged", False), f"p{i}") for i in range(8)]
    assert said.count("Small one is here.") == 2 and said.count("Three is here.") == 2
    assert said[:2] == ["Small one is here.", "Small one is here."]  # the most specific key first


def test_the_cfo_line_about_a_signature_only_comes_at_a_first_meeting_to_a_contract_ask() -> None:
    """The playtest's complaint: "We met ten minutes ago and you want my signature?" after four
    meetings, to a consensus-meeting ask. Over every bot and strategy it is said only at the
    CFO's first meeting, to the contract."""
    loaded = load("consensus-meeting")
    heard = 0
    for bot in ("biggest-ask", "early-consensus", "random", "reckless", "skip-rung", "climber"):
        for seed in range(1, 6):
            state = play_one(loaded, bot, seed)
            seen = 0
            for e in state.events:
                if e.player == "cfo" and e.kind == "meet":
                    seen += 1
                    if "ten minutes ago" in e.said:
                        heard += 1
                        assert seen == 1 and e.ask == CONTRACT, (bot, seed, e.week)
    assert heard  # the line is still reachable where it fits


def test_every_line_an_archetype_speaks_has_default_words() -> None:
    keys = {parse_key(k).rule for k in DEFAULT_LINES}
    for a in ARCHETYPES.values():
        assert set(a.line_keys) <= keys, (a.name, set(a.line_keys) - keys)


def test_choosing_a_line_draws_nothing_from_the_games_rng() -> None:
    s = new_game(load("consensus-meeting"), 3)
    before = s.rng.getstate()
    s.line(s.players["vp-eng"], "on_target_ask", FOLLOW_UP)
    s.line(s.players["vp-eng"], "continuation", FOLLOW_UP)
    assert s.rng.getstate() == before


def test_the_same_seed_and_actions_read_the_same() -> None:
    a, b = (play_one(load("another-bidder"), "timid", 4) for _ in range(2))
    assert [e.said for e in a.events] == [e.said for e in b.events]


@pytest.mark.parametrize("n,words", [(1, "once"), (2, "twice"), (3, "three times"), (26, "twenty-six times")])
def test_times(n: int, words: str) -> None:
    assert times(n) == words


def test_nth() -> None:
    assert [nth(n) for n in (1, 2, 3, 4, 12, 20, 21, 30)] == [
        "first",
        "second",
        "third",
        "fourth",
        "twelfth",
        "twentieth",
        "twenty-first",
        "thirtieth",
    ]


# ---- pronouns -----------------------------------------------------------------------------------
def test_declared_pronouns_reach_the_game_and_the_observation() -> None:
    s = new_game(load("consensus-meeting"), 1)
    assert s.pronouns("cfo").they == "she" and s.pronouns("vp-mfg").their == "his"
    assert s.observation().player("vp-eng").pronouns == "she"


def test_a_drawn_name_comes_with_pronouns_that_agree() -> None:
    from faker.providers.person.en_US import Provider

    female, male = set(Provider.first_names_female), set(Provider.first_names_male)
    drawn = [draw_person(faker_for(seed)) for seed in range(60)]
    assert {p for _, p in drawn} == {"she", "he"}
    for name, pronouns in drawn:
        first = name.split()[0]
        if (first in female) != (first in male):  # a name on one list only
            assert (first in female) == (pronouns == "she"), (name, pronouns)
    assert draw_person(faker_for(5), "they")[1] == "they"  # a declared "they" is kept
    assert draw_person(faker_for(5)) == draw_person(faker_for(5))  # one seed, one person


def test_text_about_a_player_uses_their_pronouns() -> None:
    s = new_game(load("consensus-meeting"), 1)
    s.apply(Action.meet("vp-eng", FOLLOW_UP, topic="process"))  # names the CFO, who needs an introduction
    assert s.legal_actions().meetings["cfo"].reason == (
        "Helen Brandt only meets you through an introduction from someone she trusts"
    )
    notes: list[str] = []
    calendar.agree(s, s.players["vp-mfg"], FOLLOW_UP, False, notes, 0, asked=True)
    assert notes == ["Follow-up meeting with Gordon Pike: agreed, but he would not put a date on it yet"]


# ---- articles -------------------------------------------------------------------------------------
def test_rungs_in_running_text_have_their_article() -> None:
    s = new_game(load("consensus-meeting"), 1)
    e = s.apply(Action.meet("vp-eng", FOLLOW_UP, topic="goals", fallback=None))
    assert meeting_words(s, e) == "met Dana Whitlock, asked about goals and needs, asked for a follow-up meeting"
    assert s.rung_phrase(CONTRACT) == "the contract"
    own = load("tests/corpus/valid/own-ladder.yaml")
    assert new_game(own, 1).rung_phrase(8) == "a pilot"


# ---- signals --------------------------------------------------------------------------------------
def test_every_signal_set_is_one_word_per_kind() -> None:
    for name, a in ARCHETYPES.items():
        for state, readiness, granted, band, verdict, stung in itertools.product(
            a.caps, range(10), range(10), range(3), range(3), (False, True)
        ):
            words = signal_words(name, state, readiness, granted, band, verdict, stung)
            assert not signal_clash(words), (name, state, words)


def test_signals_after_a_rebuff_are_taken_aback_and_never_leaning_in() -> None:
    rng = random.Random(1)
    for _ in range(50):
        words = signal_words("supporter", "champion", rng.randrange(10), rng.randrange(7), 2, 0, True)
        assert "taken aback" in words and "leaning in" not in words and "warm" not in words


def test_signals_are_fresh_after_a_consensus_attempt() -> None:
    """Everyone who has met you was in the room: what they show afterwards is worked out anew."""
    played = play_one(load("consensus-meeting"), "climber", 1)
    assert any(e.kind == "consensus" for e in played.events)
    state = new_game(load("consensus-meeting"), 1)
    for action in played.actions:
        state.apply(action)
        if action.kind == "consensus" and not state.is_terminal():
            for p in state.players.values():
                if p.met:
                    assert p.signals == signals(state, p) and not signal_clash(p.signals)
            return
    raise AssertionError("the consensus meeting ended the game")
