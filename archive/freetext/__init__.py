"""Free text typed around a testimony (case titles and descriptions, item titles): who may read it as typed,
and the redacted form every other reader gets, computed once by the pipeline when the text or the case's
pseudonym vault changes."""
