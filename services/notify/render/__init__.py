"""Chat texts: sandboxed Jinja2 templates and each language's catalogue of short texts."""
