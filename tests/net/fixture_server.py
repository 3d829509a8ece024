#!/usr/bin/env python3
"""fixture_server.py: the tests' web server, on 127.0.0.1 only.

    fixture_server.py --root DIR --port-file FILE [--log FILE] [--port N]
                      [--arxiv DIR] [--tls PEM]

Serves the files under DIR (GET and HEAD) with an ETag (a hash of the
content) and Last-Modified (the file's mtime), and answers 304 to a
matching If-None-Match or If-Modified-Since, so a changed file is a changed
list. Writes the port it listens on to FILE once it accepts connections
(port 0, the default, lets the system choose). With --log, every request is
appended to that file as one JSON line: arrival time, method, path, and
the request headers, so a test can assert pacing and revalidation.

Faults, by path:
  /fault/status/N           answers status N with a short body
  /fault/retry/N/S          status N (429, 503) with Retry-After: S
  /fault/slow/S/PATH        waits S seconds (a float), then serves PATH
  /fault/truncated          promises 1000 bytes, sends 10, closes
  /fault/big/MB             sends MB MiB of text (with Content-Length)
  /fault/big-chunked/MB     the same without Content-Length
  /fault/loop               redirects to itself, forever
  /fault/redirect?to=URL    redirects to URL (302)
  /fault/flaky/N/PATH       fails with 503 (Retry-After: 1) the first N
                            times, then serves PATH
A served file FILE with a FILE.fault next to it answers with the fault
that file names instead ("truncated", "big/65", "retry/503/1", ...; slow/S
then serves FILE): a list that was fetched once goes wrong at the same URL.

arXiv API, /arxiv/MODE/query?id_list=ID,ID&max_results=N: an Atom feed of
the entries in the --arxiv directory (ID.xml holds one <entry>, "/" in an
old-style id written as "_"); ID.error holds the summary of arXiv's error
entry for that id; an id with neither is left out. MODE:
  ok                        the feed
  malformed                 the feed cut in the middle (not well formed)
  limited-N-S               429 with Retry-After: S the first N times, then ok
  unavailable-N-S           the same with 503
  slow-S                    the feed after S seconds (a float)

With --tls PEM (a certificate and its key; tests/net/selfsigned.pem is one
no client trusts) it speaks https, so a test can see TLS verified.

More routes go in ROUTES (a prefix and a handler method), one per feature.
"""
import argparse
import hashlib
import json
import os
import ssl
import sys
import threading
import time
import urllib.parse
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARGS = None
LOG_LOCK = threading.Lock()
FLAKY = {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "paperdeck-fixture/1"

    def log_message(self, fmt, *args):  # quiet: the log file is the record
        pass

    # ---- helpers ---------------------------------------------------------

    def record(self):
        if not ARGS.log:
            return
        entry = {"t": time.time(), "method": self.command, "path": self.path,
                 "headers": {k: v for k, v in self.headers.items()}}
        with LOG_LOCK, open(ARGS.log, "a") as f:
            f.write(json.dumps(entry) + "\n")

    def send(self, status, body=b"", headers=()):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def serve_file(self, rel):
        path = os.path.realpath(os.path.join(ARGS.root, rel.lstrip("/")))
        root = os.path.realpath(ARGS.root)
        if not path.startswith(root + os.sep) or not os.path.isfile(path):
            return self.send(404, b"not found\n")
        if os.path.isfile(path + ".fault"):
            with open(path + ".fault") as f:
                fault = f.read().strip()
            if not fault.startswith("slow/"):
                return self.fault(fault, {})
            time.sleep(float(fault.split("/")[1]))
        with open(path, "rb") as f:
            body = f.read()
        etag = '"%s"' % hashlib.sha1(body).hexdigest()[:16]
        mtime = int(os.stat(path).st_mtime)
        headers = [("ETag", etag), ("Last-Modified", formatdate(mtime, usegmt=True)),
                   ("Content-Type", content_type(path))]
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if inm is not None:
            if etag in [t.strip() for t in inm.split(",")]:
                return self.send(304, b"", headers[:2])
        elif ims is not None:
            try:
                if mtime <= parsedate_to_datetime(ims).timestamp():
                    return self.send(304, b"", headers[:2])
            except (TypeError, ValueError):
                pass
        return self.send(200, body, headers)

    # ---- faults ----------------------------------------------------------

    def fault(self, rest, query):
        parts = rest.split("/", 2)
        kind = parts[0]
        if kind == "status":
            return self.send(int(parts[1]), b"fault\n")
        if kind == "retry":
            return self.send(int(parts[1]), b"slow down\n", [("Retry-After", parts[2])])
        if kind == "slow":
            time.sleep(float(parts[1]))
            return self.serve_file(parts[2] if len(parts) > 2 else "")
        if kind == "truncated":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"0123456789")
            self.wfile.flush()
            self.close_connection = True
            return None
        if kind in ("big", "big-chunked"):
            return self.send_big(int(parts[1]) << 20, kind == "big")
        if kind == "loop":
            return self.send(302, b"", [("Location", self.path)])
        if kind == "redirect":
            return self.send(302, b"", [("Location", query.get("to", ["/"])[0])])
        if kind == "flaky":
            key = self.path
            with LOG_LOCK:
                FLAKY[key] = FLAKY.get(key, 0) + 1
                n = FLAKY[key]
            if n <= int(parts[1]):
                return self.send(503, b"try later\n", [("Retry-After", "1")])
            return self.serve_file(parts[2] if len(parts) > 2 else "")
        return self.send(404, b"no such fault\n")

    def send_big(self, size, with_length):
        self.send_response(200)
        if with_length:
            self.send_header("Content-Length", str(size))
        else:
            self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        block = (b"x" * 1023 + b"\n") * 64
        sent = 0
        try:
            while sent < size:
                chunk = block[: min(len(block), size - sent)]
                if with_length:
                    self.wfile.write(chunk)
                else:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sent += len(chunk)
            if not with_length:
                self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped at its cap: what the test wants
        self.close_connection = True

    # ---- arXiv API --------------------------------------------------------

    def arxiv(self, rest, query):
        mode = rest.split("/", 1)[0]
        if mode.startswith(("limited-", "unavailable-")):
            _, n, wait = mode.split("-")
            with LOG_LOCK:
                FLAKY[mode] = FLAKY.get(mode, 0) + 1
                count = FLAKY[mode]
            if count <= int(n):
                status = 429 if mode.startswith("limited") else 503
                return self.send(status, b"Rate exceeded.\n", [("Retry-After", wait)])
        if mode.startswith("slow-"):
            time.sleep(float(mode[len("slow-"):]))
        ids = [i for i in query.get("id_list", [""])[0].split(",") if i]
        body = arxiv_feed(ids).encode()
        if mode == "malformed":
            body = body[: len(body) // 2]
        return self.send(200, body, [("Content-Type", "application/atom+xml")])

    # ---- dispatch --------------------------------------------------------

    ROUTES = [("/fault/", "fault"), ("/arxiv/", "arxiv")]

    def do_GET(self):
        self.record()
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        for prefix, method in self.ROUTES:
            if url.path.startswith(prefix):
                return getattr(self, method)(url.path[len(prefix):], query)
        return self.serve_file(urllib.parse.unquote(url.path))

    do_HEAD = do_GET


ARXIV_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?id_list=%s" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: id_list=%s</title>
  <id>http://arxiv.org/api/fixture</id>
  <updated>2024-01-01T00:00:00-05:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">%d</opensearch:totalResults>
"""

ARXIV_ERROR = """  <entry>
    <id>http://arxiv.org/api/errors#%s</id>
    <title>Error</title>
    <summary>%s</summary>
    <updated>2024-01-01T00:00:00-05:00</updated>
    <author>
      <name>arXiv api core</name>
    </author>
  </entry>
"""


def arxiv_feed(ids):
    parts = []
    for i in ids:
        base = os.path.join(ARGS.arxiv or os.path.join(ARGS.root, "arxiv"), i.replace("/", "_"))
        if os.path.isfile(base + ".xml"):
            with open(base + ".xml") as f:
                parts.append(f.read())
        elif os.path.isfile(base + ".error"):
            with open(base + ".error") as f:
                parts.append(ARXIV_ERROR % (i, f.read().strip()))
    joined = ",".join(ids)
    return ARXIV_HEAD % (joined, joined, len(parts)) + "".join(parts) + "</feed>\n"


def content_type(path):
    if path.endswith((".yaml", ".yml")):
        return "application/yaml"
    if path.endswith((".md", ".markdown")):
        return "text/markdown; charset=utf-8"
    if path.endswith(".xml"):
        return "application/atom+xml"
    return "text/plain; charset=utf-8"


def main():
    global ARGS
    p = argparse.ArgumentParser()
    p.add_argument("--root", required=True)
    p.add_argument("--port-file", required=True)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--log")
    p.add_argument("--arxiv", help="the arXiv entries (default ROOT/arxiv)")
    p.add_argument("--tls", help="serve https with this certificate and key")
    ARGS = p.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", ARGS.port), Handler)
    if ARGS.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(ARGS.tls)
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
    server.daemon_threads = True
    tmp = ARGS.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.replace(tmp, ARGS.port_file)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
