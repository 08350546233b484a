"""`peerpact setup`: set peerpact up, or change the answers."""

from peerpact.cli.app import commands
from peerpact.cli.commands import about
from peerpact.cli.flows.setup import ask_settings, make_key, say_missing, show_places
from peerpact.cli.ui.console import out
from peerpact.cli.ui.params import NoInput
from peerpact.i18n import _

app = commands()


@app.command(help=about("setup"))
def setup(no_input: NoInput = False) -> None:
    if not no_input:
        from peerpact.cli.ui.lineedit import require_terminal

        require_terminal(
            "`peerpact setup`", _("Use `peerpact setup --no-input`, then `peerpact config set`.")
        )
        ask_settings()
    key = make_key(out())
    show_places(out())
    if no_input:
        say_missing(out())
    out().print(
        _("\nReady. Start an agreement with `peerpact new`. Your key: {fingerprint}.").format(
            fingerprint=key.public.fingerprint
        )
    )
