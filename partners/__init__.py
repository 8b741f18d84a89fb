"""Partners' collaboration: the needs board, pledges tracked to delivery, partner accounts
and the Open Referral (HSDS 3.1) API.
"""
