"""The identity-key fields are defined once (youths/keys.py); every other list of them is that one.

A second list written by hand (a tuple of field names in a view, an `.only(...)` naming the keys' sources) is what
drifts when a key is added: the scan below fails on it, naming the file and line.
"""

import ast
from pathlib import Path

from django.conf import settings

from youths import funnel, keys
from youths.models import FunnelFacts, Youth

VOCABULARY = set(keys.IDENTITY_FIELDS) | set(keys.KEY_FIELDS)
IGNORED = {"pk", "id"}
HOME = Path("youths/keys.py")
APPS = ("accompaniment", "orientation", "outreach", "partners", "reflex", "youths", "tools", "bench")


def test_the_model_and_the_stored_copies_read_the_one_definition():
    assert Youth.KEY_FIELDS is keys.KEY_FIELDS
    assert Youth.IDENTITY_FIELDS is keys.IDENTITY_FIELDS
    assert set(keys.KEY_SOURCES) <= set(keys.IDENTITY_FIELDS)
    assert set(keys.SEARCH_KEY_FIELDS) <= set(keys.KEY_FIELDS)
    assert [name for name in funnel.STORED if name.endswith("_key")] == list(keys.SEARCH_KEY_FIELDS)
    for name in keys.KEY_FIELDS:
        assert not Youth._meta.get_field(name).editable
    for name in keys.SEARCH_KEY_FIELDS:
        assert FunnelFacts._meta.get_field(name).max_length == Youth._meta.get_field(name).max_length


def test_the_keys_computed_are_the_keys_stored():
    record = Youth(first_name="Élodie", last_name="Martin", nickname="Lodie", phone="06 12 34 56 78", email="E@x.fr")
    computed = keys.keys_of_record(record)
    assert tuple(computed) == keys.KEY_FIELDS
    assert computed["name_key"] == "elodie martin"
    assert computed["phone_key"] == "+33612345678"
    fields_with_keys = {field.name for field in Youth._meta.concrete_fields if field.name.endswith("_key")}
    assert fields_with_keys == set(keys.KEY_FIELDS)


def _strings(nodes):
    return [node.value for node in nodes if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def _hand_written_lists(tree):
    """(line, names) of each literal tuple, list or set, and of each call's arguments, naming four identity fields
    or keys or more and nothing else (`pk` aside)."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            groups = [node.elts]
        elif isinstance(node, ast.Call):
            groups = [node.args]
        else:
            continue
        for elements in groups:
            names = _strings(elements)
            if len(names) != len(elements):
                continue
            named = [name for name in names if name not in IGNORED]
            if len(named) >= 4 and set(named) <= VOCABULARY:
                yield node.lineno, named


def test_no_second_list_of_identity_fields_in_the_code():
    root = Path(settings.BASE_DIR)
    found = []
    for app in APPS:
        for path in sorted((root / app).rglob("*.py")):
            relative = path.relative_to(root)
            if relative == HOME or "migrations" in relative.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            found += [f"{relative}:{line} {names}" for line, names in _hand_written_lists(tree)]
    assert found == [], "Import the lists of youths/keys.py instead of writing them again"


def test_the_scan_catches_a_list_written_again():
    drifting = ast.parse('FIELDS = ("first_name", "last_name", "nickname", "phone")\nx.only("pk", *FIELDS)')
    assert [line for line, _names in _hand_written_lists(drifting)] == [1]
    kept = ast.parse('ROWS = ("first_name", "last_name", "email", "role")\nqs.only("pk", "first_name", "email")')
    assert list(_hand_written_lists(kept)) == []
