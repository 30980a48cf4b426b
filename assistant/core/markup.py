"""Markdown marks that ingest and answering both read: a heading line and a footnote definition."""

from __future__ import annotations

import re

HEADING_LINE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")  # '## Maßnahmen': level, text
FOOTNOTE_DEFINITION = re.compile(r"^\[\^[^\]\s]+\]:\s")  # '[^12]: Stadt Ulm, 2019: …'
