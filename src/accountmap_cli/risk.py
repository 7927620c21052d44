"""The deal-risk score: 0-100 points from the findings of the deal-risk rules, explained factor by factor.

Every finding of a deal-risk rule adds that rule's weight in points, up to the rule's cap (so ten
unnamed seats do not outweigh a missing economic buyer). The score is the sum, at most 100:

    score = min(100, Σ over rules of min(cap, weight × findings of that rule))

Fixing a finding therefore never raises the score. Levels: `high` from 60 points, `medium` from 30,
else `low` (team settings `[risk] medium`/`high`). Weights and caps are team settings too
(`[risk.weights]`, `[risk.caps]`). Findings the team turned off, and suppressed ones, do not count.
Won and lost deals have no deal-risk findings, so they score 0.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from accountmap_cli.config import DEFAULT_SETTINGS, Settings
from accountmap_cli.findings import Finding

DEFAULT_WEIGHTS: dict[str, int] = {
    "AM101": 30,  # no-economic-buyer
    "AM102": 15,  # economic-buyer-not-engaged
    "AM103": 20,  # no-champion
    "AM104": 10,  # powerless-champion
    "AM105": 10,  # unaddressed-blocker (each)
    "AM106": 25,  # single-threaded
    "AM107": 15,  # too-few-stakeholders
    "AM108": 5,  # late-stage-gaps (each missing role)
    "AM109": 5,  # unverified-decision-maker
    "AM110": 20,  # stale-deal
    "AM111": 2,  # unnamed-stakeholder (each)
    "AM112": 2,  # unassessed-stakeholder (each)
    "AM113": 5,  # no-engagement-plan (each)
    "AM114": 8,  # champion-gone-quiet
    "AM115": 5,  # mapped-late (only with the git history)
}
"""Risk points per finding. Chosen so that fixing the worst gap never costs more than it saves:
adding an economic buyer who is not yet engaged nor verified (AM102 + AM109 + AM112 = 22) still
scores below having none (AM101 = 30); a weak champion (AM104 + AM114 = 18) below none (AM103 = 20)."""

DEFAULT_CAPS: dict[str, int] = {
    "AM101": 30,
    "AM102": 15,
    "AM103": 20,
    "AM104": 10,
    "AM105": 20,
    "AM106": 25,
    "AM107": 15,
    "AM108": 15,
    "AM109": 5,
    "AM110": 20,
    "AM111": 6,
    "AM112": 6,
    "AM113": 10,
    "AM114": 8,
    "AM115": 5,
}
"""The most points one rule adds, however often it fires."""

LEVELS = ("low", "medium", "high")


@dataclass(frozen=True, slots=True)
class RiskFactor:
    """One finding that added points to a deal's risk."""

    code: str
    rule: str
    points: int
    message: str
    stakeholder: str | None
    hint: str | None

    def as_dict(self) -> dict[str, object]:
        """The factor in the JSON contract of `accountmap risk --format json`."""
        return {
            "code": self.code,
            "rule": self.rule,
            "points": self.points,
            "message": self.message,
            "stakeholder": self.stakeholder,
        }


@dataclass(frozen=True, slots=True)
class RiskScore:
    """A deal's risk: the score, its level, and the factors that explain it (most points first)."""

    path: str
    score: int
    level: str
    factors: tuple[RiskFactor, ...]

    def as_dict(self) -> dict[str, object]:
        """The deal in the JSON contract of `accountmap risk --format json`."""
        return {
            "path": self.path,
            "score": self.score,
            "level": self.level,
            "factors": [factor.as_dict() for factor in self.factors],
        }


def weights_of(settings: Settings) -> dict[str, int]:
    """The effective weights: the defaults, overridden by the team's settings."""
    return {**DEFAULT_WEIGHTS, **settings.risk_weights}


def caps_of(settings: Settings) -> dict[str, int]:
    """The effective caps: the defaults (a weight of its own for a rule without one), overridden by
    the team's settings."""
    weights = weights_of(settings)
    caps = {code: DEFAULT_CAPS.get(code, weight) for code, weight in weights.items()}
    return {**caps, **settings.risk_caps}


def level_of(score: int, settings: Settings = DEFAULT_SETTINGS) -> str:
    """`high`, `medium` or `low` for a score, by the team's cut-offs."""
    if score >= settings.risk_high:
        return "high"
    if score >= settings.risk_medium:
        return "medium"
    return "low"


def score_findings(
    findings: Iterable[Finding], *, path: str = "", settings: Settings = DEFAULT_SETTINGS
) -> RiskScore:
    """Score a deal from its findings (only codes with a weight count)."""
    weights = weights_of(settings)
    caps = caps_of(settings)
    used: dict[str, int] = {}
    factors: list[tuple[int, RiskFactor]] = []
    for order, finding in enumerate(sorted(findings)):
        weight = weights.get(finding.code, 0)
        if weight <= 0:
            continue
        cap = caps.get(finding.code, weight)
        points = min(weight, max(0, cap - used.get(finding.code, 0)))
        if points <= 0:
            continue
        used[finding.code] = used.get(finding.code, 0) + points
        factors.append(
            (
                order,
                RiskFactor(
                    finding.code,
                    finding.rule,
                    points,
                    finding.message,
                    finding.stakeholder,
                    finding.hint,
                ),
            )
        )
    factors.sort(key=lambda item: (-item[1].points, item[1].code, item[0]))
    score = min(100, sum(used.values()))
    return RiskScore(path, score, level_of(score, settings), tuple(f for _, f in factors))


def score_report(report, settings: Settings = DEFAULT_SETTINGS) -> RiskScore:
    """Score one checked map (`lint.MapReport`). Cheap: it only reads the report's findings.

    A map that did not load has no deal-risk findings; check `report.loaded` first.
    """
    return score_findings(report.findings, path=report.path, settings=settings)


def next_actions(risk: RiskScore, *, limit: int = 3) -> list[str]:
    """The most important things to do for this deal: the hints of the heaviest factors, each once."""
    actions: list[str] = []
    for factor in risk.factors:
        action = factor.hint or factor.message
        if action not in actions:
            actions.append(action)
        if len(actions) >= limit:
            break
    return actions
