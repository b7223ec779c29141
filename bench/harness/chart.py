"""results.png: requests/s per workload, one bar per server (gnuplot).

data() and script() are pure; draw() runs gnuplot on them.
"""
from __future__ import annotations

import os
import subprocess
from typing import List, Optional, Sequence, Tuple

# One colour per server, in the order they take turns (Dark2).
_COLOURS = ["#d95f02", "#1b9e77", "#e7298a", "#7570b3", "#66a61e", "#e6ab02"]
_GAP = 1  # Between clusters, in bar widths.

Row = Tuple[str, Sequence[Optional[float]]]  # (workload label, one value per server)


def data(rows: Sequence[Row]) -> str:
    """gnuplot's data: a quoted label, then the values (NaN: not measured)."""
    lines = []
    for label, values in rows:
        cells = ["NaN" if v is None else f"{v:.0f}" for v in values]
        lines.append(f'"{label}" ' + " ".join(cells))
    return "\n".join(lines) + "\n"


def bar_offsets(servers: int) -> List[float]:
    """Where each server's bar sits, from its cluster's centre, in x units:
    gnuplot's clustered histogram gives a bar 1 / (servers + gap)."""
    width = 1.0 / (servers + _GAP)
    return [(i - (servers - 1) / 2) * width for i in range(servers)]


def script(names: Sequence[str], clusters: int, data_file: str, output: str,
           title: str) -> str:
    plots = []
    for i, name in enumerate(names):
        source = f'"{data_file}"' if i == 0 else '""'
        plots.append(f'{source} using {i + 2}:xtic(1) title "{name}" '
                     f'lc rgb "{_COLOURS[i % len(_COLOURS)]}"')
    for i, offset in enumerate(bar_offsets(len(names))):
        plots.append(f'"" using ($0 + {offset:.4f}):{i + 2}:(sprintf("%.0f", ${i + 2})) '
                     'with labels rotate by 90 left offset 0,0.4 font ",8" notitle')
    return "\n".join([
        'set terminal pngcairo size 1200,650 font "sans,11" noenhanced',
        f'set output "{output}"',
        f'set title "{title}"',
        "set style data histograms",
        f"set style histogram clustered gap {_GAP}",
        "set style fill solid 0.85 border -1",
        "set boxwidth 0.9",
        'set ylabel "requests/s"',
        "set yrange [0:*]",
        "set offsets 0, 0, graph 0.15, 0",
        "set grid ytics",
        "set key outside bottom center horizontal",
        f"set xrange [-0.6:{clusters - 0.4}]",
        'set format y "%.0f"',
        "plot " + ", \\\n     ".join(plots),
    ]) + "\n"


def draw(names: Sequence[str], rows: Sequence[Row], output: str, title: str,
         folder: str) -> None:
    data_file = os.path.join(folder, "chart.dat")
    with open(data_file, "w") as out:
        out.write(data(rows))
    subprocess.run(["gnuplot"], input=script(names, len(rows), data_file, output, title),
                   text=True, check=True)
