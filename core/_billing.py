"""How providers bill prompt caching, the batch API and reasoning tokens, from sourced rule tables in assets/prices/.

- caching.csv: per provider (and model prefix), the shortest prefix that is cached and the step cache hits are
  counted in after it (OpenAI: 1,024 tokens, then 128-token steps), and what a cache write costs when the
  catalogue lists no write price.
- batch.csv: per provider, the batch discount when the catalogue lists no batch price, and whether the cached-input
  discount still applies inside a batch ("stacks").
- reasoning.csv: which models write hidden reasoning tokens that are billed as output.
A provider with no row of its own gets the `*` row, which is the cautious reading and says so.
"""

from __future__ import annotations

from functools import cache
from typing import Literal, TypeVar

from core._base import Frozen, ModelName, normalize_model_name, read_table

ANY = "*"
Stacking = Literal["yes", "no", "unknown"]


class CachingRule(Frozen):
    """When a prompt prefix is cached and how cache hits are counted."""

    provider: str
    model_prefix: ModelName = ""
    min_prefix_tokens: int
    step_tokens: int = 1  # cache hits grow in steps of this many tokens past the minimum (1 = any length)
    # Cache write price / input price when the catalogue lists none; None: no surcharge.
    write_multiplier: float | None = None
    source: str
    as_of: str
    confidence: str

    def cacheable(self, prefix_tokens: int) -> int:
        """How many tokens of a static prefix of this length can be read from the cache."""
        if prefix_tokens < self.min_prefix_tokens:
            return 0
        steps = (prefix_tokens - self.min_prefix_tokens) // max(self.step_tokens, 1)
        return self.min_prefix_tokens + steps * max(self.step_tokens, 1)


class BatchRule(Frozen):
    """What the batch API does to a provider's prices."""

    provider: str
    batch_factor: float | None = None  # None: this provider's batch discount is not known
    # yes: cached tokens get both discounts; no: cached tokens keep the cache price and only the rest is
    # discounted; unknown: the dearer of the two readings is used, so the cost is not understated.
    stacks_with_cache: Stacking
    window: str  # when batch results arrive, in words
    source: str
    as_of: str
    confidence: str


class ReasoningRule(Frozen):
    """Whether models with this name prefix write reasoning tokens billed as output."""

    provider: str
    model_prefix: ModelName = ""
    reasons: bool
    source: str
    as_of: str
    confidence: str


_R = TypeVar("_R", CachingRule, ReasoningRule)


@cache
def caching_rules() -> tuple[CachingRule, ...]:
    """Prompt-caching rules, read once."""
    return read_table(CachingRule, "prices", "caching.csv")


@cache
def batch_rules() -> tuple[BatchRule, ...]:
    """Batch-API rules, read once."""
    return read_table(BatchRule, "prices", "batch.csv")


@cache
def reasoning_rules() -> tuple[ReasoningRule, ...]:
    """Which models reason, read once."""
    return read_table(ReasoningRule, "prices", "reasoning.csv")


def _best(rules: tuple[_R, ...], provider: str, model: str) -> _R | None:
    name = normalize_model_name(model).rsplit("/", 1)[-1]
    matching = [r for r in rules if r.provider in (provider, ANY) and name.startswith(r.model_prefix)]
    # The provider's own row beats the `*` row; a longer model prefix beats a shorter one.
    return max(matching, key=lambda r: (r.provider != ANY, len(r.model_prefix)), default=None)


def caching_rule(provider: str, model: str) -> CachingRule:
    """The caching rule for a model at a provider (the `*` row when none is more specific)."""
    rule = _best(caching_rules(), provider, model)
    if rule is None:
        raise RuntimeError("assets/prices/caching.csv lacks its '*' row")
    return rule


def batch_rule(provider: str) -> BatchRule:
    """The batch rule for a provider (the `*` row when it has none)."""
    rule = next((r for r in batch_rules() if r.provider == provider), None)
    rule = rule or next((r for r in batch_rules() if r.provider == ANY), None)
    if rule is None:
        raise RuntimeError("assets/prices/batch.csv lacks its '*' row")
    return rule


def reasoning_rule(provider: str, model: str) -> ReasoningRule | None:
    """The row saying whether this model writes reasoning tokens, or None when no row speaks of it."""
    return _best(reasoning_rules(), provider, model)


def is_reasoning_model(provider: str, model: str) -> bool:
    """True when a sourced row says this model writes reasoning tokens billed as output."""
    rule = reasoning_rule(provider, model)
    return rule is not None and rule.reasons
