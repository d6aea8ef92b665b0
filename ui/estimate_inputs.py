"""The Estimate page's input tabs: the workload, pasted texts, retrieval, the fine-tuning offering and people's time.

Each tab reads and writes the session's scenario through `ui.state`; bounds come from the scenario's own fields.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import streamlit as st

import core
from present import format as fmt
from ui import state

# Pasted texts stay in session state only: they can be megabytes and do not belong in a link.
PASTES: tuple[tuple[str, str, str, tuple[str, ...], bool], ...] = (
    (
        "paste.system_prompt",
        "System prompt",
        "The fixed instructions sent with every request.",
        ("workload", "instruction_tokens"),
        False,
    ),
    (
        "paste.examples",
        "Few-shot examples",
        "The worked examples you put in the prompt today.",
        ("workload", "example_tokens"),
        False,
    ),
    (
        "paste.chunk",
        "A typical retrieved chunk",
        "One passage as your retriever would return it.",
        ("rag", "chunk_tokens"),
        False,
    ),
    (
        "paste.question",
        "A typical question",
        "What a user types, as it reaches the model.",
        ("workload", "user_tokens"),
        False,
    ),
    ("paste.answer", "A typical answer", "A good answer of the usual length.", ("workload", "output_tokens"), False),
    (
        "paste.kept_instruction",
        "Instruction kept after fine-tuning",
        "What would remain of the system prompt once the model has learnt the behaviour.",
        ("fine_tuning", "kept_instruction_tokens"),
        True,
    ),
    (
        "paste.kept_examples",
        "Examples kept after fine-tuning",
        "Examples you would still send to the fine-tuned model (often none).",
        ("fine_tuning", "kept_example_tokens"),
        True,
    ),
)
APPLIED_KEY = "paste.applied"


@st.cache_data(max_entries=64, show_spinner=False)
def _count(digest: str, model: str, _text: str) -> int:
    # Keyed by the text's digest so a 5 MB paste is hashed once, not compared on every rerun.
    return core.count_tokens(_text, model)


def token_count(text: str, model: str) -> int:
    """Tokens of a pasted text for `model`, cached by the text's digest."""
    return _count(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest(), model, text)


def _options(choices: tuple[str, ...], current: str) -> list[str]:
    """Catalogue choices plus the scenario's own value when it was typed in (so it stays selected)."""
    return list(choices) if current in choices else [current, *choices]


def _pasted_model(kept: bool) -> str:
    scenario = state.scenario()
    return core.offering(scenario.fine_tuning.offering).base_model if kept else scenario.model


def _keep_paste(key: str) -> None:
    # Widget values vanish while their tab is closed; the pasted text is kept under a plain key.
    st.session_state[key] = st.session_state[key + ".box"]


def _use_counts() -> None:
    changes: dict[tuple[str, ...], object] = {}
    for key, _label, _, path, kept in PASTES:
        text = st.session_state.get(key) or ""
        if text.strip():
            changes[path] = token_count(text, _pasted_model(kept))
    if not changes:
        st.session_state[APPLIED_KEY] = "Paste some text first; empty boxes are left alone."
        return
    if not state.set_fields(changes):
        st.session_state[APPLIED_KEY] = "Used the measured counts for: " + ", ".join(
            label for key, label, _, path, _k in PASTES if path in changes
        )


