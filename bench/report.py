"""The benchmark's results as a table for the terminal and as Markdown (bench/RESULTS.md), and
which rows miss their targets."""


def table(rows: list[dict]) -> str:
    header = f"{'db':<11}{'page':<14}{'user':<8}{'rps':>9}{'p50 ms':>9}{'p99 ms':>9}"
    header += f"{'queries':>9}{'floor':>8}{'errors':>8}"
    lines = [header, "-" * len(header)]
    for row in rows:
        lines.append(
            f"{row['db']:<11}{row['page']:<14}{row['user']:<8}{row['rps']:>9.1f}"
            f"{row['p50_ms'] or -1:>9.2f}{row['p99_ms'] or -1:>9.2f}{row['queries']:>9}"
            f"{row['ratio_to_floor']:>7.0%} {row['errors']:>7}"
        )
    return "\n".join(lines)


def markdown(rows: list[dict]) -> str:
    """The results as a Markdown table (for the README)."""
    lines = [
        "| db | page | user | req/s | p50 ms | p99 ms | queries | of floor | errors |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row['db']} | {row['page']} | {row['user']} | {row['rps']:.0f} "
            f"| {row['p50_ms'] or -1:.1f} | {row['p99_ms'] or -1:.1f} | {row['queries']} "
            f"| {row['ratio_to_floor']:.0%} | {row['errors']} |"
        )
    return "\n".join(lines)


def misses(rows: list[dict]) -> list[str]:
    """The targets each row misses, in words."""
    found = []
    for row in rows:
        if row["page"] == "floor":
            continue
        name = f"{row['db']} {row['page']} {row['user']}"
        floor_share = 0.8 if row["page"] == "badge.svg" else 0.5 if row["user"] == "anon" else 0.1
        p99 = 100 if row["user"] == "anon" else 250
        if row["ratio_to_floor"] < floor_share:
            found.append(f"{name}: {row['ratio_to_floor']:.0%} of floor < {floor_share:.0%}")
        if row["p99_ms"] is None or row["p99_ms"] >= p99:
            found.append(f"{name}: p99 {row['p99_ms']} ms >= {p99} ms")
        if row["errors"] or row["server_errors_logged"]:
            found.append(f"{name}: {row['errors']} errors")
    return found
