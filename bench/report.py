"""The benchmark's results as a table for the terminal and as Markdown (bench/RESULTS.md), and
which rows miss their targets.

Page rows carry a `cold` column: the same page measured with the page cache off
(cold_ratio_to_floor). The mixed workload's row (page "mixed") has no query count and no cold
column; it has the page cache's hit ratio instead.
"""


def _cold(row: dict) -> str:
    cold = row.get("cold_ratio_to_floor")
    return f"{cold:.0%}" if cold is not None else "-"


def _queries(row: dict) -> str:
    return str(row["queries"]) if "queries" in row else "-"


def table(rows: list[dict]) -> str:
    header = f"{'db':<11}{'page':<14}{'user':<8}{'rps':>9}{'p50 ms':>9}{'p99 ms':>9}"
    header += f"{'queries':>9}{'floor':>8}{'cold':>7}{'errors':>8}"
    lines = [header, "-" * len(header)]
    for row in rows:
        lines.append(
            f"{row['db']:<11}{row['page']:<14}{row['user']:<8}{row['rps']:>9.1f}"
            f"{row['p50_ms'] or -1:>9.2f}{row['p99_ms'] or -1:>9.2f}{_queries(row):>9}"
            f"{row['ratio_to_floor']:>7.0%} {_cold(row):>6} {row['errors']:>7}"
        )
    for row in rows:
        if row["page"] == "mixed":
            lines.append(f"{row['db']} mixed: page cache hit ratio {row['hit_ratio']}")
    return "\n".join(lines)


def markdown(rows: list[dict]) -> str:
    """The results as a Markdown table (for the README)."""
    lines = [
        "| db | page | user | req/s | p50 ms | p99 ms | queries | of floor | cold | errors |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row['db']} | {row['page']} | {row['user']} | {row['rps']:.0f} "
            f"| {row['p50_ms'] or -1:.1f} | {row['p99_ms'] or -1:.1f} | {_queries(row)} "
            f"| {row['ratio_to_floor']:.0%} | {_cold(row)} | {row['errors']} |"
        )
    return "\n".join(lines)


def misses(rows: list[dict]) -> list[str]:
    """The targets each row misses, in words."""
    found = []
    for row in rows:
        if row["page"] == "floor":
            continue
        name = f"{row['db']} {row['page']} {row['user']}"
        if row["page"] == "mixed":
            found += _mixed_misses(name, row)
            continue
        floor_share = 0.8 if row["page"] == "badge.svg" else 0.5 if row["user"] == "anon" else 0.1
        p99 = 100 if row["user"] == "anon" else 250
        if row["ratio_to_floor"] < floor_share:
            found.append(f"{name}: {row['ratio_to_floor']:.0%} of floor < {floor_share:.0%}")
        if row["p99_ms"] is None or row["p99_ms"] >= p99:
            found.append(f"{name}: p99 {row['p99_ms']} ms >= {p99} ms")
        if row["errors"] or row["server_errors_logged"] or row.get("cold_errors"):
            found.append(f"{name}: {row['errors'] + row.get('cold_errors', 0)} errors")
        cold = row.get("cold_ratio_to_floor")
        cold_share = 0.10 if row["user"] == "anon" else 0.06
        if cold is not None and cold < cold_share:
            found.append(f"{name}: cold {cold:.0%} of floor < {cold_share:.0%}")
    return found


def _mixed_misses(name: str, row: dict) -> list[str]:
    found = []
    if row["ratio_to_floor"] < 0.25:
        found.append(f"{name}: {row['ratio_to_floor']:.0%} of floor < 25%")
    if row["p99_ms"] is None or row["p99_ms"] >= 150:
        found.append(f"{name}: p99 {row['p99_ms']} ms >= 150 ms")
    if row["errors"]:
        found.append(f"{name}: {row['errors']} errors")
    return found
