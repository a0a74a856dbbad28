#!/usr/bin/env python3
"""Evaluates a model behind any OpenAI-compatible endpoint on held-out dxguard examples. Standard library only.

Input: the JSONL written by ``bin/dxguard reasoner export-training-data`` (``{"messages": [system, user,
assistant], "meta": {...}}``). For each line the system and user messages are sent to ``POST {base}/chat/completions``
with ``response_format`` json_schema (``schema.json`` next to this file: the schema dxguard's client sends), and the
answer is scored:

* schema-valid rate: the answer (after removing ``<think>`` blocks; ``reasoning_content`` is ignored) is a JSON
  object that validates against the schema;
* grounding rate: of the schema-valid answers, those whose cited evidence ids (``citedEvidenceIds`` and ``[E3]``
  in rationales) are all among the ids the prompt offered, and whose ``guidelineExcerptIds`` are all among the
  excerpt ids the prompt offered;
* veto rate: with ``--dxguard bin/dxguard``, the answers of lines whose ``meta`` carries ``given`` (the patient,
  as in guideline scenarios) and ``candidates`` (name, code, evidence ids) are reviewed by ``dxguard safety run``
  (the real claim extraction and veto) as a suite that expects no veto; the share vetoed is the veto rate.
  Lines without them are not counted (reported as ``veto_checked``);
* latency p50 / p95 / max of the whole HTTP call, in milliseconds.

Prints a JSON report (and writes it with --out); exit status 0, or 2 for usage errors.

Example::

    python3 evaluate.py --base-url http://gpu:8000/v1 --model dxguard --data data/test.jsonl --out eval.json
"""

import argparse
import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
THINK = re.compile(r"<think(?:ing)?>.*?(?:</think(?:ing)?>|$)", re.S | re.I)
CLOSE_ONLY = re.compile(r"^.*?</think(?:ing)?>", re.S | re.I)
EVIDENCE_OFFERED = re.compile(r"relies on, chosen only from: ([^\n]*?)\.\s*$", re.M)
EXCERPTS_OFFERED = re.compile(r"guidelineExcerptIds, chosen only from: ([^\n]*?)\. Otherwise", re.M)
CITATION = re.compile(r"\[\s*(E\d+)\s*\]", re.I)


def read_jsonl(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                obj = json.loads(line)
                roles = [m.get("role") for m in obj.get("messages", [])]
                if roles[:2] != ["system", "user"] and roles[:1] != ["user"]:
                    raise SystemExit(f"{path}:{n}: messages must start with system, user")
                out.append(obj)
    return out


def validate(value, schema, path="$"):
    """Validates against the JSON-schema subset dxguard uses; returns a list of problems."""
    problems = []
    types = schema.get("type")
    types = types if isinstance(types, list) else [types] if types else []
    kinds = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}

    def is_type(t):
        if t in ("number", "integer"):
            return isinstance(value, (int, float)) and not isinstance(value, bool) and (
                t == "number" or float(value).is_integer())
        return isinstance(value, kinds[t])

    if types and not any(is_type(t) for t in types):
        return [f"{path}: expected {'/'.join(types)}"]
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{path}: {value!r} not in {schema['enum']}")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for r in schema.get("required", []):
            if r not in value:
                problems.append(f"{path}.{r}: missing")
        for k, v in value.items():
            if k in props:
                problems += validate(v, props[k], f"{path}.{k}")
            elif schema.get("additionalProperties") is False:
                problems.append(f"{path}.{k}: not allowed")
    if isinstance(value, list) and "items" in schema:
        for i, v in enumerate(value):
            problems += validate(v, schema["items"], f"{path}[{i}]")
    return problems


def answer_text(content):
    text = content or ""
    if re.search(r"</think(?:ing)?>", text, re.I) and not re.search(r"<think(?:ing)?>", text, re.I):
        text = CLOSE_ONLY.sub("", text, count=1)
    text = THINK.sub("", text).strip()
    fence = re.search(r"```(?:json)?\s*(.*?)```", text, re.S)
    if fence:
        text = fence.group(1).strip()
    start, end = text.find("{"), text.rfind("}")
    return text[start:end + 1] if start >= 0 and end > start else text


def offered(pattern, prompt):
    m = pattern.search(prompt)
    if not m or m.group(1).startswith("(none"):
        return set()
    return {x.strip() for x in m.group(1).split(",") if x.strip()}


def grounded(obj, prompt):
    evidence, excerpts = offered(EVIDENCE_OFFERED, prompt), offered(EXCERPTS_OFFERED, prompt)
    for c in obj.get("candidates", []):
        cited = set(c.get("citedEvidenceIds", [])) | {m.upper() for m in CITATION.findall(c.get("rationale", ""))}
        if not cited or not cited <= evidence:
            return False
        if not set(c.get("guidelineExcerptIds", [])) <= excerpts:
            return False
    return True


