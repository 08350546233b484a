"""Leadership's identity files, read as `age -d -i` reads them."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pyrage
import pytest

from peerpact.errors import NotFoundError, UserInputError
from peerpact.leadership.identity import (
    leadership_identities,
    read_identity_file,
    secret_from_command,
)
from support.identities import PASSPHRASE, kept_leader, write_identity


def _given(passphrase: str = PASSPHRASE) -> object:
    asked: list[Path] = []

    def give(path: Path) -> str:
        asked.append(path)
        return passphrase

    give.asked = asked  # type: ignore[attr-defined]
    return give


def test_a_plain_identity_file_is_read_without_a_passphrase(tmp_path: Path) -> None:
    leader = write_identity(tmp_path / "plain.txt", passphrase=None)
    give = _given()
    [identity] = read_identity_file(leader.path, give)  # type: ignore[arg-type]
    assert str(identity.to_public()) == leader.recipient
    assert give.asked == []  # type: ignore[attr-defined]


def test_a_passphrase_protected_file_opens_with_its_passphrase(tmp_path: Path) -> None:
    leader = write_identity(tmp_path / "leader.age")
    sealed = pyrage.encrypt(b"hello", [leader.identity.to_public()])
    [identity] = read_identity_file(leader.path, _given())  # type: ignore[arg-type]
    assert pyrage.decrypt(sealed, [identity]) == b"hello"


def test_a_wrong_passphrase_is_a_clear_error(tmp_path: Path) -> None:
    leader = write_identity(tmp_path / "leader.age")
    with pytest.raises(UserInputError, match="passphrase does not open"):
        read_identity_file(leader.path, _given("not it"))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("hello\n", "not an age identity"),
        ("# only comments\n", "no age identity"),
        ("AGE-SECRET-KEY-1QQQ\n", "damaged"),
    ],
)
def test_what_is_not_an_identity_file_is_refused(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "id.txt"
    path.write_text(text)
    with pytest.raises(UserInputError, match=words):
        read_identity_file(path, _given())  # type: ignore[arg-type]


def test_an_oversized_identity_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "id.txt"
    path.write_bytes(b"#" * (70 * 1024))
    with pytest.raises(UserInputError, match="too large"):
        read_identity_file(path, _given())  # type: ignore[arg-type]


def test_kept_identities_are_found_and_none_is_a_clear_error(peerpact_home: Path) -> None:
    with pytest.raises(NotFoundError, match="keeps no leadership identity"):
        leadership_identities(_given())  # type: ignore[arg-type]
    first = kept_leader(peerpact_home, "a")
    second = kept_leader(peerpact_home, "b")
    found = {str(i.to_public()) for i in leadership_identities(_given())}  # type: ignore[arg-type]
    assert found == {first.recipient, second.recipient}


def test_stock_age_opens_what_our_identity_file_is(tmp_path: Path) -> None:
    """The plain form is exactly age-keygen's, so `age -d -i` takes it."""
    leader = write_identity(tmp_path / "plain.txt", passphrase=None)
    sealed = pyrage.encrypt(b"for leadership", [leader.identity.to_public()], armored=True)
    done = subprocess.run(
        ["age", "-d", "-i", str(leader.path)], input=sealed, capture_output=True, check=True
    )
    assert done.stdout == b"for leadership"


def test_a_secret_comes_from_a_command_first_line(tmp_path: Path) -> None:
    assert secret_from_command("printf 'pw\\nmore'", "passphrase") == "pw"
    with pytest.raises(UserInputError, match="gave no passphrase"):
        secret_from_command("false", "passphrase")
    with pytest.raises(UserInputError, match="could not run"):
        secret_from_command(str(tmp_path / "missing"), "passphrase")
