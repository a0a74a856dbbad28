-- wrk script for bench/scripts/stages.sh (GENERATOR=wrk): POSTs a hook call whose body holds the placeholder
-- hookInstance 00000000-0000-4000-8000-000000000000, each request with its own pre-signed token (the service refuses
-- a replayed jti) and a fresh hookInstance. When the tokens run out the thread stops; a request sent after that
-- reuses the last token and is answered 401, which wrk reports as a non-2xx response.
-- Usage: wrk -t1 -c16 -d15s -s bench/scripts/wrk-order-sign.lua URL -- TOKENS_FILE BODY_FILE
local tokens, sent = {}, 0
local prefix, suffix
local PLACEHOLDER = "00000000-0000-4000-8000-000000000000"

function init(args)
  for line in io.lines(args[1]) do
    tokens[#tokens + 1] = line
  end
  local f = assert(io.open(args[2], "rb"))
  local body = f:read("*a")
  f:close()
  local s, e = body:find(PLACEHOLDER, 1, true)
  assert(s, "the request body has no placeholder hookInstance")
  prefix, suffix = body:sub(1, s - 1), body:sub(e + 1)
end

function request()
  sent = sent + 1
  if sent >= #tokens then
    wrk.thread:stop()
    sent = #tokens
  end
  local instance = string.format("%08x-0000-4000-8000-%012x", math.random(0, 0x7fffffff), sent)
  return wrk.format("POST", nil, {
    ["Authorization"] = "Bearer " .. tokens[sent],
    ["Content-Type"] = "application/json",
  }, prefix .. instance .. suffix)
end
