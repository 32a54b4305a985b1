#!/usr/bin/env python3
"""An HTTP server on 127.0.0.1 for the remote reading tests: the files of one folder, served with
range requests as a web server or object storage serves them, and the faults a reader must
survive or report. The first path segment picks the behaviour:

  /files/NAME       ranges (RFC 9110 14), a strong ETag and If-Range, as nginx and S3 do
  /norange/NAME     ignores Range: 200 with the whole file
  /dropsome/NAME    ranges, but every other response stops halfway and closes
  /drop/NAME        ranges, every response stops halfway and closes
  /changing/NAME    ranges, but the file changes (another ETag) after the first request
  /weak/NAME        ranges with only a weak ETag and no Last-Modified
  /status500/NAME   500 to everything
  anything else     404

GET /count gives the number of requests received so far (itself not counted). The chosen port
is written to --port-file once the server listens.
"""
import argparse
import hashlib
import http.server
import os
import re
import threading

RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    requests = 0
    lock = threading.Lock()

    def log_message(self, fmt, *args):
        self.server.log.write("%s %s\n" % (self.requestline, fmt % args))
        self.server.log.flush()

    def send_plain(self, status, text):
        body = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/count":
            self.send_plain(200, str(Handler.requests))
            return
        with Handler.lock:
            Handler.requests += 1
            count = Handler.requests
        parts = self.path.split("/", 2)
        if len(parts) != 3 or "/" in parts[2] or parts[2].startswith("."):
            self.send_plain(404, "not found")
            return
        mode, name = parts[1], parts[2]
        path = os.path.join(self.server.folder, name)
        if mode == "status500":
            self.send_plain(500, "server error")
            return
        if mode not in ("files", "norange", "dropsome", "drop", "changing", "weak") or \
                not os.path.isfile(path):
            self.send_plain(404, "not found")
            return
        with open(path, "rb") as f:
            data = f.read()
        etag = '"%s"' % hashlib.sha256(data).hexdigest()[:16]
        if mode == "changing" and count > 1:
            etag = '"changed-%d"' % count
        if mode == "weak":
            etag = 'W/' + etag
        wanted = self.headers.get("Range")
        if_range = self.headers.get("If-Range")
        if mode == "norange" or wanted is None or (if_range is not None and if_range != etag):
            self.send_body(200, data, etag, None)
            return
        match = RANGE.match(wanted)
        if not match or (match.group(1) == "" and match.group(2) == ""):
            self.send_plain(416, "bad range")
            return
        if match.group(1) == "":
            first = max(0, len(data) - int(match.group(2)))
            last = len(data) - 1
        else:
            first = int(match.group(1))
            last = min(len(data) - 1, int(match.group(2))) if match.group(2) else len(data) - 1
        if first > last:
            self.send_plain(416, "range not satisfiable")
            return
        drop = mode == "drop"
        if mode == "dropsome":
            drop = count % 2 == 1
        self.send_body(206, data[first:last + 1], etag, (first, last, len(data)), drop)

    def send_body(self, status, body, etag, content_range, drop=False):
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Accept-Ranges", "bytes")
        if content_range:
            self.send_header("Content-Range", "bytes %d-%d/%d" % content_range)
        self.end_headers()
        if drop:
            self.wfile.write(body[:len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(body)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--folder", required=True)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--log", required=True)
    args = parser.parse_args()
    server = Server(("127.0.0.1", 0), Handler)
    server.folder = args.folder
    server.log = open(args.log, "a")
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(args.port_file + ".tmp", args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
