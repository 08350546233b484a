"""A party's copy: the agreement as one printable page, and checking one later.

A copy is made only from a record that has just verified in full. It carries
what it was made from in a ``<script type="application/json"
id="peerpact-copy">`` block: the record id, the revision it shows and that
revision's full head, how many revisions the record had then (and the last
one's head), the language, when it was made, the contact it names, and the
SHA-256 of the text a person sees on it. Beside the line that checks a
printout (``peerpact verify ID --head HEAD``) it carries a QR code holding
that line (agreement/qr.py), so a phone reads what a person would type.

Checking a copy makes it again from this computer's record, exactly as it was
made then, and compares the text a person sees on both. So a copy whose words
were changed fails, wherever the change is, a copy whose QR code was swapped
for another's fails, and a copy of a revision that was amended since is told
apart from one that is not in the record at all.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peerpact.agreement.render import render_copy
from peerpact.agreement.state import Agreement, view
from peerpact.agreement.template import ADDITION_KINDS
from peerpact.config import Config
from peerpact.errors import NotFoundError, UserInputError
from peerpact.files import read_bounded
from peerpact.i18n import _, dates_version
from peerpact.record.copy_text import Reader, normal, read, visible_text
from peerpact.record.format import ID_PATTERN, Record
from peerpact.record.payload.replay import apply, apply_change

#: A copy is a page of text; a record is at most 8 MiB, and its copy about
#: twice its record, so 17 MiB holds the largest genuine copy (what html5lib
#: is given is bounded further: record/copy_shape.py, ``markup_difference``).
MAX_COPY_BYTES = 17 * 1024 * 1024
MAX_DATA_BYTES = 64 * 1024
#: 2: the copy carries a QR code of its verify line. A copy of version 1,
#: made before, has none, and is made again without it when checked.
COPY_VERSION = 2
COPY_VERSIONS = (1, 2)
_PLACEHOLDER = "@@peerpact-copy-data@@"
_HEX64 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Contact:
    """Whom the copy names for feedback: never a command, always a person or office."""

    name: str = ""
    email: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "email": self.email}


def contact_for(config: Config, state: Agreement) -> Contact:
    """The organisation's contact: the config's, else what the agreement was made with."""
    variables = {k: v for k, v in state.variables.items() if isinstance(v, str)}
    organization = config.organization_name or variables.get("organization", "")
    email = config.leadership_email or variables.get("leadership_contact", "")
    return Contact(organization, email)


# -- making a copy --------------------------------------------------------------------


def _history(record: Record, names_at: dict[str, str], groups: dict[str, str]) -> list[Any]:
    """Each revision in plain data: its changes (with the old wording), who
    confirmed it and when. The layout puts it into words."""
    entries: list[dict[str, Any]] = []
    state: Agreement | None = None
    for revision in record.revisions:
        payload = revision.payload
        if state is None:  # the creation names the parties its additions belong to
            scratch = apply(None, {**payload, "changes": []}, revision.hash)
        else:
            scratch = copy.deepcopy(state)
        changes = []
        for index, change in enumerate(payload.get("changes", [])):
            party = scratch.party(str(change.get("party")))
            label = str(change.get("label"))
            item = party.find(label)
            kind = change.get("kind") or next(
                (k for k, prefix in ADDITION_KINDS.items() if label.startswith(prefix)), ""
            )
            changes.append(
                {
                    "op": change.get("op"),
                    "name": party.name,
                    "group": groups.get(str(kind), str(kind)),
                    "label": label,
                    "text": str(change.get("text", "")),
                    "old": item.text if item else "",
                }
            )
            apply_change(scratch, change, f"revision {revision.number}, change {index + 1}")
        state = apply(state, payload, revision.hash)
        confirmations = payload.get("confirmations", [])
        entries.append(
            {
                "number": revision.number,
                "kind": payload.get("kind"),
                "time": str(payload.get("time", "")),
                "changes": changes,
                "ended_by": names_at.get(state.ended_by, ""),
                "note": str(payload.get("note", "")),
                "confirmations": [
                    {
                        "name": names_at.get(str(c.get("party")), "?"),
                        "signature": str(c.get("signature", "")),
                        "time": str(c.get("time", "")),
                    }
                    for c in confirmations
                    if isinstance(c, dict)
                ],
            }
        )
    return entries


def verify_line(record_id: str, head: str) -> str:
    """The command that checks a printout: what the copy prints and its QR code holds."""
    return f"peerpact verify {record_id} --head {head[:16]}"


def _page(
    record: Record, revision: int, made: str, contact: Contact, version: int = COPY_VERSION
) -> tuple[str, dict[str, Any]]:
    """The copy's HTML (with a placeholder for its data), and that data.

    ``record`` is the record as it was when the copy was made (its revisions
    up to then); ``revision`` is the one the copy shows; ``version`` the
    copy's (``COPY_VERSIONS``), from the data of a copy being checked.
    """
    from peerpact.agreement.qr import qr_svg

    shown = Record(record.id, record.revisions[:revision], record.format)
    state = shown.state()
    page = view(state)
    groups = {g["kind"]: g["label"] for g in page["parties"][0]["additions"]}
    names = {party.id: party.name for party in state.parties}
    latest = len(record.revisions)
    signers = []
    for rev in shown.revisions:
        if rev.payload.get("signer") not in signers:
            signers.append(str(rev.payload.get("signer")))
    line = verify_line(record.id, state.head)
    page.update(
        head=state.head,
        verify_line=line,
        qr=qr_svg(line) if version >= 2 else "",
        revisions=latest,
        superseded=revision < latest,
        replaced=str(record.revisions[revision].payload.get("time", ""))
        if revision < latest
        else "",
        party_names=", ".join(names.values()),
        history=_history(shown, names, groups),
        signers=signers,
        contact=contact.as_dict(),
        made=made,
        data=_PLACEHOLDER,
    )
    data = {
        "peerpact_copy": version,
        "record": record.id,
        "revision": revision,
        "head": state.head,
        "revisions": latest,
        "latest": record.revisions[-1].hash,
        "language": page["language"],
        "made": made,
        "contact": contact.as_dict(),
        "dates": dates_version(),
    }
    return render_copy(page), data


def make_copy(
    record: Record, revision: int, made: str, contact: Contact, version: int = COPY_VERSION
) -> str:
    """A party's copy of ``record`` at ``revision``. The caller passes a record
    that has just verified (``store.load_verified``): a copy vouches for it.
    ``version`` is for checking a copy made by an older peerpact."""
    if not 1 <= revision <= len(record.revisions):
        raise UserInputError(
            _("--as-of %(n)s: %(id)s has revisions 1 to %(last)s.")
            % {"n": revision, "id": record.id, "last": len(record.revisions)}
        )
    page, data = _page(record, revision, made, contact, version)
    data["text_sha256"] = hashlib.sha256(visible_text(page).encode("utf-8")).hexdigest()
    # In a <script>, only "</" could end it early; \u escapes keep the JSON valid.
    text = json.dumps(data, ensure_ascii=True, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return page.replace(_PLACEHOLDER, text, 1)


# -- reading a copy -------------------------------------------------------------------


@dataclass(frozen=True)
class CopyData:
    record: str
    revision: int
    head: str
    revisions: int
    latest: str
    language: str
    made: str
    contact: Contact
    text_sha256: str
    #: The Babel that wrote the copy's dates (see ``i18n.dates_version``).
    dates: str = ""
    #: The copy's version (``COPY_VERSIONS``): 1 has no QR code.
    version: int = COPY_VERSION


def _copy_data(reader: Reader, source: str) -> CopyData:
    not_copy = _("%(file)s is not a peerpact copy (it has no copy data, or it is damaged).") % {
        "file": source
    }
    hint = _("A copy is the HTML file `peerpact export ID --copy` wrote.")
    raw = "".join(reader.data)
    if reader.data_blocks != 1 or len(raw) > MAX_DATA_BYTES:
        raise UserInputError(not_copy, hint)
    try:
        doc = json.loads(raw)
    except (ValueError, RecursionError):
        raise UserInputError(not_copy, hint) from None
    version = doc.get("peerpact_copy") if isinstance(doc, dict) else None
    if type(version) is not int or version not in COPY_VERSIONS:
        raise UserInputError(not_copy, hint)
    contact = doc.get("contact")
    numbers = [doc.get("revision"), doc.get("revisions")]
    texts = [doc.get(key) for key in ("record", "head", "latest", "language", "made")]
    texts.append(doc.get("text_sha256"))
    well_formed = (
        isinstance(contact, dict)
        and all(isinstance(n, int) and not isinstance(n, bool) for n in numbers)
        and all(isinstance(t, str) for t in texts)
        and all(isinstance(v, str) for v in contact.values())
    )
    if not well_formed or not isinstance(contact, dict):
        raise UserInputError(not_copy, hint)
    data = CopyData(
        record=doc["record"],
        revision=doc["revision"],
        head=doc["head"],
        revisions=doc["revisions"],
        latest=doc["latest"],
        language=doc["language"],
        made=doc["made"],
        contact=Contact(contact.get("name", ""), contact.get("email", "")),
        text_sha256=doc["text_sha256"],
        dates=str(doc.get("dates", "")),
        version=version,
    )
    if not (
        ID_PATTERN.fullmatch(data.record)
        and 1 <= data.revision <= data.revisions
        and _HEX64.fullmatch(data.head)
        and _HEX64.fullmatch(data.latest)
    ):
        raise UserInputError(not_copy, hint)
    return data


@dataclass
class CopyCheck:
    """What checking a copy against this computer's record found."""

    data: CopyData
    #: Problems that make the copy not genuine (exit 1).
    problems: list[str] = field(default_factory=list)
    #: Revisions the record gained after the one the copy shows.
    newer: int = 0
    #: The first line where the copy's text departs from the record's.
    difference: str = ""
    #: Why the difference may be innocent (dates written by another Babel).
    note: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


