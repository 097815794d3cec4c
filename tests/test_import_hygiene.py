"""The engine is headless, and the CLI's light paths stay light.

import-linter (the contracts in pyproject.toml) reads the static import graph, so it
cannot tell an import at module level from one deferred into a function. These tests
start a clean interpreter, do the real thing, and look at `sys.modules`: the only proof
that a deferred import really is deferred.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("textual", "faker", "sim.tui")
ENGINE = [
    "sim",
    "sim.engine.state",
    "sim.engine.scoring",
    "sim.scenarios.loader",
    "sim.players.registry",
    "sim.analysis.simulate",
    "sim.store",
]
REPORT = f"import sys; print('\\nLOADED:' + ','.join(m for m in {HEAVY!r} if m in sys.modules))"


def run_python(code: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc


def loaded(proc: subprocess.CompletedProcess[str]) -> list[str]:
    marks = [line for line in proc.stdout.splitlines() if line.startswith("LOADED:")]
    assert marks, proc.stdout
    return [m for m in marks[-1].removeprefix("LOADED:").split(",") if m]


def test_engine_imports_load_neither_textual_nor_faker() -> None:
    # sys.modules only grows, so a clean result for all of them together is a clean
    # result for each one alone.
    proc = run_python("import " + ", ".join(ENGINE) + "\n" + REPORT)
    assert loaded(proc) == [], f"importing the engine loaded {loaded(proc)}"


# Each group runs in one fresh interpreter (one after another, for speed: as above, a
# clean union means each command on its own is clean).
CLI_PATHS = {
    "help": [["--help"], ["--version"], ["validate", "--help"], ["simulate", "--help"], ["play", "--help"]],
    "validate": [
        ["validate", "scenarios/"],
        ["validate", "tests/corpus/broken/", "tests/corpus/valid/default-ladder.yaml"],
    ],
    "scenarios": [["scenarios"], ["scenarios", "--json"]],
    "simulate": [["simulate", "consensus-meeting", "--games", "2", "--seed", "1", "--json"]],
    "play": [["play", "consensus-meeting", "--bot", "climber", "--seed", "1"]],
}


def _cli(*argvs: list[str]) -> str:
    code = "import sys\nfrom sim.cli import main\n"
    for argv in argvs:
        code += f"try:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
    return code + REPORT


@pytest.mark.parametrize("group", CLI_PATHS)
def test_cli_paths_load_neither_textual_nor_faker(group: str) -> None:
    proc = run_python(_cli(*CLI_PATHS[group]))
    assert "Traceback" not in proc.stderr, proc.stderr
    assert loaded(proc) == [], f"`ladder` {group} commands loaded {loaded(proc)}"


def test_faker_does_load_when_a_name_must_be_drawn() -> None:
    """The control for the tests above: the check does see Faker when it is used."""
    proc = run_python(_cli(["play", "tests/corpus/valid/faker-names.yaml", "--bot", "climber", "--seed", "1"]))
    assert "faker" in loaded(proc)
    assert "textual" not in loaded(proc)


# --- import-linter --------------------------------------------------------------------------


def _lint_imports(cwd: Path, extra_path: Path | None = None) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    assert exe, "import-linter is a dev dependency: run `uv sync`"
    env = dict(os.environ)
    if extra_path is not None:
        env["PYTHONPATH"] = str(extra_path) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([exe, "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_import_linter_contracts_are_kept() -> None:
    proc = _lint_imports(ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "broken" in proc.stdout and "0 broken" in proc.stdout


@pytest.fixture()
def sim_copy(tmp_path: Path) -> Path:
    """A throwaway copy of the package and its contracts, to break on purpose."""
    shutil.copytree(ROOT / "sim", tmp_path / "sim", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    tui = tmp_path / "sim" / "tui"
    if not tui.exists():  # stand in for the UI package where it has not landed yet
        tui.mkdir()
        (tui / "__init__.py").write_text("from textual.app import App\n")
        (tui / "app.py").write_text("import textual\n")
    return tmp_path


def test_import_linter_copy_with_a_ui_package_is_kept(sim_copy: Path) -> None:
    proc = _lint_imports(sim_copy, sim_copy)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize(
    ("module", "line"),
    [
        ("engine/scoring", "import textual"),
        ("engine/rules", "from textual.widgets import Static"),
        ("engine/state", "import sim.tui"),
        ("scenarios/yamlsafe", "from sim.tui import app"),
        ("players/climber", "import sim.store"),
        ("store/db", "import sim.cli"),
        ("common/text", "import sim.engine"),
        ("engine/a_module_added_later", "import sim.players"),
    ],  # contracts name packages: new modules are covered
)
def test_import_linter_catches_an_engine_importing_the_ui(sim_copy: Path, module: str, line: str) -> None:
    target = sim_copy / "sim" / f"{module}.py"
    target.write_text((target.read_text() if target.exists() else "") + f"\n{line}\n")
    proc = _lint_imports(sim_copy, sim_copy)
    assert proc.returncode != 0, proc.stdout
    assert "sim." + module.replace("/", ".") in proc.stdout


def test_the_tui_app_leaves_the_engine_and_the_store_to_the_title_worker(tmp_path: Path) -> None:
    """The title paints before pydantic, yaml and sqlite are imported: importing and building the
    app loads none of them (the title's thread worker does, after the first frame)."""
    heavy = ("pydantic", "yaml", "sim.engine.state", "sim.scenarios.loader", "sim.store", "sqlite3", "faker")
    code = (
        "import sys\nfrom sim.tui.app import LadderApp\nLadderApp()\n"
        f"print('\\nLOADED:' + ','.join(m for m in {heavy!r} if m in sys.modules))"
    )
    env = dict(os.environ, LADDER_DATA_DIR=str(tmp_path))
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert loaded(proc) == [], f"importing sim.tui.app and building LadderApp() loaded {loaded(proc)}"
