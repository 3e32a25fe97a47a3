"""Views: panels (state-years, dyad-years) and yearly networks built from the store."""
