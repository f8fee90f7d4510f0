"""Reporters: each turns results into one output format and knows nothing of licences."""
