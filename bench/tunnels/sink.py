#!/usr/bin/env python3
"""Benchmark destination and source for bench/tunnels/run.sh (no third-party modules).

serve PORT            : per connection: an 8-byte big-endian length N (0 = echo mode: 1 byte in, 1 byte out,
                        until the peer closes), then N bytes are read and b"ok" is sent back.
send PORT BYTES       : connects to 127.0.0.1:PORT, sends BYTES, waits for "ok"; prints seconds.
open PORT COUNT       : COUNT times, one after the other: connect, echo one byte, close; prints p50 and p99 in ms.
"""
import socket, struct, sys, threading, time

CHUNK = 1 << 20

def handle(conn):
    with conn:
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        header = b""
        while len(header) < 8:
            part = conn.recv(8 - len(header))
            if not part:
                return
            header += part
        (n,) = struct.unpack(">Q", header)
        if n == 0:
            while True:
                b = conn.recv(1)
                if not b:
                    return
                conn.sendall(b)
        buf = bytearray(CHUNK)
        view = memoryview(buf)
        left = n
        while left > 0:
            got = conn.recv_into(view, min(CHUNK, left))
            if got == 0:
                return
            left -= got
        conn.sendall(b"ok")

def serve(port):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    s.listen(128)
    while True:
        conn, _ = s.accept()
        threading.Thread(target=handle, args=(conn,), daemon=True).start()

def send(port, total):
    s = socket.create_connection(("127.0.0.1", port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    data = memoryview(bytes(CHUNK))
    start = time.perf_counter()
    s.sendall(struct.pack(">Q", total))
    left = total
    while left > 0:
        n = min(CHUNK, left)
        s.sendall(data[:n])
        left -= n
    reply = b""
    while len(reply) < 2:
        part = s.recv(2)
        if not part:
            raise SystemExit("the tunnel closed before the sink answered")
        reply += part
    print(f"{time.perf_counter() - start:.3f}")

def open_times(port, count):
    times = []
    for _ in range(count):
        start = time.perf_counter()
        s = socket.create_connection(("127.0.0.1", port))
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        s.sendall(struct.pack(">Q", 0) + b"x")
        if s.recv(1) != b"x":
            raise SystemExit("echo failed")
        times.append((time.perf_counter() - start) * 1000)
        s.close()
    times.sort()
    pick = lambda q: times[min(len(times) - 1, int(q * len(times)))]
    print(f"{pick(0.50):.2f} {pick(0.99):.2f}")

if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "serve":
        serve(int(sys.argv[2]))
    elif cmd == "send":
        send(int(sys.argv[2]), int(sys.argv[3]))
    elif cmd == "open":
        open_times(int(sys.argv[2]), int(sys.argv[3]))
