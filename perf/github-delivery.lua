-- wrk script for perf/webhooks.sh: signed GitHub deliveries, each with its own X-GitHub-Delivery.
-- The signature covers the body only, so one body and one signature serve every request; the delivery id (a header)
-- makes each a new delivery.   wrk ... -s perf/github-delivery.lua <url> -- <body file> <hex signature>
local threads = 0
function setup(thread)
   thread:set("tid", threads)
   threads = threads + 1
end

function init(args)
   local f = assert(io.open(args[1], "rb"))
   body = f:read("*a")
   f:close()
   signature = "sha256=" .. args[2]
   prefix = "wrk-" .. tostring(os.time()) .. "-" .. tostring(tid) .. "-"
   n = 0
end

function request()
   n = n + 1
   return wrk.format("POST", nil, {
      ["Content-Type"] = "application/json",
      ["X-GitHub-Event"] = "push",
      ["X-GitHub-Delivery"] = prefix .. n,
      ["X-Hub-Signature-256"] = signature
   }, body)
end
