"""Running wrk against one page and reading its report: requests per second, p50 and p99
latency, and errors (non-2xx answers, socket errors and timeouts)."""

import re
import subprocess

CONNECTIONS = 16


def wrk(
    port: int,
    path: str,
    *,
    seconds: int,
    cookie: str | None = None,
    script: str | None = None,
    connections: int = CONNECTIONS,
) -> dict:
    """One run; `script` is a Lua file that picks each request (the mixed workload)."""
    command = [
        "wrk",
        "--threads",
        "2",
        "--connections",
        str(connections),
        "--duration",
        f"{seconds}s",
        "--timeout",
        "10s",
        "--latency",
        "--header",
        "Host: 127.0.0.1",
    ]
    if cookie:
        command += ["--header", f"Cookie: {cookie}"]
    if script:
        command += ["--script", script]
    out = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True
    ).stdout
    return parse_wrk(out)


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return round(float(number) * _UNITS[unit], 2)


def parse_wrk(out: str) -> dict:
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", out, re.MULTILINE))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    socket_errors = sum(int(n) for n in sockets.groups()) if sockets else 0
    # No latency lines when not one request finished in wrk's timeout: None, and a miss.
    return {
        "rps": round(float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), 1),
        "p50_ms": _ms(percentiles["50"]) if "50" in percentiles else None,
        "p99_ms": _ms(percentiles["99"]) if "99" in percentiles else None,
        "errors": (int(non_2xx.group(1)) if non_2xx else 0) + socket_errors,
    }
