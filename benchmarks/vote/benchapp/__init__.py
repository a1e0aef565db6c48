"""The bare-view ceiling for `make bench-vote`, installed only by benchmarks/vote/settings.py."""
