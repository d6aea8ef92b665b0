"""Fine-tuning as it can be bought today: an *offering* is a provider plus a base model, with how training is
billed, how the tuned model is served and paid for, and until when it can be trained and used.

The rows live in assets/fine_tuning/offerings.csv, each with its source, as-of date and confidence; a number no
source gives is left empty there and is None here (the page asks for it; it is never priced at $0). Base models'
retirement dates, which end a fine-tune on the same day, live in assets/fine_tuning/retirements.csv.

Serving modes:
- `serverless`: only tokens are paid for (per token, or at the base model's own rate);
- `hourly_hosting`: a fee for every hour the tuned model stays deployed, used or not, plus tokens;
- `dedicated_gpu`: GPU replicas billed by the hour; replicas are sized from the workload's peak tokens per second
  and the replica's sourced throughput; tokens themselves are not billed;
- `provisioned`: reserved capacity units billed by the hour around the clock; tokens are not billed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cache
from types import MappingProxyType
from typing import Literal

from core._base import Frozen, ModelName, model_family, normalize_model_name, read_table
from core._training_formats import formats_for_offering

Serving = Literal["serverless", "hourly_hosting", "dedicated_gpu", "provisioned"]
SERVING_MODES: tuple[Serving, ...] = ("serverless", "hourly_hosting", "dedicated_gpu", "provisioned")
# How the tuned model's tokens are billed: its own listed prices, the base model's catalogue rate, or not at all
# (the hours of a GPU or a capacity unit pay for them).
InferencePricing = Literal["own", "base_rate", "hourly"]
TrainingBilling = Literal["per_token", "per_hour"]
# How a LoRA adapter is served: merged into the base weights (base-model speed) or loaded unmerged beside other
# adapters (slower: the offering's throughput_factor says by how much). None: no adapter is served.
LoraServing = Literal["merged", "multi_adapter"]
LORA_SERVING_LABELS: Mapping[LoraServing, str] = MappingProxyType(
    {
        "merged": "one merged adapter: base-model speed",
        "multi_adapter": "adapter served unmerged beside others",
    }
)

SERVING_LABELS: Mapping[Serving, str] = MappingProxyType(
    {
        "serverless": "pay per token",
        "hourly_hosting": "hourly hosting fee + tokens",
        "dedicated_gpu": "dedicated GPUs by the hour",
        "provisioned": "provisioned capacity by the hour",
    }
)


class Offering(Frozen):
    """One way to buy fine-tuning: a provider and a base model, its prices, serving mode and end dates."""

    id: ModelName  # provider/base, lower case
    provider: str
    label: str
    base_model: str  # the catalogue name for base-rate prices, latency and the tokenizer
    catalogue_provider: str  # the genai-prices provider id the base model is looked up under
    serving: Serving
    inference: InferencePricing
    training_billing: TrainingBilling
    training_usd_per_mtok: float | None
    training_usd_per_hour: float | None
    min_job_usd: float | None  # None: no minimum charge found
    max_job_usd: float | None  # None: no cap found
    input_usd_per_mtok: float | None
    cached_input_usd_per_mtok: float | None
    output_usd_per_mtok: float | None
    hosting_usd_per_hour: float | None  # per deployment, per GPU replica or per capacity unit, by serving mode
    replica: str = ""  # what one replica or unit is, in words ("1x H100 80GB")
    tokens_per_s_per_replica: float | None  # output tokens per second one base-model replica sustains (dedicated_gpu)
    lora_serving: LoraServing | None = None
    # Share of the base model's tokens per second a replica keeps with the adapter served this way (1.0 merged).
    throughput_factor: float = 1.0
    storage_usd_per_month: float | None
    batch_eligible: bool
    max_tokens_per_example: int | None
    new_jobs_until: dt.date | None
    inference_until: dt.date | None
    end_source: str = ""  # where the two dates come from, in a few words
    source: str
    as_of: str
    confidence: str
    notes: str = ""
    # Training-file formats the offering takes (assets/fine_tuning/training_formats.csv); empty: unknown.
    training_formats: tuple[str, ...] = ()

    @property
    def lora_serving_text(self) -> str:
        """What the serving speed assumes, in words ("" when no adapter is served)."""
        if self.lora_serving is None:
            return ""
        text = LORA_SERVING_LABELS[self.lora_serving]
        return text if self.lora_serving == "merged" else f"{text}: {self.throughput_factor:g}x base"

    @property
    def phrase(self) -> str:
        """The offering in a sentence: 'gpt-4.1 fine-tuned on OpenAI', 'Nova 2 Lite (on demand) fine-tuned on AWS
        Bedrock'."""
        name, _, detail = self.label.split(" · ", 1)[-1].partition(" (")
        return f"{name} fine-tuned on {self.provider}" + (f" ({detail}" if detail else "")

    def can_train_on(self, when: dt.date) -> bool:
        """True when a new training job can still be started on `when`."""
        ends = [d for d in (self.new_jobs_until, self.inference_until) if d is not None]
        return all(when <= end for end in ends)

    def serves_on(self, when: dt.date) -> bool:
        """True when the tuned model still answers on `when`."""
        return self.inference_until is None or when < self.inference_until


