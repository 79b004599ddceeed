"""The broker staff's pages: login, desk, manual entry, erase, statistics, audit log."""
