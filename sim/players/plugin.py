"""Bots as plug-ins: `FILE.py:Class` names a class in a Python file written against the bot
protocol (`sim.players.protocol.Bot`; see docs/BOTS.md). The class is built with no
arguments, or with the scenario's public view when it declares `wants_scenario = True`
(the same view the expert gets). Every problem is one line naming the file."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

from sim.players.protocol import Bot

if TYPE_CHECKING:
    from sim.scenarios.loader import LoadedScenario


class PluginError(ValueError):
    """A plug-in bot could not be loaded: the message is one line naming the file."""


def is_plugin(name: str) -> bool:
    """A bot name that points at a file: `path/to/file.py:Class` (anything with a colon)."""
    return ":" in name


def split_ref(ref: str) -> tuple[str, str]:
    """`FILE.py:Class` -> (file, class); the last colon splits (a Windows drive keeps its own)."""
    path, sep, cls = ref.rpartition(":")
    if not sep or not path or not cls:
        raise PluginError(f"{ref}: a plug-in bot is named FILE.py:Class")
    if not cls.isidentifier():
        raise PluginError(f"{path}: {cls!r} is not a class name")
    return path, cls


_MODULES: dict[str, ModuleType] = {}


def load_module(path: str) -> ModuleType:
    """Import a bot file once per process (by its absolute path)."""
    full = os.path.abspath(path)
    found = _MODULES.get(full)
    if found is not None:
        return found
    if not os.path.isfile(full):
        raise PluginError(f"{path}: no such file")
    if not full.endswith(".py"):
        raise PluginError(f"{path}: a plug-in bot is a Python file (.py)")
    digest = hashlib.sha1(full.encode("utf-8")).hexdigest()[:12]
    name = f"ladder_plugin_{digest}"
    spec = importlib.util.spec_from_file_location(name, full)
    if spec is None or spec.loader is None:
        raise PluginError(f"{path}: cannot be imported")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses and pickling look a class's module up here
    try:
        spec.loader.exec_module(module)
    except SyntaxError as exc:
        del sys.modules[name]
        raise PluginError(f"{path}: syntax error on line {exc.lineno}: {exc.msg}") from None
    except Exception as exc:  # the file's own code failed: say so in one line
        del sys.modules[name]
        raise PluginError(f"{path}: failed to import: {type(exc).__name__}: {exc}") from None
    _MODULES[full] = module
    return module


def bot_class(ref: str) -> type:
    """The class `FILE.py:Class` names, checked to be a bot (it has a `step` method)."""
    path, cls_name = split_ref(ref)
    module = load_module(path)
    cls: Any = getattr(module, cls_name, None)
    if cls is None:
        raise PluginError(f"{path}: no class {cls_name!r}")
    if not isinstance(cls, type):
        raise PluginError(f"{path}: {cls_name!r} is not a class")
    if not callable(getattr(cls, "step", None)):
        raise PluginError(f"{path}: {cls_name} is not a bot: it has no step(obs, legal, rng) method")
    return cls


def load_bot(ref: str, loaded: LoadedScenario | None = None) -> Bot:
    """The bot `FILE.py:Class`, built (with the scenario's public view if it wants one)."""
    path, cls_name = split_ref(ref)
    cls: Any = bot_class(ref)
    try:
        if getattr(cls, "wants_scenario", False):
            from sim.players.public import public_view

            bot = cls(public_view(loaded) if loaded is not None else None)
        else:
            bot = cls()
    except Exception as exc:
        raise PluginError(f"{path}: {cls_name}() failed: {type(exc).__name__}: {exc}") from None
    if not isinstance(getattr(bot, "name", None), str):
        try:
            bot.name = cls_name  # the protocol's `name`: default to the class name
        except AttributeError:
            raise PluginError(f"{path}: {cls_name} has no `name` and none can be set") from None
    return cast(Bot, bot)
