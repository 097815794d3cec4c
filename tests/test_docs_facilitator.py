"""docs/FACILITATOR.md and docs/DEPLOY.md stay true to the product.

Every `ladder ...` command they show (in `sh` blocks and inline code) parses with the real CLI:
the sub-command exists, every option is one it takes, and the values are valid (click's own parser,
no `--help`, nothing run). Every label in bold in FACILITATOR.md is a page, column or button the
facilitator's and join pages really show (sim/web/templates). Each lesson has its section titled
with the lesson's own words, and the figures the guide points at ("n of m over-asked ...", a
moment's title, an outcome) are ones the cohort debrief prints.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import click
import pytest

from sim.cli import cli
from sim.engine.rules import LESSONS, RULES
from sim.store.cohort import MISTAKES, OUTCOME_WORDS

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "FACILITATOR.md"
DEPLOY = ROOT / "docs" / "DEPLOY.md"
TEMPLATES = ROOT / "sim" / "web" / "templates"


def _flat(text: str) -> str:
    return " ".join(text.split())


def commands(path: Path) -> list[str]:
    """The `ladder` command lines of a document: each line of its ```sh blocks that runs ladder, and
    each inline code span that starts with `ladder ` or `uv run ladder `."""
    text = path.read_text(encoding="utf-8")
    found: list[str] = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.DOTALL):
        found += [line.strip() for line in block.splitlines() if line.strip().startswith("uv run ladder")]
    prose = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    for span in re.findall(r"`([^`]+)`", prose):
        line = _flat(span)
        if line.startswith(("ladder ", "uv run ladder ")) or line in ("ladder", "uv run ladder"):
            found.append(line)
    return found


def parse(line: str) -> click.Command:
    """Parse a command line with the real CLI down to its sub-command; click raises on an unknown
    command or option, a missing argument or a bad value."""
    args = shlex.split(line, comments=True)
    if args[:2] == ["uv", "run"]:
        args = args[2:]
    assert args[0] == "ladder", line
    args = args[1:]
    command: click.Command = cli
    name = "ladder"
    while isinstance(command, click.Group) and args:  # the groups take no options of their own
        assert not args[0].startswith("-"), f"{line}: an option before the sub-command"
        sub = command.get_command(click.Context(command, info_name=name), args[0])
        if sub is None:
            raise click.UsageError(f"{line}: no command {args[0]!r} in {name!r}")
        command, name, args = sub, args[0], args[1:]
    command.make_context(name, list(args))
    return command


def test_the_documents_show_commands() -> None:
    shown = commands(GUIDE)
    assert len(shown) >= 15, shown  # the guide walks through the commands, start to end
    for needed in ("workshop new", "serve", "workshop export", "workshop board", "workshop debrief"):
        assert any(f"ladder {needed}" in line for line in shown), needed
    assert any("--public-url" in line and "--allow-host" in line for line in commands(DEPLOY))


@pytest.mark.parametrize("line", sorted(set(commands(GUIDE) + commands(DEPLOY))))
def test_every_ladder_command_parses(line: str) -> None:
    parse(line)


def test_the_parser_catches_what_the_docs_could_get_wrong() -> None:
    for bad in (
        "uv run ladder serve --workshop X --max-session 60",  # an option that does not exist
        "uv run ladder workshop export X --format xlsx",  # a value it does not take
        "uv run ladder workshop new --seed 1",  # a required option missing
        "uv run ladder workshop results X",  # a command that does not exist
    ):
        with pytest.raises(click.UsageError):
            parse(bad)


def template_text() -> str:
    return _flat("\n".join(p.read_text(encoding="utf-8") for p in sorted(TEMPLATES.glob("*.html"))))


def test_every_bold_label_is_on_a_page() -> None:
    labels = {_flat(label) for label in re.findall(r"\*\*(.+?)\*\*", GUIDE.read_text(encoding="utf-8"), re.DOTALL)}
    pages = template_text()
    assert {"Board", "Cohort debrief", "Controls", "Hand over", "Rename", "Merge", "Remove"} <= labels
    missing = sorted(label for label in labels if label not in pages)
    assert not missing, f"labels in docs/FACILITATOR.md that no page shows: {missing}"


def _sections(text: str) -> dict[str, str]:
    """`### L1 ...` sections of the guide: the lesson id -> (the heading, the body)."""
    parts = re.split(r"^### (L\d) ", text, flags=re.MULTILINE)
    return {parts[i]: parts[i + 1].split("\n## ", 1)[0] for i in range(1, len(parts) - 1, 2)}


def test_each_lesson_has_its_questions_and_its_figures() -> None:
    sections = _sections(GUIDE.read_text(encoding="utf-8"))
    assert sorted(sections) == sorted(LESSONS)
    printed = {m.text for m in MISTAKES} | {r.title for r in RULES.values()} | set(OUTCOME_WORDS.values())
    printed |= {"n of m " + m.text for m in MISTAKES}
    for lesson, body in sections.items():
        heading, _, rest = body.partition("\n")
        assert heading.startswith(LESSONS[lesson]), (lesson, heading)
        assert "Ask:" in rest and "?" in rest, f"{lesson}: no question for the room"
        point = _flat(rest.split("Point at:", 1)[1].split("Ask:", 1)[0]) if "Point at:" in rest else ""
        assert point, f"{lesson}: no figure to point at"
        for quoted in re.findall(r'"([^"]+)"', point):
            assert quoted in printed, f"{lesson}: the debrief prints no {quoted!r}"


def _block(path: Path, lang: str) -> str:
    blocks = re.findall(rf"```{lang}\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.DOTALL)
    assert len(blocks) == 1, f"one ```{lang} block expected in {path.name}"
    return str(blocks[0])


def test_the_proxy_examples_carry_the_websocket_and_the_flags() -> None:
    nginx, caddy = _block(DEPLOY, "nginx"), _block(DEPLOY, "caddy")
    for needed in (
        "location /ws",
        "proxy_set_header Upgrade $http_upgrade",
        "proxy_set_header Connection",
        "proxy_read_timeout",
    ):
        assert needed in nginx, needed
    assert "proxy_set_header Host $host" in nginx and "proxy_cookie_flags ~ secure" in nginx
    assert "reverse_proxy 127.0.0.1:8000" in caddy and "Secure" in caddy
    assert "proxy_pass http://127.0.0.1:8000" in nginx  # where `ladder serve` listens by default
    serve = next(line for line in commands(DEPLOY) if "--public-url https://ladder.example.com" in line)
    assert "--allow-host ladder.example.com" in serve and "--host" not in serve  # loopback only


@pytest.mark.skipif(not (shutil.which("nginx") and shutil.which("openssl")), reason="nginx is not installed")
def test_the_nginx_example_passes_nginx_t(tmp_path: Path) -> None:
    """`nginx -t` on the documented site, with a throwaway certificate in place of the real one."""
    crt, key = tmp_path / "site.crt", tmp_path / "site.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=ladder.example.com"]
        + ["-keyout", str(key), "-out", str(crt)],
        check=True,
        capture_output=True,
    )
    site = _block(DEPLOY, "nginx").replace("/etc/ssl/certs/ladder.example.com.crt", str(crt))
    (tmp_path / "site.conf").write_text(site.replace("/etc/ssl/private/ladder.example.com.key", str(key)))
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nevents {{}}\nhttp {{\n    include {tmp_path}/site.conf;\n}}\n"
    )
    done = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "syntax is ok" in done.stderr
