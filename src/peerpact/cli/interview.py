"""`peerpact new`, interactively: a sequence of steps, saved as a draft after
every answer, that `back` walks through in either direction.

Steps: the organisation's missing variables, each party (name, pronouns),
more parties, reading the agreement, each party's wants, needs and boundaries
and their review, the whole agreement, consent. A draft remembers the step
reached, so a resumed interview goes on where it stopped, every earlier
answer in place (and pre-filled when a step is asked again).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from peerpact.agreement.draft import Draft, PartyDraft, answers_doc
from peerpact.agreement.template import ADDITION_KINDS
from peerpact.cli.console import heading, safe
from peerpact.cli.prompts import (
    GoBack,
    ask,
    ask_items,
    ask_name,
    ask_party,
    ask_pronouns,
    ask_signatures,
    choose,
    choose_word,
    confirm,
    going_back,
    list_intro,
    page_through,
    review_additions,
    say,
    warn,
)

if TYPE_CHECKING:
    from peerpact.agreement.drafts import SavedDraft
    from peerpact.agreement.state import Agreement
    from peerpact.agreement.template import Template
    from peerpact.config import Config


class Interview:
    def __init__(
        self, template: Template, config: Config, missing: list[str], saved: SavedDraft
    ) -> None:
        from peerpact.agreement.draft import parse_answers

        self.template = template
        self.config = config
        self.missing = missing
        self.saved = saved
        self.draft: Draft = parse_answers(saved.answers, "draft", partial=True)
        self.required = [role for role, entry in template.roles.items() if entry["required"]]
        self.labels = {kind: template.additions[kind]["label"] for kind in ADDITION_KINDS}

    # -- the steps -------------------------------------------------------------------

    def steps(self) -> list[str]:
        steps = ["variables"] if self.missing else []
        for index in range(max(len(self.required), len(self.draft.parties))):
            steps += [f"name/{index}", f"pronouns/{index}"]
        steps += ["more-parties", "reading"]
        for index in range(len(self.draft.parties)):
            steps += [f"{kind}/{index}" for kind in ADDITION_KINDS]
            steps.append(f"review/{index}")
        return [*steps, "summary", "consent"]

    def save(self, step: str | None = None) -> None:
        """Keep the answers and the step reached; nothing is kept before a first answer."""
        from peerpact.agreement.drafts import save

        if step is not None:
            self.saved.step = step
        self.saved.answers = answers_doc(self.draft)
        if self.draft.parties or self.draft.variables:
            save(self.saved)

    def run(self) -> Draft:
        """Every step in turn (`back` goes one step back); the draft consented to."""
        steps = self.steps()
        # Consent is never kept: a resumed interview shows the whole agreement first.
        step = "summary" if self.saved.step == "consent" else self.saved.step
        index = steps.index(step) if step in steps else 0
        if index:
            say(f"[bold]Going on where you stopped[/] (draft {self.saved.id}).")
        while True:
            steps = self.steps()
            step = steps[index]
            self.save(step)
            try:
                with going_back():
                    self.ask_step(step)
            except GoBack:
                if index == 0:
                    warn("This is the first question; there is nothing before it.")
                index = max(0, index - 1)
                continue
            if step == "consent":
                return self.draft
            index = self.steps().index(step) + 1

    def ask_step(self, step: str) -> None:
        name, _, number = step.partition("/")
        if name == "variables":
            self.ask_variables()
        elif name == "name":
            self.ask_name(int(number))
        elif name == "pronouns":
            party = self.draft.parties[int(number)]
            party.pronouns = ask_pronouns(party)
        elif name == "more-parties":
            self.ask_more_parties()
        elif name == "reading":
            page_through(self.markdown())
        elif name in ADDITION_KINDS:
            self.ask_list(self.draft.parties[int(number)], name)
        elif name == "review":
            self.review(self.draft.parties[int(number)])
        elif name == "summary":
            self.ask_summary()
        else:
            signatures = ask_signatures([party.name for party in self.draft.parties])
            for party, signature in zip(self.draft.parties, signatures, strict=True):
                party.signature = signature

    def ask_variables(self) -> None:
        ask_missing(self.template, self.missing, self.draft.variables, self.save)

    def ask_name(self, index: int) -> None:
        if index == 0:
            heading("Who is agreeing")
            say(
                "[bold]A mutual agreement[/] between a member and their peer supporter. "
                "Nothing is recorded until each of you consents at the end. Type back to "
                "return to the step before; Ctrl-C stops (your answers can be kept)."
            )
        parties = self.draft.parties
        if index == len(parties):
            role = self.required[index]
            default = self.config.supporter_name if role == "supporter" else ""
            parties.append(PartyDraft(role=role, name=default))
        party = parties[index]
        label = self.template.roles[party.role]["label"]
        party.name = ask_name(label, party.name, [p.name for p in parties if p is not party])

    def ask_role_party(self, party: PartyDraft, taken: list[str]) -> None:
        ask_party(self.template.roles[party.role]["label"], party, taken)

    def review(self, party: PartyDraft) -> None:
        def rename() -> None:
            self.ask_role_party(party, [p.name for p in self.draft.parties if p is not party])

        review_additions(self.labels, party, rename, self.save)

    def ask_more_parties(self) -> None:
        parties = self.draft.parties
        roles = list(self.template.roles)
        while confirm("Add another party (for example a co-supporter)?", False):
            role = choose_word("Their role", roles, roles[-1])
            party = PartyDraft(role=role, name="")
            self.ask_role_party(party, [p.name for p in parties])
            parties.append(party)
            self.save()
        if len(parties) > len(self.required) and confirm("Remove a party added here?", False):
            added = parties[len(self.required) :]
            del parties[len(self.required) + choose("Which one?", [p.name for p in added])]
            self.save()

    def ask_list(self, party: PartyDraft, kind: str) -> None:
        if kind == next(iter(ADDITION_KINDS)):
            heading(f"{safe(party.name)}: wants, needs and boundaries")
        entry = self.template.additions[kind]
        items, prefix = party.additions[kind], ADDITION_KINDS[kind]
        list_intro(entry["label"], entry["prompt"], items, prefix)
        ask_items(items, prefix, saved=self.save)

    def ask_summary(self) -> None:
        heading("The whole agreement")
        self.show()
        while not confirm("Go on to consent?", True):
            names = [party.name for party in self.draft.parties]
            self.review(self.draft.parties[choose("Whose part do you want to change?", names)])
            heading("The whole agreement")
            self.show()

    # -- what is shown -----------------------------------------------------------------

    def show(self) -> None:
        from peerpact.cli.console import show_markdown

        show_markdown(self.markdown())

    def preview(self) -> Agreement:
        from peerpact.agreement.draft import preview, resolve_variables

        values, _ = resolve_variables(self.template, self.draft.variables, self.config.variables)
        return preview(self.draft, self.template, values)

    def markdown(self) -> str:
        from peerpact.agreement.render import render_document
        from peerpact.agreement.state import view

        return render_document(view(self.preview()), "markdown")


def ask_missing(
    template: Template,
    missing: list[str],
    variables: dict[str, str],
    saved: Callable[[], None] = lambda: None,
) -> None:
    """The template's variables nobody gave a value for, asked in turn."""
    heading("About your organisation")
    for name in missing:
        description = template.variables[name].description or name
        variables[name] = ask(f"{safe(description)} ({name})", variables.get(name, ""))
        saved()
