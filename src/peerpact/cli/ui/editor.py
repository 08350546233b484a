"""Text written in the person's own editor ($VISUAL, then $EDITOR)."""

from __future__ import annotations


def edit_text(initial: str, name: str) -> str:
    """The text after editing a private copy; the copy's folder is removed after.

    A private folder, removed whole: editors leave swap and backup files
    beside the file, and those hold the text too.
    """
    import os
    import shlex
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    from peerpact.errors import UserInputError
    from peerpact.i18n import _

    command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not command:
        raise UserInputError(
            _("Neither $VISUAL nor $EDITOR is set."), _("Set one, e.g. EDITOR=nano.")
        )
    folder = tempfile.mkdtemp(prefix="peerpact-")
    try:
        draft = Path(folder) / name
        draft.write_text(initial, encoding="utf-8")
        draft.chmod(0o600)
        status = subprocess.run([*shlex.split(command), str(draft)], check=False).returncode
        if status != 0:
            raise UserInputError(
                _("The editor stopped with status {status}; its text was not used.").format(
                    status=status
                )
            )
        return draft.read_text(encoding="utf-8", errors="replace")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
