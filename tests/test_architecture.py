"""The house keeps its shape: imports run one way, and only the CLI speaks.

`cli -> leadership -> feedback -> record -> agreement -> shared ground`. Every import counts,
including those inside functions (peerpact imports lazily for start-up time,
and a lazy import is still a dependency).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import peerpact

PACKAGE = Path(peerpact.__file__).parent
#: Highest first; the rest is the shared ground.
LAYERS = ["cli", "leadership", "feedback", "record", "agreement"]
UI_LIBRARIES = {"typer", "rich", "click"}


def module_name(path: Path) -> str:
    parts = ["peerpact", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_rank(module: str) -> int:
    """0 for cli ... 4 for agreement, 5 for the shared ground."""
    if module == "peerpact.__main__":  # `python -m peerpact` is a way into the CLI
        return 0
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in LAYERS:
        return LAYERS.index(parts[1])
    return len(LAYERS)


def imports_of(path: Path, package: str = "peerpact") -> set[str]:
    """Every module this file imports, anywhere in it (absolute names);
    ``package`` anchors relative imports."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            # `from peerpact.feedback import outbox` imports a module, not a name.
            found.update(
                f"{base}.{alias.name}"
                for alias in node.names
                if (PACKAGE.parent / f"{base}.{alias.name}".replace(".", "/"))
                .with_suffix(".py")
                .exists()
            )
    return found


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of_module(module: str) -> set[str]:
    path = MODULES[module]
    return imports_of(path, module if path.name == "__init__.py" else module.rpartition(".")[0])


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_run_one_way(module: str) -> None:
    rank = layer_rank(module)
    upward = [
        name
        for name in imports_of_module(module)
        if name.startswith("peerpact.") and layer_rank(name) < rank
    ]
    assert not upward, f"{module} (a lower layer) imports {upward}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer_rank(m) > 0))
def test_only_the_cli_imports_ui_libraries(module: str) -> None:
    used = {name.split(".")[0] for name in imports_of_module(module)} & UI_LIBRARIES
    assert not used, f"{module} is core code but imports {sorted(used)}"


def test_no_import_cycles() -> None:
    graph = {
        module: {name for name in imports_of_module(module) if name in MODULES and name != module}
        for module in MODULES
    }
    # A package's __init__ is imported by its children's imports implicitly; that
    # is Python's doing, not a dependency we wrote, so only explicit edges count.
    seen: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(module: str, trail: list[str]) -> None:
        seen[module] = 1
        for target in sorted(graph[module]):
            if seen.get(target) == 1:
                cycle = [*trail[trail.index(target) :], target]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if target not in seen:
                visit(target, [*trail, target])
        seen[module] = 2

    for module in sorted(graph):
        if module not in seen:
            visit(module, [module])


def test_the_checks_can_fail(tmp_path: Path) -> None:
    """An upward import written into a core file is seen."""
    fake = tmp_path / "fake.py"
    fake.write_text("def f():\n    from peerpact.cli.ui.console import out\n    import rich\n")
    names = imports_of(fake)
    assert "peerpact.cli.ui.console" in names and "rich" in names
    assert layer_rank("peerpact.cli.ui.console") < layer_rank("peerpact.record.store")
    assert layer_rank("peerpact.files") == len(LAYERS)
