"""The Estimate page's parts: input panels, strategy cards, chart tabs and the "How this is computed" panel.

They live in a module, not in the page file, so the page itself stays a short read (and Streamlit compiles
only that short file on each rerun); each part reads and writes the session's scenario through `ui.state`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import numpy as np
import streamlit as st
from pydantic import ValidationError

import core
from charts import estimate as charts
from ui import format as fmt
from ui import state

VOLUME_POINTS = 200
PRICE_LABELS: dict[str, str] = {
    "input": "Input",
    "cached_input": "Cached input",
    "output": "Output",
    "training": "Training",
}
LATENCY_FIELDS: dict[str, tuple[str, str]] = {
    "ttft_ms": ("Time to first token (ms)", "How long the model takes to start answering a short prompt."),
    "prefill_tokens_per_s": ("Prompt reading speed (tokens/s)", "How fast the model reads the prompt (prefill)."),
    "output_tokens_per_s": ("Writing speed (tokens/s)", "How fast the answer streams once it has started."),
}
# Pasted texts stay in session state only: they can be megabytes and do not belong in a link.
PASTES: tuple[tuple[str, str, str, tuple[str, ...], bool], ...] = (
    ("paste.system_prompt", "System prompt", "The fixed instructions sent with every request.",
     ("workload", "instruction_tokens"), False),
    ("paste.examples", "Few-shot examples", "The worked examples you put in the prompt today.",
     ("workload", "example_tokens"), False),
    ("paste.chunk", "A typical retrieved chunk", "One passage as your retriever would return it.",
     ("rag", "chunk_tokens"), False),
    ("paste.question", "A typical question", "What a user types, as it reaches the model.",
     ("workload", "user_tokens"), False),
    ("paste.answer", "A typical answer", "A good answer of the usual length.", ("workload", "output_tokens"), False),
    ("paste.kept_instruction", "Instruction kept after fine-tuning",
     "What would remain of the system prompt once the model has learnt the behaviour.",
     ("fine_tuning", "kept_instruction_tokens"), True),
    ("paste.kept_examples", "Examples kept after fine-tuning",
     "Examples you would still send to the fine-tuned model (often none).",
     ("fine_tuning", "kept_example_tokens"), True),
)  # fmt: skip
APPLIED_KEY = "paste.applied"
NO_PRICE = "no price"


@st.cache_data(max_entries=64, show_spinner=False)
def _count(digest: str, model: str, _text: str) -> int:
    # Keyed by the text's digest so a 5 MB paste is hashed once, not compared on every rerun.
    return core.count_tokens(_text, model)


def token_count(text: str, model: str) -> int:
    """Tokens of a pasted text for `model`, cached by the text's digest."""
    return _count(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest(), model, text)


@st.cache_data(max_entries=32, show_spinner=False)
def sensitivity_rows(scenario_json: str) -> list[core.SensitivityRow] | None:
    """core.sensitivity for a scenario given as JSON (hashable), cached: it re-estimates 26 variants.

    None when an input cannot be moved by +50 % (it is already near its allowed maximum).
    """
    try:
        return core.sensitivity(core.Scenario.model_validate_json(scenario_json))
    except ValidationError:
        return None


@st.cache_data(max_entries=32, show_spinner=False)
def break_evens(scenario_json: str) -> list[tuple[core.Strategy, core.Strategy, float]]:
    """Break-even volumes of every pair of priced strategies, cached by the scenario's JSON."""
    scenario = core.Scenario.model_validate_json(scenario_json)
    return charts.break_even_points(scenario, core.estimate(scenario))


def _options(choices: tuple[str, ...], current: str) -> list[str]:
    """Catalogue choices plus the scenario's own value when it was typed in (so it stays selected)."""
    return list(choices) if current in choices else [current, *choices]


def _pasted_model(kept: bool) -> str:
    scenario = state.scenario()
    return core.fine_tuned_model_name(scenario) if kept else scenario.model


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


def _forget_inherited() -> None:
    """Price and speed boxes without an override of their own re-read the (possibly changed) catalogue value."""
    scenario = state.scenario()
    for model in _models_in_use(scenario):
        for kind in ("prices", "latency"):
            if state.get_path(scenario, (kind, model)) is None:
                state.forget_widgets([(kind, model)])


