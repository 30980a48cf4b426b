"""Where every benchmark writes its figures: bench/results/<name> (JSON), also printed unless told not to."""

from __future__ import annotations

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def save_results(name: str, figures: dict, echo: bool = True) -> Path:
    """Write the figures as indented JSON to bench/results/<name>; print them too when `echo`."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / name
    text = json.dumps(figures, indent=2)
    path.write_text(text, encoding="utf-8")
    if echo:
        print(text)
    return path
