"""The app's version, as pyproject.toml states it (a test keeps the two the same); printed on
the clinician report so a reader knows which rules made it."""

VERSION = "0.1.0"
