"""support_truth.check_yaml catches what DuckDB's dbt silently ignores, and passes good YAML."""

from __future__ import annotations

from pathlib import Path

import pytest

from support_truth import check_yaml

ROOT = Path(__file__).resolve().parents[2]

PROJECT = """\
name: demo
version: "1.0"
config-version: 2
profile: demo
models:
  demo:
    +materialized: table
"""

GOOD = """\
version: 2
models:
  - name: orders
    description: One row per order.
    config: {meta: {owner: data}, tags: [core]}
    data_tests:
      - unique_combination:
          arguments: {columns: [order_id, line]}
    columns:
      - name: order_id
        description: Primary key.
        config: {meta: {pii: false}}
        data_tests:
          - unique
          - not_null:
              config: {severity: warn, where: "order_id is not null"}
          - accepted_values:
              arguments: {values: [a, b]}
          - relationships:
              arguments: {to: ref('customers'), field: customer_id}
"""




def make_project(root: Path, models_yml: str) -> Path:
    (root / "models").mkdir(parents=True)
    (root / "dbt_project.yml").write_text(PROJECT)
    (root / "models" / "_models.yml").write_text(models_yml)
    return root


def run(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = check_yaml.main(["--root", str(root)])
    return code, capsys.readouterr().out


def test_good_file_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(make_project(tmp_path, GOOD), capsys)
    assert (code, out) == (0, "")


def test_misspelt_key_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(
        make_project(tmp_path, GOOD.replace("    description: One row", "    descripton: One row")), capsys
    )
    assert code == 1
    assert "models/_models.yml: models[0]: " in out and "'descripton'" in out


def test_misspelt_project_key_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_project(tmp_path, GOOD)
    (tmp_path / "dbt_project.yml").write_text(PROJECT.replace("+materialized: table", "+materialized: tabel"))
    code, out = run(tmp_path, capsys)
    assert code == 1 and out.startswith("dbt_project.yml: models.demo.+materialized: ")


def test_jinja_boolean_config_passes_and_plain_text_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """dbt renders `enabled: "{{ ... }}"` before validating it; any other text is not a boolean."""
    make_project(tmp_path, GOOD)
    jinja = PROJECT.replace("+materialized: table", "+enabled: \"{{ var('x', 'a') == 'a' }}\"")
    (tmp_path / "dbt_project.yml").write_text(jinja)
    assert run(tmp_path, capsys) == (0, "")
    (tmp_path / "dbt_project.yml").write_text(PROJECT.replace("+materialized: table", "+enabled: maybe"))
    code, out = run(tmp_path, capsys)
    assert code == 1 and out.startswith("dbt_project.yml: models.demo.+enabled: ")


def test_argument_outside_arguments_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = GOOD.replace("arguments: {values: [a, b]}", "values: [a, b]")
    code, out = run(make_project(tmp_path, bad), capsys)
    assert code == 1
    assert "models[0].columns[0].data_tests[2].accepted_values: " in out and "'values'" in out


@pytest.mark.parametrize(
    ("good", "bad", "where"),
    [
        ("config: {severity: warn, ", "severity: warn\n            config: {", "data_tests[1].not_null"),
        (
            "arguments: {values: [a, b]}",
            "arguments: {values: [a, b], where: x}",
            "accepted_values.arguments.where",
        ),
        ("config: {meta: {pii: false}}", "meta: {pii: false}", "models[0].columns[0]: "),
        ("config: {meta: {owner: data}, tags: [core]}", "tags: [core]", "models[0]: "),
    ],
)
def test_config_keys_out_of_config_fail(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], good: str, bad: str, where: str
) -> None:
    assert good in GOOD
    code, out = run(make_project(tmp_path, GOOD.replace(good, bad)), capsys)
    assert code == 1 and where in out and "config:" in out


def test_explicit_paths(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.yml"
    path.write_text("version: 2\nmodels:\n  - name: m\n    colums: []\n")
    assert check_yaml.main(["--root", str(tmp_path), str(path)]) == 1
    assert capsys.readouterr().out.startswith("x.yml: models[0]: ")


def test_newest_project_schema_is_picked_by_version(tmp_path: Path) -> None:
    (tmp_path / "project").mkdir()
    for name in ("0.0.85.json", "0.0.110.json", "notes.json"):
        (tmp_path / "project" / name).write_text("{}")
    assert check_yaml.project_schema_path(tmp_path).name == "0.0.110.json"


def test_config_keys_mirror_dbt() -> None:
    from dbt.parser.generic_test_builders import TestBuilder

    assert set(check_yaml.TEST_CONFIG_KEYS) == set(TestBuilder.CONFIG_ARGS)


def test_repository_yaml_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(ROOT, capsys)
    assert code == 0, out


METRIC = """\
version: 2
metrics:
  - name: deflection_rate
    label: Deflection rate
    type: ratio
    type_params:
      numerator: deflected
      denominator: involved
"""


def test_metric_type_params_mirror_dbt_core() -> None:
    """The accepted type_params keys are exactly dbt-core 1.11's UnparsedMetricTypeParams fields."""
    import dataclasses

    import dbt.cli.main  # noqa: F401  (import order: dbt's modules need the CLI loaded first)
    from dbt.contracts.graph.unparsed import UnparsedMetricTypeParams

    assert set(check_yaml.METRIC_TYPE_PARAMS) == {f.name for f in dataclasses.fields(UnparsedMetricTypeParams)}


def test_metric_type_params_pass_and_misspelt_key_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(make_project(tmp_path, METRIC), capsys) == (0, "")
    (tmp_path / "models" / "_models.yml").write_text(METRIC.replace("numerator:", "numerater:"))
    code, out = run(tmp_path, capsys)
    assert code == 1 and "metrics[0].type_params: " in out and "'numerater'" in out


def test_unit_test_names_fit_postgres_identifiers() -> None:
    """dbt names a unit test's relation after the test: PostgreSQL refuses identifiers over 63 bytes."""
    import yaml

    root = Path(__file__).resolve().parents[2]
    too_long = [
        test["name"]
        for path in sorted((root / "models").rglob("*.yml"))
        for test in (yaml.safe_load(path.read_text()) or {}).get("unit_tests", []) or []
        if len(test["name"].encode()) > 63
    ]
    assert too_long == []
