-- wrk script: POST one ~2 KB message per request with Prefer: respond-async; SEND_AT (RFC 3339) schedules it.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Prefer"] = "respond-async"
local text = string.rep("mailgate benchmark line 0123456789 abcdefghijklmnopqrstuvwxyz\n", 32)
local send_at = os.getenv("SEND_AT")
wrk.body = '{"to":["sink@bench.local"],"subject":"bench","text":"' .. text:gsub("\n", "\\n") .. '"'
  .. (send_at and (',"sendAt":"' .. send_at .. '"') or "") .. '}'
