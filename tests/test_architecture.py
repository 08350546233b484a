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


# -- the shape of the house (issue 20) --------------------------------------------------

REPO = PACKAGE.parents[1]
#: Words for what agreement/ must not handle: an agreement means something
#: before anyone signs it, and how it is recorded is record/'s.
RECORD_WORDS = ("revision", "signature", "sign", "payload", "replay", "verify")
MAX_COMMAND_LINES = 40
MAX_MODULE_LINES = 400


def defined_names(path: Path) -> list[str]:
    """Every function, class and method defined in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    kinds = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    return [node.name for node in ast.walk(tree) if isinstance(node, kinds)]


def record_words(names: list[str]) -> list[str]:
    return [name for name in names if set(name.lower().strip("_").split("_")) & {
        *RECORD_WORDS, *(f"{word}s" for word in RECORD_WORDS)
    }]  # fmt: skip


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m.startswith("peerpact.agreement")))
def test_agreement_handles_no_revision_or_signature(module: str) -> None:
    """agreement/ defines nothing named for revisions or signatures, and
    imports nothing from record/ (the layers say so too) or cryptography."""
    path = MODULES[module]
    assert not record_words(defined_names(path)), f"{module} handles what record/ owns"
    imported = imports_of_module(module)
    assert not {name for name in imported if name.startswith(("peerpact.record", "cryptography"))}


def command_functions(path: Path) -> list[tuple[str, int]]:
    """Each Typer command in a file and how long its body is (its parameters,
    which only declare what is parsed, are not counted)."""
    found = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef) and any(
            isinstance(d, ast.Call)
            and isinstance(d.func, ast.Attribute)
            and d.func.attr == "command"
            for d in node.decorator_list
        ):
            found.append((node.name, (node.end_lineno or 0) - node.body[0].lineno + 1))
    return found


def test_every_command_is_short() -> None:
    commands = [
        (f"{path.stem}.{name}", length)
        for path in sorted((PACKAGE / "cli").rglob("*.py"))
        for name, length in command_functions(path)
    ]
    assert len(commands) > 30  # the check sees the commands
    long = [(name, length) for name, length in commands if length > MAX_COMMAND_LINES]
    assert not long, f"command functions over {MAX_COMMAND_LINES} lines: {long}"


def test_no_module_is_over_400_lines() -> None:
    long = {
        module: lines
        for module, path in MODULES.items()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long, f"modules over {MAX_MODULE_LINES} lines: {long}"


def named_in_architecture() -> set[str]:
    """Every file docs/architecture.md names in backticks: `cli/app.py`."""
    import re

    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    return set(re.findall(r"`([\w/]+\.py)`", text))


def test_architecture_names_every_module() -> None:
    named = named_in_architecture()
    missing = sorted(
        relative
        for path in PACKAGE.rglob("*.py")
        if path.name != "__init__.py"
        and (relative := path.relative_to(PACKAGE).as_posix()) not in named
    )
    assert not missing, f"docs/architecture.md does not name {missing}"


def test_every_module_architecture_names_exists() -> None:
    gone = sorted(
        name
        for name in named_in_architecture()
        if not (PACKAGE / name).is_file() and not (REPO / name).is_file()
    )
    assert not gone, f"docs/architecture.md names modules that do not exist: {gone}"


def test_the_shape_checks_can_fail(tmp_path: Path) -> None:
    planted = tmp_path / "planted.py"
    planted.write_text(
        "@app.command()\ndef long():\n" + "    pass\n" * 41 + "def replay_revision(): ...\n"
    )
    assert command_functions(planted) == [("long", 41)]
    assert record_words(defined_names(planted)) == ["replay_revision"]
    assert record_words(["check_consent", "Agreement", "signatures_of"]) == ["signatures_of"]


def loaded_commands(*args: str) -> set[str]:
    """The command and flow modules a command line imports (beyond the app,
    the table of commands and the terminal toolkit), in a fresh process."""
    import subprocess
    import sys

    code = (
        "import sys\nfrom peerpact.cli import app\n"
        f"try:\n    app({list(args)!r}, prog_name='peerpact')\nexcept SystemExit:\n    pass\n"
        "names = [m for m in sys.modules if m.startswith('peerpact.cli.')\n"
        "         and m not in ('peerpact.cli.app', 'peerpact.cli.commands')\n"
        "         and not m.startswith('peerpact.cli.ui')]\n"
        "sys.stderr.write('loaded: ' + ' '.join(names) + '\\n')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    said = [line for line in done.stderr.splitlines() if line.startswith("loaded:")]
    return set(said[-1].removeprefix("loaded:").split())


def test_a_command_imports_only_what_it_runs() -> None:
    """Lazy loading (click's LazyGroup pattern): `--help` lists every command
    without importing one, and a command imports its own module alone."""
    assert loaded_commands("--help") == set()
    assert loaded_commands("--version") == set()
    assert loaded_commands("list") == {"peerpact.cli.commands.list"}
    assert loaded_commands("key", "--help") == {"peerpact.cli.commands.key"}
