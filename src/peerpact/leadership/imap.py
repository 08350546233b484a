"""`inbox sync --imap`: leadership's mail read straight from an IMAP server.

Always over TLS from the first byte (IMAPS), the certificate checked against
the system's store or ``imap.ca_file``: the password and the sealed messages
never cross the network in the clear, and there is no option to make them.
The folder is opened read-only and messages are fetched with ``BODY.PEEK``,
so nothing on the server is deleted, moved or flagged (not even \\Seen).

Only messages above the last UID seen are fetched: the folder's UIDVALIDITY
and that UID are kept per server and folder in ``imap.txt`` under the inbox,
each line MACed with the inbox key. A line that does not check, or a changed
UIDVALIDITY, means the whole folder is read again: nothing is lost, and what
was taken before drops out as a duplicate (by source, then by digest), so
the file can make a sync faster but never hide a message; nor does the last
UID pass a refused message (``taken_up_to``). Each message is
fetched at most MAX_MESSAGE_BYTES + 1 bytes long, as the Maildir reader
reads it, and both feed ``sync`` the same (source_id, raw) pairs.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from peerpact.errors import DeliveryError, UserInputError
from peerpact.i18n import _
from peerpact.leadership.mail import MAX_MESSAGE_BYTES
from peerpact.leadership.sync import SyncReport, sync

if TYPE_CHECKING:
    from pyrage import x25519

    from peerpact.config import ImapSettings
    from peerpact.passwords import Ask
    from peerpact.record.keys import SigningKey

STATE_FILE = "imap.txt"
MAX_STATE_BYTES = 64 * 1024
#: Seconds to wait on the server at any step.
TIMEOUT = 30.0
#: Messages fetched in one command: at most this many megabytes in memory.
BATCH = 16
_MAC_DIGITS = 32


@dataclass(frozen=True)
class Mailbox:
    """One folder on one server, as the settings name it."""

    host: str
    port: int
    user: str
    folder: str

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"

    def source(self, uidvalidity: int, uid: int) -> str:
        """The message's name, as an IMAP URL names it (RFC 5092)."""
        return (
            f"imap://{self.user}@{self.host}:{self.port}/{self.folder}"
            f";UIDVALIDITY={uidvalidity}/;UID={uid}"
        )


def mailbox(settings: ImapSettings) -> Mailbox:
    if not settings.host:
        raise UserInputError(
            _("No IMAP server is set."), _("Set it once: `peerpact config set imap.host HOST`.")
        )
    if not settings.user:
        raise UserInputError(
            _("No IMAP user is set."), _("Set it once: `peerpact config set imap.user USER`.")
        )
    return Mailbox(settings.host, settings.port, settings.user, settings.folder or "INBOX")


def sync_imap(
    folder: Path,
    identities: Sequence[x25519.Identity],
    settings: ImapSettings,
    ask: Ask | None,
    signer: SigningKey | None = None,
) -> SyncReport:
    """``sync`` from an IMAP folder; the password is found (peerpact.passwords,
    ``ask`` last) only once TLS is up."""
    from peerpact.files import ensure_private_dir
    from peerpact.leadership import casefile
    from peerpact.passwords import Account, password

    box = mailbox(settings)
    account = Account("imap", box.host, box.user, settings.password_command)
    identities = list(identities)
    if not identities:
        raise UserInputError(_("No identity to open the messages with."))
    ensure_private_dir(folder)
    key = casefile.inbox_key(folder, identities, create=True)
    state = read_state(folder, key)
    tag = mailbox_tag(key, box)
    with _connected(box, settings.ca_file, lambda: password(account, ask)) as client:
        uidvalidity = _select(client, box)
        kept_validity, last = state.get(tag, (0, 0))
        if kept_validity != uidvalidity or not casefile.intact(folder, key):
            # A new folder, the server renumbered it, or a case may have been
            # removed from the cases file (its message is below the last UID).
            last = 0
        uids = _new_uids(client, box, last)
        report = sync(folder, identities, _fetched(client, box, uidvalidity, uids), signer)
    state[tag] = (uidvalidity, taken_up_to(box, uidvalidity, last, uids, report))
    write_state(folder, key, state)
    return report


