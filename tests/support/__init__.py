"""What the tests and the benchmarks both use to start the app and the browser: a `streamlit
run` on a free localhost port (server.py) and headless Chromium through Playwright
(browser.py); and, for the browser tests, emptying the journal folder of a server that keeps
running (folders.py). bench/ imports from here; nothing here imports from bench/ or pytest."""