def workload_inputs() -> None:
    """The questions about volume and the shape of one request."""
    state.number(
        "Months to compare over",
        ("horizon_months",),
        help="The horizon: one-time costs (training, set-up, embedding the corpus) count once in it.",
    )
    state.number(
        "Requests per month",
        ("workload", "requests_per_month"),
        step=10_000,
        help="How many questions the feature answers in a month, across all users.",
    )
    left, right = st.columns(2)
    state.number(
        "System prompt (tokens)",
        ("workload", "instruction_tokens"),
        where=left,
        step=100,
        help="The fixed instructions sent with every request. Paste yours under 'Paste text' to count it.",
    )
    state.number(
        "Few-shot examples (tokens)",
        ("workload", "example_tokens"),
        where=right,
        step=100,
        help="Worked examples in the prompt that show the model the answer you want.",
    )
    state.number(
        "User's question (tokens)",
        ("workload", "user_tokens"),
        where=left,
        step=50,
        help="What a user types, per request.",
    )
    state.number(
        "Answer length (tokens)",
        ("workload", "output_tokens"),
        where=right,
        step=50,
        help="How long a typical answer is. Output tokens cost several times more than input tokens.",
    )
    state.number(
        "Reasoning tokens per answer",
        ("workload", "reasoning_tokens"),
        where=left,
        step=100,
        help="Hidden 'thinking' tokens a reasoning model writes before answering, billed as output. "
        "Your provider's usage report shows them (reasoning_tokens); 0 for models that do not reason.",
    )
    st.slider(
        "Cache hit rate",
        min_value=0.0,
        max_value=1.0,
        step=0.05,
        format="%.2f",
        help="Share of requests whose fixed prompt start (system prompt and examples) is read from the "
        "provider's cache at a discount. Only a prefix above the provider's minimum length is cached.",
        **state.bind(("workload", "cache_hit_rate")),
    )
    st.toggle(
        "Use the batch API",
        **state.bind(("workload", "batch")),
        help="Send requests in batches answered within a day, for a discount. Only for work nobody waits "
        "for, and only where the provider (or the fine-tuning offering) allows it.",
    )
    scenario = state.scenario()
    st.selectbox(
        "Model that answers",
        options=_options(core.catalogue_models(), scenario.model),
        format_func=core.model_label,
        accept_new_options=True,
        **state.bind(("model",)),
        help="The model behind prompt-only and RAG, from the installed price catalogue (newest first; "
        "type to search). Type a name that is not listed to price your own model.",
    )


def measure_inputs() -> None:
    """Paste real texts, see their token counts, and use them as the sizes above."""
    st.caption(
        "Paste real texts to measure them. The texts stay in this browser session and are not put in the link; "
        "only the counts are, once you press the button."
    )
    for key, label, help_text, _path, kept in PASTES:
        box = key + ".box"
        if box not in st.session_state:
            st.session_state[box] = st.session_state.get(key, "")
        text = st.text_area(label, key=box, help=help_text, height=90, on_change=_keep_paste, args=(key,))
        if text and text.strip():
            model = _pasted_model(kept)
            st.caption(f"{fmt.count(token_count(text, model))} tokens for {fmt.md_escape(model)}")
    st.button(
        "Use these counts",
        key="paste.use",
        type="primary",
        on_click=_use_counts,
        help="Copies each count into the matching size; empty boxes leave their size unchanged.",
    )
    message = st.session_state.get(APPLIED_KEY)
    if message:
        st.success(message, icon=":material/check:")


def retrieval_inputs() -> None:
    """What retrieval adds to each request and what the index costs."""
    left, right = st.columns(2)
    state.number(
        "Chunks retrieved per question",
        ("rag", "top_k"),
        where=left,
        help="top_k: how many passages are added to each prompt.",
    )
    state.number(
        "Tokens per chunk",
        ("rag", "chunk_tokens"),
        where=right,
        step=50,
        help="Size of one retrieved passage. Paste one under 'Paste text' to count it.",
    )
    state.number(
        "Knowledge base size (tokens)",
        ("rag", "corpus_tokens"),
        step=1_000_000,
        help="All the documents to index. Embedding them once is a one-time cost.",
    )
    state.number(
        "Share of documents that change each month",
        ("rag", "monthly_churn"),
        step=0.05,
        format="%.2f",
        help="0.1 means a tenth of the knowledge base is re-embedded every month.",
    )
    st.selectbox(
        "Embedding model",
        options=_options(core.embedding_models(), state.scenario().rag.embedding_model),
        accept_new_options=True,
        help="Turns documents and questions into vectors for search.",
        **state.bind(("rag", "embedding_model")),
    )
    left, right = st.columns(2)
    state.number(
        "Vector database (USD per month)",
        ("rag", "vector_db_usd_per_month"),
        where=left,
        step=10.0,
        help="Hosting the index. Pinecone's Standard plan has a $50 monthly minimum.",
    )
    state.number(
        "Search time (ms)",
        ("rag", "retrieval_ms"),
        where=right,
        step=10.0,
        help="Embedding the question and searching the index, added before the model starts.",
    )


