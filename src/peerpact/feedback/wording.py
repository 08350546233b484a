"""The words of a grievance that leadership reads: the built-in categories,
and the labels of the sealed text, written in the organisation's language
and read back in any language peerpact speaks.

A category keeps its stable name ("grievance"): that is what a case
records, what the headers carry and what `config set grievance.categories`
compares with. A person is shown its word in their language ("queja").

The sealed text's labels ("Category:", "Contact details: ...") and the
headers outside the seal (the subject, the sender's display name) follow the
organisation's language (``organization.language``, or the joined file's
``language``), so a leader reads them in theirs whoever wrote. Without one,
the labels inside the seal follow the grievance's own language, the text's,
and the headers stay English: outside the seal a header must be the same for
every message of an organisation, never a sign of the writer's language.
`inbox sync` reads the labels back in every language, so a message in any
of them is taken.
"""

from __future__ import annotations

from dataclasses import dataclass

from peerpact.i18n import DEFAULT, LANGUAGES, _, interface_language, speaking, supported

#: The address a sealed message comes from: the same in every language.
ANONYMOUS_ADDRESS = "anonymous@peerpact.invalid"


def category_words() -> dict[str, str]:
    """The built-in categories (config.DEFAULT_CATEGORIES) in the interface's language."""
    return {
        "feedback": _("feedback"),
        "grievance": _("grievance"),
        "safety concern": _("safety concern"),
    }


def category_word(category: str) -> str:
    """A category as the interface says it: a built-in one in its words, the
    organisation's own as written."""
    return category_words().get(category, category)


@dataclass(frozen=True)
class Labels:
    """The sealed text's words and the sealed headers, in one language."""

    category: str
    none_chosen: str
    contact: str
    anonymous: str
    subject: str
    sender: str
    #: The built-in categories' words in this language.
    categories: dict[str, str]

    def category_line(self, category: str) -> str:
        said = self.categories.get(category, category) if category else self.none_chosen
        return f"{self.category}: {said}"


def labels(language: str) -> Labels:
    """The labels in ``language`` (English when peerpact does not speak it)."""
    with speaking(supported(language) or DEFAULT):
        return Labels(
            category=_("Category"),
            none_chosen=_("(none chosen)"),
            contact=_("Contact details (the sender chose to give them):"),
            anonymous=_("Contact details: none. The sender chose to stay anonymous."),
            subject="[peerpact] " + _("sealed message"),
            sender=_("Anonymous") + f" <{ANONYMOUS_ADDRESS}>",
            categories=category_words(),
        )


def inside(organisation: str) -> Labels:
    """The sealed text's labels: the organisation's language, else the grievance's."""
    return labels(organisation or interface_language())


def outside(organisation: str) -> Labels:
    """The headers outside the seal: the organisation's language, else English."""
    return labels(organisation or DEFAULT)


def every_language() -> tuple[Labels, ...]:
    """The labels in each language peerpact speaks: what a reader looks for."""
    return tuple(labels(language) for language in LANGUAGES)


def stable_category(shown: str) -> str:
    """The category a sealed text names, by its stable name: a built-in
    one's word in any language back to that name; "" for none chosen."""
    for words in every_language():
        if shown == words.none_chosen:
            return ""
        for name, word in words.categories.items():
            if shown == word:
                return name
    return shown
