#!/usr/bin/env python3
"""A time-stamping authority for tests (RFC 3161 over HTTP, section 3.4), on 127.0.0.1 only.

Usage: python3 tsa_server.py --pki DIR --port-file FILE [--tls-port-file FILE]

DIR is what make_test_pki.sh made. The server listens on 127.0.0.1 on a port the system picks,
writes that port to FILE once it accepts connections; with --tls-port-file, it also serves the
same over https (with DIR/server.pem, which DIR/root.pem issued) on another port, written to that
file. Both serve:

  POST /a, /b, /short, /rogue  a timestamp from that TSA of DIR/tsa.cnf: the body (a DER
                               TimeStampReq) goes to `openssl ts -reply -section NAME`; 200 with
                               Content-Type application/timestamp-reply and the DER TimeStampResp
  POST /status500              500, as an overloaded TSA would answer
  POST /wrongtype              200 with Content-Type text/html
  POST /garbage                200 application/timestamp-reply with bytes that are not DER
  POST /slow                   waits SLOW_SECONDS (5) before a 500: longer than a client's timeout
  POST /drop                   announces a Content-Length, sends part of it and closes
  POST /empty                  200 application/timestamp-reply with an empty body
  POST /big                    200 application/timestamp-reply, BIG_BYTES (2 MiB) without a
                               Content-Length, ended by closing the connection
  POST /moved                  307 to /a (a POST stays a POST)
  POST /loop                   302 to /loop, for ever
  POST /toftp                  302 to ftp://127.0.0.1/a
  GET  /count                  how many POSTs were received, all paths together (decimal text)
  GET  /count/NAME             how many POSTs /NAME received

Anything else is 404. One line per request goes to stderr. SIGTERM or SIGINT stops it; it exits
0. Python's standard library and the openssl command only.
"""

import argparse
import http.server
import os
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time

TSAS = ("a", "b", "short", "rogue")
SLOW_SECONDS = 5
BIG_BYTES = 2 * 1024 * 1024
MAX_QUERY = 64 * 1024  # a TimeStampReq is a few hundred bytes
REPLY_TYPE = "application/timestamp-reply"


