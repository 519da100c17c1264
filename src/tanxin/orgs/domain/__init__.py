"""Pure rules of the directory: kinds, roles, who may do what, enterprise import validation."""
