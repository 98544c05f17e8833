"""The letters (文书): which document each action issues, what it must say (domain.md §3, §5),
the context a template is rendered with, and the element checker that reads a letter back.
"""
