"""The monitor job's entry point on files, as the platform runs it: exit 1 with a report on a breach."""

import json
import random
from datetime import date, timedelta

from {{ cookiecutter.package_name }}.monitor import main


def write_features(path, rows, demand_mean=150.0, price_mean=9.5, seed=1):
    rng = random.Random(seed)
    lines = ["date,demand,price"]
    for day in range(rows):
        when = date(2026, 1, 1) + timedelta(days=day)
        lines.append(f"{when},{rng.gauss(demand_mean, 20):.2f},{rng.gauss(price_mean, 0.5):.2f}")
    path.write_text("\n".join(lines) + "\n")


def run(tmp_path, capsys, *extra):
    code = main(["--data-dir", str(tmp_path), "--run-date", "2026-03-01", *extra])
    return code, capsys.readouterr().out


def test_without_data_it_checks_the_synthetic_example_and_says_so(tmp_path, capsys):
    code, out = run(tmp_path, capsys)
    assert code == 0
    assert "VERDICT: PASS" in out
    assert "using the built-in synthetic example" in out


def test_with_only_one_of_the_two_samples_drift_is_not_checked(tmp_path, capsys):
    write_features(tmp_path / "reference.csv", 400, seed=1)
    code, out = run(tmp_path, capsys)
    assert code == 0
    assert "VERDICT: NO VERDICT" in out
    assert "current.csv not found; drift not checked" in out


def test_stable_data_passes(tmp_path, capsys):
    write_features(tmp_path / "reference.csv", 400, seed=1)
    write_features(tmp_path / "current.csv", 200, seed=2)
    code, out = run(tmp_path, capsys)
    assert (code, "VERDICT: PASS" in out) == (0, True)


def test_drift_fails_the_job_with_a_report_naming_the_features(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("MLOPS_GIT_SHA", "f00dfeed")
    write_features(tmp_path / "reference.csv", 400, seed=1)
    write_features(tmp_path / "current.csv", 200, price_mean=12.0, seed=2)
    code, out = run(tmp_path, capsys, "--json", str(tmp_path / "report.json"))
    assert code == 1
    assert "VERDICT: FAIL" in out
    assert "data drift in 1 feature(s): price" in out
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["drifting_features"] == ["price"]
    assert report["git_sha"] == "f00dfeed"


def test_a_small_current_sample_gets_no_verdict_said_clearly(tmp_path, capsys):
    write_features(tmp_path / "reference.csv", 400, seed=1)
    write_features(tmp_path / "current.csv", 30, price_mean=50.0, seed=2)
    code, out = run(tmp_path, capsys)
    assert code == 0
    assert "VERDICT: NO VERDICT" in out
    assert "too few rows to tell: 30 < minimum" in out


def test_the_retrain_rule_fails_the_job_when_labels_show_a_lasting_breach(tmp_path, capsys):
    write_features(tmp_path / "reference.csv", 400, seed=1)
    write_features(tmp_path / "current.csv", 200, seed=2)
    errors = [2.0, 30.0, 3.0, 2.0, 40.0]  # weekly mean absolute errors: 2 breaches, the latest included
    lines = ["date,prediction,label"]
    for week, error in enumerate(errors):
        for day in range(7):
            lines.append(f"{date(2026, 1, 5) + timedelta(days=7 * week + day)},{100 + error},100")
    (tmp_path / "quality.csv").write_text("\n".join(lines) + "\n")
    code, out = run(tmp_path, capsys)
    assert code == 1
    assert "prediction quality: retrain: 2 of the last 5 windows above the threshold" in out
    assert "BREACH" in out


def test_a_broken_config_exits_2_with_the_reason(tmp_path, capsys):
    config = tmp_path / "monitoring.toml"
    config.write_text("[drift]\npsi_threshold = 'high'\n")
    code = main(["--config", str(config), "--data-dir", str(tmp_path)])
    assert code == 2
    assert "psi_threshold: must be a float" in capsys.readouterr().err
