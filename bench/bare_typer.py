"""Baseline for start-up: a bare two-command Typer app."""

import typer

app = typer.Typer()


@app.command()
def one() -> None:
    """First command."""


@app.command()
def two() -> None:
    """Second command."""


if __name__ == "__main__":
    app()
