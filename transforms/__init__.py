"""Pure polars steps: parse -> normalize -> validate-ready frames. No network, disk, clock or environment."""