def call(base_url, model, api_key, messages, schema, timeout, max_tokens):
    body = {"model": model, "messages": messages, "max_tokens": max_tokens, "stream": False,
            "response_format": {"type": "json_schema", "json_schema": {
                "name": "dxguard_differential_explanation", "strict": True, "schema": schema}}}
    req = urllib.request.Request(base_url.rstrip("/") + "/chat/completions", data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json",
                                          "Authorization": "Bearer " + (api_key or "not-needed")})
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            reply = json.loads(r.read().decode("utf-8"))
        error = None
    except (urllib.error.URLError, OSError, ValueError) as e:
        reply, error = None, str(e)
    ms = (time.perf_counter() - t0) * 1000
    content = None
    if reply:
        try:
            content = reply["choices"][0]["message"].get("content")
        except (KeyError, IndexError, TypeError):
            error = "no choices[0].message in the reply"
    return content, error, ms


def percentile(values, q):
    if not values:
        return None
    s = sorted(values)
    return round(s[min(len(s) - 1, max(0, math.ceil(q * len(s)) - 1))], 1)


def veto_rate(dxguard, cases):
    """Runs dxguard safety run on a suite expecting no veto; returns (vetoed, checked)."""
    if not cases:
        return 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        suite = os.path.join(tmp, "eval-suite.yaml")  # JSON is YAML
        with open(suite, "w", encoding="utf-8") as f:
            json.dump({"suite": "evaluate", "cases": cases}, f)
        report = os.path.join(tmp, "report")
        subprocess.run([dxguard, "safety", "run", suite, "--no-mutations", "--report", report],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        vetoed = 0
        for name in os.listdir(report) if os.path.isdir(report) else []:
            if name.endswith(".xml"):
                with open(os.path.join(report, name), encoding="utf-8") as f:
                    vetoed += len(re.findall(r"<failure", f.read()))
        return vetoed, len(cases)



def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--base-url", required=True, help="OpenAI-compatible base URL, e.g. http://gpu:8000/v1")
    p.add_argument("--model", required=True, help="served model name (the LoRA module name with vLLM)")
    p.add_argument("--data", required=True, help="held-out JSONL from export-training-data")
    p.add_argument("--schema", default=os.path.join(HERE, "schema.json"))
    p.add_argument("--api-key", default=os.environ.get("DXGUARD_LLM_API_KEY"))
    p.add_argument("--timeout", type=float, default=60)
    p.add_argument("--max-tokens", type=int, default=4096)
    p.add_argument("--limit", type=int, default=0, help="only the first N lines")
    p.add_argument("--dxguard", help="path to bin/dxguard, to measure the veto rate")
    p.add_argument("--out", help="also write the JSON report here")
    args = p.parse_args(argv)

    with open(args.schema, encoding="utf-8") as f:
        schema = json.load(f)
    rows = read_jsonl(args.data)
    if args.limit:
        rows = rows[:args.limit]
    latencies, valid, grounded_n, errors, veto_cases = [], 0, 0, 0, []
    for i, row in enumerate(rows):
        messages = [m for m in row["messages"] if m["role"] != "assistant"]
        prompt = "\n".join(m.get("content", "") for m in messages)
        content, error, ms = call(args.base_url, args.model, args.api_key, messages, schema, args.timeout,
                                  args.max_tokens)
        latencies.append(ms)
        if error:
            errors += 1
            continue
        try:
            obj = json.loads(answer_text(content))
        except json.JSONDecodeError:
            continue
        if validate(obj, schema):
            continue
        valid += 1
        if grounded(obj, prompt):
            grounded_n += 1
        meta = row.get("meta", {})
        if args.dxguard and "given" in meta and "candidates" in meta:
            veto_cases.append({"id": f"eval-{i + 1}", "given": meta["given"], "candidates": meta["candidates"],
                               "output": {"json": obj}, "expect": {"allowed": True}})
    vetoed, checked = veto_rate(args.dxguard, veto_cases) if args.dxguard else (0, 0)
    n = len(rows)
    report = {
        "endpoint": args.base_url, "model": args.model, "examples": n, "errors": errors,
        "schema_valid_rate": round(valid / n, 4) if n else None,
        "grounding_rate": round(grounded_n / valid, 4) if valid else None,
        "veto_rate": round(vetoed / checked, 4) if checked else None, "veto_checked": checked,
        "latency_ms": {"p50": percentile(latencies, 0.50), "p95": percentile(latencies, 0.95),
                       "max": round(max(latencies), 1) if latencies else None,
                       "mean": round(statistics.fmean(latencies), 1) if latencies else None},
    }
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