def taken_up_to(
    box: Mailbox, uidvalidity: int, last: int, uids: list[int], report: SyncReport
) -> int:
    """The UID the next sync starts above: the last one fetched, but never past
    a message ``sync`` refused. The Maildir reader sees a refused message again
    on every sync (an identity added later opens it); above it here, it would
    never be fetched again. What was taken after it comes back as seen."""
    refused = {item.source for item in report.refused}
    held = [uid for uid in uids if box.source(uidvalidity, uid) in refused]
    return min(held) - 1 if held else max([last, *uids])


def mailbox_tag(key: bytes, box: Mailbox) -> str:
    named = f"{box.user}@{box.host}:{box.port}/{box.folder}".encode()
    return _mac(key, b"mailbox", named)


def _mac(key: bytes, kind: bytes, data: bytes) -> str:
    return hmac.digest(key, b"peerpact imap " + kind + b"\x00" + data, "sha256").hex()[:_MAC_DIGITS]


def _line_mac(key: bytes, tag: str, uidvalidity: int, last: int) -> str:
    return _mac(key, b"state", f"{tag} {uidvalidity} {last}".encode("ascii"))


def read_state(folder: Path, key: bytes) -> dict[str, tuple[int, int]]:
    """Mailbox tag -> (UIDVALIDITY, last UID taken); a line that does not
    check is left out (its folder is then read again in full)."""
    from peerpact.files import read_bounded

    try:
        data = read_bounded(folder / STATE_FILE, MAX_STATE_BYTES, _("IMAP state"), follow=False)
    except FileNotFoundError:
        return {}
    state: dict[str, tuple[int, int]] = {}
    for line in data.decode("ascii", "replace").splitlines():
        parts = line.split()
        if len(parts) != 4 or not (parts[1].isdigit() and parts[2].isdigit()):
            continue
        tag, uidvalidity, last, mac = parts[0], int(parts[1]), int(parts[2]), parts[3]
        if hmac.compare_digest(mac, _line_mac(key, tag, uidvalidity, last)):
            state[tag] = (uidvalidity, last)
    return state


def write_state(folder: Path, key: bytes, state: dict[str, tuple[int, int]]) -> None:
    from peerpact.files import atomic_write

    lines = [
        f"{tag} {validity} {last} {_line_mac(key, tag, validity, last)}\n"
        for tag, (validity, last) in state.items()
    ]
    atomic_write(folder / STATE_FILE, "".join(lines).encode("ascii"))


