"""Bounded reads: a scenario, run file or a run's scenario reference is read only if it is a
regular file of a sane size, with a cap on the read; FIFOs, devices, folders and huge files are
refused at once with one line naming the path."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from sim.common.files import FileRefused, read_bounded
from sim.scenarios.loader import load, shipped_dir

from .helpers import ladder, one_line_error

GB15 = 1536 * 1024 * 1024


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    p = tmp_path / "pipe.yaml"
    os.mkfifo(p)
    return p


@pytest.fixture
def sparse(tmp_path: Path) -> Path:
    p = tmp_path / "huge.yaml"
    with open(p, "wb") as f:
        f.truncate(GB15)  # sparse: takes no disk
    return p


def test_read_bounded_reads_a_regular_file(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes(b"hello")
    assert read_bounded(p, 10, "a note") == b"hello"
    assert read_bounded(p, 5, "a note") == b"hello"


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder", "sparse", "missing"])
def test_read_bounded_refuses_at_once(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    makers: dict[str, Callable[[], Path]] = {
        "fifo": lambda: request.getfixturevalue("fifo"),
        "dev-zero": lambda: Path("/dev/zero"),
        "folder": lambda: tmp_path,
        "sparse": lambda: request.getfixturevalue("sparse"),
        "missing": lambda: tmp_path / "nope.yaml",
    }
    path = makers[kind]()
    t0 = time.monotonic()
    with pytest.raises(FileRefused) as info:
        read_bounded(path, 1000, "a scenario")
    assert time.monotonic() - t0 < 2
    msg = str(info.value)
    assert str(path) in msg and "\n" not in msg
    expect = {
        "fifo": "not a regular file (a FIFO)",
        "dev-zero": "not a regular file (a device)",
        "folder": "not a regular file (a folder)",
        "sparse": "too large",
        "missing": "no such file",
    }[kind]
    assert expect in msg, msg


def test_a_file_that_grows_while_read_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cap holds on the read itself, not only on the size seen first: simulated by a
    limit below the file's size after the stat (the read sees limit+1 bytes)."""
    p = tmp_path / "grow.yaml"
    p.write_bytes(b"x" * 10)
    real = os.fstat

    def smaller(fd: int) -> os.stat_result:
        st = real(fd)
        return os.stat_result(
            (
                st.st_mode,
                st.st_ino,
                st.st_dev,
                st.st_nlink,
                st.st_uid,
                st.st_gid,
                3,
                int(st.st_atime),
                int(st.st_mtime),
                int(st.st_ctime),
            )
        )

    monkeypatch.setattr("sim.common.files.os.fstat", smaller)  # the os that files reads through
    with pytest.raises(FileRefused, match="more than 5 bytes when read"):
        read_bounded(p, 5, "a scenario")


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder-as-file", "sparse"])
def test_validate_refuses_in_one_line_without_hanging(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if kind == "fifo":
        path = str(request.getfixturevalue("fifo"))
    elif kind == "sparse":
        path = str(request.getfixturevalue("sparse"))
    elif kind == "dev-zero":
        path = "/dev/zero"
    else:
        path = str(tmp_path / "d.yaml")
        os.mkdir(path)
        path = str(tmp_path / "d.yaml" / ".." / "d.yaml")
    t0 = time.monotonic()
    proc = ladder("validate", path, timeout=20)
    assert time.monotonic() - t0 < 20
    if kind == "folder-as-file":  # a folder is searched for *.yaml: none here
        assert proc.returncode == 1 and "Traceback" not in proc.stderr
        return
    line = one_line_error(proc)
    assert line.startswith(path) and ("not a regular file" in line or "too large" in line), line


def test_scenario_load_refuses_a_fifo_and_a_huge_file(fifo: Path, sparse: Path) -> None:
    from sim.common.errors import ScenarioError, UnknownScenarioError

    for p in (fifo, sparse):
        t0 = time.monotonic()
        with pytest.raises((ScenarioError, UnknownScenarioError)) as info:
            load(str(p))
        assert time.monotonic() - t0 < 2 and str(p) in str(info.value)


def _run_file(tmp_path: Path, scenario_ref: str) -> Path:
    loaded = load("consensus-meeting")
    run = {
        "format": "commitment-ladder-run",
        "version": 1,
        "scenario": "consensus-meeting",
        "digest": loaded.digest,
        "seed": 1,
        "engine_version": "0.1.0",
        "player": "Ann",
        "actions": [{"kind": "wait"}],
        "score": {},
        "scenario_ref": scenario_ref,
    }
    p = tmp_path / "run.json"
    p.write_text(json.dumps(run))
    return p


def test_a_run_whose_scenario_ref_is_huge_is_not_read_whole(tmp_path: Path, sparse: Path) -> None:
    from sim.store.runs import read_run, scenario_for

    run = read_run(_run_file(tmp_path, str(sparse)))
    t0 = time.monotonic()
    loaded = scenario_for(run)  # the huge ref is refused; the shipped id is found instead
    assert loaded.scenario.id == "consensus-meeting"
    assert time.monotonic() - t0 < 2


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "sparse"])
def test_replay_refuses_a_hostile_run_path(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    makers: dict[str, Callable[[], str]] = {
        "fifo": lambda: str(request.getfixturevalue("fifo")),
        "dev-zero": lambda: "/dev/zero",
        "sparse": lambda: str(request.getfixturevalue("sparse")),
    }
    path = makers[kind]()
    line = one_line_error(ladder("replay", path, "--print", timeout=20))
    assert path in line and ("not a regular file" in line or "too large" in line), line


def test_replay_with_a_fifo_as_scenario_does_not_hang(tmp_path: Path, fifo: Path) -> None:
    run = _run_file(tmp_path, "consensus-meeting")
    line = one_line_error(ladder("replay", str(run), "--print", "--scenario", str(fifo), timeout=20))
    assert str(fifo) in line, line


def test_shipped_scenarios_still_load() -> None:
    assert load("consensus-meeting").scenario.id == "consensus-meeting"
    assert (shipped_dir() / "consensus-meeting.yaml").is_file()


def test_a_run_whose_scenario_ref_is_a_fifo_replays_without_hanging(tmp_path: Path, fifo: Path) -> None:
    run = _run_file(tmp_path, str(fifo))  # the FIFO is skipped, the shipped id is used
    proc = ladder("replay", str(run), "--print", "--until-week", "1", timeout=20)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert "Replay of Ann's game" in proc.stdout
