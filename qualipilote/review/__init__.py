"""The annual quality review: assembled from every app's sections, as PDF and DOCX."""
