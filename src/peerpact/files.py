"""Files on disk: private folders, atomic writes, locks, bounded reads.

Every write goes to a temp file in the same folder, is fsynced, then renamed
over the target, so a crash leaves the old file or the new one, never half.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from peerpact.errors import ConflictError, NotFoundError, StorageError, UserInputError
from peerpact.i18n import _

TEMP_PREFIX = ".tmp-"
TEMP_SUFFIX = ".part"
#: A temp file older than this belongs to a writer that died; safe to remove.
STALE_TEMP_SECONDS = 60.0
#: How long a writer waits for another writer of the same record.
LOCK_TIMEOUT_SECONDS = 30.0
#: `-` on the command line: standard input or output, as git and tar take it.
#: Compared by identity (``path is STREAM``): the command line makes this very
#: object for a bare `-` (cli/ui/params.py), so a file really called "-" is
#: still ``./-``. Every bounded read and atomic write honours it here, once.
STREAM = Path("-")


def describe_os_error(exc: OSError, path: Path) -> StorageError:
    """Turn an OSError into a message a facilitator can act on."""
    if exc.errno == errno.ENOSPC:
        return StorageError(
            _("The disk is full: could not write {path}.").format(path=path), _("Free some space.")
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StorageError(
            _("peerpact may not write to {path} (permission denied or read-only).").format(
                path=path
            ),
            _("Check the folder's permissions, or set PEERPACT_HOME to a writable folder."),
        )
    if exc.errno in (errno.EISDIR, errno.EBUSY) and path.is_dir():
        return StorageError(
            _("{path} is a folder.").format(path=path), _("Give the name of a file to write.")
        )
    if exc.errno in (errno.ENOTDIR, errno.EEXIST):
        return StorageError(
            _("{path} (or a folder above it) is a file, not a folder.").format(path=path),
            _("Move that file away, or set PEERPACT_HOME to a folder."),
        )
    return StorageError(
        _("Could not write {path}: {value}.").format(path=path, value=exc.strerror or exc)
    )


def check_target(folder: Path) -> None:
    """Refuse to write into a folder that is not there: a typo must not become
    a new folder (no silent ``mkdir -p``) on someone's USB stick."""
    folder = folder if str(folder) else Path(".")
    if not folder.is_dir():
        problem = (
            _("The folder {folder} is a file, not a folder.")
            if folder.exists()
            else _("The folder {folder} does not exist.")
        )
        raise UserInputError(
            problem.format(folder=folder),
            _("Make it first, or check the path."),
        )


def ensure_private_dir(path: Path) -> Path:
    """Make ``path`` a folder only its owner can enter, whatever the umask.

    Every folder created on the way is 0700, set explicitly (``mkdir(mode=)``
    is filtered by the umask, and ``parents=True`` ignores ``mode``). Folders
    that already exist are tightened to 0700 from ``path`` up to the root
    peerpact owns (``PEERPACT_HOME``, or its platformdirs folders), so a
    folder left 0755 by an older version or another tool is closed too.
    """
    from peerpact.paths import get_paths

    try:
        missing: list[Path] = []
        folder = path
        while not os.path.lexists(folder):
            missing.append(folder)
            folder = folder.parent
        for folder in reversed(missing):
            with contextlib.suppress(FileExistsError):  # made by a writer racing us
                folder.mkdir(mode=0o700)
            os.chmod(folder, 0o700)
        if not path.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, _("not a directory"), str(path))
        for folder in _owned_chain(path, get_paths().roots):
            if folder.stat().st_mode & 0o077:
                os.chmod(folder, 0o700)
    except OSError as exc:
        raise describe_os_error(exc, path) from exc
    return path


