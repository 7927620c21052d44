"""Data flows one way: the rules never import a layer to their right (DESIGN.md).

The imports are read from the source with `ast`, so an import inside a function or under
`if TYPE_CHECKING:` counts as much as one at the top of a module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "accountmap_cli"
RULE_MODULES = sorted((PACKAGE / "rules").glob("*.py"))
RIGHT_OF_RULES = (
    "history",
    "mapdiff",
    "lint",
    "risk",
    "review",
    "render",
    "cli",
    "parallel",
    "gitdiff",
)
"""Modules (and packages) of `accountmap_cli` that sit right of the rules or read git."""


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str, *, module: str, is_package: bool = False) -> set[str]:
    """Every module `source` imports, anywhere in it, as absolute names.

    `from a import b` counts as both `a` and `a.b` (b may be a submodule).
    """
    found: set[str] = set()
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                origin = ".".join([*base, node.module] if node.module else base)
            else:
                origin = node.module or ""
            found.add(origin)
            found.update(f"{origin}.{alias.name}" for alias in node.names)
    return found


def forbidden(names: set[str]) -> list[str]:
    """The names that are, or are inside, a module right of the rules."""
    bad = []
    for name in sorted(names):
        parts = name.split(".")
        if len(parts) >= 2 and parts[0] == "accountmap_cli" and parts[1] in RIGHT_OF_RULES:
            bad.append(name)
    return bad


def imports_of(path: Path) -> set[str]:
    return imported_modules(
        path.read_text(encoding="utf-8"),
        module=module_name(path),
        is_package=path.name == "__init__.py",
    )


def test_the_rules_are_all_found() -> None:
    names = {path.stem for path in RULE_MODULES}
    assert {"__init__", "base", "history"} <= names


@pytest.mark.parametrize("path", RULE_MODULES, ids=lambda p: p.name)
def test_a_rule_module_imports_nothing_right_of_the_rules(path: Path) -> None:
    assert forbidden(imports_of(path)) == []


def test_nor_does_anything_the_rules_import() -> None:
    """Transitively: every accountmap module the rules reach (run time or type checking)."""
    seen: set[str] = set()
    todo = [module_name(path) for path in RULE_MODULES]
    reached_from: dict[str, str] = {}
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        relative = Path(*name.split(".")[1:])
        for candidate in (
            PACKAGE / relative.with_suffix(".py"),
            PACKAGE / relative / "__init__.py",
        ):
            if candidate.is_file() and name != "accountmap_cli":
                for imported in imports_of(candidate):
                    if imported.startswith("accountmap_cli.") and imported not in seen:
                        reached_from.setdefault(imported, name)
                        todo.append(imported)
    assert {name: reached_from[name] for name in forbidden(seen)} == {}
    assert "accountmap_cli.maphistory" in seen


# --- the checker itself finds what it must -----------------------------------------------------

HIDDEN = """
from __future__ import annotations
from typing import TYPE_CHECKING
from accountmap_cli.findings import Severity
from . import base
from .people import who

if TYPE_CHECKING:
    from accountmap_cli.history import MapHistory

def check(ctx):
    from accountmap_cli import risk
    import accountmap_cli.render.lint
    from ..mapdiff import load_version
    return ()
"""


def test_the_checker_finds_imports_in_functions_and_under_type_checking() -> None:
    names = imported_modules(HIDDEN, module="accountmap_cli.rules.example")
    assert forbidden(names) == [
        "accountmap_cli.history",
        "accountmap_cli.history.MapHistory",
        "accountmap_cli.mapdiff",
        "accountmap_cli.mapdiff.load_version",
        "accountmap_cli.render.lint",
        "accountmap_cli.risk",
    ]
    assert {"accountmap_cli.rules.base", "accountmap_cli.rules.people"} <= names


def test_the_checker_passes_imports_left_of_the_rules() -> None:
    source = "from accountmap_cli.maphistory import mapped_late\nfrom accountmap_cli import facts\n"
    assert forbidden(imported_modules(source, module="accountmap_cli.rules.history")) == []
