"""`peerpact amend`, interactively: one conversation, one revision.

Any party's additions, withdrawals and rewordings are gathered, reviewed
together and confirmed by every party at once. A conflict (rewording what is
being withdrawn) is caught when the label is typed. Every answer is kept in
a draft, so a stop loses nothing; a resumed draft goes straight to the review.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from peerpact.agreement.template import ADDITION_KINDS
from peerpact.cli.flows.revising import party_label
from peerpact.cli.ui.console import heading, safe
from peerpact.cli.ui.prompts import (
    GoBack,
    ask,
    ask_items,
    ask_signatures,
    choose,
    choose_word,
    confirm,
    going_back,
    list_intro,
    say,
    warn,
)
from peerpact.cli.ui.words import and_list
from peerpact.errors import DeclinedHereError, PeerpactError
from peerpact.i18n import _

if TYPE_CHECKING:
    from peerpact.agreement.drafts import SavedDraft
    from peerpact.agreement.state import Agreement, Party
    from peerpact.record.revisions import PartyChanges


def change_intro() -> str:
    return _(
        "A change binds all of you, so each of you confirms it by typing your own name "
        "exactly as shown. Type decline to say no (nothing will be recorded), or back to "
        "change something first."
    )


def what_next_words() -> dict[str, str]:
    """The words that choose what to change next, in the interface's language."""
    return {
        _("add"): "add",
        _("withdraw"): "withdraw",
        _("reword"): "reword",
        _("party"): "party",
        _("cancel"): "cancel",
    }


