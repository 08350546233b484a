"""The interactive conversations: the interview, amend's conversation, a
party's review of what they added, drafts kept and resumed, setup's questions."""