def _price_changed(path: tuple[str, ...]) -> None:
    state.update({path: st.session_state[state.key_for(path)]})
    _forget_inherited()


def _reset(kind: str, model: str) -> None:
    state.set_fields({(kind, model): None})
    _forget_inherited()


def _latency_changed(model: str) -> None:
    # A profile needs all three numbers, so the three boxes are written together.
    values = {field: st.session_state.get(state.key_for(("latency", model, field))) for field in LATENCY_FIELDS}
    if any(v is None for v in values.values()):
        st.session_state[APPLIED_KEY + ".latency"] = "Give all three speed numbers to override the profile."
        return
    state.update({("latency", model): values})
    _forget_inherited()


def _models_in_use(scenario: core.Scenario) -> list[str]:
    return list(
        dict.fromkeys([scenario.model.strip(), core.fine_tuned_model_name(scenario), scenario.rag.embedding_model])
    )


def workload_inputs() -> None:
    """The questions about volume and the shape of one request."""
    st.number_input(
        "Months to compare over",
        min_value=1,
        max_value=120,
        help="The horizon: one-time costs (training, embedding the corpus) are spread over these months.",
        **state.bind(("horizon_months",)),
    )
    st.number_input(
        "Requests per month",
        min_value=0,
        max_value=10_000_000_000,
        step=10_000,
        help="How many questions the feature answers in a month, across all users.",
        **state.bind(("workload", "requests_per_month")),
    )
    left, right = st.columns(2)
    left.number_input(
        "System prompt (tokens)",
        min_value=0,
        max_value=2_000_000,
        step=100,
        help="The fixed instructions sent with every request. Paste yours under 'Paste text' to count it.",
        **state.bind(("workload", "instruction_tokens")),
    )
    right.number_input(
        "Few-shot examples (tokens)",
        min_value=0,
        max_value=2_000_000,
        step=100,
        help="Worked examples in the prompt that show the model the answer you want.",
        **state.bind(("workload", "example_tokens")),
    )
    left.number_input(
        "User's question (tokens)",
        min_value=0,
        max_value=2_000_000,
        step=50,
        help="What a user types, per request.",
        **state.bind(("workload", "user_tokens")),
    )
    right.number_input(
        "Answer length (tokens)",
        min_value=0,
        max_value=2_000_000,
        step=50,
        help="How long a typical answer is. Output tokens cost several times more than input tokens.",
        **state.bind(("workload", "output_tokens")),
    )
    st.slider(
        "Cache hit rate",
        min_value=0.0,
        max_value=1.0,
        step=0.05,
        format="%.2f",
        help="Share of the fixed prompt start (system prompt and examples) the provider reads from its cache at "
        "a discount. 0 = never, 1 = always. Only prompts above the provider's minimum length are cached.",
        **state.bind(("workload", "cache_hit_rate")),
    )
    st.toggle(
        "Use the batch API",
        help="Send requests in batches answered within a day, for a discount. Only for work nobody waits for.",
        **state.bind(("workload", "batch")),
    )
    scenario = state.scenario()
    st.selectbox(
        "Model that answers",
        options=_options(core.catalogue_models(), scenario.model),
        accept_new_options=True,
        help="The model behind prompt-only and RAG. Type a name that is not listed to price your own model.",
        **state.bind(("model",)),
    )


