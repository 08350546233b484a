"""Run the shell examples in README.md and docs/*.md as a reader would type them.

Sybil finds the examples: fenced ```console blocks (``$ command`` lines, each
followed by the output it shows), fenced ```sh blocks (commands only: each must
succeed), hidden steps in ``<!-- invisible-code-block: console ... -->``
comments, and ``<!-- skip: next "why" -->`` markers for the few examples that
cannot run here. This module runs what Sybil found, in order, one document to
one fresh PEERPACT_HOME and working folder, and compares the output.

Ids, receipts, hashes, keys and times differ on every run, so both sides are
normalised before comparing, and the values are paired up: the doc's
``ew54mucyyq`` is the id this run made at that place, and later commands that
name ``ew54mucyyq`` get the real one. Paths under PEERPACT_HOME are shown as
the platformdirs paths a user without PEERPACT_HOME sees.

``python tests/update_docs.py`` runs the same examples and writes the real
output back into the docs (keeping the doc's ids and times where they pair up).
"""

from __future__ import annotations

import os
import random
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from unittest import SkipTest, mock

from sybil import Document, Example
from sybil.parsers.markdown import CodeBlockParser, SkipParser

REPO = Path(__file__).resolve().parents[2]
DOCS = [
    REPO / "README.md",
    *sorted((REPO / "docs").glob("*.md")),
    *sorted((REPO / "docs").glob("*/*.md")),  # translations: docs/es/guia.md
]

# Where a user without PEERPACT_HOME finds peerpact's state, as the docs show it.
SHOWN_DATA = "/home/alex/.local/share/peerpact"
SHOWN_CONFIG = "/home/alex/.config/peerpact"
_SHOWN_PATH = re.compile(r"(?:/home/\w+|~)/\.(?P<kind>local/share|config)/peerpact")

_ALPHABET = "2-9a-hjkmnp-z"  # peerpact.codes.READABLE_ALPHABET
# English words of ten letters from that alphabet (no i, l, o, 0 or 1) that
# peerpact's output may contain; any of them read as an id would be paired.
_WORDS = "(?:passphrase|characters|afterwards|strengthen|everywhere|experts)"
# Values that differ on every run. The first group of each match names its kind.
_VARIABLE = re.compile(
    "|".join(
        [
            r"(?P<time>\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)",
            # Dates as documents write them, in English or Spanish (peerpact.i18n):
            # "November 25, 2026, 4:43 AM UTC", "25 de noviembre de 2026, 4:43 UTC".
            r"(?P<longdate>\b(?:[A-Z][a-z]+ \d{1,2}|\d{1,2}(?: de)? [a-zA-Z]+(?: de)?),? \d{4}, "
            r"\d{1,2}:\d\d(?: [AP]M)? UTC)",
            r"(?P<maildate>\b[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} 00:00:00 \+0000)",
            r"(?P<date>\b\d{4}-\d\d-\d\d\b)",
            r"(?P<pubkey>\bRW[A-Za-z0-9+/]{54})",
            r"(?P<fingerprint>\b[0-9A-F]{16}\b)",
            r"(?P<hex>\b[0-9a-f]{12,64}\b)",
            rf"(?P<receipt>\b[{_ALPHABET}]{{4}}-[{_ALPHABET}]{{4}}\b)",
            # An outbox id: the first 8 hex digits of a message's random file name.
            r"(?P<outbox>\b[0-9a-f]{8}\b)",
            # Ten letters of the alphabet can be a word the docs use, not an id.
            rf"(?P<id>\b(?!{_WORDS}\b)[{_ALPHABET}]{{10}}\b)",
        ]
    )
)
# Kinds whose doc value stands for a real one in later commands.
_PAIRED = {"pubkey", "fingerprint", "hex", "receipt", "outbox", "id"}
# A shown output with one of these lines is an example of a failure.
_FAILURE = re.compile(r"^(Error: |FAILED |NO VÁLIDO )", re.MULTILINE)
_SHELL = re.compile(r"[|<>;&`]|\$\(")
# Tools from outside that some examples use; CI installs Debian's. Where one
# is missing, its examples are skipped, as the other tests that need it are.
_TOOLS = ("minisign", "age", "age-keygen")


def _label(kind: str, value: str) -> str:
    """A value's kind as compared; a hash's length counts (a head shown with 12
    digits where peerpact prints 16 is drift)."""
    return f"{kind}{len(value)}" if kind == "hex" else kind


