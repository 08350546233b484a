"""Interviews not yet finished, kept on disk so that no stop loses them.

A draft holds words nobody has signed: it is private (0600 in a 0700
folder), written atomically after every answer, named by a random id (never
a name), deleted when the record is written or the parties decline, and
expired after ``drafts.keep_days`` days. Signatures are never kept: consent
is given live, at the end.

A draft read back is untrusted like any file under PEERPACT_HOME: bounded in
size and depth, its id must match its file name, and a link is not followed.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peerpact.clock import now
from peerpact.codes import READABLE_ALPHABET, random_code
from peerpact.errors import NotFoundError, UserInputError
from peerpact.files import open_own
from peerpact.i18n import LANGUAGES, _

FORMAT = "peerpact-draft/1"
ID_LENGTH = 10
_ID = re.compile(f"^[{READABLE_ALPHABET}]{{{ID_LENGTH}}}$")
#: Generous for an interview (an answers file may be 1 MiB), bounded for a hostile file.
MAX_DRAFT_BYTES = 4 * 1024 * 1024
DEFAULT_KEEP_DAYS = 7
COMMANDS = ("new", "amend")


@dataclass
class SavedDraft:
    """One unfinished interview: which command, how far, and the answers so far.

    ``answers`` is plain data the command's own checks read back (an answers
    document for `new`, the changes for `amend`); ``step`` says where to go on.
    """

    command: str
    answers: dict[str, Any]
    step: str = ""
    record: str = ""
    #: The interview's language when the person chose one other than the
    #: interface's (a Spanish template in an English terminal); "" otherwise.
    language: str = ""
    #: The line being typed when the interview stopped: (question, text).
    unfinished: tuple[str, str] | None = None
    id: str = field(default_factory=lambda: random_code(ID_LENGTH))
    created: str = field(default_factory=now)
    updated: str = ""


def drafts_dir() -> Path:
    from peerpact.paths import get_paths

    return get_paths().data_dir / "drafts"


def _path(draft_id: str) -> Path:
    if not _ID.match(draft_id):
        raise NotFoundError(_("No draft {id!r}.").format(id=draft_id), _("See `peerpact drafts`."))
    return drafts_dir() / f"{draft_id}.json"


def save(draft: SavedDraft) -> None:
    from peerpact.files import atomic_write

    draft.updated = now()
    data = {
        "format": FORMAT,
        "id": draft.id,
        "command": draft.command,
        "record": draft.record,
        "step": draft.step,
        "created": draft.created,
        "updated": draft.updated,
        "answers": draft.answers,
    }
    if draft.language:
        data["language"] = draft.language
    if draft.unfinished:
        data["unfinished"] = list(draft.unfinished)
    atomic_write(_path(draft.id), json.dumps(data, ensure_ascii=False).encode("utf-8"))


def exists(draft_id: str) -> bool:
    try:
        return _path(draft_id).is_file()
    except NotFoundError:
        return False


def delete(draft_id: str) -> None:
    with contextlib.suppress(FileNotFoundError, NotFoundError):
        _path(draft_id).unlink()


def load(draft_id: str) -> SavedDraft:
    try:
        handle = open_own(_path(draft_id))
    except FileNotFoundError as exc:
        raise NotFoundError(
            _("No draft {id!r} (finished, discarded or expired).").format(id=draft_id),
            _("See `peerpact drafts`."),
        ) from exc
    except UserInputError as exc:
        # A folder or a pipe under a draft's name is not one (and a pipe would hang).
        raise _damaged(draft_id, _("it is not a file")) from exc
    except OSError as exc:
        raise _damaged(draft_id, _("it cannot be read (a link, or not a file)")) from exc
    with handle:
        data = handle.read(MAX_DRAFT_BYTES + 1)
    if len(data) > MAX_DRAFT_BYTES:
        raise _damaged(
            draft_id, _("it is larger than {size} KiB").format(size=MAX_DRAFT_BYTES // 1024)
        )
    return parse(data, draft_id)


def _damaged(draft_id: str, why: str) -> UserInputError:
    return UserInputError(
        _("Draft {id} is damaged: {why}.").format(id=draft_id, why=why),
        _("Discard it with `peerpact drafts --discard {id}`.").format(id=draft_id),
    )


def parse(data: bytes, draft_id: str) -> SavedDraft:
    """A draft's bytes, checked: the shape, the id, the command."""
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise _damaged(draft_id, _("it is not readable JSON")) from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise _damaged(draft_id, _("it is not a peerpact draft"))
    if doc.get("id") != draft_id:
        raise _damaged(draft_id, _("its id does not match its file name"))
    texts = ("command", "record", "step", "created", "updated")
    if not all(isinstance(doc.get(key), str) for key in texts):
        raise _damaged(draft_id, _("a field is missing or not text"))
    if doc["command"] not in COMMANDS or not isinstance(doc.get("answers"), dict):
        raise _damaged(draft_id, _("it is not a draft of `new` or `amend`"))
    language = doc.get("language", "")
    if language not in ("", *LANGUAGES):
        raise _damaged(draft_id, _("its language is not one peerpact speaks"))
    unfinished = doc.get("unfinished")
    if unfinished is not None and not (
        isinstance(unfinished, list)
        and len(unfinished) == 2
        and all(isinstance(part, str) for part in unfinished)
    ):
        raise _damaged(draft_id, _("its unfinished line is not a question and its text"))
    return SavedDraft(
        command=doc["command"],
        answers=doc["answers"],
        step=doc["step"],
        record=doc["record"],
        language=language,
        unfinished=(unfinished[0], unfinished[1]) if unfinished else None,
        id=draft_id,
        created=doc["created"],
        updated=doc["updated"],
    )


