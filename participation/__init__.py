"""Residents' voice: proposals (usulan warga), complaints on a working-day clock (pengaduan)
and needs surveys.
"""