class Retirement(Frozen):
    """A model's announced retirement date at one provider; its fine-tunes there stop the same day."""

    model: ModelName
    provider: str  # the genai-prices provider id the date applies to
    platform: str = ""  # "" for the provider's own API; else where else the model is sold ("azure", "vertex")
    retires_on: dt.date
    source: str
    as_of: str
    confidence: str


@cache
def fine_tuning_offerings() -> tuple[Offering, ...]:
    """Every fine-tuning offering in assets/fine_tuning/offerings.csv, in the table's order (read once)."""
    offerings = tuple(
        o.model_copy(update={"training_formats": formats_for_offering(o.id)})
        for o in read_table(Offering, "fine_tuning", "offerings.csv")
    )
    ids = [o.id for o in offerings]
    if len(set(ids)) != len(ids):
        raise ValueError("offering ids in assets/fine_tuning/offerings.csv must be unique")
    return offerings


@cache
def _by_id() -> Mapping[str, Offering]:
    return MappingProxyType({o.id: o for o in fine_tuning_offerings()})


def offering(offering_id: str) -> Offering:
    """The offering with this id (KeyError when there is none)."""
    return _by_id()[offering_id.strip().lower()]


def offering_ids() -> tuple[str, ...]:
    """The ids a scenario may name, in the table's order."""
    return tuple(_by_id())


def offerings_for_model(model: str) -> tuple[Offering, ...]:
    """Offerings whose base model is `model` (name matched as the catalogue matches it, dates ignored)."""
    wanted = model_family(model)
    return tuple(o for o in fine_tuning_offerings() if model_family(o.base_model) == wanted)


def replacement_offering(name: str, today: dt.date) -> Offering:
    """The offering an old link or file means by a fine-tuning model or offering id that no longer exists:
    the first offering for that base model that can still train today, else any for that model, else the
    first offering that can still train today."""
    name = normalize_model_name(name)
    if name in _by_id():
        return _by_id()[name]
    family = offerings_for_model(name.split("/", 1)[-1])
    buyable = [o for o in family if o.can_train_on(today)]
    if buyable or family:
        return (buyable or list(family))[0]
    return next((o for o in fine_tuning_offerings() if o.can_train_on(today)), fine_tuning_offerings()[0])


@cache
def retirements() -> tuple[Retirement, ...]:
    """Announced retirement dates of base models (assets/fine_tuning/retirements.csv)."""
    return read_table(Retirement, "fine_tuning", "retirements.csv")


def retirement(model: str, provider: str, platform: str = "") -> Retirement | None:
    """The announced retirement of `model` at `provider` on `platform` ("" = the provider's own API; dates and `ft:`
    ignored), or None when none is known."""
    family = model_family(model)
    return next(
        (
            r
            for r in retirements()
            if r.provider == provider and r.platform == platform and model_family(r.model) == family
        ),
        None,
    )


class Discontinued(Frozen):
    """A fine-tuning service that can no longer be bought, so nobody goes looking for it."""

    provider: str
    what: str  # what stopped, in a few words
    stopped_on: dt.date | None  # None: no date found
    instead: str  # where else to go
    source: str
    as_of: str
    confidence: str


@cache
def discontinued_offerings() -> tuple[Discontinued, ...]:
    """Fine-tuning services no longer sold (assets/fine_tuning/discontinued.csv), in the table's order."""
    return read_table(Discontinued, "fine_tuning", "discontinued.csv")