@dataclass(frozen=True)
class DraftSummary:
    """What `peerpact drafts` shows: never the content, not even names."""

    id: str
    command: str
    record: str
    updated: str
    problem: str = ""


def expire(keep_days: float) -> int:
    """Delete drafts untouched for ``keep_days``; returns how many."""
    removed = 0
    cutoff = time.time() - keep_days * 86400
    for path in _files():
        with contextlib.suppress(OSError):
            if path.lstat().st_mtime < cutoff:
                path.unlink()
                removed += 1
    return removed


def _files() -> list[Path]:
    folder = drafts_dir()
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.glob("*.json") if _ID.match(path.stem))


def summaries(command: str | None = None, record: str | None = None) -> list[DraftSummary]:
    """Every draft (of ``command`` for ``record``, if given), newest first."""
    found = []
    for path in _files():
        try:
            draft = load(path.stem)
        except (UserInputError, NotFoundError) as exc:
            if command is None:
                found.append(DraftSummary(path.stem, "?", "", "", exc.message))
            continue
        if command not in (None, draft.command) or record not in (None, draft.record):
            continue
        found.append(DraftSummary(draft.id, draft.command, draft.record, draft.updated))
    return sorted(found, key=lambda summary: summary.updated, reverse=True)


def _texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(text, str) for text in value)


def amend_changes(draft: SavedDraft) -> list[dict[str, Any]]:
    """An `amend` draft's changes, checked for shape (the record's own checks
    judge their content when the revision is planned)."""
    from peerpact.agreement.template import ADDITION_KINDS

    changes = draft.answers.get("changes", [])
    if not isinstance(changes, list):
        raise _damaged(draft.id, _("its changes are not a list"))
    for entry in changes:
        add = entry.get("add") if isinstance(entry, dict) else None
        pairs = entry.get("reword") if isinstance(entry, dict) else None
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("party"), str)
            and isinstance(add, dict)
            and all(kind in ADDITION_KINDS and _texts(texts) for kind, texts in add.items())
            and _texts(entry.get("withdraw"))
            and isinstance(pairs, list)
            and all(_texts(pair) and len(pair) == 2 for pair in pairs)
        ):
            raise _damaged(draft.id, _("a change is not of the expected shape"))
    return changes
