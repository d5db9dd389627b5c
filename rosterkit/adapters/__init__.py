"""Adapters: files and frames in and out; they use the model and rules layers only."""
