"""Hostile files: random and mutated bytes fed to every reader of untrusted
input. Each either loads or raises peerpact's own error: never a traceback."""

from __future__ import annotations

import contextlib
from pathlib import Path

import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peerpact.agreement.check import parse_template
from peerpact.agreement.unsigned import parse_answers
from peerpact.config import load_config
from peerpact.errors import PeerpactError
from peerpact.paths import builtin_templates_dir, get_paths
from peerpact.record.format import parse_record, verify
from peerpact.tomlfile import parse_toml
from support.answers import ANSWERS

TEMPLATE = (builtin_templates_dir() / "peer-support-space.toml").read_bytes()
CONFIG = b'supporter_name = "Alex"\n[smtp]\nhost = "mail.example.org"\nport = 587\n'

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@st.composite
def mutated(draw, original: bytes) -> bytes:
    """A valid file with a few bytes flipped, inserted, deleted or cut off."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "dup"]))
        if action == "flip":
            data[at] = draw(st.integers(0, 255))
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif action == "truncate":
            del data[at:]
        else:
            data[at:at] = data[at : at + draw(st.integers(1, 200))]
    return bytes(data)


toml_scalars = st.one_of(
    st.text(max_size=30),
    st.integers(-(2**63), 2**63 - 1),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False),
)
toml_values = st.recursive(
    toml_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)
KEYS = [
    "format",
    "id",
    "revisions",
    "payload",
    "hash",
    "signature",
    "parties",
    "name",
    "role",
    "sections",
    "clauses",
    "text",
    "variables",
    "additions",
    "roles",
    "kind",
    "changes",
    "template",
    "smtp",
    "port",
    "signature",
    "wants",
    "boundaries",
]


@st.composite
def structured(draw) -> bytes:
    """TOML that parses but has arbitrary shapes under the keys readers look for."""
    doc = draw(
        st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), toml_values, max_size=8)
    )
    try:
        return tomlkit.dumps(doc).encode("utf-8")
    except Exception:
        return b""


def hostile(original: bytes):
    return st.one_of(st.binary(max_size=2000), mutated(original), structured())


def record_bytes() -> bytes:
    from peerpact.agreement.library import load_template
    from peerpact.agreement.unsigned import Draft, PartyDraft, resolve_variables
    from peerpact.record import store as records
    from peerpact.record.keys import load_or_create_key
    from peerpact.record.payload.build import signed_body

    template = load_template("peer-support-space")
    draft = Draft(
        parties=[
            PartyDraft("member", "Robin", signature="Robin"),
            PartyDraft("supporter", "Alex", signature="Alex"),
        ]
    )
    draft.parties[0].additions["boundaries"] = ["No advice"]
    key = load_or_create_key(get_paths().key_file)
    values, _ = resolve_variables(template, {}, {})
    _, path = records.create(signed_body(draft, template, values), key)
    return path.read_bytes()


def read_record(data: bytes) -> None:
    from peerpact.record.keyring import keyring

    try:
        record = parse_record(data, "hostile.toml")
        verify(record, keyring())
        record.state()
    except PeerpactError:
        pass


def test_record_reader_survives_hostile_bytes(peerpact_home):
    original = record_bytes()
    read_record(original)

    @SETTINGS
    @given(hostile(original))
    def check(data: bytes) -> None:
        read_record(data)

    check()


@SETTINGS
@given(hostile(TEMPLATE))
def test_template_loader_survives_hostile_bytes(data):
    with contextlib.suppress(PeerpactError):
        parse_template(data, Path("hostile.toml"))


@SETTINGS
@given(hostile(ANSWERS.encode()))
def test_answers_reader_survives_hostile_bytes(data):
    with contextlib.suppress(PeerpactError):
        parse_answers(parse_toml(data, "answers.toml"), "answers.toml")


def test_config_reader_survives_hostile_bytes(peerpact_home):
    path = get_paths().config_file
    path.parent.mkdir(parents=True, exist_ok=True)

    @SETTINGS
    @given(hostile(CONFIG))
    def check(data: bytes) -> None:
        path.write_bytes(data)
        with contextlib.suppress(PeerpactError):
            load_config()

    check()


def test_deep_nesting_is_refused_not_crashed():
    deep = b"a = " + b"[" * 100_000 + b"]" * 100_000
    for reader in (
        lambda d: parse_template(d, Path("deep.toml")),
        lambda d: parse_record(d, "deep.toml"),
        lambda d: parse_answers(parse_toml(d, "deep.toml"), "deep.toml"),
    ):
        with contextlib.suppress(PeerpactError):
            reader(deep)


def test_oversized_files_are_refused_before_reading_them_whole(peerpact, tmp_path):
    big = tmp_path / "answers.toml"
    with big.open("wb") as handle:
        handle.write(b"# " + b"x" * (2 * 1024 * 1024) + b"\n")
    result = peerpact("new", "--answers", str(big), "--no-input", expect=2)
    assert "too large" in result.stderr
