"""The organisation file: what leadership signs (document), and what this
computer joined and pinned (joined). Below feedback/ in the layer order so a
grievance can find whom to seal to without reaching into leadership/."""
