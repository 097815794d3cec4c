"""Attributes down, messages up: no screen or widget calls a custom method of the app (or reads
one of its custom attributes). They post messages; the app handles them and passes data down.
This test parses every module in sim/tui/screens and sim/tui/widgets and allows only
Textual's own App API on `self.app`."""

from __future__ import annotations

import ast
from pathlib import Path

import sim.tui

TUI = Path(sim.tui.__file__).parent

# Textual App API a screen may use (navigation, notifications, queries, theme, threads)
ALLOWED = frozenset(
    {
        "push_screen",
        "pop_screen",
        "switch_screen",
        "exit",
        "notify",
        "bell",
        "post_message",
        "query",
        "query_one",
        "theme",
        "screen",
        "screen_stack",
        "size",
        "call_from_thread",
        "call_later",
        "call_after_refresh",
        "set_focus",
        "focused",
        "refresh_bindings",
        "console",
        "dark",
    }
)


def _app_uses(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, attribute) for each `self.app.X`, and each `X` read from a local bound to `self.app`."""
    uses: list[tuple[int, str]] = []
    aliases: set[str] = set()

    def is_self_app(node: ast.expr) -> bool:
        return (
            isinstance(node, ast.Attribute)
            and node.attr == "app"
            and isinstance(node.value, ast.Name)
            and node.value.id == "self"
        )

    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and is_self_app(node.value):
            aliases.update(t.id for t in node.targets if isinstance(t, ast.Name))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and (
            is_self_app(node.value) or (isinstance(node.value, ast.Name) and node.value.id in aliases)
        ):
            uses.append((node.lineno, node.attr))
    return uses


def test_screens_and_widgets_use_only_textual_app_api() -> None:
    modules = sorted([*(TUI / "screens").glob("*.py"), *(TUI / "widgets").glob("*.py")])
    assert len(modules) >= 10  # the rule covers every screen and widget
    bad = [
        f"{path.relative_to(TUI)}:{line}: self.app.{attr}"
        for path in modules
        for line, attr in _app_uses(ast.parse(path.read_text(), str(path)))
        if attr not in ALLOWED
    ]
    assert not bad, "screens post messages instead of calling the app:\n" + "\n".join(bad)


def test_screens_do_not_import_the_app() -> None:
    for path in sorted([*(TUI / "screens").glob("*.py"), *(TUI / "widgets").glob("*.py")]):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom):
                assert node.module != "sim.tui.app", f"{path.name} imports the app"


def test_the_rule_catches_a_custom_call() -> None:
    tree = ast.parse(
        "class S:\n    def f(self):\n        self.app.take_action(1)\n        app = self.app\n        app.go_title()\n"
    )
    assert sorted(a for _, a in _app_uses(tree)) == ["go_title", "take_action"]
