"""Per-program eligibility rules with their legal basis, the one rule engine and the self-
check (Cek kelayakan).
"""
