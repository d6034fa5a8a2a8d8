"""Check kinds: one module each, registered in all_kinds.KINDS."""
