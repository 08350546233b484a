"""A page to PDF with headless Chromium, when one is installed.

A browser already lays out and prints HTML well, with real fonts and
accessible text; a PDF library in the dependencies would be heavy and print
worse. So peerpact uses the browser the machine has (Chromium, Google Chrome
or Microsoft Edge, which all print the same way), or the one the config's
``print.browser`` names, or says what to install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from peerpact.errors import MissingToolError, StorageError
from peerpact.i18n import _

#: Names the Chromium family goes by on a PATH: Debian, Ubuntu, Fedora, Arch,
#: Homebrew, and Edge on Linux.
BROWSERS = (
    "chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome",
    "microsoft-edge", "microsoft-edge-stable", "msedge",
)  # fmt: skip
#: Where they install off the PATH, by platform (sys.platform's start).
_MAC_APPS = (
    "Google Chrome.app/Contents/MacOS/Google Chrome",
    "Chromium.app/Contents/MacOS/Chromium",
    "Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
)
_WINDOWS_APPS = (
    "Google/Chrome/Application/chrome.exe",
    "Chromium/Application/chrome.exe",
    "Microsoft/Edge/Application/msedge.exe",
)
_LINUX_PATHS = (
    "/usr/bin/chromium", "/snap/bin/chromium", "/opt/google/chrome/chrome",
    "/opt/microsoft/msedge/msedge", "/var/lib/flatpak/exports/bin/org.chromium.Chromium",
)  # fmt: skip
#: The sheets a PDF copy is printed on, as CSS names them.
PAPERS = {"a4": "A4", "letter": "letter"}
#: Where Letter is the usual paper (the territories glibc's LC_PAPER gives
#: Letter); everywhere else uses A4.
LETTER_TERRITORIES = frozenset(
    "US CA MX PH CL CO CR GT NI PA PR SV VE DO BZ".split()  # noqa: SIM905
)


def paper_for(configured: str, env: Mapping[str, str]) -> str:
    """The paper a PDF copy is printed on: ``print.paper`` when set, else the
    locale's (LC_ALL, LC_PAPER, LANG: Letter in en_US, es_MX ...), else A4,
    the paper of most of the world (a bare ``es`` or ``C`` names no country)."""
    if configured:
        return configured
    for name in ("LC_ALL", "LC_PAPER", "LANG"):
        value = env.get(name, "")
        if value:
            territory = value.split(".")[0].split("@")[0].partition("_")[2].upper()
            return "letter" if territory in LETTER_TERRITORIES else "a4"
    return "a4"


#: Printing one page takes a second or two; a browser stuck this long is not coming back.
TIMEOUT_SECONDS = 120
MAX_PDF_BYTES = 64 * 1024 * 1024


def places(platform: str, env: Mapping[str, str], home: Path) -> list[Path]:
    """Where Chrome, Chromium and Edge install on ``platform``, off the PATH."""
    if platform.startswith("darwin"):
        folders = (Path("/Applications"), home / "Applications")
        return [folder / app for folder in folders for app in _MAC_APPS]
    if platform.startswith("win"):
        names = ("PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA")
        roots = [env.get(name, "") for name in names]
        return [Path(root) / app for root in roots if root for app in _WINDOWS_APPS]
    return [Path(path) for path in _LINUX_PATHS]


def find_browser(
    named: str = "",
    platform: str = sys.platform,
    env: Mapping[str, str] | None = None,
    home: Path | None = None,
) -> str:
    """The path of a Chromium-family browser to print with: ``named`` (the
    config's ``print.browser``, a name on the PATH or a path) when given,
    else the first found; or a clear error saying what to install."""
    env = os.environ if env is None else env
    if named:
        found = shutil.which(named, path=env.get("PATH"))
        if found:
            return found
        raise MissingToolError(
            _("print.browser names %(browser)s, which is not there. Nothing was written.")
            % {"browser": named},
            _(
                "Set it to the path of Chrome, Chromium or Edge with `peerpact config set "
                "print.browser PATH`, or unset it to let peerpact look."
            ),
        )
    for name in BROWSERS:
        found = shutil.which(name, path=env.get("PATH"))
        if found:
            return found
    for place in places(platform, env, Path.home() if home is None else home):
        if place.is_file() and os.access(place, os.X_OK):
            return str(place)
    raise MissingToolError(
        _("--pdf needs Chromium to print the page, and none was found. Nothing was written."),
        _(
            "Install it (Debian or Ubuntu: `sudo apt install chromium`; elsewhere, Chromium, "
            "Google Chrome or Microsoft Edge), or name one with `peerpact config set "
            "print.browser PATH`, or leave out --pdf and print the HTML copy from any browser."
        ),
    )


def as_root() -> bool:
    """Chromium will not start its sandbox as root (a container, CI): only
    then is it run with ``--no-sandbox``."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


def print_command(browser: str, folder: Path, source: Path, target: Path) -> list[str]:
    """The headless browser's command line that prints ``source`` to ``target``."""
    return [
        browser,
        "--headless",
        *(["--no-sandbox"] if as_root() else []),
        "--disable-gpu",
        "--no-pdf-header-footer",
        f"--user-data-dir={folder / 'profile'}",
        f"--print-to-pdf={target}",
        source.as_uri(),
    ]


def on_paper(page: str, paper: str) -> str:
    """``page`` with the sheet it is printed on: the HTML copy leaves the
    paper to whoever prints it, the PDF is made on ``paper`` (A4 or Letter)."""
    size = PAPERS[paper]
    return page.replace("</head>", f"<style>@page {{ size: {size}; }}</style>\n</head>", 1)


def to_pdf(page: str, browser: str, paper: str = "a4") -> bytes:
    """``page`` (self-contained HTML) printed to PDF by headless ``browser``
    on ``paper`` (a key of ``PAPERS``).

    The browser runs in a private folder of its own (its profile too), so it
    reads and leaves nothing of the user's, and nothing of the page lingers.
    """
    with tempfile.TemporaryDirectory(prefix="peerpact-print-") as folder:
        source = Path(folder) / "copy.html"
        target = Path(folder) / "copy.pdf"
        source.write_text(on_paper(page, paper), encoding="utf-8")
        command = print_command(browser, Path(folder), source, target)
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
