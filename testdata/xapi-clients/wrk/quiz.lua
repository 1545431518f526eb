-- wrk script for issue 15's learner-interaction scenario: signed-in
-- learners answering the sample module's quiz through
-- POST /api/modules/reference-desk-basics/objects/check/events, each
-- connection its own learner, as lode.js sends it for the quiz form.
--
--   LEARNERS=learners.txt wrk -t64 -c64 -d10s --latency -s quiz.lua http://127.0.0.1:PORT
--
-- LEARNERS is a file of "Cookie header<TAB>CSRF token" lines, one learner
-- each (load.sh's make_learners writes it). Run one connection per thread
-- (-tN -cN, N at most the file's lines): wrk tells a script which thread
-- it is in, not which connection, and a learner must not have two requests
-- in flight, or they would race each other's attempt.
--
-- Every request must be an answer the quiz accepts. The quiz takes one
-- submission per attempt, so each learner alternates: submit (graded,
-- stored with its six statements and the state) and retry (a new attempt:
-- the state only). That needs a quiz with unlimited attempts
-- (max_attempts: 0; load.sh serves a copy of content/ changed just so),
-- and answers that fail it (two of five right), since a passed quiz
-- cannot be retried. A thread starts with the quiz page (GET), as a
-- learner would, to see where its learner's attempt stands, and goes back
-- to it after an answer that was not a 200.
--
-- done() prints one line for load.sh to read:
--   quiz: answers A retries R pages P errors E
-- Non-2xx answers are also in wrk's own "Non-2xx" line; the first few are
-- shown on stderr.

local page = "/modules/reference-desk-basics/objects/check"
local events = "/api" .. page .. "/events"
local submit_body = '{"type":"submit","data":{"open-question":["p2"],' ..
  '"interview-steps":["approach","paraphrase"],"privacy":["true"],' ..
  '"ill":["interlibrary loan"],"follow-up-when":["end"]},"rerender":true}'
local retry_body = '{"type":"retry","data":{},"rerender":true}'

local threads = {}
function setup(thread)
  threads[#threads + 1] = thread
  thread:set("id", #threads)
end

local reqs = {}
local want, sent = "page", nil
answers, retries, pages, errors = 0, 0, 0, 0

function init(args)
  local file = os.getenv("LEARNERS") or error("set LEARNERS to a file of learners")
  local n, cookie, token = 0, nil, nil
  for line in io.lines(file) do
    n = n + 1
    if n == id then cookie, token = line:match("^(.-)\t(.+)$") end
  end
  if not cookie then
    error(string.format("thread %d has no learner: %s has %d lines; run -tN -cN with N <= %d", id, file, n, n))
  end
  local post = { ["Cookie"] = cookie, ["X-CSRF-Token"] = token, ["Content-Type"] = "application/json" }
  reqs.page = wrk.format("GET", page, { ["Cookie"] = cookie })
  reqs.submit = wrk.format("POST", events, post, submit_body)
  reqs.retry = wrk.format("POST", events, post, retry_body)
end

function request()
  sent = want
  return reqs[want]
end

local shown = 0
function response(status, _, body)
  if status ~= 200 then
    errors = errors + 1
    want = "page"
    if shown < 3 then
      shown = shown + 1
      io.stderr:write(string.format("quiz.lua %s: HTTP %d: %s\n", sent, status, body:sub(1, 300)))
    end
    return
  end
  if sent == "page" then
    pages = pages + 1
    if body:find('data-lode-event="retry"', 1, true) then
      want = "retry"
    elseif body:find('data-lode-event="submit"', 1, true) then
      want = "submit"
    else
      errors = errors + 1
      io.stderr:write("quiz.lua: the quiz page has neither a submit nor a retry form\n")
    end
  elseif sent == "submit" then
    answers, want = answers + 1, "retry"
  else
    retries, want = retries + 1, "submit"
  end
end

function done()
  local a, r, p, e = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    a, r, p, e = a + t:get("answers"), r + t:get("retries"), p + t:get("pages"), e + t:get("errors")
  end
  io.write(string.format("quiz: answers %d retries %d pages %d errors %d\n", a, r, p, e))
end
