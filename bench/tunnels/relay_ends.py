"""The two ends of relay-floor.sh, both connecting to the relay (as Sekisho's client and agent both connect to the server).

relay_ends.py send PORT BYTES tls|plain   sends BYTES (1 MiB writes)
relay_ends.py recv PORT tls|plain         reads until the end and prints the byte count
OpenSSL through Python's ssl module on the TLS side (the relay's self-signed certificate is not checked: loopback).
"""
import socket
import ssl
import sys


def connect(port, tls):
    s = socket.create_connection(("127.0.0.1", port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        s = context.wrap_socket(s, server_hostname="localhost")
    return s


def main():
    mode, port, tls = sys.argv[1], int(sys.argv[2]), sys.argv[-1] == "tls"
    s = connect(port, tls)
    if mode == "send":
        total, chunk, sent = int(sys.argv[3]), b"x" * (1 << 20), 0
        while sent < total:
            s.sendall(chunk[: min(len(chunk), total - sent)])
            sent += min(len(chunk), total - sent)
        # End with a plain TCP FIN and read until the relay closes: closing with the server's unread session tickets
        # in the receive buffer would reset the connection and lose the bytes still in flight.
        s.shutdown(socket.SHUT_WR)
        while s.recv(65536):
            pass
    else:
        buffer, got = bytearray(1 << 20), 0
        while True:
            n = s.recv_into(buffer)
            if not n:
                break
            got += n
        print(got)
    s.close()


if __name__ == "__main__":
    main()
