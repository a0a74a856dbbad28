#!/usr/bin/env python3
"""LoRA / QLoRA fine-tuning of DeepSeek-R1-Distill-Qwen-7B on dxguard's grounded explanations.

Input: the JSONL written by ``bin/dxguard reasoner export-training-data``. Every line is exactly
``{"messages": [{"role": "system", ...}, {"role": "user", ...}, {"role": "assistant", ...}], "meta": {...}}``;
the assistant message is the grounded, rule-checked JSON explanation (schema ``dxguard_differential_explanation``,
``guidelineExcerptIds`` last in each candidate). The loss is computed on the assistant tokens only: the system and
user tokens (the prompt) are masked with -100.

Starting point (the seed's): LoRA r=16, alpha=32, dropout 0.05 on the attention projections q/k/v/o. ``--qlora``
loads the base model in 4-bit NF4 (bitsandbytes) so that a single 24 GB GPU suffices.

Needs a GPU and: torch, transformers (>= 4.45), peft (>= 0.13), datasets, accelerate, and bitsandbytes for --qlora.
Nothing of that runs on the dxguard build machine (no GPU, no PyPI); there the file is only compiled
(``python3 -m py_compile``). See README.md for the steps end to end.

Example::

    python train_lora.py --train data/train.jsonl --eval data/dev.jsonl --output out/dxguard-lora-v1 --qlora
"""

import argparse
import json
import math
import sys

BASE_MODEL = "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B"
ROLES = ["system", "user", "assistant"]


def read_jsonl(path):
    """Reads and checks the export format; fails with the line number on the first malformed line."""
    examples = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                sys.exit(f"{path}:{n}: not JSON ({e})")
            if set(obj) != {"messages", "meta"}:
                sys.exit(f"{path}:{n}: a line must have exactly the keys messages and meta, has {sorted(obj)}")
            roles = [m.get("role") for m in obj["messages"]]
            if roles != ROLES:
                sys.exit(f"{path}:{n}: messages must be system, user, assistant in that order, are {roles}")
            answer = obj["messages"][2].get("content", "")
            try:
                parsed = json.loads(answer)
            except json.JSONDecodeError:
                sys.exit(f"{path}:{n}: the assistant message must be the JSON explanation")
            for i, c in enumerate(parsed.get("candidates", [])):
                if list(c)[-1:] != ["guidelineExcerptIds"]:
                    sys.exit(f"{path}:{n}: candidates[{i}] must end with guidelineExcerptIds")
            examples.append(obj)
    if not examples:
        sys.exit(f"{path}: no examples")
    return examples


