"""The suite's own house rules: helpers live in tests/support/, fixtures in conftest.py."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
    return names


def test_no_test_module_imports_another_or_conftest():
    test_modules = {path.stem for path in TESTS.glob("test_*.py")}
    offenders = {
        path.name: sorted(imported_modules(path) & (test_modules | {"conftest"}))
        for path in [*TESTS.glob("*.py"), *(TESTS / "support").glob("*.py")]
        if imported_modules(path) & (test_modules | {"conftest"})
    }
    assert offenders == {}, "shared helpers belong in tests/support/"


def test_conftest_holds_fixtures_only():
    tree = ast.parse((TESTS / "conftest.py").read_text(encoding="utf-8"))
    others = [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.ClassDef)
        and not any("fixture" in ast.unparse(d) for d in node.decorator_list)
    ]
    assert others == [], "helpers belong in tests/support/, conftest.py holds fixtures"


def test_no_test_sleeps_to_let_time_pass():
    sleepers = [
        path.name
        for path in TESTS.glob("test_*.py")
        if path.name != Path(__file__).name and "time.sleep(1" in path.read_text(encoding="utf-8")
    ]
    assert sleepers == [], "inject the clock (the `clock` fixture) instead of sleeping"
