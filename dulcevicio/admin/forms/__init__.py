"""Admin forms, one module per resource; shared fields in `fields`."""
