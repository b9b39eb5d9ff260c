"""Evaluation against the real-report gold (tests/gold): ``python -m pipeline.eval``."""
