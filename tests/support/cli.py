"""The CLI run in-process as a user would type it."""

from __future__ import annotations

from typer.testing import CliRunner

from peerpact.cli import app


class Peerpact:
    """Runs the CLI in-process as a user would type it."""

    def __init__(self, runner: CliRunner) -> None:
        self.runner = runner

    def __call__(self, *args: str, input: str | None = None, expect: int | None = 0):
        result = self.runner.invoke(app, list(args), input=input, catch_exceptions=False)
        if expect is not None:
            assert result.exit_code == expect, (
                f"exit {result.exit_code} != {expect}\nstdout:\n{result.stdout}\n"
                f"stderr:\n{result.stderr}"
            )
        return result