def _offering_status(o: core.Offering, today: dt.date) -> str:
    if not o.can_train_on(today):
        ended = min(d for d in (o.new_jobs_until, o.inference_until) if d is not None)
        return f" — no new jobs since {ended.isoformat()}"
    if o.new_jobs_until is not None:
        return f" — new jobs until {o.new_jobs_until.isoformat()}"
    return ""


def offering_picker(key_path: tuple[str, ...] = ("fine_tuning", "offering")) -> core.Offering:
    """The offering selectbox: offerings that can still be bought today first, each labelled with its end date."""
    today = dt.date.today()
    offerings = core.fine_tuning_offerings()
    ordered = sorted(offerings, key=lambda o: not o.can_train_on(today))
    st.selectbox(
        "Where to fine-tune (provider and base model)",
        options=[o.id for o in ordered],
        format_func=lambda oid: core.offering(oid).label + _offering_status(core.offering(oid), today),
        help="A fine-tuning offering: who trains and serves the tuned model, on which base model, and how it is "
        "paid for. Offerings that no longer take new jobs are listed last.",
        **state.bind(key_path),
    )
    return core.offering(state.get_path(state.scenario(), key_path))


def _offering_facts(o: core.Offering) -> None:
    lines = [
        f"**{fmt.md_escape(o.provider)}** · serving: {core.SERVING_LABELS[o.serving]}",
        "Tokens: "
        + {
            "own": "its own per-token prices",
            "base_rate": "at the base model's rate",
            "hourly": "not billed per token (the hours pay for them)",
        }[o.inference],
    ]
    dates = [
        f"new jobs until {o.new_jobs_until}" if o.new_jobs_until else "",
        f"answers until {o.inference_until}" if o.inference_until else "",
    ]
    if any(dates):
        lines.append("Dates: " + ", ".join(d for d in dates if d))
    if o.max_tokens_per_example:
        lines.append(f"Longest training example: {o.max_tokens_per_example:,} tokens")
    st.caption("\n\n".join(lines))
    if o.notes:
        st.caption(fmt.md_escape(o.notes))
    st.caption(f"Source: {fmt.md_escape(o.source)} (as of {fmt.md_escape(o.as_of)}, {o.confidence})")


def _serving_inputs(scenario: core.Scenario, o: core.Offering) -> None:
    if o.serving == "dedicated_gpu":
        left, right = st.columns(2)
        state.number(
            "Hours a day the GPUs run",
            ("workload", "hours_per_day"),
            where=left,
            step=1.0,
            help="Requests arrive in these hours; the replicas are billed for them. 24 = around the clock.",
        )
        state.number(
            "Peak factor",
            ("workload", "peak_factor"),
            where=right,
            step=0.5,
            help="The busiest hour's traffic divided by the average hour's (an assumption about your "
            "traffic: 2 means the peak is twice the average). Replicas are sized for the peak.",
        )
        plan = core.estimate(scenario).strategies["fine_tuning"].serving
        st.caption(
            f"At {fmt.count(scenario.workload.requests_per_month)} requests a month the busiest hour needs "
            f"{fmt.count(plan.peak_tokens_per_s)} output tokens/s: {plan.units} × {fmt.md_escape(o.replica)}."
        )
    elif o.serving == "provisioned":
        state.number(
            "Capacity units reserved",
            ("fine_tuning", "units"),
            help="Provisioned units (model units) billed by the hour around the clock; the provider does "
            "not publish how much traffic one unit carries, so choose from your own load test.",
        )
    elif o.serving == "hourly_hosting":
        st.caption("The hosting fee is charged for every hour the deployment exists (about 730 hours a month).")


