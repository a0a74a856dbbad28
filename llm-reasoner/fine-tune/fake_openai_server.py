#!/usr/bin/env python3
"""A tiny OpenAI-compatible server for benchmarks and dry runs (standard library only; no model).

``POST /v1/chat/completions`` waits ``--delay-ms``, then answers a grounded dxguard explanation written from the
prompt: the first listed candidate, citing evidence E1 and the first guideline excerpt offered (so the veto lets it
through). ``--status 500`` answers that HTTP error instead. Used for docs/BENCHMARKS.md ("Card latency with the
model at 0 ms, 300 ms, 3 s and down") and to try evaluate.py without a GPU::

    python3 llm-reasoner/fine-tune/fake_openai_server.py --port 18091 --delay-ms 300
"""

import argparse
import json
import re
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FIRST_CANDIDATE = re.compile(r"^1\. (.+?)(?: \(| - score)", re.M)
EXCERPTS = re.compile(r"guidelineExcerptIds, chosen only from: ([^\n]*?)\. Otherwise")


def answer(prompt):
    m = FIRST_CANDIDATE.search(prompt)
    e = EXCERPTS.search(prompt)
    excerpt = [] if not e or e.group(1).startswith("(none") else [e.group(1).split(",")[0].strip()]
    return json.dumps({"summary": "The first candidate fits the recorded findings.", "candidates": [{
        "diagnosis": m.group(1).strip() if m else "unknown", "rationale": "The recorded findings support it [E1].",
        "citedEvidenceIds": ["E1"], "wouldConfirm": ["a confirmatory test"], "wouldExclude": ["a normal examination"],
        "nextSteps": ["Review at follow-up"], "medications": [], "guidelineExcerptIds": excerpt}]})


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=18091)
    p.add_argument("--delay-ms", type=int, default=0)
    p.add_argument("--status", type=int, default=200)
    args = p.parse_args(argv)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            time.sleep(args.delay_ms / 1000)
            if args.status != 200:
                out = json.dumps({"error": {"message": "fake failure", "code": args.status}}).encode()
            else:
                prompt = (body.get("messages") or [{}])[-1].get("content", "")
                out = json.dumps({"id": "fake", "object": "chat.completion", "created": 0, "model": "fake",
                                  "choices": [{"index": 0, "finish_reason": "stop", "message": {
                                      "role": "assistant", "content": answer(prompt)}}],
                                  "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}).encode()
            self.send_response(args.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

        def log_message(self, fmt, *a):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print(f"fake OpenAI-compatible server on http://127.0.0.1:{args.port}/v1 (delay {args.delay_ms} ms)",
          file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
