"""Greedy-decodes held-out prompts in PyTorch and scores the answers.

  python3 evaluate.py --work WORK --data heldout.jsonl [--exclude train.jsonl] [--n 200]
                      [--fixtures OUT.json --fixture-count 2]

Figures (per answer): JSON-valid; top diagnosis = the graph's top candidate; exact = identical to the grounded
target; invented findings = the answer names a finding that is not in the prompt, or cites an evidence id the
prompt does not list, or pairs a label with an id the prompt gives to another finding. --fixtures writes the first
prompts with their greedy token ids and text (no grammar), for the Java token-for-token check.
"""
import argparse
import json
import re
import time

import torch

import tokenizer as tk
from model import Config, TinyLlama
from train import PROMPT_SUFFIX, messages, read_jsonl

CITE = re.compile(r"([^:;,.()\[\]]+?) \[(E\d+)\]")
PROMPT_EVIDENCE = re.compile(r"\[(E\d+)\] ([^;\n]+)")


def invented(answer, prompt):
    p = prompt.lower()
    allowed = dict((a, l.strip().lower()) for a, l in PROMPT_EVIDENCE.findall(prompt))
    for c in answer.get("candidates", []):
        items = list(c.get("wouldConfirm", []))
        items += [re.sub(r"^no (.*) on assessment$", r"\1", x) for x in c.get("wouldExclude", [])]
        items += [re.sub(r"^(Assess|Order) ", "", x) for x in c.get("nextSteps", [])]
        for x in items:
            if not isinstance(x, str) or x.lower() not in p:
                return True
        for e in c.get("citedEvidenceIds", []):
            if e not in allowed:
                return True
        for label, alias in CITE.findall(c.get("rationale", "")):
            label = re.sub(r"^and ", "", label.strip()).lower()
            if alias not in allowed or not allowed[alias].startswith(label):
                return True
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--max-new", type=int, default=768)
    ap.add_argument("--exclude", help="training JSONL: leave out held-out prompts that also occur there")
    ap.add_argument("--fixtures")
    ap.add_argument("--fixture-count", type=int, default=2)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--check-tokens", type=int, default=160, help="tokens the Java check compares")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    tok = tk.Tokenizer.load(f"{args.work}/tokenizer.json")
    ck = torch.load(f"{args.work}/model.pt")
    model = TinyLlama(Config(**ck["config"]))
    model.load_state_dict(ck["state"])
    model.eval()
    examples = list(read_jsonl(args.data))
    if args.exclude:
        seen = {messages(e)[0] for e in read_jsonl(args.exclude)}
        before = len(examples)
        examples = [e for e in examples if messages(e)[0] not in seen]
        print(f"held-out prompts also in {args.exclude}: {before - len(examples)} (left out)", flush=True)
    examples = examples[:args.n]
    stats = dict(n=0, json_valid=0, top_match=0, exact=0, invented=0, candidates_all_listed=0)
    fixtures = []
    t0 = time.time()
    for i, e in enumerate(examples):
        user, target = messages(e)
        prompt = user + PROMPT_SUFFIX
        ids = model.greedy([tk.BOS] + tok.encode(prompt), args.max_new, tk.EOS)
        text = tok.decode(ids)
        if args.fixtures and len(fixtures) < args.fixture_count:
            k = min(len(ids), args.check_tokens)
            fixtures.append({"id": e["meta"]["id"], "prompt": prompt, "promptTokens": tok.encode(prompt),
                             "checkTokens": k, "checkText": tok.decode(ids[:k]), "tokens": ids, "text": text})
        stats["n"] += 1
        tgt = json.loads(target)
        stats["exact"] += text == target
        try:
            ans = json.loads(text)
        except ValueError:
            continue
        if not isinstance(ans, dict):
            continue
        stats["json_valid"] += 1
        cands = ans.get("candidates") or []
        if cands and isinstance(cands[0], dict) and cands[0].get("diagnosis") == tgt["candidates"][0]["diagnosis"]:
            stats["top_match"] += 1
        names = {c["diagnosis"] for c in tgt["candidates"]}
        if all(isinstance(c, dict) and c.get("diagnosis") in names for c in cands):
            stats["candidates_all_listed"] += 1
        stats["invented"] += invented(ans, user)
        if (i + 1) % 20 == 0:
            print(f"{i + 1}/{len(examples)} {stats} {time.time() - t0:.0f}s", flush=True)
    print("RESULT " + json.dumps(stats), flush=True)
    if args.fixtures:
        with open(args.fixtures, "w", encoding="utf-8") as f:
            json.dump(fixtures, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
