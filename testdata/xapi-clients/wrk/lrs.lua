-- wrk script for the /xapi benchmarks in docs/PERFORMANCE.md ("LRS through
-- HTTP"). One mode per run, after wrk's `--`:
--
--   wrk -t2 -c16 -d15s -s lrs.lua http://127.0.0.1:PORT -- post 100   POST batches of 100
--   wrk -t2 -c16 -d15s -s lrs.lua http://127.0.0.1:PORT -- post 1     POST one statement
--   wrk -t2 -c16 -d15s --latency -s lrs.lua http://127.0.0.1:PORT -- query
--   wrk -t2 -c4 -d1h -s lrs.lua http://127.0.0.1:PORT -- post 100 5000   seed
--
-- post's third argument is a quota: each thread stops after that many 2xx
-- answers and, if SEED_DONE names a folder, writes a file there, so that
-- load.sh can stop wrk (whose main thread waits out -d regardless) once
-- every thread is through.
--
-- LRS_KEY and LRS_SECRET (environment) are the HTTP Basic credentials.
--
-- Statements are shaped like those Lode makes for a page, and like the
-- storage benchmarks' seed (engine/postgres/bench_seed_test.go): statement
-- g is by learner g % 1000 about activity (g / 1000) % 20 (10 modules of 2
-- objects), so every 20,000 statements give each (learner, activity) pair
-- one more. They carry no id: the LRS assigns one. Bodies are made once per
-- thread in init and sent in turn, so wrk's own CPU goes to the requests.
-- query asks for the 50 newest statements of a random learner about a
-- random activity, the query of a learner's transcript.

local home = "https://ce.library.example"
local learners, activities = 1000, 20
local verbs = { "experienced", "completed", "answered" }

local function b64(s)
  local chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
  return ((s:gsub(".", function(x)
    local r, byte = "", x:byte()
    for i = 8, 1, -1 do r = r .. (byte % 2 ^ i - byte % 2 ^ (i - 1) > 0 and "1" or "0") end
    return r
  end) .. "0000"):gsub("%d%d%d?%d?%d?%d?", function(x)
    if #x < 6 then return "" end
    local c = 0
    for i = 1, 6 do c = c + (x:sub(i, i) == "1" and 2 ^ (6 - i) or 0) end
    return chars:sub(c + 1, c + 1)
  end) .. ({ "", "==", "=" })[#s % 3 + 1])
end

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", c:byte()) end))
end

-- registration is a fixed version-4 UUID per learner and module.
local function registration(l, m)
  return string.format("%08x-0000-4000-8000-%012x", l, m)
end

local function activity(k)
  local m = math.floor(k / 2)
  return string.format("%s/modules/m-%d", home, m), string.format("%s/modules/m-%d/objects/o-%d", home, m, k % 2), m
end

local function statement(g)
  local l, k = g % learners, math.floor(g / learners) % activities
  local module, object, m = activity(k)
  local verb = verbs[g % 3 + 1]
  local reg = registration(l, m)
  return string.format(
    '{"actor":{"objectType":"Agent","name":"Learner %d","account":{"homePage":"%s","name":"learner-%d"}},' ..
    '"verb":{"id":"http://adlnet.gov/expapi/verbs/%s","display":{"en-US":"%s"}},' ..
    '"object":{"objectType":"Activity","id":"%s","definition":{"name":{"en-US":"The reference interview"},' ..
    '"type":"http://adlnet.gov/expapi/activities/lesson"}},' ..
    '"result":{"completion":true,"duration":"PT4M12.5S"},' ..
    '"context":{"registration":"%s","platform":"Lode","language":"en-US","contextActivities":{' ..
    '"parent":[{"objectType":"Activity","id":"%s"}],' ..
    '"category":[{"objectType":"Activity","id":"https://w3id.org/xapi/cmi5/v1.0","definition":{"type":"http://adlnet.gov/expapi/activities/profile"}}]},' ..
    '"extensions":{"https://w3id.org/xapi/cmi5/context/extensions/sessionid":"%s"}},' ..
    '"timestamp":"2026-11-27T10:00:00.000Z"}',
    l, home, l, verb, verb, object, reg, module, reg)
end

local mode, size, quota
local ok = 0
local bodies, paths = {}, {}
local next_body = 0
local headers = {}

-- setup numbers the threads, so that each one queries its own random pairs.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  mode, size, quota = args[1] or "post", tonumber(args[2] or "1"), tonumber(args[3] or "0")
  local key, secret = os.getenv("LRS_KEY"), os.getenv("LRS_SECRET")
  if not key or not secret then
    error("set LRS_KEY and LRS_SECRET")
  end
  headers["Authorization"] = "Basic " .. b64(key .. ":" .. secret)
  headers["X-Experience-API-Version"] = "2.0.0"
  if mode == "post" then
    headers["Content-Type"] = "application/json"
    local per = learners * activities
    for start = 0, per - 1, size do
      local parts = {}
      for g = start, math.min(start + size, per) - 1 do parts[#parts + 1] = statement(g) end
      bodies[#bodies + 1] = size == 1 and parts[1] or "[" .. table.concat(parts, ",") .. "]"
    end
  elseif mode == "query" then
    for l = 0, learners - 1 do
      local agent = urlencode(string.format('{"account":{"homePage":"%s","name":"learner-%d"}}', home, l))
      for k = 0, activities - 1 do
        local _, object = activity(k)
        paths[#paths + 1] = "/xapi/statements?agent=" .. agent .. "&activity=" .. urlencode(object) .. "&limit=50"
      end
    end
    math.randomseed(os.time() * 100 + (id or 0))
  else
    error("mode must be post or query, got " .. tostring(mode))
  end
end

function request()
  if mode == "post" then
    next_body = next_body % #bodies + 1
    return wrk.format("POST", "/xapi/statements", headers, bodies[next_body])
  end
  return wrk.format("GET", paths[math.random(#paths)], headers)
end

-- A non-2xx answer is counted by wrk ("Non-2xx or 3xx responses"); the
-- first few are shown so a broken run is not mistaken for a fast one.
local shown = 0
function response(status, _, body)
  if status >= 300 and shown < 3 then
    shown = shown + 1
    io.stderr:write(string.format("HTTP %d: %s\n", status, body:sub(1, 300)))
  end
  if status < 300 and quota > 0 then
    ok = ok + 1
    if ok == quota then
      local dir = os.getenv("SEED_DONE")
      if dir then io.open(dir .. "/" .. id, "w"):close() end
      wrk.thread:stop()
    end
  end
end
