"""Page views, one module per area; each calls the same services as the API."""
