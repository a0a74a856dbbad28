"""A tiny Llama-architecture decoder (RMSNorm, rotary position embeddings in llama.cpp's "normal" (adjacent pairs)
layout, SwiGLU feed-forward, tied input/output embeddings), laid out so its weights map 1:1 onto llama.cpp's
LLM_ARCH_LLAMA tensors (see export_gguf.py)."""
import math
from dataclasses import asdict, dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class Config:
    vocab_size: int = 2048
    dim: int = 128
    n_layers: int = 4
    n_heads: int = 4
    ffn_dim: int = 352
    ctx: int = 1024
    rope_base: float = 10000.0
    norm_eps: float = 1e-5

    def to_dict(self):
        return asdict(self)


class RMSNorm(nn.Module):
    def __init__(self, dim, eps):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rope_tables(cfg, device=None):
    hd = cfg.dim // cfg.n_heads
    inv = cfg.rope_base ** (-torch.arange(0, hd, 2, dtype=torch.float32) / hd)
    pos = torch.arange(cfg.ctx, dtype=torch.float32)
    ang = torch.outer(pos, inv)                       # (ctx, hd/2)
    return torch.cos(ang), torch.sin(ang)


def apply_rope(x, cos, sin):
    """x: (B, H, T, hd); rotates the adjacent pairs (x[2i], x[2i+1]) as llama.cpp's ROPE_TYPE_NORM does."""
    x0 = x[..., 0::2]
    x1 = x[..., 1::2]
    r0 = x0 * cos - x1 * sin
    r1 = x0 * sin + x1 * cos
    return torch.stack((r0, r1), dim=-1).flatten(-2)


class Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        d = cfg.dim
        self.attn_norm = RMSNorm(d, cfg.norm_eps)
        self.wq = nn.Linear(d, d, bias=False)
        self.wk = nn.Linear(d, d, bias=False)
        self.wv = nn.Linear(d, d, bias=False)
        self.wo = nn.Linear(d, d, bias=False)
        self.ffn_norm = RMSNorm(d, cfg.norm_eps)
        self.w_gate = nn.Linear(d, cfg.ffn_dim, bias=False)
        self.w_up = nn.Linear(d, cfg.ffn_dim, bias=False)
        self.w_down = nn.Linear(cfg.ffn_dim, d, bias=False)

    def forward(self, x, cos, sin, mask, cache=None):
        B, T, D = x.shape
        H = self.cfg.n_heads
        hd = D // H
        h = self.attn_norm(x)
        q = self.wq(h).view(B, T, H, hd).transpose(1, 2)
        k = self.wk(h).view(B, T, H, hd).transpose(1, 2)
        v = self.wv(h).view(B, T, H, hd).transpose(1, 2)
        q = apply_rope(q, cos, sin)
        k = apply_rope(k, cos, sin)
        if cache is not None:
            if cache.get("k") is not None:
                k = torch.cat([cache["k"], k], dim=2)
                v = torch.cat([cache["v"], v], dim=2)
            cache["k"], cache["v"] = k, v
        att = (q @ k.transpose(-2, -1)) / math.sqrt(hd)
        if mask is not None:
            att = att.masked_fill(mask, float("-inf"))
        att = F.softmax(att, dim=-1)
        y = (att @ v).transpose(1, 2).reshape(B, T, D)
        x = x + self.wo(y)
        h = self.ffn_norm(x)
        return x + self.w_down(F.silu(self.w_gate(h)) * self.w_up(h))


class TinyLlama(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.tok_emb = nn.Embedding(cfg.vocab_size, cfg.dim)
        self.blocks = nn.ModuleList([Block(cfg) for _ in range(cfg.n_layers)])
        self.norm = RMSNorm(cfg.dim, cfg.norm_eps)
        cos, sin = rope_tables(cfg)
        self.register_buffer("cos", cos, persistent=False)
        self.register_buffer("sin", sin, persistent=False)
        for name, p in self.named_parameters():
            if p.dim() == 2:
                std = 0.02 / math.sqrt(2 * cfg.n_layers) if name.endswith(("wo.weight", "w_down.weight")) else 0.02
                nn.init.normal_(p, mean=0.0, std=std)

    def forward(self, idx, start=0, caches=None):
        B, T = idx.shape
        x = self.tok_emb(idx)
        cos = self.cos[start:start + T]
        sin = self.sin[start:start + T]
        if T > 1:
            total = start + T
            mask = torch.ones(T, total, dtype=torch.bool).triu(start + 1)
        else:
            mask = None
        for i, blk in enumerate(self.blocks):
            x = blk(x, cos, sin, mask, None if caches is None else caches[i])
        x = self.norm(x)
        return x @ self.tok_emb.weight.t()

    @torch.no_grad()
    def greedy(self, prompt_ids, max_new, eos):
        caches = [dict() for _ in self.blocks]
        logits = self.forward(torch.tensor([prompt_ids]), 0, caches)
        out = []
        pos = len(prompt_ids)
        for _ in range(max_new):
            nxt = int(torch.argmax(logits[0, -1]))
            if nxt == eos:
                break
            out.append(nxt)
            if pos >= self.cfg.ctx:
                break
            logits = self.forward(torch.tensor([[nxt]]), pos, caches)
            pos += 1
        return out


def n_params(model):
    return sum(p.numel() for p in model.parameters())