def check_writable(*folders: Path) -> None:
    """Refuse, before anyone is asked anything, when peerpact cannot write
    where it keeps things: a read-only home found after the first answer
    wastes what was typed. A probe file is made and removed, as a write would
    (permissions alone say nothing of a read-only disk, or of root)."""
    for folder in folders:
        ensure_private_dir(folder)
        try:
            fd, probe = tempfile.mkstemp(dir=folder, prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX)
            os.close(fd)
            os.unlink(probe)
        except OSError as exc:
            raise describe_os_error(exc, folder) from exc


def check_real_folder(folder: Path, what: str) -> Path:
    """``folder`` itself, refused when it is a link: peerpact's own state is
    never followed out of the folder it belongs in."""
    if folder.is_symlink():
        raise StorageError(
            _("{folder} is a link; peerpact keeps {what} only in a real folder.").format(
                folder=folder, what=what
            ),
            _("Move the {what} into a folder of their own there, and remove the link.").format(
                what=what
            ),
        )
    return folder


def _owned_chain(path: Path, roots: tuple[Path, ...]) -> list[Path]:
    """``path`` and its parents up to the root of ``roots`` that holds it."""
    for root in roots:
        if path == root or root in path.parents:
            chain = [path]
            while chain[-1] != root:
                chain.append(chain[-1].parent)
            return chain
    return []


