"""The journal in PostgreSQL: many people on one service, each seeing only their own rows.

``PgJournal`` (journal.py) is the ``Journal`` interface over a database: the same frame changes
as the CSV journal (days.py, sessions.py), checked the same way (written as the journal's CSV
and read back) and saved in one transaction per write. tables.py names the tables,
database.py connects (as the app's role, the person set in each transaction for row-level
security), frames.py turns rows into the journal's frames and back, migrate.py runs the
Alembic migrations in migrations/ (as the owner of the tables).
"""
