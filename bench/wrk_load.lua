-- wrk script for one benchmark target (bench/run.py sets the environment):
--   BENCH_PATHS         a file of paths, one a line: each request draws one at random
--   BENCH_METHOD        GET (default) or POST; BENCH_BODY and BENCH_CONTENT_TYPE for a POST
--   BENCH_COOKIE        a Cookie header (signed-in pages)
-- It counts `X-Balai-Cache: hit` / `miss` answers and prints one JSON line with
-- throughput, errors, latency percentiles (microseconds) and those counts.
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  local file = os.getenv("BENCH_PATHS")
  if file and #file > 0 then
    for line in io.lines(file) do
      if #line > 0 then table.insert(paths, line) end
    end
  end
  hits, misses = 0, 0
  math.randomseed(os.time() * 100 + id)
  wrk.method = os.getenv("BENCH_METHOD") or "GET"
  local body = os.getenv("BENCH_BODY")
  if body and #body > 0 then wrk.body = body end
  local ctype = os.getenv("BENCH_CONTENT_TYPE")
  if ctype and #ctype > 0 then wrk.headers["Content-Type"] = ctype end
  local cookie = os.getenv("BENCH_COOKIE")
  if cookie and #cookie > 0 then wrk.headers["Cookie"] = cookie end
end

function request()
  if #paths > 0 then
    return wrk.format(nil, paths[math.random(#paths)])
  end
  return wrk.format()
end

function response(status, headers, body)
  local cached = headers["X-Balai-Cache"] or headers["x-balai-cache"]
  if cached == "hit" then
    hits = hits + 1
  elseif cached == "miss" then
    misses = misses + 1
  end
end

done = function(summary, latency, requests)
  local h, m = 0, 0
  for _, thread in ipairs(threads) do
    h = h + (thread:get("hits") or 0)
    m = m + (thread:get("misses") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect_errors": %d, ' ..
    '"read_errors": %d, "write_errors": %d, "status_errors": %d, "timeouts": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f, ' ..
    '"cache_hits": %d, "cache_misses": %d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean, h, m))
end
