"""Write the Evidence page's example eval log: assets/examples/eval_log_example.jsonl (and its settings).

A made-up support assistant for a made-up home-appliance shop, "Brightlane", evaluated twice: `prompt_only` (a strong
prompt that states ten house rules) and `rag` (the same prompt plus one retrieved help-centre passage). RAGAS column
names, plus `run` and `latency_ms`. Every verdict appears; the script checks each row gets the verdict it was written
to show, so a change to the triage rules cannot silently change the story. Deterministic: run it twice, same bytes.

    python3 scripts/make_example_eval_log.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import core  # noqa: E402

LOG_PATH = ROOT / "assets" / "examples" / "eval_log_example.jsonl"
SETTINGS_PATH = ROOT / "assets" / "examples" / "eval_log_example.settings.json"
# The chat widget shows plain text: one paragraph, no Markdown, at most 300 characters.
PATTERN = r"[^*#|\n]{1,300}"

# question, help-centre passage, reference answer, a correct reply, a wrong reply, another wrong reply
FACTS: list[tuple[str, str, str, str, str, str]] = [
    (
        "How long do I have to return an item?",
        "Returns: unused items can be sent back within 30 days of delivery for a full refund.",
        "30 days of delivery",
        "You can return it within 30 days of delivery.",
        "You have 14 days to send it back.",
        "Returns are accepted for two weeks.",
    ),
    (
        "What are your support hours?",
        "Support hours: our team answers chats from 8 am to 8 pm, Monday to Saturday.",
        "8 am to 8 pm Monday to Saturday",
        "We are here from 8 am to 8 pm, Monday to Saturday.",
        "Our support is open around the clock.",
        "Support runs 9 to 5 on weekdays.",
    ),
    (
        "Is delivery free?",
        "Delivery: standard delivery is free on orders over 50 euros; below that it costs 4.95 euros.",
        "free on orders over 50 euros",
        "Standard delivery is free on orders over 50 euros.",
        "Delivery always costs 9.99.",
        "Shipping is free for members only.",
    ),
    (
        "How do I reset my smart kettle?",
        "Smart kettle reset: hold the power button for ten seconds until the light blinks blue.",
        "hold the power button for ten seconds",
        "Hold the power button for ten seconds until the light blinks blue.",
        "Unplug it overnight.",
        "Press the reset pin on the base.",
    ),
    (
        "Which payment methods do you accept?",
        "Payment: we accept Visa, Mastercard, PayPal and bank transfer.",
        "Visa Mastercard PayPal and bank transfer",
        "We accept Visa, Mastercard, PayPal and bank transfer.",
        "Only credit cards.",
        "Cash on delivery and cheques.",
    ),
    (
        "How long is the warranty on appliances?",
        "Warranty: every appliance has a two-year warranty from the date of purchase.",
        "two-year warranty",
        "Every appliance comes with a two-year warranty.",
        "The warranty lasts six months.",
        "There is a lifetime warranty.",
    ),
    (
        "Can I change my delivery address after ordering?",
        "Address changes: you can change the address until the order is packed, from the Orders page.",
        "until the order is packed",
        "Yes, until the order is packed, from the Orders page.",
        "No, addresses cannot be changed.",
        "Only by calling the courier.",
    ),
    (
        "Do you ship to Switzerland?",
        "Countries: we ship to the EU, Norway and Switzerland; customs fees apply outside the EU.",
        "yes customs fees apply",
        "Yes, we ship there; customs fees apply.",
        "We only ship inside Germany.",
        "Switzerland is not served.",
    ),
    (
        "How do I track my order?",
        "Tracking: the tracking link is in the dispatch email and on the Orders page.",
        "tracking link in the dispatch email",
        "Use the tracking link in the dispatch email or on the Orders page.",
        "Call the warehouse for updates.",
        "Tracking is not available.",
    ),
    (
        "What is the support email?",
        "Contact: write to care@brightlane.example for anything not answered here.",
        "care@brightlane.example",
        "Write to care@brightlane.example.",
        "Email help@shop.example.",
        "There is no email support.",
    ),
    (
        "How often should I descale the coffee machine?",
        "Coffee machine care: descale every 200 cups or when the orange descale light turns on.",
        "every 200 cups",
        "Descale it every 200 cups, or when the orange light turns on.",
        "Once a year is enough.",
        "Never; it cleans itself.",
    ),
    (
        "What size bags does the vacuum cleaner use?",
        "Vacuum bags: the V2 vacuum cleaner uses type S bags, sold in packs of five.",
        "type S bags",
        "It uses type S bags.",
        "Any universal bag fits.",
        "It is bagless.",
    ),
    (
        "Can I pay in instalments?",
        "Instalments: orders over 300 euros can be paid in three monthly instalments at no extra cost.",
        "orders over 300 euros in three monthly instalments",
        "Yes: orders over 300 euros can be paid in three monthly instalments.",
        "Instalments are not offered.",
        "Any order can be split into twelve payments.",
    ),
    (
        "How do I cancel an order?",
        "Cancelling: an order can be cancelled free of charge from the Orders page until it is dispatched.",
        "cancelled free of charge until it is dispatched",
        "It can be cancelled free of charge from the Orders page until it is dispatched.",
        "Orders cannot be cancelled.",
        "There is a 10 euro cancellation fee.",
    ),
    (
        "Is the blender dishwasher safe?",
        "Blender care: the jug and lid are dishwasher safe; the motor base must be wiped by hand.",
        "jug and lid are dishwasher safe",
        "The jug and lid are dishwasher safe; wipe the motor base by hand.",
        "No part is dishwasher safe.",
        "Everything, including the base, can go in.",
    ),
    (
        "What do I do if an item arrives damaged?",
        "Damaged items: send a photo within 48 hours and we send a replacement at no cost.",
        "send a photo within 48 hours",
        "Send us a photo within 48 hours and we will replace it.",
        "Return it at your own cost.",
        "Contact the courier, not us.",
    ),
    (
        "Do you offer gift wrapping?",
        "Gift wrapping: available at checkout for 3.50 euros per item.",
        "3.50 euros per item",
        "Yes, at checkout, for 3.50 euros per item.",
        "Gift wrapping is free.",
        "We do not wrap gifts.",
    ),
    (
        "How long does express delivery take?",
        "Express delivery: arrives the next working day if ordered before 2 pm.",
        "next working day if ordered before 2 pm",
        "The next working day if you order before 2 pm.",
        "Three to five days.",
        "Express takes a week.",
    ),
    (
        "Can I collect my order in a store?",
        "Click and collect: free pick-up in any Brightlane store, usually ready within two hours.",
        "pick-up in any Brightlane store",
        "Yes, free pick-up in any Brightlane store, usually ready within two hours.",
        "We have no stores.",
        "Pick-up costs 5 euros.",
    ),
    (
        "What voltage do your appliances use?",
        "Electrical: all appliances are built for 230 volts and a type F plug.",
        "230 volts",
        "They are built for 230 volts with a type F plug.",
        "110 volts.",
        "They run on batteries.",
    ),
    (
        "How do I register my product?",
        "Registration: register the serial number in the app within 30 days to extend the warranty by one year.",
        "register the serial number in the app",
        "Register the serial number in the app.",
        "Mail the receipt to our office.",
        "Registration happens automatically.",
    ),
    (
        "Do you price match?",
        "Price promise: we match a lower price from a major EU retailer within 14 days of purchase.",
        "match a lower price within 14 days",
        "We match a lower price within 14 days of purchase.",
        "We never price match.",
        "Only during sales.",
    ),
    (
        "Where is the serial number on the toaster?",
        "Toaster serial number: printed on a silver label under the crumb tray.",
        "silver label under the crumb tray",
        "On a silver label under the crumb tray.",
        "On the power cord.",
        "Inside the manual.",
    ),
    (
        "Can I buy spare parts?",
        "Spare parts: filters, jugs and lids are sold in the Parts section for five years after a model ends.",
        "Parts section for five years",
        "Yes, in the Parts section, for five years after a model ends.",
        "Spare parts are not sold.",
        "Only through repair shops.",
    ),
    (
        "Is there a student discount?",
        "Students: a verified student account gets 10 percent off full-price items.",
        "10 percent off full-price items",
        "Verified students get 10 percent off full-price items.",
        "There is no student discount.",
        "Students get free delivery only.",
    ),
    (
        "How do I update the app?",
        "App updates: updates install automatically; check Settings, About to see the version.",
        "updates install automatically",
        "Updates install automatically; check Settings, About for the version.",
        "Reinstall it every month.",
        "Updates must be requested from support.",
    ),
    (
        "Can I return a used kettle?",
        "Used items: used appliances can only be returned if faulty, under the warranty.",
        "only if faulty under the warranty",
        "Only if it is faulty, under the warranty.",
        "Yes, any time within 30 days.",
        "Used items get a 50 percent refund.",
    ),
    (
        "What is the fridge's energy class?",
        "Fridge FR-300: energy class B, 180 kWh per year.",
        "energy class B",
        "The FR-300 is energy class B.",
        "Class A+++.",
        "Class E.",
    ),
    (
        "How do I delete my account?",
        "Account deletion: request it under Settings, Privacy; data is erased within 30 days.",
        "under Settings Privacy",
        "Request it under Settings, Privacy; data is erased within 30 days.",
        "Accounts cannot be deleted.",
        "Email the CEO.",
    ),
    (
        "Do you recycle old appliances?",
        "Recycling: we collect your old appliance for free when we deliver a new one of the same kind.",
        "collect old appliance",
        "Yes, we collect the old appliance for free when delivering a new one.",
        "Recycling costs 30 euros.",
        "Take it to the dump yourself.",
    ),
]
PROMPT_RULES = 10  # the strong prompt states the first ten facts as house rules


def _prompt_context() -> str:
    return " ".join(passage for _, passage, *_ in FACTS[:PROMPT_RULES])


# What each question shows, per run: (reply, verdict) for the first two repeats (the third is as the second).
# "ok" = the correct reply, "w1"/"w2" = the wrong ones, "md" = the right fact in Markdown (breaks the plain-text
# format), "" = no reply (a timeout).
def _plan(run: str, index: int) -> list[tuple[str, str]]:
    if run == "prompt_only":
        if index < PROMPT_RULES:  # the fact is in the prompt
            if index in (3, 6, 8):
                return [("w1", "behaviour"), ("w1", "behaviour")]
            if index == 5:
                return [("w1", "inconsistent"), ("w2", "inconsistent")]
            if index == 9:
                return [("md", "format"), ("ok", "correct")]
            return [("ok", "correct"), ("ok", "correct")]
        if index in (12, 20):
            return [("w1", "inconsistent"), ("w2", "inconsistent")]
        if index == 15:
            return [("", "cant_tell"), ("w1", "visibility")]
        if index in (25, 26):
            return [("ok", "correct"), ("ok", "correct")]
        return [("w1", "visibility"), ("w1", "visibility")]
    if index in (4, 13, 22):  # retrieval fetched the wrong passage
        return [("w1", "visibility"), ("w1", "visibility")]
    if index in (7, 18):
        return [("w1", "behaviour"), ("w1", "behaviour")]
    if index == 11:
        return [("w1", "inconsistent"), ("w2", "inconsistent")]
    if index in (16, 28):
        return [("md", "format"), ("ok", "correct")]
    if index == 24:
        return [("", "cant_tell"), ("ok", "correct")]
    return [("ok", "correct"), ("ok", "correct")]


def _markdown(reply: str) -> str:
    return f"**Short answer:** {reply}\n- See the help centre for details."


def _context(run: str, index: int) -> list[str]:
    if run == "prompt_only":
        return [_prompt_context()]
    if index in (4, 13, 22):  # a neighbouring passage, not the one that holds the fact
        return [FACTS[(index + 9) % len(FACTS)][1]]
    return [FACTS[index][1]]


def rows() -> list[dict[str, object]]:
    """The example log's rows, each with the verdict it was written to show (`expected`, dropped on writing)."""
    out: list[dict[str, object]] = []
    for run, base_ms in (("prompt_only", 900), ("rag", 1300)):
        for index, (question, _passage, reference, right, wrong, other) in enumerate(FACTS):
            plan = _plan(run, index)
            for repeat, (kind, expected) in enumerate([*plan, plan[-1]]):  # three repeats of each question
                reply = {"ok": right, "w1": wrong, "w2": other, "md": _markdown(right), "": ""}[kind]
                out.append(
                    {
                        "run": run,
                        "user_input": question,
                        "retrieved_contexts": _context(run, index),
                        "response": reply,
                        "reference": reference,
                        "latency_ms": base_ms + (index * 37 + repeat * 53) % 400,
                        "expected": expected,
                    }
                )
    return out


