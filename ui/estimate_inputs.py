"""The Estimate page's input tabs: the workload, pasted texts, retrieval, the fine-tuning offering and people's time.

Each tab reads and writes the session's scenario through `ui.state`; bounds come from the scenario's own fields.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from typing import NamedTuple

import streamlit as st

import core
from present import escape
from present import format as fmt
from ui import clock, state

# Pasted texts stay in session state only: they can be megabytes and do not belong in a link.
PASTES: tuple[tuple[str, str, str, tuple[str, ...], bool], ...] = (
    (
        "estimate.paste.system_prompt",
        "System prompt",
        "The fixed instructions sent with every request.",
        ("workload", "instruction_tokens"),
        False,
    ),
    (
        "estimate.paste.examples",
        "Few-shot examples",
        "The worked examples you put in the prompt today.",
        ("workload", "example_tokens"),
        False,
    ),
    (
        "estimate.paste.chunk",
        "A typical retrieved chunk",
        "One passage as your retriever would return it.",
        ("rag", "chunk_tokens"),
        False,
    ),
    (
        "estimate.paste.question",
        "A typical question",
        "What a user types, as it reaches the model.",
        ("workload", "user_tokens"),
        False,
    ),
    (
        "estimate.paste.answer",
        "A typical answer",
        "A good answer of the usual length.",
        ("workload", "output_tokens"),
        False,
    ),
    (
        "estimate.paste.kept_instruction",
        "Instruction kept after fine-tuning",
        "What would remain of the system prompt once the model has learnt the behaviour.",
        ("fine_tuning", "kept_instruction_tokens"),
        True,
    ),
    (
        "estimate.paste.kept_examples",
        "Examples kept after fine-tuning",
        "Examples you would still send to the fine-tuned model (often none).",
        ("fine_tuning", "kept_example_tokens"),
        True,
    ),
)
APPLIED_KEY = "estimate.paste.applied"


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


class Box(NamedTuple):
    """A number box bound to a scenario field, as one row of a table of boxes."""

    label: str
    path: tuple[str, ...]
    help: str
    step: float | None = None
    format: str | None = None


def boxes(rows: Sequence[Box], columns: int = 2) -> None:
    """Draw a table of boxes in a grid of `columns`, row by row (one column: full width)."""
    grid = st.columns(columns) if columns > 1 else [st]
    for index, box in enumerate(rows):
        options = {k: v for k, v in (("step", box.step), ("format", box.format)) if v is not None}
        state.number(box.label, box.path, where=grid[index % columns], help=box.help, **options)


WORKLOAD_SIZE = (
    Box(
        "Months to compare over",
        ("horizon_months",),
        "The horizon: one-time costs (training, set-up, embedding the corpus) count once in it.",
    ),
    Box(
        "Requests per month",
        ("workload", "requests_per_month"),
        "How many questions the feature answers in a month, across all users.",
        10_000,
    ),
)
WORKLOAD_REQUEST = (
    Box(
        "System prompt (tokens)",
        ("workload", "instruction_tokens"),
        "The fixed instructions sent with every request. Paste yours under 'Paste text' to count it.",
        100,
    ),
    Box(
        "Few-shot examples (tokens)",
        ("workload", "example_tokens"),
        "Worked examples in the prompt that show the model the answer you want.",
        100,
    ),
    Box("User's question (tokens)", ("workload", "user_tokens"), "What a user types, per request.", 50),
    Box(
        "Answer length (tokens)",
        ("workload", "output_tokens"),
        "How long a typical answer is. Output tokens cost several times more than input tokens.",
        50,
    ),
    Box(
        "Reasoning tokens per answer",
        ("workload", "reasoning_tokens"),
        "Hidden 'thinking' tokens a reasoning model writes before answering, billed as output. Your provider's "
        "usage report shows them (reasoning_tokens); 0 for models that do not reason.",
        100,
    ),
)
RETRIEVAL = (
    Box("Chunks retrieved per question", ("rag", "top_k"), "top_k: how many passages are added to each prompt."),
    Box(
        "Tokens per chunk",
        ("rag", "chunk_tokens"),
        "Size of one retrieved passage. Paste one under 'Paste text' to count it.",
        50,
    ),
    Box(
        "Knowledge base size (tokens)",
        ("rag", "corpus_tokens"),
        "All the documents to index. Embedding them once is a one-time cost.",
        1_000_000,
    ),
    Box(
        "Share of documents that change each month",
        ("rag", "monthly_churn"),
        "0.1 means a tenth of the knowledge base is re-embedded every month.",
        0.05,
        "%.2f",
    ),
)
RETRIEVAL_SERVING = (
    Box(
        "Vector database (USD per month)",
        ("rag", "vector_db_usd_per_month"),
        "Hosting the index. Pinecone's Standard plan has a $50 monthly minimum.",
        10.0,
    ),
    Box(
        "Search time (ms)",
        ("rag", "retrieval_ms"),
        "Embedding the question and searching the index, added before the model starts.",
        10.0,
    ),
)
TRAINING = (
    Box("Training examples", ("fine_tuning", "training_examples"), "Example conversations in the training file.", 100),
    Box(
        "Tokens per example", ("fine_tuning", "tokens_per_example"), "Average length of one training conversation.", 100
    ),
    Box(
        "Retrains per year",
        ("fine_tuning", "retrains_per_year"),
        "How often the model is trained again as data or requirements change.",
        1.0,
        "%.1f",
    ),
)
KEPT = (
    Box(
        "System prompt kept (tokens)",
        ("fine_tuning", "kept_instruction_tokens"),
        "What remains of the instructions once the model has learnt the behaviour.",
        50,
    ),
    Box(
        "Examples kept (tokens)",
        ("fine_tuning", "kept_example_tokens"),
        "Few-shot examples still sent to the fine-tuned model (usually none).",
        50,
    ),
)
GPU_HOURS = (
    Box(
        "Hours a day the GPUs run",
        ("workload", "hours_per_day"),
        "Requests arrive in these hours; the replicas are billed for them. 24 = around the clock.",
        1.0,
        "%.1f",
    ),
    Box(
        "Peak factor",
        ("workload", "peak_factor"),
        "The busiest hour's traffic divided by the average hour's (an assumption about your traffic: 2 means the "
        "peak is twice the average). Replicas are sized for the peak.",
        0.5,
        "%.1f",
    ),
)


def workload_inputs() -> None:
    """The questions about volume and the shape of one request."""
    boxes(WORKLOAD_SIZE, columns=1)
    boxes(WORKLOAD_REQUEST)
    state.slider(
        "Cache hit rate",
        ("workload", "cache_hit_rate"),
        step=0.05,
        format="%.2f",
        help="Share of requests whose fixed prompt start (system prompt and examples) is read from the "
        "provider's cache at a discount. Only a prefix above the provider's minimum length is cached.",
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
        format_func=lambda model: model_option_label(model, clock.today()),
        accept_new_options=True,
        **state.bind(("model",)),
        help="The model behind prompt-only and RAG, from the installed price catalogue (newest first; "
        "type to search). Type a name that is not listed to price your own model.",
    )
    currency_inputs()


def _new_currency() -> None:
    # A rate typed for one currency means nothing in another: a new currency starts from its reference rate.
    chosen = st.session_state[state.key_for(("currency",))]
    state.set_fields({("currency",): chosen, ("currency_rate",): None})


def currency_inputs() -> None:
    """The currency figures are shown in, and your own rate for it (prices stay in USD underneath)."""
    binding = {**state.bind(("currency",)), "on_change": _new_currency, "args": ()}
    left, right = st.columns(2)
    left.selectbox(
        "Show figures in",
        options=list(core.currency_codes()),
        format_func=lambda code: f"{code} · {core.exchange_rate(code).name}",
        help="Prices are in US dollars; other currencies are converted when shown, at the dated reference rate "
        "below or at your own rate.",
        **binding,
    )
    scenario = state.scenario()
    if scenario.currency != core.DEFAULT_CURRENCY:
        state.number(
            f"Your rate ({scenario.currency} per US dollar)",
            ("currency_rate",),
            where=right,
            format="%.6g",
            help="Leave empty to use the reference rate.",
        )
        st.caption(escape.streamlit(fmt.rate_note(core.scenario_rate(scenario))))


def model_option_label(model: str, today: dt.date) -> str:
    """How the answering-model picker shows a model: its label, and its retirement date when one is announced
    ("OpenAI · gpt-5 — retired 2026-12-11")."""
    found = core.retirement(model, core.provider_of(model))
    if found is None:
        return core.model_label(model)
    verb = "retired" if found.retires_on <= today else "retires"
    return f"{core.model_label(model)} — {verb} {found.retires_on.isoformat()}"


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
            st.caption(f"{fmt.count(token_count(text, model))} tokens for {escape.streamlit(model)}")
    st.button(
        "Use these counts",
        key="estimate.paste.use",
        type="primary",
        on_click=_use_counts,
        help="Copies each count into the matching size; empty boxes leave their size unchanged.",
    )
    message = st.session_state.get(APPLIED_KEY)
    if message:
        st.success(message, icon=":material/check:")


def retrieval_inputs() -> None:
    """What retrieval adds to each request and what the index costs."""
    boxes(RETRIEVAL[:2])
    boxes(RETRIEVAL[2:], columns=1)
    st.selectbox(
        "Embedding model",
        options=_options(core.embedding_models(), state.scenario().rag.embedding_model),
        accept_new_options=True,
        help="Turns documents and questions into vectors for search.",
        **state.bind(("rag", "embedding_model")),
    )
    boxes(RETRIEVAL_SERVING)


def _offering_status(o: core.Offering, today: dt.date) -> str:
    if not o.can_train_on(today):
        ended = min(d for d in (o.new_jobs_until, o.inference_until) if d is not None)
        return f" — no new jobs since {ended.isoformat()}"
    if o.new_jobs_until is not None:
        return f" — new jobs until {o.new_jobs_until.isoformat()}"
    return ""


def offering_picker(key_path: tuple[str, ...] = ("fine_tuning", "offering")) -> core.Offering:
    """The offering selectbox: offerings that can still be bought today first, each labelled with its end date."""
    today = clock.today()
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
        f"**{escape.streamlit(o.provider)}** · serving: {core.SERVING_LABELS[o.serving]}",
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
        st.caption(escape.streamlit(o.notes))
    st.caption(f"Source: {escape.streamlit(o.source)} (as of {escape.streamlit(o.as_of)}, {o.confidence})")
    st.caption(offering_checked_text(clock.today()))


def offering_checked_text(today: dt.date) -> str:
    """When the offerings table was last checked, marked when that is too long ago."""
    checked = core.table_checked_on("fine_tuning/offerings.csv")
    stale = core.is_out_of_date(checked, today)
    return f"Offerings checked {checked.isoformat()}" + (" :orange-badge[may be out of date]" if stale else "")


def discontinued_text() -> str:
    """The fine-tuning services that are no longer sold, one line each, so nobody goes looking for them."""
    lines = []
    for d in core.discontinued_offerings():
        when = f" on {d.stopped_on.isoformat()}" if d.stopped_on else ""
        lines.append(
            f"- **{escape.streamlit(d.provider)}**: {escape.streamlit(d.what)}{when}; instead: "
            f"{escape.streamlit(d.instead)} ({escape.streamlit(d.source)})"
        )
    return "\n".join(lines)


def _serving_inputs(scenario: core.Scenario, o: core.Offering) -> None:
    if o.serving == "dedicated_gpu":
        boxes(GPU_HOURS)
        plan = core.estimate(scenario).strategies["fine_tuning"].serving
        st.caption(
            f"At {fmt.count(scenario.workload.requests_per_month)} requests a month the busiest hour needs "
            f"{fmt.count(plan.peak_tokens_per_s)} output tokens/s: {plan.units} × {escape.streamlit(o.replica)}."
            + (f" Speed assumed: {o.lora_serving_text}." if o.lora_serving else "")
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
    boxes(TRAINING[:2])
    left, _ = st.columns(2)
    left.selectbox(
        "Passes over the data (epochs)",
        options=["auto", *range(1, 51)],
        format_func=lambda v: "auto (provider decides)" if v == "auto" else str(v),
        help="Training is billed per token per pass. 'auto' follows OpenAI's rule of thumb.",
        **state.bind(("fine_tuning", "epochs")),
    )
    boxes(TRAINING[2:], columns=1)
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
    boxes(KEPT)
    with st.expander("No longer sold", icon=":material/block:", key="estimate.discontinued"):
        st.markdown(discontinued_text())


def _source_caption(number: core.SourcedNumber) -> None:
    kind = "an assumption" if number.confidence == "assumption" else f"confidence {number.confidence}"
    st.caption(
        f"Default {number.value:g} {escape.streamlit(number.unit)} — {kind}: {escape.streamlit(number.source)} "
        f"(as of {escape.streamlit(number.as_of)})"
    )


def _per_strategy(title: str, field: str, sources: Mapping[str, core.SourcedNumber]) -> None:
    """One box per strategy for a people field (set-up days, upkeep hours), and where each default comes from."""
    st.markdown(f"**{title}**")
    rows = [Box(core.SHORT_LABELS[s], ("people", field, s), sources[s].source, 1.0, "%.1f") for s in core.STRATEGIES]
    boxes(rows, columns=4)
    st.caption("; ".join(f"{core.SHORT_LABELS[s]}: {escape.streamlit(sources[s].source)}" for s in core.STRATEGIES))


PEOPLE_EXAMPLES = (
    Box(
        "Minutes per labelled example",
        ("people", "minutes_per_example"),
        "Writing or checking one example. Fine-tuning pays for the examples you still need: training examples minus "
        "the labelled ones you have (Diagnose asks).",
        1.0,
        "%.1f",
    ),
    Box(
        "Eval set (examples)",
        ("people", "eval_examples"),
        "Every strategy needs it; it is built once, at the same minutes per example.",
        10,
    ),
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
    _per_strategy("Set-up, in working days", "setup_days", defaults.setup_days)
    boxes(PEOPLE_EXAMPLES)
    _source_caption(defaults.minutes_per_example)
    _per_strategy("Upkeep, in hours per month", "maintenance_hours_per_month", defaults.maintenance_hours_per_month)
