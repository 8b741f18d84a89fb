"""The two search engines. Both implement `search(params)` and `suggest(q, limit)`."""
