"""The journal's tables in PostgreSQL (SQLAlchemy Core). Each row belongs to one person (the
``person`` column, the login's subject id) and carries ``version`` (1 when written, one more on
every change) and ``written_at`` (when it was last written, the database's clock). Row-level
security (see migrations/) lets a transaction see and write only the rows of the person it
set. The migrations create these tables; this module only names them for the queries."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Double,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

PERSON_SETTING = "lumbarlog.person"
REVISIONS = "journal_revisions"

metadata = MetaData()


def _audit() -> tuple[Column[int], Column[object]]:
    return (
        Column("version", Integer, nullable=False),
        Column("written_at", DateTime(timezone=True), nullable=False),
    )


# One row per person: the journal exists. ``revision`` is the next number of the sequence
# REVISIONS at every write (the journal's version, and the key of what was read at it);
# ``extra_columns`` are the columns a person added to entries.csv, in their order; ``stored``
# names the parts written at least once (only those keep a backup).
journals = Table(
    "journals",
    metadata,
    Column("person", Text, primary_key=True),
    Column("revision", BigInteger, nullable=False),
    Column("extra_columns", ARRAY(Text), nullable=False),
    Column("stored", ARRAY(Text), nullable=False),
    *_audit(),
)

# entries.csv: one row per day.
entries = Table(
    "entries",
    metadata,
    Column("person", Text, primary_key=True),
    Column("day", Date, primary_key=True),
    Column("pain", SmallInteger, nullable=False),
    Column("sitting_hours", Double),
    Column("exercises", ARRAY(Text), nullable=False),
    Column("notes", Text, nullable=False),
    Column("extra", JSONB),
    *_audit(),
)

# sessions.csv: routine sessions (times are the app's local time, as in the file).
sessions = Table(
    "sessions",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("person", Text, nullable=False),
    Column("started_at", DateTime(timezone=False), nullable=False),
    Column("ended_at", DateTime(timezone=False), nullable=False),
    Column("routine_id", Text, nullable=False),
    Column("exercises_completed", ARRAY(Text), nullable=False),
    Column("pain_before", SmallInteger),
    Column("pain_after", SmallInteger),
    Column("outcome", Text, nullable=False),
    *_audit(),
)

# measures.csv: one answered questionnaire per instrument and day; the items as answered.
measures = Table(
    "measures",
    metadata,
    Column("person", Text, primary_key=True),
    Column("day", Date, primary_key=True),
    Column("instrument", Text, primary_key=True),
    Column("items", ARRAY(SmallInteger), nullable=False),
    Column("score", Double, nullable=False),
    Column("subscale", SmallInteger),
    *_audit(),
)

# plan.json: the weekly plan, as the file's JSON text.
plans = Table(
    "plans",
    metadata,
    Column("person", Text, primary_key=True),
    Column("plan", Text, nullable=False),
    *_audit(),
)

# experiments.json: the self-experiments, as the file's JSON text (revision 0002).
experiments = Table(
    "experiments",
    metadata,
    Column("person", Text, primary_key=True),
    Column("experiments", Text, nullable=False),
    *_audit(),
)

# Earlier versions of a part (entries.csv, sessions.csv, measures.csv, plan.json), as the
# file's bytes: kept before each save (the newest BACKUPS_KEPT), or set aside by a restore.
backups = Table(
    "backups",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("person", Text, nullable=False),
    Column("part", Text, nullable=False),
    Column("saved_at", DateTime(timezone=False), nullable=False),
    Column("replaced", Boolean, nullable=False),
    Column("data", LargeBinary, nullable=False),
    *_audit(),
)

PERSON_TABLES: tuple[Table, ...] = (
    entries,
    sessions,
    measures,
    plans,
    experiments,
    backups,
    journals,
)
