"""Data contracts: column specs of every table and the great-expectations suites that guard them."""