def retrieval_inputs() -> None:
    """What retrieval adds to each request and what the index costs."""
    left, right = st.columns(2)
    left.number_input(
        "Chunks retrieved per question",
        min_value=0,
        max_value=1000,
        help="top_k: how many passages are added to each prompt.",
        **state.bind(("rag", "top_k")),
    )
    right.number_input(
        "Tokens per chunk",
        min_value=0,
        max_value=2_000_000,
        step=50,
        help="Size of one retrieved passage. Paste one under 'Paste text' to count it.",
        **state.bind(("rag", "chunk_tokens")),
    )
    st.number_input(
        "Knowledge base size (tokens)",
        min_value=0,
        max_value=1_000_000_000_000,
        step=1_000_000,
        help="All the documents to index. Embedding them once is a one-time cost.",
        **state.bind(("rag", "corpus_tokens")),
    )
    st.number_input(
        "Share of documents that change each month",
        min_value=0.0,
        max_value=100.0,
        step=0.05,
        format="%.2f",
        help="0.1 means a tenth of the knowledge base is re-embedded every month.",
        **state.bind(("rag", "monthly_churn")),
    )
    st.selectbox(
        "Embedding model",
        options=_options(core.embedding_models(), state.scenario().rag.embedding_model),
        accept_new_options=True,
        help="Turns documents and questions into vectors for search.",
        **state.bind(("rag", "embedding_model")),
    )
    left, right = st.columns(2)
    left.number_input(
        "Vector database (USD per month)",
        min_value=0.0,
        max_value=100_000_000.0,
        step=10.0,
        help="Hosting the index. Pinecone's Standard plan has a $50 monthly minimum.",
        **state.bind(("rag", "vector_db_usd_per_month")),
    )
    right.number_input(
        "Search time (ms)",
        min_value=0.0,
        max_value=600_000.0,
        step=10.0,
        help="Embedding the question and searching the index, added before the model starts.",
        **state.bind(("rag", "retrieval_ms")),
    )


def fine_tuning_inputs() -> None:
    """The training run, how often it repeats, and what is left of the prompt afterwards."""
    st.selectbox(
        "Model to fine-tune",
        options=_options(core.fine_tunable_models(), state.scenario().fine_tuning.model),
        accept_new_options=True,
        help="The base model; the fine-tuned strategies run on its fine-tuned version (ft:<model>).",
        **state.bind(("fine_tuning", "model")),
    )
    left, right = st.columns(2)
    left.number_input(
        "Training examples",
        min_value=0,
        max_value=100_000_000,
        step=100,
        help="Example conversations in the training file.",
        **state.bind(("fine_tuning", "training_examples")),
    )
    right.number_input(
        "Tokens per example",
        min_value=0,
        max_value=2_000_000,
        step=100,
        help="Average length of one training conversation.",
        **state.bind(("fine_tuning", "tokens_per_example")),
    )
    left.selectbox(
        "Passes over the data (epochs)",
        options=["auto", *range(1, 51)],
        format_func=lambda v: "auto (provider decides)" if v == "auto" else str(v),
        help="Training is billed per token per pass. 'auto' follows OpenAI's rule of thumb.",
        **state.bind(("fine_tuning", "epochs")),
    )
    right.number_input(
        "Retrains per year",
        min_value=0.0,
        max_value=365.0,
        step=1.0,
        format="%.1f",
        help="How often the model is trained again as data or requirements change.",
        **state.bind(("fine_tuning", "retrains_per_year")),
    )
    left.number_input(
        "System prompt kept (tokens)",
        min_value=0,
        max_value=2_000_000,
        step=50,
        help="What remains of the instructions once the model has learnt the behaviour.",
        **state.bind(("fine_tuning", "kept_instruction_tokens")),
    )
    right.number_input(
        "Examples kept (tokens)",
        min_value=0,
        max_value=2_000_000,
        step=50,
        help="Few-shot examples still sent to the fine-tuned model (usually none).",
        **state.bind(("fine_tuning", "kept_example_tokens")),
    )


def _price_box(role: str, model: str, fields: tuple[str, ...]) -> None:
    scenario = state.scenario()
    resolved = core.resolve_prices(model, scenario.prices)
    overridden = state.get_path(scenario, ("prices", model)) is not None
    with st.container(border=True):
        st.markdown(f"**{role}** · {fmt.md_escape(model)}" + ("  :orange-badge[your price]" if overridden else ""))
        # Two boxes a row: four prices side by side are too narrow to read in the input column.
        columns = st.columns(2)
        for index, field in enumerate(fields):
            path = ("prices", model, field)
            columns[index % 2].number_input(
                f"{PRICE_LABELS[field]} $/1M",
                min_value=0.0,
                max_value=100_000.0,
                step=0.01,
                format="%.4f",
                help=f"{PRICE_LABELS[field]} price in USD per million tokens. Change it to use your own price.",
                **{**state.bind(path, default=getattr(resolved, field)), "on_change": _price_changed},
            )
        # One line per source, listing the prices it gave, so a shared source is not repeated four times.
        by_source: dict[tuple[str, str], list[str]] = {}
        lines = []
        for field in fields:
            source = resolved.source_of(field)  # type: ignore[arg-type]
            if source is None:
                lines.append(f"- {PRICE_LABELS[field]}: **not known** — type a price above")
            elif source.overridden:
                lines.append(f"- {PRICE_LABELS[field]}: :orange-badge[your price]")
            else:
                by_source.setdefault((source.source, source.as_of), []).append(PRICE_LABELS[field])
        for (text, as_of), names in by_source.items():
            lines.append(f"- {', '.join(names)}: {fmt.md_escape(text)} (as of {fmt.md_escape(as_of)})")
        st.caption("\n".join(lines))
        st.button(
            "Reset to catalogue",
            key=f"reset.prices.{model}",
            on_click=_reset,
            args=("prices", model),
            disabled=not overridden,
        )


