"""The process environment: offline defaults set once by each entry point (no hub downloads, no telemetry), and the
thread count of numpy's BLAS."""

from __future__ import annotations

import os

OFFLINE_ENVIRONMENT = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "ANONYMIZED_TELEMETRY": "False",
    "GRADIO_ANALYTICS_ENABLED": "False",
}


def configure_offline_environment() -> None:
    """Set the offline defaults (an operator's explicit value wins); call before importing model or UI libraries."""
    for key, value in OFFLINE_ENVIRONMENT.items():
        os.environ.setdefault(key, value)


def limit_blas_threads(threads: int) -> None:
    """Limit numpy's OpenBLAS to `threads` threads in this process (0: leave the library's default). Lasts for the
    process; numpy must be imported already (its BLAS is only found once loaded)."""
    if threads <= 0:
        return
    import numpy  # noqa: F401 - loads OpenBLAS, so that the controller finds it
    from threadpoolctl import ThreadpoolController

    ThreadpoolController().select(internal_api="openblas").limit(limits=threads)
