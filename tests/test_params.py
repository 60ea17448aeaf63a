"""Parameters: checked against each notebook's parameters cell, converted by the declared type."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

from newsfigures.errors import NewsfiguresError
from newsfigures.build.params import convert, inspect_notebooks, parse_assignment, resolve_parameters
from newsfigures.build.pipeline import load_parameters, load_pipeline
from pipeline_helpers import FIXTURE

ROOT = Path(__file__).resolve().parents[1]
STEPS = {"10-scale": "notebooks/10-scale.ipynb", "20-total": "notebooks/20-total.ipynb",
         "30-figures": "notebooks/30-figures.ipynb"}


@pytest.fixture(scope="module")
def declared(tmp_path_factory):
    # Inspect a copy, so the inspection cache lands in a temporary build/ folder.
    import shutil

    root = tmp_path_factory.mktemp("params") / "project"
    shutil.copytree(FIXTURE, root)
    found, save = inspect_notebooks(root, list(STEPS.values()))
    save()
    assert (root / "build/notebook-parameters.json").is_file()
    return root, found


def resolve(declared, *assignments, params_file=None):
    root, found = declared
    return resolve_parameters(root, STEPS, found, root / "params/default.yaml", params_file, list(assignments))


def test_declarations_are_read_with_types_defaults_and_help(declared):
    scale = declared[1]["notebooks/10-scale.ipynb"]["scale"]
    assert (scale.type, scale.default, scale.help) == ("int", 2, "multiplier")


def test_command_line_values_are_converted_by_the_declared_type(declared):
    params = resolve(declared, "label=007", "scale=5", "10-scale.fail_at=3")
    assert params["10-scale"] == {"numbers_path": "data/raw/numbers.txt", "scale": 5, "label": "007", "fail_at": 3}
    # A name several steps declare applies to each; a step may be named without its number.
    params = resolve(declared, "scaled_path=data/other.csv", "figures.scaled_path=data/fig.csv")
    assert params["20-total"]["scaled_path"] == "data/other.csv"
    assert params["30-figures"]["scaled_path"] == "data/fig.csv"


def test_unknown_parameter_lists_the_valid_ones(declared):
    with pytest.raises(NewsfiguresError) as err:
        resolve(declared, "scael=3")
    assert str(err.value) == (
        "-p scael=3: no step has a parameter 'scael'; valid parameters: 10-scale: fail_at: int, label: str, "
        "numbers_path: str, scale: int; 20-total: scaled_path: str; 30-figures: scaled_path: str")
    with pytest.raises(NewsfiguresError, match=r"step 20-total \(notebooks/20-total.ipynb\) has no parameter "
                                               r"'scale'; valid parameters: scaled_path: str"):
        resolve(declared, "20-total.scale=3")
    with pytest.raises(NewsfiguresError, match="no step 'nosuch'"):
        resolve(declared, "nosuch.scale=3")


@pytest.mark.parametrize("assignment, expected", [
    ("scale=1.5", "parameter 'scale' of step 10-scale must be int, got '1.5'"),
    ("scale=two", "must be int, got 'two'"),
    ("scale=", "must be int, got ''"),
])
def test_wrong_type_is_an_error_naming_the_parameter(declared, assignment, expected):
    with pytest.raises(NewsfiguresError, match=expected) as err:
        resolve(declared, assignment)
    assert "valid parameters: fail_at: int, label: str, numbers_path: str, scale: int" in str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("value", ["../outside.txt", "/etc/passwd", "data/../../x"])
def test_a_path_leading_outside_the_project_is_refused(declared, value):
    with pytest.raises(NewsfiguresError, match="leads outside the project"):
        resolve(declared, f"numbers_path={value}")


def test_params_file_values_must_already_have_the_declared_type(declared, tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text("10-scale:\n  label: '007'\n  scale: 4\n")
    assert resolve(declared, params_file=good)["10-scale"]["label"] == "007"
    assert resolve(declared, "scale=6", params_file=good)["10-scale"]["scale"] == 6  # -p wins over the file
    bad = tmp_path / "bad.yaml"
    bad.write_text("10-scale:\n  label: 007\n")  # YAML reads an unquoted 007 as the number 7
    with pytest.raises(NewsfiguresError, match=r"label: parameter 'label' of step 10-scale must be str, got 7 "
                                               r"\(quote it in YAML"):
        resolve(declared, params_file=bad)
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text("99-nothing:\n  x: 1\n")
    with pytest.raises(NewsfiguresError, match="no step '99-nothing'"):
        resolve(declared, params_file=unknown)


@pytest.mark.parametrize("value, type_name, expected", [
    ("007", "str", "007"),
    ("true", "bool", True),
    ("No", "bool", False),
    ("-3", "int", -3),
    ("2", "float", 2.0),
    ("[a, b]", "list[str]", ["a", "b"]),
    ("[1, 2]", "list[int]", [1, 2]),
    ("{a: 1}", "dict", {"a": 1}),
])
def test_convert_from_text(value, type_name, expected):
    assert convert(value, type_name, from_text=True) == expected


@pytest.mark.parametrize("value, type_name", [
    (True, "int"), (7, "str"), ("x", "bool"), ("[1, x]", "list[int]"), ("a", "list[str]"), (1.5, "int")])
def test_convert_refuses(value, type_name):
    with pytest.raises(ValueError):
        convert(value, type_name, from_text=isinstance(value, str))


def test_assignment_syntax():
    assert parse_assignment("as_of=2022-05-01") == (None, "as_of", "2022-05-01")
    assert parse_assignment("30-check-sources.as_of=2022-05-01") == ("30-check-sources", "as_of", "2022-05-01")
    assert parse_assignment("label=a=b") == (None, "label", "a=b")
    with pytest.raises(NewsfiguresError, match="expected name=value"):
        parse_assignment("scale")


def test_fixture_defaults_equal_notebook_defaults(declared):
    root, found = declared
    defaults = yaml.safe_load((root / "params/default.yaml").read_text())
    for step, notebook in STEPS.items():
        assert defaults[step] == {name: p.default for name, p in found[notebook].items()}


def test_project_defaults_equal_the_notebooks_defaults():
    """params/default.yaml must say exactly what each notebook's parameters cell says, so that
    `papermill notebooks/NN-x.ipynb out.ipynb` and `newsfigures build` compute the same thing."""
    pipeline = load_pipeline(ROOT)
    defaults = yaml.safe_load((ROOT / pipeline.default_params).read_text())
    import papermill

    for step, notebook in pipeline.notebook_steps.items():
        declared_here = papermill.inspect_notebook(str(ROOT / notebook))
        notebook_defaults = {name: ast.literal_eval(p["default"]) for name, p in declared_here.items()}
        assert defaults.get(step) == notebook_defaults, step
        assert all(p["inferred_type_name"] != "None" for p in declared_here.values()), f"{notebook}: untyped"
    # And the build accepts them as they are.
    assert set(load_parameters(pipeline)) == set(pipeline.notebook_steps)
