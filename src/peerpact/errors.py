"""Every error peerpact raises on purpose, and the exit status each one means.

Core code raises these; the CLI turns them into words and exit codes in one
place (``PeerpactGroup.invoke`` in ``peerpact.cli``). Anything else escaping is a bug.
"""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """Named exit codes, so scripts can tell outcomes apart."""

    OK = 0
    #: A check failed: a record does not verify, a template does not validate.
    INVALID = 1
    #: The command line, an answers file or other input is wrong.
    BAD_INPUT = 2
    #: No record, template, key or grievance by that name.
    NOT_FOUND = 3
    #: Someone said no (or did not confirm); nothing was written.
    DECLINED = 4
    #: The thing exists but is in a state that refuses the action
    #: (an ended agreement, a record another process is writing).
    CONFLICT = 5
    #: The machine would not let us read or write (permissions, full disk).
    ENVIRONMENT = 6
    #: Delivery to the outside world failed (SMTP).
    DELIVERY = 7
    #: Ctrl-C. 128 + SIGINT, as shells report it.
    INTERRUPTED = 130


class PeerpactError(Exception):
    """Base error: a message for the user, an optional hint, an exit status."""

    status: ExitStatus = ExitStatus.INVALID
    #: A person's own choice (declining, stopping) is said plainly, not as an error.
    choice: bool = False

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class InvalidError(PeerpactError):
    """A record, template or file failed its checks."""

    status = ExitStatus.INVALID


class TemplateError(InvalidError):
    """An agreement template is broken or unsafe."""


class RecordError(InvalidError):
    """A record file is unreadable, malformed or fails verification."""


class UserInputError(PeerpactError):
    """What the user gave us (options, answers file, typed text) is wrong."""

    status = ExitStatus.BAD_INPUT


class NotFoundError(PeerpactError):
    status = ExitStatus.NOT_FOUND


class DeclinedError(PeerpactError):
    """A party declined or did not confirm. Not a failure of the software."""

    status = ExitStatus.DECLINED


class DeclinedHereError(DeclinedError):
    """Someone said no at a prompt (declined, cancelled, did not file): said
    plainly, as the choice it is, not as an error."""

    choice = True


class StoppedError(PeerpactError):
    """Someone stopped (Ctrl-C); what happened to their answers is the message."""

    status = ExitStatus.INTERRUPTED
    choice = True


class ConflictError(PeerpactError):
    status = ExitStatus.CONFLICT


class StorageError(PeerpactError):
    """The file system refused: permissions, full disk, a path that is a file."""

    status = ExitStatus.ENVIRONMENT


class DeliveryError(PeerpactError):
    status = ExitStatus.DELIVERY


class MissingToolError(PeerpactError):
    """A program peerpact uses for one feature (Chromium for --pdf) is not installed."""

    status = ExitStatus.ENVIRONMENT
