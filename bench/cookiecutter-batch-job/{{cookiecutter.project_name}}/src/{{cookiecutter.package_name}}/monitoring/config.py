"""The monitoring config (``monitoring.toml`` next to the package's code, shipped in the wheel).

Every threshold the monitor applies lives in that file, so tuning one is a reviewed one-line change that
the next deploy ships. Unknown keys and values of the wrong type are refused with the key named, so a
typo never silently falls back to a default.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11: the same parser, packaged as tomli
    import tomli as tomllib  # type: ignore[no-redef]

from .drift import DriftSettings
from .quality import METRICS, QualitySettings

DEFAULT_CONFIG = Path(__file__).resolve().parent.parent / "monitoring.toml"


class ConfigError(ValueError):
    """A monitoring config that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class RetrainSettings:
    lookback: int = 5
    min_breaches: int = 2


@dataclass(frozen=True)
class MonitoringConfig:
    data: dict[str, str] = field(default_factory=dict)
    drift: DriftSettings = DriftSettings()
    features: tuple[str, ...] = ()
    quality: QualitySettings = QualitySettings()
    retrain: RetrainSettings = RetrainSettings()
    fail_on_drift: bool = True
    fail_on_retrain: bool = True
    source: str = "defaults"


def _settings(cls: type, table: dict[str, Any], where: str) -> Any:
    known = {f.name: f for f in fields(cls)}
    values = {}
    for key, value in table.items():
        if key not in known:
            raise ConfigError(f"{where}.{key}: unknown key (expected one of: {', '.join(known)})")
        expected = type(getattr(cls(), key))
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if type(value) is not expected:
            raise ConfigError(f"{where}.{key}: must be a {expected.__name__}, not {value!r}")
        values[key] = value
    return cls(**values)


def _flags(table: dict[str, Any], where: str, names: tuple[str, ...]) -> dict[str, Any]:
    found = {}
    for name in names:
        if name in table:
            value = table.pop(name)
            if not isinstance(value, bool):
                raise ConfigError(f"{where}.{name}: must be true or false")
            found[name] = value
    return found


def parse_config(data: dict[str, Any], source: str = "monitoring.toml") -> MonitoringConfig:
    """A validated config from the TOML's tables (missing keys take the defaults)."""
    data = {key: dict(value) if isinstance(value, dict) else value for key, value in data.items()}
    unknown = set(data) - {"data", "drift", "quality", "retrain"}
    if unknown:
        raise ConfigError(f"{source}: unknown table(s) {', '.join(sorted(unknown))}")
    data_table = data.get("data", {})
    if not all(isinstance(v, str) for v in data_table.values()):
        raise ConfigError(f"{source} [data]: every value must be a string (a path)")
    drift_table = data.get("drift", {})
    flags = _flags(drift_table, f"{source} [drift]", ("fail_on_drift",))
    features = drift_table.pop("features", [])
    if not isinstance(features, list) or not all(isinstance(f, str) for f in features):
        raise ConfigError(f"{source} [drift].features: must be a list of column names")
    retrain_table = data.get("retrain", {})
    flags.update(_flags(retrain_table, f"{source} [retrain]", ("fail_on_retrain",)))
    config = MonitoringConfig(
        data=data_table,
        drift=_settings(DriftSettings, drift_table, f"{source} [drift]"),
        features=tuple(features),
        quality=_settings(QualitySettings, data.get("quality", {}), f"{source} [quality]"),
        retrain=_settings(RetrainSettings, retrain_table, f"{source} [retrain]"),
        source=source,
        **flags,
    )
    _check_ranges(config)
    return config


def _check_ranges(config: MonitoringConfig) -> None:
    problems = []
    if config.drift.psi_threshold <= 0:
        problems.append("[drift].psi_threshold must be above 0")
    if not 0 < config.drift.ks_alpha < 1:
        problems.append("[drift].ks_alpha must be between 0 and 1")
    if config.drift.min_samples < 10:
        problems.append("[drift].min_samples must be at least 10 (below that no test means anything)")
    if config.drift.current_rows < 0:
        problems.append("[drift].current_rows must be 0 (all rows) or more")
    if not 2 <= config.drift.bins <= 100:
        problems.append("[drift].bins must be between 2 and 100")
    if config.quality.metric not in METRICS:
        problems.append(f"[quality].metric must be one of: {', '.join(METRICS)}")
    if config.quality.window_days < 1 or config.quality.min_labels < 1:
        problems.append("[quality].window_days and min_labels must be at least 1")
    if not 1 <= config.retrain.min_breaches <= config.retrain.lookback:
        problems.append("[retrain] needs 1 <= min_breaches <= lookback")
    if problems:
        raise ConfigError(f"{config.source}: " + "; ".join(problems))


def load_config(path: Path | None = None) -> MonitoringConfig:
    """The config at ``path`` (default: the packaged ``monitoring.toml``)."""
    path = path or DEFAULT_CONFIG
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such monitoring config") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    return parse_config(data, str(path))
