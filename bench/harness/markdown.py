"""Markdown tables, as RESULTS.md prints them."""
from __future__ import annotations

from typing import List, Sequence


def table(header: Sequence[str], align: str, rows: List[Sequence[str]]) -> str:
    """align: one letter per column, "r" right-aligned (figures), else left."""
    lines = ["| " + " | ".join(header) + " |",
             "| " + " | ".join("---:" if a == "r" else "---" for a in align) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
