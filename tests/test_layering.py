"""The one-way layering rule: models <- reports <- desktop, checked on the source.

models/ is the Qt-free core (no PySide6, reportlab, openpyxl, nor the outer packages);
reports/ gets plain data (no Qt, no SQLAlchemy, and no models module that pulls it in);
cli/ is a front end beside desktop/ and never imports Qt; printing/ (the paper registry both
front ends drive) may use models and reports but neither Qt nor a front end.

Front ends (desktop/, cli/) call core operations that return plain data: they import neither
SQLAlchemy nor the ORM tables (models.entities.tables), so no decision is taken on an entity
outside the core. PySide6 is imported in desktop/qt.py only. The core's sub-packages import
nothing in their __init__, so importing models.papers.data never drags SQLAlchemy along.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

FORBIDDEN = {
    "models": {"PySide6", "shiboken6", "reportlab", "openpyxl", "desktop", "reports", "cli"},
    "reports": {"PySide6", "shiboken6", "sqlalchemy", "desktop", "cli"},
    "cli": {"PySide6", "shiboken6", "desktop", "sqlalchemy"},
    "desktop": {"cli", "sqlalchemy"},
    "printing": {"PySide6", "shiboken6", "desktop", "cli"},
}
FRONT_ENDS = ("desktop", "cli")
ORM_MODULES = ("models.entities.tables", "models.entities.columns")
QT_ROOTS = {"PySide6", "shiboken6"}
QT_GATE = Path("desktop/qt.py")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _module_path(name: str) -> Path | None:
    base = ROOT.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


@cache
def _pulls_in_sqlalchemy(module: str, _visiting: frozenset[str] = frozenset()) -> bool:
    path = _module_path(module)
    if path is None or module in _visiting:  # an import cycle adds nothing new
        return False
    visiting = _visiting | {module}
    for name in _imports(path):
        if name.split(".")[0] == "sqlalchemy":
            return True
        if name.startswith("models.") and name != module and _pulls_in_sqlalchemy(name, visiting):
            return True
    return False


def _sources(package: str) -> list[Path]:
    return sorted(p for p in (ROOT / package).rglob("*.py") if "migrations" not in p.parts)


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_forbidden_imports(package: str) -> None:
    offences = []
    for path in _sources(package):
        for name in _imports(path):
            if name.split(".")[0] in FORBIDDEN[package]:
                offences.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not offences, "\n".join(offences)


def test_reports_use_only_plain_parts_of_models() -> None:
    offences = []
    for path in _sources("reports"):
        for name in _imports(path):
            if name.startswith("models") and _pulls_in_sqlalchemy(name):
                offences.append(f"{path.relative_to(ROOT)} imports {name} (SQLAlchemy-bound)")
    assert not offences, "\n".join(offences)


def _orm_imports(path: Path) -> list[str]:
    return [
        name
        for name in sorted(_imports(path))
        if any(name == m or name.startswith(f"{m}.") for m in ORM_MODULES)
    ]


@pytest.mark.parametrize("package", FRONT_ENDS)
def test_front_ends_do_not_reach_into_the_orm(package: str) -> None:
    offences = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in _sources(package)
        for name in _orm_imports(path)
    ]
    assert not offences, "\n".join(offences)


def test_pyside6_only_through_desktop_qt() -> None:
    offences = [
        f"{path.relative_to(ROOT)} imports {name}"
        for package in ("desktop", "tests", "docs", "bench")
        for path in _sources(package)
        if path.relative_to(ROOT) != QT_GATE and path != Path(__file__)
        for name in _imports(path)
        if name.split(".")[0] in QT_ROOTS
    ]
    assert not offences, "\n".join(offences)


def test_core_packages_import_nothing_in_their_init() -> None:
    offences = [
        f"{path.relative_to(ROOT)} imports {sorted(_imports(path))}"
        for path in _sources("models")
        if path.name == "__init__.py" and _imports(path)
    ]
    assert not offences, "\n".join(offences)


def test_the_check_sees_a_forbidden_import(tmp_path: Path) -> None:
    """Guard against a checker that silently checks nothing."""
    sample = tmp_path / "sample.py"
    sample.write_text("from PySide6.QtCore import QObject\nimport sqlalchemy.orm\n")
    assert {"PySide6.QtCore", "sqlalchemy.orm"} <= _imports(sample)
    assert _sources("models") and _sources("reports") and _sources("cli")
    assert _pulls_in_sqlalchemy("models.db")
    orm = tmp_path / "orm.py"
    orm.write_text("from models.entities.tables import Activity\n")
    assert _orm_imports(orm) == ["models.entities.tables", "models.entities.tables.Activity"]
    assert not _pulls_in_sqlalchemy("models.papers.data")
