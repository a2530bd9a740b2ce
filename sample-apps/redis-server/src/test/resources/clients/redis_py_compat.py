"""redis-py against the sample, unchanged: run by RedisPyTests as `python3 redis_py_compat.py PORT [PROTOCOL]`.

With no PROTOCOL the client keeps its default settings (redis-py 8 says HELLO 3 and CLIENT SETINFO on connect).
Every check is an assert; the last line printed is the summary RedisPyTests expects.
"""
import sys
import threading

import redis

port = int(sys.argv[1])
options = {"protocol": int(sys.argv[2])} if len(sys.argv) > 2 else {}
tag = sys.argv[2] if len(sys.argv) > 2 else "default"
r = redis.Redis(host="127.0.0.1", port=port, socket_timeout=10, **options)
prefix = f"py:{tag}:"

assert r.ping() is True
assert r.set(prefix + "a", "1") is True
assert r.get(prefix + "a") == b"1"
assert r.set(prefix + "a", "x", nx=True) is None
assert r.set(prefix + "a", "2", xx=True, ex=100) is True
assert 99 <= r.ttl(prefix + "a") <= 100
assert r.expire(prefix + "a", 50) is True
assert 49 <= r.ttl(prefix + "a") <= 50
assert r.exists(prefix + "a", prefix + "none") == 1
assert r.delete(prefix + "a", prefix + "none") == 1
assert r.get(prefix + "a") is None
assert r.ttl(prefix + "a") == -2
assert r.incr(prefix + "n") == 1 and r.incr(prefix + "n", 5) == 6 and r.decr(prefix + "n") == 5
assert r.mset({prefix + "m1": "x", prefix + "m2": "y"}) is True
assert r.mget(prefix + "m1", prefix + "none", prefix + "m2") == [b"x", None, b"y"]

assert r.client_setname("py-" + tag) is True
assert r.client_getname() in ("py-" + tag, b"py-" + tag.encode())
info = r.client_info()
assert info["id"] == r.client_id(), info
assert info["lib-name"] == "redis-py" and info["lib-ver"] == redis.__version__, info
expected_resp = str(options.get("protocol", 3))
assert str(info["resp"]) == expected_resp, info
assert any(str(c["id"]) == str(info["id"]) for c in r.client_list()), r.client_list()
hello = r.execute_command("HELLO")
hello = dict(zip(hello[::2], hello[1::2])) if isinstance(hello, list) else hello  # a flat array in RESP2
assert hello[b"proto"] == int(expected_resp) and hello[b"server"] == b"redis", hello

pipe = r.pipeline(transaction=False)
for i in range(200):
    pipe.set(f"{prefix}p{i}", i)
for i in range(200):
    pipe.get(f"{prefix}p{i}")
replies = pipe.execute()
assert replies[:200] == [True] * 200, replies[:200]
assert replies[200:] == [str(i).encode() for i in range(200)], replies[200:]

errors = []


def worker(n):
    try:
        for i in range(500):
            key = f"{prefix}t{n}:{i}"
            value = f"{n}-{i}-" + "v" * (i % 50)
            assert r.set(key, value) is True
            got = r.get(key)
            assert got == value.encode(), (key, got)
    except Exception as e:  # reported by the main thread
        errors.append(repr(e))


threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join(60)
assert not errors, errors
assert not any(t.is_alive() for t in threads)
for n in range(8):
    assert r.get(f"{prefix}t{n}:499") == f"{n}-499-".encode() + b"v" * 49

print(f"redis-py {redis.__version__} resp{expected_resp}: 4000 threaded SET/GET and a 400-command pipeline checked")
