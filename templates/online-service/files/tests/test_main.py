import pytest

from {{project.packageName}}.main import DEFAULT_THRESHOLD, parse_args


def test_the_port_comes_from_the_platform(monkeypatch):
    monkeypatch.delenv("PORT", raising=False)
    monkeypatch.setenv("DATABRICKS_APP_PORT", "8123")
    assert parse_args([]).port == 8123
    monkeypatch.delenv("DATABRICKS_APP_PORT")
    monkeypatch.setenv("PORT", "9001")
    assert parse_args([]).port == 9001
    assert parse_args(["--port", "0"]).port == 0


def test_defaults(monkeypatch):
    for name in ("PORT", "DATABRICKS_APP_PORT", "HOST"):
        monkeypatch.delenv(name, raising=False)
    args = parse_args([])
    assert (args.host, args.port, args.threshold) == ("0.0.0.0", 8000, DEFAULT_THRESHOLD)


@pytest.mark.parametrize("argv", [["--threshold", "1.5"], ["--port", "70000"]])
def test_bad_arguments_exit_with_usage(argv):
    with pytest.raises(SystemExit):
        parse_args(argv)
