"""What editors, reviewers and release managers run: the `handbook` command (cli), canonical formatting
(fmt), the review report of a change (review), release notes, the offline zip (package), the nginx
configuration (deploy) and the printed call cards (cardprint).
"""
