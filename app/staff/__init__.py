"""Broker staff: accounts, the audit log, reference data for manual entry."""