def normalise(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The text with every run-dependent value replaced by its kind, and the values."""
    found: list[tuple[str, str]] = []

    def one(match: re.Match[str]) -> str:
        kind = match.lastgroup or ""
        found.append((kind, match.group()))
        return f"<{_label(kind, match.group())}>"

    lines = "\n".join(line.rstrip() for line in text.splitlines()).strip("\n")
    return _VARIABLE.sub(one, lines), found


@dataclass
class Step:
    command: str
    written: str  # the command as the doc writes it, over several lines perhaps
    shown: str | None  # None: an ```sh line, whose output is not shown


def steps(source: str, with_output: bool) -> list[Step]:
    """A block's commands (continued over lines ending in a backslash) and outputs."""
    result: list[Step] = []
    lines = source.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if with_output and not line.startswith("$ "):
            if not result:
                raise ValueError(f"output before any `$ ` command: {line!r}")
            result[-1].shown = f"{result[-1].shown}{line}\n"
            continue
        command, written = (line[2:] if with_output else line), line
        if not with_output and (not command.strip() or command.lstrip().startswith("#")):
            continue
        while command.endswith("\\") and index < len(lines):
            command = command[:-1] + " " + lines[index].strip()
            written = f"{written}\n{lines[index]}"
            index += 1
        result.append(Step(command.strip(), written, "" if with_output else None))
    return result


@dataclass
class DocRun:
    """One document's examples, run in order in one fresh home and folder."""

    path: Path
    home: Path
    workdir: Path
    update: bool = False
    doc_to_real: dict[str, str] = field(default_factory=dict)
    real_to_doc: dict[str, str] = field(default_factory=dict)
    rewrites: list[tuple[Example, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    # -- what Sybil calls --------------------------------------------------
    def console(self, example: Example) -> str | None:
        return self._block(example, with_output=True)

    def sh(self, example: Example) -> str | None:
        return self._block(example, with_output=False)

    def run(self, document: Document) -> list[str]:
        """Evaluate every example; the failures, each naming its line."""
        failures: list[str] = []
        for example in document:
            try:
                example.evaluate()
            except SkipTest as skip:
                self.skipped.append(f"line {example.line}: {skip}")
            except AssertionError as failure:
                failures.append(str(failure))
        return failures

    # -- running -----------------------------------------------------------
    def _block(self, example: Example, with_output: bool) -> str | None:
        source = str(example.parsed)
        problems: list[str] = []
        failed: list[str] = []
        new_source: list[str] = []
        for step in steps(source, with_output):
            new_source.append(f"{step.written}\n")
            try:
                output, status = self._execute(step.command)
            except SkipTest as skip:  # only this command: the block's others still run
                self.skipped.append(f"line {example.line}: {step.command}: {skip}")
                new_source.append(step.shown or "")
                continue
            if step.shown is None:
                if status != 0:  # no shown output to rewrite: fails in update mode too
                    failed.append(f"`{step.command}` exited {status}:\n{output}")
                continue
            expect_failure = bool(_FAILURE.search(step.shown))
            if (status != 0) != expect_failure:
                problems.append(f"`{step.command}` exited {status}:\n{output}")
            new_source.append(self._as_shown(step.shown, output))
            if not self._matches(step.shown, output):
                problems.append(
                    f"`{step.command}` printed something else.\n--- the doc shows:\n"
                    f"{step.shown.rstrip()}\n--- it printed:\n{self._as_shown(step.shown, output)}"
                )
        if problems and self.update:
            self.rewrites.append((example, "".join(new_source)))
            problems = []
        return "\n".join(failed + problems) or None

    def _execute(self, command: str) -> tuple[str, int]:
        for tool in _TOOLS:
            if re.search(rf"(^|[|;&(]\s*){re.escape(tool)} ", command) and not shutil.which(tool):
                raise SkipTest(f"`{tool}` is not installed")
        command = self._real(command)
        argv = shlex.split(command, comments=True)
        if argv and argv[0] == "peerpact" and not _SHELL.search(command):
            from typer.testing import CliRunner

            from peerpact.cli import app

            result = CliRunner().invoke(app, argv[1:])
            if result.exception and not isinstance(result.exception, SystemExit):
                raise result.exception
            return result.output, result.exit_code
        bin_dir = str(Path(sys.executable).parent)
        env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
        done = subprocess.run(
            ["bash", "-c", command],
            cwd=self.workdir,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        return done.stdout + done.stderr, done.returncode

    def _real(self, command: str) -> str:
        """The command with the doc's ids, heads and paths replaced by this run's."""
        command = _SHOWN_PATH.sub(
            lambda m: str(self.home / ("data" if m["kind"] == "local/share" else "config")),
            command,
        )
        for shown in sorted(self.doc_to_real, key=len, reverse=True):
            command = re.sub(rf"\b{re.escape(shown)}\b", self.doc_to_real[shown], command)
        return command

    def _shown_paths(self, output: str) -> str:
        return output.replace(str(self.home / "data"), SHOWN_DATA).replace(
            str(self.home / "config"), SHOWN_CONFIG
        )

    def _matches(self, shown: str, output: str) -> bool:
        expected, doc_values = normalise(_SHOWN_PATH.sub(self._canonical_path, shown))
        actual, real_values = normalise(self._shown_paths(output))
        if expected != actual:
            return False
        for (kind, doc), (_, real) in zip(doc_values, real_values, strict=True):
            if kind in _PAIRED:
                self._pair(doc, real)
        return True

    @staticmethod
    def _canonical_path(match: re.Match[str]) -> str:
        return SHOWN_DATA if match["kind"] == "local/share" else SHOWN_CONFIG

    def _pair(self, doc: str, real: str) -> None:
        self.doc_to_real.setdefault(doc, real)
        self.real_to_doc.setdefault(real, doc)
        if len(doc) == len(real) == 64:  # a full hash: its short heads are shown too
            self._pair(doc[:16], real[:16])
            self._pair(doc[:12], real[:12])

    def _as_shown(self, shown: str, output: str) -> str:
        """This run's output as the doc would show it: its own values kept where known."""
        by_kind: dict[str, list[str]] = {}
        for kind, value in normalise(shown)[1]:
            by_kind.setdefault(_label(kind, value), []).append(value)
        seen: dict[str, int] = {}

        def one(match: re.Match[str]) -> str:
            kind, value = _label(match.lastgroup or "", match.group()), match.group()
            if value in self.real_to_doc:
                return self.real_to_doc[value]
            place = seen.get(kind, 0)
            seen[kind] = place + 1
            shown_values = by_kind.get(kind, [])
            return shown_values[place] if place < len(shown_values) else value

        lines = [line.rstrip() for line in self._shown_paths(output).splitlines()]
        text = _VARIABLE.sub(one, "\n".join(lines)).rstrip("\n")
        return f"{text}\n" if text else ""


def parse(path: Path, run: DocRun) -> Document:
    return Document.parse(
        str(path),
        CodeBlockParser(language="console", evaluator=run.console),
        CodeBlockParser(language="sh", evaluator=run.sh),
        SkipParser(),
    )


def command_paths() -> list[str]:
    """Every command and group, as typed after `peerpact` ("" for peerpact itself)."""
    import typer

    from peerpact.cli import app

    def walk(command: object, path: str) -> list[str]:
        found = [path]
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            found += walk(sub, f"{path} {name}".strip())
        return found

    return walk(typer.main.get_command(app), "")


def help_command(path: str) -> str:
    return " ".join(["peerpact", *path.split(), "--help"])


def example_answers() -> str:
    """The answers file docs/answers.md shows: every doc's folder starts with it."""
    text = (REPO / "docs" / "answers.md").read_text(encoding="utf-8")
    match = re.search(r"```toml\n(.*?)```", text, re.DOTALL)
    assert match, "docs/answers.md lost its example answers file"
    return match.group(1)


@contextmanager
def fresh_place(root: Path) -> Iterator[tuple[Path, Path]]:
    """A fresh PEERPACT_HOME and working folder, an 80-column plain terminal,
    and random codes drawn from a seeded generator, so the order of ids and
    receipts is the same on every run (their values are normalised anyway)."""
    # Rich wraps lines by their real length, so the home's config folder is
    # exactly as long as the one the docs show: its paths wrap where they would.
    outer = Path(tempfile.mkdtemp(prefix="pp", dir="/tmp"))
    home = outer / ("h" * (len(SHOWN_CONFIG) - len("/config") - len(str(outer)) - 1))
    assert len(str(home / "config")) == len(SHOWN_CONFIG), home
    workdir = root / "work"
    workdir.mkdir(parents=True)
    (workdir / "answers.toml").write_text(example_answers(), encoding="utf-8")
    seeded = random.Random(16)
    env = {"PEERPACT_HOME": str(home), "NO_COLOR": "1", "COLUMNS": "80", "LINES": "50"}
    with ExitStack() as stack:
        stack.enter_context(mock.patch.dict(os.environ, env))
        for name in ("PEERPACT_PLAIN", "EDITOR", "VISUAL", "PEERPACT_SMTP_PASSWORD"):
            os.environ.pop(name, None)
        stack.enter_context(mock.patch("secrets.choice", seeded.choice))
        stack.enter_context(mock.patch("secrets.token_hex", lambda n=32: seeded.randbytes(n).hex()))
        stack.callback(shutil.rmtree, outer, ignore_errors=True)
        before = Path.cwd()
        os.chdir(workdir)
        stack.callback(os.chdir, before)
        yield home, workdir


def check(path: Path, root: Path, update: bool = False) -> DocRun:
    """Run one document's examples; with ``update``, rewrite what no longer matches."""
    with fresh_place(root) as (home, workdir):
        run = DocRun(path, home, workdir, update)
        document = parse(path, run)
        failures = run.run(document)
    if update and run.rewrites:
        _rewrite(path, document.text, run.rewrites)
    assert not failures, "\n\n".join(failures)
    return run


def _rewrite(path: Path, text: str, rewrites: list[tuple[Example, str]]) -> None:
    for example, new_source in sorted(rewrites, key=lambda r: r[0].start, reverse=True):
        region = text[example.start : example.end]
        first = region.splitlines()[0]
        prefix = first[: len(first) - len(first.lstrip())]
        old = textwrap.indent(str(example.parsed), prefix)
        new = textwrap.indent(new_source, prefix)
        assert old in region, f"{path}:{example.line}: cannot find the block to rewrite"
        text = text[: example.start] + region.replace(old, new, 1) + text[example.end :]
    path.write_text(text, encoding="utf-8")
