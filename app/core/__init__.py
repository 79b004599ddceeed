"""What every room uses and no domain owns: time, the database, sealing, logs."""
