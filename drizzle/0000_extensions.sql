-- Trigram indexes back the contains-search on names and emails.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
