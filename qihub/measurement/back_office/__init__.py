"""The QI team's back office for measures: the measure itself (a snippet, with its rebases and
annotations), recording and correcting its data one point at a time, uploading a file of it, and
the integration tokens that write it through the API."""