def _latency_box(role: str, model: str) -> None:
    scenario = state.scenario()
    resolved = core.resolve_latency(model, scenario.latency)
    own = state.get_path(scenario, ("latency", model)) is not None
    with st.container(border=True):
        st.markdown(f"**{role}** · {fmt.md_escape(model)}" + ("  :orange-badge[your numbers]" if own else ""))
        columns = st.columns(3)
        for column, (field, (label, help_text)) in zip(columns, LATENCY_FIELDS.items(), strict=True):
            column.number_input(
                label,
                min_value=0.0,
                max_value=100_000_000.0,
                step=10.0,
                format="%.0f",
                help=help_text,
                **{
                    **state.bind(("latency", model, field), default=getattr(resolved.profile, field)),
                    "on_change": _latency_changed,
                    "args": (model,),
                },
            )
        if resolved.overridden:
            st.caption("Source: :orange-badge[your numbers]" if own else "Source: your numbers for the base model")
        else:
            fallback = " — no measurement for this model, a cautious assumption is used" if resolved.is_fallback else ""
            st.caption(f"Source: {fmt.md_escape(resolved.source)} (as of {resolved.as_of}){fallback}")
        st.button("Reset to measured", key=f"reset.latency.{model}", on_click=_reset, args=("latency", model),
                  disabled=not own)  # fmt: skip


def prices_inputs() -> None:
    """Every price and speed the estimate uses, with its source, editable."""
    scenario = state.scenario()
    st.caption("USD per million tokens. Change any number to use your negotiated or self-hosted price.")
    _price_box("Model that answers", scenario.model.strip(), ("input", "cached_input", "output"))
    _price_box(
        "Fine-tuned model", core.fine_tuned_model_name(scenario), ("input", "cached_input", "output", "training")
    )
    _price_box("Embedding model", scenario.rag.embedding_model, ("input",))
    st.markdown("**Speed**")
    _latency_box("Model that answers", scenario.model.strip())
    _latency_box("Fine-tuned model", core.fine_tuned_model_name(scenario))
    message = st.session_state.pop(APPLIED_KEY + ".latency", None)
    if message:
        st.warning(message)


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
    st.button("Use these counts", key="paste.use", type="primary", on_click=_use_counts,
              help="Copies each count into the matching size; empty boxes leave their size unchanged.")  # fmt: skip
    message = st.session_state.get(APPLIED_KEY)
    if message:
        st.success(message, icon=":material/check:")


def _money(value: float | None) -> str:
    # "price unknown" is cut off in a card's large type; the warning above the cards says which price.
    return NO_PRICE if value is None else fmt.usd(value)


def strategy_cards(result: core.Estimate, recommended: core.Strategy) -> None:
    """One card per strategy: the four numbers a meeting asks for, large."""
    for column, (strategy, est) in zip(st.columns(4), result.strategies.items(), strict=True):
        with column, st.container(border=True):
            st.markdown(f"#### {core.STRATEGY_LABELS[strategy]}")
            badges = []
            if strategy == result.cheapest:
                badges.append(":green-badge[:material/savings: cheapest]")
            if strategy == recommended:
                badges.append(":blue-badge[:material/thumb_up: recommended]")
            st.markdown(" ".join(badges) if badges else "\u00a0")
            st.metric("One request", _money(est.cost_per_request_usd))
            st.metric("Per month", _money(est.monthly_usd))
            st.metric(
                f"Over {result.horizon_months} months",
                _money(est.total_usd),
                help="One-time costs (corpus embedding, first training run) plus every month of the horizon.",
            )
            st.metric("Latency", fmt.ms(est.latency_ms), help="Until the whole answer has arrived.")
            st.caption(f"First token after {fmt.ms(est.ttft_ms)} · runs on {fmt.md_escape(est.model)}")


