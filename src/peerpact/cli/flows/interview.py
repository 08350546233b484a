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

from peerpact.agreement.template import ADDITION_KINDS
from peerpact.agreement.unsigned import Draft, PartyDraft, answers_doc
from peerpact.cli.flows.review import review_additions
from peerpact.cli.ui.console import heading, safe
from peerpact.cli.ui.prompts import (
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
    say,
    warn,
)
from peerpact.i18n import _

if TYPE_CHECKING:
    from peerpact.agreement.drafts import SavedDraft
    from peerpact.agreement.state import Agreement
    from peerpact.agreement.template import Template
    from peerpact.config import Config


class Interview:
    def __init__(
        self, template: Template, config: Config, missing: list[str], saved: SavedDraft
    ) -> None:
        from peerpact.agreement.unsigned import parse_answers

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
            say(_("[bold]Going on where you stopped[/] (draft {id}).").format(id=self.saved.id))
        while True:
            steps = self.steps()
            step = steps[index]
            self.save(step)
            try:
                with going_back():
                    self.ask_step(step)
            except GoBack:
                if index == 0:
                    warn(_("This is the first question; there is nothing before it."))
                index = max(0, index - 1)
                continue
            if step == "consent":
                return self.draft
            index = self.steps().index(step) + 1

    def ask_step(self, step: str) -> None:
        name, __, number = step.partition("/")
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
            page_through(self.markdown(), self.template.language)
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
            heading(_("Who is agreeing"))
            say(
                _(
                    "[bold]A mutual agreement[/] between a member and their peer supporter. "
                    "Nothing is recorded until each of you consents at the end. Type back to "
                    "return to the step before; Ctrl-C stops (your answers can be kept)."
                )
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
        roles = role_words(self.template)
        while confirm(_("Add another party (for example a co-supporter)?"), False):
            role = choose_word(_("Their role"), roles, list(self.template.roles)[-1])
            party = PartyDraft(role=role, name="")
            self.ask_role_party(party, [p.name for p in parties])
            parties.append(party)
            self.save()
        if len(parties) > len(self.required) and confirm(_("Remove a party added here?"), False):
            added = parties[len(self.required) :]
            del parties[len(self.required) + choose(_("Which one?"), [p.name for p in added])]
            self.save()

    def ask_list(self, party: PartyDraft, kind: str) -> None:
        if kind == next(iter(ADDITION_KINDS)):
            heading(_("{name}: wants, needs and boundaries").format(name=safe(party.name)))
        entry = self.template.additions[kind]
        items, prefix = party.additions[kind], ADDITION_KINDS[kind]
        list_intro(entry["label"], entry["prompt"], items, prefix)
        ask_items(items, prefix, saved=self.save)

    def ask_summary(self) -> None:
        heading(_("The whole agreement"))
        self.show()
        while not confirm(_("Go on to consent?"), True):
            names = [party.name for party in self.draft.parties]
            self.review(self.draft.parties[choose(_("Whose part do you want to change?"), names)])
            heading(_("The whole agreement"))
            self.show()

    # -- what is shown -----------------------------------------------------------------

    def show(self) -> None:
        from peerpact.cli.ui.console import show_markdown

        show_markdown(self.markdown())

    def preview(self) -> Agreement:
        from peerpact.agreement.unsigned import resolve_variables
        from peerpact.record.payload.build import preview

        values, __ = resolve_variables(self.template, self.draft.variables, self.config.variables)
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
    heading(_("About your organisation"))
    for name in missing:
        description = template.variables[name].description or name
        variables[name] = ask(f"{safe(description)} ({name})", variables.get(name, ""))
        saved()


def role_words(template: Template) -> dict[str, str]:
    """The words that name the template's roles when one is chosen: their ids
    (member, supporter) in English; in another language the first word of each
    role's label (miembro, acompañante), when those tell the roles apart."""
    from peerpact.i18n import interface_language

    ids = {role: role for role in template.roles}
    if interface_language() == "en":
        return ids
    words = {
        (str(entry["label"]).split() or [role])[0].casefold(): role
        for role, entry in template.roles.items()
    }
    return words if len(words) == len(ids) else ids


def offer_language(template: Template, saved: SavedDraft) -> Template:
    """A template written in another language than the interface's (one
    peerpact speaks): where the organisation has it in other languages too,
    the person chooses among those (the template and the interview follow);
    otherwise they are asked, in both languages, whether the interview goes on
    in the template's. The answer is kept with the draft, so a resumed
    interview speaks the language chosen without asking again. Returns the
    template to go on with."""
    from peerpact.agreement.library import load_template, translations
    from peerpact.i18n import interface_language, supported, use_language

    if saved.language:
        use_language(saved.language)
        return template
    here, there = interface_language(), supported(template.language)
    if there is None or there == here:
        return template
    family = translations(str(saved.answers.get("template", "")))
    if len(family) > 1:
        chosen = _choose_language(list(family), here, there)
        saved.answers["template"] = family[chosen]
        saved.language = supported(chosen) or here
        use_language(saved.language)
        return template if chosen == template.language else load_template(family[chosen])
    _ask_language(here, there, saved)
    return template


def _choose_language(languages: list[str], here: str, there: str) -> str:
    """One of the languages the agreement is written in, asked in the
    interface's language and the template's."""
    from peerpact.i18n import speaking

    lines = []
    for language in (here, there):
        with speaking(language):
            lines.append(_("This agreement is written in more than one language. Which one?"))
    ordered = sorted(languages, key=lambda language: (language != here, language))
    say(lines[0])  # the question first, then the choices, then asked again in the other
    index = choose(lines[1], [language_name(code, code) for code in ordered])
    return ordered[index]


def _ask_language(here: str, there: str, saved: SavedDraft) -> None:
    """Go on in the template's language (``there``), or in the interface's?"""
    from rich.markup import escape

    from peerpact.cli.ui.words import no_words, yes_no_hint, yes_words
    from peerpact.i18n import speaking, use_language

    lines, hints, nudges = [], [], []
    yes: tuple[str, ...] = ()
    no: tuple[str, ...] = ()
    for language in (here, there):
        with speaking(language):
            lines.append(
                _("This agreement is written in {language}. Go on in {language}?").format(
                    language=language_name(there, language)
                )
            )
            hints.append(yes_no_hint(None))
            nudges.append(_("Please answer y or n (yes or no)."))
            yes, no = (*yes, *yes_words()), (*no, *no_words())
    question = f"{lines[0]} {escape(hints[0])}\n{lines[1]}"
    asked = confirm(question, None, hint=hints[1], words=(yes, no), nudge=" ".join(nudges))
    saved.language = there if asked else here
    use_language(saved.language)


def language_name(language: str, in_language: str) -> str:
    """ "Spanish", or "español": a language's name as ``in_language`` writes it."""
    from babel import Locale

    return str(Locale.parse(language).get_display_name(in_language) or language)
