"""Everything that speaks Vitec, and nothing else."""
