"""The Estimate page's Prices tab: every price and speed the estimate uses, with its source, editable."""

from __future__ import annotations

import streamlit as st

import core
from present import escape
from ui import clock, price_fetch, state

PRICE_LABELS: dict[str, str] = {
    "input": "Input $/1M",
    "cached_input": "Cached input $/1M",
    "cache_write": "Cache write $/1M",
    "output": "Output $/1M",
}
OFFERING_LABELS: dict[str, str] = {
    "training_usd_per_mtok": "Training $/1M tokens",
    "training_usd_per_hour": "Training $/hour",
    "min_job_usd": "Minimum per job $",
    "input_usd_per_mtok": "Input $/1M",
    "cached_input_usd_per_mtok": "Cached input $/1M",
    "output_usd_per_mtok": "Output $/1M",
    "hosting_usd_per_hour": "Hosting $/hour",
    "tokens_per_s_per_replica": "Tokens/s per replica",
    "storage_usd_per_month": "Storage $/month",
}
LATENCY_FIELDS: dict[str, tuple[str, str]] = {
    "ttft_ms": ("Time to first token (ms)", "How long the model takes to start answering a short prompt."),
    "prefill_tokens_per_s": ("Prompt reading speed (tokens/s)", "How fast the model reads the prompt (prefill)."),
    "output_tokens_per_s": ("Writing speed (tokens/s)", "How fast the answer streams once it has started."),
}
_PART_FIELDS: dict[str, core.LatencyPart] = {
    "ttft_ms": "ttft",
    "prefill_tokens_per_s": "prefill",
    "output_tokens_per_s": "output",
}
MESSAGE_KEY = "estimate.prices.latency_message"
# What an empty box means where "unknown" is not the honest word: nothing is charged, or the input price applies.
ABSENT: dict[str, str] = {
    "cache_write": "not listed — a cache write costs the input price",
    "cached_input": "not listed — cached tokens cost the input price",
    "min_job_usd": "no minimum charge in our sources",
    "storage_usd_per_month": "no storage fee in our sources",
}


def _models_in_use(scenario: core.Scenario) -> list[str]:
    return list(dict.fromkeys([scenario.model.strip(), scenario.fine_tuning.offering, scenario.rag.embedding_model]))


def _forget_inherited() -> None:
    """Boxes without an override of their own re-read the (possibly changed) catalogue value."""
    scenario = state.scenario()
    for name in _models_in_use(scenario):
        for kind in ("prices", "offering_prices", "latency"):
            if state.get_path(scenario, (kind, name)) is None:
                state.forget_widgets([(kind, name)])


def _price_changed(path: tuple[str, ...]) -> None:
    state.update({path: st.session_state[state.key_for(path)]})
    _forget_inherited()


def _reset(kind: str, name: str) -> None:
    state.set_fields({(kind, name): None})
    _forget_inherited()


def _source_lines(labels: dict[str, str], sources: dict[str, core.FieldSource | None]) -> str:
    # One line per source, listing the numbers it gave, so a shared source is not repeated four times.
    by_source: dict[tuple[str, str], list[str]] = {}
    lines = []
    for field, source in sources.items():
        name = labels[field].split(" $")[0].split(" per")[0]
        if source is None and field in ABSENT:
            lines.append(f"- {name}: {ABSENT[field]}")
        elif source is None:
            lines.append(f"- {name}: **not known** — type it above")
        elif source.overridden:
            lines.append(f"- {name}: :orange-badge[your number]")
        else:
            by_source.setdefault((source.source, source.as_of), []).append(name)
    for (text, as_of), names in by_source.items():
        lines.append(f"- {', '.join(names)}: {escape.streamlit(text)} (as of {escape.streamlit(as_of)})")
    return "\n".join(lines)


def _boxes(kind: str, name: str, labels: dict[str, str], values: dict[str, float | None]) -> None:
    # Two boxes a row: four prices side by side are too narrow to read in the input column.
    columns = st.columns(2)
    for index, (field, value) in enumerate(values.items()):
        state.number(
            labels[field],
            (kind, name, field),
            where=columns[index % 2],
            default=value,
            step=0.01,
            format="%.4f",
            placeholder="not known",
            on_change=_price_changed,
            args=((kind, name, field),),
        )


def model_price_box(role: str, model: str, fields: tuple[str, ...]) -> None:
    """A model's prices (override boxes seeded with the catalogue's) and one line per source."""
    scenario = state.scenario()
    resolved = core.resolve_prices(model, scenario.prices)
    overridden = state.get_path(scenario, ("prices", model)) is not None
    with st.container(border=True):
        st.markdown(f"**{role}** · {escape.streamlit(model)}" + ("  :orange-badge[your price]" if overridden else ""))
        _boxes("prices", model, PRICE_LABELS, {f: getattr(resolved, f) for f in fields})
        st.caption(_source_lines(PRICE_LABELS, {f: resolved.source_of(f) for f in fields}))
        _reset_button("Reset to catalogue", "prices", model, is_own=overridden)


def _reset_button(label: str, group: str, name: str, is_own: bool) -> None:
    """Drop the user's own numbers for one model or offering; greyed out while there are none."""
    st.button(label, key=f"estimate.reset.{group}.{name}", on_click=_reset, args=(group, name), disabled=not is_own)


