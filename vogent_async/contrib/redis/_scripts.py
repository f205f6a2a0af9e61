"""The Lua scripts that make the shared budget atomic.

Every time in them is Redis's own clock (``TIME``, in microseconds), so that the
workers' clocks never meet: a worker only ever learns *how long* to wait. All the
keys of one budget share the hash tag ``{key}``, so they live in one Cluster slot.

Redis 6 or later: scripts that call ``TIME`` need effects replication (the default
since 5.0), and a task waiting for a slot blocks with ``BLPOP`` for less than a
second (6.0).
"""

from __future__ import annotations

# What a script that frees leases calls: one marker a freed slot on the freed list,
# where waiting tasks block (BLPOP) until a slot frees. The list is kept to at most
# max_concurrency markers (a marker nobody waits for costs one extra try at most)
# and expires with the leases.
_FREE = """
local function free(removed, limit, lease)
  if removed > 0 and limit > 0 then
    for _ = 1, removed do
      redis.call('LPUSH', KEYS[4], '1')
    end
    redis.call('LTRIM', KEYS[4], 0, limit - 1)
    redis.call('PEXPIRE', KEYS[4], math.ceil(lease / 1000) + 1000)
  end
end
"""

# KEYS: leases (zset token -> expiry), pause (resume time), rate (next free time), freed
# ARGV: token, max_concurrency (0: none), lease microseconds, interval microseconds (0: none),
# then the tokens of this process's finished leases, released first (one round trip for both).
# Returns {why, wait}: {0, 0} granted; {1, wait} paused by a Retry-After; {2, wait} every
# slot taken, the earliest lease running out in wait (a release wakes the waiters
# sooner); {3, wait} the rate's next turn. Waits in microseconds.
ACQUIRE = (
    _FREE
    + """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local limit = tonumber(ARGV[2])
local lease = tonumber(ARGV[3])
local removed = 0
if #ARGV > 4 then
  removed = redis.call('ZREM', KEYS[1], unpack(ARGV, 5))
end
local resume = tonumber(redis.call('GET', KEYS[2]) or '0')
if resume > now then
  free(removed, limit, lease)
  return {1, resume - now}
end
if limit > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
  if redis.call('ZCARD', KEYS[1]) >= limit then
    local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
    free(removed, limit, lease)
    return {2, tonumber(first[2]) - now}
  end
end
local interval = tonumber(ARGV[4])
if interval > 0 then
  local free_at = tonumber(redis.call('GET', KEYS[3]) or '0')
  if free_at > now then
    free(removed, limit, lease)
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
  free(removed - 1, limit, lease)
end
return {0, 0}
"""
)

# KEYS: leases, pause, rate, freed (the ACQUIRE keys). ARGV: max_concurrency, lease
# microseconds (how long a marker is kept), then the tokens to release. Returns how
# many leases were still held.
RELEASE = (
    _FREE
    + """
local removed = redis.call('ZREM', KEYS[1], unpack(ARGV, 3))
free(removed, tonumber(ARGV[1]), tonumber(ARGV[2]))
return removed
"""
)

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
