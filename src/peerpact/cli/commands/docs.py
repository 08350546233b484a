"""`peerpact docs [TOPIC]`: the guides, from the installed package itself.

The wheel carries docs/*.md as peerpact/docs/ (pyproject's force-include), so
an error can say `peerpact docs templates` and the user has that page, with
no checkout and no network. Run from a checkout, the pages are read from its
docs/ folder.
"""

from pathlib import Path
from typing import Annotated

import typer

from peerpact.cli.app import commands
from peerpact.cli.commands import about
from peerpact.cli.ui.console import out, print_json, print_table
from peerpact.cli.ui.params import Json
from peerpact.i18n import _


def _folder() -> Path:
    package = Path(__file__).resolve().parents[2]  # peerpact/cli/commands/ -> peerpact/
    shipped = package / "docs"
    if shipped.is_dir():
        return shipped
    checkout = package.parents[1]  # src/peerpact/ -> the checkout
    return checkout / "docs" if (checkout / "pyproject.toml").is_file() else shipped


def _pages() -> dict[str, Path]:
    return {path.stem: path for path in sorted(_folder().glob("*.md"))}


def _complete_topic(incomplete: str) -> list[str]:
    try:
        return [topic for topic in _pages() if topic.startswith(incomplete)]
    except Exception:
        return []


app = commands()


@app.command(
    "docs",
    help=about("docs"),
)
def docs(
    topic: Annotated[
        str | None,
        typer.Argument(
            metavar="[TOPIC]",
            help=_("The guide to print, e.g. record-format. Without it, the list."),
            autocompletion=_complete_topic,
        ),
    ] = None,
    json: Json = False,
) -> None:
    pages = _pages()
    if topic is None:
        rows = [(name, _title(path)) for name, path in pages.items()]
        if json:
            print_json([{"topic": name, "title": title} for name, title in rows])
            return
        out().print(_("Guides shipped with peerpact; read one with `peerpact docs TOPIC`:"))
        print_table([_("topic"), _("title")], rows)
        return
    page = pages.get(topic.removesuffix(".md"))
    if page is None:
        from peerpact.errors import NotFoundError

        raise NotFoundError(
            _("No guide called '{topic}'.").format(topic=topic),
            _("Guides: {pages}.").format(pages=", ".join(pages)),
        )
    if json:
        name = page.stem
        print_json({"topic": name, "title": _title(page), "text": page.read_text("utf-8")})
        return
    from peerpact.cli.ui.pager import page as paged

    paged(page.read_text(encoding="utf-8"))


def _title(page: Path) -> str:
    return page.read_text("utf-8").partition("\n")[0].lstrip("# ")
