"""Writes the trained model (WORK/model.pt + WORK/tokenizer.json) as a llama.cpp GGUF file (architecture "llama",
SPM tokenizer "llama" with byte fallback, F32 weights, output tied to token_embd).

  python3 export_gguf.py --work WORK --out dxguard-tiny-v1.gguf --name dxguard-tiny-v1
"""
import argparse

import torch

import gguf_writer as g
import tokenizer as tk
from train import PROMPT_SUFFIX


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--name", default="dxguard-tiny-v1")
    args = ap.parse_args()
    ck = torch.load(f"{args.work}/model.pt")
    cfg = ck["config"]
    sd = ck["state"]
    tok = tk.Tokenizer.load(f"{args.work}/tokenizer.json")
    assert len(tok) == cfg["vocab_size"]
    w = g.GgufWriter()
    w.add("general.architecture", g.STRING, "llama")
    w.add("general.name", g.STRING, args.name)
    w.add("general.alignment", g.UINT32, g.ALIGNMENT)
    w.add("general.file_type", g.UINT32, 0)
    w.add("general.license", g.STRING, "Apache-2.0")
    w.add("general.description", g.STRING, "dxguard's own tiny explainer model, trained on synthetic cases "
          "exported from the knowledge graph; prompt = user text + " + repr(PROMPT_SUFFIX))
    w.add("llama.context_length", g.UINT32, cfg["ctx"])
    w.add("llama.embedding_length", g.UINT32, cfg["dim"])
    w.add("llama.block_count", g.UINT32, cfg["n_layers"])
    w.add("llama.feed_forward_length", g.UINT32, cfg["ffn_dim"])
    w.add("llama.attention.head_count", g.UINT32, cfg["n_heads"])
    w.add("llama.attention.head_count_kv", g.UINT32, cfg["n_heads"])
    w.add("llama.rope.dimension_count", g.UINT32, cfg["dim"] // cfg["n_heads"])
    w.add("llama.rope.freq_base", g.FLOAT32, cfg["rope_base"])
    w.add("llama.attention.layer_norm_rms_epsilon", g.FLOAT32, cfg["norm_eps"])
    w.add("llama.vocab_size", g.UINT32, cfg["vocab_size"])
    w.add("tokenizer.ggml.model", g.STRING, "llama")
    w.add_array("tokenizer.ggml.tokens", g.STRING, tok.tokens)
    w.add_array("tokenizer.ggml.scores", g.FLOAT32, tok.all_scores)
    w.add_array("tokenizer.ggml.token_type", g.INT32, tok.types)
    w.add("tokenizer.ggml.unknown_token_id", g.UINT32, tk.UNK)
    w.add("tokenizer.ggml.bos_token_id", g.UINT32, tk.BOS)
    w.add("tokenizer.ggml.eos_token_id", g.UINT32, tk.EOS)
    w.add("tokenizer.ggml.add_bos_token", g.BOOL, True)
    w.add("tokenizer.ggml.add_eos_token", g.BOOL, False)
    w.add("tokenizer.ggml.add_space_prefix", g.BOOL, False)
    w.add("dxguard.prompt_suffix", g.STRING, PROMPT_SUFFIX)
    t = lambda k: sd[k].float().numpy()
    w.add_tensor("token_embd.weight", t("tok_emb.weight"))
    for i in range(cfg["n_layers"]):
        p = f"blocks.{i}."
        b = f"blk.{i}."
        w.add_tensor(b + "attn_norm.weight", t(p + "attn_norm.weight"))
        w.add_tensor(b + "attn_q.weight", t(p + "wq.weight"))
        w.add_tensor(b + "attn_k.weight", t(p + "wk.weight"))
        w.add_tensor(b + "attn_v.weight", t(p + "wv.weight"))
        w.add_tensor(b + "attn_output.weight", t(p + "wo.weight"))
        w.add_tensor(b + "ffn_norm.weight", t(p + "ffn_norm.weight"))
        w.add_tensor(b + "ffn_gate.weight", t(p + "w_gate.weight"))
        w.add_tensor(b + "ffn_up.weight", t(p + "w_up.weight"))
        w.add_tensor(b + "ffn_down.weight", t(p + "w_down.weight"))
    w.add_tensor("output_norm.weight", t("norm.weight"))
    w.write(args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