class Conversation:
    def __init__(self, state: Agreement, saved: SavedDraft) -> None:
        from peerpact.agreement.drafts import amend_changes
        from peerpact.record.revisions import PartyChanges

        self.state = state
        self.saved = saved
        self.requests: dict[str, PartyChanges] = {}
        for entry in amend_changes(saved):
            request = PartyChanges(
                entry["party"], entry["add"], entry["withdraw"], [tuple(p) for p in entry["reword"]]
            )
            self.requests[request.party] = request

    def save(self) -> None:
        """Keep the changes so far; with none (yet, or any more), keep no draft."""
        from peerpact.agreement.drafts import delete, save

        if all(request.is_empty() for request in self.requests.values()):
            delete(self.saved.id)
            return
        self.saved.answers = {"head": self.state.head, "changes": [
            {"party": r.party, "add": r.add, "withdraw": r.withdraw, "reword": r.reword}
            for r in self.requests.values()
        ]}  # fmt: skip
        save(self.saved)

    def request(self, party: Party) -> PartyChanges:
        from peerpact.record.revisions import PartyChanges

        return self.requests.setdefault(party.id, PartyChanges(party.id))

    def choose_party(self) -> Party:
        labels = [party_label(self.state, party) for party in self.state.parties]
        return self.state.parties[choose(_("Whose wants, needs or boundaries change?"), labels)]

    def run(self) -> tuple[list[PartyChanges], list[str]]:
        """Who changes what, reviewed until right, then everyone's signature.
        Typing `back` at any question returns to the review of the changes."""
        if self.requests:
            say(_("[bold]Going on where you stopped[/] (draft {id}).").format(id=self.saved.id))
        else:
            try:
                with going_back():
                    self.all_steps(self.choose_party())
            except GoBack:
                pass
        while True:
            lines = self.describe()
            # `back` anywhere returns here, to the changes as they stand.
            try:
                with going_back():
                    if lines and confirm(_("Is this right?"), True):
                        names = [party.name for party in self.state.parties]
                        typed = ask_signatures(names, "change", _("Confirm"), change_intro())
                        requests = [r for r in self.requests.values() if not r.is_empty()]
                        return requests, typed
                    self.what_next()
            except GoBack:
                continue

    def what_next(self) -> None:
        answer = choose_word(_("What do you want to change?"), what_next_words())
        if answer == "cancel":
            if confirm(_("Cancel every change? Nothing will be recorded"), None):
                raise DeclinedHereError(_("Stopped before confirming. Nothing was written."))
            return
        if answer == "party":
            self.all_steps(self.choose_party())
            return
        touched = [p for p in self.state.parties if not self.request(p).is_empty()]
        party = touched[0] if len(touched) == 1 else self.choose_party()
        STEPS[answer](self, party)

    def all_steps(self, party: Party) -> None:
        for step in STEPS.values():
            step(self, party)

    def describe(self) -> list[str]:
        from peerpact.record.revisions import describe_all, plan

        requests = [r for r in self.requests.values() if not r.is_empty()]
        if not requests:
            warn(_("Nothing changes yet."))
            return []
        try:
            lines = describe_all(self.state, plan(self.state, requests))
        except PeerpactError as exc:
            warn(safe(exc.message))
            return []
        names = [p.name for p in self.state.parties if p.id in {r.party for r in requests}]
        say("\n" + _("[bold]What changes for {names}:[/]").format(names=safe(and_list(names))))
        for line in lines:
            say(f"  {safe(line)}")
        return lines

    # -- the steps, each for one party -----------------------------------------------

    def additions(self, party: Party) -> None:
        heading(_("{name}: add wants, needs and boundaries").format(name=safe(party.name)))
        request = self.request(party)
        kinds = self.state.text.get("additions", {})
        for kind, prefix in ADDITION_KINDS.items():
            entry = kinds.get(kind, {}) if isinstance(kinds, dict) else {}
            first = self.state.counters.get((party.id, kind), 0) + 1
            label, prompt = str(entry.get("label", kind.title())), str(entry.get("prompt", ""))
            items = request.add.setdefault(kind, [])
            list_intro(label, prompt, [], prefix)
            for number, text in enumerate(items, start=first):
                say(f"  {prefix}{number}. {safe(text)}")
            ask_items(items, prefix, first, self.save)

    def withdrawals(self, party: Party) -> None:
        if not party.items:
            return
        request = self.request(party)
        while True:
            typed = ask(
                _("Withdraw any of {name}'s? Their labels, e.g. {label} (Enter for none)").format(
                    name=safe(party.name), label=party.items[0].label
                ),
                " ".join(request.withdraw),
            )
            labels = [label.upper() for label in typed.replace(",", " ").split()]
            unknown = [label for label in labels if party.find(label) is None]
            reworded = [label for label in labels if label in dict(request.reword)]
            if unknown:
                warn(
                    _("{name} has no {label}.").format(
                        name=safe(party.name), label=safe(unknown[0])
                    )
                )
            elif reworded:
                warn(
                    _(
                        "{label} is reworded in this change; withdraw or reword it, not both."
                    ).format(label=reworded[0])
                )
            else:
                request.withdraw = labels
                self.save()
                return

    def rewordings(self, party: Party) -> None:
        if not party.items:
            return
        request = self.request(party)
        while True:
            label = ask(
                _("Reword one of {name}'s? Its label (Enter for none)").format(
                    name=safe(party.name)
                )
            ).upper()
            if not label:
                return
            item = party.find(label)
            if item is None:
                warn(_("{name} has no {label}.").format(name=safe(party.name), label=safe(label)))
                continue
            if item.label in request.withdraw:
                warn(
                    _(
                        "{label} is withdrawn in this change; withdraw or reword it, not both."
                    ).format(label=item.label)
                )
                continue
            say("  " + _("Now: {text}").format(text=safe(item.text)))
            pending = dict(request.reword)
            question = "  " + _("New wording for {label}").format(label=item.label)
            text = ask(question, pending.get(item.label, item.text))
            pending.pop(item.label, None)
            if text and text != item.text:
                pending[item.label] = text
            request.reword = list(pending.items())
            self.save()


STEPS: dict[str, Callable[[Conversation, Party], None]] = {
    "add": Conversation.additions,
    "withdraw": Conversation.withdrawals,
    "reword": Conversation.rewordings,
}
