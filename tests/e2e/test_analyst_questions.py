"""README "Ten questions analysts ask": every query, read from the README itself, answers on the sample corpus.

The queries are extracted from README.md at test time, so the documentation and this test cannot
drift apart: an edited question either still runs and returns what its prose promises, or fails.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from orchestration.settings import REPO_ROOT

SECTION = "## Ten questions analysts ask"

# The columns each answer promises, in order (question 1 … 10).
EXPECTED_COLUMNS = [
    ["month", "organisation", "attacks_claimed", "claimed_as"],
    ["incident_id", "incident_date", "event_type", "place", "claim_status", "claimed_by_actor_ids",
     "denied_by_actor_ids", "first_claimed_date", "first_disowned_date", "has_competing_claims"],
    ["accuser", "accused", "accusations", "first_said", "articles"],
    ["week", "area", "incidents", "killed_at_least", "injured_at_least"],
    ["outlet", "first_to_report", "incidents_covered", "average_position"],
    ["brand", "name_ar", "parent", "parent_name", "attribution_source", "incidents_claimed"],
    ["incident_id", "reports", "outlets", "munitions_lowest", "munitions_highest", "killed_lowest",
     "killed_highest", "injured_lowest", "injured_highest"],
    ["incident_id", "incident_date", "place", "killed_min", "injured_min", "outlet", "article_id", "char_start",
     "char_end", "evidence_text"],
    ["outlet", "claim_type", "claims", "anonymous", "anonymous_pct"],
    ["incident_id", "incident_date", "event_type", "place", "alleged_perpetrators", "according_to_articles"],
]


def readme_questions() -> list[tuple[str, str]]:
    """(question, sql) of every ```sql block in the README's ten-questions section."""
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index(SECTION):]
    end = section.find("\n## ", len(SECTION))
    section = section if end < 0 else section[:end]
    return re.findall(r"\*\*(\d+\..*?)\*\*\s*```sql\n(.*?)```", section, re.S)


QUESTIONS = readme_questions()


def test_the_section_has_ten_questions_each_with_one_query() -> None:
    assert len(QUESTIONS) == 10
    assert [q.split(".")[0] for q, _ in QUESTIONS] == [str(i) for i in range(1, 11)]
    for question, sql in QUESTIONS:
        assert sql.count(";") == 1 and sql.rstrip().endswith(";"), question
        tables = re.findall(r"\b(?:from|join)\s+([\w.]+)", sql, re.I)
        ctes = set(re.findall(r"(\w+)\s+as\s*\(", sql, re.I))
        assert all(t.startswith("marts.") or t in ctes for t in tables), (question, tables)


@pytest.fixture(scope="module")
def con(sample_warehouse: Path):
    c = duckdb.connect(str(sample_warehouse), read_only=True)
    yield c
    c.close()


@pytest.mark.parametrize(("number", "question", "sql"), [(i + 1, q, s) for i, (q, s) in enumerate(QUESTIONS)],
                         ids=[f"q{i + 1}" for i in range(len(QUESTIONS))])
def test_each_question_answers_on_the_sample_corpus(con, number: int, question: str, sql: str) -> None:
    cur = con.execute(sql)
    columns = [d[0] for d in cur.description]
    rows = cur.fetchall()
    assert columns == EXPECTED_COLUMNS[number - 1], question
    assert rows, f"no answer on the sample corpus: {question}"


def test_civilian_casualty_evidence_points_into_the_articles(con) -> None:
    """Question 8 promises "which sentence says so": its offsets must give back its evidence text."""
    sql = dict((q.split(".")[0], s) for q, s in QUESTIONS)["8"]
    rows = con.execute(f"select article_id, char_start, char_end, evidence_text from ({sql.rstrip().rstrip(';')})"
                       ).fetchall()
    for article_id, start, end, evidence in rows:
        text = con.execute("select text from raw.articles where article_id = ?", [article_id]).fetchone()[0]
        assert text[start:end] == evidence
