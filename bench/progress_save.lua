-- wrk script of bench/serve.py's "guardar avance" row: the player's progress save, a JSON
-- POST to the URL wrk is given, with a new position each time (a real update, never the
-- same row twice in a row). Her cookie, the CSRF token, Referer and Content-Type come as -H.
-- Arguments after "--": the lesson's duration and the highest position to save, below the
-- 90 % that completes the lesson (bench/probe.py's save_body sends the same).

wrk.method = "POST"

local duration, last
local count = 0

function init(args)
   duration = tonumber(args[1])
   last = tonumber(args[2])
   if not duration or not last then
      error("usage: wrk -s progress_save.lua <url> -- <duration> <last position>")
   end
end

function request()
   count = count + 1
   local body = string.format('{"position": %d, "duration": %d}', 1 + count % last, duration)
   return wrk.format(nil, nil, nil, body)
end
