"""`accountmap plan`: the engagement plan, its gaps, and the order in which things are due."""

from __future__ import annotations

import pytest

from accountmap_cli.models import DEFAULT_STAGES, AccountMap
from accountmap_cli.plan import engagement_plan, match_timing
from conftest import write_map

STAGES = DEFAULT_STAGES
CLOSED = frozenset(("won", "lost"))


@pytest.mark.parametrize(
    ("timing", "stage", "order", "overdue"),
    [
        ("before proposal", "proposal", (1, 3, 0), True),
        ("Before the PROPOSAL", "proposal", (1, 3, 0), True),
        ("during proposal", "proposal", (1, 3, 1), False),
        ("after proposal", "proposal", (1, 3, 2), False),
        ("negotiation, week 49", "negotiation", (1, 4, 1), False),
        ("after the welding trial", "validation", (1, 2, 2), True),
        ("before the demo", "validation", (1, 2, 0), True),
        ("before signing the contract", "negotiation", (1, 4, 0), False),
        ("weekly, Tuesday call", None, (0, 0, 0), False),
        ("now", None, (0, 0, 0), False),
        ("before the final offer", None, (2, 0, 0), False),
        ("", None, (3, 0, 0), False),
        (None, None, (3, 0, 0), False),
    ],
)
def test_timing_is_placed_in_the_sales_process(timing, stage, order, overdue) -> None:
    due = match_timing(timing, stages=STAGES, current_stage="proposal", closed_stages=CLOSED)
    assert (due.stage, due.order, due.overdue) == (stage, order, overdue)


def test_the_earliest_stage_named_wins_and_closed_deals_are_never_overdue() -> None:
    due = match_timing("proposal or negotiation", stages=STAGES, current_stage="won")
    assert due.stage == "proposal"
    assert not match_timing(
        "before discovery", stages=STAGES, current_stage="won", closed_stages=CLOSED
    ).overdue


def test_custom_stage_names_are_matched() -> None:
    due = match_timing(
        "before tech_review", stages=("lead", "tech review", "offer"), current_stage="lead"
    )
    assert (due.stage, due.order) == ("tech review", (1, 1, 0))


def plan_map(stakeholders: list[dict]) -> AccountMap:
    return AccountMap.model_validate(
        {
            "opportunity": {"name": "L", "account": "A", "value": 1, "stage": "validation"},
            "team": [{"id": "daan", "name": "Daan Visser"}],
            "stakeholders": stakeholders,
        }
    )


def test_gaps_and_order() -> None:
    model = plan_map(
        [
            {"id": "late", "name": "Late", "engagement": {"timing": "after negotiation",
             "owner": "daan"}},
            {"id": "big", "name": "Big", "influence": "high"},
            {"id": "lead", "name": "Lead", "influence": "high",
             "engagement": {"timing": "before proposal"}},
            {"id": "no", "name": "No", "attitude": "blocker"},
            {"id": "fine", "name": "Fine", "attitude": "skeptical", "strategy": "convert"},
            {"id": "weekly", "name": "Weekly", "engagement": {"timing": "weekly",
             "owner": "ghost"}},
        ]
    )  # fmt: skip
    rows = engagement_plan(model, stages=STAGES, closed_stages=CLOSED)
    assert [(row.stakeholder.id, row.gaps, row.owner) for row in rows] == [
        ("weekly", (), "ghost"),
        ("lead", ("no-owner",), None),
        ("late", (), "Daan Visser"),
        ("big", ("no-plan",), None),
        ("no", ("no-strategy",), None),
    ]


PLAN_MAP = """\
opportunity:
  name: Line 3
  account: Acme
  value: 1000
  stage: proposal
team:
  - id: daan
    name: Daan Visser
stakeholders:
  - id: cfo
    title: CFO
    influence: high
  - id: marco
    name: Marco Peeters
    concerns: Downtime
    engagement:
      timing: before negotiation
      message: Phased change-over
      owner: daan
      goal: A date for the board
  - id: ruud
    name: Ruud
    attitude: blocker
"""


def test_plan_text_output(invoke, tmp_path) -> None:
    result = invoke("plan", write_map(tmp_path, PLAN_MAP), env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.stderr
    assert [line.rstrip() for line in result.stdout.splitlines()] == [
        "Engagement plan",
        "┏━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┓",
        "┃ stakeholder      ┃ timing          ┃ concern  ┃ message          ┃ owner       ┃ goal            ┃",
        "┡━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━╇━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩",
        "│ Marco Peeters    │ before          │ Downtime │ Phased           │ Daan Visser │ A date for the  │",
        "│                  │ negotiation     │          │ change-over      │             │ board           │",
        "├──────────────────┼─────────────────┼──────────┼──────────────────┼─────────────┼─────────────────┤",
        "│ (CFO)            │ —               │ —        │ —                │ —           │ —               │",
        "│ ⚠ high           │                 │          │                  │             │                 │",
        "│ influence, no    │                 │          │                  │             │                 │",
        "│ plan             │                 │          │                  │             │                 │",
        "├──────────────────┼─────────────────┼──────────┼──────────────────┼─────────────┼─────────────────┤",
        "│ Ruud             │ —               │ —        │ —                │ —           │ —               │",
        "│ ⚠ no strategy    │                 │          │                  │             │                 │",
        "└──────────────────┴─────────────────┴──────────┴──────────────────┴─────────────┴─────────────────┘",
        "2 gaps to close (⚠).",
    ]


def test_plan_markdown_output(invoke, tmp_path) -> None:
    result = invoke("plan", write_map(tmp_path, PLAN_MAP), "--format", "markdown")
    assert result.exit_code == 0
    assert result.stdout == (
        "| stakeholder | timing | concern | message | owner | goal | gaps |\n"
        "|---|---|---|---|---|---|---|\n"
        "| Marco Peeters | before negotiation | Downtime | Phased change-over | Daan Visser "
        "| A date for the board | — |\n"
        "| (CFO) | — | — | — | — | — | ⚠ high influence, no plan |\n"
        "| Ruud | — | — | — | — | — | ⚠ no strategy |\n"
        "\n"
        "- 2 gaps to close (⚠).\n"
    )


def test_plan_uses_the_teams_stages(invoke, tmp_path) -> None:
    (tmp_path / "accountmap.toml").write_text(
        'stages = ["lead", "board meeting", "proposal", "negotiation", "won", "lost"]\n',
        encoding="utf-8",
    )
    text = PLAN_MAP.replace("timing: before negotiation", "timing: before the board meeting")
    result = invoke("plan", write_map(tmp_path, text), "-f", "markdown")
    assert result.exit_code == 0, result.stderr
    assert "| before the board meeting (overdue) |" in result.stdout


def test_plan_without_any_plan(invoke, tmp_path) -> None:
    text = PLAN_MAP.split("  - id: marco")[0].replace("influence: high", "influence: low")
    result = invoke("plan", write_map(tmp_path, text))
    assert result.exit_code == 0
    assert (
        result.stdout == "No engagement plans on this map yet.\nWithout a plan (no gap): (CFO).\n"
    )


def test_plan_of_an_invalid_map(invoke, tmp_path) -> None:
    result = invoke("plan", write_map(tmp_path, "opportunity: 3\n"))
    assert result.exit_code == 1
    assert "is not a valid map" in result.stderr
