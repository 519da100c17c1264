"""Pure disclosure core: report workflow, deadlines, restatement diff. No Django."""
