"""The package's layout is its architecture: imports go one way along the data flow.

Every module of `i18n_pipeline` belongs to a stage (its subpackage, or the foundation modules at
the top). A stage may import only the stages listed for it below, imports inside functions
included; the README's design section draws the same map.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "i18n_pipeline"

# The foundation: what every stage may use (errors, locale codes and plural rules, the version).
FOUNDATION = {"__init__", "errors", "locales"}

# stage -> the stages it may import (besides itself and the foundation). The flow:
# documents, text -> engines -> pipeline -> catalogs; catalogs -> qa, exchange -> site -> cli.
ALLOWED: dict[str, set[str]] = {
    "foundation": set(),
    "text": set(),
    "documents": {"text"},
    "engines": {"text"},
    "catalogs": set(),
    "pipeline": {"text", "documents", "engines", "catalogs"},
    "qa": {"text", "catalogs"},
    "exchange": {"catalogs"},
    "evaluation": {"text", "documents", "engines", "catalogs", "pipeline", "exchange"},
    "site": {"text", "documents", "catalogs", "pipeline", "exchange"},
    "cli": {
        "text",
        "documents",
        "engines",
        "catalogs",
        "pipeline",
        "qa",
        "exchange",
        "evaluation",
        "site",
    },
    "__main__": {"cli"},
}


def stage_of(module: str) -> str:
    """`i18n_pipeline.catalogs.merge` -> "catalogs"; `i18n_pipeline.errors` -> "foundation"."""
    parts = module.split(".")
    if len(parts) == 1:
        return "foundation"
    head = parts[1]
    return "foundation" if head in FOUNDATION else head


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import of this package in the file, at any depth. (The CLI's
    table of lazily imported commands is checked by test_lazy_commands_stay_in_cli.)"""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            assert node.level == 0, f"{path}:{node.lineno}: use absolute imports"
            found.append((node.lineno, node.module))
            # `from i18n_pipeline import catalogs` imports the stage `catalogs`
            if node.module == "i18n_pipeline":
                found += [
                    (node.lineno, f"i18n_pipeline.{a.name}")
                    for a in node.names
                    if (PACKAGE / a.name).is_dir() or (PACKAGE / f"{a.name}.py").is_file()
                ]
    return [(line, name) for line, name in found if name.split(".")[0] == "i18n_pipeline"]


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_belongs_to_a_known_stage() -> None:
    stages = {stage_of(module_name(path)) for path in MODULES}
    assert stages <= set(ALLOWED), stages - set(ALLOWED)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_follow_the_flow(path: Path) -> None:
    stage = stage_of(module_name(path))
    allowed = ALLOWED[stage] | {stage, "foundation"}
    wrong = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {stage} imports {name} ({stage_of(name)})"
        for line, name in imported_modules(path)
        if stage_of(name) not in allowed
    ]
    assert not wrong, "\n".join(wrong)


def test_lazy_commands_stay_in_cli() -> None:
    from i18n_pipeline.cli import _LazyGroup

    assert all(target.startswith("i18n_pipeline.cli.") for target in _LazyGroup.LAZY.values())


def test_the_rule_catches_an_import_against_the_flow(tmp_path: Path) -> None:
    """The check itself works: a reader importing the catalogs is refused."""
    module = tmp_path / "reader.py"
    module.write_text("def f():\n    from i18n_pipeline.catalogs import read_catalog\n")
    (line, name), *_ = imported_modules(module)
    assert (line, stage_of(name)) == (2, "catalogs")
    assert stage_of(name) not in ALLOWED["documents"] | {"documents", "foundation"}
