-- Trigram search on names, e-mails and phones. PGlite loads the extension in the client.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
