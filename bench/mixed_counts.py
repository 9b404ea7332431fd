"""What the mixed workload's server counted (bench/counted_wsgi.py), merged and judged: latency
histograms per page kind, the page cache's hit ratio, the results.json row."""

import math


def bucket(ms: float) -> str:
    """A latency's histogram bucket (a JSON key): 0.1 ms below 100 ms, 1 ms below a second,
    10 ms above."""
    if ms < 100:
        return f"{ms:.1f}"
    if ms < 1000:
        return f"{ms:.0f}"
    return f"{round(ms, -1):.0f}"


def percentile(histogram: dict, share: float) -> float | None:
    """The nearest-rank percentile (share in 0..1) of a histogram {bucket: count}, or None
    when it is empty."""
    total = sum(histogram.values())
    if not total:
        return None
    rank, seen = max(1, math.ceil(share * total)), 0
    for key in sorted(histogram, key=float):
        seen += histogram[key]
        if seen >= rank:
            return float(key)
    raise AssertionError("unreachable: the ranks add up to the total")


def summarise(counts: list[dict]) -> dict:
    """The counts of every worker process, merged: per page kind its requests and p50/p99 in
    ms (server side), and the page cache's hit ratio over every GET."""
    merged: dict[str, dict] = {}
    gets = hits = 0
    for process in counts:
        gets += process["gets"]
        hits += process["hits"]
        for kind, histogram in process["ms"].items():
            into = merged.setdefault(kind, {})
            for key, count in histogram.items():
                into[key] = into.get(key, 0) + count
    kinds = {
        kind: {
            "requests": sum(histogram.values()),
            "p50_ms": percentile(histogram, 0.5),
            "p99_ms": percentile(histogram, 0.99),
        }
        for kind, histogram in sorted(merged.items())
    }
    return {"gets": gets, "hits": hits, "hit_ratio": round(hits / gets, 3) if gets else None} | {
        "kinds": kinds
    }


def result_row(db: str, measured: dict, floor_rps: float, summary: dict, server_errors: int):
    """The mixed workload's row in bench/results.json, with exactly the keys issue 17 names.
    `errors` counts wrk's (non-2xx/3xx answers, socket errors, timeouts) and the server's
    (tracebacks and "database is locked" in its log) together: both are a member let down."""
    return {
        "db": db,
        "page": "mixed",
        "user": "mixed",
        "rps": measured["rps"],
        "p50_ms": measured["p50_ms"],
        "p99_ms": measured["p99_ms"],
        "errors": measured["errors"] + server_errors,
        "hit_ratio": summary["hit_ratio"],
        "ratio_to_floor": round(measured["rps"] / floor_rps, 3),
    }


def kinds_table(summary: dict) -> str:
    """Each page kind's requests and p50/p99 as the server timed them, for the terminal."""
    lines = [f"    {'kind':<15}{'requests':>9}{'p50 ms':>9}{'p99 ms':>9}"]
    for kind, row in summary["kinds"].items():
        lines.append(
            f"    {kind:<15}{row['requests']:>9}{row['p50_ms']:>9.1f}{row['p99_ms']:>9.1f}"
        )
    return "\n".join(lines)
