"""Leadership's side: the organisation file, leaders' identities, the inbox."""