def atomic_write(
    path: Path,
    data: bytes,
    *,
    mtime: float | None = None,
    private_dir: bool = True,
    exclusive: bool = False,
) -> None:
    """Write ``data`` to ``path`` atomically, mode 0600.

    ``mtime`` sets the file's modification time before it appears under its
    final name (anonymous grievances must not carry the exact time).
    ``private_dir`` makes the folder 0700 even if it exists: right for
    peerpact's own state, wrong for an export to someone's Desktop or USB
    stick, whose folders are only created (0700) when missing.
    ``exclusive`` never replaces an existing file: FileExistsError instead.
    ``STREAM`` writes ``data`` to standard output instead, in one piece.
    """
    if path is STREAM:
        write_stream(data)
        return
    if private_dir:
        ensure_private_dir(path.parent)
    else:
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise describe_os_error(exc, path.parent) from exc
    if path.exists() and not (path.is_file() or path.is_dir()):
        # Renaming over a device (-o /dev/null as root) would replace it.
        raise StorageError(
            _("{path} exists and is not a file.").format(path=path),
            _("Give the name of a file to write."),
        )
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        if mtime is not None:
            os.utime(tmp, (mtime, mtime))
        if exclusive:
            os.link(tmp, path)  # fails if path exists, unlike a rename
            os.unlink(tmp)
        else:
            os.replace(tmp, path)
        tmp = None
        fsync_dir(path.parent)
    except OSError as exc:
        if exclusive and isinstance(exc, FileExistsError):
            raise
        raise describe_os_error(exc, path) from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def fsync_dir(path: Path) -> None:
    # The rename is only durable once the folder entry is on disk (POSIX).
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def open_own(path: Path) -> BinaryIO:
    """Open one of peerpact's own files for reading: never through a link, and
    never anything but a plain file (a named pipe planted there would hang the
    read). OSError as ``open`` raises it; UserInputError for a non-file."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise UserInputError(
            _("{path} is not a plain file; peerpact reads only files here.").format(path=path)
        )
    return os.fdopen(fd, "rb")


def read_bounded(path: Path, limit: int, what: str, follow: bool = True) -> bytes:
    """Read a whole file, refusing anything larger than ``limit`` bytes.

    ``follow=False`` is for peerpact's own files: a symbolic link is refused (a
    file is never read from somewhere else), and so is anything that is not a
    plain file (a named pipe planted there would hang the read).
    ``STREAM`` (a bare `-` given for a file) reads standard input, as bounded.
    """
    try:
        if path is STREAM and follow:
            import sys

            data = sys.stdin.buffer.read(limit + 1)
        else:
            with open_own(path) if not follow else path.open("rb") as handle:
                data = handle.read(limit + 1)
    except FileNotFoundError:
        raise
    except IsADirectoryError as exc:
        raise UserInputError(
            _("{path} is a folder; give the path of the {what}.").format(path=path, what=what)
        ) from exc
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow:
            raise UserInputError(
                _("{path} is a link; peerpact does not follow links here.").format(path=path)
            ) from exc
        raise StorageError(
            _("Could not read {what} {path}: {value}.").format(
                what=what, path=path, value=exc.strerror or exc
            )
        ) from exc
    if len(data) > limit:
        raise UserInputError(
            _("{path} is larger than {value} KiB, too large for a {what}.").format(
                path=path, value=limit // 1024, what=what
            ),
            _("Check that this is the right file."),
        )
    return data


def read_given(path: Path, limit: int, what: str) -> bytes:
    """A file the person named (``STREAM`` for standard input), read as
    ``read_bounded`` reads it; a missing one is the one "no such file" error,
    exit 3, whichever command was given it."""
    try:
        return read_bounded(path, limit, what)
    except FileNotFoundError as exc:
        raise missing_file(path) from exc


def require_given(path: Path) -> None:
    """Say that a named file is missing before asking anything for it (a
    passphrase typed for a backup that is not there is typed for nothing)."""
    if path is not STREAM and not os.path.lexists(path):
        raise missing_file(path)


def missing_file(path: Path) -> NotFoundError:
    return NotFoundError(_("No file at {path}.").format(path=path))


def write_stream(data: bytes) -> None:
    """``data`` on standard output; what is not text never to a terminal (an
    encrypted backup would fill the screen with noise and could leave it broken)."""
    import sys

    if sys.stdout.isatty():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise UserInputError(
                _("Standard output is a terminal, and this is not text."),
                _("Send it to a file or a program: `> FILE` or `| COMMAND`."),
            ) from None
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def stale_temp_seconds() -> float:
    """How old a temp file must be before it counts as left by a dead writer.

    ``PEERPACT_STALE_TEMP_SECONDS`` overrides it (a slow network disk may
    want more); a live writer holds its temp file for milliseconds.
    """
    try:
        return max(0.0, float(os.environ.get("PEERPACT_STALE_TEMP_SECONDS", "")))
    except ValueError:
        return STALE_TEMP_SECONDS


def clean_stale_temps(folder: Path, prefix: str = TEMP_PREFIX, suffix: str = TEMP_SUFFIX) -> int:
    """Remove temp files left by writers that died; returns how many.

    Age is judged by ctime, which a writer cannot set back (anonymous
    grievances set their mtime to midnight before the rename).
    """
    removed = 0
    cutoff = time.time() - stale_temp_seconds()
    try:
        entries = os.scandir(folder)
    except OSError:
        return 0
    with entries:  # streamed: a folder of 100,000 records is not held whole
        for entry in entries:
            if entry.name.startswith(prefix) and entry.name.endswith(suffix):
                removed += remove_if_stale(entry, cutoff)
    return removed


def remove_if_stale(entry: os.DirEntry[str], cutoff: float) -> bool:
    """Remove a temp file made before ``cutoff`` (for a caller already going
    through the folder, so it is not read twice)."""
    with contextlib.suppress(OSError):
        if entry.stat().st_ctime <= cutoff:
            os.unlink(entry.path)
            return True
    return False


@contextlib.contextmanager
def locked(target: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold an exclusive lock for a read-modify-write of ``target``."""
    from filelock import FileLock, Timeout

    ensure_private_dir(target.parent)
    wait = LOCK_TIMEOUT_SECONDS if timeout is None else timeout
    lock = FileLock(str(target.parent / f".{target.name}.lock"), timeout=wait, mode=0o600)
    try:
        lock.acquire()
    except Timeout as exc:
        raise ConflictError(
            _("{name} is being changed by another peerpact process.").format(name=target.name),
            _("Wait for it to finish, then try again."),
        ) from exc
    except OSError as exc:
        raise describe_os_error(exc, target) from exc
    try:
        yield
    finally:
        lock.release()
