import json

from {{ cookiecutter.package_name }}.main import main


def test_main_writes_a_forecast_for_the_horizon(tmp_path):
    output = tmp_path / "out" / "forecast.json"
    assert main(["--horizon", "5", "--run-date", "2026-01-31", "--output", str(output)]) == 0
    result = json.loads(output.read_text())
    assert result["project"] == "{{ cookiecutter.project_name }}"
    assert [row["date"] for row in result["forecast"]] == [
        "2026-02-01", "2026-02-02", "2026-02-03", "2026-02-04", "2026-02-05",
    ]
    assert result["backtest_mae"] >= 0


def test_main_reads_a_csv(tmp_path, capsys):
    data = tmp_path / "demand.csv"
    data.write_text("date,demand\n" + "".join(f"2026-01-{d:02d},{100 + d}\n" for d in range(1, 29)))
    assert main(["--input", str(data), "--horizon", "2"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["observations"] == 28
    assert result["forecast"][0]["demand"] > 120


def test_main_reports_the_deployed_commit(monkeypatch, capsys):
    monkeypatch.setenv("MLOPS_GIT_SHA", "abc1234")
    main(["--horizon", "1"])
    assert json.loads(capsys.readouterr().out)["git_sha"] == "abc1234"
