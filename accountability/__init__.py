"""Accountability: funding lines, the append-only ledger, indicators, dashboards,
/transparansi/ and open data (/data/).
"""
