"""The document base: numbered procedure sheets and documents, versions, approval, readings."""
