"""Judging quality: checks that raise issues, metrics and reports."""
