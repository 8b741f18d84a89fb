"""Signals the partners app sends for apps above it (accountability) to subscribe to.

`pledge_delivered` is sent once per pledge, after the transaction that marks it
delivered commits (`transaction.on_commit`), with these keyword arguments only (plain
values, so the receiver needs no partners model):

    pledge_id      int       the pledge; receivers use it to stay idempotent
    program_id     int|None  the ProgramPage page id the need belongs to
    area_id        int|None  the pages.Area of the need (RW or kelurahan)
    partner_id     int       the pages.Partner who delivered
    source_kind    str       "csr" for a company, "ngo" for an NGO/donor, "community",
                             "government", "university" (the partner's kind)
    value          int       whole rupiah: the cash delivered, or the goods' value
    unit           str       "" for cash; for goods or people e.g. "mesin jahit", "sesi"
    quantity       int|None  None for cash
    delivered_on   date      the delivery date (Asia/Jakarta)
    description    str       a short Indonesian description ("10 mesin jahit dari ...")
    evidence_url   str       the evidence document's URL, or ""

The accountability app turns it into funding and a ledger entry; partners never
imports accountability.
"""

from django.dispatch import Signal

pledge_delivered = Signal()