class Counts:
    def __init__(self):
        self._lock = threading.Lock()
        self._by_path = {}

    def add(self, path):
        with self._lock:
            self._by_path[path] = self._by_path.get(path, 0) + 1

    def get(self, path=None):
        with self._lock:
            if path is None:
                return sum(self._by_path.values())
            return self._by_path.get(path, 0)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "newsarc-test-tsa"

    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        sys.stderr.write("tsa_server: %s %s\n" % (self.address_string(), format % args))

    def reply(self, status, body, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/count":
            self.reply(200, b"%d\n" % self.server.counts.get(), "text/plain")
        elif self.path.startswith("/count/"):
            name = "/" + self.path[len("/count/"):]
            self.reply(200, b"%d\n" % self.server.counts.get(name), "text/plain")
        else:
            self.reply(404, b"not found\n", "text/plain")

    def read_query(self):
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit() or int(length) > MAX_QUERY:
            self.close_connection = True
            self.reply(400, b"a Content-Length of at most 64 KiB is required\n", "text/plain")
            return None
        return self.rfile.read(int(length))

    def do_POST(self):
        query = self.read_query()
        if query is None:
            return
        path = self.path
        self.server.counts.add(path)
        name = path[1:]
        if name in TSAS:
            self.timestamp(name, query)
        elif path == "/status500":
            self.reply(500, b"the TSA is overloaded\n", "text/plain")
        elif path == "/wrongtype":
            self.reply(200, b"<html><body>not a timestamp</body></html>\n", "text/html")
        elif path == "/garbage":
            self.reply(200, b"this is not DER at all", REPLY_TYPE)
        elif path == "/slow":
            time.sleep(SLOW_SECONDS)
            self.reply(500, b"too late\n", "text/plain")
        elif path == "/drop":
            self.close_connection = True
            self.send_response(200)
            self.send_header("Content-Type", REPLY_TYPE)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"\x30\x82\x03\xe4" + b"\x00" * 96)
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        elif path == "/empty":
            self.reply(200, b"", REPLY_TYPE)
        elif path == "/big":
            self.close_connection = True
            self.send_response(200)
            self.send_header("Content-Type", REPLY_TYPE)
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                for _ in range(BIG_BYTES // 65536):
                    self.wfile.write(b"\x30" * 65536)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading at its limit
        elif path in ("/moved", "/loop", "/toftp"):
            target = {"/moved": "/a", "/loop": "/loop", "/toftp": "ftp://127.0.0.1/a"}[path]
            self.send_response(307 if path == "/moved" else 302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self.reply(404, b"no such TSA\n", "text/plain")

    def timestamp(self, name, query):
        pki = self.server.pki
        with tempfile.TemporaryDirectory(prefix="tsa-request.") as work:
            query_file = os.path.join(work, "query.tsq")
            reply_file = os.path.join(work, "reply.tsr")
            with open(query_file, "wb") as f:
                f.write(query)
            command = ["openssl", "ts", "-reply", "-config", os.path.join(pki, "tsa.cnf"),
                       "-section", name, "-queryfile", query_file, "-out", reply_file]
            # openssl ts reads and rewrites the serial file: one request of a TSA at a time.
            with self.server.locks[name]:
                done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True,
                                      env=dict(os.environ, OPENSSL_CONF="/dev/null"))
            reply = b""
            if done.returncode == 0 and os.path.exists(reply_file):
                with open(reply_file, "rb") as f:
                    reply = f.read()
        if not reply:
            sys.stderr.write("tsa_server: openssl ts -reply failed: %s\n"
                             % done.stderr.decode(errors="replace").strip())
            self.reply(500, b"openssl ts -reply failed\n", "text/plain")
            return
        self.reply(200, reply, REPLY_TYPE)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True  # a /slow request does not hold up the exit


def write_port(path, port):
    temporary = path + ".tmp"
    with open(temporary, "w") as f:
        f.write("%d\n" % port)
    os.replace(temporary, path)  # whole or absent, never half-written


def main():
    parser = argparse.ArgumentParser(description="A time-stamping authority for tests.")
    parser.add_argument("--pki", required=True, help="the folder make_test_pki.sh made")
    parser.add_argument("--port-file", required=True, help="where to write the port")
    parser.add_argument("--tls-port-file", help="also serve https; where to write its port")
    args = parser.parse_args()
    pki = os.path.abspath(args.pki)
    if not os.path.isfile(os.path.join(pki, "tsa.cnf")):
        sys.exit("tsa_server: %s/tsa.cnf not found: make it with make_test_pki.sh" % pki)

    counts = Counts()
    locks = {name: threading.Lock() for name in TSAS}
    servers = []
    for tls in (False, True) if args.tls_port_file else (False,):
        server = Server(("127.0.0.1", 0), Handler)
        server.pki = pki
        server.counts = counts  # http and https together
        server.locks = locks
        if tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(os.path.join(pki, "server.pem"),
                                    os.path.join(pki, "server.key"))
            server.socket = context.wrap_socket(server.socket, server_side=True)
        servers.append(server)

    def stop(signum, frame):
        # shutdown() waits for serve_forever() to return: not from this thread, which runs one.
        for server in servers:
            threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    # The https server first: the http port file is what start_tsa waits for.
    if args.tls_port_file:
        write_port(args.tls_port_file, servers[1].server_address[1])
        threading.Thread(target=servers[1].serve_forever, kwargs={"poll_interval": 0.1},
                         daemon=True).start()
        sys.stderr.write("tsa_server: https on 127.0.0.1:%d\n" % servers[1].server_address[1])
    port = servers[0].server_address[1]
    write_port(args.port_file, port)
    sys.stderr.write("tsa_server: listening on 127.0.0.1:%d\n" % port)
    try:
        servers[0].serve_forever(poll_interval=0.1)
    finally:
        for server in servers:
            server.server_close()
    sys.stderr.write("tsa_server: stopped\n")


if __name__ == "__main__":
    main()
