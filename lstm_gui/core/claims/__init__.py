"""The tutorial's claims put to the test: experiments, verdicts, cost timings, references."""
