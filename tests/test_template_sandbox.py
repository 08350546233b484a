"""Templates are safe by construction: known server-side template injection
payloads are refused by name before anything renders, and the sandbox they
would render in has no globals, no loader and only case-changing filters."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.answers import PARTIES
from support.records import records_dir

TINY = Path(__file__).parent / "data" / "templates" / "tiny.toml"
FIELD = "sections[1].clauses[0].text"

#: (payload, words the refusal must use)
PAYLOADS = [
    ("{{ ''.__class__.__mro__ }}", "`.name` is not allowed"),
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "calling a function is not allowed"),
    ("{{ ().__class__.__base__.__subclasses__() }}", "calling a function is not allowed"),
    ("{{ cycler.__init__.__globals__.os.popen('id').read() }}", "not allowed"),
    ("{{ joiner.__init__.__globals__ }}", "`.name` is not allowed"),
    ("{{ namespace.__init__.__globals__ }}", "`.name` is not allowed"),
    ("{{ lipsum.__globals__['os'] }}", "`[...]` is not allowed"),
    ("{{ lipsum }}", "undeclared variable `lipsum`"),
    ("{{ cycler }}", "undeclared variable `cycler`"),
    ("{{ range }}", "undeclared variable `range`"),
    ("{{ self }}", "undeclared variable `self`"),
    ("{{ self._TemplateReference__context }}", "`.name` is not allowed"),
    ("{{ config }}", "undeclared variable `config`"),
    ("{{ config.items() }}", "calling a function is not allowed"),
    ("{{ request.application.__globals__.__builtins__ }}", "`.name` is not allowed"),
    ("{{ range(10**9) | list }}", "filter `list` is not allowed"),
    ("{% for i in range(10**9) %}x{% endfor %}", "{% for %} loop is not allowed"),
    ("{{ '*' * 10**9 }}", "arithmetic is not allowed"),
    ("{{ 9**9**9 }}", "arithmetic is not allowed"),
    ("{% include '/etc/passwd' %}", "{% include %}"),
    ("{% import 'os' as os %}", "{% import %}"),
    ("{% from 'os' import popen %}", "{% from ... import %}"),
    ("{% extends '/etc/passwd' %}", "{% extends %}"),
    ("{{ organization | attr('__class__') }}", "filter `attr` is not allowed"),
    ("{{ organization['__class__'] }}", "`[...]` is not allowed"),
    ("{{ '{0.__class__}'.format(organization) }}", "calling a function is not allowed"),
    ("{{ '%s' | format(organization) }}", "filter `format` is not allowed"),
    ("{{ organization | map(attribute='__class__') | list }}", "not allowed"),
    ("{{ organization | upper(1) }}", "takes no arguments"),
    ("{% set x = organization %}{{ x }}", "{% set %} is not allowed"),
    ("{% macro m() %}{% endmacro %}", "{% macro %} is not allowed"),
    ("{% filter upper %}x{% endfilter %}", "{% filter %} block is not allowed"),
    ("{% with a = 1 %}{{ a }}{% endwith %}", "{% with %} is not allowed"),
    ("{{ organization is defined }}", "`is` test is not allowed"),
    ("{{ organization ~ organization }}", "joining with `~` is not allowed"),
    ("{{ organization if organization else 'x' }}", "inline `if ... else` is not allowed"),
    ("{% if organization.__class__ %}x{% endif %}", "`.name` is not allowed"),
    ("{{ dict(a=1) }}", "calling a function is not allowed"),
    ("{{ 12345 }}", "constant 12345 is not allowed"),
    ("{% if a %}" * 10 + "x" + "{% endif %}" * 10, "undeclared variable `a`"),
    ("{% if organization %}" * 10 + "x" + "{% endif %}" * 10, "nested deeper"),
]


def payload_template(tmp_path: Path, payload: str) -> Path:
    text = TINY.read_text(encoding="utf-8").replace("text = 'PAYLOAD'", f"text = '''{payload}'''")
    path = tmp_path / "evil.toml"
    path.write_text(text, encoding="utf-8")
    return path


def clause_line(path: Path) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if line.startswith("text = '''"))


@pytest.mark.parametrize(("payload", "words"), PAYLOADS, ids=[p for p, _ in PAYLOADS])
def test_payload_is_refused_by_validate_show_and_new(
    peerpact, tmp_path, answers_file, peerpact_home, payload, words
):
    path = payload_template(tmp_path, payload)
    place = f"{path}:{clause_line(path)}: {FIELD}"
    for args in (
        ("template", "validate", str(path)),
        ("template", "show", str(path), "--format", "text"),
        ("new", "--template", str(path), "--answers", str(answers_file), "--no-input"),
    ):
        result = peerpact(*args, expect=1)
        assert place in result.stderr, result.stderr
        assert words in result.stderr, result.stderr
        assert "Traceback" not in result.output
        assert result.stdout == "", "nothing may be rendered"
    assert not list(records_dir(peerpact_home).glob("*.toml"))


ALLOWED = [
    ("{{ organization }}", "Tiny Space"),
    ("{{ organization | upper }}", "TINY SPACE"),
    ("{{ organization|lower|title }}", "Tiny Space"),
    ("{% if organization %}Run by {{ organization }}{% else %}Nobody{% endif %}", "Run by Tiny"),
    ('{% if organization == "Tiny Space" and not organization == "x" %}yes{% endif %}', "yes"),
    ('{% if organization in ["A", "Tiny Space"] %}listed{% endif %}', "listed"),
    ("{% raw %}{{ literally }}{% endraw %} {# a comment #}", "{{ literally }}"),
]


@pytest.mark.parametrize(("text", "shown"), ALLOWED, ids=[t for t, _ in ALLOWED])
def test_the_allowed_forms_render(peerpact, tmp_path, text, shown):
    path = payload_template(tmp_path, text)
    peerpact("template", "validate", str(path))
    assert shown in peerpact("template", "show", str(path), "--format", "text").stdout


def test_the_sandbox_is_a_second_wall_with_no_globals_or_loader():
    """Were the checker ever bypassed, the environment itself still refuses."""
    from jinja2.exceptions import SecurityError, TemplateError, UndefinedError

    from peerpact.agreement.sandbox import SAFE_FILTERS, sandbox

    env = sandbox()
    assert env.globals == {}
    assert env.loader is None
    assert set(env.filters) == set(SAFE_FILTERS)
    with pytest.raises(SecurityError):
        env.from_string("{{ ''.__class__ }}").render()
    with pytest.raises(SecurityError):
        env.from_string("{{ x * 1000000 }}").render(x="ab")
    with pytest.raises(UndefinedError):
        env.from_string("{{ range(3) }}").render()
    with pytest.raises(TemplateError):  # no `attr` filter: fails to compile
        env.from_string("{{ x | attr('__class__') }}")
    with pytest.raises(TypeError):  # no loader to read files with
        env.from_string("{% include '/etc/passwd' %}").render()


def test_a_variable_too_long_to_render_is_refused(peerpact, tmp_path, peerpact_home):
    from support.answers import write_answers

    answers = write_answers(tmp_path, f'[variables]\norganization = "{"x" * 5000}"\n' + PARTIES)
    result = peerpact("new", "--answers", str(answers), "--no-input", expect=2)
    assert "variables.organization" in result.stderr and "at most" in result.stderr
    assert not list(records_dir(peerpact_home).glob("*.toml"))


def test_a_clause_that_renders_empty_is_left_out(peerpact, tmp_path):
    path = payload_template(tmp_path, "{% if organization == 'Elsewhere' %}Only there{% endif %}")
    text = peerpact("template", "show", str(path), "--format", "text").stdout
    assert "- \n" not in text and "Only there" not in text
    shown = peerpact("template", "show", str(path), "-f", "text", "--set", "organization=Elsewhere")
    assert "- Only there" in shown.stdout