def fine_tuning_inputs() -> None:
    """The offering, the training run, how often it repeats, how it is served and what is left of the prompt."""
    o = offering_picker()
    _offering_facts(o)
    scenario = state.scenario()
    left, right = st.columns(2)
    state.number(
        "Training examples",
        ("fine_tuning", "training_examples"),
        where=left,
        step=100,
        help="Example conversations in the training file.",
    )
    state.number(
        "Tokens per example",
        ("fine_tuning", "tokens_per_example"),
        where=right,
        step=100,
        help="Average length of one training conversation.",
    )
    left.selectbox(
        "Passes over the data (epochs)",
        options=["auto", *range(1, 51)],
        format_func=lambda v: "auto (provider decides)" if v == "auto" else str(v),
        help="Training is billed per token per pass. 'auto' follows OpenAI's rule of thumb.",
        **state.bind(("fine_tuning", "epochs")),
    )
    state.number(
        "Retrains per year",
        ("fine_tuning", "retrains_per_year"),
        where=right,
        step=1.0,
        format="%.1f",
        help="How often the model is trained again as data or requirements change.",
    )
    if o.training_billing == "per_hour":
        state.number(
            "Training hours per run",
            ("fine_tuning", "training_hours"),
            step=1.0,
            placeholder="enter the hours",
            help="This offering bills training by the hour; enter how long "
            "one run takes (the provider's job log shows it).",
        )
    _serving_inputs(scenario, o)
    left, right = st.columns(2)
    state.number(
        "System prompt kept (tokens)",
        ("fine_tuning", "kept_instruction_tokens"),
        where=left,
        step=50,
        help="What remains of the instructions once the model has learnt the behaviour.",
    )
    state.number(
        "Examples kept (tokens)",
        ("fine_tuning", "kept_example_tokens"),
        where=right,
        step=50,
        help="Few-shot examples still sent to the fine-tuned model (usually none).",
    )


def _source_caption(number: core.SourcedNumber) -> None:
    kind = "an assumption" if number.confidence == "assumption" else f"confidence {number.confidence}"
    st.caption(
        f"Default {number.value:g} {fmt.md_escape(number.unit)} — {kind}: {fmt.md_escape(number.source)} "
        f"(as of {fmt.md_escape(number.as_of)})"
    )


def people_inputs() -> None:
    """People's time: set-up, labelling, the eval set and upkeep, at an hourly rate; each default's source shown."""
    defaults = core.people_defaults()
    st.toggle(
        "Include people's time",
        **state.bind(("people", "include")),
        help="On: set-up, labelling, evals and upkeep are in every total and chart. Off: tokens, hosting and "
        "training only.",
    )
    state.number("Hourly rate (USD)", ("people", "hourly_rate_usd"), step=5.0, format="%.2f")
    _source_caption(defaults.hourly_rate_usd)
    st.markdown("**Set-up, in working days**")
    columns = st.columns(4)
    for column, strategy in zip(columns, core.STRATEGIES, strict=True):
        state.number(
            core.SHORT_LABELS[strategy], ("people", "setup_days", strategy), where=column, step=1.0, format="%.1f"
        )
    st.caption(
        "; ".join(f"{core.SHORT_LABELS[s]}: {fmt.md_escape(defaults.setup_days[s].source)}" for s in core.STRATEGIES)
    )
    left, right = st.columns(2)
    state.number(
        "Minutes per labelled example",
        ("people", "minutes_per_example"),
        where=left,
        step=1.0,
        help="Writing or checking one example. Fine-tuning pays for the examples you still need: training "
        "examples minus the labelled ones you have (Diagnose asks).",
    )
    state.number(
        "Eval set (examples)",
        ("people", "eval_examples"),
        where=right,
        step=10,
        help="Every strategy needs it; it is built once, at the same minutes per example.",
    )
    _source_caption(defaults.minutes_per_example)
    st.markdown("**Upkeep, in hours per month**")
    columns = st.columns(4)
    for column, strategy in zip(columns, core.STRATEGIES, strict=True):
        state.number(
            core.SHORT_LABELS[strategy], ("people", "maintenance_hours_per_month", strategy), where=column, step=1.0
        )
    st.caption(
        "; ".join(
            f"{core.SHORT_LABELS[s]}: {fmt.md_escape(defaults.maintenance_hours_per_month[s].source)}"
            for s in core.STRATEGIES
        )
    )
