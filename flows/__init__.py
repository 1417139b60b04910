"""Prefect flows and their tasks: the only place that orchestrates. See flows/pipeline.py for the one stage
pipeline every entry point (ingest, recovery, replay, quarantine retry) calls."""