def settings() -> dict[str, str]:
    """The format check the example is triaged with."""
    return {"format_check": "regex", "pattern": PATTERN}


def render() -> tuple[str, str]:
    """The JSONL text and the settings JSON text, exactly as shipped."""
    lines = [json.dumps({k: v for k, v in row.items() if k != "expected"}, ensure_ascii=False) for row in rows()]
    return "\n".join(lines) + "\n", json.dumps(settings(), indent=2) + "\n"


def check(log_text: str) -> None:
    """Fail loudly if a row does not get the verdict it was written to show."""
    report = core.triage_eval_log(log_text.encode("utf-8"), "example.jsonl", core.TriageSettings(**settings()))
    for row, planned in zip(report.rows, rows(), strict=True):
        if row.verdict != planned["expected"]:
            raise SystemExit(f"line {row.line}: planned {planned['expected']}, triaged {row.verdict} ({row.reason})")


def main() -> None:
    log_text, settings_text = render()
    check(log_text)
    LOG_PATH.parent.mkdir(parents=True, exist_ok=True)
    LOG_PATH.write_text(log_text, encoding="utf-8")
    SETTINGS_PATH.write_text(settings_text, encoding="utf-8")
    print(f"wrote {LOG_PATH.relative_to(ROOT)} ({len(log_text.splitlines())} rows)")


if __name__ == "__main__":
    main()
