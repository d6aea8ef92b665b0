"""The "How this is computed" panel: every formula the estimator uses, in words and in symbols."""

from __future__ import annotations

from core._base import Frozen


class Formula(Frozen):
    """One line of the "How this is computed" panel."""

    topic: str
    words: str
    symbols: str


FORMULAS: tuple[Formula, ...] = (
    Formula(
        topic="Input tokens",
        words="Prompt-only sends the instruction, the examples and the user's text; RAG adds the retrieved "
        "chunks. The fine-tuned strategies send only what was kept of the instruction and examples.",
        symbols="prompt_only = I + E + U;  rag = I + E + k*C + U;  fine_tuning = I' + E' + U;  "
        "hybrid = I' + E' + k*C + U",
    ),
    Formula(
        topic="Cached tokens",
        words="Only the fixed start of the prompt (instruction, then examples) repeats from one request to the "
        "next; retrieved chunks and the question come after it and are never cached. A provider caches that prefix "
        "only from its minimum length (OpenAI 1,024 tokens; Anthropic 1,024 to 4,096 by model; Gemini 2,048 or "
        "4,096), and OpenAI counts hits in 128-token steps past the minimum. A miss writes the prefix into the "
        "cache at the catalogue's write price (Anthropic: 1.25x the input price; OpenAI's gpt-5.6 family) or your "
        "override of it, and at the input price where neither lists one.",
        symbols="P = I + E;  cacheable = 0 if P < m else m + floor((P - m) / s) * s;  "
        "read = h * cacheable;  write = (1 - h) * cacheable  (a line of its own where P_write differs from P_in)",
    ),
    Formula(
        topic="Cost per request",
        words="Plain input, cache reads, cache writes, and output plus reasoning tokens at their prices; "
        "retrieval strategies also embed the user's question. With the batch API each price is the catalogue's "
        "batch price where it lists one, else the provider's batch factor times the price. Inside a batch a "
        "cached token keeps both discounts where the provider says so (Anthropic), keeps the cache price where "
        "the cache discount wins (Google), and costs the dearer of the batch input and cached prices where nobody "
        "says (OpenAI, Bedrock, Mistral). A cache write with no write price of its own is an input token at the "
        "batch rate; a listed batch write price (gpt-5.6) is used as is; a live write price is halved only where "
        "the discounts stack. Batch applies only to offerings that allow it.",
        symbols="cost = ((in - read - write)*P_in + read*P_read + write*P_write + (out + Z)*P_out) / 1e6  "
        "[+ U*P_emb / 1e6]",
    ),
    Formula(
        topic="Reasoning tokens",
        words="A reasoning model writes hidden tokens before its answer; they are billed as output and the user "
        "waits for them before the first visible token. They count for the answering model, and for a fine-tuned "
        "one only when its base model reasons.",
        symbols="Z = reasoning tokens per answer;  billed at P_out;  adds Z / output_speed to the first token",
    ),
    Formula(
        topic="Serving the fine-tuned model",
        words="Pay-per-token offerings add nothing here. An hourly hosting fee is charged for every hour the "
        "deployment exists, used or not. Dedicated GPUs are billed for the hours they run each day, and enough "
        "replicas are rented to carry the busiest hour: the average output rate times the peak factor, divided by "
        "what one replica sustains. Provisioned capacity is billed per unit around the clock.",
        symbols="hosting = fee * 730 h;  gpus = replicas * $/h * hours_per_day * 30.4;  "
        "replicas = max(1, ceil(R * (out + Z) / (hours_per_day * 30.4 * 3600) * peak / replica_tokens_per_s));  "
        "provisioned = units * $/h * 730 h",
    ),
    Formula(
        topic="Training run",
        words="Training tokens times epochs times the training price, or training hours times the price per hour "
        "(reinforcement fine-tuning, your own GPUs); never less than the provider's minimum charge per job, never "
        "more than its cap.",
        symbols="train_run = clamp(N*T*epochs*P_train / 1e6  or  hours*P_hour,  min_job, max_job)",
    ),
    Formula(
        topic="People's time",
        words="Set-up days, the eval set and, for the fine-tuned strategies, the examples still to be written are "
        "paid once at the hourly rate; upkeep hours are paid every month. Switched off, none of it is counted.",
        symbols="people_once = (days*8 + eval*min/60 [+ max(0, N - labelled)*min/60]) * rate;  "
        "people_month = upkeep_hours * rate",
    ),
    Formula(
        topic="Monthly cost",
        words="Requests times cost per request, plus the vector database and re-embedding of changed documents "
        "for retrieval, plus retraining spread over the year, serving and storage for fine-tuning, plus upkeep.",
        symbols="monthly = R*cost [+ DB + corpus*churn*P_emb/1e6] [+ train_run*retrains/12 + serving + storage] "
        "+ people_month",
    ),
    Formula(
        topic="One-time cost",
        words="Embedding the whole corpus once for retrieval, the first training run for fine-tuning, and "
        "people's set-up time.",
        symbols="one_time = [corpus*P_emb/1e6] [+ train_run] + people_once",
    ),
    Formula(
        topic="Total over the horizon",
        words="One-time cost plus the monthly cost for every month of the horizon.",
        symbols="total = one_time + H * monthly",
    ),
    Formula(
        topic="Latency",
        words="Time to first token is the model's base delay plus reading the prompt, plus retrieval and any "
        "reasoning; the answer then streams at the model's output speed. With the batch API results arrive within "
        "the provider's window (24 hours) instead.",
        symbols="ttft = [retrieval_ms] + t0 + in/prefill_speed*1000 + Z/output_speed*1000;  "
        "latency = ttft + out/output_speed*1000",
    ),
    Formula(
        topic="Epochs = auto",
        words="Aim for 3 passes, more for tiny datasets (so about 100 examples are seen) and fewer for huge "
        "ones (so about 25,000 are seen), as in OpenAI's fine-tuning data-prep notebook.",
        symbols="3 if 100 <= 3N <= 25,000; min(25, 100 // N) if 3N < 100; max(1, 25,000 // N) if 3N > 25,000",
    ),
)

SYMBOLS = (
    "I = instruction, E = examples, U = user's question, C = tokens per chunk, k = chunks retrieved, I' and E' = "
    "what is kept after fine-tuning, h = cache hit rate, m = the provider's shortest cached prefix, s = its step, "
    "Z = reasoning tokens, R = requests per month, H = months, N = training examples, T = tokens per example, "
    "min = minutes per example, peak = the peak factor."
)