def how_computed(result: core.Estimate) -> None:
    """The formulas in words and symbols, and every number used with its source."""
    how = state.section("How this is computed", "estimate.how", icon=":material/functions:")
    if not how.open:
        return
    with how:
        for formula in core.FORMULAS:
            st.markdown(f"**{formula.topic}.** {formula.words}")
            st.code(formula.symbols, language=None)
        st.caption(
            "I = instruction, E = examples, U = user's question, C = tokens per chunk, k = chunks retrieved, "
            "I' and E' = what is kept after fine-tuning, h = cache hit rate, b = batch factor, R = requests per "
            "month, H = months, N = training examples, T = tokens per example."
        )
        st.markdown("**Every number used, and where it comes from**")
        st.dataframe(
            [
                {
                    "Number": a.name,
                    "Value": a.value if isinstance(a.value, str) else f"{a.value:,.6g}",
                    "Unit": a.unit,
                    "Source": a.source,
                    "As of": a.as_of,
                    "Confidence": a.confidence,
                    "Overridden by you": "yes" if a.overridden else "",
                }
                for a in result.assumptions
            ],
            hide_index=True,
            width="stretch",
            key="assumptions_table",
        )


TAB_KEY = "estimate.tab"
INPUT_TABS = {
    "Workload": workload_inputs,
    # Second, so the measured token counts (the point of the page) are never hidden off the edge of the strip.
    "Paste text": measure_inputs,
    "RAG": retrieval_inputs,
    "Fine-tuning": fine_tuning_inputs,
    "Prices": prices_inputs,
}


def _monthly_chart(scenario: core.Scenario, result: core.Estimate) -> None:
    st.plotly_chart(charts.monthly_chart(result), key="chart_monthly", width="stretch")


def _cumulative_chart(scenario: core.Scenario, result: core.Estimate) -> None:
    st.plotly_chart(
        charts.cumulative_chart(result, core.cumulative_costs(result)), key="chart_cumulative", width="stretch"
    )


def _volume_chart(scenario: core.Scenario, result: core.Estimate) -> None:
    crossings = break_evens(scenario.model_dump_json())
    volumes = np.linspace(0.0, charts.volume_range(result, crossings), VOLUME_POINTS)
    sweep = core.volume_sweep(scenario, volumes, precomputed=result)
    st.plotly_chart(charts.volume_chart(result, volumes, sweep, crossings), key="chart_volume", width="stretch")


def _latency_chart(scenario: core.Scenario, result: core.Estimate) -> None:
    st.plotly_chart(charts.latency_chart(result), key="chart_latency", width="stretch")


def _tokens_chart(scenario: core.Scenario, result: core.Estimate) -> None:
    st.plotly_chart(charts.tokens_chart(result), key="chart_tokens", width="stretch")


def _sensitivity_chart(scenario: core.Scenario, result: core.Estimate) -> None:
    rows = sensitivity_rows(scenario.model_dump_json())
    if rows is None:
        st.info(
            "The sensitivity chart needs every input to be movable by ±50 %, and some values are already at "
            "their upper limit. Lower them to see it.",
            icon=":material/info:",
        )
    else:
        st.plotly_chart(charts.sensitivity_chart(rows), key="chart_sensitivity", width="stretch")


CHART_KEY = "estimate.chart"
# One chart at a time, beside the inputs: a change shows where the eye already is, and only the open chart is
# computed and redrawn (six redrawn charts cost each browser ~0.4 s of CPU per change).
CHART_TABS: dict[str, Callable[[core.Scenario, core.Estimate], None]] = {
    "Per month": _monthly_chart,
    "Over time": _cumulative_chart,
    "Break-even": _volume_chart,
    "Latency": _latency_chart,
    "Tokens": _tokens_chart,
    "What moves it": _sensitivity_chart,
}