def check_copy(path: Path) -> tuple[CopyCheck, Record]:
    """Check a copy against the record this computer holds (which must verify)."""
    from peerpact.record.copy_shape import first_difference, html_copy, markup_difference
    from peerpact.record.store import load_verified

    try:
        page = html_copy(read_bounded(path, MAX_COPY_BYTES, _("copy")), path).decode("utf-8")
    except FileNotFoundError:
        raise NotFoundError(_("There is no file %(file)s.") % {"file": path}) from None
    except UnicodeDecodeError:
        raise UserInputError(
            _("%(file)s is not a peerpact copy (it is not UTF-8 text).") % {"file": path}
        ) from None
    reader = read(page)
    data = _copy_data(reader, str(path))
    try:
        record, verdict = load_verified(data.record)
    except NotFoundError:
        raise NotFoundError(
            _("This copy is of record %(id)s, which this computer does not hold.")
            % {"id": data.record},
            _("Check it on the computer that keeps the record (the facilitator's)."),
        ) from None
    check = CopyCheck(data)
    hashes = verdict.hashes
    if data.revisions > len(hashes) or hashes[data.revision - 1] != data.head:
        check.problems.append(
            _(
                "its revision %(n)s (head %(head)s) is not in record %(id)s, "
                "which has %(total)s revision(s) here"
            )
            % {"n": data.revision, "head": data.head[:16], "id": record.id, "total": len(hashes)}
        )
        return check, record
    if hashes[data.revisions - 1] != data.latest:
        check.problems.append(
            _(
                "it says the record then had %(n)s revision(s) ending at head %(head)s, "
                "and record %(id)s does not"
            )
            % {"n": data.revisions, "head": data.latest[:16], "id": record.id}
        )
        return check, record
    then = Record(record.id, record.revisions[: data.revisions], record.format)
    expected = _page(then, data.revision, data.made, data.contact, data.version)[0]
    genuine = read(expected)
    seen, wanted = normal("".join(reader.parts)), normal("".join(genuine.parts))
    if seen != wanted:
        check.problems.append(
            _("its text is not what record %(id)s says at revision %(n)s: it was edited")
            % {"id": record.id, "n": data.revision}
        )
        check.difference = first_difference(seen, wanted)
        if data.dates != dates_version():
            check.note = _(
                "The copy's dates were written with Babel %(then)s, and this computer has "
                "%(now)s: if only a date differs, that is why, not an edit."
            ) % {"then": data.dates or "?", "now": dates_version()}
    elif hashlib.sha256(seen.encode("utf-8")).hexdigest() != data.text_sha256:
        check.problems.append(_("its data block was edited (the text's hash does not match)"))
    elif reader.codes != genuine.codes:
        check.problems.append(
            _("its QR code is not the genuine copy's, which holds %(line)s")
            % {"line": verify_line(record.id, data.head)}
        )
    elif extra := markup_difference(
        page,
        make_copy(then, data.revision, data.made, data.contact, data.version),
        reader.most_attributes,
    ):
        check.problems.append(
            _(
                "it carries markup peerpact does not write (%(what)s), so what a browser "
                "shows or prints may not be the record's text"
            )
            % {"what": extra}
        )
    check.newer = len(hashes) - data.revision
    return check, record