def _offering_fields(o: core.Offering) -> tuple[str, ...]:
    training = ("training_usd_per_hour",) if o.training_billing == "per_hour" else ("training_usd_per_mtok",)
    tokens = (
        () if o.inference == "hourly" else ("input_usd_per_mtok", "cached_input_usd_per_mtok", "output_usd_per_mtok")
    )
    serving = {
        "hourly_hosting": ("hosting_usd_per_hour",),
        "provisioned": ("hosting_usd_per_hour",),
        "dedicated_gpu": ("hosting_usd_per_hour", "tokens_per_s_per_replica"),
    }.get(o.serving, ())
    return (*training, "min_job_usd", *tokens, *serving, "storage_usd_per_month")


def offering_price_box() -> None:
    """The fine-tuning offering's numbers (training, tokens, hosting, throughput, storage), each overridable."""
    scenario = state.scenario()
    resolved = core.resolve_offering(scenario.fine_tuning.offering, scenario.offering_prices, scenario.prices)
    o = resolved.offering
    overridden = state.get_path(scenario, ("offering_prices", o.id)) is not None
    fields = _offering_fields(o)
    token_field = {
        "input_usd_per_mtok": "input",
        "cached_input_usd_per_mtok": "cached_input",
        "output_usd_per_mtok": "output",
    }

    def value(field: str) -> float | None:
        return getattr(resolved.prices, token_field[field]) if field in token_field else getattr(resolved, field)

    def source(field: str) -> core.FieldSource | None:
        return resolved.prices.source_of(token_field[field]) if field in token_field else resolved.source_of(field)

    labels = {**OFFERING_LABELS, "hosting_usd_per_hour": f"$/hour per {o.replica or 'deployment'}"}
    with st.container(border=True):
        st.markdown(
            f"**Fine-tuning** · {escape.streamlit(o.label)}" + ("  :orange-badge[your price]" if overridden else "")
        )
        _boxes("offering_prices", o.id, labels, {f: value(f) for f in fields})
        st.caption(_source_lines(labels, {f: source(f) for f in fields}))
        _reset_button("Reset to the offering's", "offering_prices", o.id, is_own=overridden)


def _latency_changed(name: str) -> None:
    # A profile needs all three numbers, so the three boxes are written together.
    values = {field: st.session_state.get(state.key_for(("latency", name, field))) for field in LATENCY_FIELDS}
    if any(v is None for v in values.values()):
        st.session_state[MESSAGE_KEY] = "Give all three speed numbers to override the profile."
        return
    state.update({("latency", name): values})
    _forget_inherited()


def latency_box(role: str, name: str, base_model: str | None = None) -> None:
    """A model's (or an offering's) speed profile with its source, overridable as a whole."""
    scenario = state.scenario()
    resolved = core.resolve_latency(name, scenario.latency, base_model=base_model)
    own = state.get_path(scenario, ("latency", name)) is not None
    with st.container(border=True):
        st.markdown(f"**{role}** · {escape.streamlit(name)}" + ("  :orange-badge[your numbers]" if own else ""))
        columns = st.columns(3)
        for column, (field, (label, help_text)) in zip(columns, LATENCY_FIELDS.items(), strict=True):
            state.number(
                label,
                ("latency", name, field),
                where=column,
                default=getattr(resolved.profile, field),
                step=10.0,
                format="%.0f",
                help=help_text,
                on_change=_latency_changed,
                args=(name,),
            )
        if resolved.overridden:
            st.caption("Source: :orange-badge[your numbers]" if own else "Source: your numbers for the base model")
        else:
            fallback = " — no measurement for this model, a cautious assumption is used" if resolved.is_fallback else ""
            if resolved.assumed and not resolved.is_fallback:
                labels = [LATENCY_FIELDS[field][0] for field, part in _PART_FIELDS.items() if part in resolved.assumed]
                fallback = " — assumed, not measured: " + ", ".join(labels)
            st.caption(f"Source: {escape.streamlit(resolved.source)} (as of {resolved.as_of}){fallback}")
        _reset_button("Reset to measured", "latency", name, is_own=own)


def prices_inputs() -> None:
    """Every price and speed the estimate uses, with its source, editable."""
    scenario = state.scenario()
    st.caption("Change any number to use your negotiated, reserved or self-hosted price; an empty box is unknown.")
    today = clock.today()
    stale = core.is_out_of_date(core.market_checked_on(), today)
    st.caption(escape.streamlit(core.freshness_text(today)) + (" :orange-badge[may be out of date]" if stale else ""))
    price_fetch.fetch_prices_button()
    model_price_box("Model that answers", scenario.model.strip(), ("input", "cached_input", "cache_write", "output"))
    offering_price_box()
    model_price_box("Embedding model", scenario.rag.embedding_model, ("input",))
    st.markdown("**Speed**")
    latency_box("Model that answers", scenario.model.strip())
    o = core.offering(scenario.fine_tuning.offering)
    latency_box("Fine-tuned model", o.id, base_model=o.base_model)
    message = st.session_state.pop(MESSAGE_KEY, None)
    if message:
        st.warning(message)