def tokenize(example, tokenizer, max_length, empty_think):
    """Prompt tokens masked (-100); labels on the assistant answer and the end-of-turn token only."""
    messages = example["messages"]
    prompt_ids = tokenizer.apply_chat_template(messages[:2], tokenize=True, add_generation_prompt=True)
    answer = messages[2]["content"]
    if empty_think:
        # R1-distill chat templates open a <think> block at generation; train the model to close it at once and
        # answer with the JSON (vLLM's --reasoning-parser deepseek_r1 strips the empty block)
        prefix = "" if tokenizer.decode(prompt_ids[-3:]).rstrip().endswith("<think>") else "<think>\n"
        answer = prefix + "\n</think>\n\n" + answer
    answer_ids = tokenizer(answer + tokenizer.eos_token, add_special_tokens=False)["input_ids"]
    input_ids = (prompt_ids + answer_ids)[:max_length]
    labels = ([-100] * len(prompt_ids) + answer_ids)[:max_length]
    return {"input_ids": input_ids, "attention_mask": [1] * len(input_ids), "labels": labels}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--train", required=True, help="JSONL from bin/dxguard reasoner export-training-data")
    p.add_argument("--eval", help="held-out JSONL (same format)")
    p.add_argument("--output", required=True, help="directory for the LoRA adapter")
    p.add_argument("--base-model", default=BASE_MODEL)
    p.add_argument("--qlora", action="store_true", help="load the base model in 4-bit NF4 (bitsandbytes)")
    p.add_argument("--r", type=int, default=16)
    p.add_argument("--alpha", type=int, default=32)
    p.add_argument("--dropout", type=float, default=0.05)
    p.add_argument("--target-modules", default="q_proj,k_proj,v_proj,o_proj")
    p.add_argument("--epochs", type=float, default=2.0)
    p.add_argument("--lr", type=float, default=2e-4)
    p.add_argument("--batch-size", type=int, default=1)
    p.add_argument("--grad-accum", type=int, default=16)
    p.add_argument("--max-length", type=int, default=4096)
    p.add_argument("--no-empty-think", dest="empty_think", action="store_false",
                   help="do not prefix answers with an empty <think></think> block")
    p.add_argument("--seed", type=int, default=17)
    args = p.parse_args(argv)

    train = read_jsonl(args.train)
    dev = read_jsonl(args.eval) if args.eval else None

    # heavy imports only after the data has been checked (so --help and format errors need no GPU stack)
    import torch
    from datasets import Dataset
    from peft import LoraConfig, get_peft_model, prepare_model_for_kbit_training
    from transformers import (AutoModelForCausalLM, AutoTokenizer, DataCollatorForSeq2Seq, Trainer,
                              TrainingArguments, set_seed)

    set_seed(args.seed)
    tokenizer = AutoTokenizer.from_pretrained(args.base_model)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    quant = None
    if args.qlora:
        from transformers import BitsAndBytesConfig
        quant = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True,
                                   bnb_4bit_compute_dtype=torch.bfloat16)
    model = AutoModelForCausalLM.from_pretrained(args.base_model, torch_dtype=torch.bfloat16,
                                                 quantization_config=quant, device_map="auto")
    if args.qlora:
        model = prepare_model_for_kbit_training(model)
    model.config.use_cache = False
    lora = LoraConfig(r=args.r, lora_alpha=args.alpha, lora_dropout=args.dropout, bias="none",
                      task_type="CAUSAL_LM", target_modules=args.target_modules.split(","))
    model = get_peft_model(model, lora)
    model.print_trainable_parameters()

    def encode(rows):
        return Dataset.from_list([tokenize(r, tokenizer, args.max_length, args.empty_think) for r in rows])

    train_ds = encode(train)
    dev_ds = encode(dev) if dev else None
    steps_per_epoch = math.ceil(len(train_ds) / (args.batch_size * args.grad_accum))
    training = TrainingArguments(
        output_dir=args.output, num_train_epochs=args.epochs, learning_rate=args.lr,
        per_device_train_batch_size=args.batch_size, per_device_eval_batch_size=args.batch_size,
        gradient_accumulation_steps=args.grad_accum, lr_scheduler_type="cosine", warmup_ratio=0.03,
        bf16=True, logging_steps=max(1, steps_per_epoch // 20), save_strategy="epoch",
        eval_strategy="epoch" if dev_ds is not None else "no", gradient_checkpointing=True,
        report_to=[], seed=args.seed)
    trainer = Trainer(model=model, args=training, train_dataset=train_ds, eval_dataset=dev_ds,
                      data_collator=DataCollatorForSeq2Seq(tokenizer, padding=True, label_pad_token_id=-100))
    trainer.train()
    model.save_pretrained(args.output)
    tokenizer.save_pretrained(args.output)
    with open(f"{args.output}/dxguard-training.json", "w", encoding="utf-8") as f:
        json.dump({"base_model": args.base_model, "r": args.r, "alpha": args.alpha, "dropout": args.dropout,
                   "target_modules": args.target_modules, "qlora": args.qlora, "epochs": args.epochs,
                   "lr": args.lr, "examples": len(train), "empty_think": args.empty_think}, f, indent=2)
    print(f"adapter written to {args.output}")


if __name__ == "__main__":
    main()
