"""What a chart's text alternative costs on each rerun, side by side with building the chart itself.

For each Estimate chart of a preset: building the figure, the summary line (drawn on every rerun) and the summary
with its data table (only while "Data of the chart" is open), interleaved, median of rounds, with the ratios.

No assertions: it prints figures. Run: python bench/bench_chart_text.py [--rounds 7] [--repeat 200]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import core
from charts import estimate as charts
from charts.text import text_alternative

PRESET = "support_bot"
VOLUME_POINTS = 200  # as many as the Estimate page sweeps


def _ms(work: Callable[[], object], repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        work()
    return (time.perf_counter() - start) * 1000 / repeat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    scenario = core.preset_scenario(PRESET)
    result = core.estimate(scenario)
    crossings = charts.break_even_points(scenario, result)
    volumes = np.linspace(0.0, charts.volume_range(result, crossings), VOLUME_POINTS)
    sweep = core.volume_sweep(scenario, volumes, precomputed=result)
    builders: dict[str, Callable[[], object]] = {
        "monthly": lambda: charts.monthly_chart(result),
        "cumulative": lambda: charts.cumulative_chart(result, core.cumulative_costs(result)),
        "volume": lambda: charts.volume_chart(result, volumes, sweep, crossings),
        "latency": lambda: charts.latency_chart(result),
        "tokens": lambda: charts.tokens_chart(result),
    }
    print(f"{'chart':<12}{'figure ms':>11}{'summary ms':>12}{'ratio':>8}{'+table ms':>11}{'ratio':>8}")
    for name, build in builders.items():
        fig = build()
        rows: list[tuple[float, float, float]] = []
        for _ in range(args.rounds):  # interleaved, so a busy moment slows all three alike
            rows.append(
                (
                    _ms(build, args.repeat),
                    _ms(lambda: text_alternative(fig), args.repeat),  # noqa: B023 (used inside this round)
                    _ms(lambda: text_alternative(fig).table, args.repeat),  # noqa: B023
                )
            )
        figure_ms, summary_ms, table_ms = (statistics.median(column) for column in zip(*rows, strict=True))
        print(
            f"{name:<12}{figure_ms:>11.2f}{summary_ms:>12.2f}{summary_ms / figure_ms:>8.2f}"
            f"{table_ms:>11.2f}{table_ms / figure_ms:>8.2f}"
        )


if __name__ == "__main__":
    main()
