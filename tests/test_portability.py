"""Prompts and printing on Windows and macOS as on Linux (issue 25): the
interview asks without a line editor, and --pdf finds Chrome, Chromium or
Edge where each installs, or the one `print.browser` names, with
--no-sandbox only as root."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from peerpact.agreement import printing
from peerpact.errors import MissingToolError
from support.pty import answer, consent_and_sign, finish, spawn_peerpact, supporter


def _executable(path: Path, text: str = "#!/bin/sh\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(0o755)
    return path


@pytest.mark.parametrize(
    ("platform", "where"),
    [
        ("darwin", "Applications/Google Chrome.app/Contents/MacOS/Google Chrome"),
        ("darwin", "Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge"),
        ("win32", "LocalAppData/Google/Chrome/Application/chrome.exe"),
        ("win32", "Program Files (x86)/Microsoft/Edge/Application/msedge.exe"),
        ("win32", "Program Files/Chromium/Application/chrome.exe"),
    ],
)
def test_a_browser_is_found_where_it_installs(tmp_path, platform, where):
    browser = _executable(tmp_path / where)
    env = {
        "PATH": str(tmp_path / "empty"),
        "PROGRAMFILES": str(tmp_path / "Program Files"),
        "PROGRAMFILES(X86)": str(tmp_path / "Program Files (x86)"),
        "LOCALAPPDATA": str(tmp_path / "LocalAppData"),
    }
    assert printing.find_browser(platform=platform, env=env, home=tmp_path) == str(browser)


def test_linux_places_include_chrome_and_edge():
    found = [str(place) for place in printing.places("linux", {}, Path.home())]
    assert "/usr/bin/chromium" in found
    assert "/opt/google/chrome/chrome" in found
    assert "/opt/microsoft/msedge/msedge" in found


@pytest.mark.parametrize("name", ["google-chrome", "microsoft-edge", "chromium-browser"])
def test_a_browser_on_the_path_is_found_by_any_of_its_names(tmp_path, name):
    browser = _executable(tmp_path / "bin" / name)
    env = {"PATH": str(tmp_path / "bin")}
    assert printing.find_browser(platform="linux", env=env) == str(browser)


def test_a_named_browser_that_is_not_there_says_so(tmp_path):
    with pytest.raises(MissingToolError, match=r"print\.browser names"):
        printing.find_browser(str(tmp_path / "nowhere" / "chrome"), env={"PATH": ""})


@pytest.mark.parametrize(("uid", "sandboxed"), [(0, False), (1000, True)])
def test_no_sandbox_only_as_root(monkeypatch, tmp_path, uid, sandboxed):
    monkeypatch.setattr("os.geteuid", lambda: uid, raising=False)
    command = printing.print_command("chrome", tmp_path, tmp_path / "a.html", tmp_path / "a.pdf")
    assert ("--no-sandbox" not in command) is sandboxed
    assert "--headless" in command


#: A stand-in browser: writes a PDF where it is told to, and its arguments beside it.
FAKE_BROWSER = f"""#!{sys.executable}
import sys
from pathlib import Path
target = next(a for a in sys.argv if a.startswith("--print-to-pdf="))[len("--print-to-pdf="):]
Path(target).write_bytes(b"%PDF-1.4 fake")
Path(__file__).with_suffix(".args").write_text("\\n".join(sys.argv[1:]))
"""


def test_print_browser_names_the_browser_that_prints(peerpact, record_id, tmp_path, monkeypatch):
    monkeypatch.setattr("peerpact.agreement.printing.as_root", lambda: False)
    browser = _executable(tmp_path / "Browsers" / "my chrome", FAKE_BROWSER)
    peerpact("config", "set", "print.browser", str(browser))
    peerpact("export", record_id, "--copy", "-o", str(tmp_path / "c.html"), "--pdf")
    assert (tmp_path / "c.pdf").read_bytes() == b"%PDF-1.4 fake"
    args = browser.with_suffix(".args").read_text().splitlines()
    assert "--headless" in args and "--no-sandbox" not in args


def test_print_browser_that_is_not_there_writes_nothing(peerpact, record_id, tmp_path):
    peerpact("config", "set", "print.browser", str(tmp_path / "gone"))
    result = peerpact(
        "export", record_id, "--copy", "-o", str(tmp_path / "c.html"), "--pdf", expect=6
    )
    assert "print.browser names" in result.stderr
    assert not (tmp_path / "c.html").exists()


@pytest.mark.usefixtures("set_up")
def test_the_interview_asks_without_a_line_editor(peerpact, tmp_path):
    """A Python without termios or readline (Windows without pyreadline3): the
    answer on offer is shown in brackets and Enter keeps it; no traceback."""
    blocker = tmp_path / "no-line-editor"
    blocker.mkdir()
    for module in ("termios", "readline"):
        (blocker / f"{module}.py").write_text(f"raise ImportError('no {module} here')\n")
    peerpact("config", "set", "supporter_name", "Sam")
    child = spawn_peerpact("new", env={"PYTHONPATH": str(blocker)})
    answer(child, r"Member.*pseudonym is fine", "Robin")
    answer(child, r"Robin's pronouns", "")
    supporter(child, "Sam", reply="", shown=r"\): \[Sam\] ")
    consent_and_sign(child, "Robin", "Sam")
    child.expect(r"Id: ")
    assert finish(child) == 0
    assert "Traceback" not in (child.before or "")
