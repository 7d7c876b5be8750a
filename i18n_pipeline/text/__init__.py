"""Text before and after the model: sentences, masking, language ID, plural samples."""
