"""Diagnose: name what is failing, then get a strategy with its reasons, risks and next steps."""

import streamlit as st

import core
from charts.decision import matrix_chart
from present import escape
from present.evidence import evidence_note
from ui import figures, record, state

st.title(state.this_page().heading)
st.caption(
    "Answer for the system you have today. Knowledge problems point to retrieval; behaviour problems point to "
    "fine-tuning; both together point to a hybrid; nothing clearly failing means evals and a strong prompt first."
)

st.subheader("1. What do you see going wrong?")
st.pills(
    "Pick every row that describes your system today",
    options=list(core.FAILURE_MODES),
    format_func=lambda mode: core.FAILURE_MODE_TABLE[mode].label,
    selection_mode="multi",
    help="Each row of this table points to a starting strategy; the checklists below refine it.",
    **state.bind(("answers", "failure_modes"), default=[]),
)

st.subheader("2. Check what is true")
knowledge, behaviour = st.columns(2)
with knowledge, st.container(border=True):
    st.markdown("**Knowledge** — can the model see the facts it needs?")
    for field in core.KNOWLEDGE_FIELDS:
        st.checkbox(core.QUESTIONS[field], help=core.QUESTION_HELP.get(field), **state.bind(("answers", field)))
with behaviour, st.container(border=True):
    st.markdown("**Behaviour** — does it use the facts the right way?")
    for field in core.BEHAVIOUR_FIELDS:
        st.checkbox(core.QUESTIONS[field], help=core.QUESTION_HELP.get(field), **state.bind(("answers", field)))

with st.container(border=True):
    st.markdown("**What else moves the decision** — budget, speed and voice")
    for field in core.TEAM_FIELDS:
        st.checkbox(core.QUESTIONS[field], help=core.TEAM_EFFECTS[field], **state.bind(("answers", field)))

examples_col, leaning_col = st.columns(2)
thresholds = core.example_thresholds()
with examples_col:
    state.number(
        "High-quality labelled examples you already have",
        ("answers", "labeled_examples"),
        step=50,
        help=f"Input/output pairs showing the exact answer you want. OpenAI needs at least "
        f"{thresholds.provider_minimum} to fine-tune; gains usually show from {thresholds.clear_gains_from}–"
        f"{thresholds.clear_gains_to}, and {thresholds.recommended:,}+ is the usual advice.",
    )
with leaning_col:
    st.selectbox(
        "What is the team leaning towards right now?",
        options=[None, *core.STRATEGIES],
        format_func=lambda s: "Not decided" if s is None else core.STRATEGY_LABELS[s],
        help="Optional. If the leaning contradicts the diagnosis, you will see why it may be a mistake.",
        **state.bind(("answers", "considering")),
    )

scenario = state.scenario()
answers = scenario.answers
result = core.recommend(answers)
next_steps = list(result.next_steps)
if core.uses_fine_tuning(result.strategy):
    next_steps.append(core.fine_tuning_step(scenario))

st.divider()
st.subheader("Recommendation")
with st.container(border=True):
    st.markdown(f"## {core.STRATEGY_LABELS[result.strategy]}")
    st.markdown(result.headline)
    if result.next_rung:
        st.info(result.next_rung, icon=":material/stairs:")
        st.caption(core.NEXT_RUNG_NOTE)
    strength_k, strength_b = st.columns(2)
    strength_k.progress(result.knowledge_strength, text=f"Knowledge gap: {result.knowledge_strength:.0%}")
    strength_b.progress(result.behaviour_strength, text=f"Behaviour gap: {result.behaviour_strength:.0%}")
    if scenario.evidence is not None:  # which answers the Evidence page filled in, and which were ticked by hand
        st.info("\n\n".join(evidence_note(scenario)), icon=":material/fact_check:")

why, risks, steps = st.columns(3)
with why:
    st.markdown("#### Why")
    st.markdown("\n".join(f"- {reason}" for reason in result.reasons))
with risks:
    st.markdown("#### Watch out")
    if result.warnings:
        for warning in result.warnings:
            st.warning(warning, icon=":material/warning:")
    else:
        st.markdown("No known anti-pattern in these answers.")
with steps:
    st.markdown("#### Next steps")
    st.markdown("\n".join(f"{i}. {escape.streamlit(step)}" for i, step in enumerate(next_steps, start=1)))

with st.container(border=True):
    st.markdown("**The one-meeting check** — the questions to ask in order, answered from what you ticked")
    st.markdown(
        "\n".join(
            f"{i}. {question.question} **{'Yes' if yes else 'No'}**" + (f" — {question.if_yes}" if yes else "")
            for i, (question, yes) in enumerate(core.first_meeting_trail(answers), start=1)
        )
    )

st.divider()
st.subheader("How the options compare on what matters to you")
weights_col, chart_col = st.columns([1, 2])
with weights_col:
    st.caption("0 = does not matter, 3 = matters a lot. Scores: 1 (weak) to 5 (strong).")
    for dimension in core.DIMENSIONS:
        state.slider(
            core.DECISION_MATRIX[dimension].label,
            ("priorities", dimension),
            default=1,
            help=f"Retrieval: {core.DECISION_MATRIX[dimension].rag}. "
            f"Fine-tuning: {core.DECISION_MATRIX[dimension].fine_tuning}.",
        )
with chart_col:
    priorities = state.scenario().priorities
    figures.show(
        matrix_chart(core.DECISION_MATRIX, priorities, core.matrix_scores(priorities)), key="diagnose.matrix_chart"
    )
matrix_table = state.section("The decision matrix behind these scores", "diagnose.matrix")
with matrix_table:
    if matrix_table.open:
        st.table(
            [
                {
                    "What": row.label,
                    core.STRATEGY_LABELS["rag"]: row.rag,
                    core.STRATEGY_LABELS["fine_tuning"]: row.fine_tuning,
                    core.SHORT_LABELS["hybrid"]: row.note,
                }
                for row in core.DECISION_MATRIX.values()
            ]
        )
        source, as_of = core.decision_matrix_source()
        st.caption(f"Source: {source} (as of {as_of}).")

research = state.section("What the research says", "diagnose.research")
with research:
    if research.open:
        for finding in core.RESEARCH:
            st.markdown(f"**{finding.title}** — {finding.claim}")
            st.caption(finding.metric)
            st.table({number.label: number.value for number in finding.numbers})
            st.caption(f"[{finding.citation}]({finding.url}) · as of {finding.as_of}")

st.subheader("Take the decision to the meeting")
record.downloads("diagnose")

st.divider()
state.show_share_link("diagnose")
