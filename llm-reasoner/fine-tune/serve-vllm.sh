#!/usr/bin/env bash
# Serves DeepSeek-R1-Distill-Qwen-7B with the dxguard LoRA adapter behind vLLM's OpenAI-compatible API.
#
#   ./serve-vllm.sh out/dxguard-lora-v1            # adapter directory written by train_lora.py
#   DXGUARD_LLM_BASE_URL=http://<host>:8000/v1 DXGUARD_LLM_MODEL=dxguard bin/dxguard serve
#
# vLLM >= 0.12: structured output comes from the request's response_format (type json_schema), which dxguard's
# langchain4j client sends (see README.md, "What the client sends"); the old guided_json request field is gone, so
# nothing schema-related is configured here. --reasoning-parser deepseek_r1 moves <think> content into
# reasoning_content (dxguard also strips inline <think> blocks). Not run on the dxguard build machine (no GPU).
set -euo pipefail

ADAPTER_DIR=${1:?usage: serve-vllm.sh ADAPTER_DIR [extra vllm args]}
shift
BASE_MODEL=${BASE_MODEL:-deepseek-ai/DeepSeek-R1-Distill-Qwen-7B}
PORT=${PORT:-8000}
HOST=${HOST:-0.0.0.0}

exec vllm serve "$BASE_MODEL" \
  --host "$HOST" --port "$PORT" \
  --served-model-name deepseek-r1-distill-qwen-7b \
  --enable-lora --max-lora-rank 16 \
  --lora-modules dxguard="$ADAPTER_DIR" \
  --reasoning-parser deepseek_r1 \
  --max-model-len 8192 \
  --gpu-memory-utilization 0.90 \
  --generation-config vllm \
  ${DXGUARD_VLLM_API_KEY:+--api-key "$DXGUARD_VLLM_API_KEY"} \
  "$@"
