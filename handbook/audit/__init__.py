"""Auditing calls after the fact: transcripts and call logs against the handbook's red lines.

One concern per module: reading transcripts a call at a time (calls), following a call as a conversation
(conversation), reading a call log and its limits (calllog), turning all of it into findings with their
rules, citations and lawful entries (auditor), and adding them up into the terminal summary, JSON and the
offline HTML report (report). The command is handbook/tools/cli/audit.py; the formats are docs/audit.md.
"""
