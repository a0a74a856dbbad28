"""Trains the embedded explainer model from `dxguard reasoner export-training-data` JSONL (see MODEL_CARD.md).

  python3 train.py prepare --data train.jsonl --work WORK [--vocab 2048] [--tokenizer-examples 3000]
  python3 train.py train --work WORK --minutes 33 [--seed 1]

prepare: learns the tokenizer (tokenizer.py) on the first examples, tokenizes every example as
  <s> + encode(user + PROMPT_SUFFIX) + encode(assistant) + </s>; the system message is not used by this model.
train: next-token loss on the answer tokens (and </s>) only; AdamW, warm-up then cosine decay over the wall-clock
  budget; writes WORK/model.pt (and a checkpoint every few minutes) and WORK/loss.tsv.
"""
import argparse
import json
import math
import os
import random
import sys
import time

import torch
import torch.nn.functional as F

import tokenizer as tk
from model import Config, TinyLlama, n_params

PROMPT_SUFFIX = "\n### Answer\n"


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def messages(example):
    m = {x["role"]: x["content"] for x in example["messages"]}
    return m["user"], m["assistant"]


def prepare(args):
    os.makedirs(args.work, exist_ok=True)
    examples = list(read_jsonl(args.data))
    texts = []
    for e in examples[:args.tokenizer_examples]:
        u, a = messages(e)
        texts.append(u + PROMPT_SUFFIX)
        texts.append(a)
    t0 = time.time()
    tok = tk.train(texts, args.vocab)
    tok.save(os.path.join(args.work, "tokenizer.json"))
    print(f"tokenizer: {len(tok)} tokens learned in {time.time() - t0:.0f}s", flush=True)
    seqs = []
    t0 = time.time()
    for i, e in enumerate(examples):
        u, a = messages(e)
        p = [tk.BOS] + tok.encode(u + PROMPT_SUFFIX)
        ans = tok.encode(a) + [tk.EOS]
        seqs.append((p, ans))
        if i % 2000 == 0:
            print(f"tokenized {i}/{len(examples)} in {time.time() - t0:.0f}s", flush=True)
    lens = sorted(len(p) + len(a) for p, a in seqs)
    chars = sum(len(messages(e)[0]) + len(messages(e)[1]) for e in examples)
    toks = sum(lens)
    print(f"examples={len(seqs)} tokens={toks} chars/token={chars / toks:.2f} "
          f"len p50={lens[len(lens) // 2]} p95={lens[int(len(lens) * 0.95)]} max={lens[-1]}", flush=True)
    torch.save({"seqs": seqs}, os.path.join(args.work, "data.pt"))


def batches(seqs, ctx, tokens_per_batch, rng):
    usable = [s for s in seqs if len(s[0]) + len(s[1]) <= ctx]
    rng.shuffle(usable)
    # sort within windows of 256 by length to limit padding, then shuffle the batches
    out = []
    for w in range(0, len(usable), 256):
        window = sorted(usable[w:w + 256], key=lambda s: len(s[0]) + len(s[1]))
        cur = []
        longest = 0
        for s in window:
            n = len(s[0]) + len(s[1])
            if cur and max(longest, n) * (len(cur) + 1) > tokens_per_batch:
                out.append(cur)
                cur, longest = [], 0
            cur.append(s)
            longest = max(longest, n)
        if cur:
            out.append(cur)
    rng.shuffle(out)
    return out, len(seqs) - len(usable)


def collate(batch):
    T = max(len(p) + len(a) for p, a in batch) - 1
    x = torch.zeros(len(batch), T, dtype=torch.long)
    y = torch.full((len(batch), T), -100, dtype=torch.long)
    for i, (p, a) in enumerate(batch):
        s = p + a
        x[i, :len(s) - 1] = torch.tensor(s[:-1])
        tgt = torch.tensor(s[1:])
        tgt[:len(p) - 1] = -100                     # no loss on the prompt
        y[i, :len(s) - 1] = tgt
    return x, y


def train(args):
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    tok = tk.Tokenizer.load(os.path.join(args.work, "tokenizer.json"))
    seqs = torch.load(os.path.join(args.work, "data.pt"))["seqs"]
    cfg = Config(vocab_size=len(tok), dim=args.dim, n_layers=args.layers, n_heads=args.heads, ffn_dim=args.ffn,
                 ctx=args.ctx)
    model = TinyLlama(cfg)
    print(f"config={cfg.to_dict()} params={n_params(model)}", flush=True)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.95), weight_decay=0.01)
    budget = args.minutes * 60
    start = time.time()
    last_ckpt = start
    step = 0
    epoch = 0
    seen = 0
    log = open(os.path.join(args.work, "loss.tsv"), "w")
    log.write("step\telapsed_s\texamples_seen\tlr\tloss\n")
    ema = None
    done = False
    while not done:
        bs, dropped = batches(seqs, cfg.ctx, args.batch_tokens, rng)
        if epoch == 0:
            print(f"batches/epoch={len(bs)} dropped_longer_than_ctx={dropped}", flush=True)
        for b in bs:
            elapsed = time.time() - start
            if elapsed >= budget:
                done = True
                break
            frac = elapsed / budget
            lr = args.lr * min(1.0, (step + 1) / args.warmup) * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * frac)))
            for g in opt.param_groups:
                g["lr"] = lr
            x, y = collate(b)
            logits = model(x)
            loss = F.cross_entropy(logits.reshape(-1, logits.size(-1)), y.reshape(-1), ignore_index=-100)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            step += 1
            seen += len(b)
            ema = loss.item() if ema is None else 0.95 * ema + 0.05 * loss.item()
            if step % 10 == 0:
                log.write(f"{step}\t{elapsed:.0f}\t{seen}\t{lr:.2e}\t{ema:.4f}\n")
                log.flush()
            if step % 50 == 0:
                print(f"step {step} t={elapsed:.0f}s seen={seen} epoch={epoch} lr={lr:.2e} loss={ema:.4f}", flush=True)
            if time.time() - last_ckpt > 180:
                save(model, cfg, args, os.path.join(args.work, "model.pt"), step, seen, ema)
                last_ckpt = time.time()
        epoch += 1
    save(model, cfg, args, os.path.join(args.work, "model.pt"), step, seen, ema)
    print(f"done: steps={step} examples_seen={seen} epochs={seen / len(seqs):.2f} loss={ema:.4f} "
          f"wall={time.time() - start:.0f}s", flush=True)


def save(model, cfg, args, path, step, seen, loss):
    torch.save({"config": cfg.to_dict(), "state": model.state_dict(), "step": step, "examples_seen": seen,
                "loss": loss, "args": vars(args)}, path + ".tmp")
    os.replace(path + ".tmp", path)


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--data", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--vocab", type=int, default=2048)
    p.add_argument("--tokenizer-examples", type=int, default=3000)
    t = sub.add_parser("train")
    t.add_argument("--work", required=True)
    t.add_argument("--minutes", type=float, default=33)
    t.add_argument("--seed", type=int, default=1)
    t.add_argument("--threads", type=int, default=1)
    t.add_argument("--dim", type=int, default=128)
    t.add_argument("--layers", type=int, default=4)
    t.add_argument("--heads", type=int, default=4)
    t.add_argument("--ffn", type=int, default=352)
    t.add_argument("--ctx", type=int, default=1024)
    t.add_argument("--lr", type=float, default=3e-3)
    t.add_argument("--warmup", type=int, default=50)
    t.add_argument("--batch-tokens", type=int, default=8192)
    args = ap.parse_args()
    prepare(args) if args.cmd == "prepare" else train(args)


if __name__ == "__main__":
    sys.exit(main())