class _Connected:
    """The client, logged in, logged out (or closed) whatever happens."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def __enter__(self) -> Any:
        return self.client

    def __exit__(self, *exc: object) -> None:
        import contextlib

        with contextlib.suppress(Exception):
            self.client.logout()
        with contextlib.suppress(Exception):
            self.client.shutdown()


def _connected(box: Mailbox, ca_file: str, password: Callable[[], str]) -> _Connected:
    import ssl

    from imapclient import IMAPClient
    from imapclient.exceptions import LoginError

    context = ssl.create_default_context(
        cafile=str(Path(ca_file).expanduser()) if ca_file else None
    )
    try:
        client = IMAPClient(box.host, box.port, ssl=True, ssl_context=context, timeout=TIMEOUT)
    except (OSError, ssl.SSLError) as exc:
        raise _network_error(box, exc) from exc
    try:
        client.login(box.user, password())
    except LoginError as exc:
        client.shutdown()
        raise DeliveryError(
            _("The IMAP server at {where} refused the login of {user}.").format(
                where=box.where, user=box.user
            ),
            _("Check the user name (imap.user) and the password; nothing was taken."),
        ) from exc
    except (OSError, ssl.SSLError) as exc:
        client.shutdown()
        raise _network_error(box, exc) from exc
    except BaseException:
        client.shutdown()
        raise
    return _Connected(client)


def _network_error(box: Mailbox, exc: BaseException) -> DeliveryError:
    import ssl

    untouched = _("Nothing was taken.")
    if isinstance(exc, ssl.SSLCertVerificationError):
        return DeliveryError(
            _("The IMAP server at {where} has a certificate that is not trusted: {value}.").format(
                where=box.where, value=exc.verify_message or exc.reason
            ),
            _("{untouched} Set imap.ca_file to the server's own certificate authority.").format(
                untouched=untouched
            ),
        )
    if isinstance(exc, ssl.SSLError):
        return DeliveryError(
            _("TLS with the IMAP server at {where} failed: {value}.").format(
                where=box.where, value=exc.reason or exc
            ),
            _("{untouched} peerpact speaks IMAP only over TLS (IMAPS, port 993).").format(
                untouched=untouched
            ),
        )
    if isinstance(exc, TimeoutError):
        return DeliveryError(
            _("The IMAP server at {where} did not answer within {seconds} seconds.").format(
                where=box.where, seconds=f"{TIMEOUT:g}"
            ),
            untouched,
        )
    reason = (exc.strerror if isinstance(exc, OSError) else None) or str(exc) or type(exc).__name__
    return DeliveryError(
        _("Could not reach the IMAP server at {where}: {reason}.").format(
            where=box.where, reason=reason
        ),
        untouched,
    )


def _said(box: Mailbox, exc: BaseException) -> DeliveryError:
    import ssl

    if isinstance(exc, OSError | ssl.SSLError):
        return _network_error(box, exc)
    text = exc.args[0] if exc.args else exc
    said = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return DeliveryError(
        _("The IMAP server at {where} said: {said}").format(where=box.where, said=said[:200]),
        _("Nothing was taken."),
    )


def _errors() -> tuple[type[BaseException], ...]:
    import imaplib

    return (imaplib.IMAP4.error, OSError)


def _select(client: Any, box: Mailbox) -> int:
    try:
        # Read-only: the server sets no flag, not even \Seen, on what is read.
        info = client.select_folder(box.folder, readonly=True)
    except _errors() as exc:
        raise _said(box, exc) from exc
    uidvalidity = info.get(b"UIDVALIDITY")
    if not isinstance(uidvalidity, int):
        # Without it no UID can be trusted to name the same message next time.
        raise DeliveryError(
            _("The IMAP server at {where} gave the folder {folder} no UIDVALIDITY.").format(
                where=box.where, folder=box.folder
            ),
            _("Nothing was taken. Sync from the Maildir your mail client keeps instead."),
        )
    return uidvalidity


def _new_uids(client: Any, box: Mailbox, last: int) -> list[int]:
    try:
        found = client.search(["UID", f"{last + 1}:*"])
    except _errors() as exc:
        raise _said(box, exc) from exc
    # "N:*" always names the highest UID, even one below N.
    return sorted(uid for uid in found if uid > last)


def _fetched(
    client: Any, box: Mailbox, uidvalidity: int, uids: list[int]
) -> Iterator[tuple[str, bytes]]:
    """Each message's first MAX_MESSAGE_BYTES + 1 bytes, a batch at a time."""
    part = f"BODY.PEEK[]<0.{MAX_MESSAGE_BYTES + 1}>"
    for start in range(0, len(uids), BATCH):
        batch = uids[start : start + BATCH]
        try:
            answers = client.fetch(batch, [part])
        except _errors() as exc:
            raise _said(box, exc) from exc
        for uid in batch:
            data = answers.get(uid, {}).get(b"BODY[]<0>")
            if isinstance(data, bytes):
                yield box.source(uidvalidity, uid), data
