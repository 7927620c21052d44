"""The words of the map format: stages, roles, influence, attitudes, sources, strategies, ties.

Plain enums without pydantic, so that command-line help and option checks can name the allowed
values without paying for the models; `models.py` builds on them.
"""

from __future__ import annotations

from enum import StrEnum

DEFAULT_STAGES: tuple[str, ...] = (
    "discovery",
    "qualification",
    "validation",
    "proposal",
    "negotiation",
    "won",
    "lost",
)
"""The default sales stages, in order. `won` and `lost` are closed deals."""

CLOSED_STAGES = frozenset(("won", "lost"))


class Role(StrEnum):
    """A stakeholder's role in the Decision Making Unit (DMU)."""

    ECONOMIC_BUYER = "economic_buyer"
    TECHNICAL_BUYER = "technical_buyer"
    USER_BUYER = "user_buyer"
    PROCUREMENT = "procurement"
    INFLUENCER = "influencer"
    GATEKEEPER = "gatekeeper"
    UNKNOWN = "unknown"


class Influence(StrEnum):
    """How much weight a stakeholder's voice carries in the decision."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    UNKNOWN = "unknown"


class Attitude(StrEnum):
    """How a stakeholder stands towards us, from champion to blocker."""

    CHAMPION = "champion"
    SUPPORTER = "supporter"
    NEUTRAL = "neutral"
    SKEPTICAL = "skeptical"
    BLOCKER = "blocker"
    UNKNOWN = "unknown"


class Source(StrEnum):
    """How a stakeholder's role and influence were confirmed."""

    CONTACT = "contact"
    LINKEDIN = "linkedin"
    NEWS = "news"
    HISTORY = "history"
    OTHER = "other"


class Strategy(StrEnum):
    """What we do about a blocker or a skeptic."""

    IGNORE = "ignore"
    NEUTRALIZE = "neutralize"
    BYPASS = "bypass"
    CONVERT = "convert"


class RelationshipType(StrEnum):
    """An informal tie between two stakeholders."""

    TRUSTS = "trusts"
    TENSION = "tension"
    COLLABORATES = "collaborates"
    COMPETES = "competes"


ATTITUDE_SCALE: tuple[Attitude, ...] = (
    Attitude.BLOCKER,
    Attitude.SKEPTICAL,
    Attitude.NEUTRAL,
    Attitude.SUPPORTER,
    Attitude.CHAMPION,
)
"""Attitudes from coldest to warmest; `unknown` is not on the scale."""

INFLUENCE_SCALE: tuple[Influence, ...] = (Influence.LOW, Influence.MEDIUM, Influence.HIGH)
"""Influence from least to most; `unknown` is not on the scale."""
