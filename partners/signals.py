"""Signals the partners app sends for apps above it (accountability) to subscribe to.

`pledge_delivered` is sent once, after the transaction that marks a pledge delivered
commits: `pledge_delivered.send(sender=Pledge, pledge=pledge)`. The pledge carries its
need (program, area), its partner, and the delivered cash amount (whole rupiah) or the
goods' unit, quantity and value. The accountability app turns it into ledger funding;
partners never imports accountability.
"""

from django.dispatch import Signal

pledge_delivered = Signal()
