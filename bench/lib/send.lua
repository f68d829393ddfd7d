-- wrk script: POST one ~2 KB message per request to mailgate.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local text = string.rep("mailgate benchmark line 0123456789 abcdefghijklmnopqrstuvwxyz\n", 32)
wrk.body = '{"to":["sink@bench.local"],"subject":"bench","text":"' .. text:gsub("\n", "\\n") .. '"}'
