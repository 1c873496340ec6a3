-- POSTs the file named by BODY_FILE with the CONTENT_TYPE header and the INGEST_KEY as bearer key on every request
-- (see Wrk.java).
wrk.method = "POST"
wrk.headers["Content-Type"] = os.getenv("CONTENT_TYPE")
wrk.headers["Authorization"] = "Bearer " .. os.getenv("INGEST_KEY")
local file = assert(io.open(os.getenv("BODY_FILE"), "rb"))
wrk.body = file:read("*a")
file:close()
