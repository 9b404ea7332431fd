"""The Lua script wrk runs for the mixed workload (bench/mixed.py): the sequence of requests as
Lua tables, each connection walking it from its own offset."""

import json
from urllib.parse import quote_plus

from bench.mixed import Request, Site


def _lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid Lua string for what we put in it


def lua_script(
    site: Site, requests: list[Request], *, rate_per_connection: float = 0, warmup: bool = False
) -> str:
    """wrk's script: the sequence as Lua tables; reads are formatted once in init(), writes
    as they are sent (a fresh serial number in a reply's text). With rate_per_connection,
    each connection waits between requests so the whole run keeps a steady rate (the soak).
    A warm-up's requests say so (X-Bench-Warmup), and bench.counted_wsgi leaves them out; it
    starts half the sequence away from where the measured run starts."""
    lines = ["local seq = {"]
    for request in requests:
        headers = {}
        if request.member is not None:
            member = site.members[request.member]
            cookie = f"sessionid={member.session}; csrftoken={member.csrf}"
            headers = {"Cookie": cookie, "X-Forwarded-For": member.address}
        elif request.address:
            headers = {"X-Forwarded-For": request.address}
        body = ""
        if request.method == "POST":
            member = site.members[request.member]
            form = {"csrfmiddlewaretoken": member.csrf, **request.form}
            body = "&".join(f"{k}={quote_plus(v)}" for k, v in form.items())
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        header_lua = ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in headers.items())
        lines.append(
            f"  {{{_lua_string(request.method)}, {_lua_string(request.path)}, "
            f"{{{header_lua}}}, {_lua_string(body)}}},"
        )
    lines.append("}")
    delay = round(1000 / rate_per_connection) if rate_per_connection else 0
    # The warm-up walks another stretch of the sequence: walking the measured run's own
    # first requests, it would serve them from the cache it had just filled.
    start = len(requests) // 2 if warmup else 0
    lines.append(_LUA_BODY.replace("DELAY_MS", str(delay)).replace("START", str(start)))
    if warmup:
        lines.append('wrk.headers["X-Bench-Warmup"] = "1"')
    return "\n".join(lines) + "\n"


_LUA_BODY = """
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local formatted = {}
local position = 1
local serial = 0

function init(args)
  wrk.headers["Host"] = "127.0.0.1"
  for i, r in ipairs(seq) do
    if r[1] == "GET" then
      formatted[i] = wrk.format("GET", r[2], r[3])
    end
  end
  -- Each thread walks the sequence from its own offset.
  position = (id * 7919 + START) % #seq + 1
end

function request()
  local r = seq[position]
  local ready = formatted[position]
  position = position % #seq + 1
  if ready then
    return ready
  end
  serial = serial + 1
  local body = string.gsub(r[4], "%%7Bn%%7D", tostring(id) .. "-" .. tostring(serial))
  return wrk.format("POST", r[2], r[3], body)
end

local delay_ms = DELAY_MS
if delay_ms > 0 then
  function delay()
    return delay_ms
  end
end
"""
