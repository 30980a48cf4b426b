"""Substring search over many words at once."""

from __future__ import annotations

from bisect import bisect_right


def containing(candidates: list[str], parts: set[str]) -> set[str]:
    """The candidates that contain any of the parts as a substring (one scan of a joined string per part)."""
    joined = "\n".join(candidates)
    starts, pos = [], 0
    for word in candidates:
        starts.append(pos)
        pos += len(word) + 1
    found: set[str] = set()
    for part in parts:
        at = joined.find(part)
        while at != -1:
            found.add(candidates[bisect_right(starts, at) - 1])
            at = joined.find(part, at + 1)
    return found
