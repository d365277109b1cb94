"""What pages share, in modules of one idea each (see docs/ARCHITECTURE.md). This room is the
only one of the package that imports Streamlit."""
