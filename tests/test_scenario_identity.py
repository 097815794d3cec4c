"""A scenario's identity is a digest of its parsed, canonical content (`sim.scenarios.identity`):
a comment, a reformatting or keys in another order keep saved games, workshops and runs; a real
change orphans them with a one-line message naming the scenario. Records made with the older
digest of the raw bytes still open while the file is unchanged."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from sim.cli import cli
from sim.engine.records import Action
from sim.scenarios.identity import canonical_digest
from sim.scenarios.loader import LoadedScenario, load, load_path, parse, shipped_dir
from sim.scenarios.schema import Scenario
from sim.store import Store
from sim.store.runs import RunError, dump_run, read_run, run_from_record, scenario_for
from sim.store.session import GameSession
from sim.tui.session import SaveError, resume

SCENARIO = "consensus-meeting"
ORIGINAL = (shipped_dir() / f"{SCENARIO}.yaml").read_text(encoding="utf-8")


def write(path: Path, text: str) -> None:
    """Write and move the mtime on, so the loader's (path, mtime) cache sees a new file."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, max(st.st_mtime_ns, before) + 5_000_000_000))


def reformatted(text: str) -> str:
    """The same content written another way: keys reversed, flow style, every string quoted."""
    data = yaml.safe_load(text)
    flipped = dict(reversed(list(data.items())))
    return yaml.safe_dump(flipped, sort_keys=False, default_flow_style=True, default_style='"', width=70)


def test_a_comment_a_reformatting_or_reordered_keys_keep_the_digest() -> None:
    base = load(SCENARIO)
    commented = parse(("# our copy, with notes\n" + ORIGINAL + "\n# tuned nothing\n").encode(), "c.yaml")
    flowed = parse(reformatted(ORIGINAL).encode(), "f.yaml")
    for scenario in (commented, flowed):
        assert scenario == base.scenario
        assert LoadedScenario(scenario, "x", _digest(scenario)).digest == base.digest
    assert base.raw_digest is not None and base.raw_digest != base.digest


def _digest(scenario: Scenario) -> str:
    return canonical_digest(scenario)


def test_a_real_change_changes_the_digest(tmp_path: Path) -> None:
    base = load(SCENARIO)
    one_week = parse(ORIGINAL.replace("horizon_weeks: 26", "horizon_weeks: 25").encode(), "x.yaml")
    assert _digest(one_week) != base.digest
    # A default written out is a change to the file, judged by what it says (never a false match).
    spelled = parse(ORIGINAL.replace("horizon_weeks: 26", "horizon_weeks: 26\nseller: you").encode(), "y")
    assert spelled == base.scenario and _digest(spelled) != base.digest


def test_a_null_that_clears_is_not_the_same_as_a_missing_key() -> None:
    from sim.scenarios.identity import canonical_form
    from sim.scenarios.variants import CastOverride

    assert canonical_form(CastOverride()) != canonical_form(CastOverride(concern=None))


def _start(store: Store, loaded: LoadedScenario, ref: str, moves: int = 3) -> GameSession:
    session = GameSession.start(store, loaded, 7, player="Ann", scenario_ref=ref)
    for _ in range(moves):
        session.apply(Action.wait())
    return session


def test_a_saved_game_resumes_after_a_comment_and_a_reformatting(tmp_path: Path) -> None:
    src = tmp_path / "deal.yaml"
    write(src, ORIGINAL)
    with Store.open(tmp_path / "d") as store:
        _start(store, load(str(src)), str(src))
        write(src, "# yaml-language-server: $schema=./scenario.schema.json\n" + reformatted(ORIGINAL))
        again = GameSession.start(store, load(str(src)), None, player="Ann", scenario_ref=str(src))
        assert again.resumed == 3 and (again.note or "").startswith("Resumed")
        [saved] = store.list_progress()
        assert resume(saved).resumed == 3  # the terminal game's own path

        write(src, ORIGINAL.replace("horizon_weeks: 26", "horizon_weeks: 25"))
        [saved] = store.list_progress()
        with pytest.raises(SaveError, match=f"the scenario '{SCENARIO}' has changed since this game was saved"):
            resume(saved)
        fresh = GameSession.start(store, load(str(src)), None, player="Ann", scenario_ref=str(src))
        assert fresh.resumed == 0 and fresh.note is not None and repr(SCENARIO) in fresh.note


def test_a_game_saved_with_the_raw_digest_still_resumes_and_is_saved_anew(tmp_path: Path) -> None:
    src = tmp_path / "deal.yaml"
    write(src, ORIGINAL)
    loaded = load(str(src))
    assert loaded.raw_digest is not None
    old = LoadedScenario(loaded.scenario, loaded.source, loaded.raw_digest)  # as an older version recorded it
    with Store.open(tmp_path / "d") as store:
        _start(store, old, str(src))
        [saved] = store.list_progress()
        assert saved.digest == loaded.raw_digest
        assert resume(saved).resumed == 3
        again = GameSession.start(store, loaded, None, player="Ann", scenario_ref=str(src))
        assert again.resumed == 3 and (again.note or "").startswith("Resumed")
        again.apply(Action.wait())
        [saved] = store.list_progress()
        assert saved.digest == loaded.digest  # new records hold the canonical digest


def _ladder(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def test_an_old_raw_digest_workshop_still_opens_until_the_file_really_changes(tmp_path: Path) -> None:
    src, d = tmp_path / "deal.yaml", tmp_path / "d"
    write(src, ORIGINAL)
    loaded = load(str(src))
    assert loaded.raw_digest is not None
    with Store.open(d) as store:
        store.create_workshop("OLD234", SCENARIO, str(src), loaded.raw_digest, 5, "made before the canonical digest")
    play = ("play", "--workshop", "OLD234", "--bot", "climber", "--name", "Ann", "--data-dir", str(d))
    code, _out, err = _ladder(*play)
    assert code == 0, err
    write(src, ORIGINAL.replace("horizon_weeks: 26", "horizon_weeks: 25"))
    code, _out, err = _ladder(*play)
    assert code == 1
    assert err.strip() == (
        f"ladder: scenario '{SCENARIO}' has changed since workshop OLD234 was created; "
        "the facilitator should create a new workshop"
    )


def test_an_old_raw_digest_run_file_still_replays(tmp_path: Path) -> None:
    src = tmp_path / "deal.yaml"
    write(src, ORIGINAL)
    loaded = load_path(src)
    assert loaded.raw_digest is not None
    with Store.open(tmp_path / "d") as store:
        session = GameSession.start(store, loaded, 4, player="Ann", scenario_ref=str(src))
        session.apply(Action.walk_away())
        assert session.game_id is not None
        record = store.game(session.game_id)
        assert record is not None
    data = json.loads(dump_run(run_from_record(record)))
    assert data["digest"] == loaded.digest
    data["digest"] = loaded.raw_digest
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data))
    run = read_run(path)
    assert scenario_for(run).scenario == loaded.scenario
    write(src, ORIGINAL.replace("horizon_weeks: 26", "horizon_weeks: 25"))
    with pytest.raises(RunError, match=f"scenario '{SCENARIO}' has changed since this run was played"):
        scenario_for(read_run(path), override=str(src))
