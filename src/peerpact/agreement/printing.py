"""A page to PDF with headless Chromium, when one is installed.

A browser already lays out and prints HTML well, with real fonts and
accessible text; a PDF library in the dependencies would be heavy and print
worse. So peerpact uses the browser the machine has, or says what to install.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from peerpact.errors import MissingToolError, StorageError
from peerpact.i18n import _

#: Names Chromium goes by on Debian, Ubuntu, Fedora, macOS's Homebrew and others.
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: Printing one page takes a second or two; a browser stuck this long is not coming back.
TIMEOUT_SECONDS = 120
MAX_PDF_BYTES = 64 * 1024 * 1024


def find_browser() -> str:
    """The path of a Chromium to print with, or a clear error saying what to install."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    raise MissingToolError(
        _("--pdf needs Chromium to print the page, and none was found. Nothing was written."),
        _(
            "Install it (Debian or Ubuntu: `sudo apt install chromium`; elsewhere, Chromium or "
            "Google Chrome), or leave out --pdf and print the HTML copy from any browser."
        ),
    )


def to_pdf(page: str, browser: str) -> bytes:
    """``page`` (self-contained HTML) printed to PDF by headless ``browser``.

    The browser runs in a private folder of its own (its profile too), so it
    reads and leaves nothing of the user's, and nothing of the page lingers.
    """
    with tempfile.TemporaryDirectory(prefix="peerpact-print-") as folder:
        source = Path(folder) / "copy.html"
        target = Path(folder) / "copy.pdf"
        source.write_text(page, encoding="utf-8")
        command = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--user-data-dir={Path(folder) / 'profile'}",
            f"--print-to-pdf={target}",
            source.as_uri(),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise StorageError(
                _("Chromium could not print the copy (%(error)s).") % {"error": exc}
            ) from exc
        if done.returncode != 0 or not target.is_file():
            said = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
            raise StorageError(
                _("Chromium could not print the copy (exit %(code)s).") % {"code": done.returncode},
                _("It said: %(text)s") % {"text": said[0][:200]} if said else None,
            )
        data = target.read_bytes()
    if len(data) > MAX_PDF_BYTES or not data.startswith(b"%PDF"):
        raise StorageError(_("Chromium did not make a PDF of the copy."))
    return data
