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
    """Every guide by topic: the English ones, and those written in another
    language (docs/es/guia.md is `peerpact docs guia`)."""
    folder = _folder()
    found = sorted(folder.glob("*.md")) + sorted(folder.glob("*/*.md"))
    return {path.stem: path for path in reversed(found)}  # an English topic wins a clash


def _titles() -> dict[str, str]:
    """The English guides' titles in the interface's language; a test checks
    that each is the title its page has."""
    return {
        "anonymity": _("How anonymous is `peerpact grievance`?"),
        "answers": _("Answers files"),
        "architecture": _("Architecture: the house"),
        "commands": _("Every command's `--help`"),
        "data-retention": _("Data retention and erasure"),
        "json": _("JSON output"),
        "leadership": _("Leadership: the organisation file"),
        "performance": _("Performance"),
        "record-format": _("The record format (format 2)"),
        "templates": _("Agreement templates"),
        "threat-model": _("Threat model: what a peerpact record proves, and what it does not"),
        "user-guide": _("peerpact user guide"),
    }


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
        rows = [(name, _listed_title(name, path)) for name, path in sorted(pages.items())]
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


def _listed_title(topic: str, page: Path) -> str:
    """The title as the list shows it: an English guide's in the interface's
    language, saying it is written in English when that is not the interface's."""
    from peerpact.i18n import DEFAULT, interface_language

    title = _title(page)
    if page.parent != _folder() or interface_language() == DEFAULT:
        return title
    return _("{title} (in English)").format(title=_titles().get(topic, title))
