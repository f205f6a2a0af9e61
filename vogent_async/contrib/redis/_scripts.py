"""The Lua scripts that make the shared budget atomic.

Every time in them is Redis's own clock (``TIME``, in microseconds), so that the
workers' clocks never meet: a worker only ever learns *how long* to wait. All the
keys of one budget share the hash tag ``{key}``, so they live in one Cluster slot.

Redis 5 or later: scripts that call ``TIME`` need effects replication, the default
since 5.0.
"""

from __future__ import annotations

# KEYS: leases (zset token -> expiry), pause (resume time), rate (next free time)
# ARGV: token, max_concurrency (0: none), lease microseconds, interval microseconds (0: none)
# Returns {why, wait}: {0, 0} granted; {1, wait} paused by a Retry-After; {2, 0} every
# slot taken (no one can tell when one frees); {3, wait} the rate's next turn. Waits in
# microseconds.
ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local resume = tonumber(redis.call('GET', KEYS[2]) or '0')
if resume > now then
  return {1, resume - now}
end
local limit = tonumber(ARGV[2])
local lease = tonumber(ARGV[3])
if limit > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
  if redis.call('ZCARD', KEYS[1]) >= limit then
    return {2, 0}
  end
end
local interval = tonumber(ARGV[4])
if interval > 0 then
  local free_at = tonumber(redis.call('GET', KEYS[3]) or '0')
  if free_at > now then
    return {3, free_at - now}
  end
  redis.call('SET', KEYS[3], now + interval, 'PX', math.ceil(interval / 1000) + 1000)
end
if limit > 0 then
  redis.call('ZADD', KEYS[1], now + lease, ARGV[1])
  local keep = math.ceil(lease / 1000) + 1000
  if redis.call('PTTL', KEYS[1]) < keep then
    redis.call('PEXPIRE', KEYS[1], keep)
  end
end
return {0, 0}
"""

# KEYS: pause. ARGV: delay in microseconds. Moves the resume time later, never earlier.
PAUSE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local resume = now + tonumber(ARGV[1])
if resume > tonumber(redis.call('GET', KEYS[1]) or '0') then
  redis.call('SET', KEYS[1], resume, 'PX', math.ceil(tonumber(ARGV[1]) / 1000) + 1000)
  return 1
end
return 0
"""

# KEYS: the checkpoint hash. ARGV: listing, next cursor ('' at the end), items done.
# Refuses to move a checkpoint backwards, or to put another listing under its key:
# a worker that lost its job to another keeps its late writes to itself.
SAVE_CHECKPOINT = """
local listing = redis.call('HGET', KEYS[1], 'listing')
if listing and listing ~= ARGV[1] then
  return redis.error_reply('checkpoint holds another listing: ' .. listing)
end
local done = tonumber(redis.call('HGET', KEYS[1], 'items_done') or '-1')
if tonumber(ARGV[3]) < done then
  return 0
end
redis.call('HSET', KEYS[1], 'listing', ARGV[1], 'next_cursor', ARGV[2], 'items_done', ARGV[3])
return 1
"""

# KEYS: leases. ARGV: token, lease microseconds. Moves a held lease's expiry to a
# lease time from now (an open stream renewing its slot). Returns 0 when the lease
# is gone: it ran out and another acquire cleared it, or it was released.
RENEW = """
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  return 0
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local lease = tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], 'XX', now + lease, ARGV[1])
local keep = math.ceil(lease / 1000) + 1000
if redis.call('PTTL', KEYS[1]) < keep then
  redis.call('PEXPIRE', KEYS[1], keep)
end
return 1
"""
